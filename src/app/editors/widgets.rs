//! Shared field widgets of the editor views: typed fields that commit on Enter
//! or focus loss, reference pickers, and problems shown beside their fields.
//!
//! A typed field keeps what the user types in a draft and changes the scenario
//! only when the text is committed and parses, so the shell records one undo
//! step per meaningful change and invalid text never reaches the scenario.

use std::collections::HashMap;

use egui::text::CCursorRange;
use egui::{Color32, ComboBox, Id, PopupCloseBehavior, Response, RichText, ScrollArea, TextEdit, Ui};
use estates_core::engine::fy_label;
use estates_core::format::{money_full, parse_fy, parse_money};
use estates_core::problem::{ItemKind, Problem, Severity};

/// Width of a typed field in a details form, in points.
pub(crate) const FIELD_WIDTH: f32 = 240.0;
/// Width of a field holding a name or other text, and of a picker of named
/// items: site names run to 50 characters.
pub(crate) const TEXT_FIELD_WIDTH: f32 = 340.0;
/// Width of a typed field inside a compact sub-row (tranches, capex, funding).
pub(crate) const SMALL_FIELD_WIDTH: f32 = 110.0;
/// Lists longer than this get a search box in their picker.
const SEARCH_FROM: usize = 12;

/// The item a field belongs to: its kind and position in the scenario's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Owner {
    pub kind: ItemKind,
    pub index: usize,
}

impl Owner {
    pub(crate) fn new(kind: ItemKind, index: usize) -> Self {
        Owner { kind, index }
    }

    /// The widget id of one of this item's fields; labels are unique within an item.
    pub(crate) fn field_id(self, label: &str) -> Id {
        Id::unique(("editor field", self.kind, self.index, label))
    }
}

/// Text typed into a field and not yet committed, or refused when committed.
struct Draft {
    owner: Owner,
    text: String,
    /// The user changed the text; an untouched draft is never committed, so
    /// focusing a field cannot round a precise value to its display form.
    dirty: bool,
    error: Option<String>,
}

/// The drafts of every typed field, keyed by widget id.
#[derive(Default)]
pub(crate) struct Drafts {
    map: HashMap<Id, Draft>,
}

impl Drafts {
    /// Drops the drafts of one kind of item: after a delete, positions shift and
    /// a kept draft would show its text and error on a different item.
    pub(crate) fn forget_kind(&mut self, kind: ItemKind) {
        self.map.retain(|_, d| d.owner.kind != kind);
    }
}

/// How a value is shown in a field and read back from typed text.
pub(crate) struct Format<T: 'static> {
    pub show: fn(&T) -> String,
    pub parse: fn(&str) -> Result<T, String>,
    /// Width of the field in a details form.
    pub width: f32,
}

pub(crate) const MONEY: Format<f64> = Format {
    show: |x| money_full(*x),
    parse: |t| parse_money(t).map_err(|e| e.to_string()),
    width: FIELD_WIDTH,
};

/// Money that may be absent: an empty field means none.
pub(crate) const OPTIONAL_MONEY: Format<Option<f64>> = Format {
    show: |x| x.map(money_full).unwrap_or_default(),
    parse: |t| {
        if t.trim().is_empty() {
            Ok(None)
        } else {
            parse_money(t).map(Some).map_err(|e| e.to_string())
        }
    },
    width: FIELD_WIDTH,
};

/// A fraction shown and typed as a percentage: `3.5` means 0.035.
pub(crate) const PERCENT: Format<f64> = Format {
    show: |x| trimmed(*x * 100.0),
    parse: parse_percent,
    width: FIELD_WIDTH,
};

pub(crate) const NUMBER: Format<f64> = Format {
    show: |x| trimmed(*x),
    parse: parse_number,
    width: FIELD_WIDTH,
};

pub(crate) const WHOLE: Format<u32> = Format {
    show: |x| x.to_string(),
    parse: |t| {
        t.trim()
            .replace(',', "")
            .parse()
            .map_err(|_| format!("'{}' is not a whole number; type e.g. 2", t.trim()))
    },
    width: FIELD_WIDTH,
};

pub(crate) const YEAR: Format<i32> = Format {
    show: |fy| fy_label(*fy),
    parse: |t| parse_fy(t).map_err(|e| e.to_string()),
    width: FIELD_WIDTH,
};

pub(crate) const TEXT: Format<String> = Format {
    show: |s| s.clone(),
    parse: |t| Ok(t.trim().to_owned()),
    width: TEXT_FIELD_WIDTH,
};

