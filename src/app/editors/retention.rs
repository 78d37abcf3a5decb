//! The retention view: who keeps what share of a receipt (retention rules)
//! and the local pots the retained receipts flow into, on two tabs.

use egui::Ui;
use estates_core::model::{AppliesTo, OrgKind, Organisation, Pot, RetentionRule};
use estates_core::problem::ItemKind;
use estates_core::Scenario;

use super::list::{choices, ItemList};
use super::table::{column, Cell, ColumnSpec, Names};
use super::widgets::{labelled_choices, Form, MONEY, OPTIONAL_MONEY, PERCENT, TEXT};

pub(crate) struct RetentionRules;

impl ItemList for RetentionRules {
    type Item = RetentionRule;
    const KIND: ItemKind = ItemKind::RetentionRule;
    const NOUN: &'static str = "retention rule";
    const COLUMNS: &'static [ColumnSpec] = &[
        column("Id", 90.0),
        column("Name", 180.0),
        column("Applies to", 180.0),
        column("Retained", 70.0),
        column("Pot", 150.0),
        column("Limit per disposal", 120.0),
    ];

    fn items(s: &Scenario) -> &[RetentionRule] {
        &s.retention_rules
    }

    fn items_mut(s: &mut Scenario) -> &mut Vec<RetentionRule> {
        &mut s.retention_rules
    }

    fn new_item(s: &Scenario, id: String) -> RetentionRule {
        let applies_to = s
            .organisations
            .first()
            .map_or(AppliesTo::Kind(OrgKind::default()), |o| {
                AppliesTo::Organisation(o.id.clone())
            });
        RetentionRule {
            id,
            name: String::new(),
            applies_to,
            retained_share: 1.0,
            pot: s.pots.first().map(|p| p.id.clone()).unwrap_or_default(),
            limit_per_disposal: None,
        }
    }

    fn cell<'a>(r: &'a RetentionRule, names: &Names<'a>, col: usize) -> Cell<'a> {
        match col {
            0 => Cell::Text(&r.id),
            1 => Cell::Text(&r.name),
            2 => Cell::Text(match &r.applies_to {
                AppliesTo::Organisation(o) => names.organisation(o),
                AppliesTo::Kind(k) => k.label(),
            }),
            3 => Cell::Percent(r.retained_share),
            4 => Cell::Text(names.pot(&r.pot)),
            _ => Cell::OptionalMoney(r.limit_per_disposal),
        }
    }

    fn details(form: &mut Form<'_>, ui: &mut Ui, s: &mut Scenario, index: usize) {
        let pots = choices(&s.pots);
        let organisations = &s.organisations;
        let r = &mut s.retention_rules[index];
        form.typed(ui, ("Name", "name"), &mut r.name, &TEXT, "");
        applies_to(form, ui, &mut r.applies_to, organisations);
        form.typed(
            ui,
            ("Retained share", "retained_share"),
            &mut r.retained_share,
            &PERCENT,
            "% of the net receipt kept locally",
        );
        if let Some(pot) = form.pick_key(ui, ("Pot", "pot"), &r.pot, &pots) {
            r.pot = pot;
        }
        form.typed(
            ui,
            ("Limit per disposal", "limit_per_disposal"),
            &mut r.limit_per_disposal,
            &OPTIONAL_MONEY,
            "leave empty for no limit",
        );
    }
}

/// One organisation (which beats a kind) or every organisation of a kind.
fn applies_to(form: &mut Form<'_>, ui: &mut Ui, target: &mut AppliesTo, organisations: &[Organisation]) {
    form.row(ui, "Applies to", "", |_, ui, _| {
        ui.horizontal(|ui| {
            let one = matches!(target, AppliesTo::Organisation(_));
            if ui.radio(one, "One organisation").clicked() && !one {
                let first = organisations.first().map(|o| o.id.clone()).unwrap_or_default();
                *target = AppliesTo::Organisation(first);
            }
            if ui.radio(!one, "Every organisation of a kind").clicked() && one {
                *target = AppliesTo::Kind(OrgKind::default());
            }
        });
    });
    match target {
        AppliesTo::Organisation(org) => {
            let options = choices(organisations);
            if let Some(chosen) = form.pick_key(ui, ("Organisation", "applies_to"), org, &options) {
                *org = chosen;
            }
        }
        AppliesTo::Kind(kind) => {
            let kinds = labelled_choices(&OrgKind::ALL, OrgKind::label);
            if let Some(k) = form.pick(ui, ("Kind of organisation", "applies_to"), kind.label(), &kinds) {
                *kind = OrgKind::ALL[k];
            }
        }
    }
}

pub(crate) struct Pots;

impl ItemList for Pots {
    type Item = Pot;
    const KIND: ItemKind = ItemKind::Pot;
    const NOUN: &'static str = "pot";
    const COLUMNS: &'static [ColumnSpec] = &[
        column("Id", 100.0),
        column("Name", 240.0),
        column("Opening balance", 120.0),
        column("Annual cap", 120.0),
    ];

    fn items(s: &Scenario) -> &[Pot] {
        &s.pots
    }

    fn items_mut(s: &mut Scenario) -> &mut Vec<Pot> {
        &mut s.pots
    }

    fn new_item(_: &Scenario, id: String) -> Pot {
        Pot {
            id,
            name: "New pot".to_owned(),
            ..Pot::default()
        }
    }

    fn cell<'a>(p: &'a Pot, _: &Names<'a>, col: usize) -> Cell<'a> {
        match col {
            0 => Cell::Text(&p.id),
            1 => Cell::Text(&p.name),
            2 => Cell::Money(p.opening_balance),
            _ => Cell::OptionalMoney(p.annual_cap),
        }
    }

    fn details(form: &mut Form<'_>, ui: &mut Ui, s: &mut Scenario, index: usize) {
        let p = &mut s.pots[index];
        form.typed(ui, ("Name", "name"), &mut p.name, &TEXT, "");
        form.typed(
            ui,
            ("Opening balance", "opening_balance"),
            &mut p.opening_balance,
            &MONEY,
            "",
        );
        form.typed(
            ui,
            ("Annual cap", "annual_cap"),
            &mut p.annual_cap,
            &OPTIONAL_MONEY,
            "on inflow a year; empty for none",
        );
    }
}
