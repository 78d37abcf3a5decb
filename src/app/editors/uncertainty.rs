//! The optional risk inputs of docs/risk.md, shown in the disposal and project
//! details: a triangular range of multipliers (of a disposal's value, or of a
//! project's capex) and a disposal's chance of running late. Without them an
//! item has no uncertainty, so each is switched on by a check box.

use egui::{RichText, Ui};
use estates_core::model::{Disposal, Triangular};

use super::widgets::{Form, PERCENT, SMALL_FIELD_WIDTH};

/// A range of multipliers: low, most likely and high, typed as percentages
/// of the figure as written (80, 100, 130).
pub(crate) fn range_ui(
    form: &mut Form<'_>,
    ui: &mut Ui,
    (label, field): (&str, &'static str),
    range: &mut Option<Triangular>,
    what: &str,
) {
    let mut uncertain = range.is_some();
    form.check(ui, (label, field), &format!("Uncertain: {what}"), &mut uncertain);
    if uncertain != range.is_some() {
        *range = uncertain.then_some(Triangular {
            low: 1.0,
            mode: 1.0,
            high: 1.0,
        });
    }
    let Some(t) = range else { return };
    form.row(ui, "", field, |form, ui, _| {
        ui.horizontal(|ui| {
            for (point, value) in [("low", &mut t.low), ("most likely", &mut t.mode), ("high", &mut t.high)] {
                ui.label(point);
                form.inline(
                    ui,
                    &format!("{label} {point}"),
                    value,
                    &PERCENT,
                    SMALL_FIELD_WIDTH * 0.6,
                );
                ui.label("%");
            }
        });
        ui.label(RichText::new("% of the figure as written; drawn from a triangular distribution").weak());
    });
}

/// A disposal's value range and its probabilities of being 0, 1, 2... years late.
pub(crate) fn disposal_ui(form: &mut Form<'_>, ui: &mut Ui, d: &mut Disposal) {
    range_ui(form, ui, ("Value range", "value_range"), &mut d.value_range, "value");
    form.row(ui, "Delay", "delay", |_, ui, _| {
        let note = if d.delay.is_empty() {
            "On time for certain. Add years to give chances of running late."
        } else {
            "Chance of completing each number of years late; they add up to 100%."
        };
        ui.label(RichText::new(note).weak());
    });
    form.sub_rows(ui, &mut d.delay, ("Delay", false), |form, ui, k, name, p| {
        ui.label(match k {
            0 => "On time:".to_owned(),
            1 => "1 year late:".to_owned(),
            k => format!("{k} years late:"),
        });
        form.inline(ui, &format!("{name} probability"), p, &PERCENT, SMALL_FIELD_WIDTH * 0.6);
        ui.label("%");
    });
    form.row(ui, "", "delay", |_, ui, _| {
        if ui.button("Add a year of delay").clicked() {
            // The first entry is "on time"; it starts certain so the list stays valid.
            let first = if d.delay.is_empty() { 1.0 } else { 0.0 };
            d.delay.push(first);
        }
    });
}
