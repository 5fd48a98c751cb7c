//! The v1 sync API against the real server on a free port: every rule of the contract in issue 2, each
//! run twice, on a fresh SQLite file and on a fresh PostgreSQL database.

use crate::common::*;
use serde_json::{json, Value};

on_both_backends!(
    health_is_ok_when_the_database_answers,
    a_fresh_install_lists_the_default_conversation_with_its_questions,
    a_valid_submission_is_accepted_with_a_receipt_and_stored_once,
    sending_the_same_submission_again_is_a_duplicate_with_the_first_receipt,
    a_resend_after_the_server_restarts_is_a_duplicate_with_the_first_receipt,
    the_same_submission_twice_in_one_batch_is_stored_once,
    the_same_id_with_different_content_is_a_conflict_and_the_first_is_kept,
    twenty_concurrent_sends_of_one_submission_store_it_once_with_one_receipt,
    invalid_items_are_rejected_one_by_one_and_the_valid_ones_are_still_stored,
    an_answer_of_exactly_ten_thousand_characters_is_accepted,
    staff_may_send_on_someones_behalf_when_signed_in,
    malformed_json_gets_400_with_a_json_error,
    wrong_types_get_400,
    more_than_a_hundred_submissions_in_one_batch_get_413,
    a_body_over_one_mebibyte_gets_413,
    compressed_responses_are_offered,
);

async fn health_is_ok_when_the_database_answers(backend: Backend) {
    let app = spawn_on(backend).await;
    let res = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200);
}

