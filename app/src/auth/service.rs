//! What the auth server functions do, given the caller.

use super::password as pw;
use super::server::Viewer;
use super::session::Caller;
use crate::domain::validate::{self, normalise_email};
use crate::error::AppError;
use crate::store::users;

pub async fn viewer(caller: &Caller) -> Result<Viewer, AppError> {
    let user = caller.require_user().await?;
    Ok(Viewer {
        name: user.display_name,
        email: user.email,
        org_name: user.org_name,
    })
}

pub async fn login(caller: &Caller, email: &str, password: &str) -> Result<(), AppError> {
    let user = users::user_for_login(&caller.db, &normalise_email(email)).await?;
    // Verify even for an unknown email, so both refusals cost the same time.
    let stored = user.as_ref().map(|u| u.password_hash.as_str());
    let verified = pw::verify(password, stored.unwrap_or(pw::decoy_hash()));
    match user {
        Some(user) if verified => caller.sign_in(user.id).await,
        _ => Err(AppError::BadCredentials),
    }
}

pub async fn signup(
    caller: &Caller,
    organisation: &str,
    name: &str,
    email: &str,
    password: &str,
) -> Result<(), AppError> {
    validate::signup(organisation, name, email, password)?;

    let hash = pw::hash(password).map_err(|e| {
        tracing::error!(error = %e);
        AppError::Internal
    })?;
    let user = users::create_org_with_user(
        &caller.db,
        organisation.trim(),
        &normalise_email(email),
        name.trim(),
        &hash,
    )
    .await?;
    caller.sign_in(user.id).await
}
