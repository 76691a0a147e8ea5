//! The owners grid and the people directory, on SQLite and PostgreSQL.

use super::owners::*;
use super::{edits, plans, test_db, users, Db, StoreError};
use crate::domain::edit::{Field, SaveOutcome, Value};
use crate::domain::owners::{AccountableOutcome, Cell, NewOwner, NewPerson, RoleRow, Who};
use crate::domain::roles::Role;
use crate::domain::{NewPlan, PlanDetail, Side};

fn deal(title: &str) -> NewPlan {
    NewPlan {
        title: title.into(),
        partner: "Contoso".into(),
        buyer_account: "Fabrikam".into(),
        credit: None,
    }
}

/// An organisation with two plans: (org, first plan, second plan).
async fn org_with_two_plans(db: &Db, name: &str) -> (i64, i64, i64) {
    let org = users::create_org_with_user(db, name, &format!("a@{name}.test"), "A", "h")
        .await
        .unwrap()
        .org_id;
    let first = plans::create(db, org, "Ann", &deal("First")).await.unwrap();
    let second = plans::create(db, org, "Ann", &deal("Second"))
        .await
        .unwrap();
    (org, first, second)
}

/// Someone new to the directory, named `first last`, for the plan's `side` (not a
/// partner) in `role`: what other stores' tests place as an owner.
pub(super) fn newcomer(plan_id: i64, side: Side, role: Role, first: &str, last: &str) -> NewOwner {
    NewOwner {
        plan_id,
        cell: cell(side, role),
        who: Who::New(NewPerson {
            first_name: first.into(),
            last_name: last.into(),
            ..NewPerson::default()
        }),
    }
}

fn cell(side: Side, role: Role) -> Cell {
    Cell {
        side,
        partner_id: None,
        role: RoleRow::Standard(role),
    }
}

fn dana() -> NewPerson {
    NewPerson {
        first_name: " Dana ".into(),
        last_name: "Reyes".into(),
        email: "dana@fabrikam.test".into(),
        title: "CFO".into(),
    }
}

async fn detail(db: &Db, org: i64, plan: i64) -> PlanDetail {
    plans::detail(db, org, plan).await.unwrap()
}

#[tokio::test]
async fn a_person_is_entered_once_and_placed_again_on_another_plan() {
    test_db::each(|db| async move {
        let (org, first, second) = org_with_two_plans(&db, "ours").await;
        let champion = cell(Side::Buyer, Role::Champion);
        let new = NewOwner {
            plan_id: first,
            cell: champion,
            who: Who::New(dana()),
        };
        let owner = place(&db, org, "Ann", &new).await.unwrap();
        let plan = detail(&db, org, first).await;
        let placed = plan.people.iter().find(|p| p.id == owner).unwrap();
        assert_eq!(
            (
                placed.first_name.as_str(),
                placed.last_name.as_str(),
                placed.email.as_str()
            ),
            ("Dana", "Reyes", "dana@fabrikam.test"),
            "stored trimmed"
        );
        assert_eq!(Cell::of(placed), champion);
        assert!(!placed.accountable);

        // Found again by a piece of the name or the email, in any case.
        for query in ["dan", "REYES", "na re", "fabrikam.test"] {
            let found = find_people(&db, org, second, query, 8).await.unwrap();
            assert_eq!(found.len(), 1, "{query}");
            assert_eq!(found[0].id, placed.person_id);
        }
        assert!(
            find_people(&db, org, second, "%", 8)
                .await
                .unwrap()
                .is_empty(),
            "a wildcard is a character"
        );

        let again = NewOwner {
            plan_id: second,
            cell: cell(Side::Buyer, Role::EconomicBuyer),
            who: Who::Existing(placed.person_id),
        };
        let second_owner = place(&db, org, "Ann", &again).await.unwrap();
        let other = detail(&db, org, second).await;
        let reused = other.people.iter().find(|p| p.id == second_owner).unwrap();
        assert_eq!(reused.person_id, placed.person_id);
        assert_eq!(reused.full_name(), "Dana Reyes");

        // Not twice in one cell.
        let twice = place(&db, org, "Ann", &again).await;
        assert!(
            matches!(&twice, Err(StoreError::Invalid(m)) if m.contains("already in this cell")),
            "{twice:?}"
        );

        // Another organisation neither finds nor places our people.
        let (theirs, their_plan, _) = org_with_two_plans(&db, "theirs").await;
        assert!(find_people(&db, theirs, their_plan, "dana", 8)
            .await
            .unwrap()
            .is_empty());
        assert!(matches!(
            find_people(&db, theirs, first, "dana", 8).await,
            Err(StoreError::NotFound)
        ));
        let borrowed = NewOwner {
            plan_id: their_plan,
            ..again.clone()
        };
        assert!(matches!(
            place(&db, theirs, "T", &borrowed).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            place(&db, theirs, "T", &again).await,
            Err(StoreError::NotFound)
        ));

        // The history says who was placed where.
        let history = super::history::list(&db, org, second, Some("owners"), false)
            .await
            .unwrap();
        assert_eq!(
            history[0].new_value.as_deref(),
            Some("Dana Reyes, Economic buyer")
        );
    })
    .await;
}

