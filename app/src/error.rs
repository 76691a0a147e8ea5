//! The error every server function returns: what the browser may know, and nothing more.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::Invalid;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("Please sign in.")]
    Unauthenticated,
    #[error("Email or password is not right.")]
    BadCredentials,
    /// Also the answer for a plan of another organisation: its existence is not ours to reveal.
    #[error("That plan does not exist or is not yours to see.")]
    NotFound,
    /// A shared link asked for more than its scope allows.
    #[error("This link does not allow that.")]
    Forbidden,
    #[error("{0}")]
    Invalid(Invalid),
    #[error("{0}")]
    Conflict(String),
    /// Too many failed sign-ins (or sign-ups) from here: the seconds to wait.
    #[error("Too many attempts. Please wait {} and try again.", wait_text(*.0))]
    TooManyAttempts(u64),
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The database does not answer (stopped, restarting, out of connections) or cannot
    /// write (its disk full or read-only): nothing was written, and the same request will
    /// work once it is back.
    #[error("Coplan cannot use its database right now, so nothing was saved. Please try again in a moment.")]
    Unavailable,
    /// The request ran past the server's time bound. It runs on to its end
    /// (`guard::run_to_completion`), so a save may yet be written: only a reload tells.
    #[error("Coplan took too long to answer, so this may or may not have been saved. Reload the page to see, then try again if it is needed.")]
    TimedOut,
    /// The database went away while the write committed: it may be in or not.
    #[error("Coplan lost its database while saving this, so it may or may not have been saved. Reload the page to see, then try again if it is needed.")]
    Unconfirmed,
    #[error("Could not reach the server: {0}")]
    Transport(String),
    /// The page and the server no longer speak the same language: most likely Coplan was
    /// deployed again while the page stayed open. A reload fetches the new page.
    #[error("The server could not read this request. If this page was open while Coplan was updated, reload the page to go on.")]
    Outdated,
    /// The page belongs to another build than the server's (build.rs): nothing of the
    /// request was read, so nothing of it was saved.
    #[error("Coplan was updated while this page was open, so this was not saved. Copy anything you typed that is not saved yet, then reload the page.")]
    Reload,
    /// Any of the others as the server answered it, with the id of the request: every
    /// message a person sees of an answer names its request, so that their report of it
    /// finds the request's log line.
    #[error("{0}{1}")]
    Answered(Box<AppError>, Reference),
}

/// The id of the request that failed (its log line's, and its `x-request-id`), shown
/// after the message so that a person's report finds it in the log. Empty where it is
/// not known (the page failed without asking the server): the message then ends without
/// it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference(pub String);

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.as_str() {
            "" => Ok(()),
            id => write!(f, " (Reference {id}.)"),
        }
    }
}

impl Reference {
    /// The id the server's request log put in the request (empty outside its router).
    #[cfg(feature = "ssr")]
    pub fn of(extensions: &http::Extensions) -> Reference {
        extensions.get::<Reference>().cloned().unwrap_or_default()
    }

    /// A reference a page's address carried back from a form post without JavaScript:
    /// only the characters of an id the server gives, so that an address made elsewhere
    /// cannot put words of its own in the page.
    pub fn from_address(text: &str) -> Reference {
        let is_id =
            text.len() <= 32 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        Reference(if is_id {
            text.to_string()
        } else {
            String::new()
        })
    }
}

/// The id of the request being served: empty in the browser, and outside a request.
pub fn request_reference() -> Reference {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .map(|parts| Reference::of(&parts.extensions))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Reference::default()
    }
}

