//! Embedding a live simulation in someone else's page: the embed view's options, read leniently
//! from the address, and the snippets a writer copies (a link, an `<iframe>`, a script tag).
//!
//! A frame never changes height once placed: it reserves [`frame_height`] before it loads, and
//! the embed lays itself out to fit (a timeline with many lanes scrolls inside it), so the
//! reader's text never moves.

use strum::{EnumString, IntoStaticStr, VariantArray, VariantNames};

use crate::engine::settings::switch;
use crate::engine::trace::Trace;
use crate::engine::{Named, Scenario};
use crate::links::{self, page};
use crate::picture::{self, layout::Window};

/// How many controls an embed shows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, EnumString, IntoStaticStr, VariantArray, VariantNames,
)]
#[strum(serialize_all = "lowercase")]
pub enum ControlsLevel {
    /// None: a fixed demonstration.
    None,
    /// Model, workers and cores.
    Compact,
    /// Everything the Lab has.
    Full,
}

/// Colour scheme of an embed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, EnumString, IntoStaticStr, VariantArray, VariantNames,
)]
#[strum(serialize_all = "lowercase")]
pub enum Theme {
    /// Follow the reader's system setting.
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// The embed view's own options (the scenario is read separately, by `settings::read`).
#[derive(Debug, Clone, PartialEq)]
pub struct EmbedOptions {
    /// Which controls to show.
    pub controls: ControlsLevel,
    /// Start playing on load (ignored when the reader prefers reduced motion).
    pub autoplay: bool,
    /// Playback speed, 0.1–100.
    pub speed: f64,
    /// Start again at the end.
    pub looping: bool,
    /// Colour scheme.
    pub theme: Theme,
    /// A frame height in pixels (200–4000) chosen by the writer, instead of [`frame_height`].
    pub height: Option<u32>,
    /// A lesson step to show instead of a bare scenario: (lesson id, 0-based step).
    pub lesson: Option<(String, usize)>,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        Self {
            controls: ControlsLevel::Compact,
            autoplay: false,
            speed: 1.0,
            looping: false,
            theme: Theme::Auto,
            height: None,
            lesson: None,
        }
    }
}

impl EmbedOptions {
    /// Reads the options from query pairs. Anything unknown or invalid keeps its default: an
    /// embed must never show a broken frame because of a typo in someone's blog post.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut o = Self::default();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        o.controls = get(page::CONTROLS)
            .and_then(Named::parse)
            .unwrap_or(o.controls);
        o.autoplay = get("autoplay").and_then(switch).unwrap_or(false);
        o.looping = get("loop").and_then(switch).unwrap_or(false);
        o.speed = get("speed")
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|x| x.is_finite())
            .map_or(1.0, |x| x.clamp(0.1, 100.0));
        o.theme = get("theme").and_then(Named::parse).unwrap_or(o.theme);
        o.height = get(page::HEIGHT)
            .and_then(|v| v.trim().parse::<u32>().ok())
            .map(|h| h.clamp(200, 4000));
        o.lesson = get(page::LESSON)
            .filter(|id| !id.is_empty() && id.len() <= 64)
            .map(|id| {
                let step = get(page::STEP)
                    .and_then(|s| s.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 1000)
                    - 1;
                (id.to_string(), step)
            });
        o
    }
}

/// The frame heights (CSS pixels) an embed reserves, by what it shows: a scenario with each
/// level of controls, or a lesson step; for a frame of at least [`WIDE`] pixels and for a
/// narrower one (a phone), where rows wrap. `static/embed.js` holds the same table (a test
/// compares the two).
pub const HEIGHTS: [(&str, [u32; 2]); 4] = [
    ("none", [500, 600]),
    ("compact", [560, 660]),
    ("full", [820, 980]),
    ("lesson", [660, 800]),
];

/// The width from which a frame counts as wide for [`HEIGHTS`].
pub const WIDE: u32 = 560;

