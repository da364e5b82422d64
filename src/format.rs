//! Numbers as people read them: durations, sizes, ratios. Shared by the UI and tests.

/// A duration in seconds with a unit that suits it: "850 µs", "4.8 ms", "2.11 s", "5.5 min".
pub fn duration(secs: f64) -> String {
    let a = secs.abs();
    if a == 0.0 {
        "0 s".into()
    } else if a < 1e-3 {
        format!("{:.0} µs", secs * 1e6)
    } else if a < 1.0 {
        format!("{} ms", sig3(secs * 1e3))
    } else if a < 120.0 {
        format!("{} s", sig3(secs))
    } else {
        format!("{:.1} min", secs / 60.0)
    }
}

/// A byte count in decimal units: "20.5 MB".
pub fn bytes(b: u64) -> String {
    let b = b as f64;
    if b < 1e3 {
        format!("{b:.0} B")
    } else if b < 1e6 {
        format!("{} kB", sig3(b / 1e3))
    } else if b < 1e9 {
        format!("{} MB", sig3(b / 1e6))
    } else {
        format!("{} GB", sig3(b / 1e9))
    }
}

/// A speedup: "3.26×".
pub fn speedup(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}×")
    } else {
        format!("{x:.2}×")
    }
}

/// A share: "74%".
pub fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A rate: "19.7 /s".
pub fn rate(x: f64) -> String {
    format!("{} /s", sig3(x))
}

/// Three significant figures without scientific notation.
fn sig3(x: f64) -> String {
    let a = x.abs();
    if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_pick_a_readable_unit() {
        assert_eq!(duration(0.0000098), "10 µs");
        assert_eq!(duration(0.0048), "4.80 ms");
        assert_eq!(duration(0.4056), "406 ms");
        assert_eq!(duration(2.114), "2.11 s");
        assert_eq!(duration(327.0), "5.5 min");
    }

    #[test]
    fn sizes_and_ratios_read_plainly() {
        assert_eq!(bytes(20_524_288), "20.5 MB");
        assert_eq!(bytes(512), "512 B");
        assert_eq!(speedup(3.2567), "3.26×");
        assert_eq!(percent(0.744), "74%");
    }
}
