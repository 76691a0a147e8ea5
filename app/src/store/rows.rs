//! Adding, removing and reordering rows of a plan's lists, each recorded in the history.

use chrono::Utc;

use super::columns::list_table;
use super::escalation::ensure_paths;
use super::history::{record, Actor, Change};
use super::{has_row, in_write_tx, Db, StoreError, StoreResult};
use crate::domain::rows::{moved, List, Move, NewRow};
use crate::domain::{PartnerKind, Side, WorkStatus};

/// Adds a row with defaults a person then edits in place. Returns its id.
pub async fn add<'a>(
    db: &Db,
    org_id: i64,
    actor: impl Into<Actor<'a>>,
    new: &NewRow,
) -> StoreResult<i64> {
    let actor = actor.into();
    let table = list_table(new.list);
    let now = Utc::now();
    let side = new.side.unwrap_or(Side::Vendor);
    let partner_id = if side == Side::Partner {
        new.partner_id
    } else {
        None
    };
    if new.list == List::People {
        // An owner is a person of the directory placed in a cell: store::owners::place.
        return Err(StoreError::Invalid(
            "Add an owner in a cell of the owners grid.".into(),
        ));
    }
    Ok(in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "plans", new.plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        if let Some(partner) = partner_id {
            if !has_row!(&mut *tx, "plan_partners", partner, "plan_id" = new.plan_id) {
                return Err(StoreError::NotFound);
            }
        } else if side == Side::Partner && new.list.has_side() {
            // The page shows a partner's rows under that partner: a row for no partner
            // in particular would be stored and never seen.
            return Err(StoreError::Invalid("Say which partner the new row is for.".into()));
        }
        let (count, last): (i64, Option<i64>) = sqlx::query_as(&format!(
            "SELECT COUNT(*), MAX(position) FROM {table} WHERE plan_id = $1"
        ))
        .bind(new.plan_id)
        .fetch_one(&mut *tx)
        .await?;
        if count as usize >= new.list.max() {
            return Err(StoreError::Invalid(format!(
                "A plan holds at most {} {}s.",
                new.list.max(),
                new.list.noun()
            )));
        }
        let position = last.map_or(0, |p| p + 1);
        // An escalation chain is made of the side's owners: it starts with the first.
        let first_owner: Option<i64> = if new.list == List::EscalationSteps {
            let first = sqlx::query_scalar(
                "SELECT id FROM plan_people WHERE plan_id = $1 AND side = $2 \
                 AND partner_id IS NOT DISTINCT FROM $3 ORDER BY position, id LIMIT 1",
            )
            .bind(new.plan_id)
            .bind(side.as_str())
            .bind(partner_id)
            .fetch_optional(&mut *tx)
            .await?;
            if first.is_none() {
                return Err(StoreError::Invalid(
                    "Name an owner on this side first: the escalation path is made of owners.".into(),
                ));
            }
            first
        } else {
            None
        };
        let query = match new.list {
            List::Partners => sqlx::query_scalar(
                "INSERT INTO plan_partners (plan_id, name, kind, position) \
                 VALUES ($1, 'New partner', $3, $2) RETURNING id",
            ),
            List::Accounts => sqlx::query_scalar(
                "INSERT INTO plan_accounts (plan_id, name, vendor_relation, partner_relation, position) \
                 VALUES ($1, 'New account', 'prospect', 'none', $2) RETURNING id",
            ),
            List::People => return Err(StoreError::NotFound),
            List::Milestones => sqlx::query_scalar(
                "INSERT INTO milestones (plan_id, title, position) VALUES ($1, 'New milestone', $2) RETURNING id",
            ),
            // The text is domain::rows::NEW_ACTION_TEXT.
            List::Actions => sqlx::query_scalar(
                "INSERT INTO actions (plan_id, side, partner_id, text, status, position, updated_at, updated_by) \
                 VALUES ($1, $3, $4, 'New action', $5, $2, $6, $7) RETURNING id",
            ),
            List::Economics => sqlx::query_scalar(
                "INSERT INTO economics_lines (plan_id, kind, side, partner_id, position) \
                 VALUES ($1, 'other', $3, $4, $2) RETURNING id",
            ),
            List::EscalationSteps => sqlx::query_scalar(
                "INSERT INTO escalation_steps (plan_id, side, partner_id, person_id, position) \
                 VALUES ($1, $3, $4, $5, $2) RETURNING id",
            ),
        };
        let query = query.bind(new.plan_id).bind(position);
        let query = match new.list {
            List::Partners => query.bind(PartnerKind::Reseller.as_str()),
            List::Economics => query.bind(side.as_str()).bind(partner_id),
            List::EscalationSteps => query.bind(side.as_str()).bind(partner_id).bind(first_owner),
            List::Actions => query
                .bind(side.as_str())
                .bind(partner_id)
                .bind(WorkStatus::Open.as_str())
                .bind(now)
                .bind(actor.name),
            _ => query,
        };
        let id: i64 = query.fetch_one(&mut *tx).await?;
        if new.list == List::Partners {
            ensure_paths(&mut tx, new.plan_id).await?;
        }
        record(&mut tx, Change::row(new.plan_id, now, actor, new.list, id, "added"), true).await?;
        id
    }))
}

