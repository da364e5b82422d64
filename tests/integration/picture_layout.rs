//! The drawing plan shared by the pictures and the Lab's timeline: lanes reduced to a window at
//! a pixel width, bars that break where someone else takes over, nice ticks that stay inside the
//! axis, GIL holders, the lane cap, tasks in flight.

use concurrency_lab::engine::time::{Nanos, MS, SEC};
use concurrency_lab::engine::trace::{Lane, LaneKind, Span, State, Who};
use concurrency_lab::picture::axis::{nice_step, time_ticks, Anchor, TICK_SPACING_PX};
use concurrency_lab::picture::layout::{bars, select_lanes, Plan, Section, Viewport, Window};
use concurrency_lab::picture::marks::Resolution;
use concurrency_lab::picture::text_width;

use crate::support;

/// A thread lane from (start, end, state, who), `who` 0 meaning nobody.
fn lane(spans: &[(Nanos, Nanos, State, usize)]) -> Lane {
    Lane {
        name: "Thread 1".into(),
        kind: LaneKind::Thread,
        spans: spans
            .iter()
            .map(|&(start, end, state, who)| Span {
                start,
                end,
                state,
                who: (who > 0)
                    .then(|| Who::from(concurrency_lab::engine::trace::GroupId::new(who))),
            })
            .collect(),
    }
}

/// `columns` columns (a pixel wide each, as the tests draw them).
fn px(columns: u32) -> Resolution {
    Resolution { columns }
}

/// The bars as (start, end, glyph) for readable expectations.
fn shape(lane: &Lane, window: Window, columns: u32) -> Vec<(Nanos, Nanos, char)> {
    bars(lane, window, px(columns))
        .iter()
        .map(|b| (b.start, b.end, b.state.glyph()))
        .collect()
}

const P: State = State::RunningPython;
const G: State = State::WaitingGil;

#[test]
fn a_window_shows_only_its_own_stretch_of_the_lane() {
    let l = lane(&[(0, 10, P, 0), (10, 20, G, 0), (20, 100, P, 0)]);
    assert_eq!(
        shape(&l, Window::new(0, 100), 10),
        [(0, 10, 'P'), (10, 20, 'g'), (20, 100, 'P')]
    );
    assert_eq!(
        shape(&l, Window::new(15, 35), 20),
        [(15, 20, 'g'), (20, 35, 'P')]
    );
    // Past the lane's end there is nothing to draw.
    assert_eq!(shape(&l, Window::new(90, 200), 11), [(90, 100, 'P')]);
}

#[test]
fn spans_narrower_than_a_column_merge_into_what_the_column_shows() {
    let spans: Vec<_> = (0..10_000)
        .map(|i| (i, i + 1, if i % 2 == 0 { P } else { G }, 0))
        .collect();
    let l = lane(&spans);
    let b = bars(&l, Window::new(0, 10_000), px(100));
    assert!(b.len() <= 100, "{} bars for 100 columns", b.len());
    assert_eq!((b[0].start, b.last().unwrap().end), (0, 10_000));
}

#[test]
fn a_bar_breaks_where_someone_else_takes_over_in_the_same_state() {
    let l = lane(&[(0, 50, P, 1), (50, 100, P, 2), (100, 150, G, 2)]);
    let b = bars(&l, Window::new(0, 150), px(150));
    let who: Vec<(Nanos, usize, bool)> = b
        .iter()
        .map(|b| (b.start, b.who.map_or(0, |w| w.group().index()), b.seam))
        .collect();
    assert_eq!(who, [(0, 1, false), (50, 2, true), (100, 2, false)]);
    // The Lab's whole-run reduction merges the first two: the reason bars() breaks on `who`.
    assert_eq!(l.runs(150, 150).len(), 2);
}

#[test]
fn idle_stretches_are_not_drawn() {
    let l = lane(&[(0, 10, State::Idle, 0), (10, 20, P, 0)]);
    assert_eq!(shape(&l, Window::new(0, 20), 20), [(10, 20, 'P')]);
}

fn six_px_a_char(label: &str) -> f64 {
    label.chars().count() as f64 * 6.0
}

#[test]
fn nice_steps_are_one_two_or_five_times_a_power_of_ten() {
    for raw in [0.3, 1.0, 1.5, 3.0, 7.0, 45.0, 99.0, 1e9 + 1.0] {
        let step = nice_step(raw);
        let mut mantissa = step;
        while mantissa >= 10.0 {
            mantissa /= 10.0;
        }
        while mantissa < 1.0 {
            mantissa *= 10.0;
        }
        assert!(step >= raw && step < raw * 5.0, "{raw} → {step}");
        assert!(
            [1.0, 2.0, 5.0].iter().any(|m| (mantissa - m).abs() < 1e-9),
            "{raw} → {step}"
        );
    }
}

