//! The standing review (DESIGN.md, "Cadence calendar"): a series anchored on a start date,
//! with single occurrences skipped or moved. The expansion itself, which needs the time
//! zone database, is the server's (`cadence::series`); this is what both sides share.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::plan::Frequency;

/// One occurrence taken out of the series or moved, named by the local date it had in the
/// series: that date stays its name (and its review's) wherever it moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    pub occurs_on: NaiveDate,
    pub change: Change,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Skipped,
    /// To this local date and time, in the plan's zone.
    Moved(NaiveDateTime),
}

/// One review meeting as the server expands it: instants, for the browser to show in its
/// viewer's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    /// The local date the series gives it: its name, even when moved.
    pub occurs_on: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The start as the plan's clocks show it: what the page says, and what a move edits.
    pub local: NaiveDateTime,
    pub moved: bool,
}

/// The review meetings of a window, as the page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meetings {
    /// The series in words ("Every two weeks on Tuesday, …"), or why there is none yet.
    pub words: String,
    /// The plan's IANA zone, for the browser to show alongside its own.
    pub zone: String,
    pub occurrences: Vec<Occurrence>,
    /// Meetings of the window taken out of the series, by the date it gave them.
    pub skipped: Vec<NaiveDate>,
}

/// One meeting skipped, moved or put back, as the browser sends it: what it believed the
/// meeting's state was (`expected`) and what it should be (`None`: as the series has it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingEdit {
    pub plan_id: i64,
    pub occurs_on: NaiveDate,
    pub expected: Option<Change>,
    pub change: Option<Change>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingOutcome {
    Saved,
    /// Someone changed this meeting first: it stands so now, and nothing was written.
    Conflict {
        theirs: Option<Change>,
    },
}

/// Which of its weekdays a date is within its month: "second", or "last" for a fifth one
/// (a fifth Tuesday is not in every month; the last Tuesday is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekOfMonth {
    Nth(u8),
    Last,
}

impl WeekOfMonth {
    pub fn of(date: NaiveDate) -> WeekOfMonth {
        match (date.day0() / 7) as u8 + 1 {
            5 => WeekOfMonth::Last,
            n => WeekOfMonth::Nth(n),
        }
    }

    /// As RRULE's BYDAY writes it: 2 for the second, -1 for the last.
    pub fn ordinal(self) -> i8 {
        match self {
            WeekOfMonth::Nth(n) => n as i8,
            WeekOfMonth::Last => -1,
        }
    }

    fn word(self) -> &'static str {
        match self {
            WeekOfMonth::Nth(1) => "first",
            WeekOfMonth::Nth(2) => "second",
            WeekOfMonth::Nth(3) => "third",
            WeekOfMonth::Nth(_) => "fourth",
            WeekOfMonth::Last => "last",
        }
    }
}

/// The series in words, as the page says it: "Every two weeks on Tuesday", "Monthly, on
/// the second Tuesday". `first` is the series' first meeting day.
pub fn in_words(frequency: Frequency, first: NaiveDate) -> String {
    let day = weekday_name(first.weekday());
    match frequency {
        Frequency::Weekly => format!("Every week on {day}"),
        Frequency::Biweekly => format!(
            "Every two weeks on {day}, counting from {}",
            first.format("%-d %b %Y")
        ),
        Frequency::Monthly => format!(
            "Monthly, on the {} {day} of the month",
            WeekOfMonth::of(first).word()
        ),
    }
}

pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The first `weekday` on or after `date`: the series' first meeting day.
pub fn first_on_or_after(date: NaiveDate, weekday: Weekday) -> NaiveDate {
    date.iter_days()
        .take(7)
        .find(|d| d.weekday() == weekday)
        .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_week_of_the_month_and_a_fifth_weekday_as_the_last() {
        assert_eq!(WeekOfMonth::of(day(2026, 3, 10)), WeekOfMonth::Nth(2));
        assert_eq!(WeekOfMonth::of(day(2026, 3, 3)), WeekOfMonth::Nth(1));
        assert_eq!(WeekOfMonth::of(day(2026, 3, 28)), WeekOfMonth::Nth(4));
        assert_eq!(WeekOfMonth::of(day(2026, 3, 31)), WeekOfMonth::Last);
        assert_eq!(WeekOfMonth::Last.ordinal(), -1);
    }

    #[test]
    fn the_series_in_words() {
        let tuesday = day(2026, 3, 10);
        assert_eq!(
            in_words(Frequency::Weekly, tuesday),
            "Every week on Tuesday"
        );
        assert_eq!(
            in_words(Frequency::Biweekly, tuesday),
            "Every two weeks on Tuesday, counting from 10 Mar 2026"
        );
        assert_eq!(
            in_words(Frequency::Monthly, tuesday),
            "Monthly, on the second Tuesday of the month"
        );
        assert_eq!(
            in_words(Frequency::Monthly, day(2026, 3, 31)),
            "Monthly, on the last Tuesday of the month"
        );
    }

    #[test]
    fn the_first_meeting_day_is_the_weekday_on_or_after_the_start() {
        let wednesday = day(2026, 11, 25);
        assert_eq!(first_on_or_after(wednesday, Weekday::Wed), wednesday);
        assert_eq!(first_on_or_after(wednesday, Weekday::Tue), day(2026, 12, 1));
        assert_eq!(
            first_on_or_after(wednesday, Weekday::Fri),
            day(2026, 11, 27)
        );
    }
}
