use super::*;
use crate::engine::{self, settings, Plan as RunPlan, Scenario};

fn run(query: &str) -> engine::Outcome {
    let s = settings::apply(&Scenario::default(), &crate::links::decode(query)).unwrap();
    engine::run(&RunPlan::new(&s).unwrap()).unwrap()
}

#[test]
fn the_drawn_timeline_is_well_formed_and_says_where_its_lanes_are() {
    let o = run("preset=io-bound&model=asyncio");
    let d = draw(&o.trace, Window::whole(&o.trace), 900.0, "r1");
    assert!(d.svg.starts_with("<svg") && d.svg.ends_with("</svg>"));
    assert!(d.svg.contains(r#"<clipPath id="r1">"#));
    assert!(d.peak_in_flight >= 100);
    assert_eq!(d.rows.len(), o.trace.lanes.len());
    assert!(
        d.rows.windows(2).all(|w| w[0].1 < w[1].1),
        "rows top to bottom"
    );
    assert_eq!(d.x(o.trace.makespan), d.label_w + d.plot_w);
}

#[test]
fn tasks_in_flight_without_an_event_loop_are_drawn_neutral_not_as_running_python() {
    // Threads' tasks start when a worker takes them, so more than the workers are never in
    // flight; submitted all at once, as a queue would show them, they are.
    let mut o = run("preset=web-scraper&model=threads&workers=4");
    for t in &mut o.trace.tasks {
        t.start = 0;
    }
    let d = draw(&o.trace, Window::whole(&o.trace), 900.0, "r1");
    assert!(d.peak_in_flight > 4, "{}", d.peak_in_flight);
    assert!(d
        .svg
        .contains(&format!(r#"<path class="{IN_FLIGHT_CLASS}""#)));
    let style = include_str!("../../../static/style.css");
    assert!(
        style.contains(".st-in-flight {"),
        "style.css has no rule for the band"
    );
}

#[test]
fn a_deadlocked_run_is_marked_where_it_stops_and_a_finished_one_is_not() {
    let o = run("preset=deadlock&model=threads");
    let at = o.trace.deadlock.0.as_ref().expect("it deadlocks").at;
    let d = draw(&o.trace, Window::whole(&o.trace), 900.0, "r1");
    let dx = num(d.x(at));
    assert!(
        d.svg
            .contains(&format!(r#"<g class="deadlock"><line x1="{dx}" x2="{dx}""#)),
        "{}",
        d.svg.len()
    );
    let style = include_str!("../../../static/style.css");
    assert!(
        style.contains(".deadlock line {"),
        "style.css has no rule for the mark"
    );
    let o = run("preset=deadlock&model=sequential");
    let d = draw(&o.trace, Window::whole(&o.trace), 900.0, "r1");
    assert!(!d.svg.contains("class=\"deadlock\""));
}

#[test]
fn tick_labels_are_measured_at_the_size_style_css_sets() {
    let style = include_str!("../../../static/style.css");
    let rule = format!(".tick text {{ font-size: {TICK_FONT}px;");
    assert!(style.contains(&rule), "style.css no longer has '{rule}'");
}

#[test]
fn a_pipelines_queue_is_drawn_as_a_band_full_at_its_maxsize() {
    let o = run("preset=pipeline&model=threads");
    let d = draw(&o.trace, Window::whole(&o.trace), 900.0, "r1");
    assert!(d.svg.contains(">Queue jobs</text>"), "{}", d.svg);
    assert!(d.svg.contains(">10 items</text>"));
    assert!(d.svg.contains(&format!(r#"<path class="{QUEUE_CLASS}""#)));
    // The reader keeps the queue full: a bar of the band's full height.
    assert!(d.svg.contains(&format!("v{}", num(QUEUE_H))), "{}", d.svg);
    let style = include_str!("../../../static/style.css");
    assert!(style.contains(".queue-depth {") && style.contains(".queue-full {"));
    // Without a pipeline there is no band.
    let plain = run("preset=io-bound&model=threads");
    let d = draw(&plain.trace, Window::whole(&plain.trace), 900.0, "r1");
    assert!(!d.svg.contains(QUEUE_CLASS));
}
