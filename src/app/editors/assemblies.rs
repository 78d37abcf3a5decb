//! The assemblies view: adjacent sites sold together for more than their
//! separate values, with how the joint value is given and how the marriage
//! value is split between the members.

use egui::Ui;
use estates_core::model::{Assembly, Site, Split};
use estates_core::problem::ItemKind;
use estates_core::Scenario;

use super::list::{choices, put_back, ItemList};
use super::table::{column, Cell, ColumnSpec, Names};
use super::widgets::{pick, Choice, Form, MONEY, PERCENT, SMALL_FIELD_WIDTH, TEXT, TEXT_FIELD_WIDTH};

pub(crate) struct Assemblies;

impl ItemList for Assemblies {
    type Item = Assembly;
    const KIND: ItemKind = ItemKind::Assembly;
    const NOUN: &'static str = "assembly";
    const COLUMNS: &'static [ColumnSpec] = &[
        column("Id", 90.0),
        column("Name", 220.0),
        column("Enabled", 60.0),
        column("Members", 70.0),
        column("Split", 130.0),
    ];

    fn items(s: &Scenario) -> &[Assembly] {
        &s.assemblies
    }

    fn items_mut(s: &mut Scenario) -> &mut Vec<Assembly> {
        &mut s.assemblies
    }

    /// A new assembly is off until the user has chosen its members.
    fn new_item(_: &Scenario, id: String) -> Assembly {
        Assembly {
            id,
            name: "New assembly".to_owned(),
            members: Vec::new(),
            enabled: false,
            combined_value: None,
            uplift: Some(0.0),
            split: Split::default(),
        }
    }

    fn cell<'a>(a: &'a Assembly, _: &Names<'a>, col: usize) -> Cell<'a> {
        match col {
            0 => Cell::Text(&a.id),
            1 => Cell::Text(&a.name),
            2 => Cell::Flag(a.enabled),
            3 => Cell::Number(a.members.len() as f64),
            _ => Cell::Text(a.split.label()),
        }
    }

    fn details(form: &mut Form<'_>, ui: &mut Ui, s: &mut Scenario, index: usize) {
        let sites = &s.sites;
        let mut copy = s.assemblies[index].clone();
        let a = &mut copy;
        form.typed(ui, ("Name", "name"), &mut a.name, &TEXT, "");
        form.check(
            ui,
            ("Enabled", "enabled"),
            "Sell the member sites jointly",
            &mut a.enabled,
        );
        members(form, ui, a, sites);
        value_basis(form, ui, a, sites);
        split(form, ui, a);
        put_back(&mut s.assemblies, index, copy);
    }
}

/// The member sites, each chosen from the register, with its fixed share when
/// the split is fixed.
fn members(form: &mut Form<'_>, ui: &mut Ui, a: &mut Assembly, sites: &[Site]) {
    let options = choices(sites);
    let Assembly { members, split, .. } = a;
    let mut fixed = match split {
        Split::Fixed(shares) => Some(shares),
        _ => None,
    };
    let edit = form.sub_rows(ui, members, ("Member", false), |form, ui, k, name, member| {
        member_row(form, ui, (k, name), member, &options);
        if let Some(share) = fixed.as_deref_mut().and_then(|shares| shares.get_mut(k)) {
            form.inline(
                ui,
                &format!("{name} fixed share"),
                share,
                &PERCENT,
                SMALL_FIELD_WIDTH * 0.6,
            );
            ui.label("%");
        }
    });
    if let (Some(e), Some(shares)) = (edit, fixed.as_deref_mut()) {
        e.apply(shares);
    }
    form.row(ui, "", "members", |_, ui, _| {
        let free = sites.iter().find(|x| !members.contains(&x.id));
        if ui
            .add_enabled(free.is_some(), egui::Button::new("Add member"))
            .clicked()
        {
            if let Some(site) = free {
                members.push(site.id.clone());
                if let Some(shares) = fixed {
                    shares.push(0.0);
                }
            }
        }
    });
}

fn member_row(form: &mut Form<'_>, ui: &mut Ui, (k, name): (usize, &str), member: &mut String, options: &[Choice<'_>]) {
    let id = form.owner.field_id(&format!("member {k}"));
    let (response, chosen) = pick(ui, id, member, options, TEXT_FIELD_WIDTH);
    response.accessible_name(name);
    if let Some(c) = chosen {
        options[c].0.clone_into(member);
    }
}

