//! `conclab`: runs Concurrency Lab's engine from the command line and prints its metrics.
//!
//! Flags are the same settings a URL takes (`--cpu-ms 5` is `cpu_ms=5`), so what the CLI
//! accepts and what the browser accepts can never drift apart.

use std::io::Read;
use std::process::ExitCode;

use concurrency_lab::engine::{
    self, params, presets, EngineError, Metrics, Outcome, Row, Scenario,
};
use concurrency_lab::python_code;
use serde_json::{json, Value};

/// glibc's allocator returns a large run's memory to the kernel after every run; mimalloc keeps
/// it, so a sweep of many runs does not pay page faults for each (see benches/engine.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  conclab run     [--preset NAME] [--scenario FILE|-] [--print-scenario] [SETTINGS] [--json]
  conclab compare [--preset NAME] [SETTINGS] [--json]
  conclab sweep   [--preset NAME] [SETTINGS] --workers A..B [--json]
  conclab presets [--json]
  conclab code    [--preset NAME] [--scenario FILE|-] [SETTINGS]   (the Python program)

SETTINGS: --tasks N --cpu-ms X --io-ms X --cext-ms X --payload-bytes N --result-bytes N
  --jitter F --remote-limit N --io-call-us X --groups G --model M --workers N
  --start-method S --chunksize N --limit N --blocking --cores N --python V
  --switch-interval-ms X --seed N
  G = name:tasks:repeat:io_ms:cpu_ms:cext_ms[;...], e.g. io-loop:1:500:1:0:0;crunch:2:1:0:2000:0
--scenario FILE reads a JSON or TOML scenario (- for stdin); flags then override it.
Without a preset, unset work is 0 and there is 1 task.";

/// A parsed command line.
struct Args {
    command: String,
    pairs: Vec<(String, String)>,
    json: bool,
    scenario_file: Option<String>,
    print_scenario: bool,
}

fn parse_args(raw: &[String]) -> Result<Args, String> {
    let mut it = raw.iter();
    let command = it.next().ok_or("missing command")?.clone();
    let mut args = Args {
        command,
        pairs: Vec::new(),
        json: false,
        scenario_file: None,
        print_scenario: false,
    };
    while let Some(flag) = it.next() {
        let Some(name) = flag.strip_prefix("--") else {
            return Err(format!("unexpected argument '{flag}'"));
        };
        match name {
            "json" => args.json = true,
            "print-scenario" => args.print_scenario = true,
            "blocking" => args.pairs.push(("blocking".into(), "true".into())),
            "help" => return Err(String::new()),
            _ => {
                let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                if name == "scenario" {
                    args.scenario_file = Some(value.clone());
                } else {
                    args.pairs.push((name.replace('-', "_"), value.clone()));
                }
            }
        }
    }
    Ok(args)
}

/// Reads a scenario file, JSON or TOML (by its first non-blank character), `-` meaning
/// standard input. Errors name the file, then the field and what is allowed.
fn read_scenario(path: &str) -> Result<Scenario, String> {
    let text = if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("{path}: {e}"))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?
    };
    let parsed: Result<Scenario, String> = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        toml::from_str(&text).map_err(|e| e.message().to_string())
    };
    let s = parsed.map_err(|e| format!("{path}: {}", e.trim()))?;
    s.validate().map_err(|e| format!("{path}: {e}"))?;
    Ok(s)
}

fn scenario(args: &Args, pairs: &[(String, String)]) -> Result<Scenario, String> {
    let mut s = match &args.scenario_file {
        Some(path) => read_scenario(path)?,
        None => Scenario::default(),
    };
    params::apply(&mut s, pairs).map_err(|e| e.to_string())?;
    Ok(s)
}

