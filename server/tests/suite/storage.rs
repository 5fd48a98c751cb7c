//! The storage conformance suite: every promise of `app::store::Store`, run against SQLite and against
//! PostgreSQL, straight through the trait (no HTTP), so both backends are held to one contract.

use crate::common::*;
use app::domain::InboxCursor;
use app::domain::{
    ActionFields, ActionStatus, Answer, AnswerValue, Channel, Consent, Email, InboxFilter,
    NewSubmission, ReceiptCode, Role, Status,
};
use app::store::{AuditRecord, InsertOutcome, Store, StoreError, SubmissionRecord};
use app::sync::ingest::fingerprint;
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use uuid::Uuid;

on_both_backends!(
    a_new_database_holds_the_default_conversation,
    a_submission_is_stored_once_per_id_and_found_by_its_receipt,
    the_same_id_twice_in_one_batch_is_stored_once,
    a_batch_larger_than_one_statement_keeps_every_outcome_in_order,
    two_servers_inserting_overlapping_batches_at_once_store_each_once,
    the_inbox_is_newest_first_and_pages_without_gaps_or_repeats,
    accounts_have_unique_emails_and_sessions_expire_and_end,
    a_setup_token_makes_one_first_admin_and_is_then_used_up,
    two_setup_links_used_at_once_make_one_admin,
    the_audit_log_takes_entries_and_refuses_changes,
    the_audit_log_reads_newest_first_by_kind_and_page,
    a_database_opened_again_is_not_migrated_twice,
    actions_link_only_live_submissions_and_quote_only_what_may_be_quoted,
);

async fn open(backend: Backend) -> (Arc<dyn Store>, TestDb) {
    let db = TestDb::new(backend).await;
    let store = server::storage::connect(&db.url, Default::default())
        .await
        .expect("storage opens");
    (store, db)
}

fn all() -> InboxFilter {
    InboxFilter::default()
}

fn fresh() -> Uuid {
    uuid::Builder::from_random_bytes(rand::random()).into_uuid()
}

fn at(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap()
        + Duration::seconds(secs)
        + Duration::microseconds(123_456)
}

fn record(id: Uuid, words: &str) -> SubmissionRecord {
    let submission = NewSubmission {
        id,
        conversation_id: "tell-us-anything".into(),
        created_at: at(-60),
        channel: Channel::SharedDevice,
        answers: vec![
            Answer {
                question_id: "say".into(),
                value: AnswerValue::Text(words.into()),
            },
            Answer {
                question_id: "feeling".into(),
                value: AnswerValue::Scale(2),
            },
        ],
        consent: Consent {
            quote: true,
            board: false,
            updates: true,
        },
        place: None,
        lang: None,
    };
    record_of(submission)
}

fn receipt_of(outcome: &InsertOutcome) -> ReceiptCode {
    match outcome {
        InsertOutcome::Inserted { receipt } | InsertOutcome::Existing { receipt, .. } => {
            receipt.clone()
        }
    }
}

fn email(s: &str) -> Email {
    Email::parse(s).expect("email")
}

async fn a_new_database_holds_the_default_conversation(backend: Backend) {
    let (store, _db) = open(backend).await;
    store.ping().await.expect("ping");
    let conversations = store.conversations().await.expect("conversations");
    assert_eq!(conversations.len(), 1);
    let c = &conversations[0];
    assert_eq!(c.id, "tell-us-anything");
    assert!(c.open);
    assert!(c.promises.support.contains("116 123"));
    let ids: Vec<&str> = c.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["say", "feeling", "often"]);
    // Choices stored before choices had ids keep their words as their id, as their answers hold.
    let choices: Vec<(&str, &str)> = c.questions[2]
        .choices
        .iter()
        .map(|c| (c.id.as_str(), c.label.as_str()))
        .collect();
    assert_eq!(
        choices,
        [
            ("This is my first time", "This is my first time"),
            ("Now and then", "Now and then"),
            ("Most weeks", "Most weeks")
        ]
    );
}

