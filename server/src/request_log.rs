//! One log line per request: its id, method, path (secrets replaced), status and time.
//!
//! The id also goes back in the `x-request-id` header, so a person's report of a failure
//! (the browser's network panel shows it) finds its line, and every line logged while the
//! request ran carries it in its span. Bodies are never logged: no password or token
//! reaches the log, and paths go through `guard::loggable_path`.

use std::time::Instant;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use app::error::Reference;

use crate::guard;

pub const HEADER: &str = "x-request-id";

/// A new id: 64 random bits in hex, or a fixed mark where the random source fails (the
/// request still runs; its line says so).
fn new_id() -> String {
    app::store::secret::new_token()
        .map(|token| token[..16].to_string())
        .unwrap_or_else(|_| "no-random-source".into())
}

pub async fn log_request(mut request: Request, next: Next) -> Response {
    let id = new_id();
    // What the app shows as the reference of a failure (app::error::Reference).
    request.extensions_mut().insert(Reference(id.clone()));
    let method = request.method().clone();
    let path = guard::loggable_path(request.uri().path()).into_owned();
    let span = tracing::info_span!("request", id = %id, method = %method, path = %path);
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(status, ms = format_args!("{ms:.1}"), "answered");
        } else {
            tracing::info!(status, ms = format_args!("{ms:.1}"), "answered");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    name_the_request(response, &Reference(id)).await
}

/// The longest plain-text failure given its reference; anything longer goes on as it is.
const TEXT_MAX: usize = 16 * 1024;

/// A failure answered in plain text by a layer that knows nothing of the request (a body
/// over the limit, a cross-site refusal, a download refused) ends with its reference, as
/// the app's own messages do: whatever a person reports names its request.
async fn name_the_request(response: Response, reference: &Reference) -> Response {
    let is_text = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if response.status().as_u16() < 400 || !is_text {
        return response;
    }
    let (mut parts, bytes) = match guard::short_body(response, TEXT_MAX).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    let named = reference.to_string();
    if !text.ends_with(&named) {
        text.push_str(&named);
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(text))
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use leptos::server_fn::ServerFn;

    use super::HEADER;
    use crate::http_tests::{demo_app, form, from_site, login_body, page_get, send};

    /// Collects what the log writes, as the server's text format writes it.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
        }
    }

    /// Every request gets a line with its id, method, path, status and time, and its id
    /// in the answer; a password sent and a shared link's token never reach the log.
    #[tokio::test]
    async fn each_request_is_one_line_with_its_id_and_no_secret() {
        app::store::test_db::each(|db| async move {
            let captured = Captured::default();
            let writer = captured.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_writer(move || writer.clone())
                .with_ansi(false)
                .finish();
            let _guard = tracing::subscriber::set_default(subscriber);
            let (_, app) = demo_app(&db).await;

            let password = "not-the-password-9f8e7d";
            let login = form(
                from_site("POST", app::auth::Login::PATH),
                &login_body("ae@northwind.test", password),
            );
            let first = send(&app, login).await;
            let token = "0123456789abcdef0123456789abcdef";
            let second = send(&app, page_get(&format!("/s/{token}"), "")).await;

            let id = |response: &axum::response::Response| {
                response.headers()[HEADER].to_str().unwrap().to_string()
            };
            let (first_id, second_id) = (id(&first), id(&second));
            assert_eq!(first_id.len(), 16);
            assert_ne!(first_id, second_id);
            let log = captured.text();
            let lines: Vec<&str> = log.lines().filter(|l| l.contains("answered")).collect();
            assert_eq!(lines.len(), 2, "{log}");
            assert!(lines[0].contains(&format!("id={first_id}")), "{log}");
            let login_line = format!("method=POST path={}", app::auth::Login::PATH);
            assert!(lines[0].contains(&login_line), "{log}");
            assert!(
                lines[0].contains(&format!("status={}", first.status().as_u16())),
                "{log}"
            );
            assert!(lines[0].contains("ms="), "{log}");
            assert!(lines[1].contains(&format!("id={second_id}")), "{log}");
            assert!(lines[1].contains("path=/s/…"), "{log}");
            assert!(
                lines[1].contains(&format!("status={}", second.status().as_u16())),
                "{log}"
            );
            assert!(!log.contains(password) && !log.contains(token), "{log}");
        })
        .await;
    }
}
