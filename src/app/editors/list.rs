//! The list view every kind of item shares: a toolbar (filter, add, duplicate,
//! delete), the table, and a details panel editing the selected item.
//!
//! Deleting an item that others refer to first asks in a confirmation that
//! lists the referrers. Confirming deletes the item only: the references left
//! dangling are then listed as validation problems beside the fields that hold
//! them, so the user chooses a replacement (or undoes) knowingly rather than
//! losing disposals, assemblies or projects as a side effect.

use std::collections::HashSet;

use egui::{Id, Modal, Panel, RichText, ScrollArea, TextEdit, Ui};
use estates_core::format::capitalised;
use estates_core::model::{Assembly, Disposal, Organisation, Pot, Project, RetentionRule, Shared, Site};
use estates_core::problem::{ItemKind, ItemRef, Problem};
use estates_core::Scenario;

use super::refs;
use super::table::{display_order, table_ui, Cell, ColumnSpec, Names, TableSource, TableState};
use super::widgets::{input_error, typed_field, Choice, Drafts, Form, Owner, FIELD_WIDTH};

/// Below this width the details panel goes under the table instead of beside it.
const SIDE_BY_SIDE_FROM: f32 = 900.0;
/// Width of the details panel beside the table: its widest form (a project's
/// funding sources) fits (forms are laid out for 400 and up), and at 1280
/// points the table keeps about 610.
const DETAILS_WIDTH: f32 = 500.0;
/// Referrers listed by name in a delete confirmation; the rest are counted.
const REFERRERS_LISTED: usize = 12;

/// An item with an id (and usually a name), as every list holds.
pub(crate) trait Identified: Clone {
    fn id(&self) -> &str;
    fn id_mut(&mut self) -> &mut String;
    /// The name shown in headings; empty for items without one.
    fn name(&self) -> &str;
    /// Marks a duplicate so it is told apart from its original.
    fn mark_copy(&mut self);
}

macro_rules! named_item {
    ($($t:ty),*) => {$(
        impl Identified for $t {
            fn id(&self) -> &str { &self.id }
            fn id_mut(&mut self) -> &mut String { &mut self.id }
            fn name(&self) -> &str { &self.name }
            fn mark_copy(&mut self) { self.name.push_str(" (copy)"); }
        }
    )*};
}
named_item!(Site, Organisation, Assembly, Pot, RetentionRule, Project);

impl Identified for Disposal {
    fn id(&self) -> &str {
        &self.id
    }
    fn id_mut(&mut self) -> &mut String {
        &mut self.id
    }
    fn name(&self) -> &str {
        ""
    }
    fn mark_copy(&mut self) {}
}

/// A kind of item shown as a list view.
pub(crate) trait ItemList {
    type Item: Identified;
    const KIND: ItemKind;
    /// Singular noun in sentence case for buttons and messages, e.g. "site".
    const NOUN: &'static str;
    const COLUMNS: &'static [ColumnSpec];
    /// Whether the scenario's order of these items matters (projects are funded
    /// in it), so the toolbar offers to move the selected item.
    const ORDERED: bool = false;
    /// What the filter box searches, as its hint says.
    const FILTER_HINT: &'static str = "id, name or other text in the table";

    fn items(s: &Scenario) -> &[Self::Item];
    fn items_mut(s: &mut Scenario) -> &mut Vec<Self::Item>;
    /// A new item with sensible defaults, referring to existing items where it must.
    fn new_item(s: &Scenario, id: String) -> Self::Item;
    fn cell<'a>(item: &'a Self::Item, names: &Names<'a>, col: usize) -> Cell<'a>;
    /// The rows of the details form after the id (which the list view edits).
    fn details(form: &mut Form<'_>, ui: &mut Ui, s: &mut Scenario, index: usize);
}

/// A delete waiting for the user to confirm, because others refer to the item.
pub(crate) struct PendingDelete {
    kind: ItemKind,
    index: usize,
    id: String,
    title: String,
    referrers: Vec<String>,
}

/// State shared by every view: drafts of typed fields, a pending delete and a
/// pending reveal.
#[derive(Default)]
pub(crate) struct Common {
    pub drafts: Drafts,
    pending_delete: Option<PendingDelete>,
    /// An item the shell asked to reveal, until the view listing it shows it.
    pub reveal: Option<ItemRef>,
    last_reveal: Option<ItemRef>,
}

impl Common {
    /// Takes note of the shell's reveal request once per change, whether the
    /// shell keeps it set or sets it for a single frame.
    pub(crate) fn note_reveal(&mut self, reveal: Option<&ItemRef>) {
        if reveal != self.last_reveal.as_ref() {
            self.last_reveal = reveal.cloned();
            self.reveal = reveal.cloned();
        }
    }

