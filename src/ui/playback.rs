//! Play, pause, step event by event, speed and the scrubber. They only move the cursor over a
//! finished trace. Speeds are time scales that say what they mean: real time where a run's
//! length allows it, otherwise "1 s of program = 20 s on screen".

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::state::Action;
use crate::engine::time::{to_secs, Nanos};
use crate::format;
use crate::lab::natural_rate;

/// Speeds offered, as multiples of a run's natural rate.
const FACTORS: [f64; 7] = [0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0];

/// Props of [`Playback`].
#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    /// Where playback is.
    pub cursor: Nanos,
    /// The run's end.
    pub end: Nanos,
    /// Whether it plays.
    pub playing: bool,
    /// Seconds of program per second of screen.
    pub rate: f64,
    /// Where intents go.
    pub on_action: Callback<Action>,
}

/// A rate in words: "real time", "1 s of program = 20 s on screen", "1 ms of program = 2 s on
/// screen" — in the unit that suits the run.
fn scale(rate: f64, end: Nanos) -> String {
    if (rate - 1.0).abs() < 1e-9 {
        return "real time".into();
    }
    let (unit, secs) = if to_secs(end) < 0.5 {
        ("ms", 1e-3)
    } else {
        ("s", 1.0)
    };
    format!(
        "1 {unit} of program = {} on screen",
        format::duration(secs / rate)
    )
}

/// Adds `rate` to the ascending `rates` where a stable sort would put it (after any equal
/// rate). A sort of the list would do the same, but would carry a sorting routine for `f64`
/// (4 KB of wasm) into the pages for one list of nine.
fn insert_in_order(rates: &mut Vec<f64>, rate: f64) {
    let at = rates.partition_point(|r| r.total_cmp(&rate).is_le());
    rates.insert(at, rate);
}

/// The playback bar.
#[function_component(Playback)]
pub fn playback(p: &PlaybackProps) -> Html {
    let end = p.end.max(1);
    let permille = (p.cursor as u128 * 1000 / end as u128) as u32;
    let act = &p.on_action;
    let on_seek = act.reform(move |e: InputEvent| {
        let v: u64 = e
            .target_unchecked_into::<HtmlInputElement>()
            .value()
            .parse()
            .unwrap_or(0);
        Action::Seek((v as u128 * end as u128 / 1000) as Nanos)
    });
    let on_rate = act.reform(|e: Event| {
        Action::Rate(
            e.target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or(1.0),
        )
    });
    let natural = natural_rate(end);
    // Ascending, as FACTORS are; each rate added goes in its place.
    let mut rates: Vec<f64> = FACTORS.iter().map(|f| f * natural).collect();
    // Real time, where the run is short enough to watch that way.
    if to_secs(end) <= 120.0 && !rates.iter().any(|r| (r - 1.0).abs() < 1e-9) {
        insert_in_order(&mut rates, 1.0);
    }
    if !rates.iter().any(|r| (r - p.rate).abs() < 1e-12) {
        insert_in_order(&mut rates, p.rate);
    }
    let clock = format!(
        "{} / {}",
        format::duration(to_secs(p.cursor)),
        format::duration(to_secs(p.end))
    );
    html! {
        <div class="playback" role="group" aria-label="Playback">
            <button type="button" onclick={act.reform(|_| Action::Seek(0))} title="Back to the start">{ "Start" }</button>
            <button type="button" onclick={act.reform(|_| Action::Step(-1))} title="The moment before, when something changed (←)">{ "◀ Previous" }</button>
            <button type="button" class="play" onclick={act.reform(|_| Action::TogglePlay)} title="Play or pause (space)">
                { if p.playing { "Pause" } else { "Play" } }
            </button>
            <button type="button" onclick={act.reform(|_| Action::Step(1))} title="The next moment something changes (→)">{ "Next ▶" }</button>
            <input type="range" class="scrubber" min="0" max="1000" value={permille.to_string()} oninput={on_seek}
                   aria-label="Scrub through the run" aria-valuetext={clock.clone()} />
            <span class="clock" data-testid="clock">{ clock }</span>
            <label class="speed">{ "Speed " }
                <select onchange={on_rate}>
                    { for rates.iter().map(|&r| html! {
                        <option value={r.to_string()} selected={(r - p.rate).abs() < 1e-12}>{ scale(r, p.end) }</option>
                    }) }
                </select>
            </label>
        </div>
    }
}
