//! The settings table in words: the command line's usage text and the README's table (a test
//! checks that the README holds exactly this table).

use super::{Kind, SETTINGS};

/// What a flag's value looks like in the usage text.
fn placeholder(kind: Kind) -> &'static str {
    match kind {
        Kind::Whole { .. } => "N",
        Kind::Number { .. } => "X",
        Kind::Switch => "[=BOOL]",
        Kind::Choice(_) => "NAME",
        Kind::Groups => "G",
        Kind::Label => "TEXT",
        Kind::Names => "NAMES",
    }
}

/// One line per setting: flag, value, meaning and allowed values.
pub fn usage() -> String {
    SETTINGS
        .iter()
        .map(|d| {
            let flag = format!("{} {}", d.flag(), placeholder(d.kind));
            format!("  {flag:<26} {} ({})", d.doc, d.kind.range())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The settings as a Markdown table: key, flag, allowed values, meaning.
pub fn markdown_table() -> String {
    let mut out = String::from("| setting | flag | values | meaning |\n|---|---|---|---|\n");
    for d in SETTINGS {
        let unset = if d.optional {
            "; may be left unset"
        } else {
            ""
        };
        out.push_str(&format!(
            "| `{}` | `{}` | {}{unset} | {} |\n",
            d.key,
            d.flag(),
            d.kind.range().replace('|', "\\|"),
            d.doc
        ));
    }
    out
}
