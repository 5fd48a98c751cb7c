//! Receipt codes and the ids devices send stay with the people who sent the answers (issue 16): staff
//! pages, exports, the audit log and the server's log name a submission only by the staff id Cairn
//! drew, on SQLite and PostgreSQL; and a device that sends the same answers again still gets its first
//! receipt, so old outboxes keep working.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;

on_both_backends!(
    no_staff_page_export_or_log_shows_a_device_id_or_a_receipt_code,
    a_resend_gets_the_first_receipt_and_a_new_staff_id_is_never_shown_to_the_device,
);

/// Posts a staff form and returns where it went (every staff form answers with a redirect).
async fn post(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> String {
    let res = app.post_form(path, Some(cookie), form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
    let to = location(res.headers());
    assert!(!to.contains("error="), "{path} went to {to}");
    to
}

async fn no_staff_page_export_or_log_shows_a_device_id_or_a_receipt_code(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let outreach = app.account(&admin, "outreach@example.org", "staff").await;

    // One person shares everything, one is heard in the field, one will take their words back.
    let (shared, field, leaving) = (new_id(), new_id(), new_id());
    let mut everything = submission(&shared, "Share me with the board please");
    everything["consent"] = json!({ "quote": true, "board": true, "updates": true });
    let sent = app
        .send(vec![everything, submission(&leaving, "Words I take back")])
        .await;
    let mut heard = submission(&field, "Said at the library");
    heard["channel"] = json!("staff_assisted");
    heard["place"] = json!("Library outreach");
    heard["explained"] = json!(true);
    let res = app
        .post_batch_as(&json!({ "submissions": [heard] }), &outreach)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let field_sent: serde_json::Value = res.json().await.expect("json");
    let mut receipts: Vec<String> = sent
        .iter()
        .chain(field_sent["results"].as_array().expect("results"))
        .map(|r| r["receipt"].as_str().expect("receipt").to_string())
        .collect();
    assert_eq!(receipts.len(), 3);

    // A coordinator works on them: a theme, a note, a safeguarding flag, a quote, an action linked
    // to two and unlinked from one; the third person takes their words back.
    let (shared_staff, field_staff) = (app.staff_id(&shared).await, app.staff_id(&field).await);
    assert_ne!(shared_staff, shared);
    let page = format!("/inbox/{shared_staff}");
    post(
        &app,
        &admin,
        &format!("{page}/themes"),
        &[("name", "Buses")],
    )
    .await;
    post(
        &app,
        &admin,
        &format!("{page}/notes"),
        &[("note", "Call back")],
    )
    .await;
    let flag = [("state", "open"), ("note", "")];
    post(&app, &admin, &format!("{page}/safeguarding"), &flag).await;
    post(
        &app,
        &admin,
        &format!("{page}/status"),
        &[("status", "published")],
    )
    .await;
    let to = post(&app, &admin, "/actions", &[("title", "Later buses")]).await;
    let action = to
        .strip_prefix("/actions/")
        .and_then(|r| r.split('?').next())
        .expect("action id")
        .to_string();
    let link = [
        ("action", action.as_str()),
        ("submission", shared_staff.as_str()),
        ("submission", field_staff.as_str()),
        ("back", "/inbox"),
    ];
    post(&app, &admin, "/actions/link", &link).await;
    let unlink = format!("/actions/{action}/submissions/{field_staff}/remove");
    post(&app, &admin, &unlink, &[]).await;
    post(&app, &admin, &format!("/actions/{action}/publish"), &[]).await;
    let code = [("code", receipts[1].as_str())];
    let res = app
        .post_form("/receipt/withdraw/confirm", None, &code)
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // What must be nowhere: each device's id, each receipt code with and without its dash.
    let mut secrets = vec![shared.clone(), field.clone(), leaving.clone()];
    secrets.extend(receipts.iter().map(|r| r.replace('-', "")));
    secrets.append(&mut receipts);
    let secrets: Vec<String> = secrets.iter().map(|s| s.to_uppercase()).collect();
    let pages = [
        "/inbox".to_string(),
        "/inbox?status=published".to_string(),
        "/inbox?q=library".to_string(),
        page.clone(),
        format!("/inbox/{field_staff}"),
        "/safeguarding".to_string(),
        "/themes".to_string(),
        "/actions".to_string(),
        format!("/actions/{action}"),
        "/reports".to_string(),
        "/reports/board".to_string(),
        "/audit".to_string(),
        "/retention".to_string(),
        "/reach".to_string(),
        "/export/submissions.csv".to_string(),
        "/export/submissions.json".to_string(),
        "/export/reach.csv".to_string(),
        "/you-said-we-did".to_string(),
    ];
    let mut everything_shown = String::new();
    for path in &pages {
        let res = app.get_as(path, Some(&admin)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let text = res.text().await.expect("text").to_uppercase();
        for secret in &secrets {
            assert!(!text.contains(secret), "{path} shows {secret}");
        }
        everything_shown.push_str(&text);
    }
    // Not empty pages: the staff ids are there, in the pages and the export.
    for id in [&shared_staff, &field_staff] {
        assert!(everything_shown.contains(&id.to_uppercase()), "{id} shown");
    }
    let csv = app
        .get_as("/export/submissions.csv", Some(&admin))
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.contains(&shared_staff) && csv.contains(&field_staff));
    let in_audit = |text: String| {
        let app = &app;
        async move {
            app.db
                .number(
                    "SELECT COUNT(*) FROM audit_log WHERE UPPER(subject) LIKE '%' || $1 || '%'",
                    &[&text],
                )
                .await
        }
    };
    assert!(in_audit(shared_staff.to_uppercase()).await > 0);
    for secret in &secrets {
        assert_eq!(
            in_audit(secret.clone()).await,
            0,
            "the audit log holds {secret}"
        );
    }
    let log = app.server.log().to_uppercase();
    for secret in &secrets {
        assert!(!log.contains(secret), "the server's log holds {secret}");
    }
}

async fn a_resend_gets_the_first_receipt_and_a_new_staff_id_is_never_shown_to_the_device(
    backend: Backend,
) {
    let app = spawn_on(backend).await;
    let id = new_id();
    let first = app.send(vec![submission(&id, "Sent twice")]).await;
    let again = app.send(vec![submission(&id, "Sent twice")]).await;
    assert_eq!(first[0]["status"], "accepted");
    assert_eq!(again[0]["status"], "duplicate");
    assert_eq!(again[0]["receipt"], first[0]["receipt"]);
    assert_eq!(again[0]["id"], id.as_str());
    assert_eq!(app.stored(&id).await, 1);
    // The device hears of its own id and its receipt, never the staff id.
    let staff = app.staff_id(&id).await;
    assert!(!first[0].to_string().contains(&staff) && !again[0].to_string().contains(&staff));
}
