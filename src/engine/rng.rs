//! The engine's one source of randomness: a PCG generator seeded from the scenario.
//!
//! Reuse the same seed to get the same run: nothing else in the engine is random, and the
//! generator is only drawn from while the workload is built, in task order.

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// A seeded, platform-independent random number generator.
#[derive(Debug, Clone)]
pub struct Rng(Pcg64Mcg);

impl Rng {
    /// Creates the generator for a scenario's `seed`.
    pub fn new(seed: u64) -> Self {
        Self(Pcg64Mcg::seed_from_u64(seed))
    }

    /// A uniform float in `[0, 1)` built from the top 53 bits, identical on every target.
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Scales `value` by a uniform factor in `[1 - spread, 1 + spread]`.
    pub fn jitter(&mut self, value: u64, spread: f64) -> u64 {
        if spread <= 0.0 || value == 0 {
            return value;
        }
        let factor = 1.0 + spread * (2.0 * self.unit() - 1.0);
        (value as f64 * factor).round().max(0.0) as u64
    }
}
