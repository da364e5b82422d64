//! Named workloads used by the CLI, URLs and lessons. Each one is a real kind of program, sized
//! from the calibration figures where one applies.

use super::scenario::{IoKind, Workload};
use super::settings::groups;

/// A named workload with a one-line description for people. A description states the spread of
/// the I/O waits where the preset has jitter, so its numbers match what a run shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preset {
    /// The name used in URLs and on the command line.
    pub name: &'static str,
    /// What kind of program it stands for.
    pub description: &'static str,
    tasks: u32,
    io_ms: f64,
    cpu_ms: f64,
    cext_ms: f64,
    payload_bytes: u64,
    result_bytes: u64,
    jitter: f64,
    io_kind: IoKind,
    /// Task groups in the one-line form (`groups=`), replacing the fields above; empty: none.
    /// Locks are a task group's, so a preset that takes them is written this way.
    groups: &'static str,
}

impl Preset {
    /// Its tasks.
    pub fn workload(&self) -> Workload {
        Workload {
            tasks: self.tasks,
            io_ms: self.io_ms,
            cpu_ms: self.cpu_ms,
            cext_ms: self.cext_ms,
            payload_bytes: self.payload_bytes,
            result_bytes: self.result_bytes,
            jitter: self.jitter,
            io_kind: self.io_kind,
            groups: groups::parse(self.groups).expect("a preset's groups are valid"),
            ..Workload::default()
        }
    }
}

/// A preset of `tasks` tasks each waiting `io_ms`, computing `cpu_ms` in Python and `cext_ms`
/// in C, with no payload and no jitter, its I/O a sleep.
const fn w(
    name: &'static str,
    description: &'static str,
    tasks: u32,
    io_ms: f64,
    cpu_ms: f64,
    cext_ms: f64,
) -> Preset {
    Preset {
        name,
        description,
        tasks,
        io_ms,
        cpu_ms,
        cext_ms,
        payload_bytes: 0,
        result_bytes: 0,
        jitter: 0.0,
        io_kind: IoKind::Sleep,
        groups: "",
    }
}

/// A preset of task groups, written in the one-line form.
const fn g(name: &'static str, description: &'static str, groups: &'static str) -> Preset {
    Preset {
        groups,
        ..w(name, description, 1, 0.0, 0.0, 0.0)
    }
}

/// Every preset, in the order the UI shows them.
pub static ALL: [Preset; 13] = PRESETS;

const PRESETS: [Preset; 13] = [
    w(
        "cpu-bound",
        "8 pure-Python number crunches of 50.7 ms each (the calibration's cpu_task)",
        8,
        0.0,
        50.7,
        0.0,
    ),
    Preset {
        jitter: 0.1,
        ..w(
            "io-bound",
            "100 requests that each wait 50 ms (varying ±10%) for a server",
            100,
            50.0,
            0.0,
            0.0,
        )
    },
    Preset {
        jitter: 0.1,
        ..w(
            "mixed",
            "100 requests of 50 ms (varying ±10%), each followed by 20.4 ms of Python parsing",
            100,
            50.0,
            20.4,
            0.0,
        )
    },
    w(
        "numpy",
        "16 array operations of 50 ms in C code that releases the GIL",
        16,
        0.0,
        0.5,
        50.0,
    ),
    w(
        "tiny-tasks",
        "10 000 tasks of 10 µs of Python each (the calibration's tiny task)",
        10_000,
        0.0,
        0.0098,
        0.0,
    ),
    Preset {
        payload_bytes: 10 * 1024 * 1024,
        result_bytes: 1024,
        ..w(
            "big-payload",
            "16 tasks of 20 ms that each receive a 10 MiB array",
            16,
            0.0,
            20.0,
            0.0,
        )
    },
    // Its downloads are HTTP requests: several GIL-releasing calls each, not one sleep.
    Preset {
        jitter: 0.3,
        io_kind: IoKind::Http,
        ..w(
            "web-scraper",
            "100 pages: a 200 ms download (varying ±30%) and 2 ms of HTML parsing each",
            100,
            200.0,
            2.0,
            0.0,
        )
    },
    Preset {
        payload_bytes: 200_000,
        result_bytes: 200_000,
        ..w(
            "image-batch",
            "1 000 images: 20 ms of Python filters and 10 ms in C each, 200 kB in and out",
            1_000,
            0.0,
            20.0,
            10.0,
        )
    },
    Preset {
        jitter: 0.5,
        ..w(
            "chat-server",
            "10 000 mostly idle connections: 30 s waiting (varying ±50%), 0.2 ms of work per message",
            10_000,
            30_000.0,
            0.2,
            0.0,
        )
    },
    // Its calls to the back-end services are HTTP requests.
    Preset {
        jitter: 0.3,
        io_kind: IoKind::Http,
        ..w(
            "api-gateway",
            "5 back-end services called at once: 80 ms each (varying ±30%), 0.5 ms to merge",
            5,
            80.0,
            0.5,
            0.0,
        )
    },
    // On a free-threaded build the threads run the 0.2 ms at once, and queue for the rest.
    g(
        "lock-bound",
        "8 workers updating one shared dict 50 times: 0.2 ms of Python, then 1 ms holding its lock",
        "update:8:50:0:0.2:0:0:0::shared:1",
    ),
    // Holding the first lock longer than the GIL's switch interval lets the other group take
    // the second one meanwhile, with or without a GIL.
    g(
        "deadlock",
        "4 transfers lock the accounts then the log, 4 audits the log then the accounts; \
         20 ms of Python holding them",
        "transfer:4:1:0:1:0:0:0::accounts,log:20;audit:4:1:0:1:0:0:0::log,accounts:20",
    ),
    // The reader could make 500 items a second; the two uploaders take 200, so the queue fills
    // and the reader waits on its put.
    g(
        "pipeline",
        "a reader decodes 200 items (2 ms of C each) into Queue(maxsize=10); 2 uploaders \
         send each (10 ms of I/O)",
        "read:1:200:0:0:2:0:0:::0:0:sleep::jobs:10;upload:2:1:10:0:0:0:0:::0:0:sleep:jobs",
    ),
];

/// The presets' names, in order (the values the `preset` setting takes).
pub const NAMES: [&str; PRESETS.len()] = {
    let mut names = [""; PRESETS.len()];
    let mut i = 0;
    while i < PRESETS.len() {
        names[i] = PRESETS[i].name;
        i += 1;
    }
    names
};

/// Finds a preset by name.
pub fn find(name: &str) -> Option<&'static Preset> {
    ALL.iter().find(|p| p.name == name)
}

/// The preset whose workload is exactly `w`, if any.
pub fn matching(w: &Workload) -> Option<&'static Preset> {
    ALL.iter().find(|p| p.workload() == *w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_states_the_jitter_of_a_preset_that_has_some() {
        for p in &ALL {
            let spread = format!("(varying ±{}%)", (p.jitter * 100.0).round());
            if p.jitter > 0.0 {
                assert!(
                    p.description.contains(&spread),
                    "{}: {}",
                    p.name,
                    p.description
                );
            } else {
                assert!(
                    !p.description.contains('±'),
                    "{}: {}",
                    p.name,
                    p.description
                );
            }
        }
    }
}
