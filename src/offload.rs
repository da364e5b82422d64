//! Work the pages hand to Web Workers: the comparison of every model (in a worker running the
//! Lab's own module, so it downloads nothing more), the Python program of a scenario and a
//! picture of a run (in a worker running the tools module, `src/bin/tools.rs`, loaded only when
//! first needed, so the pages' wasm carries neither the program generator nor the renderer).
//! Requests and answers cross as postcard's compact binary form, each with an id that the answer
//! echoes: reading it takes the page far less code than reading JSON would.
//!
//! A request names its scenario as a link's query (`preset=cpu-bound&model=threads`), read by
//! the settings table as any link is, so the page needs no scenario deserialiser either.

use serde::{Deserialize, Serialize};

use crate::engine::{settings, Comparison, Plan, Scenario};
use crate::python_code::{Anchors, TokenKind};

/// What the page asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// Every model on the scenario's work, and its model (or every model) over 1–32 workers.
    Compare {
        /// Sweep every model with workers, not only the scenario's.
        every_model: bool,
    },
    /// The scenario's Python program.
    Code,
    /// A scenario file's text (JSON, as `conclab-probe --json` prints it), read and checked like
    /// any scenario: the page gets its settings back as a query string.
    Read {
        /// The file's text.
        text: String,
    },
    /// The evidence for the run's figures: what real CPython measured on its workload beside
    /// the simulator's prediction for the same runs (HTML).
    Evidence,
    /// A picture of the run as SVG.
    Picture {
        /// Width in CSS pixels.
        width: u32,
        /// Dark colours.
        dark: bool,
        /// A still picture rather than an animated one.
        still: bool,
        /// The Lab's address for the caption's link.
        lab_url: String,
    },
}

/// A request to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Echoed by the answer.
    pub id: u64,
    /// The scenario, as a link's query.
    pub query: String,
    /// What to do with it.
    pub job: Job,
}

/// The Python program as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeView {
    /// The source.
    pub text: String,
    /// Its lines tied to what the lanes show.
    pub anchors: Anchors,
    /// Its highlighted pieces: byte ranges and what they are.
    pub tokens: Vec<(u32, u32, TokenKind)>,
}

/// What the worker did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The comparison.
    Compared(Comparison),
    /// The program.
    Code(CodeView),
    /// Markup the page shows as it is: a picture's SVG, or the evidence's HTML.
    Markup(String),
    /// A scenario read from a file, as the query string of its settings.
    Settings(String),
}

/// The worker's answer to request `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The request's id.
    pub id: u64,
    /// Its result, or why there is none.
    pub result: Result<Reply, String>,
}

/// The plan of a request's query (every setting in it, as the page wrote it, is valid).
fn plan(query: &str) -> Result<Plan, String> {
    let pairs = crate::links::decode(query);
    let s = settings::apply(&Scenario::default(), &pairs).map_err(|e| e.to_string())?;
    Plan::new(&s).map_err(|e| e.to_string())
}

/// The runs the worker simulated last, by query: the page asks for the timeline of the run it
/// shows again and again (each zoom, each resize), and a run is deterministic, so the worker
/// keeps a few rather than simulating them anew.
#[derive(Default)]
struct Runs(Vec<(String, std::rc::Rc<crate::engine::Outcome>)>);

/// How many runs the worker keeps: the run shown, a pinned one, and one more.
const KEPT_RUNS: usize = 3;

thread_local! {
    static RUNS: std::cell::RefCell<Runs> = std::cell::RefCell::new(Runs::default());
}

/// The run of `plan` (written as `query`), simulated or kept from before.
fn outcome(query: &str, plan: &Plan) -> Result<std::rc::Rc<crate::engine::Outcome>, String> {
    if let Some(o) = RUNS.with(|r| {
        r.borrow()
            .0
            .iter()
            .find(|(q, _)| q == query)
            .map(|(_, o)| o.clone())
    }) {
        return Ok(o);
    }
    let o = std::rc::Rc::new(crate::engine::run(plan).map_err(|e| e.to_string())?);
    RUNS.with(|r| {
        let runs = &mut r.borrow_mut().0;
        if runs.len() == KEPT_RUNS {
            runs.remove(0);
        }
        runs.push((query.to_string(), o.clone()));
    });
    Ok(o)
}

