//! MODEL.md section 9: what is never accepted. Every rule yields an error that
//! names the item (kind, id and name) and the field, and all are collected, so
//! a person fixing a file sees every problem at once.

// Fast hashes: validation runs on every edit, over thousands of ids at London scale.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::format::fy_label;
use crate::model::{
    AppliesTo, Assembly, Disposal, FundingSource, Location, Project, RetentionRule, RiskSettings, Scenario, Site,
    Split, Triangular,
};
use crate::problem::{ItemKind, ItemRef, Problem};

/// The longest horizon is the model's; validation refuses anything longer.
pub use crate::model::MAX_HORIZON;

/// Tolerance for fractions that must sum to one (phasing, fixed splits).
pub const SUM_TOLERANCE: f64 = 1e-9;
/// The largest money amount accepted anywhere, in pounds: £1 trillion, a
/// thousand times the largest public land deal. With every amount at most
/// this, growth at most 50% a year over 60 years, multipliers and uplifts
/// bounded below and at most a 50 MB file of items, every sum the engine
/// forms stays below about 1e40, far inside `f64`: no finite input can make
/// an infinity or a NaN, and validation needs no separate check of totals.
pub const MAX_AMOUNT: f64 = 1e12;
/// The largest area (hectares or square metres) or count of homes accepted:
/// London is 157,000 ha and the whole NHS estate about 25 million m2.
pub const MAX_MEASURE: f64 = 1e9;
/// The largest marriage value uplift accepted: a combined value 101 times the
/// members' sum (real assemblies add well under 1).
pub const MAX_UPLIFT: f64 = 100.0;
/// The largest multiplier in a risk range (value or capex overrun).
pub const MAX_MULTIPLIER: f64 = 100.0;
/// The financial years a scenario may start in.
pub const START_FY_RANGE: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Every error in a scenario; empty when it is valid.
pub fn validate(s: &Scenario) -> Vec<Problem> {
    let sites = IdIndex::of(s.sites.iter().map(|x| x.id.as_str()));
    let orgs = IdIndex::of(s.organisations.iter().map(|x| x.id.as_str()));
    let pots = IdIndex::of(s.pots.iter().map(|x| x.id.as_str()));
    let disposal_sites: Vec<Option<usize>> = s.disposals.iter().map(|d| sites.get(&d.site)).collect();
    let mut v = Validator {
        s,
        errors: Vec::new(),
        disposal_sites: &disposal_sites,
        sites: &sites,
        orgs: &orgs,
        pots: &pots,
    };
    v.scenario();
    v.organisations();
    v.sites();
    v.disposals();
    v.assemblies();
    v.pots();
    v.retention_rules();
    v.projects();
    v.errors
}

/// The errors of `after`, exactly as [`validate`] gives them, from the errors
/// of `before` (`before_errors`, as `validate` gave them): when the edit
/// between them changed one site and left its id and name alone, only that
/// site's own rules can give a different answer (no other item reads a site's
/// other fields, and its id, name and the lists its rules read are as
/// before), so only they are run again; any other edit is validated in full.
/// The app validates on every edit, and a London-scale register is mostly
/// edited one site at a time.
///
/// `changed_site` is the position of the only site in which `after` can
/// differ from `before`, when the caller has already compared the two lists
/// (the edit's [`crate::edit_summary::EditSummary::changed_in_place`]), so
/// they are not read again; `None` compares them here.
pub fn revalidate(
    before: &Scenario,
    before_errors: &[Problem],
    after: &Scenario,
    changed_site: Option<usize>,
) -> Vec<Problem> {
    let Some(i) = one_site_changed(before, after, changed_site) else {
        return validate(after);
    };
    let orgs = IdIndex::of(after.organisations.iter().map(|x| x.id.as_str()));
    let unused = IdIndex::of(std::iter::empty());
    let mut v = Validator {
        s: after,
        errors: Vec::new(),
        sites: &unused,
        disposal_sites: &[],
        orgs: &orgs,
        pots: &unused,
    };
    let site = &after.sites[i];
    v.site(i, site, disposed_share(after, &site.id));
    splice_site_errors(before_errors, i, v.errors)
}

