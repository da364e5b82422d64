//! Pictures of runs (issue #21): every preset under every model draws an SVG that a real XML
//! parser accepts, that refers to nothing outside itself, that is the same bytes every time and
//! within its size budget, animated only with CSS and still when asked; and the README's
//! pictures are what `./lab pictures` draws now.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::OnceLock;

use concurrency_lab::engine::{self, presets, ModelKind, Named, Outcome};
use concurrency_lab::picture::{self, compare::Scale, text_width, Options, Theme};

use crate::support;

/// "A typical preset under 100 KB": every preset and model is held to it.
const BUDGET: usize = 100_000;

/// Every preset under every model that runs it (interpreters on 3.14, the first Python that
/// has them), run once for all the tests here.
fn every_run() -> &'static [(String, Outcome)] {
    static RUNS: OnceLock<Vec<(String, Outcome)>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let mut out = Vec::new();
        for preset in presets::NAMES {
            for &model in ModelKind::all()
                .iter()
                .filter(|&&m| support::runs(preset, m))
            {
                let python = if model == ModelKind::Interpreters {
                    "3.14"
                } else {
                    "3.11"
                };
                let settings = format!("preset={preset} model={} python={python}", model.name());
                out.push((settings.clone(), support::run(&settings)));
            }
        }
        out
    })
}

/// Why `svg` is not self-contained: scripts, embedded documents or images, and references
/// (`href`, `url(…)`, `@import`, web fonts) to anything but an `#id` in the file itself.
fn outside_references(doc: &roxmltree::Document) -> Vec<String> {
    let mut found = Vec::new();
    let external_url = |text: &str| {
        text.match_indices("url(").any(|(i, _)| {
            !text[i + 4..]
                .trim_start_matches(['"', '\'', ' '])
                .starts_with('#')
        })
    };
    for node in doc.descendants() {
        if node.is_element() {
            let tag = node.tag_name().name();
            if [
                "script",
                "image",
                "foreignObject",
                "iframe",
                "object",
                "embed",
                "a",
            ]
            .contains(&tag)
            {
                found.push(format!("<{tag}>"));
            }
            for a in node.attributes() {
                if a.name() == "href" && !a.value().starts_with('#') {
                    found.push(format!("{}=\"{}\" on <{tag}>", a.name(), a.value()));
                }
                if external_url(a.value()) || a.name().starts_with("on") {
                    found.push(format!("{}=\"{}\" on <{tag}>", a.name(), a.value()));
                }
            }
        }
        if let Some(text) = node.text().filter(|_| node.is_text()) {
            if external_url(text) || text.contains("@import") || text.contains("@font-face") {
                found.push(format!("style text: {}", text.trim()));
            }
        }
    }
    found
}

/// Parses a picture and checks what every picture must be; returns its style sheet's text.
fn check_picture(what: &str, svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("{what}: not well-formed XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{what}");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg"),
        "{what}"
    );
    for tag in ["title", "desc"] {
        let text = root
            .children()
            .find(|n| n.has_tag_name(tag))
            .and_then(|n| n.text())
            .unwrap_or_default();
        assert!(text.len() > 20, "{what}: <{tag}> says too little: '{text}'");
    }
    let outside = outside_references(&doc);
    assert!(
        outside.is_empty(),
        "{what}: refers outside itself: {outside:?}"
    );
    assert!(
        svg.len() < BUDGET,
        "{what}: {} bytes, over the {BUDGET} budget",
        svg.len()
    );
    text_stays_inside(what, &doc);
    doc.descendants()
        .filter(|n| n.has_tag_name("style"))
        .filter_map(|n| n.text())
        .collect()
}

