//! Words for people (issue 14, item 6): problems name the field by its label,
//! `check` says what the warnings come to, and the `compare` table keeps its
//! columns aligned without cutting names short.

use crate::builders as scenario_builders;

use crate::commands::{path_arg, run, text, write};
use estates_core::model::{OrgKind, Scenario};
use scenario_builders::*;

/// A trust sells site a (£2m) keeping half; a hub needs £1.5m a year later
/// from the £1m kept: a £0.5m gap, the one warning.
fn hub_short(name: &str) -> Scenario {
    let mut s = estate(3);
    s.name = name.to_owned();
    s.sites = vec![site("a", "nhs", 2_000_000.0)].into();
    s.disposals = vec![disposal("a", START)].into();
    s.retention_rules = vec![kind_rule("trusts", OrgKind::NhsTrust, 0.5, "local")].into();
    s.projects = vec![project(
        "hub",
        &[(START + 1, 1_500_000.0)],
        vec![from_pot("local", None)],
    )]
    .into();
    s
}

#[test]
fn check_says_what_the_warnings_come_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    let short = write(dir.path(), "short.ron", &hub_short("Short"));
    // Fees of 5% on a council sale: over the 4% councils may fund from the receipt; no gap.
    let mut fees = hub_short("Fees");
    fees.projects.clear();
    fees.sites[0].owner = "council".into();
    fees.retention_rules = vec![kind_rule("councils", OrgKind::Council, 1.0, "local")].into();
    fees.disposals[0].cost_rate = 0.05;
    let fees = write(dir.path(), "fees.ron", &fees);
    let out = run(&["check", path_arg(&short), path_arg(&fees)]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("  1 warning, including funding gaps of £0.5m (Project hub)\n"),
        "{stdout}"
    );
    assert!(stdout.contains("  1 warning, on Cost rate (1)\n"), "{stdout}");
    assert!(
        stdout.contains("warning: Disposal 'a-d' (Site a), Cost rate: "),
        "{stdout}"
    );
    assert!(!stdout.contains("field `"), "{stdout}");
}

#[test]
fn an_error_names_the_field_by_its_label() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = hub_short("Broken");
    s.projects[0].optimism_bias = 3.0;
    s.projects[0].funding = vec![from_pot("nowhere", None)];
    let file = write(dir.path(), "broken.ron", &s);
    let out = run(&["check", path_arg(&file)]);
    // The errors go to standard error.
    let stdout = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("Project 'hub' (Project hub), Optimism bias: "),
        "{stdout}"
    );
    assert!(
        stdout.contains("Project 'hub' (Project hub), Funding sources: "),
        "{stdout}"
    );
}

#[test]
fn compare_keeps_columns_aligned_and_names_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Long names that share their first 40 characters: cut short, they would read the same.
    let a = "North Central London estates programme: option A";
    let b = "North Central London estates programme: option B";
    let mut second = hub_short(b);
    second.sites[0].value = 12_000_000.0;
    let files = [
        write(dir.path(), "a.ron", &hub_short(a)),
        write(dir.path(), "b.ron", &second),
        write(dir.path(), "c.ron", &hub_short("Short")),
    ];
    let out = run(&["compare", path_arg(&files[0]), path_arg(&files[1]), path_arg(&files[2])]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains(&format!("  1. {a}\n  2. {b}\n")), "{stdout}");
    assert!(!stdout.contains('…'), "no name is shortened: {stdout}");
    let table: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Headline"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(table.len(), 10, "a heading and nine headlines: {stdout}");
    assert!(table[0].contains("Scenario 1") && table[0].contains("Scenario 2") && table[0].contains("3. Short"));
    // Every row as wide as the heading, each figure ending where its heading ends.
    let width = table[0].chars().count();
    assert!(table.iter().all(|l| l.chars().count() == width), "{stdout}");
    let gross = table
        .iter()
        .find(|l| l.starts_with("Gross receipts"))
        .expect("a gross row");
    // £2m, then £12m (+£10m) for B.
    assert!(gross.contains("£12.0m (+£10.0m)"), "{gross}");
    let end_of = |line: &str, text: &str| {
        line.find(text)
            .map(|i| line[..i].chars().count() + text.chars().count())
    };
    assert_eq!(end_of(gross, "£12.0m (+£10.0m)"), end_of(table[0], "Scenario 2"));
}