#[tokio::test]
async fn a_party_has_at_most_one_accountable_owner() {
    test_db::each(|db| async move {
        let (org, plan_id, _) = org_with_two_plans(&db, "ours").await;
        let vendor = |role| newcomer(plan_id, Side::Vendor, role, &format!("{role:?}"), "X");
        let ae = place(&db, org, "Ann", &vendor(Role::AccountExecutive)).await.unwrap();
        let pm = place(&db, org, "Ann", &vendor(Role::PartnerManager)).await.unwrap();
        let buyer = place(&db, org, "Ann", &NewOwner { plan_id, cell: cell(Side::Buyer, Role::Champion), who: Who::New(dana()) }).await.unwrap();

        assert_eq!(set_accountable(&db, org, "Ann", plan_id, None, Some(ae)).await.unwrap(), AccountableOutcome::Saved);
        assert_eq!(set_accountable(&db, org, "Ann", plan_id, None, Some(buyer)).await.unwrap(), AccountableOutcome::Saved, "another party's is its own");
        // Ben still believes the vendor has none: he sees Ann's choice, nothing changes.
        assert_eq!(
            set_accountable(&db, org, "Ben", plan_id, None, Some(pm)).await.unwrap(),
            AccountableOutcome::Conflict { accountable: Some(ae) }
        );
        assert_eq!(set_accountable(&db, org, "Ben", plan_id, Some(ae), Some(pm)).await.unwrap(), AccountableOutcome::Saved);
        let plan = detail(&db, org, plan_id).await;
        let accountable: Vec<i64> = plan.people.iter().filter(|p| p.accountable).map(|p| p.id).collect();
        assert_eq!(accountable, [pm, buyer]);

        // The database itself refuses a second one, whatever writes it.
        let second: Result<_, sqlx::Error> = on_pool!(&db, pool => {
            sqlx::query("UPDATE plan_people SET accountable = $1 WHERE id = $2").bind(true).bind(ae).execute(pool).await.map(|_| ())
        });
        assert!(second.is_err(), "the unique index holds");

        // Cleared: nobody is accountable for the vendor.
        assert_eq!(set_accountable(&db, org, "Ann", plan_id, Some(pm), None).await.unwrap(), AccountableOutcome::Saved);
        let plan = detail(&db, org, plan_id).await;
        assert!(plan.people.iter().filter(|p| p.side == Side::Vendor).all(|p| !p.accountable));
        // Another organisation cannot touch it.
        let (theirs, _, _) = org_with_two_plans(&db, "theirs").await;
        assert!(matches!(set_accountable(&db, theirs, "T", plan_id, None, Some(ae)).await, Err(StoreError::NotFound)));
    })
    .await;
}

