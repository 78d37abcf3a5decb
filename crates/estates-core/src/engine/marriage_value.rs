//! MODEL.md section 4: marriage value. Whether each enabled assembly is
//! realised, its combined value and marriage value, and each member's share.

use std::ops::Range;

use super::case::Case;
use super::time::fy_label;
use super::{Engine, Outcome};
use crate::model::{Assembly, Split};
use crate::problem::{ItemKind, ItemRef, Problem};
use crate::report::{AssemblyLine, AssemblyMember, DisposalLine};

/// Combined value `V`: given directly, or `(1 + uplift) * S`.
pub fn combined_value(a: &Assembly, separate: f64) -> f64 {
    match (a.combined_value, a.uplift) {
        (Some(v), _) => v,
        (None, Some(u)) => (1.0 + u) * separate,
        (None, None) => separate,
    }
}

/// Marriage value `MV = V - S` (negative is allowed, and warned about).
pub fn marriage_value(combined: f64, separate: f64) -> f64 {
    combined - separate
}

/// A member's marriage value as realised: `M_i` indexed by `(1 + g)^t` like
/// the receipt it is part of, and risk-weighted by `w` like it.
pub fn marriage_value_realised(share_at_price_base: f64, growth: f64, w: f64) -> f64 {
    share_at_price_base * growth * w
}

/// The split rule's shares `s_i` into a reused buffer: pro rata to base value,
/// pro rata to `area_ha * share`, equal, or fixed. False when a pro-rata basis
/// sums to zero (the caller then splits equally, with a warning).
pub fn split_shares_into(split: &Split, bases: &[f64], areas: &[f64], out: &mut Vec<f64>) -> bool {
    out.clear();
    let mut pro_rata = |w: &[f64]| {
        let total: f64 = w.iter().sum();
        if total == 0.0 {
            return false;
        }
        out.extend(w.iter().map(|x| x / total));
        true
    };
    match split {
        Split::ProRataValue => pro_rata(bases),
        Split::ProRataArea => pro_rata(areas),
        Split::Equal => {
            out.resize(bases.len(), 1.0 / bases.len() as f64);
            true
        }
        Split::Fixed(shares) => {
            out.extend_from_slice(shares);
            true
        }
    }
}

/// An assembly's fate in one run.
#[derive(Debug, Clone, PartialEq)]
enum AssemblyOutcome {
    Disabled,
    NotRealised(Shortfall),
    Realised(Joint),
}

/// Why an enabled assembly is not realised.
#[derive(Debug, Clone, PartialEq)]
enum Shortfall {
    /// The member (by position) has no disposal.
    NoDisposal(usize),
    /// The member (by position) has this many disposals.
    Several(usize, usize),
    /// A member's disposal falls in a different year from the first member's.
    OutOfStep { disposal: usize, fy: i32, first_fy: i32 },
}

/// A realised assembly's values at price base.
#[derive(Debug, Clone, PartialEq)]
struct Joint {
    fy: i32,
    separate: f64,
    combined: f64,
    marriage: f64,
    /// The split fell back to equal shares because its basis summed to zero.
    equal_fallback: bool,
    /// Where its members are in the run's list of realised members.
    members: Range<usize>,
}

/// A realised assembly's member.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Member {
    disposal: usize,
    base: f64,
    share: f64,
}

/// Every assembly's fate in a run, with all realised members in one list
/// (one allocation a run rather than several an assembly).
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Assessed {
    outcomes: Vec<AssemblyOutcome>,
    members: Vec<Member>,
}

impl Assessed {
    pub(super) fn clear(&mut self) {
        self.outcomes.clear();
        self.members.clear();
    }
}

/// Buffers reused from one assembly to the next.
#[derive(Debug, Clone, Default)]
pub(super) struct Scratch {
    disposals: Vec<usize>,
    bases: Vec<f64>,
    areas: Vec<f64>,
    shares: Vec<f64>,
}

