//! Writing SVG text: escaping, numbers with fixed precision (so output is byte-identical from
//! run to run), and text measured and wrapped without a font at hand.

use std::fmt::Write;

use super::axis::Anchor;

/// Estimated mean character width of the pictures' sans-serif type, as a share of the font
/// size. On the generous side (real text is about 0.5–0.55), because an estimate too small
/// would let text run past the edge of the picture.
pub const CHAR_EM: f64 = 0.6;

/// `s` made safe for XML text and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids: a stray control character must not break the file.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal, without a trailing ".0": fixed precision keeps the output
/// identical whatever tiny differences the arithmetic had, and short.
pub fn num(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let s = format!("{x:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s);
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Estimated width in pixels of `s` set at `font_px`.
pub fn width(s: &str, font_px: f64) -> f64 {
    s.chars().count() as f64 * font_px * CHAR_EM
}

/// `text` broken into lines of at most `max_px` at `font_px`: between words, or inside a word
/// too long for a line (a link) after one of `/?&` where it has one, else anywhere.
pub fn wrap(text: &str, max_px: f64, font_px: f64) -> Vec<String> {
    let max_chars = ((max_px / (font_px * CHAR_EM)).floor() as usize).max(8);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let joined = line.chars().count() + 1 + word.chars().count();
        if !line.is_empty() && joined <= max_chars {
            line.push(' ');
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest: Vec<char> = word.chars().collect();
        while rest.len() > max_chars {
            let cut = (1..max_chars)
                .rev()
                .find(|&i| matches!(rest[i - 1], '/' | '?' | '&'))
                .unwrap_or(max_chars);
            lines.push(rest.drain(..cut).collect());
        }
        line = rest.into_iter().collect();
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes a `<text>` element.
pub fn text(out: &mut String, x: f64, y: f64, class: &str, anchor: Anchor, content: &str) {
    let anchor = match anchor {
        Anchor::Start => String::new(),
        a => format!(" text-anchor=\"{}\"", a.svg()),
    };
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" class=\"{class}\"{anchor}>{}</text>",
        num(x),
        num(y),
        esc(content)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            esc("a<b>&\"c\"'\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos; "
        );
    }

    #[test]
    fn numbers_have_one_decimal_at_most() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let url =
            "http://127.0.0.1:8080/?preset=cpu-bound&model=threads&workers=4&cores=8&python=3.14";
        let text = format!("Open it in Concurrency Lab: {url}");
        let lines = wrap(&text, 200.0, 10.0);
        assert!(lines.len() > 2, "{lines:?}");
        for l in &lines {
            assert!(width(l, 10.0) <= 200.0, "{l}");
        }
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }
}
