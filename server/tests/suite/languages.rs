//! Participants read Cairn in English, Polish or Arabic: the address names the language, a first visit
//! follows the browser, a choice is remembered on the device, and the no-JavaScript path keeps the
//! language through its posts. Against the real server.

use crate::common::*;
use reqwest::header::{ACCEPT_LANGUAGE, SET_COOKIE, VARY};

on_shared_runtime!(
    pages_speak_the_language_of_their_address,
    a_first_visit_follows_the_browser_and_a_choice_is_remembered,
    the_form_without_javascript_answers_in_its_language,
    receipts_and_problems_in_each_language,
    the_please_wait_page_speaks_the_language_and_keeps_the_ways_out,
);

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = app.client.get(app.url(path)).header("accept", "text/html");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.expect("get")
}

async fn pages_speak_the_language_of_their_address() {
    let app = spawn_app().await;
    let home = app.get_as("/pl/", None).await;
    assert_eq!(home.status(), 200);
    let home = home.text().await.unwrap();
    assert!(home.contains(r#"<html lang="pl" dir="ltr""#), "{home}");
    assert!(home.contains("Powiedz, co myślisz"));
    assert!(home.contains(r#"href="/pl/c/tell-us-anything""#));
    assert!(home.contains(r#"href="/pl/receipt""#));
    // The chooser: this page in each language, each named in itself.
    assert!(
        home.contains(r#"<a href="/en/" lang="en" hreflang="en">English"#),
        "{home}"
    );
    assert!(home.contains(r#"lang="pl" hreflang="pl" aria-current="page">Polski"#));
    assert!(home.contains(r#"<a href="/ar/" lang="ar" hreflang="ar">العربية"#));
    // An island carries only its page's language, and no staff words.
    assert!(!home.contains("Sending…") && !home.contains("entries waiting"));
    assert!(home.contains("Wyjdź z tej strony"));
    assert!(!home.contains("Have your say"));

    let about = app.get_as("/ar/c/tell-us-anything", None).await;
    assert_eq!(about.status(), 200);
    let about = about.text().await.unwrap();
    assert!(about.contains(r#"<html lang="ar" dir="rtl""#));
    assert!(about.contains("لماذا نسأل"));
    assert!(about.contains(r#"href="/ar/c/tell-us-anything/answer""#));

    let form = app.get_as("/ar/c/tell-us-anything/answer", None).await;
    assert_eq!(form.status(), 200);
    let form = form.text().await.unwrap();
    assert!(form.contains(r#"action="/ar/send""#));
    assert!(form.contains(">أرسل<"));
    assert!(form.contains("غير راضٍ أبدًا"));
    // The island carries its words in Arabic only.
    assert!(!form.contains("Very unhappy") && !form.contains("Bardzo źle"));

    // English keeps its old addresses.
    let english = app.get_as("/c/tell-us-anything", None).await;
    assert_eq!(english.status(), 200);
    let english = english.text().await.unwrap();
    assert!(english.contains(r#"<html lang="en" dir="ltr""#));
    assert!(english.contains("Why we are asking"));
    for path in [
        "/",
        "/receipt",
        "/you-said-we-did",
        "/c/tell-us-anything/answer",
    ] {
        assert_eq!(app.get_as(path, None).await.status(), 200, "{path}");
    }
    for path in ["/pl/receipt", "/ar/you-said-we-did", "/pl"] {
        assert_eq!(app.get_as(path, None).await.status(), 200, "{path}");
    }
    // Staff pages have one address, in English.
    let res = app.get_as("/pl/signin?next=%2Finbox", None).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(res.headers()), "/signin?next=%2Finbox");
}

async fn a_first_visit_follows_the_browser_and_a_choice_is_remembered() {
    let app = spawn_app().await;
    // A Polish browser asking for the plain address is sent to the Polish page.
    let res = get_with(&app, "/", &[("accept-language", "pl-PL,pl;q=0.9,en;q=0.8")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(res.headers()), "/pl/");
    assert!(res.headers()[VARY]
        .to_str()
        .unwrap()
        .contains("Accept-Language"));
    let res = get_with(
        &app,
        "/c/tell-us-anything?x=1",
        &[("accept-language", "ar")],
    )
    .await;
    assert_eq!(location(res.headers()), "/ar/c/tell-us-anything?x=1");
    // A language Cairn does not have: English, where it is.
    let res = get_with(&app, "/", &[("accept-language", "fr-FR, de;q=0.5")]).await;
    assert_eq!(res.status(), 200);
    // Staff pages are English and stay put.
    let res = get_with(&app, "/signin", &[("accept-language", "pl")]).await;
    assert_eq!(res.status(), 200);

    // Opening a page in a language remembers it on the device.
    let res = app.get_as("/ar/", None).await;
    let cookie = res.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("cairn_lang=ar;"), "{cookie}");
    assert!(cookie.contains("Max-Age=") && cookie.contains("SameSite=Lax"));
    let res = get_with(&app, "/receipt", &[("cookie", "cairn_lang=ar")]).await;
    assert_eq!(location(res.headers()), "/ar/receipt");
    // Visiting again in the same language sets nothing new.
    let res = get_with(&app, "/ar/", &[("cookie", "cairn_lang=ar")]).await;
    assert!(res.headers().get(SET_COOKIE).is_none());

    // Choosing English (the chooser's /en/ link) is remembered too, over the browser's language.
    let res = get_with(
        &app,
        "/en/c/tell-us-anything",
        &[("cookie", "cairn_lang=ar")],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(res.headers()), "/c/tell-us-anything");
    let cookie = res.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("cairn_lang=en;"), "{cookie}");
    let res = get_with(
        &app,
        "/c/tell-us-anything",
        &[
            ("cookie", "cairn_lang=en"),
            (ACCEPT_LANGUAGE.as_str(), "pl"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains(r#"<html lang="en""#));
    // An address can never lead to another site.
    let res = app.get_as("/en//evil.example/x", None).await;
    assert_eq!(location(res.headers()), "/evil.example/x");
    // Nonsense in the cookie or the header is ignored, never an error.
    let res = get_with(
        &app,
        "/",
        &[
            ("cookie", "cairn_lang=xx"),
            ("accept-language", ";;q=,,,pl;q=abc"),
        ],
    )
    .await;
    assert!(
        res.status() == 200 || res.status() == 303,
        "{}",
        res.status()
    );
}

async fn the_form_without_javascript_answers_in_its_language() {
    let app = spawn_app().await;
    let id = new_id();
    let res = app
        .post_form(
            "/ar/send",
            None,
            &[
                ("id", id.as_str()),
                ("conversation_id", "tell-us-anything"),
                ("a.say", "مرحبا، الخدمة جيدة"),
                ("a.feeling", "2"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains(r#"<html lang="ar" dir="rtl""#));
    assert!(page.contains("أُرسلت إجاباتك"));
    assert!(page.contains("مرحبا، الخدمة جيدة"));
    // Numbers Cairn writes on an Arabic page are in Arabic-Indic digits.
    assert!(page.contains("٢ من ٥: غير راضٍ"), "{page}");
    assert!(page.contains(r#"<dd dir="auto""#));
    assert!(page.contains(r#"action="/ar/receipt/withdraw""#));
    assert_eq!(app.stored(&id).await, 1);

    // An empty form goes back to the form in Polish, with the problem named by its code.
    let res = app
        .post_form(
            "/pl/send",
            None,
            &[
                ("id", new_id().as_str()),
                ("conversation_id", "tell-us-anything"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(res.headers()),
        "/pl/c/tell-us-anything/answer?error=empty"
    );
    let page = app
        .get_as("/pl/c/tell-us-anything/answer?error=empty", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Odpowiedz na co najmniej jedno pytanie."),
        "{page}"
    );
    assert!(
        page.contains("<title>Błąd: Pytania: Tell us anything</title>"),
        "{page}"
    );

    // A conversation gone while they wrote: the words come back to them, not lost.
    let res = app
        .post_form(
            "/pl/send",
            None,
            &[
                ("id", new_id().as_str()),
                ("conversation_id", "closed-since"),
                ("a.say", "Moje słowa <b>tu</b>"),
            ],
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let page = res.text().await.unwrap();
    assert!(page.contains("Moje słowa &lt;b&gt;tu&lt;/b&gt;"), "{page}");
    assert!(page.contains("Ta rozmowa jest już zamknięta.") && page.contains("Wyjdź z tej strony"));
}

async fn receipts_and_problems_in_each_language() {
    let app = spawn_app().await;
    let sent = app
        .send(vec![submission(&new_id(), "Words to look up")])
        .await;
    let code = sent[0]["receipt"].as_str().expect("a receipt").to_string();
    let res = app
        .post_form("/pl/receipt", None, &[("code", code.as_str())])
        .await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("Twoje odpowiedzi są wysłane"));
    assert!(page.contains(r#"action="/pl/receipt/withdraw""#));
    // Not a code: back to the Polish form.
    let res = app
        .post_form("/pl/receipt", None, &[("code", "nope")])
        .await;
    assert_eq!(location(res.headers()), "/pl/receipt?error=code");
    // No such code, and no such page, in Arabic.
    let res = app
        .post_form("/ar/receipt", None, &[("code", "ABCD-2345")])
        .await;
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("لم نجد هذا الرمز"));
    let res = app.get_as("/ar/no-such-page", None).await;
    assert_eq!(res.status(), 404);
    let page = res.text().await.unwrap();
    assert!(page.contains("الصفحة غير موجودة") && page.contains(r#"dir="rtl""#));
    // Taking answers back, in Polish.
    let res = app
        .post_form(
            "/pl/receipt/withdraw/confirm",
            None,
            &[("code", code.as_str())],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Twoje odpowiedzi są usunięte"));
}

async fn the_please_wait_page_speaks_the_language_and_keeps_the_ways_out() {
    let app = spawn_app().await;
    let mut last = None;
    for _ in 0..12 {
        let res = app
            .post_form("/pl/receipt", None, &[("code", "ABCD-2345")])
            .await;
        last = Some(res);
    }
    let res = last.expect("a response");
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    let page = res.text().await.unwrap();
    assert!(page.contains(r#"<html lang="pl" dir="ltr">"#), "{page}");
    assert!(
        page.contains("Poczekaj kilka minut") && page.contains("Poczekaj 10 minut."),
        "{page}"
    );
    assert!(page
        .contains(r#"href="https://www.bbc.co.uk/weather" rel="noreferrer">Wyjdź z tej strony"#));
    assert!(page.contains(r#"<a href="/pl/">Wróć na początek</a>"#));
}