/// An enabled assembly is realised only when each member site has exactly one
/// disposal going ahead and all fall in the same FY. Fills `out` with the
/// member disposals in member order.
fn realised_members(
    case: &Case,
    members: impl Iterator<Item = impl Iterator<Item = usize>>,
    out: &mut Vec<usize>,
) -> Result<(), Shortfall> {
    let goes_ahead = |d: &usize| case.disposals.get(*d).is_some_and(|c| c.goes_ahead);
    let fy = |d: usize| case.disposals.get(d).map_or(0, |c| c.fy);
    out.clear();
    for (k, all) in members.enumerate() {
        let mut going = all.filter(goes_ahead);
        match (going.next(), going.next()) {
            (Some(one), None) => out.push(one),
            (None, _) => return Err(Shortfall::NoDisposal(k)),
            (Some(_), Some(_)) => return Err(Shortfall::Several(k, 2 + going.count())),
        }
    }
    let Some(first_fy) = out.first().map(|&d| fy(d)) else {
        return Ok(());
    };
    match out.iter().find(|&&d| fy(d) != first_fy) {
        Some(&odd) => Err(Shortfall::OutOfStep {
            disposal: odd,
            fy: fy(odd),
            first_fy,
        }),
        None => Ok(()),
    }
}

impl Engine<'_> {
    /// Assembly outcomes, and each disposal's (unindexed) marriage value `M_i` by disposal index.
    pub(super) fn assess_assemblies(&self, case: &Case, o: &mut Outcome) {
        let assessed = &mut o.assemblies;
        for (i, a) in self.ids.s.assemblies.iter().enumerate() {
            let outcome = self.assess_assembly(case, a, i, &mut o.scratch, &mut assessed.members);
            if let AssemblyOutcome::Realised(joint) = &outcome {
                for m in &assessed.members[joint.members.clone()] {
                    o.marriage[m.disposal] = joint.marriage * m.share;
                }
            }
            assessed.outcomes.push(outcome);
        }
    }

    fn assess_assembly(
        &self,
        case: &Case,
        a: &Assembly,
        index: usize,
        scratch: &mut Scratch,
        members: &mut Vec<Member>,
    ) -> AssemblyOutcome {
        if !a.enabled {
            return AssemblyOutcome::Disabled;
        }
        if let Err(why) = realised_members(case, self.member_disposals.of(index), &mut scratch.disposals) {
            return AssemblyOutcome::NotRealised(why);
        }
        scratch.bases.clear();
        scratch
            .bases
            .extend(scratch.disposals.iter().map(|&di| self.base(case, di)));
        let separate: f64 = scratch.bases.iter().sum();
        let combined = combined_value(a, separate);
        let equal_fallback = !self.marriage_shares(a, scratch);
        if equal_fallback {
            let n = scratch.bases.len();
            scratch.shares.clear();
            scratch.shares.resize(n, 1.0 / n as f64);
        }
        let start = members.len();
        members.extend(
            scratch
                .disposals
                .iter()
                .zip(scratch.bases.iter().zip(&scratch.shares))
                .map(|(&disposal, (&base, &share))| Member { disposal, base, share }),
        );
        AssemblyOutcome::Realised(Joint {
            // An assembly without members (an invalid file) has no year.
            fy: scratch
                .disposals
                .first()
                .and_then(|&d| case.disposals.get(d))
                .map_or(0, |c| c.fy),
            separate,
            combined,
            marriage: marriage_value(combined, separate),
            equal_fallback,
            members: start..members.len(),
        })
    }

    /// Fills `scratch.shares` with the split rule's shares `s_i`; false when a pro-rata basis sums to zero.
    fn marriage_shares(&self, a: &Assembly, scratch: &mut Scratch) -> bool {
        let s = self.ids.s;
        scratch.areas.clear();
        scratch.areas.extend(
            scratch
                .disposals
                .iter()
                .map(|&di| self.disposals[di].site.map_or(0.0, |k| s.sites[k].area_ha) * s.disposals[di].share),
        );
        split_shares_into(&a.split, &scratch.bases, &scratch.areas, &mut scratch.shares)
    }

    /// The report's lines for every assembly, with their warnings.
    pub(super) fn assembly_lines(&self, o: &Outcome, warnings: &mut Vec<Problem>) -> Vec<AssemblyLine> {
        self.ids
            .s
            .assemblies
            .iter()
            .zip(&o.assemblies.outcomes)
            .enumerate()
            .map(|(i, (a, outcome))| self.assembly_line(i, a, outcome, &o.assemblies.members, warnings))
            .collect()
    }

    /// The report's line for an assembly, with its warnings.
    fn assembly_line(
        &self,
        i: usize,
        a: &Assembly,
        outcome: &AssemblyOutcome,
        members: &[Member],
        warnings: &mut Vec<Problem>,
    ) -> AssemblyLine {
        let s = self.ids.s;
        let mut line = AssemblyLine {
            id: a.id.as_str().into(),
            name: a.name.as_str().into(),
            enabled: a.enabled,
            realised: false,
            fy: None,
            separate_value: 0.0,
            combined_value: 0.0,
            marriage_value: 0.0,
            marriage_value_realised: 0.0,
            members: Vec::new(),
        };
        let joint = match outcome {
            AssemblyOutcome::Disabled => return line,
            AssemblyOutcome::NotRealised(why) => {
                warnings.push(Problem::warning(
                    assembly_ref(i, a),
                    "members",
                    format!("not realised, no marriage value counted: {}", self.shortfall(a, why)),
                ));
                return line;
            }
            AssemblyOutcome::Realised(joint) => joint,
        };
        if joint.equal_fallback {
            warnings.push(Problem::warning(
                assembly_ref(i, a),
                "split",
                "the members' values or areas sum to zero, so marriage value is split equally",
            ));
        }
        if joint.marriage < 0.0 {
            warnings.push(Problem::warning(
                assembly_ref(i, a),
                "combined_value",
                "negative marriage value: the sites are worth less together than apart",
            ));
        }
        line.realised = true;
        line.fy = Some(joint.fy);
        line.separate_value = joint.separate;
        line.combined_value = joint.combined;
        line.marriage_value = joint.marriage;
        line.members = members[joint.members.clone()]
            .iter()
            .map(|m| AssemblyMember {
                site: s.disposals[m.disposal].site.as_str().into(),
                owner: self.disposals[m.disposal]
                    .site
                    .map(|k| s.sites[k].owner.as_str().into())
                    .unwrap_or_default(),
                disposal: Some(m.disposal),
                base_value: m.base,
                share: m.share,
                marriage_value: joint.marriage * m.share,
                marriage_value_realised: 0.0,
            })
            .collect();
        line
    }

    fn shortfall(&self, a: &Assembly, why: &Shortfall) -> String {
        let member = |k: usize| a.members.get(k).map_or("", String::as_str);
        match why {
            Shortfall::NoDisposal(k) => format!("member site '{}' has no disposal", member(*k)),
            Shortfall::Several(k, n) => format!("member site '{}' has {n} disposals, not one", member(*k)),
            Shortfall::OutOfStep { disposal, fy, first_fy } => format!(
                "member site '{}' is sold in {}, out of step with {}",
                self.ids.s.disposals[*disposal].site,
                fy_label(*fy),
                fy_label(*first_fy)
            ),
        }
    }
}

fn assembly_ref(i: usize, a: &Assembly) -> ItemRef {
    ItemRef {
        kind: ItemKind::Assembly,
        index: i,
        id: a.id.clone(),
        name: a.name.clone(),
    }
}

/// Fills each member's realised (indexed, risk-weighted) marriage value from
/// the disposal lines, whose `index` is their disposal's position in the scenario.
pub(super) fn index_assembly_lines(lines: &mut [AssemblyLine], disposals: &[DisposalLine], scenario_disposals: usize) {
    // Each scenario disposal's line, if it has one: a list, not a map, as disposal indices are dense.
    let mut line_of = vec![None; scenario_disposals];
    for d in disposals {
        if let Some(slot) = line_of.get_mut(d.index) {
            *slot = Some(d.marriage_value);
        }
    }
    for line in lines {
        for m in &mut line.members {
            m.marriage_value_realised = m
                .disposal
                .and_then(|d| line_of.get(d).copied().flatten())
                .unwrap_or(0.0);
        }
        line.marriage_value_realised = line.members.iter().map(|m| m.marriage_value_realised).sum();
    }
}
