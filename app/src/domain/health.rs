//! Plan health (DESIGN.md, "Plan health"): what keeps a plan from being executable, most
//! severe first. Pure: the same checks run on the server for the plans list and in the
//! browser as the plan is edited.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::edit::{field_id, Field};
use super::limits::{PLAN_ACCOUNTS_MAX, STALL_DAYS_DEFAULT};
use super::plan::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// Nobody can run the plan as it stands.
    Blocker,
    /// The plan runs, but a side will be surprised.
    Major,
    /// Housekeeping that slips into risk if left.
    Minor,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Blocker => "Blocker",
            Severity::Major => "Major",
            Severity::Minor => "Minor",
        }
    }
}

/// What the portfolio counts a finding as: an item late by the calendar or idle too long,
/// or anything else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Concern {
    Stalled,
    Overdue,
    #[default]
    Other,
}

/// One failed check, with the element id of the field (or, to add a row, the part) that
/// fixes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
    pub target: String,
    #[serde(default)]
    pub concern: Concern,
}

/// When the plan is looked at. All are inputs, never read from a clock here, so every
/// check is testable at any moment: `now` for how long ago something was updated, `today`
/// as the date where the plan's reviews take place (its cadence's time zone), and the
/// review meetings that have passed by then (the server expands the series:
/// `cadence::moment`).
#[derive(Debug, Clone)]
pub struct At {
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    pub reviews: PassedReviews,
}

/// The review meetings a plan owes a log for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PassedReviews {
    /// No complete cadence (another finding asks for one): nothing to count.
    #[default]
    NoSeries,
    /// A cadence without the date its series starts from: nothing can be counted yet.
    NoStartDate,
    /// The meetings that ended by `now`, each by the local date the series gave it.
    Passed(Vec<NaiveDate>),
}

impl At {
    /// `now`, with today's date in UTC and no series: for plans without a time zone.
    pub fn utc(now: DateTime<Utc>) -> At {
        At {
            now,
            today: now.date_naive(),
            reviews: PassedReviews::NoSeries,
        }
    }
}

fn finding(severity: Severity, target: impl Into<String>, message: impl Into<String>) -> Finding {
    Finding {
        severity,
        message: message.into(),
        target: target.into(),
        concern: Concern::Other,
    }
}

impl Finding {
    fn concern(self, concern: Concern) -> Finding {
        Finding { concern, ..self }
    }
}

/// One check of DESIGN.md's list: what it finds wrong with the plan, if anything.
type Rule = fn(&PlanDetail, &At) -> Vec<Finding>;

/// Every check, in the order DESIGN.md lists them.
const RULES: [Rule; 9] = [
    accounts,
    motion,
    owners,
    credit_and_economics,
    cadence,
    target,
    milestones,
    actions,
    missed_review_logs,
];

/// Every failed check, most severe first.
pub fn check(plan: &PlanDetail, at: At) -> Vec<Finding> {
    let mut findings: Vec<Finding> = RULES.iter().flat_map(|rule| rule(plan, &at)).collect();
    findings.sort_by_key(|f| f.severity);
    findings
}

/// Without a named account nobody knows what to work; past five it is no longer one page.
fn accounts(plan: &PlanDetail, _: &At) -> Vec<Finding> {
    let count = plan.accounts.len();
    if count == 0 {
        vec![finding(
            Severity::Blocker,
            "part-accounts",
            "No shared account is named.",
        )]
    } else if count > PLAN_ACCOUNTS_MAX {
        vec![finding(
            Severity::Major,
            "part-accounts",
            format!(
                "{count} shared accounts: a deal plan holds at most {PLAN_ACCOUNTS_MAX} to stay on one page."
            ),
        )]
    } else {
        vec![]
    }
}

/// Who fronts the customer and how the two coordinate.
fn motion(plan: &PlanDetail, _: &At) -> Vec<Finding> {
    let field = if plan.motion.front.is_none() {
        Field::MotionFront
    } else if plan.motion.coordination.trim().is_empty() {
        Field::MotionText
    } else {
        return vec![];
    };
    vec![finding(
        Severity::Blocker,
        field_id(field, None),
        "The deal motion is not defined.",
    )]
}