/// The labels of the ticks of `window` at `width` px, measured at the Lab's type size.
fn tick_labels(window: Window, width: f64) -> Vec<String> {
    time_ticks(window, width, |l| text_width(l, 12.0, false))
        .into_iter()
        .map(|t| t.label)
        .collect()
}

#[test]
fn time_ticks_read_as_round_steps_of_the_runs_own_unit() {
    let labels = |end: Nanos, width: f64| tick_labels(Window::new(0, end), width);
    assert_eq!(
        labels(406 * MS, 800.0),
        ["0", "100 ms", "200 ms", "300 ms", "400 ms"]
    );
    assert_eq!(
        labels(300 * SEC, 800.0),
        ["0", "1 min", "2 min", "3 min", "4 min", "5 min"]
    );
    assert_eq!(
        labels(35_000 * SEC, 800.0),
        ["0", "2 h", "4 h", "6 h", "8 h"]
    );
    // On a phone's 267 px plot, still three ticks.
    assert_eq!(labels(406 * MS, 267.0), ["0", "200 ms", "400 ms"]);
    assert_eq!(labels(4_980 * MS, 267.0), ["0", "2 s", "4 s"]);
    // A zoom into a long run speaks a unit whose round steps fit the stretch shown.
    assert_eq!(
        tick_labels(Window::new(8 * SEC, 12 * SEC), 267.0),
        ["8 s", "10 s", "12 s"]
    );
    assert_eq!(
        tick_labels(Window::new(179 * SEC, 181 * SEC), 267.0),
        ["179 s", "180 s", "181 s"]
    );
    // Where the multiples of a step are two, its odd halves may be three.
    assert_eq!(
        tick_labels(Window::new(333 * MS, 583 * MS), 200.0),
        ["350 ms", "450 ms", "550 ms"]
    );
}

/// Windows from a millisecond to ten hours, from the start and zoomed into the middle.
fn windows() -> Vec<Window> {
    let ends = [
        MS,
        7 * MS,
        100 * MS,
        406 * MS,
        999 * MS,
        SEC,
        4_980 * MS,
        45 * SEC,
        150 * SEC,
        300 * SEC,
        3_600 * SEC,
        35_000 * SEC,
    ];
    ends.iter()
        .flat_map(|&end| [Window::new(0, end), Window::new(end / 3, end / 3 + end / 4)])
        .collect()
}

/// Whether `x` is 1, 2, 2.5 or 5 times a power of ten.
fn is_round(x: f64) -> bool {
    let mut mantissa = x;
    while mantissa >= 10.0 - 1e-9 {
        mantissa /= 10.0;
    }
    while mantissa < 1.0 - 1e-9 {
        mantissa *= 10.0;
    }
    [1.0, 2.0, 2.5, 5.0]
        .iter()
        .any(|m| (mantissa - m).abs() < 1e-6)
}

#[test]
fn time_ticks_are_round_numbers_of_one_unit_and_at_least_three_from_200_px_or_240_zoomed() {
    for width in [
        150.0, 175.0, 200.0, 220.0, 240.0, 267.0, 300.0, 555.0, 800.0, 1264.0,
    ] {
        for window in windows() {
            let labels = tick_labels(window, width);
            let what = format!("{window:?} at {width} px: {labels:?}");
            let values: Vec<(f64, &str)> = labels
                .iter()
                .map(|l| match l.split_once(' ') {
                    Some((v, unit)) => (v.parse().unwrap(), unit),
                    None => (l.parse().unwrap(), ""),
                })
                .collect();
            // Three labels such as "250 ms" need about 150 px, but not every stretch has three
            // round values that far apart in so few pixels (0–999 ms: 0, 500 ms): a whole run
            // has from 200 px, a zoomed stretch from 240 px (a phone's plot is 267 px).
            let least_width = if window.start == 0 { 200.0 } else { 240.0 };
            if width >= least_width {
                assert!(values.len() >= 3, "{what}");
            }
            let units: Vec<&str> = values
                .iter()
                .map(|v| v.1)
                .filter(|u| !u.is_empty())
                .collect();
            assert!(units.windows(2).all(|u| u[0] == u[1]), "{what}");
            let Some(step) = values.get(1).map(|v| v.0 - values[0].0) else {
                continue;
            };
            assert!(is_round(step), "{what}: step {step}");
            let whole = |x: f64| (x - x.round()).abs() < 1e-6;
            for pair in values.windows(2) {
                assert!(
                    whole((pair[1].0 - pair[0].0) / step),
                    "{what}: uneven steps"
                );
            }
            // Each value a multiple of the step, or of its half where that is a round step too
            // (350, 450, 550 µs).
            let half_is_round = is_round(step / 2.0);
            for v in &values {
                let multiple = v.0 / step;
                assert!(
                    whole(multiple) || half_is_round && whole(2.0 * multiple),
                    "{what}"
                );
            }
            if ["min", "h"].contains(&units[0]) {
                assert!(step >= 1.0, "{what}: steps of a fraction of a {}", units[0]);
            }
        }
    }
}

