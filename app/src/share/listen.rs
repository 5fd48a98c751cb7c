//! "Listen": reads a question, or the receipt page, aloud with the browser's own speech (Web Speech API)
//! in the page's language. Nothing is sent anywhere: the device speaks. The buttons start hidden and a
//! small script shows them only where the browser has a voice for the page's language (many phones
//! have voices that work with no signal). A script rather than an island, like "Leave this page".

use crate::text::w;
use leptos::prelude::*;

/// Shows the buttons where a voice speaks the page's language, and speaks the text of the element a
/// button names (`data-read`) when pressed; a second press stops it.
const SCRIPT: &str = r#"(function () {
  var synth = window.speechSynthesis;
  if (!synth || !window.SpeechSynthesisUtterance) return;
  var lang = (document.documentElement.lang || "en").toLowerCase();
  function voice() {
    var all = synth.getVoices() || [];
    for (var i = 0; i < all.length; i++) {
      if ((all[i].lang || "").toLowerCase().replace("_", "-").split("-")[0] === lang) return all[i];
    }
    return null;
  }
  function show() {
    if (!voice()) return;
    document.querySelectorAll("button.listen").forEach(function (b) { b.hidden = false; });
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("button.listen");
    if (!b) return;
    var speaking = synth.speaking;
    synth.cancel();
    if (speaking && b.getAttribute("aria-pressed") === "true") { b.setAttribute("aria-pressed", "false"); return; }
    var target = document.getElementById(b.dataset.read);
    if (!target) return;
    var text = Array.prototype.map.call(target.querySelectorAll("[data-say]").length ? target.querySelectorAll("[data-say]") : [target],
      function (n) { return n.textContent; }).join(". ");
    var u = new SpeechSynthesisUtterance(text);
    u.lang = lang;
    try { u.voice = voice(); } catch (e) {}
    u.onend = function () { b.setAttribute("aria-pressed", "false"); };
    b.setAttribute("aria-pressed", "true");
    synth.speak(u);
  });
  // This script comes before the page's questions: look for voices once they are all there.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", show);
})();"#;

/// The script, once on each page that has Listen buttons (the answer page, the receipt).
#[component]
pub fn ListenScript() -> impl IntoView {
    view! { <script nonce=leptos::nonce::use_nonce() inner_html=SCRIPT></script> }
}

/// A "Listen" button that reads the element with id `read` (or its `[data-say]` parts, in order).
#[component]
pub fn ListenButton(#[prop(into)] read: String, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <button type="button" class="button button-secondary listen" data-read=read aria-pressed="false" hidden>
            <svg class="listen-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path d="M3 9v6h4l5 4V5L7 9H3z" fill="currentColor"></path>
                <path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"></path>
            </svg>
            " "
            {label}
        </button>
    }
}

/// "Listen to this page", for pages read as a whole (the receipt), with its script.
pub fn listen_to_page() -> impl IntoView {
    view! { <ListenButton read="main" label=w("listen-page")/><ListenScript/> }
}
