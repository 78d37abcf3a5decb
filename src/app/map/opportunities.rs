//! The "Marriage value opportunities" panel beside the map: pairs of nearby
//! sites of different owners (MODEL.md section 10, found by
//! `estates_core::place`), nearest first, each made into an assembly with a
//! click; and the offer to line up the new assembly's disposals.

use egui::{RichText, ScrollArea, Ui};
use estates_core::engine::fy_label;
use estates_core::format::money_m;
use estates_core::place::{opportunities, Opportunity};
use estates_core::Scenario;

use crate::app::command::Command;

/// Distance searched when the panel first opens, as the CLI's default.
pub const DEFAULT_WITHIN_M: f64 = 100.0;
/// The farthest apart two sites can be and still be offered: beyond a
/// couple of kilometres two sites are not one development.
const MAX_WITHIN_M: f64 = 5_000.0;
/// A row: the figures and the button, then one line per site (shortened to the panel's width).
const ROW_HEIGHT: f32 = 78.0;

/// The panel's state: the distance searched and what was found at a revision.
pub struct Opportunities {
    pub within_m: f64,
    found: Option<(u64, f64, Vec<Opportunity>)>,
    /// The pair under the pointer in the list, drawn boldly on the map.
    pub hovered: Option<[usize; 2]>,
}

impl Default for Opportunities {
    fn default() -> Self {
        Opportunities {
            within_m: DEFAULT_WITHIN_M,
            found: None,
            hovered: None,
        }
    }
}

impl Opportunities {
    /// The opportunities of the scenario at `revision`, searched again only
    /// when the scenario or the distance changed.
    pub fn found(&mut self, s: &Scenario, revision: u64) -> &[Opportunity] {
        let within = self.within_m;
        let stale = self
            .found
            .as_ref()
            .is_none_or(|(r, w, _)| *r != revision || *w != within);
        if stale {
            self.found = Some((revision, within, opportunities(s, within)));
        }
        self.found.as_ref().map_or(&[], |(_, _, list)| list.as_slice())
    }

    pub fn forget(&mut self) {
        self.found = None;
        self.hovered = None;
    }
}

/// The panel: the distance, then the pairs, each with "Make assembly".
pub fn opportunities_ui(ui: &mut Ui, state: &mut Opportunities, s: &Scenario, revision: u64, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let label = ui.label("Within");
        ui.add(
            egui::DragValue::new(&mut state.within_m)
                .range(0.0..=MAX_WITHIN_M)
                .speed(5.0)
                .suffix(" m"),
        )
        .labelled_by(label.id);
    });
    let within = state.within_m;
    let found = state.found(s, revision);
    ui.label(
        RichText::new(format!(
            "{} within {within:.0} m of each other, of different owners and not already assembled; nearest first.",
            pairs(found.len())
        ))
        .weak(),
    );
    ui.separator();
    let mut hovered = None;
    ScrollArea::vertical()
        .id_salt("opportunities")
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, found.len(), |ui, rows| {
            for o in &found[rows] {
                let response = ui.scope(|ui| candidate_ui(ui, s, o, out)).response;
                if response.contains_pointer() {
                    hovered = Some(o.site_index);
                }
            }
        });
    state.hovered = hovered;
}

fn candidate_ui(ui: &mut Ui, s: &Scenario, o: &Opportunity, out: &mut Vec<Command>) {
    ui.set_min_height(ROW_HEIGHT - 8.0);
    let name = |k: usize| {
        s.sites
            .get(o.site_index[k])
            .map_or(o.sites[k].as_str(), |x| x.name.as_str())
    };
    let owner = |k: usize| {
        s.organisation(&o.owners[k])
            .map_or(o.owners[k].as_str(), |x| x.name.as_str())
    };
    let year = |k: usize| o.disposal_fy[k].map_or_else(|| "no sale planned".to_owned(), fy_label);
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{:.0} m", o.distance_m)).strong());
        ui.label(format!("{} together", money_m(o.value_sum)));
        if ui
            .button("Make assembly")
            .on_hover_text("An assembly of the two sites, as one undo step")
            .clicked()
        {
            out.push(Command::MakeAssembly(o.site_index));
        }
    });
    for k in 0..2 {
        let text = format!("{} ({}, {})", name(k), owner(k), year(k));
        ui.add(egui::Label::new(&text).truncate()).on_hover_text(text);
    }
    ui.separator();
}

