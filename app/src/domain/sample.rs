//! Sample plans that between them fill every part of a plan: the demo organisation's
//! plans, and the baseline the health checks are tested against. Dates are relative to
//! `today`, so a stalled action stays stalled whenever the samples are made.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc, Weekday};

use super::cadence::first_on_or_after;
use super::owners::{CustomRole, RoleRow};
use super::plan::*;
use super::roles::Role;

const ACTOR: &str = "Alex Rivera";

fn days(today: NaiveDate, offset: i64) -> NaiveDate {
    if offset >= 0 {
        today.checked_add_days(Days::new(offset as u64))
    } else {
        today.checked_sub_days(Days::new(offset.unsigned_abs()))
    }
    .unwrap_or(today)
}

fn person(
    id: i64,
    side: Side,
    partner_id: Option<i64>,
    role: &str,
    name: (&str, &str),
    email: &str,
    title: &str,
) -> Person {
    let role = match Role::recognise(role) {
        Some(role) => RoleRow::Standard(role),
        None => RoleRow::Custom(custom_role(role).id),
    };
    // The role that answers for a party's pipeline is its accountable owner.
    let accountable = matches!(
        role,
        RoleRow::Standard(Role::AccountExecutive | Role::PartnerCounterpart | Role::EconomicBuyer)
    );
    Person {
        id,
        person_id: id,
        side,
        partner_id,
        role,
        accountable,
        first_name: name.0.into(),
        last_name: name.1.into(),
        email: email.into(),
        title: title.into(),
    }
}

/// The custom roles the samples use, as rows of their grids.
const CUSTOM_ROLES: [&str; 2] = ["Solutions engineer", "Procurement"];

fn custom_role(label: &str) -> CustomRole {
    let at = CUSTOM_ROLES
        .iter()
        .position(|c| *c == label)
        .expect("a sample's role is standard or one of CUSTOM_ROLES");
    CustomRole {
        id: at as i64 + 1,
        label: label.into(),
    }
}

fn account(id: i64, name: &str, vendor: Relation, partner: Relation) -> SharedAccount {
    SharedAccount {
        id,
        name: name.into(),
        vendor_relation: vendor,
        partner_relation: partner,
    }
}

fn milestone(
    id: i64,
    title: &str,
    due_on: Option<NaiveDate>,
    owner: i64,
    status: WorkStatus,
) -> Milestone {
    Milestone {
        id,
        title: title.into(),
        due_on,
        owner_id: Some(owner),
        status,
    }
}

#[allow(clippy::too_many_arguments)]
fn action(
    now: DateTime<Utc>,
    id: i64,
    side: Side,
    partner_id: Option<i64>,
    text: &str,
    owner: Option<i64>,
    due_on: Option<NaiveDate>,
    status: WorkStatus,
    updated_days_ago: i64,
) -> JointAction {
    JointAction {
        id,
        side,
        partner_id,
        text: text.into(),
        owner_id: owner,
        due_on,
        status,
        updated_at: now - chrono::Duration::days(updated_days_ago),
        updated_by: ACTOR.into(),
    }
}

/// Every path with its chain: (side, partner, stall days, people in escalation order).
fn escalation(
    paths: &[(Side, Option<i64>, i64, &[i64])],
) -> (Vec<EscalationPath>, Vec<EscalationStep>) {
    let mut steps: Vec<EscalationStep> = Vec::new();
    let mut all = Vec::new();
    for (i, (side, partner_id, stall_days, chain)) in paths.iter().enumerate() {
        for person_id in chain.iter() {
            let id = steps.len() as i64 + 1;
            steps.push(EscalationStep {
                id,
                side: *side,
                partner_id: *partner_id,
                person_id: *person_id,
            });
        }
        all.push(EscalationPath {
            id: i as i64 + 1,
            side: *side,
            partner_id: *partner_id,
            stall_days: *stall_days,
        });
    }
    (all, steps)
}

fn weekly(weekday: Weekday, hour: u32, time_zone: &str) -> Option<Cadence> {
    Some(Cadence {
        frequency: Frequency::Weekly,
        weekday,
        time: NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default(),
        time_zone: time_zone.into(),
        minutes: 30,
    })
}

