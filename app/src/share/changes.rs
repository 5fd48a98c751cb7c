//! What a participant changes with a receipt code (server only): taking their answers back.

use crate::domain::ReceiptCode;
use crate::error::AppError;

/// Takes back the answers behind a receipt (server only; the form posts to `/receipt/{code}/withdraw`).
/// Their words are deleted, not hidden; the audit log records that it happened, without the words.
/// Pressing twice is fine: the second finds them already gone.
pub async fn withdraw(ctx: &crate::context::Ctx, code: &str) -> Result<(), AppError> {
    let code = ReceiptCode::parse(code).ok_or(AppError::NotFound)?;
    let audit = |id: uuid::Uuid| crate::store::AuditRecord {
        actor: None,
        action: "submission.withdrawn",
        subject: format!("submission {id}: taken back by the participant; its words were deleted"),
    };
    if ctx.store.withdraw(&code, &audit).await? {
        return Ok(());
    }
    match ctx.store.receipt(&code).await? {
        Some(r) if r.withdrawn => Ok(()),
        _ => Err(AppError::NotFound),
    }
}
