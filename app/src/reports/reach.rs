//! Reach questions (coordinators): the optional, anonymous questions participants may answer about
//! themselves, with the service's own population figures to compare against. Counts only, apart from
//! the words; reports and exports show any count under 5 as "fewer than 5".

use crate::auth::StaffBar;
#[cfg(feature = "ssr")]
use crate::domain::{reach_share, shown_count, ReportFilter};
use crate::domain::{ReachQuestion, User, MAX_REACH_QUESTIONS};
use crate::error::AppError;
use crate::notice::{Notices, Words};
use crate::ui::show;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

pub const DONE: Words = &[
    (
        "added",
        "Question added. Participants see it on the answer page from now on.",
    ),
    ("removed", "Question removed, with its counts."),
    ("population", "Population figures saved."),
    ("language_saved", "Language saved."),
    ("translation_saved", "Translation saved."),
];
pub const PROBLEMS: Words = &[
    ("prompt", "Write the question, in at most 200 characters."),
    (
        "translation",
        "A translation can be as long as the words it translates may be: 200 characters for the question, 80 for a choice.",
    ),
    ("language", "Choose one of the languages listed."),
    (
        "choices",
        "Give 2 to 12 different choices, one per line, each at most 80 characters.",
    ),
    (
        "population_count",
        "Give one population figure per choice, on its own line, or none at all.",
    ),
    (
        "population_number",
        "Population figures are percentages from 0 to 100, like 12.5.",
    ),
    (
        "population_total",
        "The population figures add up to more than 100%.",
    ),
    (
        "too_many",
        "There are 10 reach questions already. Remove one first.",
    ),
    ("gone", "That question is not there any more."),
];

/// One reach question's figures for a period, as a report shows them (small counts hidden).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReachReport {
    pub prompt: String,
    /// How many answered it, as shown.
    pub answered: String,
    /// (choice, count as shown, share of answers %, population %).
    pub rows: Vec<(String, String, Option<i64>, Option<f64>)>,
    pub chart: String,
}

/// The period's reach figures per question, with the small-number rule applied.
#[cfg(feature = "ssr")]
pub async fn reach_report(
    ctx: &crate::context::Ctx,
    filter: &ReportFilter,
) -> Result<Vec<ReachReport>, AppError> {
    let questions = ctx.store.reach_questions().await?;
    let counts = ctx.store.reach_counts(filter).await?;
    Ok(questions
        .into_iter()
        .map(|q| {
            let count = |choice: &str| {
                counts
                    .iter()
                    .find(|(id, c, _)| *id == q.id && c == choice)
                    .map_or(0, |(_, _, n)| *n)
            };
            let total: i64 = q.choices.iter().map(|c| count(c)).sum();
            let rows: Vec<(String, String, Option<i64>, Option<f64>)> = q
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let n = count(c);
                    (
                        c.clone(),
                        shown_count(n),
                        reach_share(n, total),
                        q.population_for(i),
                    )
                })
                .collect();
            let chart = super::charts::compare(
                &format!("Who we heard from: {}", q.prompt),
                &rows
                    .iter()
                    .map(|(c, _, share, population)| (c.clone(), *share, *population))
                    .collect::<Vec<_>>(),
            );
            ReachReport {
                prompt: q.prompt,
                answered: shown_count(total),
                rows,
                chart,
            }
        })
        .collect())
}

/// The reach figures as CSV, small counts hidden as on the page; cells written as the submissions
/// export writes them, so no question or choice can become a spreadsheet formula.
#[cfg(feature = "ssr")]
pub fn reach_csv(reports: &[ReachReport]) -> String {
    use crate::export::csv_record;
    let mut out = csv_record([
        "question",
        "choice",
        "count",
        "share_percent",
        "population_percent",
    ]);
    for r in reports {
        for (choice, count, share, population) in &r.rows {
            let share = share.map(|s| s.to_string()).unwrap_or_default();
            let population = population.map(|p| p.to_string()).unwrap_or_default();
            out.push_str(&csv_record([
                r.prompt.as_str(),
                choice,
                count,
                &share,
                &population,
            ]));
        }
    }
    out
}