/// Every `<text>` fits inside the picture, by the renderer's own estimate of text width at the
/// size and weight its class gives (tick labels at the right end, long links, lane names).
fn text_stays_inside(what: &str, doc: &roxmltree::Document) {
    let root = doc.root_element();
    let width: f64 = root.attribute("width").unwrap().parse().unwrap();
    let style: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("style"))
        .filter_map(|n| n.text())
        .collect();
    // class → (font size, bold), from rules like `.cl-t{font-size:16px;font-weight:700;…}`.
    let types: BTreeMap<&str, (Option<f64>, bool)> = style
        .lines()
        .filter_map(|rule| {
            let (class, body) = rule.strip_prefix('.')?.split_once('{')?;
            let size = body
                .split("font-size:")
                .nth(1)
                .and_then(|s| s.split("px").next()?.parse().ok());
            Some((class, (size, body.contains("font-weight:700"))))
        })
        .collect();
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let class = t.attribute("class").unwrap_or_default();
        let (Some(px), bold) = types.get(class).copied().unwrap_or_default() else {
            panic!("{what}: no font size for class '{class}'");
        };
        let mut w = 0.0;
        let mut content = String::new();
        for node in t.descendants().filter(|n| n.is_text()) {
            let text = node.text().unwrap_or_default();
            let parent = node.parent().and_then(|p| p.attribute("class"));
            let bold = bold || parent.is_some_and(|c| types.get(c).is_some_and(|t| t.1));
            w += text_width(text, px, bold);
            content.push_str(text);
        }
        let x: f64 = t.attribute("x").unwrap().parse().unwrap();
        let (left, right) = match t.attribute("text-anchor") {
            Some("end") => (x - w, x),
            Some("middle") => (x - w / 2.0, x + w / 2.0),
            _ => (x, x + w),
        };
        assert!(
            left >= 0.0 && right <= width,
            "{what}: '{content}' spans {left:.1}–{right:.1} px of {width}"
        );
    }
}

#[test]
fn every_preset_and_model_draws_a_self_contained_deterministic_picture_within_budget() {
    for (what, o) in every_run() {
        let animated = picture::svg::render(o, &Options::default());
        let style = check_picture(what, &animated);
        assert_eq!(
            animated,
            picture::svg::render(o, &Options::default()),
            "{what}: two renderings differ"
        );
        for needle in ["@keyframes", "animation:", "@media (prefers-reduced-motion"] {
            assert!(
                style.contains(needle),
                "{what}: the animated picture lacks '{needle}'"
            );
        }
        let still = Options {
            still: true,
            theme: Theme::Dark,
            width: Options::MIN_WIDTH,
            ..Options::default()
        };
        let svg = picture::svg::render(o, &still);
        let style = check_picture(&format!("{what} (still, dark, narrow)"), &svg);
        assert!(
            !style.contains("@keyframes") && !style.contains("animation"),
            "{what}: the still picture moves"
        );
    }
}

#[test]
fn every_presets_comparison_draws_a_self_contained_deterministic_chart() {
    for preset in presets::NAMES {
        let s = support::plan(&support::scenario(&format!("preset={preset}")));
        let rows = engine::compare(&s).expect("compare runs");
        for opts in [
            Options::default(),
            Options {
                width: Options::MIN_WIDTH,
                theme: Theme::Dark,
                ..Options::default()
            },
        ] {
            let svg = picture::compare::render(&rows, &s, &opts);
            check_picture(&format!("compare {preset} at {} px", opts.width), &svg);
            assert_eq!(svg, picture::compare::render(&rows, &s, &opts));
            for r in &rows {
                assert!(
                    svg.contains(&format!(">{}</text>", r.model.name())),
                    "{preset}: {:?}",
                    r.model
                );
            }
        }
    }
}

