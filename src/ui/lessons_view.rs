//! The lesson player: text beside a live simulator, a prediction to make before the run, and a
//! challenge solved by changing the setup.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::controls::Controls;
use super::fetch::{lessons_pending, use_lessons};
use super::hooks::{bring_into_view, reduced_motion, use_actions, use_lab};
use super::route::{Link, Route, LAB_PAGE};
use super::share::{base_url, Share};
use super::simulator::{Notices, Simulator, Watched};
use super::state::{Action, LabState};
use super::{storage, url};
use crate::engine::time::Nanos;
use crate::engine::Scenario;
use crate::lab::Shared;
use crate::lessons::{self, Lesson};

mod challenge;
mod prediction;

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
    let Some(at) = all.iter().position(|l| l.id == p.id) else {
        return html! {
            <main class="lesson-list">
                <div class="notice" role="status">{ format!("There is no lesson called '{}'.", p.id) }</div>
                <Link to={Route::Lessons} on_nav={p.on_nav.clone()}>{ "All lessons" }</Link>
            </main>
        };
    };
    let lesson = all[at].clone();
    let next = all.get(at + 1).map(|l| (l.id.clone(), l.title.clone()));
    let step = p.step.min(lesson.steps.len() - 1);
    let key = format!("{}/{step}", lesson.id);
    html! {
        <StepView {key} {lesson} {step} {next} on_nav={p.on_nav.clone()} embedded={p.embedded} />
    }
}

#[derive(Properties, PartialEq)]
struct StepProps {
    lesson: Shared<Lesson>,
    step: usize,
    /// The next lesson's id and title, if any.
    next: Option<(String, String)>,
    on_nav: Callback<Route>,
    embedded: bool,
}

/// The `a.ref` highlight link an event happened in, if any.
fn highlight_link(e: &Event) -> Option<web_sys::Element> {
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    target.closest("a.ref").ok().flatten()
}

/// Follows the pointer or focus over the highlight links: entering one (`on`) outlines its lane,
/// leaving it clears the outline.
fn point<E: AsRef<Event>>(on: bool, highlight: &UseStateHandle<Option<AttrValue>>) -> Callback<E> {
    let highlight = highlight.clone();
    Callback::from(move |e: E| {
        let lane = highlight_link(e.as_ref()).and_then(|a| a.get_attribute("data-lane"));
        let next = lane.filter(|_| on).map(AttrValue::from);
        if *highlight != next {
            highlight.set(next);
        }
    })
}

/// Where a step goes next: its lesson's next step, the next lesson, or back to the list.
fn onward(lesson: &Lesson, step: usize, next: &Option<(String, String)>) -> (Route, String) {
    if step + 1 < lesson.steps.len() {
        let to = Route::Lesson {
            id: lesson.id.clone(),
            step: step + 1,
        };
        (to, "Next step →".into())
    } else if let Some((id, title)) = next {
        (
            Route::Lesson {
                id: id.clone(),
                step: 0,
            },
            format!("Next lesson: {title} →"),
        )
    } else {
        (Route::Lessons, "All lessons".into())
    }
}

