//! Helpers for driving the whole app in kittest as a person would: by the
//! labels on screen, typing into fields and clicking, and reading figures
//! back from what is shown rather than from the document.

use egui::accesskit::Role;
use egui::Key;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::Harness;
use estates_core::io::{self, FileFormat};
use estates_core::Scenario;
use estates_receipts::app::command::Command;
use estates_receipts::app::document::SAMPLE_RON;
use estates_receipts::app::App;

/// The built-in Lewisham sample the app opens on.
pub fn sample() -> Scenario {
    io::parse(SAMPLE_RON, FileFormat::Ron).expect("the built-in sample is valid")
}

/// The app in a window of `size` points, settled after its first frames.
pub fn app_harness(
    size: [f32; 2],
    app: impl FnOnce(&mut eframe::CreationContext<'static>) -> App,
) -> Harness<'static, App> {
    let mut harness = Harness::builder().with_size(size).build_eframe(app);
    harness.run();
    harness
}

/// Runs a command as the menus and shortcuts do.
pub fn run_command(harness: &mut Harness<'_, App>, command: Command) {
    harness.state_mut().queue(command);
    harness.run();
}

/// Clicks the one widget of `role` named `label`.
pub fn click(harness: &mut Harness<'_, App>, role: Role, label: &str) {
    harness.get_by_role_and_label(role, label).click();
    harness.run();
}

/// Types into a labelled field and presses Enter, as a user commits a value
/// (in the whole app, or in a harness of one view).
pub fn type_into<S>(harness: &mut Harness<'_, S>, label: &str, text: &str) {
    harness.get_by_role_and_label(Role::TextInput, label).focus();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, label).type_text(text);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
}

/// Opens a picker and chooses an option by its name.
pub fn choose(harness: &mut Harness<'_, App>, picker: &str, option: &str) {
    click(harness, Role::ComboBox, picker);
    click(harness, Role::Button, option);
}

/// The value a headline figure shows, e.g. `£1.2m` for "Gross receipts",
/// read from the strip's accessible name "Gross receipts: £1.2m".
pub fn headline(harness: &Harness<'_, App>, label: &str) -> String {
    let prefix = format!("{label}: ");
    let name = text_of(&harness.get_by_label_contains(&prefix));
    name.strip_prefix(&prefix).unwrap_or(&name).to_owned()
}

/// What a node says: AccessKit keeps a label's text as its value, other widgets' as their label.
fn text_of(node: &egui_kittest::Node<'_>) -> String {
    let node = node.accesskit_node();
    let text = if node.role() == Role::Label {
        node.value()
    } else {
        node.label()
    };
    text.unwrap_or_default()
}

/// The texts of the labels in the table row that starts with `first`, left
/// to right: the row is every label level with `first` and right of it.
pub fn row_texts(harness: &Harness<'_, App>, first: &str) -> Vec<String> {
    let start = harness.get_by_label(first).rect();
    let mut cells: Vec<(f32, String)> = harness
        .query_all_by_role(Role::Label)
        .map(|n| (n.rect(), text_of(&n)))
        .filter(|(r, _)| (r.center().y - start.center().y).abs() < 2.0 && r.left() >= start.left())
        .map(|(r, text)| (r.left(), text))
        .collect();
    cells.sort_by(|a, b| a.0.total_cmp(&b.0));
    cells.into_iter().map(|(_, text)| text).collect()
}

/// `£1,234,567.89`, worked out from whole pence (independently of the app's formatting).
pub fn pounds_and_pence(x: f64) -> String {
    let pence = (x.abs() * 100.0).round() as u64;
    let pounds = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in pounds.chars().enumerate() {
        if i > 0 && (pounds.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 && pence > 0 { "-" } else { "" };
    format!("{sign}£{grouped}.{:02}", pence % 100)
}
