//! Who is calling, as the server knows it from the request: the database and the session.

use std::net::IpAddr;
use std::sync::Arc;

use tower_sessions::Session;

use super::throttle::Throttle;
use crate::error::{AppError, Reference};
use crate::store::{users, users::OrgUser, Db};

const USER_ID: &str = "user_id";
const SIGNED_IN_AT: &str = "signed_in_at";
const SEEN_AT: &str = "seen_at";
/// However active, a session ends this long after its sign-in (the idle limit is the
/// session cookie's own, in the server's router).
pub const SESSION_LIFETIME: chrono::TimeDelta = chrono::TimeDelta::days(30);

/// The request's database and session. Take it first thing in a server function, before
/// any `.await`: Leptos' request context is reliable only until the first suspension.
#[derive(Clone)]
pub struct Caller {
    pub db: Db,
    /// Cookies of ours besides the session's are `Secure` when the session's is.
    secure_cookies: bool,
    session: Session,
    response: leptos_axum::ResponseOptions,
    /// The client's address, as the connection says (never a header a client could set).
    pub client: Option<IpAddr>,
    pub throttle: Arc<Throttle>,
    /// A plain HTML form post (JavaScript off): Leptos answers it with a redirect that
    /// carries the error, and a status of ours would break that redirect.
    pub form_post: bool,
    /// The request's `Cookie` header, for the few cookies besides the session's.
    cookies: Option<String>,
    /// The request's id, which the server's request log puts in every request.
    reference: Reference,
    users: Option<UsersOfRequest>,
}

/// The users this request has read, by id: a plan page asks who is calling for its frame
/// and again for its plan, and the answer does not change within one request (a query, a
/// connection taken from the pool and its check on return, each time). The router puts an
/// empty one in every request (`UsersOfRequest::layer`); shared by the clones of the
/// request's parts that Leptos hands to each server function.
#[derive(Clone, Default)]
pub struct UsersOfRequest(Arc<std::sync::Mutex<Vec<OrgUser>>>);

impl UsersOfRequest {
    /// Middleware: a new, empty one for each request (an `Extension` layer would share
    /// one between all requests).
    pub async fn layer(
        mut request: axum::extract::Request,
        next: axum::middleware::Next,
    ) -> axum::response::Response {
        request.extensions_mut().insert(UsersOfRequest::default());
        next.run(request).await
    }

    fn get(&self, id: i64) -> Option<OrgUser> {
        let users = self.0.lock().ok()?;
        users.iter().find(|user| user.id == id).cloned()
    }

    fn keep(&self, user: &OrgUser) {
        if let Ok(mut users) = self.0.lock() {
            users.push(user.clone());
        }
    }
}

/// Whether the site runs behind HTTPS (`COPLAN_SECURE_COOKIES`): the router puts it in
/// every request, as it configures the session cookie.
#[derive(Clone, Copy, Debug)]
pub struct CookiePolicy {
    pub secure: bool,
}

pub fn caller() -> Result<Caller, AppError> {
    let parts = leptos::prelude::use_context::<http::request::Parts>().ok_or_else(|| {
        tracing::error!("server function called outside a request");
        AppError::Internal
    })?;
    let response = leptos::prelude::use_context::<leptos_axum::ResponseOptions>();
    caller_of(&parts, response)
}

