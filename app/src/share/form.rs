//! The participant form: a plain HTML form that posts to `/send` without JavaScript, and, once the island
//! wakes up, saves every keystroke to the draft and sends through the outbox instead.

use super::draft::{answer_field, FIELD_CONSENT, FIELD_ID};
use super::outbox_ui::{use_outbox, OutboxActions, SyncPanel};
use crate::domain::{Conversation, Question, QuestionKind, MAX_ANSWER_CHARS};
use crate::text::t;
use leptos::prelude::*;

// No `#[cfg]` inside an island's body: the compiler strips it before the macro sees the code, so the
// server and the browser would name the island differently and it would never wake up. Browser-only
// work goes through the helpers below instead.
#[island]
pub fn ShareForm(
    conversation: Conversation,
    fallback_id: String,
    error: Option<String>,
) -> impl IntoView {
    let error = RwSignal::new(error);
    let (outbox, actions) = use_outbox();
    let form = NodeRef::<leptos::html::Form>::new();
    let conversation = StoredValue::new(conversation);
    let conversation_id = conversation.with_value(|c| c.id.clone());
    // Set once the island is awake, so tests (and styles) can tell a live form from plain HTML.
    let ready = RwSignal::new(false);
    // False when this device refuses to store anything (private mode, full storage).
    let storage_ok = RwSignal::new(true);
    restore_draft_when_awake(form, conversation_id.clone(), ready, storage_ok);

    let on_input = {
        let id = conversation_id.clone();
        move |_: leptos::ev::Event| save_draft(form, &id)
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| send(ev, form, conversation, error, actions);

    let questions = conversation.with_value(|c| c.questions.clone());
    let first_field = questions
        .first()
        .map(|q| field_id(q, 1))
        .unwrap_or_default();
    let hide_form = move || !outbox.with(|o| o.sent.is_empty());

    view! {
        <SyncPanel state=outbox actions/>
        {move || {
            error
                .get()
                .map(|code| {
                    let message = match code.as_str() {
                        "empty" => t::ERROR_EMPTY,
                        "too_long" => t::ERROR_TOO_LONG,
                        _ => t::ERROR_NOT_SENT,
                    };
                    view! {
                        <div class="error-summary" role="alert">
                            <h2 class="panel-title">{t::ERROR_SUMMARY_TITLE}</h2>
                            <p><a href=format!("#{}", first_field.clone())>{message}</a></p>
                        </div>
                    }
                })
        }}
        <form
            node_ref=form
            method="post"
            action="/send"
            class="share-form"
            class:hidden=hide_form
            data-ready=move || ready.get().then_some("true")
            on:input=on_input
            on:submit=on_submit
        >
            <input type="hidden" name=FIELD_ID value=fallback_id/>
            <input type="hidden" name="conversation_id" value=conversation_id/>
            {questions.into_iter().map(|q| view! { <QuestionField question=q/> }).collect_view()}
            <fieldset class="field">
                <legend class="label">{t::CONSENT_LEGEND}</legend>
                <p class="hint">{t::CONSENT_HINT}</p>
                <ConsentBox value="quote" label=t::CONSENT_QUOTE/>
                <ConsentBox value="board" label=t::CONSENT_BOARD/>
                <ConsentBox value="updates" label=t::CONSENT_UPDATES/>
            </fieldset>
            {move || if storage_ok.get() {
                view! { <p class="hint">{t::DRAFT_SAVED}</p> }.into_any()
            } else {
                view! { <p class="notice" role="status">{t::STORAGE_OFF}</p> }.into_any()
            }}
            <button type="submit" class="button">{t::SEND}</button>
        </form>
    }
}

/// The form's fields are the draft's only home on the page: we read them with FormData (the same pairs
/// the no-JavaScript post sends) and write them back on restore. Anything typed before the island woke
/// up is therefore kept, not overwritten.
fn restore_draft_when_awake(
    form: NodeRef<leptos::html::Form>,
    conversation_id: String,
    ready: RwSignal<bool>,
    storage_ok: RwSignal<bool>,
) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(f) = form.get() {
            crate::browser::drafts::restore(&conversation_id, &f);
            storage_ok.set(crate::browser::drafts::storage_works());
            ready.set(true);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (form, conversation_id, ready, storage_ok);
}

fn save_draft(form: NodeRef<leptos::html::Form>, conversation_id: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(f) = form.get_untracked() {
        crate::browser::drafts::save(conversation_id, &crate::browser::drafts::read(&f));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (form, conversation_id);
}

/// Send moves the draft into the outbox and starts a sync. If this device cannot store the outbox
/// (private mode, full storage), the browser posts the form as plain HTML instead: online, that works.
fn send(
    ev: leptos::ev::SubmitEvent,
    form: NodeRef<leptos::html::Form>,
    conversation: StoredValue<Conversation>,
    error: RwSignal<Option<String>>,
    actions: OutboxActions,
) {
    #[cfg(feature = "hydrate")]
    {
        use crate::browser::drafts;
        use crate::domain::Channel;
        let Some(f) = form.get_untracked() else {
            return;
        };
        let d = drafts::read(&f);
        if !d.has_content() {
            ev.prevent_default();
            error.set(Some("empty".into()));
            return;
        }
        let (wire, title, id) = conversation.with_value(|c| {
            let w = d.to_wire(
                c,
                crate::browser::new_uuid(),
                crate::browser::now_rfc3339(),
                Channel::OwnDevice,
            );
            (w, c.title.clone(), c.id.clone())
        });
        // Without storage the browser posts the form as plain HTML instead: online, that works.
        if crate::browser::outbox::enqueue(wire, title).is_ok() {
            ev.prevent_default();
            // Now something waits on this device: ask the browser to keep it.
            drafts::ask_to_keep_storage();
            drafts::clear(&id);
            f.reset();
            error.set(None);
            actions.kick.run(());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, form, conversation, error, actions);
}

/// The element id of a question's input (`n` picks the option of a scale or choice).
fn field_id(q: &Question, n: usize) -> String {
    match q.kind {
        QuestionKind::Text => format!("q-{}", q.id),
        _ => format!("q-{}-{n}", q.id),
    }
}

/// One question's field, as participants see it (the form, and the coordinators' preview).
#[component]
pub fn QuestionField(question: Question) -> impl IntoView {
    let name = answer_field(&question.id);
    match question.kind {
        QuestionKind::Text => {
            let id = field_id(&question, 1);
            let hint_id = format!("{id}-hint");
            view! {
                <div class="field">
                    <label class="label" for=id.clone()>{question.prompt}</label>
                    <p class="hint" id=hint_id.clone()>{t::ANSWER_HINT_OPTIONAL}</p>
                    <textarea
                        class="input"
                        id=id
                        name=name
                        rows="5"
                        maxlength=MAX_ANSWER_CHARS.to_string()
                        aria-describedby=hint_id
                    ></textarea>
                </div>
            }
            .into_any()
        }
        QuestionKind::Scale | QuestionKind::Choice => {
            let options: Vec<(String, String, Option<u8>)> = if question.kind == QuestionKind::Scale
            {
                (1..=5u8)
                    .map(|n| {
                        (
                            n.to_string(),
                            t::SCALE_WORDS[usize::from(n) - 1].to_string(),
                            Some(n),
                        )
                    })
                    .collect()
            } else {
                question
                    .choices
                    .iter()
                    .map(|c| (c.clone(), c.clone(), None))
                    .collect()
            };
            let class = if question.kind == QuestionKind::Scale {
                "options options-scale"
            } else {
                "options"
            };
            let radios = options
                .into_iter()
                .enumerate()
                .map(|(i, (value, label, face))| {
                    let id = field_id(&question, i + 1);
                    view! {
                        <div class="option">
                            <input type="radio" id=id.clone() name=name.clone() value=value/>
                            <label for=id>
                                {face.map(|n| view! { <Face n/> })}
                                <span>{label}</span>
                            </label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field">
                    <legend class="label">{question.prompt}</legend>
                    <p class="hint">{t::ANSWER_HINT_OPTIONAL}</p>
                    <div class=class>{radios}</div>
                </fieldset>
            }
            .into_any()
        }
    }
}

/// A face for point `n` of the 5-point scale, drawn as SVG so it never depends on an emoji font. The
/// mouth's shape carries the meaning, and the word beside it says it again.
#[component]
fn Face(n: u8) -> impl IntoView {
    let corner = 23;
    let middle = 11 + 4 * i32::from(n);
    view! {
        <svg class="face" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
            <circle cx="16" cy="16" r="14" fill="#ffe08a" stroke="#0b0c0c" stroke-width="2"></circle>
            <circle cx="11" cy="13" r="2" fill="#0b0c0c"></circle>
            <circle cx="21" cy="13" r="2" fill="#0b0c0c"></circle>
            <path
                d=format!("M9 {corner} Q16 {middle} 23 {corner}")
                fill="none"
                stroke="#0b0c0c"
                stroke-width="2"
                stroke-linecap="round"
            ></path>
        </svg>
    }
}

#[component]
fn ConsentBox(value: &'static str, label: &'static str) -> impl IntoView {
    let id = format!("consent-{value}");
    view! {
        <div class="option">
            <input type="checkbox" id=id.clone() name=FIELD_CONSENT value=value/>
            <label for=id>{label}</label>
        </div>
    }
}
