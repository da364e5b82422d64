//! The command line's grammar, parsed with lexopt: a command, then flags. Every setting of the
//! settings table is a flag (`--cpu-ms 5` or `--cpu-ms=5` is the link's `cpu_ms=5`; a switch
//! such as `--blocking` needs no value), so the command line and links accept exactly the same
//! settings. `conclab` (src/bin/conclab.rs) is a thin `main` around this.

use std::ops::RangeInclusive;

use lexopt::prelude::*;

use crate::engine::scenario::MAX_WORKERS;
use crate::engine::settings::{self, Kind};
use crate::engine::{Named, Scenario, ScenarioError};
use crate::picture::{self, Theme};

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Run one scenario and print its metrics.
    Run,
    /// Run every model on the scenario's work.
    Compare,
    /// Run the scenario's model at each worker count in a range.
    Sweep(RangeInclusive<u32>),
    /// List the presets.
    Presets,
    /// List the lessons (with `--json`, every lesson as JSON; with `--bundle FILE`, every lesson
    /// as the app loads them, written to FILE).
    Lessons,
    /// Print the scenario's Python program.
    Code,
    /// Print the validation harness's committed results (with `--json`, as the app shows them).
    Validation,
    /// Print the usage text.
    Help,
}

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// The command.
    pub command: Command,
    /// A scenario file to start from (`-` for standard input).
    pub scenario_file: Option<String>,
    /// Settings on top of it, as `key=value` pairs in the order given.
    pub pairs: Vec<(String, String)>,
    /// Print JSON instead of a table.
    pub json: bool,
    /// Print an HTML page instead of a table (`validation --html`: the evidence page).
    pub html: bool,
    /// Print the scenario instead of running it.
    pub print_scenario: bool,
    /// Where to write a picture of the run (`--svg`), if anywhere.
    pub svg: Option<String>,
    /// Where to write the lessons as the app loads them (`--bundle`), if anywhere.
    pub bundle: Option<String>,
    /// How to draw it.
    pub picture: picture::Options,
}

/// Parses the arguments after the program's name; an error is one line for the person.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut p = lexopt::Parser::from_iter(std::iter::once(String::from("conclab")).chain(args));
    let command = match p.next().map_err(|e| e.to_string())? {
        None | Some(Long("help")) | Some(Short('h')) => Command::Help,
        Some(Value(v)) => match v.string().map_err(|e| e.to_string())?.as_str() {
            "run" => Command::Run,
            "compare" => Command::Compare,
            "sweep" => Command::Sweep(1..=32),
            "presets" => Command::Presets,
            "lessons" => Command::Lessons,
            "code" => Command::Code,
            "validation" => Command::Validation,
            "help" => Command::Help,
            other => {
                return Err(format!(
                "unknown command '{}'; commands are run, compare, sweep, presets, lessons, code, validation",
                settings::shorten(other)
            ))
            }
        },
        Some(other) => {
            return Err(format!(
                "{}: a command comes first (run, compare, sweep, presets, lessons)",
                other.unexpected()
            ))
        }
    };
    let mut args = Args {
        command,
        scenario_file: None,
        pairs: Vec::new(),
        json: false,
        html: false,
        print_scenario: false,
        svg: None,
        bundle: None,
        picture: picture::Options::default(),
    };
    let text = |v: std::ffi::OsString| v.string().map_err(|e| e.to_string());
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("json") => args.json = true,
            Long("html") => args.html = true,
            Long("print-scenario") => args.print_scenario = true,
            Long("help") | Short('h') => args.command = Command::Help,
            Long("scenario") => {
                args.scenario_file = Some(text(p.value().map_err(|e| e.to_string())?)?)
            }
            Long("svg") => args.svg = Some(text(p.value().map_err(|e| format!("svg: {e}"))?)?),
            Long("bundle") => {
                args.bundle = Some(text(p.value().map_err(|e| format!("bundle: {e}"))?)?)
            }
            Long("still") => args.picture.still = true,
            Long("width") => {
                args.picture.width = width(&text(p.value().map_err(|e| format!("width: {e}"))?)?)?
            }
            Long("theme") => {
                let name = text(p.value().map_err(|e| format!("theme: {e}"))?)?;
                args.picture.theme = Theme::parse(&name).ok_or_else(|| {
                    format!(
                        "theme: must be one of {} (got '{}')",
                        Theme::names().join(", "),
                        settings::shorten(&name)
                    )
                })?;
            }
            Long("lab-url") => {
                args.picture.lab_url = text(p.value().map_err(|e| format!("lab-url: {e}"))?)?
            }
            Long(flag) => {
                let key = flag.replace('-', "_");
                let Some(def) = settings::find(&key) else {
                    return Err(settings::unknown(&key).to_string());
                };
                let value = if def.kind == Kind::Switch {
                    p.optional_value()
                        .map(text)
                        .transpose()?
                        .unwrap_or_else(|| "true".into())
                } else {
                    text(p.value().map_err(|e| format!("{}: {e}", def.key))?)?
                };
                if let (Command::Sweep(range), true) =
                    (&mut args.command, def.key == settings::WORKERS.key)
                {
                    *range = worker_range(&value)?;
                } else {
                    args.pairs.push((key, value));
                }
            }
            other => return Err(other.unexpected().to_string()),
        }
    }
    if args.svg.is_some() && !matches!(args.command, Command::Run | Command::Compare) {
        return Err("svg: pictures are drawn by run and compare only".into());
    }
    Ok(args)
}

