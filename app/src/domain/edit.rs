//! Editing a plan one field at a time. The browser sends what it believes the field holds
//! (`expected`) and what it should hold (`value`); the server writes only if the field
//! still holds `expected`. Two people editing different fields (or rows) both succeed;
//! two editing the same field get a conflict showing both values, never a silent
//! overwrite. The check is per field, finer than a version per row, so two people can
//! edit different fields of one action at once.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::limits::*;
use super::plan::{PlanStatus, WorkStatus};
use super::validate::required_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    PlanTitle,
    PlanBuyerAccount,
    PlanStatus,
    ActionText,
    ActionStatus,
    ActionDueOn,
    ActionOwner,
}

impl Field {
    /// The part of the plan, as the history names it.
    pub fn part(self) -> &'static str {
        match self {
            Field::PlanTitle | Field::PlanBuyerAccount | Field::PlanStatus => "plan",
            _ => "actions",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::PlanTitle => "Title",
            Field::PlanBuyerAccount => "Buyer account",
            Field::PlanStatus => "Status",
            Field::ActionText => "Action",
            Field::ActionStatus => "Status",
            Field::ActionDueOn => "Due date",
            Field::ActionOwner => "Owner",
        }
    }

    /// Whether the field belongs to a row of a list (and so needs the row's id).
    pub fn on_row(self) -> bool {
        self.part() != "plan"
    }
}

/// A field's value, parsed and checked: what the store writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Date(Option<NaiveDate>),
    Id(Option<i64>),
}

impl Value {
    /// The value as the browser and the history show it.
    pub fn canonical(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Date(date) => date.map(|d| d.to_string()).unwrap_or_default(),
            Value::Id(id) => id.map(|id| id.to_string()).unwrap_or_default(),
        }
    }
}

/// Parses and checks what a person typed into `field`. The message says what to fix.
pub fn parse(field: Field, input: &str) -> Result<Value, String> {
    let trimmed = input.trim();
    match field {
        Field::PlanTitle => {
            required_text("Title", input, TITLE_MAX).map(|_| Value::Text(trimmed.into()))
        }
        Field::PlanBuyerAccount => required_text("Buyer account", input, PARTY_NAME_MAX)
            .map(|_| Value::Text(trimmed.into())),
        Field::ActionText => {
            required_text("Action", input, SHORT_TEXT_MAX).map(|_| Value::Text(trimmed.into()))
        }
        Field::PlanStatus => trimmed
            .parse::<PlanStatus>()
            .map(|s| Value::Text(s.as_str().into()))
            .map_err(|_| "Choose a status from the list.".into()),
        Field::ActionStatus => trimmed
            .parse::<WorkStatus>()
            .map(|s| Value::Text(s.as_str().into()))
            .map_err(|_| "Choose a status from the list.".into()),
        Field::ActionDueOn => optional_date(trimmed),
        Field::ActionOwner => optional_id(trimmed, "Choose an owner from the list."),
    }
}

/// Reads a value the browser reports as the field's current one. It came from the server,
/// so it is taken as it is: no limits, no trimming, only its type.
pub fn parse_stored(field: Field, input: &str) -> Result<Value, String> {
    match field {
        Field::PlanTitle
        | Field::PlanBuyerAccount
        | Field::ActionText
        | Field::PlanStatus
        | Field::ActionStatus => Ok(Value::Text(input.to_string())),
        _ => parse(field, input),
    }
}

fn optional_date(input: &str) -> Result<Value, String> {
    if input.is_empty() {
        return Ok(Value::Date(None));
    }
    NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .map(|d| Value::Date(Some(d)))
        .map_err(|_| "Enter a date as YYYY-MM-DD.".into())
}

fn optional_id(input: &str, message: &str) -> Result<Value, String> {
    if input.is_empty() {
        return Ok(Value::Id(None));
    }
    input
        .parse::<i64>()
        .map(|id| Value::Id(Some(id)))
        .map_err(|_| message.to_string())
}

/// One field edit, as the browser sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldEdit {
    pub plan_id: i64,
    pub field: Field,
    pub row: Option<i64>,
    pub expected: String,
    pub value: String,
}

/// What became of an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    /// Written; the field now holds `value` (trimmed and normalised).
    Saved { value: String },
    /// Someone changed the field first: it holds `theirs`, and nothing was written.
    Conflict { theirs: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fields_trim_and_enforce_limits() {
        assert_eq!(
            parse(Field::PlanTitle, "  Deal  "),
            Ok(Value::Text("Deal".into()))
        );
        assert!(parse(Field::PlanTitle, "   ").is_err());
        assert!(parse(Field::PlanTitle, &"t".repeat(TITLE_MAX)).is_ok());
        assert!(parse(Field::PlanTitle, &"t".repeat(TITLE_MAX + 1)).is_err());
        assert!(parse(Field::ActionText, &"a".repeat(SHORT_TEXT_MAX)).is_ok());
        assert!(parse(Field::ActionText, &"a".repeat(SHORT_TEXT_MAX + 1)).is_err());
        assert!(parse(Field::PlanBuyerAccount, &"b".repeat(PARTY_NAME_MAX + 1)).is_err());
    }

    #[test]
    fn closed_sets_dates_and_ids() {
        assert_eq!(
            parse(Field::PlanStatus, "won"),
            Ok(Value::Text("won".into()))
        );
        assert!(parse(Field::PlanStatus, "Won").is_err());
        assert!(parse(Field::ActionStatus, "in_progress").is_ok());
        assert_eq!(parse(Field::ActionDueOn, ""), Ok(Value::Date(None)));
        assert_eq!(
            parse(Field::ActionDueOn, "2026-12-01").map(|v| v.canonical()),
            Ok("2026-12-01".into())
        );
        assert!(parse(Field::ActionDueOn, "2026-02-30").is_err());
        assert!(parse(Field::ActionDueOn, "1 Dec").is_err());
        assert_eq!(parse(Field::ActionOwner, "12"), Ok(Value::Id(Some(12))));
        assert_eq!(parse(Field::ActionOwner, ""), Ok(Value::Id(None)));
        assert!(parse(Field::ActionOwner, "x").is_err());
    }
}
