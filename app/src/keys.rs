//! The names of everything Cairn keeps in a browser's storage, said once. The WebAssembly code uses
//! these constants; the small page scripts (leave quickly, shared device) carry `@NAME@` placeholders
//! that `script` fills in from the same constants when the page is rendered.

/// The participant's outbox: answers waiting to send, receipts of those sent, those refused.
pub const OUTBOX: &str = "cairn.outbox.v1";
/// The field outbox staff collect into.
pub const FIELD_OUTBOX: &str = "cairn.field-outbox.v1";
/// Every draft's key starts with this, whatever its version: what a wipe looks for.
pub const DRAFTS: &str = "cairn.draft.";
/// A draft's key today: this, then the conversation's id.
pub const DRAFT: &str = "cairn.draft.v1.";
/// Where staff said they are collecting (the field form remembers it).
pub const FIELD_PLACE: &str = "cairn.field.place.v1";
/// Shared device mode's settings.
pub const SHARED: &str = "cairn.shared.v1";
/// The cookie that remembers the language a participant chose (no account; read by the server).
/// A wipe clears it: on a shared tablet, the last person's language says something about them.
pub const LANG_COOKIE: &str = "cairn_lang";

/// A page script with each `@NAME@` replaced by that storage name, quoted as the script expects.
pub fn script(source: &str) -> String {
    [
        ("@OUTBOX@", OUTBOX),
        ("@FIELD_OUTBOX@", FIELD_OUTBOX),
        ("@DRAFTS@", DRAFTS),
        ("@FIELD_PLACE@", FIELD_PLACE),
        ("@SHARED@", SHARED),
        ("@LANG_COOKIE@", LANG_COOKIE),
    ]
    .iter()
    .fold(source.to_string(), |s, (from, to)| s.replace(from, to))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_placeholder_is_filled() {
        let all = "@OUTBOX@ @FIELD_OUTBOX@ @DRAFTS@ @FIELD_PLACE@ @SHARED@ @LANG_COOKIE@";
        let filled = super::script(all);
        assert!(!filled.contains('@'), "{filled}");
        assert!(super::DRAFT.starts_with(super::DRAFTS));
    }
}
