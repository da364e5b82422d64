//! The colours of a picture: the Lab's own (the Okabe–Ito palette of `static/style.css`, checked
//! against it by a test so the two cannot drift), plus a small palette that tells GIL holders
//! apart.

use std::fmt;

use strum::{EnumString, IntoStaticStr, VariantArray, VariantNames};

use crate::engine::trace::State;

/// Light or dark colours, named as on the command line (`light`, `dark`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, EnumString, IntoStaticStr, VariantArray, VariantNames,
)]
#[strum(serialize_all = "lowercase")]
pub enum Theme {
    /// Dark text on a white panel.
    Light,
    /// Light text on a dark panel.
    Dark,
}

impl Theme {
    /// The theme's colours.
    pub fn palette(self) -> &'static Palette {
        match self {
            Theme::Light => &LIGHT,
            Theme::Dark => &DARK,
        }
    }
}

/// A colour in sRGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    const fn hex(v: u32) -> Rgb {
        Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
    }

    /// `percent` of `self` mixed into `other`, as CSS `color-mix(in srgb, self p%, other)`
    /// computes it: the pictures cannot rely on a viewer knowing `color-mix`.
    pub fn mix(self, percent: u8, other: Rgb) -> Rgb {
        let p = u32::from(percent.min(100));
        let ch = |a: u8, b: u8| ((u32::from(a) * p + u32::from(b) * (100 - p) + 50) / 100) as u8;
        Rgb(
            ch(self.0, other.0),
            ch(self.1, other.1),
            ch(self.2, other.2),
        )
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// How a state's stretch is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// A flat colour, with an opacity in percent.
    Solid(Rgb, u8),
    /// Diagonal lines on a tinted background (waiting for the GIL): readable without colour.
    Hatch {
        /// The background.
        bg: Rgb,
        /// The lines.
        line: Rgb,
    },
    /// Dots on a tinted background (waiting for I/O).
    Dots {
        /// The background.
        bg: Rgb,
        /// The dots.
        dot: Rgb,
    },
    /// Upright bars in the text colour on a tint of it (waiting for a lock: behind bars), so
    /// it reads apart from the GIL's hatching without colour.
    Bars {
        /// The background.
        bg: Rgb,
        /// The bars.
        bar: Rgb,
    },
}

/// Share of `--gil` in the hatching's background (`.hatch-bg` in style.css).
pub const HATCH_MIX: u8 = 35;
/// Share of `--io` in the dots' background (`.dots-bg` in style.css).
pub const DOTS_MIX: u8 = 30;
/// Share of `--fg` in the bars' background (`.bars-bg` in style.css).
pub const BARS_MIX: u8 = 15;

/// Opacity of the text colour filling a wait on a queue (`.st-waiting-queue` in style.css): a
/// grey apart from the bars of a lock wait and from every colour.
pub const QUEUE_OPACITY: u8 = 30;

/// How many colours tell GIL holders apart (they repeat after that).
pub const HOLDER_COLOURS: usize = 9;

/// One theme's colours, named as style.css's custom properties (`--python` is `python`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // each field is the custom property of the same name
pub struct Palette {
    pub bg: Rgb,
    pub fg: Rgb,
    pub muted: Rgb,
    pub panel: Rgb,
    pub line: Rgb,
    pub accent: Rgb,
    pub python: Rgb,
    pub c: Rgb,
    pub gil: Rgb,
    pub core: Rgb,
    pub io: Rgb,
    pub pickle: Rgb,
    pub unpickle: Rgb,
    pub start: Rgb,
    pub loop_: Rgb,
    pub held: Rgb,
    /// One colour per GIL holder, cycled: from Paul Tol's "muted" scheme, whose hues differ
    /// from the state colours and stay apart for colour-blind readers; neighbours alternate
    /// dark and light so two threads trading the GIL differ in lightness too.
    pub holders: [Rgb; HOLDER_COLOURS],
}

