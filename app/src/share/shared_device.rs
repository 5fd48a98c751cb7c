//! Shared device mode: a tablet at a drop-in that the next person will pick up. A member of staff
//! switches it on (`SharedSwitch`, on "Collect in the field"); from then on every participant page has
//! "Clear this device", and after a spell without use it warns ("Are you still there?", with at least 30
//! seconds and a big "I'm still here", WCAG 2.2.1), then wipes every draft, receipt and refused answer
//! from the browser (`leave::FORGET`) and goes back to the start. After a send the receipt lives in
//! memory only (`browser::outbox`), and "Done" goes back to the start. Answers still waiting to send are
//! kept: clearing never loses what someone chose to send. Switching the mode on signs the member of
//! staff out on this device, and every wipe ends any staff session again: the next person cannot open a
//! staff page.
//!
//! Small scripts rather than an island, like "Leave this page": they must work on every participant page,
//! with or without an island, and add nothing to the WebAssembly participants download.

use crate::text::{href, plural_forms, w, w_n};
use leptos::prelude::*;

/// The switch in local storage: `{"idle": seconds}`. Read by the scripts and `browser::shared`.
/// The scripts with the storage names filled in, made once per process (`keys::script`).
static PAGE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    // `cairnForget` comes with "Leave this page", which every participant page has beside this.
    crate::keys::script(PAGE_SCRIPT)
});
static SWITCH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| crate::keys::script(SWITCH_SCRIPT));

const PAGE_SCRIPT: &str = r#"(function () {
  var s = null;
  try { s = JSON.parse(localStorage.getItem("@SHARED@")); } catch (e) {}
  if (!s) return;
  var idle = Math.max(60, Number(s.idle) || 120) * 1000;
  var warn = Math.min(60000, idle / 2);
  var clear = document.getElementById("clear-device");
  var dlg = document.getElementById("idle");
  var text = document.getElementById("idle-text");
  var home = clear.dataset.home || "/";
  // "… in 12 seconds", in the page's language: one form per CLDR plural category, chosen by the browser.
  var forms = {};
  try { forms = JSON.parse(text.dataset.forms); } catch (e) {}
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;
  function say(n) {
    var f = forms[rules ? rules.select(n) : "other"] || forms.other;
    if (f) text.textContent = f.replace("{n}", new Intl.NumberFormat(document.documentElement.lang).format(n));
  }
  clear.hidden = false;
  function drafts() {
    return Object.keys(localStorage).filter(function (k) { return k.indexOf("@DRAFTS@") === 0; });
  }
  function outbox() {
    try { return JSON.parse(localStorage.getItem("@OUTBOX@")); } catch (e) { return null; }
  }
  function wipe() {
    cairnForget();
    location.replace(home);
  }
  function dirty() {
    if (location.pathname !== home) return true;
    var o = outbox();
    return drafts().length > 0 || !!(o && ((o.sent || []).length || (o.rejected || []).length));
  }
  var last = Date.now();
  // Old phones without <dialog>: the same warning, shown as a plain box on top of the page.
  function isOpen() { return dlg.hasAttribute("open"); }
  function showWarning() {
    if (typeof dlg.showModal === "function") dlg.showModal(); else dlg.setAttribute("open", "");
  }
  function hide() {
    if (!isOpen()) return;
    if (typeof dlg.close === "function") return dlg.close();
    dlg.removeAttribute("open");
    last = Date.now();
  }
  // Any use keeps the page. Once the warning shows, only its button (or Escape) answers it: closing it
  // on the first touch would send the rest of that tap to whatever lies underneath.
  function active() { if (!isOpen()) last = Date.now(); }
  ["pointerdown", "keydown", "input", "scroll", "touchstart"].forEach(function (e) {
    addEventListener(e, active, { passive: true, capture: true });
  });
  dlg.addEventListener("close", function () { last = Date.now(); });
  document.getElementById("idle-stay").addEventListener("click", hide);
  // Clearing asks first: a stray tap must not wipe what someone is writing.
  clear.addEventListener("click", function () {
    if (window.confirm(clear.dataset.ask)) wipe();
  });
  setInterval(function () {
    var quiet = Date.now() - last;
    if (!dirty()) { last = Date.now(); hide(); return; }
    if (quiet >= idle) return wipe();
    if (quiet >= idle - warn) {
      say(Math.ceil((idle - quiet) / 1000));
      if (!isOpen()) { showWarning(); document.getElementById("idle-stay").focus(); }
    }
  }, 1000);
})();"#;

