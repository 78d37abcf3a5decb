//! Help: the keyboard shortcuts (read from the commands), and the project's
//! methodology and file format, bundled into the program so they read offline.

use egui_commonmark::{CommonMarkCache, CommonMarkViewer};

use super::command::{with_shortcuts, Command};

/// docs/methodology.md as built: the rules behind every figure.
pub const METHODOLOGY: &str = include_str!("../../docs/methodology.md");
/// docs/scenario-format.md as built: every field of a scenario file.
pub const SCENARIO_FORMAT: &str = include_str!("../../docs/scenario-format.md");

/// The Help windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HelpPage {
    Shortcuts,
    Methodology,
    ScenarioFormat,
}

impl HelpPage {
    pub const ALL: [HelpPage; 3] = [HelpPage::Shortcuts, HelpPage::Methodology, HelpPage::ScenarioFormat];

    pub fn title(self) -> &'static str {
        match self {
            HelpPage::Shortcuts => "Keyboard shortcuts",
            HelpPage::Methodology => "Methodology",
            HelpPage::ScenarioFormat => "Scenario file format",
        }
    }

    pub fn about(self) -> &'static str {
        match self {
            HelpPage::Shortcuts => "Every keyboard shortcut, with what it does",
            HelpPage::Methodology => "How each figure is worked out, rule by rule, and where each rule comes from",
            HelpPage::ScenarioFormat => "Every field of a scenario file, its unit, default and valid range",
        }
    }

    /// The bundled document a page shows, and the file name other documents link to it by.
    fn document(self) -> Option<(&'static str, &'static str)> {
        match self {
            HelpPage::Shortcuts => None,
            HelpPage::Methodology => Some((METHODOLOGY, "methodology.md")),
            HelpPage::ScenarioFormat => Some((SCENARIO_FORMAT, "scenario-format.md")),
        }
    }
}

/// The open Help window's renderer state (layout caches, which links were clicked).
#[derive(Default)]
pub struct HelpState {
    cache: Option<CommonMarkCache>,
}

/// Shows the Help window on `page`; returns the command its close button or
/// a link to the other bundled document asks for.
pub fn help_window_ui(ctx: &egui::Context, page: HelpPage, state: &mut HelpState) -> Option<Command> {
    let mut open = true;
    let mut asked = None;
    let screen = ctx.content_rect();
    egui::Window::new(page.title())
        .id(egui::Id::unique("help-window"))
        .open(&mut open)
        .default_size([
            760.0_f32.min(screen.width() - 40.0),
            (screen.height() - 120.0).max(300.0),
        ])
        .default_pos(screen.center_top() + egui::vec2(-380.0_f32.min(screen.width() / 2.0 - 20.0), 50.0))
        .resizable(true)
        .collapsible(false)
        .show(ctx, |ui| match page.document() {
            None => shortcuts_table_ui(ui),
            Some((text, _)) => asked = document_ui(ui, page, text, state),
        });
    if !open {
        asked = Some(Command::CloseHelp);
    }
    asked
}

/// The shortcut table: each command's label, its shortcuts and what it does,
/// all read from [`Command`].
fn shortcuts_table_ui(ui: &mut egui::Ui) {
    egui::Grid::new("shortcut-table")
        .num_columns(3)
        .striped(true)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            ui.strong("Command");
            ui.strong("Keys");
            ui.strong("What it does");
            ui.end_row();
            for command in with_shortcuts() {
                ui.label(command.label());
                let keys: Vec<String> = command
                    .shortcuts()
                    .iter()
                    .map(|s| ui.ctx().format_shortcut(s))
                    .collect();
                ui.monospace(keys.join("  or  "));
                ui.label(command.tooltip());
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    ui.label(
        egui::RichText::new(
            "While a text field has the keyboard, Undo and Redo undo its typing; once the value is committed \
             (Enter or a click elsewhere) they undo whole changes to the scenario.",
        )
        .weak(),
    );
}

/// A bundled document, rendered (headings, paragraphs, lists, tables) and
/// scrollable; its links to the other bundled document open that one.
fn document_ui(ui: &mut egui::Ui, page: HelpPage, text: &str, state: &mut HelpState) -> Option<Command> {
    let cache = state.cache.get_or_insert_with(|| {
        let mut cache = CommonMarkCache::default();
        for other in HelpPage::ALL {
            if let Some((_, name)) = other.document() {
                cache.add_link_hook(name);
            }
        }
        cache
    });
    egui::ScrollArea::vertical()
        .id_salt(page.title())
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (k, block) in blocks(text).into_iter().enumerate() {
                match block {
                    // Each stretch under its own id, so the widgets of one never clash with another's.
                    Block::Markdown(md) => {
                        ui.push_id(k, |ui| {
                            CommonMarkViewer::new().show_with_id(egui::Id::unique((page, k)), ui, cache, md);
                        });
                    }
                    Block::Code(code) => code_ui(ui, code),
                }
            }
        });
    let linked = HelpPage::ALL.into_iter().find(|other| {
        other
            .document()
            .is_some_and(|(_, name)| cache.get_link_hook(name) == Some(true))
    });
    linked.map(Command::ShowHelp)
}

/// A stretch of a document: markdown, or the text of a fenced code block.
#[derive(Debug, PartialEq)]
enum Block<'a> {
    Markdown(&'a str),
    Code(&'a str),
}

/// Splits a document at its fenced code blocks. The code blocks are drawn
/// here rather than by the markdown renderer, whose copy button needs a
/// glyph (U+1F5D0) that none of the app's fonts has.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = fence(rest, 0) {
        let body = rest[open..].find('\n').map_or(rest.len(), |n| open + n + 1);
        let close = fence(rest, body).unwrap_or(rest.len());
        out.push(Block::Markdown(&rest[..open]));
        out.push(Block::Code(rest[body..close].trim_end()));
        rest = rest[close..].find('\n').map_or("", |n| &rest[close + n + 1..]);
    }
    out.push(Block::Markdown(rest));
    out
}

/// Where the next line starting with ``` begins, at or after `from` (a line start).
fn fence(text: &str, from: usize) -> Option<usize> {
    let mut at = from;
    for line in text[from..].split_inclusive('\n') {
        if line.starts_with("```") {
            return Some(at);
        }
        at += line.len();
    }
    None
}

fn code_ui(ui: &mut egui::Ui, code: &str) {
    egui::Frame::group(ui.style())
        .fill(ui.visuals().extreme_bg_color)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.add(egui::Label::new(egui::RichText::new(code).monospace()).wrap_mode(egui::TextWrapMode::Extend));
        });
    ui.add_space(6.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenced_code_is_split_from_the_markdown_around_it() {
        let text = "# A\n\nBefore.\n\n```ron\nPot(id: \"a\")\n```\nAfter.\n";
        assert_eq!(
            blocks(text),
            vec![
                Block::Markdown("# A\n\nBefore.\n\n"),
                Block::Code("Pot(id: \"a\")"),
                Block::Markdown("After.\n"),
            ]
        );
        assert_eq!(blocks("No code."), vec![Block::Markdown("No code.")]);
    }

    #[test]
    fn the_bundled_format_document_has_its_examples_as_code() {
        let code = blocks(SCENARIO_FORMAT)
            .into_iter()
            .filter(|b| matches!(b, Block::Code(_)))
            .count();
        assert_eq!(code, 3, "docs/scenario-format.md has three fenced examples");
    }
}