pub async fn remove(
    db: &Db,
    org_id: i64,
    actor: &str,
    plan_id: i64,
    list: List,
    id: i64,
) -> StoreResult<()> {
    let table = list_table(list);
    let now = Utc::now();
    in_write_tx!(db, tx => {
        // The organisation's plan first: any id of another organisation, or none at all,
        // is the same NotFound, whatever the list would say of it.
        if !has_row!(&mut *tx, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        if list == List::Partners {
            if !has_row!(&mut *tx, "plan_partners", id, "plan_id" = plan_id) {
                return Err(StoreError::NotFound);
            }
            // Removing a partner would take its owners, actions and economics with it:
            // the person must move or remove those first, and a plan keeps one partner.
            let (partners, rows): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM plan_partners WHERE plan_id = $1), \
                 (SELECT COUNT(*) FROM plan_people WHERE partner_id = $2) \
                 + (SELECT COUNT(*) FROM actions WHERE partner_id = $2) \
                 + (SELECT COUNT(*) FROM economics_lines WHERE partner_id = $2) \
                 + (SELECT COUNT(*) FROM escalation_steps WHERE partner_id = $2)",
            )
            .bind(plan_id)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if partners <= 1 {
                return Err(StoreError::Invalid(
                    "A plan keeps at least one partner; for a two-party plan, switch the mode to a mutual action plan.".into(),
                ));
            }
            if rows > 0 {
                return Err(StoreError::Invalid(
                    "This partner still has owners, actions, economics or escalation steps: remove or reassign them first.".into(),
                ));
            }
        }
        let deleted = sqlx::query(&format!(
            "DELETE FROM {table} WHERE id = $1 AND plan_id = (SELECT id FROM plans WHERE id = $2 AND org_id = $3)"
        ))
        .bind(id)
        .bind(plan_id)
        .bind(org_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if deleted == 0 {
            return Err(StoreError::NotFound);
        }
        record(&mut tx, Change::row(plan_id, now, actor.into(), list, id, "removed"), true).await?;
    });
    Ok(())
}

