//! Plans and every part of them.

use chrono::Utc;

use super::escalation::ensure_paths;
use super::history::{record, Change};
use super::plan_load::{load, Which};
use super::{in_write_tx, Db, StoreError, StoreResult};
use crate::domain::*;

/// The organisation's plans, most recently updated first, with their partners' names.
pub async fn list(db: &Db, org_id: i64) -> StoreResult<Vec<PlanSummary>> {
    Ok(all(db, org_id)
        .await?
        .iter()
        .map(PlanDetail::summary)
        .collect())
}

/// Creates a draft plan with its first partner, and records it in the history.
pub async fn create(db: &Db, org_id: i64, actor: &str, new: &NewPlan) -> StoreResult<i64> {
    let now = Utc::now();
    let title = new.title.trim();
    Ok(in_write_tx!(db, tx => {
        let plan_id: i64 = sqlx::query_scalar(
            "INSERT INTO plans (org_id, title, buyer_account, created_at, updated_at, updated_by, credit_kind) \
             VALUES ($1, $2, $3, $4, $4, $5, $6) RETURNING id",
        )
        .bind(org_id)
        .bind(title)
        .bind(new.buyer_account.trim())
        .bind(now)
        .bind(actor)
        .bind(new.credit.map(CreditKind::as_str))
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO plan_partners (plan_id, name, kind, position) VALUES ($1, $2, $3, 0)",
        )
        .bind(plan_id)
        .bind(new.partner.trim())
        .bind(PartnerKind::Reseller.as_str())
        .execute(&mut *tx)
        .await?;
        ensure_paths(&mut tx, plan_id).await?;
        record(&mut tx, Change::created(plan_id, now, actor, title), false).await?;
        plan_id
    }))
}

/// One plan of the organisation, every part of it. A plan of another organisation is
/// `NotFound`, exactly like a plan that does not exist.
pub async fn detail(db: &Db, org_id: i64, plan_id: i64) -> StoreResult<PlanDetail> {
    load(db, org_id, Which::One(plan_id))
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Every plan of the organisation, whole, most recently updated first.
pub async fn all(db: &Db, org_id: i64) -> StoreResult<Vec<PlanDetail>> {
    load(db, org_id, Which::All).await
}

/// The organisation a plan belongs to: what a shared link's plan is read with.
pub async fn org_of(db: &Db, plan_id: i64) -> StoreResult<Option<i64>> {
    Ok(super::on_pool!(db, pool => {
        sqlx::query_scalar("SELECT org_id FROM plans WHERE id = $1")
            .bind(plan_id)
            .fetch_optional(pool)
            .await?
    }))
}

/// Turns "partners see each other" on or off for a plan of the organisation: whether a
/// partner's shared link shows the plan's other partners. Recorded in the history.
pub async fn set_partners_see_each_other(
    db: &Db,
    org_id: i64,
    actor: &str,
    plan_id: i64,
    on: bool,
) -> StoreResult<()> {
    let now = Utc::now();
    in_write_tx!(db, tx => {
        let was: Option<bool> = sqlx::query_scalar(
            "SELECT partners_see_each_other FROM plans WHERE id = $1 AND org_id = $2",
        )
        .bind(plan_id)
        .bind(org_id)
        .fetch_optional(&mut *tx)
        .await?;
        let was = was.ok_or(StoreError::NotFound)?;
        if was != on {
            sqlx::query("UPDATE plans SET partners_see_each_other = $1 WHERE id = $2")
                .bind(on)
                .bind(plan_id)
                .execute(&mut *tx)
                .await?;
            let words = |on: bool| if on { "on" } else { "off" }.to_string();
            let change = Change {
                plan_id,
                at: now,
                actor: actor.into(),
                part: "plan",
                field: "partners see each other".into(),
                old: Some(words(was)),
                new: Some(words(on)),
            };
            record(&mut tx, change, true).await?;
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{demo, on_pool, test_db, users};

    fn new_plan(title: &str) -> NewPlan {
        NewPlan {
            title: format!("  {title} "),
            partner: "Contoso".into(),
            buyer_account: "Fabrikam".into(),
            credit: None,
        }
    }

    #[tokio::test]
    async fn all_plans_read_at_once_are_each_plan_read_alone() {
        test_db::each(|db| async move {
            demo::load(&db, "hash").await.unwrap();
            let org = users::org_by_name(&db, demo::DEMO_ORG)
                .await
                .unwrap()
                .unwrap();
            // Another organisation's plan, with its own partner, is not among them.
            let other = users::create_org_with_user(&db, "Other", "o@o.test", "O", "h")
                .await
                .unwrap();
            create(&db, other.org_id, "O", &new_plan("Theirs"))
                .await
                .unwrap();

            let all = all(&db, org).await.unwrap();
            assert_eq!(all.len(), 4);
            for plan in &all {
                assert_eq!(
                    plan,
                    &detail(&db, org, plan.id).await.unwrap(),
                    "{}",
                    plan.title
                );
            }
            // The demo fills every part: the comparison covers each list, not empty ones.
            let richest = all.iter().find(|p| p.partners.len() == 2).unwrap();
            assert!(!richest.accounts.is_empty() && !richest.people.is_empty());
            assert!(!richest.milestones.is_empty() && !richest.actions.is_empty());
            assert!(!richest.economics.is_empty() && !richest.escalation_steps.is_empty());
            assert!(all.iter().any(|p| !p.reviews.is_empty()));
            let updated: Vec<_> = all.iter().map(|p| p.updated_at).collect();
            assert!(
                updated.windows(2).all(|w| w[0] >= w[1]),
                "most recently updated first"
            );
        })
        .await;
    }

    #[tokio::test]
    async fn created_plans_are_listed_newest_first_for_their_organisation_only() {
        test_db::each(|db| async move {
            let ours = users::create_org_with_user(&db, "Ours", "a@o.test", "A", "h").await.unwrap();
            let theirs = users::create_org_with_user(&db, "Theirs", "b@t.test", "B", "h").await.unwrap();
            let first = create(&db, ours.org_id, "A", &new_plan("First")).await.unwrap();
            let second = create(&db, ours.org_id, "A", &new_plan("Second")).await.unwrap();
            create(&db, theirs.org_id, "B", &new_plan("Other")).await.unwrap();

            let list = list(&db, ours.org_id).await.unwrap();
            let titles: Vec<_> = list.iter().map(|p| p.title.as_str()).collect();
            assert_eq!(titles, ["Second", "First"], "trimmed, newest first, ours only");
            assert_eq!(list[0].partners, ["Contoso"]);
            assert_eq!(list[0].status, PlanStatus::Draft);

            let plan = detail(&db, ours.org_id, first).await.unwrap();
            assert_eq!(plan.title, "First");
            assert_eq!(plan.buyer_account, "Fabrikam");
            assert_eq!(plan.version, 1);
            assert_eq!(plan.mode, PlanMode::ThreeParty);
            assert_eq!(plan.partners.len(), 1);
            assert!(plan.accounts.is_empty() && plan.cadence.is_none() && plan.target.is_none());

            // Another organisation's plan is indistinguishable from a missing one.
            assert!(matches!(detail(&db, theirs.org_id, second).await, Err(StoreError::NotFound)));
            assert!(matches!(detail(&db, ours.org_id, 999_999).await, Err(StoreError::NotFound)));

            let history: i64 = on_pool!(&db, pool => {
                sqlx::query_scalar("SELECT COUNT(*) FROM plan_history WHERE plan_id = $1 AND field = 'created'")
                    .bind(first)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            });
            assert_eq!(history, 1);
        })
        .await;
    }
}
