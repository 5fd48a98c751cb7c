//! Reports for coordinators and their board: what the service heard over a period, from whom (reach),
//! and what it did. Figures are counted in the database (`Store::report`); charts are drawn on the
//! server as accessible SVG (`charts.rs`) with the same figures in a table beside each. The board pack
//! (`/reports/board`) is the same report laid out for print on A4, with consented quotes and the
//! "You said, we did" summary.

#[cfg(feature = "ssr")]
pub mod charts;

use crate::auth::StaffBar;
#[cfg(feature = "ssr")]
use crate::domain::Bucket;
use crate::domain::{ActionStatus, ReportFigures, ReportFilter, ReportQuery, User};
use crate::error::AppError;
use crate::ui::show;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use reach::ReachReport;
use serde::{Deserialize, Serialize};

/// How many quotes a board pack shows.
pub const BOARD_QUOTES: u32 = 6;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Charts {
    pub over_time: String,
    pub channel: String,
    pub language: String,
    pub theme: String,
    pub feeling: String,
    pub actions: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportData {
    pub me: User,
    /// What was typed, to fill the form again.
    pub query: ReportQuery,
    /// Why the typed period was not used (the last 90 days are shown instead).
    pub error: Option<String>,
    pub filter: ReportFilter,
    /// (id, title) of every conversation, for the form.
    pub conversations: Vec<(String, String)>,
    pub figures: ReportFigures,
    /// "day", "week" or "month".
    pub bucket: String,
    pub over_time: Vec<(String, i64)>,
    pub charts: Charts,
    /// Board pack only: (conversation, words) people allowed to be quoted, as published.
    pub quotes: Vec<(String, String)>,
    /// Who we heard from, per reach question (small counts hidden).
    pub reach: Vec<ReachReport>,
    /// The day it was made, for the board pack's footer.
    pub made_on: String,
}

impl ReportData {
    fn title(&self) -> String {
        let which = self
            .filter
            .conversation
            .as_ref()
            .and_then(|id| self.conversations.iter().find(|(c, _)| c == id))
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| "All conversations".to_string());
        format!(
            "{which}, {} to {}",
            crate::domain::dates::day(self.filter.from),
            crate::domain::dates::day(self.filter.to)
        )
    }
}

/// A report for the period and conversation asked. Coordinators and admins.
#[server(prefix = "/api/fn", endpoint = "report")]
pub async fn load_report(query: ReportQuery, board: bool) -> Result<ReportData, AppError> {
    let me = crate::auth::require(crate::domain::Role::Coordinator).await?;
    let ctx = crate::context::Ctx::get()?;
    let today = chrono::Utc::now().date_naive();
    let (filter, error) = match query.filter(today) {
        Ok(f) => (f, None),
        Err(e) => (
            ReportQuery::default()
                .filter(today)
                .map_err(|_| AppError::Internal)?,
            Some(e.to_string()),
        ),
    };
    let figures = ctx.store.report(&filter).await?;
    let all = ctx.store.conversations().await?;
    let quotes = if board {
        ctx.store
            .report_quotes(&filter, BOARD_QUOTES)
            .await?
            .into_iter()
            .filter_map(|(conversation, answers)| {
                let title = all
                    .iter()
                    .find(|c| c.id == conversation)
                    .map(|c| c.title.clone())
                    .unwrap_or_default();
                crate::domain::quote_text(&answers).map(|q| (title, q))
            })
            .collect()
    } else {
        Vec::new()
    };
    let bucket = Bucket::for_period(filter.from, filter.to);
    let over = crate::domain::over_time(&figures.per_day, filter.from, filter.to);
    let charts = draw(&figures, &over, bucket);
    let reach = reach::reach_report(&ctx, &filter).await?;
    Ok(ReportData {
        made_on: crate::domain::dates::day_of(chrono::Utc::now()),
        reach,
        me,
        query,
        error,
        conversations: all.into_iter().map(|c| (c.id, c.title)).collect(),
        bucket: bucket.name().to_string(),
        over_time: over,
        charts,
        quotes,
        figures,
        filter,
    })
}

/// (label, count) lists for the tables and charts.
fn channels(f: &ReportFigures) -> Vec<(String, i64)> {
    f.by_channel
        .iter()
        .map(|(c, n)| (c.label().to_string(), *n))
        .collect()
}

fn languages(f: &ReportFigures) -> Vec<(String, i64)> {
    f.by_language
        .iter()
        .map(|(l, n)| {
            let name = l.map_or("Not recorded", crate::languages::staff_name);
            (name.to_string(), *n)
        })
        .collect()
}

fn feelings(f: &ReportFigures) -> Vec<(String, i64)> {
    (1..=5)
        .zip(f.feeling)
        .map(|(point, n)| (crate::text::w(&format!("scale-{point}")), n))
        .collect()
}

