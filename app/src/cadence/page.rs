//! `/plans/:id/calendar`: the plan's month or week. The window lives in the URL
//! (`?view=week&day=2026-12-01`), so previous, next and today are plain links that work
//! before (and without) the script; once hydrated, the month is an APG date grid.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::grid::MonthGrid;
use super::plan_calendar;
use crate::components::PageTitle;
use crate::domain::calendar::{CalendarDay, Item, PlanCalendar, Span, Window};
use crate::plan::PlanNotFound;

/// The day the month grid should focus once it is drawn: set when a key left the month
/// shown, so the next month's grid takes the focus where the key put it. Lives above the
/// page's data, which is loaded again for the next month.
#[derive(Clone, Copy)]
pub(super) struct Refocus(pub RwSignal<Option<NaiveDate>>);

#[component]
pub fn CalendarPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let source = move || {
        let id = params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok());
        let query = query.read();
        let span = Span::from_query(query.get("view").as_deref());
        let day = query.get("day").and_then(|d| d.parse::<NaiveDate>().ok());
        (id, span, day)
    };
    let calendar = crate::page_data::page_data(source, |(id, span, day)| async move {
        match id {
            Some(id) => plan_calendar(id, span, day).await,
            None => Err(crate::error::AppError::NotFound.here()),
        }
    });
    provide_context(Refocus(RwSignal::new(None)));
    view! {
        // A transition: the month shown stays (and keeps the focus and the keys) while the
        // next one loads.
        <Transition fallback=|| view! { <p>"Loading the calendar…"</p> }>
            {move || Suspend::new(async move {
                match calendar.await {
                    Ok(calendar) => view! { <Calendar calendar/> }.into_any(),
                    Err(error) => view! { <PlanNotFound error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Calendar(calendar: PlanCalendar) -> impl IntoView {
    let PlanCalendar {
        plan_id,
        title,
        window,
        today,
        zone,
        series,
        days,
    } = calendar;
    let noun = match window.span {
        Span::Month => "month",
        Span::Week => "week",
    };
    let today_window = Window {
        span: window.span,
        day: today,
    };
    let other_span = |span: Span| {
        Window {
            span,
            day: window.day,
        }
        .href(plan_id)
    };
    let current = |span: Span| (span == window.span).then_some("page");
    let zone_note = (!zone.is_empty()).then(|| {
        view! { <p class="muted">"Meeting times are in the plan's zone, " {zone.clone()} ", with yours beside them where it differs."</p> }
    });
    view! {
        <PageTitle text=format!("Calendar: {title}")/>
        <header class="plan-header">
            <p class="crumbs">
                <a href="/plans">"Plans"</a> " › "
                <a href=format!("/plans/{plan_id}")>{title.clone()}</a>
            </p>
            <h1>"Calendar: " {title.clone()}</h1>
            <p>{series}</p>
            {zone_note}
        </header>
        <section class="part calendar" aria-labelledby="calendar-title">
            <div class="calendar-bar">
                <h2 id="calendar-title">{window.title()}</h2>
                <nav aria-label=format!("Move through the {noun}s")>
                    <a class="button small" href=window.previous().href(plan_id)>{format!("Previous {noun}")}</a>
                    <a class="button small" href=today_window.href(plan_id)>"Today"</a>
                    <a class="button small" href=window.next().href(plan_id)>{format!("Next {noun}")}</a>
                </nav>
                <nav aria-label="Calendar view">
                    <a class="button small" aria-current=current(Span::Month) href=other_span(Span::Month)>"Month"</a>
                    <a class="button small" aria-current=current(Span::Week) href=other_span(Span::Week)>"Week"</a>
                </nav>
            </div>
            {match window.span {
                Span::Month => view! {
                    <MonthGrid plan_id window today days=days.clone() zone=zone.clone()/>
                    <DayList days=days.into_iter().filter(|d| window.in_month(d.date)).collect() zone today class="day-list phone-only"/>
                }.into_any(),
                Span::Week => view! { <DayList days zone today class="day-list week"/> }.into_any(),
            }}
        </section>
        <super::subscribe::FeedLinks plan_id/>
    }
}

/// Days as a list, each with its items: the week view, and the month on a phone (only
/// the days that hold something).
#[component]
fn DayList(
    days: Vec<CalendarDay>,
    zone: String,
    today: NaiveDate,
    class: &'static str,
) -> impl IntoView {
    let week = class.contains("week");
    let shown: Vec<CalendarDay> = days
        .into_iter()
        .filter(|d| week || !d.items.is_empty())
        .collect();
    if shown.is_empty() {
        return view! { <p class=format!("{class} muted")>"Nothing this month."</p> }.into_any();
    }
    view! {
        <ol class=class>
            {shown.into_iter().map(|day| view! {
                <li aria-current=(day.date == today).then_some("date")>
                    <h3>
                        {day.date.format("%A %-d %B").to_string()}
                        {(day.date == today).then(|| view! { <span class="today-word">" (today)"</span> })}
                    </h3>
                    <DayItems items=day.items zone=zone.clone() tab_stops=true/>
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// A day's items, each a link to its detail, saying what it is and how it stands.
#[component]
pub(super) fn DayItems(
    items: Vec<Item>,
    zone: String,
    #[prop(into)] tab_stops: Signal<bool>,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted">"Nothing on this day."</p> }.into_any();
    }
    view! {
        <ul class="day-items">
            {items.into_iter().map(|item| {
                let class = format!(
                    "{}{}",
                    item.kind.class(),
                    if item.needs_attention() { " attention" } else { "" }
                );
                let yours = your_time(&item, &zone);
                view! {
                    <li class=class>
                        <a href=item.href.clone() tabindex=move || (!tab_stops.get()).then_some("-1")>
                            {item.words()}
                        </a>
                        {move || yours.get().map(|t| view! { <span class="muted">{format!(" ({t} your time)")}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A meeting's start on the viewer's clock, once the page runs in a browser whose zone is
/// not the plan's: the browser's own `Intl` says it (the zone database stays out of the
/// bundle).
fn your_time(item: &Item, zone: &str) -> RwSignal<Option<String>> {
    let yours = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    if let (Some(start), Some(local)) = (item.start, item.local) {
        let zone = zone.to_string();
        // Said only where the viewer's clock shows another time than the plan's.
        let plans = local.format("%a %H:%M").to_string();
        Effect::new(move |_| {
            yours.set(super::meetings::viewer_time(start, &zone).filter(|t| *t != plans))
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (item, zone);
    yours
}
