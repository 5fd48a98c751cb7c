//! `ModerationStore` for both backends, written once: The inbox and moderation: status, redaction,
//! themes, safeguarding flags and notes. Invoked by `impl_store!` (`store_impl.rs`) with each
//! backend's types.

macro_rules! impl_moderation {
    (
        $store:ty, $writer:ident, $db:ty, $conn:ty,
        id: $id:path, stored_id: $stored_id:ty, time: $time:path, dialect: $dialect:ident $(,)?
    ) => {
        #[async_trait::async_trait]
        impl app::store::ModerationStore for $store {
            async fn inbox(
                &self,
                filter: &app::domain::InboxFilter,
                before: Option<&InboxCursor>,
                limit: u32,
            ) -> Result<Vec<InboxEntry>, StoreError> {
                use app::domain::FlagFilter;
                let mut q = QueryBuilder::<$db>::new(sql::INBOX_SELECT);
                // Withdrawn submissions leave the inbox (their words are gone); a safeguarding flag
                // on one still leads to its page.
                q.push(" AND s.withdrawn_at IS NULL");
                if let Some(c) = &filter.conversation {
                    q.push(" AND s.conversation_id = ").push_bind(c.clone());
                }
                if let Some(status) = filter.status {
                    q.push(" AND s.status = ").push_bind(status.as_str());
                }
                if let Some(channel) = filter.channel {
                    q.push(" AND s.channel = ").push_bind(channel.as_str());
                }
                if let Some(lang) = filter.lang {
                    q.push(" AND s.lang = ").push_bind(lang.code());
                }
                if let Some(theme) = filter.theme {
                    q.push(" AND EXISTS (SELECT 1 FROM submission_themes st WHERE st.submission_id = s.id AND st.theme_id = ")
                        .push_bind(theme)
                        .push(")");
                }
                if let Some(action) = filter.action {
                    q.push(" AND EXISTS (SELECT 1 FROM action_submissions l WHERE l.submission_id = s.id AND l.action_id = ")
                        .push_bind(action)
                        .push(")");
                }
                match filter.flag {
                    Some(FlagFilter::Open) => {
                        q.push(" AND g.state IN ('open', 'in_progress')");
                    }
                    Some(FlagFilter::Any) => {
                        q.push(" AND g.state IS NOT NULL");
                    }
                    Some(FlagFilter::None) => {
                        q.push(" AND g.state IS NULL");
                    }
                    None => {}
                }
                if let Some(from) = filter.from {
                    let start = from.and_time(chrono::NaiveTime::MIN).and_utc();
                    q.push(" AND s.received_at >= ").push_bind($time(start));
                }
                if let Some(to) = filter.to {
                    let end = (to + chrono::Days::new(1)).and_time(chrono::NaiveTime::MIN).and_utc();
                    q.push(" AND s.received_at < ").push_bind($time(end));
                }
                if let Some(text) = &filter.text {
                    q.push(" AND s.search_text LIKE ")
                        .push_bind(super::like_pattern(text))
                        .push(" ESCAPE '\\'");
                }
                if let Some(cursor) = before {
                    q.push(" AND (s.received_at, s.id) < (")
                        .push_bind($time(cursor.received_at))
                        .push(", ")
                        .push_bind($id(cursor.id))
                        .push(")");
                }
                q.push(sql::INBOX_ORDER).push_bind(i64::from(limit));
                let rows: Vec<InboxRow<$stored_id>> =
                    q.build_query_as().fetch_all(&self.pool).await.map_err(db)?;
                let mut entries = rows
                    .into_iter()
                    .map(InboxRow::into_entry)
                    .collect::<Result<Vec<_>, _>>()?;
                self.add_themes(&mut entries).await?;
                Ok(entries)
            }

            async fn submission(
                &self,
                id: Uuid,
            ) -> Result<Option<app::domain::SubmissionDetail>, StoreError> {
                let mut q = QueryBuilder::<$db>::new(sql::INBOX_SELECT);
                q.push(" AND s.id = ").push_bind($id(id));
                let row: Option<InboxRow<$stored_id>> =
                    q.build_query_as().fetch_optional(&self.pool).await.map_err(db)?;
                let Some(row) = row else { return Ok(None) };
                let mut entries = vec![row.into_entry()?];
                self.add_themes(&mut entries).await?;
                let flag: Option<super::FlagRow> = sqlx::query_as(sql::FLAG)
                    .bind($id(id))
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db)?;
                let notes: Vec<super::NoteRow> = sqlx::query_as(sql::NOTES)
                    .bind($id(id))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db)?;
                let actions: Vec<(i64, String)> = sqlx::query_as(sql::ACTIONS_OF)
                    .bind($id(id))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(Some(app::domain::SubmissionDetail {
                    entry: entries.remove(0),
                    flag: flag.map(super::FlagRow::into_flag).transpose()?,
                    notes: notes.into_iter().map(super::NoteRow::into_note).collect(),
                    actions,
                }))
            }

            async fn mark_read(&self, id: Uuid) -> Result<(), StoreError> {
                sqlx::query(sql::MARK_READ)
                    .bind($id(id))
                    .bind($time(Utc::now()))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }

            async fn set_status(
                &self,
                id: Uuid,
                status: app::domain::Status,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                change_one(&self.pool, sqlx::query(sql::SET_STATUS)
                    .bind(status.as_str())
                    .bind($id(id)), audit).await
            }

            async fn set_public_answers(
                &self,
                id: Uuid,
                answers: Option<&[app::domain::Answer]>,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                change_one(&self.pool, sqlx::query(sql::SET_PUBLIC_ANSWERS)
                    .bind(answers.map(sqlx::types::Json))
                    .bind($id(id)), audit).await
            }

            async fn themes(&self) -> Result<Vec<app::domain::Theme>, StoreError> {
                let rows: Vec<super::ThemeRow> = sqlx::query_as(sql::THEMES)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(rows.into_iter().map(super::ThemeRow::into_theme).collect())
            }

            async fn create_theme(
                &self,
                name: &str,
                audit: &app::store::AuditRecord,
            ) -> Result<app::domain::Theme, StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                let id: i64 = sqlx::query_scalar(sql::CREATE_THEME)
                    .bind(name)
                    .bind($time(Utc::now()))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
                audited(tx, audit).await?;
                Ok(app::domain::Theme {
                    id,
                    name: name.to_string(),
                    count: 0,
                })
            }

            async fn rename_theme(
                &self,
                id: i64,
                name: &str,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                change_one(&self.pool, sqlx::query(sql::RENAME_THEME)
                    .bind(name)
                    .bind(id), audit).await
            }

            async fn merge_themes(
                &self,
                from: i64,
                into: i64,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                let both: i64 = sqlx::query_scalar(sql::COUNT_THEMES)
                    .bind(from)
                    .bind(into)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
                if from == into || both != 2 {
                    return not_found(tx).await;
                }
                for statement in [sql::MOVE_THEME, sql::MOVE_ACTION_THEME] {
                    sqlx::query(statement)
                        .bind(from)
                        .bind(into)
                        .execute(&mut *tx)
                        .await
                        .map_err(db)?;
                }
                sqlx::query(sql::DELETE_THEME)
                    .bind(from)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                audited(tx, audit).await
            }

            async fn set_tagged(
                &self,
                submission: Uuid,
                theme: i64,
                tagged: bool,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                let found: i64 = sqlx::query_scalar(sql::SUBMISSION_EXISTS)
                    .bind($id(submission))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
                let theme_found: i64 = sqlx::query_scalar(sql::THEME_EXISTS)
                    .bind(theme)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
                if found == 0 || theme_found == 0 {
                    return not_found(tx).await;
                }
                let changed = sqlx::query(if tagged { sql::TAG } else { sql::UNTAG })
                    .bind($id(submission))
                    .bind(theme)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?
                    .rows_affected();
                // Tagging twice (two coordinators, or a resent form) changes nothing: no entry either.
                if changed > 0 {
                    audit_in(&mut *tx, audit).await?;
                }
                tx.commit().await.map_err(db)
            }

            async fn raise_flag(
                &self,
                submission: Uuid,
                reason: &str,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let mut tx = begin_found(
                    &self.pool,
                    sqlx::query_scalar(sql::SUBMISSION_EXISTS)
                        .bind($id(submission)),
                )
                .await?;
                sqlx::query(sql::RAISE_FLAG)
                    .bind($id(submission))
                    .bind(reason)
                    .bind(audit.actor)
                    .bind($time(Utc::now()))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                audited(tx, audit).await
            }

            async fn update_flag(
                &self,
                submission: Uuid,
                state: app::domain::FlagState,
                close_note: &str,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                change_one(&self.pool, sqlx::query(sql::UPDATE_FLAG)
                    .bind(state.as_str())
                    .bind(close_note)
                    .bind($time(Utc::now()))
                    .bind($id(submission)), audit).await
            }

            async fn open_flags(&self) -> Result<Vec<app::domain::FlagEntry>, StoreError> {
                let rows: Vec<super::OpenFlagRow<$stored_id>> = sqlx::query_as(sql::OPEN_FLAGS)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db)?;
                rows.into_iter().map(super::OpenFlagRow::into_entry).collect()
            }

            async fn add_note(
                &self,
                submission: Uuid,
                author: i64,
                body: &str,
            ) -> Result<(), StoreError> {
                let found: i64 = sqlx::query_scalar(sql::SUBMISSION_EXISTS)
                    .bind($id(submission))
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db)?;
                if found == 0 {
                    return Err(StoreError::NotFound);
                }
                sqlx::query(sql::ADD_NOTE)
                    .bind($id(submission))
                    .bind(author)
                    .bind(body)
                    .bind($time(Utc::now()))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }
        }
    };
}