/// Text that may be absent: an empty field means none.
pub(crate) const OPTIONAL_TEXT: Format<Option<String>> = Format {
    show: |s| s.clone().unwrap_or_default(),
    parse: |t| Ok(Some(t.trim().to_owned()).filter(|t| !t.is_empty())),
    width: TEXT_FIELD_WIDTH,
};

/// A number with at most four decimals and no trailing zeros: `3.5`, `1200`.
fn trimmed(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

fn parse_number(t: &str) -> Result<f64, String> {
    let cleaned = t.trim().replace(',', "");
    match cleaned.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("'{}' is not a number; type e.g. 1.5 or 1,200", t.trim())),
    }
}

fn parse_percent(t: &str) -> Result<f64, String> {
    let cleaned = t.trim().trim_end_matches('%');
    parse_number(cleaned)
        .map(|x| x / 100.0)
        .map_err(|_| format!("'{}' is not a percentage; type e.g. 3.5 for 3.5%", t.trim()))
}

/// What a typed field did this frame.
pub(crate) struct Typed {
    pub response: Response,
    /// The value was changed by a commit.
    pub changed: bool,
    /// Why the last committed text was refused, while that text is still shown.
    pub error: Option<String>,
}

/// A text field over a typed value: shows the value, keeps typed text as a
/// draft, and writes the value only on a commit (Enter or focus loss) that
/// parses. Escape abandons the draft.
pub(crate) fn typed_field<T>(
    ui: &mut Ui,
    drafts: &mut Drafts,
    (owner, label): (Owner, &str),
    value: &mut T,
    show: &dyn Fn(&T) -> String,
    parse: &dyn Fn(&str) -> Result<T, String>,
    (width, multiline): (f32, bool),
) -> Typed {
    let id = owner.field_id(label);
    let shown = show(value);
    let mut text = drafts.map.get(&id).map_or(shown, |d| d.text.clone());
    let edit = if multiline {
        TextEdit::multiline(&mut text).desired_rows(3)
    } else {
        TextEdit::singleline(&mut text)
    };
    let mut output = edit.id(id).desired_width(width).show(ui);
    let response = output.response.response.clone();
    if response.gained_focus() && !multiline {
        // Typing replaces the whole value, as in a spreadsheet cell.
        output
            .state
            .cursor
            .set_char_range(Some(CCursorRange::select_all_str(&text)));
        output.state.store(ui.ctx(), id);
    }
    if response.changed() {
        let draft = drafts.map.entry(id).or_insert_with(|| Draft {
            owner,
            text: String::new(),
            dirty: false,
            error: None,
        });
        draft.text = text;
        draft.dirty = true;
    }
    let changed = response.lost_focus() && commit(ui, drafts, id, value, parse);
    let error = drafts.map.get(&id).and_then(|d| d.error.clone());
    Typed {
        response,
        changed,
        error,
    }
}

/// Applies a draft when its field loses focus; returns whether the value changed.
fn commit<T>(ui: &Ui, drafts: &mut Drafts, id: Id, value: &mut T, parse: &dyn Fn(&str) -> Result<T, String>) -> bool {
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        drafts.map.remove(&id);
        return false;
    }
    let Some(draft) = drafts.map.get_mut(&id) else {
        return false;
    };
    if !draft.dirty {
        drafts.map.remove(&id);
        return false;
    }
    match parse(&draft.text) {
        Ok(parsed) => {
            *value = parsed;
            drafts.map.remove(&id);
            true
        }
        Err(message) => {
            draft.error = Some(message);
            false
        }
    }
}

/// One choice in a picker: the key stored in the scenario and the name shown.
pub(crate) type Choice<'a> = (&'a str, &'a str);

