use crate::domain::{Role, User};
use crate::ui::FormError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Where a staff page sends people after sign-in: only our own paths, never another site, in a form a
/// Location header can carry (`location`).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if is_local_path(n) => location(n),
        _ => "/inbox".to_string(),
    }
}

/// A path on this site and nothing else, for any `next=` or `back=` that ends in a redirect. Browsers
/// drop tabs and newlines from URLs and read `\` as `/`, so `/%09/evil.example` or `/\evil.example`
/// would lead to another site; the check holds for the text as sent, and for its path once percent-decoded.
pub fn is_local_path(path: &str) -> bool {
    fn plain(p: &str) -> bool {
        p.starts_with('/')
            && !p.contains("//")
            && !p.contains('\\')
            && !p.chars().any(|c| c.is_control() || c.is_whitespace())
    }
    // Only the part before the query decides the site; a search for "a b" may keep its `%20`.
    let before_query = path.split('?').next().unwrap_or_default();
    path.len() <= 512 && plain(path) && plain(&percent_decoded(before_query))
}

/// `%XX` decoded to its byte (invalid escapes kept as they are); not UTF-8 bytes become U+FFFD.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'%', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A path as a Location header can carry it. Paths are often built from ids that axum has already
/// percent-decoded: a `%0A` there is a newline, which no header may hold (axum would answer 500). So
/// every byte that is not visible ASCII is percent-encoded again; the rest is kept as it is.
pub fn location(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let (error, next, signed_out) =
        use_query_map().with_untracked(|q| (q.get("error"), q.get("next"), q.get("signed_out")));
    let message = error.map(|e| match e.as_str() {
        "unavailable" => {
            "Sign-in is not working right now. Please try again in a minute.".to_string()
        }
        _ => "The email or password is not right.".to_string(),
    });
    view! {
        <Title text="Sign in"/>
        <h1>"Sign in"</h1>
        <p>"For staff of this service. Participants do not need an account."</p>
        {signed_out.map(|how| if how == "shared" {
            view! {
                <div class="notice" role="status">
                    <p>"This is now a shared device. You are signed out on it, so the next person cannot open staff pages."</p>
                    <p><a href="/">"Open the start page for participants"</a></p>
                </div>
            }.into_any()
        } else {
            view! { <p class="notice" role="status">"You are signed out."</p> }.into_any()
        })}
        <FormError message/>
        <form method="post" action="/signin" class="narrow">
            // Without a page to go back to, the server picks one by role (staff go to the field page).
            {next.map(|n| view! { <input type="hidden" name="next" value=safe_next(Some(&n))/> })}
            <div class="field">
                <label class="label" for="email">"Email"</label>
                <input class="input" id="email" name="email" type="email" autocomplete="username" required/>
            </div>
            <div class="field">
                <label class="label" for="password">"Password"</label>
                <input class="input" id="password" name="password" type="password" autocomplete="current-password" required/>
            </div>
            <button type="submit" class="button">"Sign in"</button>
        </form>
    }
}

/// What can go wrong creating the first account, by the code the form post carries back.
pub const SETUP_PROBLEMS: crate::notice::Words = &[
    ("email", "Enter an email address, like name@example.org."),
    (
        "password_short",
        "The password must be at least 10 characters long.",
    ),
    ("password_long", "The password is too long."),
    ("taken", "That account already exists."),
];

#[component]
pub fn SetupPage() -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let error = use_query_map().with_untracked(|q| q.get("error"));
    let message = crate::notice::words(SETUP_PROBLEMS, error).map(str::to_string);
    view! {
        <Title text="Create the first admin account"/>
        <h1>"Create the first admin account"</h1>
        <p>"This link works once, while Cairn has no accounts. The admin can then add everyone else."</p>
        <FormError message/>
        <form method="post" action=format!("/setup/{token}") class="narrow">
            <div class="field">
                <label class="label" for="email">"Email"</label>
                <input class="input" id="email" name="email" type="email" autocomplete="username" required/>
            </div>
            <NewPasswordField id="password" label="Password" hint="At least 10 characters. A few words in a row work well."/>
            <button type="submit" class="button">"Create account"</button>
        </form>
    }
}

