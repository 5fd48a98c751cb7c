//! Moderation on SQLite and PostgreSQL: the inbox filters and search, publishing (only with quote
//! consent), redaction (the public and the receipt see it, coordinators see the original, the audit log
//! records it without the words), themes, safeguarding flags and notes; through the `Store` trait and
//! over HTTP, with the role matrix for every moderation route, page and server function.

use crate::common::*;
use app::domain::InboxCursor;
use app::domain::{
    Answer, AnswerValue, Channel, Consent, FlagFilter, FlagState, InboxFilter, NewSubmission,
    Status,
};
use app::store::{AuditRecord, Store, StoreError, SubmissionRecord};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use reqwest::StatusCode;
use std::sync::Arc;
use uuid::Uuid;

on_both_backends!(
    inbox_filters_and_search_combine_and_page_without_gaps,
    moderation_changes_are_kept_each_with_its_audit_entry,
    themes_are_created_renamed_merged_and_tagged,
    safeguarding_flags_move_on_and_open_ones_list_oldest_first,
    every_moderation_route_lets_in_only_coordinators_and_admins,
    a_coordinator_moderates_over_http_and_the_receipt_shows_the_redaction,
    bad_moderation_input_gets_a_plain_message_never_a_500,
    the_seed_command_loads_realistic_moderated_data,
);

async fn open(backend: Backend) -> (Arc<dyn Store>, TestDb) {
    let db = TestDb::new(backend).await;
    let store = server::storage::connect(&db.url, Default::default())
        .await
        .expect("storage opens");
    (store, db)
}

fn by(action: &'static str) -> AuditRecord {
    AuditRecord {
        actor: None,
        action,
        subject: "test".into(),
    }
}

fn day(d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, 12, 0, 0).unwrap()
}

fn made(text: &str, channel: Channel, quote: bool) -> SubmissionRecord {
    let submission = NewSubmission {
        id: Uuid::parse_str(&new_id()).expect("id"),
        conversation_id: "tell-us-anything".into(),
        created_at: day(1),
        channel,
        answers: vec![Answer {
            question_id: "say".into(),
            value: AnswerValue::Text(text.into()),
        }],
        consent: Consent {
            quote,
            board: false,
            updates: false,
        },
        place: None,
        lang: None,
    };
    record_of(submission)
}

async fn put(store: &dyn Store, r: &SubmissionRecord, received: chrono::DateTime<Utc>) -> Uuid {
    store
        .insert_submissions(std::slice::from_ref(r), received)
        .await
        .expect("insert");
    r.staff_id
}

async fn ids(store: &dyn Store, filter: &InboxFilter) -> Vec<Uuid> {
    store
        .inbox(filter, None, 1000)
        .await
        .expect("inbox")
        .into_iter()
        .map(|e| e.id)
        .collect()
}

