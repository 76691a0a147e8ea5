//! A partnership's terms (issue 13): what its plans start from and are measured against:
//! the default deal motion and credit rule, the accountable owner on each side, its own
//! review cadence, and a target for a period. Read from the partnership page's form and
//! checked here, so the browser and the server say the same thing.

use serde::{Deserialize, Serialize};

use super::limits::{LONG_TEXT_MAX, SHORT_TEXT_MAX};
use super::validate::{optional_lines, optional_text};
use super::{CreditKind, Frequency, Front, Invalid};

/// The largest target a partnership can set, in whole currency units.
pub const TARGET_MAX: i64 = 1_000_000_000_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub motion_front: Option<Front>,
    pub motion_text: String,
    pub credit_kind: Option<CreditKind>,
    pub credit_text: String,
    /// People of the organisation's directory.
    pub vendor_owner_id: Option<i64>,
    pub partner_owner_id: Option<i64>,
    pub cadence_frequency: Option<Frequency>,
    /// "Mon" to "Fri", as plans store a review day.
    pub cadence_weekday: Option<String>,
    pub target_amount: Option<i64>,
    pub target_currency: Option<String>,
    /// A year ("2027"), a half ("2027-H1"), a quarter ("2027-Q1") or a month ("2027-03").
    pub target_period: Option<String>,
}

/// The terms as stored, the version the next save must name, and the partnership's
/// pipeline against them: what the partnership's page starts from and a save answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedTerms {
    pub version: i64,
    pub terms: Terms,
    /// Its plans' targets in the terms' currency: won, and still open (draft or active).
    pub won: i64,
    pub open: i64,
}

/// The form's fields, as typed: what a refused save gives back to the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsForm {
    pub motion_front: String,
    pub motion_text: String,
    pub credit_kind: String,
    pub credit_text: String,
    pub vendor_owner_id: String,
    pub partner_owner_id: String,
    pub cadence_frequency: String,
    pub cadence_weekday: String,
    pub target_amount: String,
    pub target_currency: String,
    pub target_period: String,
}

pub const WEEKDAYS: [&str; 5] = ["Mon", "Tue", "Wed", "Thu", "Fri"];

/// The form's field names, in its order: the server function's arguments and, after a
/// refused save without JavaScript, the page address's parameters.
pub const FIELDS: [&str; 11] = [
    "motion_front",
    "motion_text",
    "credit_kind",
    "credit_text",
    "vendor_owner_id",
    "partner_owner_id",
    "cadence_frequency",
    "cadence_weekday",
    "target_amount",
    "target_currency",
    "target_period",
];

/// Why a save was refused, as the page's address carries it back to a browser without
/// JavaScript, beside what was typed; the page says it again from these alone.
pub fn refusal(kind: &str, form: &TermsForm) -> Option<crate::error::AppError> {
    use crate::error::AppError;
    let field = |field: &str, message: String| {
        let mut invalid = Invalid::default();
        invalid.check(field, Err(message));
        Some(AppError::Invalid(invalid))
    };
    match kind {
        "conflict" => Some(AppError::Conflict(CONFLICT.into())),
        "owner" => field("vendor_owner_id", OWNER.into()),
        "currency" => field("target_currency", unknown_currency(&form.target_currency)),
        "invalid" => form.read().err().map(AppError::Invalid),
        _ => None,
    }
}

pub const CONFLICT: &str = "Someone saved this partnership's terms after you opened them. Reload the page to see theirs, then make your change again.";
pub const OWNER: &str = "Choose an owner from the list.";

pub fn unknown_currency(code: &str) -> String {
    format!(
        "{} is not an ISO 4217 currency code.",
        code.trim().to_uppercase()
    )
}

fn choice<T: std::str::FromStr>(text: &str, what: &str) -> Result<Option<T>, String> {
    match text.trim() {
        "" => Ok(None),
        value => value
            .parse()
            .map(Some)
            .map_err(|_| format!("Choose {what} from the list.")),
    }
}

/// A year, half, quarter or month: "2027", "2027-H1", "2027-Q3", "2027-03".
pub fn check_period(text: &str) -> Result<(), String> {
    let bad =
        || format!("\u{201c}{text}\u{201d} is no period: write 2027, 2027-H1, 2027-Q1 or 2027-03.");
    let (year, part) = match text.split_once('-') {
        Some((year, part)) => (year, Some(part)),
        None => (text, None),
    };
    if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let ok = match part {
        None => true,
        Some("H1" | "H2" | "Q1" | "Q2" | "Q3" | "Q4") => true,
        Some(month) => month.len() == 2 && matches!(month.parse::<u8>(), Ok(1..=12)),
    };
    ok.then_some(()).ok_or_else(bad)
}

