//! Safe for the people who trust it (issue 16), against the real server on SQLite and PostgreSQL:
//! guessing is held to its limits, redirects stay on this site, pages carry the headers a careful site
//! sends, other sites cannot post for someone, and slow or oversized requests are cut short.

use crate::common::*;
use reqwest::StatusCode;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_backends!(
    failed_sign_ins_are_limited_the_same_for_known_and_unknown_emails,
    right_sign_ins_never_use_up_the_limit,
    a_burst_of_wrong_receipt_codes_is_held_to_the_limit,
    an_old_setup_link_creates_nobody,
    sign_in_never_sends_anyone_to_another_site,
    pages_carry_a_nonce_policy_and_private_pages_are_not_cached,
    posts_from_other_sites_are_refused_and_our_own_pass,
    staff_pages_send_anonymous_visitors_to_sign_in,
    taking_answers_back_or_expiring_them_deletes_notes_and_flag_words,
);

on_shared_runtime!(
    a_form_with_too_many_fields_is_refused,
    a_connection_that_never_finishes_its_headers_is_closed,
    an_idle_keep_alive_connection_is_closed,
);

async fn sign_in_as(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.post_form("/signin", None, &[("email", email), ("password", password)])
        .await
}

async fn failed_sign_ins_are_limited_the_same_for_known_and_unknown_emails(backend: Backend) {
    let app = spawn_on(backend).await;
    app.first_admin().await;
    for i in 0..10 {
        let email = if i % 2 == 0 {
            "admin@example.org"
        } else {
            "nobody@example.org"
        };
        let res = sign_in_as(&app, email, "not the password").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "try {i}");
        assert_eq!(location(res.headers()), "/signin?error=wrong");
    }
    let mut pages = Vec::new();
    for email in ["admin@example.org", "nobody@example.org"] {
        let res = sign_in_as(&app, email, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{email}");
        let wait: u64 = res.headers()["retry-after"]
            .to_str()
            .expect("text")
            .parse()
            .expect("seconds");
        assert!((1..=15 * 60).contains(&wait), "{wait}");
        assert!(session_cookie(res.headers()).is_none(), "not signed in");
        pages.push(res.text().await.expect("html"));
    }
    assert!(pages[0].contains("Please wait"));
    assert_eq!(
        pages[0], pages[1],
        "a known and an unknown email get the same answer"
    );
}

async fn right_sign_ins_never_use_up_the_limit(backend: Backend) {
    let app = spawn_on(backend).await;
    app.first_admin().await;
    // A whole office behind one address signing in at nine in the morning.
    for i in 0..15 {
        let res = sign_in_as(&app, "admin@example.org", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "sign-in {i}");
        assert_eq!(location(res.headers()), "/inbox");
    }
}