fn empty_plan(now: DateTime<Utc>, title: &str, buyer: &str, status: PlanStatus) -> PlanDetail {
    PlanDetail {
        partners_see_each_other: false,
        id: 0,
        title: title.into(),
        buyer_account: buyer.into(),
        status,
        mode: PlanMode::ThreeParty,
        version: 1,
        updated_at: now,
        partners: vec![],
        accounts: vec![],
        people: vec![],
        roles: vec![],
        milestones: vec![],
        actions: vec![],
        economics: vec![],
        credit: CreditRule {
            kind: None,
            text: String::new(),
            agreed_by_vendor: String::new(),
            agreed_by_partner: String::new(),
            agreed_on: None,
        },
        escalations: vec![],
        escalation_steps: vec![],
        motion: DealMotion {
            front: None,
            coordination: String::new(),
        },
        cadence: None,
        target: None,
        schedule: ScheduleFields::default(),
        review_exceptions: vec![],
        held_meetings: vec![],
        reviews: vec![],
    }
}

/// A healthy, full plan run with two partners: an SI and a cloud marketplace.
pub fn two_partner_plan(now: DateTime<Utc>) -> PlanDetail {
    let today = now.date_naive();
    use Side::{Buyer, Vendor};
    use WorkStatus::*;
    let (contoso, litware) = (Some(1), Some(2));
    let last_tuesday = first_on_or_after(days(today, -7), Weekday::Tue);
    let (escalations, escalation_steps) = escalation(&[
        (Vendor, None, 14, &[1, 2][..]),
        (Side::Partner, contoso, 14, &[3, 4][..]),
        (Side::Partner, litware, 10, &[5][..]),
        (Buyer, None, 14, &[7, 6][..]),
    ]);
    PlanDetail {
        partners_see_each_other: false,
        partners: vec![
            Partner { id: 1, name: "Contoso Consulting".into(), kind: PartnerKind::SystemsIntegrator, partnership_id: None },
            Partner { id: 2, name: "Litware Marketplace".into(), kind: PartnerKind::Marketplace, partnership_id: None },
        ],
        accounts: vec![
            account(1, "Fabrikam Inc.", Relation::Prospect, Relation::Customer),
            account(2, "Fabrikam Logistics GmbH", Relation::Prospect, Relation::Prospect),
            account(3, "Fabrikam Retail", Relation::Customer, Relation::Customer),
        ],
        people: vec![
            person(1, Vendor, None, "Account executive", ("Alex", "Rivera"), "ae@northwind.test", "Enterprise AE"),
            person(2, Vendor, None, "Partner manager", ("Priya", "Shah"), "priya.shah@northwind.test", "Partner Manager, SIs"),
            person(3, Side::Partner, contoso, "Partner counterpart", ("Tomás", "Ortega"), "tomas.ortega@contoso.test", "Data Practice Lead"),
            person(4, Side::Partner, contoso, "Alignment specialist", ("Mei", "Tanaka"), "mei.tanaka@contoso.test", "Alliance Manager"),
            person(5, Side::Partner, litware, "Partner counterpart", ("Sam", "Okafor"), "sam.okafor@litware.test", "Marketplace Deal Desk"),
            person(6, Buyer, None, "Economic buyer", ("Dana", "Whitfield"), "dana.whitfield@fabrikam.test", "CFO"),
            person(7, Buyer, None, "Champion", ("Luis", "Moreno"), "luis.moreno@fabrikam.test", "Head of Data"),
            person(8, Buyer, None, "Technical evaluator", ("Ingrid", "Berg"), "ingrid.berg@fabrikam.test", "Principal Engineer"),
        ],
        milestones: vec![
            milestone(1, "Discovery workshop held", Some(days(today, -21)), 3, Done),
            milestone(2, "Proof of value signed off", Some(days(today, 14)), 8, InProgress),
            milestone(3, "Security review passed", Some(days(today, 28)), 7, Open),
            milestone(4, "Order placed through the marketplace", Some(days(today, 60)), 6, Open),
        ],
        actions: vec![
            action(now, 1, Vendor, None, "Send the proof-of-value success criteria", Some(1), Some(days(today, 3)), InProgress, 2),
            action(now, 2, Vendor, None, "Book the executive sponsor call", Some(2), Some(days(today, 10)), Open, 1),
            action(now, 3, Side::Partner, contoso, "Staff two data engineers for the pilot", Some(3), Some(days(today, 7)), InProgress, 3),
            action(now, 4, Side::Partner, litware, "Prepare the private offer", Some(5), Some(days(today, 30)), Open, 4),
            action(now, 5, Buyer, None, "Grant sandbox access to both teams", Some(8), Some(days(today, 5)), Open, 1),
            action(now, 6, Buyer, None, "Confirm budget line for FY", Some(6), Some(days(today, 20)), Open, 2),
        ],
        economics: vec![
            EconomicsLine { id: 1, kind: EconomicsKind::ServicesRevenueShare, side: Side::Partner, partner_id: contoso, percent_bp: Some(1500), amount: None, currency: None, note: "Implementation services".into() },
            EconomicsLine { id: 2, kind: EconomicsKind::ResaleMargin, side: Side::Partner, partner_id: litware, percent_bp: Some(300), amount: None, currency: None, note: "Marketplace listing fee".into() },
            EconomicsLine { id: 3, kind: EconomicsKind::Mdf, side: Vendor, partner_id: None, percent_bp: None, amount: Some(15_000), currency: Some("EUR".into()), note: "Joint launch event".into() },
        ],
        credit: CreditRule {
            kind: Some(CreditKind::PartnerSourced),
            text: "Contoso sourced the opportunity; Litware is credited for the transaction.".into(),
            agreed_by_vendor: "Priya Shah".into(),
            agreed_by_partner: "Mei Tanaka".into(),
            agreed_on: Some(days(today, -30)),
        },
        escalations,
        escalation_steps,
        motion: DealMotion {
            front: Some(Front::Joint),
            coordination: "Contoso leads the technical work, Northwind leads commercials; the order goes through Litware's marketplace.".into(),
        },
        cadence: weekly(Weekday::Tue, 10, "Europe/London"),
        // The series starts with last Tuesday's review, which is logged; on a Tuesday,
        // so is the day's (the plan stays healthy whenever the demo is loaded).
        schedule: ScheduleFields { starts_on: Some(last_tuesday), ..ScheduleFields::default() },
        target: Some(Target { amount: 480_000, currency: "EUR".into(), due_on: days(today, 75) }),
        reviews: [last_tuesday, first_on_or_after(today, Weekday::Tue)]
            .into_iter()
            .filter(|day| *day <= today)
            .enumerate()
            .map(|(at, meeting_on)| ReviewLog {
                id: at as i64 + 1,
                meeting_on,
                notes: "Pilot scope agreed.".into(),
                blockers: "Sandbox access pending at Fabrikam.".into(),
                next_moves: "Ingrid to grant access; Tomás to staff engineers.".into(),
            })
            .collect(),
        ..empty_plan(now, "Fabrikam data platform modernisation", "Fabrikam Inc.", PlanStatus::Active)
    }
}

