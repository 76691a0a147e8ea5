//! Who is calling, as the server knows it from the request: the database and the session.

use tower_sessions::Session;

use crate::error::AppError;
use crate::store::{users, users::OrgUser, Db};

const USER_ID: &str = "user_id";

/// The request's database and session. Take it first thing in a server function, before
/// any `.await`: Leptos' request context is reliable only until the first suspension.
#[derive(Clone)]
pub struct Caller {
    pub db: Db,
    session: Session,
    response: leptos_axum::ResponseOptions,
    /// A plain HTML form post (JavaScript off): Leptos answers it with a redirect that
    /// carries the error, and a status of ours would break that redirect.
    form_post: bool,
}

pub fn caller() -> Result<Caller, AppError> {
    let parts = leptos::prelude::use_context::<http::request::Parts>().ok_or_else(|| {
        tracing::error!("server function called outside a request");
        AppError::Internal
    })?;
    let db = parts.extensions.get::<Db>().cloned();
    let session = parts.extensions.get::<Session>().cloned();
    let response = leptos::prelude::use_context::<leptos_axum::ResponseOptions>();
    let form_post = parts
        .headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    match (db, session, response) {
        (Some(db), Some(session), Some(response)) => Ok(Caller {
            db,
            session,
            response,
            form_post,
        }),
        _ => {
            tracing::error!("the request carries no database or no session layer");
            Err(AppError::Internal)
        }
    }
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store");
    AppError::Internal
}

impl Caller {
    /// Runs a server function's work and answers a refusal with its HTTP status, so a
    /// wrong password is a 401 in the logs and to any client, not a server error.
    pub async fn answer<T>(
        &self,
        work: impl std::future::Future<Output = Result<T, AppError>>,
    ) -> Result<T, AppError> {
        let result = work.await;
        match &result {
            Err(error) if !self.form_post => self.response.set_status(error.status()),
            _ => {}
        }
        result
    }

    /// The signed-in user, or `Unauthenticated`. Every server function that touches an
    /// organisation's data starts here.
    pub async fn require_user(&self) -> Result<OrgUser, AppError> {
        let user_id: Option<i64> = self.session.get(USER_ID).await.map_err(session_error)?;
        let user_id = user_id.ok_or(AppError::Unauthenticated)?;
        users::user_by_id(&self.db, user_id)
            .await?
            .ok_or(AppError::Unauthenticated)
    }

    /// Starts a signed-in session under a new id, so a session id planted before
    /// sign-in is worth nothing after it.
    pub async fn sign_in(&self, user_id: i64) -> Result<(), AppError> {
        self.session.cycle_id().await.map_err(session_error)?;
        self.session
            .insert(USER_ID, user_id)
            .await
            .map_err(session_error)
    }

    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.session.flush().await.map_err(session_error)
    }
}
