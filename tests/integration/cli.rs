//! The `conclab` command line: its JSON contract and its answers to bad input.

use std::process::Command;

fn conclab(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_conclab"))
        .args(args)
        .output()
        .expect("conclab runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn run_json_has_the_documented_fields() {
    let (code, out, err) = conclab(&[
        "run",
        "--preset",
        "cpu-bound",
        "--model",
        "threads",
        "--workers",
        "4",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    for key in [
        "makespan_s",
        "throughput_per_s",
        "speedup",
        "cpu_utilization",
        "gil_wait_fraction",
        "peak_memory_bytes",
        "p50_latency_s",
        "p99_latency_s",
        "events",
        "trace_hash",
        "diagnosis",
        "recommendation",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert!(v["diagnosis"].is_array());
}

#[test]
fn flags_override_the_preset() {
    let (_, out, _) = conclab(&["run", "--preset", "cpu-bound", "--tasks", "2", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tasks_done"], 2);
}

#[test]
fn the_human_table_ends_with_a_recommendation() {
    let (code, out, _) = conclab(&["run", "--preset", "io-bound", "--model", "threads"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("speedup") && out.contains("Recommendation: asyncio"),
        "{out}"
    );
}

#[test]
fn bad_input_exits_non_zero_with_one_line_naming_the_field() {
    let cases: [(&[&str], &str); 7] = [
        (
            &["run", "--cores", "0"],
            "cores: must be a whole number from 1 to 256",
        ),
        (
            &["run", "--preset", "nope"],
            "preset: must be one of cpu-bound",
        ),
        (&["run", "--cpu-ms", "abc"], "cpu_ms: must be a number"),
        (
            &["run", "--cpu-ms", "-5"],
            "cpu_ms: must be a number from 0",
        ),
        (
            &["run", "--tasks", "99999999"],
            "tasks: must be a whole number from 1 to 1000000 (got 99999999)",
        ),
        (
            &["run", "--model", "interpreters"],
            "model: the interpreters model needs Python 3.14",
        ),
        (
            &["run", "--frobnicate", "1"],
            "frobnicate: is not a setting",
        ),
    ];
    for (args, want) in cases {
        let (code, _, err) = conclab(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn compare_lists_every_model_sorted_by_makespan() {
    let (code, out, _) = conclab(&["compare", "--preset", "cpu-bound", "--cores", "4", "--json"]);
    assert_eq!(code, 0);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(
        rows.len(),
        7,
        "every model, with a reason where one cannot run"
    );
    let last = &rows[6];
    assert_eq!(last["model"], "interpreters");
    assert!(
        last["error"]
            .as_str()
            .unwrap()
            .contains("needs Python 3.14"),
        "{last}"
    );
    let spans: Vec<f64> = rows[..6]
        .iter()
        .map(|r| r["makespan_s"].as_f64().unwrap())
        .collect();
    assert!(spans.windows(2).all(|w| w[0] <= w[1]), "{spans:?}");
}

#[test]
fn sweep_gives_one_row_per_worker_count() {
    let (code, out, _) = conclab(&[
        "sweep",
        "--preset",
        "io-bound",
        "--model",
        "threads",
        "--workers",
        "1..8",
        "--json",
    ]);
    assert_eq!(code, 0);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), 8);
    assert!(rows[7]["speedup"].as_f64() > rows[0]["speedup"].as_f64());
    let (code, _, err) = conclab(&["sweep", "--workers", "9..2"]);
    assert_eq!(code, 2);
    assert!(err.contains("workers: must be a range"), "{err}");
}

#[test]
fn presets_lists_every_preset() {
    let (_, out, _) = conclab(&["presets"]);
    for name in [
        "cpu-bound",
        "io-bound",
        "mixed",
        "numpy",
        "tiny-tasks",
        "big-payload",
        "web-scraper",
        "image-batch",
        "chat-server",
        "api-gateway",
    ] {
        assert!(out.contains(name), "{name}");
    }
}

#[test]
fn print_scenario_round_trips_through_a_scenario_file() {
    let (_, printed, _) = conclab(&[
        "run",
        "--preset",
        "mixed",
        "--model",
        "asyncio",
        "--print-scenario",
    ]);
    let dir = std::env::temp_dir().join(format!("conclab-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("s.json");
    std::fs::write(&file, &printed).unwrap();
    let (_, a, _) = conclab(&["run", "--scenario", file.to_str().unwrap(), "--json"]);
    let (_, b, _) = conclab(&["run", "--preset", "mixed", "--model", "asyncio", "--json"]);
    let hash =
        |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap()["trace_hash"].clone();
    assert_eq!(hash(&a), hash(&b));
}

#[test]
fn a_toml_scenario_file_with_groups_runs_and_reports_each_group() {
    let dir = std::env::temp_dir().join(format!("conclab-groups-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("convoy.toml");
    std::fs::write(
        &file,
        r#"
[model]
kind = "threads"
workers = 2

[[workload.groups]]
name = "io-loop"
repeat = 100
io_ms = 1.0

[[workload.groups]]
name = "crunch"
cpu_ms = 1000.0
"#,
    )
    .unwrap();
    let (code, out, err) = conclab(&["run", "--scenario", file.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["groups"][0]["name"], "io-loop");
    assert!(
        v["groups"][0]["p50_latency_s"].as_f64().unwrap() > 0.005,
        "the convoy shows: {}",
        v["groups"][0]
    );
    let (_, table, _) = conclab(&["run", "--scenario", file.to_str().unwrap()]);
    assert!(
        table.contains("io-loop") && table.contains("GIL wait"),
        "{table}"
    );
}

#[test]
fn a_bad_scenario_file_names_the_file_and_the_field() {
    let dir = std::env::temp_dir().join(format!("conclab-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        (
            "unknown.toml",
            "[model]\nkind = \"threads\"\nwrokers = 2\n",
            "unknown field `wrokers`",
        ),
        (
            "range.toml",
            "[[workload.groups]]\nname = \"x\"\nrepeat = 0\n",
            "groups[0].repeat: must be a whole number from 1",
        ),
        (
            "model.json",
            "{\"model\": {\"kind\": \"fibers\"}}",
            "unknown variant `fibers`, expected one of",
        ),
    ];
    for (name, text, want) in cases {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let (code, _, err) = conclab(&["run", "--scenario", file.to_str().unwrap()]);
        assert_eq!(code, 2, "{name}");
        assert!(err.contains(name) && err.contains(want), "{name}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{name}: {err}");
    }
}
