//! The moment a plan is looked at, as its health needs it: today where its reviews take
//! place, and which review meetings have passed by now.

use chrono::{DateTime, Utc};

use super::series::Series;
use crate::domain::cadence::Occurrence;
use crate::domain::health::{At, PassedReviews};
use crate::domain::PlanDetail;

/// `now`, with the date in the plan's review zone (a review in Sydney is missed by
/// Sydney's calendar, not by UTC's) and the meetings its series has held by then.
pub fn moment(plan: &PlanDetail, now: DateTime<Utc>) -> At {
    let today = today_of(plan, now);
    let reviews = match (&plan.cadence, Series::of(plan)) {
        (None, _) => PassedReviews::NoSeries,
        (Some(_), None) if plan.schedule.starts_on.is_none() => PassedReviews::NoStartDate,
        // A zone that no longer parses: nothing can be counted (the field says why).
        (Some(_), None) => PassedReviews::NoSeries,
        (Some(_), Some(series)) => match series.passed(now, &plan.review_exceptions) {
            Ok(passed) => PassedReviews::Passed(passed.into_iter().map(|o| o.occurs_on).collect()),
            Err(error) => {
                tracing::error!(%error, plan = plan.id, "the review series does not expand");
                PassedReviews::NoSeries
            }
        },
    };
    At {
        now,
        today,
        reviews,
    }
}

/// The plan's review zone, where it has one that parses.
pub fn zone_of(plan: &PlanDetail) -> Option<chrono_tz::Tz> {
    plan.cadence
        .as_ref()
        .map(|c| c.time_zone.as_str())
        .or(plan.schedule.time_zone.as_deref())
        .and_then(|zone| zone.parse::<chrono_tz::Tz>().ok())
}

/// The date `now` is where the plan's reviews take place (UTC's without a zone).
pub fn today_of(plan: &PlanDetail, now: DateTime<Utc>) -> chrono::NaiveDate {
    match zone_of(plan) {
        Some(zone) => now.with_timezone(&zone).date_naive(),
        None => now.date_naive(),
    }
}

/// The plan's next review meeting from `now` (within a year), with the plan's zone.
pub fn next_review(plan: &PlanDetail, now: DateTime<Utc>) -> Option<(Occurrence, String)> {
    let series = Series::of(plan)?;
    let ahead = series
        .between(
            now,
            now + chrono::Duration::days(366),
            &plan.review_exceptions,
        )
        .ok()?;
    let next = ahead.into_iter().next()?;
    Some((next, series.zone.name().to_string()))
}

