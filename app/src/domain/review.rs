//! One review meeting's page: its log, who attended, and what changed since the review
//! before it, computed from the plan's history (DESIGN.md, "Cadence calendar").

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::cadence::Occurrence;
use super::edit::{field_id, Field};
use super::health::stall_days;
use super::{HistoryEntry, PlanDetail, ReviewLog, Side, WorkStatus};

/// A person of the plan who can attend: an owner, named with their party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub owner_id: i64,
    pub name: String,
    pub party: String,
}

/// A list of the plan's owners kept for its reviews: those invited to the series, or
/// those who attended one review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum People {
    Invited,
    Attended { review_id: i64 },
}

/// A party a next move can become an action for, with the people who can own it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub side: Side,
    pub partner_id: Option<i64>,
    pub label: String,
}

/// One line of "what changed since the last review", linking to where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLine {
    pub text: String,
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewDetail {
    pub plan_id: i64,
    pub plan_title: String,
    pub meeting_on: NaiveDate,
    /// The meeting as it takes place (moved or not); `None` when it was skipped.
    pub meeting: Option<Occurrence>,
    pub zone: String,
    /// Whether the meeting has begun: only then can it be logged.
    pub begun: bool,
    pub log: Option<ReviewLog>,
    /// Owner ids of the people who attended.
    pub attended: Vec<i64>,
    pub people: Vec<Attendee>,
    pub parties: Vec<Party>,
    /// The meeting before this one, if the series held one.
    pub previous: Option<NaiveDate>,
    pub changes: Vec<ChangeLine>,
}

/// A new joint action made from a next move, in one step: its party, text, owner, date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextMoveAction {
    pub plan_id: i64,
    pub review_id: i64,
    pub side: Side,
    pub partner_id: Option<i64>,
    pub text: String,
    pub owner_id: Option<i64>,
    pub due_on: Option<NaiveDate>,
}

/// "action 12: status" → ("action", 12, "status"); "action 12" → ("action", 12, "").
fn named(field: &str) -> Option<(&str, i64, &str)> {
    let (head, label) = field.split_once(": ").unwrap_or((field, ""));
    let (noun, id) = head.rsplit_once(' ')?;
    Some((noun, id.parse().ok()?, label))
}

