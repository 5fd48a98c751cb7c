//! The service worker (`GET /sw.js`): `sw.js` with its version filled in. The version is a digest of
//! the built site's files, so a new release is a new worker (browsers compare its bytes on every
//! visit), which saves the new files and deletes the old release's cache.

use axum::http::header;
use axum::response::IntoResponse;
use sha2::{Digest, Sha256};
use std::path::Path;

const TEMPLATE: &str = include_str!("sw.js");

/// The worker's source for the site in `site_root`, whose "Leave this page" goes to `leave_url`.
pub fn worker(site_root: &str, leave_url: &str) -> String {
    TEMPLATE
        .replace("__VERSION__", &version(Path::new(site_root)))
        .replace("__OFFLINE__", &offline_words())
        .replace(
            "__LEAVE_URL__",
            &serde_json::to_string(leave_url).unwrap_or_else(|_| "\"/\"".into()),
        )
}

/// The "No signal" page's words, by language code, as a JavaScript object.
fn offline_words() -> String {
    use app::domain::Lang;
    let words: serde_json::Map<String, serde_json::Value> = Lang::ALL
        .into_iter()
        .map(|lang| {
            let t = |id: &str| serde_json::Value::String(app::text::tr(lang, id));
            let page = serde_json::json!({
                "title": t("offline-title"),
                "body": t("offline-body"),
                "again": t("offline-again"),
                "back": t("back-home"),
                "leave": t("leave"),
            });
            (lang.code().to_string(), page)
        })
        .collect();
    serde_json::Value::Object(words).to_string()
}

/// A digest of the worker itself and of every file the site serves, by name and content. Files that
/// cannot be read (no site built, as in the HTTP tests) leave it stable.
fn version(site_root: &Path) -> String {
    let mut files = Vec::new();
    collect(site_root, &mut files);
    files.sort();
    let mut digest = Sha256::new();
    digest.update(TEMPLATE.as_bytes());
    for path in files {
        digest.update(path.to_string_lossy().as_bytes());
        if let Ok(bytes) = std::fs::read(&path) {
            digest.update(&bytes);
        }
    }
    digest
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every file under `dir`, except the precompressed copies (their originals are already counted).
fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
            out.push(path);
        }
    }
}

/// Browsers must ask for it every time, or a release would wait on their HTTP cache.
pub async fn serve(
    axum::extract::State(state): axum::extract::State<super::AppState>,
) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        state.service_worker.as_str().to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_release_is_a_new_worker_and_the_same_release_is_the_same_worker() {
        let dir = std::env::temp_dir().join(format!("cairn-sw-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).expect("dir");
        std::fs::write(dir.join("pkg/cairn.css"), "body{}").expect("write");
        std::fs::write(dir.join("pkg/cairn.css.br"), "zzz").expect("write");
        let root = dir.to_string_lossy().to_string();
        let first = worker(&root, "https://example.org/");
        assert!(!first.contains("__VERSION__") && !first.contains("__OFFLINE__"));
        assert!(first.contains(r#"const LEAVE_URL = "https://example.org/";"#));
        // "No signal" in each language.
        assert!(first.contains("Brak internetu") && first.contains("لا يوجد إنترنت"));
        assert_eq!(
            worker(&root, "https://example.org/"),
            first,
            "same files, same worker"
        );
        std::fs::write(dir.join("pkg/cairn.css.br"), "other").expect("write");
        assert_eq!(
            worker(&root, "https://example.org/"),
            first,
            "compressed copies do not count"
        );
        std::fs::write(dir.join("pkg/cairn.css"), "body{color:red}").expect("write");
        assert_ne!(
            worker(&root, "https://example.org/"),
            first,
            "changed files, new worker"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
