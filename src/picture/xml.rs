//! Writing SVG text: escaping, numbers with fixed precision (so output is byte-identical from
//! run to run), and text measured and wrapped without a font at hand.

use std::fmt::Write;

use super::axis::Anchor;

/// How much wider bold type is than regular, at most.
const BOLD: f64 = 1.12;

/// A character's width as a share of the font size: DejaVu Sans's advance widths (the widest
/// of the common system sans-serifs, the one a Linux browser picks for `system-ui`) rounded up
/// into a few classes, so that text measured here never runs past an edge in a real browser.
fn char_em(c: char) -> f64 {
    match c {
        ' ' | 'i' | 'j' | 'l' | 'I' | 'J' | ',' | '.' | '·' | '/' | ':' | ';' | '\\' | '|'
        | 'f' | '\'' | '!' => 0.34,
        '-' | '(' | ')' | '[' | ']' | 't' | 'r' => 0.4,
        '"' | '*' | '_' | '`' | '–' | 's' | 'z' | '?' | 'c' => 0.55,
        'm' | 'W' | '%' | '@' | '—' | '…' => 1.0,
        '#' | '+' | '<' | '=' | '>' | '^' | '~' | '×' | 'M' => 0.86,
        'w' | '&' | 'A'..='Z' => 0.79,
        c if c.is_ascii() || c == 'µ' => 0.64,
        _ => 1.0,
    }
}

/// Estimated width in pixels of `s` set at `font_px`, in bold if `bold`.
pub fn text_width(s: &str, font_px: f64, bold: bool) -> f64 {
    let em: f64 = s.chars().map(char_em).sum();
    em * font_px * if bold { BOLD } else { 1.0 }
}

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
    // Rounding to tenths by hand is many times faster than formatting a float (a busy timeline
    // writes tens of thousands of coordinates), and agrees with it everywhere but near a tie,
    // which is left to the formatter.
    let tenths = x * 10.0;
    if tenths.abs() < 1e9 && ((tenths - tenths.trunc()).abs() - 0.5).abs() > 1e-6 {
        // The shortest decimal that reads back as the rounded value has one decimal at most.
        let rounded = tenths.round() / 10.0;
        return if rounded == 0.0 {
            "0".to_string()
        } else {
            rounded.to_string()
        };
    }
    let s = format!("{x:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s);
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// `text` broken into lines at most `max_px` wide (by [`text_width`]): between words, or inside
/// a word too long for a line (a link) after one of `/?&` where it has one, else anywhere.
pub fn wrap(text: &str, max_px: f64, font_px: f64, bold: bool) -> Vec<String> {
    let fits = |s: &str| text_width(s, font_px, bold) <= max_px;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let joined = format!("{line} {word}");
        if !line.is_empty() && fits(&joined) {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest: Vec<char> = word.chars().collect();
        while !fits(&rest.iter().collect::<String>()) && rest.len() > 1 {
            // The longest prefix that fits (at least one character), cut after a separator
            // within it if there is one.
            let fit = (1..=rest.len())
                .take_while(|&n| fits(&rest[..n].iter().collect::<String>()))
                .last()
                .unwrap_or(1);
            let cut = (1..fit)
                .rev()
                .find(|&i| matches!(rest[i - 1], '/' | '?' | '&'))
                .unwrap_or(fit);
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
        assert_eq!(num(-0.3), "-0.3");
        assert_eq!(num(-12.36), "-12.4");
        // The quick rounding writes what the formatter would, ties (x.x5) included.
        let formatted = |x: f64| {
            let s = format!("{x:.1}");
            let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
            if s == "-0" {
                "0".to_string()
            } else {
                s
            }
        };
        for i in -20_000..20_000 {
            for x in [f64::from(i) * 0.0137, f64::from(i) / 20.0] {
                assert_eq!(num(x), formatted(x), "{x}");
            }
        }
    }

    #[test]
    fn wide_letters_measure_wider_than_narrow_ones_and_bold_wider_still() {
        assert!(text_width("mmm", 10.0, false) > text_width("iii", 10.0, false) * 2.5);
        assert!(text_width("speedup", 10.0, true) > text_width("speedup", 10.0, false));
        assert_eq!(text_width("", 10.0, false), 0.0);
    }

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let url =
            "http://127.0.0.1:8080/?preset=cpu-bound&model=threads&workers=4&cores=8&python=3.14";
        let text = format!("Open it in Concurrency Lab: {url}");
        let lines = wrap(&text, 200.0, 10.0, false);
        assert!(lines.len() > 2, "{lines:?}");
        for l in &lines {
            assert!(text_width(l, 10.0, false) <= 200.0, "{l}");
        }
        assert!(
            lines[1].ends_with('?') || lines[1].ends_with('&'),
            "{lines:?}"
        );
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }
}
