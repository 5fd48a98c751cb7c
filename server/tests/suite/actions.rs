//! "You said, we did" over HTTP, on SQLite and PostgreSQL: actions made, linked from the inbox, updated
//! and published; the public page and the receipt show them with only consented, moderated quotes; a
//! withdrawal removes the words from the public page and the export; the CSV export respects board
//! consent; every route checks its role and refuses bad input with a message.

use crate::common::*;
use reqwest::StatusCode;

on_both_backends!(
    words_become_an_action_with_updates_that_the_participant_and_the_public_see,
    drafts_stay_private_and_merged_themes_stay_linked,
    bad_input_gets_a_message_and_every_route_checks_the_role,
    the_export_quotes_only_what_people_shared_with_the_board,
);

/// Sends one submission with these consents; returns (its staff id, receipt).
async fn send(app: &TestApp, text: &str, quote: bool, board: bool) -> (String, String) {
    let id = new_id();
    let mut s = submission(&id, text);
    s["consent"] = serde_json::json!({ "quote": quote, "board": board, "updates": true });
    let sent = app.send(vec![s]).await;
    assert_eq!(sent[0]["status"], "accepted");
    (
        app.staff_id(&id).await,
        sent[0]["receipt"].as_str().expect("receipt").to_string(),
    )
}

async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> String {
    let res = app.get_as(path, cookie).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.expect("html")
}

