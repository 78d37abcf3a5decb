//! Help › About: what the app is, its version, and the attribution the
//! licence of the map's borough outlines asks for.

use egui::{Id, Modal, RichText};

use super::map::geo::ATTRIBUTION;

/// The About box, while `open`; closing it (button, Escape or a click
/// outside) clears `open`.
pub fn about_ui(ctx: &egui::Context, open: &mut bool) {
    if !*open {
        return;
    }
    let modal = Modal::new(Id::unique("about")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading("Estates Receipts Modeller");
        ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
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
        ui.add_space(8.0);
        ui.button("Close").clicked()
    });
    if modal.inner || modal.should_close() {
        *open = false;
    }
}
