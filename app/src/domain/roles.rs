//! The rows of the owners grid (DESIGN.md, "Owners grid"): a closed list of roles with
//! their labels, and how a role typed as free text before the grid existed is read onto
//! it. A text that names none of them stays a custom role.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    AccountExecutive,
    PartnerManager,
    AlignmentSpecialist,
    PartnerCounterpart,
    EconomicBuyer,
    Champion,
    TechnicalEvaluator,
    ServicesLead,
    ExecutiveSponsor,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::AccountExecutive,
        Role::PartnerManager,
        Role::AlignmentSpecialist,
        Role::PartnerCounterpart,
        Role::EconomicBuyer,
        Role::Champion,
        Role::TechnicalEvaluator,
        Role::ServicesLead,
        Role::ExecutiveSponsor,
    ];

    /// How the role is stored.
    pub fn key(self) -> &'static str {
        match self {
            Role::AccountExecutive => "account_executive",
            Role::PartnerManager => "partner_manager",
            Role::AlignmentSpecialist => "alignment_specialist",
            Role::PartnerCounterpart => "partner_counterpart",
            Role::EconomicBuyer => "economic_buyer",
            Role::Champion => "champion",
            Role::TechnicalEvaluator => "technical_evaluator",
            Role::ServicesLead => "services_lead",
            Role::ExecutiveSponsor => "executive_sponsor",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::AccountExecutive => "Account executive",
            Role::PartnerManager => "Partner manager",
            Role::AlignmentSpecialist => "Co-sell alignment specialist",
            Role::PartnerCounterpart => "Partner counterpart",
            Role::EconomicBuyer => "Economic buyer",
            Role::Champion => "Champion",
            Role::TechnicalEvaluator => "Technical evaluator",
            Role::ServicesLead => "Services lead",
            Role::ExecutiveSponsor => "Executive sponsor",
        }
    }

    /// Other names people give the role, in `spelling`'s form (lower case, words
    /// separated by one space): abbreviations and common variants.
    fn also_called(self) -> &'static [&'static str] {
        match self {
            Role::AccountExecutive => &["ae", "account exec", "enterprise ae"],
            Role::PartnerManager => &[
                "pdm",
                "pam",
                "partner development manager",
                "partner account manager",
                "channel manager",
                "alliance manager",
            ],
            Role::AlignmentSpecialist => &[
                "alignment specialist",
                "co sell specialist",
                "co sell alignment specialist",
            ],
            Role::PartnerCounterpart => &["partner contact", "partner rep"],
            Role::EconomicBuyer => &["eb"],
            Role::Champion => &[],
            Role::TechnicalEvaluator => &["tech evaluator", "technical buyer"],
            Role::ServicesLead => &["professional services lead", "delivery lead", "ps lead"],
            Role::ExecutiveSponsor => &["exec sponsor"],
        }
    }

    /// The standard role a free text names, case, spacing and punctuation aside
    /// ("AE", "account  executive", "Co-sell alignment specialist"), or `None` for a text
    /// that stays a custom role.
    pub fn recognise(text: &str) -> Option<Role> {
        let wanted = spelling(text);
        if wanted.is_empty() {
            return None;
        }
        Role::ALL.into_iter().find(|role| {
            spelling(role.label()) == wanted || role.also_called().contains(&wanted.as_str())
        })
    }
}

impl std::str::FromStr for Role {
    type Err = ();

    fn from_str(key: &str) -> Result<Role, ()> {
        Role::ALL.into_iter().find(|r| r.key() == key).ok_or(())
    }
}

/// A text as the comparison sees it: lower case, letters and digits only, words
/// separated by one space ("Co-Sell  Alignment" -> "co sell alignment").
fn spelling(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_and_key_reads_back_as_its_role() {
        for role in Role::ALL {
            assert_eq!(Role::recognise(role.label()), Some(role), "{role:?}");
            assert_eq!(role.key().parse(), Ok(role));
        }
    }

    #[test]
    fn spellings_people_type_become_the_standard_role() {
        let cases = [
            ("AE", Role::AccountExecutive),
            ("  account   EXECUTIVE ", Role::AccountExecutive),
            ("Account exec.", Role::AccountExecutive),
            ("PDM", Role::PartnerManager),
            ("pam", Role::PartnerManager),
            ("Partner Development Manager", Role::PartnerManager),
            ("Alignment specialist", Role::AlignmentSpecialist),
            ("co-sell alignment specialist", Role::AlignmentSpecialist),
            ("Partner counterpart", Role::PartnerCounterpart),
            ("EB", Role::EconomicBuyer),
            ("champion", Role::Champion),
            ("Technical evaluator", Role::TechnicalEvaluator),
            ("PS lead", Role::ServicesLead),
            ("Exec sponsor", Role::ExecutiveSponsor),
        ];
        for (text, role) in cases {
            assert_eq!(Role::recognise(text), Some(role), "{text:?}");
        }
    }

    #[test]
    fn anything_else_stays_a_custom_role() {
        for text in [
            "",
            "   ",
            "Legal counsel",
            "Procurement",
            "AE lead",
            "Chief AE",
            "Role",
        ] {
            assert_eq!(Role::recognise(text), None, "{text:?}");
        }
    }
}
