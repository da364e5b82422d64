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
use super::frame::{Frame, LABEL, NOTE, PAD, TICK, TITLE};
use super::layout::{Plan, Row, Section, Viewport, Window};
use super::palette::HOLDER_COLOURS;
use super::xml::num;
use super::{words, Options};
use crate::engine::trace::State;
use crate::engine::Named;
use crate::engine::Outcome;

mod style;
use style::{animation_style, fills, state_class};

/// Most lanes drawn: enough for a pool of 16 threads beside its cores, few enough that a
/// picture stays small and readable.
pub const MAX_LANES: usize = 32;
/// Most bytes a picture should take: a run with many busy lanes is drawn at a coarser resolution
/// until it fits.
pub const BUDGET_BYTES: usize = 100_000;
/// Resolutions tried in turn, in pixels per column: spans are merged to the first one whose
/// picture fits the budget. A pixel first, so that a hundred requests on a 480 px picture
/// leave a hundred marks; a claimed sliver stays a pixel wide at every resolution.
const COLUMN_PX: [f64; 5] = [1.0, 2.0, 3.0, 4.0, 6.0];
const LANE_H: f64 = 14.0;
const LANE_GAP: f64 = 4.0;
const SECTION_GAP: f64 = 8.0;
const BAND_H: f64 = 28.0;
const IN_FLIGHT: &str = "tasks in flight";

/// The run `o` as an SVG document, within [`BUDGET_BYTES`] where a resolution allows it.
pub fn render(o: &Outcome, opts: &Options) -> String {
    let mut svg = String::new();
    for column_px in COLUMN_PX {
        svg = draw(o, opts, column_px);
        if svg.len() <= BUDGET_BYTES {
            break;
        }
    }
    svg
}

/// The picture with spans merged to `column_px`.
fn draw(o: &Outcome, opts: &Options, column_px: f64) -> String {
    let palette = opts.theme.palette();
    let width = opts.width();
    let label_w = label_width(o, width);
    let (plot_x, plot_w) = (PAD + label_w, width - 2.0 * PAD - label_w);
    let plan = Plan::new(
        &o.trace,
        &Viewport {
            window: Window::whole(&o.trace),
            width: plot_w,
            column_px,
            max_lanes: MAX_LANES,
            tick_font_px: TICK.px,
        },
    );
    let mut f = Frame::new(width);
    f.paragraph(&words::title(&o.plan), &TITLE);
    f.figures(&words::headline(&o.metrics));
    f.y += 8.0;
    timeline(&mut f, &plan, plot_x, plot_w, opts.still);
    legend(&mut f, &plan);
    f.y += 6.0;
    f.caption(&words::scenario(&o.plan), &o.plan, opts);
    let (mut style, defs) = fills(palette);
    if !opts.still {
        style.push_str(&animation_style(plot_w));
    }
    f.finish(
        &format!("{} — Concurrency Lab", words::title(&o.plan)),
        &words::description(o, &plan, &opts.lab_url),
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
        .map(|n| LABEL.width(n))
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

/// The time axis, each row's name and bars, the band, and (animated) the curtain; then a note of
/// the lanes left out.
fn timeline(f: &mut Frame, plan: &Plan, plot_x: f64, plot_w: f64, still: bool) {
    let top = f.y + TICK.px + 5.0;
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
        TICK.text(b, tx, f.y + TICK.px, tick.anchor, &tick.label);
    }
    for (slot, y) in &slots {
        let (name, h) = match slot {
            Slot::Lane(row) => (row.name.as_str(), LANE_H),
            Slot::Band => (IN_FLIGHT, BAND_H),
        };
        LABEL.text(b, plot_x - 12.0, y + 10.5, Anchor::End, name);
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
                        h % HOLDER_COLOURS,
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
        f.paragraph(&note, &NOTE);
    }
}

/// One path per fill on a row: a rectangle per bar, with a gap where one bar follows another in
/// the same state for someone else.
fn bars(b: &mut String, row: &Row, x: &impl Fn(u64) -> f64) {
    // A path per fill, and per fill drawn faint (see `Bar::faint`).
    let mut paths = vec![String::new(); 2 * (State::all().len() + HOLDER_COLOURS)];
    for bar in &row.bars {
        let fill = bar.holder.map_or(bar.state as usize, |h| {
            State::all().len() + h % HOLDER_COLOURS
        });
        let key = 2 * fill + usize::from(bar.faint);
        let (mut x0, x1) = (x(bar.start), x(bar.end));
        if bar.seam {
            x0 += ((x1 - x0) / 3.0).min(1.0);
        }
        let w = num((x1 - x0).max(0.5));
        let _ = write!(paths[key], "M{} 0h{w}v{LANE_H}h-{w}z", num(x0));
    }
    for (key, d) in paths.iter().enumerate().filter(|(_, d)| !d.is_empty()) {
        let (fill, faint) = (key / 2, key % 2 == 1);
        let mut class = match State::all().get(fill) {
            Some(&s) => state_class(s),
            None => format!("cl-h{}", fill - State::all().len()),
        };
        if faint {
            class.push_str(" cl-faint");
        }
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
    let label_x = x(plan.window.start) - 12.0;
    TICK.text(b, label_x, BAND_H - 3.0, Anchor::End, &peak_label);
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

/// A legend entry's swatch.
enum Swatch {
    /// Filled as this class.
    Class(String),
    /// Stripes of the first few holders' colours.
    Holders(usize),
}

/// The legend: each state drawn, the GIL's holder colours, tasks in flight.
fn legend(f: &mut Frame, plan: &Plan) {
    let mut items: Vec<(Swatch, String)> = plan
        .states()
        .into_iter()
        .filter(|s| !matches!(s, State::Idle | State::Held))
        .map(|s| (Swatch::Class(state_class(s)), s.label().to_string()))
        .collect();
    if !plan.holders.is_empty() {
        items.push((
            Swatch::Holders(plan.holders.len().min(3)),
            "GIL held (the colour marks the holder beside its name)".to_string(),
        ));
    }
    if plan.in_flight.is_some() {
        items.push((Swatch::Class("cl-band".to_string()), IN_FLIGHT.to_string()));
    }
    f.legend(
        &items,
        |(_, label)| label,
        |b, (swatch, _), x, y| {
            let stripes: Vec<(String, f64, f64)> = match swatch {
                Swatch::Class(class) => vec![(class.clone(), x, 14.0)],
                Swatch::Holders(n) => (0..*n)
                    .map(|h| {
                        let w = 14.0 / *n as f64;
                        (format!("cl-h{h}"), x + w * h as f64, w)
                    })
                    .collect(),
            };
            for (class, x, w) in stripes {
                let _ = writeln!(
                    b,
                    "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\"/>",
                    num(x),
                    num(y),
                    num(w)
                );
            }
        },
    );
}
