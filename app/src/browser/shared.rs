//! Shared device mode, as the WebAssembly side needs it. The idle timer, the warning and "Clear this
//! device" are a small script in every participant page (`share::shared_device`), so they work on
//! pages without an island too; this only reads the switch the staff member set.

use gloo_storage::{LocalStorage, Storage};

/// The switch: set by staff on the "Collect in the field" page. Holds no personal data.
pub const KEY: &str = "cairn.shared.v1";

pub fn is_on() -> bool {
    LocalStorage::raw().get_item(KEY).ok().flatten().is_some()
}

/// Back to the start page, replacing this one so Back does not return to it.
pub fn restart() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace("/");
    }
}