/// The first moment after `now` at which the plan's health or next review changes by the
/// clock alone, with nobody editing: a date passes where its reviews take place (a
/// milestone or an action falls overdue), an action's idle time crosses its threshold (and,
/// once stalled, each day it stays so), a review meeting starts or ends. Until then a summary of the plan stays true.
pub fn next_change(plan: &PlanDetail, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    use crate::domain::WorkStatus;
    let zone = zone_of(plan);
    let today = today_of(plan, now);
    // The moment a date is over where the plan's reviews take place. A zone that skips
    // its midnight (a daylight-saving jump) starts the day an hour later.
    let day_after = |date: chrono::NaiveDate| -> Option<DateTime<Utc>> {
        let midnight = date.succ_opt()?.and_hms_opt(0, 0, 0)?;
        match zone {
            None => Some(midnight.and_utc()),
            Some(zone) => {
                use chrono::TimeZone;
                [midnight, midnight + chrono::Duration::hours(1)]
                    .iter()
                    .find_map(|local| zone.from_local_datetime(local).earliest())
                    .map(|moment| moment.with_timezone(&Utc))
            }
        }
    };
    let due_dates = plan
        .milestones
        .iter()
        .filter(|m| m.status != WorkStatus::Done)
        .filter_map(|m| m.due_on)
        .chain(
            plan.actions
                .iter()
                .filter(|a| a.status != WorkStatus::Done)
                .filter_map(|a| a.due_on),
        )
        .filter(|due| *due >= today)
        .filter_map(day_after);
    let stalls = plan
        .actions
        .iter()
        .filter(|a| a.status != WorkStatus::Done)
        .map(|a| {
            // Stalled, its message counts the idle days: each new day is a change.
            let threshold = crate::domain::health::stall_days(plan, a.side, a.partner_id);
            let idle = (now - a.updated_at).num_days();
            a.updated_at + chrono::Duration::days(idle.max(threshold) + 1)
        });
    let meetings = Series::of(plan)
        .and_then(|series| {
            series
                .between(
                    now - chrono::Duration::days(2),
                    now + chrono::Duration::days(366),
                    &plan.review_exceptions,
                )
                .ok()
        })
        .unwrap_or_default()
        .into_iter()
        // Its start is still "next" (`next_review` counts from `now` on); a second later
        // it is not.
        .flat_map(|o| [o.start + chrono::Duration::seconds(1), o.end]);
    due_dates
        .chain(stalls)
        .chain(meetings)
        .filter(|moment| *moment > now)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::health::check;
    use crate::domain::sample;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    /// Late Tuesday evening in UTC is Wednesday in Auckland: a plan reviewed there has
    /// Wednesday's calendar, and one without a zone keeps UTC's.
    #[test]
    fn today_is_the_date_where_the_reviews_take_place() {
        let now = utc("2026-03-10T20:00:00Z");
        let mut plan = sample::two_partner_plan(now);
        let cadence = plan.cadence.as_mut().expect("the sample has a cadence");
        cadence.time_zone = "Pacific/Auckland".into();
        assert_eq!(moment(&plan, now).today.to_string(), "2026-03-11");
        plan.cadence = None;
        plan.schedule.time_zone = None;
        assert_eq!(moment(&plan, now).today.to_string(), "2026-03-10");
        assert_eq!(moment(&plan, now).now, now);
    }

    /// A weekly Tuesday review at 10:00 in Sydney ends at 10:30 there; at the zone's
    /// midnight that began Wednesday it has passed, and just before it ended it had not.
    #[test]
    fn a_missed_review_counts_once_it_ended_in_the_plans_zone() {
        let now = utc("2026-03-10T23:00:00Z");
        let mut plan = sample::two_partner_plan(now);
        let cadence = plan.cadence.as_mut().unwrap();
        cadence.time_zone = "Australia/Sydney".into();
        plan.schedule.starts_on = chrono::NaiveDate::from_ymd_opt(2026, 3, 10);
        plan.reviews.clear();
        let missed = |now: &str| {
            check(&plan, moment(&plan, utc(now)))
                .into_iter()
                .any(|f| f.message == "The review of 10 Mar 2026 passed with no review logged.")
        };
        // Tuesday 10 March, 10:00-10:30 in Sydney (daylight time, UTC+11) is 23:00-23:30
        // UTC on 9 March.
        assert!(!missed("2026-03-09T23:29:00Z"), "still in the meeting");
        assert!(missed("2026-03-09T23:30:00Z"), "it ended");
        // Sydney's midnight starting Wednesday 11 March: 13:00 UTC on the 10th.
        assert!(missed("2026-03-10T13:00:00Z"));
        plan.schedule.starts_on = None;
        assert_eq!(
            moment(&plan, utc("2026-03-10T13:00:00Z")).reviews,
            PassedReviews::NoStartDate
        );
    }

    #[test]
    fn the_demo_plans_owe_what_they_were_made_to_owe() {
        let now = Utc::now();
        let owed = |plan: &PlanDetail| {
            check(plan, moment(plan, now))
                .into_iter()
                .filter(|f| f.message.contains("review"))
                .map(|f| f.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(owed(&sample::two_partner_plan(now)), Vec::<String>::new());
        let stalled = owed(&sample::stalled_plan(now));
        assert!(
            stalled.len() == 1 && stalled[0].contains("passed with no review logged"),
            "{stalled:?}"
        );
        assert_eq!(
            owed(&sample::map_candidate_plan(now)),
            ["The reviews have no start date, so a missed one cannot be noticed."]
        );
    }

    /// Nothing the summary shows changes between now and the next change, and something
    /// does at it: checked at every moment a sample plan's clock-driven findings turn.
    #[test]
    fn the_health_holds_until_the_next_change_and_moves_at_it() {
        let start = utc("2026-03-11T12:00:00Z");
        let plan = sample::stalled_plan(start);
        let seen = |now| {
            (
                check(&plan, moment(&plan, now)),
                next_review(&plan, now).map(|(next, _)| next.start),
            )
        };
        let mut now = start;
        for _ in 0..6 {
            let change = next_change(&plan, now).expect("the plan has meetings ahead");
            assert!(change > now);
            assert_eq!(seen(now), seen(change - chrono::Duration::seconds(1)));
            assert_ne!(seen(now), seen(change), "nothing moved at {change}");
            now = change;
        }
    }

    #[test]
    fn the_next_review_is_the_first_meeting_ahead_skips_aside() {
        let now = utc("2026-03-11T12:00:00Z");
        let mut plan = sample::two_partner_plan(now);
        plan.schedule.starts_on = chrono::NaiveDate::from_ymd_opt(2026, 3, 3);
        // Weekly on Tuesday at 10:00 in London (GMT until 29 March).
        let (next, zone) = next_review(&plan, now).expect("a series");
        assert_eq!(
            (next.start.to_rfc3339().as_str(), zone.as_str()),
            ("2026-03-17T10:00:00+00:00", "Europe/London")
        );
        plan.review_exceptions
            .push(crate::domain::cadence::Exception {
                occurs_on: next.occurs_on,
                change: crate::domain::cadence::Change::Skipped,
            });
        assert_eq!(
            next_review(&plan, now).unwrap().0.occurs_on.to_string(),
            "2026-03-24"
        );
        plan.schedule.starts_on = None;
        assert_eq!(next_review(&plan, now), None);
    }
}
