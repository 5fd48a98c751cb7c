//! Receipts over HTTP, on SQLite and PostgreSQL: taking answers back deletes the words everywhere (not
//! hides them), keeps the submission known so an old outbox cannot bring it back, and records only that
//! it happened; wrong codes get a kind 404, and guessing codes is stopped.

use crate::common::*;
use reqwest::StatusCode;

on_both_backends!(
    taking_answers_back_deletes_the_words_everywhere,
    wrong_codes_get_a_kind_answer_and_guessing_is_stopped,
);

const WORDS: &str = "Jo Bloggs says the lift at Mill Street is broken";

async fn taking_answers_back_deletes_the_words_everywhere(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let id = new_id();
    let sent = app.send(vec![submission(&id, WORDS)]).await;
    let receipt = sent[0]["receipt"].as_str().expect("receipt").to_string();
    // A coordinator has worked on it: a theme, a note quoting it, a safeguarding flag.
    let page = format!("/inbox/{}", app.staff_id(&id).await);
    for (path, form) in [
        (format!("{page}/themes"), vec![("name", "Lifts")]),
        (
            format!("{page}/notes"),
            vec![("note", "Jo Bloggs again, call back")],
        ),
        (
            format!("{page}/safeguarding"),
            vec![("state", "open"), ("note", "")],
        ),
    ] {
        let res = app.post_form(&path, Some(&admin), &form).await;
        assert!(!location(res.headers()).contains("error"), "{path}");
    }

    // The receipt shows the words and the way to take them back; the confirmation asks first. The
    // code goes in each form, and each answer is the page itself: no address ever holds the code.
    let code = [("code", receipt.as_str())];
    let shown = app.post_form("/receipt", None, &code).await;
    assert_eq!(shown.status(), StatusCode::OK);
    let shown = shown.text().await.expect("html");
    assert!(shown.contains(WORDS) && shown.contains("Take back your answers"));
    assert!(shown.contains(r#"action="/receipt/withdraw""#));
    let confirm = app.post_form("/receipt/withdraw", None, &code).await;
    assert_eq!(confirm.status(), StatusCode::OK);
    assert!(confirm
        .text()
        .await
        .expect("html")
        .contains("We cannot undo this."));
    assert_eq!(app.stored(&id).await, 1, "looking changes nothing");

    let res = app
        .post_form("/receipt/withdraw/confirm", None, &code)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.headers().contains_key("location"));
    assert_eq!(res.headers()["cache-control"], "no-store");
    let after = res.text().await.expect("html");
    assert!(after.contains("Your answers are deleted") && !after.contains("Mill Street"));
    // An old link with the code in it still answers, with the same news.
    let old_link = app
        .get_as(&format!("/receipt/{receipt}"), None)
        .await
        .text()
        .await
        .expect("html");
    assert!(old_link.contains("Your answers are deleted"));

    // Deleted, not hidden: no table holds the words or the note that quoted them.
    let db = &app.db;
    assert_eq!(
        db.text("SELECT CAST(answers AS TEXT) FROM submissions", &[])
            .await,
        "[]"
    );
    for sql in [
        "SELECT COUNT(*) FROM submissions WHERE public_answers IS NOT NULL OR search_text <> ''",
        "SELECT COUNT(*) FROM notes",
        "SELECT COUNT(*) FROM submission_themes",
        "SELECT COUNT(*) FROM audit_log WHERE subject LIKE '%Bloggs%' OR subject LIKE '%Mill%'",
    ] {
        assert_eq!(db.number(sql, &[]).await, 0, "{sql}");
    }
    assert_eq!(
        db.number(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'submission.withdrawn'",
            &[]
        )
        .await,
        1,
        "the log says it happened"
    );
    // Gone from the inbox and its search; the flag stays, saying what happened.
    let inbox = app
        .get_as("/inbox", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(!inbox.contains(&receipt));
    let search = app
        .get_as("/inbox?q=lift", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(search.contains("Nothing matches these filters."));
    let flags = app
        .get_as("/safeguarding", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(flags.contains("The participant took this back"));

    // An old outbox sending it again is told "duplicate"; nothing comes back. Pressing twice is fine.
    let again = app.send(vec![submission(&id, WORDS)]).await;
    assert_eq!(again[0]["status"], "duplicate");
    assert_eq!(
        db.text("SELECT CAST(answers AS TEXT) FROM submissions", &[])
            .await,
        "[]"
    );
    let twice = app
        .post_form("/receipt/withdraw/confirm", None, &code)
        .await;
    assert_eq!(twice.status(), StatusCode::OK);
    assert_eq!(
        db.number(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'submission.withdrawn'",
            &[]
        )
        .await,
        1
    );
}

async fn wrong_codes_get_a_kind_answer_and_guessing_is_stopped(backend: Backend) {
    let app = spawn_on(backend).await;
    let id = new_id();
    let sent = app.send(vec![submission(&id, "Hello")]).await;
    let receipt = sent[0]["receipt"].as_str().expect("receipt").to_string();

    // The lookup form takes any case, with or without the dash, and answers with the page itself.
    let typed = receipt.replace('-', "").to_lowercase();
    let go = app
        .post_form("/receipt", None, &[("code", typed.as_str())])
        .await;
    assert_eq!(go.status(), StatusCode::OK);
    assert!(go.text().await.expect("html").contains("Hello"));
    let junk = app
        .post_form("/receipt", None, &[("code", "not a code")])
        .await;
    assert_eq!(location(junk.headers()), "/receipt?error=code");
    let form = app
        .get_as("/receipt?error=code", None)
        .await
        .text()
        .await
        .expect("html");
    assert!(form.contains("That does not look like a receipt code."));

    // A wrong code: a 404 with a kind message, and nothing else.
    let wrong = app.get_as("/receipt/ABCD-2345", None).await;
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    assert!(wrong
        .text()
        .await
        .expect("html")
        .contains("Check each letter and number"));
    let wrong_withdraw = app
        .post_form("/receipt/withdraw/confirm", None, &[("code", "ABCD-2346")])
        .await;
    assert_eq!(wrong_withdraw.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.stored(&id).await, 1);

    // Guessing: after MAX_MISSES wrong codes this client must wait, even for a right code.
    let misses = server::http::receipts::MAX_MISSES as usize;
    for i in 2..misses {
        let res = app
            .get_as(&format!("/receipt/ABCD-{}", 2345 + i), None)
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "miss {i}");
    }
    let blocked = app.get_as(&format!("/receipt/{receipt}"), None).await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers().contains_key("retry-after"));
    assert!(blocked.text().await.expect("html").contains("Please wait"));
    let fn_blocked = app
        .post_form("/api/fn/receipt", None, &[("code", receipt.as_str())])
        .await;
    assert_eq!(fn_blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    let withdraw_blocked = app
        .post_form("/receipt/withdraw/confirm", None, &[("code", &receipt)])
        .await;
    assert_eq!(withdraw_blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.db
            .text("SELECT CAST(answers AS TEXT) FROM submissions", &[])
            .await
            .contains("Hello"),
        true,
        "nothing withdrawn while blocked"
    );
    // Everything else still works for this client.
    assert_eq!(app.get_as("/", None).await.status(), StatusCode::OK);
    assert_eq!(
        app.send(vec![submission(&new_id(), "Still here")]).await[0]["status"],
        "accepted"
    );
}
