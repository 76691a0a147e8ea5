//! Adding someone to a cell: a combobox (the WAI-ARIA Authoring Practices pattern with a
//! list of suggestions) offering the organisation's people whose name or email matches,
//! and, last, a new person of that name; picking a new person opens a short form.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::grid::GridState;
use super::{find_people, place_owner};
use crate::components::FieldMessage;
use crate::domain::limits::*;
use crate::domain::owners::{Cell, DirectoryPerson, NewOwner, NewPerson, Who};
use crate::domain::Person;
use crate::error::AppError;
use crate::plan::edit::SaveTracker;
use crate::plan::shape::Shape;

/// Typing pauses this long before the directory is asked.
const SEARCH_AFTER: Duration = Duration::from_millis(150);

#[derive(Clone, PartialEq)]
enum Choice {
    Known(DirectoryPerson),
    New(String),
}

/// A new person's fields, guessed from what was typed: an email, or "First Last".
fn new_person_from(text: &str) -> NewPerson {
    let text = text.trim();
    if text.contains('@') {
        return NewPerson {
            email: text.into(),
            ..NewPerson::default()
        };
    }
    let (first, last) = text.split_once(' ').unwrap_or((text, ""));
    NewPerson {
        first_name: first.trim().into(),
        last_name: last.trim().into(),
        ..NewPerson::default()
    }
}

