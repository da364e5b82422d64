//! A run as one self-contained SVG file: title and headline figures, the timeline (the main GIL
//! coloured by who holds it, the program's lanes, tasks in flight, the cores) on a time axis, a
//! legend, and a caption with the scenario in words and its Lab link.
//!
//! Animated by default, with CSS inside the file: a curtain with a cursor at its edge slides off
//! the timeline, so the lanes fill in as time passes, then the whole run rests before the loop
//! starts again. Browsers run this when the file is shown through `<img>` or Markdown `![]()`.
//! The curtain's resting place is outside the plot, so a viewer without CSS animation (a PDF
//! converter) and a reader who prefers reduced motion both see the whole run.

use std::fmt::Write;

use super::axis::Anchor;
use super::frame::{link_line, Frame, PAD, SMALL_PX, TICK_PX, TITLE_PX};
use super::layout::{Plan, Row, Section, Viewport, Window};
use super::palette::{Fill, Palette};
use super::xml::{num, text, width, CHAR_EM};
use super::{words, Options};
use crate::engine::trace::State;
use crate::engine::{time::to_secs, Outcome};
use crate::format;

/// Most lanes drawn: enough for a pool of 16 threads beside its cores, few enough that a
/// picture stays small and readable.
pub const MAX_LANES: usize = 32;
/// Spans are merged to this resolution, in pixels: finer detail would only add bytes.
const COLUMN_PX: f64 = 2.0;
const LANE_H: f64 = 14.0;
const LANE_GAP: f64 = 4.0;
const SECTION_GAP: f64 = 8.0;
const BAND_H: f64 = 28.0;
const IN_FLIGHT: &str = "tasks in flight";
/// One loop of the animation, in seconds, and the share of it the sweep takes (the rest is a
/// pause on the whole run).
const CYCLE_S: u32 = 10;
const SWEEP_PERCENT: u32 = 80;

/// The run `o` as an SVG document.
pub fn render(o: &Outcome, opts: &Options) -> String {
    let palette = opts.theme.palette();
    let width = opts.width();
    let label_w = label_width(o, width);
    let (plot_x, plot_w) = (PAD + label_w, width - 2.0 * PAD - label_w);
    let plan = Plan::new(
        &o.trace,
        &Viewport {
            window: Window::whole(&o.trace),
            width: plot_w,
            column_px: COLUMN_PX,
            max_lanes: MAX_LANES,
            char_px: TICK_PX * CHAR_EM,
        },
    );
    let mut f = Frame::new(width);
    f.paragraph(&words::title(&o.scenario), "cl-t", TITLE_PX);
    f.figures(&words::headline(&o.metrics));
    f.y += 8.0;
    timeline(&mut f, &plan, plot_x, plot_w, opts.still);
    legend(&mut f, &plan);
    f.y += 6.0;
    f.caption(&words::scenario(&o.scenario), &o.scenario, opts);
    let (mut style, defs) = fills(palette);
    if !opts.still {
        style.push_str(&animation_style(plot_w));
    }
    f.finish(
        &format!("{} — Concurrency Lab", words::title(&o.scenario)),
        &description(o, &plan, opts),
        palette,
        &style,
        &defs,
    )
}

/// Room for the widest lane name, held to under a third of the picture.
fn label_width(o: &Outcome, picture_w: f64) -> f64 {
    let widest = o
        .trace
        .lanes
        .iter()
        .map(|l| l.name.as_str())
        .chain([IN_FLIGHT])
        .map(|n| width(n, SMALL_PX))
        .fold(0.0, f64::max);
    (widest + 16.0).clamp(50.0, picture_w * 0.3)
}

/// A lane's or the in-flight band's place on the page.
enum Slot<'a> {
    Lane(&'a Row),
    Band,
}