async fn a_burst_of_wrong_receipt_codes_is_held_to_the_limit(backend: Backend) {
    let app = spawn_on(backend).await;
    let sent = app.send(vec![submission(&new_id(), "Words")]).await;
    let right = sent[0]["receipt"].as_str().expect("receipt").to_string();
    let wrong: Vec<_> = (0..30)
        .map(|i| {
            let abc = app::domain::RECEIPT_ALPHABET;
            let code = format!(
                "ZZZZ-ZZ{}{}",
                abc[i / abc.len()] as char,
                abc[i % abc.len()] as char
            );
            let url = app.url(&format!("/receipt/{code}"));
            let client = app.client.clone();
            tokio::spawn(async move { client.get(url).send().await.map(|r| r.status()) })
        })
        .collect();
    let mut looked_up = 0;
    for task in wrong {
        match task.await.expect("task").expect("answer") {
            StatusCode::NOT_FOUND => looked_up += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert!((1..=10).contains(&looked_up), "{looked_up} were looked up");
    let res = app.get_as(&format!("/receipt/{right}"), None).await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the client waits now"
    );
}

async fn an_old_setup_link_creates_nobody(backend: Backend) {
    let app = spawn_on(backend).await;
    let token = app.setup_token.clone().expect("setup link");
    app.db
        .execute("UPDATE setup_tokens SET created_at = '2000-01-01T00:00:00.000000Z'")
        .await
        .expect("age the link");
    let res = app
        .post_form(
            &format!("/setup/{token}"),
            None,
            &[("email", "admin@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(session_cookie(res.headers()).is_none());
    assert_eq!(app.db.number("SELECT COUNT(*) FROM users", &[]).await, 0);
}

async fn sign_in_never_sends_anyone_to_another_site(backend: Backend) {
    let app = spawn_on(backend).await;
    app.first_admin().await;
    for next in [
        "/%09/evil.example",
        "//evil.example",
        "/\\evil.example",
        "/%5Cevil.example",
        "https://evil.example",
    ] {
        let res = app
            .post_form(
                "/signin",
                None,
                &[
                    ("email", "admin@example.org"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(location(res.headers()), "/inbox", "{next}");
    }
    let res = app
        .post_form(
            "/signin",
            None,
            &[
                ("email", "admin@example.org"),
                ("password", PASSWORD),
                ("next", "/themes?x=1"),
            ],
        )
        .await;
    assert_eq!(
        location(res.headers()),
        "/themes?x=1",
        "our own pages still work"
    );
}

fn nonce_of(policy: &str) -> String {
    let start = policy.find("'nonce-").expect("a nonce") + "'nonce-".len();
    policy[start..]
        .split('\'')
        .next()
        .expect("nonce")
        .to_string()
}

async fn pages_carry_a_nonce_policy_and_private_pages_are_not_cached(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let id = new_id();
    let receipt = app.send(vec![submission(&id, "Words")]).await[0]["receipt"]
        .as_str()
        .expect("receipt")
        .to_string();
    let mut nonces = Vec::new();
    for (path, cookie, private) in [
        ("/".to_string(), None, false),
        ("/c/tell-us-anything/answer".to_string(), None, false),
        (format!("/receipt/{receipt}"), None, true),
        ("/inbox".to_string(), Some(admin.as_str()), true),
        (
            format!("/inbox/{}", app.staff_id(&id).await),
            Some(admin.as_str()),
            true,
        ),
        ("/reports".to_string(), Some(admin.as_str()), true),
    ] {
        let res = app.get_as(&path, cookie).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let h = res.headers().clone();
        let policy = h["content-security-policy"]
            .to_str()
            .expect("text")
            .to_string();
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        for part in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "'wasm-unsafe-eval'",
        ] {
            assert!(policy.contains(part), "{path}: {part}");
        }
        let nonce = nonce_of(&policy);
        let html = res.text().await.expect("html");
        let scripts: Vec<&str> = html.split("<script").skip(1).collect();
        assert!(!scripts.is_empty(), "{path} has scripts");
        for script in scripts {
            let tag = script.split('>').next().unwrap_or_default();
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "{path}: <script{tag}>"
            );
        }
        assert!(
            !html.contains("<style") && !html.contains(" style="),
            "{path}: inline styles"
        );
        assert!(h["permissions-policy"]
            .to_str()
            .expect("text")
            .contains("camera=()"));
        let cache = h
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert_eq!(cache == "no-store", private, "{path}: {cache}");
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 6, "a fresh nonce for every page");
    let api = app.get_as("/api/v1/conversations", None).await;
    assert_eq!(api.headers()["cache-control"], "no-store");
    let function = app
        .client
        .post(app.url("/api/fn/inbox"))
        .header("cookie", &admin)
        .form(&[("before", "")])
        .send()
        .await
        .expect("post");
    assert_eq!(function.headers()["cache-control"], "no-store");
}

async fn posts_from_other_sites_are_refused_and_our_own_pass(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let evil = |path: &str| {
        app.client
            .post(app.url(path))
            .header("origin", "https://evil.example")
            .header("cookie", &admin)
    };
    let answers = [
        evil("/signin").form(&[("email", "admin@example.org"), ("password", PASSWORD)]),
        evil("/send").form(&[("conversation_id", "tell-us-anything"), ("say", "x")]),
        evil("/api/v1/submissions")
            .json(&serde_json::json!({ "submissions": [submission(&new_id(), "x")] })),
        evil("/api/fn/inbox").form(&[("before", "")]),
        evil("/people").form(&[
            ("email", "new@example.org"),
            ("role", "admin"),
            ("password", PASSWORD),
        ]),
        app.client
            .post(app.url("/signout"))
            .header("sec-fetch-site", "cross-site")
            .header("cookie", &admin),
    ];
    for req in answers {
        let res = req.send().await.expect("post");
        let path = res.url().path().to_string();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(res.headers()["content-type"]
            .to_str()
            .expect("text")
            .starts_with("text/html"));
    }
    assert_eq!(app.total_stored().await, 0);
    assert_eq!(app.db.number("SELECT COUNT(*) FROM users", &[]).await, 1);
    let own = app
        .client
        .post(app.url("/signin"))
        .header("origin", app.base.clone())
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("email", "admin@example.org"),
            ("password", PASSWORD),
            ("next", "/inbox"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(own.status(), StatusCode::SEE_OTHER);
    assert!(session_cookie(own.headers()).is_some());
}

async fn staff_pages_send_anonymous_visitors_to_sign_in(backend: Backend) {
    let app = spawn_on(backend).await;
    app.first_admin().await;
    for path in [
        "/inbox",
        "/themes",
        "/actions",
        "/conversations",
        "/safeguarding",
        "/people",
        "/account",
        "/audit",
        "/reports",
        "/reports/board",
        "/retention",
        "/reach",
        "/collect",
    ] {
        let res = app.get_as(path, None).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(res.headers()), format!("/signin?next={path}"));
    }
    let res = app.get_as("/inbox?status=new&q=a b", None).await;
    assert_eq!(
        location(res.headers()),
        "/signin?next=/inbox%3Fstatus%3Dnew%26q%3Da%2520b"
    );
}

async fn taking_answers_back_or_expiring_them_deletes_notes_and_flag_words(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let (a, b) = (new_id(), new_id());
    let sent = app
        .send(vec![submission(&a, "Words A"), submission(&b, "Words B")])
        .await;
    for id in [&a, &b] {
        let page = format!("/inbox/{}", app.staff_id(id).await);
        for (path, form) in [
            (format!("{page}/notes"), vec![("note", "Jo Bloggs again")]),
            (
                format!("{page}/safeguarding"),
                vec![("state", "open"), ("note", "Jo Bloggs is at risk")],
            ),
            (
                format!("{page}/safeguarding"),
                vec![("state", "closed"), ("note", "Jo Bloggs is safe now")],
            ),
        ] {
            let res = app.post_form(&path, Some(&admin), &form).await;
            assert!(!location(res.headers()).contains("error"), "{path}");
        }
    }
    let words = |id: String| {
        let db = app.db.clone();
        async move {
            db.number(
                "SELECT (SELECT COUNT(*) FROM notes WHERE CAST(submission_id AS TEXT) = $1)
                      + (SELECT COUNT(*) FROM safeguarding WHERE CAST(submission_id AS TEXT) = $1
                           AND (reason <> '' OR close_note <> ''))",
                &[&id],
            )
            .await
        }
    };
    // Notes and flags hang on the staff ids.
    let (a, b) = (app.staff_id(&a).await, app.staff_id(&b).await);
    assert!(words(a.clone()).await > 0 && words(b.clone()).await > 0);

    let receipt = sent[0]["receipt"].as_str().expect("receipt");
    app.post_form("/receipt/withdraw/confirm", None, &[("code", receipt)])
        .await;
    assert_eq!(words(a.clone()).await, 0, "taken back");
    assert_eq!(words(b.clone()).await, 2, "the other is untouched");

    app.db
        .execute("UPDATE submissions SET received_at = '2000-01-01T00:00:00.000000Z'")
        .await
        .expect("age");
    let store = server::storage::connect(&app.db.url, Default::default())
        .await
        .expect("db");
    let audit = app::store::AuditRecord {
        actor: None,
        action: "retention.set",
        subject: "test".into(),
    };
    store
        .set_retention(Some(30), &[], &audit)
        .await
        .expect("rule");
    store
        .purge_expired_text(chrono::Utc::now())
        .await
        .expect("purge");
    assert_eq!(words(b).await, 0, "expired");
}

async fn a_form_with_too_many_fields_is_refused() {
    let app = spawn_app().await;
    let mut body = String::from("conversation_id=tell-us-anything");
    for i in 0..600 {
        body.push_str(&format!("&f{i}=x"));
    }
    let res = app
        .client
        .post(app.url("/send"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.total_stored().await, 0);
}

/// Reads until the server closes the connection; how long that took.
async fn closed_after(stream: &mut tokio::net::TcpStream) -> Duration {
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server kept the connection open");
    start.elapsed()
}

async fn a_connection_that_never_finishes_its_headers_is_closed() {
    let app = spawn_app().await;
    let mut stream = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHo")
        .await
        .expect("write");
    let took = closed_after(&mut stream).await;
    assert!(took <= Duration::from_secs(12), "{took:?}");
}

async fn an_idle_keep_alive_connection_is_closed() {
    let app = spawn_app().await;
    let mut stream = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let mut buf = [0u8; 1024];
    let n = stream.read(&mut buf).await.expect("answer");
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let took = closed_after(&mut stream).await;
    assert!(took <= Duration::from_secs(12), "{took:?}");
}