/// Moves a row one place up or down its list. Moving past either end changes nothing.
pub async fn reorder(
    db: &Db,
    org_id: i64,
    actor: &str,
    plan_id: i64,
    list: List,
    id: i64,
    direction: Move,
) -> StoreResult<()> {
    let table = list_table(list);
    let now = Utc::now();
    in_write_tx!(db, tx => {
        // Owners and actions move within their side (and partner): that is the list a
        // person sees.
        let group = if list.by_side() { "side, partner_id" } else { "NULL, NULL" };
        let rows: Vec<(i64, i64, Option<String>, Option<i64>)> = sqlx::query_as(&format!(
            "SELECT id, position, {group} FROM {table} \
             WHERE plan_id = (SELECT id FROM plans WHERE id = $1 AND org_id = $2) ORDER BY position, id"
        ))
        .bind(plan_id)
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?;
        let Some(this) = rows.iter().find(|r| r.0 == id).cloned() else {
            return Err(StoreError::NotFound);
        };
        let siblings: Vec<&(i64, i64, Option<String>, Option<i64>)> =
            rows.iter().filter(|r| r.2 == this.2 && r.3 == this.3).collect();
        let order: Vec<i64> = siblings.iter().map(|r| r.0).collect();
        if let Some(order) = moved(&order, id, direction) {
            // The siblings keep the positions they had between them, in the new order.
            let mut slots: Vec<i64> = siblings.iter().map(|r| r.1).collect();
            slots.sort_unstable();
            slots.dedup();
            if slots.len() != order.len() {
                slots = (0..order.len() as i64).map(|i| slots.first().copied().unwrap_or(0) + i).collect();
            }
            for (position, row) in slots.iter().zip(order.iter()) {
                sqlx::query(&format!("UPDATE {table} SET position = $1 WHERE id = $2"))
                    .bind(*position)
                    .bind(*row)
                    .execute(&mut *tx)
                    .await?;
            }
            let what = match direction {
                Move::Up => "moved up",
                Move::Down => "moved down",
            };
            record(&mut tx, Change::row(plan_id, now, actor.into(), list, id, what), true).await?;
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{demo, plans, test_db, users};

    #[tokio::test]
    async fn rows_are_added_reordered_and_removed_within_the_plan_and_its_limits() {
        test_db::each(|db| async move {
            demo::load(&db, "hash").await.unwrap();
            let org = users::org_by_name(&db, demo::DEMO_ORG).await.unwrap().unwrap();
            let plan_id = plans::list(&db, org).await.unwrap().into_iter().find(|p| p.title.starts_with("Fabrikam")).unwrap().id;
            let before = plans::detail(&db, org, plan_id).await.unwrap();
            let partner = before.partners[0].id;

            let new = NewRow { plan_id, list: List::Actions, side: Some(Side::Partner), partner_id: Some(partner) };
            let id = add(&db, org, "Ann", &new).await.unwrap();
            let plan = plans::detail(&db, org, plan_id).await.unwrap();
            let added = plan.actions.last().unwrap();
            assert_eq!((added.id, added.text.as_str(), added.side, added.partner_id), (id, "New action", Side::Partner, Some(partner)));
            assert!(plan.version > before.version);

            // It moves above the partner's previous last action, not another side's.
            let partner_actions = |p: &crate::domain::PlanDetail| -> Vec<i64> {
                p.actions.iter().filter(|a| a.partner_id == Some(partner)).map(|a| a.id).collect()
            };
            let was = partner_actions(&plan);
            reorder(&db, org, "Ann", plan_id, List::Actions, id, Move::Up).await.unwrap();
            let plan = plans::detail(&db, org, plan_id).await.unwrap();
            let now = partner_actions(&plan);
            assert_eq!(now.len(), was.len());
            assert_eq!(now[now.len() - 2], id);
            assert_eq!(now[now.len() - 1], was[was.len() - 2]);
            // Past the top: nothing changes, nothing fails.
            let first = plan.actions[0].id;
            reorder(&db, org, "Ann", plan_id, List::Actions, first, Move::Up).await.unwrap();
            assert_eq!(plans::detail(&db, org, plan_id).await.unwrap().actions[0].id, first);

            remove(&db, org, "Ann", plan_id, List::Actions, id).await.unwrap();
            assert!(plans::detail(&db, org, plan_id).await.unwrap().actions.iter().all(|a| a.id != id));
            assert!(matches!(remove(&db, org, "Ann", plan_id, List::Actions, id).await, Err(StoreError::NotFound)));

            // Another organisation can neither add to nor remove from this plan.
            let other = users::create_org_with_user(&db, "Other", "o@o.test", "O", "h").await.unwrap();
            assert!(matches!(add(&db, other.org_id, "O", &new).await, Err(StoreError::NotFound)));
            assert!(matches!(remove(&db, other.org_id, "O", plan_id, List::Actions, first).await, Err(StoreError::NotFound)));
            // Nor is a row added to this plan under a partner of another plan.
            let theirs = plans::create(&db, other.org_id, "O", &deal("Theirs")).await.unwrap();
            let their_partner = plans::detail(&db, other.org_id, theirs).await.unwrap().partners[0].id;
            let misplaced = NewRow { partner_id: Some(their_partner), ..new.clone() };
            assert!(matches!(add(&db, org, "Ann", &misplaced).await, Err(StoreError::NotFound)));

            // Accounts stop at their limit.
            let accounts = NewRow { plan_id, list: List::Accounts, side: None, partner_id: None };
            for _ in before.accounts.len()..List::Accounts.max() {
                add(&db, org, "Ann", &accounts).await.unwrap();
            }
            assert!(matches!(add(&db, org, "Ann", &accounts).await, Err(StoreError::Invalid(_))));

            let history: i64 = crate::store::on_pool!(&db, pool => {
                sqlx::query_scalar("SELECT COUNT(*) FROM plan_history WHERE plan_id = $1 AND part = 'actions'")
                    .bind(plan_id).fetch_one(pool).await.unwrap()
            });
            assert_eq!(history, 3, "added, moved up, removed");
        })
        .await;
    }

    /// A new plan's form: partner Contoso, buyer Fabrikam.
    fn deal(title: &str) -> crate::domain::NewPlan {
        crate::domain::NewPlan {
            title: title.into(),
            partner: "Contoso".into(),
            buyer_account: "Fabrikam".into(),
            credit: None,
        }
    }

    /// A new organisation with one new plan (partner Contoso): (org, plan).
    async fn fresh_plan(db: &Db) -> (i64, i64) {
        let org = users::create_org_with_user(db, "Ours", "a@o.test", "A", "h")
            .await
            .unwrap()
            .org_id;
        (
            org,
            plans::create(db, org, "Ann", &deal("Deal")).await.unwrap(),
        )
    }

    #[tokio::test]
    async fn partners_come_with_an_escalation_path_and_leave_only_when_nothing_is_theirs() {
        test_db::each(|db| async move {
            let (org, plan_id) = fresh_plan(&db).await;
            let plan = plans::detail(&db, org, plan_id).await.unwrap();
            let first = plan.partners[0].id;
            let sides: Vec<_> = plan
                .escalations
                .iter()
                .map(|e| (e.side, e.partner_id, e.stall_days))
                .collect();
            assert_eq!(
                sides.len(),
                3,
                "vendor, Contoso and buyer each have a path: {sides:?}"
            );
            assert!(sides.iter().all(|(_, _, days)| *days == 14));
            // The last partner stays: a two-party plan is a mode, not a plan without partners.
            assert!(matches!(
                remove(&db, org, "Ann", plan_id, List::Partners, first).await,
                Err(StoreError::Invalid(_))
            ));

            let partners = NewRow {
                plan_id,
                list: List::Partners,
                side: None,
                partner_id: None,
            };
            let second = add(&db, org, "Ann", &partners).await.unwrap();
            let plan = plans::detail(&db, org, plan_id).await.unwrap();
            assert_eq!(
                plan.partners
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>(),
                ["Contoso", "New partner"]
            );
            assert!(
                plan.escalations
                    .iter()
                    .any(|e| e.partner_id == Some(second)),
                "the new partner has its path"
            );

            // An escalation chain is made of owners: none on the new partner's side yet.
            let step = NewRow {
                plan_id,
                list: List::EscalationSteps,
                side: Some(Side::Partner),
                partner_id: Some(second),
            };
            assert!(matches!(
                add(&db, org, "Ann", &step).await,
                Err(StoreError::Invalid(_))
            ));
            let owner = crate::domain::owners::NewOwner {
                plan_id,
                cell: crate::domain::owners::Cell {
                    side: Side::Partner,
                    partner_id: Some(second),
                    role: crate::domain::owners::RoleRow::Standard(
                        crate::domain::roles::Role::PartnerCounterpart,
                    ),
                },
                who: crate::domain::owners::Who::New(crate::domain::owners::NewPerson {
                    first_name: "Mei".into(),
                    last_name: "Tanaka".into(),
                    ..Default::default()
                }),
            };
            let person = super::super::owners::place(&db, org, "Ann", &owner)
                .await
                .unwrap();
            let step_id = add(&db, org, "Ann", &step).await.unwrap();
            let plan = plans::detail(&db, org, plan_id).await.unwrap();
            let chain: Vec<i64> = plan
                .chain(Side::Partner, Some(second))
                .map(|p| p.id)
                .collect();
            assert_eq!(chain, [person]);
            assert_eq!(
                plan.escalation_steps
                    .iter()
                    .find(|s| s.id == step_id)
                    .map(|s| s.person_id),
                Some(person)
            );

            // A partner with an owner (or an action, a line, a step) is not removed.
            assert!(matches!(
                remove(&db, org, "Ann", plan_id, List::Partners, second).await,
                Err(StoreError::Invalid(_))
            ));
            remove(&db, org, "Ann", plan_id, List::EscalationSteps, step_id)
                .await
                .unwrap();
            remove(&db, org, "Ann", plan_id, List::People, person)
                .await
                .unwrap();
            remove(&db, org, "Ann", plan_id, List::Partners, second)
                .await
                .unwrap();
            let plan = plans::detail(&db, org, plan_id).await.unwrap();
            assert_eq!(plan.partners.len(), 1);
            assert_eq!(plan.escalations.len(), 3, "its path went with it");
        })
        .await;
    }

    #[tokio::test]
    async fn every_list_stops_at_its_limit() {
        test_db::each(|db| async move {
            let (org, plan_id) = fresh_plan(&db).await;
            // An escalation chain starts from an owner: the vendor has one.
            let ae = crate::store::owners_tests::newcomer(
                plan_id,
                Side::Vendor,
                crate::domain::roles::Role::AccountExecutive,
                "Alex",
                "Rivera",
            );
            super::super::owners::place(&db, org, "Ann", &ae)
                .await
                .unwrap();
            for list in List::ALL.iter().copied() {
                let row = NewRow {
                    plan_id,
                    list,
                    side: Some(Side::Vendor),
                    partner_id: None,
                };
                let plan = plans::detail(&db, org, plan_id).await.unwrap();
                if list == List::People {
                    // Owners are placed in the grid's cells (store::owners, tested there).
                    assert!(matches!(
                        add(&db, org, "Ann", &row).await,
                        Err(StoreError::Invalid(_))
                    ));
                    continue;
                }
                let already = match list {
                    List::Partners => plan.partners.len(),
                    _ => 0,
                };
                for _ in already..list.max() {
                    add(&db, org, "Ann", &row).await.unwrap();
                }
                match add(&db, org, "Ann", &row).await {
                    Err(StoreError::Invalid(message)) => {
                        assert!(
                            message.contains(&format!("at most {}", list.max())),
                            "{list:?}: {message}"
                        )
                    }
                    other => panic!("{list:?} past its limit: {other:?}"),
                }
            }
        })
        .await;
    }
}
