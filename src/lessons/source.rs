//! Lesson source files → the form compiled into the app. Runs at build time (`build.rs`
//! includes this file) and in native tests, never in the browser: the TOML parser and the
//! Markdown renderer stay out of the wasm.
//!
//! The conversion parses TOML into JSON, renders the Markdown fields (`steps[].text` and
//! `steps[].predict.explain`) to HTML, dropping any raw HTML in them, so that lesson text can
//! never inject markup or script into the page, and writes every setting's value as a string
//! (`workers = 4` becomes `"4"`), the form URLs use.
//!
//! Links whose target is `lane:WHAT` or `time:T` are *highlights* the lesson player wires to the
//! timeline: `[the GIL lane](lane:gil)` becomes
//! `<a class="ref" href="#" data-lane="gil">the GIL lane</a>` and `[at 5 ms](time:5ms)` becomes
//! `<a class="ref" href="#" data-time="5000000">at 5 ms</a>` (nanoseconds). A lane name with a
//! space goes in angle brackets: `[the second thread](<lane:Thread 2>)`.

use pulldown_cmark::{html, CowStr, Event, Parser, Tag, TagEnd};

/// The prefix of a link that highlights lanes.
const LANE: &str = "lane:";
/// The prefix of a link that moves the cursor.
const TIME: &str = "time:";

/// Reads a duration written `5ms`, `1.5s`, `250us` (or `250µs`, `800ns`) as nanoseconds.
pub fn duration_ns(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = t.split_at(split);
    let scale = match unit.trim() {
        "ns" => 1.0,
        "us" | "µs" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        _ => return None,
    };
    let ns = number.parse::<f64>().ok()? * scale;
    // Whole nanoseconds; an hour's run is far below where f64 stops counting them exactly.
    (ns.is_finite() && ns < 1e18).then(|| ns.round() as u64)
}

/// Escapes text for a double-quoted HTML attribute.
fn attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The opening tag a highlight link becomes, `None` for an ordinary link; an error for a
/// highlight that cannot be read.
fn highlight(dest: &str) -> Result<Option<String>, String> {
    if let Some(what) = dest.strip_prefix(LANE) {
        if what.trim().is_empty() {
            return Err(format!("'{dest}' names no lane"));
        }
        return Ok(Some(format!(
            r##"<a class="ref" href="#" data-lane="{}">"##,
            attribute(what.trim())
        )));
    }
    if let Some(t) = dest.strip_prefix(TIME) {
        let ns = duration_ns(t)
            .ok_or_else(|| format!("'{dest}' is not a time like time:5ms, time:1.5s"))?;
        return Ok(Some(format!(
            r##"<a class="ref" href="#" data-time="{ns}">"##
        )));
    }
    Ok(None)
}

/// Renders Markdown to HTML, dropping raw HTML and turning `lane:` and `time:` links into
/// highlights; an error names a highlight that cannot be read.
pub fn markdown(src: &str) -> Result<String, String> {
    let mut events = Vec::new();
    // Whether the link being rendered is a highlight (links do not nest).
    let mut in_highlight = false;
    for e in Parser::new(src) {
        match e {
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::Start(Tag::Link { ref dest_url, .. }) => match highlight(dest_url)? {
                Some(tag) => {
                    in_highlight = true;
                    events.push(Event::InlineHtml(CowStr::from(tag)));
                }
                None => events.push(e),
            },
            Event::End(TagEnd::Link) if in_highlight => {
                in_highlight = false;
                events.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
            }
            e => events.push(e),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    Ok(out)
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

/// Renders a Markdown field in place.
fn render(v: &mut serde_json::Value) -> Result<(), String> {
    if let Some(s) = v.as_str() {
        *v = serde_json::Value::String(markdown(s)?);
    }
    Ok(())
}

/// Converts one lesson file's TOML to the JSON the app reads; errors name the file.
pub fn to_json(name: &str, toml_text: &str) -> Result<String, String> {
    let mut v: serde_json::Value = toml::from_str(toml_text).map_err(|e| format!("{name}: {e}"))?;
    if let Some(steps) = v.get_mut("steps").and_then(|s| s.as_array_mut()) {
        for (i, step) in steps.iter_mut().enumerate() {
            let at = |e: String| format!("{name}: step {}: {e}", i + 1);
            if let Some(text) = step.get_mut("text") {
                render(text).map_err(at)?;
            }
            if let Some(explain) = step.get_mut("predict").and_then(|p| p.get_mut("explain")) {
                render(explain).map_err(at)?;
            }
            stringify(step.get_mut("scenario"));
            if let Some(challenge) = step.get_mut("challenge") {
                stringify(challenge.get_mut("solution"));
                if let Some(shortcuts) = challenge
                    .get_mut("shortcuts")
                    .and_then(|s| s.as_array_mut())
                {
                    for s in shortcuts {
                        stringify(s.get_mut("settings"));
                    }
                }
            }
        }
    }
    serde_json::to_string(&v).map_err(|e| format!("{name}: {e}"))
}