async fn inbox_filters_and_search_combine_and_page_without_gaps(backend: Backend) {
    let (store, _db) = open(backend).await;
    let s = store.as_ref();
    let bus = put(
        s,
        &made("The BUS is late", Channel::OwnDevice, true),
        day(3),
    )
    .await;
    let paper = put(
        s,
        &made("Paper form: 100% good_stuff", Channel::Paper, false),
        day(5),
    )
    .await;
    let kettle = put(
        s,
        &made("The kettle is broken", Channel::SharedDevice, true),
        day(7),
    )
    .await;
    let école = put(
        s,
        &made("L'ÉCOLE est loin, le bus aussi", Channel::Event, false),
        day(9),
    )
    .await;
    let theme = store
        .create_theme("Transport", &by("theme.created"))
        .await
        .expect("theme");
    store
        .set_tagged(bus, theme.id, true, &by("submission.tagged"))
        .await
        .expect("tag");
    store
        .set_tagged(école, theme.id, true, &by("submission.tagged"))
        .await
        .expect("tag");
    store
        .set_status(kettle, Status::Published, &by("p"))
        .await
        .expect("publish");
    store
        .set_status(paper, Status::Hidden, &by("h"))
        .await
        .expect("hide");
    store.raise_flag(école, "", &by("f")).await.expect("flag");
    store.raise_flag(kettle, "", &by("f")).await.expect("flag");
    store
        .update_flag(kettle, FlagState::Closed, "done", &by("f"))
        .await
        .expect("close");

    let all = InboxFilter::default();
    assert_eq!(
        ids(s, &all).await,
        vec![école, kettle, paper, bus],
        "newest first"
    );
    let text = |t: &str| InboxFilter {
        text: app::domain::search_words(t),
        ..Default::default()
    };
    assert_eq!(
        ids(s, &text("bus")).await,
        vec![école, bus],
        "case-insensitive"
    );
    assert_eq!(ids(s, &text("école")).await, vec![école], "beyond ASCII");
    assert_eq!(ids(s, &text("100%")).await, vec![paper], "% is literal");
    assert_eq!(
        ids(s, &text("100_")).await,
        Vec::<Uuid>::new(),
        "_ is literal"
    );
    assert_eq!(ids(s, &text("good_stuff")).await, vec![paper]);
    let status = |st| InboxFilter {
        status: Some(st),
        ..Default::default()
    };
    assert_eq!(ids(s, &status(Status::New)).await, vec![école, bus]);
    assert_eq!(ids(s, &status(Status::Published)).await, vec![kettle]);
    assert_eq!(ids(s, &status(Status::Hidden)).await, vec![paper]);
    let channel = InboxFilter {
        channel: Some(Channel::Paper),
        ..Default::default()
    };
    assert_eq!(ids(s, &channel).await, vec![paper]);
    let themed = InboxFilter {
        theme: Some(theme.id),
        ..Default::default()
    };
    assert_eq!(ids(s, &themed).await, vec![école, bus]);
    let flag = |f| InboxFilter {
        flag: Some(f),
        ..Default::default()
    };
    assert_eq!(ids(s, &flag(FlagFilter::Open)).await, vec![école]);
    assert_eq!(ids(s, &flag(FlagFilter::Any)).await, vec![école, kettle]);
    assert_eq!(ids(s, &flag(FlagFilter::None)).await, vec![paper, bus]);
    let dates = InboxFilter {
        from: NaiveDate::from_ymd_opt(2026, 11, 5),
        to: NaiveDate::from_ymd_opt(2026, 11, 7),
        ..Default::default()
    };
    assert_eq!(
        ids(s, &dates).await,
        vec![kettle, paper],
        "both days included"
    );
    let other = InboxFilter {
        conversation: Some("no-such-conversation".into()),
        ..Default::default()
    };
    assert!(ids(s, &other).await.is_empty());
    let combined = InboxFilter {
        conversation: Some("tell-us-anything".into()),
        theme: Some(theme.id),
        status: Some(Status::New),
        text: Some("bus".into()),
        flag: Some(FlagFilter::None),
        ..Default::default()
    };
    assert_eq!(ids(s, &combined).await, vec![bus]);

    // A filtered inbox pages by the same cursor, without gaps or repeats.
    for i in 0..9 {
        put(
            s,
            &made(&format!("bus number {i}"), Channel::OwnDevice, false),
            day(10) + Duration::seconds(i % 3),
        )
        .await;
    }
    let search = text("bus");
    let mut seen = Vec::new();
    let mut cursor: Option<InboxCursor> = None;
    loop {
        let page = store
            .inbox(&search, cursor.as_ref(), 4)
            .await
            .expect("page");
        let Some(last) = page.last() else { break };
        cursor = Some(InboxCursor {
            received_at: last.received_at,
            id: last.id,
        });
        seen.extend(page.into_iter().map(|e| e.id));
    }
    assert_eq!(seen, ids(s, &search).await);
    assert_eq!(seen.len(), 11);

    let entry = &store.inbox(&themed, None, 1).await.expect("inbox")[0];
    assert_eq!(entry.themes, vec![(theme.id, "Transport".to_string())]);
    assert_eq!(entry.flag, Some(FlagState::Open));
}

