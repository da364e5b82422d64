//! The scenarios whose Python programs `python_code` checks: every preset under every model,
//! several task groups, locks, pipelines and the extremes a scenario allows.

use concurrency_lab::engine::{self, presets, ModelKind, Named, Plan};
use concurrency_lab::python_code::{program, Program};

use super::support::{plan, runs, scenario};

/// Every kind of I/O in one program, with the other settings given.
macro_rules! every_io_kind {
    ($settings:literal) => {
        concat!(
            "groups=pages:6:2:20:1:0:0:0:::0:0:http;rows:2:2:5:0:0:0:0:::0:0:sqlite;",
            "calls:5:3:10:0.5:0:0:0:::0:0:socket;files:2:1:5:0:0:0:0:::0:0:file;naps:2:1:5:0:0 ",
            $settings
        )
    };
}

/// Several kinds of task in one program, under the models whose code differs most: the convoy
/// lesson's two threads, three groups (one looping, one needing a mangled name) with a limit,
/// a start method and a chunksize; and every kind of I/O, awaited, blocking and in processes.
const MULTI_GROUP: [&str; 10] = [
    "groups=requests:1:200:1:0:0;crunch:1:1:0:3000:0 model=threads workers=2 cores=2",
    "groups=fetch:3:2:5:1:1;Image_Resize:2:1:0:3:2;class:1:3:2:0:0 model=asyncio limit=2",
    "groups=fetch:3:2:5:1:1;Image_Resize:2:1:0:3:2;class:1:3:2:0:0 model=processes chunksize=2",
    "groups=io-loop:2:3:2:0:0;crunch:2:1:0:4:1 model=asyncio+threads limit=1 jitter=0.2",
    "groups=io-loop:2:3:2:0:0;crunch:2:1:0:4:1 model=asyncio+processes start_method=spawn workers=2",
    "groups=io-loop:2:3:2:0:0;crunch:2:1:0:4:1 model=asyncio blocking=true switch_interval_ms=1",
    every_io_kind!("model=asyncio jitter=0.1"),
    every_io_kind!("model=threads"),
    every_io_kind!("model=asyncio+processes start_method=spawn workers=2"),
    every_io_kind!("model=processes start_method=forkserver"),
];

/// Locks under every model that has them: one shared lock, nested locks (with a start method,
/// whose context must make the locks), locked I/O awaited or blocking, a group with a lock and
/// nothing to do holding it, and two locks in opposite orders (a program that can deadlock).
const LOCKS: [&str; 7] = [
    "groups=update:2:3:0:0.1:0:0:0::shared:0.2;read:2:2:1:0:0:0:0::shared:0:1 model=threads",
    "groups=update:2:3:0:0.1:0:0:0::shared:0.2;read:2:2:1:0:0:0:0::shared:0:1 model=sequential",
    "groups=a:2:2:0:0:0:0:0::x,y:1;b:1:1:0:0:0:0:0::x,y:0:1 model=processes start_method=spawn",
    "groups=fetch:3:2:1:0:0:0:0::cache:0.1:1;idle:1:1:0:0:0:0:0::cache model=asyncio",
    "groups=fetch:3:2:1:0:0:0:0::cache:0.1:1 model=asyncio+processes workers=2",
    "groups=fetch:3:2:1:0:0:0:0::cache,db:0.1:1 model=asyncio+threads blocking=true",
    "groups=left:1:1:0:0:0:0:0::a,b:10;right:1:1:0:0:0:0:0::b,a:10 model=threads",
];

