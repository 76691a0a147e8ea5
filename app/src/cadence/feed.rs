//! The iCalendar feed of one plan or of many (RFC 5545), written with the `icalendar`
//! crate: reviews as one recurring event in the plan's zone, skipped meetings as EXDATE,
//! moved ones as their own event with RECURRENCE-ID; milestones, action due dates and
//! the target date as all-day events. UIDs are stable, and SEQUENCE counts the changes
//! the plan's history holds for each event.

use std::collections::HashMap;

use chrono::{DateTime, Days, Duration, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use icalendar::parser::{Component as Raw, Property as RawProperty};
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, Event, EventLike};

use super::series::Series;
use crate::domain::cadence::Change;
use crate::domain::edit::Field;
use crate::domain::{PlanDetail, WorkStatus};

/// How the history names a change to each event: the feed's SEQUENCE is how many there are.
pub type Changes = HashMap<String, i64>;

/// One plan as its feed needs it: with its history's change counts and the owners its
/// review series invites.
pub struct FeedPlan {
    pub plan: PlanDetail,
    pub changes: Changes,
    pub invited: Vec<i64>,
}

/// The changes whose names satisfy `belongs`.
fn sequence(changes: &Changes, belongs: impl Fn(&str) -> bool) -> u32 {
    let count: i64 = changes
        .iter()
        .filter(|(field, _)| belongs(field))
        .map(|(_, n)| *n)
        .sum();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// The history's names of the fields the review series is made of.
fn series_fields() -> Vec<String> {
    [
        Field::CadenceFrequency,
        Field::CadenceWeekday,
        Field::CadenceTime,
        Field::CadenceTimeZone,
        Field::CadenceMinutes,
        Field::CadenceStartsOn,
        Field::CadenceEndsOn,
        Field::CadenceLink,
        Field::PlanTitle,
    ]
    .iter()
    .map(|f| f.label().to_lowercase())
    .collect()
}

const ICS_TIME: &str = "%Y%m%dT%H%M%S";

/// The feed's text: a calendar of the plans given, each with the history's change counts.
pub fn feed(name: &str, plans: &[FeedPlan], host: &str) -> String {
    without_stamps_in_zones(&calendar(name, plans, host).to_string())
}

/// The crate (0.17) gives every component it writes a DTSTAMP and a UID, time zones too;
/// RFC 5545 (3.6.5) allows neither in a VTIMEZONE, and strict readers refuse them there.
/// Both are short lines (never folded), so they are dropped line by line.
fn without_stamps_in_zones(text: &str) -> String {
    let mut in_zone = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive("\r\n") {
        match line.trim_end() {
            "BEGIN:VTIMEZONE" => in_zone = true,
            "END:VTIMEZONE" => in_zone = false,
            _ => {}
        }
        if in_zone && (line.starts_with("DTSTAMP:") || line.starts_with("UID:")) {
            continue;
        }
        out.push_str(line);
    }
    out
}

fn calendar(name: &str, plans: &[FeedPlan], host: &str) -> Calendar {
    let mut calendar = Calendar::new();
    calendar.name(name);
    let mut zones: Vec<Tz> = Vec::new();
    for FeedPlan {
        plan,
        changes,
        invited,
    } in plans
    {
        if let Some(series) = Series::of(plan) {
            if !zones.contains(&series.zone) {
                zones.push(series.zone);
                calendar.push(vtimezone(series.zone, &series));
            }
            for mut event in reviews(plan, &series, changes, host) {
                for person in invited.iter().filter_map(|id| plan.person(Some(*id))) {
                    if person.email.is_empty() {
                        continue;
                    }
                    // A parameter value cannot hold a double quote (RFC 5545, 3.2).
                    let name =
                        format!("{} {}", person.first_name, person.last_name).replace('"', "");
                    event.attendee(
                        icalendar::Attendee::new(format!("mailto:{}", person.email))
                            .cn(name.trim().to_string()),
                    );
                }
                calendar.push(event);
            }
        }
        for event in dated(plan, changes, host) {
            calendar.push(event);
        }
    }
    calendar.done()
}

fn zoned(local: NaiveDateTime, zone: Tz) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: local,
        tzid: zone.name().to_string(),
    }
}