async fn a_submission_is_stored_once_per_id_and_found_by_its_receipt(backend: Backend) {
    let (store, _db) = open(backend).await;
    let r = record(fresh(), "The heating is broken");
    let first = store
        .insert_submissions(std::slice::from_ref(&r), at(0))
        .await
        .expect("insert");
    let InsertOutcome::Inserted { receipt } = &first[0] else {
        panic!("first insert: {first:?}");
    };
    let again = store
        .insert_submissions(std::slice::from_ref(&r), at(5))
        .await
        .expect("insert again");
    assert_eq!(
        again,
        [InsertOutcome::Existing {
            receipt: receipt.clone(),
            fingerprint: r.fingerprint.clone()
        }]
    );
    let found = store
        .receipt(receipt)
        .await
        .expect("lookup")
        .expect("found");
    assert_eq!(found.title, "Tell us anything");
    assert_eq!(found.answers, r.submission.answers);
    let unknown = ReceiptCode::parse("ABCD-EFGH").expect("code");
    assert_eq!(store.receipt(&unknown).await.expect("lookup"), None);
    let inbox = store.inbox(&all(), None, 10).await.expect("inbox");
    assert_eq!(inbox.len(), 1, "stored once");
    assert_eq!(
        inbox[0].received_at,
        at(0),
        "the first arrival's time is kept"
    );
}

async fn the_same_id_twice_in_one_batch_is_stored_once(backend: Backend) {
    let (store, _db) = open(backend).await;
    let id = fresh();
    let (a, b) = (record(id, "Double tap"), record(id, "Something else"));
    let out = store
        .insert_submissions(&[a.clone(), b], at(0))
        .await
        .expect("insert");
    let InsertOutcome::Inserted { receipt } = &out[0] else {
        panic!("{out:?}");
    };
    // The second is answered from the first, so the caller can tell a duplicate from a conflict.
    assert_eq!(
        out[1],
        InsertOutcome::Existing {
            receipt: receipt.clone(),
            fingerprint: a.fingerprint
        }
    );
    assert_eq!(store.inbox(&all(), None, 10).await.expect("inbox").len(), 1);
}

async fn a_batch_larger_than_one_statement_keeps_every_outcome_in_order(backend: Backend) {
    let (store, _db) = open(backend).await;
    let old: Vec<SubmissionRecord> = (0..100)
        .map(|i| record(fresh(), &format!("old {i}")))
        .collect();
    let before = store.insert_submissions(&old, at(0)).await.expect("insert");
    let mut batch: Vec<SubmissionRecord> = (0..1100)
        .map(|i| record(fresh(), &format!("new {i}")))
        .collect();
    // Old ones scattered through the batch, so the answers must come back in the caller's order.
    for (i, r) in old.iter().enumerate() {
        batch.insert(i * 11, r.clone());
    }
    let out = store
        .insert_submissions(&batch, at(1))
        .await
        .expect("insert");
    assert_eq!(out.len(), 1200);
    let mut receipts = HashSet::new();
    for (r, o) in batch.iter().zip(&out) {
        match old.iter().position(|x| x.submission.id == r.submission.id) {
            Some(k) => assert_eq!(
                o,
                &InsertOutcome::Existing {
                    receipt: receipt_of(&before[k]),
                    fingerprint: r.fingerprint.clone()
                }
            ),
            None => assert!(matches!(o, InsertOutcome::Inserted { .. }), "{o:?}"),
        }
        receipts.insert(receipt_of(o));
    }
    assert_eq!(receipts.len(), 1200, "every submission has its own receipt");
}

async fn two_servers_inserting_overlapping_batches_at_once_store_each_once(backend: Backend) {
    let (one, db) = open(backend).await;
    // A second pool on the same database: another server behind the load balancer.
    let two = server::storage::connect(&db.url, Default::default())
        .await
        .expect("second server");
    let records: Vec<SubmissionRecord> = (0..1000)
        .map(|i| record(fresh(), &format!("shared {i}")))
        .collect();
    let mut tasks = tokio::task::JoinSet::new();
    for round in 0..8 {
        let store = if round % 2 == 0 {
            one.clone()
        } else {
            two.clone()
        };
        // Each call sees the batch in another order, where careless locking deadlocks.
        let mut batch = records.clone();
        let shuffle = 2 * round as u128 + 1;
        batch.sort_by_key(|r| r.submission.id.as_u128().wrapping_mul(shuffle) >> 64);
        tasks.spawn(async move {
            let out = store.insert_submissions(&batch, at(round)).await;
            (batch, out)
        });
    }
    let mut receipt: HashMap<Uuid, ReceiptCode> = HashMap::new();
    let mut inserted = 0;
    while let Some(done) = tasks.join_next().await {
        let (batch, out) = done.expect("task");
        let out = out.expect("no errors, no deadlocks");
        for (r, o) in batch.iter().zip(&out) {
            if matches!(o, InsertOutcome::Inserted { .. }) {
                inserted += 1;
            }
            let code = receipt_of(o);
            assert_eq!(
                receipt.entry(r.submission.id).or_insert(code.clone()),
                &code,
                "one receipt per submission, whichever server answered"
            );
        }
    }
    assert_eq!(
        inserted, 1000,
        "each submission inserted by exactly one call"
    );
    let stored = db.number("SELECT COUNT(*) FROM submissions", &[]).await;
    assert_eq!(stored, 1000);
}

