//! The plan server functions: thin, each takes the caller and asks the service.

use leptos::prelude::*;

pub use crate::domain::answers::{Created, PlanWithHealth};
use crate::domain::health::Finding;
use crate::domain::portfolio::{PortfolioPage, PortfolioQuery};
use crate::error::AppError;

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn portfolio(query: PortfolioQuery) -> Result<PortfolioPage, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::portfolio(&caller, query))
        .await
}

#[server(output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn create_plan(
    title: String,
    partner: String,
    buyer_account: String,
    partner_role: String,
    cycle_days: String,
    economics: String,
    credit: String,
) -> Result<Created, AppError> {
    use crate::domain::{triage::Triage, NewPlan};
    let caller = crate::auth::session::caller()?;
    let triage = Triage::parse(&partner_role, &cycle_days, &economics, &credit);
    let new = NewPlan {
        title,
        partner,
        buyer_account,
        credit: triage.as_ref().ok().and_then(|t| t.credit),
    };
    let created = caller
        .answer(super::service::create(&caller, &new, triage))
        .await?;
    // The new plan opens: a plain form's browser is sent there, and a page that posted the
    // form itself reads where from the answer (post_form.rs).
    leptos_axum::redirect(&created.href);
    Ok(created)
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn get_plan(id: i64) -> Result<PlanWithHealth, AppError> {
    let caller = crate::auth::session::caller()?;
    caller.answer(super::service::get(&caller, id)).await
}

/// Saves one field of a plan, if it still holds what the browser last saw. A fixed
/// endpoint, so scripts/bench can call it.
#[server(input = server_fn::codec::Json, endpoint = "save_field", client = crate::build::BuildClient)]
pub async fn save_field(
    edit: crate::domain::edit::FieldEdit,
) -> Result<crate::domain::edit::SaveOutcome, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::save_field(&caller, &edit))
        .await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn add_row(
    new: crate::domain::rows::NewRow,
) -> Result<crate::domain::rows::AddedRow, AppError> {
    let caller = crate::auth::session::caller()?;
    caller.answer(super::service::add_row(&caller, &new)).await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn remove_row(
    plan_id: i64,
    list: crate::domain::rows::List,
    id: i64,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::remove_row(&caller, plan_id, list, id))
        .await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn move_row(
    plan_id: i64,
    list: crate::domain::rows::List,
    id: i64,
    direction: crate::domain::rows::Move,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::move_row(
            &caller, plan_id, list, id, direction,
        ))
        .await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn plan_history(
    plan_id: i64,
    part: Option<String>,
    since_last_review: bool,
) -> Result<Vec<crate::domain::HistoryEntry>, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::history(
            &caller,
            plan_id,
            part,
            since_last_review,
        ))
        .await
}

/// The plan's health as it stands now: the page asks again after each save.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn plan_findings(plan_id: i64) -> Result<Vec<Finding>, AppError> {
    let caller = crate::auth::session::caller()?;
    let plan = caller.answer(super::service::get(&caller, plan_id)).await?;
    Ok(plan.findings)
}
