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
        id: $id:path, stored_id: $stored_id:ty, time: $time:path, dialect: $dialect:ident $(,)?
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
                    b.push_bind($id(row.record.staff_id))
                        .push_bind($id(s.id))
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
                        .push_bind(row.record.submitted_by)
                        .push_bind(app::domain::search_text(&s.answers))
                        .push_bind(row.record.late)
                        .push_bind(s.place.as_deref());
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

            async fn add_reach(
                &mut self,
                counts: &[(i64, String, String, i64)],
                day: &str,
            ) -> Result<(), StoreError> {
                let mut q = QueryBuilder::<$db>::new(sql::ADD_REACH);
                q.push_values(counts, |mut b, (question, choice, conversation, n)| {
                    b.push_bind(*question)
                        .push_bind(choice.as_str())
                        .push_bind(conversation.as_str())
                        .push_bind(day)
                        .push_bind(*n);
                });
                q.push(sql::ADD_REACH_TAIL);
                q.build().execute(&mut *self.0).await.map_err(db)?;
                Ok(())
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

        /// Appends `(id1, id2, …)` as bound values.
        fn push_list(q: &mut QueryBuilder<'_, $db>, ids: &[i64]) {
            q.push("(");
            let mut list = q.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            q.push(")");
        }

        /// Writes an audit entry inside the change's own transaction.
        async fn audit_in(
            conn: &mut $conn,
            audit: &app::store::AuditRecord,
        ) -> Result<(), StoreError> {
            sqlx::query(sql::AUDIT)
                .bind($time(Utc::now()))
                .bind(audit.actor)
                .bind(audit.action)
                .bind(audit.subject.as_str())
                .execute(conn)
                .await
                .map_err(db)?;
            Ok(())
        }

        /// Ends a transaction that found nothing to change, at once. A dropped transaction rolls back
        /// only when sqlx's worker gets to it, and until then SQLite's write lock stays taken, so the
        /// next change on another connection could fail with "database is locked".
        async fn not_found<T>(tx: sqlx::Transaction<'_, $db>) -> Result<T, StoreError> {
            tx.rollback().await.map_err(db)?;
            Err(StoreError::NotFound)
        }

        /// An audited change that is one statement: `NotFound` (rolled back at once) when it changed no
        /// row, else its audit entry and commit.
        async fn change_one<'q>(
            pool: &sqlx::Pool<$db>,
            statement: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>,
            audit: &app::store::AuditRecord,
        ) -> Result<(), StoreError> {
            let mut tx = pool.begin().await.map_err(db)?;
            let changed = statement
                .execute(&mut *tx)
                .await
                .map_err(db)?
                .rows_affected();
            if changed == 0 {
                return not_found(tx).await;
            }
            audited(tx, audit).await
        }

        /// A report's submissions: in the period (whole UTC days), not withdrawn, of one conversation
        /// if asked.
        fn report_scope(q: &mut QueryBuilder<'_, $db>, f: &app::domain::ReportFilter) {
            let day = |d: chrono::NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc();
            q.push(" WHERE s.withdrawn_at IS NULL AND s.received_at >= ")
                .push_bind($time(day(f.from)))
                .push(" AND s.received_at < ")
                .push_bind($time(day(f.to + chrono::Duration::days(1))));
            if let Some(c) = &f.conversation {
                q.push(" AND s.conversation_id = ").push_bind(c.clone());
            }
        }

        fn report_query(head: &str, f: &app::domain::ReportFilter) -> QueryBuilder<'static, $db> {
            let mut q = QueryBuilder::<$db>::new(head);
            report_scope(&mut q, f);
            q
        }

        /// The last step of every audited change: its audit entry, then commit, so both land or neither.
        async fn audited(
            mut tx: sqlx::Transaction<'_, $db>,
            audit: &app::store::AuditRecord,
        ) -> Result<(), StoreError> {
            audit_in(&mut *tx, audit).await?;
            tx.commit().await.map_err(db)
        }

        impl $store {
            /// Actions matching `scope`, each with its themes and updates (three queries in all).
            async fn load_actions(
                &self,
                scope: super::ActionScope,
            ) -> Result<Vec<app::domain::Action>, StoreError> {
                use super::ActionScope;
                let mut q = QueryBuilder::<$db>::new(sql::ACTIONS);
                match scope {
                    ActionScope::All => {}
                    ActionScope::Published => {
                        q.push(sql::ACTION_PUBLISHED);
                    }
                    ActionScope::One(id) => {
                        q.push(sql::ACTION_ONE).push_bind(id);
                    }
                    ActionScope::PublishedFor(submission) => {
                        q.push(sql::ACTION_FOR).push_bind($id(submission)).push(")");
                    }
                }
                q.push(sql::ACTIONS_ORDER);
                let rows: Vec<super::ActionRow> =
                    q.build_query_as().fetch_all(&self.pool).await.map_err(db)?;
                let mut actions = rows
                    .into_iter()
                    .map(super::ActionRow::into_action)
                    .collect::<Result<Vec<_>, _>>()?;
                if actions.is_empty() {
                    return Ok(actions);
                }
                let ids: Vec<i64> = actions.iter().map(|a| a.id).collect();
                let mut q = QueryBuilder::<$db>::new(sql::ACTION_THEMES_OF);
                push_list(&mut q, &ids);
                q.push(" ORDER BY t.name");
                let themes: Vec<(i64, i64, String)> =
                    q.build_query_as().fetch_all(&self.pool).await.map_err(db)?;
                let mut q = QueryBuilder::<$db>::new(sql::ACTION_UPDATES_OF);
                push_list(&mut q, &ids);
                q.push(sql::UPDATES_ORDER);
                let updates: Vec<super::UpdateRow> =
                    q.build_query_as().fetch_all(&self.pool).await.map_err(db)?;
                for a in &mut actions {
                    a.themes = themes
                        .iter()
                        .filter(|(action, _, _)| *action == a.id)
                        .map(|(_, id, name)| (*id, name.clone()))
                        .collect();
                    a.updates = updates
                        .iter()
                        .filter(|u| u.action_id == a.id)
                        .map(super::UpdateRow::to_update)
                        .collect();
                }
                Ok(actions)
            }

            /// Fills in each entry's themes with one query for the whole page.
            async fn add_themes(&self, entries: &mut [InboxEntry]) -> Result<(), StoreError> {
                if entries.is_empty() {
                    return Ok(());
                }
                let mut q = QueryBuilder::<$db>::new(sql::THEMES_OF);
                q.push("(");
                let mut list = q.separated(", ");
                for e in entries.iter() {
                    list.push_bind($id(e.id));
                }
                q.push(") ORDER BY t.name");
                let rows: Vec<($stored_id, i64, String)> =
                    q.build_query_as().fetch_all(&self.pool).await.map_err(db)?;
                for (submission, theme, name) in rows {
                    let submission: Uuid = submission.into();
                    if let Some(e) = entries.iter_mut().find(|e| e.id == submission) {
                        e.themes.push((theme, name));
                    }
                }
                Ok(())
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

            async fn mark_read(&self, id: Uuid) -> Result<(), StoreError> {
                sqlx::query(sql::MARK_READ)
                    .bind($id(id))
                    .bind($time(Utc::now()))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }

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
                let mut tx = self.pool.begin().await.map_err(db)?;
                let changed = sqlx::query(sql::SAVE_ACTION)
                    .bind(fields.title.as_str())
                    .bind(fields.heard.as_str())
                    .bind(fields.doing.as_str())
                    .bind(fields.status.as_str())
                    .bind(fields.reason.as_str())
                    .bind(fields.budget.as_str())
                    .bind(fields.timeline.as_str())
                    .bind(fields.decided.as_str())
                    .bind($time(Utc::now()))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?
                    .rows_affected();
                if changed == 0 {
                    return not_found(tx).await;
                }
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

            async fn set_action_published(
                &self,
                id: i64,
                published: bool,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                change_one(&self.pool, sqlx::query(sql::SET_ACTION_PUBLISHED)
                    .bind(published)
                    .bind($time(Utc::now()))
                    .bind(id), audit).await
            }

            async fn add_action_update(
                &self,
                id: i64,
                author: Option<i64>,
                body: &str,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                let now = Utc::now();
                let changed = sqlx::query(sql::TOUCH_ACTION)
                    .bind(id)
                    .bind($time(now))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?
                    .rows_affected();
                if changed == 0 {
                    return not_found(tx).await;
                }
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
                let mut tx = self.pool.begin().await.map_err(db)?;
                let found: i64 = sqlx::query_scalar(sql::ACTION_EXISTS)
                    .bind(action)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
                if found == 0 {
                    return not_found(tx).await;
                }
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
                let linked = q.build().execute(&mut *tx).await.map_err(db)?.rows_affected();
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
                change_one(&self.pool, sqlx::query(sql::UNLINK_SUBMISSION)
                    .bind(action)
                    .bind($id(submission)), audit).await
            }

            async fn submission(
                &self,
                id: Uuid,
            ) -> Result<Option<app::store::SubmissionDetail>, StoreError> {
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
                Ok(Some(app::store::SubmissionDetail {
                    entry: entries.remove(0),
                    flag: flag.map(super::FlagRow::into_flag).transpose()?,
                    notes: notes.into_iter().map(super::NoteRow::into_note).collect(),
                    actions,
                }))
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
                let mut tx = self.pool.begin().await.map_err(db)?;
                let found: i64 = sqlx::query_scalar(sql::SUBMISSION_EXISTS)
                    .bind($id(submission))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
                if found == 0 {
                    return not_found(tx).await;
                }
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

            async fn open_flags(&self) -> Result<Vec<app::store::FlagEntry>, StoreError> {
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
                change_one(&self.pool, sqlx::query(sql::UPDATE_CONVERSATION)
                    .bind(title)
                    .bind(promises.why.as_str())
                    .bind(promises.how_used.as_str())
                    .bind(promises.who_sees.as_str())
                    .bind(promises.what_next.as_str())
                    .bind(promises.budget_timeline.as_str())
                    .bind(promises.closes_on.as_deref())
                    .bind(promises.support.as_str())
                    .bind(id), audit).await
            }

            async fn set_open(
                &self,
                id: &str,
                open: bool,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                change_one(&self.pool, sqlx::query(sql::SET_OPEN)
                    .bind(open)
                    .bind(id), audit).await
            }

            async fn set_questions(
                &self,
                id: &str,
                questions: &[app::domain::Question],
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                let found: i64 = sqlx::query_scalar(sql::CONVERSATION_EXISTS)
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
                if found == 0 {
                    return not_found(tx).await;
                }
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

            async fn receipt(
                &self,
                receipt: &ReceiptCode,
            ) -> Result<Option<app::store::ReceiptSubmission>, StoreError> {
                let row: Option<super::ReceiptRow<$stored_id>> = sqlx::query_as(sql::RECEIPT)
                    .bind(receipt.as_compact())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db)?;
                row.map(super::ReceiptRow::into_receipt).transpose()
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

            async fn setup_token_live(
                &self,
                token_hash: &str,
                issued_after: DateTime<Utc>,
            ) -> Result<bool, StoreError> {
                let n: i64 = sqlx::query_scalar(sql::SETUP_TOKEN_LIVE)
                    .bind(token_hash)
                    .bind($time(issued_after))
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(n > 0)
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
                    tx.rollback().await.map_err(db)?;
                    return Ok(None);
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
                    return not_found(tx).await;
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
                    return not_found(tx).await;
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

            async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
                let done = sqlx::query(sql::DELETE_EXPIRED_SESSIONS)
                    .bind($time(now))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(done.rows_affected())
            }

            async fn delete_spent_setup_links(
                &self,
                made_before: DateTime<Utc>,
            ) -> Result<u64, StoreError> {
                let done = sqlx::query(sql::DELETE_SPENT_SETUP_TOKENS)
                    .bind($time(made_before))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(done.rows_affected())
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

            async fn report(
                &self,
                f: &app::domain::ReportFilter,
            ) -> Result<app::domain::ReportFigures, StoreError> {
                use app::domain::{ActionStatus, Channel, ReportFigures};
                let (total, text_deleted): (i64, i64) = report_query(sql::REPORT_TOTALS, f)
                    .build_query_as()
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db)?;
                let mut q = report_query(
                    &format!("SELECT {} AS day, COUNT(*) FROM submissions s", $dialect::DAY),
                    f,
                );
                q.push(" GROUP BY day ORDER BY day");
                let days: Vec<(String, i64)> =
                    q.build_query_as().fetch_all(&self.pool).await.map_err(db)?;
                let per_day = days
                    .into_iter()
                    .filter_map(|(d, n)| {
                        chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                            .ok()
                            .map(|d| (d, n))
                    })
                    .collect();
                let mut q = report_query(sql::REPORT_CHANNELS, f);
                q.push(sql::REPORT_CHANNELS_TAIL);
                let channels: Vec<(String, i64)> =
                    q.build_query_as().fetch_all(&self.pool).await.map_err(db)?;
                let mut q = report_query(sql::REPORT_THEMES, f);
                q.push(sql::REPORT_THEMES_TAIL);
                let by_theme: Vec<(String, i64)> =
                    q.build_query_as().fetch_all(&self.pool).await.map_err(db)?;
                let mut q = report_query($dialect::SCALES, f);
                q.push($dialect::SCALES_TAIL);
                let scales: Vec<(Option<i64>, i64)> =
                    q.build_query_as().fetch_all(&self.pool).await.map_err(db)?;
                let mut feeling = [0i64; 5];
                for (n, count) in scales {
                    if let Some(slot) = n
                        .and_then(|n| usize::try_from(n - 1).ok())
                        .and_then(|i| feeling.get_mut(i))
                    {
                        *slot += count;
                    }
                }
                let linked: i64 = report_query(sql::REPORT_LINKED, f)
                    .build_query_scalar()
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db)?;
                let mut q = report_query(sql::REPORT_ACTIONS, f);
                q.push(sql::REPORT_ACTIONS_TAIL);
                let actions: Vec<(String, i64)> =
                    q.build_query_as().fetch_all(&self.pool).await.map_err(db)?;
                // The median of each linked submission's wait for its first action: sort in the
                // database and read the middle one (or two).
                let median_days_to_action = if linked > 0 {
                    let mut q = report_query(
                        &format!(
                            "SELECT d FROM (SELECT {} AS d FROM submissions s
                             JOIN action_submissions l ON l.submission_id = s.id",
                            $dialect::DAYS_TO_ACTION
                        ),
                        f,
                    );
                    q.push(" GROUP BY s.id, s.received_at) x ORDER BY d LIMIT ")
                        .push(if linked % 2 == 0 { 2 } else { 1 })
                        .push(" OFFSET ")
                        .push((linked - 1) / 2);
                    let middle: Vec<Option<f64>> =
                        q.build_query_scalar().fetch_all(&self.pool).await.map_err(db)?;
                    let middle: Vec<f64> = middle.into_iter().flatten().collect();
                    (!middle.is_empty())
                        .then(|| middle.iter().sum::<f64>() / middle.len() as f64)
                } else {
                    None
                };
                Ok(ReportFigures {
                    total,
                    per_day,
                    by_channel: channels
                        .into_iter()
                        .filter_map(|(c, n)| Channel::parse(&c).map(|c| (c, n)))
                        .collect(),
                    by_theme,
                    feeling,
                    linked,
                    actions_by_status: actions
                        .into_iter()
                        .filter_map(|(s, n)| ActionStatus::parse(&s).map(|s| (s, n)))
                        .collect(),
                    median_days_to_action,
                    text_deleted,
                })
            }

            async fn report_quotes(
                &self,
                f: &app::domain::ReportFilter,
                limit: u32,
            ) -> Result<Vec<(String, Vec<app::domain::Answer>)>, StoreError> {
                let mut q = report_query(sql::REPORT_QUOTES, f);
                q.push(sql::REPORT_QUOTES_TAIL).push(i64::from(limit));
                let rows: Vec<(String, String)> =
                    q.build_query_as().fetch_all(&self.pool).await.map_err(db)?;
                rows.into_iter()
                    .map(|(c, a)| Ok((c, super::answers(&a)?)))
                    .collect()
            }

            async fn retention(&self) -> Result<app::domain::Retention, StoreError> {
                let days: Option<String> = sqlx::query_scalar(sql::KEEP_DAYS)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db)?;
                let rows: Vec<(String, String, Option<i64>)> =
                    sqlx::query_as(sql::CONVERSATION_KEEP_DAYS)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db)?;
                Ok(app::domain::Retention {
                    days: days.and_then(|d| d.parse().ok()),
                    conversations: rows
                        .into_iter()
                        .map(|(id, title, d)| (id, title, d.and_then(|d| u32::try_from(d).ok())))
                        .collect(),
                })
            }

            async fn set_retention(
                &self,
                days: Option<u32>,
                conversations: &[(String, Option<u32>)],
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                match days {
                    Some(d) => sqlx::query(sql::SET_KEEP_DAYS).bind(d.to_string()),
                    None => sqlx::query(sql::CLEAR_KEEP_DAYS),
                }
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                for (id, d) in conversations {
                    sqlx::query(sql::SET_CONVERSATION_KEEP_DAYS)
                        .bind(d.and_then(|d| i32::try_from(d).ok()))
                        .bind(id.as_str())
                        .execute(&mut *tx)
                        .await
                        .map_err(db)?;
                }
                audited(tx, audit).await
            }

            async fn purge_expired_text(
                &self,
                now: DateTime<Utc>,
            ) -> Result<Vec<app::domain::Purged>, StoreError> {
                use app::domain::{Answer, AnswerValue};
                /// Rows changed per transaction, so a first purge of years of data never holds a
                /// lock for long.
                const BATCH: u32 = 500;
                let rules = self.retention().await?;
                let mut purged = Vec::new();
                for (conversation, _, _) in &rules.conversations {
                    let Some(days) = rules.days_for(conversation) else {
                        continue;
                    };
                    let cutoff = now - chrono::Duration::days(i64::from(days));
                    let select = format!("{}{BATCH}", sql::EXPIRED_TEXT);
                    let mut count = 0u64;
                    loop {
                        let rows: Vec<($stored_id, String)> = sqlx::query_as(&select)
                            .bind(conversation.as_str())
                            .bind($time(cutoff))
                            .fetch_all(&self.pool)
                            .await
                            .map_err(db)?;
                        if rows.is_empty() {
                            break;
                        }
                        let mut tx = self.pool.begin().await.map_err(db)?;
                        for (id, answers) in &rows {
                            let kept: Vec<Answer> = super::answers(answers)?
                                .into_iter()
                                .filter(|a| !matches!(a.value, AnswerValue::Text(_)))
                                .collect();
                            let id: Uuid = id.clone().into();
                            sqlx::query(sql::DELETE_TEXT)
                                .bind(sqlx::types::Json(&kept))
                                .bind(app::domain::search_text(&kept))
                                .bind($time(now))
                                .bind($id(id))
                                .execute(&mut *tx)
                                .await
                                .map_err(db)?;
                            // Notes and the flag's words may quote the participant: they expire too.
                            for statement in [sql::DELETE_NOTES, sql::CLEAR_FLAG_WORDS] {
                                sqlx::query(statement)
                                    .bind($id(id))
                                    .execute(&mut *tx)
                                    .await
                                    .map_err(db)?;
                            }
                        }
                        tx.commit().await.map_err(db)?;
                        count += rows.len() as u64;
                    }
                    if count > 0 {
                        self.audit(
                            None,
                            "retention.purged",
                            &format!(
                                "conversation {conversation}: the words of {count} submissions older than {days} days were deleted; their counts are kept"
                            ),
                        )
                        .await?;
                        purged.push(app::domain::Purged {
                            conversation: conversation.clone(),
                            days,
                            submissions: count,
                        });
                    }
                }
                Ok(purged)
            }

            async fn reach_questions(
                &self,
            ) -> Result<Vec<app::domain::ReachQuestion>, StoreError> {
                let rows: Vec<(i64, String, String, String)> =
                    sqlx::query_as(sql::REACH_QUESTIONS)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db)?;
                rows.into_iter()
                    .map(|(id, prompt, choices, population)| {
                        let choices: Vec<String> =
                            serde_json::from_str(&choices).map_err(|_| super::bad("reach choices"))?;
                        let mut population: Vec<Option<f64>> =
                            serde_json::from_str(&population).unwrap_or_default();
                        population.resize(choices.len(), None);
                        Ok(app::domain::ReachQuestion {
                            id,
                            prompt,
                            choices,
                            population,
                        })
                    })
                    .collect()
            }

            async fn add_reach_question(
                &self,
                form: &app::domain::ReachForm,
                audit: &app::store::AuditRecord,
            ) -> Result<i64, StoreError> {
                let mut tx = self.pool.begin().await.map_err(db)?;
                let id: i64 = sqlx::query_scalar(sql::ADD_REACH_QUESTION)
                    .bind(form.prompt.as_str())
                    .bind(serde_json::to_string(&form.choices).unwrap_or_default())
                    .bind(serde_json::to_string(&form.population).unwrap_or_default())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
                audited(tx, audit).await?;
                Ok(id)
            }

            async fn remove_reach_question(
                &self,
                id: i64,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                change_one(
                    &self.pool,
                    sqlx::query(sql::REMOVE_REACH_QUESTION).bind(id),
                    audit,
                )
                .await
            }

            async fn set_reach_population(
                &self,
                id: i64,
                population: &[Option<f64>],
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let json = serde_json::to_string(population).unwrap_or_default();
                change_one(
                    &self.pool,
                    sqlx::query(sql::SET_REACH_POPULATION).bind(json).bind(id),
                    audit,
                )
                .await
            }

            async fn reach_counts(
                &self,
                f: &app::domain::ReportFilter,
            ) -> Result<Vec<(i64, String, i64)>, StoreError> {
                let mut q = QueryBuilder::<$db>::new(sql::REACH_COUNTS);
                q.push_bind(f.from.to_string())
                    .push(" AND day <= ")
                    .push_bind(f.to.to_string());
                if let Some(c) = &f.conversation {
                    q.push(" AND conversation_id = ").push_bind(c.clone());
                }
                q.push(sql::REACH_COUNTS_TAIL);
                q.build_query_as().fetch_all(&self.pool).await.map_err(db)
            }
        }
    };
}
