//! The owners grid's server functions: thin, each takes the caller and asks the service.
//! Removing an owner is `plan::remove_row` with `List::People`; a person's names, email
//! and job title save as fields (`plan::save_field`).

use leptos::prelude::*;

use crate::domain::owners::{AccountableOutcome, CustomRole, DirectoryPerson, NewOwner};
use crate::domain::Person;
use crate::error::AppError;

/// People of the organisation whose name or email contains `query`, for a cell's combobox.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn find_people(plan_id: i64, query: String) -> Result<Vec<DirectoryPerson>, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::find_people(&caller, plan_id, &query))
        .await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn place_owner(new: NewOwner) -> Result<Person, AppError> {
    let caller = crate::auth::session::caller()?;
    caller.answer(super::service::place(&caller, &new)).await
}

/// Makes `owner` (or nobody) its party's accountable owner, if it still is `expected`.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn set_accountable(
    plan_id: i64,
    expected: Option<i64>,
    owner: Option<i64>,
) -> Result<AccountableOutcome, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::set_accountable(
            &caller, plan_id, expected, owner,
        ))
        .await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn add_role(plan_id: i64, label: String) -> Result<CustomRole, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::add_role(&caller, plan_id, &label))
        .await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn remove_role(plan_id: i64, role_id: i64) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::remove_role(&caller, plan_id, role_id))
        .await
}

/// `GET /plans/:id/owners.csv`: the grid as a file, for the signed-in organisation only.
#[cfg(feature = "ssr")]
pub async fn download_csv(
    axum::extract::Path(plan_id): axum::extract::Path<i64>,
    parts: http::request::Parts,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let answer = async {
        let caller = crate::auth::session::caller_of(&parts, Some(Default::default()))?;
        super::service::grid_csv(&caller, plan_id).await
    };
    match answer.await {
        Ok((title, csv)) => {
            let name: String = title
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let disposition = format!(
                "attachment; filename=\"owners-{}.csv\"",
                name.trim_matches('-')
            );
            (
                [
                    (
                        http::header::CONTENT_TYPE,
                        "text/csv; charset=utf-8".to_string(),
                    ),
                    (http::header::CONTENT_DISPOSITION, disposition),
                    (http::header::CACHE_CONTROL, "no-store".to_string()),
                ],
                csv,
            )
                .into_response()
        }
        Err(error) => crate::auth::session::error_answer(&parts, error),
    }
}
