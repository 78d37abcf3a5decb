//! The virtualised, sortable and filterable table shared by every list view.

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::HashMap;

use egui::{pos2, vec2, Align, Button, Label, Layout, RichText, Sense, Shape, Stroke, Ui};
use egui_extras::{Column, TableBuilder};
use estates_core::csv_out::{tsv, Cell as CopyCell};
use estates_core::engine::fy_label;
use estates_core::format::{count, money_full};
use estates_core::model::Location;
use estates_core::problem::{ItemKind, Problem, Severity};
use estates_core::Scenario;

use super::super::copy::{copy_menu_ui, copy_pressed, CopyAsked};
use super::widgets::{contains_ci, problem_lines};

/// Height of a body row, in points.
const ROW_HEIGHT: f32 = 22.0;
/// Width of the problems column: room for "2 problems".
const PROBLEMS_WIDTH: f32 = 72.0;

/// A column of a list view: its header and starting width in points.
pub(crate) struct ColumnSpec {
    pub title: &'static str,
    pub width: f32,
}

/// A column spec, compactly: `column("Name", 200.0)`.
pub(crate) const fn column(title: &'static str, width: f32) -> ColumnSpec {
    ColumnSpec { title, width }
}

/// What a table cell holds: shown formatted, sorted by value, and (for text)
/// searched by the filter box.
pub(crate) enum Cell<'a> {
    Text(&'a str),
    Money(f64),
    OptionalMoney(Option<f64>),
    Number(f64),
    Percent(f64),
    Year(i32),
    Flag(bool),
    /// Latitude and longitude, sorted south to north; `-` when unknown.
    Location(Option<Location>),
}

impl Cell<'_> {
    /// The cell for the clipboard: money and numbers as plain numbers (money
    /// to the penny), so Excel reads them as numbers.
    fn for_copy(&self) -> CopyCell {
        match self {
            Cell::Text(t) => CopyCell::text(*t),
            Cell::Money(x) | Cell::OptionalMoney(Some(x)) => CopyCell::Money(*x),
            Cell::OptionalMoney(None) | Cell::Location(None) => CopyCell::plain(""),
            Cell::Number(x) => CopyCell::plain(x),
            Cell::Percent(_) | Cell::Flag(_) | Cell::Year(_) | Cell::Location(Some(_)) => CopyCell::plain(self.show()),
        }
    }

    /// Figures read from the right, as in a register.
    fn is_figure(&self) -> bool {
        matches!(
            self,
            Cell::Money(_) | Cell::OptionalMoney(_) | Cell::Number(_) | Cell::Percent(_)
        )
    }

    /// Amounts and counts that add up in a totals row (not rates, limits or
    /// years), and whether they are money.
    fn summed(&self) -> Option<(f64, bool)> {
        match self {
            Cell::Money(x) => Some((*x, true)),
            Cell::Number(x) => Some((*x, false)),
            _ => None,
        }
    }

    fn show(&self) -> String {
        match self {
            Cell::Text(t) => (*t).to_owned(),
            Cell::Money(x) => money_full(*x),
            Cell::OptionalMoney(x) => x.map(money_full).unwrap_or_else(|| "-".to_owned()),
            Cell::Number(x) => count(*x),
            Cell::Percent(x) => format!("{:.1}%", x * 100.0),
            Cell::Year(fy) => fy_label(*fy),
            Cell::Flag(on) => if *on { "Yes" } else { "No" }.to_owned(),
            Cell::Location(l) => l.map_or_else(|| "-".to_owned(), |l| format!("{:.5}, {:.5}", l.lat, l.lon)),
        }
    }

    /// The value sorted on; `None` for text, which sorts case-insensitively.
    fn number(&self) -> Option<f64> {
        match self {
            Cell::Text(_) => None,
            Cell::Money(x) | Cell::Number(x) | Cell::Percent(x) => Some(*x),
            Cell::OptionalMoney(x) => Some(x.unwrap_or(f64::NEG_INFINITY)),
            Cell::Year(fy) => Some(f64::from(*fy)),
            Cell::Flag(on) => Some(f64::from(u8::from(*on))),
            Cell::Location(l) => Some(l.map_or(f64::NEG_INFINITY, |l| l.lat)),
        }
    }

    fn compare(&self, other: &Cell<'_>) -> Ordering {
        match (self, other) {
            (Cell::Text(a), Cell::Text(b)) => a
                .bytes()
                .map(|c| c.to_ascii_lowercase())
                .cmp(b.bytes().map(|c| c.to_ascii_lowercase())),
            _ => {
                let (a, b) = (self.number().unwrap_or(0.0), other.number().unwrap_or(0.0));
                a.total_cmp(&b)
            }
        }
    }
}

