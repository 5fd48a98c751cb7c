//! Sign-in, setup link, roles and the no-JavaScript form, against the real server.

use crate::common::*;
use reqwest::header::SET_COOKIE;

on_shared_runtime!(
    the_setup_link_creates_the_first_admin_once,
    a_wrong_setup_token_creates_nobody,
    a_short_setup_password_is_refused_with_a_reason,
    sign_in_sets_a_secure_session_cookie_and_sign_out_ends_the_session,
    the_inbox_and_its_server_function_refuse_anonymous_visitors,
    a_staff_account_cannot_read_the_inbox,
    the_form_works_without_javascript_and_a_second_press_stores_nothing_new,
    an_empty_form_comes_back_with_a_plain_error,
    an_unknown_receipt_or_page_is_a_kind_404,
    participant_pages_show_the_promises_before_the_questions,
    server_functions_answer_bad_input_with_4xx_never_500,
    participant_pages_offer_a_quick_way_out_and_staff_pages_do_not,
);

/// Where a refused sign-in goes (`TestApp::sign_in` asks to go back to the inbox).
const WRONG: &str = "/signin?error=wrong&next=%2Finbox";

async fn participant_pages_offer_a_quick_way_out_and_staff_pages_do_not() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/c/tell-us-anything",
        "/c/tell-us-anything/answer",
        "/receipt",
        "/receipt/ABCD-2345",
        "/you-said-we-did",
    ] {
        let html = app.get_as(path, None).await.text().await.expect("html");
        assert!(
            html.contains(">Leave this page<")
                && html.contains("href=\"https://www.bbc.co.uk/weather\""),
            "{path}"
        );
    }
    let admin = app.first_admin().await;
    for path in ["/signin", "/inbox", "/actions"] {
        let html = app
            .get_as(path, Some(&admin))
            .await
            .text()
            .await
            .expect("html");
        assert!(!html.contains("Leave this page"), "{path}");
    }
}

