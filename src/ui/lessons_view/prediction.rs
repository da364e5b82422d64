//! A lesson step's prediction: the question asked before the run, and its verdict once the
//! run has played to its end.

use yew::prelude::*;

use super::super::hooks::reduced_motion;
use super::super::state::Action;
use crate::engine::time::Nanos;
use crate::lessons::Prediction;

/// The prediction `q`: its choices (`answered`, once one is picked), then "watch the run"
/// until the learner has `watched` it end (or `skip`ped there), then the verdict.
pub(super) fn section(
    q: &Prediction,
    answered: &UseStateHandle<Option<usize>>,
    watched: bool,
    act: &Callback<Action>,
    playing: bool,
    skip: &Callback<MouseEvent>,
) -> Html {
    let choose = |i: usize| {
        let (answered, act) = (answered.clone(), act.clone());
        Callback::from(move |_| {
            answered.set(Some(i));
            if reduced_motion() {
                act.emit(Action::Seek(Nanos::MAX));
            } else {
                // Play from the start now, or as soon as the run is simulated.
                act.emit(Action::Autoplay(true));
                act.emit(Action::Seek(0));
                if !playing {
                    act.emit(Action::TogglePlay);
                }
            }
        })
    };
    let verdict = answered.filter(|_| watched);
    html! {
        <section class="predict" aria-label="Prediction">
            <h3>{ "Predict" }</h3>
            <p>{ q.question.clone() }</p>
            <div class="choices" role="group" aria-label={q.question.clone()}>
                { for q.choices.iter().enumerate().map(|(i, c)| html! {
                    <button type="button" disabled={answered.is_some()} aria-pressed={(**answered == Some(i)).to_string()}
                        class={classes!("choice", match verdict {
                            Some(_) if i == q.answer => "right",
                            Some(a) if a == i => "wrong",
                            _ if **answered == Some(i) => "picked",
                            _ => "",
                        })}
                        onclick={choose(i)}>{ c.clone() }</button>
                }) }
            </div>
            if let Some(a) = verdict {
                <div class="explain" data-testid="explanation" role="status">
                    <strong>{ if a == q.answer { "Right. " } else { "Not quite. " } }</strong>
                    { Html::from_html_unchecked(q.explain.clone().into()) }
                </div>
            } else if answered.is_some() {
                <div class="watching" role="status">
                    <span>{ "Watch the run: the answer shows when it ends." }</span>
                    <button type="button" onclick={skip.clone()}>{ "Skip to the result" }</button>
                </div>
            }
        </section>
    }
}