/// One partner, an action stalled past its threshold and a review that passed unlogged.
pub fn stalled_plan(now: DateTime<Utc>) -> PlanDetail {
    let today = now.date_naive();
    // The Monday of three weeks ago: the series' first review, the only one logged.
    let three_weeks_ago = first_on_or_after(days(today, -21), Weekday::Mon);
    use Side::{Buyer, Vendor};
    use WorkStatus::*;
    let wwi = Some(1);
    let (escalations, escalation_steps) = escalation(&[
        (Vendor, None, 14, &[1][..]),
        (Side::Partner, wwi, 14, &[2][..]),
        (Buyer, None, 14, &[3][..]),
    ]);
    PlanDetail {
        partners_see_each_other: false,
        partners: vec![Partner {
            id: 1,
            name: "Wide World Importers".into(),
            kind: PartnerKind::Reseller,
            partnership_id: None,
        }],
        accounts: vec![account(
            1,
            "Tailspin Toys",
            Relation::Customer,
            Relation::Customer,
        )],
        people: vec![
            person(
                1,
                Vendor,
                None,
                "Account executive",
                ("Alex", "Rivera"),
                "ae@northwind.test",
                "Enterprise AE",
            ),
            person(
                2,
                Side::Partner,
                wwi,
                "Partner counterpart",
                ("Grace", "Lin"),
                "grace.lin@wwi.test",
                "Account Manager",
            ),
            person(
                3,
                Buyer,
                None,
                "Champion",
                ("Omar", "Haddad"),
                "omar.haddad@tailspin.test",
                "IT Director",
            ),
        ],
        milestones: vec![
            milestone(1, "Renewal quote accepted", Some(days(today, -3)), 3, Open),
            milestone(
                2,
                "Expansion seats rolled out",
                Some(days(today, 40)),
                2,
                Open,
            ),
        ],
        actions: vec![
            action(
                now,
                1,
                Side::Partner,
                wwi,
                "Send the renewal quote on reseller paper",
                Some(2),
                Some(days(today, -5)),
                Open,
                30,
            ),
            action(
                now,
                2,
                Vendor,
                None,
                "Confirm expansion pricing",
                Some(1),
                Some(days(today, 6)),
                InProgress,
                1,
            ),
            action(
                now,
                3,
                Buyer,
                None,
                "Name the procurement contact",
                Some(3),
                Some(days(today, 9)),
                Open,
                2,
            ),
        ],
        economics: vec![EconomicsLine {
            id: 1,
            kind: EconomicsKind::ResaleMargin,
            side: Side::Partner,
            partner_id: wwi,
            percent_bp: Some(1200),
            amount: None,
            currency: None,
            note: "Standard reseller margin".into(),
        }],
        credit: CreditRule {
            kind: Some(CreditKind::PartnerInfluenced),
            text: "Northwind owns the renewal; Wide World is credited with the expansion seats."
                .into(),
            agreed_by_vendor: "Alex Rivera".into(),
            agreed_by_partner: "Grace Lin".into(),
            agreed_on: Some(days(today, -60)),
        },
        escalations,
        escalation_steps,
        motion: DealMotion {
            front: Some(Front::Partner),
            coordination:
                "Wide World fronts the customer and transacts; Northwind joins the pricing call."
                    .into(),
        },
        cadence: weekly(Weekday::Mon, 15, "America/New_York"),
        target: Some(Target {
            amount: 120_000,
            currency: "USD".into(),
            due_on: days(today, 30),
        }),
        // The last logged review is three weeks old: the weekly reviews since passed unlogged.
        schedule: ScheduleFields {
            starts_on: Some(three_weeks_ago),
            ..ScheduleFields::default()
        },
        reviews: vec![ReviewLog {
            id: 1,
            meeting_on: three_weeks_ago,
            notes: "Renewal on track.".into(),
            blockers: String::new(),
            next_moves: "Grace to send the quote.".into(),
        }],
        ..empty_plan(
            now,
            "Tailspin Toys renewal and expansion",
            "Tailspin Toys",
            PlanStatus::Active,
        )
    }
}

