//! The real Python program that a scenario stands for, so a reader can run it and compare, with
//! each line tied to what the timeline shows while a lane runs it.
//!
//! Every task group is a function of its own, started the way the model starts it (a submit to
//! a `ThreadPoolExecutor`, a `multiprocessing.Pool` map, a coroutine given to
//! `asyncio.gather`...); the work inside is made of stand-ins whose durations are measured:
//! I/O is `time.sleep` / `asyncio.sleep` in place of a network call, pure-Python work a loop
//! sized by the calibration's loop cost, and C work that releases the GIL `hashlib.sha256`
//! sized by its measured rate.
//!
//! ```
//! use concurrency_lab::engine::{trace::LaneKind, ModelKind, Plan, Scenario, State};
//! use concurrency_lab::python_code::program;
//! let mut s = Scenario::default();
//! s.workload.cpu_ms = 50.0;
//! s.model.kind = ModelKind::Threads;
//! let p = program(&Plan::new(&s).unwrap(), Some(0.05));
//! // A worker thread running the task's Python is on its `python_work(...)` line.
//! let line = p.anchors.line(Some(0), State::RunningPython, LaneKind::Thread).unwrap();
//! assert!(p.line(line).contains("python_work(50)"));
//! ```

mod anchors;
mod concurrency;
mod helpers;
mod highlight;
mod io;
mod layout;
mod locks;
mod names;
mod outline;
mod pipeline;
mod tasks;

pub use anchors::{Anchor, Anchors, LineMark, Site, States};
pub use highlight::{highlight, TokenKind};

use crate::engine::Plan;

/// A scenario's Python program and where each lane is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The source, ending with a newline.
    pub text: String,
    /// The lines tied to what the timeline shows.
    pub anchors: Anchors,
}

impl Program {
    /// The text of 1-based line `number` (empty past the end).
    pub fn line(&self, number: u32) -> &str {
        let index = (number as usize).wrapping_sub(1);
        self.text.lines().nth(index).unwrap_or("")
    }
}

/// The Python program for scenario `s`. `predicted_s`, the simulator's makespan in seconds,
/// is stated in the program's header when given, so a reader can compare it with the wall time
/// the program prints.
pub fn program(s: &Plan, predicted_s: Option<f64>) -> Program {
    let (text, anchors) = outline::write(s, predicted_s);
    Program {
        text,
        anchors: Anchors::new(anchors),
    }
}
