//! Pinned traces: every preset under every model on three Python builds, by trace hash. A change
//! meant only to make the engine faster or its code clearer must leave every trace as it was; a
//! change to the model itself updates the pins on purpose, and the diff shows which runs moved:
//!
//! `UPDATE_GOLDEN=1 cargo test --test integration golden`

use concurrency_lab::engine::{self, presets, settings, ModelKind, Named, Plan, Scenario};

const PINS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/integration/golden_hashes.txt"
);

/// One line per run: `preset model python hash-or-error`.
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
                let plan =
                    settings::apply(&Scenario::default(), &pairs).and_then(|s| Plan::new(&s));
                let result = match plan {
                    Err(e) => format!("refused: {e}"),
                    Ok(plan) => match engine::simulate(&plan) {
                        Ok(trace) => format!("{:016x}", trace.hash()),
                        Err(e) => format!("error: {e}"),
                    },
                };
                out += &format!("{preset} {} {python} {result}\n", model.name());
            }
        }
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
