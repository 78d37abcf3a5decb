//! Comparing scenarios: headline figures side by side, and a readable list of
//! what changed in the inputs, matching items by id.

use serde::Serialize;
use serde_json::Value;

use crate::engine::fy_label;
use crate::format::{count, money_m};
use crate::model::Scenario;
use crate::report::Report;

/// A headline figure: its label and how to read it from a report.
pub struct Headline {
    pub key: &'static str,
    pub label: &'static str,
    pub get: fn(&Report) -> f64,
    pub is_money: bool,
}

impl Headline {
    pub fn show(&self, x: f64) -> String {
        if self.is_money {
            money_m(x)
        } else {
            count(x)
        }
    }
}

/// The figures a board asks for first, in the order they are shown everywhere.
pub const HEADLINES: [Headline; 9] = [
    hl("gross_receipts", "Gross receipts", |r| r.totals.gross_receipts),
    hl("retained", "Retained locally", |r| r.totals.retained_total()),
    hl("returned_national", "Returned nationally", |r| {
        r.totals.returned_national
    }),
    hl("marriage_value", "Marriage value", |r| r.totals.marriage_value),
    hl("capex", "Capex (with optimism bias)", |r| r.totals.capex),
    hl("funding_gap", "Funding gap", |r| r.totals.funding_gap),
    hl("pot_closing", "Pot balances at end", |r| r.totals.pot_closing_total()),
    hl("net_npv", "Net NPV", |r| r.npv.net),
    Headline {
        key: "homes",
        label: "Homes enabled",
        get: |r| r.totals.homes,
        is_money: false,
    },
];

const fn hl(key: &'static str, label: &'static str, get: fn(&Report) -> f64) -> Headline {
    Headline {
        key,
        label,
        get,
        is_money: true,
    }
}

/// One difference between two scenarios' inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `Assumptions`, `Sites`, `Disposals`, ...
    pub section: String,
    /// The item's id (empty for scenario assumptions).
    pub id: String,
    pub description: String,
}

/// What changed from `a` to `b`: assumptions, then each list matched by id.
pub fn diff(a: &Scenario, b: &Scenario) -> Vec<Change> {
    let mut out = assumption_changes(a, b);
    list_changes(&mut out, "Organisations", &a.organisations, &b.organisations, |x| &x.id);
    list_changes(&mut out, "Sites", &a.sites, &b.sites, |x| &x.id);
    list_changes(&mut out, "Disposals", &a.disposals, &b.disposals, |x| &x.id);
    list_changes(&mut out, "Assemblies", &a.assemblies, &b.assemblies, |x| &x.id);
    list_changes(&mut out, "Pots", &a.pots, &b.pots, |x| &x.id);
    list_changes(
        &mut out,
        "Retention rules",
        &a.retention_rules,
        &b.retention_rules,
        |x| &x.id,
    );
    list_changes(&mut out, "Projects", &a.projects, &b.projects, |x| &x.id);
    out
}

fn assumption_changes(a: &Scenario, b: &Scenario) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |field: &str, old: String, new: String| {
        if old != new {
            out.push(Change {
                section: "Assumptions".into(),
                id: String::new(),
                description: format!("{field}: {old} → {new}"),
            });
        }
    };
    push("start year", fy_label(a.start_fy), fy_label(b.start_fy));
    push(
        "horizon",
        format!("{} years", a.horizon),
        format!("{} years", b.horizon),
    );
    push("land value growth", pct(a.land_growth), pct(b.land_growth));
    push(
        "risk weighting",
        on_off(a.weight_by_probability),
        on_off(b.weight_by_probability),
    );
    push("discounting", format!("{:?}", a.discount), format!("{:?}", b.discount));
    out
}

fn pct(x: f64) -> String {
    format!("{:.2}%", x * 100.0)
}

fn on_off(b: bool) -> String {
    if b { "on" } else { "off" }.into()
}

