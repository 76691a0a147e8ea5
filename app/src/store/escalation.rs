//! Every side of a plan has an escalation path, so its stall threshold is always there to
//! edit; the people of its chain are rows of `escalation_steps` (see `store::rows`).

use super::StoreResult;
use crate::domain::limits::STALL_DAYS_DEFAULT;

/// Gives each side of the plan (vendor, each partner, buyer) that lacks one a path with
/// the default threshold, within the writing transaction.
pub(crate) async fn ensure_paths<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    plan_id: i64,
) -> StoreResult<()>
where
    DB: sqlx::Database,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    // The unique index on (plan, side, partner) makes each insert a no-op where a path is.
    sqlx::query(
        "INSERT INTO escalation_paths (plan_id, side, partner_id, stall_days) \
         VALUES ($1, 'vendor', NULL, $2), ($1, 'buyer', NULL, $2) ON CONFLICT DO NOTHING",
    )
    .bind(plan_id)
    .bind(STALL_DAYS_DEFAULT)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO escalation_paths (plan_id, side, partner_id, stall_days) \
         SELECT plan_id, 'partner', id, $2 FROM plan_partners WHERE plan_id = $1 \
         ON CONFLICT DO NOTHING",
    )
    .bind(plan_id)
    .bind(STALL_DAYS_DEFAULT)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::domain::Side;
    use crate::store::{on_pool, plans, test_db};

    /// Migration 0002 on a database with plans in it: each chain keeps its people in order,
    /// now by side, and every side gets a path.
    #[tokio::test]
    async fn migration_0002_moves_chains_to_sides_and_gives_every_side_a_path() {
        test_db::each_unmigrated(|db| async move {
            db.migrate_to(1).await.unwrap();
            let statements = [
                "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Org', '2026-01-01T00:00:00Z')",
                "INSERT INTO plans (id, org_id, title, buyer_account, created_at, updated_at, updated_by) \
                 VALUES (1, 1, 'Deal', 'Fabrikam', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'A')",
                "INSERT INTO plan_partners (id, plan_id, name, kind, position) VALUES (7, 1, 'Contoso', 'reseller', 0)",
                "INSERT INTO plan_people (id, plan_id, side, partner_id, role, first_name, last_name, position) \
                 VALUES (11, 1, 'partner', 7, 'AE', 'Mei', 'Tanaka', 0), (12, 1, 'partner', 7, 'VP', 'Tomás', 'Ortega', 1)",
                "INSERT INTO escalation_paths (id, plan_id, side, partner_id, stall_days) VALUES (3, 1, 'partner', 7, 10)",
                "INSERT INTO escalation_steps (id, path_id, person_id, position) VALUES (1, 3, 12, 0), (2, 3, 11, 1)",
            ];
            on_pool!(&db, pool => {
                for statement in statements {
                    sqlx::query(statement).execute(pool).await.unwrap();
                }
            });
            db.migrate().await.unwrap();

            let plan = plans::detail(&db, 1, 1).await.unwrap();
            let chain: Vec<&str> = plan.chain(Side::Partner, Some(7)).map(|p| p.first_name.as_str()).collect();
            assert_eq!(chain, ["Tomás", "Mei"], "the chain keeps its order");
            let mut paths: Vec<_> = plan.escalations.iter().map(|e| (e.side, e.partner_id, e.stall_days)).collect();
            paths.sort_by_key(|(side, _, _)| side.as_str());
            assert_eq!(
                paths,
                [(Side::Buyer, None, 14), (Side::Partner, Some(7), 10), (Side::Vendor, None, 14)],
                "the partner keeps its threshold; vendor and buyer get the default"
            );
        })
        .await;
    }
}
