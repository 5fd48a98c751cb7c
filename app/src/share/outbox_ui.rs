//! What the participant sees of the outbox: "saved on this phone", "sending", the receipt, and anything
//! the server refused (with the words, so nothing vanishes). The driver lives in `crate::browser`.

use crate::sync::outbox::{OutboxView, Queue};
use crate::text::t;
use leptos::prelude::*;

/// The outbox status and its sync loop, for participant pages without a form.
#[island]
pub fn OutboxIsland() -> impl IntoView {
    let (state, actions) = use_outbox(Queue::Participant);
    view! { <SyncPanel state actions/> }
}

#[derive(Clone, Copy)]
pub struct OutboxActions {
    /// Try to send now.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub kick: Callback<()>,
    pub dismiss_sent: Callback<()>,
    pub dismiss_rejected: Callback<()>,
}

/// Starts the sync loop on this page: at once, when the connection comes back, and on a backoff timer.
pub fn use_outbox(queue: Queue) -> (RwSignal<OutboxView>, OutboxActions) {
    let state = RwSignal::new(OutboxView::default());
    #[cfg(feature = "hydrate")]
    {
        use crate::browser::outbox as ob;
        let kick = Callback::new(move |_| ob::kick(queue, state));
        // Opening a page is the person asking to send: try at once, whatever the backoff said.
        Effect::new(move |_| {
            ob::make_all_due(queue);
            state.set(ob::view(queue));
            ob::kick(queue, state);
        });
        let online = window_event_listener(leptos::ev::online, move |_| {
            ob::make_all_due(queue);
            ob::kick(queue, state);
        });
        on_cleanup(move || online.remove());
        let dismiss_sent = Callback::new(move |_| {
            ob::dismiss_sent(queue);
            // A shared device goes back to the start for the next person.
            if crate::browser::shared::is_on() {
                crate::browser::shared::restart();
            }
            state.set(ob::view(queue));
        });
        let dismiss_rejected = Callback::new(move |_| {
            ob::dismiss_rejected(queue);
            state.set(ob::view(queue));
        });
        (
            state,
            OutboxActions {
                kick,
                dismiss_sent,
                dismiss_rejected,
            },
        )
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = queue;
        let none = Callback::new(|_| ());
        (
            state,
            OutboxActions {
                kick: none,
                dismiss_sent: none,
                dismiss_rejected: none,
            },
        )
    }
}

#[component]
pub fn SyncPanel(state: RwSignal<OutboxView>, actions: OutboxActions) -> impl IntoView {
    let waiting = move || {
        let s = state.get();
        (s.waiting > 0).then(|| {
            let count = if s.waiting == 1 {
                t::WAITING_ONE.to_string()
            } else {
                format!("{} {}", s.waiting, t::WAITING_MANY)
            };
            let line = if s.sending {
                t::SENDING
            } else {
                t::SAVED_OFFLINE
            };
            view! {
                <div class="panel panel-waiting">
                    <p class="panel-title">{line}</p>
                    <p>{count}</p>
                    <p>{t::WAITING_KEPT}</p>
                </div>
            }
        })
    };
    let sent = move || {
        let s = state.get();
        (!s.sent.is_empty()).then(|| {
            view! {
                <div class="panel panel-success">
                    <h2 class="panel-title">{t::SENT_TITLE}</h2>
                    {s.sent
                        .into_iter()
                        .map(|item| {
                            view! {
                                <p>{item.title}</p>
                                <p>{t::RECEIPT_IS}</p>
                                <p class="receipt-code">{item.receipt}</p>
                            }
                        })
                        .collect_view()}
                    <p>{t::RECEIPT_KEEP}</p>
                    <button type="button" class="button" on:click=move |_| actions.dismiss_sent.run(())>
                        {t::DONE}
                    </button>
                </div>
            }
        })
    };
    view! {
        <div class="sync-panel" role="status" aria-live="polite">
            {waiting}{sent}
            <RejectedPanel state actions title=t::REJECTED_TITLE copy=t::REJECTED_COPY/>
        </div>
    }
}

/// What staff in the field see: how many entries wait, when the last one went, and, when their sign-in
/// has run out, a way to sign in again. Never receipts, and never the inbox.
#[component]
pub fn FieldSyncPanel(
    state: RwSignal<OutboxView>,
    actions: OutboxActions,
    /// Where signing in again should come back to.
    back: String,
) -> impl IntoView {
    let status = move || {
        let s = state.get();
        let count = match s.waiting {
            0 => t::FIELD_ALL_SENT.to_string(),
            1 => t::FIELD_WAITING_ONE.to_string(),
            n => format!("{n} {}", t::FIELD_WAITING_MANY),
        };
        let line = if s.sending && s.waiting > 0 {
            t::SENDING.to_string()
        } else {
            match s.last_sent_ms {
                Some(ms) => format!("{} {}", t::FIELD_LAST_SENT, clock_time(ms)),
                None => t::FIELD_NEVER_SENT.to_string(),
            }
        };
        view! {
            <p class="panel-title field-count">{count}</p>
            <p class="field-last">{line}</p>
        }
    };
    let sign_in = move || {
        state.get().sign_in_needed.then(|| {
            let href = format!("/signin?next={}", back.clone());
            view! {
                <div class="panel panel-error">
                    <p class="panel-title">{t::FIELD_SIGN_IN}</p>
                    <p><a class="button" href=href>{t::FIELD_SIGN_IN_LINK}</a></p>
                </div>
            }
        })
    };
    view! {
        <div class="sync-panel" role="status" aria-live="polite">
            <div class="panel panel-waiting field-status">{status}</div>
            {sign_in}
            <RejectedPanel state actions title=t::FIELD_REJECTED copy=t::FIELD_REJECTED_COPY/>
        </div>
    }
}

/// What the server refused for good, with the words, so nothing vanishes silently.
#[component]
fn RejectedPanel(
    state: RwSignal<OutboxView>,
    actions: OutboxActions,
    title: &'static str,
    copy: &'static str,
) -> impl IntoView {
    move || {
        let s = state.get();
        (!s.rejected.is_empty()).then(|| {
            view! {
                <div class="panel panel-error">
                    <h2 class="panel-title">{title}</h2>
                    <p>{copy}</p>
                    {s.rejected
                        .into_iter()
                        .map(|r| {
                            let words: Vec<String> =
                                r.submission.answers.iter().filter_map(|a| a.text.clone()).collect();
                            view! {
                                <p>{r.message}</p>
                                {words.into_iter().map(|w| view! { <blockquote>{w}</blockquote> }).collect_view()}
                            }
                        })
                        .collect_view()}
                    <button type="button" class="button button-secondary" on:click=move |_| actions.dismiss_rejected.run(())>
                        {t::DISMISS}
                    </button>
                </div>
            }
        })
    }
}

/// "14:05" on this device's clock.
fn clock_time(ms: f64) -> String {
    #[cfg(feature = "hydrate")]
    {
        crate::browser::clock_time(ms)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ms;
        String::new()
    }
}
