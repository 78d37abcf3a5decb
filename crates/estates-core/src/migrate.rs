//! Scenario format versions, and the steps that carry an older file forward.
//!
//! Every file names its `version`. When the format changes, `CURRENT_VERSION`
//! goes up by one and a [`Step`] from the previous version is added to
//! [`STEPS`]. A step rewrites the *text* of a file (RON or JSON): text, because
//! a step must be able to rename fields and change enum variants that the
//! current types no longer know, and `ron::Value` loses struct and variant
//! names. Steps run in order from the file's version to the current one; the
//! result is then read with the current types and stamped with the current
//! version, so the next save writes the current format (the previous file is
//! kept as a `.bak` by [`crate::io::save`]).
//!
//! A file without a `version` is read as version [`FIRST_VERSION`], so a
//! hand-written file keeps loading after the format moves on. A file newer
//! than this build is refused before anything else is read, and nothing on
//! disk is touched by loading in any case.

use std::borrow::Cow;

use serde::Deserialize;

use crate::io::{ron_options, FileFormat, LoadError};
use crate::model::CURRENT_VERSION;

/// The first scenario format version; files without a `version` field are this.
pub const FIRST_VERSION: u32 = 1;

/// One migration: rewrites the text of a version `from` file into version `from + 1`.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    pub from: u32,
    /// What changed, for the migration's error messages and the changelog.
    pub describe: &'static str,
    /// The rewrite; an `Err` says why this file cannot be carried forward.
    pub apply: fn(&str, FileFormat) -> Result<String, String>,
}

/// The steps of this build, oldest first. Version 1 is the first format, so
/// there are none yet; version 2 adds `Step { from: 1, .. }` here.
pub const STEPS: &[Step] = &[];

/// The version a scenario text declares, `FIRST_VERSION` when it declares none,
/// or `None` when the text cannot be read far enough to tell (its syntax error
/// is then reported by the full parse).
pub fn file_version(text: &str, format: FileFormat) -> Option<u32> {
    if format == FileFormat::Ron {
        if let Some(version) = leading_ron_version(text) {
            return Some(version);
        }
    }
    // Named like the model's struct, because RON checks the struct name.
    #[derive(Deserialize)]
    #[serde(rename = "Scenario")]
    struct VersionOnly {
        #[serde(default)]
        version: Option<u32>,
    }
    let probe: Option<VersionOnly> = match format {
        FileFormat::Ron => ron_options().from_str(text).ok(),
        FileFormat::Json => serde_json::from_str(text).ok(),
    };
    probe.map(|p| p.version.unwrap_or(FIRST_VERSION))
}

/// The version of a RON file that opens as this program saves it, `Scenario(`
/// then `version: N,` (after any comments and `#![enable(...)]` lines), read
/// from those first characters alone: probing a 5,000-site file in full costs
/// as much as reading it. Any other opening (another field first) gives
/// `None`, and the full probe decides.
fn leading_ron_version(text: &str) -> Option<u32> {
    let rest = skip_ron_preamble(text)
        .strip_prefix("Scenario")?
        .trim_start()
        .strip_prefix('(')?;
    let rest = rest
        .trim_start()
        .strip_prefix("version")?
        .trim_start()
        .strip_prefix(':')?;
    let rest = rest.trim_start();
    let digits = rest.find(|c: char| !c.is_ascii_digit())?;
    let after = rest[digits..].trim_start();
    if !after.starts_with([',', ')']) {
        return None;
    }
    rest[..digits].parse().ok()
}

/// The text after leading whitespace, comments and inner attributes such as
/// `#![enable(implicit_some)]`, which the pretty printer writes first.
fn skip_ron_preamble(text: &str) -> &str {
    let mut rest = text.trim_start();
    loop {
        let skipped = if rest.starts_with("//") {
            rest.find('\n').map_or("", |end| &rest[end..])
        } else if let Some(body) = rest.strip_prefix("/*") {
            body.find("*/").map_or("", |end| &body[end + 2..])
        } else if rest.starts_with("#![") {
            rest.find(']').map_or("", |end| &rest[end + 1..])
        } else {
            return rest;
        };
        rest = skipped.trim_start();
    }
}

