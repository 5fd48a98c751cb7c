//! Removing personal details by selecting them. Plain HTML first: the answer sits in a text box whose
//! contents are never sent, and the words to remove in a text field, posted to `/inbox/{id}/redact`.
//! A few lines of script then make selecting words in the answer (mouse, touch, or Shift with the arrow
//! keys) fill the field, so a coordinator removes exactly what they selected.
//!
//! Why a script and not an island: islands share one WebAssembly file, so an island here would add about
//! 7 KB to every participant's first visit for a tool only coordinators use. This page is staff-only and
//! the script is about 600 bytes, sent only with it.

use leptos::prelude::*;

/// Runs once per page, after the forms. Selections are counted in UTF-16 units by the browser and sliced
/// in the same units here, so accents and emoji before the selection cannot shift it.
const SCRIPT: &str = r#"document.querySelectorAll("form.redact").forEach(function (form) {
  var box = form.querySelector("textarea"), words = form.querySelector("input[name=words]");
  var original = box.value;
  function pick() {
    var picked = box.value.slice(box.selectionStart, box.selectionEnd).trim();
    if (picked) words.value = picked;
  }
  ["select", "keyup", "mouseup", "touchend"].forEach(function (e) { box.addEventListener(e, pick); });
  box.addEventListener("input", function () { box.value = original; });
  form.setAttribute("data-ready", "true");
});"#;

#[component]
pub fn RedactForm(
    action: String,
    index: usize,
    question_id: String,
    prompt: String,
    text: String,
) -> impl IntoView {
    let text_id = format!("redact-text-{index}");
    let words_id = format!("redact-words-{index}");
    let rows = (text.chars().count() / 60 + 2).min(12).to_string();
    view! {
        <form method="post" action=action class="redact narrow">
            <input type="hidden" name="question" value=question_id/>
            <div class="field">
                <label class="label" for=text_id.clone()>{format!("Answer to: {prompt}")}</label>
                // Not `readonly`: Chromium gives a read-only box no caret, so keyboard users could not
                // select in it. It has no name (nothing in it is sent), and the script undoes typing.
                <textarea class="input" id=text_id rows=rows aria-readonly="true">{text}</textarea>
            </div>
            <div class="field">
                <label class="label" for=words_id.clone()>"Words to remove"</label>
                <input class="input" id=words_id name="words" required/>
            </div>
            <button type="submit" class="button button-secondary">"Remove these words"</button>
        </form>
    }
}

/// The script that turns a selection into the words to remove; put once on the page, after the forms.
#[component]
pub fn RedactScript() -> impl IntoView {
    view! { <script nonce=leptos::nonce::use_nonce() inner_html=SCRIPT></script> }
}