async fn moderation_changes_are_kept_each_with_its_audit_entry(backend: Backend) {
    let (store, db) = open(backend).await;
    let s = store.as_ref();
    let no_quote = put(s, &made("Private", Channel::OwnDevice, false), day(2)).await;
    let quotable = put(
        s,
        &made("Call Sam on 07700 900123", Channel::OwnDevice, true),
        day(3),
    )
    .await;
    let entries = || async { db.number("SELECT COUNT(*) FROM audit_log", &[]).await };

    // Publishing needs consent, in storage too: no change and no entry.
    assert!(matches!(
        store
            .set_status(no_quote, Status::Published, &by("submission.published"))
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(entries().await, 0);
    store
        .set_status(quotable, Status::Published, &by("submission.published"))
        .await
        .expect("publish");
    store
        .set_status(no_quote, Status::Hidden, &by("submission.hidden"))
        .await
        .expect("hide");
    assert_eq!(entries().await, 2);
    let missing = Uuid::parse_str(&new_id()).expect("id");
    assert!(matches!(
        store.set_status(missing, Status::Hidden, &by("x")).await,
        Err(StoreError::NotFound)
    ));

    // Redaction: the receipt sees the public copy, coordinators the original.
    let detail = store
        .submission(quotable)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(detail.entry.status, Status::Published);
    let redacted =
        app::domain::redact(&detail.entry.answers, "say", "07700 900123").expect("redact");
    store
        .set_public_answers(quotable, Some(&redacted), &by("submission.redacted"))
        .await
        .expect("redact");
    let detail = store
        .submission(quotable)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(
        detail.entry.answers[0].value,
        AnswerValue::Text("Call Sam on 07700 900123".into())
    );
    assert_eq!(
        detail.entry.public_answers.as_deref(),
        Some(redacted.as_slice())
    );
    let stored = db
        .text(
            "SELECT receipt FROM submissions WHERE CAST(id AS TEXT) = $1",
            &[&quotable.to_string()],
        )
        .await;
    let receipt = app::domain::ReceiptCode::parse(&stored).expect("receipt");
    let seen = store
        .receipt(&receipt)
        .await
        .expect("receipt")
        .expect("found");
    assert_eq!(
        seen.answers[0].value,
        AnswerValue::Text("Call Sam on [removed]".into())
    );
    store
        .set_public_answers(quotable, None, &by("submission.unredacted"))
        .await
        .expect("undo");
    let seen = store
        .receipt(&receipt)
        .await
        .expect("receipt")
        .expect("found");
    assert_eq!(
        seen.answers[0].value,
        AnswerValue::Text("Call Sam on 07700 900123".into())
    );
    assert_eq!(entries().await, 4);

    // Notes, oldest first, with their author.
    let admin = store
        .create_user(
            &app::domain::Email::parse("a@example.org").expect("email"),
            "x",
            app::domain::Role::Admin,
        )
        .await
        .expect("user");
    store
        .add_note(quotable, admin.id, "First")
        .await
        .expect("note");
    store
        .add_note(quotable, admin.id, "Second")
        .await
        .expect("note");
    assert!(matches!(
        store.add_note(missing, admin.id, "x").await,
        Err(StoreError::NotFound)
    ));
    let notes = store
        .submission(quotable)
        .await
        .expect("read")
        .expect("found")
        .notes;
    assert_eq!(
        notes.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(),
        ["First", "Second"]
    );
    assert_eq!(notes[0].author.as_deref(), Some("a@example.org"));

    // The entries cannot be changed afterwards.
    assert!(db.execute("DELETE FROM audit_log").await.is_err());
}

async fn themes_are_created_renamed_merged_and_tagged(backend: Backend) {
    let (store, db) = open(backend).await;
    let s = store.as_ref();
    let one = put(s, &made("one", Channel::OwnDevice, false), day(2)).await;
    let two = put(s, &made("two", Channel::OwnDevice, false), day(3)).await;
    let food = store
        .create_theme("Food", &by("theme.created"))
        .await
        .expect("theme");
    let meals = store
        .create_theme("Meals", &by("theme.created"))
        .await
        .expect("theme");
    assert!(matches!(
        store.create_theme("Food", &by("theme.created")).await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        store
            .rename_theme(meals.id, "Food", &by("theme.renamed"))
            .await,
        Err(StoreError::Conflict)
    ));
    store
        .rename_theme(meals.id, "Hot meals", &by("theme.renamed"))
        .await
        .expect("rename");
    assert!(matches!(
        store.rename_theme(999, "X", &by("theme.renamed")).await,
        Err(StoreError::NotFound)
    ));

    store
        .set_tagged(one, food.id, true, &by("submission.tagged"))
        .await
        .expect("tag");
    store
        .set_tagged(one, food.id, true, &by("submission.tagged"))
        .await
        .expect("tag twice");
    store
        .set_tagged(one, meals.id, true, &by("submission.tagged"))
        .await
        .expect("tag");
    store
        .set_tagged(two, meals.id, true, &by("submission.tagged"))
        .await
        .expect("tag");
    assert!(matches!(
        store.set_tagged(one, 999, true, &by("x")).await,
        Err(StoreError::NotFound)
    ));
    let tagged = db
        .number(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'submission.tagged'",
            &[],
        )
        .await;
    assert_eq!(tagged, 3, "tagging twice records once");

    // Merge: `one` had both, `two` had meals; afterwards both have food, once, and meals is gone.
    store
        .merge_themes(meals.id, food.id, &by("theme.merged"))
        .await
        .expect("merge");
    let themes = store.themes().await.expect("themes");
    assert_eq!(themes.len(), 1);
    assert_eq!((themes[0].name.as_str(), themes[0].count), ("Food", 2));
    assert!(matches!(
        store
            .merge_themes(meals.id, food.id, &by("theme.merged"))
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .merge_themes(food.id, food.id, &by("theme.merged"))
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .set_tagged(two, food.id, false, &by("submission.untagged"))
        .await
        .expect("untag");
    assert_eq!(store.themes().await.expect("themes")[0].count, 1);
    assert_eq!(
        db.number(
            "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'theme.%'",
            &[]
        )
        .await,
        4,
        "two created, one renamed, one merged; refused changes record nothing"
    );
}

async fn safeguarding_flags_move_on_and_open_ones_list_oldest_first(backend: Backend) {
    let (store, db) = open(backend).await;
    let s = store.as_ref();
    let first = put(s, &made("first", Channel::OwnDevice, false), day(2)).await;
    let second = put(s, &made("second", Channel::OwnDevice, false), day(3)).await;
    let third = put(s, &made("third", Channel::OwnDevice, false), day(4)).await;
    assert!(matches!(
        store
            .update_flag(first, FlagState::InProgress, "", &by("x"))
            .await,
        Err(StoreError::NotFound)
    ));
    // A refused change followed at once by another: the refused one must not leave the write lock
    // taken (this failed now and then with "database is locked" before refusals rolled back at once).
    for _ in 0..25 {
        assert!(matches!(
            store
                .update_flag(first, FlagState::Closed, "x", &by("x"))
                .await,
            Err(StoreError::NotFound)
        ));
        store.add_note(second, 0, "quick").await.ok();
        store
            .set_status(second, Status::Hidden, &by("x"))
            .await
            .expect("the next change goes through");
    }
    for (minutes, id) in [(30, second), (20, first), (10, third)] {
        store
            .raise_flag(id, "worried", &by("safeguarding.raised"))
            .await
            .expect("raise");
        // Raised in this order, minutes apart: the order is the data's, not the clock's resolution.
        let at = (Utc::now() - chrono::Duration::minutes(minutes))
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let set = match backend {
            Backend::Sqlite => format!(
                "UPDATE safeguarding SET raised_at = '{at}' WHERE submission_id = '{id}'"
            ),
            Backend::Postgres => format!(
                "UPDATE safeguarding SET raised_at = '{at}'::timestamptz WHERE submission_id = '{id}'"
            ),
        };
        assert_eq!(db.execute(&set).await, Ok(1));
    }
    store
        .update_flag(first, FlagState::InProgress, "", &by("x"))
        .await
        .expect("in progress");
    store
        .update_flag(third, FlagState::Closed, "Called them back", &by("x"))
        .await
        .expect("close");
    let open = store.open_flags().await.expect("flags");
    assert_eq!(
        open.iter()
            .map(|f| (f.submission_id, f.state))
            .collect::<Vec<_>>(),
        vec![(second, FlagState::Open), (first, FlagState::InProgress)],
        "oldest raised first; closed ones left out"
    );
    let flag = store
        .submission(third)
        .await
        .expect("read")
        .expect("found")
        .flag
        .expect("flag");
    assert_eq!(
        (flag.state, flag.close_note.as_str()),
        (FlagState::Closed, "Called them back")
    );
    // Raising a closed flag again opens it afresh.
    store
        .raise_flag(third, "again", &by("x"))
        .await
        .expect("raise again");
    let flag = store
        .submission(third)
        .await
        .expect("read")
        .expect("found")
        .flag
        .expect("flag");
    assert_eq!(
        (flag.state, flag.reason.as_str(), flag.close_note.as_str()),
        (FlagState::Open, "again", "")
    );
}

/// Sends one submission over the API and returns its id and receipt.
async fn sent(app: &TestApp, text: &str, quote: bool) -> (String, String) {
    let id = new_id();
    let mut s = submission(&id, text);
    s["consent"]["quote"] = quote.into();
    let results = app.send(vec![s]).await;
    let receipt = results[0]["receipt"].as_str().expect("receipt").to_string();
    (app.staff_id(&id).await, receipt)
}

async fn every_moderation_route_lets_in_only_coordinators_and_admins(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let staff = app.account(&admin, "staff@example.org", "staff").await;
    let coordinator = app
        .account(&admin, "coordinator@example.org", "coordinator")
        .await;
    let store = server::storage::connect(&app.db.url, Default::default())
        .await
        .expect("db");
    // Every route, on a submission and themes of its own: each role's calls must succeed on their own
    // terms, not merely "not be refused".
    let fresh = |n: usize| {
        let (app, store) = (&app, store.clone());
        async move {
            let (id, _) = sent(app, "Secret words about the bus", true).await;
            let theme = store
                .create_theme(&format!("Buses {n}"), &by("theme.created"))
                .await
                .expect("theme")
                .id;
            store
                .set_tagged(id.parse().expect("uuid"), theme, true, &by("x"))
                .await
                .expect("tag");
            let other = store
                .create_theme(&format!("Trains {n}"), &by("theme.created"))
                .await
                .expect("theme")
                .id;
            let routes: Vec<(String, Vec<(&str, String)>)> = vec![
                (
                    format!("/inbox/{id}/status"),
                    vec![("status", "hidden".into())],
                ),
                (
                    format!("/inbox/{id}/redact"),
                    vec![("question", "say".into()), ("words", "Secret".into())],
                ),
                (format!("/inbox/{id}/unredact"), vec![]),
                (
                    format!("/inbox/{id}/themes"),
                    vec![("name", format!("New theme {n}"))],
                ),
                (format!("/inbox/{id}/themes/{theme}/remove"), vec![]),
                (
                    format!("/inbox/{id}/safeguarding"),
                    vec![("state", "open".into()), ("note", "worried".into())],
                ),
                (
                    format!("/inbox/{id}/notes"),
                    vec![("note", "A private note".into())],
                ),
                ("/themes".into(), vec![("name", format!("Another {n}"))]),
                (
                    format!("/themes/{theme}/rename"),
                    vec![("name", format!("Buses and trams {n}"))],
                ),
                (
                    format!("/themes/{other}/merge"),
                    vec![("into", theme.to_string())],
                ),
            ];
            (id, routes)
        }
    };
    let (id, routes) = fresh(0).await;
    let before = app.db.number("SELECT COUNT(*) FROM audit_log", &[]).await;
    for (path, f) in &routes {
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let anonymous = app.post_form(path, None, &f).await;
        assert_eq!(
            anonymous.status(),
            StatusCode::SEE_OTHER,
            "{path} anonymous"
        );
        assert!(
            location(anonymous.headers()).starts_with("/signin?next="),
            "{path}"
        );
        let res = app.post_form(path, Some(&staff), &f).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} as staff");
        let body = res.text().await.expect("body");
        assert!(
            !body.contains("Secret") && !body.contains('@'),
            "{path} leaks: {body}"
        );
    }
    // Nothing a refused call asked for happened.
    assert_eq!(
        app.db.number("SELECT COUNT(*) FROM audit_log", &[]).await,
        before
    );
    assert_eq!(app.db.number("SELECT COUNT(*) FROM notes", &[]).await, 0);
    for (n, (role, cookie)) in [("coordinator", &coordinator), ("admin", &admin)]
        .into_iter()
        .enumerate()
    {
        let (_, routes) = fresh(n + 1).await;
        for (path, f) in &routes {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let res = app.post_form(path, Some(cookie), &f).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path} as {role}");
            let to = location(res.headers());
            assert!(
                to.contains("done=") && !to.contains("error="),
                "{path} as {role}: {to}"
            );
        }
    }

    // Pages and the server functions behind them.
    for path in [
        format!("/inbox/{id}"),
        "/themes".into(),
        "/safeguarding".into(),
        "/inbox?q=bus".into(),
    ] {
        let anonymous = app.get_as(&path, None).await;
        assert_eq!(anonymous.status(), StatusCode::SEE_OTHER, "{path}");
        let res = app.get_as(&path, Some(&staff)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} as staff");
        assert!(
            !res.text().await.expect("html").contains("Secret"),
            "{path}"
        );
        for cookie in [&coordinator, &admin] {
            let res = app.get_as(&path, Some(cookie)).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
        }
    }
    for (endpoint, form) in [
        ("submission", vec![("id", id.as_str())]),
        ("themes", vec![]),
        ("safeguarding", vec![]),
        ("inbox", vec![]),
    ] {
        let path = format!("/api/fn/{endpoint}");
        let anonymous = app.post_form(&path, None, &form).await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED, "{path}");
        let res = app.post_form(&path, Some(&staff), &form).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} as staff");
        assert!(
            !res.text().await.expect("body").contains("Secret"),
            "{path}"
        );
    }
}

