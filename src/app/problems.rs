//! The problems list: validation errors (or, when there are none, the engine's
//! warnings). Clicking one takes the user to the item it names.

use egui::RichText;
use estates_core::Problem;

const ROW_HEIGHT: f32 = 20.0;

/// What the user did in the problems panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemsAction {
    Toggle,
    Reveal(usize),
}

/// A one-line summary, e.g. "2 errors, 1 warning".
pub fn summary(problems: &[Problem]) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    match (errors, warnings) {
        (0, 0) => "No problems".to_owned(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The panel's header and, when `expanded`, the list (virtualised: a
/// London-scale scenario can warn about thousands of items).
pub fn problems_ui(ui: &mut egui::Ui, problems: &[Problem], expanded: bool) -> Option<ProblemsAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        let toggle = if expanded { "Hide problems" } else { "Show problems" };
        if ui.small_button(toggle).clicked() {
            action = Some(ProblemsAction::Toggle);
        }
        let colour = if problems.iter().any(Problem::is_error) {
            ui.visuals().error_fg_color
        } else {
            ui.visuals().text_color()
        };
        let text = if problems.is_empty() {
            summary(problems)
        } else {
            format!("Problems: {}", summary(problems))
        };
        ui.label(RichText::new(text).strong().color(colour));
    });
    if !expanded {
        return action;
    }
    if problems.is_empty() {
        ui.weak("Nothing to fix: the scenario is valid and the engine has no warnings.");
        return action;
    }
    egui::ScrollArea::vertical()
        .id_salt("problems-scroll")
        .auto_shrink([false, true])
        .show_rows(ui, ROW_HEIGHT, problems.len(), |ui, rows| {
            for i in rows {
                if problem_row_ui(ui, &problems[i]) {
                    action = Some(ProblemsAction::Reveal(i));
                }
            }
        });
    action
}

/// One problem as a link-like button, coloured by severity; returns whether it was clicked.
fn problem_row_ui(ui: &mut egui::Ui, problem: &Problem) -> bool {
    let colour = if problem.is_error() {
        ui.visuals().error_fg_color
    } else {
        ui.visuals().warn_fg_color
    };
    let text = sentence(problem);
    ui.add(
        egui::Button::new(RichText::new(&text).color(colour))
            .frame(false)
            .truncate(),
    )
    .on_hover_text(format!("{text}\n\nClick to go to this item."))
    .clicked()
}

/// A problem as the list shows it, in sentence case: "Error: Site 's1' ...".
/// (Its `Display` form starts lower case, as command-line output does.)
fn sentence(problem: &Problem) -> String {
    let text = problem.to_string();
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use estates_core::problem::{ItemKind, ItemRef};

    fn problem(error: bool) -> Problem {
        let item = ItemRef {
            kind: ItemKind::Site,
            index: 0,
            id: "s1".into(),
            name: "Site one".into(),
        };
        if error {
            Problem::error(item, "value", "must be 0 or more")
        } else {
            Problem::warning(item, "value", "odd")
        }
    }

    #[test]
    fn problems_read_as_sentences() {
        assert!(sentence(&problem(true)).starts_with("Error: Site 's1' (Site one), Value"));
        assert!(sentence(&problem(false)).starts_with("Warning: "));
    }

    #[test]
    fn summary_counts_errors_and_warnings() {
        assert_eq!(summary(&[]), "No problems");
        assert_eq!(summary(&[problem(true)]), "1 error");
        assert_eq!(summary(&[problem(false), problem(false)]), "2 warnings");
        assert_eq!(
            summary(&[problem(true), problem(true), problem(false)]),
            "2 errors, 1 warning"
        );
    }
}
