//! Python syntax highlighting: a small hand-written tokenizer, since a grammar engine would not
//! fit the page's size budget. It knows what a reader's eye needs: keywords, builtins, strings
//! (f-strings with their expressions, triple quotes, prefixes), comments, numbers, decorators
//! and the names that `def` and `class` introduce. Everything else is left plain.

use std::ops::Range;

use super::names::{is_builtin, is_keyword};

/// What a highlighted piece of code is; its name (`keyword`, `string`…) is its CSS class.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, strum::IntoStaticStr,
)]
#[strum(serialize_all = "lowercase")]
pub enum TokenKind {
    /// `def`, `async`, `await`, `True`...
    Keyword,
    /// `print`, `range`, `bytes`...
    Builtin,
    /// A string literal, or the literal part of an f-string.
    String,
    /// From `#` to the end of the line.
    Comment,
    /// `42`, `0.5`, `1_000`, `1e-3`, `0xff`.
    Number,
    /// `@name` or `@package.name` at the start of a line.
    Decorator,
    /// The name after `def` or `class`.
    Definition,
}

/// The highlighted pieces of `code`: byte ranges into it, in order and never overlapping.
/// Whatever no range covers is plain (names, operators, brackets, white space).
pub fn highlight(code: &str) -> Vec<(Range<usize>, TokenKind)> {
    let mut out = Vec::new();
    tokens(code.as_bytes(), 0..code.len(), &mut out);
    out
}

fn is_word_byte(b: u8) -> bool {
    // Bytes of non-ASCII characters count as letters, so a word never splits a character.
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Tokenizes `code[range]`; f-strings call it again for the expressions they hold.
fn tokens(code: &[u8], range: Range<usize>, out: &mut Vec<(Range<usize>, TokenKind)>) {
    let end = range.end;
    let mut i = range.start;
    // Only white space so far on this line (where a decorator may stand).
    let mut line_start = true;
    // The last word was `def` or `class`.
    let mut defining = false;
    while i < end {
        let c = code[i];
        let start = i;
        match c {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\x0c' => {
                i += 1;
                continue;
            }
            b'#' => {
                i = until(code, i, end, b'\n');
                out.push((start..i, TokenKind::Comment));
            }
            b'@' if line_start => {
                i += 1;
                while i < end && (is_word_byte(code[i]) || code[i] == b'.') {
                    i += 1;
                }
                out.push((start..i, TokenKind::Decorator));
            }
            b'"' | b'\'' => i = string(code, start, i, end, false, out),
            _ if c.is_ascii_digit()
                || (c == b'.' && i + 1 < end && code[i + 1].is_ascii_digit()) =>
            {
                i = number(code, i, end);
                out.push((start..i, TokenKind::Number));
            }
            c if is_word_byte(c) => {
                while i < end && is_word_byte(code[i]) {
                    i += 1;
                }
                let word = std::str::from_utf8(&code[start..i]).unwrap_or("");
                if i < end && matches!(code[i], b'"' | b'\'') && is_string_prefix(word) {
                    let f = word.bytes().any(|b| b.eq_ignore_ascii_case(&b'f'));
                    i = string(code, start, i, end, f, out);
                } else {
                    let after_dot = code[range.start..start]
                        .iter()
                        .rev()
                        .find(|b| !b.is_ascii_whitespace())
                        == Some(&b'.');
                    let kind = if defining {
                        Some(TokenKind::Definition)
                    } else if is_keyword(word) {
                        Some(TokenKind::Keyword)
                    } else if is_builtin(word) && !after_dot {
                        Some(TokenKind::Builtin)
                    } else {
                        None
                    };
                    defining = word == "def" || word == "class";
                    if let Some(kind) = kind {
                        out.push((start..i, kind));
                    }
                    line_start = false;
                    continue;
                }
            }
            _ => i += 1,
        }
        defining = false;
        line_start = false;
    }
}

/// The index of the next `stop` byte at or after `i`, or `end`.
fn until(code: &[u8], i: usize, end: usize, stop: u8) -> usize {
    code[i..end]
        .iter()
        .position(|&b| b == stop)
        .map_or(end, |p| i + p)
}

fn is_string_prefix(word: &str) -> bool {
    word.len() <= 2
        && word.bytes().all(|b| b"rRbBfFuU".contains(&b))
        && !(word.len() == 2 && word.bytes().any(|b| b.eq_ignore_ascii_case(&b'u')))
}

