//! The lesson list and the lesson player: text beside a live simulator, a prediction to make
//! before the run, and a challenge solved by changing the setup.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::controls::Controls;
use super::fetch::{lessons_pending, use_lessons};
use super::hooks::{reduced_motion, use_actions, use_lab};
use super::route::{Link, Route};
use super::share::{base_url, Share};
use super::simulator::{Notices, Simulator};
use super::state::{Action, LabState};
use super::{storage, url};
use crate::lab::Shared;
use crate::lessons::{self, Lesson};

/// Props of [`LessonList`].
#[derive(Properties, PartialEq)]
pub struct ListProps {
    /// Navigates.
    pub on_nav: Callback<Route>,
}

/// Every lesson with its progress, plus export and import of progress.
#[function_component(LessonList)]
pub fn lesson_list(p: &ListProps) -> Html {
    let loaded = use_memo((), |_| storage::load());
    let progress = use_state(|| loaded.0.clone());
    let notice = use_state(|| loaded.1.clone());
    let lessons = use_lessons();
    let export = {
        let progress = progress.clone();
        Callback::from(move |_| storage::export(&progress))
    };
    let import = {
        let (progress, notice) = (progress.clone(), notice.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let (progress, notice) = (progress.clone(), notice.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match storage::import(file).await {
                    Ok(p) => {
                        storage::save(&p);
                        progress.set(p);
                        notice.set(Some("Progress imported.".into()));
                    }
                    Err(e) => notice.set(Some(format!("That file was not imported: {e}."))),
                }
            });
        })
    };
    html! {
        <main class="lesson-list">
            <h2>{ "Lessons" }</h2>
            <p class="hint">{ "Each lesson puts the simulator next to the idea it proves: predict, run, see why, then solve a challenge." }</p>
            if let Some(n) = &*notice {
                <div class="notice" role="status"><span>{ n }</span>
                    <button type="button" aria-label="Dismiss" onclick={let notice = notice.clone(); Callback::from(move |_| notice.set(None))}>{ "×" }</button>
                </div>
            }
            if let Some(Ok(all)) = &lessons {
            <ol>
                { for all.iter().map(|l| {
                    let done = progress.done_count(&l.id);
                    let total = l.steps.len();
                    html! {
                        <li class={classes!("lesson-item", (done >= total).then_some("complete"))} data-lesson={l.id.clone()}>
                            <Link to={Route::Lesson { id: l.id.clone(), step: 0 }} on_nav={p.on_nav.clone()}>{ l.title.clone() }</Link>
                            <span class="progress-mark" aria-label={format!("{done} of {total} steps done")}>
                                { if done >= total { "✓ done".to_string() } else { format!("{done}/{total}") } }
                            </span>
                            <p class="hint">{ l.goal.clone() }</p>
                        </li>
                    }
                }) }
            </ol>
            } else { { lessons_pending(&lessons) } }
            <div class="progress-io">
                <button type="button" onclick={export}>{ "Export progress" }</button>
                <label class="import">{ "Import progress " }<input type="file" accept="application/json,.json" onchange={import} /></label>
            </div>
        </main>
    }
}

/// Props of [`LessonPlayer`].
#[derive(Properties, PartialEq)]
pub struct PlayerProps {
    /// Which lesson.
    pub id: String,
    /// Which step (0-based).
    pub step: usize,
    /// Navigates.
    pub on_nav: Callback<Route>,
    /// Shown inside someone else's page: no navigation, a link out instead.
    #[prop_or_default]
    pub embedded: bool,
}

