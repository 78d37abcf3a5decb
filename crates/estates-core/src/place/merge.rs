//! Pan-London from sub-regional files (issue 12): several scenarios with the
//! same first year combined into one.
//!
//! - The horizon is the longest of the files'; the assumptions that change
//!   every figure (land growth, risk weighting, discounting) must agree, and
//!   a merge of files that differ in them is refused.
//! - An item that appears with the same id in several files is kept once
//!   when every copy is the same (the same NHS Property Services, the same
//!   London pool). When the copies differ, the ids clash: every copy is
//!   renamed `<file stem>-<id>`, each file's references to it follow, and the
//!   merge lists each renaming.
//! - Items are compared after their references have been renamed, so a site
//!   whose owner was renamed differs from its namesake in the other file.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::engine::fy_label;
use crate::model::{
    AppliesTo, Assembly, Disposal, FundingSource, Organisation, Pot, Project, RetentionRule, Scenario, Site,
    CURRENT_VERSION,
};
use crate::problem::ItemKind;

/// One scenario to merge and the name its renamed ids are prefixed with (its file's stem).
#[derive(Debug, Clone)]
pub struct MergeInput {
    pub name: String,
    pub scenario: Scenario,
}

/// The merged scenario and every id that was renamed to make it.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub scenario: Scenario,
    pub renamed: Vec<Renamed>,
}

/// An item whose id clashed with a different item of another file, renamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    /// The name of the file it came from.
    pub file: String,
    pub kind: ItemKind,
    pub from: String,
    pub to: String,
}

impl std::fmt::Display for Renamed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} '{}' of {} renamed '{}': another file has a different {} with that id",
            self.kind.label(),
            self.from,
            self.file,
            self.to,
            self.kind.label().to_lowercase()
        )
    }
}

/// Why scenarios cannot be merged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MergeError {
    #[error("nothing to merge: give the scenarios to combine")]
    Nothing,
    #[error("cannot merge: two files are named '{0}', so their clashing ids could not be told apart; rename one")]
    SameName(String),
    #[error(
        "cannot merge: {first} starts in {first_fy} but {other} starts in {other_fy}; \
         scenarios are merged only when they start in the same year"
    )]
    StartYear {
        first: String,
        first_fy: String,
        other: String,
        other_fy: String,
    },
    #[error(
        "cannot merge: the assumption `{field}` differs: {first} has {first_value}, {other} has {other_value}; \
         make it the same in every file first"
    )]
    Assumption {
        field: &'static str,
        first: String,
        first_value: String,
        other: String,
        other_value: String,
    },
}

/// Combines the scenarios in the order given (see the module notes).
pub fn merge(inputs: &[MergeInput]) -> Result<Merged, MergeError> {
    let first = inputs.first().ok_or(MergeError::Nothing)?;
    distinct_names(inputs)?;
    same_start_year(inputs)?;
    same_assumptions(inputs)?;
    let mut m = Merger {
        names: inputs.iter().map(|i| i.name.as_str()).collect(),
        renamed: Vec::new(),
    };
    let (organisations, orgs) = m.kind(ItemKind::Organisation, each(inputs, |s| &s.organisations, |_, _| ()));
    let (pots, pot_ids) = m.kind(ItemKind::Pot, each(inputs, |s| &s.pots, |_, _| ()));
    let (sites, site_ids) = m.kind(
        ItemKind::Site,
        each(inputs, |s| &s.sites, |x: &mut Site, f| rename(&mut x.owner, &orgs[f])),
    );
    let (disposals, _) = m.kind(
        ItemKind::Disposal,
        each(
            inputs,
            |s| &s.disposals,
            |d: &mut Disposal, f| rename(&mut d.site, &site_ids[f]),
        ),
    );
    let (assemblies, _) = m.kind(
        ItemKind::Assembly,
        each(
            inputs,
            |s| &s.assemblies,
            |a: &mut Assembly, f| {
                for member in &mut a.members {
                    rename(member, &site_ids[f]);
                }
            },
        ),
    );
    let (retention_rules, _) = m.kind(
        ItemKind::RetentionRule,
        each(
            inputs,
            |s| &s.retention_rules,
            |r: &mut RetentionRule, f| {
                if let AppliesTo::Organisation(org) = &mut r.applies_to {
                    rename(org, &orgs[f]);
                }
                rename(&mut r.pot, &pot_ids[f]);
            },
        ),
    );
    let (projects, _) = m.kind(
        ItemKind::Project,
        each(
            inputs,
            |s| &s.projects,
            |p: &mut Project, f| {
                if let Some(site) = &mut p.site {
                    rename(site, &site_ids[f]);
                }
                for src in &mut p.funding {
                    if let FundingSource::Pot { pot, .. } = src {
                        rename(pot, &pot_ids[f]);
                    }
                }
            },
        ),
    );
    let names: Vec<&str> = inputs.iter().map(|i| i.scenario.name.as_str()).collect();
    let files: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
    let scenario = Scenario {
        version: CURRENT_VERSION,
        name: names.join(" + "),
        description: format!("Merged from {}.", files.join(", ")),
        horizon: inputs
            .iter()
            .map(|i| i.scenario.horizon)
            .max()
            .unwrap_or(first.scenario.horizon),
        organisations: organisations.into(),
        sites: sites.into(),
        disposals: disposals.into(),
        assemblies: assemblies.into(),
        pots: pots.into(),
        retention_rules: retention_rules.into(),
        projects: projects.into(),
        // Start year and assumptions are the same in every file; risk settings are the first's.
        ..first.scenario.clone()
    };
    Ok(Merged {
        scenario,
        renamed: m.renamed,
    })
}