#[tokio::test]
async fn an_email_correction_reaches_every_plan_and_its_history() {
    test_db::each(|db| async move {
        let (org, first, second) = org_with_two_plans(&db, "ours").await;
        let on_first = place(
            &db,
            org,
            "Ann",
            &NewOwner {
                plan_id: first,
                cell: cell(Side::Buyer, Role::Champion),
                who: Who::New(dana()),
            },
        )
        .await
        .unwrap();
        let person = detail(&db, org, first).await.people[0].person_id;
        place(
            &db,
            org,
            "Ann",
            &NewOwner {
                plan_id: second,
                cell: cell(Side::Buyer, Role::Champion),
                who: Who::Existing(person),
            },
        )
        .await
        .unwrap();

        let text = |s: &str| Value::Text(s.into());
        let saved = edits::save_field(
            &db,
            org,
            "Ann",
            first,
            Field::PersonEmail,
            Some(on_first),
            &text("dana@fabrikam.test"),
            &text("dana.reyes@fabrikam.test"),
        )
        .await
        .unwrap();
        assert_eq!(
            saved,
            SaveOutcome::Saved {
                value: "dana.reyes@fabrikam.test".into()
            }
        );
        for plan in [first, second] {
            assert_eq!(
                detail(&db, org, plan).await.people[0].email,
                "dana.reyes@fabrikam.test"
            );
            let history = super::history::list(&db, org, plan, Some("owners"), false)
                .await
                .unwrap();
            let entry = &history[0];
            assert_eq!(entry.field, format!("person {person}: email"));
            assert_eq!(
                (entry.old_value.as_deref(), entry.new_value.as_deref()),
                (Some("dana@fabrikam.test"), Some("dana.reyes@fabrikam.test"))
            );
        }
        // A second writer with the old email sees the correction, and writes nothing.
        let late = edits::save_field(
            &db,
            org,
            "Ben",
            first,
            Field::PersonEmail,
            Some(on_first),
            &text("dana@fabrikam.test"),
            &text("d@f.test"),
        )
        .await
        .unwrap();
        assert_eq!(
            late,
            SaveOutcome::Conflict {
                theirs: "dana.reyes@fabrikam.test".into()
            }
        );
        // An owner of one plan is not a way into another plan's people.
        let refused = edits::save_field(
            &db,
            org,
            "Ann",
            second,
            Field::PersonEmail,
            Some(on_first),
            &text("dana.reyes@fabrikam.test"),
            &text("x@y.test"),
        )
        .await;
        assert!(matches!(refused, Err(StoreError::NotFound)));
    })
    .await;
}

