//! Which items refer to which: what a delete confirmation lists, and how an
//! edited id is carried into every reference so renaming never breaks them.

use estates_core::engine::fy_label;
use estates_core::model::{AppliesTo, FundingSource};
use estates_core::problem::ItemKind;
use estates_core::Scenario;

/// Descriptions of the items that refer to the item `id` of `kind`; empty
/// when nothing does (disposals, assemblies, rules and projects are never referred to).
pub(crate) fn referrers(s: &Scenario, kind: ItemKind, id: &str) -> Vec<String> {
    match kind {
        ItemKind::Site => site_referrers(s, id),
        ItemKind::Organisation => organisation_referrers(s, id),
        ItemKind::Pot => pot_referrers(s, id),
        _ => Vec::new(),
    }
}

fn site_referrers(s: &Scenario, id: &str) -> Vec<String> {
    let disposals = s
        .disposals
        .iter()
        .filter(|d| d.site == id)
        .map(|d| format!("Disposal '{}' sells it in {}", d.id, fy_label(d.fy)));
    let assemblies = s
        .assemblies
        .iter()
        .filter(|a| a.members.iter().any(|m| m == id))
        .map(|a| format!("Assembly '{}' ({}) has it as a member", a.id, a.name));
    let projects = s
        .projects
        .iter()
        .filter(|p| p.site.as_deref() == Some(id))
        .map(|p| format!("Project '{}' ({}) is built on it", p.id, p.name));
    disposals.chain(assemblies).chain(projects).collect()
}

fn organisation_referrers(s: &Scenario, id: &str) -> Vec<String> {
    let sites = s
        .sites
        .iter()
        .filter(|x| x.owner == id)
        .map(|x| format!("Site '{}' ({}) is owned by it", x.id, x.name));
    let rules = s
        .retention_rules
        .iter()
        .filter(|r| matches!(&r.applies_to, AppliesTo::Organisation(o) if o == id))
        .map(|r| format!("Retention rule '{}' applies to it", r.id));
    sites.chain(rules).collect()
}

fn pot_referrers(s: &Scenario, id: &str) -> Vec<String> {
    let rules = s
        .retention_rules
        .iter()
        .filter(|r| r.pot == id)
        .map(|r| format!("Retention rule '{}' pays into it", r.id));
    let projects = s
        .projects
        .iter()
        .filter(|p| draws_on(&p.funding, id))
        .map(|p| format!("Project '{}' ({}) draws on it", p.id, p.name));
    rules.chain(projects).collect()
}

fn draws_on(funding: &[FundingSource], pot_id: &str) -> bool {
    funding
        .iter()
        .any(|f| matches!(f, FundingSource::Pot { pot, .. } if pot == pot_id))
}

/// Points every reference to `old` (an id of `kind`) at `new`.
pub(crate) fn rename(s: &mut Scenario, kind: ItemKind, old: &str, new: &str) {
    let replace = |r: &mut String| {
        if r == old {
            new.clone_into(r);
        }
    };
    match kind {
        ItemKind::Site => {
            s.disposals.iter_mut().for_each(|d| replace(&mut d.site));
            s.assemblies
                .iter_mut()
                .for_each(|a| a.members.iter_mut().for_each(replace));
            s.projects.iter_mut().filter_map(|p| p.site.as_mut()).for_each(replace);
        }
        ItemKind::Organisation => {
            s.sites.iter_mut().for_each(|x| replace(&mut x.owner));
            for r in &mut s.retention_rules {
                if let AppliesTo::Organisation(o) = &mut r.applies_to {
                    replace(o);
                }
            }
        }
        ItemKind::Pot => {
            s.retention_rules.iter_mut().for_each(|r| replace(&mut r.pot));
            for f in s.projects.iter_mut().flat_map(|p| p.funding.iter_mut()) {
                if let FundingSource::Pot { pot, .. } = f {
                    replace(pot);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use estates_core::model::{Assembly, Disposal, Project, RetentionRule, Site, Split};

    fn scenario() -> Scenario {
        let mut s = Scenario::default();
        s.sites.push(Site {
            id: "s1".into(),
            name: "Clinic".into(),
            owner: "o1".into(),
            ..Site::default()
        });
        s.disposals.push(Disposal::new("d1", "s1", 2027));
        s.assemblies.push(Assembly {
            id: "a1".into(),
            name: "Block".into(),
            members: vec!["s1".into(), "s2".into()],
            enabled: true,
            combined_value: None,
            uplift: Some(0.1),
            split: Split::Equal,
        });
        s.projects.push(Project {
            id: "p1".into(),
            name: "Hub".into(),
            site: Some("s1".into()),
            funding: vec![FundingSource::Pot {
                pot: "pot1".into(),
                cap: None,
            }],
            ..Project::default()
        });
        s.retention_rules.push(RetentionRule {
            id: "r1".into(),
            name: String::new(),
            applies_to: AppliesTo::Organisation("o1".into()),
            retained_share: 1.0,
            pot: "pot1".into(),
            limit_per_disposal: None,
        });
        s
    }

    #[test]
    fn lists_every_referrer_of_a_site_organisation_and_pot() {
        let s = scenario();
        assert_eq!(referrers(&s, ItemKind::Site, "s1").len(), 3);
        assert_eq!(referrers(&s, ItemKind::Site, "s2").len(), 1);
        assert_eq!(
            referrers(&s, ItemKind::Organisation, "o1"),
            ["Site 's1' (Clinic) is owned by it", "Retention rule 'r1' applies to it"]
        );
        assert_eq!(referrers(&s, ItemKind::Pot, "pot1").len(), 2);
        assert!(referrers(&s, ItemKind::Disposal, "d1").is_empty());
    }

    #[test]
    fn renaming_carries_into_references() {
        let mut s = scenario();
        rename(&mut s, ItemKind::Site, "s1", "site-9");
        rename(&mut s, ItemKind::Organisation, "o1", "org-2");
        rename(&mut s, ItemKind::Pot, "pot1", "pot-3");
        assert_eq!(s.disposals[0].site, "site-9");
        assert_eq!(s.assemblies[0].members, ["site-9", "s2"]);
        assert_eq!(s.projects[0].site.as_deref(), Some("site-9"));
        assert_eq!(s.sites[0].owner, "org-2");
        assert_eq!(s.retention_rules[0].applies_to, AppliesTo::Organisation("org-2".into()));
        assert_eq!(s.retention_rules[0].pot, "pot-3");
        assert!(draws_on(&s.projects[0].funding, "pot-3"));
    }
}
