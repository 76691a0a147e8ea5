//! What a shared link's visitor may ask (DESIGN.md, "Shared links"): a comment, a status
//! and progress note on one of their party's actions or milestones, a new action for their
//! party. Checked here, in the browser as a hint and on the server as the rule.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::limits::SHORT_TEXT_MAX;
use super::validate::{FieldError, Invalid};
use super::WorkStatus;

/// The longest name a visitor may give, comment and progress note.
pub const NAME_MAX: usize = 80;
pub const COMMENT_MAX: usize = 2000;
pub const NOTE_MAX: usize = 1000;

/// What a comment or an update is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum About {
    Plan,
    Action(i64),
    Milestone(i64),
}

impl About {
    /// As a form sends it: "plan", "action:12", "milestone:3".
    pub fn as_form(self) -> String {
        match self {
            About::Plan => "plan".into(),
            About::Action(id) => format!("action:{id}"),
            About::Milestone(id) => format!("milestone:{id}"),
        }
    }

    pub fn parse(text: &str) -> Option<About> {
        match text.split_once(':') {
            None if text == "plan" => Some(About::Plan),
            Some(("action", id)) => id.parse().ok().map(About::Action),
            Some(("milestone", id)) => id.parse().ok().map(About::Milestone),
            _ => None,
        }
    }
}

/// A comment, or a progress note left with a status change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommentKind {
    Comment,
    Update,
}

impl CommentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentKind::Comment => "comment",
            CommentKind::Update => "update",
        }
    }
}

impl std::str::FromStr for CommentKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "comment" => Ok(CommentKind::Comment),
            "update" => Ok(CommentKind::Update),
            _ => Err(format!("unknown comment kind {s:?}")),
        }
    }
}

/// One comment or update as a page shows it; `answers` names the comment it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: i64,
    pub about: About,
    pub kind: CommentKind,
    pub answers: Option<i64>,
    /// Who wrote it: the name a visitor gave, or the user's name (a link's page shows a
    /// party instead, see `link_view`).
    pub author: String,
    /// The link it came through, by its label; `None` for a user's.
    pub via: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
    pub body: String,
}

/// A comment with the party of the link it came through (`None`: a user's), which
/// decides which links' pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyComment {
    pub comment: Comment,
    pub party: Option<(super::Side, Option<i64>)>,
}

/// A change of the plan's history with the party of the link it was made through (`None`:
/// a user's), which is how a link's page names who made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyChange {
    pub entry: super::HistoryEntry,
    pub party: Option<(super::Side, Option<i64>)>,
}

fn bounded(errors: &mut Invalid, field: &str, text: &str, max: usize, what: &str) {
    let count = text.trim().chars().count();
    let result = if count == 0 {
        Err(format!("Write {what}."))
    } else if count > max {
        Err(format!("Keep {what} to {max} characters (now {count})."))
    } else {
        Ok(())
    };
    errors.check(field, result);
}

/// The name a visitor signs with: required for anything they change.
pub fn check_name(errors: &mut Invalid, name: &str) {
    bounded(errors, "name", name, NAME_MAX, "your name");
}

pub fn check_comment(name: &str, body: &str) -> Result<(), Invalid> {
    let mut errors = Invalid::default();
    check_name(&mut errors, name);
    bounded(&mut errors, "body", body, COMMENT_MAX, "a comment");
    errors.into_result()
}

/// The AE's answer to a comment: as long as a comment may be.
pub fn check_answer(body: &str) -> Result<(), Invalid> {
    let mut errors = Invalid::default();
    bounded(&mut errors, "body", body, COMMENT_MAX, "an answer");
    errors.into_result()
}

/// A status change with an optional note: one of the two must say something.
pub fn check_update(
    name: &str,
    seen: WorkStatus,
    status: WorkStatus,
    note: &str,
) -> Result<(), Invalid> {
    let mut errors = Invalid::default();
    check_name(&mut errors, name);
    if note.trim().chars().count() > NOTE_MAX {
        errors.0.push(FieldError {
            field: "note".into(),
            message: format!("Keep the update to {NOTE_MAX} characters."),
        });
    } else if seen == status && note.trim().is_empty() {
        errors.0.push(FieldError {
            field: "note".into(),
            message: "Change the status or write an update.".into(),
        });
    }
    errors.into_result()
}

/// A new action for the visitor's party: its text and an optional due date (as a date
/// input sends it).
pub fn check_new_action(
    name: &str,
    text: &str,
    due_on: &str,
) -> Result<Option<NaiveDate>, Invalid> {
    let mut errors = Invalid::default();
    check_name(&mut errors, name);
    bounded(&mut errors, "text", text, SHORT_TEXT_MAX, "the action");
    let due = match due_on.trim() {
        "" => None,
        day => match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                errors.0.push(FieldError {
                    field: "due_on".into(),
                    message: "Give the due date as a date, such as 2026-12-31.".into(),
                });
                None
            }
        },
    };
    errors.into_result().map(|()| due)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(result: Result<impl Sized, Invalid>) -> Vec<String> {
        match result {
            Ok(_) => vec![],
            Err(invalid) => invalid.0.into_iter().map(|e| e.field).collect(),
        }
    }

    #[test]
    fn what_a_comment_or_update_is_about_reads_back_from_its_form_value() {
        for about in [About::Plan, About::Action(12), About::Milestone(3)] {
            assert_eq!(About::parse(&about.as_form()), Some(about));
        }
        for bad in ["", "action", "action:x", "plan:1", "review:2"] {
            assert_eq!(About::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_visitor_signs_with_a_name_and_writes_within_limits() {
        assert!(fields(check_comment("Mei", "Looks right")).is_empty());
        assert_eq!(fields(check_comment(" ", "")), ["name", "body"]);
        assert_eq!(
            fields(check_comment(&"n".repeat(81), &"b".repeat(2001))),
            ["name", "body"]
        );
        assert!(fields(check_comment(&"n".repeat(80), &"b".repeat(2000))).is_empty());
        assert_eq!(fields(check_answer(" ")), ["body"]);
        assert_eq!(fields(check_answer(&"b".repeat(2001))), ["body"]);
        assert!(fields(check_answer(&"b".repeat(2000))).is_empty());
    }

    #[test]
    fn an_update_changes_the_status_or_says_something() {
        use WorkStatus::*;
        assert!(fields(check_update("Mei", Open, Done, "")).is_empty());
        assert!(fields(check_update("Mei", Open, Open, "SOW sent")).is_empty());
        assert_eq!(fields(check_update("Mei", Open, Open, " ")), ["note"]);
        assert_eq!(
            fields(check_update("", Open, Done, &"x".repeat(1001))),
            ["name", "note"]
        );
    }

    #[test]
    fn a_new_action_needs_text_and_a_real_date_if_any() {
        assert_eq!(check_new_action("Mei", "Book the demo", "").unwrap(), None);
        assert_eq!(
            check_new_action("Mei", "Book the demo", "2026-12-01").unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 1)
        );
        assert_eq!(
            fields(check_new_action("Mei", "", "2026-02-30")),
            ["text", "due_on"]
        );
    }
}
