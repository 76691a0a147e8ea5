//! Where the plan's fields and lists are stored: the one place that names their tables
//! and columns. The domain says what a field is and what holds it; the store says where
//! that lives, and the browser never knows.

use crate::domain::edit::{Field, Holder};
use crate::domain::rows::List;

pub fn list_table(list: List) -> &'static str {
    match list {
        List::Partners => "plan_partners",
        List::Accounts => "plan_accounts",
        List::People => "plan_people",
        List::Milestones => "milestones",
        List::Actions => "actions",
        List::Economics => "economics_lines",
        List::EscalationSteps => "escalation_steps",
    }
}

pub fn table(holder: Holder) -> &'static str {
    match holder {
        Holder::Plan => "plans",
        Holder::List(list) => list_table(list),
        Holder::EscalationPath => "escalation_paths",
        Holder::Person => "people",
        Holder::Review => "review_logs",
    }
}

/// The column of a field, in its holder's table (`table(field.holder())`).
pub fn column(field: Field) -> &'static str {
    match field {
        Field::PlanTitle => "title",
        Field::PlanBuyerAccount => "buyer_account",
        Field::PlanStatus => "status",
        Field::PlanMode => "mode",
        Field::MotionFront => "motion_front",
        Field::MotionText => "motion_text",
        Field::CreditKind => "credit_kind",
        Field::CreditText => "credit_text",
        Field::CreditAgreedVendor => "credit_agreed_vendor",
        Field::CreditAgreedPartner => "credit_agreed_partner",
        Field::CreditAgreedOn => "credit_agreed_on",
        Field::CadenceFrequency => "cadence_frequency",
        Field::CadenceWeekday => "cadence_weekday",
        Field::CadenceTime => "cadence_time",
        Field::CadenceTimeZone => "cadence_tz",
        Field::CadenceMinutes => "cadence_minutes",
        Field::CadenceStartsOn => "cadence_starts_on",
        Field::CadenceEndsOn => "cadence_ends_on",
        Field::CadenceLink => "cadence_link",
        Field::ReviewNotes => "notes",
        Field::ReviewBlockers => "blockers",
        Field::ReviewNextMoves => "next_moves",
        Field::TargetAmount => "target_amount",
        Field::TargetCurrency => "target_currency",
        Field::TargetOn => "target_on",
        Field::PartnerName => "name",
        Field::PartnerKind => "kind",
        Field::AccountName => "name",
        Field::AccountVendorRelation => "vendor_relation",
        Field::AccountPartnerRelation => "partner_relation",
        Field::PersonFirstName => "first_name",
        Field::PersonLastName => "last_name",
        Field::PersonEmail => "email",
        Field::PersonTitle => "title",
        Field::MilestoneTitle => "title",
        Field::MilestoneDueOn => "due_on",
        Field::MilestoneOwner => "owner_id",
        Field::MilestoneStatus => "status",
        Field::ActionText => "text",
        Field::ActionStatus => "status",
        Field::ActionDueOn => "due_on",
        Field::ActionOwner => "owner_id",
        Field::EconomicsKind => "kind",
        Field::EconomicsParty => "side",
        Field::EconomicsPercent => "percent_bp",
        Field::EconomicsAmount => "amount",
        Field::EconomicsCurrency => "currency",
        Field::EconomicsNote => "note",
        Field::EscalationStallDays => "stall_days",
        Field::EscalationPerson => "person_id",
    }
}
