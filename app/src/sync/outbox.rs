//! The outbox: submissions that have left the draft but that the server has not yet acknowledged.
//!
//! Pure: no storage, no clock, no network. The browser module loads it, asks what to send, reports what
//! happened, and saves it again. An entry leaves `pending` only when the server has answered for it, so a
//! dropped connection, a closed tab or a crash can lose nothing; the server's per-id idempotency makes
//! every resend harmless.

use super::wire::{ItemResult, ItemStatus, WireSubmission, MAX_BATCH};
use crate::domain::RejectCode;
use serde::{Deserialize, Serialize};

/// Which outbox: a participant's own, or the one a member of staff fills in the field. They are kept
/// apart so a participant page never tries to send staff entries, and staff never see receipts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Queue {
    Participant,
    Field,
}

impl Queue {
    /// Where the browser keeps it. The participant key is the first release's: never rename it, or
    /// phones would strand what waits in their outbox across an upgrade.
    pub fn storage_key(self) -> &'static str {
        match self {
            Queue::Participant => crate::keys::OUTBOX,
            Queue::Field => crate::keys::FIELD_OUTBOX,
        }
    }

    /// For per-queue state kept by the browser driver.
    pub const COUNT: usize = 2;

    pub fn slot(self) -> usize {
        self as usize
    }
}

/// First retry after about two seconds, doubling, never more than five minutes apart.
const FIRST_RETRY_MS: f64 = 2_000.0;
const MAX_RETRY_MS: f64 = 300_000.0;
/// Stay well under the server's 1 MiB body limit.
pub const MAX_BATCH_BYTES: usize = 900_000;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    #[serde(default)]
    pub pending: Vec<Pending>,
    /// Refused by the server for good. Kept, with the words, so nothing vanishes silently.
    #[serde(default)]
    pub rejected: Vec<Rejected>,
    /// Acknowledged: the receipt is shown until the person dismisses it.
    #[serde(default)]
    pub sent: Vec<Sent>,
    /// When the server last took something from this outbox (milliseconds since the epoch).
    #[serde(default)]
    pub last_sent_ms: Option<f64>,
    /// The server wants a signed-in member of staff for what is waiting (their sign-in ran out).
    /// Nothing is sent until the person has had the chance to sign in again.
    #[serde(default)]
    pub sign_in_needed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub submission: WireSubmission,
    pub title: String,
    pub attempts: u32,
    /// Milliseconds since the epoch before which we do not try again.
    pub next_try_ms: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rejected {
    pub submission: WireSubmission,
    pub title: String,
    pub code: RejectCode,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    pub id: String,
    pub title: String,
    pub receipt: String,
}

/// How long to wait after `attempts` failures; `jitter` in 0..1 spreads phones that all come back
/// online at once.
pub fn backoff_ms(attempts: u32, jitter: f64) -> f64 {
    let base = FIRST_RETRY_MS * 2f64.powi(attempts.saturating_sub(1).min(20) as i32);
    base.min(MAX_RETRY_MS) * (0.75 + 0.5 * jitter.clamp(0.0, 1.0))
}

impl Outbox {
    /// Queues a submission to send now. A second add of the same id (a double tap) changes nothing.
    pub fn add(&mut self, submission: WireSubmission, title: String, now_ms: f64) -> bool {
        if self
            .pending
            .iter()
            .any(|p| p.submission.id == submission.id)
        {
            return false;
        }
        self.pending.push(Pending {
            submission,
            title,
            attempts: 0,
            next_try_ms: now_ms,
        });
        true
    }

    pub fn waiting(&self) -> usize {
        self.pending.len()
    }

    /// What to send now: due entries, oldest first, within the API's item and byte limits. An entry
    /// too big to share a batch still goes, alone.
    pub fn next_batch(&self, now_ms: f64) -> Vec<WireSubmission> {
        let mut batch = Vec::new();
        if self.sign_in_needed {
            return batch;
        }
        let mut bytes = 0;
        for p in self.pending.iter().filter(|p| p.next_try_ms <= now_ms) {
            let size = serde_json::to_vec(&p.submission)
                .map(|v| v.len())
                .unwrap_or(MAX_BATCH_BYTES);
            if batch.len() == MAX_BATCH || (!batch.is_empty() && bytes + size > MAX_BATCH_BYTES) {
                break;
            }
            bytes += size;
            batch.push(p.submission.clone());
        }
        batch
    }

