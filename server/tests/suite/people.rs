//! People and accounts over HTTP, on SQLite and PostgreSQL: who may do what (the role matrix for every
//! account route), and what each change does to sign-in and sessions, with its audit entry.

use crate::common::*;
use reqwest::StatusCode;

on_both_backends!(
    every_account_route_lets_in_only_the_roles_it_should,
    an_admin_adds_an_account_that_can_then_sign_in,
    adding_an_account_refuses_bad_input_with_a_plain_reason,
    disabling_an_account_signs_it_out_everywhere_at_once,
    a_password_reset_ends_the_old_password_and_its_sessions,
    changing_your_own_password_keeps_this_session_and_ends_the_others,
);

const STAFF: &str = "staff@example.org";
const COORDINATOR: &str = "coordinator@example.org";

impl TestApp {
    async fn audited(&self, action: &str) -> i64 {
        self.db
            .number(
                "SELECT COUNT(*) FROM audit_log WHERE action = $1",
                &[action],
            )
            .await
    }

    async fn inbox_status(&self, cookie: &str) -> u16 {
        self.get_as("/inbox", Some(cookie)).await.status().as_u16()
    }
}

async fn every_account_route_lets_in_only_the_roles_it_should(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let staff = app.account(&admin, STAFF, "staff").await;
    let coordinator = app.account(&admin, COORDINATOR, "coordinator").await;
    let target = app.id_of(STAFF).await;

    // (route, form, the lowest role allowed)
    let routes: Vec<(String, Vec<(&str, &str)>, &str)> = vec![
        (
            "/people".into(),
            vec![
                ("email", "new@example.org"),
                ("role", "staff"),
                ("password", PASSWORD),
            ],
            "admin",
        ),
        (format!("/people/{target}/disable"), vec![], "admin"),
        (format!("/people/{target}/enable"), vec![], "admin"),
        (
            format!("/people/{target}/password"),
            vec![("password", "a brand new password")],
            "admin",
        ),
        (
            "/account/password".into(),
            vec![("current", "wrong"), ("password", "a brand new password")],
            "staff",
        ),
    ];
    let rank = |r: &str| {
        ["staff", "coordinator", "admin"]
            .iter()
            .position(|x| *x == r)
    };
    for (path, form, lowest) in &routes {
        let anonymous = app.post_form(path, None, form).await;
        assert_eq!(
            anonymous.status(),
            StatusCode::SEE_OTHER,
            "{path} anonymous"
        );
        assert!(
            location(anonymous.headers()).starts_with("/signin?next="),
            "{path}"
        );
        for (role, cookie) in [("staff", &staff), ("coordinator", &coordinator)] {
            let res = app.post_form(path, Some(cookie), form).await;
            if rank(role) >= rank(lowest) {
                assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path} as {role}");
            } else {
                assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} as {role}");
                let body = res.text().await.expect("body");
                assert!(!body.contains("@"), "a refusal names nobody: {body}");
            }
        }
    }
    // Nothing a refused call asked for happened.
    assert_eq!(
        app.db
            .number(
                "SELECT COUNT(*) FROM users WHERE email = $1",
                &["new@example.org"]
            )
            .await,
        0
    );

    // The server functions behind the pages: the same rule, as HTTP statuses, and no data when refused.
    for (endpoint, lowest) in [("people", "admin"), ("audit", "admin"), ("me", "staff")] {
        let path = format!("/api/fn/{endpoint}");
        let anonymous = app.post_form(&path, None, &[]).await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED, "{path}");
        for (role, cookie) in [
            ("staff", &staff),
            ("coordinator", &coordinator),
            ("admin", &admin),
        ] {
            let res = app.post_form(&path, Some(cookie), &[]).await;
            let allowed = rank(role) >= rank(lowest);
            let status = res.status();
            let body = res.text().await.expect("body");
            if allowed {
                assert_eq!(status, StatusCode::OK, "{path} as {role}: {body}");
                assert!(body.contains("@example.org"), "{path} as {role}: {body}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{path} as {role}");
                assert!(!body.contains("@"), "{path} as {role} leaks: {body}");
            }
        }
    }

    // Pages: people for admins only (listing every account), the account page for everyone signed in
    // (showing only its own).
    let everyone = [
        ("staff", &staff, STAFF),
        ("coordinator", &coordinator, COORDINATOR),
        ("admin", &admin, "admin@example.org"),
    ];
    for (path, lowest) in [
        ("/people", "admin"),
        ("/audit", "admin"),
        ("/account", "staff"),
    ] {
        let anonymous = app.get_as(path, None).await;
        assert_eq!(anonymous.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(
            location(anonymous.headers()),
            format!("/signin?next={path}")
        );
        for (role, cookie, own) in everyone {
            let res = app.get_as(path, Some(cookie)).await;
            let allowed = rank(role) >= rank(lowest);
            assert_eq!(
                res.status(),
                if allowed { 200 } else { 403 },
                "{path} as {role}"
            );
            let body = res.text().await.expect("html");
            let others: Vec<&str> = everyone.iter().map(|e| e.2).filter(|e| *e != own).collect();
            let shows_others = others.iter().any(|e| body.contains(e));
            assert_eq!(
                shows_others,
                allowed && path != "/account",
                "{path} as {role}"
            );
        }
    }
}

