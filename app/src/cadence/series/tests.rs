//! Expansion across the 2026 and 2027 daylight-saving changes of three zones; every
//! expected instant worked out by hand from the zone's rules, not by the code under test.

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn series(
    frequency: Frequency,
    weekday: Weekday,
    time: &str,
    zone: &str,
    starts_on: NaiveDate,
) -> Series {
    Series {
        frequency,
        weekday,
        time: NaiveTime::parse_from_str(time, "%H:%M").unwrap(),
        minutes: 30,
        zone: zone.parse().unwrap(),
        starts_on,
        ends_on: None,
        since: None,
        held: vec![],
    }
}

fn starts(s: &Series, from: &str, to: &str, exceptions: &[Exception]) -> Vec<String> {
    s.between(utc(from), utc(to), exceptions)
        .unwrap()
        .into_iter()
        .map(|o| o.start.format("%Y-%m-%dT%H:%MZ").to_string())
        .collect()
}

#[test]
fn weekly_in_new_york_keeps_ten_oclock_across_both_changes() {
    let s = series(
        Frequency::Weekly,
        Weekday::Tue,
        "10:00",
        "America/New_York",
        day(2026, 2, 24),
    );
    assert_eq!(s.rule(), "FREQ=WEEKLY;BYDAY=TU");
    // Clocks go forward on 8 March 2026 and back on 1 November 2026, forward on 14 March 2027.
    assert_eq!(
        starts(&s, "2026-03-01T00:00:00Z", "2026-03-12T00:00:00Z", &[]),
        ["2026-03-03T15:00Z", "2026-03-10T14:00Z"]
    );
    assert_eq!(
        starts(&s, "2026-10-26T00:00:00Z", "2026-11-05T00:00:00Z", &[]),
        ["2026-10-27T14:00Z", "2026-11-03T15:00Z"]
    );
    assert_eq!(
        starts(&s, "2027-03-08T00:00:00Z", "2027-03-18T00:00:00Z", &[]),
        ["2027-03-09T15:00Z", "2027-03-16T14:00Z"]
    );
}

