//! The timeline: the main interpreter's GIL (coloured by who holds it), one row per thread,
//! process or event loop, the tasks in flight, and every core, drawn up to the playback cursor
//! over the window the person zoomed to, at the page's own pixel width so labels keep a
//! readable size on any screen. `picture::timeline` draws it as markup whenever the run, the
//! window or the width changes; this component reveals it up to the cursor and reads it out.
//!
//! It zooms with Ctrl + wheel (or a pinch) and the buttons, pans with Shift + wheel, and can be
//! read from the keyboard: focus it, then ↑ ↓ choose a lane, ← → a stretch of it, Enter moves
//! the cursor there, W/S zoom, A/D pan, 0 shows the whole run; a live region says what is
//! selected.

use std::cell::Cell;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

mod spans;

use super::state::Action;
use crate::engine::time::{to_secs, Nanos};
use crate::engine::trace::TaskState;
use crate::engine::Outcome;
use crate::format;
use crate::lab::Shared;
use crate::lessons::highlights;
use crate::picture::layout::Window;
use crate::picture::timeline::{draw, LANE_H};
use spans::{at, describe, step};

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The run to draw.
    pub outcome: Shared<Outcome>,
    /// Draw up to this moment.
    pub cursor: Nanos,
    /// The stretch of time shown (shared by two timelines compared on one axis).
    pub window: Window,
    /// Zooms, pans and moves the cursor.
    pub on_action: Callback<Action>,
    /// A caption, e.g. "A: threads".
    #[prop_or_default]
    pub caption: Option<String>,
    /// Lanes to outline, as a lesson's highlight names them (`gil`, `thread`, "Thread 2").
    #[prop_or_default]
    pub highlight: Option<AttrValue>,
}