/// The owners grid's flags (a party without a person or an accountable owner, a person
/// without an email, an email twice, a person on two parties), and a path to escalate on
/// each side.
fn owners(plan: &PlanDetail, _: &At) -> Vec<Finding> {
    use super::owners::{flags, FlagKind};
    let mut findings: Vec<Finding> = flags(&plan.sides(), &plan.people, |side, partner| {
        side_name(plan, side, partner)
    })
    .into_iter()
    .map(|flag| {
        let severity = match flag.kind {
            FlagKind::NoPerson => Severity::Blocker,
            FlagKind::NoAccountable | FlagKind::NoEmail | FlagKind::SameEmail => Severity::Major,
            FlagKind::TwoParties => Severity::Minor,
        };
        finding(severity, flag.cell.element_id(), flag.message)
    })
    .collect();
    for (side, partner_id, name) in sides(plan) {
        if plan.chain(side, partner_id).next().is_none() {
            findings.push(finding(
                Severity::Major,
                "part-escalation",
                format!("{name} has no escalation path."),
            ));
        }
    }
    findings
}

/// A three-party plan agrees who is credited, and sets economics where revenue is shared.
/// A mutual action plan has no partner in the deal, so neither applies.
fn credit_and_economics(plan: &PlanDetail, _: &At) -> Vec<Finding> {
    if plan.mode == PlanMode::MutualActionPlan {
        return vec![];
    }
    let mut findings = Vec::new();
    let credit = &plan.credit;
    let unagreed = if credit.kind.is_none() {
        Some(Field::CreditKind)
    } else if credit.agreed_by_vendor.trim().is_empty() {
        Some(Field::CreditAgreedVendor)
    } else if credit.agreed_by_partner.trim().is_empty() {
        Some(Field::CreditAgreedPartner)
    } else {
        None
    };
    if let Some(field) = unagreed {
        findings.push(finding(
            Severity::Major,
            field_id(field, None),
            "The credit rule is not agreed by both sides.",
        ));
    }
    let partner_transacts = plan
        .partners
        .iter()
        .any(|p| matches!(p.kind, PartnerKind::Reseller | PartnerKind::Marketplace));
    if partner_transacts && plan.economics.is_empty() {
        findings.push(finding(
            Severity::Major,
            "part-economics",
            "Revenue is shared with a reselling partner, but no economics are set.",
        ));
    }
    findings
}

fn cadence(plan: &PlanDetail, _: &At) -> Vec<Finding> {
    if plan.cadence.is_some() {
        return vec![];
    }
    let s = &plan.schedule;
    let missing = [
        (s.frequency.is_none(), Field::CadenceFrequency),
        (s.weekday.is_none(), Field::CadenceWeekday),
        (s.time.is_none(), Field::CadenceTime),
        (s.time_zone.is_none(), Field::CadenceTimeZone),
    ];
    vec![finding(
        Severity::Major,
        first_missing(&missing, Field::CadenceMinutes),
        "No review cadence is set.",
    )]
}

fn target(plan: &PlanDetail, _: &At) -> Vec<Finding> {
    if plan.target.is_some() {
        return vec![];
    }
    let s = &plan.schedule;
    let missing = [
        (s.target_amount.is_none(), Field::TargetAmount),
        (s.target_currency.is_none(), Field::TargetCurrency),
    ];
    vec![finding(
        Severity::Major,
        first_missing(&missing, Field::TargetOn),
        "No target is set.",
    )]
}

/// A milestone without a date, or past its date and not done.
fn milestones(plan: &PlanDetail, at: &At) -> Vec<Finding> {
    plan.milestones
        .iter()
        .filter_map(|m| match m.due_on {
            None => Some(finding(
                Severity::Minor,
                field_id(Field::MilestoneDueOn, Some(m.id)),
                format!("Milestone \u{201c}{}\u{201d} has no date.", m.title),
            )),
            Some(due) if due < at.today && m.status != WorkStatus::Done => Some(
                finding(
                    Severity::Major,
                    field_id(Field::MilestoneStatus, Some(m.id)),
                    format!(
                        "Milestone \u{201c}{}\u{201d} is past its date and not done.",
                        m.title
                    ),
                )
                .concern(Concern::Overdue),
            ),
            _ => None,
        })
        .collect()
}

