//! The participant form: a plain HTML form that posts to `/send` without JavaScript, and, once the island
//! wakes up, saves every keystroke to the draft and sends through the outbox instead.

use super::listen::ListenButton;
use super::outbox_ui::{use_outbox, FieldSyncPanel, OutboxActions, SyncPanel};
use crate::domain::{
    Conversation, Lang, Question, QuestionKind, QuestionMarks, ReachQuestion, MAX_ANSWER_CHARS,
    MAX_PLACE_CHARS,
};
use crate::sync::draft::{
    answer_field, reach_field, FIELD_CONSENT, FIELD_EXPLAINED, FIELD_ID, FIELD_PLACE,
};
use crate::sync::outbox::Queue;
use crate::text::{w, Words};
use leptos::prelude::*;

// No `#[cfg]` inside an island's body: the compiler strips it before the macro sees the code, so the
// server and the browser would name the island differently and it would never wake up. Browser-only
// work goes through the helpers below instead.
//
// `field`: staff collecting in the field ("Collect in the field"). The same form, drafts and outbox
// code, plus an event or place label and the staff member's confirmation that they explained how the
// answers will be used; entries go to the staff outbox as `staff_assisted`, and the form stays open for
// the next person instead of showing a receipt.
#[island]
pub fn ShareForm(
    conversation: Conversation,
    fallback_id: String,
    error: Option<String>,
    field: bool,
    reach: Vec<ReachQuestion>,
    words: Words,
) -> impl IntoView {
    let lang = words.lang;
    provide_context(words);
    let error = RwSignal::new(error);
    let queue = if field {
        Queue::Field
    } else {
        Queue::Participant
    };
    let (outbox, actions) = use_outbox(queue);
    let form = NodeRef::<leptos::html::Form>::new();
    let conversation = StoredValue::new(conversation);
    let conversation_id = conversation.with_value(|c| c.id.clone());
    // Field entries keep their own drafts, apart from a participant's on the same device.
    let draft_key = if field {
        format!("field.{conversation_id}")
    } else {
        conversation_id.clone()
    };
    // Set once the island is awake, so tests (and styles) can tell a live form from plain HTML.
    let ready = RwSignal::new(false);
    // False when this device refuses to store anything (private mode, full storage).
    let storage_ok = RwSignal::new(true);
    // "Entry saved": staff see that it worked, then go on with the next person.
    let saved = RwSignal::new(false);
    restore_draft_when_awake(form, draft_key.clone(), ready, storage_ok);

    let on_input = {
        let key = draft_key.clone();
        move |_: leptos::ev::Event| {
            saved.set(false);
            save_draft(form, &key)
        }
    };
    let on_submit = {
        let key = draft_key.clone();
        move |ev: leptos::ev::SubmitEvent| {
            let sending = Sending {
                form,
                conversation,
                draft_key: key.clone(),
                queue,
                error,
                saved,
                actions,
                lang,
            };
            send(ev, sending)
        }
    };

    let questions = conversation.with_value(|c| {
        c.questions
            .iter()
            .map(|q| (q.clone(), c.question_marks(q)))
            .collect::<Vec<_>>()
    });
    let first_field = questions
        .first()
        .map(|(q, _)| field_id(q, 1))
        .unwrap_or_default();
    let hide_form = move || !field && !outbox.with(|o| o.sent.is_empty());
    let back = format!("/collect/{conversation_id}");
    // The problem said again beside the first question, which is marked as the one to fix.
    // (Short words of its own: the summary's sentence is not repeated.)
    let problem = Signal::derive(move || {
        error.get().and_then(|code| match code.as_str() {
            "empty" => Some(w("field-problem-empty")),
            "too_long" => Some(w("field-problem-too-long")),
            _ => None,
        })
    });
    let summary = NodeRef::<leptos::html::Div>::new();
    focus_when_shown(summary, error);

    view! {
        {if field {
            view! { <FieldSyncPanel state=outbox actions back/> }.into_any()
        } else {
            view! { <SyncPanel state=outbox actions/> }.into_any()
        }}
        {move || {
            error
                .get()
                .map(|code| {
                    let target = if code == "explained" {
                        "explained".to_string()
                    } else {
                        first_field.clone()
                    };
                    let message = problem_words(&code);
                    // Focused as it appears: on load for a form sent back without JavaScript
                    // (autofocus), and by `focus_when_shown` when the island finds the problem.
                    view! {
                        <div class="error-summary" role="alert" tabindex="-1" autofocus node_ref=summary>
                            <h2 class="panel-title">{w("error-summary-title")}</h2>
                            <p><a href=format!("#{target}")>{message}</a></p>
                        </div>
                    }
                })
        }}
        // The live region is always there (an empty one takes no room); the notice appears inside it.
        <div role="status">
            {move || saved.get().then(|| view! { <p class="notice notice-success">{w("field-saved")}</p> })}
        </div>
        <form
            node_ref=form
            method="post"
            action=crate::text::href("/send")
            class="share-form"
            class:hidden=hide_form
            data-ready=move || ready.get().then_some("true")
            on:input=on_input
            on:submit=on_submit
        >
            <input type="hidden" name=FIELD_ID value=fallback_id/>
            <input type="hidden" name="conversation_id" value=conversation_id/>
            {field.then(|| view! {
                <div class="field">
                    <label class="label" for="place">{w("field-place-label")}</label>
                    <p class="hint" id="place-hint">{w("field-place-hint")}</p>
                    <input class="input" id="place" name=FIELD_PLACE maxlength=MAX_PLACE_CHARS.to_string() aria-describedby="place-hint" autocomplete="off"/>
                </div>
            })}
            {questions
                .into_iter()
                .enumerate()
                .map(|(i, (q, marks))| {
                    let problem = (i == 0).then_some(problem);
                    view! { <QuestionField question=q problem marks/> }
                })
                .collect_view()}
            <fieldset class="field">
                <legend class="label">{if field { w("field-consent-legend") } else { w("consent-legend") }}</legend>
                <p class="hint">{if field { w("field-consent-hint") } else { w("consent-hint") }}</p>
                <ConsentBox value="quote" label=w("consent-quote")/>
                <ConsentBox value="board" label=w("consent-board")/>
                <ConsentBox value="updates" label=w("consent-updates")/>
            </fieldset>
            <ReachFields questions=reach/>
            {field.then(|| view! {
                <div class="field option">
                    <input type="checkbox" id="explained" name=FIELD_EXPLAINED value="yes"/>
                    <label for="explained">{w("field-explained")}</label>
                </div>
            })}
            {move || if storage_ok.get() {
                view! { <p class="hint">{w("draft-saved")}</p> }.into_any()
            } else {
                view! { <p class="notice" role="status">{w("storage-off")}</p> }.into_any()
            }}
            // In the field, the entry must go to the staff outbox: until the island is awake, there is
            // nothing to press (a plain post would arrive as a participant's own answer).
            <button type="submit" class="button" disabled=move || field && !ready.get()>
                {if field { w("field-save") } else { w("send") }}
            </button>
        </form>
    }
}

