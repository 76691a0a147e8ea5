use std::io::Write;
use std::process::{Command, Stdio};

use chrono::{NaiveDate, NaiveTime, Weekday};

use super::*;
use crate::domain::cadence::Exception;
use crate::domain::{sample, Frequency};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// A plan reviewed every two weeks on Tuesdays at 10:00 in `zone` from 24 Feb 2026,
/// through both of 2026's daylight-saving changes, one meeting skipped and one moved.
fn plan_in(zone: &str) -> PlanDetail {
    let mut plan = sample::two_partner_plan(utc("2026-02-20T12:00:00Z"));
    plan.title = "Fabrikam, Contoso; \"rollout\"".into();
    plan.schedule.starts_on = Some(day("2026-02-24"));
    plan.schedule.ends_on = None;
    plan.schedule.link = "https://meet.example.test/abc-defg-hij".into();
    let cadence = plan.cadence.as_mut().unwrap();
    cadence.frequency = Frequency::Biweekly;
    cadence.weekday = Weekday::Tue;
    cadence.time = NaiveTime::from_hms_opt(10, 0, 0).unwrap();
    cadence.time_zone = zone.into();
    cadence.minutes = 30;
    plan.review_exceptions = vec![
        Exception {
            occurs_on: day("2026-03-24"),
            change: Change::Skipped,
        },
        Exception {
            occurs_on: day("2026-04-07"),
            change: Change::Moved(day("2026-04-08").and_hms_opt(15, 30, 0).unwrap()),
        },
    ];
    plan
}

fn written(plan: &PlanDetail, changes: Changes) -> String {
    let one = FeedPlan {
        plan: plan.clone(),
        changes,
        invited: plan.people.iter().take(2).map(|p| p.id).collect(),
    };
    feed("Coplan", &[one], "coplan.test")
}

#[test]
fn lines_end_in_crlf_and_fold_at_75_octets() {
    let mut plan = plan_in("Europe/Berlin");
    plan.milestones[0].title =
        "A milestone whose title is long enough to need folding, with ümlauts and émojis ✓✓✓"
            .into();
    let text = written(&plan, Changes::new());
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(!line.contains('\n'), "a bare LF: {line:?}");
        assert!(line.len() <= 75, "longer than 75 octets: {line:?}");
    }
    assert!(text.contains("\r\n "), "a long line is folded");
}

#[test]
fn the_series_is_one_event_with_its_rule_zone_skips_and_moves() {
    let plan = plan_in("America/New_York");
    let mut changes = Changes::new();
    changes.insert("review time".into(), 2);
    changes.insert("review of 2026-04-07".into(), 1);
    changes.insert(format!("milestone {}: by", plan.milestones[0].id), 3);
    let text = written(&plan, changes).replace("\r\n ", "");
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"));
    assert!(text.contains("DTSTART;TZID=America/New_York:20260224T100000"));
    assert!(text.contains("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"));
    assert!(text.contains("EXDATE;TZID=America/New_York:20260324T100000"));
    assert!(text.contains("RECURRENCE-ID;TZID=America/New_York:20260407T100000"));
    assert!(text.contains("DTSTART;TZID=America/New_York:20260408T153000"));
    assert!(text.contains(&format!("UID:plan-{}-reviews@coplan.test", plan.id)));
    assert!(text.contains("SEQUENCE:2"), "the series changed twice");
    // The people the series invites, by name and address.
    let invited = &plan.people[0];
    assert!(text.contains(&format!(
        "ATTENDEE;CN={} {}:mailto:{}",
        invited.first_name, invited.last_name, invited.email
    )));
    assert!(
        text.contains("SEQUENCE:3"),
        "the milestone changed three times"
    );
    // Text is escaped as RFC 5545 says: commas, semicolons.
    assert!(text.contains("SUMMARY:Review: Fabrikam\\, Contoso\\; \"rollout\""));
    // The 2026 changes: 8 March (to EDT, 2:00 local) and 1 November (to EST).
    assert!(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZNAME:EDT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT"));
    assert!(text.contains("BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZNAME:EST\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD"));
}

#[test]
fn an_end_date_ends_the_rule_at_that_days_end_in_utc() {
    let mut plan = plan_in("Australia/Sydney");
    plan.schedule.ends_on = Some(day("2026-06-30"));
    let text = written(&plan, Changes::new());
    // Midnight after 30 June in Sydney (UTC+10) is 14:00 UTC.
    assert!(text.contains(";UNTIL=20260630T135959Z"));
}

/// The feed read back by Python's `icalendar` and `recurring-ical-events` (installed by
/// `scripts/test`): another implementation must find the meetings our series has.
fn expanded_by_python(text: &str, from: &str, to: &str) -> Vec<String> {
    let python = std::env::var("COPLAN_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/ics-expand.py");
    let mut child = Command::new(python)
        .args([script, from, to])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "scripts/ics-expand.py failed");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn another_parser_finds_the_same_meetings_across_daylight_saving_changes() {
    for zone in ["America/New_York", "Europe/Berlin", "Australia/Sydney"] {
        let plan = plan_in(zone);
        let series = Series::of(&plan).unwrap();
        let (from, to) = (utc("2026-02-01T00:00:00Z"), utc("2027-06-01T00:00:00Z"));
        let ours: Vec<String> = series
            .between(from, to, &plan.review_exceptions)
            .unwrap()
            .into_iter()
            .map(|o| o.start.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .collect();
        let lines = expanded_by_python(
            &written(&plan, Changes::new()),
            "2026-02-01T00:00:00",
            "2027-06-01T00:00:00",
        );
        assert!(lines.contains(&format!("ZONE|{zone}")), "{zone}: {lines:?}");
        let reviews: Vec<Vec<&str>> = lines
            .iter()
            .map(|l| l.split('|').collect::<Vec<_>>())
            .filter(|f| f[0] == "EVENT" && f[2].starts_with("Review"))
            .collect();
        let mut theirs: Vec<String> = reviews.iter().map(|f| f[3].to_string()).collect();
        theirs.sort();
        assert_eq!(theirs, ours, "{zone}");
        assert!(
            reviews.iter().all(|f| f[4] == zone),
            "{zone}: each in the plan's zone"
        );
        // The moved meeting is there, named by the meeting it replaces, at its new time.
        let moved = reviews
            .iter()
            .find(|f| f[5] == "20260407T100000")
            .expect("the moved meeting");
        let to = series.instant(day("2026-04-08").and_hms_opt(15, 30, 0).unwrap());
        assert_eq!(
            moved[3],
            to.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "{zone}"
        );
        // The skipped one is not.
        let skipped = series.instant(day("2026-03-24").and_hms_opt(10, 0, 0).unwrap());
        assert!(!theirs.contains(&skipped.format("%Y-%m-%dT%H:%M:%SZ").to_string()));
        // Milestones and due dates as all-day events, on their dates.
        let dated: Vec<_> = plan
            .milestones
            .iter()
            .filter(|m| m.due_on.is_some_and(|d| d >= day("2026-02-01")))
            .collect();
        assert!(!dated.is_empty());
        for m in dated {
            let uid = format!("milestone-{}@coplan.test", m.id);
            let found = lines
                .iter()
                .find(|l| l.contains(&uid))
                .expect("each milestone");
            assert!(
                found.contains(&format!("|{}|", m.due_on.unwrap())),
                "{found}"
            );
        }
    }
}
