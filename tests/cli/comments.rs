//! Commands that rewrite a scenario keep its comments (issue 11, item 1).
//! The placing of comments is tested in the core's `comments` tests; here,
//! that the commands' writes go through it.

use std::path::Path;
use std::process::Command;

use estates_core::io::{backup_path, load};

const REGISTER: &str = include_str!("../fixtures/surplus-land-register.csv");
const SCENARIO: &str = include_str!("../fixtures/scenario-v1.ron");

/// The version-1 fixture with comments beside and above its first site.
fn commented() -> String {
    SCENARIO
        .replacen(
            "            id: \"s1\",",
            "            id: \"s1\", // beside the first site's id",
            1,
        )
        .replacen("    sites: [\n", "    sites: [\n        // above the first site\n", 1)
}

fn comment_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.contains("//"))
        .map(|l| &l[l.find("//").unwrap_or(0)..])
        .collect()
}

#[test]
fn import_sites_into_a_commented_file_keeps_every_comment() {
    let original = commented();
    assert_eq!(comment_lines(&original).len(), comment_lines(SCENARIO).len() + 2);
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("plan.ron");
    std::fs::write(&scenario, &original).unwrap();
    let register = dir.path().join("register.csv");
    std::fs::write(&register, REGISTER).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_estates-receipts"))
        .args([
            "import-sites",
            register.to_str().unwrap(),
            "--into",
            scenario.to_str().unwrap(),
            "--create-owners",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(&scenario).unwrap();
    assert_eq!(comment_lines(&written), comment_lines(&original), "\n{written}");
    assert!(
        written.contains("id: \"s1\", // beside the first site's id"),
        "\n{written}"
    );
    assert!(written.contains("    sites: [\n        // above the first site\n        Site(\n            id: \"s1\","));
    assert_eq!(load(&scenario).unwrap().sites.len(), 6);
    assert_eq!(
        std::fs::read_to_string(backup_path(Path::new(&scenario))).unwrap(),
        original
    );
}