/// Items added, removed, or changed field by field, matched by id.
fn list_changes<T: Serialize>(out: &mut Vec<Change>, section: &str, a: &[T], b: &[T], id: fn(&T) -> &String) {
    let change = |id: &str, description: String| Change {
        section: section.to_owned(),
        id: id.to_owned(),
        description,
    };
    for x in a {
        let key = id(x);
        match b.iter().find(|y| id(y) == key) {
            None => out.push(change(key, format!("removed '{key}'{}", name_of(x)))),
            Some(y) => {
                let (va, vb) = (to_value(x), to_value(y));
                for description in field_changes(&va, &vb) {
                    out.push(change(key, format!("'{key}'{}: {description}", name_of(y))));
                }
            }
        }
    }
    for y in b {
        let key = id(y);
        if !a.iter().any(|x| id(x) == key) {
            out.push(change(key, format!("added '{key}'{}", name_of(y))));
        }
    }
}

fn to_value<T: Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

fn name_of<T: Serialize>(x: &T) -> String {
    match to_value(x).get("name").and_then(Value::as_str) {
        Some(n) if !n.is_empty() => format!(" ({n})"),
        _ => String::new(),
    }
}

/// Field-by-field differences of two serialised items, worded for people.
fn field_changes(a: &Value, b: &Value) -> Vec<String> {
    let (Value::Object(ma), Value::Object(mb)) = (a, b) else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = ma.keys().chain(mb.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (x, y) = (ma.get(k).unwrap_or(&Value::Null), mb.get(k).unwrap_or(&Value::Null));
            (x != y).then(|| describe_field(k, x, y))
        })
        .collect()
}

fn describe_field(field: &str, old: &Value, new: &Value) -> String {
    match (field, old, new) {
        ("enabled", _, Value::Bool(true)) => "switched on".into(),
        ("enabled", _, Value::Bool(false)) => "switched off".into(),
        ("fy", Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => format!("moved from {} to {}", fy_label(x), fy_label(y)),
            _ => format!("fy: {x} → {y}"),
        },
        _ => format!("{field}: {} → {}", show_value(field, old), show_value(field, new)),
    }
}

/// Amount-like fields are shown in £m; everything else as written in the file.
fn show_value(field: &str, v: &Value) -> String {
    const MONEY: [&str; 9] = [
        "value",
        "book_value",
        "running_cost",
        "backlog",
        "fixed_cost",
        "agreed_price",
        "combined_value",
        "opening_balance",
        "annual_cap",
    ];
    match v {
        Value::Null => "none".into(),
        Value::Number(n) if MONEY.contains(&field) => n.as_f64().map(money_m).unwrap_or_else(|| n.to_string()),
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

/// Headline figures of several reports, with differences from the first, as text.
pub fn compare_text(names: &[String], reports: &[Report], changes: &[(String, Vec<Change>)]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = write!(out, "{:<28}", "Headline (money in £m)");
    for n in names {
        let _ = write!(out, "{:>22}", truncate(n, 21));
    }
    out.push('\n');
    for h in &HEADLINES {
        let _ = write!(out, "{:<28}", h.label);
        let base = reports.first().map_or(0.0, |r| (h.get)(r));
        for (i, r) in reports.iter().enumerate() {
            let x = (h.get)(r);
            let shown = if i == 0 {
                h.show(x)
            } else {
                format!("{} ({})", h.show(x), signed(h, x - base))
            };
            let _ = write!(out, "{shown:>22}");
        }
        out.push('\n');
    }
    for (title, list) in changes {
        let _ = writeln!(out, "\nWhat changed: {title}");
        if list.is_empty() {
            let _ = writeln!(out, "  no input differences");
        }
        for c in list {
            let _ = writeln!(out, "  {}: {}", c.section, c.description);
        }
    }
    out
}

/// A difference with an explicit sign: `+£1.2m`, `-£0.3m`, `+0`.
pub fn signed(h: &Headline, d: f64) -> String {
    let s = h.show(d);
    if s.starts_with('-') {
        s
    } else {
        format!("+{s}")
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
