//! Reports, exports for a period, and keeping data only as long as needed: the figures counted by each
//! backend, consent in the JSON export, the retention purge, and who may see and change what.

use crate::common::*;
use app::domain::{
    ActionStatus, Answer, AnswerValue, Channel, Consent, NewSubmission, ReportFilter, Status,
};
use app::store::{AuditRecord, InsertOutcome, Store, SubmissionRecord};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;
use uuid::Uuid;

on_both_backends!(
    report_figures_are_counted_in_the_database,
    retention_deletes_old_words_and_keeps_the_counts,
    the_json_export_respects_consent_and_the_period,
    reach_answers_are_only_counted_and_small_counts_are_never_shown,
);

on_shared_runtime!(
    reports_and_the_board_pack_are_for_coordinators_and_draw_accessible_charts,
    the_retention_rules_are_for_admins_and_bad_days_are_refused,
);

async fn store_of(app: &TestApp) -> Arc<dyn Store> {
    server::storage::connect(&app.db.url, Default::default())
        .await
        .expect("storage opens")
}

fn system(action: &'static str) -> AuditRecord {
    AuditRecord {
        actor: None,
        action,
        subject: "test".into(),
    }
}

/// A submission with words, a feeling and the given channel and consent.
fn record(words: &str, feeling: u8, channel: Channel, board: bool) -> SubmissionRecord {
    let submission = NewSubmission {
        id: uuid::Builder::from_random_bytes(rand::random()).into_uuid(),
        conversation_id: "tell-us-anything".into(),
        created_at: Utc::now(),
        channel,
        answers: vec![
            Answer {
                question_id: "say".into(),
                value: AnswerValue::Text(words.into()),
            },
            Answer {
                question_id: "feeling".into(),
                value: AnswerValue::Scale(feeling),
            },
        ],
        consent: Consent {
            quote: true,
            board,
            updates: false,
        },
        place: None,
        lang: None,
    };
    record_of(submission)
}

