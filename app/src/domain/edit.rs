//! Editing a plan one field at a time. The browser sends what it believes the field holds
//! (`expected`) and what it should hold (`value`); the server writes only if the field
//! still holds `expected`. Two people editing different fields (or rows) both succeed;
//! two editing the same field get a conflict showing both values, never a silent
//! overwrite. The check is per field, finer than a version per row, so two people can
//! edit different fields of one action at once.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::limits::*;
use super::plan::*;
use super::rows::List;
use super::validate::{email, optional_lines, optional_text, required_text};

/// How a field's text is read and checked.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Free text, stored trimmed; `required` refuses an empty one.
    Text {
        max: usize,
        required: bool,
    },
    /// One of a closed set (`ok` says which), always set.
    Choice(fn(&str) -> bool),
    /// One of a closed set, or empty for none.
    OptionalChoice(fn(&str) -> bool),
    /// An email address, or empty.
    Email,
    Date,
    Time,
    /// A person of the plan (checked by the store); empty only where not `required`.
    Person {
        required: bool,
    },
    /// A whole number in a range, or empty.
    Whole {
        min: i64,
        max: i64,
    },
    /// A percentage 0–100 with up to two decimals, stored in hundredths, or empty.
    Percent,
    /// An ISO 4217 code, or empty. The server also checks it is a real currency.
    Currency,
    /// An IANA time zone like Europe/London, or empty. The server also checks it exists.
    TimeZone,
    /// Which party a row is for: `vendor`, `buyer` or `partner:<id>` (see `Party`); the
    /// store keeps it in two columns, `side` and `partner_id`.
    Party,
}

/// The party a row is for, as one value a select can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Party {
    pub side: Side,
    pub partner_id: Option<i64>,
}

impl Party {
    pub fn text(side: Side, partner_id: Option<i64>) -> String {
        match (side, partner_id) {
            (Side::Partner, Some(id)) => format!("partner:{id}"),
            (side, _) => side.as_str().to_string(),
        }
    }

    pub fn parse(text: &str) -> Option<Party> {
        match text.split_once(':') {
            Some(("partner", id)) => id.parse().ok().map(|id| Party {
                side: Side::Partner,
                partner_id: Some(id),
            }),
            None => match text.parse::<Side>() {
                Ok(side) if side != Side::Partner => Some(Party {
                    side,
                    partner_id: None,
                }),
                _ => None,
            },
            _ => None,
        }
    }
}

fn is<T: std::str::FromStr>(s: &str) -> bool {
    s.parse::<T>().is_ok()
}

/// The days a standing review can fall on: the working week, as the page offers them.
pub const REVIEW_DAYS: [chrono::Weekday; 5] = [
    chrono::Weekday::Mon,
    chrono::Weekday::Tue,
    chrono::Weekday::Wed,
    chrono::Weekday::Thu,
    chrono::Weekday::Fri,
];

fn is_review_day(s: &str) -> bool {
    s.parse::<chrono::Weekday>()
        .is_ok_and(|day| REVIEW_DAYS.contains(&day))
}

/// What a field belongs to: the plan itself, a row of one of its lists, a side's
/// escalation path (one per side, not a list a person adds to), or the person of the
/// organisation's directory an owner of the plan is (edited through that owner, and
/// changed on every plan that has them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Plan,
    List(List),
    EscalationPath,
    Person,
    /// A review meeting's log.
    Review,
}

/// Declares every editable field once: what holds it, what the history calls its part,
/// its label, and how its text is read. Where it is stored is the store's to say.
macro_rules! fields {
    ($($name:ident => $holder:expr, $part:literal, $label:literal, $kind:expr;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Field { $($name),+ }

        impl Field {
            pub const ALL: &'static [Field] = &[$(Field::$name),+];

            pub fn holder(self) -> Holder {
                match self { $(Field::$name => $holder),+ }
            }
            /// The part of the plan, as the history and its filter name it.
            pub fn part(self) -> &'static str {
                match self { $(Field::$name => $part),+ }
            }
            pub fn label(self) -> &'static str {
                match self { $(Field::$name => $label),+ }
            }
            pub fn kind(self) -> Kind {
                match self { $(Field::$name => $kind),+ }
            }
        }
    };
}