    /// The earliest time something is due, for the retry timer.
    pub fn next_due_ms(&self) -> Option<f64> {
        if self.sign_in_needed {
            return None;
        }
        self.pending.iter().map(|p| p.next_try_ms).reduce(f64::min)
    }

    /// The connection came back, or the person opened a page (perhaps just after signing in again):
    /// everything is due at once.
    pub fn make_all_due(&mut self, now_ms: f64) {
        self.sign_in_needed = false;
        for p in &mut self.pending {
            p.next_try_ms = now_ms;
        }
    }

    /// Applies the server's per-item answers to a batch we sent. Accepted and duplicate both mean "the
    /// server has it"; "forbidden" means a member of staff's sign-in ran out, so the entry waits for them
    /// to sign in again; other refusals move aside with the server's reason; an entry the server did not
    /// answer for stays pending and is retried later.
    pub fn record_results(
        &mut self,
        sent_ids: &[String],
        results: &[ItemResult],
        now_ms: f64,
        jitter: f64,
    ) {
        for id in sent_ids {
            let Some(pos) = self.pending.iter().position(|p| &p.submission.id == id) else {
                continue;
            };
            match results.iter().find(|r| &r.id == id) {
                Some(r) if matches!(r.status, ItemStatus::Accepted | ItemStatus::Duplicate) => {
                    let p = self.pending.remove(pos);
                    self.last_sent_ms = Some(now_ms);
                    if !self.sent.iter().any(|s| &s.id == id) {
                        self.sent.push(Sent {
                            id: id.clone(),
                            title: p.title,
                            receipt: r.receipt.clone().unwrap_or_default(),
                        });
                    }
                }
                Some(r) if r.error.as_ref().map(|e| e.code) == Some(RejectCode::Forbidden) => {
                    self.sign_in_needed = true;
                }
                Some(r) => {
                    let p = self.pending.remove(pos);
                    let (code, message) = r
                        .error
                        .as_ref()
                        .map(|e| (e.code, e.message.clone()))
                        .unwrap_or((RejectCode::Invalid, String::new()));
                    self.rejected.push(Rejected {
                        submission: p.submission,
                        title: p.title,
                        code,
                        message,
                    });
                }
                None => self.schedule_retry(pos, now_ms, jitter),
            }
        }
    }

    /// The request failed as a whole (offline, timeout, server error): try again later.
    pub fn record_failure(&mut self, sent_ids: &[String], now_ms: f64, jitter: f64) {
        for id in sent_ids {
            if let Some(pos) = self.pending.iter().position(|p| &p.submission.id == id) {
                self.schedule_retry(pos, now_ms, jitter);
            }
        }
    }

    fn schedule_retry(&mut self, pos: usize, now_ms: f64, jitter: f64) {
        let p = &mut self.pending[pos];
        p.attempts = p.attempts.saturating_add(1);
        p.next_try_ms = now_ms + backoff_ms(p.attempts, jitter);
    }

    pub fn dismiss_sent(&mut self) {
        self.sent.clear();
    }

    pub fn dismiss_rejected(&mut self) {
        self.rejected.clear();
    }
}

/// What the participant sees of an outbox (`share::outbox_ui` shows it; `browser::outbox` keeps it
/// current).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutboxView {
    pub waiting: usize,
    pub sending: bool,
    pub sent: Vec<Sent>,
    pub rejected: Vec<Rejected>,
    pub last_sent_ms: Option<f64>,
    pub sign_in_needed: bool,
}