/// The rows in drawing order, the in-flight band under the program's lanes, with their tops.
fn slots(plan: &Plan, top: f64) -> (Vec<(Slot<'_>, f64)>, f64) {
    let mut out = Vec::new();
    let mut y = top;
    let band_after = plan
        .rows
        .iter()
        .rposition(|r| r.section <= Section::Program);
    for (i, row) in plan.rows.iter().enumerate() {
        if i > 0 && row.section != plan.rows[i - 1].section {
            y += SECTION_GAP;
        }
        out.push((Slot::Lane(row), y));
        y += LANE_H + LANE_GAP;
        if Some(i) == band_after && plan.in_flight.is_some() {
            out.push((Slot::Band, y));
            y += BAND_H + LANE_GAP;
        }
    }
    (out, y - LANE_GAP)
}

fn timeline(f: &mut Frame, plan: &Plan, plot_x: f64, plot_w: f64, still: bool) {
    let top = f.y + TICK_PX + 5.0;
    let (slots, bottom) = slots(plan, top);
    let x = |t| plot_x + plan.window.x(t, plot_w);
    let b = &mut f.body;
    for tick in &plan.ticks {
        let tx = plot_x + tick.x;
        let _ = writeln!(
            b,
            "<path class=\"cl-grid\" d=\"M{} {}V{}\"/>",
            num(tx),
            num(top - 3.0),
            num(bottom)
        );
        text(b, tx, f.y + TICK_PX, "cl-k", tick.anchor, &tick.label);
    }
    for (slot, y) in &slots {
        let (name, h) = match slot {
            Slot::Lane(row) => (row.name.as_str(), LANE_H),
            Slot::Band => (IN_FLIGHT, BAND_H),
        };
        text(b, plot_x - 12.0, y + 10.5, "cl-l", Anchor::End, name);
        let _ = writeln!(
            b,
            "<rect class=\"cl-lane\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{h}\"/>",
            num(plot_x),
            num(*y),
            num(plot_w)
        );
        let _ = writeln!(b, "<g transform=\"translate(0 {})\">", num(*y));
        match slot {
            Slot::Lane(row) => {
                if let Some(h) = row.holder {
                    let _ = writeln!(
                        b,
                        "<rect class=\"cl-h{}\" x=\"{}\" y=\"2\" width=\"6\" height=\"10\"/>",
                        h % 6,
                        num(plot_x - 9.0)
                    );
                }
                bars(b, row, &x);
            }
            Slot::Band => band(b, plan, &x),
        }
        b.push_str("</g>\n");
    }
    if !still {
        curtain(b, &slots, plot_x, plot_w, top, bottom);
    }
    f.y = bottom + 6.0;
    if plan.left_out > 0 {
        let note = format!("{} more lanes not drawn", plan.left_out);
        f.paragraph(&note, "cl-m", SMALL_PX);
    }
}

/// One path per fill on a row: a rectangle per bar, with a gap where one bar follows another in
/// the same state for someone else.
fn bars(b: &mut String, row: &Row, x: &impl Fn(u64) -> f64) {
    let mut paths = vec![String::new(); State::ALL.len() + 6];
    for bar in &row.bars {
        let key = bar
            .holder
            .map_or(bar.state as usize, |h| State::ALL.len() + h % 6);
        let (mut x0, x1) = (x(bar.start), x(bar.end));
        if bar.seam {
            x0 += ((x1 - x0) / 3.0).min(1.0);
        }
        let w = num((x1 - x0).max(0.5));
        let _ = write!(paths[key], "M{} 0h{w}v{LANE_H}h-{w}z", num(x0));
    }
    for (key, d) in paths.iter().enumerate().filter(|(_, d)| !d.is_empty()) {
        let class = match State::ALL.get(key) {
            Some(&s) => state_class(s),
            None => format!("cl-h{}", key - State::ALL.len()),
        };
        let _ = writeln!(b, "<path class=\"{class}\" d=\"{d}\"/>");
    }
}

/// Tasks in flight as a filled step chart, full height at the peak.
fn band(b: &mut String, plan: &Plan, x: &impl Fn(u64) -> f64) {
    let peak = f64::from(plan.peak_in_flight().max(1));
    let mut d = String::new();
    for level in plan.in_flight.iter().flatten().filter(|l| l.count > 0) {
        let h = BAND_H * f64::from(level.count) / peak;
        let (x0, w) = (x(level.start), x(level.end) - x(level.start));
        let _ = write!(
            d,
            "M{} {}h{}V{BAND_H}H{}z",
            num(x0),
            num(BAND_H - h),
            num(w),
            num(x0)
        );
    }
    let _ = writeln!(b, "<path class=\"cl-band\" d=\"{d}\"/>");
    let peak_label = format!("peak {}", plan.peak_in_flight());
    text(
        b,
        x(plan.window.start) - 12.0,
        BAND_H - 3.0,
        "cl-k",
        Anchor::End,
        &peak_label,
    );
}

/// The animation's curtain: a cover in the panel's colour with empty lanes on it and the cursor
/// at its left edge, wider than the plot so that no edge of a bar beneath shows through. It
/// rests just right of the plot, where the clip hides it; the animation slides it from the
/// plot's left edge to there.
fn curtain(
    b: &mut String,
    slots: &[(Slot<'_>, f64)],
    plot_x: f64,
    plot_w: f64,
    top: f64,
    bottom: f64,
) {
    let rest = plot_x + plot_w + 1.0;
    let (y0, h) = (top - 3.0, bottom - top + 3.0);
    let _ = writeln!(
        b,
        "<clipPath id=\"cl-plot\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>\n\
         <g clip-path=\"url(#cl-plot)\"><g class=\"cl-curtain\">\n\
         <rect class=\"cl-panel-fill\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
        num(plot_x),
        num(y0),
        num(plot_w),
        num(h),
        num(rest - 1.0),
        num(y0 - 1.0),
        num(plot_w + 2.0),
        num(h + 2.0)
    );
    for (slot, y) in slots {
        let h = if matches!(slot, Slot::Band) {
            BAND_H
        } else {
            LANE_H
        };
        let _ = writeln!(
            b,
            "<rect class=\"cl-lane\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{h}\"/>",
            num(rest),
            num(*y),
            num(plot_w)
        );
    }
    let _ = writeln!(
        b,
        "<path class=\"cl-cursor\" d=\"M{} {}V{}\"/>\n</g></g>",
        num(rest),
        num(y0),
        num(bottom)
    );
}

/// The legend: each state drawn, the GIL's holder colours, tasks in flight.
fn legend(f: &mut Frame, plan: &Plan) {
    let mut items: Vec<(String, String)> = plan
        .states()
        .into_iter()
        .filter(|s| !matches!(s, State::Idle | State::Held))
        .map(|s| (state_class(s), s.label().to_string()))
        .collect();
    if !plan.holders.is_empty() {
        items.push((
            "holders".to_string(),
            "GIL held (the colour marks the holder beside its name)".to_string(),
        ));
    }
    if plan.in_flight.is_some() {
        items.push(("cl-band".to_string(), IN_FLIGHT.to_string()));
    }
    let holders = plan.holders.len().min(3);
    f.flow(
        &items,
        14.0,
        |(_, label)| label.clone(),
        |b, (class, _), x, y| {
            if class == "holders" {
                for h in 0..holders {
                    let sx = x + 14.0 * h as f64 / holders as f64;
                    let w = 14.0 / holders as f64;
                    let _ = writeln!(
                        b,
                        "<rect class=\"cl-h{h}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\"/>",
                        num(sx),
                        num(y),
                        num(w)
                    );
                }
            } else {
                let _ = writeln!(
                    b,
                    "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"14\" height=\"10\"/>",
                    num(x),
                    num(y)
                );
            }
        },
    );
}

/// A state's class: `cl-` and its kebab-case name, as the Lab's `st-` classes.
fn state_class(s: State) -> String {
    let name = serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!("cl-{name}")
}

/// The style rules filling states, holders, lanes and the cursor, and the patterns (`<defs>`)
/// they use.
fn fills(p: &Palette) -> (String, String) {
    let mut css = format!(
        ".cl-lane{{fill:{}}}\n.cl-panel-fill{{fill:{}}}\n.cl-band{{fill:{};fill-opacity:.5}}\n.cl-cursor{{stroke:{};stroke-width:1.5}}\n",
        p.bg, p.panel, p.accent, p.gil
    );
    let mut defs = String::new();
    for s in State::ALL {
        let class = state_class(s);
        let _ = match p.fill(s) {
            Fill::Solid(c, 100) => writeln!(css, ".{class}{{fill:{c}}}"),
            Fill::Solid(c, o) => writeln!(css, ".{class}{{fill:{c};fill-opacity:.{o:02}}}"),
            Fill::Hatch { bg, line } => {
                let _ = write!(
                    defs,
                    "<pattern id=\"cl-hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
                     <rect width=\"4\" height=\"4\" fill=\"{bg}\"/><path d=\"M0 0V4\" stroke=\"{line}\" stroke-width=\"1.6\"/></pattern>"
                );
                writeln!(css, ".{class}{{fill:url(#cl-hatch)}}")
            }
            Fill::Dots { bg, dot } => {
                let _ = write!(
                    defs,
                    "<pattern id=\"cl-dots\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\">\
                     <rect width=\"4\" height=\"4\" fill=\"{bg}\"/><circle cx=\"2\" cy=\"2\" r=\"0.9\" fill=\"{dot}\"/></pattern>"
                );
                writeln!(css, ".{class}{{fill:url(#cl-dots)}}")
            }
        };
    }
    for (i, c) in p.holders.iter().enumerate() {
        let _ = writeln!(css, ".cl-h{i}{{fill:{c}}}");
    }
    (css, defs)
}

/// The sweep: the curtain slides from the plot's left edge to its resting place, then rests.
fn animation_style(plot_w: f64) -> String {
    format!(
        ".cl-curtain{{animation:cl-sweep {CYCLE_S}s linear infinite}}\n\
         @keyframes cl-sweep{{0%{{transform:translateX(-{w}px)}}{SWEEP_PERCENT}%,100%{{transform:translateX(0)}}}}\n\
         @media (prefers-reduced-motion:reduce){{.cl-curtain{{animation:none;display:none}}}}\n",
        w = num(plot_w + 1.0)
    )
}

/// The picture in words, for screen readers and search: what ran, the figures, the lanes drawn,
/// the diagnosis, and the link.
fn description(o: &Outcome, plan: &Plan, opts: &Options) -> String {
    let mut parts = vec![
        format!("{}.", words::title(&o.scenario)),
        format!("{}.", words::headline_line(&o.metrics)),
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
    parts.push(format!(
        "Recommended: {}. {}",
        o.diagnosis.recommended.name(),
        o.diagnosis.recommendation
    ));
    parts.push(link_line(&o.scenario, opts));
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_classes_are_the_labs_kebab_names() {
        assert_eq!(state_class(State::WaitingGil), "cl-waiting-gil");
        assert_eq!(state_class(State::RunningPython), "cl-running-python");
    }
}
