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
    #[error("Something went wrong on our side. Please try again.{0}")]
    Internal(Reference),
    /// The database does not answer (stopped, restarting, out of connections) or cannot
    /// write (its disk full or read-only): nothing was written, and the same request will
    /// work once it is back.
    #[error("Coplan cannot use its database right now, so nothing was saved. Please try again in a moment.{0}")]
    Unavailable(Reference),
    /// The request ran past the server's time bound. It runs on to its end
    /// (`guard::run_to_completion`), so a save may yet be written: only a reload tells.
    #[error("Coplan took too long to answer, so this may or may not have been saved. Reload the page to see, then try again if it is needed.{0}")]
    TimedOut(Reference),
    /// The database went away while the write committed: it may be in or not.
    #[error("Coplan lost its database while saving this, so it may or may not have been saved. Reload the page to see, then try again if it is needed.{0}")]
    Unconfirmed(Reference),
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
}

/// The id of the request that failed (its log line's, and its `x-request-id`), shown
/// after the message of a failure on our side so that a person's report finds it in the
/// log. Empty where it is not known: the message then ends without it.
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

/// "1 second", "40 seconds", "3 minutes": what a person reads in a wait.
fn wait_text(seconds: u64) -> String {
    match seconds {
        0 | 1 => "1 second".into(),
        2..=90 => format!("{seconds} seconds"),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

impl AppError {
    /// A failure on our side, its reference to be filled in at the edge.
    pub const fn internal() -> AppError {
        AppError::Internal(Reference(String::new()))
    }

    /// The database away, its reference to be filled in at the edge.
    pub const fn unavailable() -> AppError {
        AppError::Unavailable(Reference(String::new()))
    }

    /// The error with the request's reference, where it is a failure on our side (the
    /// others tell the person what to do, and need none).
    pub fn with_reference(self, reference: &Reference) -> AppError {
        match self {
            AppError::Internal(_) => AppError::Internal(reference.clone()),
            AppError::Unavailable(_) => AppError::Unavailable(reference.clone()),
            AppError::TimedOut(_) => AppError::TimedOut(reference.clone()),
            AppError::Unconfirmed(_) => AppError::Unconfirmed(reference.clone()),
            other => other,
        }
    }

    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(invalid) => invalid.message_for(field).map(str::to_string),
            _ => None,
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
            AppError::Internal(_) | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Unavailable(_) | AppError::TimedOut(_) | AppError::Unconfirmed(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
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
                AppError::Unconfirmed(Reference::default())
            }
            StoreError::Database(error) if database_away(&error) => {
                tracing::error!(%error, "the database does not answer");
                AppError::unavailable()
            }
            other => {
                // The details stay in the server log; the browser gets a short sentence.
                tracing::error!(error = %other, "store error");
                AppError::internal()
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
        assert_eq!(error, AppError::Unconfirmed(Reference("3f9c0a".into())));
        assert!(
            error.to_string().contains("may or may not have been saved")
                && error.to_string().ends_with("(Reference 3f9c0a.)"),
            "{error}"
        );
        let refused = crate::store::StoreError::at_commit(sqlx::Error::RowNotFound);
        assert!(matches!(AppError::from(refused), AppError::Internal(_)));
    }
}