/// The fields of a site's own rules ([`Validator::site`]); the other errors
/// of a site are about its id and name, and all of them come first, site by
/// site, before these.
const SITE_RULES_FIELDS: [&str; 11] = [
    "owner",
    "area_ha",
    "gia_m2",
    "homes",
    "value",
    "book_value",
    "running_cost",
    "backlog",
    "location.lat",
    "location.lon",
    "share",
];

/// The position of the one site `after` changed, when nothing else changed
/// and that site kept its id and name (`known`: that position, already found
/// by comparing the two lists).
fn one_site_changed(before: &Scenario, after: &Scenario, known: Option<usize>) -> Option<usize> {
    if before.sites.len() != after.sites.len() {
        return None;
    }
    // Everything but the sites compared at once (the other lists are shared,
    // so this reads none of them), whatever fields a scenario gains later.
    let mut rest = after.clone();
    rest.sites = before.sites.clone();
    if rest != *before {
        return None;
    }
    let (old, new) = (&before.sites, &after.sites);
    let i = match known {
        Some(i) => i,
        None => {
            let mut differing = (0..old.len()).filter(|&i| old[i] != new[i]);
            let i = differing.next()?;
            if differing.next().is_some() {
                return None;
            }
            i
        }
    };
    let (old, new) = (old.get(i)?, new.get(i)?);
    (old.id == new.id && old.name == new.name).then_some(i)
}

/// The share of the site with this id its disposals sell, added in the order
/// of the disposals as [`disposed_shares`] adds it.
fn disposed_share(s: &Scenario, site: &str) -> f64 {
    s.disposals
        .iter()
        .filter(|d| d.site == site)
        .fold(0.0, |total, d| total + d.share)
}

/// `errors` with the errors of site `i`'s own rules replaced by `fresh`, in
/// the place [`validate`] puts them: after every site's id and name errors
/// and the own-rule errors of the sites before it, before those of the sites
/// after it and before every later kind of item.
fn splice_site_errors(errors: &[Problem], i: usize, fresh: Vec<Problem>) -> Vec<Problem> {
    let own_rule = |p: &Problem| p.item.kind == ItemKind::Site && SITE_RULES_FIELDS.contains(&p.field.as_str());
    let start = errors
        .iter()
        .position(|p| (own_rule(p) && p.item.index >= i) || kind_order(p.item.kind) > kind_order(ItemKind::Site))
        .unwrap_or(errors.len());
    let end = start
        + errors[start..]
            .iter()
            .take_while(|p| own_rule(p) && p.item.index == i)
            .count();
    let mut spliced = Vec::with_capacity(errors.len() - (end - start) + fresh.len());
    spliced.extend_from_slice(&errors[..start]);
    spliced.extend(fresh);
    spliced.extend_from_slice(&errors[end..]);
    spliced
}

/// The order in which [`validate`] checks the kinds of item.
fn kind_order(kind: ItemKind) -> usize {
    match kind {
        ItemKind::Scenario => 0,
        ItemKind::Organisation => 1,
        ItemKind::Site => 2,
        ItemKind::Disposal => 3,
        ItemKind::Assembly => 4,
        ItemKind::Pot => 5,
        ItemKind::RetentionRule => 6,
        ItemKind::Project => 7,
    }
}

struct Validator<'a> {
    s: &'a Scenario,
    errors: Vec<Problem>,
    // Items by id, so that checking references stays linear even for a
    // 50 MB file with hundreds of thousands of items (a linear search per
    // reference would take hours on one).
    sites: &'a IdIndex<'a>,
    /// The position of each disposal's site, found once for every rule that needs it.
    disposal_sites: &'a [Option<usize>],
    orgs: &'a IdIndex<'a>,
    pots: &'a IdIndex<'a>,
}