/// The bar at the top of every staff page: who is signed in, where they may go (the page they are on
/// marked as such), and sign out. The skip link jumps past it to `#content`, just after it.
#[component]
pub fn StaffBar(user: User) -> impl IntoView {
    let here = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let link = move |href: &'static str, label: String| {
        let current = here == href || here.strip_prefix(href).is_some_and(|r| r.starts_with('/'));
        view! { <li><a href=href aria-current=current.then_some("page")>{label}</a></li> }
    };
    let coordinator = user.role.allows(Role::Coordinator);
    let admin = user.role.allows(Role::Admin);
    view! {
        <nav class="staff-bar" aria-label="Staff">
            <p>{format!("Signed in as {}", user.email.as_str())}</p>
            <ul class="staff-links">
                {coordinator.then(|| view! {
                    {link("/inbox", "Inbox".into())}
                    {link("/conversations", "Conversations".into())}
                    {link("/themes", "Themes".into())}
                    {link("/actions", "Actions".into())}
                    {link("/safeguarding", "Safeguarding".into())}
                    {link("/reports", "Reports".into())}
                })}
                {admin.then(|| view! {
                    {link("/people", "People".into())}
                    {link("/audit", "Audit log".into())}
                    {link("/retention", "Keeping data".into())}
                })}
                {link("/collect", crate::text::w("field-title"))}
                {link("/account", "Your account".into())}
            </ul>
            <form method="post" action="/signout">
                <button type="submit" class="button button-secondary">"Sign out"</button>
            </form>
        </nav>
        <span id="content" tabindex="-1"></span>
    }
}

/// A field for choosing a password (posted as `password`), with its hint tied to it for screen readers.
#[component]
pub fn NewPasswordField(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label class="label" for=id>{label}</label>
            <p class="hint" id=hint_id.clone()>{hint}</p>
            <input
                class="input"
                id=id
                name="password"
                type="password"
                autocomplete="new-password"
                aria-describedby=hint_id
                minlength="10"
                required
            />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any `next` a form sends: a page on this site that a Location header can carry.
        #[test]
        fn next_is_always_a_local_page_a_header_can_carry(next in proptest::option::of(prop_oneof![
            ".{0,30}",
            "/[a-z/?=&%.\\\\]{0,30}",
        ])) {
            let to = safe_next(next.as_deref());
            prop_assert!(to.starts_with('/') && !to.starts_with("//") && !to.contains('\\'));
            prop_assert!(to.bytes().all(|b| b.is_ascii_graphic()));
            if to != "/inbox" {
                prop_assert_eq!(Some(to), next.as_deref().map(location));
            }
        }

        /// What `location` keeps, it keeps unchanged; it only encodes what a header cannot hold.
        #[test]
        fn location_changes_only_what_a_header_cannot_hold(path in ".{0,30}") {
            let encoded = location(&path);
            prop_assert!(encoded.bytes().all(|b| b.is_ascii_graphic()));
            if path.bytes().all(|b| b.is_ascii_graphic()) {
                prop_assert_eq!(encoded, path);
            }
        }
    }

    #[test]
    fn a_next_with_a_newline_is_refused_not_a_new_header() {
        assert_eq!(safe_next(Some("/reports\nSet-Cookie: x")), "/inbox");
        assert_eq!(
            safe_next(Some("/reports?from=2026-01-01")),
            "/reports?from=2026-01-01"
        )
    }

    #[test]
    fn only_paths_on_this_site_are_followed_after_sign_in() {
        for good in [
            "/inbox",
            "/inbox/abc?page=2&theme=3",
            "/actions/4",
            "/people?done=added",
        ] {
            assert_eq!(safe_next(Some(good)), good, "{good}");
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/%09/evil.example",
            "/\t/evil.example",
            "/%2F/evil.example",
            "/%2f/evil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "https://evil.example",
            "http:/evil.example",
            "evil.example",
            " /inbox",
            "/inbox\n",
            "/x\r\nLocation: https://evil.example",
            "/%0d%0aSet-Cookie:x=1",
            "/%E2%80%A8x",
            "/\u{3000}/evil.example",
            "",
            "/a%2F%2Fb",
        ] {
            assert_eq!(safe_next(Some(bad)), "/inbox", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/inbox");
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(600)))), "/inbox");
    }
}
