//! What the Lab's panels are drawn from: the diagnosis always has something to say, the
//! throughput series reads as a rate, and core use tells Python from C code.

use concurrency_lab::engine::diagnosis::NOTHING_YET;
use concurrency_lab::engine::metrics::{throughput_bins, TASKS_PER_BIN};
use concurrency_lab::engine::{diagnose, presets, Metrics, ModelKind, Named};

use super::support::{plan, run, runs, scenario};

#[test]
fn a_whole_run_of_every_preset_and_model_has_something_to_say() {
    for p in presets::NAMES {
        for m in ModelKind::all().iter().filter(|&&m| runs(p, m)) {
            let python = if *m == ModelKind::Interpreters {
                "python=3.14"
            } else {
                ""
            };
            let f = run(&format!("preset={p} model={} {python}", m.name()))
                .diagnosis
                .findings;
            assert!(!f.is_empty(), "{p} × {}", m.name());
            assert!(
                !f.iter().any(|x| x == NOTHING_YET),
                "{p} × {}: {f:?}",
                m.name()
            );
        }
    }
}

#[test]
fn early_in_a_run_with_nothing_to_report_the_findings_say_so() {
    let o = run("preset=cpu-bound model=sequential");
    let early = Metrics::until(&o.trace, o.baseline, o.trace.makespan / 10);
    assert_eq!(diagnose(&o.plan, &early).findings, [NOTHING_YET]);
    assert!(
        o.diagnosis.findings[0].contains("baseline"),
        "{:?}",
        o.diagnosis.findings
    );
}

#[test]
fn a_five_task_run_has_one_throughput_bin_at_the_cards_rate() {
    let m = run("preset=api-gateway model=threads").metrics;
    assert_eq!(m.throughput_series.len(), 1);
    let rate = m.throughput_series[0];
    assert!(
        (rate - m.throughput_per_s).abs() < 1e-6 * rate,
        "{rate} vs {}",
        m.throughput_per_s
    );
}

#[test]
fn throughput_bins_hold_several_completions_on_average_and_count_every_task() {
    for settings in [
        "preset=cpu-bound model=threads",
        "preset=io-bound model=asyncio",
        "preset=tiny-tasks model=processes",
    ] {
        let m = run(settings).metrics;
        let bins = m.throughput_series.len();
        assert_eq!(bins, throughput_bins(m.tasks_done as usize), "{settings}");
        assert!(m.tasks_done as usize >= TASKS_PER_BIN * bins, "{settings}");
        let counted: f64 = m
            .throughput_series
            .iter()
            .map(|r| r * m.throughput_bin_s)
            .sum();
        assert!(
            (counted - f64::from(m.tasks_done)).abs() < 1e-6,
            "{settings}: {counted}"
        );
    }
}

#[test]
fn part_of_a_run_shows_the_bins_begun_none_above_its_final_value() {
    let o = run("preset=io-bound model=threads");
    let whole = &o.metrics.throughput_series;
    for tenth in 1..10 {
        let part = Metrics::until(&o.trace, o.baseline, o.trace.makespan * tenth / 10);
        let n = part.throughput_series.len();
        assert!(n > 0 && n < whole.len(), "{tenth}/10: {n} bins");
        assert_eq!(
            part.throughput_series[..n - 1],
            whole[..n - 1],
            "{tenth}/10"
        );
        assert!(part.throughput_series[n - 1] <= whole[n - 1], "{tenth}/10");
    }
}

#[test]
fn core_use_tells_c_code_from_python() {
    let total = |settings: &str| {
        let m = run(settings).metrics;
        let all = m.core_series.iter().flatten();
        all.fold((0.0, 0.0), |(p, c), u| (p + u.python, c + u.c))
    };
    let (python, c) = total("preset=numpy model=threads");
    assert!(c > 10.0 * python, "numpy: Python {python}, C {c}");
    let (python, c) = total("preset=cpu-bound model=processes");
    assert!(
        python > 0.0 && c == 0.0,
        "cpu-bound: Python {python}, C {c}"
    );
    let m = run("preset=image-batch model=processes").metrics;
    assert!(m
        .core_series
        .iter()
        .flatten()
        .all(|u| u.busy() <= 1.0 + 1e-9));
}

#[test]
fn core_use_adds_up_to_the_cards_core_use() {
    let o = plan(&scenario("preset=mixed model=asyncio+processes"));
    let m = concurrency_lab::engine::run(&o).unwrap().metrics;
    let cells = m.core_series.iter().flatten().count() as f64;
    let mean: f64 = m
        .core_series
        .iter()
        .flatten()
        .map(|u| u.busy())
        .sum::<f64>()
        / cells;
    // The last bucket reaches past the end of the run, so the mean is a shade lower.
    assert!(
        (mean - m.cpu_utilization).abs() < 0.03,
        "{mean} vs {}",
        m.cpu_utilization
    );
}