/// The width of the element `node` refers to, followed through window resizes.
#[hook]
fn use_width(node: &NodeRef) -> f64 {
    let width = use_state(|| 0.0);
    {
        let (node, width) = (node.clone(), width.clone());
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = node.cast::<web_sys::Element>() {
                    width.set(f64::from(el.client_width()));
                }
            };
            measure();
            let listener =
                web_sys::window().map(|w| EventListener::new(&w, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    *width
}

/// A fresh id for a timeline's clip path (two timelines may share a page).
fn next_id() -> String {
    thread_local!(static N: Cell<u32> = const { Cell::new(0) });
    N.with(|n| {
        n.set(n.get() + 1);
        format!("reveal{}", n.get())
    })
}

/// The timeline of one run.
#[function_component(Timeline)]
pub fn timeline(p: &TimelineProps) -> Html {
    let wrap = use_node_ref();
    let width = use_width(&wrap);
    let selected = use_state(|| None::<(usize, usize)>);
    let hovered = use_state(|| None::<(usize, usize)>);
    let id = use_memo((), |_| next_id());
    let trace = &p.outcome.trace;
    let window = p.window;
    let cursor = p.cursor;

    // A drawing for each run, window and width.
    let drawn = {
        let id = (*id).clone();
        use_memo(
            (p.outcome.clone(), window, width as u32),
            move |(o, window, width)| {
                (*width > 0).then(|| draw(&o.trace, *window, f64::from(*width), &id))
            },
        )
    };
    let svg = use_memo(drawn.clone(), |d| {
        d.as_ref()
            .as_ref()
            .map(|d| Html::from_html_unchecked(AttrValue::from(d.svg.clone())))
    });

    // Each frame: the reveal clip, the playhead and the selection outline, by attribute.
    {
        let (wrap, d, selected) = (wrap.clone(), drawn.clone(), *selected);
        let outcome = p.outcome.clone();
        use_effect_with((cursor, d.clone(), selected), move |_| {
            let (Some(root), Some(d)) = (wrap.cast::<web_sys::Element>(), d.as_ref()) else {
                return;
            };
            let set = |sel: &str, attrs: &[(&str, f64)]| {
                if let Ok(Some(el)) = root.query_selector(sel) {
                    for (k, v) in attrs {
                        let _ = el.set_attribute(k, &format!("{v:.1}"));
                    }
                }
            };
            let (w0, w1) = d.window;
            let cx = d.x(cursor.clamp(w0, w1));
            set(".reveal", &[("width", cx)]);
            let seen = if (w0..=w1).contains(&cursor) {
                cx
            } else {
                -10.0
            };
            set(".playhead", &[("x1", seen), ("x2", seen)]);
            let chosen = selected.and_then(|(r, i)| {
                let &(lane, y) = d.rows.get(r)?;
                let s = outcome.trace.lanes[lane as usize].spans.get(i)?;
                let (x0, x1) = (d.x(s.start.max(w0)), d.x(s.end.min(w1)));
                Some((x0, y, (x1 - x0).max(1.0), LANE_H))
            });
            let (x, y, w, h) = chosen.unwrap_or_default();
            set(
                ".chosen",
                &[("x", x), ("y", y), ("width", w), ("height", h)],
            );
        });
    }

    let act = p.on_action.clone();
    // The row and moment under a pointer (page pixels), from the drawing's geometry.
    let under = {
        let (wrap, d) = (wrap.clone(), drawn.clone());
        move |client_x: f64, client_y: f64| -> Option<(Option<usize>, Nanos)> {
            let (el, d) = (wrap.cast::<web_sys::Element>()?, d.as_ref().as_ref()?);
            let rect = el.get_bounding_client_rect();
            let (px, py) = (client_x - rect.left(), client_y - rect.top());
            let share = ((px - d.label_w) / d.plot_w).clamp(0.0, 1.0);
            let t = window.start + (share * window.duration() as f64) as Nanos;
            let row = d
                .rows
                .iter()
                .position(|&(_, y)| (y..y + LANE_H).contains(&py));
            Some((row, t))
        }
    };
    // Ctrl + wheel zooms (a trackpad's pinch arrives as one too), Shift + wheel pans. The
    // listener is not passive, so it can keep the page from zooming or scrolling instead.
    {
        let (wrap, act, under) = (wrap.clone(), act.clone(), under.clone());
        let plot_w = drawn.as_ref().as_ref().map_or(600.0, |d| d.plot_w);
        use_effect_with((window, drawn.clone()), move |_| {
            let listener = wrap.cast::<web_sys::Element>().map(|el| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&el, "wheel", options, move |e| {
                    let Some(e) = e.dyn_ref::<WheelEvent>() else {
                        return;
                    };
                    let sideways = e.delta_x().abs() > e.delta_y().abs();
                    if e.ctrl_key() || e.meta_key() {
                        e.prevent_default();
                        let t = under(f64::from(e.client_x()), f64::from(e.client_y()));
                        let at = t.map_or((window.start + window.end) / 2, |t| t.1);
                        act.emit(Action::Zoom((-e.delta_y() / 300.0).exp(), at));
                    } else if e.shift_key() || sideways {
                        e.prevent_default();
                        let d = if sideways { e.delta_x() } else { e.delta_y() };
                        act.emit(Action::Pan(d / plot_w));
                    }
                })
            });
            move || drop(listener)
        });
    }
    // A pinch on a touch screen: two fingers moving apart zoom in around their middle.
    let pinch = use_mut_ref(|| None::<f64>);
    let ontouchmove = {
        let (act, pinch, under) = (act.clone(), pinch.clone(), under.clone());
        Callback::from(move |e: TouchEvent| {
            let t = e.touches();
            let (Some(a), Some(b)) = (t.get(0), t.get(1)) else {
                *pinch.borrow_mut() = None;
                return;
            };
            e.prevent_default();
            let gap = f64::from((a.client_x() - b.client_x()).abs()).max(1.0);
            let mid = f64::from(a.client_x() + b.client_x()) / 2.0;
            let before = pinch.borrow_mut().replace(gap);
            if let (Some(before), Some((_, at))) = (before, under(mid, f64::from(a.client_y()))) {
                act.emit(Action::Zoom(gap / before, at));
            }
        })
    };
    let ontouchend = {
        let pinch = pinch.clone();
        Callback::from(move |_: TouchEvent| *pinch.borrow_mut() = None)
    };
    let rows: Vec<usize> = drawn
        .as_ref()
        .as_ref()
        .map(|d| d.rows.iter().map(|r| r.0 as usize).collect())
        .unwrap_or_default();
    // The keyboard, while the timeline has the focus.
    let onkeydown = {
        let (act, selected, rows, outcome) = (
            act.clone(),
            selected.clone(),
            rows.clone(),
            p.outcome.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let trace = &outcome.trace;
            if rows.is_empty() {
                return;
            }
            let (r0, i0) = selected.unwrap_or((0, usize::MAX));
            let r0 = r0.min(rows.len() - 1);
            let middle = (window.start + window.end) / 2;
            let moment = trace.lanes[rows[r0]]
                .spans
                .get(i0)
                .map_or(window.start, |s| s.start);
            let pick = |r: usize| at(trace, rows[r], window, moment);
            let next = match e.key().as_str() {
                "ArrowUp" => r0.checked_sub(1).map(|r| (r, pick(r))),
                "ArrowDown" => (r0 + 1 < rows.len()).then(|| (r0 + 1, pick(r0 + 1))),
                "ArrowLeft" => Some((r0, step(trace, rows[r0], window, i0, -1))),
                "ArrowRight" if i0 == usize::MAX => Some((r0, pick(r0))),
                "ArrowRight" => Some((r0, step(trace, rows[r0], window, i0, 1))),
                "Enter" => {
                    act.emit(Action::Seek(moment));
                    None
                }
                "w" | "W" | "+" | "=" => {
                    act.emit(Action::Zoom(1.5, middle));
                    None
                }
                "s" | "S" | "-" => {
                    act.emit(Action::Zoom(1.0 / 1.5, middle));
                    None
                }
                "a" | "A" => {
                    act.emit(Action::Pan(-0.2));
                    None
                }
                "d" | "D" => {
                    act.emit(Action::Pan(0.2));
                    None
                }
                "0" => {
                    act.emit(Action::Fit);
                    None
                }
                _ => return,
            };
            e.prevent_default();
            // Keys here belong to the timeline, not to the page's play and step shortcuts.
            e.stop_propagation();
            if let Some((r, Some(i))) = next {
                selected.set(Some((r, i)));
            }
        })
    };
    let pointed = {
        let (under, rows, outcome) = (under.clone(), rows.clone(), p.outcome.clone());
        move |e: &MouseEvent| -> Option<(usize, usize)> {
            let (row, t) = under(f64::from(e.client_x()), f64::from(e.client_y()))?;
            let r = row?;
            Some((r, at(&outcome.trace, rows[r], window, t)?))
        }
    };
    let onclick = {
        let (selected, pointed) = (selected.clone(), pointed.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(rb) = pointed(&e) {
                selected.set(Some(rb));
            }
        })
    };
    let onmousemove = {
        let hovered = hovered.clone();
        Callback::from(move |e: MouseEvent| {
            let now = pointed(&e);
            if *hovered != now {
                hovered.set(now);
            }
        })
    };
    let detail = hovered
        .or(*selected)
        .and_then(|(r, i)| {
            let lane = *rows.get(r)?;
            Some(describe(&p.outcome, lane, trace.lanes[lane].spans.get(i)?))
        })
        .unwrap_or_else(|| {
            "Point at a bar to see what it is, or focus the timeline and walk it with the arrow keys. A pale bar is busy less than half of the time it spans.".into()
        });
    let tasks = (!trace.task_steps.is_empty()).then(|| trace.task_states_at(cursor));
    let middle = (window.start + window.end) / 2;
    let drawn_ref = drawn.as_ref().as_ref();
    html! {
        <figure class="timeline">
            if let Some(c) = &p.caption { <figcaption class="tl-caption">{ c }</figcaption> }
            <div class="tl-tools" role="group" aria-label="Zoom">
                <button type="button" onclick={act.reform(move |_| Action::Zoom(1.0 / 1.5, middle))} aria-label="Zoom out">{ "−" }</button>
                <button type="button" onclick={act.reform(move |_| Action::Zoom(1.5, middle))} aria-label="Zoom in">{ "+" }</button>
                <button type="button" onclick={act.reform(|_| Action::Fit)}>{ "Whole run" }</button>
                <span class="hint">{ format!("{} – {} shown · Ctrl + wheel or pinch to zoom, Shift + wheel to pan",
                    format::duration(to_secs(window.start)), format::duration(to_secs(window.end))) }</span>
            </div>
            <div ref={wrap} class="tl-plot" tabindex="0" role="group" {onkeydown} {ontouchmove} {ontouchend} {onclick} {onmousemove}
                 data-lanes={rows.len().to_string()}
                 aria-label={format!("Timeline of {} lanes. Arrow keys choose a lane and a stretch of it, Enter moves the cursor there, W and S zoom, A and D pan, 0 shows the whole run.", rows.len())}>
                {
                    match (*svg).clone() {
                        Some(svg) => svg,
                        None => html! { <p class="hint tl-wait">{ "Drawing the timeline…" }</p> },
                    }
                }
                // Outlines drawn over the plot by attribute (the page's style policy allows no
                // inline styles); always present, so the drawing beside it is never redrawn.
                <svg class="lane-marks" aria-hidden="true">
                    if let (Some(what), Some(d)) = (&p.highlight, drawn_ref) {
                        { for d.rows.iter().filter(|r| highlights(what, &trace.lanes[r.0 as usize])).map(|r| html! {
                            <rect class="lane-mark" x="2" y={format!("{:.1}", r.1 - 1.0)} width={format!("{:.1}", (width - 4.0).max(0.0))} height={(LANE_H + 2.0).to_string()} rx="4" />
                        }) }
                    }
                </svg>
            </div>
            <p class="tl-detail" aria-live="polite">
                { detail }
                if let Some(c) = tasks {
                    <span data-testid="in-flight" data-peak={drawn_ref.map_or(0, |d| d.peak_in_flight).to_string()}>
                        { format!(" · In flight now: {} ({} awaiting, {} ready, {} running{})",
                            c[TaskState::Awaiting as usize] + c[TaskState::Ready as usize] + c[TaskState::Running as usize],
                            c[TaskState::Awaiting as usize], c[TaskState::Ready as usize], c[TaskState::Running as usize],
                            match c[TaskState::Blocked as usize] { 0 => String::new(), n => format!("; {n} waiting for a permit") }) }
                    </span>
                }
                { for trace.queues.0.iter().map(|q| {
                    let bound = match q.maxsize { 0 => String::new(), n => format!(" of {n}") };
                    html! {
                        <span data-testid="queue-depth" data-queue={q.name.clone()}>
                            { format!(" · Queue {} now: {}{bound} items", q.name, q.at(p.cursor)) }
                        </span>
                    }
                }) }
                if let Some(n) = drawn_ref.map(|d| d.left_out).filter(|n| *n > 0) {
                    { format!(" ({n} more lanes not drawn.)") }
                }
            </p>
        </figure>
    }
}
