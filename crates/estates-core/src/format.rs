//! How figures are shown to people: money as a person writes it (`£12.3m`,
//! `£34.4bn`, `£1,234,567`), FY labels, and the parsers for what people type
//! (`1.2m`, `£750k`, `2026/27`).

/// The text with its first letter in capitals (a change or an item as a line of its own).
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Money in headlines and tables: £m to one decimal place (`£12.3m`,
/// `-£0.4m`), and £bn to one decimal from £1bn (`£34.4bn`, never `£34393.9m`).
pub fn money_m(x: f64) -> String {
    // What rounds to £1,000.0m is written as £1.0bn.
    let (value, suffix) = if x.abs() >= 999.95e6 {
        (x / 1e9, "bn")
    } else {
        (x / 1e6, "m")
    };
    let digits = grouped(&format!("{:.1}", value.abs()));
    // Avoid showing "-£0.0m" for tiny negative rounding noise.
    if value < 0.0 && digits != "0.0" {
        format!("-£{digits}{suffix}")
    } else {
        format!("£{digits}{suffix}")
    }
}

/// Thousands separators in the whole part of a written number: `1234.5` is `1,234.5`.
fn grouped(number: &str) -> String {
    let (whole, rest) = number.split_at(number.find('.').unwrap_or(number.len()));
    let mut out = String::with_capacity(number.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(rest);
    out
}

/// £m for sums that show at one decimal place, whole pounds for smaller
/// ones, so a message never says a non-zero amount is "£0.0m".
pub fn money(x: f64) -> String {
    if x.abs() >= 50_000.0 {
        money_m(x)
    } else {
        money_full(x)
    }
}

/// Pounds with thousands separators, for precise cells: `£1,234,567`.
pub fn money_full(x: f64) -> String {
    let negative = x < 0.0;
    let whole = x.abs().round();
    let out = grouped(&format!("{whole:.0}"));
    if negative && whole > 0.0 {
        format!("-£{out}")
    } else {
        format!("£{out}")
    }
}

/// A count shown whole with separators (homes).
pub fn count(x: f64) -> String {
    money_full(x).replacen('£', "", 1)
}

/// Why typed text is not an amount or a year.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("'{0}' is not an amount; type e.g. 1.2m, £750k or 1,200,000")]
    Money(String),
    #[error("'{0}' is not a financial year; type e.g. 2026/27 or 2026")]
    Year(String),
}

/// Parses what people type for money: `1.2m`, `£750k`, `1,200,000`, `2bn`, `-£3m`.
pub fn parse_money(text: &str) -> Result<f64, ParseError> {
    let err = || ParseError::Money(text.to_owned());
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '£' | ' ' | '_'))
        .collect();
    let lower = cleaned.to_ascii_lowercase();
    let (number, scale) = if let Some(n) = lower.strip_suffix("bn") {
        (n, 1e9)
    } else if let Some(n) = lower.strip_suffix('m') {
        (n, 1e6)
    } else if let Some(n) = lower.strip_suffix('k') {
        (n, 1e3)
    } else {
        (lower.as_str(), 1.0)
    };
    if number.is_empty()
        || !number
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
    {
        return Err(err());
    }
    let value: f64 = number.parse().map_err(|_| err())?;
    let value = value * scale;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(err())
    }
}

/// FY label: FY 2026 (April 2026 to March 2027) is `2026/27`.
pub fn fy_label(fy: impl Into<i64>) -> String {
    let fy = fy.into();
    format!("{}/{:02}", fy, (fy + 1).rem_euclid(100))
}

/// Parses a financial year: `2026/27`, `2026-27`, `FY2026` or `2026` all mean FY 2026.
pub fn parse_fy(text: &str) -> Result<i32, ParseError> {
    let err = || ParseError::Year(text.to_owned());
    let t = text.trim();
    let t = t
        .strip_prefix("FY")
        .or_else(|| t.strip_prefix("fy"))
        .unwrap_or(t)
        .trim();
    let (start, end) = match t.split_once(['/', '-']) {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (t, None),
    };
    if start.len() != 4 || !start.chars().all(|c| c.is_ascii_digit()) {
        return Err(err());
    }
    let fy: i32 = start.parse().map_err(|_| err())?;
    if let Some(end) = end {
        let next = (fy + 1).rem_euclid(100);
        let ok = match end.len() {
            2 => end.parse::<i32>().ok() == Some(next),
            4 => end.parse::<i32>().ok() == Some(fy + 1),
            _ => false,
        };
        if !ok {
            return Err(err());
        }
    }
    Ok(fy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_millions() {
        assert_eq!(money_m(12_345_678.0), "£12.3m");
        assert_eq!(money_m(-450_000.0), "-£0.5m");
        assert_eq!(money_m(-10.0), "£0.0m");
    }

    #[test]
    fn money_in_billions_from_one_billion() {
        assert_eq!(money_m(34_393_900_000.0), "£34.4bn");
        assert_eq!(money_m(999_940_000.0), "£999.9m");
        assert_eq!(money_m(999_960_000.0), "£1.0bn");
        assert_eq!(money_m(-2_260_000_000.0), "-£2.3bn");
        assert_eq!(money_m(1_234_560_000_000.0), "£1,234.6bn");
    }

    #[test]
    fn money_picks_millions_or_pounds() {
        assert_eq!(money(10_000_000.0), "£10.0m");
        assert_eq!(money(-60_000.0), "-£0.1m");
        assert_eq!(money(-12_500.0), "-£12,500");
    }

    #[test]
    fn money_in_full() {
        assert_eq!(money_full(1_234_567.4), "£1,234,567");
        assert_eq!(money_full(-999.6), "-£1,000");
        assert_eq!(money_full(0.0), "£0");
    }

    #[test]
    fn typed_money() {
        assert_eq!(parse_money("1.2m"), Ok(1_200_000.0));
        assert_eq!(parse_money("£750k"), Ok(750_000.0));
        assert_eq!(parse_money("1,200,000"), Ok(1_200_000.0));
        assert_eq!(parse_money(" £1.5M "), Ok(1_500_000.0));
        assert_eq!(parse_money("2bn"), Ok(2e9));
        assert_eq!(parse_money("-£3m"), Ok(-3e6));
        assert!(parse_money("abc").is_err());
        assert!(parse_money("").is_err());
        assert!(parse_money("1e400").is_err());
        assert!(parse_money("m").is_err());
    }

    #[test]
    fn typed_years() {
        assert_eq!(parse_fy("2026/27"), Ok(2026));
        assert_eq!(parse_fy("2026"), Ok(2026));
        assert_eq!(parse_fy("FY2030"), Ok(2030));
        assert_eq!(parse_fy("2099/2100"), Ok(2099));
        assert_eq!(parse_fy("2099/00"), Ok(2099));
        assert!(parse_fy("2026/28").is_err());
        assert!(parse_fy("26/27").is_err());
        assert!(parse_fy("next year").is_err());
    }
}
