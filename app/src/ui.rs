//! Page parts every feature shares: rendering a server function's result (`show`), the error page, the
//! "There is a problem" box (`FormError`), and reading a route parameter.

use crate::error::AppError;
use crate::text::w;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A route parameter of this page, empty when absent.
pub(crate) fn param(name: &'static str) -> String {
    use_params_map().with_untracked(|p| p.get(name).unwrap_or_default())
}

/// Renders a server function's result, or its error as a plain sentence. A staff page whose server
/// function says "sign in first" sends the person to sign in and back here.
pub fn show<T: Clone + Send + Sync + 'static, V: IntoView + 'static>(
    resource: Resource<Result<T, AppError>>,
    ok: impl Fn(T) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView {
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (ok, path) = (ok.clone(), path.clone());
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => ok(value).into_any(),
                        Err(AppError::SignInNeeded) => {
                            #[cfg(feature = "ssr")]
                            leptos_axum::redirect(&format!("/signin?next={path}"));
                            let _ = path;
                            view! { <p><a href="/signin">"Please sign in."</a></p> }.into_any()
                        }
                        Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(error.status()),
    ) {
        res.set_status(status);
    }
    let title = if error == AppError::NotFound {
        w("not-found-title")
    } else {
        w("error-summary-title")
    };
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <p>{w(error.message_id())}</p>
        <p><a href=crate::text::href("/")>{w("back-home")}</a></p>
    }
}

/// "There is a problem", and what it is, announced to screen readers.
#[component]
pub fn FormError(#[prop(into)] message: Option<String>) -> impl IntoView {
    message.map(|m| {
        view! {
            <div class="error-summary" role="alert">
                <h2 class="panel-title">"There is a problem"</h2>
                <p>{m}</p>
            </div>
        }
    })
}
