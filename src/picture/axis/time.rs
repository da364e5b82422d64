//! The time axis: ticks at round numbers (1, 2, 2.5 or 5 × 10ᵏ) of one unit, the unit the Lab
//! gives the shown stretch's end in, as many as fit without crowding and never fewer than
//! three while three fit at all.

use crate::engine::time::{Nanos, MS, SEC, US};

use super::{trim_zeros, Anchor, Tick, TICK_SPACING_PX};
use crate::picture::layout::Window;

/// Least room between two tick labels, in pixels (labels are measured wide, so the real gap
/// is larger).
const LABEL_GAP_PX: f64 = 4.0;
/// Fewest ticks that say something about the scale: one only says where the axis starts.
const MIN_TICKS: usize = 3;

/// A unit an axis can be written in.
#[derive(Debug, Clone, Copy)]
struct Unit {
    ns: Nanos,
    name: &'static str,
    /// From which end of the window on the axis speaks this unit: as [`crate::format::duration`]
    /// switches, so the axis reads like the run's length beside it.
    from: Nanos,
    /// A power of ten of the units below, so steps may be a fraction of it: 0.5 s reads well,
    /// 0.25 min does not.
    decimal: bool,
}

const UNITS: [Unit; 5] = [
    Unit {
        ns: US,
        name: "µs",
        from: 0,
        decimal: true,
    },
    Unit {
        ns: MS,
        name: "ms",
        from: MS,
        decimal: true,
    },
    Unit {
        ns: SEC,
        name: "s",
        from: SEC,
        decimal: true,
    },
    Unit {
        ns: 60 * SEC,
        name: "min",
        from: 120 * SEC,
        decimal: false,
    },
    Unit {
        ns: 3600 * SEC,
        name: "h",
        from: 7200 * SEC,
        decimal: false,
    },
];

impl Unit {
    /// Round steps in this unit, smallest first, up to past `most`: 1, 2, 2.5 and 5 × 10ᵏ of
    /// it, none under 1 µs (the finest the labels show) nor, for minutes and hours, under one.
    fn steps(self, most: Nanos) -> Vec<Nanos> {
        let (base, least) = if self.decimal {
            (1, US)
        } else {
            (self.ns, self.ns)
        };
        let mut out = Vec::new();
        let mut decade = u128::from(base);
        while out.last().is_none_or(|&s| s <= most) {
            // The mantissas in tenths, so that 2.5 stays whole.
            for tenths in [10, 20, 25, 50] {
                let step = decade * tenths;
                if step % 10 == 0 && step / 10 >= u128::from(least) {
                    out.push(Nanos::try_from(step / 10).unwrap_or(Nanos::MAX));
                }
            }
            decade *= 10;
        }
        out
    }

    /// `at` written in this unit, with as many decimals as `step` needs: "0", "2.5 min".
    fn label(self, at: Nanos) -> String {
        if at == 0 {
            return "0".to_string();
        }
        // Every tick is a multiple of a round step, with at most nine decimals in any unit (a
        // step of 2.5 µs in seconds), which the float keeps exactly to the ninth.
        let value = at as f64 / self.ns as f64;
        trim_zeros(&format!("{value:.9} {}", self.name))
    }
}

/// The ticks every `step` in `unit` across `window` on `width` px, at `phase` past the step's
/// multiples, or `None` if two labels would come closer than [`LABEL_GAP_PX`]. A first or last
/// tick whose label, held inside the axis, would run into its neighbour's is left out instead.
fn ticks(
    unit: Unit,
    (step, phase): (Nanos, Nanos),
    window: Window,
    width: f64,
    measure: &dyn Fn(&str) -> f64,
) -> Option<Vec<Tick<Nanos>>> {
    let first = window.start.saturating_sub(phase).div_ceil(step) * step + phase;
    let mut out: Vec<Tick<Nanos>> = Vec::new();
    let mut right_of_last = f64::NEG_INFINITY;
    for at in (0..)
        .map(|i| first + i * step)
        .take_while(|&t| t <= window.end)
    {
        let label = unit.label(at);
        let x = window.x(at, width);
        let w = measure(&label);
        let anchor = Anchor::fitting(x, w, width);
        let left = match anchor {
            Anchor::Start => x,
            Anchor::Middle => x - w / 2.0,
            Anchor::End => x - w,
        };
        if left < right_of_last + LABEL_GAP_PX {
            if at + step > window.end && anchor == Anchor::End {
                break;
            }
            // The same at the left end: a first label pushed right runs into the second.
            if out.len() == 1 && out[0].anchor == Anchor::Start {
                out.clear();
            } else {
                return None;
            }
        }
        right_of_last = left + w;
        out.push(Tick {
            at,
            x,
            label,
            anchor,
        });
    }
    Some(out)
}

/// Ticks for the time `window` drawn `width` px wide, labelled in one unit at round steps:
/// about [`TICK_SPACING_PX`] apart where the width allows, closer (or at the step's odd halves,
/// when those are round) where that keeps at least three, in a smaller unit where this one has no round step that gives three (a zoom into
/// seconds of an hour-long run); labels never overlap and stay inside the axis, measured by
/// `measure`.
pub fn time_ticks(window: Window, width: f64, measure: impl Fn(&str) -> f64) -> Vec<Tick<Nanos>> {
    let wanted = window.duration() as f64 * TICK_SPACING_PX / width.max(1.0);
    let most = window.duration().saturating_mul(10).max(US);
    let from = UNITS
        .iter()
        .rposition(|u| window.end >= u.from)
        .unwrap_or(0);
    let mut most_ticks = Vec::new();
    for &unit in UNITS[..=from].iter().rev() {
        // From the roomiest step down: the last at least `wanted` apart, or closer ones until
        // three ticks, as long as their labels fit.
        let steps = unit.steps(most);
        let mut chosen = Vec::new();
        for &step in steps.iter().rev() {
            if (step as f64) < wanted && chosen.len() >= MIN_TICKS {
                break;
            }
            // A zoomed stretch may hold two multiples of a step but three of its odd halves
            // (350, 450, 550 µs of 333–583 µs), which are round too when the half is a step.
            let half = (step % 2 == 0 && steps.contains(&(step / 2))).then_some(step / 2);
            let fitted = [Some(0), half]
                .into_iter()
                .flatten()
                .filter_map(|phase| ticks(unit, (step, phase), window, width, &measure))
                .reduce(|best, t| {
                    if best.len() < MIN_TICKS && t.len() > best.len() {
                        t
                    } else {
                        best
                    }
                });
            match fitted {
                // A finer step never gives fewer multiples, but may give fewer odd halves.
                Some(t) if t.len() >= chosen.len() => chosen = t,
                Some(_) => {}
                None => break,
            }
        }
        if chosen.len() >= MIN_TICKS {
            return chosen;
        }
        if chosen.len() > most_ticks.len() {
            most_ticks = chosen;
        }
    }
    // Too narrow for three labels of this window: the most that fit.
    most_ticks
}
