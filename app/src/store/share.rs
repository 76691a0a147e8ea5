//! Shared links: made by a user of the plan's organisation for one party of it, resolved
//! by token on every request, listed with how often they were opened, and revoked. The
//! token is returned once by `create` and never stored (`secret`).

use chrono::{DateTime, Duration, Utc};

use super::{has_row, in_write_tx, on_pool, parse, secret, Db, StoreError, StoreResult};
use crate::domain::share::{LinkGrant, LinkSummary, NewLink, Scope};
use crate::domain::Side;

/// Makes a link (the caller has checked `new`); answers its id and its token.
pub async fn create(
    db: &Db,
    org_id: i64,
    user_id: i64,
    new: &NewLink,
    now: DateTime<Utc>,
) -> StoreResult<(i64, String)> {
    let token = secret::new_token()?;
    let expires_at = now + Duration::days(new.days());
    let id = in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "plans", new.plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        if let Some(partner) = new.partner_id {
            if !has_row!(&mut *tx, "plan_partners", partner, "plan_id" = new.plan_id) {
                return Err(StoreError::NotFound);
            }
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO share_links (plan_id, side, partner_id, scope, token_hash, label, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(new.plan_id)
        .bind(new.side.as_str())
        .bind(new.partner_id)
        .bind(new.scope.as_str())
        .bind(secret::digest(&token))
        .bind(new.label.trim())
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .fetch_one(&mut *tx)
        .await?;
        id
    });
    Ok((id, token))
}

type GrantRow = (i64, i64, String, Option<i64>, String, String);

/// What a token grants at `now`: nothing for an unknown, revoked or expired one (the
/// caller answers all three alike).
pub async fn resolve(db: &Db, token: &str, now: DateTime<Utc>) -> StoreResult<Option<LinkGrant>> {
    if !secret::is_token(token) {
        return Ok(None);
    }
    let row: Option<GrantRow> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, plan_id, side, partner_id, scope, label FROM share_links \
             WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(secret::digest(token))
        .bind(now)
        .fetch_optional(pool)
        .await?
    });
    row.map(|(link_id, plan_id, side, partner_id, scope, label)| {
        Ok(LinkGrant {
            link_id,
            plan_id,
            side: parse::<Side>(&side)?,
            partner_id,
            scope: parse::<Scope>(&scope)?,
            label,
        })
    })
    .transpose()
}

/// Records that a link was used (`what`: "opened", "updated an action"…). Recording a
/// visit is the one write a GET may make.
pub async fn record_use(db: &Db, link_id: i64, what: &str, now: DateTime<Utc>) -> StoreResult<()> {
    in_write_tx!(db, tx => {
        sqlx::query("INSERT INTO share_link_uses (link_id, at, what) VALUES ($1, $2, $3)")
            .bind(link_id)
            .bind(now)
            .bind(what)
            .execute(&mut *tx)
            .await?;
    });
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    side: String,
    partner_id: Option<i64>,
    label: String,
    scope: String,
    created_by: Option<String>,
    created_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    opened: i64,
    last_opened: Option<DateTime<Utc>>,
}

