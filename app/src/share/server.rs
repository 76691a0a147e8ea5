//! The AE's shared-link server functions: thin, each takes the caller and asks the service.

use leptos::prelude::*;

use crate::domain::share::{LinkSummary, NewLink};
use crate::error::AppError;

/// A link just made: its id, and its address, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CreatedLink {
    pub id: i64,
    pub path: String,
}

#[server(input = server_fn::codec::Json)]
pub async fn create_link(new: NewLink) -> Result<CreatedLink, AppError> {
    let caller = crate::auth::session::caller()?;
    caller.answer(super::service::create(&caller, &new)).await
}

#[server(input = server_fn::codec::Json)]
pub async fn plan_links(plan_id: i64) -> Result<Vec<LinkSummary>, AppError> {
    let caller = crate::auth::session::caller()?;
    caller.answer(super::service::list(&caller, plan_id)).await
}

#[server(input = server_fn::codec::Json)]
pub async fn revoke_link(plan_id: i64, link_id: i64) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::revoke(&caller, plan_id, link_id))
        .await
}

/// A shared link's view of its plan: only what the link's party may see. An unknown,
/// revoked or expired token is the same "not found".
#[server(input = server_fn::codec::Json)]
pub async fn shared_plan(token: String) -> Result<crate::domain::link_view::LinkView, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::shared_plan(&caller, &token))
        .await
}
