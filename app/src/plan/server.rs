use leptos::prelude::*;

use crate::domain::{PlanDetail, PlanSummary};
use crate::error::AppError;

#[server]
pub async fn list_plans() -> Result<Vec<PlanSummary>, AppError> {
    use crate::auth::session::{db, require_user};
    let user = require_user().await?;
    Ok(crate::store::plans::list(&db()?, user.org_id).await?)
}

#[server]
pub async fn create_plan(
    title: String,
    partner: String,
    buyer_account: String,
) -> Result<i64, AppError> {
    use crate::auth::session::{db, require_user};
    use crate::domain::NewPlan;
    let user = require_user().await?;
    let new = NewPlan {
        title,
        partner,
        buyer_account,
    };
    new.validate()?;
    Ok(crate::store::plans::create(&db()?, user.org_id, &user.display_name, &new).await?)
}

#[server]
pub async fn get_plan(id: i64) -> Result<PlanDetail, AppError> {
    use crate::auth::session::{db, require_user};
    let user = require_user().await?;
    Ok(crate::store::plans::detail(&db()?, user.org_id, id).await?)
}