/// The positions of a list's items by id, the first of a duplicated id
/// winning (as `Scenario::site` finds it), and which positions repeat an
/// earlier id. One hash insert per item serves both the references to the
/// list and the rule that ids are unique: validation runs on every edit.
struct IdIndex<'a> {
    first: HashMap<&'a str, usize>,
    repeats: Vec<bool>,
}

impl<'a> IdIndex<'a> {
    fn of(ids: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let mut first = HashMap::with_capacity_and_hasher(ids.len(), Default::default());
        let mut repeats = Vec::with_capacity(ids.len());
        for (i, id) in ids.enumerate() {
            let mut new = false;
            first.entry(id).or_insert_with(|| {
                new = true;
                i
            });
            repeats.push(!new);
        }
        IdIndex { first, repeats }
    }

    /// The position of the first item with this id.
    fn get(&self, id: &str) -> Option<usize> {
        self.first.get(id).copied()
    }

    fn contains(&self, id: &str) -> bool {
        self.first.contains_key(id)
    }

    /// The position of the first item with the id of the item at `i`.
    fn first_of(&self, i: usize, id: &str) -> Option<usize> {
        if self.repeats.get(i).copied().unwrap_or(false) {
            self.get(id)
        } else {
            Some(i)
        }
    }
}

/// The message for a reference to nothing: an empty one asks for a choice
/// (a new item made before there was anything to point at), another names
/// the missing id. `a_kind` is the kind with its article: "an organisation".
fn unknown(what: &str, a_kind: &str, id: &str) -> String {
    if id.trim().is_empty() {
        format!("no {what} chosen: choose {a_kind} of this scenario")
    } else {
        format!("{what} '{id}' is not {a_kind} in this scenario")
    }
}

/// An item being checked, borrowed from the scenario: most items have no
/// error, so the owned [`ItemRef`] is made only when one is reported.
#[derive(Clone, Copy)]
struct Item<'a> {
    kind: ItemKind,
    index: usize,
    id: &'a str,
    name: &'a str,
}

fn item<'a>(kind: ItemKind, index: usize, id: &'a str, name: &'a str) -> Item<'a> {
    Item { kind, index, id, name }
}

impl Item<'_> {
    fn owned(&self) -> ItemRef {
        ItemRef {
            kind: self.kind,
            index: self.index,
            id: self.id.to_owned(),
            name: self.name.to_owned(),
        }
    }
}

