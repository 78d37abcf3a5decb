//! The editor views: one per kind of input in MODEL.md. Lists are virtualised
//! tables (sortable, filterable) with a details panel for the selected row;
//! the assumptions are a single form.
//!
//! Editors change `ctx.scenario` in place and only when a change is complete
//! (a typed field commits on Enter or when it loses focus; a picker or check
//! box on click), so the shell's snapshot comparison records one undo step per
//! meaningful change. Every validation error and warning in `ctx.problems` is
//! shown beside the field it names, and as a marker on its table row.
//!
//! Deleting an item that others refer to asks first, listing the referrers;
//! confirming deletes that item only, and the dangling references then show as
//! problems (see [`list`]). Editing an id carries it into every reference.

mod assemblies;
mod assumptions;
mod disposals;
mod list;
mod organisations;
mod projects;
mod refs;
mod retention;
mod sites;
pub(crate) mod table;
mod uncertainty;
mod widgets;

use egui::Ui;
use estates_core::problem::ItemKind;

use super::edit_ctx::{EditCtx, EditorView};
use list::{list_ui, Common};
pub use table::TableState;

/// The two tabs of a view that edits two kinds of item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Tab {
    #[default]
    First,
    Second,
}

/// Runtime state of the editor views (not persisted): per-table filter, sort
/// and selection, typed text not yet committed, a pending delete confirmation
/// and a pending reveal.
#[derive(Default)]
pub struct EditorStates {
    common: Common,
    sites: TableState,
    organisations: TableState,
    disposals: TableState,
    assemblies: TableState,
    rules: TableState,
    pots: TableState,
    projects: TableState,
    sites_tab: Tab,
    retention_tab: Tab,
}

impl EditorStates {
    /// The site selected in the register, which the map rings.
    pub fn selected_site(&self) -> Option<usize> {
        self.sites.selected
    }

    /// Selects a site in the register (clicked on the map): its row is
    /// scrolled to and its details shown when the register is next drawn.
    pub fn select_site(&mut self, index: usize) {
        self.sites.selected = Some(index);
        self.sites.scroll_to_selected = true;
        self.sites_tab = Tab::First;
    }
}

/// Draws one editor view. When `ctx.reveal` names an item (newly), the view
/// listing that kind selects its row and scrolls to it, clearing a filter
/// that hides it; the shell should show that view ([`view_of`]).
pub fn editor_ui(view: EditorView, ui: &mut Ui, ctx: &mut EditCtx, states: &mut EditorStates) {
    states.common.note_reveal(ctx.reveal);
    let (s, problems) = (&mut *ctx.scenario, ctx.problems);
    let common = &mut states.common;
    match view {
        EditorView::Assumptions => assumptions::assumptions_ui(ui, s, problems, &mut common.drafts),
        EditorView::Sites => {
            let tab = tab_for(common, &mut states.sites_tab, ItemKind::Organisation, ItemKind::Site);
            match tabs(ui, tab, ("Sites", "Organisations (owners)")) {
                Tab::First => list_ui::<sites::Sites>(ui, s, problems, &mut states.sites, common),
                Tab::Second => {
                    list_ui::<organisations::Organisations>(ui, s, problems, &mut states.organisations, common)
                }
            }
        }
        EditorView::Disposals => list_ui::<disposals::Disposals>(ui, s, problems, &mut states.disposals, common),
        EditorView::Assemblies => list_ui::<assemblies::Assemblies>(ui, s, problems, &mut states.assemblies, common),
        EditorView::Retention => {
            let tab = tab_for(
                common,
                &mut states.retention_tab,
                ItemKind::Pot,
                ItemKind::RetentionRule,
            );
            match tabs(ui, tab, ("Retention rules", "Pots")) {
                Tab::First => list_ui::<retention::RetentionRules>(ui, s, problems, &mut states.rules, common),
                Tab::Second => list_ui::<retention::Pots>(ui, s, problems, &mut states.pots, common),
            }
        }
        EditorView::Projects => list_ui::<projects::Projects>(ui, s, problems, &mut states.projects, common),
    }
}

/// The id a new assembly gets, as "Add assembly" gives it.
pub fn new_assembly_id(s: &estates_core::Scenario) -> String {
    list::unique_id::<assemblies::Assemblies>(s)
}

/// The view that edits a kind of item, for taking the user to a problem.
pub fn view_of(kind: ItemKind) -> EditorView {
    match kind {
        ItemKind::Scenario => EditorView::Assumptions,
        ItemKind::Organisation | ItemKind::Site => EditorView::Sites,
        ItemKind::Disposal => EditorView::Disposals,
        ItemKind::Assembly => EditorView::Assemblies,
        ItemKind::Pot | ItemKind::RetentionRule => EditorView::Retention,
        ItemKind::Project => EditorView::Projects,
    }
}

/// Switches a two-tab view to the tab of a pending reveal.
fn tab_for<'t>(common: &Common, tab: &'t mut Tab, second: ItemKind, first: ItemKind) -> &'t mut Tab {
    match common.reveal.as_ref().map(|r| r.kind) {
        Some(k) if k == second => *tab = Tab::Second,
        Some(k) if k == first => *tab = Tab::First,
        _ => {}
    }
    tab
}

/// The tab strip of a two-tab view; returns the tab to show.
fn tabs(ui: &mut Ui, tab: &mut Tab, (first, second): (&str, &str)) -> Tab {
    ui.horizontal(|ui| {
        ui.selectable_value(tab, Tab::First, first);
        ui.selectable_value(tab, Tab::Second, second);
    });
    ui.separator();
    *tab
}

#[cfg(test)]
mod tests {
    use super::list::ItemList;
    use super::*;

    #[test]
    fn every_kind_has_a_view() {
        assert_eq!(view_of(ItemKind::Pot), EditorView::Retention);
        assert_eq!(view_of(ItemKind::Organisation), EditorView::Sites);
        assert_eq!(view_of(ItemKind::Scenario), EditorView::Assumptions);
    }

    #[test]
    fn new_ids_follow_the_list_length_and_skip_taken_ones() {
        let mut s = estates_core::Scenario::default();
        let site = sites::Sites::new_item(&s, "site-2".into());
        s.sites.push(site);
        assert_eq!(list::unique_id::<sites::Sites>(&s), "site-3");
        assert_eq!(list::unique_id::<retention::RetentionRules>(&s), "retention-rule-1");
    }
}
