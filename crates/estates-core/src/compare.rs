//! Comparing scenarios: headline figures side by side, overlaid charts of
//! the yearly figures, and a readable list of what changed in the inputs,
//! matching items by id.
//!
//! The app's compare view, the `compare` command and the board pack all use
//! these functions, so the screen, the terminal and the paper say the same.

use std::collections::HashMap;

use serde::Serialize;

use crate::charts::{item_style, Chart, ChartId, Series, MONEY_AXIS};
use crate::engine::fy_label;
use crate::format::{count, money_full, money_m};
use crate::model::{
    AppliesTo, Assembly, Discount, Disposal, FundingSource, Organisation, Pot, Project, RetentionRule, Scenario, Site,
    Split, Triangular,
};
use crate::report::Report;

/// A headline figure: its label and how to read it from a report.
pub struct Headline {
    pub key: &'static str,
    pub label: &'static str,
    pub get: fn(&Report) -> f64,
    pub is_money: bool,
}

impl Headline {
    pub fn show(&self, x: f64) -> String {
        if self.is_money {
            money_m(x)
        } else {
            count(x)
        }
    }

    /// The figure rounded as [`Headline::show`] prints it: to £0.1m, or a whole count.
    pub fn rounded(&self, x: f64) -> f64 {
        if self.is_money {
            // Through the same decimal formatting as `money_m`, so a tie rounds as printed.
            format!("{:.1}", x / 1e6).parse::<f64>().map_or(x, |m| m * 1e6)
        } else {
            x.round()
        }
    }
}

/// The figures a board asks for first, in the order they are shown everywhere.
pub const HEADLINES: [Headline; 9] = [
    hl("gross_receipts", "Gross receipts", |r| r.totals.gross_receipts),
    hl("retained", "Retained locally", |r| r.totals.retained_total()),
    hl("returned_national", "Returned nationally", |r| {
        r.totals.returned_national
    }),
    hl("marriage_value", "Marriage value", |r| r.totals.marriage_value),
    hl("capex", "Capex (with optimism bias)", |r| r.totals.capex),
    hl("funding_gap", "Funding gap", |r| r.totals.funding_gap),
    hl("pot_closing", "Pot balances at end", |r| r.totals.pot_closing_total()),
    hl("net_npv", "Net NPV", |r| r.npv.net),
    Headline {
        key: "homes",
        label: "Homes enabled",
        get: |r| r.totals.homes,
        is_money: false,
    },
];

const fn hl(key: &'static str, label: &'static str, get: fn(&Report) -> f64) -> Headline {
    Headline {
        key,
        label,
        get,
        is_money: true,
    }
}

/// A difference with an explicit sign: `+£1.2m`, `-£0.3m`, `+0`.
pub fn signed(h: &Headline, d: f64) -> String {
    let s = h.show(d);
    if s.starts_with('-') {
        s
    } else {
        format!("+{s}")
    }
}

/// The difference from `base` to `x` as printed beside them: each figure is
/// rounded as shown first and the rounded figures subtracted, so the printed
/// difference always equals the difference of the printed figures (net NPV
/// from -£51.4m to -£42.1m is +£9.3m, whatever the unrounded figures).
pub fn signed_change(h: &Headline, x: f64, base: f64) -> String {
    signed(h, h.rounded(x) - h.rounded(base))
}

// ---------------------------------------------------------------------------
// What changed

/// One difference between two scenarios' inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `Assumptions`, `Sites`, `Disposals`, ...
    pub section: String,
    /// The item's id (empty for scenario assumptions).
    pub id: String,
    /// A sentence a board member can read, e.g. `'hub-uhl' (Hub): funding
    /// source 2 changed from pot 'lif' capped at £5.0m to grant 'LIFT' of £3.0m`.
    pub description: String,
}

/// What changed from `a` to `b`: assumptions, then each list matched by id.
pub fn diff(a: &Scenario, b: &Scenario) -> Vec<Change> {
    let mut out: Vec<Change> = entry_changes(&assumptions(a), &assumptions(b))
        .into_iter()
        .map(|description| Change {
            section: "Assumptions".into(),
            id: String::new(),
            description,
        })
        .collect();
    list_changes(&mut out, (a, b), |s| &s.organisations);
    list_changes(&mut out, (a, b), |s| &s.sites);
    list_changes(&mut out, (a, b), |s| &s.disposals);
    list_changes(&mut out, (a, b), |s| &s.assemblies);
    list_changes(&mut out, (a, b), |s| &s.pots);
    list_changes(&mut out, (a, b), |s| &s.retention_rules);
    list_changes(&mut out, (a, b), |s| &s.projects);
    out
}

