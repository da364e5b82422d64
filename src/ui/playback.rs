//! Play, pause, step, speed and the scrubber. They only move the cursor over a finished trace.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine::time::{to_secs, Nanos};
use crate::format;

/// Speeds offered (multiples of "a whole run in 10 s").
const SPEEDS: [f64; 8] = [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0];

/// Props of [`Playback`].
#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    /// Where playback is.
    pub cursor: Nanos,
    /// The run's end.
    pub end: Nanos,
    /// Whether it plays.
    pub playing: bool,
    /// The speed multiplier.
    pub speed: f64,
    /// Play or pause.
    pub on_toggle: Callback<()>,
    /// Step by -1 or +1.
    pub on_step: Callback<i32>,
    /// Move the cursor.
    pub on_seek: Callback<Nanos>,
    /// Change the speed.
    pub on_speed: Callback<f64>,
}

/// The playback bar.
#[function_component(Playback)]
pub fn playback(p: &PlaybackProps) -> Html {
    let end = p.end.max(1);
    let permille = (p.cursor as u128 * 1000 / end as u128) as u32;
    let on_seek = {
        let cb = p.on_seek.clone();
        Callback::from(move |e: InputEvent| {
            let v: u64 = e
                .target_unchecked_into::<HtmlInputElement>()
                .value()
                .parse()
                .unwrap_or(0);
            cb.emit((v as u128 * end as u128 / 1000) as Nanos);
        })
    };
    let on_speed = {
        let cb = p.on_speed.clone();
        Callback::from(move |e: Event| {
            cb.emit(
                e.target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .parse()
                    .unwrap_or(1.0),
            )
        })
    };
    let toggle = p.on_toggle.reform(|_: MouseEvent| ());
    let back = p.on_step.reform(|_: MouseEvent| -1);
    let fwd = p.on_step.reform(|_: MouseEvent| 1);
    html! {
        <div class="playback" role="group" aria-label="Playback">
            <button type="button" onclick={back} aria-label="Step back" title="Step back (←)">{ "« Back" }</button>
            <button type="button" class="play" onclick={toggle} aria-label={if p.playing { "Pause" } else { "Play" }}
                    title="Play or pause (space)">{ if p.playing { "Pause" } else { "Play" } }</button>
            <button type="button" onclick={fwd} aria-label="Step forward" title="Step forward (→)">{ "Next »" }</button>
            <input type="range" class="scrubber" min="0" max="1000" value={permille.to_string()} oninput={on_seek}
                   aria-label="Scrub through the run" aria-valuetext={format::duration(to_secs(p.cursor))} />
            <span class="clock" data-testid="clock">{ format!("{} / {}", format::duration(to_secs(p.cursor)), format::duration(to_secs(p.end))) }</span>
            <label class="speed">{ "Speed " }
                <select onchange={on_speed} aria-label="Speed">
                    { for SPEEDS.iter().map(|&s| html! { <option value={s.to_string()} selected={(s - p.speed).abs() < 1e-9}>{ format!("{s}×") }</option> }) }
                </select>
            </label>
        </div>
    }
}