/// The form's fields are the draft's only home on the page: we read them with FormData (the same pairs
/// the no-JavaScript post sends) and write them back on restore. Anything typed before the island woke
/// up is therefore kept, not overwritten.
fn restore_draft_when_awake(
    form: NodeRef<leptos::html::Form>,
    draft_key: String,
    ready: RwSignal<bool>,
    storage_ok: RwSignal<bool>,
) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(f) = form.get() {
            crate::browser::drafts::restore(&draft_key, &f);
            crate::browser::drafts::restore_place(&f);
            storage_ok.set(crate::browser::drafts::storage_works());
            ready.set(true);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (form, draft_key, ready, storage_ok);
}

fn save_draft(form: NodeRef<leptos::html::Form>, draft_key: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(f) = form.get_untracked() {
        crate::browser::drafts::save(draft_key, &crate::browser::drafts::read(&f));
        crate::browser::drafts::save_place(&f);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (form, draft_key);
}

/// The words for a problem's code (`?error=` from the server, or found by the island).
fn problem_words(code: &str) -> String {
    w(match code {
        "empty" => "error-empty",
        "too_long" => "error-too-long",
        "explained" => "field-error-explained",
        "storage" => "field-error-storage",
        _ => "error-not-sent",
    })
}

/// Moves focus to the error summary when the island shows a problem.
fn focus_when_shown(summary: NodeRef<leptos::html::Div>, error: RwSignal<Option<String>>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if error.get().is_some() {
            if let Some(s) = summary.get() {
                let _ = s.focus();
            }
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (summary, error);
}

/// What pressing Send (or "Save entry") works on.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct Sending {
    form: NodeRef<leptos::html::Form>,
    conversation: StoredValue<Conversation>,
    draft_key: String,
    queue: Queue,
    error: RwSignal<Option<String>>,
    saved: RwSignal<bool>,
    actions: OutboxActions,
    /// The page's language: the one the person wrote in.
    lang: crate::domain::Lang,
}

/// Send moves the draft into the outbox and starts a sync. If this device cannot store the outbox
/// (private mode, full storage), a participant's browser posts the form as plain HTML instead: online,
/// that works. Staff in the field are told, since their whole point is to keep entries.
fn send(ev: leptos::ev::SubmitEvent, s: Sending) {
    #[cfg(feature = "hydrate")]
    {
        use crate::browser::drafts;
        use crate::domain::Channel;
        let Some(f) = s.form.get_untracked() else {
            return;
        };
        let field = s.queue == Queue::Field;
        let d = drafts::read(&f);
        let fail = |code: &str| {
            ev.prevent_default();
            s.saved.set(false);
            s.error.set(Some(code.into()));
        };
        if !d.has_content() {
            return fail("empty");
        }
        if field && !drafts::checked(&f, FIELD_EXPLAINED) {
            return fail("explained");
        }
        let channel = if field {
            Channel::StaffAssisted
        } else if crate::browser::shared::is_on() {
            Channel::SharedDevice
        } else {
            Channel::OwnDevice
        };
        let (mut wire, title) = s.conversation.with_value(|c| {
            let w = d.to_wire(
                c,
                crate::browser::new_uuid(),
                crate::browser::now_rfc3339(),
                channel,
            );
            (w, c.title.clone())
        });
        wire.lang = Some(s.lang.code().to_string());
        if field {
            wire.place = drafts::place(&f);
            wire.explained = Some(true);
        }
        if crate::browser::outbox::enqueue(s.queue, wire, title).is_ok() {
            ev.prevent_default();
            // Now something waits on this device: ask the browser to keep it.
            drafts::ask_to_keep_storage();
            drafts::clear(&s.draft_key);
            f.reset();
            // The place stays for the next person in the field.
            drafts::restore_place(&f);
            s.error.set(None);
            s.saved.set(field);
            s.actions.kick.run(());
            if field {
                drafts::focus_first_question(&f);
            }
        } else if field {
            fail("storage");
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, s);
}

/// The element id of a question's input (`n` picks the option of a scale or choice).
fn field_id(q: &Question, n: usize) -> String {
    match q.kind {
        QuestionKind::Text => format!("q-{}", q.id),
        _ => format!("q-{}-{n}", q.id),
    }
}

/// One question's field, as participants see it (the form, and the coordinators' preview). `problem`:
/// the words of a problem to show beside it, marking it as the field to fix.
#[component]
pub fn QuestionField(
    question: Question,
    #[prop(optional_no_strip)] problem: Option<Signal<Option<String>>>,
    /// Words not translated into the page's language, and the language they are in.
    #[prop(optional)]
    marks: QuestionMarks,
) -> impl IntoView {
    let (prompt_lang, prompt_dir) = (marks.prompt.map(Lang::code), marks.prompt.map(Lang::dir));
    let name = answer_field(&question.id);
    let problem = move || problem.and_then(|p| p.get());
    match question.kind {
        QuestionKind::Text => {
            let id = field_id(&question, 1);
            let hint_id = format!("{id}-hint");
            let error_id = format!("{id}-error");
            let read = format!("{id}-field");
            let field_box = read.clone();
            let described = {
                let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
                move || match problem() {
                    Some(_) => format!("{error_id} {hint_id}"),
                    None => hint_id.clone(),
                }
            };
            view! {
                <div class="field" id=field_box>
                    <label class="label" for=id.clone() data-say="" lang=prompt_lang dir=prompt_dir>{question.prompt}</label>
                    <p class="hint" id=hint_id.clone() data-say="">{w("answer-hint-optional")}</p>
                    <ListenButton read label=w("listen-question")/>
                    {move || problem().map(|m| view! { <p class="error-message" id=error_id.clone()>{m}</p> })}
                    <textarea
                        class="input"
                        id=id
                        name=name
                        rows="5"
                        dir="auto"
                        maxlength=MAX_ANSWER_CHARS.to_string()
                        aria-describedby=described
                        aria-invalid=move || problem().map(|_| "true")
                    ></textarea>
                </div>
            }
            .into_any()
        }
        QuestionKind::Scale | QuestionKind::Choice => {
            // (value sent, words shown, face of a scale point, language of untranslated words)
            type Options = Vec<(String, String, Option<u8>, Option<Lang>)>;
            let options: Options = if question.kind == QuestionKind::Scale {
                (1..=5u8)
                    .map(|n| (n.to_string(), w(&format!("scale-{n}")), Some(n), None))
                    .collect()
            } else {
                // The choice's id is sent, so answers in every language count together.
                question
                    .choices
                    .iter()
                    .zip(marks.choices.iter().copied().chain(std::iter::repeat(None)))
                    .map(|(c, mark)| (c.id.clone(), c.label.clone(), None, mark))
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
                .map(|(i, (value, label, face, mark))| {
                    let id = field_id(&question, i + 1);
                    view! {
                        <div class="option">
                            <input type="radio" id=id.clone() name=name.clone() value=value/>
                            <label for=id>
                                {face.map(|n| view! { <Face n/> })}
                                <span data-say="" lang=mark.map(Lang::code) dir=mark.map(Lang::dir)>{label}</span>
                            </label>
                        </div>
                    }
                })
                .collect_view();
            let read = format!("q-{}-field", question.id);
            let field_box = read.clone();
            view! {
                <fieldset class="field" id=field_box>
                    <legend class="label" data-say="" lang=prompt_lang dir=prompt_dir>{question.prompt}</legend>
                    <p class="hint" data-say="">{w("answer-hint-optional")}</p>
                    <ListenButton read label=w("listen-question")/>
                    {move || problem().map(|m| view! { <p class="error-message">{m}</p> })}
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

/// The optional, anonymous reach questions, each with a way to skip it.
#[component]
fn ReachFields(questions: Vec<ReachQuestion>) -> impl IntoView {
    (!questions.is_empty()).then(|| {
        view! {
            <fieldset class="field reach">
                <legend class="label">{w("reach-legend")}</legend>
                <p class="hint">{w("reach-hint")}</p>
                {questions.into_iter().map(|q| {
                    let name = reach_field(q.id);
                    let option = |i: usize, value: String, label: String, mark: Option<Lang>| {
                        let id = format!("reach-{}-{i}", q.id);
                        view! {
                            <div class="option">
                                <input type="radio" id=id.clone() name=name.clone() value=value/>
                                <label for=id lang=mark.map(Lang::code) dir=mark.map(Lang::dir)>{label}</label>
                            </div>
                        }
                    };
                    let skip = option(0, String::new(), w("reach-skip").to_string(), None);
                    // The words the reader reads; the value is the words that are counted.
                    let choices = q
                        .choices
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let label = q.labels.get(i).unwrap_or(c).clone();
                            option(i + 1, c.clone(), label, q.mark(&format!("c.{}", i + 1)))
                        })
                        .collect_view();
                    let prompt = q.mark("prompt");
                    view! {
                        <fieldset class="field">
                            <legend class="label" lang=prompt.map(Lang::code) dir=prompt.map(Lang::dir)>{q.prompt.clone()}</legend>
                            <div class="options">{choices}{skip}</div>
                        </fieldset>
                    }
                }).collect_view()}
            </fieldset>
        }
    })
}

#[component]
fn ConsentBox(value: &'static str, label: String) -> impl IntoView {
    let id = format!("consent-{value}");
    view! {
        <div class="option">
            <input type="checkbox" id=id.clone() name=FIELD_CONSENT value=value/>
            <label for=id>{label}</label>
        </div>
    }
}