/// The timeline rows [`HEIGHTS`] leave room for (four threads and four cores, with the GIL and
/// the main thread); a run with more needs [`ROW_PX`] more per row to show whole.
pub const BASE_ROWS: usize = 10;

/// The height of one more timeline row: a lane and its share of the gaps between sections.
pub const ROW_PX: u32 = 20;

/// How many rows the timeline of `trace` draws: its lanes (up to the most drawn), a lane per
/// asyncio task when there are few, and the tasks-in-flight band (counted as two rows).
pub fn timeline_rows(trace: &Trace) -> usize {
    let lanes = picture::layout::select_lanes(&trace.lanes, picture::timeline::MAX_LANES)
        .lanes
        .len();
    // Only how many: one column each is the cheapest reduction.
    let one_column = picture::marks::Resolution { columns: 1 };
    lanes + picture::layout::task_rows(trace, Window::whole(trace), one_column).len() + 2
}

/// The height an embed's frame reserves: what it shows (`lesson` or the controls level),
/// whether the frame is narrow, and how many timeline rows the run draws (0 when unknown).
pub fn frame_height(controls: ControlsLevel, lesson: bool, narrow: bool, rows: usize) -> u32 {
    let key: &str = if lesson { "lesson" } else { controls.into() };
    let base = HEIGHTS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(600, |(_, h)| h[usize::from(narrow)]);
    let extra = if lesson {
        0
    } else {
        rows.saturating_sub(BASE_ROWS) as u32 * ROW_PX
    };
    base + extra
}

/// An `<iframe>` snippet for `s`, showing `controls` for a run of `rows` timeline rows: tall
/// enough for a phone's width, where rows wrap (on a wide page the figure simply ends higher in
/// its frame).
pub fn iframe_snippet(
    base: &str,
    s: &Scenario,
    lesson: Option<(&str, usize)>,
    controls: ControlsLevel,
    rows: usize,
) -> String {
    format!(
        "<iframe src=\"{}\" title=\"Concurrency Lab simulation\" width=\"100%\" height=\"{}\" loading=\"lazy\" style=\"border:0\"></iframe>",
        links::embed(base, s, lesson, controls.into()),
        frame_height(controls, lesson.is_some(), true, rows)
    )
}

/// How a script-tag snippet marks where the embed goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// `<div data-concurrency-lab data-preset="…">`: works in any page and any editor.
    Div,
    /// `<concurrency-lab preset="…">`: the custom element `embed.js` defines.
    Element,
}

