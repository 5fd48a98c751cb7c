//! Submissions as CSV for a board or a spreadsheet. Consent is enforced here, where text leaves the
//! inbox: words appear only when the participant allowed sharing with the board, and then as moderated
//! (personal details removed); otherwise the row is counted but not quoted. Withdrawn submissions never
//! reach this code: storage leaves them out of every inbox query.

use crate::domain::{shown_answers, Conversation};
use crate::inbox::InboxEntry;

/// What a row says instead of words the participant did not share with the board.
pub const NOT_SHARED: &str = "(not shared with the board)";

pub const CSV_HEADER: &str =
    "received_at,conversation,channel,receipt,status,themes,may_quote,may_share_with_board,answers\r\n";

/// One CSV line (with its CRLF) for an entry.
pub fn csv_line(e: &InboxEntry, conversation: Option<&Conversation>) -> String {
    let answers = if e.consent.board {
        let shown = e.public_answers.as_deref().unwrap_or(&e.answers);
        shown_answers(conversation, shown)
            .into_iter()
            .map(|(q, a)| format!("{q}: {a}"))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        NOT_SHARED.to_string()
    };
    let themes = e
        .themes
        .iter()
        .map(|(_, name)| name.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let fields = [
        e.received_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        e.conversation_title.clone(),
        e.channel.as_str().to_string(),
        e.receipt.clone(),
        e.status.as_str().to_string(),
        themes,
        yes_no(e.consent.quote).to_string(),
        yes_no(e.consent.board).to_string(),
        answers,
    ];
    let mut line = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A CSV field: quoted when it needs to be (RFC 4180). A value a spreadsheet would run as a formula
/// gets a leading apostrophe, so a participant's words can never become one.
fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Answer, AnswerValue, Channel, Consent, Status};
    use chrono::{TimeZone, Utc};

    fn entry(board: bool) -> InboxEntry {
        InboxEntry {
            id: uuid::Uuid::nil(),
            receipt: "ABCD-2345".into(),
            conversation_id: "c".into(),
            conversation_title: "Tell us, anything".into(),
            channel: Channel::OwnDevice,
            created_at: Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(),
            received_at: Utc.with_ymd_and_hms(2026, 11, 2, 9, 1, 0).unwrap(),
            consent: Consent {
                quote: false,
                board,
                updates: false,
            },
            answers: vec![Answer {
                question_id: "say".into(),
                value: AnswerValue::Text("Call Sam on 07700 900123, \"please\"".into()),
            }],
            status: Status::New,
            public_answers: Some(vec![Answer {
                question_id: "say".into(),
                value: AnswerValue::Text("Call [removed] on [removed], \"please\"".into()),
            }]),
            flag: None,
            themes: vec![(1, "Staff".into())],
            late: false,
            withdrawn: false,
            read: false,
        }
    }

    #[test]
    fn words_only_with_board_consent_and_only_as_moderated() {
        let shared = csv_line(&entry(true), None);
        assert!(
            shared.contains("Call [removed] on [removed], \"\"please\"\""),
            "{shared}"
        );
        assert!(!shared.contains("Sam"));
        assert!(shared.starts_with(
            "2026-11-02T09:01:00Z,\"Tell us, anything\",own_device,ABCD-2345,new,Staff,no,yes,"
        ));
        let private = csv_line(&entry(false), None);
        assert!(private.contains(NOT_SHARED));
        assert!(!private.contains("Call"));
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("plain"), "plain");
    }
}