    /// The pending reveal if it is for this kind of item.
    pub(crate) fn take_reveal(&mut self, kind: ItemKind) -> Option<ItemRef> {
        self.reveal.take_if(|r| r.kind == kind)
    }
}

enum RowAction {
    Add,
    Duplicate(usize),
    Delete(usize),
    /// Swap the item at the first position with the one at the second.
    Move(usize, usize),
}

/// The whole list view of one kind of item.
pub(crate) fn list_ui<V: ItemList>(
    ui: &mut Ui,
    s: &mut Scenario,
    problems: &[Problem],
    table: &mut TableState,
    common: &mut Common,
) {
    if let Some(r) = common.take_reveal(V::KIND) {
        table.selected = Some(r.index);
        table.scroll_to_selected = true;
    }
    table.selected = table.selected.filter(|&i| i < V::items(s).len());
    if let Some(action) = toolbar::<V>(ui, table, V::items(s).len()) {
        apply::<V>(action, s, table, common);
    }
    confirm_delete::<V>(ui, s, table, common);
    // Beside the table the details keep one width whatever is selected, so
    // their buttons never move under the mouse; below it they may be resized.
    let panel = if ui.available_width() >= SIDE_BY_SIDE_FROM {
        Panel::right(("details", V::KIND))
            .exact_size(DETAILS_WIDTH)
            .resizable(false)
    } else {
        Panel::bottom(("details below", V::KIND))
            .default_size(ui.available_height() * 0.5)
            .resizable(true)
    };
    panel.show(ui, |ui| details_ui::<V>(ui, s, problems, table, common));
    rows_ui::<V>(ui, s, problems, table);
}

fn toolbar<V: ItemList>(ui: &mut Ui, table: &mut TableState, len: usize) -> Option<RowAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        let label = ui.label("Filter");
        ui.add(
            TextEdit::singleline(&mut table.filter)
                .hint_text(V::FILTER_HINT)
                .desired_width(220.0),
        )
        .labelled_by(label.id);
        ui.separator();
        if ui.button(format!("Add {}", V::NOUN)).clicked() {
            action = Some(RowAction::Add);
        }
        let selected = table.selected;
        if ui
            .add_enabled(selected.is_some(), egui::Button::new(format!("Duplicate {}", V::NOUN)))
            .clicked()
        {
            action = selected.map(RowAction::Duplicate);
        }
        if ui
            .add_enabled(selected.is_some(), egui::Button::new(format!("Delete {}", V::NOUN)))
            .clicked()
        {
            action = selected.map(RowAction::Delete);
        }
        if V::ORDERED {
            action = move_buttons::<V>(ui, selected, len).or(action.take());
        }
    });
    action
}

/// Buttons moving the selected item earlier or later in the scenario's order.
fn move_buttons<V: ItemList>(ui: &mut Ui, selected: Option<usize>, len: usize) -> Option<RowAction> {
    let hint = format!("{} are funded in this order", capitalised(&plural(V::NOUN)));
    let earlier = ui
        .add_enabled(selected.is_some_and(|i| i > 0), egui::Button::new("Move earlier"))
        .on_hover_text(&hint)
        .clicked();
    let later = ui
        .add_enabled(selected.is_some_and(|i| i + 1 < len), egui::Button::new("Move later"))
        .on_hover_text(&hint)
        .clicked();
    match selected {
        Some(i) if earlier => Some(RowAction::Move(i, i - 1)),
        Some(i) if later => Some(RowAction::Move(i, i + 1)),
        _ => None,
    }
}

fn apply<V: ItemList>(action: RowAction, s: &mut Scenario, table: &mut TableState, common: &mut Common) {
    match action {
        RowAction::Add => {
            let item = V::new_item(s, unique_id::<V>(s));
            push::<V>(s, table, item);
        }
        RowAction::Duplicate(index) => {
            let mut item = V::items(s)[index].clone();
            *item.id_mut() = unique_id::<V>(s);
            item.mark_copy();
            push::<V>(s, table, item);
        }
        RowAction::Delete(index) => request_delete::<V>(s, table, common, index),
        RowAction::Move(from, to) => {
            V::items_mut(s).swap(from, to);
            table.selected = Some(to);
            table.scroll_to_selected = true;
            // Drafts are keyed by position, so they would follow the wrong item.
            common.drafts.forget_kind(V::KIND);
        }
    }
}

