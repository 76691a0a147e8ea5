//! A deal plan started from a partnership's target account (issue 13): the account is the
//! buyer and the plan's one shared account, the partner is the partnership's, and the
//! motion and credit rule are the partnership's defaults. The plan's partner belongs to
//! the partnership from the start, which is how the plan links back to it.

use chrono::Utc;

use super::escalation::ensure_paths;
use super::history::{record, Change};
use super::{in_write_tx, Db, StoreError, StoreResult};
use crate::domain::limits::TITLE_MAX;

type Defaults = (
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
);

/// Makes the plan for target account `account_key` (its `OverlapAccount::key`) of the
/// partnership; answers the plan's id. A partnership of another organisation, or an
/// account it does not have, is `NotFound`.
pub async fn start(
    db: &Db,
    org_id: i64,
    partnership_id: i64,
    account_key: &str,
    actor: &str,
) -> StoreResult<i64> {
    let now = Utc::now();
    Ok(in_write_tx!(db, tx => {
        let defaults: Option<Defaults> = sqlx::query_as(
            "SELECT name, kind, motion_front, motion_text, credit_kind, credit_text \
             FROM partnerships WHERE id = $1 AND org_id = $2",
        )
        .bind(partnership_id)
        .bind(org_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (partner, kind, front, motion, credit, credit_text) = defaults.ok_or(StoreError::NotFound)?;
        let account: Option<(String, String, String)> = sqlx::query_as(
            "SELECT name, vendor_relation, partner_relation FROM partnership_accounts \
             WHERE partnership_id = $1 AND match_key = $2",
        )
        .bind(partnership_id)
        .bind(account_key)
        .fetch_optional(&mut *tx)
        .await?;
        let (account, vendor, partner_relation) = account.ok_or(StoreError::NotFound)?;
        let title: String = format!("{account} with {partner}").chars().take(TITLE_MAX).collect();
        let plan_id: i64 = sqlx::query_scalar(
            "INSERT INTO plans (org_id, title, buyer_account, motion_front, motion_text, credit_kind, \
             credit_text, created_at, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING id",
        )
        .bind(org_id)
        .bind(&title)
        .bind(&account)
        .bind(front)
        .bind(motion)
        .bind(credit)
        .bind(credit_text)
        .bind(now)
        .bind(actor)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO plan_partners (plan_id, name, kind, position, partnership_id) \
             VALUES ($1, $2, $3, 0, $4)",
        )
        .bind(plan_id)
        .bind(&partner)
        .bind(&kind)
        .bind(partnership_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO plan_accounts (plan_id, name, vendor_relation, partner_relation, position) \
             VALUES ($1, $2, $3, $4, 0)",
        )
        .bind(plan_id)
        .bind(&account)
        .bind(vendor)
        .bind(partner_relation)
        .execute(&mut *tx)
        .await?;
        ensure_paths(&mut tx, plan_id).await?;
        record(&mut tx, Change::created(plan_id, now, actor, &title), false).await?;
        plan_id
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::overlap::OverlapAccount;
    use crate::domain::{PartnerKind, Relation};
    use crate::store::{overlap, partnerships, plans, test_db};

    #[tokio::test]
    async fn a_plan_starts_from_a_target_account_with_the_partnerships_defaults() {
        test_db::each(|db| async move {
            let (me, _) = test_db::org_with_plan(&db, "Contoso").await;
            partnerships::adopt(&db).await.unwrap();
            let contoso = partnerships::list(&db, me.org_id).await.unwrap()[0].id;
            let tailspin = OverlapAccount {
                name: "Tailspin Toys".into(),
                domain: Some("tailspintoys.com".into()),
                vendor: Relation::Prospect,
                partner: Relation::Customer,
                vendor_owner: String::new(),
                partner_owner: String::new(),
                segment: "Retail".into(),
            };
            overlap::import(
                &db,
                me.org_id,
                contoso,
                std::slice::from_ref(&tailspin),
                None,
            )
            .await
            .unwrap();

            let id = start(&db, me.org_id, contoso, &tailspin.key(), "Ann")
                .await
                .unwrap();
            let plan = plans::detail(&db, me.org_id, id).await.unwrap();
            assert_eq!(plan.title, "Tailspin Toys with Contoso");
            assert_eq!(plan.buyer_account, "Tailspin Toys");
            assert_eq!(plan.accounts.len(), 1);
            assert_eq!(
                (
                    plan.accounts[0].vendor_relation,
                    plan.accounts[0].partner_relation
                ),
                (Relation::Prospect, Relation::Customer)
            );
            assert_eq!(plan.partners.len(), 1);
            assert_eq!(
                (plan.partners[0].name.as_str(), plan.partners[0].kind),
                ("Contoso", PartnerKind::Reseller)
            );
            assert_eq!(
                plan.partners[0].partnership_id,
                Some(contoso),
                "the plan links back"
            );
            assert_eq!(
                plan.escalations.len(),
                3,
                "every side has its escalation path"
            );
            let detail = partnerships::detail(&db, me.org_id, contoso).await.unwrap();
            assert!(detail.plans.iter().any(|p| p.id == id));

            assert!(matches!(
                start(&db, me.org_id, contoso, "domain:nowhere.test", "Ann").await,
                Err(StoreError::NotFound)
            ));
            assert!(matches!(
                start(&db, me.org_id + 1, contoso, &tailspin.key(), "Ann").await,
                Err(StoreError::NotFound)
            ));
        })
        .await;
    }
}
