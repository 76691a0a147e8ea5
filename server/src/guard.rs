//! What every request must show before the app sees it, and what every answer carries:
//! a state-changing request comes from the site itself, a server function gets the body
//! type it reads, and answers say how they may be cached and sniffed.

use axum::body::{to_bytes, Body, HttpBody};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::auth::throttle::{Network, Throttle};
use app::error::{AppError, Reference};

/// Where the built, content-hashed files are served.
pub const PKG_PREFIX: &str = "/pkg/";
const API_PREFIX: &str = "/api/";
const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
/// A server function's error answer is a short JSON value; anything longer is passed on.
const ERROR_BODY_MAX: usize = 64 * 1024;

/// Refuses a state-changing request that a browser made for another site (a cross-site
/// form or fetch riding on the session cookie, or signing a browser into an account).
/// Browsers say where a request comes from in `Sec-Fetch-Site`; where they do not, the
/// `Origin` must be this site's. A client that sends neither is not a browser, and has
/// no one else's cookie to ride on.
pub async fn same_origin_only(request: Request, next: Next) -> Response {
    if is_cross_site(request.method(), request.headers()) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        return (
            StatusCode::FORBIDDEN,
            "Refused: this request came from another site.",
        )
            .into_response();
    }
    next.run(request).await
}

fn is_cross_site(method: &Method, headers: &HeaderMap) -> bool {
    if method.is_safe() {
        return false;
    }
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    match text(header::HeaderName::from_static("sec-fetch-site")) {
        Some("same-origin" | "none") => return false,
        Some("cross-site") => return true,
        // "same-site" (a sibling subdomain) or an older browser: the Origin decides.
        _ => {}
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (None, _) => false,
        (Some(origin), Some(host)) => !origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"))
            .is_some_and(|authority| authority.eq_ignore_ascii_case(host)),
        (Some(_), None) => true,
    }
}

/// The build this server serves pages of (app/src/build.rs).
#[derive(Clone)]
pub struct Build(pub std::sync::Arc<str>);

/// Answers a server-function call from a page of another build with "reload", before
/// anything of it is read: its arguments were encoded by other code than this server's.
/// A call without the header (a plain form, or a client that is not a page) goes on.
pub async fn same_build(
    axum::extract::State(build): axum::extract::State<Build>,
    request: Request,
    next: Next,
) -> Response {
    let sent = request.headers().get(app::build::HEADER);
    let other = sent.is_some_and(|sent| sent.as_bytes() != build.0.as_bytes());
    if other && request.uri().path().starts_with(API_PREFIX) {
        return AppError::Reload
            .with_reference(&Reference::of(request.extensions()))
            .into_answer_to(API_PREFIX);
    }
    next.run(request).await
}

/// Limits the requests each network makes to shared links' pages (`/s/…`) and server
/// functions: past the limit, 429 with `Retry-After`, before anything is read.
pub async fn link_rate_limit(
    axum::extract::State(throttle): axum::extract::State<std::sync::Arc<Throttle>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let is_link = path.starts_with("/s/") || app::link_endpoints().contains(&path);
    let client = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| Network::of(info.0.ip()));
    if let (true, Some(network)) = (is_link, client) {
        if let Err(wait) = throttle.link_request(network) {
            let seconds = wait.as_secs().max(1);
            let mut response = AppError::TooManyAttempts(seconds)
                .with_reference(&Reference::of(request.extensions()))
                .into_answer_to(path);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            return response;
        }
    }
    next.run(request).await
}

/// A server function reads one body type: JSON, or a form for the few that a plain HTML
/// form posts to (`app::form_endpoints`). Anything else, such as the `text/plain` a
/// cross-site form can send without asking, is refused before it is read.
pub async fn server_fn_body_type(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if request.method() == Method::POST && path.starts_with(API_PREFIX) {
        let expected = if app::form_endpoints().contains(&path) {
            FORM
        } else {
            JSON
        };
        let given = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase());
        if given.as_deref() != Some(expected) {
            return (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("Refused: send this request as {expected}."),
            )
                .into_response();
        }
    }
    next.run(request).await
}

