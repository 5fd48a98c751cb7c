//! The one error type that may reach a browser. Each variant says what happened in a plain sentence and
//! nothing more; the detail goes to the server log.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("We could not find that page.")]
    NotFound,
    #[error("Please sign in to see this page.")]
    SignInNeeded,
    #[error("Your account cannot open this page.")]
    Forbidden,
    #[error("{0}")]
    BadInput(String),
    /// A staff change refused for a reason its form names by code (`notice::problem`): the code
    /// travels, and the page shows that code's words from its own list.
    #[error("That did not work. Check what you entered and try again.")]
    Refused(String),
    #[error("Something went wrong on our side. Please try again in a minute.")]
    Internal,
    #[error("We could not reach Cairn. Check the connection and try again.")]
    Network,
    /// Too many requests at once for the server to take another safely (password hashing is costly).
    #[error("Cairn is very busy. Please try again in a minute.")]
    Busy,
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Network,
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m) => AppError::BadInput(m),
            _ => AppError::Internal,
        }
    }
}

impl AppError {
    /// The id of the words that tell a person what happened (`text`), in their language.
    pub fn message_id(&self) -> &'static str {
        match self {
            AppError::NotFound => "problem-not-found",
            AppError::SignInNeeded => "problem-sign-in",
            AppError::Forbidden => "problem-forbidden",
            AppError::BadInput(_) | AppError::Refused(_) => "problem-bad-input",
            AppError::Internal => "problem-internal",
            AppError::Network => "problem-network",
            AppError::Busy => "problem-busy",
        }
    }

    /// The HTTP status that goes with this error, for pages and server-function responses alike.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::SignInNeeded => 401,
            AppError::Forbidden => 403,
            AppError::BadInput(_) | AppError::Refused(_) => 400,
            AppError::Network | AppError::Busy => 503,
            AppError::Internal => 500,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::store::StoreError> for AppError {
    fn from(e: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict => AppError::Refused("taken".into()),
            StoreError::Backend(detail) => {
                tracing::error!(%detail, "storage failed");
                AppError::Internal
            }
        }
    }
}