async fn the_inbox_is_newest_first_and_pages_without_gaps_or_repeats(backend: Backend) {
    let (store, _db) = open(backend).await;
    let mut expected = Vec::new();
    for i in 0..7 {
        // Two arrivals share each time, so the id breaks the tie.
        let batch = [
            record(fresh(), &format!("a {i}")),
            record(fresh(), &format!("b {i}")),
        ];
        store
            .insert_submissions(&batch, at(i))
            .await
            .expect("insert");
        for r in batch {
            expected.push((at(i), r.staff_id, r));
        }
    }
    expected.sort_by(|x, y| (y.0, y.1).cmp(&(x.0, x.1)));

    let mut seen = Vec::new();
    let mut cursor: Option<InboxCursor> = None;
    loop {
        let page = store.inbox(&all(), cursor.as_ref(), 3).await.expect("page");
        if page.is_empty() {
            break;
        }
        let last = page.last().expect("row");
        cursor = Some(
            InboxCursor::decode(
                &InboxCursor {
                    received_at: last.received_at,
                    id: last.id,
                }
                .encode(),
            )
            .expect("cursor round trip"),
        );
        seen.extend(page);
    }
    assert_eq!(seen.len(), 14);
    for (entry, (received, id, r)) in seen.iter().zip(&expected) {
        assert_eq!((entry.received_at, entry.id), (*received, *id));
        assert_eq!(entry.answers, r.submission.answers);
        assert_eq!(entry.consent, r.submission.consent);
        assert_eq!(entry.channel, Channel::SharedDevice);
        assert_eq!(
            entry.created_at,
            at(-60),
            "device time kept to the microsecond"
        );
        assert_eq!(entry.conversation_title, "Tell us anything");
        // Staff see the staff id Cairn drew, never the device's own id.
        assert_eq!(entry.id, r.staff_id);
        assert_ne!(entry.id, r.submission.id);
    }
}

