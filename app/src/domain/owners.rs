//! The owners grid (DESIGN.md, "Owners grid"): parties across, roles down, people of the
//! organisation's directory in the cells, one accountable owner per party; and the flags
//! that say where the grid falls short.

use serde::{Deserialize, Serialize};

use super::limits::*;
use super::plan::*;
use super::roles::Role;
use super::validate::{email, optional_text, required_text};
use super::Invalid;

/// A row of the grid: one of the standard roles, or a custom role of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RoleRow {
    Standard(Role),
    Custom(i64),
}

impl RoleRow {
    /// A stable piece of an element id: "account_executive", "custom-12".
    pub fn key(self) -> String {
        match self {
            RoleRow::Standard(role) => role.key().to_string(),
            RoleRow::Custom(id) => format!("custom-{id}"),
        }
    }
}

/// A row a plan adds to the standard roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomRole {
    pub id: i64,
    pub label: String,
}

/// The grid's rows in order: the standard roles, then the plan's own.
pub fn role_rows(custom: &[CustomRole]) -> Vec<(RoleRow, String)> {
    Role::ALL
        .into_iter()
        .map(|r| (RoleRow::Standard(r), r.label().to_string()))
        .chain(
            custom
                .iter()
                .map(|c| (RoleRow::Custom(c.id), c.label.clone())),
        )
        .collect()
}

/// A cell of the grid: a party (side, and the partner on the partner side) and a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cell {
    pub side: Side,
    pub partner_id: Option<i64>,
    pub role: RoleRow,
}

impl Cell {
    pub fn of(person: &Person) -> Cell {
        Cell {
            side: person.side,
            partner_id: person.partner_id,
            role: person.role,
        }
    }

    /// The element id of the cell: where a flag or a health finding moves the cursor.
    pub fn element_id(self) -> String {
        let party = match (self.side, self.partner_id) {
            (Side::Partner, Some(id)) => format!("partner-{id}"),
            (side, _) => side.as_str().to_string(),
        };
        format!("cell-{party}-{}", self.role.key())
    }

    /// Where a party's first person goes when it has none: the role that side fills first.
    pub fn first_for(side: Side, partner_id: Option<i64>) -> Cell {
        let role = match side {
            Side::Vendor => Role::AccountExecutive,
            Side::Partner => Role::PartnerCounterpart,
            Side::Buyer => Role::Champion,
        };
        Cell {
            side,
            partner_id,
            role: RoleRow::Standard(role),
        }
    }
}

/// A person of the organisation's directory, as the combobox offers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryPerson {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub title: String,
}

impl DirectoryPerson {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }
}

/// Someone new to the directory, as a person types them in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPerson {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub title: String,
}

impl NewPerson {
    /// Every field's problem at once, named as the form names its inputs.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::default();
        invalid.check(
            "first_name",
            required_text("First name", &self.first_name, PERSON_NAME_MAX),
        );
        invalid.check(
            "last_name",
            required_text("Last name", &self.last_name, PERSON_NAME_MAX),
        );
        if !self.email.trim().is_empty() {
            invalid.check("email", email(&self.email));
        }
        invalid.check(
            "title",
            optional_text("Job title", &self.title, SHORT_TEXT_MAX),
        );
        invalid.into_result()
    }

    /// What is stored: each field trimmed.
    pub fn trimmed(&self) -> NewPerson {
        NewPerson {
            first_name: self.first_name.trim().into(),
            last_name: self.last_name.trim().into(),
            email: self.email.trim().into(),
            title: self.title.trim().into(),
        }
    }
}

/// Who goes into a cell: someone of the directory, or someone new to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Who {
    Existing(i64),
    New(NewPerson),
}

/// A person placed in a cell of a plan's grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOwner {
    pub plan_id: i64,
    pub cell: Cell,
    pub who: Who,
}

/// What became of a change of a party's accountable owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountableOutcome {
    Saved,
    /// Someone changed it first: this owner is accountable now (or nobody), and nothing
    /// was written.
    Conflict {
        accountable: Option<i64>,
    },
}

/// Custom roles a plan may add: enough for any deal, few enough to stay one page.
pub const CUSTOM_ROLES_MAX: usize = 12;

/// A custom role's name: required, one line, and not a standard role under another spelling.
pub fn check_custom_role(label: &str, existing: &[CustomRole]) -> Result<String, String> {
    required_text("Role", label, PERSON_NAME_MAX)?;
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(role) = Role::recognise(&label) {
        return Err(format!("{} is already a row of the grid.", role.label()));
    }
    if existing
        .iter()
        .any(|c| c.label.to_lowercase() == label.to_lowercase())
    {
        return Err(format!("{label} is already a row of the grid."));
    }
    if existing.len() >= CUSTOM_ROLES_MAX {
        return Err(format!(
            "A plan holds at most {CUSTOM_ROLES_MAX} custom roles."
        ));
    }
    Ok(label)
}

