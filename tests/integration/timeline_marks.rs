//! What a timeline shows, read back from the drawn SVG a pixel column at a time, as a reviewer's
//! eye reads the page and the pictures: thin spans leave marks of their own state at any zoom
//! and width, a column crowded with spans shows the state that dominates it rather than a pale
//! blend or nothing, and lane names stay apart on a phone.

use std::collections::BTreeMap;

use concurrency_lab::engine::time::{Nanos, SEC};
use concurrency_lab::engine::trace::{Lane, State, Trace};
use concurrency_lab::engine::{Named, Outcome};
use concurrency_lab::picture::layout::Window;
use concurrency_lab::picture::{self, text_width, timeline, Options};

use crate::support;

/// Page widths the reviewers used: a desktop and a phone.
const PAGE_WIDTHS: [f64; 2] = [1400.0, 375.0];

/// A lane as drawn: where its plot is and, for each pixel column across it, the state that
/// covers most of the column (`None` where less than half of it is covered).
struct Row {
    x: f64,
    width: f64,
    shown: Vec<Option<String>>,
}

/// The state a drawn shape's class stands for, in the Lab's (`st st-waiting-io`, `st hd2`) or
/// the pictures' (`cl-waiting-io`, `cl-h2`) classes; GIL holders' colours read as "held". A
/// faint bar (`faint`, `cl-faint`) still shows its state.
fn state_of(class: &str) -> Option<String> {
    let last = class
        .split(' ')
        .rfind(|w| !matches!(*w, "faint" | "cl-faint"))?;
    let name = last
        .strip_prefix("st-")
        .or(last.strip_prefix("cl-"))
        .unwrap_or(last);
    if State::all().iter().any(|s| s.name() == name) {
        return Some(name.to_string());
    }
    let holder = name.strip_prefix("hd").or(name.strip_prefix('h'))?;
    holder.parse::<u8>().ok().map(|_| "held".to_string())
}

/// The rectangles of a path made of `M x y` then `h`, `v`, `H`, `V` moves and `z`, as
/// (left, top, right, bottom).
fn path_rects(d: &str) -> Vec<(f64, f64, f64, f64)> {
    let mut out = Vec::new();
    let mut rest = d;
    let (mut x, mut y, mut bounds) = (0.0, 0.0, None::<(f64, f64, f64, f64)>);
    while let Some(cmd) = rest.chars().next() {
        rest = &rest[cmd.len_utf8()..];
        let end = rest
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let args: Vec<f64> = rest[..end]
            .split([' ', ','])
            .filter_map(|a| a.parse().ok())
            .collect();
        rest = &rest[end..];
        match cmd {
            'M' => (x, y) = (args[0], args[1]),
            'h' => x += args[0],
            'v' => y += args[0],
            'H' => x = args[0],
            'V' => y = args[0],
            'z' => {
                out.extend(bounds.take());
                continue;
            }
            _ => panic!("unexpected path command {cmd} in {d}"),
        }
        let (l, t, r, b) = bounds.unwrap_or((x, y, x, y));
        bounds = Some((l.min(x), t.min(y), r.max(x), b.max(y)));
    }
    out
}

/// The vertical offset `translate(0 y)` on `node` and its ancestors add.
fn offset(node: roxmltree::Node) -> f64 {
    node.ancestors()
        .filter_map(|n| n.attribute("transform"))
        .filter_map(|t| t.strip_prefix("translate(")?.strip_suffix(')'))
        .filter_map(|t| t.split_whitespace().nth(1)?.parse::<f64>().ok())
        .sum()
}

/// Every lane of a drawn timeline (the Lab's or a picture's) by its label: the lane's
/// background rectangle follows its label, and the bars are the filled shapes inside it.
fn rows(svg: &str) -> BTreeMap<String, Row> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let num = |n: roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok());
    let mut lanes: Vec<(String, (f64, f64, f64, f64))> = Vec::new();
    let mut shapes: Vec<(String, (f64, f64, f64, f64))> = Vec::new();
    let mut label: Option<String> = None;
    for n in doc.descendants().filter(|n| n.is_element()) {
        let class = n.attribute("class").unwrap_or_default();
        let dy = offset(n);
        if ["lane-label", "cl-l"].contains(&class) {
            label = n.text().map(str::to_string);
        } else if ["lane-bg", "cl-lane"].contains(&class) {
            if let (Some(name), Some(x), Some(y), Some(w), Some(h)) = (
                label.take(),
                num(n, "x"),
                num(n, "y"),
                num(n, "width"),
                num(n, "height"),
            ) {
                lanes.push((name, (x, y + dy, x + w, y + dy + h)));
            }
        } else if let Some(state) = state_of(class) {
            if n.has_tag_name("path") {
                for (l, t, r, b) in path_rects(n.attribute("d").unwrap_or_default()) {
                    shapes.push((state.clone(), (l, t + dy, r, b + dy)));
                }
            } else if let (Some(x), Some(y), Some(w), Some(h)) =
                (num(n, "x"), num(n, "y"), num(n, "width"), num(n, "height"))
            {
                shapes.push((state, (x, y + dy, x + w, y + dy + h)));
            }
        }
    }
    lanes
        .into_iter()
        .map(|(name, (x0, y0, x1, y1))| {
            let width = x1 - x0;
            let mut cover: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); width as usize];
            let inside = shapes
                .iter()
                .filter(|(_, s)| s.1 >= y0 - 0.5 && s.3 <= y1 + 0.5 && s.2 > x0 && s.0 < x1);
            for (state, (l, _, r, _)) in inside {
                let (l, r) = (l.max(x0) - x0, r.min(x1) - x0);
                for (i, c) in cover.iter_mut().enumerate() {
                    let part = r.min(i as f64 + 1.0) - l.max(i as f64);
                    if part > 0.0 {
                        *c.entry(state.clone()).or_default() += part;
                    }
                }
            }
            let shown = cover
                .into_iter()
                .map(|c| {
                    let total: f64 = c.values().sum();
                    let top = c.into_iter().max_by(|a, b| a.1.total_cmp(&b.1));
                    top.filter(|_| total >= 0.5).map(|t| t.0)
                })
                .collect();
            (
                name,
                Row {
                    x: x0,
                    width,
                    shown,
                },
            )
        })
        .collect()
}

