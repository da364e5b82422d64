//! Numbers as a careful person writes them, one formatter for every view, sentence and picture:
//! durations in the unit that suits them (µs to hours), three significant figures, thousands
//! separators, "< 0.01×" rather than "0.00×". A card and the sentence beside it format the same
//! value the same way because both call these.

/// `x` with three significant figures, without scientific notation, and thousands separators
/// once it reaches 1 000 ("0.0123", "4.80", "86.9", "1,234").
pub fn sig3(x: f64) -> String {
    let a = x.abs();
    if a >= 1000.0 {
        return count_signed(x.round() as i64);
    }
    let decimals = if a >= 100.0 || a == 0.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        // 0.0123: as many decimals as it takes to show three significant figures.
        (2 - a.log10().floor() as i32).clamp(2, 9) as usize
    };
    format!("{x:.decimals$}")
}

/// A whole number with thousands separators: "1,000,000".
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn count_signed(n: i64) -> String {
    if n < 0 {
        format!("-{}", count(n.unsigned_abs()))
    } else {
        count(n as u64)
    }
}

/// A duration in seconds with a unit that suits it: "850 µs", "4.80 ms", "2.11 s", "5.45 min",
/// "83.3 h".
pub fn duration(secs: f64) -> String {
    let a = secs.abs();
    if a == 0.0 {
        "0 s".into()
    } else if a < 1e-3 {
        format!("{} µs", sig3(secs * 1e6))
    } else if a < 1.0 {
        format!("{} ms", sig3(secs * 1e3))
    } else if a < 120.0 {
        format!("{} s", sig3(secs))
    } else if a < 7200.0 {
        format!("{} min", sig3(secs / 60.0))
    } else {
        format!("{} h", sig3(secs / 3600.0))
    }
}

/// A byte count in decimal units: "512 B", "20.5 MB".
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

/// A speedup: "< 0.01×", "0.59×", "3.26×", "86.9×", "6,602×".
pub fn speedup(x: f64) -> String {
    if x > 0.0 && x < 0.01 {
        "< 0.01×".into()
    } else if x < 10.0 {
        format!("{x:.2}×")
    } else {
        format!("{}×", sig3(x))
    }
}

/// A share: "74%", "< 1%" for a sliver that is not nothing.
pub fn percent(x: f64) -> String {
    if x > 0.0 && x < 0.005 {
        "< 1%".into()
    } else {
        format!("{:.0}%", x * 100.0)
    }
}

/// A rate per second: "19.7/s", "12,345/s", "2.46 million/s".
pub fn rate(x: f64) -> String {
    if x >= 1e9 {
        format!("{} billion/s", sig3(x / 1e9))
    } else if x >= 1e6 {
        format!("{} million/s", sig3(x / 1e6))
    } else {
        format!("{}/s", sig3(x))
    }
}

/// "1 task", "3 tasks": a count with its noun, singular or plural.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_pick_a_readable_unit() {
        assert_eq!(duration(0.0000098), "9.80 µs");
        assert_eq!(duration(0.0048), "4.80 ms");
        assert_eq!(duration(0.4056), "406 ms");
        assert_eq!(duration(2.114), "2.11 s");
        assert_eq!(duration(327.0), "5.45 min");
        assert_eq!(duration(299_388.0), "83.2 h");
    }

    #[test]
    fn large_numbers_get_separators_and_small_ones_three_figures() {
        assert_eq!(count(1_000_000_000), "1,000,000,000");
        assert_eq!(count(999), "999");
        assert_eq!(speedup(99_876.0), "99,876×");
        assert_eq!(speedup(86.86), "86.9×");
        assert_eq!(speedup(0.004), "< 0.01×");
        assert_eq!(speedup(0.587), "0.59×");
        assert_eq!(rate(1e9), "1.00 billion/s");
        assert_eq!(rate(19.66), "19.7/s");
        assert_eq!(rate(12_345.0), "12,345/s");
        assert_eq!(sig3(0.01234), "0.0123");
        assert_eq!(plural(1, "task", "tasks"), "1 task");
        assert_eq!(plural(10_000, "task", "tasks"), "10,000 tasks");
    }

    #[test]
    fn sizes_and_shares_read_plainly() {
        assert_eq!(bytes(20_524_288), "20.5 MB");
        assert_eq!(bytes(512), "512 B");
        assert_eq!(speedup(3.2567), "3.26×");
        assert_eq!(percent(0.744), "74%");
        assert_eq!(percent(0.001), "< 1%");
    }
}