async fn a_coordinator_moderates_over_http_and_the_receipt_shows_the_redaction(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let coordinator = app
        .account(&admin, "coordinator@example.org", "coordinator")
        .await;
    let (id, receipt) = sent(
        &app,
        "I am Jo Bloggs, call 07700 900123 about the bus",
        true,
    )
    .await;
    let (private, _) = sent(&app, "Please do not quote me", false).await;
    let page = format!("/inbox/{id}");
    let post = |path: String, form: Vec<(&'static str, &'static str)>| {
        let app = &app;
        let cookie = coordinator.clone();
        async move {
            let res = app.post_form(&path, Some(&cookie), &form).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
            location(res.headers())
        }
    };

    assert_eq!(
        post(
            format!("/inbox/{private}/status"),
            vec![("status", "published")]
        )
        .await,
        format!("/inbox/{private}?error=no_consent")
    );
    assert_eq!(
        post(format!("{page}/status"), vec![("status", "published")]).await,
        format!("{page}?done=published")
    );
    assert_eq!(
        post(
            format!("{page}/redact"),
            vec![("question", "say"), ("words", "Jo Bloggs")]
        )
        .await,
        format!("{page}?done=redacted")
    );
    assert_eq!(
        post(
            format!("{page}/redact"),
            vec![("question", "say"), ("words", "07700 900123")]
        )
        .await,
        format!("{page}?done=redacted")
    );
    assert_eq!(
        post(format!("{page}/themes"), vec![("name", "Getting here")]).await,
        format!("{page}?done=tagged")
    );
    assert_eq!(
        post(
            format!("{page}/safeguarding"),
            vec![("state", "open"), ("note", "Sounds stuck")]
        )
        .await,
        format!("{page}?done=flagged")
    );
    assert_eq!(
        post(format!("{page}/notes"), vec![("note", "Rang them back")]).await,
        format!("{page}?done=noted")
    );

    // The receipt shows the redacted words; the coordinator's page the original and the public copy.
    let receipt_page = app
        .get_as(&format!("/receipt/{receipt}"), None)
        .await
        .text()
        .await
        .expect("html");
    assert!(
        receipt_page.contains("I am [removed], call [removed] about the bus"),
        "{receipt_page}"
    );
    assert!(!receipt_page.contains("Jo Bloggs") && !receipt_page.contains("900123"));
    let mod_page = app
        .get_as(&page, Some(&coordinator))
        .await
        .text()
        .await
        .expect("html");
    assert!(mod_page.contains("I am Jo Bloggs, call 07700 900123 about the bus"));
    assert!(mod_page.contains("I am [removed], call [removed] about the bus"));
    assert!(mod_page.contains("Getting here") && mod_page.contains("Rang them back"));
    assert!(mod_page.contains("Safeguarding: open"));
    let inbox = app
        .get_as(
            "/inbox?q=BUS&status=published&flag=open",
            Some(&coordinator),
        )
        .await
        .text()
        .await
        .expect("html");
    assert!(inbox.contains(&page), "the filtered inbox finds it");
    assert!(
        !inbox.contains(&receipt),
        "staff never see the receipt code"
    );
    let none = app
        .get_as("/inbox?q=BUS&status=hidden", Some(&coordinator))
        .await
        .text()
        .await
        .expect("html");
    assert!(none.contains("Nothing matches these filters."));
    let flags = app
        .get_as("/safeguarding", Some(&coordinator))
        .await
        .text()
        .await
        .expect("html");
    assert!(flags.contains(&format!("/inbox/{id}")) && flags.contains("Sounds stuck"));

    // The audit log has each change, and never the removed words.
    for action in [
        "submission.published",
        "submission.redacted",
        "submission.tagged",
        "theme.created",
        "safeguarding.raised",
    ] {
        let n = app
            .db
            .number(
                "SELECT COUNT(*) FROM audit_log WHERE action = $1",
                &[action],
            )
            .await;
        assert!(n >= 1, "{action} recorded");
    }
    assert_eq!(
        app.db
            .number(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'submission.redacted'",
                &[]
            )
            .await,
        2
    );
    let leaked = app.db.number(
        "SELECT COUNT(*) FROM audit_log WHERE subject LIKE '%Bloggs%' OR subject LIKE '%900123%'", &[]).await;
    assert_eq!(leaked, 0, "the audit log keeps no removed words");

    // Close the flag (a note is needed), then it leaves the list.
    assert_eq!(
        post(format!("{page}/safeguarding"), vec![("state", "closed")]).await,
        format!("{page}?error=close_note")
    );
    assert_eq!(
        post(
            format!("{page}/safeguarding"),
            vec![("state", "in_progress")]
        )
        .await,
        format!("{page}?done=in_progress")
    );
    assert_eq!(
        post(
            format!("{page}/safeguarding"),
            vec![("state", "closed"), ("note", "Referred to support")]
        )
        .await,
        format!("{page}?done=closed")
    );
    let flags = app
        .get_as("/safeguarding", Some(&coordinator))
        .await
        .text()
        .await
        .expect("html");
    assert!(flags.contains("No open flags."));
}