/// "1 second", "40 seconds", "3 minutes": what a person reads in a wait.
fn wait_text(seconds: u64) -> String {
    match seconds {
        0 | 1 => "1 second".into(),
        2..=90 => format!("{seconds} seconds"),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

impl AppError {
    /// The error with the id of the request it answers (none where `reference` is empty).
    pub fn with_reference(self, reference: &Reference) -> AppError {
        match self {
            error if reference.0.is_empty() => error,
            AppError::Answered(error, _) => AppError::Answered(error, reference.clone()),
            error => AppError::Answered(Box::new(error), reference.clone()),
        }
    }

    /// The error itself, without the request it answers.
    pub fn cause(&self) -> &AppError {
        match self {
            AppError::Answered(error, _) => error,
            other => other,
        }
    }

    /// The id of the request it answers (empty if it did not come from the server).
    pub fn reference(&self) -> Reference {
        match self {
            AppError::Answered(_, reference) => reference.clone(),
            _ => Reference::default(),
        }
    }

    /// The server's message for one field, where it rejected that field: shown beside the
    /// field, under a note that names the request (`components::ErrorNote`).
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self.cause() {
            AppError::Invalid(invalid) => invalid.message_for(field).map(str::to_string),
            _ => None,
        }
    }

    /// An error the page made itself (a route's address it cannot read) as the answer of
    /// the request being served: on the server, the page gets the error's status and the
    /// error the request's id, and the same value travels to the browser with the page. In
    /// the browser there is no request to answer or name.
    pub fn here(self) -> AppError {
        #[cfg(feature = "ssr")]
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(self.status());
        }
        self.with_reference(&request_reference())
    }

    /// What a form of one field shows: the field's message with the request's id, or the
    /// whole message where the error is not about the field.
    pub fn message_about(&self, field: &str) -> String {
        match self.field_message(field) {
            Some(message) => format!("{message}{}", self.reference()),
            None => self.to_string(),
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Unauthenticated | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Outdated => StatusCode::BAD_REQUEST,
            // The page's precondition, its build, is not the server's.
            AppError::Reload => StatusCode::PRECONDITION_FAILED,
            AppError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Unavailable | AppError::TimedOut | AppError::Unconfirmed => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::Answered(error, _) => error.status(),
        }
    }
}

impl From<Invalid> for AppError {
    fn from(invalid: Invalid) -> Self {
        AppError::Invalid(invalid)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments the server cannot read, or an answer the page cannot: the two
            // were built from different versions of the code.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => AppError::Outdated,
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::store::StoreError> for AppError {
    fn from(error: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(message) => AppError::Conflict(message),
            StoreError::Invalid(message) => {
                AppError::Invalid(crate::domain::Invalid(vec![crate::domain::FieldError {
                    field: "value".into(),
                    message,
                }]))
            }
            StoreError::Unconfirmed(error) => {
                tracing::error!(%error, "the database went away during a commit");
                AppError::Unconfirmed
            }
            StoreError::Database(error) if database_away(&error) => {
                tracing::error!(%error, "the database does not answer");
                AppError::Unavailable
            }
            other => {
                // The details stay in the server log; the browser gets a short sentence.
                tracing::error!(error = %other, "store error");
                AppError::Internal
            }
        }
    }
}

/// Whether an error says the database cannot serve us right now, rather than that it
/// refused what it was asked: a connection lost or refused, the pool closed or out of
/// time, a server shutting down or starting up, a disk full or read-only. The same
/// request will work once the operator has seen to it.
#[cfg(feature = "ssr")]
pub(crate) fn database_away(error: &sqlx::Error) -> bool {
    use sqlx::error::DatabaseError as _;
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(error) => {
            if let Some(error) = error.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                postgres_away(error.code())
            } else if let Some(error) = error.try_downcast_ref::<sqlx::sqlite::SqliteError>() {
                error.code().is_some_and(|code| sqlite_away(&code))
            } else {
                false
            }
        }
        _ => false,
    }
}

/// SQLSTATE classes and codes of a server that cannot serve now: connection exceptions
/// (08), insufficient resources (53: disk full, out of memory, too many connections),
/// shutdown and start-up (57P01–57P03), and a read-only (standby) server (25006).
#[cfg(feature = "ssr")]
fn postgres_away(code: &str) -> bool {
    code.starts_with("08")
        || code.starts_with("53")
        || matches!(code, "57P01" | "57P02" | "57P03" | "25006")
}