/// What the grid flags, each in the cell that fixes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlagKind {
    NoPerson,
    NoAccountable,
    NoEmail,
    SameEmail,
    TwoParties,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub kind: FlagKind,
    pub cell: Cell,
    pub message: String,
}

impl Flag {
    /// What the flagged cell itself says, short: its column and row say the rest.
    pub fn short(&self) -> &'static str {
        match self.kind {
            FlagKind::NoPerson => "Nobody named on this side",
            FlagKind::NoAccountable => "No accountable owner on this side",
            FlagKind::NoEmail => "Email missing",
            FlagKind::SameEmail => "Same email as another person",
            FlagKind::TwoParties => "Also on another side",
        }
    }
}

/// Every flag of a grid with these parties (`sides`, in order) and owners, party by party.
/// `party_name` names a party as the message should.
pub fn flags(
    sides: &[(Side, Option<i64>)],
    owners: &[Person],
    party_name: impl Fn(Side, Option<i64>) -> String,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    let shown = |p: &&Person| sides.contains(&(p.side, p.partner_id));
    for (side, partner_id) in sides {
        let name = party_name(*side, *partner_id);
        let people: Vec<&Person> = owners
            .iter()
            .filter(|p| p.side == *side && p.partner_id == *partner_id)
            .collect();
        let Some(first) = people.first() else {
            flags.push(Flag {
                kind: FlagKind::NoPerson,
                cell: Cell::first_for(*side, *partner_id),
                message: format!("{name} has no named person."),
            });
            continue;
        };
        if !people.iter().any(|p| p.accountable) {
            flags.push(Flag {
                kind: FlagKind::NoAccountable,
                cell: Cell::of(first),
                message: format!("{name} has no accountable owner."),
            });
        }
        for person in people.iter().filter(|p| p.email.trim().is_empty()) {
            flags.push(Flag {
                kind: FlagKind::NoEmail,
                cell: Cell::of(person),
                message: format!("{} ({name}) has no email.", person.full_name()),
            });
        }
    }
    // Seen twice: the later place is the one flagged, the first stands.
    let people: Vec<&Person> = owners.iter().filter(shown).collect();
    for (at, person) in people.iter().enumerate() {
        let before = &people[..at];
        let email = person.email.trim().to_lowercase();
        let same_email = before.iter().find(|p| {
            p.person_id != person.person_id
                && !email.is_empty()
                && p.email.trim().to_lowercase() == email
        });
        if let Some(other) = same_email {
            flags.push(Flag {
                kind: FlagKind::SameEmail,
                cell: Cell::of(person),
                message: format!(
                    "{} and {} have the same email, {}.",
                    other.full_name(),
                    person.full_name(),
                    person.email.trim()
                ),
            });
        }
        let elsewhere = before.iter().find(|p| {
            p.person_id == person.person_id
                && (p.side, p.partner_id) != (person.side, person.partner_id)
        });
        if let Some(other) = elsewhere {
            flags.push(Flag {
                kind: FlagKind::TwoParties,
                cell: Cell::of(person),
                message: format!(
                    "{} is on two parties: {} and {}.",
                    person.full_name(),
                    party_name(other.side, other.partner_id),
                    party_name(person.side, person.partner_id)
                ),
            });
        }
    }
    flags
}

/// A party as the grid's column heads it: "Vendor", the partner's name, "Buyer (Fabrikam)".
pub fn party_name(plan: &PlanDetail, side: Side, partner_id: Option<i64>) -> String {
    party_label(side, plan.partner_name(partner_id), &plan.buyer_account)
}

