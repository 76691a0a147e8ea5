use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Who is signed in, as the pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    pub email: String,
    pub org_name: String,
}

#[server]
pub async fn me() -> Result<Viewer, AppError> {
    let user = super::session::caller()?.require_user().await?;
    Ok(Viewer {
        name: user.display_name,
        email: user.email,
        org_name: user.org_name,
    })
}

#[server]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use super::{password as pw, session};
    use crate::domain::validate::normalise_email;
    use crate::store::users;

    let caller = session::caller()?;
    let user = users::user_for_login(&caller.db, &normalise_email(&email)).await?;
    // Verify even for an unknown email, so both refusals cost the same time.
    let stored = user.as_ref().map(|u| u.password_hash.as_str());
    let verified = pw::verify(&password, stored.unwrap_or(pw::decoy_hash()));
    match user {
        Some(user) if verified => {
            caller.sign_in(user.id).await?;
            leptos_axum::redirect("/plans");
            Ok(())
        }
        _ => Err(AppError::BadCredentials),
    }
}

#[server]
pub async fn signup(
    organisation: String,
    name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    use super::{password as pw, session};
    use crate::domain::{limits::*, validate, Invalid};
    use crate::store::users;

    let caller = session::caller()?;
    let mut invalid = Invalid::default();
    invalid.check(
        "organisation",
        validate::required_text("Organisation", &organisation, ORG_NAME_MAX),
    );
    invalid.check(
        "name",
        validate::required_text("Your name", &name, PERSON_NAME_MAX),
    );
    invalid.check("email", validate::email(&email));
    invalid.check("password", validate::new_password(&password));
    invalid.into_result()?;

    let hash = pw::hash(&password).map_err(|e| {
        tracing::error!(error = %e);
        AppError::Internal
    })?;
    let user = users::create_org_with_user(
        &caller.db,
        organisation.trim(),
        &validate::normalise_email(&email),
        name.trim(),
        &hash,
    )
    .await?;
    caller.sign_in(user.id).await?;
    leptos_axum::redirect("/plans");
    Ok(())
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    super::session::caller()?.sign_out().await?;
    leptos_axum::redirect("/login");
    Ok(())
}