/// An action without an owner or a due date, overdue, or stalled past its side's
/// threshold. A mutual action plan hides the partner's actions, so they are not counted.
fn actions(plan: &PlanDetail, at: &At) -> Vec<Finding> {
    let map = plan.mode == PlanMode::MutualActionPlan;
    let mut findings = Vec::new();
    for a in plan
        .actions
        .iter()
        .filter(|a| !map || a.side != Side::Partner)
    {
        let target = |field| field_id(field, Some(a.id));
        if a.owner_id.is_none() {
            findings.push(finding(
                Severity::Minor,
                target(Field::ActionOwner),
                format!("Action \u{201c}{}\u{201d} has no owner.", a.text),
            ));
        }
        if a.status == WorkStatus::Done {
            continue;
        }
        match a.due_on {
            None => findings.push(finding(
                Severity::Minor,
                target(Field::ActionDueOn),
                format!("Action \u{201c}{}\u{201d} has no due date.", a.text),
            )),
            Some(due) if due < at.today => findings.push(
                finding(
                    Severity::Major,
                    target(Field::ActionDueOn),
                    format!("Action \u{201c}{}\u{201d} is overdue.", a.text),
                )
                .concern(Concern::Overdue),
            ),
            _ => {}
        }
        let threshold = stall_days(plan, a.side, a.partner_id);
        let idle = (at.now - a.updated_at).num_days();
        if idle > threshold {
            findings.push(finding(
                Severity::Major,
                target(Field::ActionStatus),
                format!("Action \u{201c}{}\u{201d} has stalled: no update for {idle} days (threshold {threshold}).", a.text),
            ).concern(Concern::Stalled));
        }
    }
    findings
}

/// Every review meeting that passed needs its log; a series needs a start date to say
/// which meetings passed.
fn missed_review_logs(plan: &PlanDetail, at: &At) -> Vec<Finding> {
    let passed = match &at.reviews {
        PassedReviews::NoSeries => return vec![],
        PassedReviews::NoStartDate => {
            return vec![finding(
                Severity::Minor,
                field_id(Field::CadenceStartsOn, None),
                "The reviews have no start date, so a missed one cannot be noticed.",
            )]
        }
        PassedReviews::Passed(passed) => passed,
    };
    let missed: Vec<&NaiveDate> = passed
        .iter()
        .filter(|day| !plan.reviews.iter().any(|r| r.meeting_on == **day))
        .collect();
    let message = match missed.as_slice() {
        [] => return vec![],
        [one] => format!(
            "The review of {} passed with no review logged.",
            one.format("%-d %b %Y")
        ),
        [.., last] => format!(
            "{} reviews passed with no review logged, the last on {}.",
            missed.len(),
            last.format("%-d %b %Y")
        ),
    };
    vec![finding(Severity::Minor, "part-cadence", message)]
}

/// The field of the first missing piece, or `last` when only that one is left.
fn first_missing(missing: &[(bool, Field)], last: Field) -> String {
    let field = missing
        .iter()
        .find(|(is_missing, _)| *is_missing)
        .map_or(last, |(_, field)| *field);
    field_id(field, None)
}

/// The sides a plan must staff, each with its name in a sentence.
fn sides(plan: &PlanDetail) -> Vec<(Side, Option<i64>, String)> {
    plan.sides()
        .into_iter()
        .map(|(side, partner_id)| (side, partner_id, side_name(plan, side, partner_id)))
        .collect()
}

/// A side as a finding's sentence starts with it: "The vendor", "Contoso", "The buyer (…)".
fn side_name(plan: &PlanDetail, side: Side, partner_id: Option<i64>) -> String {
    match side {
        Side::Vendor => "The vendor".to_string(),
        Side::Partner => plan
            .partner_name(partner_id)
            .unwrap_or("The partner")
            .to_string(),
        Side::Buyer => format!("The buyer ({})", plan.buyer_account),
    }
}

