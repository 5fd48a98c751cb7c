//! Messages after a staff form post (post/redirect/get): the handler redirects with `?done=CODE` or
//! `?error=CODE`, and the page shows the words for that code from a fixed list. Only listed words are
//! ever shown, so a link cannot put someone else's text on a staff page.

use crate::error::AppError;
use crate::ui::FormError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Codes and their words.
pub type Words = &'static [(&'static str, &'static str)];

/// The code every list falls back to when something went wrong on our side.
pub const UNAVAILABLE: (&str, &str) = (
    "unavailable",
    "That did not work. Please try again in a minute.",
);

pub fn words(list: Words, code: Option<String>) -> Option<&'static str> {
    let code = code?;
    list.iter()
        .chain([&UNAVAILABLE])
        .find(|(c, _)| *c == code)
        .map(|(_, w)| *w)
}

/// The error for a problem code (server side). It carries the code, not words: the page that shows it
/// looks the words up (`words`), so editing a sentence never changes what a form does.
pub fn problem(list: Words, code: &str) -> AppError {
    let known = list.iter().chain([&UNAVAILABLE]).find(|(c, _)| *c == code);
    AppError::Refused(known.map_or(UNAVAILABLE.0, |(c, _)| *c).to_string())
}

/// The code to put in `?error=` for an error: its own code when `list` has it, "gone" for not found,
/// else "unavailable".
pub fn problem_code(list: Words, error: &AppError) -> &'static str {
    match error {
        AppError::Refused(code) => list
            .iter()
            .find(|(c, _)| c == code)
            .map(|(c, _)| *c)
            .unwrap_or(UNAVAILABLE.0),
        AppError::NotFound => "gone",
        _ => UNAVAILABLE.0,
    }
}

/// The message for this page's `?done=` or `?error=`, if any.
#[component]
pub fn Notices(done: Words, problems: Words) -> impl IntoView {
    let (ok, error) = use_query_map().with_untracked(|q| (q.get("done"), q.get("error")));
    view! {
        {words(done, ok).map(|m| view! { <p class="notice" role="status">{m}</p> })}
        <FormError message=words(problems, error).map(str::to_string)/>
    }
}
