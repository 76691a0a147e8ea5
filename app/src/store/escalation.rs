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