async fn a_fresh_install_lists_the_default_conversation_with_its_questions(backend: Backend) {
    let app = spawn_on(backend).await;
    let res = app
        .client
        .get(app.url("/api/v1/conversations"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    let list = body["conversations"].as_array().expect("array");
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!(c["id"], "tell-us-anything");
    assert_eq!(c["title"], "Tell us anything");
    assert_eq!(c["open"], true);
    let kinds: Vec<&str> = c["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["text", "scale", "choice"]);
    assert!(
        c["questions"][0].get("choices").is_none(),
        "choices only for choice questions"
    );
    assert_eq!(
        c["questions"][2]["choices"].as_array().map(Vec::len),
        Some(3)
    );
}

async fn a_valid_submission_is_accepted_with_a_receipt_and_stored_once(backend: Backend) {
    let app = spawn_on(backend).await;
    let id = new_id();
    let results = app
        .send(vec![submission(&id, "The kettle is broken.")])
        .await;
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["id"], id.as_str());
    assert_eq!(results[0]["status"], "accepted");
    assert!(
        is_receipt(results[0]["receipt"].as_str().unwrap_or("")),
        "{}",
        results[0]
    );
    assert!(results[0].get("error").is_none());
    assert_eq!(app.stored(&id).await, 1);
}

async fn sending_the_same_submission_again_is_a_duplicate_with_the_first_receipt(backend: Backend) {
    let app = spawn_on(backend).await;
    let id = new_id();
    let first = app.send(vec![submission(&id, "Same words")]).await;
    let again = app.send(vec![submission(&id, "Same words")]).await;
    assert_eq!(again[0]["status"], "duplicate");
    assert_eq!(again[0]["receipt"], first[0]["receipt"]);
    assert_eq!(app.stored(&id).await, 1);
}

async fn a_resend_after_the_server_restarts_is_a_duplicate_with_the_first_receipt(
    backend: Backend,
) {
    let app = spawn_on(backend).await;
    let id = new_id();
    let first = app
        .send(vec![submission(&id, "Sent just before a restart")])
        .await;
    let restarted = spawn_again(&app).await;
    let again = restarted
        .send(vec![submission(&id, "Sent just before a restart")])
        .await;
    assert_eq!(again[0]["status"], "duplicate");
    assert_eq!(again[0]["receipt"], first[0]["receipt"]);
    assert_eq!(restarted.stored(&id).await, 1);
}

async fn the_same_submission_twice_in_one_batch_is_stored_once(backend: Backend) {
    let app = spawn_on(backend).await;
    let id = new_id();
    let results = app
        .send(vec![
            submission(&id, "Double tap"),
            submission(&id, "Double tap"),
        ])
        .await;
    assert_eq!(results[0]["status"], "accepted");
    assert_eq!(results[1]["status"], "duplicate");
    assert_eq!(results[0]["receipt"], results[1]["receipt"]);
    assert_eq!(app.stored(&id).await, 1);
}

async fn the_same_id_with_different_content_is_a_conflict_and_the_first_is_kept(backend: Backend) {
    let app = spawn_on(backend).await;
    let id = new_id();
    let first = app.send(vec![submission(&id, "First words")]).await;
    assert_eq!(first[0]["status"], "accepted");
    let other = app.send(vec![submission(&id, "Other words")]).await;
    assert_eq!(other[0]["status"], "rejected");
    assert_eq!(other[0]["error"]["code"], "conflict");
    assert!(other[0].get("receipt").is_none());
    let answers = app
        .db
        .text(
            "SELECT CAST(answers AS TEXT) FROM submissions WHERE CAST(client_id AS TEXT) = $1",
            &[&id],
        )
        .await;
    assert!(answers.contains("First words") && !answers.contains("Other words"));
}

async fn twenty_concurrent_sends_of_one_submission_store_it_once_with_one_receipt(
    backend: Backend,
) {
    let app = spawn_on(backend).await;
    let id = new_id();
    let body = json!({ "submissions": [submission(&id, "Sent from a flaky phone")] });
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (client, url, body) = (
            app.client.clone(),
            app.url("/api/v1/submissions"),
            body.clone(),
        );
        tasks.spawn(async move {
            let res = client.post(url).json(&body).send().await.expect("request");
            assert_eq!(res.status(), 200);
            let v: Value = res.json().await.expect("json");
            v["results"][0].clone()
        });
    }
    let mut receipts = std::collections::HashSet::new();
    let mut accepted = 0;
    while let Some(r) = tasks.join_next().await {
        let r = r.expect("task");
        match r["status"].as_str() {
            Some("accepted") => accepted += 1,
            Some("duplicate") => {}
            other => panic!("unexpected status {other:?}: {r}"),
        }
        receipts.insert(r["receipt"].as_str().unwrap_or("").to_string());
    }
    assert_eq!(accepted, 1, "exactly one send stores it");
    assert_eq!(receipts.len(), 1, "every answer carries the same receipt");
    assert_eq!(app.stored(&id).await, 1);
}

async fn invalid_items_are_rejected_one_by_one_and_the_valid_ones_are_still_stored(
    backend: Backend,
) {
    let app = spawn_on(backend).await;
    let valid = new_id();
    let mut unknown_conversation = submission(&new_id(), "x");
    unknown_conversation["conversation_id"] = json!("no-such-conversation");
    let mut unknown_question = submission(&new_id(), "x");
    unknown_question["answers"] = json!([{ "question_id": "nope", "text": "x" }]);
    let mut invalid_answer = submission(&new_id(), "x");
    invalid_answer["answers"] = json!([{ "question_id": "feeling", "scale": 9 }]);
    let too_long = submission(&new_id(), &"a".repeat(10_001));
    let mut empty = submission(&new_id(), "x");
    empty["answers"] = json!([{ "question_id": "say", "text": "   " }]);
    let mut forbidden = submission(&new_id(), "x");
    forbidden["channel"] = json!("staff_assisted");
    let mut bad_id = submission("not-a-uuid", "x");
    bad_id["created_at"] = json!("2026-11-27T09:30:00Z");

    let batch = vec![
        unknown_conversation,
        unknown_question,
        invalid_answer,
        too_long,
        submission(&valid, "The one good item"),
        empty,
        forbidden,
        bad_id,
    ];
    let results = app.send(batch).await;
    let codes: Vec<&str> = results
        .iter()
        .map(|r| {
            r["error"]["code"]
                .as_str()
                .unwrap_or(r["status"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(
        codes,
        [
            "unknown_conversation",
            "unknown_question",
            "invalid_answer",
            "too_long",
            "accepted",
            "empty",
            "forbidden",
            "invalid"
        ]
    );
    for r in results.iter().filter(|r| r["status"] == "rejected") {
        assert!(
            !r["error"]["message"].as_str().unwrap_or("").is_empty(),
            "each refusal says why: {r}"
        );
    }
    assert_eq!(app.total_stored().await, 1);
    assert_eq!(app.stored(&valid).await, 1);
}

async fn an_answer_of_exactly_ten_thousand_characters_is_accepted(backend: Backend) {
    let app = spawn_on(backend).await;
    let results = app
        .send(vec![submission(&new_id(), &"ä".repeat(10_000))])
        .await;
    assert_eq!(results[0]["status"], "accepted");
}

async fn staff_may_send_on_someones_behalf_when_signed_in(backend: Backend) {
    let app = spawn_on(backend).await;
    let cookie = app.first_admin().await;
    let id = new_id();
    let mut s = submission(&id, "Said at the door, written by staff");
    s["channel"] = json!("staff_assisted");
    let res = app
        .post_batch_as(&json!({ "submissions": [s] }), &cookie)
        .await;
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["results"][0]["status"], "accepted", "{body}");
    assert_eq!(app.stored(&id).await, 1);
}

async fn malformed_json_gets_400_with_a_json_error(backend: Backend) {
    let app = spawn_on(backend).await;
    for body in ["{", "", "[]", "{\"submissions\": 5}", "{\"nothing\": []}"] {
        let res = app
            .client
            .post(app.url("/api/v1/submissions"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 400, "body {body:?}");
        let v: Value = res.json().await.expect("error body is JSON");
        assert_eq!(v["error"]["code"], "malformed");
    }
}

async fn wrong_types_get_400(backend: Backend) {
    let app = spawn_on(backend).await;
    let mut s = submission(&new_id(), "x");
    s["answers"][1]["scale"] = json!("four");
    let res = app.post_batch(&json!({ "submissions": [s] })).await;
    assert_eq!(res.status(), 400);
    let mut s = submission(&new_id(), "x");
    s["consent"] = json!("yes");
    let res = app.post_batch(&json!({ "submissions": [s] })).await;
    assert_eq!(res.status(), 400);
    assert_eq!(app.total_stored().await, 0);
}

async fn more_than_a_hundred_submissions_in_one_batch_get_413(backend: Backend) {
    let app = spawn_on(backend).await;
    let batch: Vec<Value> = (0..101).map(|_| submission(&new_id(), "x")).collect();
    let res = app.post_batch(&json!({ "submissions": batch })).await;
    assert_eq!(res.status(), 413);
    let v: Value = res.json().await.expect("json");
    assert_eq!(v["error"]["code"], "too_many");
    assert_eq!(app.total_stored().await, 0);

    let batch: Vec<Value> = (0..100).map(|_| submission(&new_id(), "x")).collect();
    let res = app.post_batch(&json!({ "submissions": batch })).await;
    assert_eq!(res.status(), 200, "exactly one hundred is fine");
    assert_eq!(app.total_stored().await, 100);
}

async fn a_body_over_one_mebibyte_gets_413(backend: Backend) {
    let app = spawn_on(backend).await;
    let big = submission(&new_id(), &"x".repeat(1024 * 1024 + 10));
    let res = app.post_batch(&json!({ "submissions": [big] })).await;
    assert_eq!(res.status(), 413);
    let v: Value = res.json().await.expect("json");
    assert_eq!(v["error"]["code"], "too_large");
}

async fn compressed_responses_are_offered(backend: Backend) {
    let app = spawn_on(backend).await;
    let res = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("br")
    );
}