impl OutboxView {
    pub fn of(outbox: &Outbox, sending: bool) -> Self {
        OutboxView {
            waiting: outbox.waiting(),
            sending,
            sent: outbox.sent.clone(),
            rejected: outbox.rejected.clone(),
            last_sent_ms: outbox.last_sent_ms,
            sign_in_needed: outbox.sign_in_needed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::wire::{ItemError, WireAnswer};

    fn sub(id: &str, text: &str) -> WireSubmission {
        WireSubmission {
            id: id.into(),
            conversation_id: "c".into(),
            created_at: "2026-11-27T09:00:00Z".into(),
            channel: "own_device".into(),
            answers: vec![WireAnswer::text("q", text)],
            consent: Default::default(),
            place: None,
            lang: None,
            explained: None,
            reach: Default::default(),
        }
    }

    fn ok(id: &str, status: ItemStatus) -> ItemResult {
        ItemResult {
            id: id.into(),
            status,
            receipt: Some("ABCD-EFGH".into()),
            error: None,
        }
    }

    #[test]
    fn adding_the_same_submission_twice_queues_it_once() {
        let mut o = Outbox::default();
        assert!(o.add(sub("a", "x"), "T".into(), 0.0));
        assert!(!o.add(sub("a", "x"), "T".into(), 0.0));
        assert_eq!(o.waiting(), 1);
    }

    #[test]
    fn accepted_and_duplicate_both_leave_the_outbox_with_a_receipt() {
        let mut o = Outbox::default();
        o.add(sub("a", "x"), "T".into(), 0.0);
        o.add(sub("b", "y"), "T".into(), 0.0);
        let ids: Vec<String> = o.next_batch(0.0).into_iter().map(|s| s.id).collect();
        o.record_results(
            &ids,
            &[
                ok("a", ItemStatus::Accepted),
                ok("b", ItemStatus::Duplicate),
            ],
            0.0,
            0.5,
        );
        assert_eq!(o.waiting(), 0);
        assert_eq!(o.sent.len(), 2);
        assert_eq!(o.sent[0].receipt, "ABCD-EFGH");
    }

    #[test]
    fn a_rejected_item_is_kept_aside_with_its_words_and_reason() {
        let mut o = Outbox::default();
        o.add(sub("a", "my words"), "T".into(), 0.0);
        let r = ItemResult {
            id: "a".into(),
            status: ItemStatus::Rejected,
            receipt: None,
            error: Some(ItemError {
                code: RejectCode::TooLong,
                message: "too long".into(),
            }),
        };
        o.record_results(&["a".into()], &[r], 0.0, 0.5);
        assert_eq!(o.waiting(), 0);
        assert_eq!(o.rejected[0].code, RejectCode::TooLong);
        assert_eq!(
            o.rejected[0].submission.answers[0].text.as_deref(),
            Some("my words")
        );
    }

    #[test]
    fn a_failed_request_keeps_everything_and_backs_off() {
        let mut o = Outbox::default();
        o.add(sub("a", "x"), "T".into(), 1_000.0);
        o.record_failure(&["a".into()], 1_000.0, 0.5);
        assert_eq!(o.waiting(), 1);
        assert!(o.next_batch(1_000.0).is_empty(), "not due straight away");
        assert_eq!(o.next_batch(1_000.0 + backoff_ms(1, 0.5)).len(), 1);
        o.record_failure(&["a".into()], 5_000.0, 0.5);
        assert_eq!(o.pending[0].attempts, 2);
        assert_eq!(o.next_due_ms(), Some(5_000.0 + backoff_ms(2, 0.5)));
    }

    #[test]
    fn an_item_the_server_did_not_answer_for_is_retried() {
        let mut o = Outbox::default();
        o.add(sub("a", "x"), "T".into(), 0.0);
        o.add(sub("b", "y"), "T".into(), 0.0);
        o.record_results(
            &["a".into(), "b".into()],
            &[ok("a", ItemStatus::Accepted)],
            0.0,
            0.5,
        );
        assert_eq!(o.waiting(), 1);
        assert_eq!(o.pending[0].submission.id, "b");
        assert_eq!(o.pending[0].attempts, 1);
    }

    #[test]
    fn answers_for_ids_we_did_not_send_change_nothing() {
        let mut o = Outbox::default();
        o.add(sub("a", "x"), "T".into(), 0.0);
        o.record_results(&["zzz".into()], &[ok("a", ItemStatus::Accepted)], 0.0, 0.5);
        assert_eq!(o.waiting(), 1);
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(1, 0.5), 2_000.0);
        assert_eq!(backoff_ms(2, 0.5), 4_000.0);
        assert_eq!(backoff_ms(3, 0.5), 8_000.0);
        assert_eq!(backoff_ms(40, 0.5), 300_000.0);
        assert!(backoff_ms(1, 0.0) < backoff_ms(1, 1.0));
    }

    #[test]
    fn batches_respect_the_item_and_byte_limits() {
        let mut o = Outbox::default();
        for i in 0..150 {
            o.add(sub(&format!("id{i}"), "x"), "T".into(), 0.0);
        }
        assert_eq!(o.next_batch(0.0).len(), MAX_BATCH);

        let mut big = Outbox::default();
        let words = "w".repeat(400_000);
        for i in 0..3 {
            big.add(sub(&format!("b{i}"), &words), "T".into(), 0.0);
        }
        assert_eq!(
            big.next_batch(0.0).len(),
            2,
            "two fit under the byte limit, three do not"
        );
    }

    #[test]
    fn coming_back_online_makes_everything_due() {
        let mut o = Outbox::default();
        o.add(sub("a", "x"), "T".into(), 0.0);
        o.record_failure(&["a".into()], 0.0, 0.5);
        o.make_all_due(10.0);
        assert_eq!(o.next_batch(10.0).len(), 1);
    }

    #[test]
    fn a_refusal_for_want_of_a_sign_in_keeps_the_entry_until_the_person_signs_in_again() {
        let mut o = Outbox::default();
        o.add(sub("a", "said in the field"), "T".into(), 0.0);
        let forbidden = ItemResult {
            id: "a".into(),
            status: ItemStatus::Rejected,
            receipt: None,
            error: Some(ItemError {
                code: RejectCode::Forbidden,
                message: "sign in".into(),
            }),
        };
        o.record_results(&["a".into()], &[forbidden], 10.0, 0.5);
        assert_eq!(o.waiting(), 1, "kept, with its words");
        assert!(o.rejected.is_empty());
        assert!(o.sign_in_needed);
        assert!(
            o.next_batch(1e12).is_empty(),
            "no retries until they sign in"
        );
        assert_eq!(o.next_due_ms(), None);

        // Signing in again leads back to the page, which makes everything due.
        o.make_all_due(20.0);
        assert!(!o.sign_in_needed);
        let ids: Vec<String> = o.next_batch(20.0).into_iter().map(|s| s.id).collect();
        o.record_results(&ids, &[ok("a", ItemStatus::Accepted)], 30.0, 0.5);
        assert_eq!(o.waiting(), 0);
        assert_eq!(o.last_sent_ms, Some(30.0));
    }

    #[test]
    fn an_outbox_saved_by_the_first_version_still_loads_and_sends() {
        // Exactly what the first release wrote to local storage (before last_sent_ms, sign_in_needed
        // and place existed). Phones may hold this for days across an upgrade.
        let v1 = r#"{"pending":[{"submission":{"id":"6f1c1b9e-3f0e-4b43-9d47-2d5f2d0b8a11",
            "conversation_id":"tell-us-anything","created_at":"2026-11-20T09:00:00.000Z",
            "channel":"own_device","answers":[{"question_id":"say","text":"old words"}],
            "consent":{"quote":true,"board":false,"updates":false}},"title":"Tell us anything",
            "attempts":3,"next_try_ms":1700000000000.0}],"rejected":[],"sent":[]}"#;
        let o: Outbox = serde_json::from_str(v1).expect("the v1 outbox still parses");
        assert_eq!(o.waiting(), 1);
        assert_eq!(o.next_batch(1.8e12).len(), 1);
        assert_eq!(o.pending[0].submission.place, None);
        assert!(!o.sign_in_needed);
    }

    #[test]
    fn the_outbox_survives_a_round_trip_through_storage() {
        let mut o = Outbox::default();
        o.add(sub("a", "x"), "T".into(), 0.0);
        let json = serde_json::to_string(&o).expect("serialise");
        let back: Outbox = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, o);
    }
}