/// Does one job.
fn work(query: &str, plan: &Plan, job: &Job) -> Result<Reply, String> {
    use crate::engine;
    use crate::picture::{self, Theme};
    use crate::python_code;
    match job {
        Job::Read { text } => {
            let s: Scenario = serde_json::from_str(text.trim())
                .map_err(|e| format!("that is not a scenario file: {e}"))?;
            Plan::new(&s).map_err(|e| e.to_string())?;
            Ok(Reply::Settings(crate::links::encode(&settings::to_pairs(
                &s,
            ))))
        }
        Job::Evidence => Ok(Reply::Markup(crate::validation::panel(plan))),
        Job::Compare { every_model } => engine::comparison(plan, *every_model)
            .map(Reply::Compared)
            .map_err(|e| e.to_string()),
        Job::Code => {
            // A scenario too large to simulate still has a program, without a prediction.
            // A run that deadlocks has no time to compare with: the program says it may hang.
            let predicted = outcome(query, plan)
                .ok()
                .filter(|o| o.trace.deadlock.0.is_none())
                .map(|o| engine::time::to_secs(o.trace.makespan));
            let p = python_code::program(plan, predicted);
            let tokens = python_code::highlight(&p.text)
                .into_iter()
                .map(|(r, kind)| (r.start as u32, r.end as u32, kind))
                .collect();
            Ok(Reply::Code(CodeView {
                text: p.text,
                anchors: p.anchors,
                tokens,
            }))
        }
        Job::Picture {
            width,
            dark,
            still,
            lab_url,
        } => {
            let o = outcome(query, plan)?;
            let opts = picture::Options {
                width: *width,
                theme: if *dark { Theme::Dark } else { Theme::Light },
                still: *still,
                lab_url: lab_url.clone(),
            };
            Ok(Reply::Markup(picture::svg::render(&o, &opts)))
        }
    }
}

/// The tools worker's whole job: a request's bytes in, its answer's bytes out.
pub fn answer(request: &[u8]) -> Vec<u8> {
    respond(request, work)
}

/// Reads a request, does it with `work`, and writes the answer.
fn respond(request: &[u8], work: impl Fn(&str, &Plan, &Job) -> Result<Reply, String>) -> Vec<u8> {
    let answer = match postcard::from_bytes::<Request>(request) {
        Ok(r) => Answer {
            id: r.id,
            result: plan(&r.query).and_then(|p| work(&r.query, &p, &r.job)),
        },
        Err(e) => Answer {
            id: 0,
            result: Err(format!("a request the worker cannot read: {e}")),
        },
    };
    postcard::to_allocvec(&answer).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_scenario_file_reads_back_as_settings_and_nonsense_is_named() {
        let ask = |text: &str| {
            let request = postcard::to_allocvec(&Request {
                id: 9,
                query: String::new(),
                job: Job::Read { text: text.into() },
            })
            .unwrap();
            postcard::from_bytes::<Answer>(&answer(&request))
                .unwrap()
                .result
        };
        let file = r#"{"machine": {"cores": 2}, "python": {"version": "3.11", "switch_interval_ms": 5.0},
            "workload": {"tasks": 200, "io_ms": 20.07, "cpu_ms": 25.024, "cext_ms": 16.0,
            "payload_bytes": 23, "result_bytes": 41, "jitter": 0.0}, "model": {"kind": "sequential"}}"#;
        let Ok(Reply::Settings(query)) = ask(file) else {
            panic!("{:?}", ask(file))
        };
        let s = settings::apply(&Scenario::default(), &crate::links::decode(&query)).unwrap();
        assert_eq!(
            (s.workload.tasks, s.workload.io_ms, s.machine.cores),
            (200, 20.07, 2)
        );
        let Err(e) = ask("{\"workload\": {\"tasks\": 0}}") else {
            panic!("a scenario with no tasks was read")
        };
        assert!(e.contains("tasks"), "{e}");
        assert!(ask("<html>")
            .unwrap_err()
            .starts_with("that is not a scenario file"));
    }
    use crate::engine::trace::{LaneKind, State};

    fn ask(query: &str, job: Job) -> Result<Reply, String> {
        let request = postcard::to_allocvec(&Request {
            id: 7,
            query: query.into(),
            job,
        })
        .unwrap();
        let a: Answer = postcard::from_bytes(&answer(&request)).unwrap();
        assert_eq!(a.id, 7);
        a.result
    }

    #[test]
    fn the_worker_answers_each_job_for_the_scenario_in_the_query() {
        let q = "preset=cpu-bound&model=threads&workers=4";
        let Ok(Reply::Compared(c)) = ask(q, Job::Compare { every_model: false }) else {
            panic!("no comparison")
        };
        assert_eq!(c.sweeps.len(), 1);
        assert_eq!(c.sweeps[0].points.len(), 32);
        let Ok(Reply::Code(code)) = ask(q, Job::Code) else {
            panic!("no program")
        };
        let line = code
            .anchors
            .line(Some(0), State::RunningPython, LaneKind::Thread)
            .unwrap();
        assert!(code
            .text
            .lines()
            .nth(line as usize - 1)
            .unwrap()
            .contains("python_work"));
        assert!(!code.tokens.is_empty());
        let picture = Job::Picture {
            width: 600,
            dark: true,
            still: true,
            lab_url: "https://lab.example/".into(),
        };
        let Ok(Reply::Markup(svg)) = ask(q, picture) else {
            panic!("no picture")
        };
        assert!(svg.starts_with("<svg"));
    }

    #[test]
    fn a_bad_request_is_answered_with_the_reason() {
        assert!(ask("cores=0", Job::Code).unwrap_err().contains("cores"));
        let a: Answer = postcard::from_bytes(&answer(b"{nonsense")).unwrap();
        assert!(a.result.unwrap_err().contains("cannot read"));
    }
}
