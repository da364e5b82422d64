//! Lane names that fit a narrow label column and still tell lanes apart: the engine's names are
//! full words ("Executor thread 3", "Result handler"), which a phone's column of about a dozen
//! characters cut to five identical "Executor threa…". Only the drawing shortens them; the
//! trace, the read-outs and the lessons keep the full names.

use super::xml::text_width;

/// Shorter words for the names the engine writes, tried when a name does not fit.
const SHORTER: [(&str, &str); 4] = [
    ("Executor thread", "Executor"),
    ("Task handler", "Task hdlr"),
    ("Result handler", "Result hdlr"),
    ("Interpreter", "Interp."),
];

/// `name` as a label at most `px` pixels wide at `font_px`: whole if it fits, else in shorter
/// words, which keep the number that tells a lane from its neighbours (every name the engine
/// gives a drawn lane then fits a phone's column); anything longer is cut with an ellipsis.
pub fn fit(name: &str, px: f64, font_px: f64) -> String {
    let fits = |s: &str| text_width(s, font_px, false) <= px;
    let mut name = name.to_string();
    for (long, short) in SHORTER {
        if let Some(rest) = name.strip_prefix(long).filter(|_| !fits(&name)) {
            name = short.to_string() + rest;
        }
    }
    if fits(&name) {
        return name;
    }
    loop {
        name.pop();
        let cut = name.clone() + "…";
        if name.is_empty() || !name.ends_with(' ') && fits(&cut) {
            return cut;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_fit_stay_whole() {
        assert_eq!(fit("Executor thread 3", 200.0, 12.0), "Executor thread 3");
        assert_eq!(fit("Core 0", 50.0, 12.0), "Core 0");
    }

    #[test]
    fn long_names_use_shorter_words_and_keep_their_number() {
        // At most 40 lanes are drawn, so no drawn executor thread has a number past 40.
        assert_eq!(fit("Executor thread 38", 82.0, 12.0), "Executor 38");
        assert_eq!(fit("Result handler", 82.0, 12.0), "Result hdlr");
        assert_eq!(fit("Interpreter 7", 70.0, 12.0), "Interp. 7");
    }

    #[test]
    fn names_too_long_even_in_short_words_are_cut_with_an_ellipsis() {
        let cut = fit("A very long name of a lane", 82.0, 12.0);
        assert!(cut.starts_with("A very") && cut.ends_with('…'), "{cut}");
        assert!(text_width(&cut, 12.0, false) <= 82.0, "{cut}");
    }
}
