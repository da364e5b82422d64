//! The timeline's colour key.

use yew::prelude::*;

use crate::engine::trace::State;
use crate::engine::{Named, Outcome};
use crate::lab::Shared;

/// Props of [`Legend`].
#[derive(Properties, PartialEq)]
pub struct LegendProps {
    /// The run whose colours to explain.
    pub outcome: Shared<Outcome>,
}

/// The colour key: a swatch for each state the run shows (a short key reads faster, and fits
/// a narrow embed), and the GIL holders' colours when a GIL lane is drawn.
#[function_component(Legend)]
pub fn legend(p: &LegendProps) -> Html {
    let present = use_memo(p.outcome.clone(), |o| {
        let mut seen = vec![false; State::all().len()];
        for span in o.trace.lanes.iter().flat_map(|l| &l.spans) {
            seen[span.state as usize] = true;
        }
        seen
    });
    let states = State::all()
        .iter()
        .filter(|&&s| present[s as usize] && !matches!(s, State::Idle | State::Held));
    html! {
        <ul class="legend" aria-label="Legend">
            { for states.map(|&s| html! {
                <li>
                    <svg viewBox="0 0 14 10" class="swatch" aria-hidden="true"><rect class={format!("st st-{}", s.name())} width="14" height="10" /></svg>
                    { s.label() }
                </li>
            }) }
            if present[State::Held as usize] {
                <li>
                    <svg viewBox="0 0 14 10" class="swatch" aria-hidden="true">
                        <rect class="st hd0" width="7" height="10" /><rect class="st hd1" x="7" width="7" height="10" />
                    </svg>
                    { "GIL held (a colour per thread)" }
                </li>
            }
        </ul>
    }
}