/// Names of referenced items, looked up by id. Maps are built on first use
/// only, so a view that never sorts or filters by a reference pays nothing.
pub(crate) struct Names<'a> {
    s: &'a Scenario,
    sites: OnceCell<HashMap<&'a str, &'a str>>,
    organisations: OnceCell<HashMap<&'a str, &'a str>>,
    pots: OnceCell<HashMap<&'a str, &'a str>>,
}

impl<'a> Names<'a> {
    pub(crate) fn new(s: &'a Scenario) -> Self {
        Names {
            s,
            sites: OnceCell::new(),
            organisations: OnceCell::new(),
            pots: OnceCell::new(),
        }
    }

    /// A site's name, or its id when no such site exists (a problem says so).
    pub(crate) fn site(&self, id: &'a str) -> &'a str {
        let map = self
            .sites
            .get_or_init(|| self.s.sites.iter().map(|x| (x.id.as_str(), x.name.as_str())).collect());
        map.get(id).copied().unwrap_or(id)
    }

    pub(crate) fn organisation(&self, id: &'a str) -> &'a str {
        let map = self.organisations.get_or_init(|| {
            self.s
                .organisations
                .iter()
                .map(|x| (x.id.as_str(), x.name.as_str()))
                .collect()
        });
        map.get(id).copied().unwrap_or(id)
    }

    pub(crate) fn pot(&self, id: &'a str) -> &'a str {
        let map = self
            .pots
            .get_or_init(|| self.s.pots.iter().map(|x| (x.id.as_str(), x.name.as_str())).collect());
        map.get(id).copied().unwrap_or(id)
    }
}

/// Runtime state of one table: filter, sort and selection.
#[derive(Default)]
pub struct TableState {
    pub(crate) filter: String,
    /// Column and whether ascending; `None` keeps scenario order.
    sort: Option<(usize, bool)>,
    /// The selected item's position in the scenario's list.
    pub(crate) selected: Option<usize>,
    /// Scroll the selected row into view on the next frame (after add or reveal).
    pub(crate) scroll_to_selected: bool,
    /// Columns the user hid with the column menu.
    hidden: std::collections::BTreeSet<usize>,
}

/// What a table needs to know about the items it lists.
pub(crate) struct TableSource<'s, 'a> {
    pub kind: ItemKind,
    pub columns: &'s [ColumnSpec],
    pub len: usize,
    /// The cell of item `index` in column `col`.
    pub cell: &'s dyn Fn(usize, usize) -> Cell<'a>,
}

impl TableSource<'_, '_> {
    /// Whether any text cell of an item contains the filter text.
    fn matches(&self, index: usize, needle: &str) -> bool {
        (0..self.columns.len()).any(|col| match (self.cell)(index, col) {
            Cell::Text(t) => contains_ci(t, needle),
            _ => false,
        })
    }

    /// The rows `rows` (item positions) as tab-separated text with the
    /// headings of the columns shown, for Excel.
    pub(crate) fn tsv(&self, rows: &[usize], hidden: &std::collections::BTreeSet<usize>) -> String {
        let shown: Vec<usize> = (0..self.columns.len()).filter(|c| !hidden.contains(c)).collect();
        let headings: Vec<&str> = shown.iter().map(|&c| self.columns[c].title).collect();
        tsv(
            &headings,
            rows.iter()
                .map(|&i| shown.iter().map(|&c| (self.cell)(i, c).for_copy()).collect()),
        )
    }

    /// Whether column `c` adds up (money or a count). Each column holds one
    /// kind of cell, so the first row says, without reading thousands.
    fn adds_up(&self, rows: &[usize], c: usize) -> bool {
        rows.first().is_some_and(|&i| (self.cell)(i, c).summed().is_some())
    }

    /// Each column's total over `rows`, shown as money or a count, for the columns that add up.
    fn totals(&self, rows: &[usize]) -> Vec<Option<String>> {
        (0..self.columns.len())
            .map(|c| {
                // Other columns are not read: their cells may look names up.
                if !self.adds_up(rows, c) {
                    return None;
                }
                let mut sum: Option<(f64, bool)> = None;
                for &i in rows {
                    if let Some((x, money)) = (self.cell)(i, c).summed() {
                        sum.get_or_insert((0.0, money)).0 += x;
                    }
                }
                sum.map(|(x, money)| if money { money_full(x) } else { count(x) })
            })
            .collect()
    }

    /// Item positions to show, filtered and sorted.
    fn order(&self, state: &TableState) -> Vec<usize> {
        let needle = state.filter.trim();
        let mut rows: Vec<usize> = (0..self.len)
            .filter(|&i| needle.is_empty() || self.matches(i, needle))
            .collect();
        if let Some((col, ascending)) = state.sort {
            let keys: Vec<Cell<'_>> = rows.iter().map(|&i| (self.cell)(i, col)).collect();
            let mut positions: Vec<usize> = (0..rows.len()).collect();
            positions.sort_by(|&a, &b| {
                let o = keys[a].compare(&keys[b]);
                if ascending {
                    o
                } else {
                    o.reverse()
                }
            });
            rows = positions.into_iter().map(|p| rows[p]).collect();
        }
        rows
    }
}

/// Rows of the table in display order, with the selected row brought into
/// view when asked (clearing a filter that hides it).
pub(crate) fn display_order(source: &TableSource<'_, '_>, state: &mut TableState) -> (Vec<usize>, Option<usize>) {
    let mut order = source.order(state);
    if !state.scroll_to_selected {
        return (order, None);
    }
    state.scroll_to_selected = false;
    let Some(selected) = state.selected else {
        return (order, None);
    };
    if !order.contains(&selected) {
        state.filter.clear();
        order = source.order(state);
    }
    let position = order.iter().position(|&i| i == selected);
    (order, position)
}

/// Errors and warnings per item, counted once a frame for the row markers.
struct Markers<'p> {
    problems: &'p [Problem],
    kind: ItemKind,
    counts: HashMap<usize, (usize, usize)>,
}

impl<'p> Markers<'p> {
    fn new(problems: &'p [Problem], kind: ItemKind) -> Self {
        let mut counts: HashMap<usize, (usize, usize)> = HashMap::new();
        for p in problems.iter().filter(|p| p.item.kind == kind) {
            let c = counts.entry(p.item.index).or_default();
            match p.severity {
                Severity::Error => c.0 += 1,
                Severity::Warning => c.1 += 1,
            }
        }
        Markers { problems, kind, counts }
    }

    /// A coloured count in the row of an item with problems, listing them on
    /// hover. On the selected row it takes the selection's text colour, as red
    /// on the selection's blue is hard to read (the words still say what it counts).
    fn show(&self, ui: &mut Ui, index: usize, selected: bool) {
        let Some(&(errors, warnings)) = self.counts.get(&index) else {
            return;
        };
        let colour = if selected {
            ui.visuals().selection.stroke.color
        } else if errors > 0 {
            ui.visuals().error_fg_color
        } else {
            ui.visuals().warn_fg_color
        };
        let text = RichText::new(marker_text(errors, warnings)).color(colour).strong();
        ui.add(Label::new(text).selectable(false)).on_hover_ui(|ui| {
            problem_lines(
                ui,
                self.problems
                    .iter()
                    .filter(|p| p.item.kind == self.kind && p.item.index == index),
            );
        });
    }
}

/// The words of a row marker, so its meaning does not rest on colour.
fn marker_text(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => plural(e + w, "problem"),
    }
}

/// Draws the table; returns the item whose row was clicked. Figures are
/// right-aligned, a totals row closes the table, the last column takes the
/// width left, a heading's right-click menu hides and shows columns, and a
/// row's right-click menu or Ctrl+C copies rows for Excel.
pub(crate) fn table_ui(
    ui: &mut Ui,
    source: &TableSource<'_, '_>,
    problems: &[Problem],
    state: &mut TableState,
    (order, scroll_to): (&[usize], Option<usize>),
) -> Option<usize> {
    let markers = Markers::new(problems, source.kind);
    let shown: Vec<usize> = (0..source.columns.len())
        .filter(|c| !state.hidden.contains(c))
        .collect();
    let figure: Vec<bool> = (0..source.columns.len())
        .map(|c| order.first().is_some_and(|&i| (source.cell)(i, c).is_figure()))
        .collect();
    let has_totals = (0..source.columns.len()).any(|c| source.adds_up(order, c));
    let mut builder = TableBuilder::new(ui)
        .id_salt(("editor table", source.kind))
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::exact(PROBLEMS_WIDTH));
    for (k, &c) in shown.iter().enumerate() {
        let width = source.columns[c].width;
        // The last column takes the room left, so the table widens with the window.
        let column = if k + 1 == shown.len() {
            Column::remainder().at_least(width.min(120.0))
        } else {
            Column::initial(width).at_least(40.0)
        };
        builder = builder.column(column.clip(true));
    }
    if let Some(position) = scroll_to {
        builder = builder.scroll_to_row(position, Some(Align::Center));
    }
    let selected = state.selected;
    let mut clicked = None;
    let mut copy: Option<Vec<usize>> = None;
    let (sort, hidden) = (&mut state.sort, &mut state.hidden);
    builder
        .header(26.0, |mut header| {
            header.col(|ui| {
                ui.add(Label::new(RichText::new("Problems").strong()).selectable(false))
                    .on_hover_text("Errors and warnings of the row; hover a row's count to read them");
            });
            for &col in &shown {
                header.col(|ui| {
                    let heading = Heading {
                        title: source.columns[col].title,
                        col,
                        figure: figure[col],
                    };
                    let response = sort_header(ui, &heading, sort);
                    let titles: Vec<&str> = source.columns.iter().map(|c| c.title).collect();
                    response.context_menu(|ui| column_menu_ui(ui, &titles, hidden));
                });
            }
        })
        .body(|body| {
            let rows = order.len() + usize::from(has_totals);
            body.rows(ROW_HEIGHT, rows, |mut row| {
                let Some(&index) = order.get(row.index()) else {
                    // Added up only when the row is in sight, not every frame.
                    totals_row(row, &shown, &source.totals(order));
                    return;
                };
                let is_selected = selected == Some(index);
                row.set_selected(is_selected);
                row.col(|ui| markers.show(ui, index, is_selected));
                for &col in &shown {
                    row.col(|ui| {
                        let cell = (source.cell)(index, col);
                        let label = Label::new(cell.show()).selectable(false).truncate();
                        if figure[col] {
                            ui.with_layout(Layout::right_to_left(Align::Center), |ui| ui.add(label));
                        } else {
                            ui.add(label);
                        }
                    });
                }
                let response = row.response();
                if response.clicked() {
                    clicked = Some(index);
                }
                response.context_menu(|ui| match copy_menu_ui(ui, true) {
                    // The selected row, or the row right-clicked when it is another.
                    Some(CopyAsked::Rows) => copy = Some(vec![index]),
                    Some(CopyAsked::Table) => copy = Some(order.to_vec()),
                    None => {}
                });
            });
        });
    if copy.is_none() && copy_pressed(ui.ctx()) {
        copy = Some(match selected.filter(|i| order.contains(i)) {
            Some(i) => vec![i],
            None => order.to_vec(),
        });
    }
    if let Some(rows) = copy {
        ui.ctx().copy_text(source.tsv(&rows, &state.hidden));
    }
    clicked
}

