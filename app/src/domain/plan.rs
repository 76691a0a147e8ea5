//! What a plan holds (DESIGN.md, "What a plan holds"), as the browser and the server see it.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// A closed set of values stored as text: one spelling in the database, one label on screen.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!("unknown {} {other:?}", stringify!($name))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(PlanStatus {
    Draft => "draft", "Draft";
    Active => "active", "Active";
    Won => "won", "Won";
    Lost => "lost", "Lost";
    Paused => "paused", "Paused";
});

text_enum!(
    /// The three parties of a co-sell plan.
    Side {
        Vendor => "vendor", "Vendor";
        Partner => "partner", "Partner";
        Buyer => "buyer", "Buyer";
    }
);

text_enum!(PartnerKind {
    Reseller => "reseller", "Reseller";
    SystemsIntegrator => "systems_integrator", "Systems integrator";
    Isv => "isv", "ISV";
    Marketplace => "marketplace", "Cloud marketplace";
});

text_enum!(
    /// How an account stands with one side, from account-mapping overlap data.
    Relation {
        Customer => "customer", "Customer";
        Opportunity => "opportunity", "Open opportunity";
        Prospect => "prospect", "Prospect";
        None => "none", "No relationship";
    }
);

text_enum!(WorkStatus {
    Open => "open", "Open";
    InProgress => "in_progress", "In progress";
    Done => "done", "Done";
    Blocked => "blocked", "Blocked";
});

text_enum!(EconomicsKind {
    ReferralFee => "referral_fee", "Referral fee";
    Mdf => "mdf", "MDF";
    ServicesRevenueShare => "services_revenue_share", "Services revenue share";
    ResaleMargin => "resale_margin", "Resale margin";
    Other => "other", "Other";
});

text_enum!(CreditKind {
    PartnerSourced => "partner_sourced", "Partner-sourced";
    PartnerInfluenced => "partner_influenced", "Partner-influenced";
});

text_enum!(
    /// Who fronts the customer.
    Front {
        Vendor => "vendor", "Vendor fronts";
        Partner => "partner", "Partner fronts";
        Joint => "joint", "Joint";
    }
);

text_enum!(Frequency {
    Weekly => "weekly", "Weekly";
    Biweekly => "biweekly", "Every two weeks";
    Monthly => "monthly", "Monthly";
});

