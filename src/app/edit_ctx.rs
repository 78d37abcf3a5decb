//! The contract between the app shell and the editor views.
//!
//! Editors mutate the scenario in place; the shell notices the change after the
//! frame (by comparing with its last snapshot), records one undo step, marks the
//! document unsaved and recomputes the results. Editors never touch files.

use estates_core::problem::{ItemRef, Problem};
use estates_core::Scenario;

/// What an editor view is given each frame.
pub struct EditCtx<'a> {
    pub scenario: &'a mut Scenario,
    /// Validation errors and engine warnings of the scenario as it stands.
    pub problems: &'a [Problem],
    /// An item to reveal (scroll to and highlight), set when the user clicks a problem.
    pub reveal: Option<&'a ItemRef>,
}

impl EditCtx<'_> {
    /// Problems concerning one item, for showing beside its fields.
    pub fn problems_of<'p>(&'p self, item: &'p ItemRef) -> impl Iterator<Item = &'p Problem> + 'p {
        self.problems
            .iter()
            .filter(move |p| p.item.kind == item.kind && p.item.index == item.index)
    }
}

/// The editor views, in the order of the side bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub enum EditorView {
    #[default]
    Assumptions,
    Sites,
    Disposals,
    Assemblies,
    Retention,
    Projects,
}
