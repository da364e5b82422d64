//! `conclab`: runs Concurrency Lab's engine from the command line and prints its metrics.
//!
//! Its flags are the settings table's (`--cpu-ms 5` is a link's `cpu_ms=5`; see
//! `concurrency_lab::cli`), so what the CLI accepts and what the browser accepts can never
//! drift apart.

use std::io::Read;
use std::process::ExitCode;

use concurrency_lab::cli::{self, Args, Command};
use concurrency_lab::engine::{self, presets, Metrics, Named, Outcome, Plan, Row, Scenario};
use concurrency_lab::format;
use serde_json::{json, Value};

/// glibc's allocator returns a large run's memory to the kernel after every run; mimalloc keeps
/// it, so a sweep of many runs does not pay page faults for each (see benches/engine.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    Plan::new(&s).map_err(|e| format!("{path}: {e}"))?;
    Ok(s)
}

/// The plan the command line asks for.
fn plan(args: &Args) -> Result<Plan, String> {
    let base = match &args.scenario_file {
        Some(path) => read_scenario(path)?,
        None => Scenario::default(),
    };
    let s = cli::scenario(&base, args).map_err(|e| e.to_string())?;
    Plan::new(&s).map_err(|e| e.to_string())
}

fn summary_json(o: &Outcome) -> Value {
    let mut v = serde_json::to_value(&o.metrics).expect("metrics serialise");
    let extra = json!({
        "model": o.plan.model().name(),
        "workers": o.plan.workers(),
        "diagnosis": o.diagnosis.findings,
        "recommendation": o.diagnosis.recommendation,
        "recommended_model": o.diagnosis.recommended.name(),
    });
    if let (Value::Object(m), Value::Object(e)) = (&mut v, extra) {
        m.extend(e);
    }
    v
}

fn print_table(o: &Outcome) {
    let m: &Metrics = &o.metrics;
    println!("{}", o.plan.describe());
    println!("  makespan          {:.4} s", m.makespan_s);
    println!("  throughput        {:.2} tasks/s", m.throughput_per_s);
    println!(
        "  speedup           {:.2}×  (sequential: {:.4} s)",
        m.speedup, m.baseline_makespan_s
    );
    println!("  CPU utilisation   {:.0}%", m.cpu_utilization * 100.0);
    println!("  GIL wait          {:.0}%", m.gil_wait_fraction * 100.0);
    println!("  peak memory       {}", format::bytes(m.peak_memory_bytes));
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
                Err(e) => json!({"model": r.model.name(), "error": e}),
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
            Err(e) => println!("{:<18} {:>7} {e}", r.model.name(), "–"),
        }
    }
}

fn print_presets(json: bool) {
    if json {
        let v: Vec<Value> = presets::ALL
            .iter()
            .map(
                |p| json!({"name": p.name, "description": p.description, "workload": p.workload()}),
            )
            .collect();
        println!("{}", serde_json::to_string_pretty(&v).expect("json"));
        return;
    }
    for p in &presets::ALL {
        let w = p.workload();
        println!("{:<12} {}", p.name, p.description);
        println!(
            "{:<12} tasks={} io_ms={} cpu_ms={} cext_ms={} payload_bytes={} result_bytes={} jitter={}",
            "", w.tasks, w.io_ms, w.cpu_ms, w.cext_ms, w.payload_bytes, w.result_bytes, w.jitter
        );
    }
}

fn execute(args: &Args) -> Result<(), String> {
    match &args.command {
        Command::Help => println!("{}", cli::usage()),
        Command::Presets => print_presets(args.json),
        Command::Run => {
            let plan = plan(args)?;
            if args.print_scenario {
                let s = serde_json::to_string_pretty(plan.scenario()).expect("scenario serialises");
                println!("{s}");
                return Ok(());
            }
            let o = engine::run(&plan).map_err(|e| e.to_string())?;
            if args.json {
                let v = serde_json::to_string_pretty(&summary_json(&o)).expect("json");
                println!("{v}");
            } else {
                print_table(&o);
            }
        }
        Command::Compare => {
            let rows = engine::compare(&plan(args)?).map_err(|e| e.to_string())?;
            print_rows(&rows, args.json);
        }
        Command::Sweep(range) => {
            let rows = engine::sweep(&plan(args)?, range.clone()).map_err(|e| e.to_string())?;
            print_rows(&rows, args.json);
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match cli::parse(std::env::args().skip(1)).and_then(|a| execute(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("conclab: {e}");
            ExitCode::from(2)
        }
    }
}
