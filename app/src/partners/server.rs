//! The partnerships' server functions: thin, each takes the caller and asks the service.
// A plain form's fields are a server function's arguments, and the terms form has many:
// the browser's copy of `save_terms`, which the macro writes, cannot carry an allow.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::domain::import::ImportView;
use crate::domain::overlap::Mapping;
use crate::domain::partnership::{PartnershipDetail, PartnershipSummary};
use crate::error::AppError;

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn list_partnerships() -> Result<Vec<PartnershipSummary>, AppError> {
    let caller = crate::auth::session::caller()?;
    caller.answer(super::service::list(&caller)).await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn partnership(id: i64) -> Result<PartnershipDetail, AppError> {
    let caller = crate::auth::session::caller()?;
    caller.answer(super::service::detail(&caller, id)).await
}

/// An uploaded overlap file's page: the preview by `mapping` (or the headers' guess), or
/// how far its import has got.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn overlap_upload(
    partnership_id: i64,
    upload_id: i64,
    mapping: Option<Mapping>,
) -> Result<ImportView, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::import_service::view(
            &caller,
            partnership_id,
            upload_id,
            mapping,
        ))
        .await
}

/// Imports an uploaded file by the mapping its preview showed (`mapping`: the form value
/// of `domain::import::mapping_text`). A plain form post goes back to the upload's page.
#[server(output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn confirm_import(
    partnership_id: i64,
    upload_id: i64,
    mapping: String,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    let mapping = crate::domain::import::mapping_of_text(&mapping);
    let answer = caller
        .answer(super::import_service::confirm(
            &caller,
            partnership_id,
            upload_id,
            mapping,
        ))
        .await;
    caller.redirect_form(&format!("/partners/{partnership_id}/import/{upload_id}"));
    answer
}

/// Starts a deal plan from the partnership's target account `account` (its key), and goes
/// on to it (`PostForm` follows the redirect; a plain form post too).
#[server(output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn start_plan(
    partnership_id: i64,
    account: String,
) -> Result<crate::domain::answers::Created, AppError> {
    let caller = crate::auth::session::caller()?;
    let created = caller
        .answer(super::service::start_plan(
            &caller,
            partnership_id,
            &account,
        ))
        .await?;
    leptos_axum::redirect(&created.href);
    Ok(created)
}

/// Saves a partnership's terms (a plain form: it works without JavaScript). A browser
/// without JavaScript goes back to the partnership; after a refusal, with what it typed
/// and why in the address, so nothing typed is lost.
#[server(output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn save_terms(
    id: i64,
    version: i64,
    motion_front: String,
    motion_text: String,
    credit_kind: String,
    credit_text: String,
    vendor_owner_id: String,
    partner_owner_id: String,
    cadence_frequency: String,
    cadence_weekday: String,
    target_amount: String,
    target_currency: String,
    target_period: String,
) -> Result<crate::domain::terms::SavedTerms, AppError> {
    use crate::domain::terms::TermsForm;
    let caller = crate::auth::session::caller()?;
    let form = TermsForm {
        motion_front,
        motion_text,
        credit_kind,
        credit_text,
        vendor_owner_id,
        partner_owner_id,
        cadence_frequency,
        cadence_weekday,
        target_amount,
        target_currency,
        target_period,
    };
    let (result, back) = match super::service::save_terms(&caller, id, version, &form).await {
        Ok(saved) => (Ok(saved), format!("/partners/{id}#partnership-terms")),
        Err((error, kind)) => {
            let query = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(form.pairs())
                .append_pair("terms_error", kind)
                .append_pair("terms_reference", &caller.reference().0)
                .finish();
            (
                Err(error),
                format!("/partners/{id}?{query}#partnership-terms"),
            )
        }
    };
    let result = caller.answer(async { result }).await;
    caller.redirect_form(&back);
    result
}
