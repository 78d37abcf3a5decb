//! MODEL.md section 6: reinvestment projects. Capex with optimism bias, the
//! funding waterfall year by year (grants and pots in each project's order),
//! funding gaps and new facilities' running costs. The pots' own rules (the
//! draw a pot allows, spending limits) are in [`super::retention`].

use std::ops::Range;

use super::case::Case;
use super::retention::PotsInYear;
use super::{Engine, Outcome};
use crate::format::money;
use crate::model::{FundingSource, Project, Scenario};
use crate::problem::{ItemKind, ItemRef, Problem};
use crate::report::{ProjectLine, SourceLine};

/// Capex in a year with optimism bias: `K = amount * (1 + optimism_bias)`.
pub fn capex_with_bias(amount: f64, optimism_bias: f64) -> f64 {
    amount * (1.0 + optimism_bias)
}

/// What a grant gives a project this year: `min(need, grant left)`.
pub fn grant_draw(need: f64, grant_left: f64) -> f64 {
    need.min(grant_left).max(0.0)
}

/// A project's capex in year index `t`, with optimism bias and the case's capex factor.
fn capex_in_year(s: &Scenario, p: &Project, factor: f64, t: usize) -> f64 {
    let mut k = 0.0;
    for &(fy, amount) in &p.capex {
        if s.year_index(fy) == t as i64 {
            k += capex_with_bias(amount * factor, p.optimism_bias);
        }
    }
    k
}

/// The projects with a capex entry in each year index of the horizon, in scenario order.
pub(super) fn capex_by_year(s: &Scenario) -> Vec<Vec<usize>> {
    let mut by_year = vec![Vec::new(); s.horizon as usize];
    for (j, p) in s.projects.iter().enumerate() {
        for &(fy, _) in &p.capex {
            let t = s.year_index(fy);
            if s.in_horizon(t) && by_year[t as usize].last() != Some(&j) {
                by_year[t as usize].push(j);
            }
        }
    }
    by_year
}

/// What a source has left to give over the project's life: a pot's cap
/// (unlimited when it has none) or a grant's amount.
pub(super) fn source_allowance(src: &FundingSource) -> f64 {
    match src {
        FundingSource::Pot { cap, .. } => cap.unwrap_or(f64::INFINITY),
        FundingSource::Grant { amount, .. } => *amount,
    }
}

/// New facilities' running costs by year index: each project's, every year after its last capex year.
pub(super) fn new_running_costs(s: &Scenario) -> Vec<f64> {
    let mut by_year = vec![0.0; s.horizon as usize];
    for p in &s.projects {
        let Some(last) = p.last_capex_fy() else {
            continue;
        };
        let first = s.year_index(last) + 1;
        for (t, cost) in by_year.iter_mut().enumerate() {
            if t as i64 >= first {
                *cost += p.running_cost;
            }
        }
    }
    by_year
}

/// One project's capex and funding over the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ProjectTally {
    /// Capex with optimism bias.
    pub capex: f64,
    pub funded_from_pots: f64,
    pub funded_from_grants: f64,
    pub funding_gap: f64,
    /// The last year index with capex to fund.
    last_year: Option<usize>,
}

impl ProjectTally {
    fn record(&mut self, t: usize, need: f64, draw: &Draw) {
        self.capex += need;
        self.funded_from_pots += draw.from_pots;
        self.funded_from_grants += draw.from_grants;
        self.funding_gap += draw.gap;
        self.last_year = Some(t);
    }
}

/// One project's draw on one of its funding sources in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SourceDraw {
    /// The project's position in the scenario.
    pub project: usize,
    /// The year index.
    pub t: usize,
    /// The source's position in the project's funding list.
    pub source: usize,
    pub amount: f64,
}

/// What one project drew in one year.
struct Draw {
    from_pots: f64,
    from_grants: f64,
    gap: f64,
}