#[test]
fn comparisons_use_a_log_scale_only_when_speedups_span_orders_of_magnitude() {
    let chat = support::plan(&support::scenario("preset=chat-server"));
    let rows = engine::compare(&chat).unwrap();
    assert!(matches!(Scale::of(&rows, 500.0), Scale::Log { lo, hi } if lo <= 1.0 && hi >= 1000.0));
    let svg = picture::compare::render(&rows, &chat, &Options::default());
    assert!(
        svg.contains("log scale") && svg.contains(">1,000×</text>"),
        "{svg}"
    );

    let cpu = support::plan(&support::scenario("preset=cpu-bound"));
    let rows = engine::compare(&cpu).unwrap();
    let best = rows
        .iter()
        .filter_map(|r| r.metrics.as_ref().ok())
        .map(|m| m.speedup)
        .fold(0.0, f64::max);
    let Scale::Linear { step, top } = Scale::of(&rows, 500.0) else {
        panic!("cpu-bound's speedups are within one order of magnitude");
    };
    assert!(top >= best && top < best + step, "axis to {top} for {best}");
}

/// The README's pictures as `docs/pictures/pictures.txt` lists them: (file, conclab arguments).
fn listed_pictures() -> Vec<(String, Vec<String>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/pictures");
    std::fs::read_to_string(format!("{dir}/pictures.txt"))
        .expect("docs/pictures/pictures.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut words = l.split_whitespace().map(str::to_string);
            (words.next().unwrap(), words.collect())
        })
        .collect()
}

#[test]
fn committed_readme_pictures_are_what_lab_pictures_draws_now() {
    let listed = listed_pictures();
    assert!(listed.len() >= 2, "{listed:?}");
    for (file, args) in listed {
        let out = std::env::temp_dir().join(format!("conclab-{}-{file}", std::process::id()));
        let status = Command::new(env!("CARGO_BIN_EXE_conclab"))
            .args(&args)
            .arg("--svg")
            .arg(&out)
            .output()
            .expect("conclab runs");
        assert!(
            status.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        let drawn = std::fs::read_to_string(&out).unwrap();
        let _ = std::fs::remove_file(&out);
        let committed = std::fs::read_to_string(format!(
            "{}/docs/pictures/{file}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap_or_default();
        assert!(
            drawn == committed,
            "docs/pictures/{file} is stale or missing: run ./lab pictures and commit it"
        );
        check_picture(&file, &drawn);
    }
}

#[test]
fn the_command_line_writes_the_same_picture_as_the_library_and_still_prints_its_table() {
    let out = std::env::temp_dir().join(format!("conclab-{}-cli.svg", std::process::id()));
    let args = [
        "run",
        "--preset",
        "api-gateway",
        "--model",
        "threads",
        "--still",
        "--theme",
        "dark",
        "--width",
        "700",
    ];
    let run = Command::new(env!("CARGO_BIN_EXE_conclab"))
        .args(args)
        .arg("--svg")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(String::from_utf8_lossy(&run.stdout).contains("Recommendation:"));
    let drawn = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    let o = support::run("preset=api-gateway model=threads");
    let opts = Options {
        still: true,
        theme: Theme::Dark,
        width: 700,
        ..Options::default()
    };
    assert_eq!(drawn, picture::svg::render(&o, &opts));
}

#[test]
fn bad_picture_flags_exit_2_with_one_line_naming_the_flag() {
    for (args, want) in [
        (
            &["run", "--svg", "x.svg", "--width", "20"][..],
            "width: must be a whole number of pixels from 480",
        ),
        (
            &["run", "--svg", "x.svg", "--theme", "plaid"][..],
            "theme: must be one of light, dark",
        ),
        (
            &["sweep", "--svg", "x.svg"][..],
            "svg: pictures are drawn by run and compare only",
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_conclab"))
            .args(args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            err.contains(want) && err.trim().lines().count() == 1,
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_busy_run_on_many_lanes_is_drawn_coarser_to_stay_within_budget() {
    let o = support::run("preset=image-batch model=processes workers=16 cores=16 chunksize=1");
    let svg = picture::svg::render(&o, &Options::default());
    check_picture("image-batch on 16 processes", &svg);
    // The same run's lanes at full resolution would not fit: the budget did the work.
    let lanes = o.trace.lanes.iter().filter(|l| l.spans.len() > 400).count();
    assert!(lanes > 24, "{lanes} busy lanes");
}