/// How an entry's change is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wording {
    /// `label changed from old to new`
    Plain,
    /// `moved from 2027/28 to 2029/30`
    Moved,
    /// `switched on` / `label switched off`
    Switch,
}

/// One field (or one element of a list field) of an item, as people read it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    /// `market value`, `funding source 2`, `capex in 2027/28`.
    key: String,
    shown: String,
    /// Full precision, so values that round to the same £m still count as changed.
    exact: String,
    wording: Wording,
}

fn entry(key: impl Into<String>, shown: impl Into<String>) -> Entry {
    let shown = shown.into();
    Entry {
        key: key.into(),
        exact: shown.clone(),
        shown,
        wording: Wording::Plain,
    }
}

fn money_entry(key: &str, x: f64) -> Entry {
    Entry {
        exact: money_full(x),
        ..entry(key, money_m(x))
    }
}

fn opt_money_entry(key: &str, x: Option<f64>, none: &str) -> Entry {
    match x {
        Some(x) => money_entry(key, x),
        None => entry(key, none),
    }
}

fn percent_entry(key: &str, x: f64) -> Entry {
    Entry {
        exact: format!("{x}"),
        ..entry(key, percent(x))
    }
}

fn text_entry(key: &str, text: &str) -> Entry {
    entry(
        key,
        if text.trim().is_empty() {
            "none".to_owned()
        } else {
            quoted(text)
        },
    )
}

/// Long text compared whole but shown by its opening words.
fn long_text_entry(key: &str, text: &str) -> Entry {
    const SHOWN: usize = 60;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = if flat.is_empty() {
        "none".to_owned()
    } else if flat.chars().count() > SHOWN {
        format!("'{}…'", flat.chars().take(SHOWN).collect::<String>())
    } else {
        quoted(&flat)
    };
    Entry {
        exact: text.to_owned(),
        ..entry(key, shown)
    }
}

fn switch_entry(key: &str, on: bool) -> Entry {
    Entry {
        wording: Wording::Switch,
        ..entry(key, if on { "on" } else { "off" })
    }
}