fn push<V: ItemList>(s: &mut Scenario, table: &mut TableState, item: V::Item) {
    let items = V::items_mut(s);
    items.push(item);
    table.selected = Some(items.len() - 1);
    table.scroll_to_selected = true;
}

/// The first free id of the form `site-7`, counting on from the list's length.
pub(super) fn unique_id<V: ItemList>(s: &Scenario) -> String {
    let items = V::items(s);
    let taken: HashSet<&str> = items.iter().map(Identified::id).collect();
    let prefix = V::NOUN.replace(' ', "-");
    (items.len() + 1..)
        .map(|n| format!("{prefix}-{n}"))
        .find(|id| !taken.contains(id.as_str()))
        .unwrap_or_default()
}

/// The items of a list as picker choices: id, and name (or id when unnamed).
pub(crate) fn choices<T: Identified>(items: &[T]) -> Vec<Choice<'_>> {
    items
        .iter()
        .map(|i| (i.id(), if i.name().is_empty() { i.id() } else { i.name() }))
        .collect()
}

/// How an item is named in headings and confirmations: `site 'site-3' (Clinic)`.
fn title<T: Identified>(noun: &str, item: &T) -> String {
    if item.name().is_empty() {
        format!("{noun} '{}'", item.id())
    } else {
        format!("{noun} '{}' ({})", item.id(), item.name())
    }
}

fn request_delete<V: ItemList>(s: &mut Scenario, table: &mut TableState, common: &mut Common, index: usize) {
    let item = &V::items(s)[index];
    let referrers = refs::referrers(s, V::KIND, item.id());
    if referrers.is_empty() {
        remove::<V>(s, table, common, index);
    } else {
        common.pending_delete = Some(PendingDelete {
            kind: V::KIND,
            index,
            id: item.id().to_owned(),
            title: title(V::NOUN, item),
            referrers,
        });
    }
}

fn remove<V: ItemList>(s: &mut Scenario, table: &mut TableState, common: &mut Common, index: usize) {
    V::items_mut(s).remove(index);
    table.selected = None;
    common.drafts.forget_kind(V::KIND);
}

/// The confirmation of a delete that would leave references dangling.
fn confirm_delete<V: ItemList>(ui: &mut Ui, s: &mut Scenario, table: &mut TableState, common: &mut Common) {
    let Some(pending) = common.pending_delete.as_ref().filter(|p| p.kind == V::KIND) else {
        return;
    };
    let mut confirmed = None;
    let modal = Modal::new(Id::unique("confirm delete")).show(ui.ctx(), |ui| {
        ui.set_max_width(520.0);
        ui.heading(format!("Delete {}?", pending.title));
        let n = pending.referrers.len();
        ui.label(if n == 1 {
            "1 other item refers to it:".to_owned()
        } else {
            format!("{n} other items refer to it:")
        });
        for r in pending.referrers.iter().take(REFERRERS_LISTED) {
            ui.label(format!("• {r}"));
        }
        if pending.referrers.len() > REFERRERS_LISTED {
            ui.label(format!("… and {} more", pending.referrers.len() - REFERRERS_LISTED));
        }
        ui.add_space(6.0);
        ui.label(
            "Deleting it leaves these references pointing at nothing. Each is then listed as a \
             problem until you choose another item for it, or undo the delete.",
        );
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("Delete anyway").clicked() {
                confirmed = Some(true);
            }
            if ui.button("Cancel").clicked() {
                confirmed = Some(false);
            }
        });
    });
    if modal.should_close() && confirmed.is_none() {
        confirmed = Some(false);
    }
    let Some(confirmed) = confirmed else {
        return;
    };
    let Some(pending) = common.pending_delete.take() else {
        return;
    };
    // The scenario may have changed under the dialog (an undo): delete only the item asked about.
    let still_there = V::items(s).get(pending.index).is_some_and(|i| i.id() == pending.id);
    if confirmed && still_there {
        remove::<V>(s, table, common, pending.index);
    }
}

