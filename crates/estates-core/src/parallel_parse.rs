//! Reading a large RON scenario on every core.
//!
//! Nine tenths of loading a London-scale file (5,000 sites, 4 MB) is `ron`'s
//! parser, which reads one character at a time on one thread. The scenario's
//! long lists are independent of each other item by item, so they are cut at
//! the commas between their items into pieces of a few hundred items, and the
//! pieces are read at once on all cores; the rest of the file (assumptions and
//! short lists) is read as usual with the long lists left empty.
//!
//! This is only a faster way to the same result: any text this cannot cut
//! cleanly, and any piece that does not read, sends the whole text to the
//! ordinary parse, which then gives the result or the error (with its line and
//! column) exactly as before. Each piece is read with the file's own
//! `#![enable(...)]` lines, so it is read under the same rules.

use std::ops::Range;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::comments::{atom_end, block_comment_end, line_comment_end, prefixed_literal_end, quoted_end};
use crate::io::ron_options;
use crate::migrate::skip_ron_preamble;
use crate::model::{Scenario, Shared};

/// The scenario's lists, as named in files.
const LISTS: [&str; 7] = [
    "organisations",
    "sites",
    "disposals",
    "assemblies",
    "pots",
    "retention_rules",
    "projects",
];

/// Lists shorter than this are read with the rest of the file.
const MIN_ITEMS: usize = 512;

/// Items in one piece read on one thread: small enough to share the work
/// out evenly, large enough that starting a piece costs nothing noticeable.
const ITEMS_PER_PIECE: usize = 256;

/// A long list found in the text: its key, the text between its brackets,
/// and where the commas between its items are.
struct ListText<'a> {
    key: &'a str,
    body: Range<usize>,
    commas: Vec<usize>,
}

/// The scenario in `text` (RON, already carried to the current version), read
/// in parallel; `None` when the text is small, cannot be cut cleanly, or does
/// not read: the caller then reads it whole, as before.
pub(crate) fn parse_ron(text: &str) -> Option<Scenario> {
    let preamble = &text[..text.len() - skip_ron_preamble(text).len()];
    let lists: Vec<ListText> = find_lists(text, preamble.len())?
        .into_iter()
        .filter(|l| l.commas.len() >= MIN_ITEMS)
        .collect();
    if lists.is_empty() {
        return None;
    }
    let mut rest = String::with_capacity(text.len() / 8);
    let mut at = 0;
    for list in &lists {
        rest.push_str(&text[at..list.body.start]);
        at = list.body.end;
    }
    rest.push_str(&text[at..]);
    let mut scenario: Scenario = ron_options().from_str(&rest).ok()?;
    for list in &lists {
        match list.key {
            "organisations" => scenario.organisations = read_list(text, preamble, list)?,
            "sites" => scenario.sites = read_list(text, preamble, list)?,
            "disposals" => scenario.disposals = read_list(text, preamble, list)?,
            "assemblies" => scenario.assemblies = read_list(text, preamble, list)?,
            "pots" => scenario.pots = read_list(text, preamble, list)?,
            "retention_rules" => scenario.retention_rules = read_list(text, preamble, list)?,
            "projects" => scenario.projects = read_list(text, preamble, list)?,
            _ => return None,
        }
    }
    Some(scenario)
}

/// Reads a list's pieces at once, each as a list of its own, and joins them in order.
fn read_list<T: DeserializeOwned + Send>(text: &str, preamble: &str, list: &ListText) -> Option<Shared<T>> {
    // Each piece but the last ends just after a comma (a trailing comma is valid RON).
    let mut bounds = vec![list.body.start];
    bounds.extend(
        list.commas
            .iter()
            .skip(ITEMS_PER_PIECE - 1)
            .step_by(ITEMS_PER_PIECE)
            .map(|comma| comma + 1),
    );
    bounds.push(list.body.end);
    let pieces: Vec<Vec<T>> = bounds
        .par_windows(2)
        .map(|w| {
            let piece = format!("{preamble}[{}]", &text[w[0]..w[1]]);
            ron_options().from_str::<Vec<T>>(&piece).ok()
        })
        .collect::<Option<_>>()?;
    Some(pieces.into_iter().flatten().collect())
}

/// The scenario's lists in the text after its preamble: where each one's
/// body lies and where the commas between its items are, skipping strings
/// and comments. `None` when brackets do not match, a list is given twice,
/// or a string or comment never ends.
fn find_lists(text: &str, from: usize) -> Option<Vec<ListText<'_>>> {
    let b = text.as_bytes();
    let mut lists: Vec<ListText> = Vec::new();
    let mut current: Option<ListText> = None;
    let mut depth = 0usize;
    // The last word at the scenario's own level: the key of what follows.
    let mut key: Option<&str> = None;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        match c {
            _ if c.is_ascii_whitespace() => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => i = line_comment_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => i = block_comment_end(b, i)?,
            b'"' | b'\'' => {
                i = quoted_end(b, i + 1, c)?;
                key = None;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if let (2, b'[', Some(k)) = (depth, c, key.filter(|k| LISTS.contains(k))) {
                    if lists.iter().any(|l| l.key == k) {
                        return None;
                    }
                    current = Some(ListText {
                        key: k,
                        body: i + 1..i + 1,
                        commas: Vec::new(),
                    });
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                if depth == 2 {
                    if let Some(mut list) = current.take() {
                        list.body.end = i;
                        lists.push(list);
                    }
                }
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            b',' => {
                if let (2, Some(list)) = (depth, current.as_mut()) {
                    list.commas.push(i);
                }
                i += 1;
            }
            b':' => i += 1,
            _ => {
                let end = match prefixed_literal_end(b, i) {
                    Some(end) => end?,
                    None => atom_end(b, i),
                };
                if depth == 1 {
                    key = Some(&text[i..end]);
                }
                i = end;
            }
        }
    }
    (depth == 0).then_some(lists)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{london_scale, GenParams};

    #[test]
    fn a_london_scale_file_is_read_in_pieces() {
        let s = london_scale(7, &GenParams::default());
        let text = crate::io::to_ron(&s).map_err(|e| e.to_string());
        let read = text.as_deref().ok().and_then(parse_ron);
        assert_eq!(read, Some(s), "cut into pieces and read the same");
    }

    #[test]
    fn text_that_cannot_be_cut_cleanly_is_left_to_the_whole_read() {
        let s = london_scale(7, &GenParams::default());
        let Ok(text) = crate::io::to_ron(&s) else {
            panic!("the scenario is written");
        };
        assert!(parse_ron(&format!("{text})")).is_none(), "a bracket too many");
        assert!(parse_ron(&text.replacen("sites: [", "sites: [[", 1)).is_none());
        let twice = text.replacen("disposals: [", "sites: [], disposals: [", 1);
        assert!(parse_ron(&twice).is_none(), "a list given twice");
    }
}
