//! The evidence as people read it: beside a run in the Lab (the rows measured on its workload)
//! and as a page of its own (every row, the machine, how to measure again). Both are HTML
//! written here, once, from the committed results and the engine's predictions now; the Lab
//! gets its part from the Web Worker, so the page's own wasm carries none of it.

use std::fmt::Write;

use super::{about, estimate, rows, Metric, Row};
use crate::engine::{presets, Named, Plan, PyVersion};
use crate::format;
use crate::picture::xml::esc;

/// The page with every row, published as `evidence.html` beside the app.
pub const PAGE: &str = "evidence.html";

/// A measured or predicted figure as the tables write it.
fn figure(metric: Metric, x: f64) -> String {
    match metric {
        Metric::Speedup => format::speedup(x),
        Metric::MakespanMs | Metric::LatencyMs => format::duration(x / 1e3),
    }
}

/// One table row: the workload and model, the measurement, the prediction now, how far off
/// and the tolerance; `current` marks the Lab's own model.
fn table_row(out: &mut String, r: &Row, label: &str, current: bool) {
    let now = r.predict();
    let (predicted, off) = match &now {
        Ok(p) => (
            figure(r.metric, *p),
            format!("{:+.0} %", r.error_of(*p) * 100.0).replace('-', "−"),
        ),
        Err(e) => (format!("cannot run: {e}"), String::new()),
    };
    // A row with a note is outside its target (the README's limits say why).
    let within = r.note.is_empty()
        && now
            .as_ref()
            .is_ok_and(|p| r.error_of(*p).abs() <= r.tolerance);
    let _ = write!(
        out,
        "<tr{}><th scope=\"row\"><a href=\"./?{}\">{}</a></th><td>{}</td><td>{}</td><td class=\"{}\">{off}</td><td>±{:.0} %</td></tr>",
        if current { " class=\"current\"" } else { "" },
        esc(&r.settings),
        esc(label),
        figure(r.metric, r.measured),
        predicted,
        if within { "within" } else { "outside" },
        r.tolerance * 100.0,
    );
}

/// A table of `rows`, labelled by `label`.
fn table(rows: &[(&Row, bool)], label: impl Fn(&Row) -> String) -> String {
    let mut out = String::from(
        "<table class=\"evidence-table\"><thead><tr><th scope=\"col\">Run (open it)</th><th scope=\"col\">Real CPython</th>\
         <th scope=\"col\">Simulator</th><th scope=\"col\">Off by</th><th scope=\"col\">Tolerance</th></tr></thead><tbody>",
    );
    for (r, current) in rows {
        table_row(&mut out, r, &label(r), *current);
    }
    out.push_str("</tbody></table>");
    out
}

/// Where and when the rows were measured, in one sentence.
fn machine() -> String {
    let about = match about() {
        Ok(about) => about,
        Err(e) => return format!("a machine whose record cannot be read ({e})"),
    };
    let get = |k: &str| {
        about
            .iter()
            .find(|(key, _)| key == k)
            .map_or("?", |(_, v)| v.as_str())
            .to_string()
    };
    format!(
        "CPython {} on {} ({} cores), {}",
        get("python"),
        get("cpu"),
        get("cores"),
        get("date")
    )
}

/// What shows when the compiled-in measurements cannot be read (a broken results file; the
/// native tests fail on it first): said, rather than read as "not measured".
fn unreadable(e: &str) -> String {
    format!("<p>The measurements cannot be read: {}.</p>", esc(e))
}