fn statuses(f: &ReportFigures) -> Vec<(String, i64)> {
    ActionStatus::ALL
        .iter()
        .map(|s| {
            let n = f
                .actions_by_status
                .iter()
                .find(|(x, _)| x == s)
                .map_or(0, |(_, n)| *n);
            (s.label().to_string(), n)
        })
        .collect()
}

#[cfg(feature = "ssr")]
fn draw(f: &ReportFigures, over: &[(String, i64)], bucket: Bucket) -> Charts {
    let plain = |n: i64| n.to_string();
    Charts {
        over_time: charts::line(&format!("Submissions per {}", bucket.name()), over),
        channel: charts::bars("Submissions by channel", &channels(f), plain),
        language: charts::bars("Submissions by language", &languages(f), plain),
        theme: charts::bars("Submissions by theme", &f.by_theme, plain),
        feeling: charts::columns("How people feel about the service", &feelings(f), plain),
        actions: charts::bars("Actions by where they stand", &statuses(f), plain),
    }
}

fn query_from_url() -> ReportQuery {
    use_query_map().with_untracked(|q| {
        let get = |k: &str| q.get(k).unwrap_or_default();
        ReportQuery {
            from: get("from"),
            to: get("to"),
            conversation: get("conversation"),
        }
    })
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let query = query_from_url();
    let data = Resource::new(move || query.clone(), |q| load_report(q, false));
    view! {
        <Title text="Reports"/>
        {show(data, |d: ReportData| view! { <Report data=d board=false/> })}
    }
}

#[component]
pub fn BoardPackPage() -> impl IntoView {
    let query = query_from_url();
    let data = Resource::new(move || query.clone(), |q| load_report(q, true));
    view! {
        <Title text="Board pack"/>
        {show(data, |d: ReportData| view! { <Report data=d board=true/> })}
    }
}