/// The same, from the partner's name (if the side is a partner) and the buyer's: what the
/// page's own signals hold (`plan::shape::Shape::side_name`).
pub fn party_label(side: Side, partner: Option<&str>, buyer: &str) -> String {
    match side {
        Side::Vendor => "Vendor".into(),
        Side::Partner => partner.unwrap_or("Partner").to_string(),
        Side::Buyer => format!("Buyer ({buyer})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample;
    use chrono::Utc;

    fn messages(plan: &PlanDetail) -> Vec<(FlagKind, String, String)> {
        flags(&plan.sides(), &plan.people, |s, p| party_name(plan, s, p))
            .into_iter()
            .map(|f| (f.kind, f.cell.element_id(), f.message))
            .collect()
    }

    #[test]
    fn a_complete_grid_has_no_flag() {
        let plan = sample::two_partner_plan(Utc::now());
        assert_eq!(messages(&plan), vec![]);
    }

    #[test]
    fn a_party_without_people_is_flagged_in_its_first_cell() {
        let mut plan = sample::two_partner_plan(Utc::now());
        plan.people.retain(|p| p.side != Side::Buyer);
        assert_eq!(
            messages(&plan),
            vec![(
                FlagKind::NoPerson,
                "cell-buyer-champion".to_string(),
                "Buyer (Fabrikam Inc.) has no named person.".to_string()
            )]
        );
        // A mutual action plan hides the partners: theirs are not asked for.
        plan.people.retain(|p| p.side != Side::Partner);
        plan.mode = PlanMode::MutualActionPlan;
        assert_eq!(messages(&plan).len(), 1);
    }

    #[test]
    fn no_accountable_owner_is_flagged_where_the_party_starts() {
        let mut plan = sample::two_partner_plan(Utc::now());
        for p in plan.people.iter_mut().filter(|p| p.side == Side::Vendor) {
            p.accountable = false;
        }
        let found = messages(&plan);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, FlagKind::NoAccountable);
        assert_eq!(found[0].1, "cell-vendor-account_executive");
        assert_eq!(found[0].2, "Vendor has no accountable owner.");
    }

    #[test]
    fn missing_and_shared_emails_and_a_person_on_two_parties() {
        let mut plan = sample::two_partner_plan(Utc::now());
        plan.people[1].email = "  ".into();
        let shared = plan.people[3].email.clone();
        plan.people[4].email = shared.to_uppercase();
        let found = messages(&plan);
        assert!(found
            .iter()
            .any(|f| f.0 == FlagKind::NoEmail && f.2 == "Priya Shah (Vendor) has no email."));
        let same = found.iter().find(|f| f.0 == FlagKind::SameEmail).unwrap();
        assert_eq!(same.1, Cell::of(&plan.people[4]).element_id());
        assert!(same
            .2
            .starts_with("Mei Tanaka and Sam Okafor have the same email"));

        // The same person of the directory placed on a second party.
        let mut plan = sample::two_partner_plan(Utc::now());
        let mut twice = plan.people[0].clone();
        twice.id = 99;
        twice.side = Side::Buyer;
        twice.role = RoleRow::Standard(Role::ExecutiveSponsor);
        twice.accountable = false;
        plan.people.push(twice);
        let found = messages(&plan);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, FlagKind::TwoParties);
        assert_eq!(found[0].1, "cell-buyer-executive_sponsor");
        assert_eq!(
            found[0].2,
            "Alex Rivera is on two parties: Vendor and Buyer (Fabrikam Inc.)."
        );
    }

    #[test]
    fn new_people_need_both_names_and_a_valid_email() {
        let ok = NewPerson {
            first_name: "Dana".into(),
            last_name: "Reyes".into(),
            email: String::new(),
            title: String::new(),
        };
        assert!(ok.validate().is_ok());
        let bad = NewPerson {
            last_name: " ".into(),
            email: "dana@".into(),
            title: "t".repeat(SHORT_TEXT_MAX + 1),
            ..ok.clone()
        };
        let invalid = bad.validate().unwrap_err();
        assert_eq!(
            invalid.message_for("last_name"),
            Some("Last name is required.")
        );
        assert_eq!(
            invalid.message_for("email"),
            Some("Enter an email address like name@example.com.")
        );
        assert!(invalid.message_for("title").is_some());
        let long = NewPerson {
            first_name: "x".repeat(PERSON_NAME_MAX + 1),
            ..ok
        };
        assert!(long
            .validate()
            .unwrap_err()
            .message_for("first_name")
            .is_some());
    }

    #[test]
    fn custom_roles_are_new_rows_only() {
        let existing = vec![CustomRole {
            id: 1,
            label: "Legal counsel".into(),
        }];
        assert_eq!(
            check_custom_role("  Procurement   lead ", &existing),
            Ok("Procurement lead".into())
        );
        assert_eq!(
            check_custom_role("AE", &existing),
            Err("Account executive is already a row of the grid.".into())
        );
        assert!(check_custom_role("legal COUNSEL", &existing).is_err());
        assert!(check_custom_role(" ", &existing).is_err());
        let full: Vec<CustomRole> = (0..CUSTOM_ROLES_MAX as i64)
            .map(|id| CustomRole {
                id,
                label: format!("Role {id}"),
            })
            .collect();
        assert!(check_custom_role("One more", &full).is_err());
    }
}
