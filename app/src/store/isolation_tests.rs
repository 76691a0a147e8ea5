//! Every write, given another organisation's plan or a plan that does not exist, answers
//! the same NotFound: nothing about another organisation's rows leaks through which
//! refusal comes back.

use super::{demo, edits, plans, rows, test_db, users, Db, StoreError};
use crate::domain::edit::{parse, Field};
use crate::domain::rows::{List, Move, NewRow};
use crate::domain::{PlanDetail, Side};

/// The demo's two-partner plan, and a second organisation with a plan of its own.
async fn two_organisations(db: &Db) -> (i64, PlanDetail, i64, PlanDetail) {
    demo::load(db, "hash").await.unwrap();
    let ours = users::org_by_name(db, demo::DEMO_ORG)
        .await
        .unwrap()
        .unwrap();
    let plan = plans::all(db, ours)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.partners.len() > 1)
        .unwrap();
    let theirs = users::create_org_with_user(db, "Nosy", "n@nosy.test", "N", "h")
        .await
        .unwrap()
        .org_id;
    let new = crate::domain::NewPlan {
        title: "Theirs".into(),
        partner: "P".into(),
        buyer_account: "B".into(),
        credit: None,
    };
    let their_plan = plans::create(db, theirs, "N", &new).await.unwrap();
    // An owner and an action of their own, whose ids are tried on our plan below.
    super::owners::place(db, theirs, "N", &vendor_owner(their_plan))
        .await
        .unwrap();
    let row = NewRow {
        plan_id: their_plan,
        list: List::Actions,
        side: Some(Side::Vendor),
        partner_id: None,
    };
    rows::add(db, theirs, "N", &row).await.unwrap();
    let their_plan = plans::detail(db, theirs, their_plan).await.unwrap();
    (ours, plan, theirs, their_plan)
}

/// Someone new as the plan's vendor account executive.
fn vendor_owner(plan_id: i64) -> crate::domain::owners::NewOwner {
    use crate::domain::roles::Role;
    super::owners_tests::newcomer(plan_id, Side::Vendor, Role::AccountExecutive, "N", "N")
}

/// A row of each list of the plan.
fn a_row(plan: &PlanDetail, list: List) -> i64 {
    match list {
        List::Partners => plan.partners[0].id,
        List::Accounts => plan.accounts[0].id,
        List::People => plan.people[0].id,
        List::Milestones => plan.milestones[0].id,
        List::Actions => plan.actions[0].id,
        List::Economics => plan.economics[0].id,
        List::EscalationSteps => plan.escalation_steps[0].id,
    }
}

fn not_found<T: std::fmt::Debug>(what: &str, result: Result<T, StoreError>) {
    assert!(
        matches!(result, Err(StoreError::NotFound)),
        "{what}: {result:?}"
    );
}

#[tokio::test]
async fn every_write_to_a_foreign_or_missing_plan_is_the_same_not_found() {
    test_db::each(|db| async move {
        let (ours, plan, theirs, their_plan) = two_organisations(&db).await;
        let missing = 999_999;
        // (organisation, plan): theirs writing to ours, and ours writing to nothing.
        let callers = [(theirs, plan.id), (ours, missing)];
        for (org, plan_id) in callers {
            for list in List::ALL.iter().copied() {
                let id = a_row(&plan, list);
                let what = format!("{list:?} by org {org} on plan {plan_id}");
                not_found(
                    &format!("remove {what}"),
                    rows::remove(&db, org, "N", plan_id, list, id).await,
                );
                not_found(
                    &format!("move {what}"),
                    rows::reorder(&db, org, "N", plan_id, list, id, Move::Up).await,
                );
                let new = NewRow {
                    plan_id,
                    list,
                    side: Some(Side::Partner),
                    partner_id: Some(plan.partners[0].id),
                };
                if list != List::People {
                    not_found(&format!("add {what}"), rows::add(&db, org, "N", &new).await);
                }
            }
            not_found(
                "place an owner",
                super::owners::place(&db, org, "N", &vendor_owner(plan_id)).await,
            );
            let email = |s: &str| parse(Field::PersonEmail, s).unwrap();
            not_found(
                "a person's email",
                edits::save_field(
                    &db,
                    org,
                    "N",
                    plan_id,
                    Field::PersonEmail,
                    Some(plan.people[0].id),
                    &email(&plan.people[0].email),
                    &email("x@y.test"),
                )
                .await,
            );
            let text = |s: &str| parse(Field::PlanTitle, s).unwrap();
            not_found(
                "title",
                edits::save_field(
                    &db,
                    org,
                    "N",
                    plan_id,
                    Field::PlanTitle,
                    None,
                    &text(&plan.title),
                    &text("x"),
                )
                .await,
            );
            // An owner of their own plan, set on ours: the plan decides first, not the owner.
            let action = plan.actions[0].id;
            let owner = |id: Option<i64>| crate::domain::edit::Value::Int(id);
            let elsewhere = their_plan.people[0].id;
            for (what, person) in [
                ("an owner from elsewhere", elsewhere),
                ("a missing owner", missing),
            ] {
                not_found(
                    what,
                    edits::save_field(
                        &db,
                        org,
                        "N",
                        plan_id,
                        Field::ActionOwner,
                        Some(action),
                        &owner(plan.actions[0].owner_id),
                        &owner(Some(person)),
                    )
                    .await,
                );
            }
            let party = |s: &str| parse(Field::EconomicsParty, s).unwrap();
            not_found(
                "party",
                edits::save_field(
                    &db,
                    org,
                    "N",
                    plan_id,
                    Field::EconomicsParty,
                    Some(plan.economics[0].id),
                    &party("vendor"),
                    &party("buyer"),
                )
                .await,
            );
        }
        // A row of their plan under our plan's id, by us: not ours either.
        let their_action = their_plan.actions[0].id;
        let text = |s: &str| parse(Field::ActionText, s).unwrap();
        not_found(
            "their row under our plan",
            edits::save_field(
                &db,
                ours,
                "A",
                plan.id,
                Field::ActionText,
                Some(their_action),
                &text("anything"),
                &text("x"),
            )
            .await,
        );
        assert_eq!(
            plans::detail(&db, ours, plan.id).await.unwrap(),
            plan,
            "nothing of ours changed"
        );
    })
    .await;
}

#[tokio::test]
async fn a_partner_side_row_names_its_partner() {
    test_db::each(|db| async move {
        let (ours, plan, _, _) = two_organisations(&db).await;
        for list in [List::Actions, List::Economics, List::EscalationSteps] {
            let new = NewRow {
                plan_id: plan.id,
                list,
                side: Some(Side::Partner),
                partner_id: None,
            };
            let refused = rows::add(&db, ours, "A", &new).await;
            assert!(
                matches!(&refused, Err(StoreError::Invalid(m)) if m.contains("which partner")),
                "{list:?}: {refused:?}"
            );
        }
        assert_eq!(plans::detail(&db, ours, plan.id).await.unwrap(), plan);
    })
    .await;
}
