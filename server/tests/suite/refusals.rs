//! Who may use the reach, retention, report and field routes and the server functions behind their
//! pages, what a refused call gets (and that it changes nothing), and inbox paging over HTTP.

use crate::common::*;
use reqwest::StatusCode;

on_both_backends!(
    reach_questions_and_their_export_are_for_coordinators,
    the_server_functions_behind_staff_pages_check_their_role,
    the_inbox_pages_through_everything_once,
);

on_shared_runtime!(
    retention_is_for_admins_only,
    an_id_with_a_newline_or_a_report_date_at_the_end_of_time_is_never_a_500,
);

/// Staff, a coordinator and an admin, each signed in; in that order.
async fn people(app: &TestApp) -> (String, String, String) {
    let admin = app.first_admin().await;
    let staff = app.account(&admin, "staff@example.org", "staff").await;
    let coordinator = app
        .account(&admin, "coordinator@example.org", "coordinator")
        .await;
    (staff, coordinator, admin)
}

async fn audit_count(app: &TestApp) -> i64 {
    app.db.number("SELECT COUNT(*) FROM audit_log", &[]).await
}

async fn reach_questions_and_their_export_are_for_coordinators(backend: Backend) {
    let app = spawn_on(backend).await;
    let (staff, coordinator, _) = people(&app).await;
    let add = [
        ("prompt", "How old are you?"),
        ("choices", "Under 25\n25 to 64\n65 or over"),
        ("population", ""),
    ];

    // The page.
    let anonymous = app.get_as("/reach", None).await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert!(location(anonymous.headers()).starts_with("/signin?next="));
    assert_eq!(
        app.get_as("/reach", Some(&staff)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_as("/reach", Some(&coordinator)).await.status(),
        StatusCode::OK
    );

    // Adding: refused for strangers and staff, and nothing is added or audited.
    let before = audit_count(&app).await;
    let res = app.post_form("/reach", None, &add).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(res.headers()).starts_with("/signin?next="));
    let res = app.post_form("/reach", Some(&staff), &add).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.db
            .number("SELECT COUNT(*) FROM reach_questions", &[])
            .await,
        0
    );
    assert_eq!(audit_count(&app).await, before);
    let res = app.post_form("/reach", Some(&coordinator), &add).await;
    assert_eq!(location(res.headers()), "/reach?done=added");
    let id = app
        .db
        .number("SELECT MAX(id) FROM reach_questions", &[])
        .await
        .to_string();

    // Population figures and removal: the same rule.
    let population = format!("/reach/{id}/population");
    let remove = format!("/reach/{id}/remove");
    let figures = [("population", "20\n60\n20")];
    for (path, form) in [(&population, &figures[..]), (&remove, &[][..])] {
        let res = app.post_form(path, None, form).await;
        assert!(
            location(res.headers()).starts_with("/signin?next="),
            "{path}"
        );
        let res = app.post_form(path, Some(&staff), form).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let questions = || app.db.number("SELECT COUNT(*) FROM reach_questions", &[]);
    assert_eq!(questions().await, 1, "staff cannot remove it");
    let res = app
        .post_form(&population, Some(&coordinator), &figures)
        .await;
    assert!(location(res.headers()).contains("done="), "{res:?}");

    // The reach CSV: strangers are sent to sign in, staff refused, coordinators get it, audited.
    let res = app.get_as("/export/reach.csv", None).await;
    assert!(
        res.status() == StatusCode::SEE_OTHER || res.status() == StatusCode::FOUND,
        "{res:?}"
    );
    assert!(location(res.headers()).starts_with("/signin?next="));
    let res = app.get_as("/export/reach.csv", Some(&staff)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(!res.text().await.expect("body").contains("How old"));
    let exports = || {
        app.db.number(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'export.reach'",
            &[],
        )
    };
    assert_eq!(exports().await, 0, "refused exports are not exports");
    let res = app.get_as("/export/reach.csv", Some(&coordinator)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.expect("csv").contains("How old are you?"));
    assert_eq!(exports().await, 1);

    let res = app.post_form(&remove, Some(&coordinator), &[]).await;
    assert!(location(res.headers()).contains("done="), "{res:?}");
    assert_eq!(questions().await, 0);
}

async fn retention_is_for_admins_only() {
    let app = spawn_app().await;
    let (staff, coordinator, admin) = people(&app).await;
    let anonymous = app.get_as("/retention", None).await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert!(location(anonymous.headers()).starts_with("/signin?next="));
    for (role, cookie) in [("staff", &staff), ("coordinator", &coordinator)] {
        let page = app.get_as("/retention", Some(cookie)).await;
        assert_eq!(page.status(), StatusCode::FORBIDDEN, "{role}");
        let res = app
            .post_form("/retention", Some(cookie), &[("days", "30")])
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{role}");
    }
    let res = app.post_form("/retention", None, &[("days", "30")]).await;
    assert!(location(res.headers()).starts_with("/signin?next="));
    assert_eq!(
        app.db
            .number(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'retention.set'",
                &[]
            )
            .await,
        0,
        "no refused call set a rule"
    );
    assert_eq!(
        app.get_as("/retention", Some(&admin)).await.status(),
        StatusCode::OK
    );
}

async fn the_server_functions_behind_staff_pages_check_their_role(backend: Backend) {
    let app = spawn_on(backend).await;
    let (staff, coordinator, admin) = people(&app).await;
    let report = [
        ("query[from]", ""),
        ("query[to]", ""),
        ("query[conversation]", ""),
        ("board", "false"),
    ];
    // (server function, its arguments, the lowest role that may call it)
    let calls: [(&str, &[(&str, &str)], u8); 4] = [
        ("retention", &[], 3),
        ("reach", &[], 2),
        ("report", &report, 2),
        ("field", &[], 1),
    ];
    for (endpoint, form, lowest) in calls {
        let path = format!("/api/fn/{endpoint}");
        let res = app.post_form(&path, None, form).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path} anonymous");
        for (rank, role, cookie) in [
            (1, "staff", &staff),
            (2, "coordinator", &coordinator),
            (3, "admin", &admin),
        ] {
            let res = app.post_form(&path, Some(cookie), form).await;
            let status = res.status();
            let body = res.text().await.expect("body");
            if rank >= lowest {
                assert_eq!(status, StatusCode::OK, "{path} as {role}: {body}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{path} as {role}: {body}");
            }
        }
    }
}

