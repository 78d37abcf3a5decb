//! The undo history's names for edits (issue 14, item 4): the item and
//! field changed, or how many items were added or deleted.

use estates_core::edit_summary::summarise;
use estates_core::problem::ItemKind;

use super::shared::sample;

#[test]
fn a_changed_field_is_named_with_its_item_and_points_at_it() {
    let before = sample();
    let mut after = before.clone();
    after.sites[1].value += 1.0;
    after.sites[1].homes += 5.0;
    let edit = summarise(&before, &after);
    let name = &before.sites[1].name;
    assert_eq!(edit.label, format!("Change {name}: market value and homes"));
    let item = edit.before.as_ref().map(|i| (i.kind, i.index, i.id.as_str()));
    assert_eq!(item, Some((ItemKind::Site, 1, before.sites[1].id.as_str())));
}

#[test]
fn an_assumption_is_named_as_the_compare_view_names_it() {
    let before = sample();
    let mut after = before.clone();
    after.land_growth += 0.01;
    let edit = summarise(&before, &after);
    assert_eq!(edit.label, "Change land value growth");
    assert_eq!(edit.before.map(|i| i.kind), Some(ItemKind::Scenario));
}

#[test]
fn additions_and_deletions_are_counted() {
    let before = sample();
    assert!(before.disposals.len() >= 3);
    let mut after = before.clone();
    after.disposals.truncate(before.disposals.len() - 3);
    assert_eq!(summarise(&before, &after).label, "Delete 3 disposals");
    assert_eq!(summarise(&after, &before).label, "Add 3 disposals");

    let mut one_less = before.clone();
    let gone = one_less.projects.remove(0);
    let edit = summarise(&before, &one_less);
    assert_eq!(edit.label, format!("Delete project {}", gone.name));
    assert!(edit.after.is_none(), "nothing to show once it is deleted");
    assert_eq!(edit.before.map(|i| i.id), Some(gone.id));
}

#[test]
fn a_new_order_is_a_reordering() {
    let before = sample();
    let mut after = before.clone();
    after.sites.reverse();
    assert_eq!(summarise(&before, &after).label, "Reorder the sites");
}

#[test]
fn a_sale_is_named_once_and_an_id_change_names_the_item() {
    let before = sample();
    let mut after = before.clone();
    let sale = after.disposals.remove(0);
    let site = before.site(&sale.site).map(|s| s.name.clone()).unwrap_or_default();
    assert!(!site.is_empty(), "the sample's first sale is of a named site");
    assert_eq!(summarise(&before, &after).label, format!("Delete sale of {site}"));
    assert_eq!(summarise(&after, &before).label, format!("Add sale of {site}"));

    // A renamed id is no field the history can name: the project alone is named.
    let mut renamed = before.clone();
    renamed.projects[0].id.push_str("-2");
    assert_eq!(
        summarise(&before, &renamed).label,
        format!("Change {}", before.projects[0].name)
    );
}

#[test]
fn a_list_copied_but_unchanged_is_no_edit_and_two_changes_are_counted() {
    let before = sample();
    let mut copied = before.clone();
    // Writing through the list copies it without changing any item.
    copied.sites[0].value += 0.0;
    assert!(!copied.sites.is_shared_with(&before.sites));
    assert_eq!(summarise(&before, &copied).label, "Change the scenario");

    let mut two = before.clone();
    let last = two.sites.len() - 1;
    two.sites[0].value += 1.0;
    two.sites[last].value += 1.0;
    assert_eq!(summarise(&before, &two).label, "Change 2 sites");
    assert!(summarise(&before, &two).before.is_none(), "no one item to show");
}
