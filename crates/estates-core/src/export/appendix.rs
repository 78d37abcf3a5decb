//! The board pack's appendix "How the headline figures are made": each
//! headline figure of each scenario opened into its largest parts in words
//! (the explanations of `crate::explain`), so a board member can be told
//! where a figure comes from from the paper alone.

use super::layout::Para;
use super::pack::PackItem;
use super::svg::{TextStyle, INK};
use crate::compare::HEADLINES;
use crate::explain::{explain_headline, heading, largest_parts_text};

pub(super) const TITLE: &str = "How the headline figures are made";

/// Largest parts named for each figure; the rest are summed in one line.
const LARGEST: usize = 5;

const SCENARIO_HEAD: TextStyle = TextStyle::new(11.0, true, INK);
const FIGURE_HEAD: TextStyle = TextStyle::new(10.0, true, INK);
const PART_TEXT: TextStyle = TextStyle::new(9.0, false, INK);
const HANGING: f64 = 14.0;

pub(super) fn subtitle() -> String {
    format!(
        "Each headline figure with its {LARGEST} largest parts: the items and rules that make it, adding up to the figure"
    )
}

/// The appendix's paragraphs: per scenario (named when there are several),
/// each headline's heading, then its largest parts.
pub(super) fn paras(items: &[PackItem]) -> Vec<Para> {
    let mut paras = Vec::new();
    for (k, item) in items.iter().enumerate() {
        if items.len() > 1 {
            let space = if k == 0 { 0.0 } else { 14.0 };
            paras.push(Para::heading(
                SCENARIO_HEAD,
                format!("{}. {}", k + 1, item.scenario.name),
                space,
            ));
        }
        for h in &HEADLINES {
            match explain_headline(item.scenario, h.key) {
                Ok(e) => {
                    paras.push(Para::heading(FIGURE_HEAD, heading(&e), 8.0));
                    let lines = largest_parts_text(&e, LARGEST);
                    if lines.is_empty() {
                        paras.push(Para::new(PART_TEXT, "Nothing makes up this figure.").indented(HANGING));
                    }
                    for line in lines {
                        paras.push(Para::new(PART_TEXT, line).indented(HANGING).spaced(1.0));
                    }
                }
                // Not expected for the headline keys; said on the page rather than left out.
                Err(e) => {
                    paras.push(Para::new(PART_TEXT, format!("{}: cannot be explained: {e}", h.label)).spaced(8.0))
                }
            }
        }
    }
    paras
}
