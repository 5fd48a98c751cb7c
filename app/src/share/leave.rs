//! "Leave this page", on every participant page: for people who may be watched while they write. One
//! press (or Shift three times) blanks the page at once, forgets what this device holds of the person
//! (`FORGET`: drafts, the receipt codes of answers sent, answers the server refused, session storage,
//! and any staff session), and replaces the page with an everyday website, so Back does not bring Cairn
//! back. Answers still waiting in the outbox to send are kept, and the outbox says so: leaving never
//! loses what someone chose to send.
//!
//! Without JavaScript the button is still a plain link to the same website. A small script rather than
//! an island, so participants' one WebAssembly file does not grow: it is about 600 bytes, in the page.

use crate::text::w;
use leptos::prelude::*;

/// The everyday website people land on, unless the server sets another (`CAIRN_LEAVE_URL`).
pub const DEFAULT_LEAVE_URL: &str = "https://www.bbc.co.uk/weather";

/// `cairnForget()`: everything this browser holds of the people who used it, except answers waiting to
/// send. Drafts (`keys::DRAFTS`, `browser/drafts.rs`), the field place, the sent receipts and refused
/// answers of both outboxes (`browser/outbox.rs`), session storage, the remembered language; and a post
/// to `/signout`, so no staff session outlives a wipe. Shared by "Leave this page" and shared device mode's wipes.
pub const FORGET: &str = r#"function cairnForget() {
  try {
    Object.keys(localStorage).forEach(function (k) {
      if (k.indexOf("@DRAFTS@") === 0 || k === "@FIELD_PLACE@") localStorage.removeItem(k);
    });
    ["@OUTBOX@", "@FIELD_OUTBOX@"].forEach(function (k) {
      var o = null;
      try { o = JSON.parse(localStorage.getItem(k)); } catch (e) {}
      if (o) { o.sent = []; o.rejected = []; localStorage.setItem(k, JSON.stringify(o)); }
    });
    sessionStorage.clear();
    document.cookie = "@LANG_COOKIE@=; Path=/; Max-Age=0; SameSite=Lax";
  } catch (e) {}
  try {
    fetch("/signout", { method: "POST", credentials: "same-origin", keepalive: true, redirect: "manual" })
      .catch(function () {});
  } catch (e) {}
}
"#;

const SCRIPT: &str = r#"(function () {
  var link = document.getElementById("leave");
  if (!link) return;
  function leave(e) {
    if (e) e.preventDefault();
    cairnForget();
    document.title = "";
    document.body.innerHTML = "";
    location.replace(link.href);
  }
  link.addEventListener("click", leave);
  // Shift three times in a row, with nothing else pressed in between, and never while typing in a box:
  // capital letters and Shift+arrow selections must not throw away what someone is writing.
  var presses = 0, last = 0;
  function typing(t) {
    if (!t) return false;
    if (t.isContentEditable || t.tagName === "TEXTAREA" || t.tagName === "SELECT") return true;
    return t.tagName === "INPUT" && ["checkbox", "radio", "button", "submit", "reset"].indexOf(t.type) < 0;
  }
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Shift" || typing(e.target)) { presses = 0; return; }
    if (e.repeat) return;
    var now = Date.now();
    presses = now - last < 1000 ? presses + 1 : 1;
    last = now;
    if (presses >= 3) leave();
  });
})();"#;

/// Whether a path belongs to staff (their pages never get the button). Anything else that is not a
/// participant page (a page that does not exist) gets it too: whoever is there may be a participant.
pub fn is_staff_page(path: &str) -> bool {
    const STAFF: [&str; 14] = [
        "/signin",
        "/setup",
        "/inbox",
        "/themes",
        "/actions",
        "/conversations",
        "/safeguarding",
        "/people",
        "/account",
        "/audit",
        "/reports",
        "/retention",
        "/reach",
        "/collect",
    ];
    STAFF
        .iter()
        .any(|s| path == *s || path.strip_prefix(s).is_some_and(|r| r.starts_with('/')))
}

/// Whether a page starts with the staff bar (`auth::StaffBar`): the skip link then jumps past it.
pub fn has_staff_bar(path: &str) -> bool {
    is_staff_page(path) && !path.starts_with("/signin") && !path.starts_with("/setup")
}

/// Whether a path is a participant page (these get the button; staff pages do not).
pub fn is_participant_page(path: &str) -> bool {
    path == "/"
        || path.starts_with("/c/")
        || path == "/receipt"
        || path.starts_with("/receipt/")
        || path == "/you-said-we-did"
}

fn leave_url() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::context::Ctx>()
            .map(|c| c.settings.leave_url.clone())
            .unwrap_or_else(|| DEFAULT_LEAVE_URL.to_string())
    }
    #[cfg(not(feature = "ssr"))]
    {
        DEFAULT_LEAVE_URL.to_string()
    }
}

/// The page's script with the storage names filled in, made once per process: it is on every participant
/// page.
static LEAVE_SCRIPT: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| crate::keys::script(&format!("{FORGET}{SCRIPT}")));

#[component]
pub fn LeaveButton() -> impl IntoView {
    view! {
        <div class="leave">
            <a id="leave" class="button leave-button" href=leave_url() rel="noreferrer">{w("leave")}</a>
            <span class="leave-hint">{w("leave-hint")}</span>
        </div>
        <script nonce=leptos::nonce::use_nonce() inner_html=LEAVE_SCRIPT.as_str()></script>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participant_pages_get_the_button_and_staff_pages_do_not() {
        for path in [
            "/",
            "/c/tell-us-anything",
            "/c/x/answer",
            "/receipt",
            "/receipt/ABCD-2345",
            "/receipt/ABCD-2345/withdraw",
            "/you-said-we-did",
        ] {
            assert!(is_participant_page(path), "{path}");
        }
        for path in [
            "/inbox",
            "/actions",
            "/signin",
            "/setup/x",
            "/people",
            "/account",
            "/conversations/c",
            "/receipts",
            "/audit",
        ] {
            assert!(!is_participant_page(path), "{path}");
        }
        for path in [
            "/inbox",
            "/inbox/3",
            "/signin",
            "/setup/x",
            "/collect/c",
            "/reports/board",
        ] {
            assert!(is_staff_page(path), "{path}");
        }
        // A page that does not exist is not a staff page: whoever lands there gets a way out.
        for path in ["/", "/receipt", "/no-such-page", "/inboxes", "/c/x"] {
            assert!(!is_staff_page(path), "{path}");
        }
    }
}