/// A chart with its figures in a table. `shown` writes a count as people may see it.
#[component]
fn Figure(
    heading: String,
    svg: String,
    rows: Vec<(String, i64)>,
    label: &'static str,
    #[prop(optional)] empty: Option<&'static str>,
) -> impl IntoView {
    let has_any = rows.iter().any(|(_, n)| *n > 0);
    view! {
        <section class="report-section">
            <h2>{heading.clone()}</h2>
            {if has_any {
                view! {
                    <figure class="report-figure">
                        <div class="chart" inner_html=svg></div>
                        <table class="figures">
                            <caption>{format!("{heading}: the figures")}</caption>
                            <thead><tr><th scope="col">{label}</th><th scope="col">"Count"</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|(l, n)| view! {
                                    <tr><th scope="row">{l}</th><td>{n}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </figure>
                }.into_any()
            } else {
                view! { <p>{empty.unwrap_or("Nothing in this period.")}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn Report(data: ReportData, board: bool) -> impl IntoView {
    let title = data.title();
    let f = data.figures.clone();
    let q = data.filter.query();
    let linked = match f.linked_percent() {
        Some(p) => format!("{} ({p}%)", f.linked),
        None => "0".to_string(),
    };
    let median = f
        .median_days_to_action
        .map(|d| {
            if d < 1.0 {
                "less than a day".to_string()
            } else {
                format!("{:.0} days", d)
            }
        })
        .unwrap_or_else(|| "no links yet".to_string());
    let actions_total: i64 = f.actions_by_status.iter().map(|(_, n)| n).sum();
    let headline = view! {
        <dl class="headline">
            <div><dt>"Submissions"</dt><dd>{f.total}</dd></div>
            <div><dt>"Linked to an action"</dt><dd>{linked}</dd></div>
            <div><dt>"Actions taken on them"</dt><dd>{actions_total}</dd></div>
            <div><dt>"Median time to first action"</dt><dd>{median}</dd></div>
        </dl>
        {(f.text_deleted > 0).then(|| view! {
            <p class="hint">{format!("The words of {} of these were deleted under the rules for keeping data; they are still counted.", f.text_deleted)}</p>
        })}
    };
    let reach_section = view! {
        <section class="report-section">
            <h2>"Who we heard from"</h2>
            {if data.reach.is_empty() {
                view! { <p>"No reach questions are set."</p> }.into_any()
            } else {
                view! {
                    <p class="hint">"Answers are optional. Counts under 5 are shown as “fewer than 5”, so nobody can be picked out."</p>
                    {data.reach.iter().cloned().map(|r| view! {
                        <figure class="report-figure">
                            <h3>{r.prompt.clone()}</h3>
                            <p>{format!("Answered by: {}", r.answered)}</p>
                            <div class="chart" inner_html=r.chart></div>
                            <table class="figures">
                                <caption>{format!("{}: the figures", r.prompt)}</caption>
                                <thead><tr>
                                    <th scope="col">"Answer"</th>
                                    <th scope="col">"Count"</th>
                                    <th scope="col">"Share of answers"</th>
                                    <th scope="col">"Service population"</th>
                                </tr></thead>
                                <tbody>
                                    {r.rows.into_iter().map(|(c, n, share, pop)| view! {
                                        <tr>
                                            <th scope="row">{c}</th>
                                            <td>{n}</td>
                                            <td>{share.map(|s| format!("{s}%")).unwrap_or_else(|| "not shown".into())}</td>
                                            <td>{pop.map(|p| format!("{p}%")).unwrap_or_else(|| "not given".into())}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </figure>
                    }).collect_view()}
                }.into_any()
            }}
        </section>
    };
    let figures = view! {
        <Figure heading=format!("Submissions per {}", data.bucket) svg=data.charts.over_time.clone() rows=data.over_time.clone() label="Period"/>
        <Figure heading="By channel".to_string() svg=data.charts.channel.clone() rows=channels(&f) label="Channel"/>
        <Figure heading="By language".to_string() svg=data.charts.language.clone() rows=languages(&f) label="Written in"/>
        <Figure heading="By theme".to_string() svg=data.charts.theme.clone() rows=f.by_theme.clone() label="Theme" empty="No submissions in this period have a theme yet."/>
        <Figure heading="How people feel about the service".to_string() svg=data.charts.feeling.clone() rows=feelings(&f) label="Feeling" empty="Nobody answered a feeling question in this period."/>
        <Figure heading="What we did: actions by where they stand".to_string() svg=data.charts.actions.clone() rows=statuses(&f) label="Where it stands" empty="No action is linked to this period's submissions yet."/>
    };
    if board {
        return view! {
            <div class="board-pack">
                <p class="no-print"><a href=format!("/reports?{q}")>"Back to reports"</a></p>
                <h1>"Board pack"</h1>
                <p class="lead">{title}</p>
                {headline}
                {figures}
                {reach_section}
                <section class="report-section">
                    <h2>"In their words"</h2>
                    {if data.quotes.is_empty() {
                        view! { <p>"No published quotes in this period."</p> }.into_any()
                    } else {
                        view! {
                            <p class="hint">"Only from people who allowed their words to be shared, as published."</p>
                            {data.quotes.into_iter().map(|(c, words)| view! {
                                <blockquote><p dir="auto">{words}</p><footer class="hint">{c}</footer></blockquote>
                            }).collect_view()}
                        }.into_any()
                    }}
                </section>
                <p class="hint">{format!("Made with Cairn on {}.", data.made_on)}</p>
            </div>
        }
        .into_any();
    }
    let options = data.conversations.clone();
    let chosen = data.filter.conversation.clone().unwrap_or_default();
    view! {
        <StaffBar user=data.me.clone()/>
        <h1>"Reports"</h1>
        {data.error.clone().map(|e| view! {
            <div class="error-summary" role="alert">
                <h2 class="panel-title">"There is a problem"</h2>
                <p><a href="#r-from">{e}</a></p>
            </div>
        })}
        <form method="get" action="/reports" class="filters">
            <div class="field">
                <label class="label" for="r-conversation">"Conversation"</label>
                <select class="input" id="r-conversation" name="conversation">
                    <option value="" selected=chosen.is_empty()>"All conversations"</option>
                    {options.into_iter().map(|(id, t)| {
                        let selected = id == chosen;
                        view! { <option value=id selected=selected>{t}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="label" for="r-from">"From"</label>
                <input class="input" type="date" id="r-from" name="from" value=data.filter.from.to_string()/>
            </div>
            <div class="field">
                <label class="label" for="r-to">"To"</label>
                <input class="input" type="date" id="r-to" name="to" value=data.filter.to.to_string()/>
            </div>
            <button type="submit" class="button">"Show"</button>
        </form>
        <p class="lead">{title}</p>
        <ul class="report-links">
            <li><a href=format!("/reports/board?{q}")>"Board pack, ready to print"</a></li>
            <li><a href=format!("/export/submissions.csv?{q}")>"Download the submissions as a spreadsheet (CSV)"</a></li>
            <li><a href=format!("/export/submissions.json?{q}")>"Download the submissions as JSON"</a></li>
            <li><a href=format!("/export/reach.csv?{q}")>"Download who we heard from (CSV)"</a></li>
            <li><a href="/reach">"Set the reach questions"</a></li>
        </ul>
        <p class="hint">"Exports include words only where people allowed sharing with the board; other submissions are counted but not quoted. Taken-back submissions never appear."</p>
        {headline}
        {figures}
        {reach_section}
    }
    .into_any()
}

pub mod reach;
pub mod reach_translate;
pub mod retention;
