//! `GET /api/v1/openapi.json` from the real server: the document the schemathesis run (`make api`) tests
//! the API against, derived from the wire types. These tests check the parts a client relies on.

use crate::common::*;
use serde_json::Value;

on_shared_runtime!(
    the_document_describes_every_route_of_the_sync_api,
    every_status_the_api_answers_is_documented_with_a_json_error_body,
    item_statuses_and_reject_codes_are_enums_with_every_value,
    the_batch_limit_in_the_document_is_the_one_the_server_enforces,
);

async fn document() -> Value {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"].to_str().ok(),
        Some("application/json")
    );
    res.json().await.expect("the document is JSON")
}

fn statuses(doc: &Value, path: &str, method: &str) -> Vec<String> {
    let mut s: Vec<String> = doc["paths"][path][method]["responses"]
        .as_object()
        .unwrap_or_else(|| panic!("{method} {path} has responses"))
        .keys()
        .cloned()
        .collect();
    s.sort();
    s
}

/// Follows a `$ref` to `#/components/schemas/...`.
fn schema<'a>(doc: &'a Value, reference: &Value) -> &'a Value {
    let name = reference["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .unwrap_or_else(|| panic!("a schema reference, not {reference}"));
    &doc["components"]["schemas"][name]
}

fn strings(v: &Value) -> Vec<&str> {
    let mut s: Vec<&str> = v
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    s.sort();
    s
}

async fn the_document_describes_every_route_of_the_sync_api() {
    let doc = document().await;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    assert_eq!(doc["info"]["version"], "1");
    let mut paths: Vec<&String> = doc["paths"].as_object().expect("paths").keys().collect();
    paths.sort();
    assert_eq!(
        paths,
        ["/api/v1/conversations", "/api/v1/submissions", "/healthz"]
    );
    assert!(doc["paths"]["/api/v1/conversations"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/submissions"]["post"].is_object());
    assert!(doc["paths"]["/healthz"]["get"].is_object());
    let body = &doc["paths"]["/api/v1/submissions"]["post"]["requestBody"];
    assert_eq!(body["required"], true);
    let batch = schema(&doc, &body["content"]["application/json"]["schema"]);
    assert_eq!(strings(&batch["required"]), ["submissions"]);
    let submission = schema(&doc, &batch["properties"]["submissions"]["items"]);
    // The optional v1 additions stay optional: old clients never send them.
    assert_eq!(
        strings(&submission["required"]),
        ["answers", "channel", "conversation_id", "created_at", "id"]
    );
    for optional in ["consent", "place", "reach"] {
        assert!(
            submission["properties"][optional].is_object(),
            "{optional} is documented"
        );
    }
}

async fn every_status_the_api_answers_is_documented_with_a_json_error_body() {
    let doc = document().await;
    assert_eq!(
        statuses(&doc, "/api/v1/submissions", "post"),
        ["200", "400", "413", "503"]
    );
    assert_eq!(
        statuses(&doc, "/api/v1/conversations", "get"),
        ["200", "503"]
    );
    assert_eq!(statuses(&doc, "/healthz", "get"), ["200", "503"]);
    let responses = &doc["paths"]["/api/v1/submissions"]["post"]["responses"];
    for status in ["400", "413", "503"] {
        let error = schema(
            &doc,
            &responses[status]["content"]["application/json"]["schema"],
        );
        assert_eq!(strings(&error["required"]), ["error"], "{status}");
    }
    for (path, method) in [
        ("/api/v1/submissions", "post"),
        ("/api/v1/conversations", "get"),
        ("/healthz", "get"),
    ] {
        assert!(
            doc["paths"][path][method]["responses"]["503"]["headers"]["Retry-After"].is_object(),
            "{method} {path}: 503 documents Retry-After"
        );
    }
    assert!(
        doc["paths"]["/healthz"]["get"]["responses"]["200"]["content"]["text/plain"].is_object()
    );
}

async fn item_statuses_and_reject_codes_are_enums_with_every_value() {
    let doc = document().await;
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        strings(&schemas["ItemStatus"]["enum"]),
        ["accepted", "duplicate", "rejected"]
    );
    assert_eq!(
        strings(&schemas["RejectCode"]["enum"]),
        [
            "conflict",
            "empty",
            "forbidden",
            "invalid",
            "invalid_answer",
            "too_long",
            "unknown_conversation",
            "unknown_question"
        ]
    );
    assert_eq!(
        strings(&schemas["QuestionKind"]["enum"]),
        ["choice", "scale", "text"]
    );
}

async fn the_batch_limit_in_the_document_is_the_one_the_server_enforces() {
    let app = spawn_app().await;
    let doc: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let batch = &doc["components"]["schemas"]["SubmissionBatch"];
    let most = batch["properties"]["submissions"]["maxItems"]
        .as_u64()
        .expect("maxItems") as usize;
    assert_eq!(most, app::sync::wire::MAX_BATCH);
    let body = |n: usize| {
        serde_json::json!({
            "submissions": (0..n).map(|i| submission(&new_id(), &format!("answer {i}"))).collect::<Vec<_>>()
        })
    };
    assert_eq!(app.post_batch(&body(most)).await.status(), 200);
    assert_eq!(app.post_batch(&body(most + 1)).await.status(), 413);
}
