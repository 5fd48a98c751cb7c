//! The words Cairn speaks in: conversations, questions, answers, consent, receipts, roles.
//!
//! Parse, don't validate: every value that comes from a person, a browser or the network becomes one of
//! these types through a `parse` function, and code past that point can trust it. No I/O here, so the
//! browser and the server run exactly the same checks.

mod action;
mod backup;
mod conversation;
pub mod dates;
mod lang;
mod moderation;
mod reach;
mod receipt;
mod records;
mod report;
mod submission;
mod translation;
mod user;

pub use action::*;
pub use backup::*;
pub use conversation::*;
pub use lang::Lang;
pub use moderation::*;
pub use reach::*;
pub use receipt::*;
pub use records::*;
pub use report::*;
pub use submission::*;
pub use translation::*;
pub use user::*;

/// The longest answer we accept, in characters. Long enough for a real story, short enough that one
/// submission can never fill a phone's storage or a server's memory.
pub const MAX_ANSWER_CHARS: usize = 10_000;