async fn an_admin_adds_an_account_that_can_then_sign_in(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let coordinator = app.account(&admin, COORDINATOR, "coordinator").await;
    assert_eq!(app.inbox_status(&coordinator).await, 200);
    let people = app
        .get_as("/people", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(people.contains(COORDINATOR) && people.contains("coordinator"));
    assert_eq!(
        app.audited("user.created").await,
        2,
        "the first admin and the coordinator"
    );
}

async fn adding_an_account_refuses_bad_input_with_a_plain_reason(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    for (email, role, password, code) in [
        ("not an email", "staff", PASSWORD, "email"),
        ("a@example.org", "boss", PASSWORD, "role"),
        ("a@example.org", "staff", "short", "password"),
        ("admin@example.org", "staff", PASSWORD, "taken"),
    ] {
        let res = app
            .post_form(
                "/people",
                Some(&admin),
                &[("email", email), ("role", role), ("password", password)],
            )
            .await;
        assert_eq!(location(res.headers()), format!("/people?error={code}"));
    }
    let page = app
        .get_as("/people?error=taken", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(page.contains("There is already an account with that email."));
    // Only known codes show words: a link cannot put its own text on the page.
    let page = app
        .get_as("/people?error=Call+0800+now", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(!page.contains("0800"));
    // Garbage form bodies and ids are client errors, never 500.
    let res = app
        .post_form("/people/not-a-number/disable", Some(&admin), &[])
        .await;
    assert!(res.status().is_client_error());
    let res = app
        .post_form("/people/99999/disable", Some(&admin), &[])
        .await;
    assert_eq!(location(res.headers()), "/people?error=gone");
}

async fn disabling_an_account_signs_it_out_everywhere_at_once(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let phone = app.account(&admin, COORDINATOR, "coordinator").await;
    let laptop = app
        .cookie_for(COORDINATOR, PASSWORD)
        .await
        .expect("second session");
    let id = app.id_of(COORDINATOR).await;

    let res = app
        .post_form(&format!("/people/{id}/disable"), Some(&admin), &[])
        .await;
    assert_eq!(location(res.headers()), "/people?done=disabled");
    assert_eq!(app.inbox_status(&phone).await, 303);
    assert_eq!(app.inbox_status(&laptop).await, 303);
    assert!(
        app.cookie_for(COORDINATOR, PASSWORD).await.is_none(),
        "cannot sign in"
    );
    assert_eq!(app.audited("user.disabled").await, 1);

    // An admin cannot lock themselves out.
    let own = app.id_of("admin@example.org").await;
    let res = app
        .post_form(&format!("/people/{own}/disable"), Some(&admin), &[])
        .await;
    assert_eq!(location(res.headers()), "/people?error=self");
    assert_eq!(app.inbox_status(&admin).await, 200);

    let res = app
        .post_form(&format!("/people/{id}/enable"), Some(&admin), &[])
        .await;
    assert_eq!(location(res.headers()), "/people?done=enabled");
    assert!(
        app.cookie_for(COORDINATOR, PASSWORD).await.is_some(),
        "signs in again"
    );
    assert_eq!(app.audited("user.enabled").await, 1);
}

async fn a_password_reset_ends_the_old_password_and_its_sessions(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let old_session = app.account(&admin, COORDINATOR, "coordinator").await;
    let id = app.id_of(COORDINATOR).await;
    let res = app
        .post_form(
            &format!("/people/{id}/password"),
            Some(&admin),
            &[("password", "short")],
        )
        .await;
    assert_eq!(location(res.headers()), "/people?error=password");
    assert_eq!(
        app.inbox_status(&old_session).await,
        200,
        "a refused reset changes nothing"
    );

    let res = app
        .post_form(
            &format!("/people/{id}/password"),
            Some(&admin),
            &[("password", "a brand new password")],
        )
        .await;
    assert_eq!(location(res.headers()), "/people?done=reset");
    assert_eq!(app.inbox_status(&old_session).await, 303);
    assert!(app.cookie_for(COORDINATOR, PASSWORD).await.is_none());
    assert!(app
        .cookie_for(COORDINATOR, "a brand new password")
        .await
        .is_some());
    assert_eq!(app.audited("user.password_reset").await, 1);
}

async fn changing_your_own_password_keeps_this_session_and_ends_the_others(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let here = app.account(&admin, STAFF, "staff").await;
    let elsewhere = app
        .cookie_for(STAFF, PASSWORD)
        .await
        .expect("second session");

    let wrong = app
        .post_form(
            "/account/password",
            Some(&here),
            &[
                ("current", "not my password"),
                ("password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(location(wrong.headers()), "/account?error=current");

    let res = app
        .post_form(
            "/account/password",
            Some(&here),
            &[("current", PASSWORD), ("password", "a brand new password")],
        )
        .await;
    assert_eq!(location(res.headers()), "/account?done=changed");
    assert_eq!(
        app.get_as("/account", Some(&here)).await.status(),
        200,
        "this session stays"
    );
    assert_eq!(
        app.get_as("/account", Some(&elsewhere)).await.status(),
        303,
        "others end"
    );
    assert!(app.cookie_for(STAFF, PASSWORD).await.is_none());
    assert!(app
        .cookie_for(STAFF, "a brand new password")
        .await
        .is_some());
    assert_eq!(app.audited("user.password_changed").await, 1);
}