/// A scenario text carried forward to the current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgraded<'a> {
    pub text: Cow<'a, str>,
    /// The version the file was written in (equal to the current one when no step ran).
    pub from: u32,
}

/// Checks a scenario text's version and migrates it to `CURRENT_VERSION`.
pub fn upgrade(text: &str, format: FileFormat) -> Result<Upgraded<'_>, LoadError> {
    upgrade_with(text, format, CURRENT_VERSION, STEPS)
}

/// [`upgrade`] with an explicit current version and step list, so the
/// framework can be tested against versions that do not exist yet.
pub fn upgrade_with<'a>(
    text: &'a str,
    format: FileFormat,
    current: u32,
    steps: &[Step],
) -> Result<Upgraded<'a>, LoadError> {
    let Some(found) = file_version(text, format) else {
        return Ok(Upgraded {
            text: text.into(),
            from: current,
        });
    };
    if found == 0 {
        return Err(LoadError::Syntax {
            line: 1,
            col: 1,
            message: format!("version 0 is not a scenario format version; the first is {FIRST_VERSION}"),
        });
    }
    if found > current {
        return Err(LoadError::TooNew {
            found,
            supported: current,
        });
    }
    let mut text: Cow<'a, str> = text.into();
    for version in found..current {
        let step = steps.iter().find(|s| s.from == version).ok_or(LoadError::Migration {
            from: version,
            to: version + 1,
            message: "this build has no migration for it".to_owned(),
        })?;
        let next = (step.apply)(&text, format).map_err(|message| LoadError::Migration {
            from: version,
            to: version + 1,
            message: format!("{}: {message}", step.describe),
        })?;
        text = next.into();
    }
    Ok(Upgraded { text, from: found })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::parse_unvalidated;

    const V1_FIXTURE: &str = include_str!("../../../tests/fixtures/scenario-v1.ron");

    /// A pretend version 2 that measures land growth in percent, so its step must
    /// change a number (and keep the file's structure, which is all a test can check).
    fn percent_growth(text: &str, _format: FileFormat) -> Result<String, String> {
        let (before, after) = text.split_once("land_growth: ").ok_or("no land_growth")?;
        let end = after.find([',', '\n']).ok_or("land_growth has no end")?;
        let fraction: f64 = after[..end].trim().parse().map_err(|e| format!("land_growth: {e}"))?;
        Ok(format!("{before}land_growth: {}{}", fraction * 100.0, &after[end..]))
    }

    /// A pretend version 3 that records its migration in the description.
    fn note_migration(text: &str, _format: FileFormat) -> Result<String, String> {
        Ok(text.replacen("description: \"", "description: \"[migrated] ", 1))
    }

    const PRETEND_STEPS: [Step; 2] = [
        Step {
            from: 2,
            describe: "version 3 notes migrations",
            apply: note_migration,
        },
        Step {
            from: 1,
            describe: "version 2 measures land growth in percent",
            apply: percent_growth,
        },
    ];

    #[test]
    fn the_version_is_read_from_the_opening_of_a_saved_file_or_else_from_the_whole_file() {
        // The opening is enough, even when something later would not parse.
        assert_eq!(
            file_version("Scenario(\n    version: 7,\n    name: ???", FileFormat::Ron),
            Some(7)
        );
        // Another field first, or a comment, falls back to reading the whole file.
        assert_eq!(
            file_version("Scenario(name: \"x\", version: 3)", FileFormat::Ron),
            Some(3)
        );
        assert_eq!(
            file_version("Scenario(version: 1 /* c */, name: ???", FileFormat::Ron),
            None
        );
        assert_eq!(file_version("(version: 4)", FileFormat::Ron), Some(4));
    }

    #[test]
    fn comments_and_extension_attributes_before_the_opening_are_skipped() {
        let saved = "#![enable(implicit_some)]\nScenario(\n    version: 5,\n    name: ???";
        assert_eq!(leading_ron_version(saved), Some(5));
        let written = "// Illustrative figures.\n/* not valuations */\n\nScenario(version: 2, name: ???";
        assert_eq!(leading_ron_version(written), Some(2));
        assert_eq!(leading_ron_version("// only a comment"), None);
    }

    #[test]
    fn the_version_1_fixture_is_read_as_version_1() {
        assert_eq!(file_version(V1_FIXTURE, FileFormat::Ron), Some(1));
        let up = upgrade(V1_FIXTURE, FileFormat::Ron).unwrap();
        assert_eq!(up.from, 1);
        assert!(
            matches!(up.text, Cow::Borrowed(_)),
            "no step runs at the current version"
        );
    }

    #[test]
    fn a_version_1_file_is_carried_through_every_later_step_in_order() {
        let up = upgrade_with(V1_FIXTURE, FileFormat::Ron, 3, &PRETEND_STEPS).unwrap();
        assert_eq!(up.from, 1);
        // The fixture has land_growth 0.01 and description "Written by version 1 ...".
        let s = parse_unvalidated(&up.text, FileFormat::Ron).unwrap();
        assert!(
            (s.land_growth - 1.0).abs() < 1e-12,
            "step 1 -> 2 ran once: {}",
            s.land_growth
        );
        assert!(
            s.description.starts_with("[migrated] Written by version 1"),
            "{}",
            s.description
        );
        // Everything the steps do not touch comes through unchanged.
        let original = parse_unvalidated(V1_FIXTURE, FileFormat::Ron).unwrap();
        assert_eq!(s.sites, original.sites);
        assert_eq!(s.disposals, original.disposals);
    }

    #[test]
    fn a_version_2_file_runs_only_the_later_step() {
        let v2 = V1_FIXTURE.replacen("version: 1", "version: 2", 1);
        let up = upgrade_with(&v2, FileFormat::Ron, 3, &PRETEND_STEPS).unwrap();
        assert_eq!(up.from, 2);
        let s = parse_unvalidated(&up.text.replacen("version: 2", "version: 1", 1), FileFormat::Ron).unwrap();
        assert!((s.land_growth - 0.01).abs() < 1e-12);
        assert!(s.description.starts_with("[migrated] "));
    }

    #[test]
    fn a_missing_step_or_a_failing_step_is_a_migration_error() {
        let e = upgrade_with(V1_FIXTURE, FileFormat::Ron, 2, &[]).unwrap_err();
        assert!(matches!(e, LoadError::Migration { from: 1, to: 2, .. }), "{e}");
        let no_growth = V1_FIXTURE.replacen("land_growth: 0.01,", "", 1);
        let e = upgrade_with(&no_growth, FileFormat::Ron, 2, &PRETEND_STEPS).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("version 1 to version 2") && text.contains("no land_growth"),
            "{text}"
        );
    }

    #[test]
    fn newer_files_are_refused_and_unversioned_files_are_the_first_version() {
        let e = upgrade_with(V1_FIXTURE, FileFormat::Ron, 0, &[]).unwrap_err();
        assert!(matches!(e, LoadError::TooNew { found: 1, supported: 0 }));
        assert_eq!(
            file_version("(name: \"x\", start_fy: 2026, horizon: 5)", FileFormat::Ron),
            Some(1)
        );
        assert_eq!(file_version("{\"version\": 7}", FileFormat::Json), Some(7));
        assert_eq!(file_version("Scenario(version: 9)", FileFormat::Ron), Some(9));
        assert_eq!(file_version("not ron (", FileFormat::Ron), None);
    }
}
