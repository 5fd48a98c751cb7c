//! Conversations in several languages (issue 18), on SQLite and PostgreSQL: staff translate parts and
//! see what is missing; participants read their language with the rest marked in the conversation's
//! own; answers given in Polish and English count together by choice id; each submission keeps the
//! language it was written in, and the inbox, export and reports show it.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;

on_both_backends!(
    answers_in_two_languages_count_together_and_keep_their_language,
    a_translation_is_checked_and_the_editor_says_what_is_missing,
    a_published_action_is_read_in_the_readers_language,
    a_reach_question_is_read_in_the_readers_language_and_sent_as_counted,
);

async fn post(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> String {
    let res = app.post_form(path, Some(cookie), form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path} {form:?}");
    location(res.headers())
}

async fn html(app: &TestApp, path: &str, cookie: Option<&str>) -> String {
    let res = app.get_as(path, cookie).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.expect("html")
}

/// "Food bank": a choice question (Every week / Sometimes) and a text question, open, with a Polish
/// title, first question and first choice, and nothing else translated.
async fn food_bank(app: &TestApp, cookie: &str) -> &'static str {
    let page = "/conversations/food-bank";
    post(app, cookie, "/conversations", &[("title", "Food bank")]).await;
    let questions = format!("{page}/questions");
    post(
        app,
        cookie,
        &questions,
        &[
            ("prompt", "How often do you come?"),
            ("kind", "choice"),
            ("choices", "Every week\nSometimes"),
        ],
    )
    .await;
    post(
        app,
        cookie,
        &questions,
        &[("prompt", "What should change?"), ("kind", "text")],
    )
    .await;
    let to = post(
        app,
        cookie,
        &format!("{page}/translate/pl"),
        &[
            ("title", " Bank żywności "),
            ("q.q1", "Jak często przychodzisz?"),
            ("c.q1.c1", "Co tydzień"),
            ("c.q1.c2", "  "),
        ],
    )
    .await;
    assert_eq!(to, format!("{page}/translate/pl?done=translation_saved"));
    post(app, cookie, &format!("{page}/open"), &[]).await;
    "food-bank"
}

fn choice(id: &str, value: &str, lang: Option<&str>) -> serde_json::Value {
    let mut s = json!({
        "id": id,
        "conversation_id": "food-bank",
        "created_at": "2026-12-01T10:00:00Z",
        "channel": "own_device",
        "answers": [{ "question_id": "q1", "choice": value }],
        "consent": { "quote": false, "board": true, "updates": false }
    });
    if let Some(lang) = lang {
        s["lang"] = json!(lang);
    }
    s
}

/// The page's first-level heading, with its attributes.
fn heading(page: &str) -> &str {
    let start = page.find("<h1").expect("a heading");
    let end = start + page[start..].find("</h1>").expect("its end");
    &page[start..end]
}

/// The text just before `words` in `page`: where its element's attributes are.
fn before<'a>(page: &'a str, words: &str) -> &'a str {
    let at = page
        .find(words)
        .unwrap_or_else(|| panic!("{words} is on the page"));
    &page[at.saturating_sub(60)..at]
}

