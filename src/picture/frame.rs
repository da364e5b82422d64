//! What every picture has around its chart: the `<svg>` element with its title and description
//! for screen readers, the shared style, the panel, a title block, rows of labelled items that
//! wrap at the edge, and the caption with the scenario in words and the link back to the Lab.

use std::fmt::Write;

use super::axis::Anchor;
use super::palette::{Palette, Rgb};
use super::xml::{esc, num, text_width, wrap};
use super::{words, Options};
use crate::engine::Plan;

/// Space around the content, in pixels.
pub const PAD: f64 = 16.0;
/// Line height as a multiple of the type size.
const LEADING: f64 = 1.4;

/// A kind of text: its class, size, weight and colour. The base style is written from these, so
/// what is measured is what is drawn.
pub struct Type {
    /// Its class.
    pub class: &'static str,
    /// Its size in pixels.
    pub px: f64,
    /// Bold.
    pub bold: bool,
    colour: fn(&Palette) -> Rgb,
}

impl Type {
    /// The width of `s` in this type, by the pictures' estimate.
    pub fn width(&self, s: &str) -> f64 {
        text_width(s, self.px, self.bold)
    }

    /// Writes `content` at (`x`, `y`) (the baseline) in this type.
    pub fn text(&self, out: &mut String, x: f64, y: f64, anchor: Anchor, content: &str) {
        super::xml::text(out, x, y, self.class, anchor, content);
    }
}

/// The picture's title.
pub const TITLE: Type = Type {
    class: "cl-t",
    px: 16.0,
    bold: true,
    colour: |p| p.fg,
};
/// The headline figures (their values in bold).
pub const HEAD: Type = Type {
    class: "cl-h",
    px: 13.0,
    bold: false,
    colour: |p| p.fg,
};
/// Lane and bar names.
pub const LABEL: Type = Type {
    class: "cl-l",
    px: 11.0,
    bold: false,
    colour: |p| p.fg,
};
/// Legend, notes and caption.
pub const NOTE: Type = Type {
    class: "cl-m",
    px: 11.0,
    bold: false,
    colour: |p| p.muted,
};
/// Axis labels.
pub const TICK: Type = Type {
    class: "cl-k",
    px: 10.0,
    bold: false,
    colour: |p| p.muted,
};
const TYPES: [&Type; 5] = [&TITLE, &HEAD, &LABEL, &NOTE, &TICK];

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

    /// Writes `content` in `ty`, in lines wrapped to the picture's width.
    pub fn paragraph(&mut self, content: &str, ty: &Type) {
        for line in wrap(content, self.width - 2.0 * PAD, ty.px, ty.bold) {
            ty.text(&mut self.body, PAD, self.y + ty.px, Anchor::Start, &line);
            self.y += ty.px * LEADING;
        }
    }

    /// Writes items left to right, each a swatch drawn by `swatch(body, item, x, y)` (14 px
    /// wide) and a label in [`NOTE`] type, wrapping to a new line before the right edge.
    pub fn legend<T>(
        &mut self,
        items: &[T],
        label: impl Fn(&T) -> &str,
        swatch: impl Fn(&mut String, &T, f64, f64),
    ) {
        let (gap, line_h) = (14.0, NOTE.px * LEADING + 2.0);
        let mut x = PAD;
        let mut y = self.y;
        for item in items {
            let w = 19.0 + NOTE.width(label(item));
            if x > PAD && x + w > self.width - PAD {
                x = PAD;
                y += line_h;
            }
            swatch(&mut self.body, item, x, y + 2.0);
            NOTE.text(
                &mut self.body,
                x + 19.0,
                y + NOTE.px,
                Anchor::Start,
                label(item),
            );
            x += w + gap;
        }
        if !items.is_empty() {
            self.y = y + line_h;
        }
    }

    /// Writes figures as "what **value**" pairs on a line, wrapping before the right edge.
    pub fn figures(&mut self, items: &[(&str, String)]) {
        let line_h = HEAD.px * LEADING;
        let mut x = PAD;
        for (what, value) in items {
            let w = HEAD.width(&format!("{what} ")) + text_width(value, HEAD.px, true);
            if x > PAD && x + w > self.width - PAD {
                x = PAD;
                self.y += line_h;
            }
            let _ = writeln!(
                self.body,
                "<text x=\"{}\" y=\"{}\" class=\"{}\">{} <tspan class=\"cl-b\">{}</tspan></text>",
                num(x),
                num(self.y + HEAD.px),
                HEAD.class,
                esc(what),
                esc(value)
            );
            x += w + 18.0;
        }
        self.y += line_h;
    }

    /// Writes the caption: `about` (the scenario in words) and the Lab's link to `s`, as text (a
    /// picture shown through `<img>` cannot be clicked, and must not point outside itself).
    pub fn caption(&mut self, about: &str, s: &Plan, opts: &Options) {
        self.paragraph(about, &NOTE);
        self.paragraph(&words::lab_link(s, &opts.lab_url), &NOTE);
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
        let mut out = String::with_capacity(self.body.len() + 4096);
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

/// The panel, the types and the grid; class names carry a `cl-` prefix because a picture inlined
/// into a page shares the page's style sheet.
fn base_style(p: &Palette) -> String {
    let mut css = format!(
        ".cl-panel{{fill:{};stroke:{}}}\n.cl-b{{font-weight:700}}\n.cl-grid{{stroke:{};stroke-width:.6}}\n",
        p.panel, p.line, p.line
    );
    for ty in TYPES {
        let weight = if ty.bold { ";font-weight:700" } else { "" };
        let _ = writeln!(
            css,
            ".{}{{font-size:{}px{weight};fill:{}}}",
            ty.class,
            num(ty.px),
            (ty.colour)(p)
        );
    }
    css
}
