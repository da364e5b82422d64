//! The Python program behind a scenario: it compiles, imports only what it uses, runs on the
//! machine's `python3` at a small scale, names every task group, and its anchors point at the
//! code they name and cover every state the engine shows on a lane.

use std::io::Write;
use std::process::{Command, Stdio};

use concurrency_lab::engine::trace::LaneKind;
use concurrency_lab::engine::{self, ModelKind};
use concurrency_lab::python_code::{program, Site};

use super::python_code_cases::{programs, Case};
use super::support::{plan, scenario};

/// Checks every program it is given, one per line of standard input (`path<TAB>run`):
/// `py_compile`, no imported name left unused, and, when `run` is 1, a run at scale
/// `sys.argv[1]` that must exit cleanly and print its wall time. Runs go two at a time.
const CHECK: &str = r#"
import ast, concurrent.futures, os, py_compile, re, subprocess, sys

def check(path, run):
    try:
        py_compile.compile(path, doraise=True)
    except py_compile.PyCompileError as e:
        return f"{path}: does not compile: {e}"
    tree = ast.parse(open(path, encoding="utf-8").read())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.asname or a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported |= {a.asname or a.name for a in node.names}
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    if imported - used:
        return f"{path}: unused imports {sorted(imported - used)}"
    if run == "1":
        env = dict(os.environ, CONCLAB_SCALE=sys.argv[1])
        out = subprocess.run([sys.executable, path], env=env, capture_output=True,
                             text=True, timeout=120)
        if out.returncode != 0:
            return f"{path}: exit {out.returncode}\n{out.stderr}"
        if not re.fullmatch(r"\d+ tasks in \d+\.\d{3} s\n", out.stdout):
            return f"{path}: printed {out.stdout!r}"
    return None

jobs = [line.rstrip("\n").split("\t") for line in sys.stdin if line.strip()]
with concurrent.futures.ThreadPoolExecutor(2) as pool:
    failures = [f for f in pool.map(lambda job: check(*job), jobs) if f]
print("\n".join(failures))
print(f"{len(jobs)} programs checked, {len(failures)} failed")
sys.exit(1 if failures else 0)
"#;

/// Small enough that the largest preset (10 000 tasks of 30 s) runs 10 tasks of 30 ms.
const SCALE: &str = "0.001";

