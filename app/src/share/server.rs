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

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn create_link(new: NewLink) -> Result<CreatedLink, AppError> {
    let caller = crate::auth::session::caller()?;
    caller.answer(super::service::create(&caller, &new)).await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn plan_links(plan_id: i64) -> Result<Vec<LinkSummary>, AppError> {
    let caller = crate::auth::session::caller()?;
    caller.answer(super::service::list(&caller, plan_id)).await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn revoke_link(plan_id: i64, link_id: i64) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::revoke(&caller, plan_id, link_id))
        .await
}

/// A shared link's view of its plan: only what the link's party may see. An unknown,
/// revoked or expired token is the same "not found".
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn shared_plan(token: String) -> Result<crate::domain::link_view::LinkView, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::visit::shared_plan(&caller, &token))
        .await
}

/// The link holder's writes are plain forms (`app::form_endpoints`): without JavaScript
/// the browser posts them and is sent back to the link's page, which shows the outcome;
/// an error comes back with what was typed (`super::page::Returned`).
#[cfg(feature = "ssr")]
async fn answer_form(
    caller: &crate::auth::session::Caller,
    token: &str,
    form: &str,
    typed: &[(&str, &str)],
    work: impl std::future::Future<Output = Result<(), AppError>>,
) -> Result<(), AppError> {
    let result = caller.answer(work).await;
    let back = super::forms::Returned::url(token, form, typed, result.as_ref().err());
    caller.redirect_form(&back);
    result
}

#[server(output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn link_comment(
    token: String,
    about: String,
    body: String,
    name: String,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    let work = super::visit::comment(&caller, &token, &about, &body, &name);
    let typed = [("about", about.as_str()), ("body", &body), ("name", &name)];
    answer_form(&caller, &token, &format!("comment-{about}"), &typed, work).await
}

#[server(output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn link_update(
    token: String,
    about: String,
    seen: String,
    status: String,
    note: String,
    name: String,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    let work = super::visit::update(&caller, &token, &about, &seen, &status, &note, &name);
    let typed = [
        ("status", status.as_str()),
        ("note", &note),
        ("name", &name),
    ];
    answer_form(&caller, &token, &format!("update-{about}"), &typed, work).await
}

#[server(output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn link_add_action(
    token: String,
    text: String,
    due_on: String,
    name: String,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    let work = async {
        super::visit::add_action(&caller, &token, &text, &due_on, &name)
            .await
            .map(|_| ())
    };
    let typed = [
        ("text", text.as_str()),
        ("due_on", &due_on),
        ("name", &name),
    ];
    answer_form(&caller, &token, "new-action", &typed, work).await
}

/// The plan's comments and updates from its links, with the AE's answers.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn plan_comments(plan_id: i64) -> Result<Vec<crate::domain::visit::Comment>, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::comments(&caller, plan_id))
        .await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn answer_comment(plan_id: i64, comment_id: i64, body: String) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::answer(&caller, plan_id, comment_id, &body))
        .await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn set_partners_see_each_other(plan_id: i64, on: bool) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::set_partners_see_each_other(
            &caller, plan_id, on,
        ))
        .await
}
