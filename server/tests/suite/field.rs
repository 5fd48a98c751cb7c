//! Collecting in the field and working offline, over HTTP: staff pages and their roles, the event or
//! place label through the v1 API, and the service worker as the server serves it.

use crate::common::*;
use serde_json::{json, Value};

on_both_backends!(staff_entries_carry_their_place_and_bad_places_are_refused);

on_shared_runtime!(
    staff_land_on_collect_in_the_field_and_see_no_inbox,
    collect_pages_need_a_signed_in_member_of_staff,
    the_service_worker_is_served_fresh_with_a_stable_version,
    the_app_shell_names_its_manifest,
);

async fn staff(app: &TestApp) -> String {
    let admin = app.first_admin().await;
    app.account(&admin, "outreach@example.org", "staff").await
}

async fn staff_entries_carry_their_place_and_bad_places_are_refused(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let cookie = app.account(&admin, "outreach@example.org", "staff").await;
    let field = |place: &str| {
        let mut s = submission(&new_id(), "Said at the library");
        s["channel"] = json!("staff_assisted");
        s["place"] = json!(place);
        s
    };
    let good = field("  Library outreach  ");
    let blank = field("   ");
    let long = field(&"x".repeat(101));
    let mut participant = submission(&new_id(), "Said on my phone");
    participant["place"] = json!("Made up");
    let res = app
        .post_batch_as(
            &json!({ "submissions": [good, blank, long, participant] }),
            &cookie,
        )
        .await;
    let body: Value = res.json().await.expect("json");
    let codes: Vec<&str> = body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["error"]["code"]
                .as_str()
                .unwrap_or(r["status"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(
        codes,
        ["accepted", "accepted", "invalid", "invalid"],
        "{body}"
    );
    assert!(body["results"][2]["error"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("100 characters"));

    let good_id = body["results"][0]["id"].as_str().expect("id").to_string();
    assert_eq!(
        app.db
            .number(
                "SELECT COUNT(*) FROM submissions WHERE CAST(client_id AS TEXT) = $1 AND place = 'Library outreach'",
                &[&good_id],
            )
            .await,
        1,
        "trimmed and stored"
    );
    let blank_id = body["results"][1]["id"].as_str().expect("id").to_string();
    assert_eq!(
        app.db
            .number(
                "SELECT COUNT(*) FROM submissions WHERE CAST(client_id AS TEXT) = $1 AND place IS NULL",
                &[&blank_id],
            )
            .await,
        1,
        "a blank place is no place"
    );
    let page = app
        .get_as(
            &format!("/inbox/{}", app.staff_id(&good_id).await),
            Some(&admin),
        )
        .await
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("<dt>Where</dt><dd>Library outreach"),
        "{page}"
    );
    assert!(page.contains("With staff"));

    // The "I explained how their answers will be used" tick is the server's rule too.
    let mut unexplained = field("Library outreach");
    unexplained["explained"] = json!(false);
    let mut explained = field("Library outreach");
    explained["explained"] = json!(true);
    let body: Value = app
        .post_batch_as(
            &json!({ "submissions": [unexplained.clone(), explained] }),
            &cookie,
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(body["results"][0]["status"], "rejected", "{body}");
    assert_eq!(body["results"][0]["error"]["code"], "invalid");
    assert_eq!(body["results"][1]["status"], "accepted", "{body}");
    let refused = unexplained["id"].as_str().expect("id");
    assert_eq!(app.stored(refused).await, 0);
}

async fn staff_land_on_collect_in_the_field_and_see_no_inbox() {
    let app = spawn_app().await;
    let admin = app.first_admin().await;
    app.account(&admin, "outreach@example.org", "staff").await;
    // Signing in with nowhere to go back to: staff go to the field page, coordinators to the inbox.
    let res = app
        .post_form(
            "/signin",
            None,
            &[("email", "outreach@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(location(res.headers()), "/collect");
    let cookie = session_cookie(res.headers()).expect("signed in");
    let res = app
        .post_form(
            "/signin",
            None,
            &[("email", "admin@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(location(res.headers()), "/inbox");

    let page = app.get_as("/collect", Some(&cookie)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("<h1>Collect in the field"), "{html}");
    assert!(html.contains("href=\"/collect/tell-us-anything\""));
    assert!(html.contains("Use as a shared device"));
    assert!(
        !html.contains("href=\"/inbox\""),
        "staff have no inbox link"
    );

    let html = app
        .get_as("/collect/tell-us-anything", Some(&cookie))
        .await
        .text()
        .await
        .expect("html");
    for part in [
        "Event or place (optional)",
        "I explained how their answers will be used",
        ">Save entry",
        "No entries waiting to send.",
    ] {
        assert!(html.contains(part), "{part}");
    }
    assert!(!html.contains("Leave this page"), "a staff page");
}

async fn collect_pages_need_a_signed_in_member_of_staff() {
    let app = spawn_app().await;
    let cookie = staff(&app).await;
    for path in ["/collect", "/collect/tell-us-anything"] {
        let res = app.get_as(path, None).await;
        assert_eq!(res.status(), 303, "{path}");
        assert_eq!(location(res.headers()), format!("/signin?next={path}"));
    }
    let res = app
        .get_as("/collect/no-such-conversation", Some(&cookie))
        .await;
    assert_eq!(res.status(), 404);
    // The server function behind them too.
    let res = app
        .client
        .post(app.url("/api/fn/field"))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 401);
}

async fn the_service_worker_is_served_fresh_with_a_stable_version() {
    let app = spawn_app().await;
    let first = app.get_as("/sw.js", None).await;
    assert_eq!(first.status(), 200);
    let header = |name: &str| {
        first
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(header("content-type").starts_with("text/javascript"));
    assert_eq!(header("cache-control"), "no-cache");
    let body = first.text().await.expect("js");
    let version = body
        .split("const VERSION = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a version");
    assert_eq!(version.len(), 16);
    assert!(version.bytes().all(|b| b.is_ascii_hexdigit()));
    let again = app.get_as("/sw.js", None).await.text().await.expect("js");
    assert_eq!(again, body, "the same release serves the same worker");
    // Receipt pages show what someone said: the worker must never keep them.
    assert!(!body.contains("/receipt/"));
}

async fn the_app_shell_names_its_manifest() {
    let app = spawn_app().await;
    let html = app.get_as("/", None).await.text().await.expect("html");
    assert!(html.contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\">"));
    assert!(html.contains("navigator.serviceWorker.register(\"/sw.js\")"));
}
