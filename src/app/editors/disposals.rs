//! The disposals view: planned sales of all or part of a site, with their
//! costs, phasing of the receipt, probability and any agreed price.

use egui::{RichText, Ui};
use estates_core::model::Disposal;
use estates_core::problem::ItemKind;
use estates_core::Scenario;

use super::list::{choices, put_back, ItemList};
use super::table::{column, Cell, ColumnSpec, Names};
use super::uncertainty;
use super::widgets::{Form, MONEY, OPTIONAL_MONEY, PERCENT, SMALL_FIELD_WIDTH, WHOLE, YEAR};

pub(crate) struct Disposals;

impl ItemList for Disposals {
    type Item = Disposal;
    const KIND: ItemKind = ItemKind::Disposal;
    const NOUN: &'static str = "disposal";
    const FILTER_HINT: &'static str = "id or site name";
    const COLUMNS: &'static [ColumnSpec] = &[
        column("Id", 90.0),
        column("Site", 220.0),
        column("Year", 70.0),
        column("Share", 60.0),
        column("Probability", 80.0),
        column("Agreed price", 110.0),
    ];

    fn items(s: &Scenario) -> &[Disposal] {
        &s.disposals
    }

    fn items_mut(s: &mut Scenario) -> &mut Vec<Disposal> {
        &mut s.disposals
    }

    fn new_item(s: &Scenario, id: String) -> Disposal {
        let site = s.sites.first().map(|x| x.id.clone()).unwrap_or_default();
        Disposal::new(id, site, s.start_fy)
    }

    fn cell<'a>(d: &'a Disposal, names: &Names<'a>, col: usize) -> Cell<'a> {
        match col {
            0 => Cell::Text(&d.id),
            1 => Cell::Text(names.site(&d.site)),
            2 => Cell::Year(d.fy),
            3 => Cell::Percent(d.share),
            4 => Cell::Percent(d.probability),
            _ => Cell::OptionalMoney(d.agreed_price),
        }
    }

    fn details(form: &mut Form<'_>, ui: &mut Ui, s: &mut Scenario, index: usize) {
        let sites = choices(&s.sites);
        let mut copy = s.disposals[index].clone();
        let d = &mut copy;
        if let Some(site) = form.pick_key(ui, ("Site", "site"), &d.site, &sites) {
            d.site = site;
        }
        form.typed(
            ui,
            ("Year", "fy"),
            &mut d.fy,
            &YEAR,
            "financial year of sale, e.g. 2028/29",
        );
        form.typed(ui, ("Share", "share"), &mut d.share, &PERCENT, "% of the site sold");
        form.typed(
            ui,
            ("Cost rate", "cost_rate"),
            &mut d.cost_rate,
            &PERCENT,
            "% of the gross receipt",
        );
        form.typed(ui, ("Fixed cost", "fixed_cost"), &mut d.fixed_cost, &MONEY, "");
        form.typed(
            ui,
            ("Probability", "probability"),
            &mut d.probability,
            &PERCENT,
            "% chance it goes ahead",
        );
        form.typed(
            ui,
            ("Agreed price", "agreed_price"),
            &mut d.agreed_price,
            &OPTIONAL_MONEY,
            "leave empty to use value × share",
        );
        phasing(form, ui, d);
        uncertainty::disposal_ui(form, ui, d);
        put_back(&mut s.disposals, index, copy);
    }
}

/// The tranches in which the net receipt lands: years after the sale and %.
fn phasing(form: &mut Form<'_>, ui: &mut Ui, d: &mut Disposal) {
    form.row(ui, "Phasing", "", |_, ui, _| {
        ui.label(RichText::new("The net receipt lands in tranches; their shares add up to 100%.").weak());
    });
    form.sub_rows(ui, &mut d.phasing, ("Tranche", false), |form, ui, _, name, tranche| {
        form.inline(ui, &format!("{name} years after sale"), &mut tranche.0, &WHOLE, 40.0);
        ui.label("years after sale:");
        form.inline(
            ui,
            &format!("{name} share"),
            &mut tranche.1,
            &PERCENT,
            SMALL_FIELD_WIDTH * 0.6,
        );
        ui.label("%");
    });
    form.row(ui, "", "phasing", |_, ui, _| {
        if ui.button("Add tranche").clicked() {
            let next = d.phasing.iter().map(|t| t.0 + 1).max().unwrap_or(0);
            d.phasing.push((next, 0.0));
        }
    });
}