async fn accounts_have_unique_emails_and_sessions_expire_and_end(backend: Backend) {
    let (store, _db) = open(backend).await;
    assert_eq!(store.count_users().await.expect("count"), 0);
    let ana = store
        .create_user(&email("ana@example.org"), "hash-a", Role::Coordinator)
        .await
        .expect("create");
    assert!(matches!(
        store
            .create_user(&email("ana@example.org"), "hash-b", Role::Staff)
            .await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.count_users().await.expect("count"), 1);
    let (found, hash) = store
        .credentials(&email("ana@example.org"))
        .await
        .expect("credentials")
        .expect("found");
    assert_eq!((found, hash.as_str()), (ana.clone(), "hash-a"));
    assert!(store
        .credentials(&email("nobody@example.org"))
        .await
        .expect("credentials")
        .is_none());

    let now = Utc::now();
    store
        .create_session("token-hash", ana.id, now + Duration::hours(1))
        .await
        .expect("session");
    assert_eq!(
        store.session_user("token-hash", now).await.expect("lookup"),
        Some(ana.clone())
    );
    assert_eq!(
        store
            .session_user("token-hash", now + Duration::hours(2))
            .await
            .expect("lookup"),
        None,
        "expired"
    );
    assert_eq!(
        store.session_user("other", now).await.expect("lookup"),
        None
    );
    store.delete_session("token-hash").await.expect("delete");
    assert_eq!(
        store.session_user("token-hash", now).await.expect("lookup"),
        None
    );
}

async fn a_setup_token_makes_one_first_admin_and_is_then_used_up(backend: Backend) {
    let (store, _db) = open(backend).await;
    let admin = email("admin@example.org");
    assert_eq!(
        store
            .create_first_user("never-issued", &admin, "h", Role::Admin)
            .await
            .expect("call"),
        None
    );
    store.add_setup_token("first").await.expect("token");
    store.add_setup_token("second").await.expect("token");
    let made = store
        .create_first_user("first", &admin, "h", Role::Admin)
        .await
        .expect("call")
        .expect("the first admin");
    assert_eq!(made.role, Role::Admin);
    assert_eq!(
        store
            .create_first_user("second", &email("late@example.org"), "h", Role::Admin)
            .await
            .expect("call"),
        None,
        "every setup link ends when the first admin exists"
    );
    assert_eq!(store.count_users().await.expect("count"), 1);
}

async fn two_setup_links_used_at_once_make_one_admin(backend: Backend) {
    let (one, db) = open(backend).await;
    let two = server::storage::connect(&db.url, Default::default())
        .await
        .expect("second server");
    one.add_setup_token("from-one").await.expect("token");
    two.add_setup_token("from-two").await.expect("token");
    let (ea, eb) = (email("a@example.org"), email("b@example.org"));
    let (a, b) = tokio::join!(
        one.create_first_user("from-one", &ea, "h", Role::Admin),
        two.create_first_user("from-two", &eb, "h", Role::Admin),
    );
    let made = [a.expect("call"), b.expect("call")];
    assert_eq!(made.iter().flatten().count(), 1, "{made:?}");
    assert_eq!(one.count_users().await.expect("count"), 1);
}

async fn the_audit_log_takes_entries_and_refuses_changes(backend: Backend) {
    let (store, db) = open(backend).await;
    let user = store
        .create_user(&email("ana@example.org"), "h", Role::Admin)
        .await
        .expect("user");
    store
        .audit(Some(user.id), "user.created", "ana@example.org")
        .await
        .expect("audit");
    store.audit(None, "system.start", "-").await.expect("audit");
    assert_eq!(db.number("SELECT COUNT(*) FROM audit_log", &[]).await, 2);
    for edit in [
        "UPDATE audit_log SET action = 'nothing happened'",
        "DELETE FROM audit_log",
    ] {
        let refused = db.execute(edit).await.expect_err(edit);
        assert!(refused.contains("audit log cannot be changed"), "{refused}");
    }
    assert_eq!(db.number("SELECT COUNT(*) FROM audit_log", &[]).await, 2);
}

async fn a_database_opened_again_is_not_migrated_twice(backend: Backend) {
    let (store, db) = open(backend).await;
    store
        .create_user(&email("ana@example.org"), "h", Role::Admin)
        .await
        .expect("user");
    let again = server::storage::connect(&db.url, Default::default())
        .await
        .expect("reopen");
    assert_eq!(again.count_users().await.expect("count"), 1, "data kept");
    assert_eq!(again.conversations().await.expect("list").len(), 1);
    let migrations = db
        .number("SELECT COUNT(*) FROM _sqlx_migrations", &[])
        .await;
    assert_eq!(migrations, backend.migrations());
}

async fn the_audit_log_reads_newest_first_by_kind_and_page(backend: Backend) {
    let (store, _db) = open(backend).await;
    let admin = store
        .create_user(&email("ana@example.org"), "h", Role::Admin)
        .await
        .expect("user");
    for i in 0..30 {
        let action = if i % 3 == 0 {
            "user.created"
        } else {
            "setup.other"
        };
        let actor = (i % 2 == 0).then_some(admin.id);
        store
            .audit(actor, action, &format!("entry {i}"))
            .await
            .expect("audit");
    }
    let all = store.audit_entries(None, None, 100).await.expect("read");
    assert_eq!(all.len(), 30);
    assert_eq!(all[0].subject, "entry 29", "newest first");
    assert!(all.windows(2).all(|w| w[0].id > w[1].id));
    assert_eq!(all[1].actor.as_deref(), Some("ana@example.org"));
    assert_eq!(all[0].actor, None, "the system acted");

    let users = store
        .audit_entries(Some("user."), None, 100)
        .await
        .expect("filter");
    assert_eq!(users.len(), 10);
    assert!(users.iter().all(|e| e.action == "user.created"));

    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store.audit_entries(None, before, 7).await.expect("page");
        if page.is_empty() {
            break;
        }
        before = page.last().map(|e| e.id);
        seen.extend(page.into_iter().map(|e| e.id));
    }
    assert_eq!(
        seen,
        all.iter().map(|e| e.id).collect::<Vec<_>>(),
        "pages without gaps or repeats"
    );
}

fn cairn(action: &'static str) -> AuditRecord {
    AuditRecord {
        actor: None,
        action,
        subject: "test".into(),
    }
}

fn not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) -> bool {
    matches!(result, Err(StoreError::NotFound))
}