/// The plan's links, newest first, with how often and when last each was opened.
pub async fn list(db: &Db, org_id: i64, plan_id: i64) -> StoreResult<Vec<LinkSummary>> {
    let rows: Vec<SummaryRow> = on_pool!(db, pool => {
        if !has_row!(pool, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        sqlx::query_as(
            "SELECT l.id, l.side, l.partner_id, l.label, l.scope, u.display_name AS created_by, \
             l.created_at, l.expires_at, l.revoked_at, \
             (SELECT COUNT(*) FROM share_link_uses s WHERE s.link_id = l.id AND s.what = 'opened') AS opened, \
             (SELECT MAX(s.at) FROM share_link_uses s WHERE s.link_id = l.id AND s.what = 'opened') AS last_opened \
             FROM share_links l LEFT JOIN users u ON u.id = l.created_by \
             WHERE l.plan_id = $1 ORDER BY l.created_at DESC, l.id DESC",
        )
        .bind(plan_id)
        .fetch_all(pool)
        .await?
    });
    rows.into_iter()
        .map(|r| {
            Ok(LinkSummary {
                id: r.id,
                side: parse(&r.side)?,
                partner_id: r.partner_id,
                label: r.label,
                scope: parse(&r.scope)?,
                created_by: r.created_by,
                created_at: r.created_at,
                expires_at: r.expires_at,
                revoked_at: r.revoked_at,
                opened: r.opened,
                last_opened: r.last_opened,
            })
        })
        .collect()
}

/// Revokes one of the plan's links: the next request with it is refused.
pub async fn revoke(
    db: &Db,
    org_id: i64,
    plan_id: i64,
    link_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "plans", plan_id, "org_id" = org_id)
            || !has_row!(&mut *tx, "share_links", link_id, "plan_id" = plan_id)
        {
            return Err(StoreError::NotFound);
        }
        sqlx::query("UPDATE share_links SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(link_id)
            .execute(&mut *tx)
            .await?;
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{plans, test_db, users};

    #[tokio::test]
    async fn links_resolve_until_revoked_or_expired_and_list_their_use() {
        test_db::each(|db| async move {
            let me = users::create_org_with_user(&db, "Ours", "a@o.test", "Ann", "h")
                .await
                .unwrap();
            let new_plan = crate::domain::NewPlan {
                title: "Deal".into(),
                partner: "Contoso".into(),
                buyer_account: "Fabrikam".into(),
                credit: None,
            };
            let plan_id = plans::create(&db, me.org_id, "Ann", &new_plan).await.unwrap();
            let contoso = plans::detail(&db, me.org_id, plan_id).await.unwrap().partners[0].id;
            let link = NewLink {
                plan_id,
                side: Side::Partner,
                partner_id: Some(contoso),
                label: " Mei at Contoso ".into(),
                scope: Scope::UpdateOwnActions,
                expires_in_days: Some(7),
            };
            let now = Utc::now();
            let (id, token) = create(&db, me.org_id, me.id, &link, now).await.unwrap();
            assert_eq!(token.len(), 32);
            let grant = resolve(&db, &token, now).await.unwrap().unwrap();
            assert_eq!(
                grant,
                LinkGrant {
                    link_id: id,
                    plan_id,
                    side: Side::Partner,
                    partner_id: Some(contoso),
                    scope: Scope::UpdateOwnActions,
                    label: "Mei at Contoso".into(),
                }
            );
            // Only the hash is stored.
            let stored: Vec<String> = on_pool!(&db, pool => {
                sqlx::query_scalar("SELECT token_hash FROM share_links").fetch_all(pool).await.unwrap()
            });
            assert_eq!(stored, [secret::digest(&token)]);
            // Expired a week on; unknown and malformed tokens resolve to nothing.
            let later = now + Duration::days(7) + Duration::seconds(1);
            assert_eq!(resolve(&db, &token, later).await.unwrap(), None);
            assert_eq!(resolve(&db, &"0".repeat(32), now).await.unwrap(), None);
            assert_eq!(resolve(&db, "'; DROP TABLE share_links; --", now).await.unwrap(), None);

            record_use(&db, id, "opened", now).await.unwrap();
            record_use(&db, id, "opened", now + Duration::minutes(5)).await.unwrap();
            record_use(&db, id, "updated an action", now).await.unwrap();
            let listed = list(&db, me.org_id, plan_id).await.unwrap();
            assert_eq!(listed.len(), 1);
            let summary = &listed[0];
            assert_eq!(
                (summary.label.as_str(), summary.scope, summary.opened, summary.created_by.as_deref()),
                ("Mei at Contoso", Scope::UpdateOwnActions, 2, Some("Ann"))
            );
            assert_eq!(
                summary.last_opened.map(|t| t.timestamp()),
                Some((now + Duration::minutes(5)).timestamp())
            );

            revoke(&db, me.org_id, plan_id, id, now).await.unwrap();
            assert_eq!(resolve(&db, &token, now).await.unwrap(), None);
            assert!(list(&db, me.org_id, plan_id).await.unwrap()[0].revoked_at.is_some());

            // Another organisation can neither make, list nor revoke this plan's links,
            // and a partner of another plan is refused.
            let other = users::create_org_with_user(&db, "Other", "o@o.test", "O", "h")
                .await
                .unwrap();
            assert!(matches!(create(&db, other.org_id, other.id, &link, now).await, Err(StoreError::NotFound)));
            assert!(matches!(list(&db, other.org_id, plan_id).await, Err(StoreError::NotFound)));
            assert!(matches!(revoke(&db, other.org_id, plan_id, id, now).await, Err(StoreError::NotFound)));
            let theirs = plans::create(&db, other.org_id, "O", &new_plan).await.unwrap();
            let stranger = NewLink { plan_id, partner_id: Some(plans::detail(&db, other.org_id, theirs).await.unwrap().partners[0].id), ..link.clone() };
            assert!(matches!(create(&db, me.org_id, me.id, &stranger, now).await, Err(StoreError::NotFound)));
        })
        .await;
    }
}