const LIGHT: Palette = Palette {
    bg: Rgb::hex(0xfbfbfa),
    fg: Rgb::hex(0x1b1f24),
    muted: Rgb::hex(0x5b6470),
    panel: Rgb::hex(0xffffff),
    line: Rgb::hex(0xd9dde3),
    accent: Rgb::hex(0x0072b2),
    python: Rgb::hex(0x0072b2),
    c: Rgb::hex(0x009e73),
    gil: Rgb::hex(0xd55e00),
    core: Rgb::hex(0x999999),
    io: Rgb::hex(0x56b4e9),
    pickle: Rgb::hex(0xe69f00),
    unpickle: Rgb::hex(0xf0e442),
    start: Rgb::hex(0x4d4d4d),
    loop_: Rgb::hex(0xcc79a7),
    held: Rgb::hex(0x0072b2),
    holders: [
        Rgb::hex(0x332288),
        Rgb::hex(0xddcc77),
        Rgb::hex(0x882255),
        Rgb::hex(0x44aa99),
        Rgb::hex(0xcc6677),
        Rgb::hex(0x999933),
        Rgb::hex(0x88ccee),
        Rgb::hex(0x117733),
        Rgb::hex(0xaa4499),
    ],
};

/// The dark theme: style.css's dark overrides on top of the light colours; the two darkest
/// holder colours and the green are lightened so they stand out on a dark panel.
const DARK: Palette = Palette {
    bg: Rgb::hex(0x111418),
    fg: Rgb::hex(0xe8eaed),
    muted: Rgb::hex(0xa0a8b3),
    panel: Rgb::hex(0x1a1f25),
    line: Rgb::hex(0x2e3540),
    accent: Rgb::hex(0x56b4e9),
    python: Rgb::hex(0x3d9be0),
    held: Rgb::hex(0x3d9be0),
    start: Rgb::hex(0xb0b0b0),
    holders: [
        Rgb::hex(0x8877dd),
        Rgb::hex(0xddcc77),
        Rgb::hex(0xcc5588),
        Rgb::hex(0x44aa99),
        Rgb::hex(0xcc6677),
        Rgb::hex(0x999933),
        Rgb::hex(0x88ccee),
        Rgb::hex(0x33aa66),
        Rgb::hex(0xaa4499),
    ],
    ..LIGHT
};

