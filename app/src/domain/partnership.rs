//! Partnerships (DESIGN.md, "Partnerships and the portfolio"): the vendor and one partner
//! company of the organisation, which a plan's partner belongs to.

use serde::{Deserialize, Serialize};

use super::{PartnerKind, PlanStatus};

/// What makes two plans' partners one partnership: the same kind, and the same name with
/// case and spacing ignored ("Contoso  consulting" is "Contoso Consulting").
pub fn match_key(name: &str, kind: PartnerKind) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    format!("{}:{}", kind.as_str(), words.join(" ").to_lowercase())
}

/// A partnership as the list of partnerships shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnershipSummary {
    pub id: i64,
    pub name: String,
    pub kind: PartnerKind,
    /// How many of the organisation's plans run with it.
    pub plans: i64,
}

/// One of a partnership's plans, as its page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnershipPlan {
    pub id: i64,
    pub title: String,
    pub buyer_account: String,
    pub status: PlanStatus,
}

/// A partnership and its plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnershipDetail {
    pub partnership: PartnershipSummary,
    pub plans: Vec<PartnershipPlan>,
    /// Its target accounts, from overlap imports, by name.
    #[serde(default)]
    pub accounts: Vec<super::overlap::OverlapAccount>,
    /// Its terms, the version a save of them must find (or it is a conflict), and its
    /// plans' pipeline against them.
    #[serde(default)]
    pub terms: super::terms::SavedTerms,
    /// The organisation's directory, by name: who can own the partnership on each side.
    #[serde(default)]
    pub people: Vec<(i64, String)>,
    /// Its plans by health filter (a plan can be in several).
    #[serde(default)]
    pub health: Vec<(super::portfolio::HealthFilter, i64)>,
}

impl PartnershipDetail {
    /// How many of its plans are in each status, in the statuses' order; none left out.
    pub fn by_status(&self) -> Vec<(PlanStatus, usize)> {
        PlanStatus::ALL
            .iter()
            .map(|status| {
                let count = self.plans.iter().filter(|p| p.status == *status).count();
                (*status, count)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_whatever_their_case_and_spacing_but_not_across_kinds() {
        let key = |name| match_key(name, PartnerKind::Reseller);
        assert_eq!(key("Contoso Consulting"), key("  contoso   CONSULTING "));
        assert_eq!(key("Ünïcode GmbH"), key("ÜNÏCODE\tgmbh"));
        assert_ne!(key("Contoso"), key("Contoso Consulting"));
        assert_ne!(
            match_key("Contoso", PartnerKind::Reseller),
            match_key("Contoso", PartnerKind::Marketplace)
        );
    }

    #[test]
    fn the_roll_up_counts_plans_in_every_status() {
        let plan = |id, status| PartnershipPlan {
            id,
            title: format!("Plan {id}"),
            buyer_account: "Buyer".into(),
            status,
        };
        let detail = PartnershipDetail {
            partnership: PartnershipSummary {
                id: 1,
                name: "Contoso".into(),
                kind: PartnerKind::Reseller,
                plans: 3,
            },
            plans: vec![
                plan(1, PlanStatus::Active),
                plan(2, PlanStatus::Active),
                plan(3, PlanStatus::Won),
            ],
            accounts: vec![],
            terms: Default::default(),
            people: vec![],
            health: vec![],
        };
        let counts = detail.by_status();
        assert_eq!(counts.len(), PlanStatus::ALL.len());
        assert!(counts.contains(&(PlanStatus::Active, 2)));
        assert!(counts.contains(&(PlanStatus::Won, 1)));
        assert!(counts.contains(&(PlanStatus::Draft, 0)));
    }
}