#[component]
pub(super) fn PersonPicker(cell: Cell, people: Memo<Vec<Person>>) -> impl IntoView {
    let state = expect_context::<GridState>();
    let shape = Shape::get();
    let tracker = expect_context::<SaveTracker>();
    let plan_id = state.plan_id;
    let base = cell.element_id();
    let input_id = super::grid::adder_id(cell);
    let listbox_id = format!("{base}-suggestions");
    let text = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let matches = RwSignal::new(Vec::<DirectoryPerson>::new());
    let highlighted = RwSignal::new(None::<usize>);
    let new_person = RwSignal::new(None::<NewPerson>);
    let error = RwSignal::new(None::<AppError>);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let latest = StoredValue::new(0u32);

    let choices = Memo::new(move |_| {
        let here: Vec<i64> = people.with(|all| all.iter().map(|p| p.person_id).collect());
        let mut choices: Vec<Choice> = matches
            .get()
            .into_iter()
            .filter(|m| !here.contains(&m.id))
            .map(Choice::Known)
            .collect();
        let typed = text.get().trim().to_string();
        if !typed.is_empty() {
            choices.push(Choice::New(typed));
        }
        choices
    });
    let option_id = {
        let listbox_id = listbox_id.clone();
        move |at: usize| format!("{listbox_id}-{at}")
    };

    let search = move || {
        let query = text.get_untracked();
        let round = latest.get_value() + 1;
        latest.set_value(round);
        if query.trim().is_empty() {
            matches.set(vec![]);
            return;
        }
        spawn_local(async move {
            if let Ok(found) = find_people(plan_id, query).await {
                // Newest answer wins: an older one arriving late is dropped, and so is
                // one arriving after the grid left the page.
                if latest.try_get_value() == Some(round) {
                    matches.set(found);
                }
            }
        });
    };

    let place = move |who: Who| {
        spawn_local(async move {
            match place_owner(NewOwner { plan_id, cell, who }).await {
                Ok(owner) => {
                    error.set(None);
                    new_person.set(None);
                    text.set(String::new());
                    matches.set(vec![]);
                    open.set(false);
                    shape.people.update(|all| all.push(owner));
                    tracker.changed();
                    // Ready for the next person of the cell.
                    request_animation_frame(move || {
                        super::grid::focus_element(&super::grid::adder_id(cell))
                    });
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let pick = move |choice: Choice| match choice {
        Choice::Known(person) => place(Who::Existing(person.id)),
        Choice::New(typed) => {
            open.set(false);
            new_person.set(Some(new_person_from(&typed)));
            let first = format!("{}-new-first", cell.element_id());
            request_animation_frame(move || super::grid::focus_element(&first));
        }
    };

    let on_input = move |ev: leptos::ev::Event| {
        text.set(event_target_value(&ev));
        open.set(true);
        highlighted.set(None);
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        timer.set_value(set_timeout_with_handle(search, SEARCH_AFTER).ok());
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = choices.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                highlighted.update(|h| *h = Some(h.map_or(0, |h| (h + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                highlighted.update(|h| *h = Some(h.map_or(count - 1, |h| (h + count - 1) % count)));
            }
            "Enter" => {
                ev.prevent_default();
                // Enter takes the highlighted suggestion, or else the first one.
                let at = highlighted.get_untracked().unwrap_or(0);
                if let Some(choice) = choices.with_untracked(|c| c.get(at).cloned()) {
                    pick(choice);
                }
            }
            "Escape" if open.get_untracked() && count > 0 => {
                // The first Escape closes the list; the next leaves the cell.
                ev.prevent_default();
                ev.stop_propagation();
                open.set(false);
                highlighted.set(None);
            }
            "Escape" => text.set(String::new()),
            _ => {}
        }
    };
    let expanded = move || open.get() && choices.with(|c| !c.is_empty());
    let active = {
        let option_id = option_id.clone();
        move || {
            highlighted
                .get()
                .filter(|_| expanded())
                .map(&option_id)
                .unwrap_or_default()
        }
    };
    let label = move || {
        let role = state_role_label(cell);
        format!(
            "Add a person as {role}, {}",
            shape.side_name(cell.side, cell.partner_id)
        )
    };

    view! {
        <div class="picker">
            <label for=input_id.clone()>{label}</label>
            <input id=input_id type="text" role="combobox" autocomplete="off" maxlength=EMAIL_MAX
                aria-autocomplete="list" aria-controls=listbox_id.clone()
                aria-expanded=move || expanded().to_string() aria-activedescendant=active
                placeholder="Name or email"
                prop:value=move || text.get() on:input=on_input on:keydown=on_keydown/>
            <ul id=listbox_id role="listbox" class="suggestions" hidden=move || !expanded()
                aria-label="People of your organisation">
                {move || choices.get().into_iter().enumerate().map(|(at, choice)| {
                    let selected = move || highlighted.get() == Some(at);
                    let text = match &choice {
                        Choice::Known(p) if p.email.is_empty() => p.full_name(),
                        Choice::Known(p) => format!("{} — {}", p.full_name(), p.email),
                        Choice::New(typed) => format!("New person: {typed}"),
                    };
                    view! {
                        <li id=option_id(at) role="option" aria-selected=move || selected().to_string()
                            class:highlighted=selected
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| pick(choice.clone())>{text}</li>
                    }
                }).collect_view()}
            </ul>
            <p class="visually-hidden" role="status">{move || match (expanded(), choices.with(Vec::len)) {
                (false, _) => String::new(),
                (true, 1) => "1 suggestion: use the arrow keys to choose".to_string(),
                (true, n) => format!("{n} suggestions: use the arrow keys to choose"),
            }}</p>
            {move || error.get().filter(|e| !matches!(e.cause(), AppError::Invalid(_)) || new_person.with(Option::is_none))
                .map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
            {move || new_person.get().map(|person| view! {
                <NewPersonForm cell person error on_add=Callback::new(move |p| place(Who::New(p)))
                    on_cancel=Callback::new(move |_| {
                        new_person.set(None);
                        error.set(None);
                        super::grid::focus_element(&super::grid::adder_id(cell));
                    })/>
            })}
        </div>
    }
}

fn state_role_label(cell: Cell) -> String {
    let shape = Shape::get();
    match cell.role {
        crate::domain::owners::RoleRow::Standard(role) => role.label().to_string(),
        crate::domain::owners::RoleRow::Custom(id) => shape
            .roles
            .read_untracked()
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.label.clone())
            .unwrap_or_default(),
    }
}

/// Someone new to the organisation: both names, and an email and a job title if known.
/// What the server refuses keeps what was typed, with the reason beside the field.
#[component]
fn NewPersonForm(
    cell: Cell,
    person: NewPerson,
    error: RwSignal<Option<AppError>>,
    on_add: Callback<NewPerson>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let base = format!("{}-new", cell.element_id());
    let first = RwSignal::new(person.first_name);
    let last = RwSignal::new(person.last_name);
    let email = RwSignal::new(person.email);
    let title = RwSignal::new(person.title);
    let field = move |name: &'static str,
                      label: &'static str,
                      value: RwSignal<String>,
                      max: usize| {
        let id = format!("{base}-{}", name.replace("_name", "").replace('_', "-"));
        let message_id = format!("{id}-message");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id type="text" maxlength=max prop:value=move || value.get()
                    aria-describedby=message_id.clone()
                    aria-invalid=move || error.with(|e| e.as_ref().and_then(|e| e.field_message(name)).is_some()).to_string()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
                <div id=message_id><FieldMessage error field=name/></div>
            </div>
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let person = NewPerson {
            first_name: first.get_untracked(),
            last_name: last.get_untracked(),
            email: email.get_untracked(),
            title: title.get_untracked(),
        };
        // The browser's check spares a round trip; the server checks again.
        match person.validate() {
            Ok(()) => on_add.run(person),
            Err(invalid) => error.set(Some(AppError::Invalid(invalid))),
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            // Cancelling the form is this Escape's whole work.
            ev.prevent_default();
            ev.stop_propagation();
            on_cancel.run(());
        }
    };
    view! {
        <form class="new-person" on:submit=submit on:keydown=on_keydown aria-label="New person">
            {field("first_name", "First name", first, PERSON_NAME_MAX)}
            {field("last_name", "Last name", last, PERSON_NAME_MAX)}
            {field("email", "Email", email, EMAIL_MAX)}
            {field("title", "Job title", title, SHORT_TEXT_MAX)}
            <button type="submit">"Add person"</button>
            " "
            <button type="button" class="quiet" on:click=move |_| on_cancel.run(())>"Cancel"</button>
        </form>
    }
}
