//! Addresses: the one encoder and decoder of query strings, used for the Lab's own address,
//! embeds, lessons and share snippets. Queries are `application/x-www-form-urlencoded`, as the
//! browser's `URLSearchParams` reads them: `+` is a space and `%XX` a byte. Writing encodes
//! every byte but letters, digits and `-_.~`, so a `+` in a model name travels as `%2B`.

use crate::engine::{settings, Scenario};

/// The page's own keys: which view, and an embed's options. Not scenario settings.
pub mod page {
    /// Which view: `lessons`, `lesson`, `crash-test` (the Lab when absent).
    pub const VIEW: &str = "view";
    /// `view=` of the lesson list.
    pub const LESSON_LIST: &str = "lessons";
    /// A lesson's id.
    pub const LESSON: &str = "lesson";
    /// A lesson's step, counted from 1.
    pub const STEP: &str = "step";
    /// Present (and not false) for the embed view.
    pub const EMBED: &str = "embed";
    /// How many controls an embed shows: `none`, `compact` or `full`.
    pub const CONTROLS: &str = "controls";
    /// An embed's frame height in pixels, chosen by the writer (or the Share panel).
    pub const HEIGHT: &str = "height";
    /// Every key that belongs to the page rather than to the scenario.
    pub const KEYS: [&str; 10] = [
        VIEW, LESSON, STEP, EMBED, CONTROLS, "autoplay", "speed", "loop", "theme", HEIGHT,
    ];
}

/// Encodes `pairs` as a query string without the `?`.
pub fn encode<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let part = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", part(k.as_ref()), part(v.as_ref())))
        .collect::<Vec<_>>()
        .join("&")
}

/// Decodes a query string (with or without its `?`) into its pairs, in order. Malformed escapes
/// are kept as they are, and bytes that are not UTF-8 become U+FFFD, as the browser does.
pub fn decode(query: &str) -> Vec<(String, String)> {
    let part = |text: &str| -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| char::from(b).to_digit(16);
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => match (
                    bytes.get(i + 1).and_then(|&b| hex(b)),
                    bytes.get(i + 2).and_then(|&b| hex(b)),
                ) {
                    (Some(hi), Some(lo)) => {
                        out.push((hi * 16 + lo) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                },
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    };
    query
        .strip_prefix('?')
        .unwrap_or(query)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (part(k), part(v))
        })
        .collect()
}

/// `base` followed by `?` and the query of `pairs` (just `base` when there are none).
fn with_query<K: AsRef<str>, V: AsRef<str>>(base: &str, pairs: &[(K, V)]) -> String {
    if pairs.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", encode(pairs))
    }
}

/// The lessons' page, beside the Lab's (`index.html`) at the app's root: two pages so that each
/// can name its own module in preload hints. Addresses below take the app's folder (`base`,
/// ending in `/`, or empty for an address relative to either page) and add the page.
pub const LESSONS_PAGE: &str = "lessons.html";

/// The Lab's address for `s`.
pub fn lab(base: &str, s: &Scenario) -> String {
    with_query(base, &settings::to_pairs(s))
}

/// The address of one of the views shown by the Lab's page (`view=crash-test`).
pub fn view(base: &str, name: &str) -> String {
    with_query(base, &[(page::VIEW, name)])
}

/// The lesson list's address.
pub fn lessons(base: &str) -> String {
    with_query(
        &format!("{base}{LESSONS_PAGE}"),
        &[(page::VIEW, page::LESSON_LIST)],
    )
}

/// A lesson step's address (`step` counted from 0).
pub fn lesson(base: &str, id: &str, step: usize) -> String {
    with_query(&format!("{base}{LESSONS_PAGE}"), &lesson_pairs(id, step))
}

fn lesson_pairs(id: &str, step: usize) -> Vec<(&'static str, String)> {
    vec![
        (page::VIEW, page::LESSON.to_string()),
        (page::LESSON, id.to_string()),
        (page::STEP, (step + 1).to_string()),
    ]
}

/// The embed view's address for `s`, or for a lesson step (`step` counted from 0).
pub fn embed(base: &str, s: &Scenario, lesson: Option<(&str, usize)>, controls: &str) -> String {
    let mut pairs = vec![(page::EMBED, "1".to_string())];
    let page = match lesson {
        Some((id, step)) => {
            pairs.extend(lesson_pairs(id, step).into_iter().skip(1));
            format!("{base}{LESSONS_PAGE}")
        }
        None => {
            pairs.extend(settings::to_pairs(s));
            pairs.push((page::CONTROLS, controls.to_string()));
            base.to_string()
        }
    };
    with_query(&page, &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_reads_what_encoding_writes() {
        let pairs = [
            ("model", "asyncio+threads"),
            ("groups", "a b:1:1:0:0:0;c:2:1:0:1:0"),
            ("x", "é%&="),
        ];
        let back = decode(&encode(&pairs));
        let want: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(back, want);
        assert_eq!(encode(&pairs[..1]), "model=asyncio%2Bthreads");
    }

    #[test]
    fn decoding_follows_the_browser_on_plus_and_bad_escapes() {
        assert_eq!(
            decode("?model=asyncio+threads&bad=%zz%4&empty&=v"),
            vec![
                ("model".into(), "asyncio threads".into()),
                ("bad".into(), "%zz%4".into()),
                ("empty".into(), String::new()),
                (String::new(), "v".into()),
            ]
        );
    }
}
