//! Conversations over HTTP, on SQLite and PostgreSQL: coordinators create, edit, reorder, preview, open
//! and close them; participants see only open ones; what arrives after closing is kept and marked late;
//! answered questions keep their place in the data; and the role matrix for every editor route and page.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;

on_both_backends!(
    a_coordinator_builds_a_conversation_and_participants_answer_it,
    closing_keeps_late_arrivals_and_marks_them,
    answered_questions_cannot_be_removed_or_change_type,
    every_editor_route_lets_in_only_coordinators_and_admins,
    bad_editor_input_gets_a_plain_message_never_a_500,
);

/// Posts a form as `cookie` and returns where it redirected.
async fn post(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> String {
    let res = app.post_form(path, Some(cookie), form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path} {form:?}");
    location(res.headers())
}

async fn open_ids(app: &TestApp) -> Vec<String> {
    let list: serde_json::Value = app
        .client
        .get(app.url("/api/v1/conversations"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    list["conversations"]
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_string())
        .collect()
}

fn answer(id: &str, conversation: &str, question: &str, text: &str) -> serde_json::Value {
    json!({
        "id": id,
        "conversation_id": conversation,
        "created_at": "2026-11-27T09:30:00Z",
        "channel": "own_device",
        "answers": [{ "question_id": question, "text": text }],
        "consent": { "quote": false, "board": false, "updates": false }
    })
}

/// Creates "Bus times" with a text and a choice question, and returns its id.
async fn bus_times(app: &TestApp, cookie: &str) -> String {
    let to = post(app, cookie, "/conversations", &[("title", "Bus times!")]).await;
    assert_eq!(to, "/conversations/bus-times?done=created");
    let page = "/conversations/bus-times";
    assert_eq!(
        post(
            app,
            cookie,
            &format!("{page}/questions"),
            &[("prompt", "What should change?"), ("kind", "text")]
        )
        .await,
        format!("{page}?done=question_added")
    );
    assert_eq!(
        post(
            app,
            cookie,
            &format!("{page}/questions"),
            &[
                ("prompt", "Which bus do you take?"),
                ("kind", "choice"),
                ("choices", "Number 5\nNumber 12\n")
            ]
        )
        .await,
        format!("{page}?done=question_added")
    );
    "bus-times".into()
}

/// Another conversation with two questions, as `bus_times` makes; returns its id.
async fn another_conversation(app: &TestApp, cookie: &str, title: &str) -> String {
    let to = post(app, cookie, "/conversations", &[("title", title)]).await;
    let id = to
        .trim_start_matches("/conversations/")
        .trim_end_matches("?done=created")
        .to_string();
    assert_eq!(to, format!("/conversations/{id}?done=created"));
    for prompt in ["What should change?", "What works?"] {
        let page = format!("/conversations/{id}/questions");
        let done = post(app, cookie, &page, &[("prompt", prompt), ("kind", "text")]).await;
        assert_eq!(done, format!("/conversations/{id}?done=question_added"));
    }
    id
}

async fn a_coordinator_builds_a_conversation_and_participants_answer_it(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let coordinator = app
        .account(&admin, "coordinator@example.org", "coordinator")
        .await;
    let id = bus_times(&app, &coordinator).await;
    let page = format!("/conversations/{id}");
    assert!(
        !open_ids(&app).await.contains(&id),
        "new conversations start closed"
    );
    assert_eq!(
        app.get_as(&format!("/c/{id}/answer"), None)
            .await
            .text()
            .await
            .expect("html")
            .contains("What should change?"),
        false
    );

    // Promises, then reorder: the choice question moves up.
    let promises = [
        ("title", "Bus times"),
        ("why", "The buses stop before the evening session ends."),
        ("how_used", "We will show the numbers to the bus company."),
        ("who_sees", "Only staff."),
        ("what_next", "We tell you in January."),
        ("budget_timeline", "No money needed, just talks."),
        ("closes_on", "2099-12-31"),
        ("support", "Ask any member of staff."),
    ];
    assert_eq!(
        post(&app, &coordinator, &page, &promises).await,
        format!("{page}?done=saved")
    );
    assert_eq!(
        post(
            &app,
            &coordinator,
            &format!("{page}/questions/q2/move"),
            &[("direction", "up")]
        )
        .await,
        format!("{page}?done=question_moved")
    );

    // The preview shows exactly the participant's words, in the new order, and cannot send.
    let preview = app
        .get_as(&format!("{page}/preview"), Some(&coordinator))
        .await;
    assert_eq!(preview.status(), StatusCode::OK);
    let html = preview.text().await.expect("html");
    let (choice_at, text_at) = (
        html.find("Which bus do you take?").expect("q2"),
        html.find("What should change?").expect("q1"),
    );
    assert!(choice_at < text_at, "reordered");
    assert!(
        html.contains("The buses stop before the evening session ends.")
            && html.contains("31 December 2099")
    );
    assert!(
        !html.contains("action=\"/send\""),
        "a preview has no form to send"
    );

    // Open: participants see it and can answer; the inbox shows it by conversation.
    assert_eq!(
        post(&app, &coordinator, &format!("{page}/open"), &[]).await,
        format!("{page}?done=opened")
    );
    assert!(open_ids(&app).await.contains(&id));
    let about = app
        .get_as(&format!("/c/{id}"), None)
        .await
        .text()
        .await
        .expect("html");
    assert!(about.contains("We will show the numbers to the bus company."));
    let sent = app
        .send(vec![answer(&new_id(), &id, "q1", "Run the 12 until ten")])
        .await;
    assert_eq!(sent[0]["status"], "accepted");
    let inbox = app
        .get_as(&format!("/inbox?conversation={id}"), Some(&coordinator))
        .await
        .text()
        .await
        .expect("html");
    assert!(inbox.contains("Run the 12 until ten") && !inbox.contains("Arrived after closing"));
    let list = app
        .get_as("/conversations", Some(&coordinator))
        .await
        .text()
        .await
        .expect("html");
    assert!(list.contains("Open until 2099-12-31") && list.contains("1 submission"));

    // Everything was recorded.
    for action in [
        "conversation.created",
        "conversation.updated",
        "conversation.questions_changed",
        "conversation.opened",
    ] {
        assert!(
            app.db
                .number(
                    "SELECT COUNT(*) FROM audit_log WHERE action = $1",
                    &[action]
                )
                .await
                >= 1,
            "{action}"
        );
    }
}

async fn closing_keeps_late_arrivals_and_marks_them(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let id = bus_times(&app, &admin).await;
    let page = format!("/conversations/{id}");
    post(&app, &admin, &format!("{page}/open"), &[]).await;
    // A participant writes while it is open; their phone sends only after it closed.
    let waiting = new_id();
    assert_eq!(
        post(&app, &admin, &format!("{page}/close"), &[]).await,
        format!("{page}?done=closed")
    );
    assert!(!open_ids(&app).await.contains(&id));
    let about = app
        .get_as(&format!("/c/{id}/answer"), None)
        .await
        .text()
        .await
        .expect("html");
    assert!(!about.contains("What should change?"), "closed: no form");
    let sent = app
        .send(vec![answer(&waiting, &id, "q1", "Sent from the bus stop")])
        .await;
    assert_eq!(sent[0]["status"], "accepted", "never lost");
    let again = app
        .send(vec![answer(&waiting, &id, "q1", "Sent from the bus stop")])
        .await;
    assert_eq!(again[0]["status"], "duplicate", "and never doubled");
    assert_eq!(
        app.db
            .number("SELECT COUNT(*) FROM submissions WHERE late = TRUE", &[])
            .await,
        1
    );
    let inbox = app
        .get_as("/inbox", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(inbox.contains("Sent from the bus stop") && inbox.contains("Arrived after closing"));

    // A closing date in the past closes it too, without anyone pressing Close.
    post(&app, &admin, &format!("{page}/open"), &[]).await;
    assert!(open_ids(&app).await.contains(&id));
    post(
        &app,
        &admin,
        &page,
        &[("title", "Bus times"), ("closes_on", "2020-01-31")],
    )
    .await;
    assert!(!open_ids(&app).await.contains(&id));
    let sent = app
        .send(vec![answer(&new_id(), &id, "q1", "Also late")])
        .await;
    assert_eq!(sent[0]["status"], "accepted");
    assert_eq!(
        app.db
            .number("SELECT COUNT(*) FROM submissions WHERE late = TRUE", &[])
            .await,
        2
    );
    let list = app
        .get_as("/conversations", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(list.contains("Closed on 2020-01-31"));
}

async fn answered_questions_cannot_be_removed_or_change_type(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let id = bus_times(&app, &admin).await;
    let page = format!("/conversations/{id}");
    // Before anyone answers, anything goes.
    assert_eq!(
        post(&app, &admin, &format!("{page}/questions/q1/remove"), &[]).await,
        format!("{page}?done=question_removed")
    );
    post(
        &app,
        &admin,
        &format!("{page}/questions"),
        &[("prompt", "What should change?"), ("kind", "text")],
    )
    .await;
    post(&app, &admin, &format!("{page}/open"), &[]).await;
    app.send(vec![answer(&new_id(), &id, "q3", "More buses")])
        .await;

    let refused = format!("{page}?error=answered");
    assert_eq!(
        post(&app, &admin, &format!("{page}/questions/q3/remove"), &[]).await,
        refused
    );
    assert_eq!(
        post(
            &app,
            &admin,
            &format!("{page}/questions/q3"),
            &[("prompt", "What?"), ("kind", "scale")]
        )
        .await,
        refused
    );
    assert_eq!(
        post(
            &app,
            &admin,
            &format!("{page}/questions/q2"),
            &[
                ("prompt", "Which bus?"),
                ("kind", "choice"),
                ("choices", "Number 7\nNumber 5")
            ]
        )
        .await,
        refused,
        "a choice someone may have picked stays (Number 12 taken out, Number 7 added)"
    );
    // Rewording, adding choices and moving are fine.
    assert_eq!(
        post(
            &app,
            &admin,
            &format!("{page}/questions/q2"),
            &[
                ("prompt", "Which bus?"),
                ("kind", "choice"),
                ("choices", "Number 5\nNumber 12\nNumber 7")
            ]
        )
        .await,
        format!("{page}?done=question_saved")
    );
    assert_eq!(
        post(
            &app,
            &admin,
            &format!("{page}/questions/q3"),
            &[("prompt", "What should we change first?"), ("kind", "text")]
        )
        .await,
        format!("{page}?done=question_saved")
    );
    // The inbox still shows the answer under its (new) question.
    let inbox = app
        .get_as(&format!("/inbox?conversation={id}"), Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(inbox.contains("What should we change first?") && inbox.contains("More buses"));
}

async fn every_editor_route_lets_in_only_coordinators_and_admins(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let staff = app.account(&admin, "staff@example.org", "staff").await;
    let coordinator = app
        .account(&admin, "coordinator@example.org", "coordinator")
        .await;
    // Every editor route, on a conversation of its own.
    let routes_for = |page: String| -> Vec<(String, Vec<(&str, &str)>)> {
        vec![
            ("/conversations".into(), vec![("title", "Another")]),
            (
                page.clone(),
                vec![("title", "Bus times"), ("why", "Because")],
            ),
            (
                format!("{page}/questions"),
                vec![("prompt", "More?"), ("kind", "text")],
            ),
            (
                format!("{page}/questions/q1"),
                vec![("prompt", "Changed?"), ("kind", "text")],
            ),
            (
                format!("{page}/questions/q1/move"),
                vec![("direction", "down")],
            ),
            (format!("{page}/open"), vec![]),
            (format!("{page}/close"), vec![]),
            (format!("{page}/questions/q3/remove"), vec![]),
            (format!("{page}/language"), vec![("lang", "pl")]),
            (
                format!("{page}/translate/ar"),
                vec![("title", "مواعيد الحافلات")],
            ),
        ]
    };
    let id = bus_times(&app, &admin).await;
    let page = format!("/conversations/{id}");
    let routes = routes_for(page.clone());
    let before = app.db.number("SELECT COUNT(*) FROM audit_log", &[]).await;
    for (path, form) in &routes {
        let anonymous = app.post_form(path, None, form).await;
        assert_eq!(anonymous.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(
            location(anonymous.headers()).starts_with("/signin?next="),
            "{path}"
        );
        let res = app.post_form(path, Some(&staff), form).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} as staff");
    }
    assert_eq!(
        app.db.number("SELECT COUNT(*) FROM audit_log", &[]).await,
        before,
        "refused calls change nothing"
    );
    // Each allowed role's calls succeed, each on a fresh conversation.
    for (title, cookie) in [("Trams", &coordinator), ("Trains", &admin)] {
        let fresh = format!(
            "/conversations/{}",
            another_conversation(&app, &admin, title).await
        );
        for (path, form) in &routes_for(fresh) {
            let to = post(&app, cookie, path, form).await;
            assert!(
                to.contains("done=") && !to.contains("error="),
                "{path}: {to}"
            );
        }
    }
    for path in [
        "/conversations".to_string(),
        page.clone(),
        format!("{page}/preview"),
    ] {
        assert_eq!(
            app.get_as(&path, None).await.status(),
            StatusCode::SEE_OTHER,
            "{path}"
        );
        assert_eq!(
            app.get_as(&path, Some(&staff)).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
        for cookie in [&coordinator, &admin] {
            assert_eq!(
                app.get_as(&path, Some(cookie)).await.status(),
                StatusCode::OK,
                "{path}"
            );
        }
    }
    for (endpoint, form) in [
        ("conversations_admin", vec![]),
        ("conversation_admin", vec![("id", id.as_str())]),
    ] {
        let path = format!("/api/fn/{endpoint}");
        assert_eq!(
            app.post_form(&path, None, &form).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        assert_eq!(
            app.post_form(&path, Some(&staff), &form).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}

async fn bad_editor_input_gets_a_plain_message_never_a_500(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let id = bus_times(&app, &admin).await;
    let page = format!("/conversations/{id}");
    let long = "x".repeat(3_000);
    let cases: Vec<(String, Vec<(&str, &str)>, String)> = vec![
        (
            "/conversations".into(),
            vec![("title", "   ")],
            "/conversations?error=title".into(),
        ),
        (
            page.clone(),
            vec![("title", "")],
            format!("{page}?error=title"),
        ),
        (
            page.clone(),
            vec![("title", "T"), ("why", &long)],
            format!("{page}?error=promise"),
        ),
        (
            page.clone(),
            vec![("title", "T"), ("closes_on", "next week")],
            format!("{page}?error=closes_on"),
        ),
        (
            format!("{page}/questions"),
            vec![("prompt", ""), ("kind", "text")],
            format!("{page}?error=prompt"),
        ),
        (
            format!("{page}/questions"),
            vec![("prompt", "Why?"), ("kind", "essay")],
            format!("{page}?error=kind"),
        ),
        (
            format!("{page}/questions"),
            vec![("prompt", "Which?"), ("kind", "choice"), ("choices", "One")],
            format!("{page}?error=choices"),
        ),
        (
            format!("{page}/questions/q99"),
            vec![("prompt", "Why?"), ("kind", "text")],
            format!("{page}?error=gone"),
        ),
        (
            format!("{page}/questions/q99/move"),
            vec![("direction", "up")],
            format!("{page}?error=gone"),
        ),
        (
            format!("{page}/questions/q99/remove"),
            vec![],
            format!("{page}?error=gone"),
        ),
        (
            "/conversations/nope".into(),
            vec![("title", "T")],
            "/conversations/nope?error=gone".into(),
        ),
        (
            "/conversations/nope/open".into(),
            vec![],
            "/conversations/nope?error=gone".into(),
        ),
        (
            "/conversations/nope/questions".into(),
            vec![("prompt", "Q"), ("kind", "text")],
            "/conversations/nope?error=gone".into(),
        ),
    ];
    for (path, form, expected) in &cases {
        assert_eq!(
            &post(&app, &admin, path, form).await,
            expected,
            "{path} {form:?}"
        );
    }
    // Opening with no questions is refused with a reason.
    post(&app, &admin, "/conversations", &[("title", "Empty one")]).await;
    assert_eq!(
        post(&app, &admin, "/conversations/empty-one/open", &[]).await,
        "/conversations/empty-one?error=no_questions"
    );
    // The same title twice gets its own id.
    assert_eq!(
        post(&app, &admin, "/conversations", &[("title", "Empty one")]).await,
        "/conversations/empty-one-2?done=created"
    );
    // Moving the first question up leaves it where it is.
    assert_eq!(
        post(
            &app,
            &admin,
            &format!("{page}/questions/q1/move"),
            &[("direction", "up")]
        )
        .await,
        format!("{page}?done=question_moved")
    );
    for path in ["/conversations/nope", "/conversations/nope/preview"] {
        assert_eq!(
            app.get_as(path, Some(&admin)).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
