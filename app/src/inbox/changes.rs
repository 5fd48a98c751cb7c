//! Moderation changes (server only): what the forms on the submission and themes pages do. Each checks
//! its input, then changes storage through the trait with its audit entry in the same transaction. The
//! HTTP handlers have already checked the role. Audit entries name submissions by id and never copy
//! what anyone wrote: the log is permanent, and removed personal details must not live on in it.

use super::PROBLEMS;
use crate::context::Ctx;
use crate::domain::{
    note_text, redact as redact_words, theme_name, FlagState, RedactError, Status, User,
};
use crate::error::AppError;
use crate::store::{AuditRecord, StoreError};
use uuid::Uuid;

fn problem(code: &str) -> AppError {
    crate::notice::problem(PROBLEMS, code)
}

fn submission_subject(id: Uuid) -> String {
    format!("submission {id}")
}

/// Publish (only with quote consent), hide, or move back to new.
pub async fn set_status(ctx: &Ctx, user: &User, id: Uuid, status: &str) -> Result<(), AppError> {
    let status = Status::parse(status).ok_or_else(|| problem("status"))?;
    let detail = ctx.store.submission(id).await?.ok_or(AppError::NotFound)?;
    if status == Status::Published && !detail.entry.consent.quote {
        return Err(problem("no_consent"));
    }
    let action = match status {
        Status::Published => "submission.published",
        Status::Hidden => "submission.hidden",
        Status::New => "submission.unpublished",
    };
    ctx.store
        .set_status(
            id,
            status,
            &AuditRecord::by(user, action, submission_subject(id)),
        )
        .await?;
    Ok(())
}

/// Removes `words` from one text answer, in what the public and the participant see.
pub async fn redact(
    ctx: &Ctx,
    user: &User,
    id: Uuid,
    question: &str,
    words: &str,
) -> Result<(), AppError> {
    let detail = ctx.store.submission(id).await?.ok_or(AppError::NotFound)?;
    let current = detail.entry.public_answers.unwrap_or(detail.entry.answers);
    let redacted = redact_words(&current, question, words).map_err(|e| match e {
        RedactError::NoWords | RedactError::NotFound => problem("words"),
    })?;
    let removed = words.trim().chars().count();
    let subject = format!(
        "{}: {removed} characters removed from the answer to '{}'",
        submission_subject(id),
        question.chars().take(40).collect::<String>()
    );
    ctx.store
        .set_public_answers(
            id,
            Some(&redacted),
            &AuditRecord::by(user, "submission.redacted", subject),
        )
        .await?;
    Ok(())
}

/// Shows the original to everyone again.
pub async fn unredact(ctx: &Ctx, user: &User, id: Uuid) -> Result<(), AppError> {
    ctx.store
        .set_public_answers(
            id,
            None,
            &AuditRecord::by(user, "submission.unredacted", submission_subject(id)),
        )
        .await?;
    Ok(())
}

/// The theme with this name, made if there is none.
async fn theme_by_name(ctx: &Ctx, user: &User, name: &str) -> Result<i64, AppError> {
    let name = theme_name(name).ok_or_else(|| problem("theme_name"))?;
    if let Some(t) = ctx
        .store
        .themes()
        .await?
        .into_iter()
        .find(|t| t.name.to_lowercase() == name.to_lowercase())
    {
        return Ok(t.id);
    }
    Ok(create_theme(ctx, user, &name).await?)
}

/// Adds a theme to a submission: an existing one by id, or a new one by name.
pub async fn tag(
    ctx: &Ctx,
    user: &User,
    id: Uuid,
    theme: Option<&str>,
    name: Option<&str>,
) -> Result<(), AppError> {
    let theme = match (
        theme.filter(|t| !t.is_empty()),
        name.filter(|n| !n.trim().is_empty()),
    ) {
        (_, Some(name)) => theme_by_name(ctx, user, name).await?,
        (Some(theme), None) => theme.parse::<i64>().map_err(|_| problem("theme"))?,
        (None, None) => return Err(problem("theme")),
    };
    let subject = format!("{} tagged with theme {theme}", submission_subject(id));
    ctx.store
        .set_tagged(
            id,
            theme,
            true,
            &AuditRecord::by(user, "submission.tagged", subject),
        )
        .await?;
    Ok(())
}

