//! One lenient reader for staff forms. A body that does not parse reads as the empty form (every field
//! at its default), so the change behind it refuses with a message on the page, never an error page:
//! staff forms are plain HTML posts, and a person should always land back where they were.

use axum::extract::{FromRequest, Request};
use axum::Form;
use serde::de::DeserializeOwned;

/// A staff form's fields, or their defaults when the body is not a form.
pub struct StaffForm<T>(pub T);

impl<T, S> FromRequest<S> for StaffForm<T>
where
    T: DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let form = Form::<T>::from_request(req, state).await;
        Ok(StaffForm(form.map(|Form(f)| f).unwrap_or_default()))
    }
}

/// A form whose fields may repeat (ticked themes, ticked submissions): name and value pairs, in order.
pub type Pairs = Vec<(String, String)>;

/// The first value of `name`, or "".
pub fn one(pairs: &Pairs, name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// Every value of `name`, in order.
pub fn all(pairs: &Pairs, name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}
