//! "Keeping data" (admins): how long the words of submissions are kept, in general and per
//! conversation. After that, the daily purge (`Store::purge_expired_text`, also `cairn purge` for cron)
//! deletes the text answers and keeps the counts; each purge is in the audit log.

use crate::auth::StaffBar;
use crate::domain::{size_words, BackupStatus, Retention, User};
use crate::error::AppError;
use crate::notice::{Notices, Words};
use crate::ui::show;
use leptos::prelude::*;
use leptos_meta::Title;

pub const DONE: Words = &[("saved", "Saved. The next daily purge follows these rules.")];
pub const PROBLEMS: Words = &[(
    "days",
    "Enter a whole number of days from 1 to 36500, or leave it empty to keep words.",
)];

/// The form's field for a conversation's own rule.
pub fn field_for(conversation: &str) -> String {
    format!("keep.{conversation}")
}

/// The rules, and the backups' state (`None` when this server makes no backups).
#[server(prefix = "/api/fn", endpoint = "retention")]
pub async fn retention_data() -> Result<(User, Retention, Option<BackupStatus>), AppError> {
    let me = crate::auth::require(crate::domain::Role::Admin).await?;
    let ctx = crate::context::Ctx::get()?;
    let backups = ctx.backups.read().ok().and_then(|b| b.clone());
    Ok((me, ctx.store.retention().await?, backups))
}

/// Saves the rules from the form's fields (`days`, and `keep.<conversation>` for each).
#[cfg(feature = "ssr")]
pub async fn save(
    ctx: &crate::context::Ctx,
    user: &User,
    fields: &[(String, String)],
) -> Result<(), AppError> {
    use crate::domain::parse_keep_days;
    let bad = || crate::notice::problem(PROBLEMS, "days");
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let days = parse_keep_days(get("days")).map_err(|_| bad())?;
    let known = ctx.store.retention().await?;
    let mut own = Vec::new();
    for (id, _, _) in &known.conversations {
        own.push((
            id.clone(),
            parse_keep_days(get(&field_for(id))).map_err(|_| bad())?,
        ));
    }
    let words = |d: Option<u32>| d.map_or("keep".to_string(), |d| format!("{d} days"));
    let mut subject = format!("words kept: {} in general", words(days));
    for (id, d) in own.iter().filter(|(_, d)| d.is_some()) {
        subject.push_str(&format!("; {} for {id}", words(*d)));
    }
    let audit = crate::store::AuditRecord::by(user, "retention.set", subject);
    Ok(ctx.store.set_retention(days, &own, &audit).await?)
}

#[component]
pub fn RetentionPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| retention_data());
    view! {
        <Title text="Keeping data"/>
        {show(data, |(me, r, backups): (User, Retention, Option<BackupStatus>)| {
            let value = |d: Option<u32>| d.map(|d| d.to_string()).unwrap_or_default();
            view! {
                <StaffBar user=me/>
                <h1>"Keeping data"</h1>
                <Notices done=DONE problems=PROBLEMS/>
                <p class="lead">"Keep people's words only as long as you need them."</p>
                <p>"After the number of days you set, a daily job deletes the written answers of older submissions. Their counts stay: the channel, the consent choices, the feeling scales, the choices and the themes, so reports still add up. Each deletion is in the audit log. Leave a box empty to keep words until someone deletes them."</p>
                <form method="post" action="/retention" class="narrow">
                    <div class="field">
                        <label class="label" for="days">"Keep words for this many days (all conversations)"</label>
                        <input class="input input-short" id="days" name="days" inputmode="numeric" value=value(r.days)/>
                    </div>
                    <fieldset class="field">
                        <legend class="label">"A different rule for a conversation (optional)"</legend>
                        {r.conversations.into_iter().map(|(id, title, own)| {
                            let field = field_for(&id);
                            let input_id = format!("keep-{id}");
                            view! {
                                <div class="field">
                                    <label class="label" for=input_id.clone()>{format!("{title}: days")}</label>
                                    <input class="input input-short" id=input_id name=field inputmode="numeric" value=value(own)/>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <button type="submit" class="button">"Save"</button>
                </form>
                {backups.map(|b| view! { <Backups status=b/> })}
            }
        })}
    }
}

/// The daily backup: when the newest was made and its size, with a warning when it failed or is old.
#[component]
fn Backups(status: BackupStatus) -> impl IntoView {
    // A staff page, drawn on the server only (the browser build has no clock here).
    #[cfg(feature = "ssr")]
    let warning = status.warning(chrono::Utc::now());
    #[cfg(not(feature = "ssr"))]
    let warning: Option<String> = None;
    let last = match (status.last_at, status.last_bytes) {
        (Some(at), Some(bytes)) => format!(
            "Newest backup: {}, {}.",
            crate::domain::dates::moment(at),
            size_words(bytes)
        ),
        _ => "No backup has been made yet.".to_string(),
    };
    view! {
        <h2 id="backups">"Backups"</h2>
        {warning.map(|w| view! { <div class="error-summary" role="alert"><p>{w}</p></div> })}
        <p>{last}</p>
        <p>{format!("A copy of the database is made once a day into {}; the newest are kept.", status.dir)}</p>
    }
}
