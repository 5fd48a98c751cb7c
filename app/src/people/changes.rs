//! Account changes (server only): what the people and account forms do. Each checks its input, changes
//! storage through the trait and writes the audit log. The HTTP handlers have already checked the role.

use crate::auth::session::{hash_password, token_hash, verify_password};
use crate::context::Ctx;
use crate::domain::{Email, NewPassword, Role, User};
use crate::error::AppError;
use crate::store::StoreError;

use super::problem;

fn new_password(input: &str) -> Result<NewPassword, AppError> {
    NewPassword::parse(input).map_err(|_| problem("password"))
}

/// An admin adds an account.
pub async fn add_account(
    ctx: &Ctx,
    admin: &User,
    email: &str,
    role: &str,
    password: &str,
) -> Result<User, AppError> {
    let email = Email::parse(email).ok_or_else(|| problem("email"))?;
    let role = Role::parse(role).ok_or_else(|| problem("role"))?;
    let hash = hash_password(&new_password(password)?).await?;
    let user = match ctx.store.create_user(&email, &hash, role).await {
        Err(StoreError::Conflict) => return Err(problem("taken")),
        other => other?,
    };
    ctx.store
        .audit(
            Some(admin.id),
            "user.created",
            &format!("{} as {}", email.as_str(), role.as_str()),
        )
        .await?;
    Ok(user)
}

/// The account with this id, for naming it in the audit log.
async fn account(ctx: &Ctx, user_id: i64) -> Result<User, AppError> {
    ctx.store
        .accounts()
        .await?
        .into_iter()
        .map(|a| a.user)
        .find(|u| u.id == user_id)
        .ok_or(AppError::NotFound)
}

/// An admin disables or enables someone else's account. Disabling ends its sessions at once.
pub async fn set_disabled(
    ctx: &Ctx,
    admin: &User,
    user_id: i64,
    disabled: bool,
) -> Result<(), AppError> {
    if user_id == admin.id {
        return Err(problem("self"));
    }
    let user = account(ctx, user_id).await?;
    ctx.store.set_disabled(user_id, disabled).await?;
    let action = if disabled {
        "user.disabled"
    } else {
        "user.enabled"
    };
    ctx.store
        .audit(Some(admin.id), action, user.email.as_str())
        .await?;
    Ok(())
}

/// An admin sets a new password for someone who forgot theirs; their sessions end.
pub async fn reset_password(
    ctx: &Ctx,
    admin: &User,
    user_id: i64,
    password: &str,
) -> Result<(), AppError> {
    let hash = hash_password(&new_password(password)?).await?;
    let user = account(ctx, user_id).await?;
    ctx.store.set_password(user_id, &hash, None).await?;
    ctx.store
        .audit(Some(admin.id), "user.password_reset", user.email.as_str())
        .await?;
    Ok(())
}

/// Someone changes their own password. Their other sessions end; the one making the change stays.
pub async fn change_own_password(
    ctx: &Ctx,
    user: &User,
    session_token: &str,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let new = new_password(new)?;
    let stored = ctx.store.credentials(&user.email).await?;
    let right = match &stored {
        Some((_, hash)) => verify_password(current, hash).await?,
        None => false,
    };
    if !right {
        return Err(problem("current"));
    }
    let hash = hash_password(&new).await?;
    ctx.store
        .set_password(user.id, &hash, Some(&token_hash(session_token)))
        .await?;
    ctx.store
        .audit(Some(user.id), "user.password_changed", user.email.as_str())
        .await?;
    Ok(())
}