/// "Clear this device" and the idle warning, on every participant page; hidden unless the device is
/// a shared device.
#[component]
pub fn SharedDevice() -> impl IntoView {
    view! {
        <button id="clear-device" type="button" class="button button-secondary clear-device" hidden data-home=href("/") data-ask=w("clear-confirm")>
            {w("clear-device")}
        </button>
        <dialog id="idle" class="idle-dialog" aria-labelledby="idle-title" aria-describedby="idle-text">
            <h2 id="idle-title">{w("idle-title")}</h2>
            <p id="idle-text" data-forms=plural_forms("idle-text")>{w_n("idle-text", 60)}</p>
            <button id="idle-stay" type="button" class="button button-big">{w("idle-stay")}</button>
        </dialog>
        <script nonce=leptos::nonce::use_nonce() inner_html=PAGE.as_str()></script>
    }
}

const SWITCH_SCRIPT: &str = r#"(function () {
  var box = document.getElementById("shared");
  if (!box) return;
  var KEY = "@SHARED@";
  var state = document.getElementById("shared-state");
  var on = document.getElementById("shared-on");
  var off = document.getElementById("shared-off");
  var idle = document.getElementById("shared-idle");
  function show() {
    var s = null;
    try { s = JSON.parse(localStorage.getItem(KEY)); } catch (e) {}
    state.textContent = s ? box.dataset.on : box.dataset.off;
    on.hidden = !!s;
    off.hidden = !s;
    if (s) idle.value = String(s.idle);
  }
  // Switching on is a sign-out form: the switch is set as the form goes, and the server ends the staff
  // session and says so.
  on.form.addEventListener("submit", function () {
    localStorage.setItem(KEY, JSON.stringify({ idle: Number(idle.value) }));
  });
  off.addEventListener("click", function () {
    localStorage.removeItem(KEY);
    show();
  });
  box.hidden = false;
  show();
})();"#;

/// The staff switch for shared device mode (on "Collect in the field"). It lives in this browser's
/// storage, so it needs JavaScript; without it the section stays hidden.
#[component]
pub fn SharedSwitch() -> impl IntoView {
    let minutes = [
        (60, "1 minute"),
        (120, "2 minutes"),
        (300, "5 minutes"),
        (600, "10 minutes"),
    ];
    view! {
        <section id="shared" class="shared-switch" aria-labelledby="shared-title" hidden data-on=w("shared-is-on") data-off=w("shared-is-off")>
            <h2 id="shared-title">{w("shared-title")}</h2>
            <p>{w("shared-intro")}</p>
            <p id="shared-state" class="notice" role="status"></p>
            <div class="field">
                <label class="label" for="shared-idle">{w("shared-idle-label")}</label>
                <select class="input" id="shared-idle">
                    {minutes.into_iter().map(|(s, label)| view! {
                        <option value=s.to_string() selected={s == 120}>{label}</option>
                    }).collect_view()}
                </select>
            </div>
            <form method="post" action="/signout">
                <input type="hidden" name="then" value="shared"/>
                <button id="shared-on" type="submit" class="button">{w("shared-on")}</button>
            </form>
            <button id="shared-off" type="button" class="button button-secondary" hidden>{w("shared-off")}</button>
        </section>
        <script nonce=leptos::nonce::use_nonce() inner_html=SWITCH.as_str()></script>
    }
}
