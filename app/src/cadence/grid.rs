//! The month as a WAI-ARIA APG date grid, once the page is hydrated: one tab stop (the
//! focused day), arrows move a day or a week, Page Up/Down a month, Home/End to the
//! week's ends, Enter opens the day below the grid. Before that (or without the script)
//! it is a plain table whose day numbers link to their week.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::page::{DayItems, Refocus};
use crate::domain::calendar::{day_after_key, day_in_words, CalendarDay, Span, Window};

/// A day's cell, named with the month its grid shows: while the next month loads, the
/// last month's grid (whose outside days may be the same dates) is still in the page, and
/// the focus must go to the new grid's cell, not to one about to be removed.
fn cell_id(month: Window, day: NaiveDate) -> String {
    format!("day-{day}-in-{}", month.day.format("%Y-%m"))
}

#[component]
pub(super) fn MonthGrid(
    plan_id: i64,
    window: Window,
    today: NaiveDate,
    days: Vec<CalendarDay>,
    zone: String,
) -> impl IntoView {
    let live = RwSignal::new(false);
    let focused = RwSignal::new(window.day);
    let awaiting_focus = RwSignal::new(false);
    let opened = RwSignal::new(None::<CalendarDay>);
    let refocus = expect_context::<Refocus>().0;
    let navigate = use_navigate();
    let to_month = move |day: NaiveDate| {
        let month = Window {
            span: Span::Month,
            day,
        };
        navigate(&month.href(plan_id), Default::default());
    };
    // Effects run in the browser only, once the page is hydrated: then the grid is live.
    // A grid drawn because a key left the last month takes the focus where the keys put
    // it; keys pressed faster than the months load may have moved on, to another month.
    Effect::new({
        let to_month = to_month.clone();
        move |_| {
            live.set(true);
            if let Some(day) = refocus.get_untracked() {
                if window.in_month(day) {
                    refocus.set(None);
                    focused.set(day);
                    awaiting_focus.set(true);
                    focus_when_drawn(window, focused, awaiting_focus, FRAMES_TO_DRAW);
                } else {
                    to_month(day);
                }
            }
        }
    });
    // Keys pressed after the last month's grid left the page and before this one has the
    // focus land on the page itself: they move the day this grid is about to focus.
    #[cfg(feature = "hydrate")]
    {
        let to_month = to_month.clone();
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let on_page = document().active_element().is_none_or(|element| {
                document().body().is_some_and(|body| {
                    AsRef::<leptos::web_sys::Element>::as_ref(&body) == &element
                })
            });
            if !on_page || !awaiting_focus.try_get_untracked().unwrap_or(false) {
                return;
            }
            let Some(next) = day_after_key(focused.get_untracked(), &ev.key()) else {
                return;
            };
            ev.prevent_default();
            if window.in_month(next) {
                focused.set(next);
            } else {
                awaiting_focus.set(false);
                refocus.set(Some(next));
                to_month(next);
            }
        });
        on_cleanup(move || handle.remove());
    }
    let all = StoredValue::new(days.clone());
    let open = move |day: NaiveDate| {
        let found = all.with_value(|all| all.iter().find(|d| d.date == day).cloned());
        opened.set(found);
        #[cfg(feature = "hydrate")]
        request_animation_frame(|| {
            if let Some(heading) = document().get_element_by_id("opened-day") {
                use leptos::wasm_bindgen::JsCast;
                if let Ok(heading) = heading.dyn_into::<leptos::web_sys::HtmlElement>() {
                    let _ = heading.focus();
                }
            }
        });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        let pending = refocus.get_untracked();
        if key == "Enter" || key == " " {
            ev.prevent_default();
            if pending.is_none() {
                open(focused.get_untracked());
            }
            return;
        }
        let from = pending.unwrap_or_else(|| focused.get_untracked());
        let Some(next) = day_after_key(from, &key) else {
            return;
        };
        ev.prevent_default();
        if pending.is_some() {
            // A month is loading: it will go on to this day when it is drawn.
            refocus.set(Some(next));
        } else if window.in_month(next) {
            focused.set(next);
            focus_cell(window, next);
        } else {
            refocus.set(Some(next));
            to_month(next);
        }
    };
    let weeks: Vec<Vec<CalendarDay>> = days.chunks(7).map(|w| w.to_vec()).collect();
    let headers = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    view! {
        <table class="month-grid" role=move || live.get().then_some("grid")
            aria-labelledby="calendar-title"
            aria-describedby=move || live.get().then_some("month-grid-keys")
            on:keydown=on_key>
            <thead>
                <tr>
                    {headers.into_iter().map(|name| view! {
                        <th scope="col" abbr=name>{name[..3].to_string()}</th>
                    }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {weeks.into_iter().map(|week| view! {
                    <tr>
                        {week.into_iter().map(|day| {
                            let date = day.date;
                            let words = day_in_words(&day);
                            let outside = !window.in_month(date);
                            let class = format!(
                                "day{}{}",
                                if outside { " outside" } else { "" },
                                if date == today { " today" } else { "" }
                            );
                            let week_href = Window { span: Span::Week, day: date }.href(plan_id);
                            view! {
                                <td id=cell_id(window, date) class=class
                                    role=move || live.get().then_some("gridcell")
                                    tabindex=move || live.get().then(|| if focused.get() == date { "0" } else { "-1" })
                                    aria-selected=move || live.get().then(|| (focused.get() == date).to_string())
                                    aria-label=move || live.get().then(|| words.clone())
                                    aria-current=(date == today).then_some("date")
                                    on:click=move |_| {
                                        focused.set(date);
                                        open(date);
                                    }>
                                    // The link's name begins with what it shows (WCAG 2.5.3).
                                    <a class="day-number" href=week_href
                                        tabindex=move || live.get().then_some("-1")>
                                        {date.day()}
                                        {(date == today).then(|| view! { <span class="today-word">" today"</span> })}
                                        <span class="visually-hidden">{format!(": the week of {}", date.format("%A %-d %B"))}</span>
                                    </a>
                                    {(!day.items.is_empty()).then(|| view! {
                                        <DayItems items=day.items zone=zone.clone() tab_stops=Signal::derive(move || !live.get())/>
                                    })}
                                </td>
                            }
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        // Said only once the keys work.
        {move || live.get().then(|| view! {
            <p id="month-grid-keys" class="muted keys-help">
                "In the month, arrow keys move a day or a week, Page Up and Page Down a month, "
                "Home and End to the ends of the week; Enter opens the day."
            </p>
        })}
        <div class="opened-day" aria-live="polite">
            {move || opened.get().map(|day| view! {
                <h3 id="opened-day" tabindex="-1">{day.date.format("%A %-d %B %Y").to_string()}</h3>
                <DayItems items=day.items zone=zone.clone() tab_stops=true/>
            })}
        </div>
    }
}

/// Puts the keyboard focus on the focused day's cell once the grid that holds it is in the
/// page: a month drawn after a navigation is mounted a frame or more after its effects run
/// (more on a busy phone). The day is read when the cell is there: keys pressed meanwhile
/// may have moved it.
fn focus_when_drawn(
    month: Window,
    focused: RwSignal<NaiveDate>,
    awaiting: RwSignal<bool>,
    frames: u8,
) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        let (Some(day), Some(true)) = (focused.try_get_untracked(), awaiting.try_get_untracked())
        else {
            return;
        };
        if document().get_element_by_id(&cell_id(month, day)).is_some() {
            awaiting.set(false);
            focus_cell(month, day);
        } else if frames > 0 {
            focus_when_drawn(month, focused, awaiting, frames - 1);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (month, focused, awaiting, frames);
}

/// About two seconds of frames: a grid not drawn by then has been navigated away from.
const FRAMES_TO_DRAW: u8 = 120;

/// Puts the keyboard focus on a day's cell, if it is drawn.
fn focus_cell(month: Window, day: NaiveDate) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(cell) = document().get_element_by_id(&cell_id(month, day)) {
            if let Ok(cell) = cell.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = cell.focus();
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (month, day);
}
