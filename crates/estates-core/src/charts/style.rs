//! One colour and pattern per thing, everywhere. A pot, an owner or a
//! scenario takes its style from a stable key (its place among every pot or
//! owner of the scenarios shown together, or the scenario's place in a
//! comparison), never from the series' place in one chart, so it looks the
//! same on every chart and page, on screen and on paper. Measures that are
//! not items (returned nationally, the funding gap, capex from grants...)
//! have fixed styles in neutral greys or the warning colour, which no item
//! takes.

use serde::Serialize;

use crate::model::Scenario;

/// An opaque RGB colour (print workflows dislike transparency).
pub type Rgb = (u8, u8, u8);

/// Okabe-Ito colours for items, distinguishable with the common
/// colour-vision deficiencies. Vermillion is kept for funding gaps and grey
/// for measures, so no item is ever confused with either.
pub const PALETTE: [Rgb; 7] = [
    (0, 114, 178),   // blue
    (230, 159, 0),   // orange
    (0, 158, 115),   // bluish green
    (204, 121, 167), // reddish purple
    (86, 180, 233),  // sky blue
    (240, 228, 66),  // yellow
    (0, 0, 0),       // black
];

/// How many fill patterns items cycle through (0 is solid). Coprime with the
/// palette's length, so the first 35 items all differ in colour or pattern,
/// and neighbours differ in both, which greyscale print needs.
pub const ITEM_PATTERNS: usize = 5;

/// How a series is told apart besides its colour: for bars a fill pattern
/// (0 solid, then hatches), for lines a dash (0 continuous).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Style {
    pub colour: Rgb,
    pub pattern: usize,
}

/// The style of the `k`th item of a kind (pot, owner, scenario).
pub fn item_style(k: usize) -> Style {
    Style {
        colour: PALETTE[k % PALETTE.len()],
        pattern: k % ITEM_PATTERNS,
    }
}

/// Fixed styles of the measures charts show. Patterns above
/// [`ITEM_PATTERNS`] are the measures' own hatches.
pub mod measure {
    use super::Style;

    /// Returned nationally: a neutral grey so local money stands out.
    pub const RETURNED: Style = Style {
        colour: (153, 153, 153),
        pattern: 0,
    };
    /// Funding gaps: vermillion, the palette's warning colour, solid (no
    /// item is vermillion, and in greyscale it is a mid grey between the
    /// dark "from pots" and the hatched light "from grants").
    pub const GAP: Style = Style {
        colour: (213, 94, 0),
        pattern: 0,
    };
    /// Capex paid from pots.
    pub const FROM_POTS: Style = Style {
        colour: (77, 77, 77),
        pattern: 0,
    };
    /// Capex paid from grants.
    pub const FROM_GRANTS: Style = Style {
        colour: (178, 178, 178),
        pattern: 5,
    };
    /// Assembled sites' separate values.
    pub const SEPARATE: Style = Style {
        colour: (191, 191, 191),
        pattern: 0,
    };
    /// Assembled sites' joint value.
    pub const JOINT: Style = Style {
        colour: (89, 89, 89),
        pattern: 0,
    };
    /// The items of a long legend grouped into one ("87 other owners").
    pub const OTHERS: Style = Style {
        colour: (204, 204, 204),
        pattern: 7,
    };
    /// Draws in which a project is fully funded.
    pub const FUNDED: Style = Style {
        colour: (0, 158, 115),
        pattern: 0,
    };
    /// A sensitivity's low and high settings.
    pub const LOW: Style = Style {
        colour: (0, 114, 178),
        pattern: 0,
    };
    pub const HIGH: Style = Style {
        colour: (230, 159, 0),
        pattern: 1,
    };
}

/// The stable keys of the scenarios shown together: every pot and owner,
/// in order of first appearance across them. Built from every scenario of
/// a comparison, a pot shared by two scenarios has one style in both.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keys {
    pots: Vec<String>,
    owners: Vec<String>,
}

impl Keys {
    /// The keys of `scenarios`, first to last.
    pub fn of<'a>(scenarios: impl IntoIterator<Item = &'a Scenario>) -> Self {
        let mut keys = Keys::default();
        for s in scenarios {
            for p in &s.pots {
                push_new(&mut keys.pots, &p.id);
            }
            for o in &s.organisations {
                push_new(&mut keys.owners, &o.id);
            }
        }
        keys
    }

    /// A pot's style (an unknown pot takes the next free one).
    pub fn pot(&self, id: &str) -> Style {
        item_style(index_of(&self.pots, id))
    }

    /// An owner's style.
    pub fn owner(&self, id: &str) -> Style {
        item_style(index_of(&self.owners, id))
    }
}

fn push_new(list: &mut Vec<String>, id: &str) {
    if !list.iter().any(|k| k == id) {
        list.push(id.to_owned());
    }
}

fn index_of(list: &[String], id: &str) -> usize {
    list.iter().position(|k| k == id).unwrap_or(list.len())
}