/// Stems must differ, or a prefixed id would not say which file it came from.
fn distinct_names(inputs: &[MergeInput]) -> Result<(), MergeError> {
    let mut seen = FxHashSet::default();
    match inputs.iter().find(|i| !seen.insert(i.name.as_str())) {
        Some(i) => Err(MergeError::SameName(i.name.clone())),
        None => Ok(()),
    }
}

/// Every file must start in the first file's year: year indices would otherwise mean different years.
fn same_start_year(inputs: &[MergeInput]) -> Result<(), MergeError> {
    let first = &inputs[0];
    match inputs.iter().find(|i| i.scenario.start_fy != first.scenario.start_fy) {
        Some(other) => Err(MergeError::StartYear {
            first: first.name.clone(),
            first_fy: fy_label(first.scenario.start_fy),
            other: other.name.clone(),
            other_fy: fy_label(other.scenario.start_fy),
        }),
        None => Ok(()),
    }
}

/// Land growth, risk weighting and discounting apply to every item, so a
/// merged file can hold only one of each; differing ones are refused.
fn same_assumptions(inputs: &[MergeInput]) -> Result<(), MergeError> {
    type Assumption = (&'static str, fn(&Scenario) -> String);
    const ASSUMPTIONS: [Assumption; 3] = [
        ("land_growth", |s| s.land_growth.to_string()),
        ("weight_by_probability", |s| s.weight_by_probability.to_string()),
        ("discount", |s| format!("{:?}", s.discount)),
    ];
    let first = &inputs[0];
    for (field, value) in ASSUMPTIONS {
        let first_value = value(&first.scenario);
        if let Some(other) = inputs.iter().find(|i| value(&i.scenario) != first_value) {
            return Err(MergeError::Assumption {
                field,
                first: first.name.clone(),
                first_value,
                other: other.name.clone(),
                other_value: value(&other.scenario),
            });
        }
    }
    Ok(())
}

/// Each file's items of one kind, cloned, with `fix(item, file)` applied to
/// rename their references.
fn each<T: Clone>(
    inputs: &[MergeInput],
    items: impl Fn(&Scenario) -> &Vec<T>,
    fix: impl Fn(&mut T, usize),
) -> Vec<Vec<T>> {
    inputs
        .iter()
        .enumerate()
        .map(|(f, input)| {
            let mut list = items(&input.scenario).clone();
            for item in &mut list {
                fix(item, f);
            }
            list
        })
        .collect()
}

/// Old id -> new id, for one file and one kind of item.
type Renames = FxHashMap<String, String>;

fn rename(id: &mut String, renames: &Renames) {
    if let Some(new) = renames.get(id.as_str()) {
        id.clone_from(new);
    }
}

/// An item with an id.
trait Keyed: Clone + PartialEq {
    fn id_mut(&mut self) -> &mut String;
    fn id(&self) -> &str;
}

macro_rules! keyed {
    ($($t:ty),*) => {$(
        impl Keyed for $t {
            fn id_mut(&mut self) -> &mut String {
                &mut self.id
            }
            fn id(&self) -> &str {
                &self.id
            }
        }
    )*};
}
keyed!(Organisation, Site, Disposal, Assembly, Pot, RetentionRule, Project);

struct Merger<'a> {
    /// Each file's name, the prefix of its renamed ids.
    names: Vec<&'a str>,
    renamed: Vec<Renamed>,
}

impl Merger<'_> {
    /// One kind of item from every file: ids held by several files are kept
    /// once when every copy is the same, else renamed in every file holding
    /// them. Returns the merged list and each file's renames.
    fn kind<T: Keyed>(&mut self, kind: ItemKind, files: Vec<Vec<T>>) -> (Vec<T>, Vec<Renames>) {
        let mut holders: FxHashMap<&str, Vec<(usize, &T)>> = FxHashMap::default();
        for (f, items) in files.iter().enumerate() {
            for item in items {
                holders.entry(item.id()).or_default().push((f, item));
            }
        }
        let mut renames = vec![Renames::default(); files.len()];
        // Shared items, as (file that keeps it, id): copies in other files are dropped.
        let mut kept_by: FxHashMap<String, usize> = FxHashMap::default();
        for (f, items) in files.iter().enumerate() {
            for item in items {
                let id = item.id();
                let copies = &holders[id];
                let first_file = copies[0].0;
                if copies.iter().all(|&(g, _)| g == first_file) || renames[f].contains_key(id) {
                    continue;
                }
                if copies.iter().all(|(_, x)| *x == copies[0].1) {
                    kept_by.entry(id.to_owned()).or_insert(first_file);
                } else {
                    let to = format!("{}-{id}", self.names[f]);
                    self.renamed.push(Renamed {
                        file: self.names[f].to_owned(),
                        kind,
                        from: id.to_owned(),
                        to: to.clone(),
                    });
                    renames[f].insert(id.to_owned(), to);
                }
            }
        }
        let mut merged = Vec::new();
        for (f, items) in files.into_iter().enumerate() {
            for mut item in items {
                if kept_by.get(item.id()).is_some_and(|&keeper| keeper != f) {
                    continue;
                }
                rename(item.id_mut(), &renames[f]);
                merged.push(item);
            }
        }
        (merged, renames)
    }
}