#[server(prefix = "/api/fn", endpoint = "reach")]
pub async fn reach_page_data() -> Result<(User, Vec<ReachQuestion>), AppError> {
    let me = crate::auth::require(crate::domain::Role::Coordinator).await?;
    let ctx = crate::context::Ctx::get()?;
    Ok((me, ctx.store.reach_questions().await?))
}

/// The changes the reach page's forms make (server only).
#[cfg(feature = "ssr")]
pub mod changes {
    use super::PROBLEMS;
    use crate::context::Ctx;
    use crate::domain::{
        parse_parts, parse_population, with_translation, Lang, ReachForm, User, MAX_REACH_QUESTIONS,
    };
    use crate::error::AppError;
    use crate::notice::problem;
    use crate::store::AuditRecord;

    fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub async fn add(ctx: &Ctx, user: &User, fields: &[(String, String)]) -> Result<(), AppError> {
        let form = ReachForm::parse(
            field(fields, "prompt"),
            field(fields, "choices"),
            field(fields, "population"),
        )
        .map_err(|code| problem(PROBLEMS, code))?;
        if ctx.store.reach_questions().await?.len() >= MAX_REACH_QUESTIONS {
            return Err(problem(PROBLEMS, "too_many"));
        }
        let audit = AuditRecord::by(
            user,
            "reach.added",
            format!("reach question with {} choices", form.choices.len()),
        );
        ctx.store.add_reach_question(&form, &audit).await?;
        Ok(())
    }

    pub async fn remove(ctx: &Ctx, user: &User, id: i64) -> Result<(), AppError> {
        let audit = AuditRecord::by(user, "reach.removed", format!("reach question {id}"));
        Ok(ctx.store.remove_reach_question(id, &audit).await?)
    }

    /// The language the question is written in (`code`: `en`, `pl`, `ar`).
    pub async fn set_language(ctx: &Ctx, user: &User, id: i64, code: &str) -> Result<(), AppError> {
        let lang = Lang::from_code(code).ok_or_else(|| problem(PROBLEMS, "language"))?;
        let q = find(ctx, id).await?;
        let audit = AuditRecord::by(user, "reach.language_set", format!("reach question {id}"));
        Ok(ctx
            .store
            .set_reach_languages(id, lang, &q.translations, &audit)
            .await?)
    }

    /// Saves the translation into `code` from the translate page's fields.
    pub async fn translate(
        ctx: &Ctx,
        user: &User,
        id: i64,
        code: &str,
        fields: &[(String, String)],
    ) -> Result<(), AppError> {
        let lang = Lang::from_code(code).ok_or_else(|| problem(PROBLEMS, "language"))?;
        let q = find(ctx, id).await?;
        let words =
            parse_parts(&q.parts(), fields).ok_or_else(|| problem(PROBLEMS, "translation"))?;
        let all = with_translation(&q.translations, lang, words);
        let audit = AuditRecord::by(user, "reach.translated", format!("reach question {id}"));
        Ok(ctx
            .store
            .set_reach_languages(id, q.lang, &all, &audit)
            .await?)
    }

    async fn find(ctx: &Ctx, id: i64) -> Result<crate::domain::ReachQuestion, AppError> {
        ctx.store
            .reach_questions()
            .await?
            .into_iter()
            .find(|q| q.id == id)
            .ok_or(AppError::NotFound)
    }

    pub async fn population(
        ctx: &Ctx,
        user: &User,
        id: i64,
        fields: &[(String, String)],
    ) -> Result<(), AppError> {
        let question = ctx
            .store
            .reach_questions()
            .await?
            .into_iter()
            .find(|q| q.id == id)
            .ok_or(AppError::NotFound)?;
        let figures = parse_population(field(fields, "population"), question.choices.len())
            .map_err(|code| problem(PROBLEMS, code))?;
        let audit = AuditRecord::by(user, "reach.population_set", format!("reach question {id}"));
        Ok(ctx.store.set_reach_population(id, &figures, &audit).await?)
    }
}

