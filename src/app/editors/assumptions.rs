//! The assumptions view: the scenario's name, time frame, land value growth,
//! risk weighting and discounting.

use egui::{RichText, ScrollArea, Ui};
use estates_core::model::Discount;
use estates_core::problem::{ItemKind, Problem};
use estates_core::Scenario;

use super::widgets::{Drafts, Form, Owner, PERCENT, TEXT, WHOLE, YEAR};

/// The flat rate offered when switching from the Green Book schedule.
const DEFAULT_FLAT_RATE: f64 = 0.035;

pub(crate) fn assumptions_ui(ui: &mut Ui, s: &mut Scenario, problems: &[Problem], drafts: &mut Drafts) {
    ui.heading("Scenario assumptions");
    ui.label(RichText::new("All money is in real terms at the prices of the start year.").weak());
    ui.add_space(6.0);
    ScrollArea::vertical().id_salt("assumptions scroll").show(ui, |ui| {
        Form::show(ui, drafts, Owner::new(ItemKind::Scenario, 0), problems, |form, ui| {
            form.typed(ui, ("Name", "name"), &mut s.name, &TEXT, "");
            form.multiline(ui, ("Description", "description"), &mut s.description);
            form.typed(
                ui,
                ("Start year", "start_fy"),
                &mut s.start_fy,
                &YEAR,
                "price base, e.g. 2026/27",
            );
            form.typed(ui, ("Horizon", "horizon"), &mut s.horizon, &WHOLE, "years (1 to 60)");
            form.typed(
                ui,
                ("Land value growth", "land_growth"),
                &mut s.land_growth,
                &PERCENT,
                "% a year, real",
            );
            form.check(
                ui,
                ("Risk weighting", "weight_by_probability"),
                "Weight receipts by each disposal's probability",
                &mut s.weight_by_probability,
            );
            discounting(form, ui, &mut s.discount);
        });
    });
}

/// HM Treasury Green Book schedule, or a flat real rate.
fn discounting(form: &mut Form<'_>, ui: &mut Ui, discount: &mut Discount) {
    form.row(ui, "Discounting", "discount", |_, ui, _| {
        let flat = matches!(discount, Discount::Flat(_));
        if ui
            .radio(!flat, "Green Book (3.5% a year, 3.0% after year 30)")
            .clicked()
        {
            *discount = Discount::GreenBook;
        }
        if ui.radio(flat, "Flat rate").clicked() && !flat {
            *discount = Discount::Flat(DEFAULT_FLAT_RATE);
        }
    });
    if let Discount::Flat(rate) = discount {
        form.typed(ui, ("Flat rate", ""), rate, &PERCENT, "% a year, real");
    }
}
