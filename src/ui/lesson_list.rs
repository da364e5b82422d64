//! The lesson list: every lesson with its progress, and export and import of progress.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::fetch::{lessons_pending, use_lessons};
use super::route::{Link, Route};
use super::storage;

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
            // Where to go next: the first lesson not yet finished, at its first step not done.
            if let Some((l, step)) = all.iter().find_map(|l| {
                (0..l.steps.len()).find(|&i| !progress.is_done(&l.id, i)).map(|i| (l, i))
            }) {
                <p class="row">
                    <Link to={Route::Lesson { id: l.id.clone(), step }} on_nav={p.on_nav.clone()} class="button primary">
                        { if progress.lessons.is_empty() { format!("Start with “{}” →", l.title) } else { format!("Continue: “{}” →", l.title) } }
                    </Link>
                </p>
            }
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
