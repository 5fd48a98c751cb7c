//! Drives the pure `sync::outbox` state machine: loads it from local storage, posts batches to the v1
//! API, records the answers, saves it back, and sets a timer for the next retry.
//!
//! The outbox is re-read from storage after every request, so a second tab's changes are not
//! overwritten; if two tabs send the same item, the server's per-id idempotency keeps one copy.

use super::now_ms;
use crate::sync::outbox::Outbox;
use crate::sync::wire::{BatchResult, WireSubmission};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use std::cell::Cell;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub use crate::share::OutboxView;

const KEY: &str = "cairn.outbox.v1";
const API: &str = "/api/v1/submissions";
const TIMEOUT_MS: u64 = 20_000;

thread_local! {
    static IN_FLIGHT: Cell<bool> = const { Cell::new(false) };
    static TIMER: Cell<u64> = const { Cell::new(0) };
}

fn load() -> Outbox {
    LocalStorage::get(KEY).unwrap_or_default()
}

fn save(o: &Outbox) -> Result<(), ()> {
    LocalStorage::set(KEY, o).map_err(|_| ())
}

pub fn view() -> OutboxView {
    OutboxView::of(&load(), IN_FLIGHT.with(Cell::get))
}

/// Loads the outbox, changes it, saves it; `Err` when this device cannot store it.
fn update(change: impl FnOnce(&mut Outbox)) -> Result<(), ()> {
    let mut o = load();
    change(&mut o);
    save(&o)
}

/// Queues a submission; `Err` when this device cannot store it.
pub fn enqueue(submission: WireSubmission, title: String) -> Result<(), ()> {
    update(|o| {
        o.add(submission, title, now_ms());
    })
}

pub fn make_all_due() {
    let _ = update(|o| o.make_all_due(now_ms()));
}

pub fn dismiss_sent() {
    let _ = update(Outbox::dismiss_sent);
}

pub fn dismiss_rejected() {
    let _ = update(Outbox::dismiss_rejected);
}

/// Sends whatever is due, then updates `state` and schedules the next try.
pub fn kick(state: RwSignal<OutboxView>) {
    if IN_FLIGHT.with(Cell::get) {
        return;
    }
    IN_FLIGHT.with(|f| f.set(true));
    state.set(view());
    leptos::task::spawn_local(async move {
        send_due().await;
        IN_FLIGHT.with(|f| f.set(false));
        state.set(view());
        schedule(state);
    });
}

async fn send_due() {
    loop {
        let batch = load().next_batch(now_ms());
        if batch.is_empty() {
            return;
        }
        let ids: Vec<String> = batch.iter().map(|s| s.id.clone()).collect();
        let answer = post(&batch).await;
        let mut o = load();
        let failed = answer.is_err();
        match answer {
            Ok(results) => {
                o.record_results(&ids, &results.results, now_ms(), js_sys::Math::random())
            }
            Err(()) => o.record_failure(&ids, now_ms(), js_sys::Math::random()),
        }
        if save(&o).is_err() || failed {
            return;
        }
    }
}

/// One timer at a time: a newer schedule makes older timers do nothing.
fn schedule(state: RwSignal<OutboxView>) {
    let Some(due) = load().next_due_ms() else {
        return;
    };
    let generation = TIMER.with(|t| {
        t.set(t.get() + 1);
        t.get()
    });
    let wait = (due - now_ms()).max(0.0) as u64 + 50;
    set_timeout(
        move || {
            if TIMER.with(Cell::get) == generation {
                kick(state);
            }
        },
        Duration::from_millis(wait),
    );
}

async fn post(batch: &[WireSubmission]) -> Result<BatchResult, ()> {
    let window = web_sys::window().ok_or(())?;
    let body =
        serde_json::to_string(&serde_json::json!({ "submissions": batch })).map_err(|_| ())?;
    let controller = web_sys::AbortController::new().map_err(|_| ())?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&wasm_bindgen::JsValue::from_str(&body));
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    init.set_signal(Some(&controller.signal()));
    let request = web_sys::Request::new_with_str_and_init(API, &init).map_err(|_| ())?;
    request
        .headers()
        .set("Content-Type", "application/json")
        .map_err(|_| ())?;
    // A request that hangs on a bad connection must not block the outbox forever.
    set_timeout(
        move || controller.abort(),
        Duration::from_millis(TIMEOUT_MS),
    );
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ())?
        .dyn_into()
        .map_err(|_| ())?;
    if !response.ok() {
        return Err(());
    }
    let text = JsFuture::from(response.text().map_err(|_| ())?)
        .await
        .map_err(|_| ())?;
    serde_json::from_str(&text.as_string().ok_or(())?).map_err(|_| ())
}