fn summary_json(o: &Outcome) -> Value {
    let mut v = serde_json::to_value(&o.metrics).expect("metrics serialise");
    let extra = json!({
        "model": o.scenario.model.kind.name(),
        "workers": o.scenario.effective_workers(),
        "diagnosis": o.diagnosis.findings,
        "recommendation": o.diagnosis.recommendation,
        "recommended_model": o.diagnosis.recommended.name(),
    });
    if let (Value::Object(m), Value::Object(e)) = (&mut v, extra) {
        m.extend(e);
    }
    v
}

fn describe(s: &Scenario) -> String {
    let work: Vec<String> = s
        .workload
        .effective_groups()
        .iter()
        .map(|g| {
            let reps = if g.repeat > 1 {
                format!("{} × ", g.repeat)
            } else {
                String::new()
            };
            format!(
                "{} {} ({reps}I/O {} ms, Python {} ms, C {} ms)",
                g.tasks, g.name, g.io_ms, g.cpu_ms, g.cext_ms
            )
        })
        .collect();
    format!(
        "{} · {} with {} worker(s) · {} cores · Python {}",
        work.join(" + "),
        s.model.kind.name(),
        s.effective_workers(),
        s.machine.cores,
        s.python.version.name()
    )
}

fn human_bytes(b: u64) -> String {
    format!("{:.1} MB", b as f64 / 1e6)
}

fn print_table(o: &Outcome) {
    let m: &Metrics = &o.metrics;
    println!("{}", describe(&o.scenario));
    println!("  makespan          {:.4} s", m.makespan_s);
    println!("  throughput        {:.2} tasks/s", m.throughput_per_s);
    println!(
        "  speedup           {:.2}×  (sequential: {:.4} s)",
        m.speedup, m.baseline_makespan_s
    );
    println!("  CPU utilisation   {:.0}%", m.cpu_utilization * 100.0);
    println!("  GIL wait          {:.0}%", m.gil_wait_fraction * 100.0);
    println!("  peak memory       {}", human_bytes(m.peak_memory_bytes));
    println!(
        "  latency p50/p99   {:.4} s / {:.4} s",
        m.p50_latency_s, m.p99_latency_s
    );
    println!("  events            {}", m.events);
    println!("  trace hash        {}", m.trace_hash);
    if m.groups.len() > 1 {
        println!(
            "\n  {:<16} {:>6} {:>10} {:>12} {:>12} {:>9}",
            "group", "tasks", "reps/s", "p50 rep", "p99 rep", "GIL wait"
        );
        for g in &m.groups {
            println!(
                "  {:<16} {:>6} {:>10.2} {:>10.3}ms {:>10.3}ms {:>8.0}%",
                g.name,
                g.tasks,
                g.throughput_per_s,
                g.p50_latency_s * 1e3,
                g.p99_latency_s * 1e3,
                g.gil_wait_fraction * 100.0
            );
        }
    }
    if !o.diagnosis.findings.is_empty() {
        println!("\nFindings:");
        for f in &o.diagnosis.findings {
            println!("  - {f}");
        }
    }
    println!(
        "\nRecommendation: {} — {}",
        o.diagnosis.recommended.name(),
        o.diagnosis.recommendation
    );
}

fn print_rows(rows: &[Row], json: bool) {
    if json {
        let v: Vec<Value> = rows
            .iter()
            .map(|r| match &r.metrics {
                Ok(m) => json!({"model": r.model.name(), "workers": r.workers, "makespan_s": m.makespan_s,
                                "speedup": m.speedup, "throughput_per_s": m.throughput_per_s,
                                "cpu_utilization": m.cpu_utilization, "gil_wait_fraction": m.gil_wait_fraction,
                                "peak_memory_bytes": m.peak_memory_bytes, "trace_hash": m.trace_hash}),
                Err(e) => json!({"model": r.model.name(), "workers": r.workers, "error": e}),
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&v).expect("rows serialise")
        );
        return;
    }
    println!(
        "{:<18} {:>7} {:>12} {:>9} {:>7} {:>9}",
        "model", "workers", "makespan s", "speedup", "CPU", "GIL wait"
    );
    for r in rows {
        match &r.metrics {
            Ok(m) => println!(
                "{:<18} {:>7} {:>12.4} {:>8.2}× {:>6.0}% {:>8.0}%",
                r.model.name(),
                r.workers,
                m.makespan_s,
                m.speedup,
                m.cpu_utilization * 100.0,
                m.gil_wait_fraction * 100.0
            ),
            Err(e) => println!("{:<18} {:>7} {e}", r.model.name(), r.workers),
        }
    }
}

