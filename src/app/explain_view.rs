//! The explanation window: a yearly figure opened into its parts, each with
//! its amount, the rule in words and a link that shows the item in its editor.

use egui::{Align, Layout, RichText};
use estates_core::explain::{amount_text, heading, Explanation};

use super::command::Command;

/// Width of the window: room for the words of a part on two or three lines.
const WINDOW_WIDTH: f32 = 560.0;
const AMOUNT_WIDTH: f32 = 72.0;

/// Draws the open explanation, if any; returns what the user asked for
/// (show an item, or close).
pub fn explain_window_ui(ctx: &egui::Context, explanation: Option<&Explanation>) -> Option<Command> {
    let e = explanation?;
    let mut open = true;
    let mut asked = None;
    egui::Window::new("Where this figure comes from")
        .open(&mut open)
        .default_width(WINDOW_WIDTH)
        // At the right, below the headlines, so it covers neither them nor the table's years.
        .default_pos(egui::pos2(ctx.content_rect().right() - WINDOW_WIDTH - 24.0, 110.0))
        .max_height(ctx.content_rect().height() * 0.8)
        .resizable(true)
        .collapsible(false)
        .show(ctx, |ui| {
            asked = explanation_ui(ui, e);
        });
    if open {
        asked
    } else {
        Some(Command::CloseExplanation)
    }
}

/// "3 parts, adding up to £2.0m" ("1 part, ...").
fn parts_sum_text(n: usize, sum: &str) -> String {
    let noun = if n == 1 { "part" } else { "parts" };
    format!("{n} {noun}, adding up to {sum}")
}

fn explanation_ui(ui: &mut egui::Ui, e: &Explanation) -> Option<Command> {
    let mut asked = None;
    ui.label(RichText::new(heading(e)).strong().size(15.0));
    ui.weak("Each part below is one item and the rule applied to it; the parts add up to the figure.");
    ui.separator();
    if e.parts.is_empty() {
        ui.label("Nothing makes up this figure in this year.");
        return None;
    }
    egui::ScrollArea::vertical()
        .id_salt("explanation-parts")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for part in &e.parts {
                ui.horizontal_top(|ui| {
                    ui.allocate_ui_with_layout(
                        egui::vec2(AMOUNT_WIDTH, 18.0),
                        Layout::right_to_left(Align::TOP),
                        |ui| {
                            ui.strong(amount_text(&e.field, part.amount));
                        },
                    );
                    ui.vertical(|ui| {
                        ui.add(egui::Label::new(&part.how).wrap());
                        // A part of an NPV is a year: its link shows the discount rate it used.
                        let link_text = match part.kind.as_str() {
                            "year" => "Show the discount rate".to_owned(),
                            kind => format!("Show {kind} '{}'", part.item),
                        };
                        let link = ui.link(link_text).on_hover_text("Open the item in its editor");
                        if link.clicked() {
                            asked = Some(Command::Reveal(part.target.clone()));
                        }
                    });
                });
                ui.add_space(4.0);
            }
        });
    ui.separator();
    let sum: f64 = e.parts.iter().map(|p| p.amount).sum();
    ui.label(parts_sum_text(e.parts.len(), &amount_text(&e.field, sum)));
    asked
}
