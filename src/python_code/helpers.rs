//! The program's constants and the helpers its tasks share: the stand-ins for I/O, Python
//! work and C work, sized by measured costs, and the scaling that shrinks a run for a quick try.

use super::layout::Writer;
use super::outline::Outline;

/// Nanoseconds per step of `total += i * i` in CPython 3.11 (Concurrency Lab's calibration,
/// `shared/calibration/cpython-3.11-2core.md`: pure-Python loop cost, 103 ns).
const LOOP_STEP_NS: u32 = 103;

/// Bytes `hashlib.sha256` hashes per millisecond: 16 MiB in 9.34 ms, best of 5 runs of
/// `python3 -m timeit -s "import hashlib; b = bytes(16 << 20)" "hashlib.sha256(b).digest()"`
/// on the 2-core development machine (CPython 3.11.7, AMD EPYC with SHA extensions; a CPU
/// without them hashes a few times slower).
const SHA256_BYTES_PER_MS: u32 = 1_796_000;

/// The module constants: the scale, and the measured costs the stand-ins use.
pub(super) fn constants(w: &mut Writer, o: &Outline) {
    w.comment(
        0,
        "CONCLAB_SCALE=0.01 runs a small copy of the program: every duration, task count and \
         repetition count times 0.01 (at least one task and one repetition).",
    );
    w.line(0, "SCALE = float(os.environ.get(\"CONCLAB_SCALE\", \"1\"))");
    if let Some(jitter) = o.jitter() {
        w.comment(0, "Each I/O wait varies by up to this fraction either way.");
        w.line(0, &format!("JITTER = {jitter}"));
    }
    super::io::constants(w, o);
    if o.any(|g| g.cpu_ms) || o.any(|g| g.locked_ms) {
        w.comment(
            0,
            "CPython 3.11 runs a step of python_work's loop in about 103 ns (Concurrency Lab's \
             calibration, measured on a 2-core machine).",
        );
        w.line(0, &format!("LOOP_STEP_NS = {LOOP_STEP_NS}"));
    }
    if o.any(|g| g.cext_ms) {
        w.comment(
            0,
            "hashlib.sha256 hashed 16 MiB in 9.34 ms on Concurrency Lab's 2-core machine \
             (CPython 3.11.7, a CPU with SHA extensions; expect a few times slower without): \
             python3 -m timeit -s \"import hashlib; b = bytes(16 << 20)\" \
             \"hashlib.sha256(b).digest()\"",
        );
        w.line(0, &format!("SHA256_BYTES_PER_MS = {SHA256_BYTES_PER_MS}"));
        w.line(
            0,
            "ZEROS = memoryview(bytes(16 << 20))  # what c_work hashes",
        );
    }
}

/// The helpers the tasks use, after them.
pub(super) fn helpers(w: &mut Writer, o: &Outline) {
    if o.limit().is_some() {
        w.gap();
        w.line(0, "async def limited(gate, coroutine):");
        w.docstring(1, "Runs `coroutine` once the semaphore `gate` lets it in.");
        w.line(1, "async with gate:");
        w.line(2, "return await coroutine");
    }
    w.gap();
    w.line(0, "def payloads(tasks, size):");
    w.docstring(
        1,
        "What main() sends each task: `size` bytes, for `tasks` tasks.",
    );
    w.line(1, "return [bytes(size)] * scaled(tasks)");
    w.gap();
    w.line(0, "def scaled(count):");
    w.docstring(1, "`count` times SCALE, rounded, and at least 1.");
    w.line(1, "return max(1, round(count * SCALE))");
    super::locks::share(w, o);
    super::pipeline::helper(w, o);
    super::io::helpers(w, o);
    if o.any(|g| g.cpu_ms) || o.any(|g| g.locked_ms) {
        w.gap();
        w.line(0, "def python_work(ms):");
        w.docstring(1, "About `ms` ms of pure-Python work, holding the GIL.");
        w.line(1, "total = 0");
        w.line(
            1,
            "for i in range(round(ms * SCALE * 1_000_000 / LOOP_STEP_NS)):",
        );
        w.line(2, "total += i * i");
        w.line(1, "return total");
    }
    if o.any(|g| g.cext_ms) {
        w.gap();
        w.line(0, "def c_work(ms):");
        w.docstring(
            1,
            "About `ms` ms of C code that releases the GIL, as NumPy or zlib would: sha256 \
             (hashlib releases the GIL for buffers over 2 KiB).",
        );
        w.line(1, "digest = hashlib.sha256()");
        w.line(1, "left = round(ms * SCALE * SHA256_BYTES_PER_MS)");
        w.line(1, "while left > 0:");
        w.line(2, "digest.update(ZEROS[:left])");
        w.line(2, "left -= len(ZEROS)");
        w.line(1, "return digest.digest()");
    }
}
