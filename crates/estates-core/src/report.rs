//! The engine's results, shaped so that their JSON form uses exactly the keys
//! of MODEL.md section 8.

use std::collections::BTreeMap;

use serde::Serialize;

/// An id or name in a report. Ids and most names are short enough to be
/// kept inline, without a heap allocation: a London-scale report names
/// about 14,000 items, and it is made again on every keystroke.
pub type Name = compact_str::CompactString;

use crate::problem::Problem;

/// Everything the engine reports for one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub scenario: String,
    /// Not in MODEL.md's key list, but needed to label years without the scenario.
    pub start_fy: i32,
    pub years: Vec<YearRow>,
    pub totals: Flows,
    pub npv: Npv,
    pub disposals: Vec<DisposalLine>,
    pub projects: Vec<ProjectLine>,
    pub assemblies: Vec<AssemblyLine>,
    pub warnings: Vec<Problem>,
}

/// One financial year of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearRow {
    /// Start year of the FY (2026 for 2026/27).
    pub fy: i32,
    pub label: Name,
    #[serde(flatten)]
    pub flows: Flows,
}

/// The flows of a year, or their totals over the horizon.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Flows {
    pub gross_receipts: f64,
    pub disposal_costs: f64,
    pub net_receipts: f64,
    pub marriage_value: f64,
    /// Retained inflow by pot id (after annual caps).
    pub retained: BTreeMap<Name, f64>,
    pub returned_national: f64,
    pub capex: f64,
    pub funded_from_pots: f64,
    pub funded_from_grants: f64,
    pub funding_gap: f64,
    /// Pot closing balances by pot id (in totals: the final year's).
    pub pot_closing: BTreeMap<Name, f64>,
    /// Drawn by projects from each pot, by pot id (section 6).
    pub drawn: BTreeMap<Name, f64>,
    pub running_cost_savings: f64,
    pub new_running_costs: f64,
    pub backlog_avoided: f64,
    pub homes: f64,
}

impl Flows {
    /// Total retained across all pots.
    pub fn retained_total(&self) -> f64 {
        self.retained.values().sum()
    }

    /// Total of all pots' closing balances.
    pub fn pot_closing_total(&self) -> f64 {
        self.pot_closing.values().sum()
    }

    /// Adds another year's flows; closing balances are not summed (they are stocks).
    pub(crate) fn add(&mut self, o: &Flows) {
        self.gross_receipts += o.gross_receipts;
        self.disposal_costs += o.disposal_costs;
        self.net_receipts += o.net_receipts;
        self.marriage_value += o.marriage_value;
        for (k, v) in &o.retained {
            *self.retained.entry(k.clone()).or_insert(0.0) += v;
        }
        for (k, v) in &o.drawn {
            *self.drawn.entry(k.clone()).or_insert(0.0) += v;
        }
        self.returned_national += o.returned_national;
        self.capex += o.capex;
        self.funded_from_pots += o.funded_from_pots;
        self.funded_from_grants += o.funded_from_grants;
        self.funding_gap += o.funding_gap;
        self.running_cost_savings += o.running_cost_savings;
        self.new_running_costs += o.new_running_costs;
        self.backlog_avoided += o.backlog_avoided;
        self.homes += o.homes;
    }
}

/// Net present values (Green Book or flat-rate discounting, year 0 undiscounted).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Npv {
    pub retained_receipts: f64,
    pub returned_national: f64,
    pub capex: f64,
    pub funding_gap: f64,
    pub running_cost_savings: f64,
    pub new_running_costs: f64,
    pub net: f64,
}

/// One disposal's figures (risk-weighted when the scenario says so).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DisposalLine {
    /// Position in the scenario's disposal list.
    pub index: usize,
    pub id: Name,
    pub site: Name,
    pub fy: i32,
    /// `B`: agreed price, or value times share, at price base.
    pub base_value: f64,
    pub gross_receipt: f64,
    pub disposal_cost: f64,
    pub net_receipt: f64,
    pub profit_on_disposal: f64,
    /// This disposal's share of marriage value, indexed and weighted like its receipt.
    pub marriage_value: f64,
    /// Net receipt kept locally, before any pot's annual cap.
    pub retained: f64,
    pub returned_national: f64,
}

/// One project's capex and how it was funded over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectLine {
    pub id: Name,
    pub name: Name,
    /// Capex with optimism bias.
    pub capex: f64,
    pub funded_from_pots: f64,
    pub funded_from_grants: f64,
    pub funding_gap: f64,
    /// Funding by source, in the project's order.
    pub sources: Vec<SourceLine>,
    /// Gap by year index (zero where nothing was missing).
    pub gap_by_year: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceLine {
    /// `pot` or `grant`.
    pub kind: Name,
    /// Pot id or grant name.
    pub name: Name,
    pub amount: f64,
}

impl ProjectLine {
    /// Fully funded over the horizon (no gap beyond rounding).
    pub fn fully_funded(&self) -> bool {
        self.funding_gap <= 0.005
    }
}

/// One assembly's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssemblyLine {
    pub id: Name,
    pub name: Name,
    pub enabled: bool,
    pub realised: bool,
    /// The members' common disposal year when realised.
    pub fy: Option<i32>,
    /// `S`: the members' base values summed, at price base.
    pub separate_value: f64,
    /// `V`: the joint value, at price base.
    pub combined_value: f64,
    /// `MV = V - S`, at price base.
    pub marriage_value: f64,
    /// Marriage value as realised in the disposal year: indexed and risk-weighted.
    pub marriage_value_realised: f64,
    pub members: Vec<AssemblyMember>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssemblyMember {
    pub site: Name,
    pub owner: Name,
    /// Index of the member's disposal in the scenario.
    pub disposal: Option<usize>,
    pub base_value: f64,
    /// The split share `s_i`.
    pub share: f64,
    /// `M_i = MV * s_i`, at price base.
    pub marriage_value: f64,
    pub marriage_value_realised: f64,
}
