//! `impl_store!`: both backends' `Store` implementation, written once.

/// Writes a backend's `Store` and `Writer` implementations from the one shared text below. The dialects
/// differ only in the Rust types they bind, so each backend passes its conversions: `$id` for a UUID
/// (`$stored_id` reading one back) and `$time` for a time. Answers bind as `Json` in both: text in
/// SQLite, `jsonb` in PostgreSQL. A macro
/// rather than generics: sqlx's generic executor and codec bounds would be longer than the code they
/// save, and every query here would carry them.
macro_rules! impl_store {
    (
        $store:ty, $writer:ident, $db:ty, $conn:ty,
        id: $id:path, stored_id: $stored_id:ty, time: $time:path $(,)?
    ) => {
        /// The two insert statements, run on an open transaction.
        struct $writer<'c>(&'c mut $conn);

        #[async_trait::async_trait]
        impl Writer for $writer<'_> {
            async fn insert(
                &mut self,
                rows: &[NewRow<'_>],
                received_at: DateTime<Utc>,
            ) -> Result<Vec<(Uuid, ReceiptCode)>, StoreError> {
                let received_at = $time(received_at);
                let mut insert = QueryBuilder::<$db>::new(sql::INSERT_SUBMISSIONS);
                insert.push_values(rows, |mut b, row| {
                    let s = &row.record.submission;
                    b.push_bind($id(s.id))
                        .push_bind(s.conversation_id.as_str())
                        .push_bind(s.channel.as_str())
                        .push_bind($time(s.created_at))
                        .push_bind(received_at.clone())
                        .push_bind(s.consent.quote)
                        .push_bind(s.consent.board)
                        .push_bind(s.consent.updates)
                        .push_bind(sqlx::types::Json(&s.answers))
                        .push_bind(row.record.fingerprint.as_str())
                        .push_bind(row.receipt.as_compact().to_string())
                        .push_bind(row.record.submitted_by);
                });
                insert.push(sql::INSERT_SUBMISSIONS_TAIL);
                let returned: Vec<($stored_id, String)> = insert
                    .build_query_as()
                    .fetch_all(&mut *self.0)
                    .await
                    .map_err(db)?;
                returned
                    .into_iter()
                    .map(|(id, r)| Ok((id.into(), receipt(&r)?)))
                    .collect()
            }

            async fn existing(
                &mut self,
                ids: &[Uuid],
            ) -> Result<Vec<(Uuid, ReceiptCode, String)>, StoreError> {
                let mut select = QueryBuilder::<$db>::new(sql::EXISTING_SUBMISSIONS);
                select.push("(");
                let mut list = select.separated(", ");
                for id in ids {
                    list.push_bind($id(*id));
                }
                select.push(")");
                let found: Vec<($stored_id, String, String)> = select
                    .build_query_as()
                    .fetch_all(&mut *self.0)
                    .await
                    .map_err(db)?;
                found
                    .into_iter()
                    .map(|(id, r, fingerprint)| Ok((id.into(), receipt(&r)?, fingerprint)))
                    .collect()
            }
        }

        #[async_trait::async_trait]
        impl app::store::Store for $store {
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
                let outcomes =
                    submissions::insert(&mut $writer(&mut *tx), records, received_at).await?;
                tx.commit().await.map_err(db)?;
                Ok(outcomes)
            }

            async fn inbox(
                &self,
                before: Option<&InboxCursor>,
                limit: u32,
            ) -> Result<Vec<InboxEntry>, StoreError> {
                let limit = i64::from(limit);
                let rows: Vec<InboxRow<$stored_id>> = match before {
                    Some(cursor) => sqlx::query_as(sql::INBOX_AFTER)
                        .bind($time(cursor.received_at))
                        .bind($id(cursor.id))
                        .bind(limit)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db)?,
                    None => sqlx::query_as(sql::INBOX_FIRST)
                        .bind(limit)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db)?,
                };
                rows.into_iter().map(InboxRow::into_entry).collect()
            }

            async fn ping(&self) -> Result<(), StoreError> {
                sqlx::query("SELECT 1")
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }

            async fn conversations(&self) -> Result<Vec<Conversation>, StoreError> {
                let rows: Vec<ConversationRow> = sqlx::query_as(sql::CONVERSATIONS)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db)?;
                let questions: Vec<QuestionRow> = sqlx::query_as(sql::QUESTIONS)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db)?;
                super::conversations(rows, questions)
            }

            async fn receipt_conversation(
                &self,
                receipt: &ReceiptCode,
            ) -> Result<Option<String>, StoreError> {
                sqlx::query_scalar(sql::RECEIPT_CONVERSATION)
                    .bind(receipt.as_compact())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db)
            }

            async fn count_users(&self) -> Result<i64, StoreError> {
                sqlx::query_scalar(sql::COUNT_USERS)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db)
            }

            async fn create_user(
                &self,
                email: &Email,
                password_hash: &str,
                role: Role,
            ) -> Result<User, StoreError> {
                let id: i64 = sqlx::query_scalar(sql::CREATE_USER)
                    .bind(email.as_str())
                    .bind(password_hash)
                    .bind(role.as_str())
                    .bind($time(Utc::now()))
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(User {
                    id,
                    email: email.clone(),
                    role,
                })
            }

            async fn add_setup_token(&self, token_hash: &str) -> Result<(), StoreError> {
                sqlx::query(sql::ADD_SETUP_TOKEN)
                    .bind(token_hash)
                    .bind($time(Utc::now()))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }

            async fn create_first_user(
                &self,
                setup_token_hash: &str,
                email: &Email,
                password_hash: &str,
                role: Role,
            ) -> Result<Option<User>, StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                let taken: Vec<String> = sqlx::query_scalar(sql::TAKE_SETUP_TOKENS)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db)?;
                if !taken.iter().any(|t| t == setup_token_hash) {
                    return Ok(None); // dropping the transaction rolls it back
                }
                let id: Option<i64> = sqlx::query_scalar(sql::CREATE_FIRST_USER)
                    .bind(email.as_str())
                    .bind(password_hash)
                    .bind(role.as_str())
                    .bind($time(Utc::now()))
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db)?;
                tx.commit().await.map_err(db)?;
                Ok(id.map(|id| User {
                    id,
                    email: email.clone(),
                    role,
                }))
            }

            async fn accounts(&self) -> Result<Vec<app::domain::Account>, StoreError> {
                let rows: Vec<super::AccountRow> = sqlx::query_as(sql::ACCOUNTS)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db)?;
                rows.into_iter()
                    .map(super::AccountRow::into_account)
                    .collect()
            }

            async fn set_disabled(&self, user_id: i64, disabled: bool) -> Result<(), StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                let changed = sqlx::query(sql::SET_DISABLED)
                    .bind(disabled)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?
                    .rows_affected();
                if changed == 0 {
                    return Err(StoreError::NotFound);
                }
                if disabled {
                    sqlx::query(sql::END_SESSIONS)
                        .bind(user_id)
                        .bind("")
                        .execute(&mut *tx)
                        .await
                        .map_err(db)?;
                }
                tx.commit().await.map_err(db)
            }

            async fn set_password(
                &self,
                user_id: i64,
                password_hash: &str,
                keep: Option<&str>,
            ) -> Result<(), StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                let changed = sqlx::query(sql::SET_PASSWORD)
                    .bind(password_hash)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?
                    .rows_affected();
                if changed == 0 {
                    return Err(StoreError::NotFound);
                }
                sqlx::query(sql::END_SESSIONS)
                    .bind(user_id)
                    .bind(keep.unwrap_or(""))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                tx.commit().await.map_err(db)
            }

            async fn audit_entries(
                &self,
                kind: Option<&str>,
                before: Option<i64>,
                limit: u32,
            ) -> Result<Vec<app::audit::AuditEntry>, StoreError> {
                let rows: Vec<super::AuditRow> = sqlx::query_as(sql::AUDIT_ENTRIES)
                    .bind(kind.unwrap_or(""))
                    .bind(before.unwrap_or(0))
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(rows.into_iter().map(super::AuditRow::into_entry).collect())
            }

            async fn credentials(
                &self,
                email: &Email,
            ) -> Result<Option<(User, String)>, StoreError> {
                let row: Option<CredentialsRow> = sqlx::query_as(sql::CREDENTIALS)
                    .bind(email.as_str())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db)?;
                row.map(CredentialsRow::into_pair).transpose()
            }

            async fn create_session(
                &self,
                token_hash: &str,
                user_id: i64,
                expires_at: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                sqlx::query(sql::CREATE_SESSION)
                    .bind(token_hash)
                    .bind(user_id)
                    .bind($time(Utc::now()))
                    .bind($time(expires_at))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }

            async fn session_user(
                &self,
                token_hash: &str,
                now: DateTime<Utc>,
            ) -> Result<Option<User>, StoreError> {
                let row: Option<UserRow> = sqlx::query_as(sql::SESSION_USER)
                    .bind(token_hash)
                    .bind($time(now))
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db)?;
                row.map(UserRow::into_user).transpose()
            }

            async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
                sqlx::query(sql::DELETE_SESSION)
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }

            async fn audit(
                &self,
                actor: Option<i64>,
                action: &str,
                subject: &str,
            ) -> Result<(), StoreError> {
                sqlx::query(sql::AUDIT)
                    .bind($time(Utc::now()))
                    .bind(actor)
                    .bind(action)
                    .bind(subject)
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }
        }
    };
}
