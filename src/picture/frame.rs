//! What every picture has around its chart: the `<svg>` element with its title and description
//! for screen readers, the shared style, the panel, a title block, rows of labelled items that
//! wrap at the edge, and the caption with the scenario in words and the link back to the Lab.

use std::fmt::Write;

use super::axis::Anchor;
use super::palette::Palette;
use super::xml::{esc, num, text, width, wrap};
use super::Options;
use crate::embed;
use crate::engine::Scenario;

/// Space around the content, in pixels.
pub const PAD: f64 = 16.0;
/// Title type size.
pub const TITLE_PX: f64 = 16.0;
/// Type size of the headline figures.
pub const HEAD_PX: f64 = 13.0;
/// Type size of lane names, legend and caption.
pub const SMALL_PX: f64 = 11.0;
/// Type size of axis labels.
pub const TICK_PX: f64 = 10.0;
/// Line height as a multiple of the type size.
const LEADING: f64 = 1.4;

/// A picture being written top to bottom: its body and the height used so far.
pub struct Frame {
    /// The picture's width.
    pub width: f64,
    /// The next free line's top.
    pub y: f64,
    /// The markup so far (everything inside `<svg>` after the style).
    pub body: String,
}

impl Frame {
    /// A frame `width` px wide with nothing in it yet.
    pub fn new(width: f64) -> Frame {
        Frame {
            width,
            y: PAD,
            body: String::new(),
        }
    }

    /// Writes `content` in lines wrapped to the picture's width, in `class` at `font_px`.
    pub fn paragraph(&mut self, content: &str, class: &str, font_px: f64) {
        for line in wrap(content, self.width - 2.0 * PAD, font_px) {
            text(
                &mut self.body,
                PAD,
                self.y + font_px,
                class,
                Anchor::Start,
                &line,
            );
            self.y += font_px * LEADING;
        }
    }

    /// Writes items left to right, each a swatch drawn by `swatch(body, x, y)` (`swatch_w` px
    /// wide; none when 0) and a label, wrapping to a new line before the right edge.
    pub fn flow<T>(
        &mut self,
        items: &[T],
        swatch_w: f64,
        label: impl Fn(&T) -> String,
        swatch: impl Fn(&mut String, &T, f64, f64),
    ) {
        let (gap, line_h) = (14.0, SMALL_PX * LEADING + 2.0);
        let mut x = PAD;
        let mut y = self.y;
        for item in items {
            let text_x = if swatch_w > 0.0 { swatch_w + 5.0 } else { 0.0 };
            let w = text_x + width(&label(item), SMALL_PX);
            if x > PAD && x + w > self.width - PAD {
                x = PAD;
                y += line_h;
            }
            swatch(&mut self.body, item, x, y + 2.0);
            text(
                &mut self.body,
                x + text_x,
                y + SMALL_PX,
                "cl-m",
                Anchor::Start,
                &label(item),
            );
            x += w + gap;
        }
        if !items.is_empty() {
            self.y = y + line_h;
        }
    }

    /// Writes figures as "what **value**" pairs on a line, wrapping before the right edge.
    pub fn figures(&mut self, items: &[(&str, String)]) {
        let line_h = HEAD_PX * LEADING;
        let mut x = PAD;
        for (what, value) in items {
            let w = width(&format!("{what} {value}"), HEAD_PX);
            if x > PAD && x + w > self.width - PAD {
                x = PAD;
                self.y += line_h;
            }
            let _ = writeln!(
                self.body,
                "<text x=\"{}\" y=\"{}\" class=\"cl-h\">{} <tspan class=\"cl-b\">{}</tspan></text>",
                num(x),
                num(self.y + HEAD_PX),
                esc(what),
                esc(value)
            );
            x += w + 18.0;
        }
        self.y += line_h;
    }

    /// Writes the caption: `about` (the scenario in words) and the Lab's link to `s`, as text (a
    /// picture shown through `<img>` cannot be clicked, and must not point outside itself).
    pub fn caption(&mut self, about: &str, s: &Scenario, opts: &Options) {
        self.paragraph(about, "cl-m", SMALL_PX);
        self.paragraph(&link_line(s, opts), "cl-m", SMALL_PX);
    }

    /// The finished picture: `<svg>` with `title` and `desc`, the base style plus `style`,
    /// `defs` (ids the style refers to), the panel, and the body.
    pub fn finish(
        self,
        title: &str,
        desc: &str,
        palette: &Palette,
        style: &str,
        defs: &str,
    ) -> String {
        let (w, h) = (num(self.width), num(self.y + PAD));
        let mut out = String::with_capacity(self.body.len() + 2048);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
             role=\"img\" aria-labelledby=\"cl-title cl-desc\" font-family=\"system-ui, sans-serif\">\n\
             <title id=\"cl-title\">{}</title>\n<desc id=\"cl-desc\">{}</desc>\n<style>\n{}{style}</style>\n<defs>{defs}</defs>\n\
             <rect class=\"cl-panel\" x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"{}\" rx=\"8\"/>\n",
            esc(title),
            esc(desc),
            base_style(palette),
            num(self.width - 1.0),
            num(self.y + PAD - 1.0),
        );
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

/// "Open it in Concurrency Lab: <link>".
pub fn link_line(s: &Scenario, opts: &Options) -> String {
    format!(
        "Open it in Concurrency Lab: {}",
        embed::permalink(&opts.lab_url, s)
    )
}

/// Text and panel colours; class names carry a `cl-` prefix because a picture inlined into a
/// page shares the page's style sheet.
fn base_style(p: &Palette) -> String {
    format!(
        ".cl-panel{{fill:{panel};stroke:{line}}}\n\
         .cl-t{{font-size:{TITLE_PX}px;font-weight:700;fill:{fg}}}\n\
         .cl-h{{font-size:{HEAD_PX}px;fill:{fg}}}\n\
         .cl-b{{font-weight:700}}\n\
         .cl-l{{font-size:{SMALL_PX}px;fill:{fg}}}\n\
         .cl-m{{font-size:{SMALL_PX}px;fill:{muted}}}\n\
         .cl-k{{font-size:{TICK_PX}px;fill:{muted}}}\n\
         .cl-grid{{stroke:{line};stroke-width:.6}}\n",
        panel = p.panel,
        line = p.line,
        fg = p.fg,
        muted = p.muted,
    )
}
