//! The page's address: it always holds the full scenario, so any view can be shared, and
//! back/forward move between scenarios. Read and written with the one codec of `crate::links`.

use crate::engine::{settings, Scenario};
use crate::links::{self, page};

/// The query string's `key=value` pairs, decoded.
pub fn pairs() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    links::decode(&search)
}

/// The scenario in the address, with a notice for each setting that had to be ignored.
pub fn scenario() -> (Scenario, Vec<String>) {
    let r = settings::read(&Scenario::default(), &pairs(), &page::KEYS);
    let notices = r
        .dropped
        .into_iter()
        .map(|e| format!("Ignored a setting in the link — {e}; the default was used."))
        .collect();
    (r.scenario, notices)
}

/// The query string (with `?`) for `s`, keeping the page's own options from `keep`.
pub fn query_for(s: &Scenario, keep: &[(String, String)]) -> String {
    let mut all: Vec<(String, String)> = keep.to_vec();
    all.extend(
        settings::to_pairs(s)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v)),
    );
    if all.is_empty() {
        String::new()
    } else {
        format!("?{}", links::encode(&all))
    }
}

/// Records `s` in the address bar as a new history entry, unless it is already there.
pub fn push(s: &Scenario) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let keep: Vec<(String, String)> = pairs()
        .into_iter()
        .filter(|(k, _)| page::KEYS.contains(&k.as_str()))
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