fields! {
    PlanTitle => Holder::Plan, "plan", "Title", Kind::Text { max: TITLE_MAX, required: true };
    PlanBuyerAccount => Holder::Plan, "plan", "Buyer account", Kind::Text { max: PARTY_NAME_MAX, required: true };
    PlanStatus => Holder::Plan, "plan", "Status", Kind::Choice(is::<PlanStatus>);
    PlanMode => Holder::Plan, "plan", "Mode", Kind::Choice(is::<PlanMode>);
    MotionFront => Holder::Plan, "deal motion", "Who fronts the customer", Kind::OptionalChoice(is::<Front>);
    MotionText => Holder::Plan, "deal motion", "How we coordinate", Kind::Text { max: LONG_TEXT_MAX, required: false };
    CreditKind => Holder::Plan, "economics", "Credit rule", Kind::OptionalChoice(is::<CreditKind>);
    CreditText => Holder::Plan, "economics", "Who is credited with what", Kind::Text { max: LONG_TEXT_MAX, required: false };
    CreditAgreedVendor => Holder::Plan, "economics", "Agreed for the vendor by", Kind::Text { max: PERSON_NAME_MAX, required: false };
    CreditAgreedPartner => Holder::Plan, "economics", "Agreed for the partner by", Kind::Text { max: PERSON_NAME_MAX, required: false };
    CreditAgreedOn => Holder::Plan, "economics", "Agreed on", Kind::Date;
    CadenceFrequency => Holder::Plan, "cadence", "Review frequency", Kind::OptionalChoice(is::<Frequency>);
    CadenceWeekday => Holder::Plan, "cadence", "Review day", Kind::OptionalChoice(is_review_day);
    CadenceTime => Holder::Plan, "cadence", "Review time", Kind::Time;
    CadenceTimeZone => Holder::Plan, "cadence", "Time zone", Kind::TimeZone;
    CadenceMinutes => Holder::Plan, "cadence", "Review length (minutes)", Kind::Whole { min: 5, max: 240 };
    CadenceStartsOn => Holder::Plan, "cadence", "Reviews start on", Kind::Date;
    CadenceEndsOn => Holder::Plan, "cadence", "Reviews end on", Kind::Date;
    CadenceLink => Holder::Plan, "cadence", "Meeting link or room", Kind::Text { max: LINK_MAX, required: false };
    ReviewNotes => Holder::Review, "cadence", "Notes", Kind::Text { max: LONG_TEXT_MAX, required: false };
    ReviewBlockers => Holder::Review, "cadence", "Blockers", Kind::Text { max: LONG_TEXT_MAX, required: false };
    ReviewNextMoves => Holder::Review, "cadence", "Next moves", Kind::Text { max: LONG_TEXT_MAX, required: false };
    TargetAmount => Holder::Plan, "cadence", "Target amount", Kind::Whole { min: 0, max: 1_000_000_000_000 };
    TargetCurrency => Holder::Plan, "cadence", "Target currency", Kind::Currency;
    TargetOn => Holder::Plan, "cadence", "Target date", Kind::Date;
    PartnerName => Holder::List(List::Partners), "plan", "Partner", Kind::Text { max: PARTY_NAME_MAX, required: true };
    PartnerKind => Holder::List(List::Partners), "plan", "Partner type", Kind::Choice(is::<PartnerKind>);
    AccountName => Holder::List(List::Accounts), "accounts", "Account", Kind::Text { max: PARTY_NAME_MAX, required: true };
    AccountVendorRelation => Holder::List(List::Accounts), "accounts", "Vendor relationship", Kind::Choice(is::<Relation>);
    AccountPartnerRelation => Holder::List(List::Accounts), "accounts", "Partner relationship", Kind::Choice(is::<Relation>);
    PersonFirstName => Holder::Person, "owners", "First name", Kind::Text { max: PERSON_NAME_MAX, required: true };
    PersonLastName => Holder::Person, "owners", "Last name", Kind::Text { max: PERSON_NAME_MAX, required: true };
    PersonEmail => Holder::Person, "owners", "Email", Kind::Email;
    PersonTitle => Holder::Person, "owners", "Job title", Kind::Text { max: SHORT_TEXT_MAX, required: false };
    MilestoneTitle => Holder::List(List::Milestones), "milestones", "Milestone", Kind::Text { max: SHORT_TEXT_MAX, required: true };
    MilestoneDueOn => Holder::List(List::Milestones), "milestones", "By", Kind::Date;
    MilestoneOwner => Holder::List(List::Milestones), "milestones", "Owner", Kind::Person { required: false };
    MilestoneStatus => Holder::List(List::Milestones), "milestones", "Status", Kind::Choice(is::<WorkStatus>);
    ActionText => Holder::List(List::Actions), "actions", "Action", Kind::Text { max: SHORT_TEXT_MAX, required: true };
    ActionStatus => Holder::List(List::Actions), "actions", "Status", Kind::Choice(is::<WorkStatus>);
    ActionDueOn => Holder::List(List::Actions), "actions", "Due date", Kind::Date;
    ActionOwner => Holder::List(List::Actions), "actions", "Owner", Kind::Person { required: false };
    EconomicsKind => Holder::List(List::Economics), "economics", "Kind", Kind::Choice(is::<EconomicsKind>);
    EconomicsParty => Holder::List(List::Economics), "economics", "For", Kind::Party;
    EconomicsPercent => Holder::List(List::Economics), "economics", "Percent", Kind::Percent;
    EconomicsAmount => Holder::List(List::Economics), "economics", "Amount", Kind::Whole { min: 0, max: 1_000_000_000_000 };
    EconomicsCurrency => Holder::List(List::Economics), "economics", "Currency", Kind::Currency;
    EconomicsNote => Holder::List(List::Economics), "economics", "Note", Kind::Text { max: SHORT_TEXT_MAX, required: false };
    EscalationStallDays => Holder::EscalationPath, "escalation", "Stalled after (days)", Kind::Whole { min: 1, max: 365 };
    EscalationPerson => Holder::List(List::EscalationSteps), "escalation", "Escalates to", Kind::Person { required: true };
}

