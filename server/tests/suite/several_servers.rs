//! Several real `cairn` processes on their own ports against one PostgreSQL database, as behind a load
//! balancer: sessions work on every server, a submission sent to all of them at once is stored once,
//! and servers starting together on a new database migrate it once.

use crate::common::process::{client, start};
use crate::common::*;
use serde_json::{json, Value};

#[tokio::test]
#[ignore = "PostgreSQL: set CAIRN_TEST_POSTGRES_URL and pass --include-ignored (make test does)"]
async fn a_session_made_on_one_server_works_on_the_other_until_signed_out_on_either() {
    Backend::Postgres.require();
    let db = TestDb::new(Backend::Postgres).await;
    let (a, b) = (start(&db.url), start(&db.url));
    let client = client();

    // A's setup link works on B: setup tokens live in the database.
    let token = a
        .setup_token
        .clone()
        .expect("a fresh install prints a setup link");
    let res = client
        .post(format!("{}/setup/{token}", b.base))
        .form(&[("email", "admin@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .expect("setup");
    assert_eq!(res.status(), 303);
    let cookie = session_cookie(res.headers()).expect("signed in");

    for server in [&a, &b] {
        let inbox = client
            .get(format!("{}/inbox", server.base))
            .header("accept", "text/html")
            .header("cookie", &cookie)
            .send()
            .await
            .expect("inbox");
        assert_eq!(inbox.status(), 200, "signed in on {}", server.base);
        assert!(inbox
            .text()
            .await
            .expect("html")
            .contains("admin@example.org"));
    }

    // Signing out on A ends the session on B too.
    let out = client
        .post(format!("{}/signout", a.base))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("sign out");
    assert_eq!(out.status(), 303);
    let after_out = client
        .get(format!("{}/inbox", b.base))
        .header("accept", "text/html")
        .header("cookie", &cookie)
        .send()
        .await
        .expect("inbox");
    assert_eq!(after_out.status(), 303);
    assert!(location(after_out.headers()).starts_with("/signin"));
}

#[tokio::test]
#[ignore = "PostgreSQL: set CAIRN_TEST_POSTGRES_URL and pass --include-ignored (make test does)"]
async fn twenty_concurrent_sends_split_across_two_servers_store_one_submission_once() {
    Backend::Postgres.require();
    let db = TestDb::new(Backend::Postgres).await;
    let servers = [start(&db.url), start(&db.url)];
    let client = client();
    let id = new_id();
    let body = json!({ "submissions": [submission(&id, "Sent through the load balancer")] });
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let url = format!("{}/api/v1/submissions", servers[i % 2].base);
        let (client, body) = (client.clone(), body.clone());
        tasks.spawn(async move {
            let res = client.post(url).json(&body).send().await.expect("send");
            assert_eq!(res.status(), 200);
            let v: Value = res.json().await.expect("json");
            v["results"][0].clone()
        });
    }
    let mut accepted = 0;
    let mut receipts = std::collections::HashSet::new();
    while let Some(r) = tasks.join_next().await {
        let r = r.expect("task");
        match r["status"].as_str() {
            Some("accepted") => accepted += 1,
            Some("duplicate") => {}
            other => panic!("unexpected {other:?}: {r}"),
        }
        receipts.insert(r["receipt"].as_str().expect("receipt").to_string());
    }
    assert_eq!(accepted, 1);
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    let stored = db
        .number(
            "SELECT COUNT(*) FROM submissions WHERE CAST(client_id AS TEXT) = $1",
            &[&id],
        )
        .await;
    assert_eq!(stored, 1);

    // A phone that timed out on one server and retries through the other gets the same receipt.
    let retry = client
        .post(format!("{}/api/v1/submissions", servers[1].base))
        .json(&body)
        .send()
        .await
        .expect("retry");
    let retry: Value = retry.json().await.expect("json");
    assert_eq!(retry["results"][0]["status"], "duplicate");
    assert!(receipts.contains(retry["results"][0]["receipt"].as_str().expect("receipt")));
}

#[tokio::test]
#[ignore = "PostgreSQL: set CAIRN_TEST_POSTGRES_URL and pass --include-ignored (make test does)"]
async fn servers_started_together_on_a_new_database_create_and_migrate_it_once() {
    Backend::Postgres.require();
    let name = format!("cairn_test_{:016x}", rand::random::<u64>());
    let db = TestDb::postgres_named(&name); // not created: the servers do that
    let url = db.url.clone();
    let starting: Vec<_> = (0..3)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || start(&url))
        })
        .collect();
    let servers: Vec<process::Server> = starting
        .into_iter()
        .map(|t| t.join().expect("server started"))
        .collect();
    let client = client();
    for s in &servers {
        let list: Value = client
            .get(format!("{}/api/v1/conversations", s.base))
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        assert_eq!(
            list["conversations"].as_array().map(Vec::len),
            Some(1),
            "{list}"
        );
    }
    let applied = db
        .number("SELECT COUNT(*) FROM _sqlx_migrations WHERE success", &[])
        .await;
    assert_eq!(applied, Backend::Postgres.migrations());
    let conversations = db.number("SELECT COUNT(*) FROM conversations", &[]).await;
    assert_eq!(conversations, 1, "the default conversation is seeded once");
}