impl Engine<'_> {
    fn sources(&self, j: usize) -> Range<usize> {
        self.source_start[j]..self.source_start[j + 1]
    }

    /// The funding waterfall: year by year, pots open with last year's
    /// closing balance plus the year's retained inflow; projects in scenario
    /// order draw on their sources in order; what is still needed is that
    /// year's gap, not carried forward; pots close with what is left.
    pub(super) fn fund_projects(&self, case: &Case, o: &mut Outcome) {
        let s = self.ids.s;
        o.left.clear();
        o.left.extend_from_slice(&self.allowance);
        o.balance.clear();
        o.balance.extend(s.pots.iter().map(|p| p.opening_balance));
        for (t, projects) in self.capex_by_year.iter().enumerate() {
            for (b, inflow) in o.balance.iter_mut().zip(&o.retained) {
                *b += inflow[t];
            }
            for (left, limits) in o.limit_left.iter_mut().zip(&self.spend_limits) {
                left[t] = limits[t] * case.spend_limit_factor;
            }
            for &j in projects {
                let project = &s.projects[j];
                let factor = case.capex_factor.get(j).copied().unwrap_or(1.0);
                let need = capex_in_year(s, project, factor, t);
                if need <= 0.0 {
                    continue;
                }
                let src = self.sources(j);
                let drawn = draw_sources(
                    project,
                    need,
                    &self.source_pot[src.clone()],
                    &mut o.left[src.clone()],
                    &mut PotsInYear {
                        t,
                        balance: &mut o.balance,
                        limit_left: &mut o.limit_left,
                        drawn: &mut o.drawn,
                    },
                    &mut o.by_source[src],
                    &mut o.taken,
                );
                o.draws.extend(o.taken.iter().map(|&(source, amount)| SourceDraw {
                    project: j,
                    t,
                    source,
                    amount,
                }));
                o.projects[j].record(t, need, &drawn);
                o.gaps.push((j, t, drawn.gap));
                let row = &mut o.years[t];
                row.capex += need;
                row.funded_from_pots += drawn.from_pots;
                row.funded_from_grants += drawn.from_grants;
                row.funding_gap += drawn.gap;
            }
            for (closing, b) in o.closing.iter_mut().zip(&o.balance) {
                closing[t] = *b;
            }
        }
    }

    pub(super) fn project_lines(&self, o: &Outcome) -> Vec<ProjectLine> {
        let s = self.ids.s;
        let mut gap_by_year: Vec<Vec<f64>> = o
            .projects
            .iter()
            .map(|tally| tally.last_year.map_or_else(Vec::new, |t| vec![0.0; t + 1]))
            .collect();
        for &(j, t, gap) in &o.gaps {
            gap_by_year[j][t] += gap;
        }
        s.projects
            .iter()
            .zip(&o.projects)
            .enumerate()
            .map(|(j, (p, tally))| ProjectLine {
                id: p.id.as_str().into(),
                name: p.name.as_str().into(),
                capex: tally.capex,
                funded_from_pots: tally.funded_from_pots,
                funded_from_grants: tally.funded_from_grants,
                funding_gap: tally.funding_gap,
                sources: p
                    .funding
                    .iter()
                    .zip(&o.by_source[self.sources(j)])
                    .map(|(src, &amount)| source_line(src, amount))
                    .collect(),
                gap_by_year: std::mem::take(&mut gap_by_year[j]),
            })
            .collect()
    }
}

fn source_line(src: &FundingSource, amount: f64) -> SourceLine {
    let (kind, name) = match src {
        FundingSource::Pot { pot, .. } => ("pot", pot),
        FundingSource::Grant { name, .. } => ("grant", name),
    };
    SourceLine {
        kind: kind.into(),
        name: name.as_str().into(),
        amount,
    }
}

/// Walks a project's sources in order for one year's need. A grant gives
/// [`grant_draw`]; a pot gives what [`super::pot_draw`] allows. `pots`,
/// `left` and `by_source` hold one entry per source of the project; `taken`
/// is refilled with `(source, amount)` for each source that gave something.
/// Inlined into the waterfall, as it runs for every project every year of every Monte Carlo draw.
#[inline]
fn draw_sources(
    project: &Project,
    need: f64,
    pots: &[Option<usize>],
    left: &mut [f64],
    year: &mut PotsInYear<'_>,
    by_source: &mut [f64],
    taken: &mut Vec<(usize, f64)>,
) -> Draw {
    taken.clear();
    let mut draw = Draw {
        from_pots: 0.0,
        from_grants: 0.0,
        gap: need,
    };
    for (k, src) in project.funding.iter().enumerate() {
        if draw.gap <= 0.0 {
            break;
        }
        let take = match src {
            FundingSource::Grant { .. } => grant_draw(draw.gap, left[k]),
            FundingSource::Pot { .. } => {
                let Some(p) = pots[k] else {
                    continue;
                };
                year.draw(p, draw.gap, left[k])
            }
        };
        left[k] -= take;
        by_source[k] += take;
        if take != 0.0 {
            taken.push((k, take));
        }
        match src {
            FundingSource::Grant { .. } => draw.from_grants += take,
            FundingSource::Pot { .. } => draw.from_pots += take,
        }
        draw.gap -= take;
    }
    draw
}

/// Warns about each project with a funding gap over the horizon.
pub(super) fn warn_funding_gaps(s: &Scenario, projects: &[ProjectLine], warnings: &mut Vec<Problem>) {
    for (i, line) in projects.iter().enumerate() {
        if line.funding_gap > 0.0 {
            warnings.push(Problem::warning(
                ItemRef {
                    kind: ItemKind::Project,
                    index: i,
                    id: s.projects[i].id.clone(),
                    name: s.projects[i].name.clone(),
                },
                "funding",
                format!("funding gap of {} over the horizon", money(line.funding_gap)),
            ));
        }
    }
}
