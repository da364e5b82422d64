//! Named workloads used by the CLI, URLs and lessons. Each one is a real kind of program, sized
//! from the calibration figures where one applies.

use super::scenario::Workload;

/// A named workload with a one-line description for people.
#[derive(Debug, Clone, PartialEq)]
pub struct Preset {
    /// The name used in URLs and on the command line.
    pub name: &'static str,
    /// What kind of program it stands for.
    pub description: &'static str,
    /// Its tasks.
    pub workload: Workload,
}

fn w(tasks: u32, io_ms: f64, cpu_ms: f64, cext_ms: f64) -> Workload {
    Workload {
        tasks,
        io_ms,
        cpu_ms,
        cext_ms,
        ..Workload::default()
    }
}

/// Every preset, in the order the UI shows them.
pub fn all() -> Vec<Preset> {
    vec![
        Preset {
            name: "cpu-bound",
            description:
                "8 pure-Python number crunches of 50.7 ms each (the calibration's cpu_task)",
            workload: w(8, 0.0, 50.7, 0.0),
        },
        Preset {
            name: "io-bound",
            description: "100 requests that each wait 50 ms for a server",
            workload: Workload {
                jitter: 0.1,
                ..w(100, 50.0, 0.0, 0.0)
            },
        },
        Preset {
            name: "mixed",
            description: "100 requests of 50 ms, each followed by 20.4 ms of Python parsing",
            workload: Workload {
                jitter: 0.1,
                ..w(100, 50.0, 20.4, 0.0)
            },
        },
        Preset {
            name: "numpy",
            description: "16 array operations of 50 ms in C code that releases the GIL",
            workload: w(16, 0.0, 0.5, 50.0),
        },
        Preset {
            name: "tiny-tasks",
            description: "10 000 tasks of 10 µs of Python each (the calibration's tiny task)",
            workload: w(10_000, 0.0, 0.0098, 0.0),
        },
        Preset {
            name: "big-payload",
            description: "16 tasks of 20 ms that each receive a 10 MiB array",
            workload: Workload {
                payload_bytes: 10 * 1024 * 1024,
                result_bytes: 1024,
                ..w(16, 0.0, 20.0, 0.0)
            },
        },
        Preset {
            name: "web-scraper",
            description: "100 pages: a 200 ms download and 2 ms of HTML parsing each",
            workload: Workload {
                jitter: 0.3,
                ..w(100, 200.0, 2.0, 0.0)
            },
        },
        Preset {
            name: "image-batch",
            description:
                "1 000 images: 20 ms of Python filters and 10 ms in C each, 200 kB in and out",
            workload: Workload {
                payload_bytes: 200_000,
                result_bytes: 200_000,
                ..w(1_000, 0.0, 20.0, 10.0)
            },
        },
        Preset {
            name: "chat-server",
            description: "10 000 mostly idle connections: 30 s waiting, 0.2 ms of work per message",
            workload: Workload {
                jitter: 0.5,
                ..w(10_000, 30_000.0, 0.2, 0.0)
            },
        },
        Preset {
            name: "api-gateway",
            description: "5 back-end services called at once: 80 ms each, 0.5 ms to merge",
            workload: Workload {
                jitter: 0.3,
                ..w(5, 80.0, 0.5, 0.0)
            },
        },
    ]
}

/// Finds a preset by name.
pub fn find(name: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.name == name)
}

/// The preset names, for error messages.
pub fn names() -> Vec<&'static str> {
    all().iter().map(|p| p.name).collect()
}
