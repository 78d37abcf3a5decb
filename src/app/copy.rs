//! Copying a table to Excel: every table copies its selected rows, or all of
//! them, to the clipboard as tab-separated text with a header row (built by
//! `estates_core::csv_out::tsv`, money to the penny), by right-click or Ctrl+C.

use egui::{Event, Key, Rect, Ui};

/// What a table's right-click menu or Ctrl+C asked to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyAsked {
    /// The selected rows (or the row right-clicked).
    Rows,
    Table,
}

/// The copy items of a table's right-click menu: "Copy rows" when the table
/// has rows to pick, and "Copy table".
pub fn copy_menu_ui(ui: &mut Ui, rows: bool) -> Option<CopyAsked> {
    let mut asked = None;
    if rows
        && ui
            .button("Copy rows")
            .on_hover_text("Copy the selected rows, with the headings, to paste into Excel")
            .clicked()
    {
        asked = Some(CopyAsked::Rows);
    }
    if ui
        .button("Copy table")
        .on_hover_text("Copy every row shown, with the headings, to paste into Excel")
        .clicked()
    {
        asked = Some(CopyAsked::Table);
    }
    if asked.is_some() {
        ui.close();
    }
    asked
}

/// A "Copy table" button beside a table's title, for tables without row menus.
pub fn copy_button_ui(ui: &mut Ui, table: &str) -> bool {
    let button = ui.add(egui::Button::new("Copy table").small());
    let name = format!("Copy the table “{table}”");
    button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    button
        .on_hover_text("Copy the table, with its headings, to paste into Excel (or press Ctrl+C over it)")
        .clicked()
}

/// Whether Ctrl+C was pressed for a table: not while a text field has the
/// keyboard (it copies its own text). The desktop sends a copy event; tests
/// and some platforms send the key.
pub fn copy_pressed(ctx: &egui::Context) -> bool {
    !ctx.egui_wants_keyboard_input()
        && ctx.input(|i| {
            i.events.iter().any(|e| match e {
                Event::Copy => true,
                Event::Key {
                    key: Key::C,
                    pressed: true,
                    modifiers,
                    ..
                } => modifiers.command,
                _ => false,
            })
        })
}

/// Ctrl+C with the pointer over `rect` (a view with several tables copies the one under the mouse).
pub fn copy_pressed_over(ui: &Ui, rect: Rect) -> bool {
    ui.rect_contains_pointer(rect) && copy_pressed(ui.ctx())
}
