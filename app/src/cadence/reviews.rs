//! The review log, in the plan's Cadence part: the meetings of the last weeks, latest
//! first, each with its log (notes, blockers, next moves) or a button that opens one.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{log_review, past_meetings};
use crate::domain::cadence::Occurrence;
use crate::domain::edit::Field;
use crate::domain::limits::LONG_TEXT_MAX;
use crate::domain::ReviewLog;
use crate::plan::edit::{after_each_change, EditableField, Input, SaveTracker};

/// How many past meetings the part lists.
const SHOWN: usize = 3;

#[derive(Clone, PartialEq)]
enum Listing {
    Loading,
    Failed(String),
    Empty,
    Some,
}

#[component]
pub fn PastReviews(plan_id: i64, reviews: Vec<ReviewLog>) -> impl IntoView {
    let logs = RwSignal::new(reviews);
    let meetings = after_each_change(move || past_meetings(plan_id));
    let shown = Memo::new(move |_| match meetings.get() {
        Some(Ok(past)) => past.into_iter().take(SHOWN).collect::<Vec<_>>(),
        _ => vec![],
    });
    // What the part shows changes only when this does: the fields typed into stay.
    let listing = Memo::new(move |_| match meetings.get() {
        None => Listing::Loading,
        Some(Err(e)) => Listing::Failed(e.to_string()),
        Some(Ok(past)) if past.is_empty() => Listing::Empty,
        Some(Ok(_)) => Listing::Some,
    });
    view! {
        <div class="past-reviews" role="group" aria-labelledby="past-reviews-title">
            <h3 id="past-reviews-title">"Review log"</h3>
            {move || match listing.get() {
                Listing::Loading => view! { <p class="muted">"Loading the past reviews…"</p> }.into_any(),
                Listing::Failed(e) => view! { <p class="field-error">{e}</p> }.into_any(),
                Listing::Empty => view! { <p class="muted">"No review has taken place yet."</p> }.into_any(),
                // Keyed: a meeting that begins meanwhile leaves the others' fields alone.
                Listing::Some => view! {
                    <ul class="reviews">
                        <For each=move || shown.get() key=|o| o.occurs_on
                            children=move |o| view! { <PastReview plan_id occurrence=o logs/> }/>
                    </ul>
                }
                .into_any(),
            }}
        </div>
    }
}

#[component]
fn PastReview(
    plan_id: i64,
    occurrence: Occurrence,
    logs: RwSignal<Vec<ReviewLog>>,
) -> impl IntoView {
    let tracker = expect_context::<SaveTracker>();
    let day = occurrence.occurs_on;
    let error = RwSignal::new(None::<String>);
    // A memo, so another meeting's log opening does not redraw (and reset) this one's fields.
    let log =
        Memo::new(move |_| logs.with(|all| all.iter().find(|r| r.meeting_on == day).cloned()));
    let open = move |_| {
        spawn_local(async move {
            match log_review(plan_id, day).await {
                Ok(review) => {
                    error.set(None);
                    logs.update(|all| {
                        if !all.iter().any(|r| r.id == review.id) {
                            all.push(review);
                        }
                    });
                    tracker.changed();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let title = format!(
        "Review of {}",
        occurrence.local.format("%a %-d %b %Y, %H:%M")
    );
    view! {
        <li>
            <h4><a href=crate::domain::calendar::review_href(plan_id, day)>{title.clone()}</a></h4>
            {move || match log.get() {
                Some(review) => view! { <ReviewTexts plan_id review label=title.clone()/> }.into_any(),
                None => view! {
                    <p class="muted">"Not logged yet. "
                        <button type="button" class="small" on:click=open>
                            {format!("Log the review of {}", day.format("%-d %b"))}
                        </button>
                    </p>
                }
                .into_any(),
            }}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </li>
    }
}

/// A review's notes, blockers and next moves, each saved like every field: in the plan's
/// review log and on the review's own page.
#[component]
pub(super) fn ReviewTexts(plan_id: i64, review: ReviewLog, label: String) -> impl IntoView {
    view! {
        <div class="fields-grid" role="group" aria-label=label>
            <EditableField plan_id field=Field::ReviewNotes row=review.id initial=review.notes.clone()
                label="Notes" input=Input::LongText { max: LONG_TEXT_MAX }/>
            <EditableField plan_id field=Field::ReviewBlockers row=review.id initial=review.blockers.clone()
                label="Blockers" input=Input::LongText { max: LONG_TEXT_MAX }/>
            <EditableField plan_id field=Field::ReviewNextMoves row=review.id initial=review.next_moves.clone()
                label="Next moves" input=Input::LongText { max: LONG_TEXT_MAX }/>
        </div>
    }
}
