//! What every staff form handler does first and last: check the signed-in user's role, and answer with
//! a redirect back to the page carrying a message code (post/redirect/get).

use super::AppState;
use app::auth::{check, location, session};
use app::domain::{Role, User};
use app::error::AppError;
use app::notice::{problem_code, Words};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

/// The signed-in user if their role allows `role`; otherwise the response to send instead: sign in
/// (and come back to `back`), or a 403 that names nothing.
pub async fn allowed(
    state: &AppState,
    headers: &HeaderMap,
    role: Role,
    back: &str,
) -> Result<User, Response> {
    let user = match session::user_from(&state.ctx, headers).await {
        Ok(user) => user,
        Err(_) => {
            return Err(
                Redirect::to(&location(&format!("{back}?error=unavailable"))).into_response(),
            )
        }
    };
    check(user, role).map_err(|e| match e {
        AppError::SignInNeeded => Redirect::to(&sign_in_then(back)).into_response(),
        _ => (StatusCode::FORBIDDEN, "Your account cannot do that.").into_response(),
    })
}

/// The sign-in page, then back to `page` (an own path; anything else goes to the default).
pub fn sign_in_then(page: &str) -> String {
    // Slashes may stay as they are in a query; `?`, `&`, `#` and the rest are escaped.
    let next: String = app::auth::safe_next(Some(page))
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("/signin?next={next}")
}

/// Back to `page` (which may carry a query already) with `done=` or `error=` (a code from `problems`).
pub fn back(page: &str, result: Result<(), AppError>, done: &str, problems: Words) -> Response {
    let sep = if page.contains('?') { '&' } else { '?' };
    match result {
        Ok(()) => Redirect::to(&location(&format!("{page}{sep}done={done}"))).into_response(),
        Err(e) => {
            if !matches!(e, AppError::Refused(_) | AppError::NotFound) {
                tracing::error!(error = %e, "staff change failed");
            }
            let code = problem_code(problems, &e);
            Redirect::to(&location(&format!("{page}{sep}error={code}"))).into_response()
        }
    }
}

/// A staff form post from start to end: check the role (as `allowed`), make the change as that user,
/// and redirect back to `page` with `?done=done` or the problem's code.
pub async fn change_then_back<F, Fut>(
    state: AppState,
    headers: &HeaderMap,
    role: Role,
    page: &str,
    done: &str,
    problems: Words,
    change: F,
) -> Response
where
    F: FnOnce(AppState, User) -> Fut,
    Fut: std::future::Future<Output = Result<(), AppError>>,
{
    let user = match allowed(&state, headers, role, page).await {
        Ok(u) => u,
        Err(res) => return res,
    };
    back(page, change(state, user).await, done, problems)
}

/// `change_then_back` (as a coordinator) for a form on one thing's page: `raw` is the id from the path, read by `parse`;
/// an id that does not read is "gone", like one that does not exist.
#[allow(clippy::too_many_arguments)]
pub async fn change_by_id<I, F, Fut>(
    state: AppState,
    headers: &HeaderMap,
    page: &str,
    done: &str,
    problems: Words,
    raw: &str,
    parse: impl FnOnce(&str) -> Option<I>,
    change: F,
) -> Response
where
    F: FnOnce(AppState, User, I) -> Fut,
    Fut: std::future::Future<Output = Result<(), AppError>>,
{
    let id = parse(raw);
    change_then_back(
        state,
        headers,
        Role::Coordinator,
        page,
        done,
        problems,
        |s, u| async move {
            match id {
                Some(id) => change(s, u, id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn page() -> impl Strategy<Value = String> {
        prop_oneof![
            ".{0,20}".prop_map(|id| format!("/inbox/{id}")),
            "[a-z0-9%?&=-]{0,20}".prop_map(|id| format!("/actions/{id}")),
            any::<Vec<u8>>()
                .prop_map(|b| format!("/conversations/{}", String::from_utf8_lossy(&b))),
        ]
    }

    fn outcome() -> impl Strategy<Value = Result<(), AppError>> {
        prop_oneof![
            Just(Ok(())),
            Just(Err(AppError::NotFound)),
            ".{0,10}".prop_map(|m| Err(AppError::BadInput(m))),
            "[a-z_]{0,10}".prop_map(|c| Err(AppError::Refused(c))),
        ]
    }

    proptest! {
        /// Whatever id a path carries, the answer is a redirect back to that page, never a 500.
        #[test]
        fn any_page_redirects_back_with_a_valid_location(page in page(), result in outcome()) {
            let res = back(&page, result, "done", &[]);
            prop_assert_eq!(res.status(), StatusCode::SEE_OTHER);
            let to = res.headers()["location"].to_str().expect("visible ASCII");
            prop_assert!(to.starts_with(&location(&page)));
        }
    }

    #[test]
    fn a_newline_in_a_path_id_is_encoded_not_a_server_error() {
        let res = back("/inbox/\n", Ok(()), "done", &[]);
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/inbox/%0A?done=done");
    }
}