/// The review series, and one event for each meeting moved.
fn reviews(plan: &PlanDetail, series: &Series, changes: &Changes, host: &str) -> Vec<Event> {
    let uid = format!("plan-{}-reviews@{host}", plan.id);
    // After a change of the rule, it starts at its first meeting from then on; the
    // meetings held before are events of their own, as they took place.
    let first = match series.since {
        None => series.first_day().and_time(series.time),
        Some(since) => match series.between(since, since + Duration::days(400), &[]) {
            Ok(ahead) => match ahead.iter().find(|o| !o.moved && o.start >= since) {
                Some(o) => o.local,
                None => return held_events(plan, series, host),
            },
            Err(_) => return held_events(plan, series, host),
        },
    };
    let length = Duration::minutes(series.minutes);
    let summary = format!("Review: {}", plan.title);
    let fields = series_fields();
    let mut rule = format!("RRULE:{}", series.rule());
    if let Some(end) = series.ends_on {
        // UNTIL is UTC when DTSTART has a zone: the end of the last day, there.
        let until =
            series.instant((end + Days::new(1)).and_time(NaiveTime::MIN)) - Duration::seconds(1);
        rule.push_str(&format!(";UNTIL={}Z", until.format(ICS_TIME)));
    }
    let mut main = Event::new();
    main.uid(&uid)
        .summary(&summary)
        .starts(zoned(first, series.zone))
        .ends(zoned(first + length, series.zone))
        .add_property("RRULE", rule.trim_start_matches("RRULE:"))
        .sequence(sequence(changes, |f| fields.iter().any(|s| s == f)));
    if !plan.schedule.link.is_empty() {
        main.location(&plan.schedule.link);
    }
    let mut events = Vec::new();
    for exception in &plan.review_exceptions {
        let original = exception.occurs_on.and_time(series.time);
        let name = format!("review of {}", exception.occurs_on);
        match exception.change {
            Change::Skipped => {
                let mut exdate =
                    icalendar::Property::new("EXDATE", original.format(ICS_TIME).to_string());
                exdate.add_parameter("TZID", series.zone.name());
                main.append_multi_property(exdate);
            }
            Change::Moved(to) => {
                let mut moved = Event::new();
                let mut recurrence = icalendar::Property::new(
                    "RECURRENCE-ID",
                    original.format(ICS_TIME).to_string(),
                );
                recurrence.add_parameter("TZID", series.zone.name());
                moved
                    .uid(&uid)
                    .summary(&summary)
                    .starts(zoned(to, series.zone))
                    .ends(zoned(to + length, series.zone))
                    .sequence(sequence(changes, |f| f == name))
                    .append_property(recurrence);
                if !plan.schedule.link.is_empty() {
                    moved.location(&plan.schedule.link);
                }
                events.push(moved.done());
            }
        }
    }
    events.insert(0, main.done());
    events.extend(held_events(plan, series, host));
    events
}

/// The meetings a series held before its rule last changed, each an event of its own.
fn held_events(plan: &PlanDetail, series: &Series, host: &str) -> Vec<Event> {
    series
        .held
        .iter()
        .map(|held| {
            let mut event = Event::new();
            event
                .uid(&format!(
                    "plan-{}-review-{}@{host}",
                    plan.id, held.occurs_on
                ))
                .summary(&format!("Review: {}", plan.title))
                .starts(zoned(held.local, series.zone))
                .ends(zoned(held.local + (held.end - held.start), series.zone))
                .sequence(0);
            event.done()
        })
        .collect()
}

/// Milestones, action due dates and the target date, each an all-day event.
fn dated(plan: &PlanDetail, changes: &Changes, host: &str) -> Vec<Event> {
    let state = |status: WorkStatus| match status {
        WorkStatus::Done => " (done)",
        _ => "",
    };
    let mut events = Vec::new();
    for m in &plan.milestones {
        if let Some(due) = m.due_on {
            let prefix = format!("milestone {}:", m.id);
            events.push(
                Event::new()
                    .uid(&format!("milestone-{}@{host}", m.id))
                    .summary(&format!(
                        "Milestone: {}{} · {}",
                        m.title,
                        state(m.status),
                        plan.title
                    ))
                    .all_day(due)
                    .sequence(sequence(changes, |f| f.starts_with(&prefix)))
                    .done(),
            );
        }
    }
    for a in &plan.actions {
        if let Some(due) = a.due_on {
            let prefix = format!("action {}:", a.id);
            events.push(
                Event::new()
                    .uid(&format!("action-{}@{host}", a.id))
                    .summary(&format!(
                        "Action due: {}{} · {}",
                        a.text,
                        state(a.status),
                        plan.title
                    ))
                    .all_day(due)
                    .sequence(sequence(changes, |f| f.starts_with(&prefix)))
                    .done(),
            );
        }
    }
    if let Some(target) = &plan.target {
        let fields: Vec<String> = [Field::TargetOn, Field::TargetAmount, Field::TargetCurrency]
            .iter()
            .map(|f| f.label().to_lowercase())
            .collect();
        events.push(
            Event::new()
                .uid(&format!("plan-{}-target@{host}", plan.id))
                .summary(&format!(
                    "Target date: {} {} · {}",
                    target.amount, target.currency, plan.title
                ))
                .all_day(target.due_on)
                .sequence(sequence(changes, |f| fields.iter().any(|s| s == f)))
                .done(),
        );
    }
    events
}