#[test]
fn every_program_compiles_imports_only_what_it_uses_and_runs_at_a_small_scale() {
    let dir = std::env::temp_dir().join(format!("conclab-python-code-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut jobs = String::new();
    for (i, (case, p)) in programs().iter().enumerate() {
        let path = dir.join(format!("program_{i}.py"));
        std::fs::write(&path, &p.text).expect("write program");
        jobs += &format!("{}\t{}\n", path.display(), u8::from(case.run));
        eprintln!("program_{i}.py: {}", case.label);
    }
    let mut child = Command::new("python3")
        .args(["-c", CHECK, SCALE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is on PATH");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(jobs.as_bytes())
        .expect("send the list");
    let out = child.wait_with_output().expect("python3 finishes");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}\n{}\n(programs kept in {})",
        String::from_utf8_lossy(&out.stderr),
        dir.display()
    );
    assert!(report.contains("programs checked, 0 failed"), "{report}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn every_program_names_each_of_its_task_groups() {
    for (case, p) in programs() {
        for g in case.scenario.groups() {
            let quoted = format!("\"{}\"", g.spec.name);
            assert!(p.text.contains(&quoted), "{}: no {quoted}", case.label);
        }
    }
}

#[test]
fn every_program_keeps_within_pep8_line_length() {
    for (Case { label, .. }, p) in programs() {
        for (i, line) in p.text.lines().enumerate() {
            assert!(
                line.chars().count() <= 79,
                "{label}, line {}: {line}",
                i + 1
            );
        }
    }
}

/// Text each site's line must hold, whatever the group.
fn call_of(site: Site, kind: ModelKind) -> &'static [&'static str] {
    match (site, kind) {
        (Site::PythonWork, _) => &["python_work("],
        (Site::CWork, _) => &["c_work("],
        (Site::Io, _) => &["fetch(", "round_trip(", "http_get(", "read_file(", "query("],
        (Site::Lock, ModelKind::Asyncio) => &["async with "],
        (Site::Lock, _) => &["with "],
        (Site::Await, _) => &["loop.run_in_executor("],
        (Site::Function, _) => &["def "],
        (Site::Start, ModelKind::Threads | ModelKind::Interpreters) => &["pool.submit("],
        (Site::Start, ModelKind::Processes) => &["pool.map(", "pool.map_async("],
        (Site::Start, ModelKind::AsyncioThreads) => &["asyncio.to_thread("],
        (Site::Start, _) => &["(p)", "(p, pool)"],
        (Site::Wait, ModelKind::Processes) => &["results = "],
        (Site::Wait, _) => &["asyncio.gather("],
        (Site::Pool, ModelKind::Threads) => &["with ThreadPoolExecutor("],
        (Site::Pool, ModelKind::Interpreters) => &["with InterpreterPoolExecutor("],
        (Site::Pool, ModelKind::Processes) => &[".Pool("],
        (Site::Pool, ModelKind::AsyncioThreads) => &["set_default_executor("],
        (Site::Pool, _) => &["with ProcessPoolExecutor("],
        (Site::Queue, _) => &[".get()", ".put("],
    }
}

#[test]
fn each_anchor_is_on_a_line_holding_the_call_it_names_in_its_groups_function() {
    for (
        Case {
            label, scenario, ..
        },
        p,
    ) in programs()
    {
        let groups: Vec<_> = scenario.groups().iter().map(|g| &g.spec).collect();
        let lines: Vec<&str> = p.text.lines().collect();
        for a in p.anchors.iter() {
            let line = p.line(a.line);
            let calls = call_of(a.site, scenario.model());
            assert!(
                calls.iter().any(|c| line.contains(c)),
                "{label}: {a:?} is on line {}: {line}",
                a.line
            );
            // A group's line is inside that group's function (or main(), which starts it):
            // the nearest `def` above it is followed by a docstring naming the group.
            let Some(g) = a.group else { continue };
            let def = (0..a.line as usize)
                .rev()
                .find(|&i| lines[i].contains("def "))
                .expect("every line is inside a function");
            let docstring = lines[def + 1];
            let name = &groups[g as usize].name;
            assert!(
                docstring.contains(&format!("\"{name}\"")) || lines[def].contains("def main("),
                "{label}: {a:?} is in `{}`, not in group \"{name}\"'s function",
                lines[def]
            );
        }
    }
}

#[test]
fn every_state_the_engine_shows_on_a_lane_is_on_a_line_of_the_program() {
    for (
        Case {
            label, scenario, ..
        },
        p,
    ) in programs()
    {
        let trace = engine::simulate(&scenario).expect("the case runs");
        for lane in &trace.lanes {
            if matches!(lane.kind, LaneKind::Gil | LaneKind::Core) {
                continue;
            }
            for span in &lane.spans {
                let group = span
                    .who
                    .map(|w| trace.tasks[w.task().index()].group.index() as u32);
                assert!(
                    p.anchors.line(group, span.state, lane.kind).is_some(),
                    "{label}: {} {:?} in group {group:?} has no line\n{}",
                    lane.name,
                    span.state,
                    p.text
                );
            }
        }
    }
}

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
fn conclab_code_prints_the_program_of_a_scenario_file_with_flags_over_it() {
    let toml = "[[workload.groups]]\nname = \"requests\"\nrepeat = 200\nio_ms = 1.0\n\n\
                [[workload.groups]]\nname = \"crunch\"\ncpu_ms = 3000.0\n";
    let path = std::env::temp_dir().join(format!("conclab-code-{}.toml", std::process::id()));
    std::fs::write(&path, toml).expect("write scenario");
    let file = path.to_str().expect("a UTF-8 temp path");
    let (code, out, err) = conclab(&["code", "--scenario", file, "--model", "threads"]);
    std::fs::remove_file(&path).ok();
    assert_eq!(code, 0, "{err}");
    let s = plan(&scenario(
        "groups=requests:1:200:1:0:0;crunch:1:1:0:3000:0 model=threads",
    ));
    let makespan = engine::simulate(&s).expect("runs").makespan;
    assert_eq!(out, program(&s, Some(engine::time::to_secs(makespan))).text);
    assert!(out.contains("The simulator predicts"), "{out}");
}

#[test]
fn conclab_code_refuses_bad_settings_naming_the_field() {
    let (code, out, err) = conclab(&["code", "--preset", "mixed", "--workers", "0"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.starts_with("conclab: workers:"), "{err}");
}

#[test]
fn the_marks_follow_the_cursor_from_line_to_line() {
    let scenario = concurrency_lab::engine::settings::apply(
        &engine::Scenario::default(),
        &[
            ("preset".to_string(), "mixed".to_string()),
            ("model".to_string(), "threads".to_string()),
            ("workers".to_string(), "4".to_string()),
        ],
    )
    .unwrap();
    let scenario = engine::Plan::new(&scenario).unwrap();
    let trace = engine::simulate(&scenario).unwrap();
    let p = program(&scenario, None);
    let lines_of = |t| -> Vec<(u32, u32)> {
        p.anchors
            .marks_at(&trace, t)
            .iter()
            .map(|m| (m.line, m.lanes))
            .collect()
    };
    // Early on, four threads wait for their first replies on the fetch line; later some parse.
    let early = lines_of(trace.makespan / 50);
    assert!(!early.is_empty());
    let mut seen = std::collections::BTreeSet::new();
    for k in 1..40 {
        for (line, _) in lines_of(trace.makespan * k / 40) {
            seen.insert(line);
        }
    }
    assert!(
        seen.len() >= 2,
        "the marks move between lines: {seen:?}\n{}",
        p.text
    );
    let workers: u32 = early.iter().map(|(_, n)| n).sum();
    assert!(workers >= 4, "every busy thread is somewhere: {early:?}");
    let words: Vec<String> = p
        .anchors
        .marks_at(&trace, trace.makespan / 50)
        .iter()
        .map(|m| m.words())
        .collect();
    assert!(
        words.iter().any(|w| w == "Main thread: idle"),
        "the main thread waits for the results: {words:?}"
    );
    assert!(
        words.iter().any(|w| w.starts_with("Thread 1 and 3 more: ")),
        "{words:?}"
    );
}