pub async fn untag(ctx: &Ctx, user: &User, id: Uuid, theme: i64) -> Result<(), AppError> {
    let subject = format!("{}: theme {theme} removed", submission_subject(id));
    ctx.store
        .set_tagged(
            id,
            theme,
            false,
            &AuditRecord::by(user, "submission.untagged", subject),
        )
        .await?;
    Ok(())
}

/// Fails with "taken" when another theme has this name in any case: "Food" and "food" are one theme.
async fn name_free(ctx: &Ctx, name: &str, except: Option<i64>) -> Result<(), AppError> {
    let lower = name.to_lowercase();
    let taken = ctx
        .store
        .themes()
        .await?
        .iter()
        .any(|t| Some(t.id) != except && t.name.to_lowercase() == lower);
    if taken {
        Err(problem("theme_taken"))
    } else {
        Ok(())
    }
}

pub async fn create_theme(ctx: &Ctx, user: &User, name: &str) -> Result<i64, AppError> {
    let name = theme_name(name).ok_or_else(|| problem("theme_name"))?;
    name_free(ctx, &name, None).await?;
    let audit = AuditRecord::by(user, "theme.created", name.clone());
    match ctx.store.create_theme(&name, &audit).await {
        Err(StoreError::Conflict) => Err(problem("theme_taken")),
        other => Ok(other?.id),
    }
}

pub async fn rename_theme(ctx: &Ctx, user: &User, id: i64, name: &str) -> Result<(), AppError> {
    let name = theme_name(name).ok_or_else(|| problem("theme_name"))?;
    name_free(ctx, &name, Some(id)).await?;
    let old = ctx
        .store
        .themes()
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(AppError::NotFound)?;
    let audit = AuditRecord::by(
        user,
        "theme.renamed",
        format!("theme {id}: '{}' to '{name}'", old.name),
    );
    match ctx.store.rename_theme(id, &name, &audit).await {
        Err(StoreError::Conflict) => Err(problem("theme_taken")),
        other => Ok(other?),
    }
}

pub async fn merge_themes(ctx: &Ctx, user: &User, from: i64, into: &str) -> Result<(), AppError> {
    let into = into.parse::<i64>().map_err(|_| problem("merge"))?;
    if into == from {
        return Err(problem("merge"));
    }
    let themes = ctx.store.themes().await?;
    let name = |id: i64| {
        themes
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.clone())
            .ok_or(AppError::NotFound)
    };
    let subject = format!(
        "theme {from} '{}' merged into theme {into} '{}'",
        name(from)?,
        name(into)?
    );
    ctx.store
        .merge_themes(from, into, &AuditRecord::by(user, "theme.merged", subject))
        .await?;
    Ok(())
}

/// Raises a safeguarding flag (`open`), marks it in progress, or closes it with a note.
pub async fn flag(
    ctx: &Ctx,
    user: &User,
    id: Uuid,
    state: &str,
    note: &str,
) -> Result<(), AppError> {
    let state = FlagState::parse(state).ok_or_else(|| problem("flag_state"))?;
    let subject = submission_subject(id);
    let result = match state {
        FlagState::Open => {
            let reason = note_text(note).ok_or_else(|| problem("note"))?;
            ctx.store
                .raise_flag(
                    id,
                    &reason,
                    &AuditRecord::by(user, "safeguarding.raised", subject),
                )
                .await
        }
        FlagState::InProgress => {
            ctx.store
                .update_flag(
                    id,
                    state,
                    "",
                    &AuditRecord::by(user, "safeguarding.in_progress", subject),
                )
                .await
        }
        FlagState::Closed => {
            let close_note = note_text(note)
                .filter(|n| !n.is_empty())
                .ok_or_else(|| problem("close_note"))?;
            ctx.store
                .update_flag(
                    id,
                    state,
                    &close_note,
                    &AuditRecord::by(user, "safeguarding.closed", subject),
                )
                .await
        }
    };
    match result {
        // Moving on a flag that was never raised: say so, rather than "not found".
        Err(StoreError::NotFound) if state != FlagState::Open => {
            match ctx.store.submission(id).await? {
                Some(_) => Err(problem("not_flagged")),
                None => Err(AppError::NotFound),
            }
        }
        other => Ok(other?),
    }
}

pub async fn add_note(ctx: &Ctx, user: &User, id: Uuid, body: &str) -> Result<(), AppError> {
    let body = note_text(body)
        .filter(|b| !b.is_empty())
        .ok_or_else(|| problem("note"))?;
    ctx.store.add_note(id, user.id, &body).await?;
    Ok(())
}
