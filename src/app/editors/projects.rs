//! The projects view: reinvestment projects with their capex profile by year
//! and the ordered funding sources (pots, with an optional cap, and grants).

use egui::Ui;
use estates_core::model::{FundingSource, Pot, Project, ProjectKind};
use estates_core::problem::ItemKind;
use estates_core::Scenario;

use super::list::{choices, put_back, ItemList};
use super::table::{column, Cell, ColumnSpec, Names};
use super::uncertainty;
use super::widgets::{
    labelled_choices, pick, Choice, Form, MONEY, OPTIONAL_MONEY, PERCENT, SMALL_FIELD_WIDTH, TEXT, YEAR,
};

pub(crate) struct Projects;

impl ItemList for Projects {
    type Item = Project;
    const KIND: ItemKind = ItemKind::Project;
    const NOUN: &'static str = "project";
    const FILTER_HINT: &'static str = "name, id, kind, borough or site";
    const ORDERED: bool = true;
    const COLUMNS: &'static [ColumnSpec] = &[
        column("Id", 90.0),
        column("Name", 200.0),
        column("Kind", 150.0),
        column("Borough", 100.0),
        column("Site", 160.0),
        column("Capex", 110.0),
    ];

    fn items(s: &Scenario) -> &[Project] {
        &s.projects
    }

    fn items_mut(s: &mut Scenario) -> &mut Vec<Project> {
        &mut s.projects
    }

    fn new_item(_: &Scenario, id: String) -> Project {
        Project {
            id,
            name: "New project".to_owned(),
            ..Project::default()
        }
    }

    fn cell<'a>(p: &'a Project, names: &Names<'a>, col: usize) -> Cell<'a> {
        match col {
            0 => Cell::Text(&p.id),
            1 => Cell::Text(&p.name),
            2 => Cell::Text(p.kind.label()),
            3 => Cell::Text(&p.borough),
            4 => Cell::Text(p.site.as_deref().map_or("", |x| names.site(x))),
            _ => Cell::Money(p.capex.iter().map(|(_, amount)| amount).sum()),
        }
    }

    fn details(form: &mut Form<'_>, ui: &mut Ui, s: &mut Scenario, index: usize) {
        let mut sites = vec![("", "None")];
        sites.extend(choices(&s.sites));
        let pots = &s.pots;
        let start_fy = s.start_fy;
        let mut copy = s.projects[index].clone();
        let p = &mut copy;
        form.typed(ui, ("Name", "name"), &mut p.name, &TEXT, "");
        let kinds = labelled_choices(&ProjectKind::ALL, ProjectKind::label);
        if let Some(k) = form.pick(ui, ("Kind", "kind"), p.kind.label(), &kinds) {
            p.kind = ProjectKind::ALL[k];
        }
        form.typed(ui, ("Borough", "borough"), &mut p.borough, &TEXT, "");
        let current = p.site.as_deref().unwrap_or("");
        if let Some(site) = form.pick_key(ui, ("Site", "site"), current, &sites) {
            p.site = Some(site).filter(|x| !x.is_empty());
        }
        form.typed(
            ui,
            ("Optimism bias", "optimism_bias"),
            &mut p.optimism_bias,
            &PERCENT,
            "% added to capex",
        );
        form.typed(
            ui,
            ("Running cost", "running_cost"),
            &mut p.running_cost,
            &MONEY,
            "a year once built",
        );
        capex(form, ui, p, start_fy);
        let overrun = ("Capex overrun", "capex_overrun");
        uncertainty::range_ui(form, ui, overrun, &mut p.capex_overrun, "capex");
        funding(form, ui, p, pots);
        put_back(&mut s.projects, index, copy);
    }
}

/// Capex by financial year, at the price base and before optimism bias.
fn capex(form: &mut Form<'_>, ui: &mut Ui, p: &mut Project, start_fy: i32) {
    form.sub_rows(ui, &mut p.capex, ("Capex", false), |form, ui, _, name, (fy, amount)| {
        form.inline(ui, &format!("{name} year"), fy, &YEAR, 70.0);
        form.inline(ui, &format!("{name} amount"), amount, &MONEY, SMALL_FIELD_WIDTH);
    });
    form.row(ui, "", "capex", |_, ui, _| {
        if ui.button("Add capex year").clicked() {
            let next = p.last_capex_fy().map_or(start_fy, |fy| fy + 1);
            p.capex.push((next, 0.0));
        }
    });
}

/// The funding sources, tried in order until the year's capex is met.
fn funding(form: &mut Form<'_>, ui: &mut Ui, p: &mut Project, pots: &[Pot]) {
    let options = choices(pots);
    form.sub_rows(ui, &mut p.funding, ("Source", true), |form, ui, k, name, source| {
        source_row(form, ui, (k, name), source, &options);
    });
    form.row(ui, "", "funding", |_, ui, _| {
        ui.horizontal(|ui| {
            if ui.button("Add pot source").clicked() {
                let pot = pots.first().map(|x| x.id.clone()).unwrap_or_default();
                p.funding.push(FundingSource::Pot { pot, cap: None });
            }
            if ui.button("Add grant").clicked() {
                p.funding.push(FundingSource::Grant {
                    name: "Grant".to_owned(),
                    amount: 0.0,
                });
            }
        });
    });
}

fn source_row(
    form: &mut Form<'_>,
    ui: &mut Ui,
    (k, name): (usize, &str),
    source: &mut FundingSource,
    pots: &[Choice<'_>],
) {
    match source {
        FundingSource::Pot { pot, cap } => {
            ui.label("Pot");
            let id = form.owner.field_id(&format!("source {k} pot"));
            let (response, chosen) = pick(ui, id, pot, pots, 140.0);
            response.accessible_name(format!("{name} pot"));
            if let Some(c) = chosen {
                pots[c].0.clone_into(pot);
            }
            ui.label("cap");
            form.inline(
                ui,
                &format!("{name} cap"),
                cap,
                &OPTIONAL_MONEY,
                SMALL_FIELD_WIDTH * 0.9,
            );
        }
        FundingSource::Grant { name: grant, amount } => {
            ui.label("Grant");
            form.inline(ui, &format!("{name} grant name"), grant, &TEXT, SMALL_FIELD_WIDTH * 1.4);
            form.inline(
                ui,
                &format!("{name} grant amount"),
                amount,
                &MONEY,
                SMALL_FIELD_WIDTH * 0.9,
            );
        }
    }
}