#[test]
fn every_two_weeks_in_berlin_counts_from_the_start_date() {
    let s = series(
        Frequency::Biweekly,
        Weekday::Thu,
        "09:30",
        "Europe/Berlin",
        day(2026, 3, 19),
    );
    assert_eq!(s.rule(), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH");
    // Summer time from 29 March to 25 October 2026.
    assert_eq!(
        starts(&s, "2026-03-01T00:00:00Z", "2026-04-10T00:00:00Z", &[]),
        ["2026-03-19T08:30Z", "2026-04-02T07:30Z"]
    );
    assert_eq!(
        starts(&s, "2026-10-10T00:00:00Z", "2026-11-01T00:00:00Z", &[]),
        ["2026-10-15T07:30Z", "2026-10-29T08:30Z"]
    );
    // A start date on another weekday: the first Thursday on or after it.
    let later = Series {
        starts_on: day(2026, 3, 17),
        ..s
    };
    assert_eq!(later.first_day(), day(2026, 3, 19));
}

#[test]
fn monthly_in_sydney_is_the_second_monday_across_both_changes() {
    let s = series(
        Frequency::Monthly,
        Weekday::Mon,
        "18:00",
        "Australia/Sydney",
        day(2026, 3, 9),
    );
    assert_eq!(s.rule(), "FREQ=MONTHLY;BYDAY=2MO");
    // Daylight time ends on 5 April 2026 and starts again on 4 October 2026.
    assert_eq!(
        starts(&s, "2026-03-01T00:00:00Z", "2026-04-30T00:00:00Z", &[]),
        ["2026-03-09T07:00Z", "2026-04-13T08:00Z"]
    );
    assert_eq!(
        starts(&s, "2026-09-01T00:00:00Z", "2026-10-31T00:00:00Z", &[]),
        ["2026-09-14T08:00Z", "2026-10-12T07:00Z"]
    );
    // 2027: ends 4 April, starts 3 October.
    assert_eq!(
        starts(&s, "2027-03-01T00:00:00Z", "2027-04-30T00:00:00Z", &[]),
        ["2027-03-08T07:00Z", "2027-04-12T08:00Z"]
    );
}

#[test]
fn a_series_that_starts_on_a_fifth_weekday_meets_on_the_last_one() {
    let s = series(
        Frequency::Monthly,
        Weekday::Tue,
        "10:00",
        "Europe/Berlin",
        day(2026, 3, 31),
    );
    assert_eq!(s.rule(), "FREQ=MONTHLY;BYDAY=-1TU");
    let days: Vec<NaiveDate> = s
        .between(
            utc("2026-03-01T00:00:00Z"),
            utc("2026-07-01T00:00:00Z"),
            &[],
        )
        .unwrap()
        .into_iter()
        .map(|o| o.occurs_on)
        .collect();
    assert_eq!(
        days,
        [
            day(2026, 3, 31),
            day(2026, 4, 28),
            day(2026, 5, 26),
            day(2026, 6, 30)
        ]
    );
}

#[test]
fn one_meeting_skipped_and_one_moved_leave_the_series_as_it_was() {
    let s = series(
        Frequency::Weekly,
        Weekday::Tue,
        "10:00",
        "America/New_York",
        day(2026, 2, 24),
    );
    let local = |d: NaiveDate, t: &str| d.and_time(NaiveTime::parse_from_str(t, "%H:%M").unwrap());
    let exceptions = [
        Exception {
            occurs_on: day(2026, 3, 10),
            change: Change::Skipped,
        },
        Exception {
            occurs_on: day(2026, 3, 17),
            change: Change::Moved(local(day(2026, 3, 18), "11:00")),
        },
        // From outside the window into it.
        Exception {
            occurs_on: day(2026, 4, 7),
            change: Change::Moved(local(day(2026, 3, 20), "09:00")),
        },
    ];
    let found = s
        .between(
            utc("2026-03-01T00:00:00Z"),
            utc("2026-03-25T00:00:00Z"),
            &exceptions,
        )
        .unwrap();
    let seen: Vec<(NaiveDate, String, bool)> = found
        .iter()
        .map(|o| {
            (
                o.occurs_on,
                o.start.format("%m-%dT%H:%MZ").to_string(),
                o.moved,
            )
        })
        .collect();
    let expected = [
        (day(2026, 3, 3), "03-03T15:00Z", false),
        (day(2026, 3, 17), "03-18T15:00Z", true),
        (day(2026, 4, 7), "03-20T13:00Z", true),
        (day(2026, 3, 24), "03-24T14:00Z", false),
    ]
    .map(|(d, t, m)| (d, t.to_string(), m));
    assert_eq!(seen, expected);
    assert_eq!(found[1].end - found[1].start, Duration::minutes(30));
}

#[test]
fn the_series_ends_on_its_end_date_and_what_passed_is_what_ended() {
    let mut s = series(
        Frequency::Weekly,
        Weekday::Tue,
        "10:00",
        "America/New_York",
        day(2026, 2, 24),
    );
    // During the meeting of 10 March (14:00 to 14:30 UTC): two meetings have passed.
    let passed = s.passed(utc("2026-03-10T14:20:00Z"), &[]).unwrap();
    assert_eq!(
        passed.iter().map(|o| o.occurs_on).collect::<Vec<_>>(),
        [day(2026, 2, 24), day(2026, 3, 3)]
    );
    let skipped = [Exception {
        occurs_on: day(2026, 3, 3),
        change: Change::Skipped,
    }];
    assert_eq!(
        s.passed(utc("2026-03-10T14:20:00Z"), &skipped)
            .unwrap()
            .len(),
        1
    );
    s.ends_on = Some(day(2026, 3, 17));
    let all = s
        .between(
            utc("2026-02-01T00:00:00Z"),
            utc("2026-06-01T00:00:00Z"),
            &[],
        )
        .unwrap();
    assert_eq!(all.last().map(|o| o.occurs_on), Some(day(2026, 3, 17)));
    assert_eq!(all.len(), 4);
}

#[test]
fn a_changed_rule_keeps_the_meetings_held_before_where_they_were() {
    // Weekly on Tuesday at 10:00 UTC from 3 March; on 18 March at noon it becomes
    // Wednesday: the Tuesdays held so far stay, Wednesdays follow from then on.
    let tuesdays = series(
        Frequency::Weekly,
        Weekday::Tue,
        "10:00",
        "Etc/UTC",
        day(2026, 3, 3),
    );
    let since = utc("2026-03-18T12:00:00Z");
    let held = tuesdays.between(tuesdays.beginning(), since, &[]).unwrap();
    assert_eq!(held.len(), 3);
    let wednesdays = Series {
        weekday: Weekday::Wed,
        since: Some(since),
        held,
        ..tuesdays
    };
    let passed: Vec<String> = wednesdays
        .passed(utc("2026-04-02T00:00:00Z"), &[])
        .unwrap()
        .iter()
        .map(|o| o.start.format("%a %d %b %H:%M").to_string())
        .collect();
    // Wednesday 18 March at 10:00 was before the change: not a meeting of either rule.
    assert_eq!(
        passed,
        [
            "Tue 03 Mar 10:00",
            "Tue 10 Mar 10:00",
            "Tue 17 Mar 10:00",
            "Wed 25 Mar 10:00",
            "Wed 01 Apr 10:00"
        ]
    );
    // A later start date does not hide what was held before it.
    let later = Series {
        starts_on: day(2026, 3, 25),
        ..wednesdays
    };
    assert_eq!(
        later
            .passed(utc("2026-04-02T00:00:00Z"), &[])
            .unwrap()
            .len(),
        5
    );
}
