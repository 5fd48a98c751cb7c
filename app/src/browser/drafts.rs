//! Drafts in local storage, one per conversation, written on every change to the form.

use crate::sync::draft::{Draft, FIELD_CONSENT};
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;
use web_sys::{HtmlFormElement, HtmlInputElement, HtmlTextAreaElement};

fn key(conversation_id: &str) -> String {
    format!("{}{conversation_id}", crate::keys::DRAFT)
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
            } else if let Some(q) = name.strip_prefix("r.") {
                let chosen = draft.reach.get(q).map(String::as_str).unwrap_or("");
                input.set_checked(chosen == input.value());
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

/// Staff in the field: the event or place stays filled in from one person to the next (it is about
/// where staff are, not about the person).
const PLACE_KEY: &str = crate::keys::FIELD_PLACE;

fn place_input(form: &HtmlFormElement) -> Option<HtmlInputElement> {
    form.query_selector("input[name=place]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
}

/// The place typed in the form, trimmed; `None` when blank or on a participant's form.
pub fn place(form: &HtmlFormElement) -> Option<String> {
    place_input(form)
        .map(|i| i.value().trim().to_string())
        .filter(|p| !p.is_empty())
}

pub fn save_place(form: &HtmlFormElement) {
    if let Some(i) = place_input(form) {
        let _ = LocalStorage::set(PLACE_KEY, i.value());
    }
}

pub fn restore_place(form: &HtmlFormElement) {
    if let (Some(i), Ok(saved)) = (place_input(form), LocalStorage::get::<String>(PLACE_KEY)) {
        i.set_value(&saved);
    }
}

/// Whether the checkbox named `name` is ticked.
pub fn checked(form: &HtmlFormElement, name: &str) -> bool {
    form.query_selector(&format!("input[name={name}]"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// Puts the cursor in the first question, ready for the next person.
pub fn focus_first_question(form: &HtmlFormElement) {
    if let Some(e) = form
        .query_selector("textarea, input[name^='a.']")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = e.focus();
    }
}
