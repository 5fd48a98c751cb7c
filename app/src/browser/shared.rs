//! Shared device mode, as the WebAssembly side needs it. The idle timer, the warning and "Clear this
//! device" are a small script in every participant page (`share::shared_device`), so they work on
//! pages without an island too; this only reads the switch the staff member set.

use gloo_storage::{LocalStorage, Storage};

/// The switch: set by staff on the "Collect in the field" page. Holds no personal data.
pub const KEY: &str = crate::keys::SHARED;

pub fn is_on() -> bool {
    LocalStorage::raw().get_item(KEY).ok().flatten().is_some()
}

/// Back to the start page, replacing this one so Back does not return to it; no staff session stays.
pub fn restart() {
    end_staff_session();
    if let Some(w) = web_sys::window() {
        // Back to the start, in the language of this page.
        let path = w.location().pathname().unwrap_or_default();
        let home = crate::domain::Lang::split_path(&path)
            .0
            .unwrap_or_default()
            .href("/");
        let _ = w.location().replace(&home);
    }
}

/// Ends any staff session this browser holds (a post to `/signout`, as the wipe scripts do), so the next
/// person on a shared device cannot open a staff page. Fire and forget: it outlives a page change.
pub fn end_staff_session() {
    let Some(w) = web_sys::window() else {
        return;
    };
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    // `keepalive` (not in web-sys's RequestInit): the post outlives the page going back to the start.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
    init.set_redirect(web_sys::RequestRedirect::Manual);
    let _ = w.fetch_with_str_and_init("/signout", &init);
}
