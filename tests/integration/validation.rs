//! The simulator against real CPython: every figure the validation harness measured
//! (`validation/results.csv`, written by `./lab validate`) is predicted again by the engine as
//! it is now, and must stay within the tolerance recorded beside it, so that a change to the
//! model cannot make the Lab's fidelity worse unnoticed.

use std::collections::BTreeMap;
use std::process::Command;

use concurrency_lab::validation::{self, Metric, Row};

fn rows() -> Vec<Row> {
    let rows = validation::rows().expect("validation/results.csv reads");
    assert!(!rows.is_empty(), "validation/results.csv has no rows");
    rows
}

#[test]
fn every_measured_figure_is_predicted_within_its_tolerance() {
    let mut worse = Vec::new();
    for r in rows() {
        let now = r
            .predict()
            .unwrap_or_else(|e| panic!("{}: {e}", r.settings));
        let error = r.error_of(now);
        if error.abs() > r.tolerance + 1e-9 {
            worse.push(format!(
                "{} {} {}: measured {}, predicted {now:.4} ({:+.0}%, tolerance ±{:.0}%)",
                r.source,
                r.preset,
                r.model,
                r.measured,
                error * 100.0,
                r.tolerance * 100.0
            ));
        }
    }
    assert!(
        worse.is_empty(),
        "predictions moved away from real CPython:\n{}",
        worse.join("\n")
    );
}

#[test]
fn the_model_the_engine_ranks_first_is_the_measured_best_of_each_preset() {
    // (model, measured, predicted now) per preset; the sequential program is a candidate too,
    // at 1x both ways by definition, since "none of them helps" is an answer.
    let mut by_preset: BTreeMap<String, Vec<(String, f64, f64)>> = BTreeMap::new();
    for r in rows() {
        if r.source == "preset" && r.metric == Metric::Speedup {
            let now = r.predict().expect("predicts");
            by_preset
                .entry(r.preset.clone())
                .or_insert_with(|| vec![("sequential".into(), 1.0, 1.0)])
                .push((r.model.clone(), r.measured, now));
        }
    }
    assert!(!by_preset.is_empty(), "no preset rows");
    // Within 5 % is a tie both ways: the measurements cannot tell such models apart, and the
    // engine does not name one of its near-ties over another. So the engine is right when one
    // of the models it ranks within 5 % of its first measured within 5 % of the best.
    for (preset, models) in by_preset {
        let best = models.iter().map(|m| m.1).fold(f64::MIN, f64::max);
        let first = models.iter().map(|m| m.2).fold(f64::MIN, f64::max);
        let named: Vec<&(String, f64, f64)> =
            models.iter().filter(|m| m.2 >= 0.95 * first).collect();
        assert!(
            named.iter().any(|m| m.1 >= 0.95 * best),
            "{preset}: the engine ranks {named:?} first (model, measured, predicted); \
             the best measured {best:.2}x"
        );
    }
}

#[test]
fn conclab_validation_prints_every_row_with_the_machine_and_the_estimated_builds() {
    let out = Command::new(env!("CARGO_BIN_EXE_conclab"))
        .args(["validation", "--json"])
        .output()
        .expect("conclab runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(rows().len()));
    for key in ["cpu", "date", "python", "reproduce"] {
        assert!(v["header"][key].is_string(), "{key}: {}", v["header"]);
    }
    let first = &v["rows"][0];
    for key in ["preset", "model", "python", "note", "settings"] {
        assert!(first[key].is_string(), "{key}: {first}");
    }
    for key in [
        "measured",
        "predicted",
        "error",
        "tolerance",
        "predicted_now",
    ] {
        assert!(first[key].is_number(), "{key}: {first}");
    }
    let builds = v["builds"].as_array().expect("builds");
    assert!(builds.iter().any(|b| b["python"] == "3.14t"
        && b["basis"]
            .as_str()
            .is_some_and(|s| s.starts_with("estimate"))));
}

/// The Lab's plan of settings written `key=value key=value`.
fn lab_plan(settings: &str) -> concurrency_lab::engine::Plan {
    super::support::plan(&super::support::scenario(settings))
}

#[test]
fn the_labs_panel_shows_its_workloads_rows_with_its_own_model_first_and_predicted_now() {
    let html = validation::panel(&lab_plan("preset=io-bound model=asyncio"));
    let mine: Vec<Row> = rows()
        .into_iter()
        .filter(|r| r.source == "preset" && r.preset == "io-bound")
        .collect();
    assert!(
        mine.len() >= 3,
        "io-bound was measured under several models"
    );
    // Its own model's row comes first, marked, with the engine's prediction for it now.
    let first = html
        .find("<tr class=\"current\">")
        .expect("the Lab's model is marked");
    assert!(html[first..].starts_with("<tr class=\"current\"><th scope=\"row\"><a href=\"./?"));
    let asyncio = mine
        .iter()
        .find(|r| r.model == "asyncio")
        .expect("asyncio measured");
    let now = concurrency_lab::format::speedup(asyncio.predict().unwrap());
    let row_end = first + html[first..].find("</tr>").unwrap();
    assert!(
        html[first..row_end].contains(&format!("<td>{now}</td>")),
        "{}",
        &html[first..row_end]
    );
    // Every model measured on this workload has its row.
    assert_eq!(
        html.matches("<tr").count(),
        mine.len() + 1,
        "a header and one row per model"
    );
    // A workload of the reader's own matches nothing, and says so; any build but 3.11 is an
    // estimate.
    let own = validation::panel(&lab_plan("tasks=3 cpu_ms=7 python=3.14t model=threads"));
    assert!(
        own.contains("workload of your own") && !own.contains("<table"),
        "{own}"
    );
    assert!(own.contains("Python 3.14t: estimate"), "{own}");
    assert!(own.contains(validation::PAGE));
}

#[test]
fn the_evidence_page_has_every_row_under_the_apps_content_security_policy() {
    let page = validation::page();
    assert!(page.contains("Content-Security-Policy") && !page.contains("<script"));
    // One table row per measured figure, and a header per table.
    let tables = page.matches("<table").count();
    assert_eq!(page.matches("<tr").count(), rows().len() + tables);
    assert!(page.contains("./lab validate"));
}
