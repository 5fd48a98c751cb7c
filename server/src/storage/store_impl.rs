//! `impl_store!`: both backends' `Store` implementation, written once: the helpers every area shares,
//! then one macro per area (`conversations.rs`, `submissions.rs`, `moderation.rs`, `actions.rs`,
//! `people.rs`, `reports.rs`).

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
                        .push_bind(s.place.as_deref())
                        .push_bind(s.lang.map(app::domain::Lang::code));
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

        /// The prelude of most changes: begins a transaction and runs its first statement, which must
        /// change a row. `NotFound`, rolled back at once, when it changed none.
        async fn begin_change<'q>(
            pool: &sqlx::Pool<$db>,
            statement: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>,
        ) -> Result<sqlx::Transaction<'static, $db>, StoreError> {
            let mut tx = pool.begin().await.map_err(db)?;
            let changed = statement
                .execute(&mut *tx)
                .await
                .map_err(db)?
                .rows_affected();
            if changed == 0 {
                return not_found(tx).await;
            }
            Ok(tx)
        }

        /// The same prelude for a change that first checks its subject exists: `exists` counts it.
        async fn begin_found<'q>(
            pool: &sqlx::Pool<$db>,
            exists: sqlx::query::QueryScalar<'q, $db, i64, <$db as sqlx::Database>::Arguments<'q>>,
        ) -> Result<sqlx::Transaction<'static, $db>, StoreError> {
            let mut tx = pool.begin().await.map_err(db)?;
            let found = exists.fetch_one(&mut *tx).await.map_err(db)?;
            if found == 0 {
                return not_found(tx).await;
            }
            Ok(tx)
        }

        /// An audited change that is one statement: `NotFound` (rolled back at once) when it changed no
        /// row, else its audit entry and commit.
        async fn change_one<'q>(
            pool: &sqlx::Pool<$db>,
            statement: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>,
            audit: &app::store::AuditRecord,
        ) -> Result<(), StoreError> {
            let tx = begin_change(pool, statement).await?;
            audited(tx, audit).await
        }

        /// Sets the language a thing is written in and every translation of it (`sql`: `$1` the
        /// language, `$2` the translations as JSON, `$3` the id), audited.
        async fn set_languages(
            pool: &sqlx::Pool<$db>,
            sql: &'static str,
            id: i64,
            lang: app::domain::Lang,
            translations: &app::domain::Translations,
            audit: &app::store::AuditRecord,
        ) -> Result<(), StoreError> {
            let json = serde_json::to_string(translations)
                .map_err(|e| StoreError::Backend(e.to_string()))?;
            let statement = sqlx::query(sql).bind(lang.code()).bind(json).bind(id);
            change_one(pool, statement, audit).await
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

        impl_conversations!($store, $writer, $db, $conn, id: $id, stored_id: $stored_id, time: $time, dialect: $dialect);
        impl_submissions!($store, $writer, $db, $conn, id: $id, stored_id: $stored_id, time: $time, dialect: $dialect);
        impl_moderation!($store, $writer, $db, $conn, id: $id, stored_id: $stored_id, time: $time, dialect: $dialect);
        impl_actions!($store, $writer, $db, $conn, id: $id, stored_id: $stored_id, time: $time, dialect: $dialect);
        impl_people!($store, $writer, $db, $conn, id: $id, stored_id: $stored_id, time: $time, dialect: $dialect);
        impl_reports!($store, $writer, $db, $conn, id: $id, stored_id: $stored_id, time: $time, dialect: $dialect);
    };
}
