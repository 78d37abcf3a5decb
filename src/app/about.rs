//! Help › About: what the app is, its version and licence, and the
//! attributions the licences of its bundled data and fonts ask for.

use egui::{Id, Modal, RichText};

use super::dialogs::{cancelled_on_close, Answer};
use super::map::geo::ATTRIBUTION;

/// The About box; it answers Cancel when closed (button, Escape or a click outside).
pub fn about_ui(ctx: &egui::Context) -> Option<Answer> {
    let mut answer = None;
    let modal = Modal::new(Id::unique("about")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Estates Receipts Modeller");
        ui.label(format!(
            "Version {}. Licensed under {}.",
            env!("CARGO_PKG_VERSION"),
            licence_in_words(env!("CARGO_PKG_LICENSE"))
        ));
        ui.add_space(6.0);
        ui.label(
            "Models what selling surplus NHS and council land in London raises, the marriage value of \
             assembling neighbouring sites, who keeps the receipts, and whether they fund the \
             reinvestment programme. Sample figures are illustrative, not valuations.",
        );
        ui.add_space(8.0);
        ui.label(RichText::new("Map data").strong());
        ui.label(ATTRIBUTION);
        ui.label(
            RichText::new(
                "The borough outlines are licensed under CC BY 4.0; the Ordnance Survey data under the \
                 OS OpenData Licence.",
            )
            .weak(),
        );
        ui.add_space(6.0);
        ui.label(RichText::new("Fonts in exported papers").strong());
        ui.label("DejaVu Sans: Bitstream Vera fonts © Bitstream, Inc.; DejaVu changes in the public domain.");
        ui.add_space(6.0);
        ui.label(RichText::new("Sources of the rules").strong());
        ui.label(
            "HM Treasury, The Green Book and its supplementary guidance on optimism bias (Open Government \
             Licence v3.0); see Help › Methodology for every source.",
        );
        ui.add_space(8.0);
        if ui.button("Close").clicked() {
            answer = Some(Answer::Cancel);
        }
    });
    cancelled_on_close(answer, &modal)
}

/// `MIT OR Apache-2.0` as a reader says it.
fn licence_in_words(spdx: &str) -> String {
    spdx.replace(" OR ", " or ")
        .replace("MIT", "the MIT licence")
        .replace("Apache-2.0", "the Apache License 2.0")
}
