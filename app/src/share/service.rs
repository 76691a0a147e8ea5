//! What the AE's shared-link server functions do: only the plan's own organisation may
//! make, list or revoke its links (`auth::access`, `Need::Edit`).

use chrono::Utc;

use super::server::CreatedLink;
use crate::auth::access::{permits, Need, PlanRef, Principal};
use crate::auth::session::Caller;
use crate::domain::share::{LinkSummary, NewLink};
use crate::domain::{FieldError, Invalid};
use crate::error::AppError;
use crate::store::{plans, share, users::OrgUser};

/// The signed-in user, if they may edit the plan (a plan of another organisation is not
/// found, exactly like a plan that does not exist).
async fn editor(
    caller: &Caller,
    plan_id: i64,
) -> Result<(OrgUser, crate::domain::PlanDetail), AppError> {
    let user = caller.require_user().await?;
    let plan = plans::detail(&caller.db, user.org_id, plan_id).await?;
    let principal = Principal::User(user.clone());
    let at = PlanRef {
        id: plan.id,
        org_id: user.org_id,
    };
    if !permits(&principal, at, Need::Edit) {
        return Err(AppError::NotFound);
    }
    Ok((user, plan))
}

pub async fn create(caller: &Caller, new: &NewLink) -> Result<CreatedLink, AppError> {
    let (user, plan) = editor(caller, new.plan_id).await?;
    new.check().map_err(AppError::Invalid)?;
    if !plan.sides().contains(&(new.side, new.partner_id)) {
        return Err(AppError::Invalid(Invalid(vec![FieldError {
            field: "side".into(),
            message: "That party is not on this plan.".into(),
        }])));
    }
    let (id, token) = share::create(&caller.db, user.org_id, user.id, new, Utc::now()).await?;
    // The link's id, never its token, goes to the log.
    tracing::info!(link_id = id, plan_id = new.plan_id, "shared link made");
    Ok(CreatedLink {
        id,
        path: format!("/s/{token}"),
    })
}

pub async fn list(caller: &Caller, plan_id: i64) -> Result<Vec<LinkSummary>, AppError> {
    let (user, _) = editor(caller, plan_id).await?;
    Ok(share::list(&caller.db, user.org_id, plan_id).await?)
}

pub async fn revoke(caller: &Caller, plan_id: i64, link_id: i64) -> Result<(), AppError> {
    let (user, _) = editor(caller, plan_id).await?;
    share::revoke(&caller.db, user.org_id, plan_id, link_id, Utc::now()).await?;
    tracing::info!(link_id, plan_id, "shared link revoked");
    Ok(())
}

/// The plan as the link's party sees it, built here from the whole plan: nothing else
/// leaves the server. A user session on the same browser changes nothing.
pub async fn shared_plan(
    caller: &Caller,
    token: &str,
) -> Result<crate::domain::link_view::LinkView, AppError> {
    let now = Utc::now();
    let grant = share::resolve(&caller.db, token, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let org_id = plans::org_of(&caller.db, grant.plan_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let at = PlanRef {
        id: grant.plan_id,
        org_id,
    };
    if !permits(&Principal::Link(grant.clone()), at, Need::Read) {
        return Err(AppError::NotFound);
    }
    let plan = plans::detail(&caller.db, org_id, grant.plan_id).await?;
    share::record_use(&caller.db, grant.link_id, "opened", now).await?;
    Ok(crate::domain::link_view::link_view(&plan, &grant))
}
