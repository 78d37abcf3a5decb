//! The scenario's lists are shared between copies until one copy changes
//! (`model::Shared`): what undo relies on to keep a step per edit cheaply.

use estates_core::io::{parse_unvalidated, to_ron, FileFormat};
use estates_core::model::{Shared, Site};
use estates_core::Scenario;

const SAMPLE: &str = include_str!("../../../../sample_scenarios/lewisham-national.ron");

/// The Lewisham sample as read from its file (also used by `edit_summary`).
pub fn sample() -> Scenario {
    match parse_unvalidated(SAMPLE, FileFormat::Ron) {
        Ok(s) => s,
        Err(e) => panic!("the sample reads: {e}"),
    }
}

#[test]
fn a_copy_shares_every_list() {
    let s = sample();
    let copy = s.clone();
    assert!(copy.sites.is_shared_with(&s.sites));
    assert!(copy.disposals.is_shared_with(&s.disposals));
    assert!(copy.projects.is_shared_with(&s.projects));
    assert_eq!(copy, s);
}

#[test]
fn changing_a_copy_unshares_only_that_list_and_leaves_the_original() {
    let s = sample();
    let mut copy = s.clone();
    let first_value = s.sites[0].value;
    copy.sites[0].value += 1_000.0;
    assert!(!copy.sites.is_shared_with(&s.sites));
    assert!(
        copy.disposals.is_shared_with(&s.disposals),
        "an untouched list stays shared"
    );
    assert_eq!(s.sites[0].value, first_value, "the original is unchanged");
    assert_eq!(copy.sites[0].value, first_value + 1_000.0);
    assert_ne!(copy, s);
}

#[test]
fn lists_with_the_same_items_are_equal_without_being_shared() {
    let a: Shared<Site> = vec![Site::default()].into();
    let b: Shared<Site> = vec![Site::default()].into();
    assert!(!a.is_shared_with(&b));
    assert_eq!(a, b);
    let c: Shared<Site> = vec![Site {
        name: "Other".into(),
        ..Site::default()
    }]
    .into();
    assert_ne!(a, c);
}

#[test]
fn a_shared_list_is_written_as_the_plain_list() {
    let sites = vec![
        Site {
            id: "a".into(),
            ..Site::default()
        },
        Site {
            id: "b".into(),
            ..Site::default()
        },
    ];
    let shared: Shared<Site> = sites.clone().into();
    let plain = ron::ser::to_string(&sites).map_err(|e| e.to_string());
    assert_eq!(ron::ser::to_string(&shared).map_err(|e| e.to_string()), plain);
    assert_eq!(
        serde_json::to_string(&shared).map_err(|e| e.to_string()),
        serde_json::to_string(&sites).map_err(|e| e.to_string())
    );
    let back: Result<Shared<Site>, _> = serde_json::from_str(&serde_json::to_string(&sites).unwrap_or_default());
    assert_eq!(back.map(|b| b.to_vec()).ok(), Some(sites));
}

#[test]
fn writing_reading_and_writing_again_gives_the_same_text() {
    // The sample is stored as the program writes it, so a round trip through
    // the shared lists must give the same text.
    let s = sample();
    let written = to_ron(&s).map_err(|e| e.to_string());
    let again = written
        .as_deref()
        .map_err(|e| e.to_string())
        .and_then(|t| parse_unvalidated(t, FileFormat::Ron).map_err(|e| e.to_string()))
        .and_then(|s| to_ron(&s).map_err(|e| e.to_string()));
    assert_eq!(written, again);
}
