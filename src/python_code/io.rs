//! The program's I/O, done for real so that running it measures what the simulator predicts: a
//! sleep, a request on an open connection or an HTTP request to a stand-in server that the
//! program starts in a process of its own (a server on another machine never takes this
//! program's GIL), a file read, or an SQLite query.

use super::anchors::{States, IO_AWAITED, IO_BLOCKING, IO_QUERY};
use super::layout::Writer;
use super::outline::Outline;
use crate::engine::{IoKind, Named};

/// Rows SQLite counts per millisecond in `COUNT_ROWS`: 110 000 in 20.56 ms on the 2-core
/// machine of `validation/calibration.md` (its "SQLite's count").
const ROWS_PER_MS: u32 = 5_350;

/// The size of the file `read_file` reads.
const FILE_KB: u32 = 64;

/// The line of a task that does one I/O of `kind` lasting `ms`, and the states a lane shows on
/// it.
pub(super) fn call(o: &Outline, kind: IoKind, ms: f64) -> (String, States) {
    let function = match kind {
        IoKind::Sleep => "fetch",
        IoKind::Socket => "round_trip",
        IoKind::Http => "http_get",
        IoKind::File => "read_file",
        IoKind::Sqlite => "query",
    };
    let call = format!("{function}({ms})");
    let states = if kind == IoKind::Sqlite {
        IO_QUERY
    } else {
        IO_BLOCKING
    };
    if o.awaits(kind) {
        (format!("await {call}"), IO_AWAITED)
    } else if !o.is_async() {
        (call, states)
    } else if kind.awaitable() {
        (
            format!("{call}  # a blocking call: the event loop waits"),
            states,
        )
    } else {
        (
            format!("{call}  # asyncio cannot await it: the loop waits"),
            states,
        )
    }
}