/// The totals row: "Total" under the problems, then each column that adds up.
fn totals_row(mut row: egui_extras::TableRow<'_, '_>, shown: &[usize], totals: &[Option<String>]) {
    row.col(|ui| {
        ui.add(Label::new(RichText::new("Total").strong()).selectable(false));
    });
    for &col in shown {
        row.col(|ui| {
            if let Some(text) = &totals[col] {
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    ui.add(Label::new(RichText::new(text).strong()).selectable(false));
                });
            }
        });
    }
}

/// The column menu: a tick for each column, shown or hidden (one always stays).
pub(crate) fn column_menu_ui(ui: &mut Ui, titles: &[&str], hidden: &mut std::collections::BTreeSet<usize>) {
    ui.label(RichText::new("Columns").strong());
    for (col, title) in titles.iter().enumerate() {
        let mut shown = !hidden.contains(&col);
        let last = shown && hidden.len() + 1 == titles.len();
        let tick = ui.add_enabled(!last, egui::Checkbox::new(&mut shown, *title));
        if tick.changed() {
            if shown {
                hidden.remove(&col);
            } else {
                hidden.insert(col);
            }
        }
    }
}

/// A sortable heading: its title, column and whether it heads figures.
pub(crate) struct Heading<'t> {
    pub title: &'t str,
    pub col: usize,
    pub figure: bool,
}

