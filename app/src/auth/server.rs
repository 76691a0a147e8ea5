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
    let result = caller
        .answer(super::service::login(&caller, &email, &password))
        .await;
    back_with_typed::<Login>(&caller, "/login", &[("email", &email)], &result);
    result?;
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
    let result = caller.answer(work).await;
    let typed = [
        ("organisation", &*organisation),
        ("name", &name),
        ("email", &email),
    ];
    back_with_typed::<Signup>(&caller, "/signup", &typed, &result);
    result?;
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

/// A sign-in or sign-up refused without JavaScript goes back to its page with the refusal
/// and what was typed (never the password), so that nothing needs typing again; by
/// default the browser would be sent back to the bare page it came from.
#[cfg(feature = "ssr")]
fn back_with_typed<F: server_fn::ServerFn>(
    caller: &super::session::Caller,
    page: &str,
    typed: &[(&str, &str)],
    result: &Result<(), AppError>,
) {
    use server_fn::error::ServerFnUrlError;
    let Err(error) = result else { return };
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(typed);
    // The framework's own encoding of a refusal in an address, which the page reads back
    // (`post_form::returned_error`); it builds on a whole URL, of which the path is kept.
    let base = format!("http://coplan{page}?{}", query.finish());
    if let Ok(url) = ServerFnUrlError::new(F::PATH, error.clone()).to_url(&base) {
        caller.redirect_form(&format!(
            "{}?{}",
            url.path(),
            url.query().unwrap_or_default()
        ));
    }
}