async fn the_setup_link_creates_the_first_admin_once() {
    let app = spawn_app().await;
    let token = app
        .setup_token
        .clone()
        .expect("fresh install prints a setup link");
    let page = app.get_as(&format!("/setup/{token}"), None).await;
    assert_eq!(page.status(), 200);
    let cookie = app.first_admin().await;
    assert!(!cookie.is_empty());

    let again = app
        .client
        .post(app.url(&format!("/setup/{token}")))
        .form(&[("email", "intruder@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .expect("post");
    assert_eq!(again.status(), 303);
    assert!(
        session_cookie(again.headers()).is_none(),
        "a used link signs nobody in"
    );
    let refused = app.sign_in("intruder@example.org", PASSWORD).await;
    assert_eq!(location(refused.headers()), WRONG);
}

async fn a_wrong_setup_token_creates_nobody() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/setup/not-the-token"))
        .form(&[("email", "a@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .expect("post");
    assert!(session_cookie(res.headers()).is_none());
    assert_eq!(
        location(app.sign_in("a@example.org", PASSWORD).await.headers()),
        WRONG
    );
}

async fn a_short_setup_password_is_refused_with_a_reason() {
    let app = spawn_app().await;
    let token = app.setup_token.clone().expect("token");
    let res = app
        .client
        .post(app.url(&format!("/setup/{token}")))
        .form(&[("email", "a@example.org"), ("password", "short")])
        .send()
        .await
        .expect("post");
    assert!(location(res.headers()).starts_with(&format!("/setup/{token}?error=")));
    let page = app
        .get_as(&location(res.headers()), None)
        .await
        .text()
        .await
        .expect("text");
    assert!(page.contains("at least 10 characters"));
    // The address carries a code, never the words: a link cannot put its own text on the page.
    assert_eq!(
        location(res.headers()),
        format!("/setup/{token}?error=password_short")
    );
    let forged = format!("/setup/{token}?error=Call%200800%20000%20000%20to%20finish");
    let page = app.get_as(&forged, None).await.text().await.expect("text");
    assert!(!page.contains("0800"), "a forged message was shown");
}

async fn sign_in_sets_a_secure_session_cookie_and_sign_out_ends_the_session() {
    let app = spawn_app().await;
    app.first_admin().await;

    let wrong = app.sign_in("admin@example.org", "not the password").await;
    // The page they were going back to is kept for the next try.
    assert_eq!(location(wrong.headers()), WRONG);
    assert!(session_cookie(wrong.headers()).is_none());
    let unknown = app.sign_in("nobody@example.org", PASSWORD).await;
    assert_eq!(
        location(unknown.headers()),
        WRONG,
        "same answer for unknown emails"
    );

    let ok = app.sign_in("ADMIN@example.org ", PASSWORD).await;
    assert_eq!(ok.status(), 303);
    assert_eq!(location(ok.headers()), "/inbox");
    let set_cookie = ok
        .headers()
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    let cookie = session_cookie(ok.headers()).expect("cookie");

    let inbox = app.get_as("/inbox", Some(&cookie)).await;
    assert_eq!(inbox.status(), 200);
    assert!(inbox
        .text()
        .await
        .expect("text")
        .contains("Signed in as admin@example.org"));

    let out = app
        .client
        .post(app.url("/signout"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("sign out");
    assert_eq!(out.status(), 303);
    let after = app.get_as("/inbox", Some(&cookie)).await;
    assert_eq!(after.status(), 303, "the old cookie no longer works");
    assert_eq!(location(after.headers()), "/signin?next=/inbox");
}

async fn the_inbox_and_its_server_function_refuse_anonymous_visitors() {
    let app = spawn_app().await;
    app.send(vec![submission(&new_id(), "Private words")]).await;
    let page = app.get_as("/inbox", None).await;
    assert_eq!(page.status(), 303);
    assert!(!page.text().await.expect("text").contains("Private words"));

    let f = app
        .client
        .post(app.url("/api/fn/inbox"))
        .form(&[("before", "")])
        .send()
        .await
        .expect("post");
    assert_eq!(f.status(), 401);
    assert!(!f.text().await.expect("text").contains("Private words"));
}

async fn a_staff_account_cannot_read_the_inbox() {
    let app = spawn_app().await;
    let admin = app.first_admin().await;
    drop(admin);
    // Staff accounts are added from the command line; here straight through storage.
    let store = server::storage::connect(&app.db.url, Default::default())
        .await
        .expect("db");
    let hash =
        app::auth::session::hash_password(&app::domain::NewPassword::parse(PASSWORD).expect("pw"))
            .await
            .expect("hash");
    store
        .create_user(
            &app::domain::Email::parse("staff@example.org").expect("email"),
            &hash,
            app::domain::Role::Staff,
        )
        .await
        .expect("user");
    let cookie = session_cookie(app.sign_in("staff@example.org", PASSWORD).await.headers())
        .expect("signed in");
    let page = app.get_as("/inbox", Some(&cookie)).await;
    assert_eq!(page.status(), 403);
}

async fn the_form_works_without_javascript_and_a_second_press_stores_nothing_new() {
    let app = spawn_app().await;
    let id = new_id();
    let fields = [
        ("id", id.as_str()),
        ("conversation_id", "tell-us-anything"),
        ("a.say", "Sent with no JavaScript"),
        ("a.feeling", "2"),
        ("consent", "board"),
    ];
    let res = app
        .client
        .post(app.url("/send"))
        .form(&fields)
        .send()
        .await
        .expect("post");
    // The answer is the receipt page itself: its code is in the page, never in an address.
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("location").is_none());
    assert_eq!(res.headers()["cache-control"], "no-store");
    let code_in = |html: &str| {
        html.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .find(|w| is_receipt(w))
            .map(str::to_string)
    };
    let page = res.text().await.expect("text");
    assert!(page.contains("Sent with no JavaScript"));
    let code = code_in(&page).expect("a receipt code on the page");

    let again = app
        .client
        .post(app.url("/send"))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(again.status(), 200);
    let again = again.text().await.expect("text");
    assert_eq!(code_in(&again), Some(code), "same id, same receipt");
    assert_eq!(app.stored(&id).await, 1);
}

async fn an_empty_form_comes_back_with_a_plain_error() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/send"))
        .form(&[
            ("id", new_id().as_str()),
            ("conversation_id", "tell-us-anything"),
            ("a.say", "  "),
        ])
        .send()
        .await
        .expect("post");
    let to = location(res.headers());
    assert_eq!(to, "/c/tell-us-anything/answer?error=empty");
    let page = app.get_as(&to, None).await.text().await.expect("text");
    assert!(page.contains("Please answer at least one question"));
    assert_eq!(app.total_stored().await, 0);
}

async fn an_unknown_receipt_or_page_is_a_kind_404() {
    let app = spawn_app().await;
    let res = app.get_as("/receipt/ABCD-EFGH", None).await;
    assert_eq!(res.status(), 404);
    assert_eq!(app.get_as("/c/nope", None).await.status(), 404);
    assert_eq!(app.get_as("/no/such/page", None).await.status(), 404);
}

async fn participant_pages_show_the_promises_before_the_questions() {
    let app = spawn_app().await;
    let home = app.get_as("/", None).await.text().await.expect("text");
    assert!(home.contains("Tell us anything"));
    let about = app
        .get_as("/c/tell-us-anything", None)
        .await
        .text()
        .await
        .expect("text");
    for heading in [
        "Why we are asking",
        "What we do with your answers",
        "Who reads your answers",
        "What happens next",
        "If this is hard to talk about",
    ] {
        assert!(about.contains(heading), "missing {heading}");
    }
    assert!(
        !about.contains("What would you like to tell us?"),
        "no questions before the promises"
    );
}

async fn server_functions_answer_bad_input_with_4xx_never_500() {
    let app = spawn_app().await;
    let form = "application/x-www-form-urlencoded";
    let cases = [
        ("/api/fn/conversation", "", form, 400),
        ("/api/fn/conversation", "{bad", "application/json", 400),
        ("/api/fn/conversation", "id=nope", form, 404),
        ("/api/fn/receipt", "code=%00%FF", form, 404),
        ("/api/fn/conversations", "", form, 200),
    ];
    for (path, body, content_type, want) in cases {
        let res = app
            .client
            .post(app.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), want, "{path} with {body:?}");
    }
}
