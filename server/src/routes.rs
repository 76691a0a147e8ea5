//! The HTTP surface: the Leptos app and its server functions, the built assets, `/healthz`.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{middleware, Extension, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use app::auth::throttle::Throttle;
use app::store::Db;
use app::{shell, App, Assets};

use crate::{guard, request_log, sessions};

/// Forms and plans are small; anything bigger than this is a mistake or an attack.
const BODY_LIMIT: usize = 1024 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Leptos' options for the site built into `site_root` (scripts/build writes it). Without
/// its hash file (a server built without its site) pages still render, readable without
/// their scripts, instead of failing every request where Leptos looks for the file.
pub fn leptos_options(site_root: &Path, addr: std::net::SocketAddr) -> LeptosOptions {
    let hash_file = site_root.join("hash.txt");
    let built = hash_file.is_file();
    if !built {
        tracing::warn!(
            "no {}: pages render without their scripts; run scripts/build",
            hash_file.display()
        );
    }
    LeptosOptions::builder()
        .output_name("coplan")
        .site_root(site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(Env::PROD)
        .hash_files(built)
        // Leptos reads it relative to the binary; an absolute path points at the site.
        .hash_file(hash_file.display().to_string().into())
        .build()
}

/// Reads the built stylesheet's name and the build's id from the build's hash file, or
/// the unhashed name and "unbuilt". The id is the browser bundle's hash (all of its
/// modules and scripts): what a page's calls are encoded by changes with it, and a
/// server-only change leaves open tabs be.
pub fn assets(site_root: &Path) -> Assets {
    let hashes = std::fs::read_to_string(site_root.join("hash.txt")).unwrap_or_default();
    let hash = |kind: &str| {
        hashes
            .lines()
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.trim() == kind)
            .map(|(_, hash)| hash.trim().to_string())
    };
    Assets {
        css: hash("css")
            .map(|hash| format!("coplan.{hash}.css"))
            .unwrap_or_else(|| "coplan.css".into()),
        build: hash("build").unwrap_or_else(|| "unbuilt".into()),
    }
}