/// Posts a staff form and returns where it redirected.
async fn post(app: &TestApp, path: &str, cookie: &str, form: &[(&str, &str)]) -> String {
    let res = app.post_form(path, Some(cookie), form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
    location(res.headers())
}

/// Creates an action; returns its id.
async fn create_action(app: &TestApp, cookie: &str, title: &str) -> String {
    let to = post(app, "/actions", cookie, &[("title", title)]).await;
    let id = to
        .strip_prefix("/actions/")
        .and_then(|r| r.strip_suffix("?done=created"))
        .unwrap_or_else(|| panic!("went to {to}"));
    id.to_string()
}

const FIELDS: [(&str, &str); 7] = [
    ("title", "Open later on Fridays"),
    ("heard", "Friday is when people need us most."),
    ("doing", "We will stay open until 6pm on Fridays."),
    ("status", "in_progress"),
    ("budget", "About £200 a month, from the drop-in budget."),
    ("timeline", "From January."),
    ("decided", "The team and the members' group, in November."),
];

async fn words_become_an_action_with_updates_that_the_participant_and_the_public_see(
    backend: Backend,
) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let coordinator = app
        .account(&admin, "coordinator@example.org", "coordinator")
        .await;
    let (quoted, quoted_receipt) = send(
        &app,
        "Fridays are hard, call Jo on 07700 900123",
        true,
        false,
    )
    .await;
    let (private, _) = send(&app, "Private words about Fridays", false, false).await;
    let (leaving, leaving_receipt) = send(&app, "Leaving words about Fridays", true, true).await;

    // Not read yet: the receipt says so.
    let receipt = page(&app, &format!("/receipt/{quoted_receipt}"), None).await;
    assert!(receipt.contains("Nobody has read your answers yet"));
    assert!(receipt.contains("We have not decided anything yet"));

    // The coordinator publishes one as a quote, with the phone number removed.
    let base = format!("/inbox/{quoted}");
    assert!(!post(
        &app,
        &format!("{base}/redact"),
        &coordinator,
        &[("question", "say"), ("words", "Jo on 07700 900123")]
    )
    .await
    .contains("error"));
    assert!(!post(
        &app,
        &format!("{base}/status"),
        &coordinator,
        &[("status", "published")]
    )
    .await
    .contains("error"));
    assert!(!post(
        &app,
        &format!("/inbox/{leaving}/status"),
        &coordinator,
        &[("status", "published")]
    )
    .await
    .contains("error"));
    assert!(!post(
        &app,
        &format!("{base}/themes"),
        &coordinator,
        &[("name", "Opening hours")]
    )
    .await
    .contains("error"));
    let theme = app
        .db
        .number("SELECT id FROM themes WHERE name = 'Opening hours'", &[])
        .await
        .to_string();

    // An action, its words and theme, then the three submissions ticked in the inbox and linked.
    let action = create_action(&app, &coordinator, "Fridays").await;
    let mut fields = FIELDS.to_vec();
    fields.push(("theme", &theme));
    let to = post(&app, &format!("/actions/{action}"), &coordinator, &fields).await;
    assert_eq!(to, format!("/actions/{action}?done=saved"));
    // Someone who did not ask to hear what happens next.
    let quiet = new_id();
    let mut s = submission(&quiet, "Quiet words about Fridays");
    s["consent"] = serde_json::json!({ "quote": false, "board": false, "updates": false });
    let sent = app.send(vec![s]).await;
    let quiet_receipt = sent[0]["receipt"].as_str().expect("receipt").to_string();
    let quiet = app.staff_id(&quiet).await;
    let to = post(
        &app,
        "/actions/link",
        &coordinator,
        &[
            ("action", &action),
            ("submission", &quoted),
            ("submission", &private),
            ("submission", &leaving),
            ("submission", &quiet),
            ("back", "/inbox?q=fridays"),
        ],
    )
    .await;
    assert_eq!(to, "/inbox?q=fridays&done=linked");
    // Ticking them again links nothing twice.
    let to = post(
        &app,
        "/actions/link",
        &coordinator,
        &[
            ("action", &action),
            ("submission", &quoted),
            ("back", "/inbox"),
        ],
    )
    .await;
    assert_eq!(to, "/inbox?done=already_linked");
    assert_eq!(
        app.db
            .number("SELECT COUNT(*) FROM action_submissions", &[])
            .await,
        4
    );
    let filtered = page(&app, &format!("/inbox?action={action}"), Some(&coordinator)).await;
    assert!(filtered.contains("Private words about Fridays"));

    // A draft: nobody outside sees it yet, and the receipt says only that it was read.
    let public = page(&app, "/you-said-we-did", None).await;
    assert!(!public.contains("Open later on Fridays"));
    let receipt = page(&app, &format!("/receipt/{quoted_receipt}"), None).await;
    assert!(receipt.contains("Someone in our team has read your answers."));
    assert!(!receipt.contains("Open later on Fridays"));

    // Published, with a dated update.
    assert_eq!(
        post(
            &app,
            &format!("/actions/{action}/publish"),
            &coordinator,
            &[]
        )
        .await,
        format!("/actions/{action}?done=published")
    );
    let update = "The new Friday hours start on 9 January.";
    assert_eq!(
        post(
            &app,
            &format!("/actions/{action}/updates"),
            &coordinator,
            &[("body", update)]
        )
        .await,
        format!("/actions/{action}?done=update_added")
    );

    // The public page: grouped by status, the action's words, its update, and only the quotes that
    // may be quoted, as redacted.
    let public = page(&app, "/you-said-we-did", None).await;
    for expected in [
        "Things we are doing now",
        "Open later on Fridays",
        "Friday is when people need us most.",
        "We will stay open until 6pm on Fridays.",
        "About £200 a month",
        "The team and the members",
        "Opening hours",
        update,
        "Fridays are hard, call [removed]",
        "Leaving words about Fridays",
    ] {
        assert!(public.contains(expected), "public page lacks {expected}");
    }
    for never in ["07700", "Private words", "coordinator@example.org"] {
        assert!(!public.contains(never), "public page shows {never}");
    }

    // The participant sees the action and its update, marked new once (a look at the "take back?" page
    // first does not count).
    page(&app, &format!("/receipt/{quoted_receipt}/withdraw"), None).await;
    let receipt = page(&app, &format!("/receipt/{quoted_receipt}"), None).await;
    assert!(receipt.contains("Open later on Fridays") && receipt.contains(update));
    assert!(
        receipt.contains("1 new update since you last looked"),
        "{receipt}"
    );
    let again = page(&app, &format!("/receipt/{quoted_receipt}"), None).await;
    assert!(again.contains(update) && !again.contains("since you last looked"));
    // Who did not ask for updates sees what was done, but nothing is marked new for them.
    let quiet_page = page(&app, &format!("/receipt/{quiet_receipt}"), None).await;
    assert!(quiet_page.contains(update), "{quiet_page}");
    assert!(!quiet_page.contains("since you last looked") && !quiet_page.contains(">New<"));

    // Taking words back removes them from the public page, the action's links and the export.
    let res = app
        .post_form(
            "/receipt/withdraw/confirm",
            None,
            &[("code", leaving_receipt.as_str())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let public = page(&app, "/you-said-we-did", None).await;
    assert!(!public.contains("Leaving words"));
    assert!(public.contains("Fridays are hard"));
    assert_eq!(
        app.db
            .number("SELECT COUNT(*) FROM action_submissions", &[])
            .await,
        3
    );
    let csv = page(&app, "/export/submissions.csv", Some(&coordinator)).await;
    assert!(!csv.contains("Leaving words"));
    assert_eq!(csv.lines().count(), 4, "header and three rows: {csv}");

    // The audit log names actions and ids, never the words.
    for kind in [
        "action.created",
        "action.saved",
        "action.linked",
        "action.published",
        "action.update_added",
        "submission.withdrawn",
        "export.csv",
    ] {
        assert!(
            app.db
                .number("SELECT COUNT(*) FROM audit_log WHERE action = $1", &[kind])
                .await
                >= 1,
            "{kind}"
        );
    }
    assert_eq!(
        app.db
            .number(
                "SELECT COUNT(*) FROM audit_log WHERE subject LIKE '%Friday%' AND action <> 'action.created'",
                &[]
            )
            .await,
        0
    );
}

async fn drafts_stay_private_and_merged_themes_stay_linked(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let (id, receipt) = send(&app, "The bus stop moved", true, false).await;
    let draft = create_action(&app, &admin, "Ask about the bus stop").await;
    let shown = create_action(&app, &admin, "Print a new map").await;
    for action in [&draft, &shown] {
        post(
            &app,
            "/actions/link",
            &admin,
            &[
                ("action", action),
                ("submission", &id),
                ("back", &format!("/inbox/{id}")),
            ],
        )
        .await;
    }
    post(&app, &format!("/actions/{shown}/publish"), &admin, &[]).await;
    let r = page(&app, &format!("/receipt/{receipt}"), None).await;
    assert!(r.contains("Print a new map") && !r.contains("Ask about the bus stop"));

    // Published, then back to a draft: gone again.
    post(&app, &format!("/actions/{shown}/unpublish"), &admin, &[]).await;
    assert!(!page(&app, "/you-said-we-did", None)
        .await
        .contains("Print a new map"));

    // Themes on an action follow a merge.
    for name in ["Buses", "Transport"] {
        post(&app, "/themes", &admin, &[("name", name)]).await;
    }
    let buses = app
        .db
        .number("SELECT id FROM themes WHERE name = 'Buses'", &[])
        .await
        .to_string();
    let transport = app
        .db
        .number("SELECT id FROM themes WHERE name = 'Transport'", &[])
        .await
        .to_string();
    let mut fields = FIELDS.to_vec();
    fields.push(("theme", &buses));
    post(&app, &format!("/actions/{draft}"), &admin, &fields).await;
    post(
        &app,
        &format!("/themes/{buses}/merge"),
        &admin,
        &[("into", &transport)],
    )
    .await;
    assert_eq!(
        app.db
            .number(
                "SELECT COUNT(*) FROM action_themes WHERE CAST(theme_id AS TEXT) = $1",
                &[&transport]
            )
            .await,
        1
    );

    // Unlinking from the submission's page.
    let to = post(
        &app,
        &format!("/actions/{draft}/submissions/{id}/remove"),
        &admin,
        &[],
    )
    .await;
    assert_eq!(to, format!("/inbox/{id}?done=unlinked"));
    let to = post(
        &app,
        &format!("/actions/{draft}/submissions/{id}/remove"),
        &admin,
        &[],
    )
    .await;
    assert_eq!(to, format!("/inbox/{id}?error=gone"));
}

async fn bad_input_gets_a_message_and_every_route_checks_the_role(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let staff = app.account(&admin, "staff@example.org", "staff").await;
    let (id, _) = send(&app, "Some words", true, false).await;
    let action = create_action(&app, &admin, "Something").await;
    let base = format!("/actions/{action}");

    let not_doing = [("title", "Something"), ("status", "not_doing")];
    let long = "x".repeat(2_001);
    let many: Vec<String> = (0..201).map(|_| new_id()).collect();
    let mut too_many: Vec<(&str, &str)> = vec![("action", &action)];
    too_many.extend(many.iter().map(|m| ("submission", m.as_str())));
    let cases: Vec<(String, Vec<(&str, &str)>, &str)> = vec![
        (
            "/actions".into(),
            vec![("title", "  ")],
            "/actions?error=action_title",
        ),
        (base.clone(), not_doing.to_vec(), "error=action_reason"),
        (
            base.clone(),
            vec![("title", "T"), ("status", "maybe")],
            "error=action_status",
        ),
        (
            base.clone(),
            vec![("title", "T"), ("status", "done"), ("budget", &long)],
            "error=action_too_long",
        ),
        (
            format!("{base}/updates"),
            vec![("body", " ")],
            "error=update",
        ),
        (
            "/actions/999999".into(),
            FIELDS.to_vec(),
            "/actions/999999?error=gone",
        ),
        (
            "/actions/abc/publish".into(),
            vec![],
            "/actions/abc?error=gone",
        ),
        (
            "/actions/link".into(),
            vec![("action", &action)],
            "/inbox?error=none_picked",
        ),
        (
            "/actions/link".into(),
            vec![("submission", &id)],
            "/inbox?error=action",
        ),
        (
            "/actions/link".into(),
            vec![("action", &action), ("submission", "junk")],
            "/inbox?error=gone",
        ),
        (
            "/actions/link".into(),
            vec![("action", "999999"), ("submission", &id)],
            "/inbox?error=gone",
        ),
        ("/actions/link".into(), too_many, "/inbox?error=too_many"),
        // The way back is always the inbox: never another site.
        (
            "/actions/link".into(),
            vec![
                ("action", &action),
                ("submission", &id),
                ("back", "//evil.example/inbox"),
            ],
            "/inbox?done=linked",
        ),
    ];
    for (path, form, expected) in &cases {
        let to = post(&app, path, &admin, form).await;
        assert!(to.ends_with(expected), "{path}: {to}");
    }
    // Nothing above changed the action.
    let saved = page(&app, &base, Some(&admin)).await;
    assert!(saved.contains("Something") && saved.contains("No updates yet."));

    // Every change route: anonymous to sign in, staff 403 naming nothing, and nothing written.
    let routes: Vec<(String, Vec<(&str, &str)>)> = vec![
        ("/actions".into(), vec![("title", "Sneaky")]),
        (base.clone(), FIELDS.to_vec()),
        (format!("{base}/publish"), vec![]),
        (format!("{base}/unpublish"), vec![]),
        (format!("{base}/updates"), vec![("body", "Sneaky")]),
        (
            "/actions/link".into(),
            vec![("action", &action), ("submission", &id)],
        ),
        (format!("{base}/submissions/{id}/remove"), vec![]),
    ];
    let before = app.db.number("SELECT COUNT(*) FROM audit_log", &[]).await;
    for (path, form) in &routes {
        let res = app.post_form(path, None, form).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(
            location(res.headers()).starts_with("/signin?next="),
            "{path}"
        );
        let res = app.post_form(path, Some(&staff), form).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} as staff");
    }
    assert_eq!(
        app.db.number("SELECT COUNT(*) FROM audit_log", &[]).await,
        before
    );
    for path in ["/actions", base.as_str(), "/export/submissions.csv"] {
        let anonymous = app.get_as(path, None).await;
        assert!(anonymous.status().is_redirection(), "{path}");
        assert_eq!(
            app.get_as(path, Some(&staff)).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    for (endpoint, form) in [
        ("actions", vec![]),
        ("action", vec![("id", action.as_str())]),
    ] {
        let path = format!("/api/fn/{endpoint}");
        assert_eq!(
            app.post_form(&path, None, &form).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.post_form(&path, Some(&staff), &form).await.status(),
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        app.get_as("/actions/nope", Some(&admin)).await.status(),
        StatusCode::NOT_FOUND
    );
    // The public page needs no account.
    let public = app.get_as("/you-said-we-did", None).await;
    assert_eq!(public.status(), StatusCode::OK);
    assert!(public
        .text()
        .await
        .expect("html")
        .contains("Nothing here yet"));
}

async fn the_export_quotes_only_what_people_shared_with_the_board(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    // Rows name submissions by id: a receipt code would let anyone holding the file take them back.
    let (shared, shared_receipt) = send(&app, "Board may read this, \"really\"", false, true).await;
    let (private, _) = send(&app, "=cmd() only for staff", true, false).await;
    let res = app.get_as("/export/submissions.csv", Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let headers = res.headers().clone();
    assert!(headers["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    assert!(headers["content-disposition"]
        .to_str()
        .expect("disposition")
        .contains("attachment"));
    let csv = res.text().await.expect("csv");
    let row = |id: &str| {
        csv.lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("no row for {id}: {csv}"))
            .to_string()
    };
    assert!(row(&shared).contains("Board may read this, \"\"really\"\""));
    assert!(row(&private).contains("(not shared with the board)"));
    assert!(!csv.contains("cmd()"));
    assert!(!csv.contains(&shared_receipt));
    // Filters apply: only what the inbox would show.
    let filtered = page(&app, "/export/submissions.csv?q=board", Some(&admin)).await;
    assert!(
        filtered.contains(&shared) && !filtered.contains(&private),
        "{filtered}"
    );
}
