//! Secret iCalendar feed keys: a user's feed of the organisation's plans, or of one plan.
//! The key itself is shown once; only its SHA-256 is stored, so the database cannot give
//! a feed away.

use std::collections::HashMap;

use super::{has_row, in_write_tx, on_pool, secret, Db, StoreError, StoreResult};
use chrono::{DateTime, Utc};

/// What a feed key opens: the organisation's plans, or one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub user_id: i64,
    pub org_id: i64,
    pub plan_id: Option<i64>,
}

/// Makes a new key for the user's feed (of `plan_id`, or of every plan), revoking the one
/// it replaces; answers the key, which is not kept.
pub async fn replace(
    db: &Db,
    user_id: i64,
    org_id: i64,
    plan_id: Option<i64>,
) -> StoreResult<String> {
    let key = secret::new_token()?;
    let now = Utc::now();
    in_write_tx!(db, tx => {
        if let Some(plan_id) = plan_id {
            if !has_row!(&mut *tx, "plans", plan_id, "org_id" = org_id) {
                return Err(StoreError::NotFound);
            }
        }
        revoke_in!(&mut *tx, user_id, plan_id, now);
        sqlx::query(
            "INSERT INTO calendar_feeds (user_id, org_id, plan_id, key_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user_id)
        .bind(org_id)
        .bind(plan_id)
        .bind(secret::digest(&key))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    });
    Ok(key)
}

/// Revokes the user's current key of that feed, if there is one.
macro_rules! revoke_in {
    ($conn:expr, $user_id:expr, $plan_id:expr, $now:expr) => {
        sqlx::query(
            "UPDATE calendar_feeds SET revoked_at = $1 WHERE user_id = $2 \
             AND (plan_id = $3 OR (plan_id IS NULL AND $3 IS NULL)) AND revoked_at IS NULL",
        )
        .bind($now)
        .bind($user_id)
        .bind($plan_id)
        .execute($conn)
        .await?
    };
}
use revoke_in;

pub async fn revoke(db: &Db, user_id: i64, plan_id: Option<i64>) -> StoreResult<()> {
    let now = Utc::now();
    in_write_tx!(db, tx => {
        revoke_in!(&mut *tx, user_id, plan_id, now);
    });
    Ok(())
}

/// When the user's current key of that feed was made, if there is one.
pub async fn current(
    db: &Db,
    user_id: i64,
    plan_id: Option<i64>,
) -> StoreResult<Option<DateTime<Utc>>> {
    Ok(on_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT created_at FROM calendar_feeds WHERE user_id = $1 \
             AND (plan_id = $2 OR (plan_id IS NULL AND $2 IS NULL)) AND revoked_at IS NULL",
        )
        .bind(user_id)
        .bind(plan_id)
        .fetch_optional(pool)
        .await?
    }))
}

/// The feed a key opens, if it is one and is not revoked.
pub async fn open(db: &Db, key: &str) -> StoreResult<Option<Feed>> {
    let found: Option<(i64, i64, Option<i64>)> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT user_id, org_id, plan_id FROM calendar_feeds WHERE key_hash = $1 AND revoked_at IS NULL",
        )
        .bind(secret::digest(key))
        .fetch_optional(pool)
        .await?
    });
    Ok(found.map(|(user_id, org_id, plan_id)| Feed {
        user_id,
        org_id,
        plan_id,
    }))
}

/// How many times each field of a plan has changed, by its history name ("title",
/// "action 12: due date", "review of 2026-03-10"): what a feed's SEQUENCE counts.
pub async fn changes(db: &Db, plan_id: i64) -> StoreResult<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = on_pool!(db, pool => {
        sqlx::query_as("SELECT field, COUNT(*) FROM plan_history WHERE plan_id = $1 GROUP BY field")
            .bind(plan_id)
            .fetch_all(pool)
            .await?
    });
    Ok(rows.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{test_db, users};

    #[tokio::test]
    async fn keys_are_hashed_replaced_and_revoked() {
        test_db::each(|db| async move {
            let (me, plan_id) = test_db::org_with_plan(&db, "Contoso").await;
            let all = replace(&db, me.id, me.org_id, None).await.unwrap();
            let one = replace(&db, me.id, me.org_id, Some(plan_id)).await.unwrap();
            assert_eq!(all.len(), 32, "128 bits as hex");
            assert_ne!(all, one);
            let opened = open(&db, &one).await.unwrap();
            assert_eq!(
                opened,
                Some(Feed {
                    user_id: me.id,
                    org_id: me.org_id,
                    plan_id: Some(plan_id)
                })
            );
            assert_eq!(open(&db, &all).await.unwrap().unwrap().plan_id, None);
            // Only the hash is stored.
            let stored: Vec<String> = on_pool!(&db, pool => {
                sqlx::query_scalar("SELECT key_hash FROM calendar_feeds").fetch_all(pool).await.unwrap()
            });
            assert!(stored.iter().all(|h| h.len() == 64 && *h != one && *h != all));
            // Replacing the plan's key retires the old one and leaves the other feed alone.
            let again = replace(&db, me.id, me.org_id, Some(plan_id)).await.unwrap();
            assert_eq!(open(&db, &one).await.unwrap(), None);
            assert!(open(&db, &again).await.unwrap().is_some());
            assert!(open(&db, &all).await.unwrap().is_some());
            assert!(current(&db, me.id, Some(plan_id)).await.unwrap().is_some());
            revoke(&db, me.id, Some(plan_id)).await.unwrap();
            assert_eq!(open(&db, &again).await.unwrap(), None);
            assert_eq!(current(&db, me.id, Some(plan_id)).await.unwrap(), None);
            assert_eq!(open(&db, "0123456789abcdef0123456789abcdef").await.unwrap(), None);
            // Another organisation cannot make a key for our plan.
            let other = users::create_org_with_user(&db, "Other", "o@o.test", "O", "h")
                .await
                .unwrap();
            assert!(matches!(
                replace(&db, other.id, other.org_id, Some(plan_id)).await,
                Err(StoreError::NotFound)
            ));
        })
        .await;
    }
}