impl Field {
    /// Whether the field belongs to a row of a list (and so needs the row's id).
    pub fn on_row(self) -> bool {
        self.holder() != Holder::Plan
    }
}

/// The element id of a field's control on the plan page: what a health finding links to.
pub fn field_id(field: Field, row: Option<i64>) -> String {
    format!("field-{field:?}-{}", row.unwrap_or_default())
}

/// A field's value, parsed and checked: what the store writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    OptionalText(Option<String>),
    Date(Option<NaiveDate>),
    Time(Option<NaiveTime>),
    Int(Option<i64>),
}

impl Value {
    /// The value as the browser and the history show it.
    pub fn canonical(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::OptionalText(text) => text.clone().unwrap_or_default(),
            Value::Date(date) => date.map(|d| d.to_string()).unwrap_or_default(),
            Value::Time(time) => time
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default(),
            Value::Int(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        }
    }
}

/// A percentage as a person types it ("12.5") in hundredths (1250); the inverse of `percent_text`.
pub fn parse_percent(input: &str) -> Result<i64, String> {
    let message = "Enter a percentage from 0 to 100, with at most two decimals.";
    let (whole, fraction) = input.split_once('.').unwrap_or((input, ""));
    if fraction.len() > 2
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
        || whole.is_empty()
    {
        return Err(message.into());
    }
    let whole: i64 = whole.parse().map_err(|_| message.to_string())?;
    let fraction: i64 = format!("{fraction:0<2}")
        .parse()
        .map_err(|_| message.to_string())?;
    let bp = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(fraction))
        .ok_or(message)?;
    if bp > 10_000 {
        return Err(message.into());
    }
    Ok(bp)
}

pub fn percent_text(bp: i64) -> String {
    if bp % 100 == 0 {
        (bp / 100).to_string()
    } else {
        format!("{}.{:02}", bp / 100, bp % 100)
            .trim_end_matches('0')
            .to_string()
    }
}

