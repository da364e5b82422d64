//! How a timeline picture is coloured and moved: a style rule per state and GIL holder, the
//! hatching, dots and bars patterns, and the CSS animation of the curtain.

use std::fmt::Write;

use crate::engine::trace::State;
use crate::engine::Named;
use crate::picture::palette::{Fill, Palette};
use crate::picture::xml::num;

/// One loop of the animation, in seconds, and the share of it the sweep takes (the rest is a
/// pause on the whole run).
const CYCLE_S: u32 = 10;
const SWEEP_PERCENT: u32 = 80;

/// The opacity of a bar whose columns are drawn in less than half of their time (`.faint` in
/// style.css).
pub(super) const FAINT: &str = ".45";

/// A state's class: `cl-` and its kebab-case name, as the Lab's `st-` classes.
pub(super) fn state_class(s: State) -> String {
    let name = serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!("cl-{name}")
}

/// The style rules filling states, holders, lanes and the cursor, and the patterns (`<defs>`)
/// they use.
pub(super) fn fills(p: &Palette) -> (String, String) {
    let mut css = format!(
        ".cl-lane{{fill:{}}}\n.cl-faint{{opacity:{FAINT}}}\n.cl-panel-fill{{fill:{}}}\n.cl-band{{fill:{};fill-opacity:.5}}\n.cl-cursor{{stroke:{};stroke-width:1.5}}\n",
        p.bg, p.panel, p.accent, p.gil
    );
    let mut defs = String::new();
    for &s in State::all() {
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
            Fill::Bars { bg, bar } => {
                let _ = write!(
                    defs,
                    "<pattern id=\"cl-bars\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\">\
                     <rect width=\"4\" height=\"4\" fill=\"{bg}\"/><path d=\"M2 0V4\" stroke=\"{bar}\" stroke-width=\"1.2\"/></pattern>"
                );
                writeln!(css, ".{class}{{fill:url(#cl-bars)}}")
            }
        };
    }
    for (i, c) in p.holders.iter().enumerate() {
        let _ = writeln!(css, ".cl-h{i}{{fill:{c}}}");
    }
    (css, defs)
}

/// The sweep: the curtain slides from the plot's left edge to its resting place, then rests.
pub(super) fn animation_style(plot_w: f64) -> String {
    format!(
        ".cl-curtain{{animation:cl-sweep {CYCLE_S}s linear infinite}}\n\
         @keyframes cl-sweep{{0%{{transform:translateX(-{w}px)}}{SWEEP_PERCENT}%,100%{{transform:translateX(0)}}}}\n\
         @media (prefers-reduced-motion:reduce){{.cl-curtain{{animation:none;display:none}}}}\n",
        w = num(plot_w + 1.0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faint_bars_are_as_pale_as_the_labs() {
        let rule = format!(".st.faint {{ opacity: {FAINT}; }}");
        assert!(
            include_str!("../../../static/style.css").contains(&rule),
            "style.css lacks '{rule}'"
        );
    }

    #[test]
    fn state_classes_are_the_labs_kebab_names() {
        assert_eq!(state_class(State::WaitingGil), "cl-waiting-gil");
        assert_eq!(state_class(State::RunningPython), "cl-running-python");
    }
}