fn pairs(n: usize) -> String {
    if n == 1 {
        "1 pair".to_owned()
    } else {
        format!("{n} pairs")
    }
}

/// After an assembly is made from a candidate whose sales fall in different
/// years: the offer to move them to one year, since an assembly is realised
/// only when all its members are sold in the same year (MODEL.md section 4).
#[derive(Debug, Clone, PartialEq)]
pub struct LineUpOffer {
    pub assembly: String,
    pub name: String,
    /// The year the sales would move to: the latest, as no site can be sold before it is ready.
    pub fy: i32,
}

impl LineUpOffer {
    /// The offer for an assembly, if each member has exactly one disposal and
    /// they are not all in one year.
    pub fn of(s: &Scenario, assembly: &str) -> Option<Self> {
        let a = s.assemblies.iter().find(|a| a.id == assembly)?;
        let years: Option<Vec<i32>> = a
            .members
            .iter()
            .map(|m| match sales_of(s, m).as_slice() {
                [one] => Some(s.disposals[*one].fy),
                _ => None,
            })
            .collect();
        let years = years?;
        let (first, last) = (years.iter().min()?, years.iter().max()?);
        (first != last).then(|| LineUpOffer {
            assembly: a.id.clone(),
            name: a.name.clone(),
            fy: *last,
        })
    }
}

/// Moves the disposals of an assembly's members to year `fy`; returns whether any moved.
pub fn line_up(s: &mut Scenario, assembly: &str, fy: i32) -> bool {
    let Some(a) = s.assemblies.iter().find(|a| a.id == assembly) else {
        return false;
    };
    let sales: Vec<usize> = a.members.iter().flat_map(|m| sales_of(s, m)).collect();
    let mut moved = false;
    for i in sales {
        moved |= s.disposals[i].fy != fy;
        s.disposals[i].fy = fy;
    }
    moved
}

/// Positions of a site's disposals in the scenario.
fn sales_of(s: &Scenario, site: &str) -> Vec<usize> {
    (0..s.disposals.len())
        .filter(|&i| s.disposals[i].site == site)
        .collect()
}

/// The offer, with its two answers.
pub fn line_up_ui(ui: &mut Ui, offer: &LineUpOffer, out: &mut Vec<Command>) -> bool {
    let mut answered = false;
    ui.group(|ui| {
        ui.label(format!(
            "Made the assembly '{}'. Its sites are sold in different years, so no marriage value is \
             counted until they are sold together.",
            offer.name
        ));
        ui.horizontal(|ui| {
            if ui.button(format!("Sell both in {}", fy_label(offer.fy))).clicked() {
                out.push(Command::LineUpDisposals(offer.assembly.clone(), offer.fy));
                answered = true;
            }
            answered |= ui.button("Keep the years").clicked();
        });
    });
    answered
}

#[cfg(test)]
mod tests {
    use estates_core::model::{Assembly, Disposal, Split};

    use super::*;

    fn scenario(years: &[(&str, i32)]) -> Scenario {
        Scenario {
            disposals: years
                .iter()
                .map(|(site, fy)| Disposal::new(*site, *site, *fy))
                .collect(),
            assemblies: vec![Assembly {
                id: "ab".into(),
                name: "A and B".into(),
                members: vec!["a".into(), "b".into()],
                enabled: true,
                combined_value: None,
                uplift: Some(0.0),
                split: Split::default(),
            }]
            .into(),
            ..Scenario::default()
        }
    }

    #[test]
    fn sales_in_different_years_are_offered_the_later_year() {
        let mut s = scenario(&[("a", 2028), ("b", 2030)]);
        let offer = LineUpOffer::of(&s, "ab").expect("out of step");
        assert_eq!(offer.fy, 2030);
        assert!(line_up(&mut s, "ab", offer.fy));
        assert!(s.disposals.iter().all(|d| d.fy == 2030));
        assert_eq!(LineUpOffer::of(&s, "ab"), None, "in step now");
    }

    #[test]
    fn no_offer_when_a_member_has_no_sale_or_several() {
        assert_eq!(LineUpOffer::of(&scenario(&[("a", 2028)]), "ab"), None);
        assert_eq!(
            LineUpOffer::of(&scenario(&[("a", 2028), ("b", 2030), ("b", 2031)]), "ab"),
            None
        );
        assert_eq!(LineUpOffer::of(&scenario(&[("a", 2028), ("b", 2028)]), "ab"), None);
    }
}
