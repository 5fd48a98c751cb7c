//! Action changes (server only): what the action forms and the inbox's link form do. Each checks its
//! input with the rules in `domain::action`, changes storage through the trait, and writes its audit
//! entry in the same transaction. The HTTP handlers have already checked the role. Audit entries name
//! actions and submissions by id and copy no participant's words.

use super::{MAX_LINK, PROBLEMS};
use crate::context::Ctx;
use crate::domain::{
    action_text, action_title, parse_parts, with_translation, ActionForm, Lang, User,
};
use crate::error::AppError;
use crate::store::AuditRecord;
use uuid::Uuid;

fn problem(code: &str) -> AppError {
    crate::notice::problem(PROBLEMS, code)
}

/// A new draft action; returns its id.
pub async fn create(ctx: &Ctx, user: &User, title: &str) -> Result<i64, AppError> {
    let title = action_title(title).map_err(|p| problem(p.code()))?;
    // The store puts the new id in front of the subject.
    let audit = AuditRecord::by(user, "action.created", format!("'{title}'"));
    Ok(ctx.store.create_action(&title, &audit).await?)
}

/// Saves what the action says and the themes it answers. `themes` are the ticked boxes as sent.
pub async fn save(
    ctx: &Ctx,
    user: &User,
    id: i64,
    form: &ActionForm,
    themes: &[String],
) -> Result<(), AppError> {
    let fields = form.parse().map_err(|p| problem(p.code()))?;
    let mut themes: Vec<i64> = themes.iter().filter_map(|t| t.parse().ok()).collect();
    themes.sort_unstable();
    themes.dedup();
    // More boxes than any theme list has is not a real form.
    themes.truncate(MAX_LINK);
    let subject = format!("action {id}: status {}", fields.status.as_str());
    ctx.store
        .save_action(
            id,
            &fields,
            &themes,
            &AuditRecord::by(user, "action.saved", subject),
        )
        .await?;
    Ok(())
}

pub async fn set_published(
    ctx: &Ctx,
    user: &User,
    id: i64,
    published: bool,
) -> Result<(), AppError> {
    let kind = if published {
        "action.published"
    } else {
        "action.unpublished"
    };
    ctx.store
        .set_action_published(
            id,
            published,
            &AuditRecord::by(user, kind, format!("action {id}")),
        )
        .await?;
    Ok(())
}

/// The language the action is written in (`code`: `en`, `pl`, `ar`).
pub async fn set_language(ctx: &Ctx, user: &User, id: i64, code: &str) -> Result<(), AppError> {
    let lang = Lang::from_code(code).ok_or_else(|| problem("language"))?;
    let action = ctx.store.action(id).await?.ok_or(AppError::NotFound)?;
    ctx.store
        .set_action_languages(
            id,
            lang,
            &action.translations,
            &AuditRecord::by(user, "action.language_set", format!("action {id}")),
        )
        .await?;
    Ok(())
}

/// Saves the translation into `code` from the translate page's fields (part key → words); blank
/// boxes leave that part untranslated.
pub async fn translate(
    ctx: &Ctx,
    user: &User,
    id: i64,
    code: &str,
    fields: &[(String, String)],
) -> Result<(), AppError> {
    let lang = Lang::from_code(code).ok_or_else(|| problem("language"))?;
    let action = ctx.store.action(id).await?.ok_or(AppError::NotFound)?;
    let words = parse_parts(&action.parts(), fields).ok_or_else(|| problem("translation"))?;
    let all = with_translation(&action.translations, lang, words);
    ctx.store
        .set_action_languages(
            id,
            action.lang,
            &all,
            &AuditRecord::by(user, "action.translated", format!("action {id}")),
        )
        .await?;
    Ok(())
}

pub async fn add_update(ctx: &Ctx, user: &User, id: i64, body: &str) -> Result<(), AppError> {
    let body = action_text(body)
        .ok()
        .filter(|b| !b.is_empty())
        .ok_or_else(|| problem("update"))?;
    ctx.store
        .add_action_update(
            id,
            Some(user.id),
            &body,
            &AuditRecord::by(user, "action.update_added", format!("action {id}")),
        )
        .await?;
    Ok(())
}

/// Links the ticked submissions to an action. Returns how many links are new.
pub async fn link(
    ctx: &Ctx,
    user: &User,
    action: &str,
    submissions: &[String],
) -> Result<u64, AppError> {
    let action = action.parse::<i64>().map_err(|_| problem("action"))?;
    if submissions.is_empty() {
        return Err(problem("none_picked"));
    }
    if submissions.len() > MAX_LINK {
        return Err(problem("too_many"));
    }
    let mut ids = submissions
        .iter()
        .map(|s| Uuid::parse_str(s).map_err(|_| AppError::NotFound))
        .collect::<Result<Vec<_>, _>>()?;
    ids.sort();
    ids.dedup();
    let list = ids
        .iter()
        .map(Uuid::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let audit = AuditRecord::by(
        user,
        "action.linked",
        format!("action {action}: submissions {list}"),
    );
    Ok(ctx.store.link_submissions(action, &ids, &audit).await?)
}

pub async fn unlink(ctx: &Ctx, user: &User, action: i64, submission: Uuid) -> Result<(), AppError> {
    let audit = AuditRecord::by(
        user,
        "action.unlinked",
        format!("action {action}: submission {submission}"),
    );
    ctx.store
        .unlink_submission(action, submission, &audit)
        .await?;
    Ok(())
}
