//! The signed-in user, as the server knows it from the session cookie.

use tower_sessions::Session;

use crate::error::AppError;
use crate::store::{users, users::OrgUser, Db};

const USER_ID: &str = "user_id";

pub fn db() -> Result<Db, AppError> {
    leptos::prelude::use_context::<Db>().ok_or_else(|| {
        tracing::error!("no database in the server function's context");
        AppError::Internal
    })
}

async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "no session layer");
        AppError::Internal
    })
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store");
    AppError::Internal
}

/// The caller, or `Unauthenticated`. Every server function that touches an
/// organisation's data starts here.
pub async fn require_user() -> Result<OrgUser, AppError> {
    let session = session().await?;
    let user_id: Option<i64> = session.get(USER_ID).await.map_err(session_error)?;
    let user_id = user_id.ok_or(AppError::Unauthenticated)?;
    users::user_by_id(&db()?, user_id)
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// Starts a signed-in session under a new id, so a session id planted before
/// sign-in is worth nothing after it.
pub async fn sign_in(user_id: i64) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(USER_ID, user_id)
        .await
        .map_err(session_error)
}

pub async fn sign_out() -> Result<(), AppError> {
    session().await?.flush().await.map_err(session_error)
}