/// A partner with no active role, a 20-day cycle and nothing shared: a two-party mutual
/// action plan would serve better.
pub fn map_candidate_plan(now: DateTime<Utc>) -> PlanDetail {
    let today = now.date_naive();
    use Side::{Buyer, Vendor};
    use WorkStatus::*;
    let (escalations, escalation_steps) = escalation(&[(Vendor, None, 14, &[1][..])]);
    PlanDetail {
        partners_see_each_other: false,
        partners: vec![Partner {
            id: 1,
            name: "Proseware".into(),
            kind: PartnerKind::Isv,
            partnership_id: None,
        }],
        accounts: vec![account(
            1,
            "Adventure Works",
            Relation::Prospect,
            Relation::None,
        )],
        people: vec![
            person(
                1,
                Vendor,
                None,
                "Account executive",
                ("Alex", "Rivera"),
                "ae@northwind.test",
                "Enterprise AE",
            ),
            person(
                2,
                Side::Partner,
                Some(1),
                "Partner counterpart",
                ("Kim", "Abercrombie"),
                "kim@proseware.test",
                "Alliances",
            ),
            person(
                3,
                Buyer,
                None,
                "Technical evaluator",
                ("Ravi", "Kumar"),
                "ravi.kumar@adventure-works.test",
                "Engineering Manager",
            ),
        ],
        milestones: vec![milestone(
            1,
            "Pilot go/no-go",
            Some(days(today, 18)),
            3,
            Open,
        )],
        actions: vec![
            action(
                now,
                1,
                Vendor,
                None,
                "Set up the pilot tenant",
                Some(1),
                Some(days(today, 4)),
                Open,
                0,
            ),
            action(
                now,
                2,
                Buyer,
                None,
                "Share the pilot success criteria",
                Some(3),
                Some(days(today, 6)),
                Open,
                0,
            ),
        ],
        credit: CreditRule {
            kind: Some(CreditKind::PartnerInfluenced),
            text: "Proseware's connector is part of the solution; no revenue is shared.".into(),
            agreed_by_vendor: "Alex Rivera".into(),
            agreed_by_partner: String::new(),
            agreed_on: None,
        },
        escalations,
        escalation_steps,
        motion: DealMotion {
            front: Some(Front::Vendor),
            coordination: "Northwind runs the pilot directly; Proseware is kept informed.".into(),
        },
        cadence: weekly(Weekday::Thu, 9, "Europe/Berlin"),
        target: Some(Target {
            amount: 36_000,
            currency: "EUR".into(),
            due_on: days(today, 20),
        }),
        ..empty_plan(
            now,
            "Adventure Works pilot",
            "Adventure Works",
            PlanStatus::Draft,
        )
    }
}