/// Stores `records` as received at `at`; returns their staff ids and receipts.
async fn received(
    store: &dyn Store,
    records: Vec<SubmissionRecord>,
    at: DateTime<Utc>,
) -> Vec<(Uuid, app::domain::ReceiptCode)> {
    let ids: Vec<Uuid> = records.iter().map(|r| r.staff_id).collect();
    let outcomes = store
        .insert_submissions(&records, at)
        .await
        .expect("insert");
    ids.into_iter()
        .zip(outcomes)
        .map(|(id, o)| match o {
            InsertOutcome::Inserted { receipt } => (id, receipt),
            other => panic!("not inserted: {other:?}"),
        })
        .collect()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

async fn report_figures_are_counted_in_the_database(backend: Backend) {
    let app = spawn_on(backend).await;
    let store = store_of(&app).await;
    let now = Utc::now();
    let today = now.date_naive();
    // Four days ago: two on their own phone (feelings 4 and 5), one on paper (feeling 4).
    let early = received(
        store.as_ref(),
        vec![
            record("Early one", 4, Channel::OwnDevice, true),
            record("Early two", 5, Channel::OwnDevice, false),
            record("Early paper", 4, Channel::Paper, true),
        ],
        now - Duration::days(4),
    )
    .await;
    // Two days ago: one more, and one that is then taken back.
    let late = received(
        store.as_ref(),
        vec![
            record("Later one", 1, Channel::SharedDevice, true),
            record("Taken back", 2, Channel::OwnDevice, true),
        ],
        now - Duration::days(2),
    )
    .await;
    // Long ago: outside the period.
    received(
        store.as_ref(),
        vec![record("Last year", 3, Channel::OwnDevice, true)],
        now - Duration::days(400),
    )
    .await;
    let withdraw = |_: Uuid| system("submission.withdrawn");
    assert!(store
        .withdraw(&late[1].1, &withdraw)
        .await
        .expect("withdraw"));

    let theme = store
        .create_theme("Opening hours", &system("theme.created"))
        .await
        .expect("theme");
    for (id, _) in [&early[0], &early[1], &late[0]] {
        store
            .set_tagged(*id, theme.id, true, &system("submission.tagged"))
            .await
            .expect("tag");
    }
    let action = store
        .create_action("Open later", &system("action.created"))
        .await
        .expect("action");
    // Linked now: the first early one waited 4 days, the later one 2: the median is 3.
    store
        .link_submissions(action, &[early[0].0, late[0].0], &system("action.linked"))
        .await
        .expect("link");

    let filter = ReportFilter {
        from: today - Duration::days(30),
        to: today,
        conversation: None,
    };
    let f = store.report(&filter).await.expect("report");
    assert_eq!(f.total, 4, "the withdrawn one and last year's are left out");
    assert_eq!(
        f.per_day,
        vec![
            ((now - Duration::days(4)).date_naive(), 3),
            ((now - Duration::days(2)).date_naive(), 1)
        ]
    );
    let mut channels = f.by_channel.clone();
    channels.sort_by_key(|(c, _)| c.as_str());
    assert_eq!(
        channels,
        vec![
            (Channel::OwnDevice, 2),
            (Channel::Paper, 1),
            (Channel::SharedDevice, 1)
        ]
    );
    assert_eq!(f.by_theme, vec![("Opening hours".to_string(), 3)]);
    assert_eq!(f.feeling, [1, 0, 0, 2, 1]);
    assert_eq!(f.linked, 2);
    assert_eq!(f.linked_percent(), Some(50));
    assert_eq!(f.actions_by_status, vec![(ActionStatus::Considering, 1)]);
    let median = f.median_days_to_action.expect("a median");
    assert!((median - 3.0).abs() < 0.01, "{median}");
    assert_eq!(f.text_deleted, 0);

    // One conversation, and a period with nothing in it.
    let other = ReportFilter {
        conversation: Some("no-such-conversation".into()),
        ..filter.clone()
    };
    assert_eq!(store.report(&other).await.expect("report").total, 0);
    let empty = ReportFilter {
        from: day("2020-01-01"),
        to: day("2020-01-31"),
        conversation: None,
    };
    let f = store.report(&empty).await.expect("report");
    assert_eq!((f.total, f.linked, f.median_days_to_action), (0, 0, None));

    // Quotes for a board pack: published only, as redacted.
    assert!(store
        .report_quotes(&filter, 6)
        .await
        .expect("quotes")
        .is_empty());
    store
        .set_status(
            early[0].0,
            Status::Published,
            &system("submission.published"),
        )
        .await
        .expect("publish");
    let quotes = store.report_quotes(&filter, 6).await.expect("quotes");
    assert_eq!(quotes.len(), 1);
    assert_eq!(
        app::domain::quote_text(&quotes[0].1).as_deref(),
        Some("Early one")
    );
}

async fn retention_deletes_old_words_and_keeps_the_counts(backend: Backend) {
    let app = spawn_on(backend).await;
    let store = store_of(&app).await;
    let now = Utc::now();
    let old = received(
        store.as_ref(),
        vec![record("Old words to forget", 2, Channel::OwnDevice, true)],
        now - Duration::days(100),
    )
    .await;
    let recent = received(
        store.as_ref(),
        vec![record("Recent words to keep", 4, Channel::OwnDevice, true)],
        now - Duration::days(1),
    )
    .await;

    // No rule: nothing is deleted.
    assert!(store
        .purge_expired_text(now)
        .await
        .expect("purge")
        .is_empty());
    // A conversation's own rule wins over the general one.
    store
        .set_retention(
            Some(30),
            &[("tell-us-anything".into(), Some(365))],
            &system("retention.set"),
        )
        .await
        .expect("rules");
    assert!(store
        .purge_expired_text(now)
        .await
        .expect("purge")
        .is_empty());
    store
        .set_retention(
            Some(30),
            &[("tell-us-anything".into(), None)],
            &system("retention.set"),
        )
        .await
        .expect("rules");
    let r = store.retention().await.expect("rules");
    assert_eq!(r.days, Some(30));
    assert_eq!(r.days_for("tell-us-anything"), Some(30));

    let purged = store.purge_expired_text(now).await.expect("purge");
    assert_eq!(purged.len(), 1);
    assert_eq!((purged[0].days, purged[0].submissions), (30, 1));
    // Again: nothing left to delete.
    assert!(store
        .purge_expired_text(now)
        .await
        .expect("purge")
        .is_empty());

    let text = |id: Uuid| {
        let db = &app.db;
        async move {
            db.number(
                "SELECT COUNT(*) FROM submissions WHERE CAST(id AS TEXT) = $1
                   AND CAST(answers AS TEXT) LIKE '%words%'",
                &[&id.to_string()],
            )
            .await
        }
    };
    assert_eq!(text(old[0].0).await, 0, "the old words are gone");
    assert_eq!(text(recent[0].0).await, 1, "recent words stay");
    let found = store
        .receipt(&old[0].1)
        .await
        .expect("receipt")
        .expect("row kept");
    assert_eq!(
        found.answers,
        vec![Answer {
            question_id: "feeling".into(),
            value: AnswerValue::Scale(2)
        }],
        "the feeling is kept"
    );
    // Search no longer finds the words.
    let filter = app::domain::InboxFilter {
        text: Some("forget".into()),
        ..Default::default()
    };
    assert!(store
        .inbox(&filter, None, 10)
        .await
        .expect("inbox")
        .is_empty());

    // Counts stay true, and say how many lost their words.
    let f = store
        .report(&ReportFilter {
            from: (now - Duration::days(200)).date_naive(),
            to: now.date_naive(),
            conversation: None,
        })
        .await
        .expect("report");
    assert_eq!((f.total, f.text_deleted), (2, 1));
    assert_eq!(f.feeling, [0, 1, 0, 1, 0]);
    let audit = store
        .audit_entries(Some("retention."), None, 10)
        .await
        .expect("audit");
    assert!(audit.iter().any(|e| e.action == "retention.purged"
        && e.subject.contains("1 submissions older than 30 days")
        && !e.subject.contains("forget")));
}

async fn the_json_export_respects_consent_and_the_period(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let shared = submission(&new_id(), "The board may read this");
    let mut private = submission(&new_id(), "Only for the team");
    private["consent"] = json!({ "quote": false, "board": false, "updates": false });
    let mut board = shared.clone();
    board["consent"] = json!({ "quote": false, "board": true, "updates": false });
    app.send(vec![board, private]).await;
    // From yesterday, so a run across midnight UTC still covers the moment they arrived.
    let today = Utc::now().date_naive();
    let yesterday = today - Duration::days(1);

    let res = app
        .get_as(
            &format!("/export/submissions.json?from={yesterday}&to={today}"),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .expect("type")
        .starts_with("application/json"));
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["count"], 2);
    let rows = body["submissions"].as_array().expect("rows");
    let shared_row = rows
        .iter()
        .find(|r| r["may_share_with_board"] == true)
        .expect("shared row");
    assert_eq!(
        shared_row["answers"][0]["answer"],
        "The board may read this"
    );
    let private_row = rows
        .iter()
        .find(|r| r["may_share_with_board"] == false)
        .expect("private row");
    assert!(private_row["answers"].is_null(), "counted, not quoted");
    assert!(!body.to_string().contains("Only for the team"));
    assert!(body["submissions"][0].get("receipt").is_none());

    // Another period holds nothing.
    let body: Value = app
        .get_as(
            "/export/submissions.json?from=2020-01-01&to=2020-01-31",
            Some(&admin),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(body["count"], 0);
    // Staff accounts and strangers get nothing.
    let staff = app.account(&admin, "outreach@example.org", "staff").await;
    assert_eq!(
        app.get_as("/export/submissions.json", Some(&staff))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_as("/export/submissions.json", None).await.status(),
        StatusCode::SEE_OTHER
    );
    let audit = app
        .get_as("/audit", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(audit.contains("export.json"));
}

async fn reports_and_the_board_pack_are_for_coordinators_and_draw_accessible_charts() {
    let app = spawn_app().await;
    let admin = app.first_admin().await;
    app.send(vec![submission(&new_id(), "Counted in the report")])
        .await;
    let staff = app.account(&admin, "outreach@example.org", "staff").await;
    for path in ["/reports", "/reports/board", "/retention"] {
        let res = app.get_as(path, None).await;
        assert_eq!(res.status(), 303, "{path}");
        assert_eq!(location(res.headers()), format!("/signin?next={path}"));
        assert_eq!(app.get_as(path, Some(&staff)).await.status(), 403, "{path}");
    }
    let html = app
        .get_as("/reports", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    for part in [
        "<h1>Reports",
        "role=\"img\"",
        "<title>Submissions by channel</title>",
        "<desc>Own device: 1</desc>",
        "<caption>By channel: the figures",
        "href=\"/reports/board?from=",
        "href=\"/export/submissions.json?from=",
    ] {
        assert!(html.contains(part), "{part}");
    }
    // A period that cannot be shown says why and shows the last 90 days instead.
    let html = app
        .get_as("/reports?from=2026-05-01&to=2026-04-01", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("The start date must be on or before the end date."));
    let board = app
        .get_as("/reports/board", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(board.contains("<h1>Board pack"));
    assert!(board.contains("In their words"));
    // The server function refuses strangers too.
    let res = app
        .client
        .post(app.url("/api/fn/report"))
        .form(&[
            ("query[from]", ""),
            ("query[to]", ""),
            ("query[conversation]", ""),
            ("board", "false"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 401);
}

async fn the_retention_rules_are_for_admins_and_bad_days_are_refused() {
    let app = spawn_app().await;
    let admin = app.first_admin().await;
    let coordinator = app
        .account(&admin, "coordinator@example.org", "coordinator")
        .await;
    let res = app
        .post_form("/retention", Some(&coordinator), &[("days", "30")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    for bad in ["thirty", "0", "-4", "99999999"] {
        let res = app
            .post_form("/retention", Some(&admin), &[("days", bad)])
            .await;
        assert_eq!(location(res.headers()), "/retention?error=days", "{bad}");
    }
    let res = app
        .post_form(
            "/retention",
            Some(&admin),
            &[("days", "30"), ("keep.tell-us-anything", "365")],
        )
        .await;
    assert_eq!(location(res.headers()), "/retention?done=saved");
    let page = app
        .get_as("/retention?done=saved", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(page.contains("value=\"30\"") && page.contains("value=\"365\""));
    let audit = app
        .get_as("/audit", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(audit.contains("retention.set"));
}

async fn reach_answers_are_only_counted_and_small_counts_are_never_shown(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let staff = app.account(&admin, "outreach@example.org", "staff").await;
    let add = |fields: Vec<(&'static str, &'static str)>, cookie: String| {
        let app = &app;
        async move { app.post_form("/reach", Some(&cookie), &fields).await }
    };
    // Mistakes are explained; staff accounts cannot set questions.
    let res = add(vec![("prompt", ""), ("choices", "a\nb")], admin.clone()).await;
    assert_eq!(location(res.headers()), "/reach?error=prompt");
    let res = add(
        vec![
            ("prompt", "Age?"),
            ("choices", "a\nb"),
            ("population", "50"),
        ],
        admin.clone(),
    )
    .await;
    assert_eq!(location(res.headers()), "/reach?error=population_count");
    let res = add(vec![("prompt", "Age?"), ("choices", "a\nb")], staff.clone()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = add(
        vec![
            ("prompt", "How old are you?"),
            ("choices", "Under 25\n25 to 64\n65 or over"),
            ("population", "20\n60\n20"),
        ],
        admin.clone(),
    )
    .await;
    assert_eq!(location(res.headers()), "/reach?done=added");
    let store = store_of(&app).await;
    let question = store.reach_questions().await.expect("questions")[0].clone();
    assert_eq!(question.population, [Some(20.0), Some(60.0), Some(20.0)]);
    let q = question.id.to_string();

    // Six say 25 to 64, two say under 25; answers to unknown questions or choices are dropped, never
    // the submission; a resend is not counted twice.
    let mut batch = Vec::new();
    for i in 0..10 {
        let mut s = submission(&new_id(), &format!("Answer {i}"));
        let choice = match i {
            0..=5 => json!({ q.clone(): "25 to 64" }),
            6 | 7 => json!({ q.clone(): "Under 25" }),
            8 => json!({ "999": "Under 25" }),
            _ => json!({ q.clone(): "Made up" }),
        };
        s["reach"] = choice;
        batch.push(s);
    }
    let results = app.send(batch.clone()).await;
    assert!(
        results.iter().all(|r| r["status"] == "accepted"),
        "{results:?}"
    );
    let again = app.send(batch[..2].to_vec()).await;
    assert!(again.iter().all(|r| r["status"] == "duplicate"));
    let mut too_many = submission(&new_id(), "Too many");
    too_many["reach"] = json!((0..11)
        .map(|i| (i.to_string(), "x"))
        .collect::<std::collections::BTreeMap<_, _>>());
    assert_eq!(
        app.send(vec![too_many]).await[0]["error"]["code"],
        "invalid"
    );

    // From yesterday, so a run across midnight UTC still covers the moment they arrived.
    let today = Utc::now().date_naive();
    let filter = ReportFilter {
        from: today - Duration::days(1),
        to: today,
        conversation: None,
    };
    let mut counts = store.reach_counts(&filter).await.expect("counts");
    counts.sort();
    assert_eq!(
        counts,
        vec![
            (question.id, "25 to 64".to_string(), 6),
            (question.id, "Under 25".to_string(), 2)
        ]
    );
    // Nothing ties a count to a submission: the counts table has no submission column.
    assert_eq!(
        app.db
            .number(
                "SELECT COUNT(*) FROM reach_counts WHERE CAST(n AS TEXT) = $1",
                &["6"]
            )
            .await,
        1
    );

    // The report and the export hide counts under 5, and shares worked out from them.
    let html = app
        .get_as("/reports", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("Answered by: 8"), "total shown");
    assert!(html.contains("<td>fewer than 5"), "{html}");
    assert!(html.contains("<td>75%"));
    assert!(
        !html.contains("<td>2<") && !html.contains("<td>25%"),
        "a count of 2, and the share that would give it away, never show"
    );
    let csv = app
        .get_as("/export/reach.csv", Some(&admin))
        .await
        .text()
        .await
        .expect("csv");
    assert!(
        csv.contains("How old are you?,25 to 64,6,75,60\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("How old are you?,Under 25,fewer than 5,,20\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("How old are you?,65 or over,fewer than 5,,20\r\n"),
        "{csv}"
    );
    assert_eq!(
        app.get_as("/export/reach.csv", Some(&staff)).await.status(),
        StatusCode::FORBIDDEN
    );

    // Population figures can change; removing the question removes its counts.
    let res = app
        .post_form(
            &format!("/reach/{q}/population"),
            Some(&admin),
            &[("population", "30\n50\n20")],
        )
        .await;
    assert_eq!(location(res.headers()), "/reach?done=population");
    let res = app
        .post_form(&format!("/reach/{q}/remove"), Some(&admin), &[])
        .await;
    assert_eq!(location(res.headers()), "/reach?done=removed");
    assert!(store
        .reach_counts(&filter)
        .await
        .expect("counts")
        .is_empty());
    let res = app
        .post_form(&format!("/reach/{q}/remove"), Some(&admin), &[])
        .await;
    assert_eq!(location(res.headers()), "/reach?error=gone");
}
