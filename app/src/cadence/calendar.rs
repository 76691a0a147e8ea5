//! A plan's calendar for one window, filled on the server: the review meetings its series
//! holds there, milestones, action due dates, the days open actions stall, the target.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};

use super::moment::{today_of, zone_of};
use super::series::Series;
use crate::domain::cadence::Change;
use crate::domain::calendar::{
    review_href, CalendarDay, Item, ItemKind, Mark, PlanCalendar, Window,
};
use crate::domain::edit::{field_id, Field};
use crate::domain::health::stall_days;
use crate::domain::{PlanDetail, PlanMode, Side, WorkStatus};

/// The plan's calendar for `window`, as it stands at `now`.
pub fn plan_calendar(
    plan: &PlanDetail,
    window: Window,
    now: DateTime<Utc>,
) -> Result<PlanCalendar, rrule::RRuleError> {
    let today = today_of(plan, now);
    let (first, last) = (window.first_day(), window.last_day());
    let mut dated: Vec<(NaiveDate, Item)> = Vec::new();
    let series = Series::of(plan);
    if let Some(series) = &series {
        let from = series.instant(first.and_time(NaiveTime::MIN));
        let to = series.instant((last + Days::new(1)).and_time(NaiveTime::MIN));
        for o in series.between(from, to, &plan.review_exceptions)? {
            let marks = if o.moved { vec![Mark::Moved] } else { vec![] };
            let item = Item {
                kind: ItemKind::Review,
                title: format!("Review of {}", o.occurs_on.format("%-d %b %Y")),
                href: review_href(plan.id, o.occurs_on),
                start: Some(o.start),
                local: Some(o.local),
                marks,
            };
            dated.push((o.local.date(), item));
        }
        for e in &plan.review_exceptions {
            if e.change == Change::Skipped && (first..=last).contains(&e.occurs_on) {
                let item = Item {
                    kind: ItemKind::Review,
                    title: format!("Review of {}", e.occurs_on.format("%-d %b %Y")),
                    href: review_href(plan.id, e.occurs_on),
                    start: None,
                    local: None,
                    marks: vec![Mark::Skipped],
                };
                dated.push((e.occurs_on, item));
            }
        }
    }
    let editor = |field, row| format!("/plans/{}#{}", plan.id, field_id(field, row));
    let done_or_late = |status: WorkStatus, due: NaiveDate| match status {
        WorkStatus::Done => vec![Mark::Done],
        _ if due < today => vec![Mark::Overdue],
        _ => vec![],
    };
    for m in &plan.milestones {
        if let Some(due) = m.due_on {
            dated.push((
                due,
                Item {
                    kind: ItemKind::Milestone,
                    title: m.title.clone(),
                    href: editor(Field::MilestoneDueOn, Some(m.id)),
                    start: None,
                    local: None,
                    marks: done_or_late(m.status, due),
                },
            ));
        }
    }
    // A mutual action plan hides the partner's actions, as its health does.
    let shown = |side: Side| plan.mode != PlanMode::MutualActionPlan || side != Side::Partner;
    let zone = zone_of(plan);
    for a in plan.actions.iter().filter(|a| shown(a.side)) {
        if let Some(due) = a.due_on {
            dated.push((
                due,
                Item {
                    kind: ItemKind::ActionDue,
                    title: a.text.clone(),
                    href: editor(Field::ActionDueOn, Some(a.id)),
                    start: None,
                    local: None,
                    marks: done_or_late(a.status, due),
                },
            ));
        }
        if a.status != WorkStatus::Done {
            let threshold = stall_days(plan, a.side, a.partner_id);
            let stalls_at = a.updated_at + chrono::Duration::days(threshold + 1);
            let stalls_on = match zone {
                Some(zone) => stalls_at.with_timezone(&zone).date_naive(),
                None => stalls_at.date_naive(),
            };
            let marks = if stalls_at <= now {
                vec![Mark::Stalled]
            } else {
                vec![]
            };
            dated.push((
                stalls_on,
                Item {
                    kind: ItemKind::StallDay,
                    title: a.text.clone(),
                    href: editor(Field::ActionStatus, Some(a.id)),
                    start: None,
                    local: None,
                    marks,
                },
            ));
        }
    }
    if let Some(target) = &plan.target {
        dated.push((
            target.due_on,
            Item {
                kind: ItemKind::Target,
                title: format!("{} {}", target.amount, target.currency),
                href: editor(Field::TargetOn, None),
                start: None,
                local: None,
                marks: vec![],
            },
        ));
    }
    let days = window
        .days()
        .into_iter()
        .map(|date| {
            let mut items: Vec<Item> = dated
                .iter()
                .filter(|(on, _)| *on == date)
                .map(|(_, item)| item.clone())
                .collect();
            items.sort_by_key(|i| (i.local, i.kind as u8));
            CalendarDay { date, items }
        })
        .collect();
    let series_words = match (&series, &plan.cadence) {
        (Some(s), _) => s.words(),
        (None, None) => "No review cadence is set yet.".into(),
        (None, Some(_)) => "Set the date the reviews start from to see the meetings.".into(),
    };
    Ok(PlanCalendar {
        plan_id: plan.id,
        title: plan.title.clone(),
        window,
        today,
        zone: zone.map(|z| z.name().to_string()).unwrap_or_default(),
        series: series_words,
        days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::Span;
    use crate::domain::sample;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn items_on(calendar: &PlanCalendar, date: &str) -> Vec<String> {
        calendar
            .days
            .iter()
            .find(|d| d.date == day(date))
            .map(|d| d.items.iter().map(|i| i.words()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_month_holds_reviews_milestones_due_dates_stall_days_and_the_target() {
        let now = utc("2026-03-11T10:00:00Z");
        let mut plan = sample::two_partner_plan(now);
        plan.schedule.starts_on = Some(day("2026-03-03"));
        let cadence = plan.cadence.as_mut().unwrap();
        cadence.frequency = crate::domain::Frequency::Biweekly;
        cadence.weekday = chrono::Weekday::Tue;
        cadence.time = NaiveTime::from_hms_opt(10, 0, 0).unwrap();
        cadence.time_zone = "Europe/Berlin".into();
        plan.review_exceptions = vec![crate::domain::cadence::Exception {
            occurs_on: day("2026-03-17"),
            change: Change::Moved(day("2026-03-18").and_hms_opt(14, 0, 0).unwrap()),
        }];
        let action = &mut plan.actions[0];
        action.due_on = Some(day("2026-03-09"));
        action.status = WorkStatus::InProgress;
        action.updated_at = utc("2026-03-01T09:00:00Z");
        let action_text = action.text.clone();
        let window = Window {
            span: Span::Month,
            day: day("2026-03-11"),
        };
        let calendar = plan_calendar(&plan, window, now).unwrap();
        assert_eq!(calendar.days.len(), 42, "six weeks: 23 Feb to 5 Apr");
        assert_eq!(calendar.today, day("2026-03-11"));
        let reviews_on = |date| -> Vec<String> {
            items_on(&calendar, date)
                .into_iter()
                .filter(|i| i.starts_with("Review"))
                .collect()
        };
        assert_eq!(reviews_on("2026-03-03"), ["Review 10:00"]);
        // Moved to Wednesday: it shows there, and not on the Tuesday the series gave it.
        assert_eq!(reviews_on("2026-03-18"), ["Review 14:00 (moved)"]);
        assert!(reviews_on("2026-03-17").is_empty());
        assert_eq!(reviews_on("2026-03-31"), ["Review 10:00"]);
        assert!(items_on(&calendar, "2026-03-09")
            .contains(&format!("Action due: {action_text} (overdue)")));
        // Updated on the 1st: it stalls the day after its side's threshold has passed.
        let threshold = stall_days(&plan, plan.actions[0].side, plan.actions[0].partner_id);
        let stalls_on = day("2026-03-01") + Days::new(threshold as u64 + 1);
        let stall = if stalls_on <= calendar.today {
            format!("Stalls: {action_text} (stalled)")
        } else {
            format!("Stalls: {action_text}")
        };
        assert!(items_on(&calendar, &stalls_on.to_string()).contains(&stall));
        assert!(calendar.series.starts_with("Every two weeks on Tuesday"));
    }

    #[test]
    fn a_skipped_review_says_so_on_its_day() {
        let now = utc("2026-03-11T10:00:00Z");
        let mut plan = sample::two_partner_plan(now);
        plan.schedule.starts_on = Some(day("2026-03-02"));
        let cadence = plan.cadence.as_mut().unwrap();
        cadence.frequency = crate::domain::Frequency::Weekly;
        cadence.weekday = chrono::Weekday::Mon;
        plan.review_exceptions = vec![crate::domain::cadence::Exception {
            occurs_on: day("2026-03-09"),
            change: Change::Skipped,
        }];
        let window = Window {
            span: Span::Week,
            day: day("2026-03-11"),
        };
        let calendar = plan_calendar(&plan, window, now).unwrap();
        assert_eq!(calendar.days.len(), 7);
        assert_eq!(
            items_on(&calendar, "2026-03-09"),
            ["Review: Review of 9 Mar 2026 (skipped)"]
        );
    }
}