async fn actions_link_only_live_submissions_and_quote_only_what_may_be_quoted(backend: Backend) {
    let (store, db) = open(backend).await;
    // Five submissions: two published, one new, one without quote consent, one to be withdrawn.
    let mut records: Vec<SubmissionRecord> = (0..5)
        .map(|i| record(fresh(), &format!("words {i}")))
        .collect();
    // Staff work on submissions by the staff ids Cairn drew.
    let ids: Vec<Uuid> = records.iter().map(|r| r.staff_id).collect();
    records[3].submission.consent.quote = false;
    records[3].fingerprint = fingerprint(&records[3].submission);
    let outcomes = store
        .insert_submissions(&records, at(0))
        .await
        .expect("insert");
    let receipt = |i: usize| match &outcomes[i] {
        InsertOutcome::Inserted { receipt } => receipt.clone(),
        other => panic!("{other:?}"),
    };
    for i in [0, 1, 4] {
        store
            .set_status(ids[i], Status::Published, &cairn("submission.published"))
            .await
            .expect("publish");
    }
    assert!(
        not_found(
            store
                .set_status(ids[3], Status::Published, &cairn("submission.published"))
                .await
        ),
        "no consent, no publishing"
    );
    let action = store
        .create_action("Fix it", &cairn("action.created"))
        .await
        .expect("create");
    assert!(not_found(
        store
            .link_submissions(999_999, &ids, &cairn("action.linked"))
            .await
    ));
    let mut unknown = ids.clone();
    unknown.push(fresh());
    assert_eq!(
        store
            .link_submissions(action, &unknown, &cairn("action.linked"))
            .await
            .expect("link"),
        5,
        "the unknown id is skipped"
    );
    assert_eq!(
        store
            .link_submissions(action, &ids[..2], &cairn("action.linked"))
            .await
            .expect("again"),
        0
    );
    assert_eq!(
        db.number(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'action.linked'",
            &[]
        )
        .await,
        1,
        "linking nothing new writes no entry"
    );
    // Linking marks them read.
    let r = store
        .receipt(&receipt(0))
        .await
        .expect("receipt")
        .expect("found");
    assert!(r.read && r.wants_updates && r.last_seen.is_none());

    // Withdrawing one removes its link and its quote.
    let withdrew = store
        .withdraw(&receipt(4), &|id| AuditRecord {
            subject: format!("submission {id}"),
            ..cairn("submission.withdrawn")
        })
        .await
        .expect("withdraw");
    assert!(withdrew);
    assert_eq!(
        store
            .link_submissions(action, &ids[4..], &cairn("action.linked"))
            .await
            .expect("link withdrawn"),
        0,
        "a withdrawn submission is never linked"
    );
    let quotes = store.action_quotes(&[action], 5).await.expect("quotes");
    let quoted: Vec<String> = quotes
        .iter()
        .map(|(a, answers)| {
            assert_eq!(*a, action);
            app::domain::quote_text(answers).expect("text")
        })
        .collect();
    assert_eq!(quoted.len(), 2, "{quoted:?}");
    assert!(quoted.contains(&"words 0".to_string()) && quoted.contains(&"words 1".to_string()));
    assert_eq!(
        store.action_quotes(&[action], 1).await.expect("one").len(),
        1
    );

    // Drafts stay off receipts and the public list; published ones show with their updates.
    assert!(store.actions_for(ids[0]).await.expect("for").is_empty());
    assert!(store.actions(true).await.expect("public").is_empty());
    let fields = ActionFields {
        title: "Fix it soon".into(),
        status: ActionStatus::Planned,
        ..ActionFields::default()
    };
    store
        .save_action(action, &fields, &[999], &cairn("action.saved"))
        .await
        .expect("save, unknown theme left out");
    store
        .set_action_published(action, true, &cairn("action.published"))
        .await
        .expect("publish");
    for news in ["First news", "Second news"] {
        store
            .add_action_update(action, None, news, &cairn("action.update_added"))
            .await
            .expect("update");
    }
    let shown = store.actions_for(ids[0]).await.expect("for");
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].fields, fields);
    assert!(shown[0].themes.is_empty());
    assert_eq!(shown[0].linked, 4);
    let news: Vec<&str> = shown[0].updates.iter().map(|u| u.body.as_str()).collect();
    assert_eq!(news, ["Second news", "First news"], "newest first");
    assert!(not_found(
        store
            .add_action_update(999_999, None, "x", &cairn("action.update_added"))
            .await
    ));
    store.note_receipt_visit(&receipt(0)).await.expect("visit");
    let r = store
        .receipt(&receipt(0))
        .await
        .expect("receipt")
        .expect("found");
    assert!(r.last_seen.is_some());

    // Unlinking once works, twice is not found.
    store
        .unlink_submission(action, ids[0], &cairn("action.unlinked"))
        .await
        .expect("unlink");
    assert!(not_found(
        store
            .unlink_submission(action, ids[0], &cairn("action.unlinked"))
            .await
    ));
    assert!(store.actions_for(ids[0]).await.expect("for").is_empty());
}