impl Row {
    /// How many separate marks of `state` the row shows: runs of pixel columns showing it.
    fn marks(&self, state: &str) -> usize {
        let is = |s: &Option<String>| s.as_deref() == Some(state);
        let starts = self.shown.windows(2).filter(|w| !is(&w[0]) && is(&w[1]));
        starts.count() + usize::from(self.shown.first().is_some_and(is))
    }

    /// The pixel columns covering `[from, to)` of `window`.
    fn columns(&self, window: Window, from: Nanos, to: Nanos) -> std::ops::Range<usize> {
        let px = |t: Nanos| window.x(t.clamp(window.start, window.end), self.width);
        (px(from) as usize)..(px(to).ceil() as usize).min(self.shown.len())
    }
}

/// The drawings of `o` a reviewer sees: the Lab's at each page width over `window`, and (for
/// the whole run) the pictures at their default and narrowest widths.
fn drawings(o: &Outcome, window: Window) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = PAGE_WIDTHS
        .iter()
        .map(|&w| {
            let d = timeline::draw(&o.trace, window, w, "t");
            (format!("the Lab at {w} px"), d.svg)
        })
        .collect();
    if window == Window::whole(&o.trace) {
        for width in [Options::default().width, Options::MIN_WIDTH] {
            let opts = Options {
                width,
                still: true,
                ..Options::default()
            };
            let svg = picture::svg::render(o, &opts);
            out.push((format!("the picture at {width} px"), svg));
        }
    }
    out
}

/// The lane named `name`.
fn lane<'a>(trace: &'a Trace, name: &str) -> &'a Lane {
    trace.lanes.iter().find(|l| l.name == name).expect(name)
}

/// Separate stretches of `state` on `lane` within `window` (neighbours in that state merged).
fn stretches(lane: &Lane, state: State, window: Window) -> usize {
    let mut n = 0;
    let mut last_end = None;
    for s in lane.spans.iter().filter(|s| s.state == state) {
        if s.end > window.start && s.start < window.end && last_end != Some(s.start) {
            n += 1;
        }
        last_end = Some(s.end);
    }
    n
}

#[test]
fn every_request_of_a_web_scraper_leaves_its_own_mark_on_the_core_at_any_zoom() {
    // 100 pages, each 2 ms of Python after a 200 ms download: at 20 s across a phone, 75 ms a
    // pixel, each stretch of Python is a thirtieth of a pixel. Each download is one sleep here:
    // an HTTP request's own calls are microseconds apart, several stretches to one mark.
    let o = support::run("preset=web-scraper model=sequential io_kind=sleep");
    let core = lane(&o.trace, "Core 0");
    let whole = Window::whole(&o.trace);
    let zoom = Window::new(8 * SEC, 12 * SEC);
    for window in [whole, zoom] {
        let want = stretches(core, State::RunningPython, window);
        assert!(want >= 15, "{window:?}: {want}");
        for (what, svg) in drawings(&o, window) {
            let rows = rows(&svg);
            let got = rows["Core 0"].marks("running-python");
            // On a phone, the whole run puts a few requests less than a column apart.
            let least = if rows["Core 0"].width < 300.0 && window == whole {
                want * 9 / 10
            } else {
                want
            };
            assert!(
                (least..=want).contains(&got),
                "{what}, {window:?}: {got} marks of Python on Core 0 for {want} stretches"
            );
            assert!(rows["Main thread"].marks("waiting-io") >= 1, "{what}");
        }
    }
}

