//! What fills the central area: one of the editor views, or the results.

use estates_core::problem::ItemKind;

use super::edit_ctx::EditorView;
use super::editors::view_of;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub enum View {
    Editor(EditorView),
    /// A first run opens on the results, so the sample shows what the tool is for.
    #[default]
    Results,
    /// Monte Carlo ranges and sensitivity (`risk_view`).
    Risk,
    /// Saved scenarios side by side with the edited one (`compare_view`).
    Compare,
    /// The sites on a map of the London boroughs (`map_view`).
    Map,
    /// The results by borough and by sub-region (`rollup_view`).
    RollUps,
}

/// The side bar's order: the inputs in the order a scenario is built, then results.
pub const ALL: [View; 11] = [
    View::Editor(EditorView::Assumptions),
    View::Editor(EditorView::Sites),
    View::Editor(EditorView::Disposals),
    View::Editor(EditorView::Assemblies),
    View::Editor(EditorView::Retention),
    View::Editor(EditorView::Projects),
    View::Results,
    View::Map,
    View::RollUps,
    View::Compare,
    View::Risk,
];

impl View {
    pub fn label(self) -> &'static str {
        match self {
            View::Editor(EditorView::Assumptions) => "Assumptions",
            View::Editor(EditorView::Sites) => "Sites and owners",
            View::Editor(EditorView::Disposals) => "Disposals",
            View::Editor(EditorView::Assemblies) => "Assemblies",
            View::Editor(EditorView::Retention) => "Retention and pots",
            View::Editor(EditorView::Projects) => "Projects",
            View::Results => "Results",
            View::Risk => "Risk",
            View::Compare => "Compare",
            View::Map => "Map",
            View::RollUps => "Roll-ups",
        }
    }

    /// The editor where an item of this kind is edited, for taking the user to a problem.
    pub fn of_item(kind: ItemKind) -> View {
        View::Editor(view_of(kind))
    }
}
