//! The side bar: pick a view; each editor shows how many problems it holds.

use egui::RichText;
use estates_core::Problem;

use super::view::{self, View};

/// Returns the view the user picked, if any.
pub fn views_ui(ui: &mut egui::Ui, current: View, problems: &[Problem]) -> Option<View> {
    let mut picked = None;
    ui.add_space(4.0);
    ui.weak("Inputs");
    for v in view::ALL {
        if v == View::Results {
            ui.add_space(6.0);
            ui.separator();
            ui.weak("Outputs");
        }
        let here = problems.iter().filter(|p| View::of_item(p.item.kind) == v);
        let (errors, warnings) = here.fold((0, 0), |(e, w), p| if p.is_error() { (e + 1, w) } else { (e, w + 1) });
        ui.horizontal(|ui| {
            if ui.selectable_label(current == v, v.label()).clicked() {
                picked = Some(v);
            }
            badge_ui(ui, errors, ui.visuals().error_fg_color, "error");
            badge_ui(ui, warnings, ui.visuals().warn_fg_color, "warning");
        });
    }
    picked
}

fn badge_ui(ui: &mut egui::Ui, n: usize, colour: egui::Color32, what: &str) {
    if n > 0 {
        let plural = if n == 1 { "" } else { "s" };
        ui.label(RichText::new(n.to_string()).small().strong().color(colour))
            .on_hover_text(format!("{n} {what}{plural}"));
    }
}