/// Parses a picture's `--width`.
fn width(text: &str) -> Result<u32, String> {
    let (min, max) = (picture::Options::MIN_WIDTH, picture::Options::MAX_WIDTH);
    text.trim()
        .parse()
        .ok()
        .filter(|w| (min..=max).contains(w))
        .ok_or_else(|| {
            format!(
                "width: must be a whole number of pixels from {min} to {max} (got '{}')",
                settings::shorten(text)
            )
        })
}

/// Parses `A..B` (or a single number) for `sweep --workers`.
fn worker_range(text: &str) -> Result<RangeInclusive<u32>, String> {
    let bad = || {
        format!(
            "{}: must be a range like 1..32 with 1 ≤ A ≤ B ≤ {MAX_WORKERS} (got '{}')",
            settings::WORKERS.key,
            settings::shorten(text)
        )
    };
    let (a, b) = text.split_once("..").unwrap_or((text, text));
    let a: u32 = a.trim().parse().map_err(|_| bad())?;
    let b: u32 = b.trim().parse().map_err(|_| bad())?;
    if a == 0 || a > b || b > MAX_WORKERS {
        return Err(bad());
    }
    Ok(a..=b)
}

/// The flags that set `s` on the command line (`--key=value`), as [`settings::to_pairs`]
/// writes it.
pub fn to_flags(s: &Scenario) -> Vec<String> {
    settings::to_pairs(s)
        .into_iter()
        .map(|(k, v)| format!("--{}={v}", k.replace('_', "-")))
        .collect()
}

/// The usage text, with every setting from the table.
pub fn usage() -> String {
    format!(
        "usage:
  conclab run     [--scenario FILE|-] [--print-scenario] [SETTINGS] [--json] [PICTURE]
  conclab compare [--scenario FILE|-] [SETTINGS] [--json] [PICTURE]
  conclab sweep   [--scenario FILE|-] [SETTINGS] --workers A..B [--json]
  conclab presets [--json]
  conclab lessons [--json | --bundle FILE]   (--json: every lesson as JSON;
                  --bundle: every lesson as the app loads them, written to FILE)
  conclab code    [--scenario FILE|-] [SETTINGS]   (the scenario as a Python program)
  conclab validation [--json | --html]   (predictions against real CPython: validation/results.md;
                  --html: the page the app publishes as evidence.html)

--scenario FILE reads a JSON or TOML scenario (- for standard input); settings then change it.
Without a preset, unset work is 0 and there is 1 task. A value may follow its flag or an '='.

PICTURE: --svg FILE [--still] [--width N] [--theme light|dark] [--lab-url URL]
  writes the run's timeline (compare: a bar chart) as a self-contained SVG, animated unless
  --still; its caption links to the scenario in the Lab at URL (default http://127.0.0.1:8080/).

SETTINGS (the same as a link's keys: --cpu-ms 5 is ?cpu_ms=5):
{}",
        settings::usage()
    )
}

/// The scenario a command line asks for: `base` (the file, or the defaults) with its settings.
pub fn scenario(base: &Scenario, args: &Args) -> Result<Scenario, ScenarioError> {
    settings::apply(base, &args.pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Result<Args, String> {
        parse(line.split_whitespace().map(String::from))
    }

    #[test]
    fn a_value_may_follow_its_flag_or_an_equals_sign() {
        let a = args("run --cpu-ms 5 --io-ms=2 --blocking --json").unwrap();
        assert_eq!(a.command, Command::Run);
        let want: Vec<(String, String)> = [("cpu_ms", "5"), ("io_ms", "2"), ("blocking", "true")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .to_vec();
        assert_eq!(a.pairs, want);
        assert!(a.json);
        assert_eq!(args("run --blocking=false").unwrap().pairs[0].1, "false");
    }

    #[test]
    fn sweep_takes_a_worker_range() {
        assert_eq!(
            args("sweep --workers 2..8").unwrap().command,
            Command::Sweep(2..=8)
        );
        assert!(args("sweep --workers 9..2")
            .unwrap_err()
            .contains("must be a range"));
    }

    #[test]
    fn stray_words_unknown_flags_and_missing_values_are_errors() {
        assert!(args("run -- --tasks 3").unwrap_err().contains("--tasks"));
        assert!(args("run extra").unwrap_err().contains("extra"));
        assert!(args("run --frobnicate 1")
            .unwrap_err()
            .starts_with("frobnicate: is not a setting"));
        assert!(args("run --tasks").unwrap_err().starts_with("tasks:"));
        assert!(args("dance")
            .unwrap_err()
            .contains("unknown command 'dance'"));
    }

    #[test]
    fn the_usage_text_names_every_setting() {
        let text = usage();
        for d in settings::SETTINGS {
            assert!(text.contains(&d.flag()), "{}", d.key);
        }
    }
}
