//! Every participant-facing sentence, one place per language (STYLE.md habit 11). Reading age about 9:
//! short sentences, everyday words, one idea at a time. Staff text may be a little denser.

pub mod en;
pub use en as t;
