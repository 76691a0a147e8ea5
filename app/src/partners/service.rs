//! What the partnerships' server functions do: always within the caller's organisation.

use crate::auth::session::Caller;
use crate::domain::partnership::{PartnershipDetail, PartnershipSummary};
use crate::error::AppError;
use crate::store::partnerships;

pub async fn list(caller: &Caller) -> Result<Vec<PartnershipSummary>, AppError> {
    let user = caller.require_user().await?;
    Ok(partnerships::list(&caller.db, user.org_id).await?)
}

/// A partnership of another organisation is not found, exactly like one that does not
/// exist.
pub async fn detail(caller: &Caller, id: i64) -> Result<PartnershipDetail, AppError> {
    let user = caller.require_user().await?;
    Ok(partnerships::detail(&caller.db, user.org_id, id).await?)
}

/// Starts a deal plan from one of the partnership's target accounts; answers where it
/// opens.
pub async fn start_plan(
    caller: &Caller,
    partnership_id: i64,
    account_key: &str,
) -> Result<crate::domain::answers::Created, AppError> {
    let user = caller.require_user().await?;
    let id = crate::store::account_plans::start(
        &caller.db,
        user.org_id,
        partnership_id,
        account_key,
        &user.display_name,
    )
    .await?;
    Ok(crate::domain::answers::Created {
        id,
        href: format!("/plans/{id}"),
    })
}