text_enum!(
    /// A full three-party plan, or a two-party mutual action plan with the partner hidden.
    PlanMode {
        ThreeParty => "three_party", "Three-party plan";
        MutualActionPlan => "map", "Mutual action plan";
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: i64,
    pub title: String,
    pub partners: Vec<String>,
    pub buyer_account: String,
    pub status: PlanStatus,
    pub updated_at: DateTime<Utc>,
}

impl PlanDetail {
    /// What the plans list shows of the plan.
    pub fn summary(&self) -> PlanSummary {
        PlanSummary {
            id: self.id,
            title: self.title.clone(),
            partners: self.partners.iter().map(|p| p.name.clone()).collect(),
            buyer_account: self.buyer_account.clone(),
            status: self.status,
            updated_at: self.updated_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub id: i64,
    pub name: String,
    pub kind: PartnerKind,
    /// The partnership the partner belongs to (`store::partnerships::adopt`).
    #[serde(default)]
    pub partnership_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedAccount {
    pub id: i64,
    pub name: String,
    pub vendor_relation: Relation,
    pub partner_relation: Relation,
}

/// An owner: a person of the organisation's directory (`person_id`) placed in one cell of
/// the plan's owners grid. `id` is the placement, which milestones, actions and escalation
/// steps name as their owner; `partner_id` says which partner, on the partner side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub person_id: i64,
    pub side: Side,
    pub partner_id: Option<i64>,
    pub role: super::owners::RoleRow,
    /// The party's one accountable owner for the joint pipeline.
    pub accountable: bool,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub title: String,
}

impl Person {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: i64,
    pub title: String,
    pub due_on: Option<NaiveDate>,
    pub owner_id: Option<i64>,
    pub status: WorkStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JointAction {
    pub id: i64,
    pub side: Side,
    pub partner_id: Option<i64>,
    pub text: String,
    pub owner_id: Option<i64>,
    pub due_on: Option<NaiveDate>,
    pub status: WorkStatus,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EconomicsLine {
    pub id: i64,
    pub kind: EconomicsKind,
    pub side: Side,
    pub partner_id: Option<i64>,
    /// Hundredths of a percent, so 12.5 % is 1250: exact, unlike a float.
    pub percent_bp: Option<i64>,
    /// Whole currency units.
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreditRule {
    pub kind: Option<CreditKind>,
    pub text: String,
    pub agreed_by_vendor: String,
    pub agreed_by_partner: String,
    pub agreed_on: Option<NaiveDate>,
}

/// A side's escalation settings. Every side of a plan has one; its chain is the
/// `EscalationStep`s of the same side, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EscalationPath {
    pub id: i64,
    pub side: Side,
    pub partner_id: Option<i64>,
    /// An open action not updated for longer than this has stalled.
    pub stall_days: i64,
}

/// One person of a side's escalation chain: the first escalates to the second, and so on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EscalationStep {
    pub id: i64,
    pub side: Side,
    pub partner_id: Option<i64>,
    pub person_id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealMotion {
    pub front: Option<Front>,
    pub coordination: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cadence {
    pub frequency: Frequency,
    pub weekday: chrono::Weekday,
    pub time: NaiveTime,
    pub time_zone: String,
    pub minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub amount: i64,
    pub currency: String,
    pub due_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewLog {
    pub id: i64,
    pub meeting_on: NaiveDate,
    pub notes: String,
    pub blockers: String,
    pub next_moves: String,
}

/// The cadence and target columns as stored, each on its own: what the editor shows while
/// a cadence or a target is only partly filled in (`PlanDetail::cadence` and `target` are
/// set only once complete).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScheduleFields {
    pub frequency: Option<String>,
    pub weekday: Option<String>,
    pub time: Option<String>,
    pub time_zone: Option<String>,
    pub minutes: Option<i64>,
    pub target_amount: Option<i64>,
    pub target_currency: Option<String>,
    pub target_on: Option<NaiveDate>,
    /// The review series' anchor: the first meeting is the review day on or after it.
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// Where the review meets: a video link or a room, as text.
    #[serde(default)]
    pub link: String,
    /// When the series' rule last changed: it applies from then on, and the meetings it
    /// held before stay as they were (`PlanDetail::held_meetings`).
    #[serde(default)]
    pub series_since: Option<DateTime<Utc>>,
}

/// One plan, every part of it: what the one-page view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDetail {
    pub id: i64,
    pub title: String,
    pub buyer_account: String,
    pub status: PlanStatus,
    pub mode: PlanMode,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    /// Whether a partner's shared link shows the plan's other partners.
    #[serde(default)]
    pub partners_see_each_other: bool,
    pub partners: Vec<Partner>,
    pub accounts: Vec<SharedAccount>,
    pub people: Vec<Person>,
    /// The owners grid's rows beyond the standard roles.
    pub roles: Vec<super::owners::CustomRole>,
    pub milestones: Vec<Milestone>,
    pub actions: Vec<JointAction>,
    pub economics: Vec<EconomicsLine>,
    pub credit: CreditRule,
    pub escalations: Vec<EscalationPath>,
    pub escalation_steps: Vec<EscalationStep>,
    pub motion: DealMotion,
    pub cadence: Option<Cadence>,
    pub target: Option<Target>,
    pub schedule: ScheduleFields,
    /// Review meetings skipped or moved, by the date the series gave them.
    pub review_exceptions: Vec<super::cadence::Exception>,
    /// The meetings a series held before its rule last changed, as they took place.
    #[serde(default)]
    pub held_meetings: Vec<super::cadence::Occurrence>,
    pub reviews: Vec<ReviewLog>,
}

impl PlanDetail {
    pub fn person(&self, id: Option<i64>) -> Option<&Person> {
        id.and_then(|id| self.people.iter().find(|p| p.id == id))
    }

    pub fn sides(&self) -> Vec<(Side, Option<i64>)> {
        sides_of(self.mode, &self.partners)
    }

    /// The people a side escalates through, in order.
    pub fn chain(&self, side: Side, partner_id: Option<i64>) -> impl Iterator<Item = &Person> {
        self.escalation_steps
            .iter()
            .filter(move |s| s.side == side && s.partner_id == partner_id)
            .filter_map(|s| self.person(Some(s.person_id)))
    }

    pub fn partner_name(&self, id: Option<i64>) -> Option<&str> {
        id.and_then(|id| self.partners.iter().find(|p| p.id == id))
            .map(|p| p.name.as_str())
    }
}

/// The sides a plan staffs, in the order the page shows them: the vendor, each partner
/// (unless a mutual action plan hides the partner), the buyer.
pub fn sides_of(mode: PlanMode, partners: &[Partner]) -> Vec<(Side, Option<i64>)> {
    let mut sides = vec![(Side::Vendor, None)];
    if mode == PlanMode::ThreeParty {
        sides.extend(partners.iter().map(|p| (Side::Partner, Some(p.id))));
    }
    sides.push((Side::Buyer, None));
    sides
}

/// What a new plan starts from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewPlan {
    pub title: String,
    pub partner: String,
    pub buyer_account: String,
    /// From the triage: the credit rule, where already known.
    #[serde(default)]
    pub credit: Option<CreditKind>,
}

impl NewPlan {
    pub fn validate(&self) -> Result<(), super::Invalid> {
        use super::limits::*;
        use super::validate::required_text;
        let mut invalid = super::Invalid::default();
        invalid.check("title", required_text("Title", &self.title, TITLE_MAX));
        invalid.check(
            "partner",
            required_text("Partner", &self.partner, PARTY_NAME_MAX),
        );
        invalid.check(
            "buyer_account",
            required_text("Buyer account", &self.buyer_account, PARTY_NAME_MAX),
        );
        invalid.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::limits::TITLE_MAX;

    #[test]
    fn text_enums_round_trip() {
        for status in PlanStatus::ALL {
            assert_eq!(status.as_str().parse::<PlanStatus>(), Ok(*status));
        }
        assert!("nonsense".parse::<WorkStatus>().is_err());
        assert_eq!(EconomicsKind::Mdf.label(), "MDF");
    }

    #[test]
    fn new_plan_limits() {
        let ok = NewPlan {
            title: "t".repeat(TITLE_MAX),
            partner: "Contoso".into(),
            buyer_account: "Fabrikam".into(),
            credit: None,
        };
        assert!(ok.validate().is_ok());
        let too_long = NewPlan {
            title: "t".repeat(TITLE_MAX + 1),
            ..ok.clone()
        };
        let invalid = too_long.validate().unwrap_err();
        assert!(invalid.message_for("title").is_some());
        let empty = NewPlan {
            partner: " ".into(),
            ..ok
        };
        assert_eq!(
            empty.validate().unwrap_err().message_for("partner"),
            Some("Partner is required.")
        );
    }
}

/// One recorded change: who, when, what, old → new.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub part: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// The parts the history can be filtered by, as `Field::part` and `List::part` name them.
pub const HISTORY_PARTS: &[(&str, &str)] = &[
    ("plan", "Plan"),
    ("accounts", "Shared accounts"),
    ("owners", "Owners"),
    ("milestones", "Milestones"),
    ("actions", "Joint actions"),
    ("economics", "Economics and credit"),
    ("escalation", "Escalation path"),
    ("deal motion", "Deal motion"),
    ("cadence", "Cadence and target"),
];
