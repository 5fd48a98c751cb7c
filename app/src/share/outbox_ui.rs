//! What the participant sees of the outbox: "saved on this phone", "sending", the receipt, and anything
//! the server refused (with the words, so nothing vanishes). The driver lives in `crate::browser`.

use crate::sync::outbox::{Outbox, Rejected, Sent};
use crate::text::t;
use leptos::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutboxView {
    pub waiting: usize,
    pub sending: bool,
    pub sent: Vec<Sent>,
    pub rejected: Vec<Rejected>,
}

impl OutboxView {
    pub fn of(outbox: &Outbox, sending: bool) -> Self {
        OutboxView {
            waiting: outbox.waiting(),
            sending,
            sent: outbox.sent.clone(),
            rejected: outbox.rejected.clone(),
        }
    }
}

/// The outbox status and its sync loop, for participant pages without a form.
#[island]
pub fn OutboxIsland() -> impl IntoView {
    let (state, actions) = use_outbox();
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
pub fn use_outbox() -> (RwSignal<OutboxView>, OutboxActions) {
    let state = RwSignal::new(OutboxView::default());
    #[cfg(feature = "hydrate")]
    {
        use crate::browser::outbox as ob;
        let kick = Callback::new(move |_| ob::kick(state));
        // Opening a page is the person asking to send: try at once, whatever the backoff said.
        Effect::new(move |_| {
            ob::make_all_due();
            state.set(ob::view());
            ob::kick(state);
        });
        let online = window_event_listener(leptos::ev::online, move |_| {
            ob::make_all_due();
            ob::kick(state);
        });
        on_cleanup(move || online.remove());
        let dismiss_sent = Callback::new(move |_| {
            ob::dismiss_sent();
            state.set(ob::view());
        });
        let dismiss_rejected = Callback::new(move |_| {
            ob::dismiss_rejected();
            state.set(ob::view());
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
    let rejected = move || {
        let s = state.get();
        (!s.rejected.is_empty()).then(|| {
            view! {
                <div class="panel panel-error">
                    <h2 class="panel-title">{t::REJECTED_TITLE}</h2>
                    <p>{t::REJECTED_COPY}</p>
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
    };
    view! { <div class="sync-panel" role="status" aria-live="polite">{waiting}{sent}{rejected}</div> }
}
