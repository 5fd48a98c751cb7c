//! `ActionStore` for both backends, written once: Actions ("You said, we did"), their updates and
//! the submissions linked to them. Invoked by `impl_store!` (`store_impl.rs`) with each backend's
//! types.

macro_rules! impl_actions {
    (
        $store:ty, $writer:ident, $db:ty, $conn:ty,
        id: $id:path, stored_id: $stored_id:ty, time: $time:path, dialect: $dialect:ident $(,)?
    ) => {
        #[async_trait::async_trait]
        impl app::store::ActionStore for $store {
            async fn actions(
                &self,
                published_only: bool,
            ) -> Result<Vec<app::domain::Action>, StoreError> {
                let scope = if published_only {
                    super::ActionScope::Published
                } else {
                    super::ActionScope::All
                };
                self.load_actions(scope).await
            }

            async fn action_titles(&self) -> Result<Vec<(i64, String)>, StoreError> {
                sqlx::query_as(sql::ACTION_TITLES)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db)
            }

            async fn action(&self, id: i64) -> Result<Option<app::domain::Action>, StoreError> {
                Ok(self
                    .load_actions(super::ActionScope::One(id))
                    .await?
                    .into_iter()
                    .next())
            }

            async fn actions_for(
                &self,
                submission: Uuid,
            ) -> Result<Vec<app::domain::Action>, StoreError> {
                self.load_actions(super::ActionScope::PublishedFor(submission))
                    .await
            }

            async fn action_quotes(
                &self,
                actions: &[i64],
                per_action: u32,
            ) -> Result<Vec<(i64, Vec<app::domain::Answer>)>, StoreError> {
                if actions.is_empty() {
                    return Ok(Vec::new());
                }
                let mut q = QueryBuilder::<$db>::new(sql::ACTION_QUOTES);
                push_list(&mut q, actions);
                q.push(sql::QUOTES_TAIL)
                    .push_bind(i64::from(per_action))
                    .push(" ORDER BY action_id, n");
                let rows: Vec<(i64, String)> =
                    q.build_query_as().fetch_all(&self.pool).await.map_err(db)?;
                rows.into_iter()
                    .map(|(action, json)| Ok((action, super::answers(&json)?)))
                    .collect()
            }

            async fn create_action(
                &self,
                title: &str,
                audit: &app::store::AuditRecord,
            ) -> Result<i64, StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                let id: i64 = sqlx::query_scalar(sql::CREATE_ACTION)
                    .bind(title)
                    .bind($time(Utc::now()))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
                let audit = app::store::AuditRecord {
                    subject: format!("action {id}: {}", audit.subject),
                    ..audit.clone()
                };
                audited(tx, &audit).await?;
                Ok(id)
            }

            async fn save_action(
                &self,
                id: i64,
                fields: &app::domain::ActionFields,
                themes: &[i64],
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let mut tx = begin_change(
                    &self.pool,
                    sqlx::query(sql::SAVE_ACTION)
                        .bind(fields.title.as_str())
                        .bind(fields.heard.as_str())
                        .bind(fields.doing.as_str())
                        .bind(fields.status.as_str())
                        .bind(fields.reason.as_str())
                        .bind(fields.budget.as_str())
                        .bind(fields.timeline.as_str())
                        .bind(fields.decided.as_str())
                        .bind($time(Utc::now()))
                        .bind(id),
                )
                .await?;
                sqlx::query(sql::DELETE_ACTION_THEMES)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                for theme in themes {
                    sqlx::query(sql::ADD_ACTION_THEME)
                        .bind(id)
                        .bind(*theme)
                        .execute(&mut *tx)
                        .await
                        .map_err(db)?;
                }
                audited(tx, audit).await
            }

            async fn set_action_languages(
                &self,
                id: i64,
                lang: app::domain::Lang,
                translations: &app::domain::Translations,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let sql = sql::SET_ACTION_LANGUAGES;
                set_languages(&self.pool, sql, id, lang, translations, audit).await
            }

            async fn set_action_published(
                &self,
                id: i64,
                published: bool,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                change_one(
                    &self.pool,
                    sqlx::query(sql::SET_ACTION_PUBLISHED)
                        .bind(published)
                        .bind($time(Utc::now()))
                        .bind(id),
                    audit,
                )
                .await
            }

            async fn add_action_update(
                &self,
                id: i64,
                author: Option<i64>,
                body: &str,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let now = Utc::now();
                let mut tx = begin_change(
                    &self.pool,
                    sqlx::query(sql::TOUCH_ACTION).bind(id).bind($time(now)),
                )
                .await?;
                sqlx::query(sql::ADD_ACTION_UPDATE)
                    .bind(id)
                    .bind(body)
                    .bind(author)
                    .bind($time(now))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                audited(tx, audit).await
            }

            async fn link_submissions(
                &self,
                action: i64,
                submissions: &[Uuid],
                audit: &app::store::AuditRecord,
            ) -> Result<u64, StoreError> {
                let mut tx = begin_found(
                    &self.pool,
                    sqlx::query_scalar(sql::ACTION_EXISTS).bind(action),
                )
                .await?;
                if submissions.is_empty() {
                    tx.rollback().await.map_err(db)?;
                    return Ok(0);
                }
                let now = $time(Utc::now());
                let ids: Vec<_> = submissions.iter().map(|s| $id(*s)).collect();
                let mut q = QueryBuilder::<$db>::new(sql::LINK_SUBMISSIONS);
                q.push_bind(action)
                    .push(sql::LINK_FROM)
                    .push_bind(now.clone())
                    .push(sql::LINK_WHERE)
                    .push("(");
                let mut list = q.separated(", ");
                for id in &ids {
                    list.push_bind(id.clone());
                }
                q.push(")").push(sql::LINK_TAIL);
                let linked = q
                    .build()
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?
                    .rows_affected();
                if linked == 0 {
                    tx.rollback().await.map_err(db)?;
                    return Ok(0);
                }
                let mut q = QueryBuilder::<$db>::new(sql::MARK_READ_MANY);
                q.push_bind(now).push(sql::MARK_READ_WHERE).push("(");
                let mut list = q.separated(", ");
                for id in &ids {
                    list.push_bind(id.clone());
                }
                q.push(")");
                q.build().execute(&mut *tx).await.map_err(db)?;
                audited(tx, audit).await?;
                Ok(linked)
            }

            async fn unlink_submission(
                &self,
                action: i64,
                submission: Uuid,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                change_one(
                    &self.pool,
                    sqlx::query(sql::UNLINK_SUBMISSION)
                        .bind(action)
                        .bind($id(submission)),
                    audit,
                )
                .await
            }
        }
    };
}
