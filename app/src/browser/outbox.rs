//! Drives the pure `sync::outbox` state machine: loads it from local storage, posts batches to the v1
//! API, records the answers, saves it back, and sets a timer for the next retry. Participants and staff
//! in the field use the same code, each with their own `Queue`.
//!
//! The outbox is re-read from storage after every request, so a second tab's changes are not
//! overwritten. Tabs take turns through a Web Lock per queue, so two tabs sharing an outbox never post
//! the same answers twice (each post costs a participant data); where a browser has no Web Locks, the
//! server's per-id idempotency still keeps one copy.

use super::now_ms;
use crate::sync::outbox::{Outbox, Queue, Sent};
use crate::sync::wire::{BatchResult, SubmissionBatch, WireSubmission};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub use crate::sync::outbox::OutboxView;

const API: &str = "/api/v1/submissions";
const TIMEOUT_MS: u64 = 20_000;

thread_local! {
    static IN_FLIGHT: [Cell<bool>; Queue::COUNT] = const { [Cell::new(false), Cell::new(false)] };
    static TIMER: [Cell<u64>; Queue::COUNT] = const { [Cell::new(0), Cell::new(0)] };
    /// On a shared device, receipts are shown from memory only: never left in storage for the next
    /// person to find.
    static SHOWN: RefCell<Vec<Sent>> = const { RefCell::new(Vec::new()) };
}

fn load(queue: Queue) -> Outbox {
    LocalStorage::get(queue.storage_key()).unwrap_or_default()
}

fn save(queue: Queue, o: &Outbox) -> Result<(), ()> {
    LocalStorage::set(queue.storage_key(), o).map_err(|_| ())
}

fn in_flight(queue: Queue) -> bool {
    IN_FLIGHT.with(|f| f[queue.slot()].get())
}

pub fn view(queue: Queue) -> OutboxView {
    let mut v = OutboxView::of(&load(queue), in_flight(queue));
    if queue == Queue::Participant {
        SHOWN.with(|s| v.sent.extend(s.borrow().iter().cloned()));
    }
    v
}

/// Loads the outbox, changes it, saves it; `Err` when this device cannot store it.
fn update(queue: Queue, change: impl FnOnce(&mut Outbox)) -> Result<(), ()> {
    let mut o = load(queue);
    change(&mut o);
    save(queue, &o)
}

/// Queues a submission; `Err` when this device cannot store it.
pub fn enqueue(queue: Queue, submission: WireSubmission, title: String) -> Result<(), ()> {
    update(queue, |o| {
        o.add(submission, title, now_ms());
    })
}

pub fn make_all_due(queue: Queue) {
    let _ = update(queue, |o| o.make_all_due(now_ms()));
}

pub fn dismiss_sent(queue: Queue) {
    SHOWN.with(|s| s.borrow_mut().clear());
    let _ = update(queue, Outbox::dismiss_sent);
}

pub fn dismiss_rejected(queue: Queue) {
    let _ = update(queue, Outbox::dismiss_rejected);
}

/// Sends whatever is due, then updates `state` and schedules the next try.
pub fn kick(queue: Queue, state: RwSignal<OutboxView>) {
    if in_flight(queue) {
        return;
    }
    IN_FLIGHT.with(|f| f[queue.slot()].set(true));
    state.set(view(queue));
    leptos::task::spawn_local(async move {
        send_due(queue).await;
        IN_FLIGHT.with(|f| f[queue.slot()].set(false));
        state.set(view(queue));
        schedule(queue, state);
    });
}

/// Holds a queue's Web Lock until dropped.
struct Turn {
    release: js_sys::Function,
}

impl Drop for Turn {
    fn drop(&mut self) {
        let _ = self.release.call0(&wasm_bindgen::JsValue::UNDEFINED);
    }
}

