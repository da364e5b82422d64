//! Axis ticks at "nice" values (1, 2 or 5 times a power of ten; for time, see [`time_ticks`]),
//! labelled so that no label runs past either end of the axis.

mod time;
pub use time::time_ticks;

/// Room wanted between two ticks, in pixels: about twice the widest label ("2.5 min", 47 px at
/// 12 px type), so the axis reads without crowding.
pub const TICK_SPACING_PX: f64 = 100.0;

/// Which point of a label sits at its tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The label starts at the tick (the axis's left end).
    Start,
    /// The label is centred on the tick.
    Middle,
    /// The label ends at the tick (the axis's right end).
    End,
}

impl Anchor {
    /// The SVG `text-anchor` value.
    pub fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }

    /// How a label of `width` px at `x` sits so as to stay inside `[0, axis]`.
    fn fitting(x: f64, width: f64, axis: f64) -> Anchor {
        if x - width / 2.0 < 0.0 {
            Anchor::Start
        } else if x + width / 2.0 > axis {
            Anchor::End
        } else {
            Anchor::Middle
        }
    }
}

/// A tick on an axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick<T> {
    /// The value it marks.
    pub at: T,
    /// Its distance from the axis's left end, in pixels.
    pub x: f64,
    /// Its label.
    pub label: String,
    /// How the label sits at the tick so that it stays inside the axis.
    pub anchor: Anchor,
}

/// The smallest 1, 2 or 5 times a power of ten that is at least `raw` (and positive). Built by
/// multiplying, not with logarithms, so that steps of whole units are exact.
pub fn nice_step(raw: f64) -> f64 {
    let raw = if raw.is_finite() && raw > 0.0 {
        raw
    } else {
        1.0
    };
    let mut mag = 1.0;
    while mag > raw {
        mag /= 10.0;
    }
    while mag * 10.0 <= raw {
        mag *= 10.0;
    }
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * mag)
}

/// A number as a tick label shows it: "50.0 ms" becomes "50 ms" and "2.00×" becomes "2×",
/// since a nice tick value has no digits that the trailing zeros would stand for.
pub fn trim_zeros(label: &str) -> String {
    let end = label
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(label.len());
    let (number, unit) = label.split_at(end);
    let number = if number.contains('.') {
        number.trim_end_matches('0').trim_end_matches('.')
    } else {
        number
    };
    format!("{number}{unit}")
}

/// The step and the top of a linear axis from 0 that covers `max` on `width` px: ticks at least
/// about [`TICK_SPACING_PX`] apart, the top the first tick at or above `max`.
pub fn linear_axis(max: f64, width: f64) -> (f64, f64) {
    let target = (width / TICK_SPACING_PX).floor().max(1.0);
    let step = nice_step(max / target);
    (step, (max / step).ceil().max(1.0) * step)
}

/// Ticks every `step` from 0 to `top` on a linear axis `width` px wide, labelled by `label` and
/// measured by `measure`.
pub fn linear_ticks(
    step: f64,
    top: f64,
    width: f64,
    label: impl Fn(f64) -> String,
    measure: impl Fn(&str) -> f64,
) -> Vec<Tick<f64>> {
    let steps = (top / step).round() as u32;
    (0..=steps)
        .map(|i| {
            let at = f64::from(i) * step;
            tick(at, width * at / top, width, &label, &measure)
        })
        .collect()
}

/// Ticks at each power of ten in `[lo, hi]` (both powers of ten) on a log scale `width` px wide.
pub fn log_ticks(
    lo: f64,
    hi: f64,
    width: f64,
    label: impl Fn(f64) -> String,
    measure: impl Fn(&str) -> f64,
) -> Vec<Tick<f64>> {
    let decades = (hi / lo).log10().round().max(1.0);
    let mut out = Vec::new();
    let mut at = lo;
    for d in 0..=decades as u32 {
        out.push(tick(
            at,
            width * f64::from(d) / decades,
            width,
            &label,
            &measure,
        ));
        at *= 10.0;
    }
    out
}

fn tick(
    at: f64,
    x: f64,
    width: f64,
    label: &impl Fn(f64) -> String,
    measure: &impl Fn(&str) -> f64,
) -> Tick<f64> {
    let label = trim_zeros(&label(at));
    let anchor = Anchor::fitting(x, measure(&label), width);
    Tick {
        at,
        x,
        label,
        anchor,
    }
}