#[function_component(StepView)]
fn step_view(p: &StepProps) -> Html {
    let lesson = &p.lesson;
    let step = &lesson.steps[p.step];
    let start = use_memo(p.step, |_| step.scenario().unwrap_or_default());
    // A step without a question plays at once; one with a question plays once it is answered.
    let state = use_reducer({
        let start = (*start).clone();
        let play = step.predict.is_none() && !reduced_motion();
        move || LabState::new(start, Vec::new()).reduce(Action::Autoplay(play))
    });
    use_lab(&state);
    let act = use_actions(&state);
    let progress = use_state(|| Rc::new(storage::load().0));
    let was_done = progress.is_done(&lesson.id, p.step);
    let answered = use_state(|| was_done.then(|| step.predict.as_ref().map_or(0, |q| q.answer)));
    // Whether the learner has seen the run reach its end since answering (or skipped there).
    let watched = use_state(|| was_done);
    let hints = use_state(|| 0usize);
    // Scenarios before each of the learner's changes, for Undo.
    let history = use_state(Vec::<Scenario>::new);
    // Whether "Show the solution" put the current setup there: then solving it is not scored.
    let shown_solution = use_state(|| false);
    let highlight = use_state(|| None::<AttrValue>);
    let end = state.end();
    let done = state.outcome().is_some();
    {
        let watched = watched.clone();
        let at_end = answered.is_some() && done && end > 0 && state.cursor >= end && !state.playing;
        use_effect_with(at_end, move |&at_end| {
            if at_end && !*watched {
                watched.set(true);
            }
        });
    }

    // On a narrow screen the run plays below the question, and the verdict shows above the
    // run: bring each into view when it starts (a fresh answer) or appears (the run's end).
    {
        let fresh = answered.is_some() && !was_done;
        use_effect_with((fresh, done, *watched), move |&(fresh, done, watched)| {
            if fresh && watched {
                bring_into_view(".predict .explain");
            } else if fresh && done {
                bring_into_view(".lesson-sim .timeline");
            }
        });
    }

    let solved_changes = match (&step.challenge, state.outcome()) {
        (Some(c), Some(o)) if c.unmet(&o.plan, &o.metrics).is_empty() => {
            Some(lessons::changes(&start, &state.scenario))
        }
        _ => None,
    };
    // Record progress: a step without a question or challenge is done on sight; one with a
    // question, once answered and watched; one with a challenge, once the learner solves it
    // (not the solution they were shown), with its score.
    {
        let (progress, id, n) = (progress.clone(), lesson.id.clone(), p.step);
        let needs_answer = step.predict.is_some() && !*watched;
        let has_challenge = step.challenge.is_some();
        let scored = solved_changes.filter(|_| !*shown_solution);
        use_effect_with((scored, needs_answer), move |&(solved, needs_answer)| {
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
        });
    }

    // The learner's own changes, undoable one by one.
    let on_set = {
        let (act, history, scenario) = (act.clone(), history.clone(), state.scenario.clone());
        Callback::from(move |(k, v): (String, String)| {
            let mut h = (*history).clone();
            h.push(scenario.clone());
            history.set(h);
            act.emit(Action::Set(k, v));
            // The run plays again: bring it into view (on a phone it is below the controls).
            bring_into_view(".lesson-sim .timeline");
        })
    };
    let undo = {
        let (act, history) = (act.clone(), history.clone());
        Callback::from(move |_| {
            let mut h = (*history).clone();
            if let Some(before) = h.pop() {
                history.set(h);
                act.emit(Action::Load(Box::new(before), Vec::new()));
            }
        })
    };
    let reset = {
        let (act, history, shown, start) = (
            act.clone(),
            history.clone(),
            shown_solution.clone(),
            start.clone(),
        );
        Callback::from(move |_| {
            history.set(Vec::new());
            shown.set(false);
            act.emit(Action::Load(Box::new((*start).clone()), Vec::new()));
        })
    };

    let skip = {
        let (act, watched) = (act.clone(), watched.clone());
        Callback::from(move |_| {
            watched.set(true);
            act.emit(Action::Seek(Nanos::MAX));
        })
    };
    let predict = step
        .predict
        .as_ref()
        .map(|q| prediction::section(q, &answered, *watched, &act, state.playing, &skip));
    let waiting = step.predict.is_some() && answered.is_none();
    let (onward_to, onward_words) = onward(lesson, p.step, &p.next);
    // A challenge's verdict, like a prediction's, waits for the run to play to its end.
    let playing_to_end = state.playing && state.cursor < end;
    let challenge = step.challenge.as_ref().filter(|_| step.predict.is_none() || *watched).map(|c| {
        challenge::section(challenge::Context {
            challenge: c,
            state: &state,
            best: progress.lessons.get(&lesson.id).and_then(|l| l.best.get(&p.step)).copied(),
            hints: &hints,
            on_set: &on_set,
            shown_solution: &shown_solution,
            solved_changes,
            playing_to_end,
            skip: &skip,
            onward: (!p.embedded).then(|| html! {
                <div class="row"><Link to={onward_to.clone()} on_nav={p.on_nav.clone()} class="button primary">{ onward_words.clone() }</Link></div>
            }),
        })
    });
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
                <Link to={onward_to} on_nav={p.on_nav.clone()}>{ onward_words }</Link>
                <a href={format!("{LAB_PAGE}{}", url::query_for(&state.scenario, &[]))}>{ "Open in the Lab" }</a>
                <Share scenario={state.scenario.clone()} lesson={Some((id.clone(), p.step))} />
            </div>
        }
    };

    // Highlights in the text: pointing at (or focusing) "the GIL lane" outlines it (see
    // `point`); "at 5 ms" moves the cursor there.
    let onclick = {
        let (act, highlight, playing) = (act.clone(), highlight.clone(), state.playing);
        Callback::from(move |e: MouseEvent| {
            let Some(a) = highlight_link(&e) else { return };
            e.prevent_default();
            if let Some(t) = a
                .get_attribute("data-time")
                .and_then(|t| t.parse::<Nanos>().ok())
            {
                if playing {
                    act.emit(Action::TogglePlay);
                }
                act.emit(Action::Seek(t));
            } else if let Some(lane) = a.get_attribute("data-lane") {
                // A tap on a touch screen, which has no hover: outline the lane.
                highlight.set(Some(lane.into()));
            }
            // On a phone the figure may be out of view: bring it to what the text points at.
            bring_into_view(".lesson-sim .timeline");
        })
    };
    let controls_step = step.controls.clone();
    html! {
        <main class="lesson">
            if !p.embedded {
                <nav class="crumbs" aria-label="Lesson navigation">
                    <Link to={Route::Lessons} on_nav={p.on_nav.clone()}>{ "All lessons" }</Link>
                    <span>{ format!(" · step {} of {}", p.step + 1, last + 1) }</span>
                </nav>
            }
            <h2>{ lesson.title.clone() }</h2>
            <div class="lesson-layout" {onclick} onmouseover={point(true, &highlight)} onmouseout={point(false, &highlight)}
                onfocusin={point(true, &highlight)} onfocusout={point(false, &highlight)}>
                <article class="lesson-text">
                    { Html::from_html_unchecked(step.text.clone().into()) }
                </article>
                { for predict }
                <div class="lesson-sim">
                    if waiting {
                        <p class="placeholder">{ "Make your prediction, and the run plays here." }</p>
                    } else {
                        <Notices notices={state.notices.clone()} on_action={act.clone()} />
                        <Simulator state={(*state).clone()} on_action={act.clone()} highlight={(*highlight).clone()}
                            lesson={Some(Watched(step.predict.is_none() || *watched))} />
                    }
                </div>
                { for challenge }
                // Embedded in someone's page, a step shows no settings form: only its own
                // controls, when it has a challenge to solve with them.
                // While a prediction's run plays, the setup waits: a change would answer a
                // different question than the one asked.
                if !waiting && (step.predict.is_none() || *watched) && !(p.embedded && step.challenge.is_none()) {
                    <section class="lesson-setup" aria-label="Setup">
                        <Controls scenario={state.scenario.clone()} resolved={state.plan.as_ref().map_or_else(|_| state.scenario.clone(), |p| p.resolved())}
                            {on_set} focus={controls_step} compact={p.embedded} refused={state.refused} />
                        <div class="row">
                            <button type="button" onclick={undo} disabled={history.is_empty()}>{ "Undo" }</button>
                            <button type="button" onclick={reset} disabled={state.scenario == *start}>{ "Reset this step" }</button>
                        </div>
                    </section>
                }
                { nav }
            </div>
        </main>
    }
}