impl Palette {
    /// Every colour with the name of its custom property in style.css.
    pub fn custom_properties(&self) -> [(&'static str, Rgb); 16] {
        [
            ("bg", self.bg),
            ("fg", self.fg),
            ("muted", self.muted),
            ("panel", self.panel),
            ("line", self.line),
            ("accent", self.accent),
            ("python", self.python),
            ("c", self.c),
            ("gil", self.gil),
            ("core", self.core),
            ("io", self.io),
            ("pickle", self.pickle),
            ("unpickle", self.unpickle),
            ("start", self.start),
            ("loop", self.loop_),
            ("held", self.held),
        ]
    }

    /// The holder colours with the names of their custom properties in style.css (`--h0`…).
    pub fn holder_properties(&self) -> [(&'static str, Rgb); HOLDER_COLOURS] {
        let names = ["h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"];
        std::array::from_fn(|i| (names[i], self.holders[i]))
    }

    /// How `state` is filled, as style.css's `.st-*` rules fill it.
    pub fn fill(&self, state: State) -> Fill {
        match state {
            State::RunningPython => Fill::Solid(self.python, 100),
            State::RunningC => Fill::Solid(self.c, 100),
            State::WaitingGil => Fill::Hatch {
                bg: self.gil.mix(HATCH_MIX, self.bg),
                line: self.gil,
            },
            State::WaitingCore => Fill::Solid(self.core, 55),
            State::WaitingIo => Fill::Dots {
                bg: self.io.mix(DOTS_MIX, self.bg),
                dot: self.io,
            },
            State::Pickling => Fill::Solid(self.pickle, 100),
            State::Unpickling => Fill::Solid(self.unpickle, 100),
            State::Starting => Fill::Solid(self.start, 100),
            State::Idle => Fill::Solid(self.bg, 100),
            State::LoopOverhead => Fill::Solid(self.loop_, 100),
            State::Held => Fill::Solid(self.held, 75),
            State::WaitingLock => Fill::Bars {
                bg: self.fg.mix(BARS_MIX, self.bg),
                bar: self.fg,
            },
            State::WaitingQueue => Fill::Solid(self.fg, QUEUE_OPACITY),
        }
    }

    /// The colour of GIL holder number `index` (colours repeat after [`HOLDER_COLOURS`]).
    pub fn holder(&self, index: usize) -> Rgb {
        self.holders[index % HOLDER_COLOURS]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLE: &str = include_str!("../../static/style.css");

    /// The `--name: #hex` declarations of the first rule whose selector is exactly `selector`.
    fn custom_properties(selector: &str) -> Vec<(String, String)> {
        let start = STYLE
            .match_indices(selector)
            .map(|(i, _)| i + selector.len())
            .find(|&i| STYLE[i..].trim_start().starts_with('{'))
            .unwrap_or_else(|| panic!("style.css has no rule '{selector}'"));
        let body = &STYLE[start..];
        let body = &body[body.find('{').unwrap() + 1..body.find('}').unwrap()];
        body.split(';')
            .filter_map(|decl| {
                let (name, value) = decl.split_once(':')?;
                let name = name.trim().strip_prefix("--")?;
                Some((name.to_string(), value.trim().to_string()))
            })
            .collect()
    }

    fn assert_matches(palette: &Palette, selectors: &[&str]) {
        // Later rules override earlier ones, as in the cascade.
        let mut css: Vec<(String, String)> = Vec::new();
        for s in selectors {
            for (k, v) in custom_properties(s) {
                css.retain(|(name, _)| *name != k);
                css.push((k, v));
            }
        }
        let all = palette.custom_properties().into_iter();
        for (name, colour) in all.chain(palette.holder_properties()) {
            let value = css
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("style.css does not define --{name} for {selectors:?}"));
            assert_eq!(value, colour.to_string(), "--{name} for {selectors:?}");
        }
    }

    #[test]
    fn light_colours_are_style_css_root_colours() {
        assert_matches(Theme::Light.palette(), &[":root"]);
    }

    #[test]
    fn dark_colours_are_style_css_dark_overrides_in_both_places() {
        assert_matches(Theme::Dark.palette(), &[":root", ":root.theme-dark"]);
        assert_matches(Theme::Dark.palette(), &[":root", ":root:not(.theme-light)"]);
    }

    #[test]
    fn pattern_tints_are_style_css_colour_mixes() {
        for rule in [
            format!(
                ".hatch-bg {{ fill: color-mix(in srgb, var(--gil) {HATCH_MIX}%, var(--bg)); }}"
            ),
            format!(".dots-bg {{ fill: color-mix(in srgb, var(--io) {DOTS_MIX}%, var(--bg)); }}"),
            format!(".bars-bg {{ fill: color-mix(in srgb, var(--fg) {BARS_MIX}%, var(--bg)); }}"),
            ".st-waiting-core { fill: var(--core); fill-opacity: .55; }".to_string(),
            ".st-held { fill: var(--held); fill-opacity: .75; }".to_string(),
            format!(".st-waiting-queue {{ fill: var(--fg); fill-opacity: .{QUEUE_OPACITY}; }}"),
        ] {
            assert!(STYLE.contains(&rule), "style.css no longer has '{rule}'");
        }
    }

    #[test]
    fn mixing_follows_css_color_mix_in_srgb() {
        let (white, black) = (Rgb::hex(0xffffff), Rgb::hex(0x000000));
        assert_eq!(white.mix(100, black), white);
        assert_eq!(white.mix(0, black), black);
        assert_eq!(white.mix(50, black), Rgb(128, 128, 128));
        assert_eq!(
            Rgb::hex(0xd55e00).mix(35, Rgb::hex(0xfbfbfa)).to_string(),
            "#eec4a3"
        );
    }

    #[test]
    fn neighbouring_holder_colours_differ_in_lightness() {
        use crate::engine::Named;
        let luma = |c: Rgb| 299 * u32::from(c.0) + 587 * u32::from(c.1) + 114 * u32::from(c.2);
        for &theme in Theme::all() {
            let p = theme.palette();
            let (a, b) = (luma(p.holder(0)), luma(p.holder(1)));
            assert!(a.abs_diff(b) > 50_000, "{theme:?}: {a} vs {b}");
            for h in p.holders {
                assert!(p.custom_properties().iter().all(|(_, c)| *c != h), "{h}");
            }
        }
    }
}
