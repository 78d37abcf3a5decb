//! What an edit did, in a few words: the undo history's names for its steps
//! (`Change Downham health centre: market value`, `Delete 3 disposals`) and
//! the item to show when the step is undone or redone.
//!
//! Found by comparing the scenario before and after the edit. Lists the edit
//! did not touch are still shared between the two ([`crate::model::Shared`]),
//! so they are skipped without being read; the field names are the ones the
//! compare view uses ([`crate::compare`]).

use std::collections::{HashMap, HashSet};

use crate::compare::{changed_assumptions, changed_fields, Item};
use crate::model::{Scenario, Shared};
use crate::problem::{ItemKind, ItemRef};

/// An edit named for the undo history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditSummary {
    /// Starts with a verb: `Change land value growth`, `Add 12 sites`.
    pub label: String,
    /// The item the edit touched as it was before (none when it added items,
    /// or touched many), to show it when the edit is undone.
    pub before: Option<ItemRef>,
    /// The same item after the edit (none when it deleted items), to show it
    /// when the edit is redone.
    pub after: Option<ItemRef>,
}

impl EditSummary {
    /// A summary with no item to show.
    pub fn named(label: impl Into<String>) -> Self {
        EditSummary {
            label: label.into(),
            before: None,
            after: None,
        }
    }

    /// The one item the edit changed in place, when it changed one item of a
    /// list, kept the list's length and no other item of that list changed
    /// (later lists may differ too): its kind and position. [`summarise`]
    /// names the item before and after only then (or for the scenario's own
    /// fields), so validation can re-run that item's rules alone.
    pub fn changed_in_place(&self) -> Option<(ItemKind, usize)> {
        match (&self.before, &self.after) {
            (Some(b), Some(a)) if b.kind == a.kind && b.index == a.index && a.kind != ItemKind::Scenario => {
                Some((a.kind, a.index))
            }
            _ => None,
        }
    }
}

/// Names the edit that turned `before` into `after`: the scenario's own
/// fields first, then the first list that changed, in the order of the file.
pub fn summarise(before: &Scenario, after: &Scenario) -> EditSummary {
    let pair = (before, after);
    scenario_fields(before, after)
        .or_else(|| list(pair, |s| &s.organisations, ItemKind::Organisation))
        .or_else(|| list(pair, |s| &s.sites, ItemKind::Site))
        .or_else(|| list(pair, |s| &s.disposals, ItemKind::Disposal))
        .or_else(|| list(pair, |s| &s.assemblies, ItemKind::Assembly))
        .or_else(|| list(pair, |s| &s.pots, ItemKind::Pot))
        .or_else(|| list(pair, |s| &s.retention_rules, ItemKind::RetentionRule))
        .or_else(|| list(pair, |s| &s.projects, ItemKind::Project))
        .unwrap_or_else(|| EditSummary::named("Change the scenario"))
}

/// An edit of the scenario's name, description or assumptions.
fn scenario_fields(before: &Scenario, after: &Scenario) -> Option<EditSummary> {
    let label = if before.name != after.name {
        "Rename the scenario".to_owned()
    } else if before.description != after.description {
        "Change the scenario's description".to_owned()
    } else {
        let fields = changed_assumptions(before, after);
        if fields.is_empty() {
            return None;
        }
        format!("Change {}", in_words(&fields))
    };
    let item = ItemRef {
        kind: ItemKind::Scenario,
        index: 0,
        id: String::new(),
        name: after.name.clone(),
    };
    Some(EditSummary {
        label,
        before: Some(item.clone()),
        after: Some(item),
    })
}

