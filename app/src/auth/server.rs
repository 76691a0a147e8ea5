//! The auth server functions: thin, each takes the caller and asks the service.

pub use crate::domain::answers::Viewer;
use crate::error::AppError;
use leptos::prelude::*;

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn me() -> Result<Viewer, AppError> {
    let caller = super::session::caller()?;
    caller.answer(super::service::viewer(&caller)).await
}

#[server(output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    let caller = super::session::caller()?;
    caller
        .answer(super::service::login(&caller, &email, &password))
        .await?;
    leptos_axum::redirect("/plans");
    Ok(())
}

#[server(output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn signup(
    organisation: String,
    name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    let caller = super::session::caller()?;
    let work = super::service::signup(&caller, &organisation, &name, &email, &password);
    caller.answer(work).await?;
    leptos_axum::redirect("/plans");
    Ok(())
}

#[server(output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn logout() -> Result<(), AppError> {
    let caller = super::session::caller()?;
    caller.answer(caller.sign_out()).await?;
    leptos_axum::redirect("/login");
    Ok(())
}
