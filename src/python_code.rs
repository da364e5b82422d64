//! The real Python program that a scenario stands for, so a reader can run it and compare.
//!
//! Pure-Python work is a loop sized by the calibration's loop cost (103 ns per `s += i * i`),
//! I/O is `time.sleep` / `asyncio.sleep` standing in for a network call, and GIL-releasing C
//! work is `hashlib.sha256` over a buffer (CPython releases the GIL for buffers over 2 KiB).

use crate::engine::scenario::Workload;
use crate::engine::{ModelKind, Named, Plan};

/// Nanoseconds per iteration of `s += i * i` in CPython 3.11 (calibration).
const LOOP_NS: f64 = 103.0;
/// Bytes `hashlib.sha256` hashes per millisecond, roughly (about 500 MB/s on a 2 GHz core).
const SHA256_BYTES_PER_MS: f64 = 500_000.0;

fn header(s: &Plan, w: &Workload) -> String {
    let iterations = (w.cpu_ms * 1e6 / LOOP_NS).round() as u64;
    let c_bytes = (w.cext_ms * SHA256_BYTES_PER_MS).round() as u64;
    format!(
        r#"# Concurrency Lab: {tasks} tasks, each waiting {io} ms, computing {cpu} ms in Python
# and {cext} ms in C; model: {model}. Run it and compare with the simulator.
import hashlib
import time

N_TASKS = {tasks}
IO_SECONDS = {io_s}
PY_ITERATIONS = {iterations}  # ≈ {cpu} ms at ~103 ns per iteration
C_BYTES = {c_bytes}  # ≈ {cext} ms of sha256, which releases the GIL
PAYLOAD = bytes({payload})  # sent to each task
RESULT_BYTES = {result}


def python_work():
    s = 0
    for i in range(PY_ITERATIONS):
        s += i * i
    return s


def c_work():
    if C_BYTES:
        hashlib.sha256(bytes(C_BYTES)).digest()


def cpu_part(payload):
    python_work()
    c_work()
    return bytes(RESULT_BYTES)
"#,
        tasks = w.tasks,
        io = w.io_ms,
        cpu = w.cpu_ms,
        cext = w.cext_ms,
        model = s.model().name(),
        io_s = w.io_ms / 1000.0,
        payload = w.payload_bytes,
        result = w.result_bytes,
    )
}

const BLOCKING_TASK: &str = r#"

def task(payload):
    if IO_SECONDS:
        time.sleep(IO_SECONDS)  # a blocking call: requests.get, a database query...
    return cpu_part(payload)
"#;