/// What changed between the meeting before (`from`, its start) and this one (`to`), as
/// the history holds it (oldest first), and what fell due or stalled between the two days.
pub fn changes_between(
    plan: &PlanDetail,
    history: &[HistoryEntry],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    days: (NaiveDate, NaiveDate),
) -> Vec<ChangeLine> {
    let editor = |field, row| format!("/plans/{}#{}", plan.id, field_id(field, row));
    let part = |id: &str| format!("/plans/{}#part-{id}", plan.id);
    let action = |id: i64| plan.actions.iter().find(|a| a.id == id);
    let milestone = |id: i64| plan.milestones.iter().find(|m| m.id == id);
    let quoted = |v: &Option<String>| match v.as_deref() {
        None | Some("") => "nothing".to_string(),
        Some(v) => format!("\u{201c}{v}\u{201d}"),
    };
    let mut lines: Vec<ChangeLine> = Vec::new();
    let mut push = |text: String, href: String| {
        if !lines.iter().any(|l| l.text == text) {
            lines.push(ChangeLine { text, href });
        }
    };
    for entry in history.iter().filter(|e| e.at >= from && e.at < to) {
        let new = entry.new_value.as_deref().unwrap_or("");
        match named(&entry.field) {
            Some(("action", id, label)) => {
                let name = action(id).map_or(format!("action {id}"), |a| {
                    format!("\u{201c}{}\u{201d}", a.text)
                });
                match label {
                    "" if new == "added" => push(
                        format!("Action {name} added"),
                        editor(Field::ActionText, Some(id)),
                    ),
                    "status" if new == WorkStatus::Done.as_str() => push(
                        format!("Action {name} done"),
                        editor(Field::ActionStatus, Some(id)),
                    ),
                    _ => {}
                }
            }
            Some(("milestone", id, label)) => {
                let name = milestone(id).map_or(format!("milestone {id}"), |m| {
                    format!("\u{201c}{}\u{201d}", m.title)
                });
                match label {
                    "" if new == "added" => push(
                        format!("Milestone {name} added"),
                        editor(Field::MilestoneTitle, Some(id)),
                    ),
                    "status" if new == WorkStatus::Done.as_str() => push(
                        format!("Milestone {name} done"),
                        editor(Field::MilestoneStatus, Some(id)),
                    ),
                    "by" => push(
                        format!(
                            "Milestone {name} moved from {} to {}",
                            quoted(&entry.old_value),
                            quoted(&entry.new_value)
                        ),
                        editor(Field::MilestoneDueOn, Some(id)),
                    ),
                    _ => {}
                }
            }
            _ => match entry.part.as_str() {
                "owners" => push(
                    format!(
                        "Owners: {} changed from {} to {}",
                        entry.field,
                        quoted(&entry.old_value),
                        quoted(&entry.new_value)
                    ),
                    part("owners"),
                ),
                "economics" => push(
                    format!(
                        "Economics and credit: {} changed from {} to {}",
                        entry.field,
                        quoted(&entry.old_value),
                        quoted(&entry.new_value)
                    ),
                    part("economics"),
                ),
                _ => {}
            },
        }
    }
    let (from_day, to_day) = days;
    for a in plan.actions.iter().filter(|a| a.status != WorkStatus::Done) {
        if a.due_on.is_some_and(|due| due >= from_day && due < to_day) {
            push(
                format!("Action \u{201c}{}\u{201d} is now overdue", a.text),
                editor(Field::ActionDueOn, Some(a.id)),
            );
        }
        let stalls_at =
            a.updated_at + chrono::Duration::days(stall_days(plan, a.side, a.partner_id) + 1);
        if stalls_at >= from && stalls_at < to {
            push(
                format!("Action \u{201c}{}\u{201d} has stalled", a.text),
                editor(Field::ActionStatus, Some(a.id)),
            );
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn entry(at: &str, part: &str, field: &str, old: Option<&str>, new: &str) -> HistoryEntry {
        HistoryEntry {
            at: utc(at),
            actor: "Ann".into(),
            part: part.into(),
            field: field.into(),
            old_value: old.map(str::to_string),
            new_value: Some(new.into()),
        }
    }

    #[test]
    fn what_changed_between_two_meetings() {
        let now = utc("2026-03-17T10:00:00Z");
        let mut plan = sample::two_partner_plan(now);
        let (a, b) = (plan.actions[0].id, plan.actions[1].id);
        let m = plan.milestones[0].id;
        // Only the two actions below can fall due or stall in the week.
        for other in plan.actions.iter_mut() {
            other.due_on = None;
            other.updated_at = now;
        }
        plan.actions[0].status = WorkStatus::Done;
        plan.actions[1].status = WorkStatus::Open;
        plan.actions[1].due_on = Some("2026-03-12".parse().unwrap());
        plan.actions[1].updated_at = utc("2026-03-16T09:00:00Z");
        let (from, to) = (utc("2026-03-10T10:00:00Z"), now);
        let history = vec![
            // Before the last review: not this review's business.
            entry(
                "2026-03-09T10:00:00Z",
                "actions",
                &format!("action {a}: status"),
                Some("open"),
                "done",
            ),
            entry(
                "2026-03-11T10:00:00Z",
                "actions",
                &format!("action {a}: status"),
                Some("open"),
                "done",
            ),
            entry(
                "2026-03-11T11:00:00Z",
                "actions",
                &format!("action {b}"),
                None,
                "added",
            ),
            entry(
                "2026-03-12T10:00:00Z",
                "milestones",
                &format!("milestone {m}: by"),
                Some("2026-03-20"),
                "2026-04-03",
            ),
            entry(
                "2026-03-13T10:00:00Z",
                "owners",
                "person 4: email",
                Some("a@x.test"),
                "b@x.test",
            ),
            entry(
                "2026-03-14T10:00:00Z",
                "economics",
                "credit rule",
                Some(""),
                "sourced",
            ),
            entry("2026-03-15T10:00:00Z", "plan", "title", Some("A"), "B"),
        ];
        let days = ("2026-03-10".parse().unwrap(), "2026-03-17".parse().unwrap());
        let lines = changes_between(&plan, &history, from, to, days);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        let (ta, tb, tm) = (
            &plan.actions[0].text,
            &plan.actions[1].text,
            &plan.milestones[0].title,
        );
        assert_eq!(
            texts,
            [
                format!("Action \u{201c}{ta}\u{201d} done"),
                format!("Action \u{201c}{tb}\u{201d} added"),
                format!("Milestone \u{201c}{tm}\u{201d} moved from \u{201c}2026-03-20\u{201d} to \u{201c}2026-04-03\u{201d}"),
                "Owners: person 4: email changed from \u{201c}a@x.test\u{201d} to \u{201c}b@x.test\u{201d}".to_string(),
                "Economics and credit: credit rule changed from nothing to \u{201c}sourced\u{201d}".to_string(),
                format!("Action \u{201c}{tb}\u{201d} is now overdue"),
            ]
        );
        assert_eq!(
            lines[0].href,
            format!("/plans/{}#field-ActionStatus-{a}", plan.id)
        );
        assert_eq!(lines[3].href, format!("/plans/{}#part-owners", plan.id));
    }
}
