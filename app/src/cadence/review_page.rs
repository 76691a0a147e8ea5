//! `/plans/:id/reviews/:day`: one review meeting, opened from the calendar. It says what
//! changed since the review before, and holds the meeting's log: who attended, notes,
//! blockers and next moves (saved like every field), and a next move made a joint
//! action in one step.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::checklist::PeopleChecklist;
use super::{log_review, next_move_action, review_detail};
use crate::components::PageTitle;
use crate::domain::calendar::{Span, Window};
use crate::domain::edit::{field_id, Field};
use crate::domain::limits::SHORT_TEXT_MAX;
use crate::domain::review::{Attendee, NextMoveAction, Party, People, ReviewDetail};
use crate::domain::{ReviewLog, Side};
use crate::plan::edit::{SaveState, SaveTracker};
use crate::plan::PlanNotFound;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
    let source = move || {
        let params = params.read();
        let id = params.get("id").and_then(|id| id.parse::<i64>().ok());
        let day = params.get("day").and_then(|d| d.parse::<NaiveDate>().ok());
        (id, day)
    };
    let detail = crate::page_data::page_data(source, |(id, day)| async move {
        match (id, day) {
            (Some(id), Some(day)) => review_detail(id, day).await,
            _ => Err(crate::error::AppError::NotFound.here()),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p>"Loading the review…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <Review detail/> }.into_any(),
                    Err(error) => view! { <PlanNotFound error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Review(detail: ReviewDetail) -> impl IntoView {
    SaveTracker::provide();
    let ReviewDetail {
        plan_id,
        plan_title,
        meeting_on,
        meeting,
        zone,
        begun,
        log,
        attended,
        people,
        parties,
        previous,
        changes,
    } = detail;
    let week = Window {
        span: Span::Week,
        day: meeting_on,
    };
    let name = format!("Review of {}", meeting_on.format("%a %-d %b %Y"));
    let when = match &meeting {
        Some(m) => format!(
            "{} ({zone}){}",
            m.local.format("%a %-d %b %Y, %H:%M"),
            if m.moved { ", moved" } else { "" }
        ),
        None => "This meeting was skipped.".to_string(),
    };
    let since = match previous {
        Some(day) => format!(
            "What changed since the last review ({})",
            day.format("%-d %b")
        ),
        None => "What changed since the reviews began".to_string(),
    };
    let changed = if changes.is_empty() {
        view! { <p class="muted">"Nothing changed in that time."</p> }.into_any()
    } else {
        view! {
            <ul class="changes">
                {changes.into_iter().map(|c| view! { <li><a href=c.href>{c.text}</a></li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let log = RwSignal::new(log);
    view! {
        <PageTitle text=format!("{name}: {plan_title}")/>
        <header class="plan-header">
            <p class="crumbs">
                <a href="/plans">"Plans"</a> " › "
                <a href=format!("/plans/{plan_id}")>{plan_title.clone()}</a> " › "
                <a href=week.href(plan_id)>"Calendar"</a>
            </p>
            <h1>{name.clone()}</h1>
            <p>{when}</p>
            <SaveState/>
        </header>
        <section class="part" aria-labelledby="changes-title">
            <h2 id="changes-title">{since}</h2>
            {changed}
        </section>
        <section class="part" aria-labelledby="log-title">
            <h2 id="log-title">"Review log"</h2>
            {move || match log.get() {
                Some(review) => view! {
                    <ReviewLogFields plan_id review=review.clone() people=people.clone() attended=attended.clone()/>
                    <NextMoveForm plan_id review_id=review.id parties=parties.clone() people=people.clone()/>
                }.into_any(),
                None if begun => view! { <OpenLog plan_id meeting_on log/> }.into_any(),
                None => view! { <p class="muted">"This review can be logged once its meeting has begun."</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn OpenLog(plan_id: i64, meeting_on: NaiveDate, log: RwSignal<Option<ReviewLog>>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let open = move |_| {
        spawn_local(async move {
            match log_review(plan_id, meeting_on).await {
                Ok(review) => log.set(Some(review)),
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    view! {
        <p>"Not logged yet. "
            <button type="button" on:click=open>"Log this review"</button>
        </p>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
    }
}

#[component]
fn ReviewLogFields(
    plan_id: i64,
    review: ReviewLog,
    people: Vec<Attendee>,
    attended: Vec<i64>,
) -> impl IntoView {
    let list = People::Attended {
        review_id: review.id,
    };
    view! {
        <PeopleChecklist plan_id list legend="Who attended" people checked=attended/>
        <super::reviews::ReviewTexts plan_id review label="The meeting's notes".to_string()/>
    }
}

/// "Vendor", or "partner 3": a party as the form's select names it.
fn party_key(side: Side, partner_id: Option<i64>) -> String {
    match partner_id {
        Some(id) => format!("{}-{id}", side.as_str()),
        None => side.as_str().to_string(),
    }
}

#[component]
fn NextMoveForm(
    plan_id: i64,
    review_id: i64,
    parties: Vec<Party>,
    people: Vec<Attendee>,
) -> impl IntoView {
    let first = parties
        .first()
        .map(|p| party_key(p.side, p.partner_id))
        .unwrap_or_default();
    let party = RwSignal::new(first);
    let text = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let added = RwSignal::new(None::<(i64, String)>);
    let parties = StoredValue::new(parties);
    let people = StoredValue::new(people);
    let chosen = move || {
        parties.with_value(|all| {
            all.iter()
                .find(|p| party_key(p.side, p.partner_id) == party.get())
                .cloned()
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = chosen() else { return };
        let new = NextMoveAction {
            plan_id,
            review_id,
            side: chosen.side,
            partner_id: chosen.partner_id,
            text: text.get_untracked(),
            owner_id: owner.get_untracked().parse().ok(),
            due_on: due.get_untracked().parse().ok(),
        };
        spawn_local(async move {
            match next_move_action(new.clone()).await {
                Ok(id) => {
                    error.set(None);
                    added.set(Some((id, new.text)));
                    text.set(String::new());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form class="next-move" on:submit=submit>
            <h3>"Make a next move a joint action"</h3>
            <div class="fields-grid">
                <div class="field">
                    <label for="next-move-text">"Next move"</label>
                    <input id="next-move-text" type="text" maxlength=SHORT_TEXT_MAX required
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="next-move-party">"For"</label>
                    <select id="next-move-party" on:change=move |ev| { party.set(event_target_value(&ev)); owner.set(String::new()); }>
                        {parties.get_value().into_iter().map(|p| {
                            let key = party_key(p.side, p.partner_id);
                            view! { <option value=key.clone() selected=move || party.get() == key>{p.label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="next-move-owner">"Owner"</label>
                    <select id="next-move-owner" prop:value=move || owner.get() on:change=move |ev| owner.set(event_target_value(&ev))>
                        <option value="">"Nobody yet"</option>
                        {move || {
                            let label = chosen().map(|p| p.label).unwrap_or_default();
                            people.with_value(|all| all.iter().filter(|a| a.party == label).cloned().collect::<Vec<_>>())
                                .into_iter()
                                .map(|a| view! { <option value=a.owner_id.to_string()>{a.name}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="field">
                    <label for="next-move-due">"Due date"</label>
                    <input id="next-move-due" type="date" prop:value=move || due.get()
                        on:input=move |ev| due.set(event_target_value(&ev))/>
                </div>
            </div>
            <button type="submit">"Add as a joint action"</button>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <p role="status">
                {move || added.get().map(|(id, text)| view! {
                    "Added to the joint actions: "
                    <a href=format!("/plans/{plan_id}#{}", field_id(Field::ActionText, Some(id)))>{text}</a>
                })}
            </p>
        </form>
    }
}
