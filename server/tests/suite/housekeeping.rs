//! The daily clean-up on both backends: expired sessions and setup links that can never work again are
//! deleted; live ones stay.

use crate::common::*;
use app::domain::{Email, Role};
use app::store::Store;
use chrono::{Duration, Utc};
use std::sync::Arc;

on_both_backends!(
    expired_sessions_go_and_live_ones_stay,
    setup_links_go_once_an_account_exists_or_after_a_week,
);

async fn open(backend: Backend) -> (Arc<dyn Store>, TestDb) {
    let db = TestDb::new(backend).await;
    let store = server::storage::connect(&db.url, Default::default())
        .await
        .expect("storage opens");
    (store, db)
}

async fn expired_sessions_go_and_live_ones_stay(backend: Backend) {
    let (store, db) = open(backend).await;
    let email = Email::parse("sam@example.org").expect("email");
    let sam = store
        .create_user(&email, "hash", Role::Staff)
        .await
        .expect("user");
    let now = Utc::now();
    for (hash, expires) in [
        ("gone-a", now - Duration::days(3)),
        ("gone-b", now - Duration::seconds(1)),
        ("live", now + Duration::hours(1)),
    ] {
        store
            .create_session(hash, sam.id, expires)
            .await
            .expect("session");
    }

    assert_eq!(store.delete_expired_sessions(now).await.expect("purge"), 2);
    assert_eq!(db.number("SELECT COUNT(*) FROM sessions", &[]).await, 1);
    assert_eq!(
        store.session_user("live", now).await.expect("lookup"),
        Some(sam),
        "a live sign-in still works"
    );
    assert_eq!(store.delete_expired_sessions(now).await.expect("again"), 0);

    // The job itself: what the daily loop and `cairn purge` run.
    let (sessions, _) = server::jobs::housekeeping(store.as_ref())
        .await
        .expect("housekeeping");
    assert_eq!(sessions, 0);
}

async fn setup_links_go_once_an_account_exists_or_after_a_week(backend: Backend) {
    let (store, db) = open(backend).await;
    let week_ago = Utc::now() - Duration::days(server::jobs::SETUP_LINK_DAYS);
    store.add_setup_token("fresh").await.expect("token");
    assert_eq!(
        store
            .delete_spent_setup_links(week_ago)
            .await
            .expect("purge"),
        0,
        "a new link on an install without accounts stays"
    );
    assert_eq!(
        store
            .delete_spent_setup_links(Utc::now() + Duration::minutes(1))
            .await
            .expect("purge"),
        1,
        "a link older than the limit goes"
    );

    store.add_setup_token("unused").await.expect("token");
    store
        .create_user(
            &Email::parse("admin@example.org").expect("email"),
            "hash",
            Role::Admin,
        )
        .await
        .expect("an account made from the command line");
    let (_, links) = server::jobs::housekeeping(store.as_ref())
        .await
        .expect("housekeeping");
    assert_eq!(links, 1, "once an account exists no link can work");
    assert_eq!(db.number("SELECT COUNT(*) FROM setup_tokens", &[]).await, 0);
}
