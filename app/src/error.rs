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
    #[error("{0}")]
    Invalid(Invalid),
    #[error("{0}")]
    Conflict(String),
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    #[error("Could not reach the server: {0}")]
    Transport(String),
}

impl AppError {
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
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
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
        AppError::Transport(value.to_string())
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
            other => {
                // The details stay in the server log; the browser gets a short sentence.
                tracing::error!(error = %other, "store error");
                AppError::Internal
            }
        }
    }
}
