//! One submission and everything a coordinator does with it. Each section is a small form posting to
//! `/inbox/{id}/…`; the server redirects back here with a message.

use super::{InboxRow, Labels, RedactForm, RedactScript, DONE, PROBLEMS};
use crate::auth::StaffBar;
use crate::domain::{FlagState, Status, Theme, User};
use crate::error::AppError;
use crate::notice::Notices;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// A text answer that words can be removed from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextAnswer {
    pub question_id: String,
    pub prompt: String,
    /// As the public sees it now (removals so far applied).
    pub public_text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlagView {
    pub state: FlagState,
    pub reason: String,
    pub close_note: String,
    pub raised: String,
    pub updated: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoteView {
    pub author: String,
    pub at: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionData {
    pub me: User,
    pub row: InboxRow,
    /// What the public and the participant see, when it differs from the original.
    pub public: Option<Vec<(String, String)>>,
    pub text_answers: Vec<TextAnswer>,
    /// The submission's themes, (id, name).
    pub tagged: Vec<(i64, String)>,
    pub all_themes: Vec<Theme>,
    pub flag: Option<FlagView>,
    pub notes: Vec<NoteView>,
    /// Actions it is linked to, (id, title).
    pub linked: Vec<(i64, String)>,
    /// Every action, (id, title), to link it to.
    pub all_actions: Vec<(i64, String)>,
}

/// One submission for moderation. Coordinators and admins only.
#[server(prefix = "/api/fn", endpoint = "submission")]
pub async fn submission_page(id: String) -> Result<SubmissionData, AppError> {
    use crate::domain::{shown_answers, AnswerValue, Role};
    let me = crate::auth::require(Role::Coordinator).await?;
    let ctx = crate::context::Ctx::get()?;
    let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let detail = ctx.store.submission(id).await?.ok_or(AppError::NotFound)?;
    // Its owner's receipt now says it was read. Only the first opening writes.
    if !detail.entry.read {
        ctx.store.mark_read(id).await?;
    }
    let e = detail.entry;
    let conversations = ctx.store.conversations().await?;
    let conversation = conversations.iter().find(|c| c.id == e.conversation_id);
    let public_source = e.public_answers.as_ref().unwrap_or(&e.answers);
    let text_answers = public_source
        .iter()
        .filter_map(|a| match &a.value {
            AnswerValue::Text(text) => Some(TextAnswer {
                question_id: a.question_id.clone(),
                prompt: conversation
                    .and_then(|c| c.question(&a.question_id))
                    .map(|q| q.prompt.clone())
                    .unwrap_or_else(|| a.question_id.clone()),
                public_text: text.clone(),
            }),
            _ => None,
        })
        .collect();
    let public = e
        .public_answers
        .as_ref()
        .map(|p| shown_answers(conversation, p, crate::text::scale_answer));
    Ok(SubmissionData {
        row: InboxRow::new(&e, conversation),
        public,
        text_answers,
        tagged: e.themes,
        all_themes: ctx.store.themes().await?,
        flag: detail.flag.map(|f| FlagView {
            state: f.state,
            reason: f.reason,
            close_note: f.close_note,
            raised: format!(
                "{} by {}",
                crate::domain::dates::moment(f.raised_at),
                f.raised_by
                    .unwrap_or_else(|| "someone no longer here".into())
            ),
            updated: crate::domain::dates::moment(f.updated_at),
        }),
        notes: detail
            .notes
            .into_iter()
            .map(|n| NoteView {
                author: n.author.unwrap_or_else(|| "Someone".into()),
                at: crate::domain::dates::moment(n.at),
                body: n.body,
            })
            .collect(),
        linked: detail.actions,
        all_actions: crate::actions::titles(&ctx).await?,
        me,
    })
}

#[component]
pub fn SubmissionPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let data = Resource::new(move || id.clone(), submission_page);
    view! {
        <Title text="Moderate a submission"/>
        {crate::ui::show(data, |d: SubmissionData| view! { <Submission data=d/> })}
    }
}

#[component]
fn Submission(data: SubmissionData) -> impl IntoView {
    let row = data.row;
    let base = format!("/inbox/{}", row.id);
    view! {
        <StaffBar user=data.me/>
        <p><a href="/inbox">"Back to the inbox"</a></p>
        <h1>{format!("Submission {}", row.reference)}</h1>
        <Notices done=DONE problems=PROBLEMS/>
        <p class="lead">{row.conversation_title.clone()}</p>
        <dl class="meta">
            <div><dt>"Received"</dt><dd>{row.received.clone()}</dd></div>
            <div><dt>"Written"</dt><dd>{row.created.clone()}</dd></div>
            <div><dt>"Channel"</dt><dd>{row.channel.clone()}</dd></div>
            {row.place.clone().map(|p| view! { <div><dt>"Where"</dt><dd>{p}</dd></div> })}
            {row.language.clone().map(|l| view! { <div><dt>"Written in"</dt><dd>{l}</dd></div> })}
        </dl>
        <Labels consent=row.consent status=row.status flag=row.flag redacted=row.redacted late=row.late withdrawn=row.withdrawn themes=row.themes.clone()/>
        <h2>"What they wrote"</h2>
        <p class="hint">"Only coordinators see this original."</p>
        <dl class="answers">
            {row.answers.iter().cloned().map(|(q, a)| view! { <dt>{q}</dt><dd dir="auto">{a}</dd> }).collect_view()}
        </dl>
        {data.public.map(|p| view! {
            <h2>"What the public and the participant see"</h2>
            <dl class="answers">
                {p.into_iter().map(|(q, a)| view! { <dt>{q}</dt><dd dir="auto">{a}</dd> }).collect_view()}
            </dl>
        })}
        <StatusSection base=base.clone() status=row.status may_quote=row.consent.quote/>
        <section aria-labelledby="redact-title">
            <h2 id="redact-title">"Remove personal details"</h2>
            <p class="hint">
                "Select the words in the answer, or type them, then remove them. Names, places and phone numbers "
                "are replaced with [removed] for the public and the participant."
            </p>
            {data.text_answers.into_iter().enumerate().map(|(i, t)| view! {
                <RedactForm
                    action=format!("{base}/redact")
                    index=i
                    question_id=t.question_id
                    prompt=t.prompt
                    text=t.public_text
                />
            }).collect_view()}
            <RedactScript/>
            {row.redacted.then(|| view! {
                <form method="post" action=format!("{base}/unredact")>
                    <button type="submit" class="button button-secondary">"Undo all removals"</button>
                </form>
            })}
        </section>
        <ThemesSection base=base.clone() tagged=data.tagged all=data.all_themes/>
        <ActionsSection id=row.id.clone() linked=data.linked all=data.all_actions/>
        <FlagSection base=base.clone() flag=data.flag/>
        <NotesSection base notes=data.notes/>
    }
}

#[component]
fn StatusSection(base: String, status: Status, may_quote: bool) -> impl IntoView {
    let button = move |to: Status, label: &'static str| {
        (status != to).then(|| {
            view! {
                <form method="post" action=format!("{base}/status")>
                    <input type="hidden" name="status" value=to.as_str()/>
                    <button type="submit" class="button button-secondary">{label}</button>
                </form>
            }
        })
    };
    view! {
        <section aria-labelledby="status-title">
            <h2 id="status-title">"Publish or hide"</h2>
            <p>{format!("Status: {}.", status.label())}</p>
            <div class="actions">
                {if may_quote {
                    button(Status::Published, "Publish as a quote").into_any()
                } else {
                    view! { <p class="hint">"They did not agree to be quoted, so this cannot be published."</p> }.into_any()
                }}
                {button(Status::Hidden, "Hide")}
                {button(Status::New, "Move back to new")}
            </div>
        </section>
    }
}