impl Terms {
    /// The form as it shows these terms.
    pub fn form(&self) -> TermsForm {
        let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        TermsForm {
            motion_front: self
                .motion_front
                .map(|f| f.as_str().to_string())
                .unwrap_or_default(),
            motion_text: self.motion_text.clone(),
            credit_kind: self
                .credit_kind
                .map(|k| k.as_str().to_string())
                .unwrap_or_default(),
            credit_text: self.credit_text.clone(),
            vendor_owner_id: id(self.vendor_owner_id),
            partner_owner_id: id(self.partner_owner_id),
            cadence_frequency: self
                .cadence_frequency
                .map(|f| f.as_str().to_string())
                .unwrap_or_default(),
            cadence_weekday: self.cadence_weekday.clone().unwrap_or_default(),
            target_amount: self
                .target_amount
                .map(|a| a.to_string())
                .unwrap_or_default(),
            target_currency: self.target_currency.clone().unwrap_or_default(),
            target_period: self.target_period.clone().unwrap_or_default(),
        }
    }
}

impl TermsForm {
    /// The form by field name (`FIELDS`), as `param` gives each.
    pub fn from_params(param: impl Fn(&str) -> Option<String>) -> TermsForm {
        let get = |name: &str| param(name).unwrap_or_default();
        TermsForm {
            motion_front: get("motion_front"),
            motion_text: get("motion_text"),
            credit_kind: get("credit_kind"),
            credit_text: get("credit_text"),
            vendor_owner_id: get("vendor_owner_id"),
            partner_owner_id: get("partner_owner_id"),
            cadence_frequency: get("cadence_frequency"),
            cadence_weekday: get("cadence_weekday"),
            target_amount: get("target_amount"),
            target_currency: get("target_currency"),
            target_period: get("target_period"),
        }
    }