fn rows_ui<V: ItemList>(ui: &mut Ui, s: &Scenario, problems: &[Problem], table: &mut TableState) {
    let names = Names::new(s);
    let items = V::items(s);
    let cell = |index: usize, col: usize| V::cell(&items[index], &names, col);
    let source = TableSource {
        kind: V::KIND,
        columns: V::COLUMNS,
        len: items.len(),
        cell: &cell,
    };
    let (order, scroll_to) = display_order(&source, table);
    ui.label(
        RichText::new(format!(
            "Showing {} of {} {}; click a row to edit it, a heading to sort.",
            order.len(),
            items.len(),
            plural(V::NOUN)
        ))
        .weak(),
    );
    // Wide tables scroll sideways rather than spill under the details panel,
    // with solid scroll bars: a floating one shows only on hover, so the
    // columns beyond the edge would go unnoticed.
    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
    let clicked = ScrollArea::horizontal()
        .id_salt(("table sideways", V::KIND))
        .show(ui, |ui| table_ui(ui, &source, problems, table, (&order, scroll_to)))
        .inner;
    if let Some(index) = clicked {
        table.selected = Some(index);
    }
}

fn details_ui<V: ItemList>(
    ui: &mut Ui,
    s: &mut Scenario,
    problems: &[Problem],
    table: &TableState,
    common: &mut Common,
) {
    let Some(index) = table.selected else {
        ui.add_space(8.0);
        ui.label(format!(
            "Select {} {} in the table to edit it, or add one.",
            article(V::NOUN),
            V::NOUN
        ));
        return;
    };
    ui.add_space(4.0);
    ui.heading(capitalised(&title(V::NOUN, &V::items(s)[index])));
    ScrollArea::vertical()
        .id_salt(("details scroll", V::KIND))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            Form::show(
                ui,
                &mut common.drafts,
                Owner::new(V::KIND, index),
                problems,
                |form, ui| {
                    id_row::<V>(form, ui, s, index);
                    V::details(form, ui, s, index);
                },
            );
        });
}

/// Puts an item the details form edited through a copy back in its list,
/// only when it changed. The forms of the long lists (sites, disposals,
/// assemblies, projects) edit a copy of the selected item: borrowing it in
/// the list mutably would copy the whole list away from the undo snapshot it
/// shares ([`estates_core::model::Shared`]) in every frame, 5,000 sites at
/// London scale, and the next sync would then compare them all.
pub(crate) fn put_back<T: Clone + PartialEq>(list: &mut Shared<T>, index: usize, item: T) {
    if list.get(index).is_some_and(|old| *old != item) {
        if let Some(slot) = list.get_mut(index) {
            *slot = item;
        }
    }
}

/// The plural of a list's noun: sites, assemblies.
fn plural(noun: &str) -> String {
    match noun.strip_suffix('y') {
        Some(stem) => format!("{stem}ies"),
        None => format!("{noun}s"),
    }
}

/// "a" or "an" before a noun: an assembly, a site.
fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The id field: refuses an empty or taken id, and carries a new id into every reference.
fn id_row<V: ItemList>(form: &mut Form<'_>, ui: &mut Ui, s: &mut Scenario, index: usize) {
    let old = V::items(s)[index].id().to_owned();
    let mut id = old.clone();
    let changed = form.row(ui, "Id", "id", |form, ui, label_id| {
        let items = V::items(s);
        let parse = |t: &str| {
            let t = t.trim();
            if t.is_empty() {
                Err("an id cannot be empty".to_owned())
            } else if t != old && items.iter().any(|i| i.id() == t) {
                Err(format!("'{t}' is already the id of another {}", V::NOUN))
            } else {
                Ok(t.to_owned())
            }
        };
        let typed = typed_field(
            ui,
            form.drafts,
            (form.owner, "Id"),
            &mut id,
            &|x: &String| x.clone(),
            &parse,
            (FIELD_WIDTH, false),
        );
        typed.response.labelled_by(label_id);
        if let Some(error) = &typed.error {
            input_error(ui, error);
        }
        typed.changed
    });
    if changed && id != old {
        refs::rename(s, V::KIND, &old, &id);
        *V::items_mut(s)[index].id_mut() = id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_of_list_nouns() {
        assert_eq!(plural("assembly"), "assemblies");
        assert_eq!(plural("retention rule"), "retention rules");
    }

    #[test]
    fn articles_before_list_nouns() {
        assert_eq!(article("assembly"), "an");
        assert_eq!(article("organisation"), "an");
        assert_eq!(article("site"), "a");
    }

    #[test]
    fn capitalises_the_first_letter_only() {
        assert_eq!(capitalised("site 'a' (b)"), "Site 'a' (b)");
        assert_eq!(capitalised(""), "");
    }
}
