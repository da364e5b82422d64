//! The kinds of I/O as the calls they make. Each blocking kind is a sequence of calls that
//! release the GIL, each after Python work that holds it; one of them carries the scenario's
//! `io_ms` (the reply, the device, the query). Figures: `validation/calibration-io.md`.

use super::{IO_CALL_PYTHON_ASYNCIO, IO_CALL_PYTHON_BLOCKING};
use crate::engine::time::{Nanos, US};

/// One I/O operation of a kind as a thread makes it with blocking calls.
#[derive(Debug, PartialEq, Eq)]
pub struct IoCalls {
    /// Each GIL-releasing call in order: the Python work holding the GIL before it, and how
    /// long the call keeps the GIL released when the other side answers at once.
    pub calls: &'static [(Nanos, Nanos)],
    /// Which call waits for the other side: it also lasts the scenario's `io_ms`.
    pub waits: usize,
    /// Python work after the last call (reading the reply).
    pub after: Nanos,
    /// Whether the waiting call's time is work on a core (SQLite runs the query in its C code,
    /// in this process) rather than a wait for another machine or a device.
    pub on_core: bool,
}

impl IoCalls {
    /// The Python work of one operation, in all.
    pub fn python(&self) -> Nanos {
        self.calls.iter().map(|c| c.0).sum::<Nanos>() + self.after
    }
}

/// `time.sleep`: one call, with half of the blocking call's Python work on each side.
pub static SLEEP_CALLS: IoCalls = IoCalls {
    calls: &[(IO_CALL_PYTHON_BLOCKING / 2, 0)],
    waits: 0,
    after: IO_CALL_PYTHON_BLOCKING - IO_CALL_PYTHON_BLOCKING / 2,
    on_core: false,
};

/// A request and its reply on an open TCP connection (`sendall`, then `recv`).
pub static SOCKET_CALLS: IoCalls = IoCalls {
    calls: &[(20 * US, 60 * US)],
    waits: 0,
    after: 10 * US,
    on_core: false,
};

/// `urllib.request.urlopen(url).read()`: connect, send and wait for the reply, read the body,
/// close.
pub static HTTP_CALLS: IoCalls = IoCalls {
    calls: &[
        (80 * US, 30 * US),
        (30 * US, 60 * US),
        (60 * US, 5 * US),
        (10 * US, 5 * US),
    ],
    waits: 1,
    after: 10 * US,
    on_core: false,
};

/// `open(path, "rb").read()`: open, read (waiting for the device), close.
pub static FILE_CALLS: IoCalls = IoCalls {
    calls: &[(3 * US, 2 * US), (2 * US, 2 * US), (1_000, 1_000)],
    waits: 1,
    after: 1_000,
    on_core: false,
};

/// `db.execute(query).fetchone()` on an open SQLite connection: the query's first step (the
/// work), the step that finds no more rows, and the statement's reset.
pub static SQLITE_CALLS: IoCalls = IoCalls {
    calls: &[(1_000, 1_000), (1_000, 0), (0, 0)],
    waits: 0,
    after: 1_000,
    on_core: true,
};

/// An awaited asyncio call of an awaitable kind: the event loop's Python work for it, in all
/// (split before and after the wait), and the wait it adds to the scenario's `io_ms` (a round
/// trip, a new connection).
#[derive(Debug, PartialEq, Eq)]
pub struct Awaited {
    /// The loop's Python work for one call.
    pub python: Nanos,
    /// Waiting beyond `io_ms`.
    pub extra_wait: Nanos,
}

/// `await asyncio.sleep(...)`.
pub static SLEEP_AWAITED: Awaited = Awaited {
    python: IO_CALL_PYTHON_ASYNCIO,
    extra_wait: 0,
};

/// `writer.write(...)`, `await reader.readline()` on an open connection.
pub static SOCKET_AWAITED: Awaited = Awaited {
    python: 60 * US,
    extra_wait: 60 * US,
};

/// `asyncio.open_connection`, a request, `await reader.read()` and closing.
pub static HTTP_AWAITED: Awaited = Awaited {
    python: 150 * US,
    extra_wait: 120 * US,
};
