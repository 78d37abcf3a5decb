//! One colour and pattern per thing, everywhere. A pot or an owner takes
//! its style from its id alone (a fixed hash of it picks one of the
//! palette's colour and pattern pairs), and a scenario from its place in a
//! comparison, never from the series' place in one chart or from which
//! other scenarios are shown with it, so it looks the same on every chart
//! and page, on screen and on paper, in one scenario's pack and in a
//! comparison. Measures that are
//! not items (returned nationally, the funding gap, capex from grants...)
//! have fixed styles in neutral greys or the warning colour, which no item
//! takes.

use serde::Serialize;

use crate::model::Scenario;

/// An opaque RGB colour (print workflows dislike transparency).
pub type Rgb = (u8, u8, u8);

/// Okabe-Ito colours for items, distinguishable with the common
/// colour-vision deficiencies. Vermillion is kept for funding gaps and grey
/// for measures, so no item is ever confused with either; black is left
/// out, since it vanishes on the app's dark background.
pub const PALETTE: [Rgb; 6] = [
    (0, 114, 178),   // blue
    (230, 159, 0),   // orange
    (0, 158, 115),   // bluish green
    (204, 121, 167), // reddish purple
    (86, 180, 233),  // sky blue
    (240, 228, 66),  // yellow
];

/// How many fill patterns items cycle through (0 is solid). Coprime with the
/// palette's length, so the first 30 items all differ in colour or pattern,
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

/// How many distinct colour and pattern pairs items take.
const SLOTS: usize = PALETTE.len() * ITEM_PATTERNS;

/// The styles of the pots and owners of the scenarios shown together, each
/// at the slot its id hashes to ([`home_slot`]). Two ids of one kind that
/// hash to the same slot cannot share it: the later in alphabetical order
/// takes the next free slot, so the set of ids, never their order or the
/// scenario they come from, decides; any id that meets no such clash has
/// the same style in every set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keys {
    pots: Vec<(String, usize)>,
    owners: Vec<(String, usize)>,
}

impl Keys {
    /// The keys of every pot and owner of `scenarios`.
    pub fn of<'a>(scenarios: impl IntoIterator<Item = &'a Scenario>) -> Self {
        let (mut pots, mut owners): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        for s in scenarios {
            pots.extend(s.pots.iter().map(|p| p.id.as_str()));
            owners.extend(s.organisations.iter().map(|o| o.id.as_str()));
        }
        Keys {
            pots: slots(pots),
            owners: slots(owners),
        }
    }

    /// A pot's style (a pot not among the keys takes its home slot).
    pub fn pot(&self, id: &str) -> Style {
        item_style(slot_of(&self.pots, id))
    }

    /// An owner's style.
    pub fn owner(&self, id: &str) -> Style {
        item_style(slot_of(&self.owners, id))
    }
}

/// The slot an id hashes to: FNV-1a of its bytes, the same on every
/// machine and in every version (std's hasher is neither).
pub fn home_slot(id: &str) -> usize {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let hash = id.bytes().fold(OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(PRIME));
    (hash % SLOTS as u64) as usize
}

/// Each distinct id with its slot: ids in alphabetical order take their
/// home slot, or the next free one after it when an earlier id holds it
/// (past [`SLOTS`] ids, slots are shared again).
fn slots(mut ids: Vec<&str>) -> Vec<(String, usize)> {
    ids.sort_unstable();
    ids.dedup();
    let mut taken = [0usize; SLOTS];
    ids.into_iter()
        .map(|id| {
            let home = home_slot(id);
            let round = taken.iter().min().copied().unwrap_or(0);
            let slot = (0..SLOTS)
                .map(|k| (home + k) % SLOTS)
                .find(|s| taken[*s] == round)
                .unwrap_or(home);
            taken[slot] += 1;
            (id.to_owned(), slot)
        })
        .collect()
}

fn slot_of(list: &[(String, usize)], id: &str) -> usize {
    list.iter()
        .find(|(k, _)| k == id)
        .map_or_else(|| home_slot(id), |(_, slot)| *slot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_keeps_its_home_slot_unless_an_earlier_id_holds_it() {
        let home = home_slot("leb-pool");
        let alone = slots(vec!["leb-pool"]);
        assert_eq!(alone, [("leb-pool".to_owned(), home)]);
        // Any other set without a clash leaves it where it was.
        let clash_free: Vec<&str> = ["a", "b", "c", "d", "e"]
            .into_iter()
            .filter(|id| home_slot(id) != home)
            .collect();
        let mut with_others = clash_free.clone();
        with_others.push("leb-pool");
        assert_eq!(slot_of(&slots(with_others), "leb-pool"), home);
    }

    #[test]
    fn clashing_ids_take_distinct_slots_whatever_their_order() {
        // Find two ids with the same home slot, by trying names in turn.
        let first = "pot-0";
        let other = (1..10_000)
            .map(|k| format!("pot-{k}"))
            .find(|id| home_slot(id) == home_slot(first))
            .expect("some id clashes within 10,000 tries");
        let a = slots(vec![first, &other]);
        let b = slots(vec![&other, first]);
        assert_eq!(a, b, "the order the ids arrive in does not matter");
        assert_ne!(a[0].1, a[1].1);
    }

    #[test]
    fn fnv_hashes_are_fixed() {
        // FNV-1a of "a" is 0xaf63dc4c8601ec8c, worked by hand from the constants.
        assert_eq!(home_slot("a"), (0xaf63_dc4c_8601_ec8c_u64 % SLOTS as u64) as usize);
    }
}