/// A rate as a percentage with up to two decimals: 0.035 is `3.5%`.
fn percent(x: f64) -> String {
    let text = format!("{:.2}", x * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

fn quoted(id: &str) -> String {
    format!("'{id}'")
}

/// A reference to another item: compared by id, shown by name.
fn reference_entry(key: &str, id: &str, name: String) -> Entry {
    Entry {
        exact: id.to_owned(),
        ..entry(key, name)
    }
}

/// An item's name as a board reads it: its name, or its id in quotes when it has none
/// (or when no item has that id).
fn name_or_id(name: Option<&str>, id: &str) -> String {
    match name.map(str::trim) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => quoted(id),
    }
}

fn org_name(s: &Scenario, id: &str) -> String {
    name_or_id(s.organisation(id).map(|o| o.name.as_str()), id)
}

fn site_name(s: &Scenario, id: &str) -> String {
    name_or_id(s.site(id).map(|x| x.name.as_str()), id)
}

/// A pot as a board reads it: `Lewisham local pot`, or `pot 'x'` without a name.
fn pot_name(s: &Scenario, id: &str) -> String {
    match s.pot(id).map(|p| p.name.trim()).filter(|n| !n.is_empty()) {
        Some(name) => name.to_owned(),
        None => format!("pot {}", quoted(id)),
    }
}

/// The differences between two items' entries, matched by key, worded.
fn entry_changes(old: &[Entry], new: &[Entry]) -> Vec<String> {
    let mut out = Vec::new();
    for o in old {
        match new.iter().find(|n| n.key == o.key) {
            Some(n) if n.exact != o.exact => out.push(describe(o, n)),
            Some(_) => {}
            None if o.shown.is_empty() => out.push(format!("{} removed", o.key)),
            None => out.push(format!("{} removed (was {})", o.key, o.shown)),
        }
    }
    for n in new.iter().filter(|n| !old.iter().any(|o| o.key == n.key)) {
        if n.shown.is_empty() {
            out.push(format!("{} added", n.key));
        } else {
            out.push(format!("{} added: {}", n.key, n.shown));
        }
    }
    out
}

fn describe(old: &Entry, new: &Entry) -> String {
    match new.wording {
        Wording::Moved => format!("moved from {} to {}", old.shown, new.shown),
        Wording::Switch => format!("{} switched {}", new.key, new.shown),
        Wording::Plain if old.shown == new.shown => {
            format!("{} changed from {} to {}", new.key, old.exact, new.exact)
        }
        Wording::Plain => format!("{} changed from {} to {}", new.key, old.shown, new.shown),
    }
}

/// The scenario-wide assumptions as entries. Every field is named so that a
/// field added to the model cannot be left out of the comparison unnoticed.
fn assumptions(s: &Scenario) -> Vec<Entry> {
    let Scenario {
        version: _,
        name: _,
        description: _,
        start_fy,
        horizon,
        land_growth,
        weight_by_probability,
        discount,
        risk,
        board,
        organisations: _,
        sites: _,
        disposals: _,
        assemblies: _,
        pots: _,
        retention_rules: _,
        projects: _,
    } = s;
    vec![
        entry("start year (price base)", fy_label(*start_fy)),
        entry("horizon", format!("{horizon} years")),
        Entry {
            exact: format!("{land_growth}"),
            ..entry("land value growth", format!("{} a year", percent(*land_growth)))
        },
        switch_entry("risk weighting", *weight_by_probability),
        entry("discounting", discounting(*discount)),
        entry("risk analysis draws", count(f64::from(risk.draws))),
        entry("risk analysis seed", risk.seed.to_string()),
        text_entry("board meeting", &board.meeting),
        entry("board paper purpose", board.purpose.map_or("none", |p| p.label())),
        long_text_entry("board recommendations", &board.recommendations),
        long_text_entry("executive summary", &board.summary),
    ]
}

fn discounting(d: Discount) -> String {
    match d {
        Discount::GreenBook => "Green Book schedule".into(),
        Discount::Flat(rate) => format!("flat {} a year", percent(rate)),
    }
}

/// The assumptions, as people read them, in which two scenarios differ
/// (the undo history names an edit by them).
pub(crate) fn changed_assumptions(a: &Scenario, b: &Scenario) -> Vec<String> {
    changed_keys(&assumptions(a), &assumptions(b))
}

/// The fields, as people read them, in which two versions of an item differ.
pub(crate) fn changed_fields<T: Item>(old: &T, new: &T, a: &Scenario, b: &Scenario) -> Vec<String> {
    changed_keys(&old.entries(a), &new.entries(b))
}

/// The keys of the entries that differ, were added or were removed, in order.
fn changed_keys(old: &[Entry], new: &[Entry]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let differs = |e: &Entry, other: &[Entry]| other.iter().find(|o| o.key == e.key).is_none_or(|o| o.exact != e.exact);
    for e in old
        .iter()
        .filter(|e| differs(e, new))
        .chain(new.iter().filter(|e| differs(e, old)))
    {
        if !keys.contains(&e.key) {
            keys.push(e.key.clone());
        }
    }
    keys
}

/// An item of one of the scenario's lists, compared field by field.
pub(crate) trait Item: PartialEq {
    const SECTION: &'static str;
    fn id(&self) -> &str;
    /// What the item is, shown in brackets after its id (usually its name).
    fn about(&self, s: &Scenario) -> String;
    /// The fields as entries; references to other items show their names from `s`.
    fn entries(&self, s: &Scenario) -> Vec<Entry>;
}

/// Items added, removed, or changed field by field, matched by id.
fn list_changes<T: Item>(out: &mut Vec<Change>, (a, b): (&Scenario, &Scenario), list: fn(&Scenario) -> &Vec<T>) {
    let (old, new) = (list(a), list(b));
    let new_by_id: HashMap<&str, &T> = new.iter().map(|x| (x.id(), x)).collect();
    let old_by_id: HashMap<&str, &T> = old.iter().map(|x| (x.id(), x)).collect();
    // A board reads names; the id stands in only for an item without one.
    let title = |x: &T, s: &Scenario| {
        let about = x.about(s);
        if about.trim().is_empty() {
            quoted(x.id())
        } else {
            about
        }
    };
    let mut push = |id: &str, description: String| {
        out.push(Change {
            section: T::SECTION.to_owned(),
            id: id.to_owned(),
            description,
        });
    };
    for x in old {
        match new_by_id.get(x.id()) {
            None => push(x.id(), format!("removed {}", title(x, a))),
            // Most items of two versions of a scenario are equal: skip the wording for them.
            Some(y) if x == *y => {}
            Some(y) => {
                for d in entry_changes(&x.entries(a), &y.entries(b)) {
                    push(x.id(), format!("{}: {d}", title(y, b)));
                }
            }
        }
    }
    for y in new.iter().filter(|y| !old_by_id.contains_key(y.id())) {
        push(y.id(), format!("added {}", title(y, b)));
    }
}

impl Item for Organisation {
    const SECTION: &'static str = "Organisations";

    fn id(&self) -> &str {
        &self.id
    }

    fn about(&self, _: &Scenario) -> String {
        self.name.clone()
    }

    fn entries(&self, _: &Scenario) -> Vec<Entry> {
        let Organisation { id: _, name, kind } = self;
        vec![text_entry("name", name), entry("kind", kind.label())]
    }
}

impl Item for Site {
    const SECTION: &'static str = "Sites";

    fn id(&self) -> &str {
        &self.id
    }

    fn about(&self, _: &Scenario) -> String {
        self.name.clone()
    }

    fn entries(&self, s: &Scenario) -> Vec<Entry> {
        let Site {
            id: _,
            name,
            owner,
            borough,
            sub_region,
            area_ha,
            gia_m2,
            tenure,
            current_use,
            value,
            book_value,
            running_cost,
            backlog,
            homes,
            epims_id,
            planning_status,
            notes,
            location,
            uprn,
            eric_site_code,
            address,
        } = self;
        vec![
            text_entry("name", name),
            reference_entry("owner", owner, org_name(s, owner)),
            text_entry("borough", borough),
            text_entry("sub-region", sub_region),
            Entry {
                exact: format!("{area_ha} ha"),
                ..entry("area", format!("{area_ha:.2} ha"))
            },
            entry("floor area", format!("{} m²", count(*gia_m2))),
            text_entry("tenure", tenure),
            text_entry("current use", current_use),
            money_entry("market value", *value),
            money_entry("book value", *book_value),
            Entry {
                exact: format!("{} a year", money_full(*running_cost)),
                ..entry("running cost", format!("{} a year", money_m(*running_cost)))
            },
            money_entry("backlog maintenance", *backlog),
            entry("homes", count(*homes)),
            text_entry("ePIMS id", epims_id.as_deref().unwrap_or("")),
            text_entry("planning status", planning_status.as_deref().unwrap_or("")),
            text_entry("notes", notes),
            Entry {
                exact: location.map_or_else(String::new, |l| format!("{}, {}", l.lat, l.lon)),
                ..entry(
                    "location",
                    location.map_or_else(|| "none".to_owned(), |l| format!("{:.5}, {:.5}", l.lat, l.lon)),
                )
            },
            text_entry("UPRN", uprn.as_deref().unwrap_or("")),
            text_entry("ERIC site code", eric_site_code.as_deref().unwrap_or("")),
            text_entry("address", address),
        ]
    }
}

impl Item for Disposal {
    const SECTION: &'static str = "Disposals";

    fn id(&self) -> &str {
        &self.id
    }

    fn about(&self, s: &Scenario) -> String {
        let site = s.site(&self.site).map_or(self.site.as_str(), |x| x.name.as_str());
        format!("sale of {site}")
    }

    fn entries(&self, s: &Scenario) -> Vec<Entry> {
        let Disposal {
            id: _,
            site,
            fy,
            share,
            cost_rate,
            fixed_cost,
            phasing,
            probability,
            agreed_price,
            value_range,
            delay,
        } = self;
        vec![
            reference_entry("site", site, site_name(s, site)),
            Entry {
                wording: Wording::Moved,
                ..entry("year of sale", fy_label(*fy))
            },
            percent_entry("share of the site sold", *share),
            percent_entry("disposal costs (share of gross)", *cost_rate),
            money_entry("fixed disposal costs", *fixed_cost),
            entry("phasing", phasing_text(phasing)),
            percent_entry("probability of going ahead", *probability),
            opt_money_entry("agreed price", *agreed_price, "none (market value used)"),
            entry("value range (risk)", range_text(*value_range)),
            entry("delay (risk)", delay_text(delay)),
        ]
    }
}

/// `all in the year of sale`, or `50% in the year of sale, 50% 1 year later`.
fn phasing_text(phasing: &[(u32, f64)]) -> String {
    if let [(0, f)] = phasing {
        if (*f - 1.0).abs() < 1e-12 {
            return "all in the year of sale".into();
        }
    }
    let parts: Vec<String> = phasing
        .iter()
        .map(|(offset, f)| match offset {
            0 => format!("{} in the year of sale", percent(*f)),
            1 => format!("{} 1 year later", percent(*f)),
            n => format!("{} {n} years later", percent(*f)),
        })
        .collect();
    parts.join(", ")
}

fn range_text(range: Option<Triangular>) -> String {
    match range {
        None => "none".into(),
        Some(t) => format!(
            "low {} of the estimate, most likely {}, high {}",
            percent(t.low),
            percent(t.mode),
            percent(t.high)
        ),
    }
}

fn delay_text(delay: &[f64]) -> String {
    if delay.is_empty() {
        return "never late".into();
    }
    let parts: Vec<String> = delay
        .iter()
        .enumerate()
        .map(|(years, p)| match years {
            0 => format!("on time {}", percent(*p)),
            1 => format!("1 year late {}", percent(*p)),
            n => format!("{n} years late {}", percent(*p)),
        })
        .collect();
    parts.join(", ")
}

impl Item for Assembly {
    const SECTION: &'static str = "Assemblies";

    fn id(&self) -> &str {
        &self.id
    }

    fn about(&self, _: &Scenario) -> String {
        self.name.clone()
    }

    fn entries(&self, s: &Scenario) -> Vec<Entry> {
        let Assembly {
            id: _,
            name,
            members,
            enabled,
            combined_value,
            uplift,
            split,
        } = self;
        let mut out = vec![
            text_entry("name", name),
            switch_entry("assembly", *enabled),
            opt_money_entry("joint value", *combined_value, "none"),
            match uplift {
                Some(u) => percent_entry("uplift over the separate values", *u),
                None => entry("uplift over the separate values", "none"),
            },
            entry("marriage value split", split_text(split)),
        ];
        out.extend(members.iter().map(|m| entry(format!("member {}", site_name(s, m)), "")));
        out
    }
}

fn split_text(split: &Split) -> String {
    match split {
        Split::Fixed(shares) => {
            let shares: Vec<String> = shares.iter().map(|s| percent(*s)).collect();
            format!("fixed shares {}", shares.join(", "))
        }
        other => other.label().to_lowercase(),
    }
}

impl Item for Pot {
    const SECTION: &'static str = "Pots";

    fn id(&self) -> &str {
        &self.id
    }

    fn about(&self, _: &Scenario) -> String {
        self.name.clone()
    }

    fn entries(&self, _: &Scenario) -> Vec<Entry> {
        let Pot {
            id: _,
            name,
            opening_balance,
            annual_cap,
            spend_limits,
        } = self;
        let mut out = vec![
            text_entry("name", name),
            money_entry("opening balance", *opening_balance),
            opt_money_entry("annual cap on inflows", *annual_cap, "no cap"),
        ];
        out.extend(
            sorted_by_year(spend_limits)
                .into_iter()
                .map(|(fy, amount)| money_entry(&format!("spending limit in {}", fy_label(fy)), amount)),
        );
        out
    }
}

impl Item for RetentionRule {
    const SECTION: &'static str = "Retention rules";

    fn id(&self) -> &str {
        &self.id
    }

    fn about(&self, _: &Scenario) -> String {
        self.name.clone()
    }

    fn entries(&self, s: &Scenario) -> Vec<Entry> {
        let RetentionRule {
            id: _,
            name,
            applies_to,
            retained_share,
            pot,
            limit_per_disposal,
        } = self;
        let applies = match applies_to {
            AppliesTo::Organisation(org) => format!("organisation {}", org_name(s, org)),
            AppliesTo::Kind(kind) => format!("every organisation of the kind {}", kind.label()),
        };
        vec![
            text_entry("name", name),
            entry("applies to", applies),
            percent_entry("share retained", *retained_share),
            reference_entry("pot", pot, pot_name(s, pot)),
            opt_money_entry("limit per disposal", *limit_per_disposal, "no limit"),
        ]
    }
}

impl Item for Project {
    const SECTION: &'static str = "Projects";

    fn id(&self) -> &str {
        &self.id
    }

    fn about(&self, _: &Scenario) -> String {
        self.name.clone()
    }

    fn entries(&self, s: &Scenario) -> Vec<Entry> {
        let Project {
            id: _,
            name,
            kind,
            borough,
            site,
            capex,
            optimism_bias,
            capex_overrun,
            running_cost,
            funding,
        } = self;
        let mut out = vec![
            text_entry("name", name),
            entry("kind", kind.label()),
            text_entry("borough", borough),
            match site {
                Some(site) => reference_entry("site", site, site_name(s, site)),
                None => entry("site", "none"),
            },
            percent_entry("optimism bias", *optimism_bias),
            entry("capex overrun range (risk)", range_text(*capex_overrun)),
            Entry {
                exact: format!("{} a year", money_full(*running_cost)),
                ..entry(
                    "running cost of the new facility",
                    format!("{} a year", money_m(*running_cost)),
                )
            },
        ];
        out.extend(capex_entries(capex));
        out.extend(
            funding
                .iter()
                .enumerate()
                .map(|(i, f)| entry(format!("funding source {}", i + 1), source_text(s, f))),
        );
        out
    }
}

/// One entry per capex year; two amounts in the same year are added, as the engine does.
fn capex_entries(capex: &[(i32, f64)]) -> Vec<Entry> {
    sorted_by_year(capex)
        .into_iter()
        .map(|(fy, amount)| money_entry(&format!("capex in {}", fy_label(fy)), amount))
        .collect()
}

/// `(fy, amount)` pairs in year order, amounts of the same year added.
fn sorted_by_year(pairs: &[(i32, f64)]) -> Vec<(i32, f64)> {
    let mut by_year: Vec<(i32, f64)> = Vec::new();
    for (fy, amount) in pairs {
        match by_year.iter_mut().find(|(y, _)| y == fy) {
            Some((_, total)) => *total += amount,
            None => by_year.push((*fy, *amount)),
        }
    }
    by_year.sort_by_key(|(fy, _)| *fy);
    by_year
}

/// `Local pot capped at £5.0m`, `Local pot (no cap)`, `grant 'LIFT' of £3.0m`.
fn source_text(s: &Scenario, source: &FundingSource) -> String {
    match source {
        FundingSource::Pot { pot, cap: Some(cap) } => {
            format!("{} capped at {}", pot_name(s, pot), money_m(*cap))
        }
        FundingSource::Pot { pot, cap: None } => format!("{} (no cap)", pot_name(s, pot)),
        FundingSource::Grant { name, amount } => format!("grant {} of {}", quoted(name), money_m(*amount)),
    }
}

// ---------------------------------------------------------------------------
// Overlaid charts

/// The yearly figures compared across scenarios, one line per scenario.
pub fn overlay_charts(columns: &[(&str, &Report)]) -> Vec<Chart> {
    ChartId::OVERLAYS.iter().map(|id| overlay_chart(*id, columns)).collect()
}

/// A report's figure for each of its years, in pounds.
type YearlyFigure = fn(&Report) -> Vec<f64>;

/// One overlay chart (`id` one of [`ChartId::OVERLAYS`]; any other id gives
/// the retained receipts overlay). Years run from the earliest start to the
/// latest end; a scenario's line has no value (NaN) outside its own years.
pub fn overlay_chart(id: ChartId, columns: &[(&str, &Report)]) -> Chart {
    let (title, subtitle, figure): (&str, &str, YearlyFigure) = match id {
        ChartId::PotBalanceCompared => (
            "Pot balances compared",
            "Closing balance of all pots together at the end of each year, by scenario",
            |r| r.years.iter().map(|y| y.flows.pot_closing_total()).collect(),
        ),
        ChartId::FundingGapCompared => (
            "Funding gap compared",
            "Capex not funded by pots or grants, accumulated to the end of each year, by scenario",
            |r| running_total(r.years.iter().map(|y| y.flows.funding_gap)),
        ),
        _ => (
            "Retained receipts compared",
            "Net receipts kept locally in each year (all pots), by scenario",
            |r| r.years.iter().map(|y| y.flows.retained_total()).collect(),
        ),
    };
    let first = columns.iter().filter_map(|(_, r)| r.years.first().map(|y| y.fy)).min();
    let last = columns.iter().filter_map(|(_, r)| r.years.last().map(|y| y.fy)).max();
    let years: Vec<i32> = match (first, last) {
        (Some(a), Some(b)) => (a..=b).collect(),
        _ => Vec::new(),
    };
    let series = columns
        .iter()
        .enumerate()
        .map(|(i, (name, r))| {
            let values = figure(r);
            let values = years
                .iter()
                .map(|fy| {
                    r.years
                        .iter()
                        .position(|y| y.fy == *fy)
                        .map_or(f64::NAN, |k| values[k] / 1e6)
                })
                .collect();
            // A scenario keeps the colour and dash of its place in the comparison.
            Series::line(*name, values, item_style(i))
        })
        .collect();
    Chart {
        id: if ChartId::OVERLAYS.contains(&id) {
            id
        } else {
            ChartId::RetainedCompared
        },
        title: title.into(),
        subtitle: subtitle.into(),
        x_title: "Financial year".into(),
        y_title: MONEY_AXIS.into(),
        categories: years.iter().map(|fy| fy_label(*fy)).collect(),
        series,
        bar_totals: String::new(),
        whole: None,
    }
}

fn running_total(values: impl Iterator<Item = f64>) -> Vec<f64> {
    values
        .scan(0.0, |total, v| {
            *total += v;
            Some(*total)
        })
        .collect()
}

/// Names for the columns of a comparison, made distinct (`Plan`, `Plan (2)`)
/// so that legends and headings never show two columns under one name.
pub fn distinct_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let mut candidate = name.to_owned();
        let mut n = 1;
        while out.contains(&candidate) {
            n += 1;
            candidate = format!("{name} ({n})");
        }
        out.push(candidate);
    }
    out
}