fn body(s: &Plan) -> String {
    let workers = s.workers();
    let chunksize = s.chunksize();
    let limit = s.scenario().model.limit;
    let wait = if s.scenario().model.blocking {
        "time.sleep(IO_SECONDS)  # blocking call inside a coroutine: stalls the loop"
    } else {
        "await asyncio.sleep(IO_SECONDS)  # an awaited call: aiohttp, asyncpg..."
    };
    let semaphore = if limit > 0 {
        format!("asyncio.Semaphore({limit})")
    } else {
        "contextlib.nullcontext()".to_string()
    };
    match s.model() {
        ModelKind::Sequential => format!(
            "{BLOCKING_TASK}\n\nif __name__ == \"__main__\":\n    t0 = time.perf_counter()\n    results = [task(PAYLOAD) for _ in range(N_TASKS)]\n{FOOTER}"
        ),
        ModelKind::Threads => format!(
            "from concurrent.futures import ThreadPoolExecutor\n{BLOCKING_TASK}\n\nif __name__ == \"__main__\":\n    t0 = time.perf_counter()\n    with ThreadPoolExecutor(max_workers={workers}) as ex:\n        results = list(ex.map(task, [PAYLOAD] * N_TASKS))\n{FOOTER}"
        ),
        ModelKind::Processes => format!(
            "import multiprocessing as mp\n{BLOCKING_TASK}\n\nif __name__ == \"__main__\":\n    mp.set_start_method(\"{sm}\")\n    t0 = time.perf_counter()\n    with mp.Pool({workers}) as pool:\n        results = pool.map(task, [PAYLOAD] * N_TASKS, chunksize={chunksize})\n{FOOTER}",
            sm = s.start_method().name()
        ),
        ModelKind::Interpreters => format!(
            "from concurrent.futures import InterpreterPoolExecutor  # Python 3.14+\n{BLOCKING_TASK}\n\nif __name__ == \"__main__\":\n    t0 = time.perf_counter()\n    with InterpreterPoolExecutor(max_workers={workers}) as ex:\n        results = list(ex.map(task, [PAYLOAD] * N_TASKS))\n{FOOTER}"
        ),
        ModelKind::Asyncio => format!(
            "import asyncio\nimport contextlib\n\n\nasync def task(payload, gate):\n    async with gate:\n        if IO_SECONDS:\n            {wait}\n        return cpu_part(payload)  # runs on the loop: every other task waits\n\n\nasync def main():\n    gate = {semaphore}\n    return await asyncio.gather(*(task(PAYLOAD, gate) for _ in range(N_TASKS)))\n\n\nif __name__ == \"__main__\":\n    t0 = time.perf_counter()\n    results = asyncio.run(main())\n{FOOTER}"
        ),
        ModelKind::AsyncioThreads => format!(
            "import asyncio\nimport contextlib\n{BLOCKING_TASK}\n\nasync def run_one(gate):\n    async with gate:\n        return await asyncio.to_thread(task, PAYLOAD)\n\n\nasync def main():\n    gate = {semaphore}\n    asyncio.get_running_loop().set_default_executor(\n        __import__(\"concurrent.futures\").futures.ThreadPoolExecutor({workers}))\n    return await asyncio.gather(*(run_one(gate) for _ in range(N_TASKS)))\n\n\nif __name__ == \"__main__\":\n    t0 = time.perf_counter()\n    results = asyncio.run(main())\n{FOOTER}"
        ),
        ModelKind::AsyncioProcesses => format!(
            "import asyncio\nimport contextlib\nfrom concurrent.futures import ProcessPoolExecutor\n\n\nasync def task(pool, gate):\n    async with gate:\n        if IO_SECONDS:\n            {wait}\n        loop = asyncio.get_running_loop()\n        return await loop.run_in_executor(pool, cpu_part, PAYLOAD)\n\n\nasync def main():\n    gate = {semaphore}\n    with ProcessPoolExecutor({workers}) as pool:\n        return await asyncio.gather(*(task(pool, gate) for _ in range(N_TASKS)))\n\n\nif __name__ == \"__main__\":\n    t0 = time.perf_counter()\n    results = asyncio.run(main())\n{FOOTER}"
        ),
    }
}

const FOOTER: &str = "    print(f\"{len(results)} tasks in {time.perf_counter() - t0:.3f} s\")\n";

/// The Python program for plan `s`. A workload with several task groups is shown by its first
/// group, and says so.
pub fn program(s: &Plan) -> String {
    let groups = s.groups();
    let g = &groups[0].spec;
    let first = Workload {
        tasks: g.tasks,
        io_ms: g.io_ms * f64::from(g.repeat),
        cpu_ms: g.cpu_ms * f64::from(g.repeat),
        cext_ms: g.cext_ms * f64::from(g.repeat),
        payload_bytes: g.payload_bytes,
        result_bytes: g.result_bytes,
        ..Workload::default()
    };
    let note = if groups.len() > 1 {
        format!(
            "# This scenario mixes {} task groups; below is the first, '{}', with its {} repetitions folded together.\n",
            groups.len(),
            g.name,
            g.repeat
        )
    } else {
        String::new()
    };
    format!("{note}{}{}", header(s, &first), body(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_gets_a_program_with_its_own_api() {
        let mut s = crate::engine::Scenario::default();
        s.python.version = crate::engine::PyVersion::V314;
        let expect = [
            (ModelKind::Sequential, "for _ in range(N_TASKS)"),
            (ModelKind::Threads, "ThreadPoolExecutor(max_workers="),
            (ModelKind::Processes, "mp.Pool("),
            (ModelKind::Asyncio, "asyncio.gather"),
            (ModelKind::AsyncioThreads, "asyncio.to_thread"),
            (ModelKind::AsyncioProcesses, "run_in_executor"),
            (ModelKind::Interpreters, "InterpreterPoolExecutor"),
        ];
        for (kind, needle) in expect {
            s.model.kind = kind;
            let code = program(&Plan::new(&s).unwrap());
            assert!(code.contains(needle), "{kind:?}:\n{code}");
            assert!(code.contains("print(f\""), "{kind:?} reports its time");
        }
    }

    #[test]
    fn loop_size_follows_the_calibrated_cost() {
        let mut s = crate::engine::Scenario::default();
        s.workload.cpu_ms = 50.7;
        assert!(program(&Plan::new(&s).unwrap()).contains("PY_ITERATIONS = 492233"));
    }
}
