//! Around the grid: copying a party's emails for a meeting invite, the CSV download, and
//! the plan's custom roles.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{add_role, remove_role};
use crate::components::copy_text;
use crate::domain::limits::PERSON_NAME_MAX;
use crate::domain::owners::RoleRow;
use crate::domain::Side;
use crate::plan::edit::SaveTracker;
use crate::plan::shape::Shape;

#[component]
pub(super) fn GridTools(plan_id: i64) -> impl IntoView {
    let shape = Shape::get();
    // Which party's emails were copied last (the button says so), and what to announce.
    let copied = RwSignal::new(None::<(Side, Option<i64>)>);
    let status = RwSignal::new(String::new());
    let copy = move |side: Side, partner_id: Option<i64>| {
        let mut emails: Vec<String> = shape.people.with_untracked(|all| {
            all.iter()
                .filter(|p| p.side == side && p.partner_id == partner_id)
                .map(|p| p.email.trim().to_string())
                .filter(|e| !e.is_empty())
                .collect()
        });
        emails.dedup();
        let party = shape.side_name(side, partner_id);
        if emails.is_empty() {
            copied.set(None);
            status.set(format!("{party} has no emails to copy."));
            return;
        }
        let count = emails.len();
        spawn_local(async move {
            if copy_text(emails.join(", ")).await {
                copied.set(Some((side, partner_id)));
                status.set(format!(
                    "Copied {count} {party} email{}.",
                    if count == 1 { "" } else { "s" }
                ));
            } else {
                copied.set(None);
                status.set(
                    "The browser did not let the page copy; select the emails in the grid instead."
                        .into(),
                );
            }
        });
    };
    view! {
        <div class="grid-tools" role="group" aria-label="Owners grid tools">
            <For each=move || shape.sides() key=|s| *s children=move |(side, partner_id)| {
                let done = move || copied.get() == Some((side, partner_id));
                view! {
                    <button type="button" class="small js-only" class:copied=done on:click=move |_| copy(side, partner_id)>
                        {move || if done() { "✓ Copied: ".to_string() } else { "Copy emails: ".to_string() }}
                        {move || shape.side_name(side, partner_id)}
                    </button>
                }
            }/>
            <a class="button small" href=format!("/plans/{plan_id}/owners.csv") download>"Download the grid (CSV)"</a>
            <p class="muted" role="status" aria-live="polite">{move || status.get()}</p>
        </div>
    }
}

/// The rows the plan adds to the standard roles: add one, remove an empty one.
#[component]
pub(super) fn CustomRoles(plan_id: i64) -> impl IntoView {
    let shape = Shape::get();
    let tracker = expect_context::<SaveTracker>();
    let label = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = label.get_untracked();
        spawn_local(async move {
            match add_role(plan_id, text).await {
                Ok(role) => {
                    error.set(None);
                    label.set(String::new());
                    shape.roles.update(|all| all.push(role));
                    tracker.changed();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let remove = move |id: i64| {
        spawn_local(async move {
            match remove_role(plan_id, id).await {
                Ok(()) => {
                    error.set(None);
                    shape.roles.update(|all| all.retain(|r| r.id != id));
                    tracker.changed();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let in_use = move |id: i64| {
        shape
            .people
            .read()
            .iter()
            .any(|p| p.role == RoleRow::Custom(id))
    };
    view! {
        <div class="custom-roles">
            <h2>"Roles of this plan"</h2>
            <p class="muted">{move || if shape.roles.with(Vec::is_empty) {
                "Only the standard roles so far. Add one for a role the rows above lack."
            } else {
                "Added to the standard roles; a role with nobody in it can go."
            }}</p>
            <ul>
                <For each=move || shape.roles.get() key=|r| r.id children=move |role| {
                    let id = role.id;
                    let name = role.label.clone();
                    view! {
                        <li>
                            {role.label.clone()}
                            " "
                            <button type="button" class="small quiet" on:click=move |_| remove(id)
                                title=move || in_use(id).then_some("Remove its people first")>
                                {format!("Remove role {name}")}
                            </button>
                        </li>
                    }
                }/>
            </ul>
            <form class="inline-form js-only" on:submit=submit>
                <label for="new-role">"New role"</label>
                <input id="new-role" type="text" maxlength=PERSON_NAME_MAX prop:value=move || label.get()
                    aria-describedby="new-role-message" on:input=move |ev| label.set(event_target_value(&ev))/>
                <button type="submit">"Add role"</button>
                <div id="new-role-message">
                    {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </div>
            </form>
        </div>
    }
}
