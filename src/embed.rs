//! Embedding a live simulation in someone else's page: the embed view's options, read leniently
//! from the address, and the snippets a writer copies (a link, an `<iframe>`, a script tag).
//!
//! Resize messages (frame → host page), sent by `static/boot.js` whenever the frame's content
//! height changes: `{ "type": "conclab:resize", "height": <CSS pixels> }`. `static/embed.js`
//! accepts one only when its `event.source` is the frame it created.

use strum::{EnumString, IntoStaticStr, VariantArray, VariantNames};

use crate::engine::settings::switch;
use crate::engine::{Named, Scenario};
use crate::links::{self, page};

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
    /// A fixed frame height in pixels (200–4000), instead of sizing to the content.
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
        o.controls = get("controls").and_then(Named::parse).unwrap_or(o.controls);
        o.autoplay = get("autoplay").and_then(switch).unwrap_or(false);
        o.looping = get("loop").and_then(switch).unwrap_or(false);
        o.speed = get("speed")
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|x| x.is_finite())
            .map_or(1.0, |x| x.clamp(0.1, 100.0));
        o.theme = get("theme").and_then(Named::parse).unwrap_or(o.theme);
        o.height = get("height")
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

/// An `<iframe>` snippet for `s`.
pub fn iframe_snippet(base: &str, s: &Scenario, lesson: Option<(&str, usize)>) -> String {
    format!(
        "<iframe src=\"{}\" title=\"Concurrency Lab simulation\" width=\"100%\" height=\"560\" loading=\"lazy\" style=\"border:0\"></iframe>",
        links::embed(base, s, lesson)
    )
}

/// A script-tag snippet for `s`: a placeholder `div` plus the embed helper.
pub fn script_snippet(base: &str, s: &Scenario, lesson: Option<(&str, usize)>) -> String {
    let mut attrs = String::new();
    let pairs = match lesson {
        Some((id, step)) => vec![
            (page::LESSON, id.to_string()),
            (page::STEP, (step + 1).to_string()),
        ],
        None => crate::engine::settings::to_pairs(s),
    };
    for (k, v) in pairs {
        let v = v
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;");
        attrs.push_str(&format!(" data-{}=\"{v}\"", k.replace('_', "-")));
    }
    format!("<div data-concurrency-lab{attrs}></div>\n<script src=\"{base}static/embed.js\" async></script>")
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(iframe_snippet(base, &s, None).contains("?embed=1&tasks=7&model=asyncio%2Bthreads"));
        let script = script_snippet(base, &s, None);
        assert!(
            script.contains("data-tasks=\"7\" data-model=\"asyncio+threads\""),
            "{script}"
        );
        assert!(script.contains("src=\"http://127.0.0.1:8080/static/embed.js\""));
    }
}
