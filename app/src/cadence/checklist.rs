//! A list of the plan's owners to tick: those the review series invites (in the plan's
//! Cadence part) and those who attended one review (on its page). Each tick is saved at
//! once, and put back with the reason if the server refuses it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{series_invitees, set_on_list};
use crate::domain::review::{Attendee, People};
use crate::plan::edit::after_each_change;

#[component]
pub(super) fn PeopleChecklist(
    plan_id: i64,
    list: People,
    legend: &'static str,
    people: Vec<Attendee>,
    checked: Vec<i64>,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let prefix = match list {
        People::Invited => "invited".to_string(),
        People::Attended { review_id } => format!("attended-{review_id}"),
    };
    let boxes = if people.is_empty() {
        view! { <p class="muted">"The plan has no owners yet: name them in the owners grid."</p> }
            .into_any()
    } else {
        people
            .into_iter()
            .map(|p| {
                let id = format!("{prefix}-{}", p.owner_id);
                let on = RwSignal::new(checked.contains(&p.owner_id));
                let owner_id = p.owner_id;
                let who = p.name.clone();
                let toggle = move |ev: leptos::ev::Event| {
                    let now = event_target_checked(&ev);
                    on.set(now);
                    let who = who.clone();
                    spawn_local(async move {
                        match set_on_list(plan_id, list, owner_id, now).await {
                            Ok(()) => status.set(format!("Saved: {who} {}.", said(list, now))),
                            Err(e) => {
                                on.set(!now);
                                status.set(format!("Not saved: {e}"));
                            }
                        }
                    });
                };
                view! {
                    <div class="check">
                        <input type="checkbox" id=id.clone() prop:checked=move || on.get() on:change=toggle/>
                        <label for=id>{format!("{} ({})", p.name, p.party)}</label>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <fieldset class="people-checklist">
            <legend>{legend}</legend>
            {boxes}
            <p class="muted" role="status">{move || status.get()}</p>
        </fieldset>
    }
}

fn said(list: People, on: bool) -> &'static str {
    match (list, on) {
        (People::Invited, true) => "invited to the reviews",
        (People::Invited, false) => "no longer invited",
        (People::Attended { .. }, true) => "attended",
        (People::Attended { .. }, false) => "did not attend",
    }
}

/// Who the review series invites, in the plan's Cadence part: asked once the page runs,
/// and again after each change (a new owner can be invited at once).
#[component]
pub fn SeriesInvitees(plan_id: i64) -> impl IntoView {
    let answer = after_each_change(move || series_invitees(plan_id));
    let list = move || {
        match answer.get() {
        None => view! { <p class="muted">"Loading who is invited…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="field-error">{e.to_string()}</p> }.into_any(),
        Some(Ok((people, invited))) => view! {
            <PeopleChecklist plan_id list=People::Invited legend="Invited to the reviews" people checked=invited/>
        }
        .into_any(),
    }
    };
    view! { <div class="series-invitees">{list}</div> }
}
