//! Pinned traces: every preset under every model on three Python builds, and a dozen scenarios
//! that turn every other knob, by trace fingerprint. A change meant only to make the engine
//! faster or its code clearer must leave every trace as it was; a change to the model itself
//! updates the pins on purpose, and the diff shows which runs moved:
//!
//! `UPDATE_GOLDEN=1 cargo test --test integration golden`

use concurrency_lab::engine::{self, presets, settings, ModelKind, Named, Plan, Scenario};

const PINS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/integration/golden_hashes.txt"
);

/// Scenarios that turn the knobs the presets leave alone.
const KNOBS: [&str; 12] = [
    "groups=requests:1:200:1:0:0;crunch:1:1:0:3000:0 model=threads workers=2",
    "groups=io:3:20:5:0.5:0;calc:2:3:0:20:5:1000:2000:15 model=asyncio",
    "groups=fetch:40:3:30:1:0;parse:4:1:0:40:10 model=asyncio+processes workers=2 python=3.14",
    "preset=io-bound model=asyncio limit=10",
    "preset=tiny-tasks model=processes chunksize=500",
    "preset=image-batch model=processes chunksize=25 start_method=spawn cores=2",
    "preset=web-scraper model=asyncio blocking=true",
    "preset=io-bound model=threads workers=50 remote_limit=8",
    "preset=mixed model=threads workers=8 io_call_us=250",
    "preset=cpu-bound model=threads workers=4 switch_interval_ms=0.5",
    "preset=numpy model=asyncio+threads workers=6 cores=8 jitter=0.4 seed=42",
    "preset=big-payload model=interpreters workers=3 python=3.14t",
];

/// The fingerprint of a run (or why it could not run) for some settings.
fn pin(pairs: &[(String, String)]) -> String {
    let plan = settings::apply(&Scenario::default(), pairs).and_then(|s| Plan::new(&s));
    match plan {
        Err(e) => format!("refused: {e}"),
        Ok(plan) => match engine::simulate(&plan) {
            Ok(trace) => format!("{:016x}", trace.fingerprint()),
            Err(e) => format!("error: {e}"),
        },
    }
}

/// One line per run: `preset model python fingerprint-or-error`, then `knobs: settings fp`.
fn current() -> String {
    let mut out = String::new();
    for preset in presets::NAMES {
        for &model in ModelKind::all() {
            for python in ["3.11", "3.14", "3.14t"] {
                let pairs = [
                    ("preset", preset),
                    ("model", model.name()),
                    ("python", python),
                ]
                .map(|(k, v)| (k.to_string(), v.to_string()));
                out += &format!("{preset} {} {python} {}\n", model.name(), pin(&pairs));
            }
        }
    }
    for knobs in KNOBS {
        let pairs: Vec<(String, String)> = knobs
            .split_whitespace()
            .map(|kv| kv.split_once('=').expect("key=value"))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        out += &format!("knobs: {knobs} {}\n", pin(&pairs));
    }
    out
}

#[test]
fn every_preset_and_model_gives_its_pinned_trace() {
    let now = current();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(PINS, &now).expect("write the pins");
        return;
    }
    let pinned = std::fs::read_to_string(PINS).expect("tests/integration/golden_hashes.txt");
    let moved: Vec<String> = now
        .lines()
        .zip(pinned.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("now    {a}\npinned {b}"))
        .collect();
    assert!(
        moved.is_empty() && now.lines().count() == pinned.lines().count(),
        "{} runs no longer give their pinned trace (if the model changed on purpose: \
         UPDATE_GOLDEN=1 cargo test --test integration golden):\n{}",
        moved.len(),
        moved.join("\n")
    );
}

#[test]
fn every_knob_scenario_runs() {
    let now = current();
    let refused: Vec<&str> = now
        .lines()
        .filter(|l| l.starts_with("knobs:") && (l.contains("refused") || l.contains("error")))
        .collect();
    assert!(refused.is_empty(), "{refused:?}");
}
