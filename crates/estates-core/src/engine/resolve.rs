//! Lookups built once per scenario, so that a run is linear in the
//! scenario's size and never looks an id up by its text.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::disposals::base_value;
use super::retention::matching_rule;
use crate::model::{Disposal, FundingSource, OrgKind, Scenario, Site};

/// The scenario's ids, each resolved to its position.
pub(super) struct Ids<'a> {
    pub(super) s: &'a Scenario,
    pub(super) sites: FxHashMap<&'a str, usize>,
    pub(super) orgs: FxHashMap<&'a str, usize>,
    pub(super) pots: FxHashMap<&'a str, usize>,
    /// The retention rule of each organisation, found once rather than per disposal.
    org_rules: Vec<Option<usize>>,
    /// The pot of each retention rule, if it is a known pot.
    rule_pots: Vec<Option<usize>>,
}

impl<'a> Ids<'a> {
    pub(super) fn new(s: &'a Scenario) -> Self {
        let index = |ids: Vec<&'a str>| ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect();
        let mut ids = Ids {
            s,
            sites: index(s.sites.iter().map(|x| x.id.as_str()).collect()),
            orgs: index(s.organisations.iter().map(|x| x.id.as_str()).collect()),
            pots: index(s.pots.iter().map(|x| x.id.as_str()).collect()),
            org_rules: Vec::new(),
            rule_pots: Vec::new(),
        };
        ids.org_rules = s
            .organisations
            .iter()
            .map(|o| matching_rule(&s.retention_rules, &o.id, ids.owner_kind(&o.id)))
            .collect();
        ids.rule_pots = s
            .retention_rules
            .iter()
            .map(|r| ids.pots.get(r.pot.as_str()).copied())
            .collect();
        ids
    }

    fn owner_kind(&self, org_id: &str) -> Option<OrgKind> {
        self.orgs.get(org_id).map(|&i| self.s.organisations[i].kind)
    }

    /// Year index of a financial year, if it lies inside the horizon.
    pub(super) fn year(&self, fy: i32) -> Option<usize> {
        let t = self.s.year_index(fy);
        self.s.in_horizon(t).then_some(t as usize)
    }
}

/// What a run reads of one disposal, resolved once and kept together so that
/// a run over thousands of disposals streams through one compact list.
pub(super) struct Resolved {
    pub(super) site: Option<usize>,
    /// The site owner's position among the organisations, if it is one.
    pub(super) org: Option<usize>,
    /// The retention rule matching the site's owner.
    pub(super) rule: Option<usize>,
    /// `B` as written: the agreed price, or the site's value times the share.
    pub(super) base: f64,
    /// The site's book value, backlog, homes and running cost times the share.
    pub(super) book_value: f64,
    pub(super) backlog: f64,
    pub(super) homes: f64,
    pub(super) running_cost: f64,
    /// The matching retention rule's index and its pot's index.
    pub(super) retention: Option<(usize, usize)>,
    pub(super) probability: f64,
    pub(super) cost_rate: f64,
    pub(super) fixed_cost: f64,
    /// Its phasing in `Engine::tranches`.
    pub(super) tranches: Range<usize>,
}

/// Resolves a disposal's site and retention rule, its share of the site's
/// figures, and appends its phasing to `tranches`.
pub(super) fn disposal(ids: &Ids, d: &Disposal, tranches: &mut Vec<(usize, f64)>) -> Resolved {
    let s = ids.s;
    let site_index = ids.sites.get(d.site.as_str()).copied();
    let site = site_index.map(|k| &s.sites[k]);
    let per_share = |f: fn(&Site) -> f64| site.map_or(0.0, |x| f(x) * d.share);
    // The owner is looked up once here; the report reads its kind and rule by index.
    let org = site.and_then(|x| ids.orgs.get(x.owner.as_str()).copied());
    let rule = site.and_then(|x| match org {
        Some(i) => ids.org_rules[i],
        None => matching_rule(&s.retention_rules, &x.owner, None),
    });
    let retention = rule.and_then(|rule| Some((rule, ids.rule_pots[rule]?)));
    Resolved {
        site: site_index,
        org,
        rule,
        base: base_value(site.map_or(0.0, |x| x.value), d),
        book_value: per_share(|x| x.book_value),
        backlog: per_share(|x| x.backlog),
        homes: per_share(|x| x.homes),
        running_cost: per_share(|x| x.running_cost),
        retention,
        probability: d.probability,
        cost_rate: d.cost_rate,
        fixed_cost: d.fixed_cost,
        tranches: {
            let start = tranches.len();
            tranches.extend(d.phasing.iter().map(|&(offset, fraction)| (offset as usize, fraction)));
            start..tranches.len()
        },
    }
}

/// Every disposal of each member site, by assembly then member, in scenario
/// order: runs of one sorted list of (site, disposal), rather than a list
/// per member, which at London scale would be thousands of allocations.
pub(super) struct MemberDisposals {
    /// (site, disposal) for each disposal of a known site, sorted: each
    /// site's disposals are one run, in scenario order.
    by_site: Vec<(usize, usize)>,
    /// Each member's run in `by_site`, member after member, assembly after assembly.
    runs: Vec<Range<usize>>,
    /// Each assembly's members in `runs`.
    assemblies: Vec<Range<usize>>,
}

impl MemberDisposals {
    pub(super) fn new(ids: &Ids, disposals: &[Resolved]) -> Self {
        let mut by_site: Vec<(usize, usize)> = disposals
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.site.map(|k| (k, i)))
            .collect();
        by_site.sort_unstable();
        let run_of = |member: &str| match ids.sites.get(member) {
            Some(&k) => {
                let start = by_site.partition_point(|&(site, _)| site < k);
                let end = by_site.partition_point(|&(site, _)| site <= k);
                start..end
            }
            None => 0..0,
        };
        let mut runs = Vec::new();
        let assemblies = ids
            .s
            .assemblies
            .iter()
            .map(|a| {
                let start = runs.len();
                runs.extend(a.members.iter().map(|m| run_of(m)));
                start..runs.len()
            })
            .collect();
        MemberDisposals {
            by_site,
            runs,
            assemblies,
        }
    }

    /// The disposals of each member of assembly `a`, member by member.
    pub(super) fn of(&self, a: usize) -> impl Iterator<Item = impl Iterator<Item = usize> + '_> + '_ {
        let runs = self.assemblies.get(a).map_or(&[][..], |r| &self.runs[r.clone()]);
        runs.iter()
            .map(|run| self.by_site[run.clone()].iter().map(|&(_, disposal)| disposal))
    }
}

/// Where each project's sources start in one flat list of every project's
/// sources (one extra entry at the end), and the pot index of each source
/// that is a known pot.
pub(super) fn funding_sources(ids: &Ids) -> (Vec<usize>, Vec<Option<usize>>) {
    let mut source_start = vec![0];
    let mut source_pot = Vec::new();
    for p in &ids.s.projects {
        source_pot.extend(p.funding.iter().map(|src| match src {
            FundingSource::Pot { pot, .. } => ids.pots.get(pot.as_str()).copied(),
            FundingSource::Grant { .. } => None,
        }));
        source_start.push(source_pot.len());
    }
    (source_start, source_pot)
}
