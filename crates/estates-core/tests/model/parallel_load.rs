//! Long lists are read on every core when a scenario loads (issue 15, item 3):
//! the result must be exactly what reading the file whole gives, and errors
//! must be reported where they are.

use estates_core::generate::{london_scale, GenParams};
use estates_core::io::{parse_unvalidated, to_ron, FileFormat, LoadError};
use estates_core::Scenario;

fn london() -> Scenario {
    london_scale(2026, &GenParams::default())
}

fn text_of(s: &Scenario) -> String {
    match to_ron(s) {
        Ok(text) => text,
        Err(e) => panic!("the scenario is written: {e}"),
    }
}

/// What `ron` reads from the whole text, with no cutting into pieces.
fn read_whole(text: &str) -> Result<Scenario, String> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|e| e.to_string())
}

#[test]
fn a_london_scale_file_reads_back_exactly() {
    let s = london();
    assert!(
        s.sites.len() >= 5_000 && s.disposals.len() > 1_000,
        "long lists, read in pieces"
    );
    let text = text_of(&s);
    let read = parse_unvalidated(&text, FileFormat::Ron).map_err(|e| e.to_string());
    assert_eq!(read.as_ref().map(|r| r.sites.len()).ok(), Some(s.sites.len()));
    assert_eq!(read, Ok(s.clone()));
    assert_eq!(read_whole(&text).map(|w| w == s), Ok(true));
}

#[test]
fn comments_brackets_and_commas_in_text_are_read_as_the_whole_file_reads_them() {
    let mut s = london();
    for (i, site) in s.sites.iter_mut().enumerate().take(900) {
        site.name = format!("Site {i}, \"north\" [part], (see /* note */) // here");
        site.notes = "a, b]) c".into();
    }
    let text = text_of(&s).replacen("Site(", "// a comment, with ] and ) in it\n        Site(", 700);
    let text = text.replacen("),\n", "), /* between, ( items */\n", 1_500);
    let read = parse_unvalidated(&text, FileFormat::Ron).map_err(|e| e.to_string());
    assert_eq!(read, read_whole(&text));
    assert_eq!(read.map(|r| r.sites[5].name.clone()), Ok(s.sites[5].name.clone()));
}

#[test]
fn an_error_deep_in_a_long_list_is_reported_at_its_line_and_column() {
    let s = london();
    let target = s.sites[3_000].id.clone();
    let text = text_of(&s);
    let at = match text.find(&format!("id: \"{target}\"")) {
        Some(at) => at,
        None => panic!("site {target} is in the text"),
    };
    let text = format!("{}probabilty: 1.0, {}", &text[..at], &text[at..]);
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
    match parse_unvalidated(&text, FileFormat::Ron) {
        Err(LoadError::Syntax {
            line: l,
            col: c,
            message,
        }) => {
            assert_eq!((l, c), (line, col), "{message}");
            assert!(message.contains("probabilty"), "{message}");
        }
        other => panic!("a syntax error, not {:?}", other.map(|s| s.name)),
    }
}
