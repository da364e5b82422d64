//! Writing Python text line by line within PEP 8's 79 columns, and noting which line each
//! anchored piece of code landed on.

use super::anchors::{Anchor, Site, States};
use crate::engine::trace::LaneKind;

/// PEP 8's longest line.
pub(super) const MAX_LINE: usize = 79;
/// One level of indentation.
const INDENT: usize = 4;

/// What ties a piece of code to the timeline; it becomes an [`Anchor`] once the code's line
/// is known.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    /// As [`Anchor::site`].
    pub site: Site,
    /// As [`Anchor::group`].
    pub group: Option<u32>,
    /// As [`Anchor::lane`].
    pub lane: LaneKind,
    /// As [`Anchor::states`].
    pub states: States,
}

/// A mark for `site` on lanes of kind `lane`.
pub(super) fn mark(site: Site, group: Option<u32>, lane: LaneKind, states: States) -> Mark {
    Mark {
        site,
        group,
        lane,
        states,
    }
}

/// A piece of code that breaks across lines when it does not fit on one: text, or a bracketed
/// list of items (a call's arguments, a comprehension's parts).
#[derive(Debug)]
pub(super) enum Doc {
    /// Text that never breaks, and the marks of the line it lands on.
    Text(String, Vec<Mark>),
    /// `open`, the items, `close`: on one line, or one item per line indented inside.
    Group(Box<Group>),
}

/// See [`Doc::Group`].
#[derive(Debug)]
pub(super) struct Group {
    /// The text before the items, ending with the opening bracket.
    pub open: String,
    /// Marks of the opening line (a call's name is there).
    pub marks: Vec<Mark>,
    /// What the brackets hold.
    pub items: Vec<Doc>,
    /// Items separated by commas (a call, a list) rather than spaces (a comprehension's parts).
    pub commas: bool,
    /// The closing bracket and what follows it on its line.
    pub close: String,
}

impl Doc {
    /// Plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Doc::Text(text.into(), Vec::new())
    }

    /// Text whose line is anchored by `marks`.
    pub fn marked(text: impl Into<String>, marks: Vec<Mark>) -> Self {
        Doc::Text(text.into(), marks)
    }

    /// A bracketed list: `open` and `close` include the brackets.
    pub fn group(open: impl Into<String>, items: Vec<Doc>, commas: bool, close: &str) -> Self {
        Doc::Group(Box::new(Group {
            open: open.into(),
            marks: Vec::new(),
            items,
            commas,
            close: close.into(),
        }))
    }

    /// The same code anchored by `marks`: its line, or a group's opening line.
    pub fn with_marks(mut self, marks: Vec<Mark>) -> Self {
        match &mut self {
            Doc::Text(_, m) => *m = marks,
            Doc::Group(g) => g.marks = marks,
        }
        self
    }

    /// The code on one line.
    fn flat(&self) -> String {
        match self {
            Doc::Text(text, _) => text.clone(),
            Doc::Group(g) => format!("{}{}{}", g.open, g.items_flat(), g.close),
        }
    }

    /// Every mark inside.
    fn marks(&self, out: &mut Vec<Mark>) {
        match self {
            Doc::Text(_, marks) => out.extend_from_slice(marks),
            Doc::Group(g) => {
                out.extend_from_slice(&g.marks);
                g.items.iter().for_each(|item| item.marks(out));
            }
        }
    }
}

impl Group {
    /// The items on one line, without the brackets.
    fn items_flat(&self) -> String {
        let sep = if self.commas { ", " } else { " " };
        let items: Vec<String> = self.items.iter().map(Doc::flat).collect();
        items.join(sep)
    }
}

/// The program being written: its lines and the anchors found on them.
#[derive(Debug, Default)]
pub(super) struct Writer {
    lines: Vec<String>,
    anchors: Vec<Anchor>,
}

impl Writer {
    /// Writes one line at `depth` levels of indentation (an empty line when `text` is empty).
    pub fn line(&mut self, depth: usize, text: &str) {
        self.marked(depth, text, &[]);
    }

    /// Writes one line anchored by `marks`.
    pub fn marked(&mut self, depth: usize, text: &str, marks: &[Mark]) {
        let line = if text.is_empty() {
            String::new()
        } else {
            format!("{:width$}{text}", "", width = depth * INDENT)
        };
        self.lines.push(line);
        let number = self.lines.len() as u32;
        self.anchors.extend(marks.iter().map(|m| Anchor {
            line: number,
            site: m.site,
            group: m.group,
            lane: m.lane,
            states: m.states,
        }));
    }

    /// Writes `doc` at `depth`: on one line if it fits; else its outer group's items on one
    /// line between the brackets' lines if they fit there; else each item on a line of its own
    /// (with a trailing comma in a list), breaking items in turn as needed.
    pub fn doc(&mut self, depth: usize, doc: &Doc) {
        self.doc_ending(depth, doc, "");
    }

    /// [`Writer::doc`], with `end` (a list's comma) after the code.
    fn doc_ending(&mut self, depth: usize, doc: &Doc, end: &str) {
        let flat = doc.flat() + end;
        let (Doc::Group(g), false) = (doc, fits(depth, &flat)) else {
            let mut marks = Vec::new();
            doc.marks(&mut marks);
            self.marked(depth, &flat, &marks);
            return;
        };
        self.marked(depth, &g.open, &g.marks);
        let inner = g.items_flat();
        if fits(depth + 1, &inner) {
            // All items on one line inside the brackets, as Black writes them when they fit.
            let mut marks = Vec::new();
            g.items.iter().for_each(|item| item.marks(&mut marks));
            self.marked(depth + 1, &inner, &marks);
        } else {
            let comma = if g.commas { "," } else { "" };
            for item in &g.items {
                self.doc_ending(depth + 1, item, comma);
            }
        }
        self.line(depth, &(g.close.clone() + end));
    }