async fn the_inbox_pages_through_everything_once(backend: Backend) {
    let app = spawn_on(backend).await;
    let (_, coordinator, _) = people(&app).await;
    let mut ids = Vec::new();
    for n in 0..57 {
        let id = new_id();
        app.send(vec![submission(&id, &format!("Paged answer number {n}"))])
            .await;
        ids.push(id);
    }
    let mut seen = Vec::new();
    let mut page = "/inbox".to_string();
    let mut pages = 0;
    loop {
        pages += 1;
        let res = app.get_as(&page, Some(&coordinator)).await;
        assert_eq!(res.status(), StatusCode::OK, "{page}");
        let html = res.text().await.expect("html");
        let here: Vec<usize> = (0..57)
            .filter(|n| html.contains(&format!("Paged answer number {n}<")))
            .collect();
        assert!(here.len() <= 50, "{} on one page", here.len());
        seen.extend(here);
        let Some(at) = html.find("\">Older submissions<") else {
            break;
        };
        let start = html[..at].rfind("href=\"").expect("link") + 6;
        page = html[start..at].replace("&amp;", "&");
        assert!(pages < 5, "paging does not end");
    }
    assert_eq!(pages, 2);
    seen.sort_unstable();
    assert_eq!(
        seen,
        (0..57).collect::<Vec<_>>(),
        "every answer once, none twice"
    );
}

/// Found by the property tests: axum decodes `%0A` in a path id into a newline, which used to go
/// straight into the Location header of the redirect back (a 500); and a report date chrono reads but
/// cannot count 90 days back from used to panic.
async fn an_id_with_a_newline_or_a_report_date_at_the_end_of_time_is_never_a_500() {
    let app = spawn_app().await;
    let (_, coordinator, _) = people(&app).await;
    let res = app
        .post_form("/inbox/%0A%C3%A9/status", None, &[("status", "hidden")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Not a page a person could come back to (a newline in its path): back to the inbox instead.
    assert_eq!(location(res.headers()), "/signin?next=/inbox");
    let res = app
        .post_form(
            "/inbox/%0A/status",
            Some(&coordinator),
            &[("status", "hidden")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(res.headers()), "/inbox/%0A?error=gone");
    let res = app
        .get_as("/reports?to=-262143-01-01", Some(&coordinator))
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let res = app
        .post_form(
            "/signin",
            None,
            &[
                ("email", "coordinator@example.org"),
                ("password", PASSWORD),
                ("next", "/reports\nX: y"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A next= with a newline is no page here: the inbox, never a second header.
    assert_eq!(location(res.headers()), "/inbox");
}