/// Waits for this tab's turn to send from `queue` (`navigator.locks`); `None` where the browser has no
/// Web Locks (then every tab sends, and the server keeps one copy).
async fn take_turn(queue: Queue) -> Option<Turn> {
    use js_sys::{Function, Promise, Reflect};
    use wasm_bindgen::JsValue;
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    let request: Function = Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()?
        .dyn_into()
        .ok()?;
    // The lock is held until the promise the callback returns settles: we keep its resolve function.
    let mut release = None;
    let held = Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut granted = None;
    let acquired = Promise::new(&mut |resolve, _| granted = Some(resolve));
    let (release, granted) = (release?, granted?);
    let callback = wasm_bindgen::closure::Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let _ = granted.call0(&JsValue::UNDEFINED);
        held.into()
    });
    let name = JsValue::from_str(queue.storage_key());
    request.call2(&locks, &name, &callback).ok()?;
    JsFuture::from(acquired).await.ok()?;
    Some(Turn { release })
}

/// Waits `ms` milliseconds.
async fn pause(ms: i32) {
    let done = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(done).await;
}

async fn send_due(queue: Queue) {
    let asked = now_ms();
    let _turn = take_turn(queue).await;
    // Another tab had the turn. What it stored reaches this tab's copy of local storage a moment later
    // (tabs may live in different processes), so let that arrive before reading what is still due:
    // otherwise this tab sends again what the other just sent.
    if now_ms() - asked > 5.0 {
        pause(300).await;
    }
    loop {
        let batch = load(queue).next_batch(now_ms());
        if batch.is_empty() {
            return;
        }
        let ids: Vec<String> = batch.iter().map(|s| s.id.clone()).collect();
        let answer = post(queue, &batch).await;
        let mut o = load(queue);
        let failed = answer.is_err();
        match answer {
            Ok(results) => {
                o.record_results(&ids, &results.results, now_ms(), js_sys::Math::random())
            }
            Err(()) => o.record_failure(&ids, now_ms(), js_sys::Math::random()),
        }
        keep_receipts_only_where_wanted(queue, &mut o);
        if save(queue, &o).is_err() || failed {
            return;
        }
    }
}

/// Staff in the field have no use for receipts (the person has gone), and a shared device must not keep
/// one person's receipt for the next: there it lives in memory until "Done" or the idle wipe.
fn keep_receipts_only_where_wanted(queue: Queue, o: &mut Outbox) {
    match queue {
        Queue::Field => o.sent.clear(),
        Queue::Participant if super::shared::is_on() => {
            let sent = std::mem::take(&mut o.sent);
            if !sent.is_empty() {
                super::shared::end_staff_session();
            }
            SHOWN.with(|s| s.borrow_mut().extend(sent));
        }
        Queue::Participant => {}
    }
}

/// One timer per queue: a newer schedule makes older timers do nothing.
fn schedule(queue: Queue, state: RwSignal<OutboxView>) {
    let Some(due) = load(queue).next_due_ms() else {
        return;
    };
    let generation = TIMER.with(|t| {
        let t = &t[queue.slot()];
        t.set(t.get() + 1);
        t.get()
    });
    let wait = (due - now_ms()).max(0.0) as u64 + 50;
    set_timeout(
        move || {
            if TIMER.with(|t| t[queue.slot()].get()) == generation {
                kick(queue, state);
            }
        },
        Duration::from_millis(wait),
    );
}

async fn post(queue: Queue, batch: &[WireSubmission]) -> Result<BatchResult, ()> {
    let window = web_sys::window().ok_or(())?;
    let batch = SubmissionBatch {
        submissions: batch.to_vec(),
    };
    let body = serde_json::to_string(&batch).map_err(|_| ())?;
    let controller = web_sys::AbortController::new().map_err(|_| ())?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&wasm_bindgen::JsValue::from_str(&body));
    // A participant's answers never travel with a staff session (a shared tablet may still hold one);
    // staff in the field are known by theirs.
    init.set_credentials(match queue {
        Queue::Participant => web_sys::RequestCredentials::Omit,
        Queue::Field => web_sys::RequestCredentials::SameOrigin,
    });
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