/// A combo box of existing items showing their names, with a search box for
/// long lists; returns the response and the position of the chosen option.
pub(crate) fn pick(
    ui: &mut Ui,
    id: Id,
    current: &str,
    options: &[Choice<'_>],
    width: f32,
) -> (Response, Option<usize>) {
    let shown = options
        .iter()
        .find(|(key, _)| *key == current)
        .map_or_else(|| missing_text(current), |(_, name)| (*name).to_owned());
    let mut chosen = None;
    // A long name is shortened to the picker's width rather than widening the
    // form: truncation works to the space available, so the space is bounded.
    let inner = ui.scope(|ui| {
        ui.set_max_width(width);
        ComboBox::from_id_salt(id)
            .selected_text(&shown)
            .width(width)
            .truncate()
            .height(340.0)
            .close_behavior(PopupCloseBehavior::CloseOnClickOutside)
            .show_ui(ui, |ui| chosen = pick_list(ui, id, current, options))
    });
    let mut response = inner.inner.response.on_hover_text(shown);
    if chosen.is_some() {
        response.mark_changed();
    }
    (response, chosen)
}

/// How a reference to something that does not exist is shown.
fn missing_text(key: &str) -> String {
    if key.is_empty() {
        "(none chosen)".to_owned()
    } else {
        format!("(missing: {key})")
    }
}

/// The open list of a picker; virtualised so 5,000 sites stay quick.
fn pick_list(ui: &mut Ui, id: Id, current: &str, options: &[Choice<'_>]) -> Option<usize> {
    let search_id = id.with("search");
    let mut search: String = ui.data(|d| d.get_temp(search_id)).unwrap_or_default();
    if options.len() > SEARCH_FROM {
        ui.add(TextEdit::singleline(&mut search).hint_text("Search"))
            .accessible_name("Search the list");
    }
    let needle = search.trim().to_owned();
    let matching: Vec<usize> = (0..options.len())
        .filter(|&i| needle.is_empty() || contains_ci(options[i].1, &needle) || contains_ci(options[i].0, &needle))
        .collect();
    let mut chosen = None;
    let row_height = ui.spacing().interact_size.y;
    ScrollArea::vertical()
        .max_height(280.0)
        .show_rows(ui, row_height, matching.len(), |ui, rows| {
            for &i in &matching[rows] {
                let (key, name) = options[i];
                if ui.selectable_label(key == current, name).clicked() {
                    chosen = Some(i);
                    ui.close();
                }
            }
        });
    ui.data_mut(|d| d.insert_temp(search_id, search));
    chosen
}

/// Case-insensitive (ASCII) substring test without allocating, for filtering
/// thousands of rows every frame.
pub(crate) fn contains_ci(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Error text colour, with a prefix word so the meaning does not rest on colour.
fn severity_style(ui: &Ui, severity: Severity) -> (&'static str, Color32) {
    match severity {
        Severity::Error => ("Error", ui.visuals().error_fg_color),
        Severity::Warning => ("Warning", ui.visuals().warn_fg_color),
    }
}

/// Problems as coloured lines, e.g. under the field they concern.
pub(crate) fn problem_lines<'p>(ui: &mut Ui, problems: impl IntoIterator<Item = &'p Problem>) {
    for p in problems {
        let (word, colour) = severity_style(ui, p.severity);
        ui.label(RichText::new(format!("{word}: {}", p.message)).color(colour).small());
    }
}

/// A typed value that could not be read, shown under its field.
pub(crate) fn input_error(ui: &mut Ui, message: &str) {
    let colour = ui.visuals().error_fg_color;
    ui.label(RichText::new(format!("Not changed: {message}")).color(colour).small());
}

/// A details form: a two-column grid of labelled fields, each with the
/// problems of its field beneath it. Problems about fields the form has no
/// widget for are listed after the grid.
pub(crate) struct Form<'f> {
    pub drafts: &'f mut Drafts,
    pub owner: Owner,
    problems: Vec<&'f Problem>,
    /// Fields whose problems have been shown beside a widget.
    shown: Vec<&'static str>,
}

impl<'f> Form<'f> {
    /// Draws a form for one item; `add` draws its rows.
    pub(crate) fn show(
        ui: &mut Ui,
        drafts: &'f mut Drafts,
        owner: Owner,
        problems: &'f [Problem],
        add: impl FnOnce(&mut Form<'f>, &mut Ui),
    ) {
        let mut form = Form {
            drafts,
            owner,
            problems: problems
                .iter()
                .filter(|p| p.item.kind == owner.kind && p.item.index == owner.index)
                .collect(),
            shown: Vec::new(),
        };
        egui::Grid::new(("details form", owner.kind, owner.index))
            .num_columns(2)
            .spacing([12.0, 6.0])
            .min_col_width(110.0)
            .show(ui, |ui| add(&mut form, ui));
        form.other_problems(ui);
    }

    fn other_problems(&self, ui: &mut Ui) {
        let rest: Vec<&Problem> = self
            .problems
            .iter()
            .copied()
            .filter(|p| !self.shown.contains(&p.field.as_str()))
            .collect();
        if !rest.is_empty() {
            ui.add_space(8.0);
            ui.label(RichText::new("Other problems with this item").strong());
            problem_lines(ui, rest);
        }
    }

    /// Shows the problems of a field (once) under the widget just drawn.
    pub(crate) fn field_problems(&mut self, ui: &mut Ui, field: &'static str) {
        if field.is_empty() {
            return;
        }
        if !self.shown.contains(&field) {
            self.shown.push(field);
        }
        problem_lines(ui, self.problems.iter().copied().filter(|p| p.field == field));
    }

    /// A grid row: the label, then `add` in the value column, then the field's
    /// problems. `add` gets the label's id to tie its input to.
    pub(crate) fn row<R>(
        &mut self,
        ui: &mut Ui,
        label: &str,
        field: &'static str,
        add: impl FnOnce(&mut Self, &mut Ui, Id) -> R,
    ) -> R {
        let label_id = ui.label(label).id;
        let out = ui
            .vertical(|ui| {
                let out = add(self, ui, label_id);
                self.field_problems(ui, field);
                out
            })
            .inner;
        ui.end_row();
        out
    }

    /// A labelled typed field with an optional unit after it; returns whether it changed.
    pub(crate) fn typed<T>(
        &mut self,
        ui: &mut Ui,
        (label, field): (&str, &'static str),
        value: &mut T,
        format: &Format<T>,
        unit: &str,
    ) -> bool {
        self.row(ui, label, field, |form, ui, label_id| {
            let typed = ui
                .horizontal(|ui| {
                    let typed = typed_field(
                        ui,
                        form.drafts,
                        (form.owner, label),
                        value,
                        &format.show,
                        &format.parse,
                        (format.width, false),
                    );
                    if !unit.is_empty() {
                        ui.label(RichText::new(unit).weak());
                    }
                    typed
                })
                .inner;
            typed.response.labelled_by(label_id);
            if let Some(error) = &typed.error {
                input_error(ui, error);
            }
            typed.changed
        })
    }

    /// A typed field without a visible label of its own (in a compact
    /// sub-row), named for screen readers and tests by `name`, with its
    /// refusal shown right after it; returns whether it changed.
    pub(crate) fn inline<T>(&mut self, ui: &mut Ui, name: &str, value: &mut T, format: &Format<T>, width: f32) -> bool {
        let typed = typed_field(
            ui,
            self.drafts,
            (self.owner, name),
            value,
            &format.show,
            &format.parse,
            (width, false),
        );
        typed.response.accessible_name(name);
        if let Some(error) = &typed.error {
            input_error(ui, error);
        }
        typed.changed
    }

    /// A labelled multi-line text, committed when it loses focus.
    pub(crate) fn multiline(&mut self, ui: &mut Ui, (label, field): (&str, &'static str), value: &mut String) {
        self.row(ui, label, field, |form, ui, label_id| {
            let typed = typed_field(
                ui,
                form.drafts,
                (form.owner, label),
                value,
                &TEXT.show,
                &TEXT.parse,
                (TEXT_FIELD_WIDTH, true),
            );
            typed.response.labelled_by(label_id);
        });
    }

    /// A labelled picker of choices (an enum's); returns the chosen option's position.
    pub(crate) fn pick(
        &mut self,
        ui: &mut Ui,
        label_field: (&str, &'static str),
        current: &str,
        options: &[Choice<'_>],
    ) -> Option<usize> {
        self.pick_sized(ui, label_field, current, options, FIELD_WIDTH)
    }

    fn pick_sized(
        &mut self,
        ui: &mut Ui,
        (label, field): (&str, &'static str),
        current: &str,
        options: &[Choice<'_>],
        width: f32,
    ) -> Option<usize> {
        let id = self.owner.field_id(label);
        self.row(ui, label, field, |_, ui, label_id| {
            let (response, chosen) = pick(ui, id, current, options, width);
            response.labelled_by(label_id);
            chosen
        })
    }

    /// A labelled picker of named items (as wide as a name field),
    /// returning the key (id) of the chosen item.
    pub(crate) fn pick_key(
        &mut self,
        ui: &mut Ui,
        label_field: (&str, &'static str),
        current: &str,
        options: &[Choice<'_>],
    ) -> Option<String> {
        self.pick_sized(ui, label_field, current, options, TEXT_FIELD_WIDTH)
            .map(|k| options[k].0.to_owned())
    }

    /// A labelled check box with its own text.
    pub(crate) fn check(&mut self, ui: &mut Ui, (label, field): (&str, &'static str), text: &str, value: &mut bool) {
        self.row(ui, label, field, |_, ui, _| {
            ui.checkbox(value, text);
        });
    }

    /// Rows of a sub-list (tranches, members, capex, funding), each labelled
    /// `{what} n` and drawn by `row`, with a Remove button and, when the order
    /// matters, Move buttons. Applies and returns the edit made, so a caller
    /// can mirror it in a parallel list.
    pub(crate) fn sub_rows<T>(
        &mut self,
        ui: &mut Ui,
        items: &mut Vec<T>,
        (what, ordered): (&str, bool),
        mut row: impl FnMut(&mut Self, &mut Ui, usize, &str, &mut T),
    ) -> Option<SubEdit> {
        let len = items.len();
        let mut edit = None;
        for (k, item) in items.iter_mut().enumerate() {
            let name = format!("{what} {}", k + 1);
            self.row(ui, &name, "", |form, ui, _| {
                ui.horizontal(|ui| {
                    row(form, ui, k, &name, item);
                    if ordered {
                        edit = move_buttons(ui, &name, k, len)
                            .map(|(a, b)| SubEdit::Swap(a, b))
                            .or(edit);
                    }
                    if remove_button(ui, &name) {
                        edit = Some(SubEdit::Remove(k));
                    }
                });
            });
        }
        if let Some(e) = edit {
            e.apply(items);
        }
        edit
    }
}

/// A change to a sub-list's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SubEdit {
    Remove(usize),
    Swap(usize, usize),
}

impl SubEdit {
    /// Makes the same change to a list (a parallel one may be shorter).
    pub(crate) fn apply<T>(self, items: &mut Vec<T>) {
        match self {
            SubEdit::Remove(k) if k < items.len() => {
                items.remove(k);
            }
            SubEdit::Swap(a, b) if a < items.len() && b < items.len() => items.swap(a, b),
            _ => {}
        }
    }
}

/// The choices for an enum, keyed and shown by its label.
pub(crate) fn labelled_choices<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> Vec<Choice<'static>> {
    all.iter().map(|&k| (label(k), label(k))).collect()
}

/// A `Remove` button of a sub-list row, named for screen readers by what it removes.
fn remove_button(ui: &mut Ui, what: &str) -> bool {
    ui.button("Remove")
        .accessible_name(format!("Remove {}", what.to_lowercase()))
        .clicked()
}

/// Move up / down buttons of an ordered sub-list; returns the swap to make.
fn move_buttons(ui: &mut Ui, what: &str, position: usize, len: usize) -> Option<(usize, usize)> {
    let what = what.to_lowercase();
    let up = ui
        .add_enabled(position > 0, egui::Button::new("Up"))
        .accessible_name(format!("Move {what} up"))
        .on_hover_text("Move up: tried earlier");
    let down = ui
        .add_enabled(position + 1 < len, egui::Button::new("Down"))
        .accessible_name(format!("Move {what} down"))
        .on_hover_text("Move down: tried later");
    if up.clicked() {
        Some((position - 1, position))
    } else if down.clicked() {
        Some((position, position + 1))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_fractions() {
        assert_eq!(parse_percent("3.5"), Ok(0.035));
        assert_eq!(parse_percent(" 50 % "), Ok(0.5));
        assert!(parse_percent("half").is_err());
        assert_eq!((PERCENT.show)(&0.035), "3.5");
        assert_eq!((PERCENT.show)(&1.0), "100");
    }

    #[test]
    fn numbers_trim_and_accept_separators() {
        assert_eq!(parse_number("1,200"), Ok(1200.0));
        assert!(parse_number("inf").is_err());
        assert_eq!(trimmed(0.35), "0.35");
        assert_eq!(trimmed(-0.00001), "0");
    }

    #[test]
    fn optional_fields_treat_empty_as_none() {
        assert_eq!((OPTIONAL_MONEY.parse)("  "), Ok(None));
        assert_eq!((OPTIONAL_MONEY.parse)("£5m"), Ok(Some(5e6)));
        assert_eq!((OPTIONAL_TEXT.parse)(""), Ok(None));
    }

    #[test]
    fn case_insensitive_contains() {
        assert!(contains_ci("Camden Council", "camden"));
        assert!(contains_ci("anything", ""));
        assert!(!contains_ci("Barnet", "enfield"));
    }

    #[test]
    fn sub_edits_apply_to_parallel_lists() {
        let mut shares = vec![0.2, 0.3, 0.5];
        SubEdit::Swap(0, 1).apply(&mut shares);
        assert_eq!(shares, [0.3, 0.2, 0.5]);
        SubEdit::Remove(2).apply(&mut shares);
        assert_eq!(shares, [0.3, 0.2]);
        SubEdit::Remove(5).apply(&mut shares);
        assert_eq!(shares.len(), 2);
    }
}
