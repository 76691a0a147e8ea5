//! The short triage a new plan starts with (DESIGN.md, "Plan health"): when the partner has
//! no active role, the cycle is under 30 days or no economics are shared, a two-party
//! mutual action plan suits the deal better than a three-party plan.

use serde::{Deserialize, Serialize};

use super::plan::CreditKind;

pub const SHORT_CYCLE_DAYS: i64 = 30;
pub const CYCLE_DAYS_MAX: i64 = 3650;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Triage {
    /// The partner sources, sells or delivers, rather than only being kept informed.
    pub partner_active: bool,
    pub cycle_days: i64,
    pub economics_shared: bool,
    pub credit: Option<CreditKind>,
}

impl Triage {
    /// Reads the new-plan form's answers; the message says what to fix.
    pub fn parse(
        partner_role: &str,
        cycle_days: &str,
        economics: &str,
        credit: &str,
    ) -> Result<Triage, String> {
        let cycle_days: i64 = cycle_days
            .trim()
            .parse()
            .ok()
            .filter(|d| (1..=CYCLE_DAYS_MAX).contains(d))
            .ok_or(format!(
                "Expected cycle length must be a whole number of days from 1 to {CYCLE_DAYS_MAX}."
            ))?;
        let credit = match credit {
            "" => None,
            other => Some(
                other
                    .parse()
                    .map_err(|_| "Choose a credit rule from the list.".to_string())?,
            ),
        };
        Ok(Triage {
            partner_active: partner_role == "active",
            cycle_days,
            economics_shared: economics == "yes",
            credit,
        })
    }

    /// Where a new plan opens: with the answers that suggest a mutual action plan in the
    /// address, so the plan's page can offer it (`from_suggestion`); bare when the
    /// three-party plan fits.
    pub fn plan_href(&self, plan_id: i64) -> String {
        if self.map_reasons().is_empty() {
            return format!("/plans/{plan_id}");
        }
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("suggest", "map")
            .append_pair(
                "role",
                if self.partner_active {
                    "active"
                } else {
                    "none"
                },
            )
            .append_pair("cycle", &self.cycle_days.to_string())
            .append_pair(
                "economics",
                if self.economics_shared { "yes" } else { "no" },
            )
            .finish();
        format!("/plans/{plan_id}?{query}")
    }

    /// The answers `plan_href` put in a plan's address, by parameter name, if it did.
    pub fn from_suggestion(param: impl Fn(&str) -> Option<String>) -> Option<Triage> {
        if param("suggest").as_deref() != Some("map") {
            return None;
        }
        let text = |name: &str| param(name).unwrap_or_default();
        Triage::parse(&text("role"), &text("cycle"), &text("economics"), "").ok()
    }

    /// Why a mutual action plan would suit this deal; empty when the three-party plan fits.
    pub fn map_reasons(&self) -> Vec<String> {
        let mut reasons = Vec::new();
        if !self.partner_active {
            reasons.push("the partner has no active role".to_string());
        }
        if self.cycle_days < SHORT_CYCLE_DAYS {
            reasons.push(format!(
                "the cycle is {} days, under {SHORT_CYCLE_DAYS}",
                self.cycle_days
            ));
        }
        if !self.economics_shared {
            reasons.push("no economics are shared".to_string());
        }
        reasons
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triage(active: bool, days: i64, economics: bool) -> Triage {
        Triage {
            partner_active: active,
            cycle_days: days,
            economics_shared: economics,
            credit: None,
        }
    }

    #[test]
    fn each_answer_alone_suggests_a_mutual_action_plan() {
        assert!(triage(true, 90, true).map_reasons().is_empty());
        assert_eq!(triage(false, 90, true).map_reasons().len(), 1);
        assert_eq!(
            triage(true, 29, true).map_reasons(),
            ["the cycle is 29 days, under 30"]
        );
        assert!(triage(true, 30, true).map_reasons().is_empty());
        assert_eq!(
            triage(true, 90, false).map_reasons(),
            ["no economics are shared"]
        );
        assert_eq!(triage(true, 20, false).map_reasons().len(), 2);
    }

    /// The plan opens with the answers in its address only where they suggest a mutual
    /// action plan, and its page reads back the same reasons.
    #[test]
    fn a_suggestion_survives_the_plans_address() {
        assert_eq!(triage(true, 90, true).plan_href(7), "/plans/7");
        let short = triage(false, 20, false);
        let href = short.plan_href(7);
        let (path, query) = href.split_once('?').unwrap();
        assert_eq!(path, "/plans/7");
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let read = Triage::from_suggestion(|name| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        })
        .unwrap();
        assert_eq!(read.map_reasons(), short.map_reasons());
        assert_eq!(Triage::from_suggestion(|_| None), None);
    }

    #[test]
    fn answers_are_checked() {
        assert!(Triage::parse("active", "0", "yes", "").is_err());
        assert!(Triage::parse("active", "3651", "yes", "").is_err());
        assert!(Triage::parse("active", "twenty", "yes", "").is_err());
        assert!(Triage::parse("active", "20", "yes", "nonsense").is_err());
        let t = Triage::parse("none", "20", "no", "partner_influenced").unwrap();
        assert_eq!(
            t,
            Triage {
                partner_active: false,
                cycle_days: 20,
                economics_shared: false,
                credit: Some(CreditKind::PartnerInfluenced)
            }
        );
    }
}