/// The largest plan one page must hold in print: 5 accounts, 10 owners, 8 milestones and
/// 15 actions, every part filled.
pub fn one_page_plan(now: DateTime<Utc>) -> PlanDetail {
    let today = now.date_naive();
    use Side::{Buyer, Vendor};
    use WorkStatus::*;
    let base = two_partner_plan(now);
    let (contoso, litware) = (Some(1), Some(2));
    let mut people = base.people.clone();
    people.push(person(
        9,
        Vendor,
        None,
        "Solutions engineer",
        ("Noah", "Berger"),
        "noah.berger@northwind.test",
        "Principal SE",
    ));
    people.push(person(
        10,
        Buyer,
        None,
        "Procurement",
        ("Ava", "Lindqvist"),
        "ava.lindqvist@fabrikam.test",
        "Procurement Lead",
    ));
    let titles = [
        "Discovery workshop held",
        "Architecture review",
        "Proof of value signed off",
        "Security review passed",
        "Legal review done",
        "Budget approved",
        "Order placed through the marketplace",
        "Go-live",
    ];
    let milestones = titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            milestone(
                i as i64 + 1,
                t,
                Some(days(today, 7 * i as i64 - 14)),
                (i % 10) as i64 + 1,
                if i < 2 { Done } else { Open },
            )
        })
        .collect();
    let sides = [
        (Vendor, None),
        (Side::Partner, contoso),
        (Side::Partner, litware),
        (Buyer, None),
    ];
    let actions = (0..15)
        .map(|i| {
            let (side, partner) = sides[i % sides.len()];
            action(
                now,
                i as i64 + 1,
                side,
                partner,
                &format!(
                    "Joint action number {} with a realistic length of text",
                    i + 1
                ),
                Some((i % 10) as i64 + 1),
                Some(days(today, i as i64 + 3)),
                if i % 3 == 0 { InProgress } else { Open },
                1,
            )
        })
        .collect();
    PlanDetail {
        partners_see_each_other: false,
        accounts: vec![
            account(1, "Fabrikam Inc.", Relation::Prospect, Relation::Customer),
            account(
                2,
                "Fabrikam Logistics GmbH",
                Relation::Prospect,
                Relation::Prospect,
            ),
            account(3, "Fabrikam Retail", Relation::Customer, Relation::Customer),
            account(4, "Fabrikam Japan KK", Relation::Prospect, Relation::None),
            account(
                5,
                "Fabrikam Financial Services",
                Relation::None,
                Relation::Customer,
            ),
        ],
        people,
        roles: CUSTOM_ROLES
            .iter()
            .map(|label| custom_role(label))
            .collect(),
        milestones,
        actions,
        title: "Fabrikam global rollout".into(),
        ..base
    }
}

/// Target accounts of the demo's Contoso partnership, as an overlap import leaves them.
pub fn overlap_accounts() -> Vec<super::overlap::OverlapAccount> {
    use super::Relation::*;
    let account =
        |name: &str, domain: &str, vendor, partner, segment: &str| super::overlap::OverlapAccount {
            name: name.into(),
            domain: Some(domain.into()),
            vendor,
            partner,
            vendor_owner: String::new(),
            partner_owner: String::new(),
            segment: segment.into(),
        };
    vec![
        account(
            "Fabrikam Inc.",
            "fabrikam.com",
            Customer,
            Opportunity,
            "Enterprise",
        ),
        account(
            "Tailspin Toys",
            "tailspintoys.com",
            Prospect,
            Customer,
            "Mid-market",
        ),
        account(
            "Wingtip Toys",
            "wingtiptoys.com",
            Opportunity,
            Customer,
            "Mid-market",
        ),
        account(
            "Adventure Works",
            "adventure-works.com",
            Prospect,
            Prospect,
            "Enterprise",
        ),
    ]
}