/// Parses and checks what a person typed into `field`. The message says what to fix.
pub fn parse(field: Field, input: &str) -> Result<Value, String> {
    let trimmed = input.trim();
    let label = field.label();
    match field.kind() {
        Kind::Text {
            max,
            required: true,
        } => required_text(label, input, max).map(|_| Value::Text(trimmed.into())),
        // The long texts are the ones with lines (the page gives them a textarea).
        Kind::Text {
            max: LONG_TEXT_MAX,
            required: false,
        } => optional_lines(label, input, LONG_TEXT_MAX).map(|_| Value::Text(trimmed.into())),
        Kind::Text {
            max,
            required: false,
        } => optional_text(label, input, max).map(|_| Value::Text(trimmed.into())),
        Kind::Choice(ok) if ok(trimmed) => Ok(Value::Text(trimmed.into())),
        Kind::Choice(_) => Err("Choose one from the list.".into()),
        Kind::OptionalChoice(_) if trimmed.is_empty() => Ok(Value::OptionalText(None)),
        Kind::OptionalChoice(ok) if ok(trimmed) => Ok(Value::OptionalText(Some(trimmed.into()))),
        Kind::OptionalChoice(_) => Err("Choose one from the list.".into()),
        Kind::Email if trimmed.is_empty() => Ok(Value::Text(String::new())),
        Kind::Email => email(trimmed).map(|_| Value::Text(trimmed.into())),
        Kind::Date if trimmed.is_empty() => Ok(Value::Date(None)),
        Kind::Date => NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
            .map(|d| Value::Date(Some(d)))
            .map_err(|_| "Enter a date as YYYY-MM-DD.".into()),
        Kind::Time if trimmed.is_empty() => Ok(Value::Time(None)),
        Kind::Time => NaiveTime::parse_from_str(trimmed, "%H:%M")
            .map(|t| Value::Time(Some(t)))
            .map_err(|_| "Enter a time as HH:MM, like 09:30.".into()),
        Kind::Person { required: false } if trimmed.is_empty() => Ok(Value::Int(None)),
        Kind::Person { .. } => trimmed
            .parse::<i64>()
            .map(|id| Value::Int(Some(id)))
            .map_err(|_| "Choose an owner from the list.".into()),
        Kind::Whole { .. } if trimmed.is_empty() => Ok(Value::Int(None)),
        Kind::Whole { min, max } => match trimmed.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Value::Int(Some(n))),
            _ => Err(format!(
                "{label} must be a whole number from {min} to {max}."
            )),
        },
        Kind::Percent if trimmed.is_empty() => Ok(Value::Int(None)),
        Kind::Percent => parse_percent(trimmed).map(|bp| Value::Int(Some(bp))),
        Kind::Currency if trimmed.is_empty() => Ok(Value::OptionalText(None)),
        Kind::Currency => {
            let code = trimmed.to_ascii_uppercase();
            if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
                Ok(Value::OptionalText(Some(code)))
            } else {
                Err("Enter a three-letter ISO 4217 currency code, like EUR.".into())
            }
        }
        Kind::Party => Party::parse(trimmed)
            .map(|_| Value::Text(trimmed.into()))
            .ok_or_else(|| "Choose a party from the list.".into()),
        Kind::TimeZone if trimmed.is_empty() => Ok(Value::OptionalText(None)),
        Kind::TimeZone => {
            let shaped = trimmed.len() <= 64
                && trimmed.contains('/')
                && trimmed
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c));
            if shaped {
                Ok(Value::OptionalText(Some(trimmed.into())))
            } else {
                Err("Enter a time zone like Europe/London.".into())
            }
        }
    }
}