    /// Writes `text` as `#` comment lines at `depth`, wrapped at word boundaries.
    pub fn comment(&mut self, depth: usize, text: &str) {
        for line in wrap(text, MAX_LINE - depth * INDENT - 2) {
            self.line(depth, &format!("# {line}"));
        }
    }

    /// Writes `text` as a docstring at `depth`: on one line if it fits, else wrapped with the
    /// closing quotes on a line of their own.
    pub fn docstring(&mut self, depth: usize, text: &str) {
        let one = format!("\"\"\"{text}\"\"\"");
        if fits(depth, &one) {
            self.line(depth, &one);
            return;
        }
        for (i, line) in wrap(text, MAX_LINE - depth * INDENT - 3).iter().enumerate() {
            let quotes = if i == 0 { "\"\"\"" } else { "" };
            self.line(depth, &format!("{quotes}{line}"));
        }
        self.line(depth, "\"\"\"");
    }

    /// Two empty lines, as PEP 8 puts between top-level definitions.
    pub fn gap(&mut self) {
        self.line(0, "");
        self.line(0, "");
    }

    /// The text (ending with a newline) and its anchors.
    pub fn finish(self) -> (String, Vec<Anchor>) {
        let mut text = self.lines.join("\n");
        text.push('\n');
        (text, self.anchors)
    }
}

/// `text` broken into lines of at most `width` characters at spaces (a longer word stands
/// alone on its line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Whether `text` fits on a line at `depth`. Counted in characters, as editors count columns.
fn fits(depth: usize, text: &str) -> bool {
    depth * INDENT + text.chars().count() <= MAX_LINE
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::trace::State;

    fn mark() -> Mark {
        Mark {
            site: Site::Start,
            group: None,
            lane: LaneKind::Thread,
            states: States::of(&[State::RunningPython]),
        }
    }

    fn comprehension(name: &str) -> Doc {
        Doc::group(
            "futures += [",
            vec![
                Doc::marked(format!("pool.submit({name}, p)"), vec![mark()]),
                Doc::text("for p in payloads(100, 0)"),
            ],
            false,
            "]",
        )
    }

    fn written(depth: usize, doc: &Doc) -> (String, Vec<Anchor>) {
        let mut w = Writer::default();
        w.doc(depth, doc);
        w.finish()
    }

    #[test]
    fn code_that_fits_stays_on_one_line_with_its_anchor() {
        let (text, anchors) = written(2, &comprehension("requests"));
        assert_eq!(
            text,
            "        futures += [pool.submit(requests, p) for p in payloads(100, 0)]\n"
        );
        assert_eq!(anchors[0].line, 1);
    }

    #[test]
    fn a_long_comprehension_breaks_and_its_anchor_follows_the_call() {
        let name = "a_task_group_with_a_very_long_name_indeed";
        let (text, anchors) = written(2, &comprehension(name));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines.iter().all(|l| l.len() <= MAX_LINE), "{text}");
        assert!(lines[anchors[0].line as usize - 1].contains("pool.submit("));
    }

    #[test]
    fn broken_lists_get_one_item_per_line_and_a_trailing_comma() {
        let doc = Doc::group(
            "results = await asyncio.gather(",
            vec![
                comprehension("a_task_group_with_a_long_name"),
                comprehension("another_group_with_a_long_name"),
            ],
            true,
            ")",
        );
        let (text, anchors) = written(1, &doc);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.iter().all(|l| l.len() <= MAX_LINE), "{text}");
        assert_eq!(lines.iter().filter(|l| **l == "        ],").count(), 2);
        assert_eq!(lines.last(), Some(&"    )"));
        for a in anchors {
            assert!(
                lines[a.line as usize - 1].contains("pool.submit("),
                "{text}"
            );
        }
    }

    #[test]
    fn a_broken_call_keeps_its_anchor_on_the_line_with_its_name() {
        let doc = Doc::group(
            "result = await loop.run_in_executor(",
            vec![
                Doc::text("pool"),
                Doc::text("a_task_group_with_a_very_long_name_cpu"),
                Doc::text("payload"),
            ],
            true,
            ")",
        )
        .with_marks(vec![mark()]);
        let (text, anchors) = written(2, &doc);
        assert_eq!(
            text,
            "        result = await loop.run_in_executor(\n            pool, a_task_group_with_a_very_long_name_cpu, payload\n        )\n"
        );
        assert_eq!(anchors[0].line, 1);
    }

    #[test]
    fn a_long_docstring_wraps_and_closes_on_its_own_line() {
        let mut w = Writer::default();
        w.docstring(1, &"word ".repeat(30));
        let (text, _) = w.finish();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("    \"\"\"word word"), "{text}");
        assert_eq!(lines.last(), Some(&"    \"\"\""));
        assert!(lines.iter().all(|l| l.len() <= MAX_LINE), "{text}");
    }

    #[test]
    fn comments_wrap_at_words_within_the_line_limit() {
        let mut w = Writer::default();
        w.comment(1, &"word ".repeat(40));
        let (text, _) = w.finish();
        assert!(text.lines().count() > 1);
        assert!(text
            .lines()
            .all(|l| l.starts_with("    # ") && l.len() <= MAX_LINE));
    }
}