impl Validator<'_> {
    fn error(&mut self, it: &Item<'_>, field: &str, message: impl Into<String>) {
        self.errors.push(Problem::error(it.owned(), field, message));
    }

    /// A finite amount, area or count that must not be negative.
    fn non_negative(&mut self, it: &Item<'_>, field: &str, x: f64) {
        if !x.is_finite() {
            self.error(it, field, format!("must be a finite number, not {x}"));
        } else if x < 0.0 {
            self.error(it, field, format!("must be 0 or more, not {x}"));
        }
    }

    /// A money amount: finite, 0 or more and at most [`MAX_AMOUNT`].
    fn amount(&mut self, it: &Item<'_>, field: &str, x: f64) {
        self.bounded(it, field, x, MAX_AMOUNT, "£1 trillion (1e12)");
    }

    /// An area or a count of homes: finite, 0 or more and at most [`MAX_MEASURE`].
    fn measure(&mut self, it: &Item<'_>, field: &str, x: f64) {
        self.bounded(it, field, x, MAX_MEASURE, "1e9");
    }

    fn bounded(&mut self, it: &Item<'_>, field: &str, x: f64, max: f64, max_text: &str) {
        if x.is_finite() && x > max {
            self.error(it, field, format!("must be at most {max_text}, not {x:e}"));
        } else {
            self.non_negative(it, field, x);
        }
    }

    /// A finite number inside `[lo, hi]` (or with open ends as flagged).
    fn in_range(&mut self, it: &Item<'_>, field: &str, x: f64, range: Range) {
        if !x.is_finite() {
            self.error(it, field, format!("must be a finite number, not {x}"));
        } else if !range.contains(x) {
            self.error(it, field, format!("must be {}, not {x}", range.describe()));
        }
    }

    fn fy_in_horizon(&mut self, it: &Item<'_>, field: &str, fy: i64) {
        let s = self.s;
        if !s.in_horizon(fy - i64::from(s.start_fy)) {
            let first = s.start_fy;
            let last = i64::from(s.start_fy) + i64::from(s.horizon.max(1)) - 1;
            self.error(
                it,
                field,
                format!(
                    "year {} is outside the horizon ({} to {}); extend the horizon or move it",
                    fy_label(fy),
                    fy_label(first),
                    fy_label(last)
                ),
            );
        }
    }

    /// Every id visible, not empty and not repeated (`repeats` says which
    /// positions repeat an earlier id, from the list's [`IdIndex`]); every name one line.
    fn unique_ids<'i>(&mut self, kind: ItemKind, items: impl Iterator<Item = (&'i str, &'i str)>, repeats: &[bool]) {
        for (i, (id, name)) in items.enumerate() {
            let it = item(kind, i, id, name);
            self.visible_id(&it);
            // A disposal is shown by its site's name, checked with the site.
            if kind != ItemKind::Disposal {
                self.name_text(&it, "name", name);
            }
            if id.trim().is_empty() {
                self.error(&it, "id", "must not be empty");
            } else if repeats.get(i).copied().unwrap_or(false) {
                self.error(
                    &it,
                    "id",
                    format!(
                        "duplicate id '{id}': ids must be unique among {}s",
                        kind.label().to_lowercase()
                    ),
                );
            }
        }
    }

    /// An id may not hide characters that cannot be seen or are not text.
    fn visible_id(&mut self, it: &Item<'_>) {
        if let Some(c) = crate::ids::hidden_in_id(it.id) {
            self.error(
                it,
                "id",
                format!(
                    "contains the invisible or control character {}; type the id again without it",
                    crate::ids::code_point(c)
                ),
            );
        }
    }

    /// A name may hold any visible text but no control character.
    fn name_text(&mut self, it: &Item<'_>, field: &str, name: &str) {
        if let Some(c) = crate::ids::control_in_name(name) {
            self.error(
                it,
                field,
                format!(
                    "contains the control character {}; names are one line of text",
                    crate::ids::code_point(c)
                ),
            );
        }
    }

    fn scenario(&mut self) {
        let s = self.s;
        let it = item(ItemKind::Scenario, 0, "", &s.name);
        self.name_text(&it, "name", &s.name);
        if !START_FY_RANGE.contains(&s.start_fy) {
            self.error(
                &it,
                "start_fy",
                format!(
                    "must be a year from {} to {}, not {}",
                    START_FY_RANGE.start(),
                    START_FY_RANGE.end(),
                    s.start_fy
                ),
            );
        }
        if s.horizon == 0 || s.horizon > MAX_HORIZON {
            self.error(
                &it,
                "horizon",
                format!("must be 1 to {MAX_HORIZON} years, not {}", s.horizon),
            );
        }
        self.in_range(&it, "land_growth", s.land_growth, Range::open(-0.5, 0.5));
        if let crate::model::Discount::Flat(rate) = s.discount {
            self.in_range(&it, "discount", rate, Range::closed(0.0, 0.2));
        }
        let draws = s.risk.draws;
        if draws == 0 || draws > RiskSettings::MAX_DRAWS {
            self.error(
                &it,
                "risk",
                format!("draws must be 1 to {}, not {draws}", RiskSettings::MAX_DRAWS),
            );
        }
    }

    fn organisations(&mut self) {
        let orgs = self.orgs;
        self.unique_ids(
            ItemKind::Organisation,
            self.s.organisations.iter().map(|o| (o.id.as_str(), o.name.as_str())),
            &orgs.repeats,
        );
    }

    fn sites(&mut self) {
        let s = self.s;
        let sites = self.sites;
        self.unique_ids(
            ItemKind::Site,
            s.sites.iter().map(|x| (x.id.as_str(), x.name.as_str())),
            &sites.repeats,
        );
        let share_of_site = disposed_shares(s, self.disposal_sites);
        for (i, site) in s.sites.iter().enumerate() {
            let total = sites
                .first_of(i, &site.id)
                .and_then(|first| share_of_site.get(first).copied())
                .unwrap_or(0.0);
            self.site(i, site, total);
        }
    }

    /// The rules of one site beyond its id and name, in the order [`SITE_RULES_FIELDS`]
    /// lists their fields; `disposed` is the share of it its disposals sell.
    fn site(&mut self, i: usize, site: &Site, disposed: f64) {
        let it = item(ItemKind::Site, i, &site.id, &site.name);
        if !self.orgs.contains(site.owner.as_str()) {
            self.error(&it, "owner", unknown("owner", "an organisation", &site.owner));
        }
        for (field, x) in [
            ("area_ha", site.area_ha),
            ("gia_m2", site.gia_m2),
            ("homes", site.homes),
        ] {
            self.measure(&it, field, x);
        }
        for (field, x) in [
            ("value", site.value),
            ("book_value", site.book_value),
            ("running_cost", site.running_cost),
            ("backlog", site.backlog),
        ] {
            self.amount(&it, field, x);
        }
        if let Some(location) = site.location {
            self.location(&it, location);
        }
        if disposed > 1.0 + SUM_TOLERANCE {
            self.error(
                &it,
                "share",
                format!("its disposals' shares add up to {disposed}, more than the whole site (1)"),
            );
        }
    }

    /// A site's location (MODEL.md section 10): WGS84 degrees, latitude in
    /// [-90, 90] and longitude in [-180, 180], both finite.
    fn location(&mut self, it: &Item<'_>, l: Location) {
        self.in_range(it, "location.lat", l.lat, Range::closed(-90.0, 90.0));
        self.in_range(it, "location.lon", l.lon, Range::closed(-180.0, 180.0));
    }

    fn disposals(&mut self) {
        let s = self.s;
        let sites = self.disposal_sites;
        let items: Vec<Item> = s
            .disposals
            .iter()
            .zip(sites)
            .enumerate()
            .map(|(i, (d, site))| {
                let name = site.and_then(|k| s.sites.get(k)).map_or("", |x| x.name.as_str());
                item(ItemKind::Disposal, i, &d.id, name)
            })
            .collect();
        let ids = IdIndex::of(s.disposals.iter().map(|d| d.id.as_str()));
        self.unique_ids(
            ItemKind::Disposal,
            items.iter().map(|it| (it.id, it.name)),
            &ids.repeats,
        );
        for ((d, it), site) in s.disposals.iter().zip(&items).zip(sites) {
            self.disposal(d, it, site.is_some());
        }
    }

    /// `site_known`: whether the disposal's site is one of the scenario's.
    fn disposal(&mut self, d: &Disposal, it: &Item<'_>, site_known: bool) {
        if !site_known {
            self.error(it, "site", unknown("site", "a site", &d.site));
        }
        self.fy_in_horizon(it, "fy", i64::from(d.fy));
        self.in_range(it, "share", d.share, Range::left_open(0.0, 1.0));
        self.in_range(it, "cost_rate", d.cost_rate, Range::right_open(0.0, 1.0));
        self.amount(it, "fixed_cost", d.fixed_cost);
        self.in_range(it, "probability", d.probability, Range::left_open(0.0, 1.0));
        if let Some(price) = d.agreed_price {
            self.amount(it, "agreed_price", price);
        }
        self.phasing(d, it);
        if let Some(range) = &d.value_range {
            self.triangular(it, "value_range", range);
        }
        self.delay(d, it);
    }

    /// A range of multipliers: each finite and 0 or more (a site may prove
    /// worthless), in the order low <= mode <= high.
    fn triangular(&mut self, it: &Item<'_>, field: &str, t: &Triangular) {
        for x in [t.low, t.mode, t.high] {
            self.in_range(it, field, x, Range::closed(0.0, MAX_MULTIPLIER));
        }
        let finite = [t.low, t.mode, t.high].iter().all(|x| x.is_finite());
        if finite && !(t.low <= t.mode && t.mode <= t.high) {
            self.error(
                it,
                field,
                format!("needs low <= mode <= high, not ({}, {}, {})", t.low, t.mode, t.high),
            );
        }
    }

    /// Probabilities of 0, 1, 2, ... years late: each in [0, 1], summing to 1.
    fn delay(&mut self, d: &Disposal, it: &Item<'_>) {
        if d.delay.is_empty() {
            return;
        }
        if d.delay.len() > MAX_HORIZON as usize {
            self.error(
                it,
                "delay",
                format!(
                    "gives {} probabilities; at most {MAX_HORIZON} (0 to {} years late)",
                    d.delay.len(),
                    MAX_HORIZON - 1
                ),
            );
            return;
        }
        for &p in &d.delay {
            self.in_range(it, "delay", p, Range::closed(0.0, 1.0));
        }
        let sum: f64 = d.delay.iter().sum();
        if sum.is_finite() && (sum - 1.0).abs() > SUM_TOLERANCE {
            self.error(it, "delay", format!("probabilities of delay sum to {sum}, not 1"));
        }
    }

    fn phasing(&mut self, d: &Disposal, it: &Item<'_>) {
        if d.phasing.is_empty() {
            self.error(it, "phasing", "needs at least one tranche, e.g. [(0, 1.0)]");
            return;
        }
        let mut sum = 0.0;
        for &(offset, fraction) in &d.phasing {
            self.in_range(it, "phasing", fraction, Range::closed(0.0, 1.0));
            sum += fraction;
            self.fy_in_horizon(it, "phasing", i64::from(d.fy) + i64::from(offset));
        }
        if sum.is_finite() && (sum - 1.0).abs() > SUM_TOLERANCE {
            self.error(it, "phasing", format!("tranche fractions sum to {sum}, not 1"));
        }
    }

    fn assemblies(&mut self) {
        let s = self.s;
        let ids = IdIndex::of(s.assemblies.iter().map(|a| a.id.as_str()));
        self.unique_ids(
            ItemKind::Assembly,
            s.assemblies.iter().map(|a| (a.id.as_str(), a.name.as_str())),
            &ids.repeats,
        );
        let mut enabled_in: HashMap<&str, &str> = HashMap::default();
        for (i, a) in s.assemblies.iter().enumerate() {
            let it = item(ItemKind::Assembly, i, &a.id, &a.name);
            self.assembly(a, &it);
            if !a.enabled {
                continue;
            }
            for m in &a.members {
                if let Some(other) = enabled_in.insert(m.as_str(), a.id.as_str()) {
                    if other != a.id {
                        self.error(
                            &it,
                            "members",
                            format!("site '{m}' is already in enabled assembly '{other}'; a site may be in only one"),
                        );
                    }
                }
            }
        }
    }

    fn assembly(&mut self, a: &Assembly, it: &Item<'_>) {
        if a.members.len() < 2 {
            self.error(
                it,
                "members",
                format!("needs at least 2 member sites, has {}", a.members.len()),
            );
        }
        let mut seen = HashSet::default();
        for m in &a.members {
            if !self.sites.contains(m.as_str()) {
                self.error(it, "members", unknown("site", "a site", m));
            }
            if !seen.insert(m) {
                self.error(it, "members", format!("site '{m}' is listed twice"));
            }
        }
        match (a.combined_value, a.uplift) {
            (Some(_), Some(_)) => self.error(it, "uplift", "give either combined_value or uplift, not both"),
            (None, None) => self.error(it, "combined_value", "give a combined_value or an uplift"),
            (Some(v), None) => self.amount(it, "combined_value", v),
            (None, Some(u)) => self.in_range(it, "uplift", u, Range::left_open(-1.0, MAX_UPLIFT)),
        }
        if let Split::Fixed(shares) = &a.split {
            self.fixed_split(it, shares, a.members.len());
        }
    }

    fn fixed_split(&mut self, it: &Item<'_>, shares: &[f64], members: usize) {
        if shares.len() != members {
            self.error(
                it,
                "split",
                format!(
                    "fixed split has {} shares for {members} members; give one per member",
                    shares.len()
                ),
            );
        }
        for &x in shares {
            self.in_range(it, "split", x, Range::closed(0.0, 1.0));
        }
        let sum: f64 = shares.iter().sum();
        if sum.is_finite() && (sum - 1.0).abs() > SUM_TOLERANCE {
            self.error(it, "split", format!("fixed shares sum to {sum}, not 1"));
        }
    }

    fn pots(&mut self) {
        let s = self.s;
        let pots = self.pots;
        self.unique_ids(
            ItemKind::Pot,
            s.pots.iter().map(|p| (p.id.as_str(), p.name.as_str())),
            &pots.repeats,
        );
        for (i, p) in s.pots.iter().enumerate() {
            let it = item(ItemKind::Pot, i, &p.id, &p.name);
            self.amount(&it, "opening_balance", p.opening_balance);
            if let Some(cap) = p.annual_cap {
                self.amount(&it, "annual_cap", cap);
            }
            self.spend_limits(&it, &p.spend_limits);
        }
    }

    /// A pot's spending profile: each FY inside the horizon and listed once, each amount 0 to £1 trillion.
    fn spend_limits(&mut self, it: &Item<'_>, limits: &[(i32, f64)]) {
        let mut seen = HashSet::default();
        for &(fy, amount) in limits {
            self.fy_in_horizon(it, "spend_limits", i64::from(fy));
            self.amount(it, "spend_limits", amount);
            if !seen.insert(fy) {
                self.error(
                    it,
                    "spend_limits",
                    format!(
                        "{} is listed more than once; give one limit per year",
                        fy_label(i64::from(fy))
                    ),
                );
            }
        }
    }

    fn retention_rules(&mut self) {
        let s = self.s;
        let ids = IdIndex::of(s.retention_rules.iter().map(|r| r.id.as_str()));
        self.unique_ids(
            ItemKind::RetentionRule,
            s.retention_rules.iter().map(|r| (r.id.as_str(), r.name.as_str())),
            &ids.repeats,
        );
        let mut targets: HashMap<&AppliesTo, &str> = HashMap::default();
        for (i, r) in s.retention_rules.iter().enumerate() {
            let it = item(ItemKind::RetentionRule, i, &r.id, &r.name);
            self.retention_rule(r, &it);
            if let Some(other) = targets.insert(&r.applies_to, &r.id) {
                self.error(
                    &it,
                    "applies_to",
                    format!("rule '{other}' already applies to the same owner; keep one"),
                );
            }
        }
    }

    fn retention_rule(&mut self, r: &RetentionRule, it: &Item<'_>) {
        if let AppliesTo::Organisation(org) = &r.applies_to {
            if !self.orgs.contains(org.as_str()) {
                self.error(
                    it,
                    "applies_to",
                    format!("organisation '{org}' is not in this scenario"),
                );
            }
        }
        if !self.pots.contains(r.pot.as_str()) {
            self.error(it, "pot", unknown("pot", "a pot", &r.pot));
        }
        self.in_range(it, "retained_share", r.retained_share, Range::closed(0.0, 1.0));
        if let Some(limit) = r.limit_per_disposal {
            self.amount(it, "limit_per_disposal", limit);
        }
    }

    fn projects(&mut self) {
        let s = self.s;
        let ids = IdIndex::of(s.projects.iter().map(|p| p.id.as_str()));
        self.unique_ids(
            ItemKind::Project,
            s.projects.iter().map(|p| (p.id.as_str(), p.name.as_str())),
            &ids.repeats,
        );
        for (i, p) in s.projects.iter().enumerate() {
            let it = item(ItemKind::Project, i, &p.id, &p.name);
            self.project(p, &it);
        }
    }

    fn project(&mut self, p: &Project, it: &Item<'_>) {
        if let Some(site) = &p.site {
            if !self.sites.contains(site.as_str()) {
                self.error(it, "site", unknown("site", "a site", site));
            }
        }
        for &(fy, amount) in &p.capex {
            self.fy_in_horizon(it, "capex", i64::from(fy));
            self.amount(it, "capex", amount);
        }
        self.in_range(it, "optimism_bias", p.optimism_bias, Range::closed(0.0, 2.0));
        if let Some(range) = &p.capex_overrun {
            self.triangular(it, "capex_overrun", range);
        }
        self.amount(it, "running_cost", p.running_cost);
        for src in &p.funding {
            match src {
                FundingSource::Pot { pot, cap } => {
                    if !self.pots.contains(pot.as_str()) {
                        self.error(it, "funding", unknown("pot", "a pot", pot));
                    }
                    if let Some(cap) = cap {
                        self.amount(it, "funding", *cap);
                    }
                }
                FundingSource::Grant { name, amount } => {
                    self.name_text(it, "funding", name);
                    self.amount(it, "funding", *amount);
                }
            }
        }
    }
}