/// One lesson, one step at a time.
#[function_component(LessonPlayer)]
pub fn lesson_player(p: &PlayerProps) -> Html {
    let lessons = use_lessons();
    let Some(Ok(all)) = &lessons else {
        return lessons_pending(&lessons);
    };
    let Some(lesson) = all.iter().find(|l| l.id == p.id).cloned() else {
        return html! {
            <main class="lesson-list">
                <div class="notice" role="status">{ format!("There is no lesson called '{}'.", p.id) }</div>
                <Link to={Route::Lessons} on_nav={p.on_nav.clone()}>{ "All lessons" }</Link>
            </main>
        };
    };
    let step = p.step.min(lesson.steps.len() - 1);
    let key = format!("{}/{step}", lesson.id);
    html! {
        <StepView {key} {lesson} {step} on_nav={p.on_nav.clone()} embedded={p.embedded} />
    }
}

#[derive(Properties, PartialEq)]
struct StepProps {
    lesson: Shared<Lesson>,
    step: usize,
    on_nav: Callback<Route>,
    embedded: bool,
}

#[function_component(StepView)]
fn step_view(p: &StepProps) -> Html {
    let lesson = &p.lesson;
    let step = &lesson.steps[p.step];
    let start = use_memo(p.step, |_| step.scenario().unwrap_or_default());
    let state = use_reducer({
        let start = (*start).clone();
        move || LabState::new(start, Vec::new())
    });
    use_lab(&state);
    let act = use_actions(&state);
    let progress = use_state(|| Rc::new(storage::load().0));
    let was_done = progress.is_done(&lesson.id, p.step);
    let answered = use_state(|| was_done.then(|| step.predict.as_ref().map_or(0, |q| q.answer)));
    let hints = use_state(|| 0usize);

    // Record progress: a step without a question or challenge is done on sight; one with a
    // question, once answered; one with a challenge, once solved (with its score).
    let solved_changes = match (&step.challenge, state.outcome()) {
        (Some(c), Some(o)) if c.unmet(&o.plan, &o.metrics).is_empty() => {
            Some(lessons::changes(&start, &state.scenario))
        }
        _ => None,
    };
    {
        let (progress, id, n) = (progress.clone(), lesson.id.clone(), p.step);
        let needs_answer = step.predict.is_some() && answered.is_none();
        let has_challenge = step.challenge.is_some();
        use_effect_with(
            (solved_changes, needs_answer),
            move |&(solved, needs_answer)| {
                let mut next = (**progress).clone();
                match solved {
                    Some(changes) => next.score(&id, n, changes),
                    None if !has_challenge && !needs_answer => next.complete(&id, n),
                    None => {}
                }
                if next != **progress {
                    storage::save(&next);
                    progress.set(Rc::new(next));
                }
            },
        );
    }

    let predict = step.predict.as_ref().map(|q| {
        let choose = |i: usize| {
            let (answered, act) = (answered.clone(), act.clone());
            Callback::from(move |_| {
                answered.set(Some(i));
                if !reduced_motion() {
                    act.emit(Action::TogglePlay);
                }
            })
        };
        html! {
            <section class="predict" aria-label="Prediction">
                <h3>{ "Predict" }</h3>
                <p>{ q.question.clone() }</p>
                <div class="choices" role="group" aria-label={q.question.clone()}>
                    { for q.choices.iter().enumerate().map(|(i, c)| html! {
                        <button type="button" disabled={answered.is_some()}
                            class={classes!("choice", answered.map(|a| if i == q.answer { "right" } else if a == i { "wrong" } else { "" }))}
                            onclick={choose(i)}>{ c.clone() }</button>
                    }) }
                </div>
                if let Some(a) = *answered {
                    <div class="explain" data-testid="explanation">
                        <strong>{ if a == q.answer { "Right. " } else { "Not quite. " } }</strong>
                        { Html::from_html_unchecked(q.explain.clone().into()) }
                    </div>
                }
            </section>
        }
    });
    let challenge = step.challenge.as_ref().map(|c| {
        let unmet = match (state.outcome(), &state.run) {
            (Some(o), _) => c.unmet(&o.plan, &o.metrics),
            (None, super::state::Run::Failed(e)) => vec![e.clone()],
            (None, _) => Vec::new(),
        };
        let best = progress.lessons.get(&lesson.id).and_then(|l| l.best.get(&p.step)).copied();
        let show_hint = {
            let hints = hints.clone();
            Callback::from(move |_| hints.set(*hints + 1))
        };
        let solve = {
            let (act, solution) = (act.clone(), lessons::pairs(&c.solution));
            Callback::from(move |_| {
                for (k, v) in &solution {
                    act.emit(Action::Set(k.clone(), v.clone()));
                }
            })
        };
        html! {
            <section class="challenge" aria-label="Challenge">
                <h3>{ "Challenge" }</h3>
                <p>{ c.goal.clone() }</p>
                if let Some(changes) = solved_changes {
                    <p class="solved" data-testid="solved">{ format!("Solved with {changes} change(s) — par is {}.", c.par) }</p>
                } else {
                    <ul class="unmet">{ for unmet.iter().map(|u| html! { <li>{ format!("Not yet: {u}.") }</li> }) }</ul>
                }
                if let Some(b) = best { <p class="hint">{ format!("Your best: {b} change(s).") }</p> }
                <ul class="hints">{ for c.hints.iter().take(*hints).map(|h| html! { <li>{ h.clone() }</li> }) }</ul>
                <div class="row">
                    if *hints < c.hints.len() { <button type="button" onclick={show_hint}>{ "Show a hint" }</button> }
                    <button type="button" onclick={solve}>{ "Show the solution" }</button>
                </div>
            </section>
        }
    });
    let waiting = step.predict.is_some() && answered.is_none();
    let last = lesson.steps.len() - 1;
    let id = lesson.id.clone();
    let this_step = Route::Lesson {
        id: id.clone(),
        step: p.step,
    };
    let nav = if p.embedded {
        html! {
            <div class="row step-nav">
                <a href={format!("{}{}", base_url(), this_step.href())} target="_blank" rel="noopener">{ "Open this lesson in Concurrency Lab ↗" }</a>
            </div>
        }
    } else {
        html! {
            <div class="row step-nav">
                if p.step > 0 { <Link to={Route::Lesson { id: id.clone(), step: p.step - 1 }} on_nav={p.on_nav.clone()}>{ "← Previous" }</Link> }
                if p.step < last { <Link to={Route::Lesson { id: id.clone(), step: p.step + 1 }} on_nav={p.on_nav.clone()}>{ "Next →" }</Link> }
                else { <Link to={Route::Lessons} on_nav={p.on_nav.clone()}>{ "Back to all lessons" }</Link> }
                <a href={url::query_for(&state.scenario, &[])}>{ "Open in the Lab" }</a>
                <Share scenario={state.scenario.clone()} lesson={Some((id.clone(), p.step))} />
            </div>
        }
    };
    html! {
        <main class="lesson">
            if !p.embedded {
                <nav class="crumbs" aria-label="Lesson navigation">
                    <Link to={Route::Lessons} on_nav={p.on_nav.clone()}>{ "All lessons" }</Link>
                    <span>{ format!(" · step {} of {}", p.step + 1, last + 1) }</span>
                </nav>
            }
            <h2>{ lesson.title.clone() }</h2>
            <div class="lesson-layout">
                <article class="lesson-text">
                    { Html::from_html_unchecked(step.text.clone().into()) }
                    { for predict }
                    { for challenge }
                    { nav }
                </article>
                <div class="lesson-sim">
                    <Notices notices={state.notices.clone()} on_action={act.clone()} />
                    <Controls scenario={state.scenario.clone()} resolved={state.plan.as_ref().map_or_else(|_| state.scenario.clone(), |p| p.resolved())} on_set={act.reform(|(k, v)| Action::Set(k, v))} />
                    if waiting {
                        <p class="placeholder">{ "Make your prediction, and the simulation runs." }</p>
                    } else {
                        <Simulator state={(*state).clone()} on_action={act.clone()} />
                    }
                </div>
            </div>
        </main>
    }
}
