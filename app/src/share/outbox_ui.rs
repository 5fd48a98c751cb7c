//! What the participant sees of the outbox: "saved on this device", "sending", the receipt, and anything
//! the server refused (with the words, so nothing vanishes). The driver lives in `crate::browser`.

use crate::sync::outbox::{OutboxView, Queue};
use crate::text::{w, w_n, Words};
use leptos::prelude::*;

/// The outbox status and its sync loop, for participant pages without a form.
#[island]
pub fn OutboxIsland(words: Words) -> impl IntoView {
    provide_context(words);
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

/// The one short sentence the outbox's live region holds, said when it changes and only then: how many
/// answers wait (not "Sending…" on every retry), or that some were refused. Never the receipt or the
/// buttons: those are in the panels, outside it, and a new receipt's heading gets focus instead. The
/// sentence shows on screen too, once (never repeated in a panel).
fn announcement(state: RwSignal<OutboxView>) -> Memo<String> {
    Memo::new(move |_| {
        state.with(|s| {
            if !s.rejected.is_empty() {
                w("rejected-said")
            } else if s.waiting > 0 {
                w_n("waiting-count", s.waiting)
            } else {
                String::new()
            }
        })
    })
}

/// Moves focus to the receipt's heading when a send comes back, and to the panel (where the receipt or
/// the refused answers were) when "Done" or "Remove" takes them away, so focus is never lost.
fn keep_focus(
    state: RwSignal<OutboxView>,
    heading: NodeRef<leptos::html::H2>,
    panel: NodeRef<leptos::html::Div>,
) {
    // (receipts, refused, a new receipt's heading still to focus): the heading may be drawn just after
    // the news of it arrives, so the wish to focus it waits for the element.
    #[cfg(feature = "hydrate")]
    Effect::new(move |before: Option<(usize, usize, bool)>| {
        let (sent, rejected) = state.with(|s| (s.sent.len(), s.rejected.len()));
        let drawn = heading.get();
        let mut pending = before.is_some_and(|b| b.2);
        if let Some((sent_before, rejected_before, _)) = before {
            if sent > sent_before {
                pending = true;
            } else if sent < sent_before || rejected < rejected_before {
                pending = false;
                if let Some(p) = panel.get() {
                    let _ = p.focus();
                }
            }
        }
        if pending && sent > 0 {
            if let Some(h) = drawn {
                let _ = h.focus();
                pending = false;
            }
        }
        (sent, rejected, pending)
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, heading, panel);
}

#[component]
pub fn SyncPanel(state: RwSignal<OutboxView>, actions: OutboxActions) -> impl IntoView {
    let said = announcement(state);
    let heading = NodeRef::<leptos::html::H2>::new();
    let panel = NodeRef::<leptos::html::Div>::new();
    keep_focus(state, heading, panel);
    let waiting = move || {
        let s = state.get();
        (s.waiting > 0).then(|| {
            let line = if s.sending {
                w("sending")
            } else {
                w("saved-offline")
            };
            view! {
                <div class="panel panel-waiting">
                    <p class="panel-title">{line}</p>
                    <p>{w("waiting-kept")}</p>
                </div>
            }
        })
    };
    // Drawn again only when the receipts change, not on every sync step: the heading that took focus
    // must stay the same element.
    let receipts = Memo::new(move |_| state.with(|s| s.sent.clone()));
    let sent = move || {
        let sent = receipts.get();
        (!sent.is_empty()).then(|| {
            view! {
                <div class="panel panel-success">
                    <h2 class="panel-title" tabindex="-1" node_ref=heading>{w("sent-title")}</h2>
                    {sent
                        .into_iter()
                        .map(|item| {
                            view! {
                                <p>{item.title}</p>
                                <p>{w("receipt-is")}</p>
                                <p class="receipt-code">{item.receipt}</p>
                            }
                        })
                        .collect_view()}
                    <p>{w("receipt-keep")}</p>
                    <button type="button" class="button" on:click=move |_| actions.dismiss_sent.run(())>
                        {w("done")}
                    </button>
                </div>
            }
        })
    };
    view! {
        <p class="outbox-said" role="status">{move || said.get()}</p>
        <div class="sync-panel" tabindex="-1" node_ref=panel>
            {waiting}{sent}
            <RejectedPanel state actions title=w("rejected-title") copy=w("rejected-copy")/>
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
    // The count is the live region: one short sentence, said when the number changes and only then.
    let count = Memo::new(move |_| {
        state.with(|s| {
            if s.waiting == 0 {
                w("field-all-sent")
            } else {
                w_n("field-count", s.waiting)
            }
        })
    });
    let line = move || {
        let s = state.get();
        if s.sending && s.waiting > 0 {
            w("sending")
        } else {
            match s.last_sent_ms {
                Some(ms) => w("field-last-sent").replace("{time}", &clock_time(ms)),
                None => w("field-never-sent"),
            }
        }
    };
    let status = view! {
        <p class="panel-title field-count" role="status">{move || count.get()}</p>
        <p class="field-last">{line}</p>
    };
    let sign_in = move || {
        state.get().sign_in_needed.then(|| {
            let href = format!("/signin?next={}", back.clone());
            view! {
                <div class="panel panel-error">
                    <p class="panel-title" role="alert">{w("field-sign-in")}</p>
                    <p><a class="button" href=href>{w("field-sign-in-link")}</a></p>
                </div>
            }
        })
    };
    view! {
        <div class="sync-panel">
            <div class="panel panel-waiting field-status">{status}</div>
            {sign_in}
            <RejectedPanel state actions title=w("field-rejected") copy=w("field-rejected-copy")/>
        </div>
    }
}

/// What the server refused for good, with the words, so nothing vanishes silently. Removing them from the
/// device asks first: the words are gone for good after it.
#[component]
fn RejectedPanel(
    state: RwSignal<OutboxView>,
    actions: OutboxActions,
    title: String,
    copy: String,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let refused = Memo::new(move |_| state.with(|s| s.rejected.clone()));
    move || {
        let rejected = refused.get();
        let (title, copy) = (title.clone(), copy.clone());
        (!rejected.is_empty()).then(|| {
            view! {
                <div class="panel panel-error">
                    <h2 class="panel-title">{title}</h2>
                    <p>{copy}</p>
                    {rejected
                        .into_iter()
                        .map(|r| {
                            let words: Vec<String> =
                                r.submission.answers.iter().filter_map(|a| a.text.clone()).collect();
                            view! {
                                <p>{w(r.code.message_id())}</p>
                                {words.into_iter().map(|said| view! { <blockquote dir="auto">{said}</blockquote> }).collect_view()}
                            }
                        })
                        .collect_view()}
                    {move || if asking.get() {
                        view! {
                            <div class="confirm">
                                <p class="panel-title">{w("dismiss-confirm")}</p>
                                <div class="choices">
                                    <button type="button" class="button" on:click=move |_| {
                                        asking.set(false);
                                        actions.dismiss_rejected.run(());
                                    }>{w("dismiss-yes")}</button>
                                    <button type="button" class="button button-secondary" on:click=move |_| asking.set(false)>
                                        {w("dismiss-no")}
                                    </button>
                                </div>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="button button-secondary" on:click=move |_| asking.set(true)>
                                {w("dismiss")}
                            </button>
                        }.into_any()
                    }}
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