/// A column header that sorts: ascending, then descending, then scenario
/// order; right-aligned over figures. Returns the heading's response (its
/// right-click opens the column menu).
pub(crate) fn sort_header(ui: &mut Ui, heading: &Heading, sort: &mut Option<(usize, bool)>) -> egui::Response {
    if heading.figure {
        return ui
            .with_layout(Layout::right_to_left(Align::Center), |ui| {
                sort_button(ui, heading, sort)
            })
            .inner;
    }
    sort_button(ui, heading, sort)
}

fn sort_button(ui: &mut Ui, heading: &Heading, sort: &mut Option<(usize, bool)>) -> egui::Response {
    let (title, col) = (heading.title, heading.col);
    let direction = sort.filter(|&(c, _)| c == col).map(|(_, ascending)| ascending);
    let hint = match direction {
        Some(true) => "Sorted ascending; click to sort descending",
        Some(false) => "Sorted descending; click to restore the original order",
        None => "Click to sort by this column",
    };
    let hint = format!("{hint}; right-click to hide or show columns");
    let response = ui
        .add(Button::new(RichText::new(title).strong()).frame(false).wrap())
        .on_hover_text(hint);
    if let Some(ascending) = direction {
        sort_arrow(ui, ascending);
    }
    if response.clicked() {
        *sort = match *sort {
            Some((c, true)) if c == col => Some((col, false)),
            Some((c, false)) if c == col => None,
            _ => Some((col, true)),
        };
    }
    response
}