/// SQLite's extended result code, whose low byte is the primary code: BUSY (5) after the
/// busy timeout, READONLY (8), IOERR (10), FULL (13) and CANTOPEN (14).
#[cfg(feature = "ssr")]
fn sqlite_away(code: &str) -> bool {
    code.parse::<i32>()
        .is_ok_and(|code| matches!(code & 0xff, 5 | 8 | 10 | 13 | 14))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_and_server_of_different_versions_ask_for_a_reload() {
        for mismatch in [
            ServerFnErrorErr::Args("unknown variant `Renamed`".into()),
            ServerFnErrorErr::MissingArg("edit".into()),
            ServerFnErrorErr::Deserialization("missing field `findings`".into()),
        ] {
            let error = AppError::from_server_fn_error(mismatch);
            assert_eq!(error, AppError::Outdated);
            assert!(error.to_string().contains("reload the page"), "{error}");
        }
        assert_eq!(
            AppError::TooManyAttempts(40).to_string(),
            "Too many attempts. Please wait 40 seconds and try again."
        );
        assert_eq!(
            AppError::TooManyAttempts(121).to_string(),
            "Too many attempts. Please wait 3 minutes and try again."
        );
        let offline = AppError::from_server_fn_error(ServerFnErrorErr::Request("offline".into()));
        assert_eq!(
            offline.to_string(),
            "Could not reach the server: error reaching server to call server function: offline"
        );
    }

    /// An answer names its request once, whatever the error; a page's own error (no
    /// request) and an empty id name none; an address carries back only an id.
    #[test]
    fn an_answer_names_its_request_once() {
        let id = Reference("3f9c0a1b2c3d4e5f".into());
        let conflict = AppError::Conflict("Someone saved it first.".into()).with_reference(&id);
        assert_eq!(
            conflict.to_string(),
            "Someone saved it first. (Reference 3f9c0a1b2c3d4e5f.)"
        );
        let again = conflict.clone().with_reference(&Reference("other".into()));
        assert_eq!(again.cause(), conflict.cause());
        assert_eq!(again.reference(), Reference("other".into()));
        assert_eq!(
            AppError::NotFound.with_reference(&Reference::default()),
            AppError::NotFound
        );
        assert_eq!(AppError::NotFound.here(), AppError::NotFound);

        let mut invalid = Invalid::default();
        invalid.check("title", Err("Title is too long.".to_string()));
        let invalid = AppError::Invalid(invalid).with_reference(&id);
        assert_eq!(
            invalid.field_message("title").as_deref(),
            Some("Title is too long.")
        );
        assert_eq!(
            invalid.message_about("title"),
            "Title is too long. (Reference 3f9c0a1b2c3d4e5f.)"
        );
        assert_eq!(invalid.message_about("body"), invalid.to_string());

        assert_eq!(Reference::from_address("3f9c0a1b2c3d4e5f"), id);
        for words in ["Call 555 0100 now", "<b>", &"a".repeat(33)] {
            assert_eq!(
                Reference::from_address(words),
                Reference::default(),
                "{words}"
            );
        }
    }

    /// The database's own codes for "cannot serve now" are the 503 "try again"; a
    /// refusal of what was asked (a unique key, a foreign key) is not. A commit that meets
    /// the database going away says it may or may not have been saved.
    #[cfg(feature = "ssr")]
    #[test]
    fn the_database_away_is_told_apart_from_a_refusal() {
        assert!(postgres_away("08006") && postgres_away("57P01") && postgres_away("53100"));
        assert!(postgres_away("57P03") && postgres_away("25006"));
        assert!(!postgres_away("23505") && !postgres_away("40001") && !postgres_away("25P02"));
        // SQLITE_FULL, SQLITE_READONLY and an extended IOERR; not SQLITE_CONSTRAINT_UNIQUE.
        assert!(sqlite_away("13") && sqlite_away("8") && sqlite_away("266"));
        assert!(!sqlite_away("2067") && !sqlite_away("19") && !sqlite_away("x"));

        let at_commit = crate::store::StoreError::at_commit(sqlx::Error::PoolClosed);
        let error = AppError::from(at_commit).with_reference(&Reference("3f9c0a".into()));
        assert_eq!(
            error,
            AppError::Answered(Box::new(AppError::Unconfirmed), Reference("3f9c0a".into()))
        );
        assert!(
            error.to_string().contains("may or may not have been saved")
                && error.to_string().ends_with("(Reference 3f9c0a.)"),
            "{error}"
        );
        let refused = crate::store::StoreError::at_commit(sqlx::Error::RowNotFound);
        assert_eq!(AppError::from(refused), AppError::Internal);
    }
}
