//! The assumptions view: the scenario's name, time frame, land value growth,
//! risk weighting, discounting, and the draws and seed of the risk analysis.

use egui::{RichText, ScrollArea, Ui};
use estates_core::format::count;
use estates_core::model::{BoardPaper, Discount, Purpose, RiskSettings};
use estates_core::problem::{ItemKind, Problem};
use estates_core::Scenario;

use super::widgets::{Drafts, Form, Format, Owner, FIELD_WIDTH, PERCENT, TEXT, WHOLE, YEAR};

/// The flat rate offered when switching from the Green Book schedule.
const DEFAULT_FLAT_RATE: f64 = 0.035;

/// The number of draws, grouped as people read it: `10,000`.
const DRAWS: Format<u32> = Format {
    show: |x| count(f64::from(*x)),
    parse: WHOLE.parse,
    width: FIELD_WIDTH,
};

/// The seed of the risk analysis: any whole number from 0.
const SEED: Format<u64> = Format {
    show: |x| x.to_string(),
    parse: |t| {
        t.trim()
            .replace(',', "")
            .parse()
            .map_err(|_| format!("'{}' is not a seed; type a whole number from 0, e.g. 2026", t.trim()))
    },
    width: FIELD_WIDTH,
};

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
            risk(form, ui, &mut s.risk);
        });
        ui.add_space(12.0);
        ui.label(RichText::new("Board paper").strong());
        ui.label(RichText::new("What the board pack's cover sheet says; leave a field empty to leave it out.").weak());
        ui.add_space(4.0);
        // A second form of the same item: its own id scope, so its grid's id is not the
        // first's; the scenario's problems are listed once, by the first.
        ui.push_id("board paper", |ui| {
            Form::show(ui, drafts, Owner::new(ItemKind::Scenario, 0), &[], |form, ui| {
                board_paper(form, ui, &mut s.board);
            });
        });
    });
}

/// The cover sheet's meeting, purpose, recommendations and executive summary.
fn board_paper(form: &mut Form<'_>, ui: &mut Ui, board: &mut BoardPaper) {
    form.typed(
        ui,
        ("Meeting", ""),
        &mut board.meeting,
        &TEXT,
        "e.g. London Estates Board, 14 January 2027",
    );
    let mut choices = vec![("Not stated", "Not stated")];
    choices.extend(Purpose::ALL.iter().map(|p| (p.label(), p.label())));
    let current = board.purpose.map_or("Not stated", Purpose::label);
    if let Some(k) = form.pick(ui, ("Purpose", ""), current, &choices) {
        board.purpose = k.checked_sub(1).map(|k| Purpose::ALL[k]);
    }
    form.multiline(ui, ("Recommendations", ""), &mut board.recommendations);
    form.row(ui, "", "", |_, ui, _| {
        ui.label(
            RichText::new("One recommendation a line, e.g. “Approve the devolved option”.")
                .weak()
                .small(),
        );
    });
    form.multiline(ui, ("Executive summary", ""), &mut board.summary);
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

/// How the risk view draws: the number of Monte Carlo draws and their seed.
fn risk(form: &mut Form<'_>, ui: &mut Ui, risk: &mut RiskSettings) {
    form.typed(
        ui,
        ("Risk draws", "risk"),
        &mut risk.draws,
        &DRAWS,
        "Monte Carlo draws of the risk view (1 to 1,000,000)",
    );
    form.typed(
        ui,
        ("Risk seed", ""),
        &mut risk.seed,
        &SEED,
        "the same seed gives the same results",
    );
}
