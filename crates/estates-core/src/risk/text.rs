//! The risk analysis as a text table for the terminal (money in £m).

use std::fmt::Write as _;

use super::charts::percent;
use super::montecarlo::{Headline, RiskResult, Spread};
use super::sensitivity::{Figures, Lever, Sensitivity, Switch, Target, SWITCH_RANGE};
use super::{Analysis, GAP_TOLERANCE};
use crate::engine::fy_label;
use crate::format::money_m;

/// The whole analysis: percentiles, probabilities, pot fans, tornado and switching values.
pub fn risk_text(a: &Analysis) -> String {
    let mut out = String::new();
    monte_carlo(&mut out, &a.monte_carlo);
    sensitivity(&mut out, &a.sensitivity);
    out
}

/// A headline's label, how to read it from one draw, and its spread over the draws.
type SpreadRow = (&'static str, fn(&Headline) -> f64, Spread);

fn monte_carlo(out: &mut String, r: &RiskResult) {
    let _ = writeln!(out, "Risk analysis: {}", r.scenario);
    let _ = writeln!(
        out,
        "{} draws from seed {}; money in real terms at the price base.\n",
        r.draws, r.seed
    );
    let _ = writeln!(
        out,
        "{:<20}{:>12}{:>12}{:>12}{:>12}{:>12}",
        "", "As written", "Mean", "P10", "P50", "P90"
    );
    let rows: [SpreadRow; 4] = [
        ("Retained receipts", |h| h.retained_receipts, r.retained_receipts),
        ("Funding gap", |h| h.funding_gap, r.funding_gap),
        ("Net NPV", |h| h.net_npv, r.net_npv),
        ("Marriage value", |h| h.marriage_value, r.marriage_value),
    ];
    for (label, get, spread) in rows {
        let _ = writeln!(
            out,
            "{label:<20}{:>12}{:>12}{:>12}{:>12}{:>12}",
            money_m(get(&r.as_written)),
            money_m(spread.mean),
            money_m(spread.p10),
            money_m(spread.p50),
            money_m(spread.p90)
        );
    }
    let _ = writeln!(
        out,
        "\nChance of a funding gap (projects short by more than £{GAP_TOLERANCE:.2} in all): {}",
        percent(r.probability_of_gap)
    );
    if !r.projects.is_empty() {
        let _ = writeln!(out, "\nChance each project is fully funded");
        let id_w = r.projects.iter().map(|p| p.id.chars().count()).max().unwrap_or(0);
        for p in &r.projects {
            let _ = writeln!(out, "  {:>6}  {:<id_w$}  {}", percent(p.fully_funded), p.id, p.name);
        }
    }
    for pot in &r.pots {
        let _ = writeln!(out, "\nClosing balance of {} ({})", pot.name, pot.id);
        let _ = writeln!(out, "  {:<9}{:>12}{:>12}{:>12}", "Year", "P10", "P50", "P90");
        for b in &pot.years {
            let _ = writeln!(
                out,
                "  {:<9}{:>12}{:>12}{:>12}",
                fy_label(b.fy),
                money_m(b.p10),
                money_m(b.p50),
                money_m(b.p90)
            );
        }
    }
}

fn sensitivity(out: &mut String, s: &Sensitivity) {
    let _ = writeln!(
        out,
        "\nSensitivity: each family of inputs moved alone, as changes from the scenario as written\n\
         (net NPV {}, funding gap {})",
        money_m(s.base.net_npv),
        money_m(s.base.funding_gap)
    );
    let _ = writeln!(
        out,
        "  {:<18}{:<16}{:>11}{:>11}  {:<16}{:>11}{:>11}",
        "Input", "Low setting", "Net NPV", "Gap", "High setting", "Net NPV", "Gap"
    );
    for bar in &s.bars {
        let (low, high) = (change(bar.low, s.base), change(bar.high, s.base));
        let _ = writeln!(
            out,
            "  {:<18}{:<16}{:>11}{:>11}  {:<16}{:>11}{:>11}",
            bar.label, bar.low_setting, low.0, low.1, bar.high_setting, high.0, high.1
        );
    }
    let _ = writeln!(
        out,
        "\nSwitching values (the input as a multiple of the scenario's estimates)"
    );
    for sw in &s.switching {
        let at = match sw.multiplier {
            Some(m) => format!("at {m:.3} times the estimates"),
            None => format!(
                "at no multiple from {} to {} times the estimates",
                SWITCH_RANGE.0, SWITCH_RANGE.1
            ),
        };
        let _ = writeln!(out, "  {}: {} {at}", sw.lever.label(), sw.target.label());
        let _ = writeln!(out, "    {}", switch_words(sw, s.base));
    }
}

/// A switching value as a sentence a board member reads, e.g. "There is no
/// funding gap only if site values are at least 1.20x the estimates (20.0% higher)."
pub fn switch_words(sw: &Switch, base: Figures) -> String {
    let met_now = match sw.target {
        Target::NoFundingGap => base.funding_gap <= GAP_TOLERANCE,
        Target::NetNpvZero => base.net_npv >= 0.0,
    };
    let state = match (sw.target, met_now || sw.multiplier.is_some()) {
        (Target::NoFundingGap, true) => "There is no funding gap",
        (Target::NoFundingGap, false) => "There is a funding gap",
        (Target::NetNpvZero, true) => "Net NPV is zero or more",
        (Target::NetNpvZero, false) => "Net NPV is below zero",
    };
    let (lever, verb) = match sw.lever {
        Lever::SiteValues => ("site values", "are"),
        Lever::Capex => ("capex", "is"),
    };
    let Some(m) = sw.multiplier else {
        let (lo, hi) = SWITCH_RANGE;
        return format!("{state} whatever {lever} {verb}, from {lo}x to {hi}x the estimates.");
    };
    // The target holds on the side of the switching value where the estimates (1x) lie when it holds now.
    let bound = if (m < 1.0) == met_now { "at least" } else { "at most" };
    let change = if m >= 1.0 {
        format!("{:.1}% higher", (m - 1.0) * 100.0)
    } else {
        format!("{:.1}% lower", (1.0 - m) * 100.0)
    };
    let condition = if met_now { "as long as" } else { "only if" };
    format!("{state} {condition} {lever} {verb} {bound} {m:.2}x the estimates ({change}).")
}

/// Net NPV and gap changes from the base, signed.
fn change(f: Figures, base: Figures) -> (String, String) {
    (
        signed(f.net_npv - base.net_npv),
        signed(f.funding_gap - base.funding_gap),
    )
}

fn signed(x: f64) -> String {
    let m = money_m(x);
    if m.starts_with('-') || m == money_m(0.0) {
        m
    } else {
        format!("+{m}")
    }
}