/// A script-tag snippet for `s`, showing `controls` for a run of `rows` timeline rows: a
/// placeholder plus the embed helper, which gives the frame its height for the page's width (a
/// run with more rows than [`BASE_ROWS`] carries its own height, for a phone's width).
pub fn script_snippet(
    base: &str,
    s: &Scenario,
    lesson: Option<(&str, usize)>,
    controls: ControlsLevel,
    placeholder: Placeholder,
    rows: usize,
) -> String {
    let mut attrs = String::new();
    let pairs = match lesson {
        Some((id, step)) => vec![
            (page::LESSON, id.to_string()),
            (page::STEP, (step + 1).to_string()),
        ],
        None => {
            let mut p = crate::engine::settings::to_pairs(s);
            p.push((page::CONTROLS, <&str>::from(controls).to_string()));
            if rows > BASE_ROWS {
                p.push((
                    page::HEIGHT,
                    frame_height(controls, false, true, rows).to_string(),
                ));
            }
            p
        }
    };
    let prefix = match placeholder {
        Placeholder::Div => "data-",
        Placeholder::Element => "",
    };
    for (k, v) in pairs {
        let v = v
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;");
        attrs.push_str(&format!(" {prefix}{}=\"{v}\"", k.replace('_', "-")));
    }
    let tag = match placeholder {
        Placeholder::Div => format!("<div data-concurrency-lab{attrs}></div>"),
        Placeholder::Element => format!("<concurrency-lab{attrs}></concurrency-lab>"),
    };
    format!("{tag}\n<script src=\"{base}static/embed.js\" async></script>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_helper_reserves_the_same_heights_as_the_snippets() {
        // static/embed.js: `var HEIGHTS = {"none": [440, 560], …};` on one line.
        let js = include_str!("../static/embed.js");
        let line = js
            .lines()
            .find_map(|l| l.trim().strip_prefix("var HEIGHTS = "))
            .expect("embed.js declares HEIGHTS");
        let table: std::collections::BTreeMap<String, [u32; 2]> =
            serde_json::from_str(line.trim_end_matches(';')).expect("HEIGHTS is JSON");
        let ours: std::collections::BTreeMap<String, [u32; 2]> =
            HEIGHTS.iter().map(|(k, h)| (k.to_string(), *h)).collect();
        assert_eq!(table, ours);
        assert!(js.contains(&format!("var WIDE = {WIDE};")));
    }

    #[test]
    fn embed_options_fall_back_to_defaults_on_nonsense() {
        let pairs: Vec<(String, String)> = [
            ("controls", "sideways"),
            ("speed", "NaN"),
            ("height", "-3"),
            ("theme", "plaid"),
            ("autoplay", "maybe"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(EmbedOptions::from_pairs(&pairs), EmbedOptions::default());
    }

    #[test]
    fn embed_options_read_what_a_writer_sets() {
        let pairs: Vec<(String, String)> = [
            ("controls", "none"),
            ("speed", "500"),
            ("height", "50"),
            ("theme", "dark"),
            ("autoplay", "1"),
            ("loop", "true"),
            ("lesson", "the-gil"),
            ("step", "2"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let o = EmbedOptions::from_pairs(&pairs);
        assert_eq!(o.controls, ControlsLevel::None);
        assert_eq!(o.speed, 100.0);
        assert_eq!(o.height, Some(200));
        assert_eq!(o.theme, Theme::Dark);
        assert!(o.autoplay && o.looping);
        assert_eq!(o.lesson, Some(("the-gil".to_string(), 1)));
    }

    #[test]
    fn snippets_carry_the_scenario() {
        let mut s = Scenario::default();
        s.model.kind = crate::engine::ModelKind::AsyncioThreads;
        s.workload.tasks = 7;
        let base = "http://127.0.0.1:8080/";
        assert_eq!(
            links::lab(base, &s),
            "http://127.0.0.1:8080/?tasks=7&model=asyncio%2Bthreads"
        );
        let iframe = iframe_snippet(base, &s, None, ControlsLevel::None, 0);
        assert!(
            iframe.contains("?embed=1&tasks=7&model=asyncio%2Bthreads&controls=none"),
            "{iframe}"
        );
        assert!(iframe.contains("height=\"600\""), "{iframe}");
        let script = script_snippet(base, &s, None, ControlsLevel::Full, Placeholder::Div, 0);
        assert!(
            script
                .contains("data-tasks=\"7\" data-model=\"asyncio+threads\" data-controls=\"full\""),
            "{script}"
        );
        let element = script_snippet(
            base,
            &s,
            Some(("the-gil", 1)),
            ControlsLevel::None,
            Placeholder::Element,
            0,
        );
        assert!(
            element
                .starts_with("<concurrency-lab lesson=\"the-gil\" step=\"2\"></concurrency-lab>\n"),
            "{element}"
        );
        assert!(!element.contains("height"), "{element}");
        let many = script_snippet(
            base,
            &s,
            None,
            ControlsLevel::None,
            Placeholder::Element,
            BASE_ROWS + 5,
        );
        assert!(
            many.contains(&format!(" height=\"{}\"", 600 + 5 * ROW_PX)),
            "{many}"
        );
        assert!(script.contains("src=\"http://127.0.0.1:8080/static/embed.js\""));
    }
}
