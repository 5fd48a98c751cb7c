//! The only code that touches browser storage, `fetch`, the clock and the crypto API (feature `hydrate`).
//! Everything it decides is delegated to pure modules (`sync::outbox`, `sync::draft`) that are unit-tested.

pub mod drafts;
pub mod outbox;
pub mod shared;

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// "14:05": a time of day on this device's clock, for "last sent at".
pub fn clock_time(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

pub fn now_rfc3339() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// A random (version 4) UUID from the browser's CSPRNG. `crypto.getRandomValues` works on plain-HTTP
/// pages too, unlike `crypto.randomUUID`.
pub fn new_uuid() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // No crypto API at all (very old browsers): Math.random still gives a unique enough id.
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// The CLDR plural category of `n` in the language `code`, by the browser's own `Intl.PluralRules`.
pub fn plural_category(code: &str, n: usize) -> String {
    let locales = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(code));
    js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new())
        .select(n as f64)
        .as_string()
        .unwrap_or_else(|| "other".to_string())
}
