//! Submissions as CSV or JSON for a board or a spreadsheet. Consent is enforced here, where text leaves
//! the inbox: words appear only when the participant allowed sharing with the board, and then as
//! moderated (personal details removed); otherwise the row is counted but not quoted. Withdrawn
//! submissions never reach this code: storage leaves them out of every inbox query. Rows name a
//! submission by its staff id, never its receipt code or the sending device's id (storage does not even
//! hand those to this code), which would let anyone holding the file read the answers or take them back.

use crate::domain::{shown_answers, Conversation};
use crate::inbox::InboxEntry;

/// What a row says instead of words the participant did not share with the board.
pub const NOT_SHARED: &str = "(not shared with the board)";

pub const CSV_HEADER: &str =
    "received_at,conversation,channel,place,language,id,status,themes,may_quote,may_share_with_board,answers\r\n";

/// The words a board may read: as moderated, with board consent only.
fn shared_answers(
    e: &InboxEntry,
    conversation: Option<&Conversation>,
) -> Option<Vec<(String, String)>> {
    e.consent.board.then(|| {
        let shown = e.public_answers.as_deref().unwrap_or(&e.answers);
        shown_answers(conversation, shown, crate::text::scale_answer)
    })
}

/// One submission as a JSON object: the same fields as a CSV row; `answers` is `null` when the
/// participant did not allow sharing with the board.
pub fn json_row(e: &InboxEntry, conversation: Option<&Conversation>) -> serde_json::Value {
    serde_json::json!({
        "id": e.id,
        "received_at": e.received_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "conversation": e.conversation_title,
        "channel": e.channel.as_str(),
        "place": e.place,
        "language": e.lang.map(crate::domain::Lang::code),
        "status": e.status.as_str(),
        "themes": e.themes.iter().map(|(_, n)| n).collect::<Vec<_>>(),
        "may_quote": e.consent.quote,
        "may_share_with_board": e.consent.board,
        "answers": shared_answers(e, conversation).map(|a| a
            .into_iter()
            .map(|(q, a)| serde_json::json!({ "question": q, "answer": a }))
            .collect::<Vec<_>>()),
    })
}

/// One CSV line (with its CRLF) for an entry.
pub fn csv_line(e: &InboxEntry, conversation: Option<&Conversation>) -> String {
    let answers = match shared_answers(e, conversation) {
        Some(a) => a
            .into_iter()
            .map(|(q, a)| format!("{q}: {a}"))
            .collect::<Vec<_>>()
            .join("\n"),
        None => NOT_SHARED.to_string(),
    };
    let themes = e
        .themes
        .iter()
        .map(|(_, name)| name.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    csv_record([
        e.received_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            .as_str(),
        &e.conversation_title,
        e.channel.as_str(),
        e.place.as_deref().unwrap_or_default(),
        e.lang.map(crate::domain::Lang::code).unwrap_or_default(),
        &e.id.to_string(),
        e.status.as_str(),
        &themes,
        yes_no(e.consent.quote),
        yes_no(e.consent.board),
        &answers,
    ])
}

/// One CSV record with its CRLF, written by the `csv` crate (RFC 4180 quoting). A cell a spreadsheet
/// would run as a formula gets a leading apostrophe first, so a participant's words can never become
/// one.
pub fn csv_record<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let cells = cells.into_iter().map(|cell| {
        if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{cell}")
        } else {
            cell.to_string()
        }
    });
    // Writing to memory cannot fail.
    if out.write_record(cells).is_err() {
        return String::new();
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Answer, AnswerValue, Channel, Consent, Status};
    use chrono::{TimeZone, Utc};

    fn entry(board: bool) -> InboxEntry {
        InboxEntry {
            id: uuid::Uuid::nil(),
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
            place: None,
            lang: Some(crate::domain::Lang::Pl),
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
            "2026-11-02T09:01:00Z,\"Tell us, anything\",own_device,,pl,00000000-0000-0000-0000-000000000000,new,Staff,no,yes,"
        ));
        let private = csv_line(&entry(false), None);
        assert!(private.contains(NOT_SHARED));
        assert!(!private.contains("Call"));
        // JSON says the same: words only with board consent, as moderated.
        let json = json_row(&entry(true), None);
        assert_eq!(
            json["answers"][0]["answer"],
            "Call [removed] on [removed], \"please\""
        );
        assert_eq!(json["may_share_with_board"], true);
        let json = json_row(&entry(false), None);
        assert!(json["answers"].is_null());
        assert!(!json.to_string().contains("Call"));
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(
            csv_record(["=HYPERLINK(\"x\")", "-1", "plain", ""]),
            "\"'=HYPERLINK(\"\"x\"\")\",'-1,plain,\r\n"
        );
    }
}
