//! Realistic data for development and benchmarks (`cairn seed --count 50000`): submissions to the default
//! conversation spread over the last year, across channels, with consent choices, plus what a year of
//! moderation leaves behind: themes, published and hidden input, a few safeguarding flags, and "You said,
//! we did" actions (one per theme, linked to what was tagged with it, with updates). Everything
//! goes through the `Store` trait, the same path real input and real moderation take, so it works on
//! either backend and the audit log records the moderation (as done by Cairn, no person).

use app::domain::{
    ActionFields, ActionStatus, Answer, AnswerValue, Channel, Consent, FlagState, NewSubmission,
    Status, Theme,
};
use app::store::{AuditRecord, Store, StoreError, SubmissionRecord};
use chrono::{Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Instant;
use uuid::Uuid;

const CONVERSATION: &str = "tell-us-anything";
const BATCH: usize = 200;

/// Themes and the words that put a submission under them.
const THEMES: &[(&str, &[&str])] = &[
    ("Opening hours", &["open", "hours", "weekend", "evening"]),
    ("Food", &["food", "kettle", "lunch", "breakfast"]),
    ("Getting here", &["bus", "walk", "ramp", "stairs"]),
    ("Staff", &["staff", "kind", "listened", "rude"]),
    ("Waiting", &["wait", "queue", "appointment"]),
    ("Money and benefits", &["money", "benefits", "forms"]),
];

const OPENINGS: &[&str] = &[
    "I come here most weeks.",
    "This is my first time.",
    "My friend told me about this place.",
    "I have been coming for two years.",
    "I only come when I really need to.",
];
const MIDDLES: &[&str] = &[
    "The staff are kind and they listened to me.",
    "The bus does not run late, so I have to leave early.",
    "The kettle is broken again and there is no hot food.",
    "I had to wait a long time in the queue.",
    "It would help if you were open at the weekend.",
    "The stairs are hard for me, a ramp would help.",
    "Help with forms and benefits changed a lot for me.",
    "Breakfast is the best part of my day.",
    "One of the staff was rude to me last week.",
    "The evening sessions are too short.",
    "I could not get an appointment for three weeks.",
    "It is warm and I feel safe here.",
];
const ENDINGS: &[&str] = &[
    "Thank you.",
    "Please think about it.",
    "Keep doing what you are doing.",
    "",
    "My number is 07700 900123 if you want to talk.",
    "Ask for Sam, she knows me.",
];
const OFTEN: &[&str] = &["This is my first time", "Now and then", "Most weeks"];
/// Where outreach staff collected the answers they wrote down.
const PLACES: &[&str] = &["Tuesday drop-in", "Library outreach", "Food bank stall"];

/// One action per theme, in `THEMES` order: (title, what we are doing, status, why not, money, when,
/// the update).
const ACTIONS: &[(&str, &str, ActionStatus, &str, &str, &str, &str)] = &[
    (
        "Open on Saturday mornings",
        "We will open from 10am to 1pm on Saturdays.",
        ActionStatus::InProgress,
        "",
        "About £150 a month for staff time.",
        "From the first Saturday of next month.",
        "Two volunteers have signed up for Saturdays.",
    ),
    (
        "Hot breakfast every day",
        "We bought a new kettle and a toaster, and we serve breakfast every morning.",
        ActionStatus::Done,
        "",
        "£60, from the donations box.",
        "Done.",
        "Breakfast now runs every day from 9am.",
    ),
    (
        "A ramp at the back door",
        "We asked the landlord to put in a ramp.",
        ActionStatus::Considering,
        "",
        "We do not know yet. The landlord will tell us.",
        "We will know by the end of the month.",
        "The landlord is getting prices.",
    ),
    (
        "Training on listening",
        "All staff will do a day of training on listening well.",
        ActionStatus::Planned,
        "",
        "Free, from the council's training scheme.",
        "In the spring.",
        "The training day is booked.",
    ),
    (
        "An appointment text reminder",
        "We looked at sending texts before appointments.",
        ActionStatus::NotDoing,
        "The text service costs more than we have. We will phone people instead when we can.",
        "It would cost about £900 a year.",
        "",
        "We decided not to go ahead, and why is above.",
    ),
    (
        "A benefits advisor on Tuesdays",
        "An advisor from the welfare rights service will come every Tuesday.",
        ActionStatus::Planned,
        "",
        "Free. The advisor's service pays.",
        "From next month.",
        "The advisor starts on the first Tuesday of the month.",
    ),
];

/// What seeding did, for the command's output.
#[derive(Debug)]
pub struct SeedReport {
    pub submissions: usize,
    pub themes: usize,
    pub tagged: usize,
    pub published: usize,
    pub hidden: usize,
    pub flagged: usize,
    pub actions: usize,
    pub linked: usize,
    pub seconds: f64,
}

fn cairn(action: &'static str, subject: String) -> AuditRecord {
    AuditRecord {
        actor: None,
        action,
        subject: format!("{subject} (seed data)"),
    }
}

/// One made-up submission received at `received`.
fn submission(rng: &mut StdRng, received: chrono::DateTime<Utc>) -> (NewSubmission, String) {
    let pick = |rng: &mut StdRng, list: &[&'static str]| list[rng.gen_range(0..list.len())];
    let text = format!(
        "{} {} {}",
        pick(rng, OPENINGS),
        pick(rng, MIDDLES),
        pick(rng, ENDINGS)
    )
    .trim()
    .to_string();
    let channel = match rng.gen_range(0..100) {
        0..=54 => Channel::OwnDevice,
        55..=79 => Channel::SharedDevice,
        80..=91 => Channel::StaffAssisted,
        92..=96 => Channel::Paper,
        _ => Channel::Event,
    };
    let mut answers = vec![Answer {
        question_id: "say".into(),
        value: AnswerValue::Text(text.clone()),
    }];
    if rng.gen_bool(0.8) {
        answers.push(Answer {
            question_id: "feeling".into(),
            value: AnswerValue::Scale(rng.gen_range(1..=5)),
        });
    }
    if rng.gen_bool(0.6) {
        answers.push(Answer {
            question_id: "often".into(),
            value: AnswerValue::Choice(pick(rng, OFTEN).into()),
        });
    }
    let mut bytes = [0u8; 16];
    rng.fill(&mut bytes);
    let s = NewSubmission {
        id: uuid::Builder::from_random_bytes(bytes).into_uuid(),
        conversation_id: CONVERSATION.into(),
        created_at: received - Duration::minutes(rng.gen_range(0..600)),
        channel,
        answers,
        consent: Consent {
            quote: rng.gen_bool(0.4),
            board: rng.gen_bool(0.6),
            updates: rng.gen_bool(0.3),
        },
        place: (channel == Channel::StaffAssisted).then(|| pick(rng, PLACES).to_string()),
        lang: Some(app::domain::Lang::En),
    };
    (s, text)
}

/// The seed's themes, made if missing.
async fn themes(store: &dyn Store) -> Result<Vec<Theme>, StoreError> {
    let existing = store.themes().await?;
    let mut out = Vec::new();
    for (name, _) in THEMES {
        match existing.iter().find(|t| t.name == *name) {
            Some(t) => out.push(t.clone()),
            None => out.push(
                store
                    .create_theme(name, &cairn("theme.created", (*name).into()))
                    .await?,
            ),
        }
    }
    Ok(out)
}

/// Adds `count` submissions (and their moderation) to the store. The same `seed` gives the same data.
pub async fn seed(store: &dyn Store, count: usize, seed: u64) -> Result<SeedReport, StoreError> {
    let started = Instant::now();
    if !store
        .conversations()
        .await?
        .iter()
        .any(|c| c.id == CONVERSATION)
    {
        return Err(StoreError::Backend(format!(
            "the default conversation '{CONVERSATION}' is missing"
        )));
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let themes = themes(store).await?;
    let batches = count.div_ceil(BATCH).max(1);
    let now = Utc::now();
    let mut report = SeedReport {
        submissions: 0,
        themes: themes.len(),
        tagged: 0,
        published: 0,
        hidden: 0,
        flagged: 0,
        actions: 0,
        linked: 0,
        seconds: 0.0,
    };
    // (theme index, submission) for everything tagged, to link to that theme's action.
    let mut tagged: Vec<(usize, Uuid)> = Vec::new();
    for b in 0..batches {
        let n = BATCH.min(count - report.submissions);
        // Oldest batch first, spread evenly over the last 365 days.
        let received = now - Duration::minutes(((batches - b) * 365 * 24 * 60 / batches) as i64);
        let made: Vec<(NewSubmission, String)> =
            (0..n).map(|_| submission(&mut rng, received)).collect();
        let records: Vec<SubmissionRecord> = made
            .iter()
            .map(|(s, _)| SubmissionRecord {
                staff_id: app::store::staff_id(),
                fingerprint: app::sync::ingest::fingerprint(s),
                submission: s.clone(),
                submitted_by: None,
                late: false,
                reach: Vec::new(),
            })
            .collect();
        store.insert_submissions(&records, received).await?;
        report.submissions += n;
        for (record, (s, text)) in records.iter().zip(&made) {
            let id = record.staff_id;
            if let Some(theme) =
                moderate(store, &mut rng, &themes, id, s, text, &mut report).await?
            {
                tagged.push((theme, id));
            }
        }
    }
    actions(store, &themes, &tagged, &mut report).await?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The seed's actions, one per theme, published, with an update, each linked to what was tagged with its
/// theme. Made once: seeding again links more to the same actions.
async fn actions(
    store: &dyn Store,
    themes: &[Theme],
    tagged: &[(usize, Uuid)],
    report: &mut SeedReport,
) -> Result<(), StoreError> {
    let existing = store.actions(false).await?;
    for (i, ((title, doing, status, reason, budget, timeline, update), theme)) in
        ACTIONS.iter().zip(themes).enumerate()
    {
        let id = match existing.iter().find(|a| a.fields.title == *title) {
            Some(a) => a.id,
            None => {
                let id = store
                    .create_action(title, &cairn("action.created", format!("'{title}'")))
                    .await?;
                let fields = ActionFields {
                    title: title.to_string(),
                    heard: format!("People told us about {}.", theme.name.to_lowercase()),
                    doing: doing.to_string(),
                    status: *status,
                    reason: reason.to_string(),
                    budget: budget.to_string(),
                    timeline: timeline.to_string(),
                    decided: "The team and the members' group, at the monthly meeting.".into(),
                };
                let subject = || format!("action {id}");
                store
                    .save_action(id, &fields, &[theme.id], &cairn("action.saved", subject()))
                    .await?;
                store
                    .set_action_published(id, true, &cairn("action.published", subject()))
                    .await?;
                store
                    .add_action_update(id, None, update, &cairn("action.update_added", subject()))
                    .await?;
                report.actions += 1;
                id
            }
        };
        let ids: Vec<Uuid> = tagged
            .iter()
            .filter(|(t, _)| *t == i)
            .map(|(_, s)| *s)
            .collect();
        for chunk in ids.chunks(app::actions::MAX_LINK) {
            report.linked += store
                .link_submissions(id, chunk, &cairn("action.linked", format!("action {id}")))
                .await? as usize;
        }
    }
    Ok(())
}

/// About a fifth tagged (by their words), a tenth published (of those who allow quotes), one in twenty
/// hidden, one in five hundred flagged. Returns the index of the theme it was tagged with.
async fn moderate(
    store: &dyn Store,
    rng: &mut StdRng,
    themes: &[Theme],
    id: Uuid,
    s: &NewSubmission,
    text: &str,
    report: &mut SeedReport,
) -> Result<Option<usize>, StoreError> {
    let subject = || format!("submission {id}");
    let mut tagged = None;
    if rng.gen_bool(0.2) {
        let lower = text.to_lowercase();
        if let Some((i, (_, theme))) = THEMES
            .iter()
            .zip(themes)
            .enumerate()
            .find(|(_, ((_, words), _))| words.iter().any(|w| lower.contains(w)))
        {
            store
                .set_tagged(id, theme.id, true, &cairn("submission.tagged", subject()))
                .await?;
            report.tagged += 1;
            tagged = Some(i);
        }
    }
    let roll = rng.gen_range(0..100);
    if roll < 10 && s.consent.quote {
        store
            .set_status(
                id,
                Status::Published,
                &cairn("submission.published", subject()),
            )
            .await?;
        report.published += 1;
    } else if (10..15).contains(&roll) {
        store
            .set_status(id, Status::Hidden, &cairn("submission.hidden", subject()))
            .await?;
        report.hidden += 1;
    }
    if rng.gen_range(0..500) == 0 {
        store
            .raise_flag(
                id,
                "Mentions feeling unsafe at home.",
                &cairn("safeguarding.raised", subject()),
            )
            .await?;
        if rng.gen_bool(0.5) {
            store
                .update_flag(
                    id,
                    FlagState::Closed,
                    "Spoke with them; referred to the support worker.",
                    &cairn("safeguarding.closed", subject()),
                )
                .await?;
        }
        report.flagged += 1;
    }
    Ok(tagged)
}
