//! `SubmissionStore` for both backends, written once: Submissions arriving, and what their receipt
//! codes reach. Invoked by `impl_store!` (`store_impl.rs`) with each backend's types.

macro_rules! impl_submissions {
    (
        $store:ty, $writer:ident, $db:ty, $conn:ty,
        id: $id:path, stored_id: $stored_id:ty, time: $time:path, dialect: $dialect:ident $(,)?
    ) => {
        #[async_trait::async_trait]
        impl app::store::SubmissionStore for $store {
            async fn ping(&self) -> Result<(), StoreError> {
                sqlx::query("SELECT 1")
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }

            async fn insert_submissions(
                &self,
                records: &[SubmissionRecord],
                received_at: DateTime<Utc>,
            ) -> Result<Vec<InsertOutcome>, StoreError> {
                // SQLite: the first statement writes, so the transaction takes the write lock at once
                // and concurrent batches queue on the busy timeout. PostgreSQL (READ COMMITTED): an
                // insert meeting another server's uncommitted row with the same id waits for it, then
                // skips; the lookup after it is a new statement and sees the committed row.
                let mut tx = self.pool.begin().await.map_err(db)?;
                let outcomes = insert::insert(&mut $writer(&mut *tx), records, received_at).await?;
                tx.commit().await.map_err(db)?;
                Ok(outcomes)
            }

            async fn receipt(
                &self,
                receipt: &ReceiptCode,
            ) -> Result<Option<app::domain::ReceiptSubmission>, StoreError> {
                let row: Option<super::ReceiptRow<$stored_id>> = sqlx::query_as(sql::RECEIPT)
                    .bind(receipt.as_compact())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db)?;
                row.map(super::ReceiptRow::into_receipt).transpose()
            }

            async fn withdraw(
                &self,
                receipt: &ReceiptCode,
                audit: &(dyn Fn(Uuid) -> app::store::AuditRecord + Sync),
            ) -> Result<bool, StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                let id: Option<$stored_id> = sqlx::query_scalar(sql::WITHDRAW)
                    .bind(receipt.as_compact())
                    .bind($time(Utc::now()))
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db)?;
                let Some(id) = id else {
                    tx.rollback().await.map_err(db)?;
                    return Ok(false);
                };
                let id: Uuid = id.into();
                for statement in [
                    sql::DELETE_NOTES,
                    sql::DELETE_TAGS,
                    sql::DELETE_LINKS,
                    sql::CLEAR_FLAG_WORDS,
                ] {
                    sqlx::query(statement)
                        .bind($id(id))
                        .execute(&mut *tx)
                        .await
                        .map_err(db)?;
                }
                audited(tx, &audit(id)).await?;
                Ok(true)
            }

            async fn note_receipt_visit(&self, receipt: &ReceiptCode) -> Result<(), StoreError> {
                sqlx::query(sql::NOTE_RECEIPT_VISIT)
                    .bind(receipt.as_compact())
                    .bind($time(Utc::now()))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }
        }
    };
}