/// The modules the I/O needs, each with whether the program uses it.
pub(super) fn imports(o: &Outline) -> [(&'static str, bool); 6] {
    let blocking = |kind| o.uses(kind) && !o.awaits(kind);
    [
        ("asyncio", o.remote()),
        ("multiprocessing", o.remote()),
        ("socket", blocking(IoKind::Socket)),
        ("sqlite3", o.uses(IoKind::Sqlite)),
        ("tempfile", o.uses(IoKind::File) || o.uses(IoKind::Sqlite)),
        ("urllib.request", blocking(IoKind::Http)),
    ]
}

/// The constants the I/O uses.
pub(super) fn constants(w: &mut Writer, o: &Outline) {
    if o.uses(IoKind::Socket) {
        w.comment(
            0,
            "Connections to the server left open for the next request.",
        );
        w.line(0, "CONNECTIONS = []");
    }
    if o.uses(IoKind::File) {
        w.line(
            0,
            "DATA_FILE = os.path.join(tempfile.gettempdir(), \"conclab-data.bin\")",
        );
    }
    if o.uses(IoKind::Sqlite) {
        w.line(
            0,
            "DB_FILE = os.path.join(tempfile.gettempdir(), \"conclab.sqlite\")",
        );
        w.comment(0, "Databases opened by earlier queries, for the next one.");
        w.line(0, "DATABASES = []");
        w.comment(
            0,
            "A query that keeps SQLite busy: it counts ROWS_PER_MS rows per ms \
             (measured on Concurrency Lab's 2-core machine).",
        );
        w.line(0, &format!("ROWS_PER_MS = {ROWS_PER_MS}"));
        w.line(0, "COUNT_ROWS = (");
        w.line(
            1,
            "\"WITH RECURSIVE rows(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM rows \"",
        );
        w.line(1, "\"WHERE n < ?) SELECT count(*) FROM rows\"");
        w.line(0, ")");
    }
}

/// What `main()` does before it starts the clock: the server, the data file.
pub(super) fn setup(w: &mut Writer, o: &Outline) {
    if o.remote() {
        w.line(1, "start_server()");
    }
    if o.uses(IoKind::File) {
        w.line(1, "with open(DATA_FILE, \"wb\") as file:");
        w.line(2, &format!("file.write(bytes({FILE_KB} * 1024))"));
    }
}

/// The I/O helpers, one per kind the program uses, and the server.
pub(super) fn helpers(w: &mut Writer, o: &Outline) {
    if !o.any(|g| g.io_ms) && !o.any(|g| g.locked_io_ms) {
        return;
    }
    w.gap();
    w.line(0, "def seconds(ms):");
    if o.jitter().is_some() {
        w.docstring(
            1,
            "`ms` ms times SCALE, in seconds, varied by up to JITTER either way.",
        );
        w.line(
            1,
            "return ms * SCALE / 1000 * random.uniform(1 - JITTER, 1 + JITTER)",
        );
    } else {
        w.docstring(1, "`ms` ms times SCALE, in seconds.");
        w.line(1, "return ms * SCALE / 1000");
    }
    for &kind in IoKind::all() {
        if o.uses(kind) {
            w.gap();
            helper(w, o, kind);
        }
    }
    if o.remote() {
        server(w);
    }
}

/// The helper that does one I/O of `kind`.
fn helper(w: &mut Writer, o: &Outline, kind: IoKind) {
    let awaits = o.awaits(kind);
    let def = if awaits { "async def" } else { "def" };
    match kind {
        IoKind::Sleep => {
            w.line(0, &format!("{def} fetch(ms):"));
            if awaits {
                w.docstring(
                    1,
                    "Awaits a reply for `ms` ms, standing in for a network call (aiohttp, \
                     asyncpg): other tasks run meanwhile.",
                );
                w.line(1, "await asyncio.sleep(seconds(ms))");
            } else {
                w.docstring(
                    1,
                    "Waits `ms` ms for a reply, standing in for a network call (requests.get, \
                     a database query): the GIL is released meanwhile.",
                );
                w.line(1, "time.sleep(seconds(ms))");
            }
        }
        IoKind::Socket => {
            w.line(0, &format!("{def} round_trip(ms):"));
            w.docstring(
                1,
                "Sends a request on an open connection and waits for the reply, which the \
                 server sends `ms` ms later.",
            );
            w.line(1, "try:");
            if awaits {
                w.line(2, "reader, writer = CONNECTIONS.pop()");
                w.line(1, "except IndexError:");
                w.line(
                    2,
                    "reader, writer = await asyncio.open_connection(*server())",
                );
                w.line(1, "writer.write(b\"%f\\n\" % seconds(ms))");
                w.line(1, "reply = await reader.readline()");
                w.line(1, "CONNECTIONS.append((reader, writer))");
            } else {
                w.line(2, "connection = CONNECTIONS.pop()");
                w.line(1, "except IndexError:");
                w.line(2, "connection = socket.create_connection(server())");
                w.line(1, "connection.sendall(b\"%f\\n\" % seconds(ms))");
                w.line(1, "reply = connection.recv(4096)");
                w.line(1, "CONNECTIONS.append(connection)");
            }
            w.line(1, "return reply");
        }
        IoKind::Http => {
            w.line(0, &format!("{def} http_get(ms):"));
            if awaits {
                w.docstring(
                    1,
                    "Asks the server for a page, which it sends `ms` ms later, on a new \
                     connection (asyncio has no HTTP client: this is the request aiohttp \
                     would make).",
                );
                w.line(
                    1,
                    "reader, writer = await asyncio.open_connection(*server())",
                );
                w.line(
                    1,
                    "writer.write(b\"GET /?s=%f HTTP/1.0\\r\\n\\r\\n\" % seconds(ms))",
                );
                w.line(1, "page = await reader.read()  # until the server closes");
                w.line(1, "writer.close()");
                w.line(1, "await writer.wait_closed()");
                w.line(1, "return page");
            } else {
                w.docstring(
                    1,
                    "Asks the server for a page, which it sends `ms` ms later (urllib \
                     opens a new connection for each request).",
                );
                w.line(1, "host, port = server()");
                w.line(1, "url = f\"http://{host}:{port}/?s={seconds(ms)}\"");
                w.line(1, "with urllib.request.urlopen(url) as reply:");
                w.line(2, "return reply.read()");
            }
        }
        IoKind::File => {
            w.line(0, "def read_file(ms):");
            w.docstring(
                1,
                "Reads DATA_FILE from a device that takes `ms` ms to answer: opening, \
                 reading and closing each release the GIL. (The file is in the OS's cache \
                 here, so time.sleep stands in for the device.)",
            );
            w.line(1, "with open(DATA_FILE, \"rb\") as file:");
            w.line(2, "time.sleep(seconds(ms))");
            w.line(2, "return file.read()");
        }
        IoKind::Sqlite => {
            w.line(0, "def query(ms):");
            w.docstring(
                1,
                "Runs a query that keeps SQLite busy for about `ms` ms, in its C code: the \
                 GIL is released, but a core is not.",
            );
            w.line(1, "try:");
            w.line(2, "database = DATABASES.pop()");
            w.line(1, "except IndexError:");
            w.line(
                2,
                "database = sqlite3.connect(DB_FILE, check_same_thread=False)",
            );
            w.line(1, "rows = round(seconds(ms) * 1000 * ROWS_PER_MS)");
            w.line(
                1,
                "count = database.execute(COUNT_ROWS, (rows,)).fetchone()",
            );
            w.line(1, "DATABASES.append(database)");
            w.line(1, "return count");
        }
    }
}

/// The stand-in server: a process answering each request after the time it asks for.
fn server(w: &mut Writer) {
    w.gap();
    w.line(0, "def start_server():");
    w.docstring(
        1,
        "Starts the stand-in for a remote server in a process of its own (a server on \
         another machine never takes this program's GIL) and leaves its port where tasks \
         in any process find it.",
    );
    w.line(1, "here, there = multiprocessing.Pipe()");
    w.line(
        1,
        "multiprocessing.Process(target=serve, args=(there,), daemon=True).start()",
    );
    w.line(1, "os.environ[\"CONCLAB_SERVER\"] = str(here.recv())");
    w.gap();
    w.line(0, "def server():");
    w.docstring(1, "The stand-in server's address.");
    w.line(
        1,
        "return \"127.0.0.1\", int(os.environ[\"CONCLAB_SERVER\"])",
    );
    w.gap();
    w.line(0, "def serve(pipe):");
    w.docstring(
        1,
        "The server's process: answers requests until the program ends.",
    );
    w.line(1, "asyncio.run(listen(pipe))");
    w.gap();
    w.line(0, "async def listen(pipe):");
    w.docstring(
        1,
        "Listens on a free port of this machine, which it sends down `pipe`.",
    );
    w.line(
        1,
        "listener = await asyncio.start_server(answer, \"127.0.0.1\", 0)",
    );
    w.line(1, "pipe.send(listener.sockets[0].getsockname()[1])");
    w.line(1, "await listener.serve_forever()");
    w.gap();
    w.line(0, "async def answer(reader, writer):");
    w.docstring(
        1,
        "Answers each request on a connection after the seconds it asks for: a line \
         such as 0.05, or an HTTP GET /?s=0.05 (HTTP/1.0: one request, then the server \
         closes the connection).",
    );
    w.line(1, "while request := await reader.readline():");
    w.line(2, "http = request.startswith(b\"GET /?s=\")");
    w.line(2, "if http:");
    w.line(3, "request = request[8:].split()[0]");
    w.line(
        3,
        "while await reader.readline() not in (b\"\\r\\n\", b\"\"):",
    );
    w.line(4, "pass  # the request's headers");
    w.line(2, "await asyncio.sleep(float(request))");
    w.line(2, "if http:");
    w.line(
        3,
        "header = b\"HTTP/1.0 200 OK\\r\\nContent-Length: 1000\\r\\n\\r\\n\"",
    );
    w.line(3, "writer.write(header + bytes(1000))  # a 1 kB page");
    w.line(3, "break");
    w.line(2, "writer.write(bytes(99) + b\"\\n\")  # a 100-byte reply");
    w.line(1, "writer.close()");
}
