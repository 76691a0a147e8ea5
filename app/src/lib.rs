//! Coplan: co-sell plans for a vendor, its partners and a shared buyer.

#![recursion_limit = "256"]

pub mod auth;
pub mod build;
pub mod cadence;
pub mod components;
pub mod domain;
pub mod error;
pub mod owners;
pub mod page_data;
pub mod partners;
pub mod plan;
pub mod post_form;
pub mod routes;
pub mod share;
#[cfg(feature = "ssr")]
pub mod store;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags};
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

use crate::auth::{me, LoginPage, SignOutButton, SignupPage};
use crate::error::AppError;
use crate::routes::*;

/// The server functions a form posts to (`PostForm`, or a plain form without JavaScript): they
/// read a form-encoded body. Every other server function reads JSON, and only JSON.
#[cfg(feature = "ssr")]
pub fn form_endpoints() -> [&'static str; 10] {
    use leptos::server_fn::ServerFn;
    [
        auth::Login::PATH,
        auth::Signup::PATH,
        auth::Logout::PATH,
        plan::CreatePlan::PATH,
        share::LinkComment::PATH,
        share::LinkUpdate::PATH,
        share::LinkAddAction::PATH,
        partners::ConfirmImport::PATH,
        partners::StartPlan::PATH,
        partners::SaveTerms::PATH,
    ]
}

/// The server functions a shared link's holder calls: rate-limited per network, as the
/// link pages are (server/src/guard.rs).
pub fn link_endpoints() -> [&'static str; 4] {
    use leptos::server_fn::ServerFn;
    [
        share::SharedPlan::PATH,
        share::LinkComment::PATH,
        share::LinkUpdate::PATH,
        share::LinkAddAction::PATH,
    ]
}

/// What the page names of the build it belongs to, from the build's hash file: the
/// stylesheet's file, and the build's id (build.rs).
#[derive(Clone, Debug)]
pub struct Assets {
    pub css: String,
    pub build: String,
}

/// The Content-Security-Policy of a page whose inline scripts carry `nonce`: scripts only
/// from the site or with the nonce (so no inline handler and no injected script runs),
/// WebAssembly compiled from the site's own module, nothing framed, embedded or re-based.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; script-src-attr 'none'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions, assets: Assets) -> impl IntoView {
    // Leptos makes a nonce per response and puts it on its own inline scripts; the page's
    // policy names the same one.
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(policy) = http::HeaderValue::from_str(&content_security_policy(&nonce)) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name=build::META_NAME content=assets.build.clone()/>
                <link rel="stylesheet" href=format!("/{}/{}", options.site_pkg_dir, assets.css)/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <components::SiteTitle/>
        <Link rel="icon" href="data:,"/>
        <Router>
            <Routes fallback=PageNotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/plans"/> }/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/signup") view=SignupPage/>
                <Route path=path!("/s/:token") view={Lazy::<SharedPlanRoute>::new()} ssr=SsrMode::Async/>
                <ParentRoute path=path!("/plans") view={Lazy::<SignedInRoute>::new()} ssr=SsrMode::Async>
                    <Route path=path!("") view={Lazy::<PlansRoute>::new()}/>
                    <Route path=path!(":id") view={Lazy::<PlanRoute>::new()}/>
                    <Route path=path!(":id/owners") view={Lazy::<OwnersRoute>::new()}/>
                    <Route path=path!(":id/calendar") view={Lazy::<CalendarRoute>::new()}/>
                    <Route path=path!(":id/reviews/:day") view={Lazy::<ReviewRoute>::new()}/>
                </ParentRoute>
                <ParentRoute path=path!("/partners") view={Lazy::<SignedInRoute>::new()} ssr=SsrMode::Async>
                    <Route path=path!("") view={Lazy::<PartnershipsRoute>::new()}/>
                    <Route path=path!(":id") view={Lazy::<PartnershipRoute>::new()}/>
                    <Route path=path!(":id/import") view={Lazy::<ImportRoute>::new()}/>
                    <Route path=path!(":id/import/:upload") view={Lazy::<ImportPreviewRoute>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// An address that is no page of ours. Loaded from the server, it names the request, as
/// every error page does; the browser reads the same id from the page, so hydration
/// finds what the server wrote. Reached by a link in the page, no request was made and
/// there is nothing to name.
#[component]
fn PageNotFound() -> impl IntoView {
    let reference = leptos::server::SharedValue::new_str(|| error::request_reference().0);
    view! {
        <components::PageTitle text="Page not found"/>
        <main class="auth">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address."</p>
            <components::ReferenceNote reference=error::Reference(reference.into_inner())/>
            <p><a href="/plans">"Your plans"</a></p>
        </main>
    }
}

/// The frame of every signed-in page. A caller without a session is sent to sign in,
/// on the server as a redirect and in the browser as a navigation.
///
/// The page itself (the `Outlet`) is outside the frame's `Suspense`: inside it, the page
/// was built again when the caller's data arrived, and its own data loaded twice (on the
/// server, a plan read twice for one page, often under load), and only after the
/// caller's. Each page checks its caller on the server anyway.
#[component]
pub fn SignedIn() -> impl IntoView {
    let user = page_data::page_data(|| (), |_| me());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(me) => view! {
                        <header class="topbar">
                            <a class="brand" href="/plans">"Coplan"</a>
                            <nav aria-label="Main">
                                <a href="/plans">"Plans"</a>
                                " "
                                <a href="/partners">"Partners"</a>
                            </nav>
                            <span class="who">{me.name} " · " {me.org_name}</span>
                            <SignOutButton/>
                        </header>
                    }.into_any(),
                    Err(e) if matches!(e.cause(), AppError::Unauthenticated) => view! { <Redirect path="/login"/> }.into_any(),
                    // In the top bar's place: the page below says what it can show.
                    Err(e) => view! { <header class="topbar"><p class="error" role="alert">{e.to_string()}</p></header> }.into_any(),
                }
            })}
        </Suspense>
        <main class="page"><Outlet/></main>
    }
}
