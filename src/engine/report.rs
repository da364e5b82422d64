//! A run's figures without its trace: what `conclab run` prints. No span is kept: the metrics
//! are added up as the run goes ([`metrics::Tally`](super::metrics::Tally)), bit-identical to
//! those [`run`](super::run) computes from the stored trace, so a large run needs memory for its
//! tasks and its program, not for its picture.

use super::diagnosis::{self, Diagnosis, Recommendation};
use super::time::Nanos;
use super::{baseline_makespan, each_model, models, timed_brief, Metrics, Plan, TooLarge};

/// What a run came to, and the model that does best on its work.
#[derive(Debug, Clone)]
pub struct Report {
    /// The plan that ran.
    pub plan: Plan,
    /// The makespan of the same work run sequentially.
    pub baseline: Nanos,
    /// The numbers.
    pub metrics: Metrics,
    /// Findings.
    pub diagnosis: Diagnosis,
    /// The model that does best on this work, and why (as [`recommend`](super::recommend)).
    pub recommendation: Option<Recommendation>,
}

/// Runs the plan, its sequential baseline and every model on its work (for the
/// recommendation), keeping no span of any of them.
pub fn report(plan: &Plan) -> Result<Report, TooLarge> {
    let baseline = baseline_makespan(plan)?;
    let rows = each_model(plan, baseline, timed_brief, |r| {
        r.0.result.as_ref().ok().map(|s| s.makespan_s)
    });
    // The metrics' series divide the run's makespan, so it is wanted before the run: the
    // recommendation's row of the plan's own model already ran it (a deadlocked one has no
    // row, and runs once more).
    let own = rows
        .iter()
        .find(|r| r.0.model == plan.model())
        .and_then(|r| r.1);
    let metrics = match own.and_then(|end| tallied(plan, baseline, end).transpose()) {
        Some(m) => m?,
        None => {
            let end = models::build(plan).without_spans().run()?.makespan;
            tallied(plan, baseline, end)?.expect("a run ends when the same run did")
        }
    };
    let briefs: Vec<_> = rows.into_iter().map(|r| r.0).collect();
    Ok(Report {
        plan: plan.clone(),
        baseline,
        diagnosis: diagnosis::diagnose(plan, &metrics),
        recommendation: diagnosis::recommendation(plan, &briefs),
        metrics,
    })
}

/// The metrics of the plan's run, added up as it goes; `None` if it did not end at `makespan`.
fn tallied(plan: &Plan, baseline: Nanos, makespan: Nanos) -> Result<Option<Metrics>, TooLarge> {
    let mut world = models::build(plan).tallied(makespan);
    while !world.step(u64::MAX)? {}
    Ok(world.finish_metrics(baseline))
}
