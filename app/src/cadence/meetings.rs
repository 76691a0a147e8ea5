//! The next review meetings of a plan, in its Cadence part: the series in words, each
//! meeting in the plan's time (and the viewer's, where it differs), to skip, move or put
//! back one at a time.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{change_meeting, review_meetings};
use crate::domain::cadence::{Change, MeetingEdit, MeetingOutcome, Meetings, Occurrence};
use crate::plan::edit::{after_each_change, SaveTracker};

/// How many meetings the part lists.
const SHOWN: usize = 4;

#[component]
pub fn NextMeetings(plan_id: i64) -> impl IntoView {
    let tracker = expect_context::<SaveTracker>();
    // The cadence fields shape the series: asked again after every change.
    let meetings = after_each_change(move || review_meetings(plan_id, None, None));
    let message = RwSignal::new(None::<String>);
    let change = move |occurs_on: NaiveDate, expected: Option<Change>, change: Option<Change>| {
        spawn_local(async move {
            let edit = MeetingEdit {
                plan_id,
                occurs_on,
                expected,
                change,
            };
            match change_meeting(edit).await {
                Ok(MeetingOutcome::Saved) => message.set(None),
                Ok(MeetingOutcome::Conflict { .. }) => message.set(Some(
                    "Someone else changed this meeting first; the list now shows theirs.".into(),
                )),
                Err(e) => message.set(Some(e.to_string())),
            }
            tracker.changed();
        });
    };
    view! {
        <div class="next-meetings" role="group" aria-labelledby="next-meetings-title">
            <h3 id="next-meetings-title">"Next reviews"</h3>
            {move || message.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            {move || match meetings.get() {
                None => view! { <p class="muted">"Loading the next reviews…"</p> }.into_any(),
                Some(Ok(meetings)) => view! { <MeetingList meetings change/> }.into_any(),
                Some(Err(e)) => view! { <p class="field-error">{e.to_string()}</p> }.into_any(),
            }}
        </div>
    }
}

/// "Tue 10 Mar 2026, 10:00": a local time as the page writes it.
fn written(local: NaiveDateTime) -> String {
    local.format("%a %-d %b %Y, %H:%M").to_string()
}

#[component]
fn MeetingList(
    meetings: Meetings,
    change: impl Fn(NaiveDate, Option<Change>, Option<Change>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let zone = meetings.zone.clone();
    let shown: Vec<Occurrence> = meetings.occurrences.into_iter().take(SHOWN).collect();
    // An empty list is a sentence, not an empty <ul> (which tachys 0.2.19 also fails to
    // hydrate: it expects a marker the server did not write).
    let list = if shown.is_empty() {
        view! { <p class="muted">"No meetings ahead."</p> }.into_any()
    } else {
        view! {
            <ul class="meetings">
                {shown.into_iter().map(|o| view! { <Meeting occurrence=o zone=zone.clone() change/> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <p>{meetings.words}</p>
        {list}
        {(!meetings.skipped.is_empty()).then(|| view! {
            <ul class="meetings skipped">
                {meetings.skipped.into_iter().map(|day| view! {
                    <li>
                        {format!("Skipped: the review of {}", day.format("%a %-d %b %Y"))} " "
                        <button type="button" class="small" on:click=move |_| change(day, Some(Change::Skipped), None)>
                            {format!("Put back the review of {}", day.format("%-d %b"))}
                        </button>
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn Meeting(
    occurrence: Occurrence,
    zone: String,
    change: impl Fn(NaiveDate, Option<Change>, Option<Change>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let day = occurrence.occurs_on;
    let current = occurrence.moved.then_some(Change::Moved(occurrence.local));
    let moving = RwSignal::new(false);
    let new_date = RwSignal::new(occurrence.local.date().to_string());
    let new_time = RwSignal::new(occurrence.local.format("%H:%M").to_string());
    let yours = RwSignal::new(None::<String>);
    // The viewer's own clock, where it is not the plan's: the browser's Intl says both.
    #[cfg(feature = "hydrate")]
    {
        let zone = zone.clone();
        let start = occurrence.start;
        let plans = occurrence.local.format("%a %H:%M").to_string();
        Effect::new(move |_| yours.set(viewer_time(start, &zone).filter(|t| *t != plans)));
    }
    let label = format!("the review of {}", day.format("%-d %b"));
    let move_to = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let date = new_date.get_untracked().parse::<NaiveDate>();
        let time = NaiveTime::parse_from_str(&new_time.get_untracked(), "%H:%M");
        if let (Ok(date), Ok(time)) = (date, time) {
            moving.set(false);
            change(day, current, Some(Change::Moved(date.and_time(time))));
        }
    };
    let date_id = format!("move-{day}-date");
    let time_id = format!("move-{day}-time");
    view! {
        <li>
            <time datetime=occurrence.start.to_rfc3339()>{written(occurrence.local)}</time>
            {format!(" ({zone})")}
            {move || yours.get().map(|t| format!(", {t} your time"))}
            {occurrence.moved.then(|| view! { <span class="badge">{format!("moved from {}", day.format("%-d %b"))}</span> })}
            <span class="meeting-actions">
                <button type="button" class="small" on:click=move |_| change(day, current, Some(Change::Skipped))>
                    {format!("Skip {label}")}
                </button>
                <button type="button" class="small" aria-expanded=move || moving.get().to_string()
                    on:click=move |_| moving.update(|m| *m = !*m)>{format!("Move {label}")}</button>
                {occurrence.moved.then(|| view! {
                    <button type="button" class="small" on:click=move |_| change(day, current, None)>
                        {format!("Put back {label}")}
                    </button>
                })}
            </span>
            <Show when=move || moving.get()>
                <form class="inline-form move-meeting" on:submit=move_to>
                    <label for=date_id.clone()>"New date"</label>
                    <input id=date_id.clone() type="date" prop:value=move || new_date.get()
                        on:input=move |ev| new_date.set(event_target_value(&ev))/>
                    <label for=time_id.clone()>"New time"</label>
                    <input id=time_id.clone() type="time" prop:value=move || new_time.get()
                        on:input=move |ev| new_time.set(event_target_value(&ev))/>
                    <button type="submit">"Move"</button>
                </form>
            </Show>
        </li>
    }
}

/// The instant as the viewer's clock shows it, if the viewer's zone is not `plan_zone`.
#[cfg(feature = "hydrate")]
pub(super) fn viewer_time(start: chrono::DateTime<chrono::Utc>, plan_zone: &str) -> Option<String> {
    use leptos::wasm_bindgen::JsValue;
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    let zone = js_sys::Reflect::get(&format.resolved_options(), &JsValue::from_str("timeZone"))
        .ok()?
        .as_string()?;
    if zone == plan_zone {
        return None;
    }
    let options = js_sys::Object::new();
    for (key, value) in [
        ("weekday", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        js_sys::Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value)).ok()?;
    }
    let date = js_sys::Date::new(&JsValue::from_f64(start.timestamp_millis() as f64));
    Some(String::from(date.to_locale_string("en-GB", &options)))
}
