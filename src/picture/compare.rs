//! Every model on one workload as a bar chart: speedup over running the tasks one after another,
//! on a log scale when the speedups span orders of magnitude, each bar labelled with its speedup
//! and makespan (labels kept inside the picture by leaving room for the widest).

use std::fmt::Write;

use super::axis::{self, Anchor, Tick};
use super::frame::{Frame, PAD, SMALL_PX, TICK_PX, TITLE_PX};
use super::xml::{num, text, width, wrap, CHAR_EM};
use super::{words, Options};
use crate::engine::{Row, Scenario};
use crate::format;

/// Above this ratio of the largest to the smallest speedup, bars use a log scale: on a linear
/// one the slowest models would be slivers.
pub const LOG_RATIO: f64 = 30.0;
const BAR_H: f64 = 14.0;
const ROW_H: f64 = 22.0;

/// How speedups map to bar lengths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// From 0 to the largest speedup.
    Linear {
        /// The largest speedup.
        max: f64,
    },
    /// Between two powers of ten.
    Log {
        /// The power of ten at or below the smallest speedup.
        lo: f64,
        /// The power of ten at or above the largest.
        hi: f64,
    },
}

impl Scale {
    /// The scale that suits these rows' speedups.
    pub fn of(rows: &[Row]) -> Scale {
        let speedups = || speedups(rows);
        let max = speedups().fold(0.0, f64::max);
        let min = speedups().fold(f64::INFINITY, f64::min);
        if max <= 0.0 || max / min <= LOG_RATIO {
            return Scale::Linear {
                max: max.max(f64::MIN_POSITIVE),
            };
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

    /// Where `v` falls on a bar area `w` px wide.
    pub fn x(self, v: f64, w: f64) -> f64 {
        match self {
            Scale::Linear { max } => w * v / max,
            Scale::Log { lo, hi } => w * (v / lo).log10() / (hi / lo).log10(),
        }
    }

    fn ticks(self, w: f64) -> Vec<Tick<f64>> {
        let label = |v: f64| format::speedup(v);
        let char_px = TICK_PX * CHAR_EM;
        match self {
            Scale::Linear { max } => axis::linear_ticks(max, w, char_px, label),
            Scale::Log { lo, hi } => axis::log_ticks(lo, hi, w, char_px, label),
        }
    }
}

fn speedups(rows: &[Row]) -> impl Iterator<Item = f64> + '_ {
    rows.iter()
        .filter_map(|r| r.metrics.as_ref().ok())
        .map(|m| m.speedup)
        .filter(|s| s.is_finite() && *s > 0.0)
}

/// What a bar's label says ("3.26× · 412 ms · 4 workers", and "fastest" on the best), or
/// why the row has no bar.
fn value_label(r: &Row, best: f64) -> Result<String, String> {
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
        let _ = write!(label, " · {} workers", r.workers);
    }
    if m.speedup == best {
        label.push_str(" · fastest");
    }
    Ok(label)
}

/// The comparison `rows` (from [`crate::engine::compare`]) of scenario `s` as an SVG document.
pub fn render(rows: &[Row], s: &Scenario, opts: &Options) -> String {
    let palette = opts.theme.palette();
    let mut f = Frame::new(opts.width());
    let title = format!(
        "{}: every model's speedup over sequential",
        words::workload(s)
    );
    f.paragraph(&title, "cl-t", TITLE_PX);
    let best = speedups(rows).fold(0.0, f64::max);
    let scale = Scale::of(rows);
    let labels: Vec<Result<String, String>> = rows.iter().map(|r| value_label(r, best)).collect();
    let name_w = rows
        .iter()
        .map(|r| width(r.model.name(), SMALL_PX))
        .fold(0.0, f64::max)
        + 10.0;
    let value_w = labels
        .iter()
        .flatten()
        .map(|l: &String| width(l, SMALL_PX))
        .fold(0.0, f64::max)
        + 8.0;
    let bar_x = PAD + name_w;
    let bar_w = (f.width - PAD - bar_x - value_w).max(40.0);
    f.y += 6.0;
    let top = f.y;
    for (r, label) in rows.iter().zip(&labels) {
        let b = &mut f.body;
        text(
            b,
            bar_x - 8.0,
            f.y + 15.0,
            "cl-l",
            Anchor::End,
            r.model.name(),
        );
        match (&r.metrics, label) {
            (Ok(m), Ok(label)) => {
                let w = scale.x(m.speedup, bar_w).max(1.0);
                let class = if m.speedup == best {
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
                text(b, bar_x + w + 6.0, f.y + 15.0, "cl-l", Anchor::Start, label);
                f.y += ROW_H;
            }
            (_, Err(why) | Ok(why)) => {
                let lines = wrap(why, f.width - PAD - bar_x, SMALL_PX);
                for (i, line) in lines.iter().enumerate() {
                    let y = f.y + 15.0 + i as f64 * SMALL_PX * 1.4;
                    text(&mut f.body, bar_x, y, "cl-m", Anchor::Start, line);
                }
                f.y += ROW_H.max(lines.len() as f64 * SMALL_PX * 1.4 + 8.0);
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
        text(
            &mut f.body,
            x,
            bottom + 4.0 + TICK_PX,
            "cl-k",
            tick.anchor,
            &tick.label,
        );
    }
    f.y = bottom + TICK_PX + 10.0;
    let axis_note = match scale {
        Scale::Linear { .. } => "Speedup over running the tasks one after another (1× = no gain).",
        Scale::Log { .. } => {
            "Speedup over running the tasks one after another (1× = no gain), on a log scale."
        }
    };
    f.paragraph(axis_note, "cl-m", SMALL_PX);
    f.y += 4.0;
    let about = format!("{} · {}", words::work(s), words::machine(s));
    f.caption(&about, s, opts);
    let style = format!(
        ".cl-bar{{fill:{}}}\n.cl-best{{fill:{}}}\n",
        palette.core, palette.c
    );
    let desc = description(rows, &labels, &about, s, opts);
    f.finish(&title, &desc, palette, &style, "")
}

fn description(
    rows: &[Row],
    labels: &[Result<String, String>],
    about: &str,
    s: &Scenario,
    opts: &Options,
) -> String {
    let each: Vec<String> = rows
        .iter()
        .zip(labels)
        .map(|(r, Ok(l) | Err(l))| format!("{}: {l}", r.model.name()))
        .collect();
    format!(
        "Speedup of every model over running the tasks one after another, fastest first. {}. {}. {}",
        each.join("; "),
        about,
        super::frame::link_line(s, opts)
    )
}
