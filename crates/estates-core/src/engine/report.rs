//! MODEL.md section 8: what a report contains. The run's numbers named by
//! the scenario's ids, per year, in total and per item, with the warnings.

use std::collections::BTreeMap;

use super::case::Case;
use super::marriage_value::index_assembly_lines;
use super::projects::warn_funding_gaps;
use super::retention::warn_spend_limits_binding;
use super::time::fy_label;
use super::{Engine, Outcome};
use crate::model::Scenario;
use crate::report::{DisposalLine, Flows, Name, Report, YearRow};

impl Engine<'_> {
    /// Names a run's results and raises the warnings a finance officer would want.
    pub fn report(&self, case: &Case, o: &Outcome) -> Report {
        let s = self.ids.s;
        let mut warnings = Vec::new();
        let mut assemblies = self.assembly_lines(o, &mut warnings);
        // The same evaluation as the run's, so the lines add up to its flows.
        let mut disposals: Vec<DisposalLine> = Vec::with_capacity(s.disposals.len());
        disposals.extend(
            case.disposals
                .iter()
                .enumerate()
                .take(s.disposals.len())
                .filter_map(|(i, c)| self.evaluate_disposal(case, i, c, o.marriage[i]))
                .map(|f| self.disposal_line(&f)),
        );
        for line in &disposals {
            self.warn_disposal(case, line, &s.disposals[line.index], &mut warnings);
        }
        self.warn_unmatched_owners(&disposals, &mut warnings);
        let projects = self.project_lines(o);
        warn_funding_gaps(s, &projects, &mut warnings);
        warn_spend_limits_binding(s, o, &projects, &mut warnings);

        index_assembly_lines(&mut assemblies, &disposals, s.disposals.len());
        let years = year_rows(s, o);
        let totals = total_of(&years);
        Report {
            scenario: s.name.clone(),
            start_fy: s.start_fy,
            years,
            totals,
            npv: o.npv.clone(),
            disposals,
            projects,
            assemblies,
            warnings,
        }
    }
}

/// One row per FY of the horizon, with the per-pot figures named by pot id.
fn year_rows(s: &Scenario, o: &Outcome) -> Vec<YearRow> {
    o.years
        .iter()
        .enumerate()
        .map(|(t, flows)| {
            let mut flows = flows.clone();
            flows.retained = pot_map(s, |p| o.retained[p][t]);
            flows.pot_closing = pot_map(s, |p| o.closing[p][t]);
            flows.drawn = pot_map(s, |p| o.drawn[p][t]);
            // Saturating: nothing bounds `start_fy`, and a report must never panic.
            let fy = s.start_fy.saturating_add(t as i32);
            YearRow {
                fy,
                label: fy_label(fy).into(),
                flows,
            }
        })
        .collect()
}

fn pot_map(s: &Scenario, value: impl Fn(usize) -> f64) -> BTreeMap<Name, f64> {
    s.pots
        .iter()
        .enumerate()
        .map(|(p, pot)| (pot.id.as_str().into(), value(p)))
        .collect()
}

/// Totals over the horizon; `pot_closing` is the final year's.
fn total_of(years: &[YearRow]) -> Flows {
    let mut total = Flows::default();
    for y in years {
        total.add(&y.flows);
    }
    if let Some(last) = years.last() {
        total.pot_closing = last.flows.pot_closing.clone();
    }
    total
}