/// Whether the joint value is given outright or as an uplift on the members'
/// separate values.
fn value_basis(form: &mut Form<'_>, ui: &mut Ui, a: &mut Assembly, sites: &[Site]) {
    form.row(ui, "Valued by", "", |_, ui, _| {
        ui.horizontal(|ui| {
            if ui.radio(a.combined_value.is_some(), "Combined value").clicked() {
                to_combined_value(a, sites);
            }
            if ui
                .radio(a.combined_value.is_none(), "Uplift on separate values")
                .clicked()
            {
                to_uplift(a, sites);
            }
        });
    });
    if let Some(v) = a.combined_value.as_mut() {
        form.typed(
            ui,
            ("Combined value", "combined_value"),
            v,
            &MONEY,
            "joint value at price base",
        );
    }
    if let Some(u) = a.uplift.as_mut() {
        form.typed(ui, ("Uplift", "uplift"), u, &PERCENT, "% over the separate values");
    }
}

/// The members' summed standalone values, as a starting point when switching basis.
fn separate_value(a: &Assembly, sites: &[Site]) -> f64 {
    sites
        .iter()
        .filter(|x| a.members.contains(&x.id))
        .map(|x| x.value)
        .sum()
}

/// Switches to a combined value equal to what the uplift gave, so the figures do not jump.
fn to_combined_value(a: &mut Assembly, sites: &[Site]) {
    let separate = separate_value(a, sites);
    let combined = a.combined_value.unwrap_or(separate * (1.0 + a.uplift.unwrap_or(0.0)));
    a.combined_value = Some(combined);
    a.uplift = None;
}

/// Switches to the uplift the combined value implied (none when the members are worth nothing).
fn to_uplift(a: &mut Assembly, sites: &[Site]) {
    let separate = separate_value(a, sites);
    let implied = match a.combined_value {
        Some(v) if separate > 0.0 => v / separate - 1.0,
        _ => 0.0,
    };
    a.uplift = Some(a.uplift.unwrap_or(implied));
    a.combined_value = None;
}

const SPLITS: [&str; 4] = ["Pro rata to value", "Pro rata to area", "Equal shares", "Fixed shares"];

/// How the marriage value is shared; choosing fixed shares starts them equal.
fn split(form: &mut Form<'_>, ui: &mut Ui, a: &mut Assembly) {
    let options: Vec<Choice<'_>> = SPLITS.iter().map(|&l| (l, l)).collect();
    let chosen = form.pick(ui, ("Split", "split"), a.split.label(), &options);
    let n = a.members.len().max(1);
    a.split = match chosen {
        Some(0) => Split::ProRataValue,
        Some(1) => Split::ProRataArea,
        Some(2) => Split::Equal,
        Some(_) if !matches!(a.split, Split::Fixed(_)) => Split::Fixed(vec![1.0 / n as f64; a.members.len()]),
        _ => return,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(id: &str, value: f64) -> Site {
        Site {
            id: id.into(),
            value,
            ..Site::default()
        }
    }

    #[test]
    fn switching_basis_keeps_the_joint_value() {
        let sites = [site("a", 4e6), site("b", 6e6), site("c", 1e6)];
        let mut a = Assemblies::new_item(&Scenario::default(), "x".into());
        a.members = vec!["a".into(), "b".into()];
        a.uplift = Some(0.2);
        to_combined_value(&mut a, &sites);
        assert_eq!(a.combined_value, Some(12e6));
        assert_eq!(a.uplift, None);
        a.combined_value = Some(15e6);
        to_uplift(&mut a, &sites);
        assert_eq!(a.uplift, Some(0.5));
        assert_eq!(a.combined_value, None);
    }

    #[test]
    fn split_labels_match_the_model() {
        let splits = [
            Split::ProRataValue,
            Split::ProRataArea,
            Split::Equal,
            Split::Fixed(vec![]),
        ];
        for (label, split) in SPLITS.iter().zip(&splits) {
            assert_eq!(*label, split.label());
        }
    }
}