#[test]
fn a_worker_busy_with_ten_thousand_tiny_tasks_reads_as_solid_python() {
    let o = support::run("preset=tiny-tasks model=processes");
    let worker = lane(&o.trace, "Worker 1");
    let busy = worker
        .spans
        .iter()
        .filter(|s| s.state == State::RunningPython)
        .fold((Nanos::MAX, 0), |(a, b), s| (a.min(s.start), b.max(s.end)));
    let window = Window::whole(&o.trace);
    for (what, svg) in drawings(&o, window) {
        let row = &rows(&svg)["Worker 1"];
        let cols = row.columns(window, busy.0, busy.1);
        // The edges of the stretch may share their pixel with what comes before and after.
        let inner = &row.shown[cols.start + 1..cols.end - 1];
        let python = inner
            .iter()
            .filter(|s| s.as_deref() == Some("running-python"))
            .count();
        assert!(
            python * 100 >= inner.len() * 95,
            "{what}: {python} of {} pixel columns show Python: {:?}",
            inner.len(),
            &inner[..inner.len().min(12)]
        );
        assert!(
            !inner.iter().any(|s| s.as_deref() == Some("waiting-io")),
            "{what}: a worker that never waits for I/O shows waiting for I/O"
        );
    }
}

#[test]
fn ten_thousand_short_asyncio_tasks_mark_every_column_where_the_loop_works() {
    let o = support::run("preset=chat-server model=asyncio");
    let event_loop = lane(&o.trace, "Event loop");
    let window = Window::whole(&o.trace);
    for (what, svg) in drawings(&o, window) {
        let row = &rows(&svg)["Event loop"];
        let step = window.duration() as f64 / row.width;
        // Pixel columns in which the loop works at all (not idle), by the trace.
        let mut working = vec![false; row.shown.len()];
        for s in event_loop.spans.iter().filter(|s| s.state != State::Idle) {
            let (a, b) = (s.start as f64 / step, s.end as f64 / step);
            for w in working
                .iter_mut()
                .take((b.ceil() as usize).min(row.shown.len()))
                .skip(a as usize)
            {
                *w = true;
            }
        }
        let worked = working.iter().filter(|&&w| w).count();
        let marked = working
            .iter()
            .zip(&row.shown)
            .filter(|(w, s)| **w && s.is_some())
            .count();
        assert!(
            marked * 100 >= worked * 95,
            "{what}: {marked} of the {worked} pixel columns where the loop works show it (x {})",
            row.x
        );
    }
}

#[test]
fn lane_names_stay_whole_or_distinct_on_a_phone() {
    for settings in [
        "preset=mixed model=asyncio+threads workers=5",
        "preset=cpu-bound model=processes workers=4",
        "preset=cpu-bound model=interpreters workers=12 python=3.14",
    ] {
        let o = support::run(settings);
        let d = timeline::draw(&o.trace, Window::whole(&o.trace), 375.0, "t");
        let doc = roxmltree::Document::parse(&d.svg).unwrap();
        let labels: Vec<&str> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("lane-label"))
            .filter_map(|n| n.text())
            .collect();
        assert!(labels.len() >= d.rows.len(), "{settings}: {labels:?}");
        let mut distinct = labels.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), labels.len(), "{settings}: {labels:?}");
        for l in &labels {
            assert!(
                text_width(l, timeline::FONT, false) <= d.label_w - 18.0,
                "{settings}: '{l}' is wider than its column"
            );
        }
        // Shortened names still say what the lane is, with the number that tells it apart.
        for (&(lane, _), label) in d.rows.iter().zip(&labels) {
            let name = &o.trace.lanes[lane as usize].name;
            let number = name.rsplit(' ').next().filter(|n| n.parse::<u32>().is_ok());
            if let Some(n) = number {
                assert!(label.ends_with(&format!(" {n}")), "{name} → {label}");
            }
            assert_eq!(
                label.chars().next(),
                name.chars().next(),
                "{name} → {label}"
            );
        }
    }
}

#[test]
fn a_lane_busy_now_and_then_is_drawn_pale_and_a_busy_one_solid() {
    use concurrency_lab::picture::layout::bars;
    use concurrency_lab::picture::marks::Resolution;
    let width = |bars: &[concurrency_lab::picture::layout::Bar], faint: bool| -> Nanos {
        bars.iter()
            .filter(|b| b.faint == faint)
            .map(|b| b.end - b.start)
            .sum()
    };
    // The chat server's loop works about 7 % of the time once the connections wait: pale.
    let o = support::run("preset=chat-server model=asyncio");
    let drawn = bars(
        lane(&o.trace, "Event loop"),
        Window::whole(&o.trace),
        Resolution { columns: 854 },
    );
    let (pale, solid) = (width(&drawn, true), width(&drawn, false));
    assert!(pale > 9 * solid, "pale {pale} ns, solid {solid} ns");
    // The GIL of pure-Python threads, held from start to end: solid.
    let o = support::run("preset=cpu-bound model=threads workers=4");
    let drawn = bars(
        lane(&o.trace, "GIL (main)"),
        Window::whole(&o.trace),
        Resolution { columns: 854 },
    );
    assert_eq!(width(&drawn, true), 0, "no pale bar on a GIL always held");
}
