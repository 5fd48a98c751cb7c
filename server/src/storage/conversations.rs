//! `ConversationStore` for both backends, written once: Conversations and their questions. Invoked
//! by `impl_store!` (`store_impl.rs`) with each backend's types.

macro_rules! impl_conversations {
    (
        $store:ty, $writer:ident, $db:ty, $conn:ty,
        id: $id:path, stored_id: $stored_id:ty, time: $time:path, dialect: $dialect:ident $(,)?
    ) => {
        #[async_trait::async_trait]
        impl app::store::ConversationStore for $store {
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

            async fn create_conversation(
                &self,
                id: &str,
                title: &str,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                sqlx::query(sql::CREATE_CONVERSATION)
                    .bind(id)
                    .bind(title)
                    .bind(false)
                    .bind($time(Utc::now()))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                audited(tx, audit).await
            }

            async fn update_conversation(
                &self,
                id: &str,
                title: &str,
                promises: &app::domain::Promises,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                change_one(
                    &self.pool,
                    sqlx::query(sql::UPDATE_CONVERSATION)
                        .bind(title)
                        .bind(promises.why.as_str())
                        .bind(promises.how_used.as_str())
                        .bind(promises.who_sees.as_str())
                        .bind(promises.what_next.as_str())
                        .bind(promises.budget_timeline.as_str())
                        .bind(promises.closes_on.as_deref())
                        .bind(promises.support.as_str())
                        .bind(id),
                    audit,
                )
                .await
            }

            async fn set_language(
                &self,
                id: &str,
                lang: app::domain::Lang,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                change_one(
                    &self.pool,
                    sqlx::query(sql::SET_LANGUAGE).bind(lang.code()).bind(id),
                    audit,
                )
                .await
            }

            async fn set_translations(
                &self,
                id: &str,
                translations: &app::domain::Translations,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let json = serde_json::to_string(translations)
                    .map_err(|e| StoreError::Backend(e.to_string()))?;
                change_one(
                    &self.pool,
                    sqlx::query(sql::SET_TRANSLATIONS).bind(json).bind(id),
                    audit,
                )
                .await
            }

            async fn set_open(
                &self,
                id: &str,
                open: bool,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                change_one(
                    &self.pool,
                    sqlx::query(sql::SET_OPEN).bind(open).bind(id),
                    audit,
                )
                .await
            }

            async fn set_questions(
                &self,
                id: &str,
                questions: &[app::domain::Question],
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let mut tx = begin_found(
                    &self.pool,
                    sqlx::query_scalar(sql::CONVERSATION_EXISTS).bind(id),
                )
                .await?;
                sqlx::query(sql::DELETE_QUESTIONS)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                for (position, q) in (1_i32..).zip(questions) {
                    sqlx::query(sql::INSERT_QUESTION)
                        .bind(id)
                        .bind(q.id.as_str())
                        .bind(position)
                        .bind(q.kind.as_str())
                        .bind(q.prompt.as_str())
                        .bind(sqlx::types::Json(&q.choices))
                        .execute(&mut *tx)
                        .await
                        .map_err(db)?;
                }
                audited(tx, audit).await
            }

            async fn submission_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
                sqlx::query_as(sql::SUBMISSION_COUNTS)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db)
            }
        }
    };
}
