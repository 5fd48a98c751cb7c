//! Moving a participant's words from the device to the server, exactly once.
//!
//! `draft` is what a person has written so far and how it becomes a submission; `parse` turns a wire
//! submission into a checked domain one; `wire` is the v1 JSON contract shared by the browser's outbox
//! and the server's API; `outbox` is the pure state machine the browser drives (what to send next, what
//! each answer means, when to try again); `ingest` (server only) is the one path every submission takes
//! into storage.

pub mod draft;
pub mod outbox;
pub mod parse;
pub mod wire;

#[cfg(feature = "ssr")]
pub mod ingest;
