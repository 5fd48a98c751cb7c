//! People: admins add accounts, disable and enable them, and reset passwords; everyone with an account
//! changes their own password. Plain HTML forms posting to `server/src/http/people.rs`, no WebAssembly.

#[cfg(feature = "ssr")]
pub mod changes;

use crate::auth::{NewPasswordField, StaffBar};
use crate::domain::{Role, User};
use crate::error::AppError;
use crate::ui::show;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// What can go wrong on these pages, by the code carried in `?error=`. Only these words are ever shown,
/// so a link cannot put someone else's text on a staff page.
pub const PROBLEMS: &[(&str, &str)] = &[
    ("email", "Enter an email address, like name@example.org."),
    ("role", "Choose staff, coordinator or admin."),
    (
        "password",
        "The new password must be at least 10 characters long (and at most 1024).",
    ),
    ("taken", "There is already an account with that email."),
    (
        "self",
        "You cannot disable your own account. Ask another admin.",
    ),
    ("current", "Your current password is not right."),
    ("gone", "That account does not exist."),
];

/// What went right, by the code carried in `?done=`.
pub const DONE: &[(&str, &str)] = &[
    (
        "added",
        "The account is ready. Tell them their password in person or by phone, not by email.",
    ),
    (
        "disabled",
        "The account is disabled. They are signed out everywhere.",
    ),
    ("enabled", "The account is enabled. They can sign in again."),
    (
        "reset",
        "The password is reset. They are signed out everywhere and can sign in with the new one.",
    ),
    (
        "changed",
        "Your password is changed. Other devices where you were signed in are signed out.",
    ),
];

/// The error for a problem code (server side).
pub fn problem(code: &str) -> AppError {
    crate::notice::problem(PROBLEMS, code)
}

/// The code to put in `?error=` for an error from the changes.
pub fn problem_code(error: &AppError) -> &'static str {
    crate::notice::problem_code(PROBLEMS, error)
}

/// One account on the people page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    pub added: String,
    pub is_me: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeopleData {
    pub me: User,
    pub people: Vec<Person>,
}

/// Every account. Admins only.
#[server(prefix = "/api/fn", endpoint = "people")]
pub async fn people_page() -> Result<PeopleData, AppError> {
    let me = crate::auth::require(Role::Admin).await?;
    let ctx = crate::context::Ctx::get()?;
    let people = ctx
        .store
        .accounts()
        .await?
        .into_iter()
        .map(|a| Person {
            is_me: a.user.id == me.id,
            id: a.user.id,
            email: a.user.email.as_str().to_string(),
            role: a.user.role,
            disabled: a.disabled,
            added: crate::domain::dates::day_of(a.created_at),
        })
        .collect();
    Ok(PeopleData { me, people })
}

/// The person signed in. Any account.
#[server(prefix = "/api/fn", endpoint = "me")]
pub async fn me() -> Result<User, AppError> {
    crate::auth::require(Role::Staff).await
}

#[component]
fn Messages() -> impl IntoView {
    view! { <crate::notice::Notices done=DONE problems=PROBLEMS/> }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| people_page());
    view! {
        <Title text="People"/>
        {show(data, |d: PeopleData| view! { <People data=d/> })}
    }
}

#[component]
fn People(data: PeopleData) -> impl IntoView {
    view! {
        <StaffBar user=data.me/>
        <h1>"People"</h1>
        <Messages/>
        <ul class="people" aria-label="Accounts">
            {data.people.into_iter().map(|p| view! { <PersonItem p/> }).collect_view()}
        </ul>
        <h2>"Add an account"</h2>
        <form method="post" action="/people" class="narrow">
            <div class="field">
                <label class="label" for="new-email">"Email"</label>
                <input class="input" id="new-email" name="email" type="email" autocomplete="off" required/>
            </div>
            <div class="field">
                <label class="label" for="new-role">"Role"</label>
                <p class="hint" id="role-hint">
                    "Staff collect input in the field. Coordinators also read and act on it. Admins also manage accounts."
                </p>
                <select class="input" id="new-role" name="role" aria-describedby="role-hint">
                    <option value="staff">"Staff"</option>
                    <option value="coordinator">"Coordinator"</option>
                    <option value="admin">"Admin"</option>
                </select>
            </div>
            <NewPasswordField id="new-password" label="First password" hint="At least 10 characters. They can change it after signing in."/>
            <button type="submit" class="button">"Add account"</button>
        </form>
    }
}

#[component]
fn PersonItem(p: Person) -> impl IntoView {
    let status = if p.disabled { "Disabled" } else { "Active" };
    let reset_id = format!("reset-{}", p.id);
    let toggle = (!p.is_me).then(|| {
        let (action, label) = if p.disabled {
            ("enable", "Enable")
        } else {
            ("disable", "Disable")
        };
        view! {
            <form method="post" action=format!("/people/{}/{action}", p.id)>
                <button type="submit" class="button button-secondary" aria-label=format!("{label} {}", p.email)>
                    {label}
                </button>
            </form>
        }
    });
    view! {
        <li class="inbox-item">
            <h2 class="inbox-title">{p.email.clone()}{p.is_me.then_some(" (you)")}</h2>
            <dl class="meta">
                <div><dt>"Role"</dt><dd>{p.role.as_str()}</dd></div>
                <div><dt>"Status"</dt><dd>{status}</dd></div>
                <div><dt>"Added"</dt><dd>{p.added}</dd></div>
            </dl>
            {toggle}
            {if p.is_me {
                view! { <p><a href="/account">"Change your own password on Your account."</a></p> }.into_any()
            } else {
                view! {
                    <form method="post" action=format!("/people/{}/password", p.id) class="inline-form">
                        <label class="label" for=reset_id.clone()>{format!("New password for {}", p.email)}</label>
                        <input class="input" id=reset_id name="password" type="password" autocomplete="new-password" minlength="10" required/>
                        <button type="submit" class="button button-secondary">"Reset password"</button>
                    </form>
                }.into_any()
            }}
        </li>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| me());
    view! {
        <Title text="Your account"/>
        {show(data, |user: User| view! { <Account user/> })}
    }
}

#[component]
fn Account(user: User) -> impl IntoView {
    view! {
        <StaffBar user=user.clone()/>
        <h1>"Your account"</h1>
        <Messages/>
        <p>{format!("You are signed in as {}, with the role {}.", user.email.as_str(), user.role.as_str())}</p>
        <h2>"Change your password"</h2>
        <form method="post" action="/account/password" class="narrow">
            <div class="field">
                <label class="label" for="current">"Current password"</label>
                <input class="input" id="current" name="current" type="password" autocomplete="current-password" required/>
            </div>
            <NewPasswordField id="password" label="New password" hint="At least 10 characters. A few words in a row work well."/>
            <button type="submit" class="button">"Change password"</button>
        </form>
    }
}
