//! "Risks and issues": every warning of a report in words a board reads,
//! naming items by name and giving the money at stake, for the board pack.
//!
//! Each of the report's warnings becomes exactly one issue, so nothing the
//! `check` command warns about can be left out of the paper. Warnings the
//! paper can say more about get more: an assembly not realised says the
//! marriage value it would have added, a funding gap says the years it falls in.

use crate::engine::{base_value, combined_value, fy_label};
use crate::format::money;
use crate::model::Scenario;
use crate::problem::{ItemKind, Problem};
use crate::report::{ProjectLine, Report};

/// One risk or issue: what it is about and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// The item's name (its id in quotes when it has no name).
    pub item: String,
    /// One or two sentences in plain words.
    pub text: String,
}

/// Every warning of `r` (computed from `s`) as an issue, in the report's order.
pub fn risks_and_issues(s: &Scenario, r: &Report) -> Vec<Issue> {
    r.warnings.iter().map(|w| issue(s, r, w)).collect()
}

fn issue(s: &Scenario, r: &Report, w: &Problem) -> Issue {
    let name = w.item.name.trim();
    let item = match (w.item.kind, name.is_empty()) {
        (_, true) => format!("{} '{}'", w.item.kind.label(), w.item.id),
        (ItemKind::Disposal, false) => format!("Sale of {name}"),
        (_, false) => name.to_owned(),
    };
    let text = match (w.item.kind, w.field.as_str()) {
        (ItemKind::Assembly, "members") => assembly_not_realised(s, w),
        (ItemKind::Project, "funding") => r
            .projects
            .get(w.item.index)
            .map_or_else(|| sentence(&w.message), |p| funding_gap(r, p)),
        (ItemKind::Organisation, "kind") => {
            "No retention rule matches this owner, so it keeps nothing from its disposals: all its net receipts \
             are returned nationally."
                .to_owned()
        }
        _ => sentence(&w.message),
    };
    Issue { item, text }
}

/// The engine's message as a sentence: capital first, full stop last.
fn sentence(message: &str) -> String {
    let mut chars = message.trim().chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// An assembly not realised: the marriage value it would have added at price
/// base, and why it is not realised, with member sites named.
fn assembly_not_realised(s: &Scenario, w: &Problem) -> String {
    let Some(a) = s.assemblies.get(w.item.index) else {
        return sentence(&w.message);
    };
    // The reason as the engine gives it, with each member site's id replaced by its name.
    let mut why = w
        .message
        .split_once(": ")
        .map_or(w.message.as_str(), |(_, why)| why)
        .to_owned();
    for id in &a.members {
        if let Some(site) = s.site(id).filter(|x| !x.name.trim().is_empty()) {
            why = why.replace(&format!("'{id}'"), &site.name);
        }
    }
    format!(
        "Not realised, so the marriage value of {} (at price base) it would have added is not counted: {}.",
        money(marriage_value_forgone(s, w.item.index)),
        why.trim_end_matches('.')
    )
}

/// The marriage value an assembly would add at price base if its members
/// were sold together: the joint value less the members' separate values,
/// each member valued by its first disposal (or whole, when it has none).
pub fn marriage_value_forgone(s: &Scenario, assembly: usize) -> f64 {
    let Some(a) = s.assemblies.get(assembly) else {
        return 0.0;
    };
    let separate: f64 = a
        .members
        .iter()
        .map(|id| {
            let value = s.site(id).map_or(0.0, |x| x.value);
            s.disposals
                .iter()
                .find(|d| d.site == *id)
                .map_or(value, |d| base_value(value, d))
        })
        .sum();
    combined_value(a, separate) - separate
}

/// A project's funding gap with the years it falls in: `£10.0m, in 2029/30
/// (£4.0m) and 2030/31 (£6.0m)`.
fn funding_gap(r: &Report, p: &ProjectLine) -> String {
    let years: Vec<(String, f64)> = p
        .gap_by_year
        .iter()
        .enumerate()
        .filter(|(_, gap)| **gap > 0.0)
        .map(|(t, gap)| (fy_label(r.start_fy + t as i32), *gap))
        .collect();
    let each = |(fy, gap): &(String, f64)| format!("{fy} ({})", money(*gap));
    let when = match years.as_slice() {
        [] => String::new(),
        [(fy, _)] => format!(" in {fy}"),
        [rest @ .., last] => format!(
            ", in {} and {}",
            rest.iter().map(each).collect::<Vec<_>>().join(", "),
            each(last)
        ),
    };
    format!(
        "Funding gap of {}{when}: capex of {} of which pots fund {} and grants {}.",
        money(p.funding_gap),
        money(p.capex),
        money(p.funded_from_pots),
        money(p.funded_from_grants)
    )
}
