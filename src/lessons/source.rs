//! Lesson source files → the form compiled into the app. Runs at build time (`build.rs`
//! includes this file) and in native tests, never in the browser: the TOML parser and the
//! Markdown renderer stay out of the wasm.
//!
//! The conversion parses TOML into JSON, renders the Markdown fields (`steps[].text` and
//! `steps[].predict.explain`) to HTML, dropping any raw HTML in them, so that lesson text can
//! never inject markup or script into the page, and writes every setting's value as a string
//! (`workers = 4` becomes `"4"`), the form URLs use.

use pulldown_cmark::{html, Event, Parser};

/// Renders Markdown to HTML, dropping raw HTML.
pub fn markdown(src: &str) -> String {
    let events = Parser::new(src).filter(|e| !matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Writes a settings table's values as strings.
fn stringify(table: Option<&mut serde_json::Value>) {
    if let Some(map) = table.and_then(|t| t.as_object_mut()) {
        for v in map.values_mut() {
            if !v.is_string() {
                *v = serde_json::Value::String(v.to_string());
            }
        }
    }
}

fn render(v: &mut serde_json::Value) {
    if let Some(s) = v.as_str() {
        *v = serde_json::Value::String(markdown(s));
    }
}

/// Converts one lesson file's TOML to the JSON the app reads; errors name the file.
pub fn to_json(name: &str, toml_text: &str) -> Result<String, String> {
    let mut v: serde_json::Value = toml::from_str(toml_text).map_err(|e| format!("{name}: {e}"))?;
    if let Some(steps) = v.get_mut("steps").and_then(|s| s.as_array_mut()) {
        for step in steps {
            if let Some(text) = step.get_mut("text") {
                render(text);
            }
            if let Some(explain) = step.get_mut("predict").and_then(|p| p.get_mut("explain")) {
                render(explain);
            }
            stringify(step.get_mut("scenario"));
            stringify(
                step.get_mut("challenge")
                    .and_then(|c| c.get_mut("solution")),
            );
        }
    }
    serde_json::to_string(&v).map_err(|e| format!("{name}: {e}"))
}