pub fn router(
    db: Db,
    sessions: sessions::Store,
    secure_cookies: bool,
    throttle: Arc<Throttle>,
    options: LeptosOptions,
) -> Router {
    let site_root = std::path::PathBuf::from(options.site_root.as_ref());
    let assets = assets(&site_root);
    let build = guard::Build(Arc::from(assets.build.as_str()));
    let app_shell = move |options: LeptosOptions| shell(options, assets.clone());

    let session_layer = SessionManagerLayer::new(sessions)
        .with_secure(secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));

    // File names carry a hash of their content: guard::response_headers lets a browser
    // keep them for good.
    let built_assets = ServeDir::new(site_root.join(options.site_pkg_dir.as_ref()))
        .precompressed_br()
        .precompressed_gzip();

    // The overlap upload takes up to 10 MB; everything else stays under BODY_LIMIT.
    let uploads = Router::new()
        .route(
            "/partners/{id}/uploads",
            axum::routing::post(app::partners::upload_overlap),
        )
        .layer(DefaultBodyLimit::max(app::partners::UPLOAD_BODY_LIMIT));

    let routes = generate_route_list(App);
    let base = Router::new().route("/healthz", get(healthz));
    // The heap's live bytes, which only a debug build counts (heap.rs): the soak reads them.
    #[cfg(debug_assertions)]
    let base = base.route(
        "/debug/heap",
        get(|| async { crate::heap::live_bytes().to_string() }),
    );
    base.route("/plans/{id}/owners.csv", get(app::owners::download_csv))
        .route("/calendar/{file}", get(app::cadence::feed_routes::org_feed))
        .route(
            "/plans/{id}/calendar/{file}",
            get(app::cadence::feed_routes::plan_feed),
        )
        .nest_service(&format!("/{}", options.site_pkg_dir), built_assets)
        .leptos_routes(&options, routes, {
            let options = options.clone();
            let app_shell = app_shell.clone();
            move || app_shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(app_shell))
        .with_state(options)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .merge(uploads)
        .layer(middleware::from_fn(guard::server_fn_error_status))
        .layer(middleware::from_fn(
            app::auth::session::UsersOfRequest::layer,
        ))
        .layer(session_layer)
        .layer(Extension(db))
        .layer(Extension(app::auth::session::CookiePolicy {
            secure: secure_cookies,
        }))
        .layer(Extension(throttle.clone()))
        .layer(middleware::from_fn(guard::server_fn_body_type))
        .layer(middleware::from_fn_with_state(build, guard::same_build))
        .layer(middleware::from_fn_with_state(
            throttle,
            guard::link_rate_limit,
        ))
        .layer(middleware::from_fn(guard::same_origin_only))
        // Inside the time bound: a request cut off at the bound runs on to its end.
        .layer(middleware::from_fn(guard::run_to_completion))
        .layer(middleware::from_fn_with_state(
            REQUEST_TIMEOUT,
            guard::time_bound,
        ))
        // Outside the bound, so that its answer carries them too.
        .layer(middleware::from_fn(guard::response_headers))
        // Brotli's default level (11) cost milliseconds per page; at 2 the largest plan
        // page (136 KB) compresses to 13 KB in about a third of level 4's time.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(2)))
        // One line per request, its id in the answer (request_log.rs).
        .layer(middleware::from_fn(request_log::log_request))
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
    use axum::body::{to_bytes, Body};
    use axum::http::{header, Request};
    use tower::ServiceExt;

    async fn app_on(db: Db, options: LeptosOptions) -> Router {
        let sessions = sessions::Store::for_db(&db).await.unwrap();
        router(db, sessions, false, Arc::new(Throttle::new(10)), options)
    }

    fn options() -> LeptosOptions {
        LeptosOptions::builder().output_name("coplan").build()
    }

    #[tokio::test]
    async fn healthz_answers_200_with_a_database_and_503_without() {
        app::store::test_db::each(|db| async move {
            let app = app_on(db.clone(), options()).await;
            let get = || Request::get("/healthz").body(Body::empty()).unwrap();

            let up = app.clone().oneshot(get()).await.unwrap();
            assert_eq!(up.status(), StatusCode::OK);

            db.close().await;
            let down = app.oneshot(get()).await.unwrap();
            assert_eq!(down.status(), StatusCode::SERVICE_UNAVAILABLE);
        })
        .await;
    }

    /// A tab opened before a deploy sends what the new server no longer reads (here, a
    /// field the server does not know): it is told to reload, not that the server is
    /// unreachable.
    #[tokio::test]
    async fn a_request_from_an_older_page_is_told_to_reload() {
        app::store::test_db::each(|db| async move {
            let app = app_on(db, options()).await;
            let body = r#"{"edit":{"plan_id":1,"field":"RenamedSinceThen","row":null,"expected":"","value":"x"}}"#;
            let request = Request::post("/api/save_field")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::ACCEPT, "application/json")
                .body(Body::from(body))
                .unwrap();
            let answer = app.oneshot(request).await.unwrap();
            assert!(!answer.status().is_success());
            let bytes = to_bytes(answer.into_body(), BODY_LIMIT).await.unwrap();
            let error: app::error::AppError = leptos::serde_json::from_slice(&bytes).unwrap();
            assert_eq!(error.cause(), &app::error::AppError::Outdated);
        })
        .await;
    }

    /// A request that outlasts the bound is cut with 503, which a server function's caller
    /// reads as "took too long" (not as a page of another version) with its reference, and
    /// a page's as the sentence; one within the bound is answered.
    #[tokio::test]
    async fn a_request_over_its_time_is_cut_with_503() {
        let bound = Duration::from_millis(100);
        let slow = move || async move {
            tokio::time::sleep(bound * 20).await;
            "late"
        };
        let app = Router::new()
            .route("/slow", get(slow))
            .route("/api/slow", axum::routing::post(slow))
            .route("/quick", get(|| async { "on time" }))
            .layer(middleware::from_fn_with_state(bound, guard::time_bound))
            .layer(middleware::from_fn(request_log::log_request));
        let page = app.clone().oneshot(get_request("/slow")).await.unwrap();
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
        let text = to_bytes(page.into_body(), BODY_LIMIT).await.unwrap();
        assert!(String::from_utf8_lossy(&text).starts_with("Coplan took too long to answer"));

        let call = Request::post("/api/slow").body(Body::empty()).unwrap();
        let answer = app.clone().oneshot(call).await.unwrap();
        assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
        let id = answer.headers()[request_log::HEADER]
            .to_str()
            .unwrap()
            .to_string();
        let bytes = to_bytes(answer.into_body(), BODY_LIMIT).await.unwrap();
        let error: app::error::AppError = leptos::serde_json::from_slice(&bytes).unwrap();
        assert_eq!(error.cause(), &app::error::AppError::TimedOut);
        assert_eq!(error.reference(), app::error::Reference(id.clone()));
        assert!(error.to_string().ends_with(&format!("(Reference {id}.)")));

        let quick = app.oneshot(get_request("/quick")).await.unwrap();
        assert_eq!(quick.status(), StatusCode::OK);
    }

    fn get_request(path: &str) -> Request<Body> {
        Request::get(path).body(Body::empty()).unwrap()
    }

    /// A page of another build is told to reload before anything it sent is read: here its
    /// body is not even JSON, and the answer is still "reload", not "cannot read". The same
    /// body from a page of this build is read, and refused for what it is.
    #[tokio::test]
    async fn a_call_from_a_page_of_another_build_is_told_to_reload_unread() {
        app::store::test_db::each(|db| async move {
            let site = std::env::temp_dir().join(format!("coplan-build-{}", std::process::id()));
            std::fs::create_dir_all(&site).unwrap();
            std::fs::write(
                site.join("hash.txt"),
                "build: 0123456789abcdef\njs: 1\nwasm: 5555555555555555\ncss: 2\n",
            )
            .unwrap();
            let options = LeptosOptions::builder()
                .output_name("coplan")
                .site_root(site.display().to_string())
                .build();
            let app = app_on(db, options).await;
            let call = |build: &str| {
                Request::post("/api/save_field")
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(app::build::HEADER, build)
                    .body(Body::from("not json"))
                    .unwrap()
            };
            let answer = |response: axum::response::Response| async move {
                let status = response.status();
                let bytes = to_bytes(response.into_body(), BODY_LIMIT).await.unwrap();
                let error: app::error::AppError = leptos::serde_json::from_slice(&bytes).unwrap();
                (status, error.cause().clone())
            };

            // Another build, and this build's main module alone (its chunks may differ).
            for build in ["fedcba9876543210", "5555555555555555"] {
                let other = answer(app.clone().oneshot(call(build)).await.unwrap()).await;
                assert_eq!(
                    other,
                    (
                        StatusCode::PRECONDITION_FAILED,
                        app::error::AppError::Reload
                    )
                );
            }
            assert!(app::error::AppError::Reload
                .to_string()
                .contains("reload the page"));

            let same = answer(app.oneshot(call("0123456789abcdef")).await.unwrap()).await;
            assert_eq!(
                same,
                (StatusCode::BAD_REQUEST, app::error::AppError::Outdated)
            );
            std::fs::remove_dir_all(&site).ok();
        })
        .await;
    }

    // The only test here that renders a page: Leptos keeps what it read of the site in
    // process-wide statics, so a test of a built site would need its own test binary.
    #[tokio::test]
    async fn without_a_built_site_pages_still_render() {
        app::store::test_db::each(|db| async move {
            let empty = std::env::temp_dir().join(format!("coplan-no-site-{}", std::process::id()));
            std::fs::create_dir_all(&empty).unwrap();
            let app = app_on(db, leptos_options(&empty, "127.0.0.1:0".parse().unwrap())).await;
            let page = app
                .oneshot(Request::get("/login").body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(page.status(), StatusCode::OK);
            let html = to_bytes(page.into_body(), BODY_LIMIT).await.unwrap();
            let html = String::from_utf8_lossy(&html);
            assert!(html.contains("Sign in"), "{html}");
            assert!(
                html.contains("/pkg/coplan.css"),
                "the unhashed stylesheet: {html}"
            );
            assert!(
                html.contains(r#"<meta name="coplan-build" content="unbuilt">"#),
                "the page names its build: {html}"
            );
            std::fs::remove_dir(&empty).ok();
        })
        .await;
    }
}