/// The caller of a request outside Leptos (a download route): its answer's status is the
/// route's to set.
pub fn caller_of(
    parts: &http::request::Parts,
    response: Option<leptos_axum::ResponseOptions>,
) -> Result<Caller, AppError> {
    let db = parts.extensions.get::<Db>().cloned();
    let session = parts.extensions.get::<Session>().cloned();
    let throttle = parts.extensions.get::<Arc<Throttle>>().cloned();
    let secure_cookies = parts
        .extensions
        .get::<CookiePolicy>()
        .is_some_and(|policy| policy.secure);
    let client = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    // A page being rendered accepts HTML too, and does take our status (a plan of
    // another organisation is a 404 page): only a posted form is answered by redirect.
    let form_post = parts.method == http::Method::POST
        && parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    let cookies = parts
        .headers
        .get(http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let reference = Reference::of(&parts.extensions);
    let users = parts.extensions.get::<UsersOfRequest>().cloned();
    match (db, session, response, throttle) {
        (Some(db), Some(session), Some(response), Some(throttle)) => Ok(Caller {
            db,
            secure_cookies,
            session,
            response,
            client,
            throttle,
            form_post,
            cookies,
            reference,
            users,
        }),
        _ => {
            tracing::error!("the request lacks the database, session or throttle layer");
            Err(AppError::Internal.with_reference(&reference))
        }
    }
}

/// A route outside Leptos (a download, an upload) answers a failure as its sentence with
/// its status, naming the request where the failure is ours.
pub fn error_answer(parts: &http::request::Parts, error: AppError) -> axum::response::Response {
    use axum::response::IntoResponse;
    let error = error.with_reference(&Reference::of(&parts.extensions));
    (error.status(), error.to_string()).into_response()
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    use tower_sessions::session::Error;
    use tower_sessions::session_store::Error as StoreError;
    tracing::error!(error = %e, "session store");
    match e {
        // The sessions live in the database: its store failing is the database away.
        Error::Store(StoreError::Backend(_)) => AppError::Unavailable,
        _ => AppError::Internal,
    }
}

impl Caller {
    /// Runs a server function's work and answers a refusal with its HTTP status, so a
    /// wrong password is a 401 in the logs and to any client, not a server error; a
    /// failure on our side names the request, for a person's report.
    pub async fn answer<T>(
        &self,
        work: impl std::future::Future<Output = Result<T, AppError>>,
    ) -> Result<T, AppError> {
        let result = work
            .await
            .map_err(|error| error.with_reference(&self.reference));
        if let Err(error) = &result {
            if let AppError::TooManyAttempts(seconds) = error.cause() {
                if let Ok(value) = http::HeaderValue::from_str(&seconds.to_string()) {
                    self.response
                        .insert_header(http::header::RETRY_AFTER, value);
                }
            }
            // A page the frame is sending to sign in keeps its redirect: the page's own
            // data loads beside the frame's, and may be refused after the frame chose it.
            let redirecting = self
                .response
                .0
                .read()
                .is_ok_and(|parts| parts.status.is_some_and(|status| status.is_redirection()));
            if !self.form_post && !redirecting {
                self.response.set_status(error.status());
            }
        }
        result
    }

    /// The request's id, which its failures name.
    pub fn reference(&self) -> &Reference {
        &self.reference
    }

    /// The value of the request's cookie `name`, if it sent one.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.cookies.as_deref()?;
        tower_sessions::cookie::Cookie::split_parse_encoded(header)
            .filter_map(Result::ok)
            .find(|c| c.name() == name)
            .map(|c| c.value().to_string())
    }

    /// Sets a cookie with the answer.
    pub fn set_cookie(&self, mut cookie: tower_sessions::cookie::Cookie<'_>) {
        cookie.set_secure(self.secure_cookies);
        match http::HeaderValue::from_str(&cookie.encoded().to_string()) {
            Ok(value) => self.response.append_header(http::header::SET_COOKIE, value),
            Err(error) => tracing::warn!(%error, "a cookie that is no header value"),
        }
    }

    /// Answers a plain form post (JavaScript off) by sending the browser to `to`, whatever
    /// the outcome: the page there shows it.
    pub fn redirect_form(&self, to: &str) {
        if self.form_post {
            leptos_axum::redirect(to);
        }
    }

    /// The signed-in user, or `Unauthenticated`. Every server function that touches an
    /// organisation's data starts here.
    pub async fn require_user(&self) -> Result<OrgUser, AppError> {
        let user_id: Option<i64> = self.session.get(USER_ID).await.map_err(session_error)?;
        let user_id = user_id.ok_or(AppError::Unauthenticated)?;
        let signed_in_at: Option<chrono::DateTime<chrono::Utc>> = self
            .session
            .get(SIGNED_IN_AT)
            .await
            .map_err(session_error)?;
        let now = chrono::Utc::now();
        if signed_in_at.is_none_or(|at| now - at >= SESSION_LIFETIME) {
            self.sign_out().await?;
            return Err(AppError::Unauthenticated);
        }
        // The idle limit counts from the session's last write: write it again now and
        // then (not on every request), so a session in use stays alive until its lifetime.
        let seen: Option<chrono::DateTime<chrono::Utc>> =
            self.session.get(SEEN_AT).await.map_err(session_error)?;
        if seen.is_none_or(|seen| now - seen >= chrono::TimeDelta::hours(1)) {
            self.session
                .insert(SEEN_AT, now)
                .await
                .map_err(session_error)?;
        }
        if let Some(user) = self.users.as_ref().and_then(|users| users.get(user_id)) {
            return Ok(user);
        }
        let user = users::user_by_id(&self.db, user_id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if let Some(users) = &self.users {
            users.keep(&user);
        }
        Ok(user)
    }

    /// The signed-in user, if `auth::access` lets them edit plan `plan_id`: a plan of
    /// another organisation, or none, is `NotFound` alike. Every server function about one
    /// plan starts here (a shared link's start at `share::visit::Visit::open`).
    pub async fn editor(&self, plan_id: i64) -> Result<OrgUser, AppError> {
        use super::access::{permits, Need, PlanRef, Principal};
        let user = self.require_user().await?;
        let org_id = crate::store::plans::org_of(&self.db, plan_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let plan = PlanRef {
            id: plan_id,
            org_id,
        };
        if !permits(&Principal::User(user.clone()), plan, Need::Edit) {
            return Err(AppError::NotFound);
        }
        Ok(user)
    }

    /// Starts a signed-in session under a new id, so a session id planted before
    /// sign-in is worth nothing after it.
    pub async fn sign_in(&self, user_id: i64) -> Result<(), AppError> {
        self.session.cycle_id().await.map_err(session_error)?;
        // Seen now too: the first page after signing in need not write the session again.
        let now = chrono::Utc::now();
        for key in [SIGNED_IN_AT, SEEN_AT] {
            self.session.insert(key, now).await.map_err(session_error)?;
        }
        self.session
            .insert(USER_ID, user_id)
            .await
            .map_err(session_error)
    }

    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.session.flush().await.map_err(session_error)
    }
}