    /// The fields by name, in `FIELDS`' order.
    pub fn pairs(&self) -> [(&'static str, &str); 11] {
        [
            ("motion_front", &self.motion_front),
            ("motion_text", &self.motion_text),
            ("credit_kind", &self.credit_kind),
            ("credit_text", &self.credit_text),
            ("vendor_owner_id", &self.vendor_owner_id),
            ("partner_owner_id", &self.partner_owner_id),
            ("cadence_frequency", &self.cadence_frequency),
            ("cadence_weekday", &self.cadence_weekday),
            ("target_amount", &self.target_amount),
            ("target_currency", &self.target_currency),
            ("target_period", &self.target_period),
        ]
    }

    /// Reads the form, or says what to fix, field by field. Whether a currency code or an
    /// owner exists is the server's to check.
    pub fn read(&self) -> Result<Terms, Invalid> {
        let mut invalid = Invalid::default();
        let mut keep = |field: &str, result: Result<(), String>| invalid.check(field, result);
        let text = |value: &str| value.trim().to_string();
        let optional = |value: &str| Some(value.trim().to_string()).filter(|v| !v.is_empty());
        let motion_front = choice::<Front>(&self.motion_front, "who fronts the customer");
        let credit_kind = choice::<CreditKind>(&self.credit_kind, "a credit rule");
        let cadence_frequency = choice::<Frequency>(&self.cadence_frequency, "a frequency");
        let owner = |value: &str| choice::<i64>(value, "an owner");
        let vendor_owner_id = owner(&self.vendor_owner_id);
        let partner_owner_id = owner(&self.partner_owner_id);
        let weekday = optional(&self.cadence_weekday);
        let amount = match self.target_amount.trim().replace([',', ' ', '_'], "") {
            digits if digits.is_empty() => Ok(None),
            digits => digits
                .parse::<i64>()
                .ok()
                .filter(|a| (0..=TARGET_MAX).contains(a))
                .map(Some)
                .ok_or_else(|| "The target is a whole amount, 0 or more.".to_string()),
        };
        let currency = optional(&self.target_currency).map(|c| c.to_uppercase());
        let period = optional(&self.target_period).map(|p| p.to_uppercase());
        keep(
            "motion_front",
            motion_front.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        keep(
            "motion_text",
            optional_lines("The motion", &self.motion_text, LONG_TEXT_MAX),
        );
        keep(
            "credit_kind",
            credit_kind.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        keep(
            "credit_text",
            optional_lines("The credit rule", &self.credit_text, LONG_TEXT_MAX),
        );
        keep(
            "vendor_owner_id",
            vendor_owner_id.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        keep(
            "partner_owner_id",
            partner_owner_id.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        keep(
            "cadence_frequency",
            cadence_frequency.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        keep(
            "cadence_weekday",
            match &weekday {
                Some(day) if !WEEKDAYS.contains(&day.as_str()) => {
                    Err("Choose a review day from the list.".into())
                }
                _ => Ok(()),
            },
        );
        keep(
            "target_amount",
            amount.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        keep(
            "target_currency",
            match &currency {
                Some(code) if code.len() != 3 || !code.chars().all(|c| c.is_ascii_alphabetic()) => {
                    Err("A currency is its three-letter code, such as EUR.".into())
                }
                _ => Ok(()),
            },
        );
        keep(
            "target_period",
            period.as_deref().map_or(Ok(()), check_period),
        );
        keep(
            "target_period",
            optional_text("The period", &self.target_period, SHORT_TEXT_MAX),
        );
        invalid.into_result()?;
        Ok(Terms {
            motion_front: motion_front.ok().flatten(),
            motion_text: text(&self.motion_text),
            credit_kind: credit_kind.ok().flatten(),
            credit_text: text(&self.credit_text),
            vendor_owner_id: vendor_owner_id.ok().flatten(),
            partner_owner_id: partner_owner_id.ok().flatten(),
            cadence_frequency: cadence_frequency.ok().flatten(),
            cadence_weekday: weekday,
            target_amount: amount.ok().flatten(),
            target_currency: currency,
            target_period: period,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> TermsForm {
        TermsForm {
            motion_front: "partner".into(),
            motion_text: "Partner leads; we join the technical win.".into(),
            credit_kind: "partner_sourced".into(),
            credit_text: "Sourced by the partner.".into(),
            vendor_owner_id: "7".into(),
            partner_owner_id: "".into(),
            cadence_frequency: "biweekly".into(),
            cadence_weekday: "Tue".into(),
            target_amount: "1,250,000".into(),
            target_currency: "eur".into(),
            target_period: "2027-q1".into(),
        }
    }

    #[test]
    fn a_form_reads_into_terms_and_terms_back_into_the_form() {
        let terms = form().read().unwrap();
        assert_eq!(terms.target_amount, Some(1_250_000));
        assert_eq!(terms.target_currency.as_deref(), Some("EUR"));
        assert_eq!(terms.target_period.as_deref(), Some("2027-Q1"));
        assert_eq!(terms.vendor_owner_id, Some(7));
        assert_eq!(terms.partner_owner_id, None);
        assert_eq!(terms.form().read().unwrap(), terms);
        assert_eq!(TermsForm::default().read().unwrap(), Terms::default());
    }

    #[test]
    fn every_wrong_field_is_named_with_what_to_fix() {
        let wrong = TermsForm {
            motion_front: "nobody".into(),
            credit_kind: "half".into(),
            cadence_weekday: "Sun".into(),
            target_amount: "-5".into(),
            target_currency: "EURO".into(),
            target_period: "Q1 2027".into(),
            motion_text: "x".repeat(LONG_TEXT_MAX + 1),
            ..form()
        };
        let invalid = wrong.read().unwrap_err();
        for field in [
            "motion_front",
            "credit_kind",
            "cadence_weekday",
            "target_amount",
            "target_currency",
            "target_period",
            "motion_text",
        ] {
            assert!(invalid.message_for(field).is_some(), "{field}: {invalid:?}");
        }
        assert!(invalid.message_for("cadence_frequency").is_none());
    }

    #[test]
    fn a_refusal_is_said_again_from_what_was_typed() {
        let typed = TermsForm {
            target_currency: "xyz".into(),
            ..form()
        };
        let read = TermsForm::from_params(|name| {
            typed
                .pairs()
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        });
        assert_eq!(read, typed);
        let said = refusal("currency", &read).unwrap();
        assert_eq!(
            said.field_message("target_currency").as_deref(),
            Some("XYZ is not an ISO 4217 currency code.")
        );
        assert!(matches!(
            refusal("conflict", &read),
            Some(crate::error::AppError::Conflict(_))
        ));
        assert_eq!(
            refusal("invalid", &form()),
            None,
            "a valid form has nothing to say"
        );
        assert_eq!(refusal("nonsense", &form()), None);
    }

    #[test]
    fn periods_are_years_halves_quarters_or_months() {
        for good in ["2027", "2027-H2", "2027-Q4", "2027-01", "2027-12"] {
            assert_eq!(check_period(good), Ok(()), "{good}");
        }
        for bad in [
            "27", "2027-Q5", "2027-13", "2027-00", "2027-H3", "Q1-2027", "2027-",
        ] {
            assert!(check_period(bad).is_err(), "{bad}");
        }
    }
}
