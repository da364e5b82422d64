//! A run that can be advanced in slices: the sequential baseline, then the scenario's model.
//! `engine::run` advances it to the end in one go; the browser advances it a slice at a time so
//! a large scenario never freezes the page, and shows progress between slices.

use super::sim::World;
use super::time::Nanos;
use super::{diagnose, models, Metrics, Outcome, Plan, TooLarge};

/// A run in progress.
#[derive(Debug)]
pub struct Simulation {
    plan: Plan,
    stage: Option<Stage>,
    /// Events of finished stages.
    done_events: u64,
}

#[derive(Debug)]
enum Stage {
    Baseline(World),
    Model(World, Nanos),
}

impl Simulation {
    /// Prepares the plan's run.
    pub fn start(plan: &Plan) -> Self {
        Self {
            plan: plan.clone(),
            stage: Some(Stage::Baseline(
                models::build(&plan.sequential()).without_spans(),
            )),
            done_events: 0,
        }
    }

    /// The plan being run.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Events processed so far, over both stages.
    pub fn events(&self) -> u64 {
        self.done_events
            + match &self.stage {
                Some(Stage::Baseline(w) | Stage::Model(w, _)) => w.processed(),
                None => 0,
            }
    }

    /// Processes up to `budget` more events; the outcome once the run is complete.
    pub fn advance(&mut self, budget: u64) -> Result<Option<Outcome>, TooLarge> {
        let mut left = budget;
        while let Some(stage) = self.stage.as_mut() {
            let world = match stage {
                Stage::Baseline(w) | Stage::Model(w, _) => w,
            };
            let before = world.processed();
            let finished = world.step(left)?;
            left = left.saturating_sub(world.processed() - before);
            if !finished {
                return Ok(None);
            }
            match self.stage.take() {
                Some(Stage::Baseline(w)) => {
                    self.done_events += w.processed();
                    let baseline = w.finish().makespan;
                    self.stage = Some(Stage::Model(models::build(&self.plan), baseline));
                }
                Some(Stage::Model(w, baseline)) => {
                    self.done_events += w.processed();
                    let trace = w.finish();
                    let metrics = Metrics::compute(&trace, baseline);
                    let diagnosis = diagnose(&self.plan, &metrics);
                    return Ok(Some(Outcome {
                        plan: self.plan.clone(),
                        trace,
                        baseline,
                        metrics,
                        diagnosis,
                    }));
                }
                None => break,
            }
            if left == 0 {
                return Ok(None);
            }
        }
        Ok(None)
    }
}
