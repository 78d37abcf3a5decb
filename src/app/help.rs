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
                    Block::Table(rows) => table_ui(ui, &rows),
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

/// A stretch of a document: markdown, the text of a fenced code block, or a
/// table's rows of cells (the header first).
#[derive(Debug, PartialEq)]
enum Block<'a> {
    Markdown(&'a str),
    Code(&'a str),
    Table(Vec<Vec<&'a str>>),
}

/// Splits a document into markdown, fenced code blocks and tables. Code and
/// tables are drawn here rather than by the markdown renderer: its code
/// blocks' copy button needs a glyph (U+1F5D0) that none of the app's fonts
/// has, and its table cells do not wrap, so a long "Meaning" is cut off.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut markdown_from = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    let mut at = 0;
    while let Some(line) = lines.next() {
        let start = at;
        at += line.len();
        let stretch = if line.starts_with("```") {
            let mut body_end = at;
            let body_start = at;
            for inner in lines.by_ref() {
                at += inner.len();
                if inner.starts_with("```") {
                    break;
                }
                body_end = at;
            }
            Block::Code(text[body_start..body_end].trim_end())
        } else if line.starts_with('|') && lines.peek().is_some_and(|next| is_separator(next)) {
            let mut rows = vec![cells(line)];
            lines.next().into_iter().for_each(|sep| at += sep.len());
            while let Some(row) = lines.next_if(|l| l.starts_with('|')) {
                at += row.len();
                rows.push(cells(row));
            }
            Block::Table(rows)
        } else {
            continue;
        };
        out.push(Block::Markdown(&text[markdown_from..start]));
        out.push(stretch);
        markdown_from = at;
    }
    out.push(Block::Markdown(&text[markdown_from..]));
    out
}

/// `|---|:---:|`: the line under a table's header.
fn is_separator(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('|') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// A table row's cells, trimmed.
fn cells(line: &str) -> Vec<&str> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(str::trim).collect()
}

/// A table whose long cells wrap so it fits the window's width (no sideways
/// scrolling to hide a column's end). The column widths are worked out from
/// the text in this frame, so the table is laid out at once, not over
/// several frames as a grid of wrapping cells is.
fn table_ui(ui: &mut egui::Ui, rows: &[Vec<&str>]) {
    const GAP: f32 = 14.0;
    let jobs: Vec<Vec<egui::text::LayoutJob>> = rows
        .iter()
        .enumerate()
        .map(|(r, row)| row.iter().map(|cell| inline_job(ui, cell, r == 0)).collect())
        .collect();
    let columns = jobs.iter().map(Vec::len).max().unwrap_or(0);
    let natural: Vec<f32> = (0..columns)
        .map(|j| {
            jobs.iter()
                .filter_map(|row| row.get(j))
                .map(|job| {
                    egui::WidgetText::from(job.clone())
                        .into_galley(
                            ui,
                            Some(egui::TextWrapMode::Extend),
                            f32::INFINITY,
                            egui::TextStyle::Body,
                        )
                        .size()
                        .x
                })
                .fold(0.0, f32::max)
                .ceil()
        })
        .collect();
    let frame = egui::Frame::group(ui.style());
    let margins = frame.total_margin().sum().x;
    let room = ui.available_width() - margins - GAP * columns.saturating_sub(1) as f32;
    let widths = fit_columns(&natural, room);
    frame.show(ui, |ui| {
        ui.spacing_mut().item_spacing = egui::vec2(GAP, 2.0);
        for (r, row) in jobs.into_iter().enumerate() {
            let fill = if r % 2 == 1 {
                ui.visuals().faint_bg_color
            } else {
                egui::Color32::TRANSPARENT
            };
            egui::Frame::NONE.fill(fill).show(ui, |ui| {
                ui.horizontal_top(|ui| {
                    for (job, width) in row.into_iter().zip(&widths) {
                        ui.allocate_ui_with_layout(
                            egui::vec2(*width, 0.0),
                            egui::Layout::top_down(egui::Align::Min),
                            |ui| {
                                ui.set_width(*width);
                                ui.add(egui::Label::new(job).wrap());
                            },
                        );
                    }
                });
            });
        }
    });
    ui.add_space(6.0);
}

/// Column widths within `room`: every column as wide as its text when all
/// fit; otherwise the widest are narrowed to one common width (their text
/// wraps) and the narrow ones keep theirs.
fn fit_columns(natural: &[f32], room: f32) -> Vec<f32> {
    if natural.iter().sum::<f32>() <= room {
        return natural.to_vec();
    }
    let mut sorted = natural.to_vec();
    sorted.sort_by(f32::total_cmp);
    let (mut left, mut wide) = (room, sorted.len());
    for w in &sorted {
        if w * wide as f32 > left {
            break;
        }
        left -= w;
        wide -= 1;
    }
    // At least a few words a line, even in a very narrow window.
    let cap = (left / wide.max(1) as f32).max(60.0);
    natural.iter().map(|w| w.min(cap)).collect()
}

/// A cell's inline markdown as styled text: `code`, **strong**, *emphasis*
/// and [links](...) (shown as their text).
fn inline_job(ui: &egui::Ui, cell: &str, header: bool) -> egui::text::LayoutJob {
    let style = ui.style();
    let mut job = egui::text::LayoutJob::default();
    let (mut code, mut strong, mut italic) = (false, header, false);
    let mut rest = cell;
    while !rest.is_empty() {
        let (piece, next) = if let Some(after) = rest.strip_prefix('`') {
            code = !code;
            ("", after)
        } else if code {
            let end = rest.find('`').unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        } else if let Some(after) = rest.strip_prefix("**") {
            strong = !strong || header;
            ("", after)
        } else if let Some(after) = rest.strip_prefix('*') {
            italic = !italic;
            ("", after)
        } else if let Some((text, after)) = link(rest) {
            (text, after)
        } else {
            // Plain text up to the next mark (past the first character, which may be an unmatched one).
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let end = rest[first..].find(['`', '*', '[']).map_or(rest.len(), |n| n + first);
            (&rest[..end], &rest[end..])
        };
        if !piece.is_empty() {
            let mut text = egui::RichText::new(piece);
            if code {
                text = text.code();
            } else if strong {
                text = text.strong();
            }
            if italic {
                text = text.italics();
            }
            text.append_to(&mut job, style, egui::FontSelection::Default, egui::Align::Center);
        }
        rest = next;
    }
    job
}

/// `[text](target)` at the start: its text and what follows it.
fn link(s: &str) -> Option<(&str, &str)> {
    let inner = s.strip_prefix('[')?;
    let close = inner.find("](")?;
    let end = inner[close..].find(')')? + close;
    Some((&inner[..close], &inner[end + 1..]))
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
    fn tables_are_split_into_rows_of_cells() {
        let text = "Intro.\n\n| Step | Formula |\n|---|---|\n| Gross | `G = B` |\n| Net | `N = G - C` |\n\nAfter.\n";
        assert_eq!(
            blocks(text),
            vec![
                Block::Markdown("Intro.\n\n"),
                Block::Table(vec![
                    vec!["Step", "Formula"],
                    vec!["Gross", "`G = B`"],
                    vec!["Net", "`N = G - C`"]
                ]),
                Block::Markdown("\nAfter.\n"),
            ]
        );
        assert_eq!(link("[Site](#site) rest"), Some(("Site", " rest")));
        let ctx = egui::Context::default();
        let mut text = String::new();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            text = inline_job(ui, "£1 [a](b) `x*y` **£2** [c", false).text;
        });
        output.textures_delta.clear();
        assert_eq!(text, "£1 a x*y £2 [c", "marks dropped, code kept whole, a lone [ kept");
        assert_eq!(link("[not a link"), None);
    }

    #[test]
    fn columns_fit_by_narrowing_the_widest() {
        assert_eq!(fit_columns(&[100.0, 200.0], 400.0), vec![100.0, 200.0], "all fit");
        // 600 of room: the 100 keeps its width; the two wide ones share 500.
        assert_eq!(fit_columns(&[100.0, 400.0, 800.0], 600.0), vec![100.0, 250.0, 250.0]);
        // 650 of room: 100 and 150 keep theirs; the 400 and 900 share the 400 left.
        assert_eq!(
            fit_columns(&[900.0, 100.0, 150.0, 400.0], 650.0),
            vec![200.0, 100.0, 150.0, 200.0]
        );
        // 500 of room: three columns of 150 would not fit beside the 100, so three share 400.
        let shared = fit_columns(&[900.0, 100.0, 150.0, 400.0], 500.0);
        assert!(
            (shared.iter().sum::<f32>() - 500.0).abs() < 1e-3 && shared[1] == 100.0,
            "{shared:?}"
        );
    }

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
        let tables = blocks(METHODOLOGY)
            .into_iter()
            .filter(|b| matches!(b, Block::Table(_)))
            .count();
        assert_eq!(tables, 1, "docs/methodology.md has one table");
    }
}