/// An offset as RFC 5545 writes it: "+0100", "-0430".
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// One change of a zone's offset: when (UTC), from and to which offset, its name, and
/// whether the new offset is daylight time.
struct Transition {
    at: DateTime<Utc>,
    from: i32,
    to: i32,
    name: String,
    daylight: bool,
}

/// The offset changes of `zone` in `[from, to)`, as chrono-tz's database has them: found a
/// day at a time, then to the minute.
fn transitions(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    // Whole minutes since the epoch: offsets change on a minute.
    let instant = |minute: i64| DateTime::from_timestamp(minute * 60, 0).unwrap_or(from);
    let offset = |minute: i64| zone.offset_from_utc_datetime(&instant(minute).naive_utc());
    let seconds = |minute: i64| offset(minute).fix().local_minus_utc();
    const DAY: i64 = 24 * 60;
    let (start, end) = (from.timestamp() / 60, to.timestamp() / 60);
    let mut found = Vec::new();
    let mut day = start - start.rem_euclid(DAY);
    while day < end {
        let next = day + DAY;
        if seconds(day) != seconds(next) {
            // The first minute of the new offset: it is in (before, after].
            let (mut before, mut after) = (day, next);
            while after - before > 1 {
                let middle = before + (after - before) / 2;
                if seconds(middle) == seconds(before) {
                    before = middle;
                } else {
                    after = middle;
                }
            }
            let changed = offset(after);
            found.push(Transition {
                at: instant(after),
                from: seconds(before),
                to: seconds(after),
                name: changed.abbreviation().unwrap_or("").to_string(),
                daylight: !changed.dst_offset().is_zero(),
            });
        }
        day = next;
    }
    found
}

/// The plan's zone as a VTIMEZONE: each offset change from a year before the series
/// starts to five years after it ends (or from now, for a series without an end).
fn vtimezone(zone: Tz, series: &Series) -> CalendarComponent {
    let start = series.instant(series.starts_on.and_time(NaiveTime::MIN)) - Duration::days(366);
    let end = series
        .ends_on
        .map(|end| series.instant(end.and_time(NaiveTime::MIN)))
        .unwrap_or_else(Utc::now)
        .max(Utc::now())
        + Duration::days(5 * 366);
    let owned = |key: &'static str, value: String| RawProperty {
        name: key.into(),
        val: value.into(),
        params: vec![],
    };
    let mut observances: Vec<Raw<'static>> = transitions(zone, start, end)
        .into_iter()
        .map(|t| {
            // DTSTART is the local time the change happens at, on the clock before it.
            let local = (t.at + Duration::seconds(i64::from(t.from))).naive_utc();
            Raw {
                name: if t.daylight { "DAYLIGHT" } else { "STANDARD" }.into(),
                properties: vec![
                    owned("DTSTART", local.format(ICS_TIME).to_string()),
                    owned("TZOFFSETFROM", offset_text(t.from)),
                    owned("TZOFFSETTO", offset_text(t.to)),
                    owned("TZNAME", t.name),
                ],
                components: vec![],
            }
        })
        .collect();
    if observances.is_empty() {
        // A zone without changes still needs one observance: its only offset.
        let offset = zone.offset_from_utc_datetime(&start.naive_utc());
        let seconds = offset.fix().local_minus_utc();
        observances.push(Raw {
            name: "STANDARD".into(),
            properties: vec![
                owned("DTSTART", "19700101T000000".into()),
                owned("TZOFFSETFROM", offset_text(seconds)),
                owned("TZOFFSETTO", offset_text(seconds)),
                owned("TZNAME", offset.abbreviation().unwrap_or("").to_string()),
            ],
            components: vec![],
        });
    }
    CalendarComponent::from(Raw {
        name: "VTIMEZONE".into(),
        properties: vec![owned("TZID", zone.name().to_string())],
        components: observances,
    })
}

#[cfg(test)]
mod tests;
