//! Drafts in local storage, one per conversation, written on every change to the form.

use crate::share::draft::{Draft, FIELD_CONSENT};
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;
use web_sys::{HtmlFormElement, HtmlInputElement, HtmlTextAreaElement};

fn key(conversation_id: &str) -> String {
    format!("cairn.draft.v1.{conversation_id}")
}

pub fn load(conversation_id: &str) -> Option<Draft> {
    LocalStorage::get(key(conversation_id)).ok()
}

/// Best effort: when storage is full or blocked, typing still works and the form still sends.
pub fn save(conversation_id: &str, draft: &Draft) {
    let _ = LocalStorage::set(key(conversation_id), draft);
}

pub fn clear(conversation_id: &str) {
    LocalStorage::delete(key(conversation_id));
}

/// Whether this device lets us keep anything: private modes and full storage refuse writes.
pub fn storage_works() -> bool {
    const PROBE: &str = "cairn.probe";
    let works = LocalStorage::set(PROBE, 1).is_ok();
    LocalStorage::delete(PROBE);
    works
}

/// Asks the browser not to clear our storage when the device runs low, so an outbox waiting for a
/// signal is not thrown away. Best effort: the browser decides, and we carry on either way.
pub fn ask_to_keep_storage() {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().storage().persist();
    }
}

/// The form's current values, as the same name/value pairs a plain form post would send.
pub fn read(form: &HtmlFormElement) -> Draft {
    let mut pairs = Vec::new();
    if let Ok(data) = web_sys::FormData::new_with_form(form) {
        if let Ok(Some(entries)) = js_sys::try_iter(&data) {
            for entry in entries.flatten() {
                let entry: js_sys::Array = entry.unchecked_into();
                if let (Some(name), Some(value)) =
                    (entry.get(0).as_string(), entry.get(1).as_string())
                {
                    pairs.push((name, value));
                }
            }
        }
    }
    Draft::from_form(&pairs)
}

/// Puts a saved draft back into the form; or, with nothing saved, keeps what was typed before the page
/// finished loading.
pub fn restore(conversation_id: &str, form: &HtmlFormElement) {
    let Some(draft) = load(conversation_id) else {
        let typed = read(form);
        if typed.has_content() {
            save(conversation_id, &typed);
        }
        return;
    };
    let Ok(fields) = form.query_selector_all("textarea, input") else {
        return;
    };
    for i in 0..fields.length() {
        let Some(node) = fields.item(i) else { continue };
        if let Some(area) = node.dyn_ref::<HtmlTextAreaElement>() {
            if let Some(q) = area.name().strip_prefix("a.") {
                area.set_value(draft.get(q));
            }
        } else if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
            let name = input.name();
            if let Some(q) = name.strip_prefix("a.") {
                input.set_checked(draft.get(q) == input.value());
            } else if name == FIELD_CONSENT {
                let c = draft.consent;
                input.set_checked(match input.value().as_str() {
                    "quote" => c.quote,
                    "board" => c.board,
                    "updates" => c.updates,
                    _ => false,
                });
            }
        }
    }
}
