//! A cell of the owners grid being edited: each of its people (names, email, job title,
//! accountable, remove) and the combobox that adds someone.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::grid::{remove_owner, GridState};
use super::picker::PersonPicker;
use super::set_accountable;
use crate::domain::edit::Field;
use crate::domain::limits::*;
use crate::domain::owners::{AccountableOutcome, Cell};
use crate::domain::Person;
use crate::plan::edit::{EditableField, Input, SaveTracker};
use crate::plan::shape::Shape;

#[component]
pub(super) fn CellEditor(cell: Cell, people: Memo<Vec<Person>>) -> impl IntoView {
    let state = expect_context::<GridState>();
    view! {
        <div class="cell-editor">
            <For each=move || people.get() key=|p| p.id children=move |p: Person| view! {
                <PersonEditor plan_id=state.plan_id owner=p/>
            }/>
            <PersonPicker cell people/>
        </div>
    }
}

/// One owner of the cell, edited in place; their fields are the directory's person's, so a
/// correction reaches every plan they are on.
#[component]
fn PersonEditor(plan_id: i64, owner: Person) -> impl IntoView {
    let shape = Shape::get();
    let tracker = expect_context::<SaveTracker>();
    let id = owner.id;
    let person_id = owner.person_id;
    let (side, partner_id) = (owner.side, owner.partner_id);
    let name = move || {
        shape
            .people
            .read()
            .iter()
            .find(|p| p.id == id)
            .map(Person::full_name)
            .unwrap_or_default()
    };
    let saved = move |field: Field| {
        Callback::new(move |value: String| shape.update_person(person_id, field, &value))
    };
    let accountable = move || {
        shape
            .people
            .read()
            .iter()
            .any(|p| p.id == id && p.accountable)
    };
    let accountable_error = RwSignal::new(None::<String>);
    let remove_error = RwSignal::new(None::<String>);
    let party = move || shape.side_name(side, partner_id);

    let toggle = move |ev: leptos::ev::Event| {
        let checked = event_target_checked(&ev);
        let expected = shape.people.with_untracked(|all| {
            all.iter()
                .find(|p| p.side == side && p.partner_id == partner_id && p.accountable)
                .map(|p| p.id)
        });
        let owner = checked.then_some(id);
        spawn_local(async move {
            let outcome = set_accountable(plan_id, expected, owner).await;
            let now = match outcome {
                Ok(AccountableOutcome::Saved) => {
                    accountable_error.set(None);
                    tracker.changed();
                    owner
                }
                Ok(AccountableOutcome::Conflict { accountable }) => {
                    let theirs = shape.people.with_untracked(|all| {
                        accountable
                            .and_then(|a| all.iter().find(|p| p.id == a))
                            .map(Person::full_name)
                    });
                    accountable_error.set(Some(match theirs {
                        Some(name) => format!("Someone else made {name} the accountable owner meanwhile; this shows theirs."),
                        None => "Someone else cleared the accountable owner meanwhile; this shows theirs.".into(),
                    }));
                    accountable
                }
                Err(e) => {
                    accountable_error.set(Some(e.to_string()));
                    expected
                }
            };
            shape.people.update(|all| {
                for p in all
                    .iter_mut()
                    .filter(|p| p.side == side && p.partner_id == partner_id)
                {
                    p.accountable = Some(p.id) == now;
                }
            });
        });
    };
    let checkbox_id = format!("accountable-{id}");

    view! {
        <fieldset class="person-editor" id=format!("person-{id}")>
            <legend>{name}</legend>
            <div class="fields-grid">
                <EditableField plan_id field=Field::PersonFirstName row=id initial=owner.first_name.clone()
                    label="First name" input=Input::Text { max: PERSON_NAME_MAX } on_saved=saved(Field::PersonFirstName)/>
                <EditableField plan_id field=Field::PersonLastName row=id initial=owner.last_name.clone()
                    label="Last name" input=Input::Text { max: PERSON_NAME_MAX } on_saved=saved(Field::PersonLastName)/>
                <EditableField plan_id field=Field::PersonEmail row=id initial=owner.email.clone()
                    label="Email" input=Input::Text { max: EMAIL_MAX } on_saved=saved(Field::PersonEmail)/>
                <EditableField plan_id field=Field::PersonTitle row=id initial=owner.title.clone()
                    label="Job title" input=Input::Text { max: SHORT_TEXT_MAX } on_saved=saved(Field::PersonTitle)/>
            </div>
            <p class="check">
                <input type="checkbox" id=checkbox_id.clone() prop:checked=accountable on:change=toggle/>
                <label for=checkbox_id>{move || format!("Accountable owner for {}", party())}</label>
            </p>
            {move || accountable_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <button type="button" class="small quiet" on:click=move |_| remove_owner(plan_id, id, remove_error)>
                {move || format!("Remove {} from this cell", name())}
            </button>
            {move || remove_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </fieldset>
    }
}