// ---------------------------------------------------------------------------
// Text for the terminal

/// Headline figures of several reports, with differences from the first, and
/// the lists of changes, as text. Each column is as wide as its widest cell,
/// so the columns stay aligned whatever the names; a column is headed by its
/// scenario's whole name when that fits in [`NAME_COLUMN_MAX`] characters, else
/// by its number alone (the names are listed in full above the table), so no
/// name is ever cut short into one that could be another's.
pub fn compare_text(names: &[String], reports: &[Report], changes: &[(String, Vec<Change>)]) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("Scenarios (differences are from the first):\n");
    for (i, n) in names.iter().enumerate() {
        let _ = writeln!(out, "  {}. {n}", i + 1);
    }
    out.push('\n');
    let heads: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let head = format!("{}. {n}", i + 1);
            if head.chars().count() <= NAME_COLUMN_MAX {
                head
            } else {
                format!("Scenario {}", i + 1)
            }
        })
        .collect();
    let rows: Vec<(&str, Vec<String>)> = HEADLINES
        .iter()
        .map(|h| {
            let base = reports.first().map_or(0.0, |r| (h.get)(r));
            let cells = reports
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let x = (h.get)(r);
                    if i == 0 {
                        h.show(x)
                    } else {
                        format!("{} ({})", h.show(x), signed_change(h, x, base))
                    }
                })
                .collect();
            (h.label, cells)
        })
        .collect();
    let first = "Headline (money in £m)";
    let label_w = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .chain(std::iter::once(first.chars().count()))
        .max()
        .unwrap_or(0);
    let widths: Vec<usize> = heads
        .iter()
        .enumerate()
        .map(|(i, head)| {
            rows.iter()
                .filter_map(|(_, cells)| cells.get(i))
                .chain(std::iter::once(head))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let _ = write!(out, "{first:<label_w$}");
    for (head, w) in heads.iter().zip(&widths) {
        let _ = write!(out, "  {head:>w$}");
    }
    out.push('\n');
    for (label, cells) in &rows {
        let _ = write!(out, "{label:<label_w$}");
        for (cell, w) in cells.iter().zip(&widths) {
            let _ = write!(out, "  {cell:>w$}");
        }
        out.push('\n');
    }
    for (title, list) in changes {
        let _ = writeln!(out, "\nWhat changed {title}:");
        if list.is_empty() {
            let _ = writeln!(out, "  no input differences");
        }
        for c in list {
            let _ = writeln!(out, "  {}: {}", c.section, c.description);
        }
    }
    out
}

/// Longest column heading of the compare table ("2. " and the name) before
/// the column is headed by its number alone.
pub const NAME_COLUMN_MAX: usize = 32;
