//! What the AE's shared-link server functions do: only the plan's own organisation may
//! make, list or revoke its links (`auth::access`, `Need::Edit`).

use chrono::Utc;

use super::server::CreatedLink;
use crate::auth::session::Caller;
use crate::domain::share::{LinkSummary, NewLink};
use crate::domain::{FieldError, Invalid};
use crate::error::AppError;
use crate::store::{plans, share};

pub async fn create(caller: &Caller, new: &NewLink) -> Result<CreatedLink, AppError> {
    let user = caller.editor(new.plan_id).await?;
    // Only making a link needs the plan itself: to know its parties.
    let plan = plans::detail(&caller.db, user.org_id, new.plan_id).await?;
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
    let user = caller.editor(plan_id).await?;
    Ok(share::list(&caller.db, user.org_id, plan_id).await?)
}

pub async fn revoke(caller: &Caller, plan_id: i64, link_id: i64) -> Result<(), AppError> {
    let user = caller.editor(plan_id).await?;
    share::revoke(&caller.db, user.org_id, plan_id, link_id, Utc::now()).await?;
    tracing::info!(link_id, plan_id, "shared link revoked");
    Ok(())
}

/// The plan's comments and updates, with the AE's answers, for the plan's page.
pub async fn comments(
    caller: &Caller,
    plan_id: i64,
) -> Result<Vec<crate::domain::visit::Comment>, AppError> {
    let user = caller.editor(plan_id).await?;
    let stored = crate::store::comments::list(&caller.db, user.org_id, plan_id).await?;
    Ok(stored.into_iter().map(|c| c.comment).collect())
}

/// The AE's answer to a comment: shown under it, on the plan and on the links that see it.
pub async fn answer(
    caller: &Caller,
    plan_id: i64,
    comment_id: i64,
    body: &str,
) -> Result<(), AppError> {
    use crate::domain::visit::{self, CommentKind};
    use crate::store::comments::{self, NewComment};
    let user = caller.editor(plan_id).await?;
    visit::check_answer(body)?;
    let stored = comments::list(&caller.db, user.org_id, plan_id).await?;
    let answered = stored
        .iter()
        .find(|c| c.comment.id == comment_id && c.comment.answers.is_none())
        .ok_or(AppError::NotFound)?;
    let new = NewComment {
        plan_id,
        about: answered.comment.about,
        kind: CommentKind::Comment,
        answers: Some(comment_id),
        author: &user.display_name,
        actor: user.display_name.as_str().into(),
        user_id: Some(user.id),
        body,
    };
    comments::add(&caller.db, user.org_id, &new, Utc::now()).await?;
    Ok(())
}

/// Whether a partner's link shows the plan's other partners.
pub async fn set_partners_see_each_other(
    caller: &Caller,
    plan_id: i64,
    on: bool,
) -> Result<(), AppError> {
    let user = caller.editor(plan_id).await?;
    Ok(
        plans::set_partners_see_each_other(
            &caller.db,
            user.org_id,
            &user.display_name,
            plan_id,
            on,
        )
        .await?,
    )
}