#[test]
fn tick_labels_never_overlap_nor_run_past_either_end_of_the_axis() {
    for width in [150.0, 300.0, 555.0, 800.0, 1234.0] {
        for window in windows() {
            let ticks = time_ticks(window, width, six_px_a_char);
            assert!(!ticks.is_empty(), "{window:?}");
            let mut right_of_last = f64::NEG_INFINITY;
            for t in &ticks {
                let w = six_px_a_char(&t.label);
                let (left, right) = match t.anchor {
                    Anchor::Start => (t.x, t.x + w),
                    Anchor::Middle => (t.x - w / 2.0, t.x + w / 2.0),
                    Anchor::End => (t.x - w, t.x),
                };
                assert!(left >= 0.0 && right <= width, "{window:?} {width}: {t:?}");
                assert!(left > right_of_last, "{window:?} {width}: {ticks:?}");
                right_of_last = right;
            }
            // Where the width allows, ticks keep a comfortable distance.
            if width >= 555.0 {
                for pair in ticks.windows(2) {
                    assert!(pair[1].x - pair[0].x >= TICK_SPACING_PX / 2.0, "{ticks:?}");
                }
            }
        }
    }
    // The last tick at the right edge is labelled leftwards.
    let ticks = time_ticks(Window::new(0, 400 * MS), 800.0, six_px_a_char);
    assert_eq!(
        ticks.last().map(|t| (t.x, t.anchor)),
        Some((800.0, Anchor::End))
    );
}

fn plan(settings: &str, max_lanes: usize) -> Plan {
    let o = support::run(settings);
    Plan::new(
        &o.trace,
        &Viewport {
            window: Window::whole(&o.trace),
            width: 800.0,
            column_px: 2.0,
            max_lanes,
            tick_font_px: 10.0,
        },
    )
}

#[test]
fn threads_trading_the_gil_get_distinct_holder_indices() {
    let p = plan("preset=cpu-bound model=threads workers=4", 32);
    let gil = &p.rows[0];
    assert_eq!((gil.kind, gil.name.as_str()), (LaneKind::Gil, "GIL (main)"));
    let held: Vec<usize> = gil.bars.iter().filter_map(|b| b.holder).collect();
    assert!(held.len() > 20, "{held:?}");
    let mut distinct = held.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(distinct.len() >= 4, "four threads take turns: {distinct:?}");
    assert!(
        held.windows(2).filter(|w| w[0] != w[1]).count() > 20,
        "hand-offs: {held:?}"
    );
    // A holder's index is its place in `holders`, which names the thread, and that thread's
    // lane carries the same index for its label.
    for h in &distinct {
        let holder = &p.holders[*h];
        let row = p
            .rows
            .iter()
            .find(|r| r.lane == holder.lane.index())
            .unwrap();
        assert_eq!(
            (row.name.as_str(), row.holder),
            (holder.name.as_str(), Some(*h))
        );
    }
}

#[test]
fn the_cap_keeps_the_gil_first_and_the_cores_last_and_counts_the_rest() {
    let p = plan("preset=io-bound model=threads workers=64 cores=4", 24);
    assert_eq!(p.rows.len(), 24);
    assert_eq!(p.rows[0].section, Section::Gil);
    let cores: Vec<&str> = p.rows[20..].iter().map(|r| r.name.as_str()).collect();
    assert_eq!(cores, ["Core 0", "Core 1", "Core 2", "Core 3"]);
    // 64 threads and the main thread, of which 19 drawn.
    assert_eq!(p.left_out, 65 - 19);

    let p = plan("preset=cpu-bound model=processes workers=4", 32);
    let gils: Vec<&str> = p
        .rows
        .iter()
        .filter(|r| r.kind == LaneKind::Gil)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(
        gils,
        ["GIL (main)"],
        "worker processes' own GILs are left out"
    );
    assert_eq!(p.left_out, 0);

    let lanes = support::run("preset=numpy model=threads cores=64")
        .trace
        .lanes;
    let chosen = select_lanes(&lanes, 30);
    assert_eq!(chosen.lanes.len(), 30);
    let cores = chosen
        .lanes
        .iter()
        .filter(|&&i| lanes[i].kind == LaneKind::Core);
    assert!(
        cores.count() >= 29 / 3,
        "the cores keep a third of the room"
    );
}

#[test]
fn a_hundred_requests_on_one_event_loop_show_as_tasks_in_flight() {
    let p = plan("preset=io-bound model=asyncio", 32);
    assert_eq!(p.peak_in_flight(), 100);
    let levels = p.in_flight.as_ref().unwrap();
    assert_eq!(levels.first().map(|l| l.start), Some(p.window.start));
    assert_eq!(levels.last().map(|l| l.end), Some(p.window.end));
    // Threads show their tasks on their own lanes: no band.
    assert!(plan("preset=io-bound model=threads", 32)
        .in_flight
        .is_none());
}