/// The evidence beside a run of `plan` in the Lab: the rows measured on its workload, every
/// model, its own first; or why there are none.
pub fn panel(plan: &Plan) -> String {
    let all = match rows() {
        Ok(all) => all,
        Err(e) => return unreadable(&e),
    };
    let preset = presets::matching(&plan.scenario().workload);
    let model = plan.model().name();
    let mut mine: Vec<(&Row, bool)> = all
        .iter()
        .filter(|r| r.source == "preset" && Some(r.preset.as_str()) == preset.map(|p| p.name))
        .map(|r| (r, r.model == model))
        .collect();
    mine.sort_by_key(|(_, current)| !current);
    let mut out = String::new();
    match preset {
        None => out.push_str(
            "<p>This is a workload of your own: nothing measured matches it. The presets were measured.</p>",
        ),
        Some(p) if mine.is_empty() => {
            let _ = write!(out, "<p>{} has not been measured on real CPython.</p>", esc(p.name));
        }
        Some(p) => {
            let _ = write!(
                out,
                "<p>The {} work, scaled down to seconds, measured on {} and simulated for the same scaled run:</p>",
                esc(p.name),
                esc(&machine())
            );
            out.push_str(&table(&mine, |r| {
                if r.model == model {
                    format!("{} (this model)", r.model)
                } else {
                    r.model.clone()
                }
            }));
            if !mine.iter().any(|(_, current)| *current) {
                let _ = write!(out, "<p class=\"hint\">{} itself was not measured on this work.</p>", esc(model));
            }
        }
    }
    let python = plan.scenario().python.version;
    if python != PyVersion::V311 {
        let _ = write!(
            out,
            "<p class=\"hint\">Python {}: {}.</p>",
            python.name(),
            esc(estimate(python))
        );
    }
    let _ = write!(
        out,
        "<p><a href=\"{PAGE}\" target=\"_blank\">Every measured row, and how to measure them again</a></p>"
    );
    out
}

/// The page with every row: what was measured where, each row against the prediction now,
/// and how to measure again. A document of its own under the app's Content-Security-Policy.
pub fn page() -> String {
    let mut body = String::new();
    let all = rows().unwrap_or_else(|e| {
        body.push_str(&unreadable(&e));
        Vec::new()
    });
    for (source, title, what) in [
        ("preset", "The presets", "Each preset's Python program, as the Lab writes it, run for real (scaled down to seconds) under a model; speedup over the same program run sequentially."),
        ("kind", "Kinds of I/O", "Many calls of one kind of I/O (sleep, socket, HTTP, file, SQLite) under threads and asyncio; the program's wall time."),
        ("convoy", "The convoy effect", "A thread looping on one kind of I/O beside 0, 1 or 2 CPU-bound threads, at switch intervals of 5 ms and 1 ms; the mean latency of its calls."),
    ] {
        let mine: Vec<(&Row, bool)> = all.iter().filter(|r| r.source == source).map(|r| (r, false)).collect();
        if mine.is_empty() {
            continue;
        }
        let _ = write!(body, "<h2>{title}</h2><p>{what}</p>");
        let _ = write!(
            body,
            "<div class=\"evidence-body\">{}</div>",
            table(&mine, |r| format!("{} · {}", r.preset, r.model))
        );
    }
    body.push_str("<h2>Builds that cannot run here</h2><ul>");
    for &v in PyVersion::all().iter().filter(|&&v| v != PyVersion::V311) {
        let _ = write!(body, "<li>Python {}: {}.</li>", v.name(), esc(estimate(v)));
    }
    body.push_str("</ul>");
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'\">\
         <title>Concurrency Lab — measured against real CPython</title>\
         <link rel=\"icon\" href=\"static/icon.svg\" type=\"image/svg+xml\"><link rel=\"stylesheet\" href=\"static/style.css\"></head>\
         <body><main class=\"evidence-page\"><h1>Measured against real CPython</h1>\
         <p>Every row below ran for real on {}; beside it, what the simulator predicts for the same run now. \
         A row links to its run in the <a href=\"./\">Lab</a>. Measure again on your machine with <code>./lab validate</code> \
         (validation/run.py, a few minutes). Figures for Python 3.12 to 3.14t, which cannot run here, are estimates from published figures.</p>\
         {body}</main></body></html>\n",
        esc(&machine())
    )
}
