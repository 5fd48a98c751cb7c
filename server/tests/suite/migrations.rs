//! Upgrading a database an older Cairn left: migration 11 gives every stored submission a staff id, keeps
//! the device's id only to answer resends, moves every row that points at a submission with it, and
//! rewrites the audit log's subjects to the staff ids, leaving the log append-only again. On SQLite and
//! PostgreSQL.

use crate::common::*;

on_both_backends!(staff_ids_replace_device_ids_in_every_table_and_the_audit_log);

async fn staff_ids_replace_device_ids_in_every_table_and_the_audit_log(backend: Backend) {
    let db = TestDb::new(backend).await;
    db.migrate_first(10).await;
    let (a, b) = (new_id(), new_id());
    let at = "2026-01-01T00:00:00Z";
    let run = |sql: String| {
        let db = &db;
        async move {
            db.execute(&sql)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        }
    };
    for (id, receipt) in [(&a, "ABCD2345"), (&b, "ABCD2346")] {
        run(format!(
            "INSERT INTO submissions (id, conversation_id, channel, created_at, received_at,
                 consent_quote, consent_board, consent_updates, answers, fingerprint, receipt)
             VALUES ('{id}', 'tell-us-anything', 'own_device', '{at}', '{at}', TRUE, FALSE, FALSE,
                 '[]', 'f', '{receipt}')"
        ))
        .await;
    }
    run(format!(
        "INSERT INTO themes (name, created_at) VALUES ('Buses', '{at}')"
    ))
    .await;
    run(format!(
        "INSERT INTO submission_themes (submission_id, theme_id)
         SELECT '{a}', id FROM themes WHERE name = 'Buses'"
    ))
    .await;
    run(format!(
        "INSERT INTO notes (submission_id, body, at) VALUES ('{a}', 'Call back', '{at}')"
    ))
    .await;
    run(format!(
        "INSERT INTO safeguarding (submission_id, state, raised_at, updated_at)
         VALUES ('{a}', 'open', '{at}', '{at}')"
    ))
    .await;
    run(format!(
        "INSERT INTO actions (title, created_at, updated_at) VALUES ('Later buses', '{at}', '{at}')"
    ))
    .await;
    for id in [&a, &b] {
        run(format!(
            "INSERT INTO action_submissions (action_id, submission_id, linked_at)
             SELECT id, '{id}', '{at}' FROM actions WHERE title = 'Later buses'"
        ))
        .await;
    }
    let subjects = [
        format!("submission {a}"),
        format!("action 1: submissions {a}, {b}"),
        format!("submission {b}: taken back by the participant; its words were deleted"),
        "conversation tell-us-anything".to_string(),
    ];
    for (i, subject) in subjects.iter().enumerate() {
        run(format!(
            "INSERT INTO audit_log (at, action, subject) VALUES ('{at}', 'test.{i}', '{subject}')"
        ))
        .await;
    }

    // The new Cairn opens it and migrates.
    let store = server::storage::connect(&db.url, Default::default())
        .await
        .expect("migrates");
    let staff_of = |id: String| {
        let db = &db;
        async move {
            db.text(
                "SELECT CAST(id AS TEXT) FROM submissions WHERE CAST(client_id AS TEXT) = $1",
                &[&id],
            )
            .await
        }
    };
    let (sa, sb) = (staff_of(a.clone()).await, staff_of(b.clone()).await);
    assert!(sa != a && sb != b && sa != sb);
    assert!(uuid::Uuid::parse_str(&sa).is_ok_and(|u| u.get_version_num() == 4));
    let count = |sql: &str, id: &str| {
        let (db, sql, id) = (&db, sql.to_string(), id.to_string());
        async move { db.number(&sql, &[&id]).await }
    };
    for table in [
        "submission_themes",
        "notes",
        "safeguarding",
        "action_submissions",
    ] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE CAST(submission_id AS TEXT) = $1");
        assert_eq!(count(&sql, &sa).await, 1, "{table} follows its submission");
        assert_eq!(count(&sql, &a).await, 0, "{table} keeps the device's id");
    }
    let rewritten = [
        format!("submission {sa}"),
        format!("action 1: submissions {sa}, {sb}"),
        format!("submission {sb}: taken back by the participant; its words were deleted"),
        "conversation tell-us-anything".to_string(),
    ];
    for subject in &rewritten {
        let sql = "SELECT COUNT(*) FROM audit_log WHERE subject = $1";
        assert_eq!(count(sql, subject).await, 1, "{subject}");
    }
    for device in [&a, &b] {
        let sql = "SELECT COUNT(*) FROM audit_log WHERE subject LIKE '%' || $1 || '%'";
        assert_eq!(count(sql, device).await, 0);
    }
    assert!(
        db.execute("UPDATE audit_log SET subject = 'changed'")
            .await
            .is_err(),
        "the audit log is append-only again"
    );

    // Staff reach them by their new ids; a device resending gets its first receipt.
    let detail = store
        .submission(uuid::Uuid::parse_str(&sa).expect("uuid"))
        .await
        .expect("read")
        .expect("found by its staff id");
    assert_eq!(detail.notes.len(), 1);
    let record = record_of(app::domain::NewSubmission {
        id: uuid::Uuid::parse_str(&a).expect("uuid"),
        conversation_id: "tell-us-anything".into(),
        created_at: chrono::Utc::now(),
        channel: app::domain::Channel::OwnDevice,
        answers: Vec::new(),
        consent: app::domain::Consent {
            quote: true,
            board: false,
            updates: false,
        },
        place: None,
        lang: None,
    });
    let outcome = store
        .insert_submissions(&[record], chrono::Utc::now())
        .await
        .expect("resend");
    assert!(
        matches!(&outcome[0], app::store::InsertOutcome::Existing { receipt, .. }
            if receipt.as_compact() == "ABCD2345"),
        "{outcome:?}"
    );
}
