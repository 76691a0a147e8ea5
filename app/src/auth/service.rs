//! What the auth server functions do, given the caller.

use super::password as pw;
use super::session::Caller;
use super::throttle::Network;
use crate::domain::answers::Viewer;
use crate::domain::limits::{EMAIL_MAX, PASSWORD_MAX};
use crate::domain::validate::{self, normalise_email};
use crate::error::AppError;
use crate::store::users;
use std::time::Instant;

pub async fn viewer(caller: &Caller) -> Result<Viewer, AppError> {
    let user = caller.require_user().await?;
    Ok(Viewer {
        name: user.display_name,
        email: user.email,
        org_name: user.org_name,
    })
}

pub async fn login(caller: &Caller, email: &str, password: &str) -> Result<(), AppError> {
    // Nothing that long is anyone's: refused before it costs a hash or a place in memory.
    if email.chars().count() > EMAIL_MAX || password.chars().count() > PASSWORD_MAX {
        return Err(AppError::BadCredentials);
    }
    let email = normalise_email(email);
    let network = caller.client.map(Network::of);
    let attempt = caller
        .throttle
        .begin(&email, network, Instant::now())
        .map_err(too_many)?;
    let user = users::user_for_login(&caller.db, &email).await?;
    // Verify even for an unknown email, so both refusals cost the same time.
    let stored = user.as_ref().map(|u| u.password_hash.as_str());
    let verified = pw::verify_async(password, stored.unwrap_or(pw::decoy_hash())).await;
    match user {
        Some(user) if verified => {
            attempt.succeeded();
            caller.sign_in(user.id).await
        }
        _ => {
            attempt.failed();
            Err(AppError::BadCredentials)
        }
    }
}

fn too_many(wait: std::time::Duration) -> AppError {
    AppError::TooManyAttempts(wait.as_secs_f64().ceil() as u64)
}

pub async fn signup(
    caller: &Caller,
    organisation: &str,
    name: &str,
    email: &str,
    password: &str,
) -> Result<(), AppError> {
    validate::signup(organisation, name, email, password)?;
    if let Some(address) = caller.client {
        caller
            .throttle
            .sign_up(Network::of(address))
            .map_err(too_many)?;
    }

    let hash = pw::hash_async(password).await.map_err(|e| {
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
