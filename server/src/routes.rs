//! The HTTP surface: the Leptos app and its server functions, the built assets, `/healthz`.

use std::path::Path;
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::routing::get;
use axum::{Extension, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::ServiceBuilder;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use app::store::Db;
use app::{shell, App, Assets};

use crate::sessions;

/// Forms and plans are small; anything bigger than this is a mistake or an attack.
const BODY_LIMIT: usize = 1024 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Reads the built stylesheet's name from the build's hash file. Without one (a server
/// built without its site), the unhashed name keeps the page readable.
pub fn assets(site_root: &Path) -> Assets {
    let hashes = std::fs::read_to_string(site_root.join("hash.txt")).unwrap_or_else(|_| {
        tracing::warn!("no {}/hash.txt: run scripts/build", site_root.display());
        String::new()
    });
    let css = hashes
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(kind, _)| kind.trim() == "css")
        .map(|(_, hash)| format!("coplan.{}.css", hash.trim()))
        .unwrap_or_else(|| "coplan.css".into());
    Assets { css }
}

pub fn router(
    db: Db,
    sessions: sessions::Store,
    secure_cookies: bool,
    options: LeptosOptions,
) -> Router {
    let site_root = std::path::PathBuf::from(options.site_root.as_ref());
    let assets = assets(&site_root);
    let app_shell = move |options: LeptosOptions| shell(options, assets.clone());

    let session_layer = SessionManagerLayer::new(sessions)
        .with_secure(secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));

    // File names carry a hash of their content, so a browser may keep them for good.
    let built_assets = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        .service(
            ServeDir::new(site_root.join(options.site_pkg_dir.as_ref()))
                .precompressed_br()
                .precompressed_gzip(),
        );

    let routes = generate_route_list(App);
    Router::new()
        .route("/healthz", get(healthz))
        .nest_service(&format!("/{}", options.site_pkg_dir), built_assets)
        .leptos_routes(&options, routes, {
            let options = options.clone();
            let app_shell = app_shell.clone();
            move || app_shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(app_shell))
        .with_state(options)
        .layer(session_layer)
        .layer(Extension(db))
        // Brotli's default level (11) cost milliseconds per page; at 2 the largest plan
        // page (136 KB) compresses to 13 KB in about a third of level 4's time.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(2)))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(TraceLayer::new_for_http())
}

async fn healthz(Extension(db): Extension<Db>) -> (StatusCode, &'static str) {
    match db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(error) => {
            tracing::error!(%error, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    #[tokio::test]
    async fn healthz_answers_200_with_a_database_and_503_without() {
        app::store::test_db::each(|db| async move {
            let sessions = sessions::Store::for_db(&db).await.unwrap();
            let options = LeptosOptions::builder().output_name("coplan").build();
            let app = router(db.clone(), sessions, false, options);
            let get = || Request::get("/healthz").body(Body::empty()).unwrap();

            let up = app.clone().oneshot(get()).await.unwrap();
            assert_eq!(up.status(), StatusCode::OK);

            db.close().await;
            let down = app.oneshot(get()).await.unwrap();
            assert_eq!(down.status(), StatusCode::SERVICE_UNAVAILABLE);
        })
        .await;
    }
}
