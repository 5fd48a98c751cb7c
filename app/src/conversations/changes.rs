//! Conversation changes (server only): what the editor's forms do. Each checks its input with the rules
//! in `domain::conversation`, changes storage through the trait, and records who did it in the audit
//! log in the same transaction. The HTTP handlers have already checked the role.

use super::PROBLEMS;
use crate::context::Ctx;
use crate::domain::{
    check_questions, conversation_id, next_question_id, parse_question, parse_title,
    parse_translation, with_translation, Conversation, EditProblem, Lang, PromisesForm, Question,
    User,
};
use crate::error::AppError;
use crate::store::{AuditRecord, StoreError};

fn problem(p: EditProblem) -> AppError {
    crate::notice::problem(PROBLEMS, p.code())
}

fn record(user: &User, action: &'static str, id: &str) -> AuditRecord {
    AuditRecord {
        actor: Some(user.id),
        action,
        subject: format!("conversation {id}"),
    }
}

async fn find(ctx: &Ctx, id: &str) -> Result<Conversation, AppError> {
    ctx.store
        .conversations()
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(AppError::NotFound)
}

/// Makes a new, closed conversation and returns its id.
pub async fn create(ctx: &Ctx, user: &User, title: &str) -> Result<String, AppError> {
    let title = parse_title(title).map_err(problem)?;
    let taken: Vec<String> = ctx
        .store
        .conversations()
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let id = conversation_id(&title, &taken);
    match ctx
        .store
        .create_conversation(&id, &title, &record(user, "conversation.created", &id))
        .await
    {
        // Two coordinators picking the same title at the same moment: the second tries once more.
        Err(StoreError::Conflict) => Err(crate::notice::problem(PROBLEMS, "busy")),
        other => Ok(other.map(|()| id)?),
    }
}

/// Saves the title and the promises.
pub async fn save(
    ctx: &Ctx,
    user: &User,
    id: &str,
    title: &str,
    promises: &PromisesForm,
) -> Result<(), AppError> {
    let title = parse_title(title).map_err(problem)?;
    let promises = promises.parse().map_err(problem)?;
    ctx.store
        .update_conversation(
            id,
            &title,
            &promises,
            &record(user, "conversation.updated", id),
        )
        .await?;
    Ok(())
}

/// The language staff write the conversation in (`code`: `en`, `pl`, `ar`).
pub async fn set_language(ctx: &Ctx, user: &User, id: &str, code: &str) -> Result<(), AppError> {
    let lang = Lang::from_code(code).ok_or(problem(EditProblem::Language))?;
    ctx.store
        .set_language(id, lang, &record(user, "conversation.language_set", id))
        .await?;
    Ok(())
}

/// Saves the translation into `code` from the translate page's fields (part key → words); blank
/// boxes leave that part untranslated.
pub async fn translate(
    ctx: &Ctx,
    user: &User,
    id: &str,
    code: &str,
    fields: &[(String, String)],
) -> Result<(), AppError> {
    let lang = Lang::from_code(code).ok_or(problem(EditProblem::Language))?;
    let c = find(ctx, id).await?;
    let words = parse_translation(&c, fields).map_err(problem)?;
    let all = with_translation(&c.translations, lang, words);
    ctx.store
        .set_translations(id, &all, &record(user, "conversation.translated", id))
        .await?;
    Ok(())
}

/// Opens (needs at least one question) or closes a conversation. Closing loses nothing: what is still
/// in participants' outboxes is accepted later and marked late.
pub async fn set_open(ctx: &Ctx, user: &User, id: &str, open: bool) -> Result<(), AppError> {
    let c = find(ctx, id).await?;
    if open && c.questions.is_empty() {
        return Err(problem(EditProblem::NoQuestions));
    }
    let action = if open {
        "conversation.opened"
    } else {
        "conversation.closed"
    };
    ctx.store
        .set_open(id, open, &record(user, action, id))
        .await?;
    Ok(())
}

/// Replaces the questions after checking the change keeps answered questions intact.
async fn replace(
    ctx: &Ctx,
    user: &User,
    c: &Conversation,
    new: Vec<Question>,
) -> Result<(), AppError> {
    let answered = ctx
        .store
        .submission_counts()
        .await?
        .iter()
        .any(|(id, n)| *id == c.id && *n > 0);
    check_questions(&c.questions, &new, answered).map_err(problem)?;
    if c.open && new.is_empty() {
        return Err(problem(EditProblem::NoQuestions));
    }
    ctx.store
        .set_questions(
            &c.id,
            &new,
            &record(user, "conversation.questions_changed", &c.id),
        )
        .await?;
    Ok(())
}

pub async fn add_question(
    ctx: &Ctx,
    user: &User,
    id: &str,
    prompt: &str,
    kind: &str,
    choices: &str,
) -> Result<(), AppError> {
    let c = find(ctx, id).await?;
    let q = parse_question(next_question_id(&c.questions), prompt, kind, choices, None)
        .map_err(problem)?;
    let mut new = c.questions.clone();
    new.push(q);
    replace(ctx, user, &c, new).await
}

/// The conversation and where `question` stands in it; `NotFound` when either is missing.
async fn find_question(
    ctx: &Ctx,
    id: &str,
    question: &str,
) -> Result<(Conversation, usize), AppError> {
    let c = find(ctx, id).await?;
    let at = c
        .questions
        .iter()
        .position(|q| q.id == question)
        .ok_or(AppError::NotFound)?;
    Ok((c, at))
}

pub async fn edit_question(
    ctx: &Ctx,
    user: &User,
    id: &str,
    question: &str,
    prompt: &str,
    kind: &str,
    choices: &str,
) -> Result<(), AppError> {
    let (c, at) = find_question(ctx, id, question).await?;
    let q = parse_question(
        question.to_string(),
        prompt,
        kind,
        choices,
        Some(&c.questions[at]),
    )
    .map_err(problem)?;
    let mut new = c.questions.clone();
    new[at] = q;
    replace(ctx, user, &c, new).await
}

/// Moves a question one place up or down; at either end it stays.
pub async fn move_question(
    ctx: &Ctx,
    user: &User,
    id: &str,
    question: &str,
    up: bool,
) -> Result<(), AppError> {
    let (c, at) = find_question(ctx, id, question).await?;
    let to = if up { at.checked_sub(1) } else { Some(at + 1) };
    let mut new = c.questions.clone();
    match to {
        Some(to) if to < new.len() => new.swap(at, to),
        _ => return Ok(()),
    }
    replace(ctx, user, &c, new).await
}

pub async fn remove_question(
    ctx: &Ctx,
    user: &User,
    id: &str,
    question: &str,
) -> Result<(), AppError> {
    let (c, _) = find_question(ctx, id, question).await?;
    let new = c
        .questions
        .iter()
        .filter(|q| q.id != question)
        .cloned()
        .collect();
    replace(ctx, user, &c, new).await
}
