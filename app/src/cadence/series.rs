//! The review series expanded to instants. The recurrence is the `rrule` crate's (RFC 5545
//! RRULE, expanded in the plan's local time) and the zones are `chrono-tz`'s, on the
//! server only: the browser shows the instants with its own `Intl`.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use rrule::{RRule, RRuleError, Unvalidated};

use crate::domain::cadence::{first_on_or_after, Change, Exception, Occurrence, WeekOfMonth};
use crate::domain::{Frequency, PlanDetail};

/// How far outside a window a moved occurrence may come from: more than a month's gap.
const MOVE_REACH: Duration = Duration::days(40);

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub frequency: Frequency,
    pub weekday: Weekday,
    pub time: NaiveTime,
    pub minutes: i64,
    pub zone: Tz,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// When the rule last changed: it holds meetings from then on only...
    pub since: Option<DateTime<Utc>>,
    /// ...and the meetings held before stay as they took place.
    pub held: Vec<Occurrence>,
}

impl Series {
    /// The plan's series, once its cadence is complete and has a start date.
    pub fn of(plan: &PlanDetail) -> Option<Series> {
        let cadence = plan.cadence.as_ref()?;
        Some(Series {
            frequency: cadence.frequency,
            weekday: cadence.weekday,
            time: cadence.time,
            minutes: cadence.minutes,
            zone: cadence.time_zone.parse().ok()?,
            starts_on: plan.schedule.starts_on?,
            ends_on: plan.schedule.ends_on,
            since: plan.schedule.series_since,
            held: plan.held_meetings.clone(),
        })
    }

    /// The series' first meeting day: the review weekday on or after the start date.
    pub fn first_day(&self) -> NaiveDate {
        first_on_or_after(self.starts_on, self.weekday)
    }

    /// The series as an RRULE (without DTSTART, which `first_day` and `time` give): the
    /// monthly one on the week of the month of the first meeting.
    pub fn rule(&self) -> String {
        let day = match self.weekday {
            Weekday::Mon => "MO",
            Weekday::Tue => "TU",
            Weekday::Wed => "WE",
            Weekday::Thu => "TH",
            Weekday::Fri => "FR",
            Weekday::Sat => "SA",
            Weekday::Sun => "SU",
        };
        match self.frequency {
            Frequency::Weekly => format!("FREQ=WEEKLY;BYDAY={day}"),
            Frequency::Biweekly => format!("FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"),
            Frequency::Monthly => format!(
                "FREQ=MONTHLY;BYDAY={}{day}",
                WeekOfMonth::of(self.first_day()).ordinal()
            ),
        }
    }

    /// The series as the page says it: "Every two weeks on Tuesday, counting from 3 Mar
    /// 2026 at 10:00 (Europe/Berlin), 30 minutes".
    pub fn words(&self) -> String {
        format!(
            "{} at {} ({}), {} minutes",
            crate::domain::cadence::in_words(self.frequency, self.first_day()),
            self.time.format("%H:%M"),
            self.zone.name(),
            self.minutes
        )
    }

    /// A local time of the plan's zone as an instant. A time the clocks skip (spring
    /// forward) is the same wall time an hour on; a time they pass twice, the first.
    pub fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        self.zone
            .from_local_datetime(&local)
            .earliest()
            .or_else(|| {
                self.zone
                    .from_local_datetime(&(local + Duration::hours(1)))
                    .earliest()
            })
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| local.and_utc())
    }

    /// Every meeting that starts in `[from, to)`, skipped ones left out and moved ones
    /// where they were moved to.
    pub fn between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        exceptions: &[Exception],
    ) -> Result<Vec<Occurrence>, RRuleError> {
        let zone = rrule::Tz::Tz(self.zone);
        let first = self
            .instant(self.first_day().and_time(self.time))
            .with_timezone(&zone);
        let rule: RRule<Unvalidated> = self.rule().parse()?;
        let set = rule
            .build(first)?
            .after((from - MOVE_REACH).with_timezone(&zone))
            .before((to + MOVE_REACH).with_timezone(&zone));
        let length = Duration::minutes(self.minutes);
        let mut occurrences: Vec<Occurrence> = set
            .all(u16::MAX)
            .dates
            .into_iter()
            .filter_map(|start| {
                let occurs_on = start.with_timezone(&self.zone).date_naive();
                if self.ends_on.is_some_and(|end| occurs_on > end) {
                    return None;
                }
                let change = exceptions.iter().find(|e| e.occurs_on == occurs_on);
                let (start, moved) = match change.map(|e| e.change) {
                    Some(Change::Skipped) => return None,
                    Some(Change::Moved(to)) => (self.instant(to), true),
                    None => (start.with_timezone(&Utc), false),
                };
                Some(Occurrence {
                    occurs_on,
                    start,
                    end: start + length,
                    local: start.with_timezone(&self.zone).naive_local(),
                    moved,
                })
            })
            .filter(|o| o.start >= from && o.start < to)
            .filter(|o| self.since.is_none_or(|since| o.start >= since))
            .filter(|o| !self.held.iter().any(|h| h.occurs_on == o.occurs_on))
            .collect();
        occurrences.extend(
            self.held
                .iter()
                .filter(|h| h.start >= from && h.start < to)
                .cloned(),
        );
        occurrences.sort_by_key(|o| o.start);
        Ok(occurrences)
    }

    /// When the series began: its start date, or its first meeting held under an earlier
    /// rule (which counts even from before a later start date).
    pub fn beginning(&self) -> DateTime<Utc> {
        let start = self.instant(self.starts_on.and_time(NaiveTime::MIN));
        self.held.iter().map(|h| h.start).fold(start, DateTime::min)
    }

    /// The meetings that have ended by `now`, from the start date on: what a review log is
    /// owed for.
    pub fn passed(
        &self,
        now: DateTime<Utc>,
        exceptions: &[Exception],
    ) -> Result<Vec<Occurrence>, RRuleError> {
        Ok(self
            .between(self.beginning(), now, exceptions)?
            .into_iter()
            .filter(|o| o.end <= now)
            .collect())
    }
}

#[cfg(test)]
mod tests;
