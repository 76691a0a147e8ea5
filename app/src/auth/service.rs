//! What the auth server functions do, given the caller.

use super::password as pw;
use super::session::Caller;
use super::throttle::Key;
use crate::domain::answers::Viewer;
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
    let email = normalise_email(email);
    let account = Key::Account(email.clone());
    let keys: Vec<Key> = std::iter::once(account.clone())
        .chain(caller.client.map(Key::Address))
        .collect();
    if let Some(wait) = caller.throttle.sign_in_wait(&keys, Instant::now()) {
        return Err(too_many(wait));
    }
    let user = users::user_for_login(&caller.db, &email).await?;
    // Verify even for an unknown email, so both refusals cost the same time.
    let stored = user.as_ref().map(|u| u.password_hash.as_str());
    let verified = pw::verify_async(password, stored.unwrap_or(pw::decoy_hash())).await;
    match user {
        Some(user) if verified => {
            caller.throttle.sign_in_succeeded(&account);
            caller.sign_in(user.id).await
        }
        _ => {
            caller.throttle.sign_in_failed(&keys, Instant::now());
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
        caller.throttle.sign_up(address).map_err(too_many)?;
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