/// A small painted triangle (the bundled font has no arrow glyphs).
fn sort_arrow(ui: &mut Ui, ascending: bool) {
    let (rect, _) = ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
    let (c, h) = (rect.center(), 3.5);
    let points = if ascending {
        vec![pos2(c.x, c.y - h), pos2(c.x + h, c.y + h), pos2(c.x - h, c.y + h)]
    } else {
        vec![pos2(c.x - h, c.y - h), pos2(c.x + h, c.y - h), pos2(c.x, c.y + h)]
    };
    ui.painter().add(Shape::convex_polygon(
        points,
        ui.visuals().strong_text_color(),
        Stroke::NONE,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [ColumnSpec; 2] = [column("Name", 100.0), column("Value", 100.0)];

    fn rows(names: &[&'static str], values: &[f64], state: &TableState) -> Vec<usize> {
        let cell = |i: usize, col: usize| {
            if col == 0 {
                Cell::Text(names[i])
            } else {
                Cell::Money(values[i])
            }
        };
        let source = TableSource {
            kind: ItemKind::Site,
            columns: &COLUMNS,
            len: names.len(),
            cell: &cell,
        };
        source.order(state)
    }

    #[test]
    fn filters_on_text_cells_and_sorts_by_value() {
        let names = ["Barnet clinic", "camden hub", "Enfield depot"];
        let values = [3.0, 1.0, 2.0];
        let mut state = TableState::default();
        assert_eq!(rows(&names, &values, &state), [0, 1, 2]);
        state.filter = "CAMDEN".to_owned();
        assert_eq!(rows(&names, &values, &state), [1]);
        state.filter.clear();
        state.sort = Some((1, true));
        assert_eq!(rows(&names, &values, &state), [1, 2, 0]);
        state.sort = Some((0, false));
        assert_eq!(rows(&names, &values, &state), [2, 1, 0]);
    }

    #[test]
    fn markers_say_what_they_count() {
        assert_eq!(marker_text(1, 0), "1 error");
        assert_eq!(marker_text(0, 2), "2 warnings");
        assert_eq!(marker_text(1, 1), "2 problems");
    }

    #[test]
    fn scrolling_to_a_hidden_row_clears_the_filter() {
        let names = ["a", "b"];
        let cell = |i: usize, _col: usize| Cell::Text(names[i]);
        let source = TableSource {
            kind: ItemKind::Site,
            columns: &COLUMNS[..1],
            len: 2,
            cell: &cell,
        };
        let mut state = TableState {
            filter: "a".to_owned(),
            selected: Some(1),
            scroll_to_selected: true,
            ..TableState::default()
        };
        let (order, position) = display_order(&source, &mut state);
        assert_eq!(order, [0, 1]);
        assert_eq!(position, Some(1));
        assert!(state.filter.is_empty());
    }
}
