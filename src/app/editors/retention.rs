//! The retention view: who keeps what share of a receipt (retention rules)
//! and the local pots the retained receipts flow into, on two tabs.

use egui::Ui;
use estates_core::model::{AppliesTo, OrgKind, Organisation, Pot, RetentionRule};
use estates_core::problem::ItemKind;
use estates_core::Scenario;

use super::list::{choices, ItemList};
use super::table::{column, Cell, ColumnSpec, Names};
use super::widgets::{labelled_choices, Form, MONEY, OPTIONAL_MONEY, PERCENT, SMALL_FIELD_WIDTH, TEXT, YEAR};

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
        spend_limits_ui(form, ui, s, index);
    }
}

/// The pot's spending profile (MODEL.md section 6): a row per financial year
/// with a limit, "no limit" when there is none, and a button that gives every
/// year of the horizon the first row's amount, the usual flat profile.
fn spend_limits_ui(form: &mut Form<'_>, ui: &mut Ui, s: &mut Scenario, index: usize) {
    let (start_fy, horizon) = (s.start_fy, s.horizon);
    let p = &mut s.pots[index];
    form.sub_rows(
        ui,
        &mut p.spend_limits,
        ("Spending limit", false),
        |form, ui, _, name, (fy, amount)| {
            form.inline(ui, &format!("{name} year"), fy, &YEAR, 70.0);
            form.inline(ui, &format!("{name} amount"), amount, &MONEY, SMALL_FIELD_WIDTH);
        },
    );
    form.row(ui, "", "spend_limits", |_, ui, _| {
        ui.horizontal(|ui| {
            if p.spend_limits.is_empty() {
                ui.label("No spending limit in any year");
            }
            if ui
                .button("Add limit year")
                .on_hover_text("The most projects together may draw from this pot in one financial year")
                .clicked()
            {
                let next = p.spend_limits.iter().map(|(fy, _)| fy + 1).max().unwrap_or(start_fy);
                p.spend_limits.push((next, 0.0));
            }
            let flat = p.spend_limits.first().map(|(_, amount)| *amount);
            let fill = ui
                .add_enabled(flat.is_some(), egui::Button::new("Same limit every year"))
                .on_hover_text("Every year of the horizon gets the first row's amount")
                .on_disabled_hover_text("Add a limit year first: its amount is used for every year");
            if let (true, Some(amount)) = (fill.clicked(), flat) {
                p.spend_limits = flat_profile(start_fy, horizon, amount);
            }
        });
    });
}

/// The same limit in every financial year of the horizon.
fn flat_profile(start_fy: i32, horizon: u32, amount: f64) -> Vec<(i32, f64)> {
    (0..horizon)
        .map(|t| (start_fy.saturating_add(t as i32), amount))
        .collect()
}
