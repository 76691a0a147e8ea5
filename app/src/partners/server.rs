//! The partnerships' server functions: thin, each takes the caller and asks the service.

use leptos::prelude::*;

use crate::domain::partnership::{PartnershipDetail, PartnershipSummary};
use crate::error::AppError;

#[server(input = server_fn::codec::Json)]
pub async fn list_partnerships() -> Result<Vec<PartnershipSummary>, AppError> {
    let caller = crate::auth::session::caller()?;
    caller.answer(super::service::list(&caller)).await
}

#[server(input = server_fn::codec::Json)]
pub async fn partnership(id: i64) -> Result<PartnershipDetail, AppError> {
    let caller = crate::auth::session::caller()?;
    caller.answer(super::service::detail(&caller, id)).await
}
