//! A run's fingerprint, from its metrics: what `trace_hash` shows and the determinism checks
//! compare (native against wasm, run against run). It is taken from the metrics, not from the
//! spans, so a run that keeps no span (`conclab run`) has one too: the metrics are computed as
//! the run goes, bit-identical to those of the stored trace. The full trace, span by span, is
//! pinned by [`Trace::fingerprint`](crate::engine::Trace::fingerprint) in the golden tests.

use std::hash::{Hash, Hasher};

use super::{CoreUse, GroupMetrics, Metrics, StateTime};
use crate::engine::trace::StableHasher;

impl Metrics {
    /// A 64-bit hash of every figure (floats by their bits), the same on every target. Every
    /// field is named below, so a new one cannot be left out of it.
    pub fn fingerprint(&self) -> u64 {
        let Metrics {
            complete,
            makespan_s,
            throughput_per_s,
            speedup,
            baseline_makespan_s,
            cpu_utilization,
            gil_wait_fraction,
            lock_wait_fraction,
            queue_wait_fraction,
            peak_memory_bytes,
            mean_latency_s,
            p50_latency_s,
            p95_latency_s,
            p99_latency_s,
            tasks_done,
            events,
            bucket_s,
            throughput_bin_s,
            throughput_series,
            core_series,
            state_times,
            trace_hash: _,
            groups,
            deadlock,
        } = self;
        let mut h = StableHasher::default();
        complete.hash(&mut h);
        let floats = [
            makespan_s,
            throughput_per_s,
            speedup,
            baseline_makespan_s,
            cpu_utilization,
            gil_wait_fraction,
            lock_wait_fraction,
            queue_wait_fraction,
            mean_latency_s,
            p50_latency_s,
            p95_latency_s,
            p99_latency_s,
            bucket_s,
            throughput_bin_s,
        ];
        floats.map(|f| f.to_bits()).hash(&mut h);
        (peak_memory_bytes, tasks_done, events).hash(&mut h);
        throughput_series
            .iter()
            .map(|f| f.to_bits())
            .collect::<Vec<_>>()
            .hash(&mut h);
        h.write_usize(core_series.len());
        for core in core_series {
            h.write_usize(core.len());
            for CoreUse { python, c } in core {
                (python.to_bits(), c.to_bits()).hash(&mut h);
            }
        }
        h.write_usize(state_times.len());
        for StateTime { state, seconds } in state_times {
            (state, seconds.to_bits()).hash(&mut h);
        }
        h.write_usize(groups.len());
        for g in groups {
            let GroupMetrics {
                name,
                tasks,
                throughput_per_s,
                mean_latency_s,
                p50_latency_s,
                p99_latency_s,
                gil_wait_fraction,
                lock_wait_fraction,
            } = g;
            (name, tasks).hash(&mut h);
            [
                throughput_per_s,
                mean_latency_s,
                p50_latency_s,
                p99_latency_s,
                gil_wait_fraction,
                lock_wait_fraction,
            ]
            .map(|f| f.to_bits())
            .hash(&mut h);
        }
        deadlock.hash(&mut h);
        h.finish()
    }
}