async fn answers_in_two_languages_count_together_and_keep_their_language(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let id = food_bank(&app, &admin).await;

    // A Polish reader: Polish where translated; English, marked as English, where not.
    let polish = html(&app, &format!("/pl/c/{id}/answer"), None).await;
    assert_eq!(heading(&polish), "<h1>Bank żywności<!>");
    assert!(!before(&polish, ">Co tydzień<").contains("lang="));
    assert!(before(&polish, ">Sometimes<").contains(r#"lang="en" dir="ltr""#));
    assert!(before(&polish, ">What should change?<").contains(r#"lang="en""#));
    // The choice's id is what the form sends, in every language.
    assert!(
        before(&polish, ">Co tydzień<").contains("value=\"c1\"")
            || polish.contains(r#"value="c1""#)
    );
    let arabic = html(&app, &format!("/ar/c/{id}"), None).await;
    assert!(heading(&arabic).contains(r#"lang="en" dir="ltr""#));
    assert!(heading(&arabic).contains("Food bank"));
    let english = html(&app, &format!("/c/{id}/answer"), None).await;
    assert!(!before(&english, ">Every week<").contains("lang="));
    assert!(!english.contains("Co tydzień"));

    // Picked by id, by its Polish words and by its English words: one choice.
    let (a, b, c) = (new_id(), new_id(), new_id());
    let results = app
        .send(vec![
            choice(&a, "c1", Some("pl")),
            choice(&b, "Co tydzień", Some("pl")),
            choice(&c, "Every week", None),
            choice(&new_id(), "c1", Some("xx")),
            choice(&new_id(), "Nigdy", Some("pl")),
        ])
        .await;
    let statuses: Vec<&str> = results
        .iter()
        .map(|r| r["status"].as_str().expect("status"))
        .collect();
    assert_eq!(
        statuses,
        ["accepted", "accepted", "accepted", "rejected", "rejected"]
    );
    assert_eq!(results[3]["error"]["code"], "invalid");
    assert_eq!(results[4]["error"]["code"], "invalid_answer");
    // The no-JavaScript form on a Polish page records Polish too.
    let form = [
        ("id", new_id()),
        ("conversation_id", id.to_string()),
        ("a.q1", "c2".to_string()),
        ("consent", "board".to_string()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sent = app.post_form("/pl/send", None, &form).await;
    assert_eq!(sent.status(), StatusCode::OK);
    let stored = app
        .db
        .number(
            "SELECT COUNT(*) FROM submissions
             WHERE CAST(answers AS TEXT) LIKE '%\"c1\"%' OR CAST(answers AS TEXT) LIKE '%\"c2\"%'",
            &[],
        )
        .await;
    assert_eq!(stored, 4, "every answer is kept as the choice's id");

    // The inbox: filter by language; every answer shows the choice's words by its id.
    let all = html(&app, &format!("/inbox?conversation={id}"), Some(&admin)).await;
    assert_eq!(all.matches(r#"class="inbox-item""#).count(), 4);
    assert_eq!(all.matches(">Every week<").count(), 3);
    assert_eq!(all.matches(">Sometimes<").count(), 1);
    let pl = html(
        &app,
        &format!("/inbox?conversation={id}&lang=pl"),
        Some(&admin),
    )
    .await;
    assert_eq!(pl.matches(r#"class="inbox-item""#).count(), 3);
    // Three rows say Polish, and so does the chosen filter.
    assert_eq!(pl.matches(">Polish<").count(), 4);
    let ar = html(
        &app,
        &format!("/inbox?conversation={id}&lang=ar"),
        Some(&admin),
    )
    .await;
    assert_eq!(ar.matches(r#"class="inbox-item""#).count(), 0);

    // Rewording a choice after answers keeps them counting under the new words.
    let to = post(
        &app,
        &admin,
        &format!("/conversations/{id}/questions/q1"),
        &[
            ("prompt", "How often do you come?"),
            ("kind", "choice"),
            ("choices", "Weekly\nSometimes\nRarely"),
        ],
    )
    .await;
    assert_eq!(to, format!("/conversations/{id}?done=question_saved"));
    let all = html(&app, &format!("/inbox?conversation={id}"), Some(&admin)).await;
    assert_eq!(all.matches(">Weekly<").count(), 3);

    // The export names the language; reports count by it.
    let csv = html(&app, "/export/submissions.csv", Some(&admin)).await;
    assert!(csv.starts_with("received_at,conversation,channel,place,language,id,"));
    assert_eq!(csv.matches(",pl,").count(), 3, "{csv}");
    assert_eq!(csv.matches("How often do you come?: Weekly").count(), 3);
    let report = html(&app, "/reports", Some(&admin)).await;
    assert!(report.contains("By language"));
    assert!(report.contains("Polish"));
    assert!(report.contains("Not recorded"));
}

async fn a_translation_is_checked_and_the_editor_says_what_is_missing(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let id = food_bank(&app, &admin).await;
    let page = format!("/conversations/{id}");

    let editor = html(&app, &page, Some(&admin)).await;
    assert!(editor.contains("Languages"));
    assert!(
        editor.contains(
            "2 of 5 parts are not translated yet: Question 1, choice “Sometimes”, Question 2."
        ),
        "{editor}"
    );
    assert!(
        editor.contains("5 of 5 parts are not translated yet"),
        "Arabic: nothing yet"
    );
    assert!(editor.contains(&format!(r#"href="{page}/translate/ar""#)));

    // The translate page: each part with its English words, the Polish already written.
    let translate = html(&app, &format!("{page}/translate/pl"), Some(&admin)).await;
    assert!(translate.contains("Question 1, choice “Sometimes” in Polish"));
    assert!(translate.contains(r#"value="Co tydzień""#));
    assert!(translate.contains("Save the Polish translation"));

    // The English question is reworded: its Polish is out of date. The editor says so, and Polish
    // readers get the new English question (marked) rather than the old one in Polish.
    let reword = [
        ("prompt", "How often do you visit?"),
        ("kind", "choice"),
        ("choices", "Every week\nSometimes"),
    ];
    post(&app, &admin, &format!("{page}/questions/q1"), &reword).await;
    let editor = html(&app, &page, Some(&admin)).await;
    assert!(
        editor.contains("Question 1 (changed since it was translated)"),
        "{editor}"
    );
    let translate = html(&app, &format!("{page}/translate/pl"), Some(&admin)).await;
    assert!(translate.contains("Changed since it was translated: check the Polish, then save."));
    let polish = html(&app, &format!("/pl/c/{id}/answer"), None).await;
    assert!(!polish.contains("Jak często przychodzisz?"));
    assert!(before(&polish, ">How often do you visit?<").contains(r#"lang="en""#));
    assert!(polish.contains(">Co tydzień<"), "the choice did not change");

    // Too long, or a language Cairn does not have: refused with a reason, nothing changed.
    let long = "x".repeat(121);
    let to = post(
        &app,
        &admin,
        &format!("{page}/translate/pl"),
        &[("title", long.as_str())],
    )
    .await;
    assert_eq!(to, format!("{page}/translate/pl?error=translation"));
    let to = post(
        &app,
        &admin,
        &format!("{page}/translate/xx"),
        &[("title", "T")],
    )
    .await;
    assert!(to.ends_with("error=language"), "{to}");
    let to = post(&app, &admin, &format!("{page}/language"), &[("lang", "de")]).await;
    assert_eq!(to, format!("{page}?error=language"));
    let polish = html(&app, &format!("/pl/c/{id}"), None).await;
    assert!(heading(&polish).contains(">Bank żywności<"));

    // Written in Polish now: the English words are its Polish ones, and English is what is missing.
    let to = post(&app, &admin, &format!("{page}/language"), &[("lang", "pl")]).await;
    assert_eq!(to, format!("{page}?done=language_saved"));
    let editor = html(&app, &page, Some(&admin)).await;
    assert!(
        editor.contains(r#"<option value="pl" selected"#),
        "{editor}"
    );
    let english = html(&app, &format!("/c/{id}"), None).await;
    assert!(heading(&english).contains(r#"lang="pl""#));
    // Emptying every box takes the translation away.
    let to = post(
        &app,
        &admin,
        &format!("{page}/translate/en"),
        &[("title", "")],
    )
    .await;
    assert!(to.ends_with("done=translation_saved"), "{to}");
}

async fn a_published_action_is_read_in_the_readers_language(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let to = post(&app, &admin, "/actions", &[("title", "Longer hours")]).await;
    let base = to.trim_end_matches("?done=created").to_string();
    let fields = [
        ("title", "Longer hours"),
        ("heard", "You said Friday closes too early."),
        ("doing", "We open until 8 on Fridays."),
        ("status", "in_progress"),
    ];
    assert!(post(&app, &admin, &base, &fields)
        .await
        .ends_with("done=saved"));
    let update = [("body", "We start in May.")];
    post(&app, &admin, &format!("{base}/updates"), &update).await;
    post(&app, &admin, &format!("{base}/publish"), &[]).await;

    let editor = html(&app, &base, Some(&admin)).await;
    assert!(
        editor.contains("4 of 4 parts are not translated yet: Title, What we heard, What we are doing, Update of"),
        "{editor}"
    );
    // The update's box is named by the update's id, so its translation stays with it.
    let translate = html(&app, &format!("{base}/translate/pl"), Some(&admin)).await;
    let at = translate.find(r#"name="u."#).expect("an update box") + 6;
    let key: String = translate[at..].chars().take_while(|c| *c != '"').collect();
    assert!(
        key.starts_with("u.") && key[2..].parse::<i64>().is_ok(),
        "{key}"
    );
    let to = post(
        &app,
        &admin,
        &format!("{base}/translate/pl"),
        &[
            ("title", "Dłuższe godziny"),
            ("doing", "W piątki jesteśmy otwarci do 20."),
            (key.as_str(), "Zaczynamy w maju."),
        ],
    )
    .await;
    assert_eq!(to, format!("{base}/translate/pl?done=translation_saved"));
    let editor = html(&app, &base, Some(&admin)).await;
    assert!(editor.contains("1 of 4 parts are not translated yet: What we heard."));

    let polish = html(&app, "/pl/you-said-we-did", None).await;
    assert!(polish.contains(">Dłuższe godziny<"), "{polish}");
    assert!(polish.contains(">W piątki jesteśmy otwarci do 20.<"));
    assert!(polish.contains(">Zaczynamy w maju.<"));
    assert!(before(&polish, ">You said Friday closes too early.<").contains(r#"lang="en""#));
    assert!(!before(&polish, ">Dłuższe godziny<").contains("lang="));
    let english = html(&app, "/you-said-we-did", None).await;
    assert!(english.contains(">Longer hours<") && !english.contains("Dłuższe"));

    // Too long, or not a language Cairn has: refused with a reason.
    let long = "x".repeat(121);
    let to = post(
        &app,
        &admin,
        &format!("{base}/translate/pl"),
        &[("title", long.as_str())],
    )
    .await;
    assert_eq!(to, format!("{base}/translate/pl?error=translation"));
    let to = post(&app, &admin, &format!("{base}/language"), &[("lang", "xx")]).await;
    assert_eq!(to, format!("{base}?error=language"));
    // Written in Polish: the English page now marks its words as Polish.
    let to = post(&app, &admin, &format!("{base}/language"), &[("lang", "pl")]).await;
    assert_eq!(to, format!("{base}?done=language_saved"));
    let english = html(&app, "/you-said-we-did", None).await;
    assert!(before(&english, ">Longer hours<").contains(r#"lang="pl""#));
    // Only coordinators translate.
    let res = app
        .post_form(&format!("{base}/translate/ar"), None, &[("title", "T")])
        .await;
    assert!(location(res.headers()).starts_with("/signin?next="));
}

async fn a_reach_question_is_read_in_the_readers_language_and_sent_as_counted(backend: Backend) {
    let app = spawn_on(backend).await;
    let admin = app.first_admin().await;
    let form = [
        ("prompt", "How old are you?"),
        ("choices", "Under 25\n25 or over"),
    ];
    assert_eq!(
        post(&app, &admin, "/reach", &form).await,
        "/reach?done=added"
    );
    let page = html(&app, "/reach", Some(&admin)).await;
    assert!(page.contains("Translate “How old are you?” into Polish"));
    assert!(page.contains("3 of 3 parts are not translated yet"));
    let at = page.find("/translate/pl").expect("a translate link");
    let start = page[..at].rfind("/reach/").expect("its question") + "/reach/".len();
    let id = &page[start..at];
    assert!(id.parse::<i64>().is_ok(), "{id}");
    let to = post(
        &app,
        &admin,
        &format!("/reach/{id}/translate/pl"),
        &[("prompt", "Ile masz lat?"), ("c.1", "Poniżej 25")],
    )
    .await;
    assert_eq!(
        to,
        format!("/reach/{id}/translate/pl?done=translation_saved")
    );
    let to = post(
        &app,
        &admin,
        &format!("/reach/{id}/translate/pl"),
        &[("c.2", "x".repeat(81).as_str())],
    )
    .await;
    assert_eq!(to, format!("/reach/{id}/translate/pl?error=translation"));

    // Polish words to read; the value sent is still the words that are counted.
    let polish = html(&app, "/pl/c/tell-us-anything/answer", None).await;
    assert!(polish.contains(">Ile masz lat?<"), "{polish}");
    let label = before(&polish, ">Poniżej 25<");
    assert!(!label.contains("lang="));
    assert!(polish.contains(r#"value="Under 25""#));
    assert!(before(&polish, ">25 or over<").contains(r#"lang="en""#));
    let results = app
        .send(vec![json!({
            "id": new_id(),
            "conversation_id": "tell-us-anything",
            "created_at": "2026-12-01T10:00:00Z",
            "channel": "own_device",
            "answers": [{ "question_id": "say", "text": "Hello" }],
            "reach": { id: "Under 25" },
            "lang": "pl"
        })])
        .await;
    assert_eq!(results[0]["status"], "accepted");
    let counted = app
        .db
        .number(
            "SELECT COUNT(*) FROM reach_counts WHERE choice = 'Under 25' AND n = 1",
            &[],
        )
        .await;
    assert_eq!(counted, 1);
}