#[component]
pub fn ReachPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| reach_page_data());
    view! {
        <Title text="Reach questions"/>
        {show(data, |(me, questions): (User, Vec<ReachQuestion>)| {
            let room = questions.len() < MAX_REACH_QUESTIONS;
            view! {
                <StaffBar user=me/>
                <h1>"Reach questions"</h1>
                <Notices done=DONE problems=PROBLEMS/>
                <p class="lead">"Check who you are hearing from, and who you are not."</p>
                <p>"Participants may answer these at the end of the answer page, or skip them. Cairn only counts the answers, per day, apart from the words, so nobody can link them to a person. Reports and exports show any count under 5 as \u{201c}fewer than 5\u{201d}. Add your service's own population figures to compare."</p>
                {if questions.is_empty() {
                    view! { <p>"No reach questions yet."</p> }.into_any()
                } else {
                    questions.into_iter().map(|q| {
                        let figures = q.population.iter().map(|p| p.map(|p| p.to_string()).unwrap_or_default()).collect::<Vec<_>>().join("\n");
                        let pop_id = format!("population-{}", q.id);
                        view! {
                            <section class="card reach-question" aria-label=q.prompt.clone()>
                                <h2>{q.prompt.clone()}</h2>
                                <ul>{q.choices.iter().enumerate().map(|(i, c)| {
                                    let p = q.population_for(i).map(|p| format!(" (population {p}%)")).unwrap_or_default();
                                    view! { <li>{format!("{c}{p}")}</li> }
                                }).collect_view()}</ul>
                                <form method="post" action=format!("/reach/{}/population", q.id)>
                                    <div class="field">
                                        <label class="label" for=pop_id.clone()>"Population figures, % (one per line, same order)"</label>
                                        <textarea class="input" id=pop_id name="population" rows="4">{figures}</textarea>
                                    </div>
                                    <button type="submit" class="button button-secondary">"Save population figures"</button>
                                </form>
                                <crate::languages::Languages base=format!("/reach/{}", q.id) own=q.lang parts=q.parts()
                                    translations=q.translations.clone() what="question" within=(q.id, q.prompt.clone())/>
                                <form method="post" action=format!("/reach/{}/remove", q.id)>
                                    <button type="submit" class="button button-secondary">"Remove this question"</button>
                                </form>
                            </section>
                        }
                    }).collect_view().into_any()
                }}
                {room.then(|| view! {
                    <h2>"Add a reach question"</h2>
                    <form method="post" action="/reach" class="narrow">
                        <div class="field">
                            <label class="label" for="reach-prompt">"Question"</label>
                            <p class="hint" id="reach-prompt-hint">"Plain words, like: How old are you?"</p>
                            <input class="input" id="reach-prompt" name="prompt" maxlength="200" aria-describedby="reach-prompt-hint"/>
                        </div>
                        <div class="field">
                            <label class="label" for="reach-choices">"Choices, one per line"</label>
                            <textarea class="input" id="reach-choices" name="choices" rows="5"></textarea>
                        </div>
                        <div class="field">
                            <label class="label" for="reach-population">"Population figures, % (optional, one per choice)"</label>
                            <textarea class="input" id="reach-population" name="population" rows="5"></textarea>
                        </div>
                        <button type="submit" class="button">"Add question"</button>
                    </form>
                })}
            }
        })}
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn reach_csv_cells_never_become_formulas() {
        let report = ReachReport {
            prompt: "=HYPERLINK(\"https://evil.example\")".into(),
            answered: "12".into(),
            rows: vec![("@SUM(1)".into(), "fewer than 5".into(), None, None)],
            chart: String::new(),
        };
        let csv = reach_csv(&[report]);
        let line = csv.lines().nth(1).expect("a row");
        assert!(line.starts_with("\"'=HYPERLINK("), "{line}");
        assert!(line.contains(",'@SUM(1),"), "{line}");
    }
}
