//! `conclab`: runs Concurrency Lab's engine from the command line and prints its metrics.
//!
//! Its flags are the settings table's (`--cpu-ms 5` is a link's `cpu_ms=5`; see
//! `concurrency_lab::cli`), so what the CLI accepts and what the browser accepts can never
//! drift apart.

use std::fmt::Write as _;
use std::io::{Read, Write as _};
use std::process::ExitCode;

use concurrency_lab::cli::{self, Args, Command};
use concurrency_lab::engine::{
    self, presets, settings, Metrics, Named, Plan, Report, Row, Scenario,
};
use concurrency_lab::picture::{self, words};
use concurrency_lab::{format, lessons, python_code, validation};
use serde_json::{json, Value};

/// `writeln!` into the output being built (a `String` cannot fail to grow).
macro_rules! outln {
    ($w:expr, $($arg:tt)*) => {{
        let _ = writeln!($w, $($arg)*);
    }};
}

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

/// Writes a picture to the `--svg` file.
fn write_svg(path: &str, svg: &str) -> Result<(), String> {
    std::fs::write(path, svg).map_err(|e| format!("svg: {path}: {e}"))
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

fn summary_json(o: &Report) -> Value {
    let rec = o.recommendation.as_ref();
    let mut v = serde_json::to_value(&o.metrics).expect("metrics serialise");
    let extra = json!({
        "model": o.plan.model().name(),
        "workers": o.plan.workers(),
        "diagnosis": o.diagnosis.findings,
        "recommendation": rec.map(|r| r.why.clone()),
        "recommended_model": rec.map(|r| r.model.name()),
    });
    if let (Value::Object(m), Value::Object(e)) = (&mut v, extra) {
        m.extend(e);
    }
    v
}

fn print_table(w: &mut String, o: &Report) {
    let rec = o.recommendation.as_ref();
    let m: &Metrics = &o.metrics;
    outln!(w, "{}", words::scenario(&o.plan));
    outln!(w, "  makespan          {:.4} s", m.makespan_s);
    outln!(w, "  throughput        {:.2} tasks/s", m.throughput_per_s);
    outln!(
        w,
        "  speedup           {:.2}×  (sequential: {:.4} s)",
        m.speedup,
        m.baseline_makespan_s
    );
    outln!(w, "  CPU utilisation   {:.0}%", m.cpu_utilization * 100.0);
    outln!(w, "  GIL wait          {:.0}%", m.gil_wait_fraction * 100.0);
    if o.plan.groups().iter().any(|g| !g.spec.lock.is_empty()) {
        outln!(
            w,
            "  lock wait         {:.0}%",
            m.lock_wait_fraction * 100.0
        );
    }
    if o.plan.groups().iter().any(|g| g.spec.put.is_some()) {
        outln!(
            w,
            "  queue wait        {:.0}%",
            m.queue_wait_fraction * 100.0
        );
    }
    outln!(
        w,
        "  peak memory       {} resident",
        format::bytes(m.peak_memory_bytes)
    );
    outln!(
        w,
        "  latency p50/p99   {:.4} s / {:.4} s",
        m.p50_latency_s,
        m.p99_latency_s
    );
    if let Some(d) = &m.deadlock {
        let done = format!(
            "{} of {} tasks finished",
            m.tasks_done,
            o.plan.total_tasks()
        );
        outln!(w, "  deadlock          {} ({done})", d.describe());
    }
    outln!(w, "  events            {}", m.events);
    outln!(w, "  trace hash        {}", m.trace_hash);
    if m.groups.len() > 1 {
        outln!(
            w,
            "\n  {:<16} {:>6} {:>10} {:>12} {:>12} {:>9}",
            "group",
            "tasks",
            "reps/s",
            "p50 rep",
            "p99 rep",
            "GIL wait"
        );
        for g in &m.groups {
            outln!(
                w,
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
        outln!(w, "\nFindings:");
        for f in &o.diagnosis.findings {
            outln!(w, "  - {f}");
        }
    }
    if let Some(r) = rec {
        outln!(
            w,
            "\nRecommendation: {} ({} here) — {}",
            r.model.name(),
            format::speedup(r.speedup),
            r.why
        );
    }
}

fn print_rows(w: &mut String, rows: &[Row], json: bool) {
    if json {
        let v: Vec<Value> = rows
            .iter()
            .map(|r| match &r.metrics {
                Ok(m) => json!({"model": r.model.name(), "workers": r.workers, "makespan_s": m.makespan_s,
                                "speedup": m.speedup, "throughput_per_s": m.throughput_per_s,
                                "cpu_utilization": m.cpu_utilization, "gil_wait_fraction": m.gil_wait_fraction,
                                "peak_memory_bytes": m.peak_memory_bytes, "trace_hash": m.trace_hash}),
                Err(e) => json!({"model": r.model.name(), "error": e.to_string()}),
            })
            .collect();
        outln!(
            w,
            "{}",
            serde_json::to_string_pretty(&v).expect("rows serialise")
        );
        return;
    }
    outln!(
        w,
        "{:<18} {:>7} {:>12} {:>9} {:>7} {:>9}",
        "model",
        "workers",
        "makespan s",
        "speedup",
        "CPU",
        "GIL wait"
    );
    for r in rows {
        match &r.metrics {
            Ok(m) => outln!(
                w,
                "{:<18} {:>7} {:>12.4} {:>8.2}× {:>6.0}% {:>8.0}%",
                r.model.name(),
                r.workers,
                m.makespan_s,
                m.speedup,
                m.cpu_utilization * 100.0,
                m.gil_wait_fraction * 100.0
            ),
            Err(e) => outln!(w, "{:<18} {:>7} {e}", r.model.name(), "–"),
        }
    }
}

fn print_presets(w: &mut String, json: bool) {
    if json {
        let v: Vec<Value> = presets::ALL
            .iter()
            .map(
                |p| json!({"name": p.name, "description": p.description, "workload": p.workload()}),
            )
            .collect();
        outln!(w, "{}", serde_json::to_string_pretty(&v).expect("json"));
        return;
    }
    for p in &presets::ALL {
        let s = Scenario {
            workload: p.workload(),
            ..Scenario::default()
        };
        let settings: Vec<String> = settings::SETTINGS
            .iter()
            .filter(|d| {
                d.part == settings::Part::Workload && d.get(&s) != d.get(&Scenario::default())
            })
            .filter_map(|d| Some(format!("{}={}", d.key, d.get(&s).to_text()?)))
            .collect();
        outln!(w, "{:<12} {}", p.name, p.description);
        outln!(w, "{:<12} {}", "", settings.join(" "));
    }
}

/// The validation rows as a table: each measurement, the prediction now, and the error.
fn print_validation(w: &mut String) -> Result<(), String> {
    for (key, value) in validation::about()? {
        outln!(w, "{key:<10} {value}");
    }
    outln!(
        w,
        "\n{:<7} {:<12} {:<22} {:<6} {:>10} {:>10} {:>7} {:>6}  note",
        "source",
        "workload",
        "model",
        "python",
        "measured",
        "predicted",
        "error",
        "limit"
    );
    for r in validation::rows()? {
        let now = r.predict()?;
        outln!(
            w,
            "{:<7} {:<12} {:<22} {:<6} {:>10.4} {:>10.4} {:>+6.0}% {:>5.0}%  {}",
            r.source,
            r.preset,
            r.model,
            r.python,
            r.measured,
            now,
            r.error_of(now) * 100.0,
            r.tolerance * 100.0,
            r.note
        );
    }
    Ok(())
}

/// Runs the command and returns what it prints.
fn execute(args: &Args) -> Result<String, String> {
    let mut out = String::new();
    let w = &mut out;
    match &args.command {
        Command::Help => outln!(w, "{}", cli::usage()),
        Command::Presets => print_presets(w, args.json),
        Command::Lessons if args.json => outln!(w, "{}", lessons::bundle()),
        Command::Lessons if args.bundle.is_some() => {
            let path = args.bundle.as_deref().unwrap_or_default();
            std::fs::write(path, lessons::bundle_bytes())
                .map_err(|e| format!("bundle: {path}: {e}"))?;
        }
        Command::Lessons => {
            for l in lessons::all() {
                let steps = match l.steps.len() {
                    1 => "1 step".to_string(),
                    n => format!("{n} steps"),
                };
                outln!(w, "{:<28} {} ({steps})", l.id, l.title);
            }
        }
        Command::Run => {
            let plan = plan(args)?;
            if args.print_scenario {
                let s = serde_json::to_string_pretty(plan.scenario()).expect("scenario serialises");
                outln!(w, "{s}");
                return Ok(out);
            }
            // With every model run on this work, to recommend one honestly; only a picture
            // needs the run's spans.
            let report = match &args.svg {
                Some(path) => {
                    let o = engine::run(&plan).map_err(|e| e.to_string())?;
                    write_svg(path, &picture::svg::render(&o, &args.picture))?;
                    let recommendation = engine::recommend(&o).ok().flatten();
                    Report {
                        plan: o.plan,
                        baseline: o.baseline,
                        metrics: o.metrics,
                        diagnosis: o.diagnosis,
                        recommendation,
                    }
                }
                None => engine::report(&plan).map_err(|e| e.to_string())?,
            };
            if args.json {
                let v = serde_json::to_string_pretty(&summary_json(&report)).expect("json");
                outln!(w, "{v}");
            } else {
                print_table(w, &report);
            }
        }
        Command::Compare => {
            let plan = plan(args)?;
            let rows = engine::compare(&plan).map_err(|e| e.to_string())?;
            if let Some(path) = &args.svg {
                write_svg(path, &picture::compare::render(&rows, &plan, &args.picture))?;
            }
            print_rows(w, &rows, args.json);
        }
        Command::Code => {
            let plan = plan(args)?;
            // A scenario too large to simulate still has a program; it just gets no prediction.
            let predicted = engine::simulate(&plan)
                .ok()
                .map(|t| engine::time::to_secs(t.makespan));
            w.push_str(&python_code::program(&plan, predicted).text);
        }
        Command::Validation if args.html => w.push_str(&validation::page()),
        Command::Validation if args.json => {
            let v = validation::evidence()?;
            outln!(w, "{}", serde_json::to_string_pretty(&v).expect("json"));
        }
        Command::Validation => print_validation(w)?,
        Command::Sweep(range) => {
            let rows = engine::sweep(&plan(args)?, range.clone()).map_err(|e| e.to_string())?;
            print_rows(w, &rows, args.json);
        }
    }
    Ok(out)
}

fn main() -> ExitCode {
    match cli::parse(std::env::args().skip(1)).and_then(|a| execute(&a)) {
        Ok(text) => {
            // A reader that stops early (`| head`) is not an error.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("conclab: {e}");
            ExitCode::from(2)
        }
    }
}
