//! `ReportStore` for both backends, written once: Reports, reach questions, how long words are
//! kept, and the audit log. Invoked by `impl_store!` (`store_impl.rs`) with each backend's types.

macro_rules! impl_reports {
    (
        $store:ty, $writer:ident, $db:ty, $conn:ty,
        id: $id:path, stored_id: $stored_id:ty, time: $time:path, dialect: $dialect:ident $(,)?
    ) => {
        #[async_trait::async_trait]
        impl app::store::ReportStore for $store {
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
                let mut q = report_query(sql::REPORT_LANGUAGES, f);
                q.push(sql::REPORT_LANGUAGES_TAIL);
                let languages: Vec<(Option<String>, i64)> =
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
                    // In the order the chooser lists them; "not recorded" (and any code this Cairn
                    // does not know) last.
                    by_language: {
                        let mut by: Vec<(Option<app::domain::Lang>, i64)> = Vec::new();
                        for (code, n) in languages {
                            let lang = code.as_deref().and_then(app::domain::Lang::from_code);
                            match by.iter_mut().find(|(l, _)| *l == lang) {
                                Some((_, m)) => *m += n,
                                None => by.push((lang, n)),
                            }
                        }
                        by.sort_by_key(|(l, _)| l.map_or(usize::MAX, |l| l as usize));
                        by
                    },
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

            async fn reach_questions(
                &self,
            ) -> Result<Vec<app::domain::ReachQuestion>, StoreError> {
                let rows: Vec<(i64, String, String, String, String, String)> =
                    sqlx::query_as(sql::REACH_QUESTIONS)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db)?;
                rows.into_iter()
                    .map(|(id, prompt, choices, population, lang, translations)| {
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
                            lang: app::domain::Lang::from_code(&lang).unwrap_or_default(),
                            translations: super::translations(&translations)?,
                            untranslated: Default::default(),
                            labels: Vec::new(),
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

            async fn set_reach_languages(
                &self,
                id: i64,
                lang: app::domain::Lang,
                translations: &app::domain::Translations,
                audit: &app::store::AuditRecord,
            ) -> Result<(), StoreError> {
                let sql = sql::SET_REACH_LANGUAGES;
                set_languages(&self.pool, sql, id, lang, translations, audit).await
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

            async fn audit_entries(
                &self,
                kind: Option<&str>,
                before: Option<i64>,
                limit: u32,
            ) -> Result<Vec<app::domain::AuditEntry>, StoreError> {
                let rows: Vec<super::AuditRow> = sqlx::query_as(sql::AUDIT_ENTRIES)
                    .bind(kind.unwrap_or(""))
                    .bind(before.unwrap_or(0))
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(rows.into_iter().map(super::AuditRow::into_entry).collect())
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