/// Parses `A..B` (or a single number) for `sweep --workers`.
fn worker_range(text: &str) -> Result<std::ops::RangeInclusive<u32>, String> {
    let bad = || {
        format!(
            "workers: must be a range like 1..32 with 1 ≤ A ≤ B ≤ {} (got '{text}')",
            engine::scenario::MAX_WORKERS
        )
    };
    let (a, b) = text.split_once("..").unwrap_or((text, text));
    let a: u32 = a.trim().parse().map_err(|_| bad())?;
    let b: u32 = b.trim().parse().map_err(|_| bad())?;
    if a == 0 || a > b || b > engine::scenario::MAX_WORKERS {
        return Err(bad());
    }
    Ok(a..=b)
}

fn execute(args: &Args) -> Result<(), String> {
    match args.command.as_str() {
        "run" => {
            let s = scenario(args, &args.pairs)?;
            if args.print_scenario {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&s).expect("scenario serialises")
                );
                return Ok(());
            }
            let o = engine::run(&s).map_err(|e| e.to_string())?;
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&summary_json(&o)).expect("json")
                );
            } else {
                print_table(&o);
            }
        }
        "compare" => {
            let s = scenario(args, &args.pairs)?;
            let workers = args
                .pairs
                .iter()
                .any(|(k, _)| k == "workers")
                .then_some(s.model.workers)
                .flatten();
            let rows = engine::compare(&s, workers.or(Some(s.machine.cores)))
                .map_err(|e| e.to_string())?;
            print_rows(&rows, args.json);
        }
        "sweep" => {
            let range = args
                .pairs
                .iter()
                .find(|(k, _)| k == "workers")
                .map(|(_, v)| v.as_str())
                .unwrap_or("1..32");
            let range = worker_range(range)?;
            let pairs: Vec<_> = args
                .pairs
                .iter()
                .filter(|(k, _)| k != "workers")
                .cloned()
                .collect();
            let s = scenario(args, &pairs)?;
            let rows = engine::sweep(&s, range).map_err(|e| e.to_string())?;
            print_rows(&rows, args.json);
        }
        "presets" => {
            let all = presets::all();
            if args.json {
                let v: Vec<Value> = all.iter().map(|p| json!({"name": p.name, "description": p.description, "workload": p.workload})).collect();
                println!("{}", serde_json::to_string_pretty(&v).expect("json"));
            } else {
                for p in all {
                    let w = p.workload;
                    println!("{:<12} {}", p.name, p.description);
                    println!(
                        "{:<12} tasks={} io_ms={} cpu_ms={} cext_ms={} payload_bytes={} result_bytes={} jitter={}",
                        "", w.tasks, w.io_ms, w.cpu_ms, w.cext_ms, w.payload_bytes, w.result_bytes, w.jitter
                    );
                }
            }
        }
        "code" => {
            let s = scenario(args, &args.pairs)?;
            // A scenario too large to simulate still has a program; it just gets no prediction.
            let predicted = match engine::simulate(&s) {
                Ok(trace) => Some(engine::time::to_secs(trace.makespan)),
                Err(EngineError::TooLarge) => None,
                Err(e) => return Err(e.to_string()),
            };
            print!("{}", python_code::program(&s, predicted).text);
        }
        other => {
            return Err(format!(
                "unknown command '{other}'; commands are run, compare, sweep, presets, code"
            ))
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let result = parse_args(&raw).and_then(|a| execute(&a));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("conclab: {e}");
            if raw.is_empty() {
                eprintln!("{USAGE}");
            }
            ExitCode::from(2)
        }
    }
}
