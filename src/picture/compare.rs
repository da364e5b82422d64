//! Every model on one workload as a bar chart: speedup over running the tasks one after another,
//! on a log scale when the speedups span orders of magnitude, each bar labelled with its speedup,
//! makespan and workers (labels kept inside the picture by leaving room for the widest).

use std::fmt::Write;

use super::axis::{self, Anchor, Tick};
use super::frame::{Frame, LABEL, NOTE, PAD, TICK, TITLE};
use super::xml::{num, wrap};
use super::{words, Options};
use crate::engine::{Named, Plan, Row};
use crate::format;

/// Above this ratio of the largest to the smallest speedup, bars use a log scale: on a linear
/// one the slowest models would be slivers.
pub const LOG_RATIO: f64 = 30.0;
const BAR_H: f64 = 14.0;
const ROW_H: f64 = 22.0;

/// How speedups map to bar lengths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// From 0 to `top`, with a tick every `step`.
    Linear {
        /// Tick spacing.
        step: f64,
        /// The axis's end: the first tick at or above the largest speedup.
        top: f64,
    },
    /// Between two powers of ten, with a tick at each.
    Log {
        /// The power of ten at or below the smallest speedup.
        lo: f64,
        /// The power of ten at or above the largest.
        hi: f64,
    },
}

impl Scale {
    /// The scale that suits these rows' speedups on bars up to `width` px long.
    pub fn of(rows: &[Row], width: f64) -> Scale {
        let max = speedups(rows).fold(0.0, f64::max);
        let min = speedups(rows).fold(f64::INFINITY, f64::min);
        if max <= 0.0 || max / min <= LOG_RATIO {
            let (step, top) = axis::linear_axis(max.max(1.0), width);
            return Scale::Linear { step, top };
        }
        let (mut lo, mut hi) = (1.0, 1.0);
        while lo > min {
            lo /= 10.0;
        }
        while lo * 10.0 <= min {
            lo *= 10.0;
        }
        while hi < max {
            hi *= 10.0;
        }
        Scale::Log {
            lo,
            hi: hi.max(lo * 10.0),
        }
    }

    /// Where `v` falls on bars up to `width` px long.
    pub fn x(self, v: f64, width: f64) -> f64 {
        match self {
            Scale::Linear { top, .. } => width * v / top,
            Scale::Log { lo, hi } => width * (v / lo).log10() / (hi / lo).log10(),
        }
    }

    /// The axis's ticks, labelled as speedups.
    pub fn ticks(self, width: f64) -> Vec<Tick<f64>> {
        let measure = |label: &str| TICK.width(label);
        match self {
            Scale::Linear { step, top } => {
                axis::linear_ticks(step, top, width, format::speedup, measure)
            }
            Scale::Log { lo, hi } => axis::log_ticks(lo, hi, width, format::speedup, measure),
        }
    }
}

fn speedups(rows: &[Row]) -> impl Iterator<Item = f64> + '_ {
    rows.iter()
        .filter_map(|r| r.metrics.as_ref().ok())
        .map(|m| m.speedup)
        .filter(|s| s.is_finite() && *s > 0.0)
}

/// A row as drawn: its speedup and label ("3.26× · 412 ms · 4 workers"), or why it has no bar.
fn bar_label(r: &Row) -> Result<(f64, String), String> {
    let m = r
        .metrics
        .as_ref()
        .map_err(|e| format!("could not run: {e}"))?;
    let mut label = format!(
        "{} · {}",
        format::speedup(m.speedup),
        format::duration(m.makespan_s)
    );
    if r.model.has_workers() {
        let _ = write!(
            label,
            " · {}",
            format::plural(r.workers.into(), "worker", "workers")
        );
    }
    Ok((m.speedup, label))
}

/// The comparison `rows` (from [`crate::engine::compare`]) of plan `s` as an SVG document.
pub fn render(rows: &[Row], s: &Plan, opts: &Options) -> String {
    let palette = opts.theme.palette();
    let mut f = Frame::new(opts.width());
    let title = format!(
        "{}: every model's speedup over sequential",
        words::workload(s)
    );
    f.paragraph(&title, &TITLE);
    let bars: Vec<Result<(f64, String), String>> = rows.iter().map(bar_label).collect();
    let best = speedups(rows).fold(0.0, f64::max);
    let name_w = rows
        .iter()
        .map(|r| LABEL.width(r.model.name()))
        .fold(0.0, f64::max);
    let value_w = bars
        .iter()
        .flatten()
        .map(|(_, label)| LABEL.width(label))
        .fold(0.0, f64::max);
    let bar_x = PAD + name_w + 10.0;
    let bar_w = (f.width - PAD - bar_x - value_w - 8.0).max(40.0);
    let scale = Scale::of(rows, bar_w);
    f.y += 6.0;
    let top = f.y;
    for (r, bar) in rows.iter().zip(&bars) {
        let b = &mut f.body;
        LABEL.text(b, bar_x - 8.0, f.y + 15.0, Anchor::End, r.model.name());
        match bar {
            Ok((speedup, label)) => {
                let w = scale.x(*speedup, bar_w).max(1.0);
                let class = if *speedup == best {
                    "cl-best"
                } else {
                    "cl-bar"
                };
                let _ = writeln!(
                    b,
                    "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR_H}\"/>",
                    num(bar_x),
                    num(f.y + 4.0),
                    num(w)
                );
                LABEL.text(b, bar_x + w + 6.0, f.y + 15.0, Anchor::Start, label);
                f.y += ROW_H;
            }
            Err(why) => {
                let lines = wrap(why, f.width - PAD - bar_x, NOTE.px, false);
                let line_h = NOTE.px * 1.4;
                for (i, line) in lines.iter().enumerate() {
                    let y = f.y + 15.0 + i as f64 * line_h;
                    NOTE.text(&mut f.body, bar_x, y, Anchor::Start, line);
                }
                f.y += ROW_H.max(lines.len() as f64 * line_h + 8.0);
            }
        }
    }
    let bottom = f.y;
    for tick in scale.ticks(bar_w) {
        let x = bar_x + tick.x;
        let _ = writeln!(
            f.body,
            "<path class=\"cl-grid\" d=\"M{} {}V{}\"/>",
            num(x),
            num(top),
            num(bottom + 3.0)
        );
        TICK.text(
            &mut f.body,
            x,
            bottom + 4.0 + TICK.px,
            tick.anchor,
            &tick.label,
        );
    }
    f.y = bottom + TICK.px + 10.0;
    let log = if matches!(scale, Scale::Log { .. }) {
        " on a log scale"
    } else {
        ""
    };
    f.paragraph(
        &format!("Speedup over running the tasks one after another (1× = no gain){log}; the fastest in green."),
        &NOTE,
    );
    f.y += 4.0;
    let about = format!("{} · {}", words::work(s), words::machine(s));
    f.caption(&about, s, opts);
    let style = format!(
        ".cl-bar{{fill:{}}}\n.cl-best{{fill:{}}}\n",
        palette.core, palette.c
    );
    let each: Vec<String> = rows
        .iter()
        .zip(&bars)
        .map(|(r, bar)| match bar {
            Ok((_, label)) => format!("{}: {label}", r.model.name()),
            Err(why) => format!("{}: {why}", r.model.name()),
        })
        .collect();
    let desc = format!(
        "{title}, fastest first{log}. {}. {about}. {}",
        each.join("; "),
        words::lab_link(s, &opts.lab_url)
    );
    f.finish(&title, &desc, palette, &style, "")
}
