//! A lesson step's challenge: the goal, what is not met yet, hints, the solution, and the score
//! once the learner's own setup meets it.

use yew::prelude::*;

use super::super::state::{LabState, Run};
use crate::lessons::{self, Challenge};

/// What a challenge's section shows and acts on, from the step around it.
pub(super) struct Context<'a> {
    /// The challenge.
    pub challenge: &'a Challenge,
    /// The step's run.
    pub state: &'a LabState,
    /// The learner's best score on it so far (changes made).
    pub best: Option<u32>,
    /// How many hints are shown.
    pub hints: &'a UseStateHandle<usize>,
    /// Applies one setting, as the learner would (undoable).
    pub on_set: &'a Callback<(String, String)>,
    /// Whether "Show the solution" put the current setup there (then it is not scored).
    pub shown_solution: &'a UseStateHandle<bool>,
    /// The changes from the step's start, when the current setup meets the goal.
    pub solved_changes: Option<u32>,
    /// Whether the run is still playing towards its end (the verdict waits for it).
    pub playing_to_end: bool,
    /// Skips playback to the end.
    pub skip: &'a Callback<MouseEvent>,
    /// The way on once solved (none in an embed).
    pub onward: Option<Html>,
}

/// The challenge's section.
pub(super) fn section(cx: Context) -> Html {
    let Context {
        challenge: c,
        state,
        best,
        hints,
        on_set,
        shown_solution,
        solved_changes,
        playing_to_end,
        skip,
        onward,
    } = cx;
    let unmet = match (state.outcome(), &state.run) {
        (Some(o), _) => c.unmet(&o.plan, &o.metrics),
        (None, Run::Failed(e)) => vec![e.clone()],
        (None, _) => Vec::new(),
    };
    let show_hint = {
        let hints = hints.clone();
        Callback::from(move |_| hints.set(*hints + 1))
    };
    let solve = {
        let (on_set, shown, solution) = (
            on_set.clone(),
            shown_solution.clone(),
            lessons::pairs(&c.solution),
        );
        Callback::from(move |_| {
            shown.set(true);
            for kv in &solution {
                on_set.emit(kv.clone());
            }
        })
    };
    let par = c.par;
    let hints_shown = **hints;
    html! {
        <section class="challenge" aria-label="Challenge">
            <h3>{ "Challenge" }</h3>
            <p>{ c.goal.clone() }</p>
            if solved_changes.is_some() && playing_to_end {
                <div class="watching" role="status">
                    <span>{ "Watch the run: the verdict shows when it ends." }</span>
                    <button type="button" onclick={skip.clone()}>{ "Skip to the result" }</button>
                </div>
            } else if let Some(n) = solved_changes {
                if **shown_solution {
                    <div class="notice" role="status" data-testid="solution-shown">
                        { format!("That is the solution ({n} change{}). Reset, then solve it your own way to count this step.", if n == 1 { "" } else { "s" }) }
                    </div>
                } else {
                    <div class="success" role="status" data-testid="solved">
                        <strong>{ "Solved! " }</strong>
                        { format!("You changed {n} setting{}; par is {par}. ", if n == 1 { "" } else { "s" }) }
                        { match n.cmp(&par) {
                            std::cmp::Ordering::Less => "Under par: tidier than our solution.",
                            std::cmp::Ordering::Equal => "Par: as tidy as it gets.",
                            std::cmp::Ordering::Greater => "Can you reach it with fewer changes? Reset and try.",
                        } }
                        { onward.clone().unwrap_or_default() }
                    </div>
                }
            } else {
                <ul class="unmet">{ for unmet.iter().map(|u| html! { <li>{ format!("Not yet: {u}.") }</li> }) }</ul>
            }
            if let Some(b) = best { <p class="hint">{ format!("Your best: {b} change{}.", if b == 1 { "" } else { "s" }) }</p> }
            <ul class="hints">{ for c.hints.iter().take(hints_shown).map(|h| html! { <li>{ h.clone() }</li> }) }</ul>
            <div class="row">
                if hints_shown < c.hints.len() { <button type="button" onclick={show_hint}>{ "Show a hint" }</button> }
                <button type="button" onclick={solve}>{ "Show the solution" }</button>
            </div>
        </section>
    }
}