#[tokio::test]
async fn custom_roles_are_added_and_removed_only_when_empty() {
    test_db::each(|db| async move {
        let (org, plan_id, _) = org_with_two_plans(&db, "ours").await;
        let legal = add_role(&db, org, "Ann", plan_id, "  Legal   counsel ")
            .await
            .unwrap();
        assert_eq!(legal.label, "Legal counsel");
        assert!(matches!(
            add_role(&db, org, "Ann", plan_id, "legal counsel").await,
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            add_role(&db, org, "Ann", plan_id, "PDM").await,
            Err(StoreError::Invalid(_))
        ));
        let owner = place(
            &db,
            org,
            "Ann",
            &NewOwner {
                plan_id,
                cell: Cell {
                    side: Side::Buyer,
                    partner_id: None,
                    role: RoleRow::Custom(legal.id),
                },
                who: Who::New(dana()),
            },
        )
        .await
        .unwrap();
        assert_eq!(detail(&db, org, plan_id).await.roles, vec![legal.clone()]);
        let refused = remove_role(&db, org, "Ann", plan_id, legal.id).await;
        assert!(
            matches!(&refused, Err(StoreError::Invalid(m)) if m.contains("still has people")),
            "{refused:?}"
        );
        super::rows::remove(
            &db,
            org,
            "Ann",
            plan_id,
            crate::domain::rows::List::People,
            owner,
        )
        .await
        .unwrap();
        remove_role(&db, org, "Ann", plan_id, legal.id)
            .await
            .unwrap();
        assert!(detail(&db, org, plan_id).await.roles.is_empty());
        // A role of another plan is no row of this one.
        let (theirs, their_plan, _) = org_with_two_plans(&db, "theirs").await;
        let theirs_role = add_role(&db, theirs, "T", their_plan, "Procurement")
            .await
            .unwrap();
        let misplaced = NewOwner {
            plan_id,
            cell: Cell {
                side: Side::Buyer,
                partner_id: None,
                role: RoleRow::Custom(theirs_role.id),
            },
            who: Who::New(dana()),
        };
        assert!(matches!(
            place(&db, org, "Ann", &misplaced).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

/// Migration 0003 on a database with owners in it: every owner keeps their id (so every
/// milestone, action and escalation step keeps its person), becomes a person of the
/// directory (the same person across an organisation's plans where email and name agree),
/// and their free-text role becomes a standard or a custom role.
#[tokio::test]
async fn migration_0003_moves_owners_onto_the_directory_and_the_grid() {
    test_db::each_unmigrated(|db| async move {
        db.migrate_to(2).await.unwrap();
        let at = "'2026-01-01T00:00:00Z'";
        let statements = [
            format!("INSERT INTO organisations (id, name, created_at) VALUES (1, 'Ours', {at}), (2, 'Theirs', {at})"),
            format!(
                "INSERT INTO plans (id, org_id, title, buyer_account, created_at, updated_at, updated_by) VALUES \
                 (1, 1, 'One', 'Fabrikam', {at}, {at}, 'A'), (2, 1, 'Two', 'Fabrikam', {at}, {at}, 'A'), \
                 (3, 2, 'Three', 'Fabrikam', {at}, {at}, 'A')"
            ),
            "INSERT INTO plan_partners (id, plan_id, name, kind, position) VALUES (7, 1, 'Contoso', 'reseller', 0)".into(),
            "INSERT INTO plan_people (id, plan_id, side, partner_id, role, first_name, last_name, email, title, position) VALUES \
             (11, 1, 'vendor', NULL, 'AE', 'Alex', 'Rivera', 'alex@northwind.test', 'Enterprise AE', 0), \
             (12, 1, 'partner', 7, 'PDM', 'Mei', 'Tanaka', '', '', 1), \
             (13, 1, 'buyer', NULL, 'Legal counsel', 'Ana', 'Lima', 'ana@fabrikam.test', '', 2), \
             (14, 1, 'buyer', NULL, 'legal  COUNSEL', 'Bo', 'Li', '', '', 3), \
             (21, 2, 'vendor', NULL, 'Account Executive', 'ALEX', 'rivera', 'Alex@Northwind.test', '', 0), \
             (22, 2, 'buyer', NULL, ' Procurement ', 'Cy', 'Ng', '', '', 1), \
             (23, 2, 'buyer', NULL, 'Champion', 'Mei', 'Tanaka', '', '', 2), \
             (31, 3, 'vendor', NULL, 'ae', 'Alex', 'Rivera', 'alex@northwind.test', '', 0)".into(),
            "INSERT INTO milestones (id, plan_id, title, owner_id, position) VALUES (1, 1, 'Workshop', 13, 0)".into(),
            format!("INSERT INTO actions (id, plan_id, side, partner_id, text, owner_id, position, updated_at) VALUES (1, 1, 'partner', 7, 'Intro', 12, 0, {at})"),
            "INSERT INTO escalation_steps (id, plan_id, side, partner_id, person_id, position) VALUES (1, 1, 'vendor', NULL, 11, 0)".into(),
        ];
        on_pool!(&db, pool => {
            for statement in &statements {
                sqlx::query(statement).execute(pool).await.unwrap();
            }
        });
        db.migrate().await.unwrap();
        assert_eq!(read_legacy_roles(&db).await.unwrap(), 0, "read once, at the first start");

        let one = detail(&db, 1, 1).await;
        let by_id = |plan: &PlanDetail, id: i64| plan.people.iter().find(|p| p.id == id).cloned().unwrap();
        let legal = one.roles.iter().find(|r| r.label == "Legal counsel").expect("a custom role").id;
        assert_eq!(one.roles.len(), 1, "one row for both spellings: {:?}", one.roles);
        let roles: Vec<(i64, RoleRow)> = one.people.iter().map(|p| (p.id, p.role)).collect();
        assert_eq!(
            roles,
            [
                (11, RoleRow::Standard(Role::AccountExecutive)),
                (12, RoleRow::Standard(Role::PartnerManager)),
                (13, RoleRow::Custom(legal)),
                (14, RoleRow::Custom(legal)),
            ]
        );
        let alex = by_id(&one, 11);
        assert_eq!((alex.full_name().as_str(), alex.email.as_str(), alex.title.as_str()), ("Alex Rivera", "alex@northwind.test", "Enterprise AE"));
        assert_eq!((by_id(&one, 12).side, by_id(&one, 12).partner_id), (Side::Partner, Some(7)));
        assert_eq!(one.milestones[0].owner_id, Some(13));
        assert_eq!(one.actions[0].owner_id, Some(12));
        assert_eq!(one.escalation_steps[0].person_id, 11);

        let two = detail(&db, 1, 2).await;
        assert_eq!(by_id(&two, 21).person_id, alex.person_id, "the same email and name is the same person");
        assert_eq!(by_id(&two, 21).full_name(), "Alex Rivera");
        assert_ne!(by_id(&two, 23).person_id, by_id(&one, 12).person_id, "no email: not known to be the same");
        assert_eq!(two.roles.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), ["Procurement"]);
        assert_eq!(by_id(&two, 23).role, RoleRow::Standard(Role::Champion));

        let three = detail(&db, 2, 3).await;
        assert_ne!(by_id(&three, 31).person_id, alex.person_id, "another organisation's directory");
        assert_eq!(find_people(&db, 1, 1, "alex", 8).await.unwrap().len(), 1);

        // New people number on past the migrated ones.
        let owner = place(&db, 1, "A", &NewOwner { plan_id: 1, cell: cell(Side::Buyer, Role::Champion), who: Who::New(dana()) }).await.unwrap();
        assert!(by_id(&detail(&db, 1, 1).await, owner).person_id > 31);
    })
    .await;
}