#[component]
fn ThemesSection(base: String, tagged: Vec<(i64, String)>, all: Vec<Theme>) -> impl IntoView {
    let untagged: Vec<Theme> = all
        .into_iter()
        .filter(|t| !tagged.iter().any(|(id, _)| *id == t.id))
        .collect();
    let has_choices = !untagged.is_empty();
    view! {
        <section aria-labelledby="themes-title">
            <h2 id="themes-title">"Themes"</h2>
            {tagged.is_empty().then(|| view! { <p>"No themes yet."</p> })}
            <ul class="people">
                {tagged.into_iter().map(|(id, name)| view! {
                    <li class="inline-form">
                        <span class="tag tag-theme">{name.clone()}</span>
                        <form method="post" action=format!("{base}/themes/{id}/remove")>
                            <button type="submit" class="button button-secondary" aria-label=format!("Remove theme {name}")>
                                "Remove"
                            </button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
            {has_choices.then(|| view! {
                <form method="post" action=format!("{base}/themes") class="inline-form">
                    <label class="label" for="add-theme">"Add a theme"</label>
                    <select class="input" id="add-theme" name="theme">
                        {untagged.into_iter().map(|t| view! { <option value=t.id.to_string()>{t.name}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button button-secondary">"Add theme"</button>
                </form>
            })}
            <form method="post" action=format!("{base}/themes") class="inline-form">
                <label class="label" for="new-theme">"Or a new theme"</label>
                <input class="input" id="new-theme" name="name" maxlength="60" required/>
                <button type="submit" class="button button-secondary">"Create and add"</button>
            </form>
        </section>
    }
}

/// The actions this submission is linked to, and a way to link it to another.
#[component]
fn ActionsSection(
    id: String,
    linked: Vec<(i64, String)>,
    all: Vec<(i64, String)>,
) -> impl IntoView {
    let unlinked: Vec<(i64, String)> = all
        .into_iter()
        .filter(|(a, _)| !linked.iter().any(|(l, _)| l == a))
        .collect();
    let page = format!("/inbox/{id}");
    view! {
        <section aria-labelledby="actions-title">
            <h2 id="actions-title">"Actions"</h2>
            <p class="hint">"What you are doing about it. The participant sees published actions with their receipt."</p>
            {linked.is_empty().then(|| view! { <p>"Not linked to an action yet."</p> })}
            <ul class="people">
                {linked.into_iter().map(|(action, title)| view! {
                    <li class="inline-form">
                        <a href=format!("/actions/{action}")>{title.clone()}</a>
                        <form method="post" action=format!("/actions/{action}/submissions/{id}/remove")>
                            <button type="submit" class="button button-secondary" aria-label=format!("Unlink from {title}")>
                                "Unlink"
                            </button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
            {if unlinked.is_empty() {
                view! { <p><a href="/actions">"Create an action"</a></p> }.into_any()
            } else {
                view! {
                    <form method="post" action="/actions/link" class="inline-form">
                        <input type="hidden" name="back" value=page/>
                        <input type="hidden" name="submission" value=id.clone()/>
                        <label class="label" for="link-action">"Link to an action"</label>
                        <select class="input" id="link-action" name="action">
                            {unlinked.into_iter().map(|(a, title)| view! { <option value=a.to_string()>{title}</option> }).collect_view()}
                        </select>
                        <button type="submit" class="button button-secondary">"Link"</button>
                    </form>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn FlagSection(base: String, flag: Option<FlagView>) -> impl IntoView {
    let action = format!("{base}/safeguarding");
    let raise = |action: String, label: &'static str| {
        view! {
            <form method="post" action=action class="narrow">
                <input type="hidden" name="state" value="open"/>
                <div class="field">
                    <label class="label" for="flag-reason">"What worries you (optional)"</label>
                    <textarea class="input" id="flag-reason" name="note" rows="3" maxlength="4000"></textarea>
                </div>
                <button type="submit" class="button">{label}</button>
            </form>
        }
    };
    let body = match flag {
        None => view! {
            <p>"Flag this if someone may be at risk. Open flags are listed oldest first on the safeguarding page."</p>
            {raise(action, "Flag for safeguarding")}
        }
        .into_any(),
        Some(f) if f.state == FlagState::Closed => view! {
            <p>{format!("Closed. Raised {}. Closed {}.", f.raised, f.updated)}</p>
            <p>{format!("What was done: {}", f.close_note)}</p>
            {raise(action, "Flag again")}
        }
        .into_any(),
        Some(f) => view! {
            <p>{format!("{}. Raised {}.", f.state.label(), f.raised)}</p>
            {(!f.reason.is_empty()).then(|| view! { <p>{format!("Why: {}", f.reason)}</p> })}
            {(f.state == FlagState::Open).then(|| view! {
                <form method="post" action=action.clone()>
                    <input type="hidden" name="state" value="in_progress"/>
                    <button type="submit" class="button button-secondary">"Mark in progress"</button>
                </form>
            })}
            <form method="post" action=action class="narrow">
                <input type="hidden" name="state" value="closed"/>
                <div class="field">
                    <label class="label" for="close-note">"What was done"</label>
                    <textarea class="input" id="close-note" name="note" rows="3" maxlength="4000" required></textarea>
                </div>
                <button type="submit" class="button">"Close the flag"</button>
            </form>
        }
        .into_any(),
    };
    view! {
        <section aria-labelledby="flag-title">
            <h2 id="flag-title">"Safeguarding"</h2>
            {body}
        </section>
    }
}

#[component]
fn NotesSection(base: String, notes: Vec<NoteView>) -> impl IntoView {
    view! {
        <section aria-labelledby="notes-title">
            <h2 id="notes-title">"Private notes"</h2>
            <p class="hint">"Only coordinators see notes. Participants and the public never do."</p>
            {notes.is_empty().then(|| view! { <p>"No notes yet."</p> })}
            <ol class="people">
                {notes.into_iter().map(|n| view! {
                    <li class="inbox-item">
                        <p class="note-body">{n.body}</p>
                        <p class="hint">{format!("{}, {}", n.author, n.at)}</p>
                    </li>
                }).collect_view()}
            </ol>
            <form method="post" action=format!("{base}/notes") class="narrow">
                <div class="field">
                    <label class="label" for="note">"Add a note"</label>
                    <textarea class="input" id="note" name="note" rows="3" maxlength="4000" required></textarea>
                </div>
                <button type="submit" class="button button-secondary">"Add note"</button>
            </form>
        </section>
    }
}
