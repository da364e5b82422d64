//! A run in words: the scenario in one line, the headline figures, and what a picture's title
//! and caption say. Shared by the pictures and the `conclab` table, so they say the same.

use super::layout;
use crate::engine::time::to_secs;
use crate::engine::{presets, Metrics, Named, Outcome, Plan};
use crate::{format, links};

/// The workload's name: its preset's, or its task groups' ("requests + crunch").
pub fn workload(s: &Plan) -> String {
    if let Some(p) = presets::matching(&s.scenario().workload) {
        return p.name.to_string();
    }
    match s.groups() {
        [one] if s.scenario().workload.groups.is_empty() => format!("{} tasks", one.spec.tasks),
        groups => groups
            .iter()
            .map(|g| g.spec.name.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
    }
}

/// The model and, where it has any, its workers: "threads with 8 workers", "asyncio".
pub fn model(s: &Plan) -> String {
    let kind = s.model();
    if !kind.has_workers() {
        return kind.name().to_string();
    }
    let n = s.workers();
    format!(
        "{} with {n} worker{}",
        kind.name(),
        if n == 1 { "" } else { "s" }
    )
}

/// The work in words: "8 tasks (I/O 0 ms, Python 50.7 ms, C 0 ms)", groups joined by "+"; a
/// group that takes locks adds what it does holding them: "…, holding a, b: Python 2 ms".
pub fn work(s: &Plan) -> String {
    s.groups()
        .iter()
        .map(|g| &g.spec)
        .map(|g| {
            let reps = if g.repeat > 1 {
                format!("{} × ", g.repeat)
            } else {
                String::new()
            };
            let locked = match (g.lock.is_empty(), g.locked_io_ms > 0.0) {
                (true, _) => String::new(),
                (false, false) => {
                    format!(", holding {}: Python {} ms", g.lock.join(", "), g.locked_ms)
                }
                (false, true) => format!(
                    ", holding {}: I/O {} ms, Python {} ms",
                    g.lock.join(", "),
                    g.locked_io_ms,
                    g.locked_ms
                ),
            };
            format!(
                "{} {} ({reps}I/O {} ms, Python {} ms, C {} ms{locked})",
                g.tasks, g.name, g.io_ms, g.cpu_ms, g.cext_ms
            )
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The machine and Python in words: "4 cores · Python 3.11".
pub fn machine(s: &Plan) -> String {
    format!("{} cores · Python {}", s.cores(), s.python().name())
}

/// The scenario in one line: "8 tasks (I/O 0 ms, Python 50.7 ms, C 0 ms) · threads with 8
/// workers · 4 cores · Python 3.11".
pub fn scenario(s: &Plan) -> String {
    format!("{} · {} · {}", work(s), model(s), machine(s))
}

/// A picture's title: "cpu-bound under threads with 8 workers".
pub fn title(s: &Plan) -> String {
    format!("{} under {}", workload(s), model(s))
}

/// The figures a picture leads with, as (what, value): speedup, makespan, core use.
pub fn headline(m: &Metrics) -> [(&'static str, String); 3] {
    [
        ("speedup", format::speedup(m.speedup)),
        ("makespan", format::duration(m.makespan_s)),
        ("cores busy", format::percent(m.cpu_utilization)),
    ]
}

/// The headline figures as one sentence-like line: "speedup 0.98× · makespan 407 ms · …".
pub fn headline_line(m: &Metrics) -> String {
    headline(m)
        .iter()
        .map(|(what, value)| format!("{what} {value}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// "Open it in Concurrency Lab: <link>", the link to `s` in the Lab at `lab_url`.
pub fn lab_link(s: &Plan, lab_url: &str) -> String {
    format!(
        "Open it in Concurrency Lab: {}",
        links::lab(lab_url, s.scenario())
    )
}

/// The Markdown to paste beside a picture saved as `file`: the picture, titled with the run,
/// linking to it in the Lab at `lab_url` (`[![title](file)](link)`).
pub fn markdown(s: &Plan, file: &str, lab_url: &str) -> String {
    let alt: String = title(s)
        .chars()
        .flat_map(|c| match c {
            '[' | ']' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let file = file
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29");
    format!("[![{alt}]({file})]({})", links::lab(lab_url, s.scenario()))
}

/// A timeline picture in words, for screen readers and search: what ran, the figures, the lanes
/// drawn (as `plan` draws them), the diagnosis, and the link to the Lab at `lab_url`.
pub fn description(o: &Outcome, plan: &layout::Plan, lab_url: &str) -> String {
    let mut parts = vec![
        format!("{}.", title(&o.plan)),
        format!("{}.", headline_line(&o.metrics)),
    ];
    let names: Vec<&str> = plan.rows.iter().map(|r| r.name.as_str()).collect();
    parts.push(format!(
        "The timeline shows {} lanes over {}: {}{}.",
        names.len(),
        format::duration(to_secs(plan.window.duration())),
        names.join(", "),
        if plan.left_out > 0 {
            format!(" ({} more not drawn)", plan.left_out)
        } else {
            String::new()
        }
    ));
    if plan.holders.len() > 1 {
        parts.push(format!(
            "The GIL passed between {} threads.",
            plan.holders.len()
        ));
    }
    if plan.in_flight.is_some() {
        parts.push(format!(
            "Up to {} tasks were in flight at once.",
            plan.peak_in_flight()
        ));
    }
    parts.extend(o.diagnosis.findings.iter().cloned());
    parts.push(lab_link(&o.plan, lab_url));
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{settings, ModelKind, Scenario};

    fn with(pairs: &[(&str, &str)]) -> Plan {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Plan::new(&settings::apply(&Scenario::default(), &pairs).unwrap()).unwrap()
    }

    #[test]
    fn a_preset_is_named_and_workers_are_counted_in_plain_words() {
        let s = with(&[
            ("preset", "cpu-bound"),
            ("model", "threads"),
            ("workers", "1"),
        ]);
        assert_eq!(title(&s), "cpu-bound under threads with 1 worker");
        assert_eq!(
            scenario(&s),
            "8 tasks (I/O 0 ms, Python 50.7 ms, C 0 ms) · threads with 1 worker · 4 cores · Python 3.11"
        );
    }

    #[test]
    fn the_markdown_snippet_links_the_picture_to_its_scenario() {
        let s = with(&[("preset", "io-bound"), ("model", "asyncio")]);
        assert_eq!(
            markdown(&s, "my run (1).svg", "https://lab.example/"),
            "[![io-bound under asyncio](my%20run%20%281%29.svg)](https://lab.example/?preset=io-bound&model=asyncio)"
        );
    }

    #[test]
    fn models_without_workers_give_no_worker_count() {
        let s = with(&[
            ("groups", "requests:1:200:1:0:0;crunch:1:1:0:3000:0"),
            ("model", ModelKind::Asyncio.name()),
        ]);
        assert_eq!(title(&s), "requests + crunch under asyncio");
        assert!(
            scenario(&s).contains("1 requests (200 × I/O 1 ms"),
            "{}",
            scenario(&s)
        );
    }
}