/// The shares of each site its disposals sell, by the site's position
/// (`disposal_sites`: each disposal's site), added in the order of the disposals.
fn disposed_shares(s: &Scenario, disposal_sites: &[Option<usize>]) -> Vec<f64> {
    let mut shares = vec![0.0; s.sites.len()];
    for (d, site) in s.disposals.iter().zip(disposal_sites) {
        if let Some(total) = site.and_then(|k| shares.get_mut(k)) {
            *total += d.share;
        }
    }
    shares
}

/// A numeric range with open or closed ends.
#[derive(Clone, Copy)]
struct Range {
    lo: f64,
    hi: f64,
    lo_open: bool,
    hi_open: bool,
}

impl Range {
    fn closed(lo: f64, hi: f64) -> Self {
        Range {
            lo,
            hi,
            lo_open: false,
            hi_open: false,
        }
    }
    fn open(lo: f64, hi: f64) -> Self {
        Range {
            lo,
            hi,
            lo_open: true,
            hi_open: true,
        }
    }
    fn left_open(lo: f64, hi: f64) -> Self {
        Range {
            lo,
            hi,
            lo_open: true,
            hi_open: false,
        }
    }
    fn right_open(lo: f64, hi: f64) -> Self {
        Range {
            lo,
            hi,
            lo_open: false,
            hi_open: true,
        }
    }

    fn contains(self, x: f64) -> bool {
        let above = if self.lo_open { x > self.lo } else { x >= self.lo };
        let below = if self.hi_open { x < self.hi } else { x <= self.hi };
        above && below
    }

    fn describe(self) -> String {
        if self.hi.is_infinite() {
            return format!("more than {}", self.lo);
        }
        let l = if self.lo_open { "(" } else { "[" };
        let r = if self.hi_open { ")" } else { "]" };
        format!("in {l}{}, {}{r}", self.lo, self.hi)
    }
}