/// A server function that fails before its body runs (arguments it cannot read) answers
/// 500 whatever the error; this gives the error's own status: a request the server cannot
/// read is the client's mistake (400), logged as a warning, not a server error. The error
/// names the request, as those of the function's body do.
pub async fn server_fn_error_status(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let reference = Reference::of(request.extensions());
    let response = next.run(request).await;
    let is_server_fn_error = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && response
            .headers()
            .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER);
    if !is_server_fn_error {
        return response;
    }
    let (mut parts, bytes) = match short_body(response, ERROR_BODY_MAX).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let Ok(error) = leptos::serde_json::from_slice::<AppError>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if error.cause() == &AppError::Outdated {
        tracing::warn!(%path, "a server function could not read its arguments");
    }
    parts.status = error.status();
    parts.headers.remove(header::CONTENT_LENGTH);
    let named = error.with_reference(&reference);
    let body = leptos::serde_json::to_string(&named).unwrap_or_default();
    Response::from_parts(parts, Body::from(body))
}

/// An answer's body read whole, where its length is known and at most `max`; anything
/// longer or of unknown length is given back as it is (the `Err`), and a body that fails
/// to read is a 500.
pub async fn short_body(
    response: Response,
    max: usize,
) -> Result<(axum::http::response::Parts, axum::body::Bytes), Response> {
    let short = response
        .body()
        .size_hint()
        .upper()
        .is_some_and(|length| length <= max as u64);
    if !short {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    match to_bytes(body, max).await {
        Ok(bytes) => Ok((parts, bytes)),
        Err(_) => Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
    }
}

/// Headers for every answer. Pages and server-function answers hold one organisation's
/// data, so nothing keeps them; the built files are named by their content, so a browser
/// keeps a successful one for good (and a 404 there not at all).
pub async fn response_headers(request: Request, next: Next) -> Response {
    let built_file = request.uri().path().starts_with(PKG_PREFIX);
    // A shared link's page: its address is the credential, so it never leaves in a
    // Referer, and no search engine keeps it.
    let link_page = request.uri().path().starts_with("/s/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if link_page {
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("same-origin"));
    let cache = if built_file && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-store"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// Runs each request to its end in a task of its own, even when its client goes away or
/// its time runs out. A request dropped halfway through a transaction left sqlx 0.8.6's
/// PostgreSQL connection in a broken transaction ("there is no transaction in progress",
/// then "current transaction is aborted" for every request the pool gave it next; sqlx PR
/// #4394); a page that leaves while its reads are on their way drops them so. Run to the
/// end, a save is also never half done by a client that gave up on it.
pub async fn run_to_completion(request: Request, next: Next) -> Response {
    let reference = Reference::of(request.extensions());
    match tokio::spawn(next.run(request)).await {
        Ok(response) => response,
        Err(error) => {
            tracing::error!(%error, "a request's task failed");
            AppError::Internal
                .with_reference(&reference)
                .into_answer_to(API_PREFIX)
        }
    }
}

/// Cuts a request still running after its bound with 503, the status that says "try
/// again": the server is busy or waiting on the database, not refusing the request. A
/// server function's answer is its error, which the page shows as such (an empty body
/// would read as a page of another version); a page's is the sentence.
pub async fn time_bound(
    axum::extract::State(bound): axum::extract::State<std::time::Duration>,
    request: Request,
    next: Next,
) -> Response {
    let reference = Reference::of(request.extensions());
    let path = request.uri().path().to_string();
    match tokio::time::timeout(bound, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!(?bound, "a request ran past its time bound");
            AppError::TimedOut
                .with_reference(&reference)
                .into_answer_to(&path)
        }
    }
}

trait IntoAnswer {
    /// The error as the answer to a request for `path`: JSON to a server function, text
    /// to anything else.
    fn into_answer_to(self, path: &str) -> Response;
}

impl IntoAnswer for AppError {
    fn into_answer_to(self, path: &str) -> Response {
        if path.starts_with(API_PREFIX) {
            let body = leptos::serde_json::to_string(&self).unwrap_or_default();
            (self.status(), [(header::CONTENT_TYPE, JSON)], body).into_response()
        } else {
            (self.status(), self.to_string()).into_response()
        }
    }
}

/// A request path as the log may show it: the secret of a shared link (`/s/<token>`) or
/// of a calendar feed (`…/calendar/<key>.ics`) replaced by "…".
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    if path.starts_with("/s/") {
        return "/s/…".into();
    }
    match path.rsplit_once("/calendar/") {
        Some((before, file)) if file.ends_with(".ics") => format!("{before}/calendar/….ics").into(),
        _ => path.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request whose caller stops waiting (a client gone, a timeout) still runs to its
    /// end: what it started in the database is finished, not dropped halfway.
    #[tokio::test]
    async fn a_request_given_up_by_its_caller_still_runs_to_its_end() {
        use tower::ServiceExt;
        let (entered, in_handler) = tokio::sync::oneshot::channel::<()>();
        let entered = std::sync::Arc::new(std::sync::Mutex::new(Some(entered)));
        let (finished, handler_finished) = tokio::sync::oneshot::channel::<()>();
        let finished = std::sync::Arc::new(std::sync::Mutex::new(Some(finished)));
        let release = std::sync::Arc::new(tokio::sync::Notify::new());
        let app = axum::Router::new()
            .route(
                "/save",
                axum::routing::post({
                    let release = release.clone();
                    move || async move {
                        if let Some(entered) = entered.lock().unwrap().take() {
                            let _ = entered.send(());
                        }
                        release.notified().await;
                        if let Some(finished) = finished.lock().unwrap().take() {
                            let _ = finished.send(());
                        }
                        "saved"
                    }
                }),
            )
            .layer(axum::middleware::from_fn(run_to_completion));
        let call = app.oneshot(
            axum::http::Request::post("/save")
                .body(Body::empty())
                .unwrap(),
        );
        // The caller waits until the handler is under way, then gives up on it.
        tokio::select! {
            _ = call => panic!("the handler answered before it was released"),
            _ = in_handler => {}
        }
        release.notify_one();
        handler_finished
            .await
            .expect("the handler ran to its end after its caller was gone");
    }

    #[test]
    fn secrets_in_paths_are_not_logged() {
        let token = "0123456789abcdef0123456789abcdef";
        assert_eq!(loggable_path(&format!("/s/{token}")), "/s/…");
        assert_eq!(
            loggable_path(&format!("/calendar/{token}.ics")),
            "/calendar/….ics"
        );
        assert_eq!(
            loggable_path(&format!("/plans/4/calendar/{token}.ics")),
            "/plans/4/calendar/….ics"
        );
        assert_eq!(loggable_path("/plans/4/calendar"), "/plans/4/calendar");
        assert_eq!(loggable_path("/plans/4"), "/plans/4");
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_static(k),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    #[test]
    fn cross_site_is_told_by_fetch_metadata_or_else_the_origin() {
        let post = Method::POST;
        let host = ("host", "coplan.test:3000");
        assert!(is_cross_site(
            &post,
            &headers(&[host, ("sec-fetch-site", "cross-site")])
        ));
        assert!(!is_cross_site(
            &post,
            &headers(&[host, ("sec-fetch-site", "same-origin")])
        ));
        assert!(is_cross_site(
            &post,
            &headers(&[host, ("origin", "http://evil.example")])
        ));
        assert!(is_cross_site(
            &post,
            &headers(&[
                host,
                ("sec-fetch-site", "same-site"),
                ("origin", "https://other.coplan.test:3000")
            ])
        ));
        assert!(is_cross_site(&post, &headers(&[host, ("origin", "null")])));
        assert!(!is_cross_site(
            &post,
            &headers(&[host, ("origin", "http://coplan.test:3000")])
        ));
        assert!(
            !is_cross_site(&post, &headers(&[host])),
            "not a browser: no Origin, no fetch metadata"
        );
        assert!(!is_cross_site(
            &Method::GET,
            &headers(&[host, ("sec-fetch-site", "cross-site")])
        ));
    }
}