async fn bad_moderation_input_gets_a_plain_message_never_a_500(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let (id, _) = sent(&app, "Some words", true).await;
    let page = format!("/inbox/{id}");
    let long = "x".repeat(5_000);
    let cases: Vec<(String, Vec<(&str, &str)>, String)> = vec![
        (
            format!("{page}/status"),
            vec![("status", "deleted")],
            format!("{page}?error=status"),
        ),
        (
            format!("{page}/redact"),
            vec![("question", "say"), ("words", "not there")],
            format!("{page}?error=words"),
        ),
        (
            format!("{page}/redact"),
            vec![("question", "say"), ("words", "  ")],
            format!("{page}?error=words"),
        ),
        (
            format!("{page}/redact"),
            vec![("question", "feeling"), ("words", "4")],
            format!("{page}?error=words"),
        ),
        (
            format!("{page}/themes"),
            vec![],
            format!("{page}?error=theme"),
        ),
        (
            format!("{page}/themes"),
            vec![("theme", "abc")],
            format!("{page}?error=theme"),
        ),
        (
            format!("{page}/themes"),
            vec![("theme", "424242")],
            format!("{page}?error=gone"),
        ),
        (
            format!("{page}/themes"),
            vec![("name", &long)],
            format!("{page}?error=theme_name"),
        ),
        (
            format!("{page}/themes/nope/remove"),
            vec![],
            format!("{page}?error=gone"),
        ),
        (
            format!("{page}/safeguarding"),
            vec![("state", "maybe")],
            format!("{page}?error=flag_state"),
        ),
        (
            format!("{page}/safeguarding"),
            vec![("state", "in_progress")],
            format!("{page}?error=not_flagged"),
        ),
        (
            format!("{page}/safeguarding"),
            vec![("state", "open"), ("note", &long)],
            format!("{page}?error=note"),
        ),
        (
            format!("{page}/notes"),
            vec![("note", "   ")],
            format!("{page}?error=note"),
        ),
        (
            format!("{page}/notes"),
            vec![("note", &long)],
            format!("{page}?error=note"),
        ),
        (
            "/inbox/not-a-uuid/status".into(),
            vec![("status", "hidden")],
            "/inbox/not-a-uuid?error=gone".into(),
        ),
        (
            format!("/inbox/{}/notes", new_id()),
            vec![("note", "hi")],
            "".into(),
        ),
        (
            "/themes".into(),
            vec![("name", "")],
            "/themes?error=theme_name".into(),
        ),
        (
            "/themes/x/rename".into(),
            vec![("name", "A")],
            "/themes?error=gone".into(),
        ),
        (
            "/themes/1/merge".into(),
            vec![("into", "1")],
            "/themes?error=merge".into(),
        ),
        (
            "/themes/1/merge".into(),
            vec![("into", "junk")],
            "/themes?error=merge".into(),
        ),
    ];
    for (path, form, expected) in &cases {
        let res = app.post_form(path, Some(&admin), form).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path} {form:?}");
        let to = location(res.headers());
        if expected.is_empty() {
            assert!(to.ends_with("?error=gone"), "{path}: {to}");
        } else {
            assert_eq!(&to, expected, "{path} {form:?}");
        }
    }
    // Duplicate theme names, in any case, are one theme.
    app.post_form("/themes", Some(&admin), &[("name", "Food")])
        .await;
    let res = app
        .post_form("/themes", Some(&admin), &[("name", "Food")])
        .await;
    assert_eq!(location(res.headers()), "/themes?error=theme_taken");
    app.post_form(
        &format!("{page}/themes"),
        Some(&admin),
        &[("name", " food ")],
    )
    .await;
    assert_eq!(app.db.number("SELECT COUNT(*) FROM themes", &[]).await, 1);
    // A form body that is not a form at all.
    let res = app
        .client
        .post(app.url(&format!("{page}/notes")))
        .header("cookie", &admin)
        .header("content-type", "application/json")
        .body("{\"note\": 1}")
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(res.headers()), format!("{page}?error=note"));
    // Pages with junk in them.
    for path in ["/inbox/not-a-uuid", &format!("/inbox/{}", new_id())] {
        assert_eq!(
            app.get_as(path, Some(&admin)).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let odd = app
        .get_as(
            "/inbox?status=deleted&from=yesterday&theme=x&before=junk",
            Some(&admin),
        )
        .await;
    assert_eq!(odd.status(), StatusCode::OK);
    assert!(odd
        .text()
        .await
        .expect("html")
        .contains("Some filters did not make sense"));
}

async fn the_seed_command_loads_realistic_moderated_data(backend: Backend) {
    let (store, db) = open(backend).await;
    let report = server::seed::seed(store.as_ref(), 1_000, 7)
        .await
        .expect("seed");
    assert_eq!(report.submissions, 1_000);
    assert_eq!(
        db.number("SELECT COUNT(*) FROM submissions", &[]).await,
        1_000
    );
    assert!(
        report.tagged > 50 && report.published > 10 && report.hidden > 10,
        "{report:?}"
    );
    assert_eq!(
        db.number(
            "SELECT COUNT(*) FROM submissions WHERE status = 'published' AND NOT consent_quote",
            &[]
        )
        .await,
        0,
        "never published without consent"
    );
    let themes = store.themes().await.expect("themes");
    assert_eq!(
        themes.iter().map(|t| t.count).sum::<i64>(),
        report.tagged as i64
    );
    // Spread over a year, so date filters have something to do.
    let newest = store
        .inbox(&InboxFilter::default(), None, 1)
        .await
        .expect("inbox")[0]
        .received_at;
    let spread = InboxFilter {
        to: Some((newest - Duration::days(180)).date_naive()),
        ..Default::default()
    };
    let older = store.inbox(&spread, None, 1000).await.expect("inbox").len();
    assert!(
        (300..700).contains(&older),
        "{older} of 1000 older than half a year"
    );
    // One published action per theme, linked to what carries its theme.
    let actions = store.actions(true).await.expect("actions");
    assert_eq!(actions.len(), themes.len());
    assert_eq!(report.actions, themes.len());
    assert_eq!(
        actions.iter().map(|a| a.linked).sum::<i64>(),
        report.tagged as i64
    );
    assert!(actions
        .iter()
        .all(|a| a.updates.len() == 1 && a.themes.len() == 1));
    // Seeding again adds more and reuses the themes and actions.
    server::seed::seed(store.as_ref(), 10, 8)
        .await
        .expect("seed again");
    assert_eq!(store.themes().await.expect("themes").len(), themes.len());
    assert_eq!(
        store.actions(false).await.expect("actions").len(),
        themes.len()
    );
}