/// Reads a value the browser reports as the field's current one. It came from the server,
/// so it is taken as it is: no limits, no trimming, only its type.
pub fn parse_stored(field: Field, input: &str) -> Result<Value, String> {
    match field.kind() {
        Kind::Text { .. } | Kind::Choice(_) | Kind::Email | Kind::Party => {
            Ok(Value::Text(input.to_string()))
        }
        Kind::OptionalChoice(_) | Kind::Currency | Kind::TimeZone => Ok(Value::OptionalText(
            (!input.is_empty()).then(|| input.to_string()),
        )),
        _ => parse(field, input),
    }
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
    fn emails_numbers_percent_currency_time_zone() {
        assert_eq!(
            parse(Field::PersonEmail, ""),
            Ok(Value::Text(String::new()))
        );
        assert_eq!(
            parse(Field::PersonEmail, "not-an-email"),
            Err("Enter an email address like name@example.com.".into())
        );
        assert!(parse(Field::PersonEmail, "a@b.co").is_ok());
        assert!(parse(Field::CadenceMinutes, "4").is_err());
        assert!(parse(Field::CadenceMinutes, "5").is_ok());
        assert!(parse(Field::CadenceMinutes, "240").is_ok());
        assert!(parse(Field::CadenceMinutes, "241").is_err());
        assert!(parse(Field::TargetAmount, "-1").is_err());
        assert!(parse(Field::TargetAmount, "0").is_ok());
        assert!(parse(Field::TargetAmount, "12.5").is_err());
        assert_eq!(parse(Field::EconomicsPercent, "0"), Ok(Value::Int(Some(0))));
        assert_eq!(
            parse(Field::EconomicsPercent, "12.5"),
            Ok(Value::Int(Some(1250)))
        );
        assert_eq!(
            parse(Field::EconomicsPercent, "100"),
            Ok(Value::Int(Some(10_000)))
        );
        assert!(parse(Field::EconomicsPercent, "100.01").is_err());
        assert!(parse(Field::EconomicsPercent, "-1").is_err());
        assert!(parse(Field::EconomicsPercent, "1.234").is_err());
        assert_eq!(percent_text(1250), "12.5");
        assert_eq!(percent_text(1500), "15");
        assert_eq!(percent_text(1205), "12.05");
        assert_eq!(
            parse(Field::TargetCurrency, "eur"),
            Ok(Value::OptionalText(Some("EUR".into())))
        );
        assert!(parse(Field::TargetCurrency, "EURO").is_err());
        assert!(parse(Field::CadenceTimeZone, "Europe/London").is_ok());
        assert!(parse(Field::CadenceTimeZone, "London").is_err());
        assert!(parse(Field::EscalationStallDays, "0").is_err());
        assert!(parse(Field::EscalationStallDays, "14").is_ok());
    }

    /// Every field's own limits, just under, at and over, so a new field cannot ship
    /// without them holding.
    #[test]
    fn every_field_accepts_up_to_its_limit_and_refuses_past_it() {
        for field in Field::ALL.iter().copied() {
            let ok = |text: &str| assert!(parse(field, text).is_ok(), "{field:?} refused {text:?}");
            let refused =
                |text: &str| assert!(parse(field, text).is_err(), "{field:?} took {text:?}");
            match field.kind() {
                Kind::Text { max, required } => {
                    ok(&"x".repeat(max - 1));
                    ok(&"x".repeat(max));
                    refused(&"x".repeat(max + 1));
                    // Length counts characters a person sees, not bytes.
                    ok(&"é".repeat(max));
                    if required {
                        refused("  ");
                    } else {
                        ok("");
                    }
                }
                Kind::Whole { min, max } => {
                    ok(&(min + 1).to_string());
                    ok(&min.to_string());
                    refused(&(min - 1).to_string());
                    ok(&(max - 1).to_string());
                    ok(&max.to_string());
                    refused(&(max + 1).to_string());
                    refused("1.5");
                }
                Kind::Percent => {
                    ok("99.99");
                    ok("100");
                    refused("100.01");
                    ok("0");
                    refused("-0.01");
                }
                Kind::Email => {
                    let domain = "@example.com";
                    ok(&format!(
                        "{}{domain}",
                        "a".repeat(EMAIL_MAX - 1 - domain.len())
                    ));
                    ok(&format!("{}{domain}", "a".repeat(EMAIL_MAX - domain.len())));
                    refused(&format!(
                        "{}{domain}",
                        "a".repeat(EMAIL_MAX + 1 - domain.len())
                    ));
                }
                Kind::Currency => {
                    refused("EU");
                    ok("EUR");
                    refused("EURO");
                }
                Kind::TimeZone => {
                    ok(&format!("A/{}", "b".repeat(62)));
                    refused(&format!("A/{}", "b".repeat(63)));
                }
                Kind::Choice(_) | Kind::OptionalChoice(_) => refused("not-a-choice"),
                Kind::Date => refused("2026-13-01"),
                Kind::Time => refused("24:00"),
                Kind::Person { required } => {
                    ok("7");
                    assert_eq!(parse(field, "").is_ok(), !required, "{field:?}");
                }
                Kind::Party => {
                    ok("vendor");
                    ok("partner:3");
                    refused("partner");
                }
            }
        }
    }

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
        assert_eq!(parse(Field::MotionFront, ""), Ok(Value::OptionalText(None)));
        assert_eq!(
            parse(Field::MotionFront, "joint"),
            Ok(Value::OptionalText(Some("joint".into())))
        );
        assert!(parse(Field::CadenceWeekday, "Tue").is_ok());
        assert!(parse(Field::CadenceWeekday, "Fri").is_ok());
        assert!(
            parse(Field::CadenceWeekday, "Sat").is_err(),
            "the page offers Monday to Friday"
        );
        assert!(parse(Field::CadenceWeekday, "Someday").is_err());
        assert_eq!(
            parse(Field::CadenceTime, "09:30").map(|v| v.canonical()),
            Ok("09:30".into())
        );
        assert!(parse(Field::CadenceTime, "25:00").is_err());
        assert!(parse(Field::ActionStatus, "in_progress").is_ok());
        assert_eq!(parse(Field::ActionDueOn, ""), Ok(Value::Date(None)));
        assert_eq!(
            parse(Field::ActionDueOn, "2026-12-01").map(|v| v.canonical()),
            Ok("2026-12-01".into())
        );
        assert!(parse(Field::ActionDueOn, "2026-02-30").is_err());
        assert!(parse(Field::ActionDueOn, "1 Dec").is_err());
        assert_eq!(parse(Field::ActionOwner, "12"), Ok(Value::Int(Some(12))));
        assert_eq!(parse(Field::ActionOwner, ""), Ok(Value::Int(None)));
        assert!(parse(Field::ActionOwner, "x").is_err());
    }
}
