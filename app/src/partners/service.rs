//! What the partnerships' server functions do: always within the caller's organisation.

use crate::auth::session::Caller;
use crate::domain::partnership::{PartnershipDetail, PartnershipSummary};
use crate::error::AppError;
use crate::store::partnerships;

pub async fn list(caller: &Caller) -> Result<Vec<PartnershipSummary>, AppError> {
    let user = caller.require_user().await?;
    Ok(partnerships::list(&caller.db, user.org_id).await?)
}

/// A partnership of another organisation is not found, exactly like one that does not
/// exist.
pub async fn detail(caller: &Caller, id: i64) -> Result<PartnershipDetail, AppError> {
    let user = caller.require_user().await?;
    Ok(partnerships::detail(&caller.db, user.org_id, id).await?)
}

/// Starts a deal plan from one of the partnership's target accounts; answers where it
/// opens.
pub async fn start_plan(
    caller: &Caller,
    partnership_id: i64,
    account_key: &str,
) -> Result<crate::domain::answers::Created, AppError> {
    let user = caller.require_user().await?;
    let id = crate::store::account_plans::start(
        &caller.db,
        user.org_id,
        partnership_id,
        account_key,
        &user.display_name,
    )
    .await?;
    Ok(crate::domain::answers::Created {
        id,
        href: format!("/plans/{id}"),
    })
}

/// Saves a partnership's terms if nobody saved them since `version`: answers them as
/// stored, with their new version and pipeline, or the refusal with its kind for a browser
/// without JavaScript (`domain::terms::refusal`).
pub async fn save_terms(
    caller: &Caller,
    id: i64,
    version: i64,
    form: &crate::domain::terms::TermsForm,
) -> Result<crate::domain::terms::SavedTerms, (AppError, &'static str)> {
    use crate::domain::terms::{unknown_currency, OWNER};
    let user = caller.require_user().await.map_err(|e| (e, "invalid"))?;
    let terms = form
        .read()
        .map_err(|invalid| (AppError::Invalid(invalid), "invalid"))?;
    if let Some(code) = &terms.target_currency {
        if iso_currency::Currency::from_code(code).is_none() {
            let mut invalid = crate::domain::Invalid::default();
            invalid.check("target_currency", Err(unknown_currency(code)));
            return Err((AppError::Invalid(invalid), "currency"));
        }
    }
    match partnerships::save_terms(&caller.db, user.org_id, id, version, &terms).await {
        Ok(saved) => Ok(saved),
        Err(crate::store::StoreError::Conflict(message)) => {
            Err((AppError::Conflict(message), "conflict"))
        }
        Err(crate::store::StoreError::Invalid(_)) => {
            let mut invalid = crate::domain::Invalid::default();
            invalid.check("vendor_owner_id", Err(OWNER.into()));
            Err((AppError::Invalid(invalid), "owner"))
        }
        Err(other) => Err((other.into(), "invalid")),
    }
}