/// An edit of one list: items changed, added, deleted or put in another order.
fn list<T: Item + Clone>(
    (before, after): (&Scenario, &Scenario),
    get: fn(&Scenario) -> &Shared<T>,
    kind: ItemKind,
) -> Option<EditSummary> {
    let (old, new) = (get(before), get(after));
    if old.is_shared_with(new) {
        return None;
    }
    // A sale is already named "sale of …", so the kind is not said twice.
    let one = |name: String| match kind {
        ItemKind::Disposal => name,
        _ => format!("{} {name}", kind.label().to_lowercase()),
    };
    let plural = plural(kind);
    let item_ref = |s: &Scenario, items: &[T], index: usize| ItemRef {
        kind,
        index,
        id: items[index].id().to_owned(),
        name: title(&items[index], s),
    };
    if old.len() == new.len() {
        let differing = first_two_differences(old, new);
        if differing == [None, None] {
            return None;
        }
        if let [Some(i), None] = differing {
            let fields = changed_fields(&old[i], &new[i], before, after);
            // With no named field to show (an id renamed), the item alone is named.
            let label = if fields.is_empty() {
                format!("Change {}", title(&new[i], after))
            } else {
                format!("Change {}: {}", title(&new[i], after), in_words(&fields))
            };
            return Some(EditSummary {
                label,
                before: Some(item_ref(before, old, i)),
                after: Some(item_ref(after, new, i)),
            });
        }
    }
    let old_ids: HashSet<&str> = old.iter().map(|x| x.id()).collect();
    let new_ids: HashSet<&str> = new.iter().map(|x| x.id()).collect();
    let added: Vec<usize> = (0..new.len()).filter(|&i| !old_ids.contains(new[i].id())).collect();
    let removed: Vec<usize> = (0..old.len()).filter(|&i| !new_ids.contains(old[i].id())).collect();
    let summary = match (added.len(), removed.len()) {
        (1, 0) => EditSummary {
            label: format!("Add {}", one(title(&new[added[0]], after))),
            before: None,
            after: Some(item_ref(after, new, added[0])),
        },
        (n, 0) if n > 1 => EditSummary::named(format!("Add {n} {plural}")),
        (0, 1) => EditSummary {
            label: format!("Delete {}", one(title(&old[removed[0]], before))),
            before: Some(item_ref(before, old, removed[0])),
            after: None,
        },
        (0, n) if n > 1 => EditSummary::named(format!("Delete {n} {plural}")),
        (0, 0) if is_reordering(old, new) => EditSummary::named(format!("Reorder the {plural}")),
        (0, 0) => {
            let changed = (0..old.len().min(new.len())).filter(|&i| old[i] != new[i]).count();
            EditSummary::named(format!("Change {changed} {plural}"))
        }
        _ => EditSummary::named(format!("Change the {plural}")),
    };
    Some(summary)
}

/// The first two positions where lists of one length differ, in one pass
/// that stops at the second: telling "unchanged" and "one item changed" apart
/// needs no more, and a London-scale list is read once per edit, not three times.
fn first_two_differences<T: PartialEq>(old: &[T], new: &[T]) -> [Option<usize>; 2] {
    let mut found = (0..old.len()).filter(|&i| old[i] != new[i]);
    [found.next(), found.next()]
}

/// Whether `new` holds the same items as `old`, only in another order.
fn is_reordering<T: Item>(old: &[T], new: &[T]) -> bool {
    // By id through a map: a list of thousands compared pairwise would pause the app.
    let old_by_id: HashMap<&str, &T> = old.iter().map(|o| (o.id(), o)).collect();
    old.len() == new.len() && new.iter().all(|n| old_by_id.get(n.id()).is_some_and(|o| *o == n))
}

/// An item as the history names it: its name, or its id in quotes.
fn title<T: Item>(item: &T, s: &Scenario) -> String {
    let about = item.about(s);
    if about.trim().is_empty() {
        format!("'{}'", item.id())
    } else {
        about
    }
}

fn plural(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Scenario => "scenarios",
        ItemKind::Organisation => "organisations",
        ItemKind::Site => "sites",
        ItemKind::Disposal => "disposals",
        ItemKind::Assembly => "assemblies",
        ItemKind::Pot => "pots",
        ItemKind::RetentionRule => "retention rules",
        ItemKind::Project => "projects",
    }
}

/// `value`, `value and book value`, `value, book value and homes`.
fn in_words(fields: &[String]) -> String {
    match fields {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