/// The stall threshold of a side's escalation path, or the default.
pub fn stall_days(plan: &PlanDetail, side: Side, partner_id: Option<i64>) -> i64 {
    plan.escalations
        .iter()
        .find(|e| e.side == side && e.partner_id == partner_id)
        .map(|e| e.stall_days)
        .unwrap_or(STALL_DAYS_DEFAULT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample;

    /// A fixed moment (a Wednesday), so the checks answer the same on any day.
    fn at() -> At {
        let now = DateTime::parse_from_rfc3339("2026-03-11T10:00:00Z")
            .expect("a valid moment")
            .with_timezone(&Utc);
        At::utc(now)
    }

    fn messages(plan: &PlanDetail) -> Vec<String> {
        check(plan, at()).into_iter().map(|f| f.message).collect()
    }

    fn fires(plan: &PlanDetail, needle: &str) -> bool {
        messages(plan).iter().any(|m| m.contains(needle))
    }

    fn healthy() -> PlanDetail {
        sample::two_partner_plan(at().now)
    }

    #[test]
    fn the_healthy_sample_has_no_findings() {
        assert_eq!(messages(&healthy()), Vec::<String>::new());
    }

    #[test]
    fn accounts_none_and_more_than_five() {
        let mut plan = healthy();
        plan.accounts.clear();
        assert!(fires(&plan, "No shared account"));
        plan.accounts = (0..5)
            .map(|i| SharedAccount {
                id: i,
                name: format!("A{i}"),
                vendor_relation: Relation::None,
                partner_relation: Relation::None,
            })
            .collect();
        assert!(!fires(&plan, "shared account"));
        plan.accounts.push(SharedAccount {
            id: 9,
            name: "A9".into(),
            vendor_relation: Relation::None,
            partner_relation: Relation::None,
        });
        assert!(fires(&plan, "6 shared accounts"));
    }

    #[test]
    fn deal_motion_undefined() {
        let mut plan = healthy();
        plan.motion.coordination = " ".into();
        assert!(fires(&plan, "deal motion"));
        let mut plan = healthy();
        plan.motion.front = None;
        assert!(fires(&plan, "deal motion"));
    }

    #[test]
    fn a_side_without_owner_or_an_owner_without_email() {
        let mut plan = healthy();
        plan.people.retain(|p| p.side != Side::Buyer);
        assert!(fires(
            &plan,
            "The buyer (Fabrikam Inc.) has no named person."
        ));
        let mut plan = healthy();
        // Litware's only person goes: that partner, and only it, is unstaffed.
        plan.people.retain(|p| p.first_name != "Sam");
        assert!(fires(&plan, "Litware Marketplace has no named person."));
        assert!(!fires(&plan, "Contoso Consulting has no named person."));
        let mut plan = healthy();
        plan.people[0].email.clear();
        assert!(fires(&plan, "Alex Rivera (The vendor) has no email."));
    }

    #[test]
    fn credit_rule_and_economics() {
        let mut plan = healthy();
        plan.credit.agreed_by_partner.clear();
        assert!(fires(&plan, "credit rule is not agreed"));
        let mut plan = healthy();
        plan.economics.clear();
        assert!(
            fires(&plan, "no economics"),
            "Litware is a marketplace: revenue is shared"
        );
        plan.partners
            .retain(|p| p.kind == PartnerKind::SystemsIntegrator);
        assert!(!fires(&plan, "no economics"));
    }

    #[test]
    fn escalation_path_per_side() {
        let mut plan = healthy();
        assert!(!fires(&plan, "escalation path"));
        plan.escalation_steps.retain(|e| e.side != Side::Vendor);
        assert!(fires(&plan, "The vendor has no escalation path."));
    }

    #[test]
    fn cadence_and_target() {
        let mut plan = healthy();
        plan.cadence = None;
        assert!(fires(&plan, "No review cadence"));
        let mut plan = healthy();
        plan.target = None;
        assert!(fires(&plan, "No target"));
    }

    #[test]
    fn milestones_without_date_or_past_and_open() {
        let today = at().today;
        let mut plan = healthy();
        plan.milestones[1].due_on = None;
        assert!(fires(&plan, "has no date"));
        plan.milestones[1].due_on = today.pred_opt();
        assert!(fires(&plan, "past its date"));
        plan.milestones[1].status = WorkStatus::Done;
        assert!(!fires(&plan, "past its date"));
        plan.milestones[1].due_on = Some(today);
        plan.milestones[1].status = WorkStatus::Open;
        assert!(!fires(&plan, "past its date"), "due today is not past");
    }

    #[test]
    fn actions_owner_due_overdue_and_stalled() {
        let today = at().today;
        let mut plan = healthy();
        plan.actions[0].owner_id = None;
        assert!(fires(&plan, "has no owner"));
        let mut plan = healthy();
        plan.actions[0].due_on = None;
        assert!(fires(&plan, "has no due date"));
        plan.actions[0].due_on = today.pred_opt();
        assert!(fires(&plan, "is overdue"));
        plan.actions[0].status = WorkStatus::Done;
        assert!(!fires(&plan, "is overdue"));

        // The vendor's threshold is 14 days: 14 idle days is not stalled, 15 is.
        let mut plan = healthy();
        plan.actions[0].updated_at = at().now - chrono::Duration::days(14);
        assert!(!fires(&plan, "has stalled"));
        plan.actions[0].updated_at = at().now - chrono::Duration::days(15);
        assert!(fires(&plan, "has stalled"));
        // Litware's path says 10 days.
        let mut plan = healthy();
        plan.actions[3].updated_at = at().now - chrono::Duration::days(11);
        assert!(fires(&plan, "threshold 10"));
    }

    #[test]
    fn a_passed_review_with_no_log() {
        let plan = healthy();
        let logged = plan.reviews[0].meeting_on;
        let week_before = logged - chrono::Duration::days(7);
        let with = |reviews: PassedReviews| {
            check(&plan, At { reviews, ..at() })
                .into_iter()
                .map(|f| f.message)
                .filter(|m| m.contains("review"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            with(PassedReviews::Passed(vec![logged])),
            Vec::<String>::new()
        );
        assert_eq!(
            with(PassedReviews::Passed(vec![week_before, logged])),
            [format!(
                "The review of {} passed with no review logged.",
                week_before.format("%-d %b %Y")
            )]
        );
        let next = logged + chrono::Duration::days(7);
        assert_eq!(
            with(PassedReviews::Passed(vec![week_before, logged, next])),
            [format!(
                "2 reviews passed with no review logged, the last on {}.",
                next.format("%-d %b %Y")
            )]
        );
        assert_eq!(
            with(PassedReviews::NoStartDate),
            ["The reviews have no start date, so a missed one cannot be noticed."]
        );
        assert_eq!(with(PassedReviews::NoSeries), Vec::<String>::new());
    }

    #[test]
    fn the_demo_plans_show_what_they_were_made_to_show() {
        let stalled = sample::stalled_plan(at().now);
        assert!(fires(&stalled, "has stalled"));
        let map = sample::map_candidate_plan(at().now);
        assert!(fires(&map, "Proseware has no escalation path."));
    }

    #[test]
    fn a_mutual_action_plan_skips_the_partner_rules() {
        let mut plan = sample::map_candidate_plan(at().now);
        plan.mode = PlanMode::MutualActionPlan;
        assert!(!fires(&plan, "Proseware"));
        assert!(!fires(&plan, "credit rule"));
    }

    #[test]
    fn findings_come_most_severe_first() {
        let mut plan = healthy();
        plan.milestones[1].due_on = None; // minor
        plan.accounts.clear(); // blocker
        plan.target = None; // major
        let severities: Vec<_> = check(&plan, at()).iter().map(|f| f.severity).collect();
        assert_eq!(
            severities,
            [Severity::Blocker, Severity::Major, Severity::Minor]
        );
    }
}
