//! Simulated time: integer nanoseconds, so runs are exact and identical on every target.

/// A point in, or a span of, simulated time in nanoseconds.
pub type Nanos = u64;

/// One microsecond.
pub const US: Nanos = 1_000;
/// One millisecond.
pub const MS: Nanos = 1_000_000;
/// One second.
pub const SEC: Nanos = 1_000_000_000;

/// Converts milliseconds given by a person (a scenario field) to nanoseconds, rounding to the
/// nearest nanosecond. Callers validate the range first, so the cast cannot overflow.
pub fn from_ms(ms: f64) -> Nanos {
    (ms * MS as f64).round() as Nanos
}

/// Converts nanoseconds to seconds for display and metrics.
pub fn to_secs(ns: Nanos) -> f64 {
    ns as f64 / SEC as f64
}

/// The time needed to move `bytes` at `bytes_per_sec`, rounded up so that no transfer is free.
pub fn transfer(bytes: u64, bytes_per_sec: u64) -> Nanos {
    if bytes == 0 {
        return 0;
    }
    ((bytes as u128 * SEC as u128).div_ceil(bytes_per_sec as u128)) as Nanos
}

/// Multiplies a duration by a per-mille factor (1000 = unchanged).
pub fn scale_permille(ns: Nanos, permille: u64) -> Nanos {
    // u64 arithmetic when it cannot overflow: a 128-bit division costs a library call, and this
    // runs for every piece of Python work.
    match ns.checked_mul(permille) {
        Some(product) => product / 1000,
        None => ((ns as u128 * permille as u128) / 1000) as Nanos,
    }
}
