//! The page's address: it always holds the full scenario, so any view can be shared, and
//! back/forward move between scenarios.

use web_sys::UrlSearchParams;

use crate::engine::{params, Scenario};

/// Query keys that are the page's own options rather than scenario settings.
pub const PAGE_KEYS: [&str; 10] = [
    "view", "lesson", "step", "embed", "controls", "autoplay", "speed", "loop", "theme", "height",
];

/// The query string's `key=value` pairs, decoded.
pub fn pairs() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let Ok(params) = UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let entries = js_sys::try_iter(&params.entries()).ok().flatten();
    for entry in entries.into_iter().flatten().flatten() {
        let pair = js_sys::Array::from(&entry);
        if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            out.push((k, v));
        }
    }
    out
}

/// The scenario in the address, with notices for settings that had to be ignored.
pub fn scenario() -> (Scenario, Vec<String>) {
    params::lenient(&pairs(), &PAGE_KEYS)
}

/// The query string (with `?`) for `s`, keeping the page's own options from `keep`.
pub fn query_for(s: &Scenario, keep: &[(String, String)]) -> String {
    let Ok(q) = UrlSearchParams::new() else {
        return String::new();
    };
    for (k, v) in keep {
        q.append(k, v);
    }
    for (k, v) in params::to_pairs(s) {
        q.append(&k, &v);
    }
    let text: String = q.to_string().into();
    if text.is_empty() {
        text
    } else {
        format!("?{text}")
    }
}

/// Records `s` in the address bar as a new history entry, unless it is already there.
pub fn push(s: &Scenario) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let keep: Vec<(String, String)> = pairs()
        .into_iter()
        .filter(|(k, _)| PAGE_KEYS.contains(&k.as_str()))
        .collect();
    let query = query_for(s, &keep);
    let current = window.location().search().unwrap_or_default();
    if query != current {
        if let Ok(history) = window.history() {
            let path = window.location().pathname().unwrap_or_default();
            let _ = history.push_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{query}")),
            );
        }
    }
}