/// A number starting at `i` (digits, `_`, `.`, letters for `0x`/`j`/exponents, and an
/// exponent's sign); returns where it ends.
fn number(code: &[u8], mut i: usize, end: usize) -> usize {
    let start = i;
    while i < end {
        let b = code[i];
        let exponent_sign = matches!(b, b'+' | b'-')
            && matches!(code[i - 1], b'e' | b'E')
            && !code[start..i].iter().any(|b| b.eq_ignore_ascii_case(&b'x'));
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exponent_sign {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// A string literal whose prefix starts at `start` and whose quote is at `quote`; pushes its
/// pieces (an f-string's expressions tokenized as code) and returns where it ends. An
/// unterminated string ends at the end of its line (or of the code, if triple-quoted).
fn string(
    code: &[u8],
    start: usize,
    quote: usize,
    end: usize,
    f: bool,
    out: &mut Vec<(Range<usize>, TokenKind)>,
) -> usize {
    let q = code[quote];
    let triple = code.get(quote..quote + 3) == Some(&[q, q, q][..]) && quote + 3 <= end;
    let mut i = quote + if triple { 3 } else { 1 };
    let mut piece = start;
    while i < end {
        match code[i] {
            b'\\' => i += 2,
            b'\n' if !triple => break,
            b if b == q && (!triple || code.get(i..i + 3) == Some(&[q, q, q][..])) => {
                i += if triple { 3 } else { 1 };
                out.push((piece..i.min(end), TokenKind::String));
                return i.min(end);
            }
            b'{' if f && code.get(i + 1) == Some(&b'{') => i += 2,
            b'{' if f => {
                out.push((piece..i, TokenKind::String));
                let (expr_end, spec_end) = replacement_field(code, i + 1, end, q);
                tokens(code, i + 1..expr_end, out);
                if spec_end > expr_end {
                    out.push((expr_end..spec_end, TokenKind::String));
                }
                // The closing brace is plain, like the opening one.
                i = spec_end + usize::from(code.get(spec_end) == Some(&b'}') && spec_end < end);
                piece = i;
            }
            _ => i += 1,
        }
    }
    let stop = i.min(end);
    if piece < stop {
        out.push((piece..stop, TokenKind::String));
    }
    stop
}

/// The expression of an f-string's `{...}` starting at `i`: where it ends (at `}`, or at a
/// conversion `!r` or format spec `:...` outside brackets), and where the field's `}` is.
fn replacement_field(code: &[u8], mut i: usize, end: usize, quote: u8) -> (usize, usize) {
    let mut depth = 0usize;
    let mut expr_end = None;
    while i < end {
        match code[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' if depth > 0 => depth -= 1,
            b'}' if depth > 0 => depth -= 1,
            b'}' => return (expr_end.unwrap_or(i), i),
            b if b == quote || b == b'\n' => break,
            // A string inside the expression, quoted the other way (before Python 3.12).
            b'"' | b'\'' if expr_end.is_none() => {
                i = until(code, i + 1, end, code[i]);
            }
            b'!' if depth == 0 && code.get(i + 1) != Some(&b'=') && expr_end.is_none() => {
                expr_end = Some(i);
            }
            b':' if depth == 0 && expr_end.is_none() => expr_end = Some(i),
            _ => {}
        }
        i += 1;
    }
    (expr_end.unwrap_or(i), i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The highlighted pieces as (text, kind), easy to read in an assertion.
    fn pieces(code: &str) -> Vec<(&str, TokenKind)> {
        highlight(code)
            .into_iter()
            .map(|(r, k)| (&code[r], k))
            .collect()
    }

    use TokenKind::*;

    #[test]
    fn keywords_builtins_numbers_and_definitions_are_told_apart() {
        assert_eq!(
            pieces("async def fetch(ms):\n    await asyncio.sleep(ms / 1_000.5e-3)\n"),
            [
                ("async", Keyword),
                ("def", Keyword),
                ("fetch", Definition),
                ("await", Keyword),
                ("1_000.5e-3", Number),
            ]
        );
        assert_eq!(
            pieces("class Pool: x = len(range(0xff))"),
            [
                ("class", Keyword),
                ("Pool", Definition),
                ("len", Builtin),
                ("range", Builtin),
                ("0xff", Number),
            ]
        );
    }

    #[test]
    fn a_builtin_name_after_a_dot_is_an_attribute() {
        assert_eq!(pieces("pool.map(f, xs)"), []);
    }

    #[test]
    fn comments_run_to_the_end_of_the_line_and_hide_what_is_in_them() {
        assert_eq!(
            pieces("x = 1  # def 'not a string'\nprint(x)"),
            [
                ("1", Number),
                ("# def 'not a string'", Comment),
                ("print", Builtin)
            ]
        );
    }

    #[test]
    fn strings_keep_their_prefixes_escapes_and_triple_quotes() {
        assert_eq!(
            pieces(
                r#"a = b"x\"y" + r'\d' + """one "two"
three""""#
            ),
            [
                (r#"b"x\"y""#, String),
                (r"r'\d'", String),
                ("\"\"\"one \"two\"\nthree\"\"\"", String),
            ]
        );
    }

    #[test]
    fn f_string_expressions_are_highlighted_as_code() {
        assert_eq!(
            pieces(r#"print(f"{len(results)} tasks in {t - t0:.3f} s {{literal}} {x!r}")"#),
            [
                ("print", Builtin),
                ("f\"", String),
                ("len", Builtin),
                (" tasks in ", String),
                (":.3f", String),
                (" s {{literal}} ", String),
                ("!r", String),
                ("\"", String),
            ]
        );
    }

    #[test]
    fn decorators_count_only_at_the_start_of_a_line() {
        assert_eq!(
            pieces("@functools.cache\ndef f(a, b):\n    return a @ b\n"),
            [
                ("@functools.cache", Decorator),
                ("def", Keyword),
                ("f", Definition),
                ("return", Keyword),
            ]
        );
    }

    #[test]
    fn an_unterminated_string_stops_at_the_end_of_its_line() {
        assert_eq!(
            pieces("s = 'open\nfor x in y: pass"),
            [
                ("'open", String),
                ("for", Keyword),
                ("in", Keyword),
                ("pass", Keyword)
            ]
        );
    }

    #[test]
    fn ranges_are_ordered_and_never_overlap_even_on_odd_input() {
        for code in [
            "f'{'",
            "f'{x:{y}}'",
            "'''",
            "x = .5 + 1e",
            "é = 'ü' # ß",
            "@",
            "f\"{a['k']}\"",
        ] {
            let ranges = highlight(code);
            for pair in ranges.windows(2) {
                assert!(pair[0].0.end <= pair[1].0.start, "{code:?}: {ranges:?}");
            }
            for (r, _) in &ranges {
                assert!(code.get(r.clone()).is_some(), "{code:?}: {r:?}");
            }
        }
    }
}
