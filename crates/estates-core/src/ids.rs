//! Ids people can tell apart. An id that looks the same must be the same id:
//! `é` typed as one character and as `e` plus a combining accent are made
//! equal by normalising every id to Unicode NFC when a file is loaded, and
//! characters that cannot be seen (a zero-width space, a direction override)
//! or that are not text at all (NUL, escape, bell) are refused in ids by
//! validation. Names may hold any visible text but no control characters.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::model::{AppliesTo, FundingSource, Scenario};

/// Normalises every id and every reference to one in the scenario to NFC,
/// so that references made with either spelling still find their item.
pub fn normalize_ids(s: &mut Scenario) {
    for o in &mut s.organisations {
        nfc(&mut o.id);
    }
    for site in &mut s.sites {
        nfc(&mut site.id);
        nfc(&mut site.owner);
    }
    for d in &mut s.disposals {
        nfc(&mut d.id);
        nfc(&mut d.site);
    }
    for a in &mut s.assemblies {
        nfc(&mut a.id);
        a.members.iter_mut().for_each(nfc);
    }
    for p in &mut s.pots {
        nfc(&mut p.id);
    }
    for r in &mut s.retention_rules {
        nfc(&mut r.id);
        nfc(&mut r.pot);
        if let AppliesTo::Organisation(org) = &mut r.applies_to {
            nfc(org);
        }
    }
    for p in &mut s.projects {
        nfc(&mut p.id);
        if let Some(site) = &mut p.site {
            nfc(site);
        }
        for source in &mut p.funding {
            if let FundingSource::Pot { pot, .. } = source {
                nfc(pot);
            }
        }
    }
}

/// Rewrites `text` in NFC; nearly every id already is, and is left alone
/// without allocating.
fn nfc(text: &mut String) {
    if is_nfc_quick(text.chars()) != IsNormalized::Yes {
        *text = text.nfc().collect();
    }
}

/// The first character of an id that cannot be seen or is not text, if any.
pub fn hidden_in_id(id: &str) -> Option<char> {
    // Nearly every id is ASCII, where only control characters can hide: a
    // byte scan, since validation reads every id on every edit.
    if id.is_ascii() {
        return ascii_control(id);
    }
    id.chars().find(|&c| c.is_control() || is_invisible(c))
}

/// The first control character of a name (NUL, escape, bell, a line break), if any.
pub fn control_in_name(name: &str) -> Option<char> {
    if name.is_ascii() {
        return ascii_control(name);
    }
    name.chars().find(|c| c.is_control())
}

/// The first control character of ASCII text: the same as `char::is_control`
/// finds there, since its other control characters (U+0080 to U+009F) are not ASCII.
fn ascii_control(text: &str) -> Option<char> {
    text.bytes().find(u8::is_ascii_control).map(char::from)
}

/// Unicode's default-ignorable code points (DerivedCoreProperties.txt, Unicode
/// 16): characters that are drawn as nothing, such as the zero-width space and
/// joiners, the soft hyphen, direction marks and overrides, variation
/// selectors and the byte order mark; and the line and paragraph separators.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// A character as a refusal names it: `U+200B`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composed_and_decomposed_accents_become_one_id() {
        let mut s = Scenario::default();
        s.pots.push(crate::model::Pot {
            id: "caf\u{65}\u{301}".into(),
            ..crate::model::Pot::default()
        });
        normalize_ids(&mut s);
        assert_eq!(s.pots[0].id, "caf\u{e9}");
    }

    #[test]
    fn invisible_and_control_characters_are_found() {
        assert_eq!(hidden_in_id("s\u{200b}"), Some('\u{200b}'));
        assert_eq!(hidden_in_id("a\u{7}"), Some('\u{7}'));
        assert_eq!(hidden_in_id("\u{feff}x"), Some('\u{feff}'));
        assert_eq!(hidden_in_id("caf\u{e9}-hub 2"), None);
        assert_eq!(control_in_name("Clinic \u{1b}[31m"), Some('\u{1b}'));
        assert_eq!(control_in_name("Clinic 🏥 \u{200b}"), None);
        assert_eq!(code_point('\u{200b}'), "U+200B");
    }
}
