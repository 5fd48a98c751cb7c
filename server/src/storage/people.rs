//! `PeopleStore` for both backends, written once: Staff accounts, setup links and sign-in sessions.
//! Invoked by `impl_store!` (`store_impl.rs`) with each backend's types.

macro_rules! impl_people {
    (
        $store:ty, $writer:ident, $db:ty, $conn:ty,
        id: $id:path, stored_id: $stored_id:ty, time: $time:path, dialect: $dialect:ident $(,)?
    ) => {
        #[async_trait::async_trait]
        impl app::store::PeopleStore for $store {
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
                let mut tx = begin_change(
                    &self.pool,
                    sqlx::query(sql::SET_DISABLED).bind(disabled).bind(user_id),
                )
                .await?;
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
                let mut tx = begin_change(
                    &self.pool,
                    sqlx::query(sql::SET_PASSWORD)
                        .bind(password_hash)
                        .bind(user_id),
                )
                .await?;
                sqlx::query(sql::END_SESSIONS)
                    .bind(user_id)
                    .bind(keep.unwrap_or(""))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                tx.commit().await.map_err(db)
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
        }
    };
}
