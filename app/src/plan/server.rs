use leptos::prelude::*;

use crate::domain::{PlanDetail, PlanSummary};
use crate::error::AppError;

#[server]
pub async fn list_plans() -> Result<Vec<PlanSummary>, AppError> {
    let caller = crate::auth::session::caller()?;
    let user = caller.require_user().await?;
    Ok(crate::store::plans::list(&caller.db, user.org_id).await?)
}

#[server]
pub async fn create_plan(
    title: String,
    partner: String,
    buyer_account: String,
) -> Result<i64, AppError> {
    use crate::domain::NewPlan;
    let caller = crate::auth::session::caller()?;
    let user = caller.require_user().await?;
    let new = NewPlan {
        title,
        partner,
        buyer_account,
    };
    new.validate()?;
    Ok(crate::store::plans::create(&caller.db, user.org_id, &user.display_name, &new).await?)
}

#[server]
pub async fn get_plan(id: i64) -> Result<PlanDetail, AppError> {
    let caller = crate::auth::session::caller()?;
    let user = caller.require_user().await?;
    Ok(crate::store::plans::detail(&caller.db, user.org_id, id).await?)
}