/// Pipelines under every model that runs them: three stages through two queues (the middle
/// stage taking a lock, the last with nothing to do; in worker processes started by spawn,
/// which must be handed the lock and the queues), two producer groups into one unbounded queue,
/// a payload put through a multiprocessing.Queue, and a group named like the lists main()
/// keeps.
const PIPELINES: [&str; 7] = [
    "groups=read:2:3:0:0.1:0:0:0:::0:0:sleep::raw:2;parse:2:1:0:0.2:0:0:0::db:0.1:0:sleep:raw:rows:1;save:1:1:0:0:0:0:0:::0:0:sleep:rows model=threads",
    "groups=read:2:3:0:0.1:0:0:0:::0:0:sleep::raw:2;parse:2:1:0:0.2:0:0:0::db:0.1:0:sleep:raw:rows:1;save:1:1:0:0:0:0:0:::0:0:sleep:rows model=asyncio",
    "groups=read:2:3:0:0.1:0:0:0:::0:0:sleep::raw:2;parse:2:1:0:0.2:0:0:0::db:0.1:0:sleep:raw:rows:1;save:1:1:0:0:0:0:0:::0:0:sleep:rows model=sequential",
    "groups=read:2:3:0:0.1:0:0:0:::0:0:sleep::raw:2;parse:2:1:0:0.2:0:0:0::db:0.1:0:sleep:raw:rows:1;save:1:1:0:0:0:0:0:::0:0:sleep:rows model=processes start_method=spawn",
    "groups=a:1:2:1:0:0:0:0:::0:0:sleep::q;b:1:3:0:0.1:0:0:0:::0:0:sleep::q;c:2:1:1:0:0:0:0:::0:0:sleep:q model=threads",
    "groups=a:1:2:1:0:0:1000:0:::0:0:sleep::q;c:2:1:1:0:0:0:0:::0:0:sleep:q model=processes chunksize=1",
    "groups=read:1:2:1:0:0:0:0:::0:0:sleep::q:1;read_tasks:1:1:1:0:0:0:0:::0:0:sleep:q model=asyncio",
];

/// The longest names and numbers a scenario allows, to test the layout: never run, as its
/// tasks wait an hour.
const EXTREMES: &str =
    "groups=a_very_long_group_name_that_is_forty_ch:100:5:3600000:0.123456789:1:\
    1073741824:1073741824:30;another_very_long_group_name_forty_chars:3:1:1:1:1 limit=3 \
    chunksize=7 start_method=forkserver python=3.14 jitter=0.5 switch_interval_ms=0.5";

/// A scenario to write the program of, and whether to run that program here.
pub struct Case {
    pub label: String,
    pub scenario: Plan,
    pub run: bool,
}

/// Every preset under every model that runs it (interpreters on 3.14), the multi-group scenarios, and the
/// extremes under every model.
fn cases() -> Vec<Case> {
    let case = |settings: String, run: bool| {
        let scenario = plan(&scenario(&settings));
        // A program that can deadlock may hang when run: it is only compiled here.
        let run = run && !scenario.may_deadlock();
        Case {
            scenario,
            label: settings,
            run,
        }
    };
    let mut out = Vec::new();
    for &model in ModelKind::all() {
        // CPython 3.11 has no InterpreterPoolExecutor: those programs are only compiled here.
        let (python, run) = match model {
            ModelKind::Interpreters => (" python=3.14", false),
            _ => ("", true),
        };
        for preset in presets::ALL.iter().filter(|p| runs(p.name, model)) {
            let settings = format!("preset={} model={}{python}", preset.name, model.name());
            out.push(case(settings, run));
        }
        out.push(case(format!("{EXTREMES} model={}", model.name()), false));
    }
    out.extend(MULTI_GROUP.map(|settings| case(settings.into(), true)));
    out.extend(LOCKS.map(|settings| case(settings.into(), true)));
    out.extend(PIPELINES.map(|settings| case(settings.into(), true)));
    out
}

/// Each case with its program.
pub fn programs() -> Vec<(Case, Program)> {
    cases()
        .into_iter()
        .map(|case| {
            let makespan = engine::simulate(&case.scenario)
                .expect("the case runs")
                .makespan;
            let p = program(&case.scenario, Some(engine::time::to_secs(makespan)));
            (case, p)
        })
        .collect()
}
