//! MODEL.md section 10, Place: the haversine distance, marriage value
//! opportunities, roll-ups by borough and sub-region, and merging scenarios.

use crate::builders as scenario_builders;

use std::f64::consts::PI;

use estates_core::generate::{london_scale, GenParams};
use estates_core::model::{AppliesTo, Location, OrgKind, Scenario};
use estates_core::place::{
    distance_m, merge, opportunities, rollup, AreaFigures, AreaKind, MergeError, MergeInput, Opportunity, NOT_SET,
};
use estates_core::problem::ItemKind;
use estates_core::validate::validate;
use proptest::prelude::*;
use scenario_builders::*;

const R: f64 = 6_371_008.8;

fn at(lat: f64, lon: f64) -> Location {
    Location { lat, lon }
}

/// Metres along a meridian per degree of latitude: `R * pi / 180`.
fn metres_per_degree() -> f64 {
    R * PI / 180.0
}

// ---------------------------------------------------------------------------
// Distance

#[test]
fn one_degree_along_a_meridian_is_r_pi_over_180() {
    // 6,371,008.8 * pi / 180 = 111,195.08 m.
    let d = distance_m(at(51.0, -0.1), at(52.0, -0.1));
    assert!((d - 111_195.08).abs() < 0.01, "{d}");
}

#[test]
fn a_quarter_of_the_equator_and_half_the_globe() {
    // R * pi / 2 = 10,007,557.22 m; R * pi = 20,015,114.44 m.
    assert!((distance_m(at(0.0, 0.0), at(0.0, 90.0)) - 10_007_557.22).abs() < 0.01);
    assert!((distance_m(at(0.0, 0.0), at(0.0, 180.0)) - 20_015_114.44).abs() < 0.01);
    assert!((distance_m(at(90.0, 0.0), at(-90.0, 0.0)) - 20_015_114.44).abs() < 0.01);
}

#[test]
fn along_a_london_parallel_a_degree_of_longitude_shrinks_by_the_cosine() {
    // 0.001 degrees of longitude at 51.5 N: 111,195.08 m * cos(51.5) (0.6225146) / 1000 = 69.2206 m;
    // the great circle is shorter than the parallel by less than a micrometre at this length.
    let d = distance_m(at(51.5, -0.1), at(51.5, -0.099));
    assert!((d - 69.2206).abs() < 0.001, "{d}");
}

#[test]
fn distance_is_symmetric_and_zero_for_the_same_point() {
    let (a, b) = (at(51.4526, -0.0173), at(51.5308, -0.1238));
    assert_eq!(distance_m(a, b), distance_m(b, a));
    assert_eq!(distance_m(a, a), 0.0);
}

// ---------------------------------------------------------------------------
// Opportunities

/// Three owners, and sites at given metres north of a London point.
fn sites_north(metres: &[(&str, &str, f64)]) -> Scenario {
    let mut s = estate(5);
    s.organisations
        .push(org("nhsps", "NHS Property Services", OrgKind::NhsPropertyServices));
    s.sites = metres
        .iter()
        .map(|&(id, owner, north)| {
            let mut x = site(id, owner, 1_000_000.0);
            x.location = Some(at(51.45 + north / metres_per_degree(), -0.02));
            x
        })
        .collect();
    s
}

fn pairs(list: &[Opportunity]) -> Vec<(String, String)> {
    list.iter().map(|o| (o.sites[0].clone(), o.sites[1].clone())).collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_owned(), b.to_owned())
}

#[test]
fn pairs_either_side_of_the_threshold() {
    // a at 0 m, b 99 m north, c 101 m south: a-b 99 m, a-c 101 m, b-c 200 m.
    let s = sites_north(&[("a", "nhs", 0.0), ("b", "council", 99.0), ("c", "nhsps", -101.0)]);
    assert_eq!(pairs(&opportunities(&s, 100.0)), vec![pair("a", "b")]);
    assert_eq!(pairs(&opportunities(&s, 102.0)), vec![pair("a", "b"), pair("a", "c")]);
    assert_eq!(
        pairs(&opportunities(&s, 201.0)),
        vec![pair("a", "b"), pair("a", "c"), pair("b", "c")]
    );
    assert!(opportunities(&s, 98.0).is_empty());
    let found = opportunities(&s, 100.0);
    assert!((found[0].distance_m - 99.0).abs() < 1e-6, "{}", found[0].distance_m);
}

#[test]
fn a_pair_exactly_at_the_threshold_is_included() {
    let s = sites_north(&[("a", "nhs", 0.0), ("b", "council", 100.0)]);
    let d = distance_m(
        s.sites[0].location.expect("located"),
        s.sites[1].location.expect("located"),
    );
    assert_eq!(pairs(&opportunities(&s, d)), vec![pair("a", "b")]);
    assert!(opportunities(&s, d - 1e-6).is_empty());
}

#[test]
fn sites_of_the_same_owner_are_not_an_opportunity() {
    let s = sites_north(&[("a", "nhs", 0.0), ("b", "nhs", 10.0), ("c", "council", 20.0)]);
    assert_eq!(pairs(&opportunities(&s, 100.0)), vec![pair("b", "c"), pair("a", "c")]);
}

#[test]
fn sites_already_in_the_same_enabled_assembly_are_not_an_opportunity() {
    let mut s = sites_north(&[("a", "nhs", 0.0), ("b", "council", 10.0), ("c", "nhsps", 30.0)]);
    s.assemblies = vec![assembly("ab", &["a", "b"], 0.1)].into();
    assert_eq!(pairs(&opportunities(&s, 100.0)), vec![pair("b", "c"), pair("a", "c")]);
    // A switched-off assembly is not a sale together, so its members are still a candidate.
    s.assemblies[0].enabled = false;
    assert_eq!(
        pairs(&opportunities(&s, 100.0)),
        vec![pair("a", "b"), pair("b", "c"), pair("a", "c")]
    );
}

#[test]
fn sites_without_a_location_are_left_out() {
    let mut s = sites_north(&[("a", "nhs", 0.0), ("b", "council", 10.0), ("c", "nhsps", 20.0)]);
    s.sites[1].location = None;
    assert_eq!(pairs(&opportunities(&s, 100.0)), vec![pair("a", "c")]);
}

#[test]
fn ties_are_listed_in_scenario_order() {
    // d-c and b-a both at one spot each (0 m); listed by their first site's place in the list.
    let mut s = sites_north(&[("d", "nhs", 500.0), ("b", "nhs", 0.0), ("c", "council", 500.0)]);
    let mut a = site("a", "council", 5.0);
    a.location = s.sites[1].location;
    s.sites.push(a);
    assert_eq!(pairs(&opportunities(&s, 1.0)), vec![pair("d", "c"), pair("b", "a")]);
}

#[test]
fn an_opportunity_names_owners_values_and_planned_years_as_json() {
    let mut s = sites_north(&[("a", "nhs", 0.0), ("b", "council", 40.0)]);
    s.sites[1].value = 250_000.0;
    let mut later = disposal("a", 2029);
    later.id = "a-late".to_owned();
    later.share = 0.5;
    let mut first = disposal("a", 2027);
    first.share = 0.5;
    s.disposals = vec![later, first].into();
    let found = opportunities(&s, 100.0);
    let json = serde_json::to_value(&found).expect("to JSON");
    let o = &json[0];
    assert_eq!(o["sites"], serde_json::json!(["a", "b"]));
    assert_eq!(o["owners"], serde_json::json!(["nhs", "council"]));
    assert_eq!(o["value_sum"], serde_json::json!(1_250_000.0));
    // Site a's earliest planned disposal; b has none.
    assert_eq!(o["disposal_fy"], serde_json::json!([2027, null]));
    assert!((o["distance_m"].as_f64().expect("a number") - 40.0).abs() < 1e-6);
    let keys: Vec<&String> = o.as_object().expect("an object").keys().collect();
    assert_eq!(keys.len(), 5, "{keys:?}");
}

#[test]
fn a_negative_or_non_finite_distance_finds_nothing() {
    let s = sites_north(&[("a", "nhs", 0.0), ("b", "council", 0.0)]);
    assert!(opportunities(&s, -1.0).is_empty());
    assert!(opportunities(&s, f64::NAN).is_empty());
    assert_eq!(opportunities(&s, 0.0).len(), 1);
}

/// Every pair, tested one by one: what the spatial index must agree with.
fn all_pairs(s: &Scenario, within: f64) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 0..s.sites.len() {
        for j in i + 1..s.sites.len() {
            let (a, b) = (&s.sites[i], &s.sites[j]);
            let (Some(la), Some(lb)) = (a.location, b.location) else {
                continue;
            };
            if a.owner != b.owner && distance_m(la, lb) <= within {
                out.push((i, j));
            }
        }
    }
    out.sort_by(|x, y| {
        let d = |(i, j): (usize, usize)| distance_m(s.sites[i].location.unwrap(), s.sites[j].location.unwrap());
        d(*x).total_cmp(&d(*y)).then(x.cmp(y))
    });
    out
}

fn scattered(points: &[(f64, f64, usize)]) -> Scenario {
    let mut s = sites_north(&[]);
    let owners = ["nhs", "council", "nhsps"];
    s.sites = points
        .iter()
        .enumerate()
        .map(|(i, &(lat, lon, owner))| {
            let mut x = site(&format!("s{i}"), owners[owner % 3], 1.0);
            x.location = Some(at(lat, lon));
            x
        })
        .collect();
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The grid finds exactly the pairs that testing every pair finds, in London
    /// and across the poles and the 180th meridian.
    #[test]
    fn the_spatial_index_finds_what_testing_every_pair_finds(
        centre in prop::sample::select(vec![(51.5, -0.1), (89.999, 0.0), (-89.999, 120.0), (0.0, 179.999)]),
        offsets in prop::collection::vec((-0.01..0.01f64, -0.02..0.02f64, 0..3usize), 0..60),
        within in prop::sample::select(vec![0.0, 30.0, 100.0, 400.0, 2_000.0]),
    ) {
        let points: Vec<(f64, f64, usize)> = offsets
            .iter()
            .map(|&(dlat, dlon, owner)| {
                let lat = (centre.0 + dlat).clamp(-90.0, 90.0);
                let mut lon = centre.1 + dlon;
                if lon > 180.0 { lon -= 360.0; }
                (lat, lon, owner)
            })
            .collect();
        let s = scattered(&points);
        let found: Vec<(usize, usize)> = opportunities(&s, within).iter().map(|o| (o.site_index[0], o.site_index[1])).collect();
        prop_assert_eq!(found, all_pairs(&s, within));
    }
}

#[test]
fn the_generated_london_estate_has_opportunities_and_none_inside_an_enabled_assembly() {
    let s = london_scale(2026, &GenParams::default());
    let found = opportunities(&s, 100.0);
    assert!(!found.is_empty());
    let enabled: Vec<&Vec<String>> = s.assemblies.iter().filter(|a| a.enabled).map(|a| &a.members).collect();
    for o in &found {
        assert!(o.distance_m <= 100.0);
        assert_ne!(o.owners[0], o.owners[1]);
        let together = enabled
            .iter()
            .any(|m| m.contains(&o.sites[0]) && m.contains(&o.sites[1]));
        assert!(!together, "{:?}", o.sites);
    }
    assert!(found.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
}

// ---------------------------------------------------------------------------
// Roll-ups

/// Two boroughs of one sub-region and a site with no borough; hand-worked below.
fn two_boroughs() -> Scenario {
    let mut s = estate(4);
    s.land_growth = 0.1;
    let mut a = site("a", "nhs", 1_000_000.0);
    (a.borough, a.sub_region) = ("Lewisham".to_owned(), "SEL".to_owned());
    (a.homes, a.backlog, a.running_cost) = (40.0, 200_000.0, 50_000.0);
    let mut b = site("b", "council", 2_000_000.0);
    (b.borough, b.sub_region) = ("Greenwich".to_owned(), "SEL".to_owned());
    b.homes = 10.0;
    let mut c = site("c", "council", 500_000.0);
    c.running_cost = 10_000.0;
    s.sites = vec![a, b, c].into();
    let mut da = disposal("a", 2027);
    da.share = 0.5;
    da.cost_rate = 0.02;
    da.phasing = vec![(0, 0.5), (1, 0.5)];
    let db = disposal("b", 2026);
    let dc = disposal("c", 2029);
    s.disposals = vec![da, db, dc].into();
    let mut hub = project("hub", &[(2028, 3_000_000.0)], vec![from_pot("local", None)]);
    hub.borough = "Lewisham".to_owned();
    hub.site = Some("b".to_owned());
    let mut depot = project("depot", &[(2026, 1_000_000.0)], vec![grant("grant", 400_000.0)]);
    depot.borough = "Bromley".to_owned();
    s.projects = vec![hub, depot].into();
    s
}

fn area<'a>(areas: &'a [AreaFigures], name: &str) -> &'a AreaFigures {
    areas
        .iter()
        .find(|a| a.area == name)
        .unwrap_or_else(|| panic!("no area {name} in {areas:?}"))
}

#[test]
fn by_borough_each_area_sums_its_disposals_and_projects() {
    let s = two_boroughs();
    let r = computed(&s);
    let areas = rollup(&s, &r, AreaKind::Borough);
    let names: Vec<&str> = areas.iter().map(|a| a.area.as_str()).collect();
    assert_eq!(names, ["Bromley", "Greenwich", "Lewisham", NOT_SET]);
    // Lewisham: half of a (£0.5m) in FY 2027 (t = 1): gross 0.5m * 1.1 = £550,000, costs 2% = £11,000,
    // net £539,000 in two tranches inside the horizon; homes 20, backlog £100,000, savings
    // £25,000 a year in t = 2 and 3 = £50,000. The hub (borough Lewisham): capex £3m, no money in the pot.
    let l = area(&areas, "Lewisham");
    assert_close(l.gross_receipts, 550_000.0);
    assert_close(l.disposal_costs, 11_000.0);
    assert_close(l.net_receipts, 539_000.0);
    assert_close(l.homes, 20.0);
    assert_close(l.backlog_avoided, 100_000.0);
    assert_close(l.running_cost_savings, 50_000.0);
    assert_close(l.capex, 3_000_000.0);
    assert_close(l.funding_gap, 3_000_000.0);
    // Greenwich: b whole in FY 2026 (t = 0): £2m, 10 homes; no project.
    let g = area(&areas, "Greenwich");
    assert_close(g.gross_receipts, 2_000_000.0);
    assert_close(g.homes, 10.0);
    assert_close(g.capex, 0.0);
    // Bromley: only the depot, £1m capex of which the grant meets £400,000.
    let b = area(&areas, "Bromley");
    assert_close(b.gross_receipts, 0.0);
    assert_close(b.capex, 1_000_000.0);
    assert_close(b.funding_gap, 600_000.0);
    // Not set: c in FY 2029 (t = 3): £0.5m * 1.1^3 = £665,500; no year after it to save in.
    let n = area(&areas, NOT_SET);
    assert_close(n.gross_receipts, 665_500.0);
    assert_close(n.running_cost_savings, 0.0);
}

#[test]
fn by_sub_region_projects_fall_in_their_sites_sub_region() {
    let s = two_boroughs();
    let r = computed(&s);
    let areas = rollup(&s, &r, AreaKind::SubRegion);
    let names: Vec<&str> = areas.iter().map(|a| a.area.as_str()).collect();
    assert_eq!(names, ["SEL", NOT_SET]);
    // The hub is on site b (SEL); the depot has no site, so it is "Not set" with site c.
    let sel = area(&areas, "SEL");
    assert_close(sel.gross_receipts, 2_550_000.0);
    assert_close(sel.capex, 3_000_000.0);
    let n = area(&areas, NOT_SET);
    assert_close(n.gross_receipts, 665_500.0);
    assert_close(n.capex, 1_000_000.0);
}

#[test]
fn roll_up_json_is_a_list_of_objects_with_area_and_the_figures() {
    let s = two_boroughs();
    let r = computed(&s);
    let json = serde_json::to_value(rollup(&s, &r, AreaKind::Borough)).expect("to JSON");
    let keys: Vec<&str> = json[0]
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = [
        "area",
        "gross_receipts",
        "disposal_costs",
        "net_receipts",
        "marriage_value",
        "homes",
        "backlog_avoided",
        "running_cost_savings",
        "capex",
        "funding_gap",
    ];
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
}

/// The figures of a roll-up summed over its areas.
fn summed(areas: &[AreaFigures]) -> [f64; 9] {
    let mut t = [0.0; 9];
    for a in areas {
        let row = [
            a.gross_receipts,
            a.disposal_costs,
            a.net_receipts,
            a.marriage_value,
            a.homes,
            a.backlog_avoided,
            a.running_cost_savings,
            a.capex,
            a.funding_gap,
        ];
        for (x, y) in t.iter_mut().zip(row) {
            *x += y;
        }
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The areas add up to the scenario's totals, at both levels, whatever the
    /// horizon and however many sites and projects have no area.
    #[test]
    fn roll_ups_add_up_to_the_totals(
        seed in any::<u64>(),
        horizon in 1u32..=60,
        blanks in prop::collection::vec(any::<bool>(), 1..40),
    ) {
        let params = GenParams { sites: 150, assemblies: 15, projects: 20, horizon, ..GenParams::default() };
        let mut s = london_scale(seed, &params);
        for (k, x) in s.sites.iter_mut().enumerate() {
            if blanks[k % blanks.len()] { x.borough.clear(); }
            if blanks[(k + 1) % blanks.len()] { x.sub_region.clear(); }
        }
        for (k, p) in s.projects.iter_mut().enumerate() {
            if blanks[k % blanks.len()] { p.borough.clear(); }
        }
        prop_assert!(validate(&s).is_empty());
        let r = estates_core::compute(&s);
        let t = &r.totals;
        let totals = [
            t.gross_receipts, t.disposal_costs, t.net_receipts, t.marriage_value, t.homes,
            t.backlog_avoided, t.running_cost_savings, t.capex, t.funding_gap,
        ];
        for by in [AreaKind::Borough, AreaKind::SubRegion] {
            let areas = rollup(&s, &r, by);
            for (k, (sum, total)) in summed(&areas).iter().zip(totals).enumerate() {
                prop_assert!((sum - total).abs() <= 1e-6 * total.abs().max(1.0), "{by:?} figure {k}: {sum} vs {total}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Merge

fn input(name: &str, s: Scenario) -> MergeInput {
    MergeInput {
        name: name.to_owned(),
        scenario: s,
    }
}

/// A sub-regional plan: the shared trust and council, a pot, site `a` sold, a hub on it.
fn plan(value: f64, horizon: u32) -> Scenario {
    let mut s = estate(horizon);
    s.sites = vec![site("a", "nhs", value)].into();
    s.disposals = vec![disposal("a", 2027)].into();
    s.retention_rules = vec![org_rule("keep", "nhs", 1.0, "local")].into();
    let mut hub = project("hub", &[(2028, 1_000_000.0)], vec![from_pot("local", None)]);
    hub.site = Some("a".to_owned());
    s.projects = vec![hub].into();
    s
}

#[test]
fn identical_items_are_kept_once_and_clashing_ones_renamed_with_their_references() {
    let ncl = plan(1_000_000.0, 5);
    let mut sel = plan(2_000_000.0, 8);
    sel.pots[0].opening_balance = 5.0;
    // Two rules for the same trust would clash in the merged file; SEL's covers trusts by kind.
    sel.retention_rules[0].applies_to = AppliesTo::Kind(OrgKind::NhsTrust);
    let m = merge(&[input("ncl", ncl), input("sel", sel)]).expect("merges");
    let s = &m.scenario;
    // The organisations are the same in both files: kept once.
    let orgs: Vec<&str> = s.organisations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(orgs, ["nhs", "council"]);
    // Site a and pot local differ, so each copy is prefixed with its file's name...
    let sites: Vec<(&str, f64)> = s.sites.iter().map(|x| (x.id.as_str(), x.value)).collect();
    assert_eq!(sites, [("ncl-a", 1_000_000.0), ("sel-a", 2_000_000.0)]);
    let pots: Vec<&str> = s.pots.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(pots, ["ncl-local", "sel-local"]);
    // ... and every reference to them follows: disposals (renamed too, as they now differ), rules, projects.
    let disposals: Vec<(&str, &str)> = s.disposals.iter().map(|d| (d.id.as_str(), d.site.as_str())).collect();
    assert_eq!(disposals, [("ncl-a-d", "ncl-a"), ("sel-a-d", "sel-a")]);
    let rules: Vec<(&str, &str)> = s
        .retention_rules
        .iter()
        .map(|r| (r.id.as_str(), r.pot.as_str()))
        .collect();
    assert_eq!(rules, [("ncl-keep", "ncl-local"), ("sel-keep", "sel-local")]);
    let hubs: Vec<(&str, Option<&str>)> = s.projects.iter().map(|p| (p.id.as_str(), p.site.as_deref())).collect();
    assert_eq!(hubs, [("ncl-hub", Some("ncl-a")), ("sel-hub", Some("sel-a"))]);
    // The longest horizon, and a scenario that validates.
    assert_eq!(s.horizon, 8);
    assert_eq!(validate(s), Vec::new());
    // Each renaming is reported.
    let renamed: Vec<String> = m
        .renamed
        .iter()
        .map(|r| format!("{}:{:?}:{}->{}", r.file, r.kind, r.from, r.to))
        .collect();
    assert!(renamed.contains(&"ncl:Site:a->ncl-a".to_owned()), "{renamed:?}");
    assert!(renamed.contains(&"sel:Pot:local->sel-local".to_owned()), "{renamed:?}");
    assert_eq!(m.renamed.iter().filter(|r| r.kind == ItemKind::Site).count(), 2);
    assert!(m.renamed[0].to_string().contains("renamed"), "{}", m.renamed[0]);
}

#[test]
fn a_renamed_organisation_makes_its_sites_differ_and_assembly_members_follow() {
    let mut ncl = plan(1_000_000.0, 5);
    ncl.sites.push(site("b", "council", 10.0));
    ncl.disposals.push(disposal("b", 2027));
    ncl.assemblies = vec![assembly("pair", &["a", "b"], 0.1)].into();
    let mut sel = plan(1_000_000.0, 5);
    sel.organisations[0].name = "Another trust".to_owned();
    let m = merge(&[input("ncl", ncl), input("sel", sel)]).expect("merges");
    let s = &m.scenario;
    let orgs: Vec<&str> = s.organisations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(orgs, ["ncl-nhs", "council", "sel-nhs"]);
    // Site a is written the same in both files but belongs to different trusts now.
    let sites: Vec<(&str, &str)> = s.sites.iter().map(|x| (x.id.as_str(), x.owner.as_str())).collect();
    assert_eq!(sites, [("ncl-a", "ncl-nhs"), ("b", "council"), ("sel-a", "sel-nhs")]);
    assert_eq!(s.assemblies[0].members, ["ncl-a", "b"]);
    assert_eq!(validate(s), Vec::new());
}

#[test]
fn different_start_years_are_refused() {
    let mut sel = plan(1.0, 5);
    sel.start_fy = 2027;
    let e = merge(&[input("ncl", plan(1.0, 5)), input("sel", sel)]).expect_err("refused");
    assert!(matches!(e, MergeError::StartYear { .. }));
    assert_eq!(
        e.to_string(),
        "cannot merge: ncl starts in 2026/27 but sel starts in 2027/28; scenarios are merged only when they start in the same year"
    );
}

#[test]
fn conflicting_assumptions_are_refused_naming_the_assumption_and_files() {
    let mut growth = plan(1.0, 5);
    growth.land_growth = 0.02;
    let e = merge(&[input("ncl", plan(1.0, 5)), input("sel", growth)]).expect_err("refused");
    assert_eq!(
        e.to_string(),
        "cannot merge: the assumption `land_growth` differs: ncl has 0, sel has 0.02; make it the same in every file first"
    );
    let mut weighted = plan(1.0, 5);
    weighted.weight_by_probability = true;
    let e = merge(&[input("ncl", plan(1.0, 5)), input("nel", weighted)]).expect_err("refused");
    assert!(
        e.to_string()
            .contains("`weight_by_probability` differs: ncl has false, nel has true"),
        "{e}"
    );
    let mut flat = plan(1.0, 5);
    flat.discount = estates_core::model::Discount::Flat(0.05);
    let e = merge(&[input("ncl", plan(1.0, 5)), input("swl", flat)]).expect_err("refused");
    assert!(e.to_string().contains("`discount` differs"), "{e}");
}

#[test]
fn two_files_with_the_same_name_and_no_files_are_refused() {
    let e = merge(&[input("plan", plan(1.0, 5)), input("plan", plan(2.0, 5))]).expect_err("refused");
    assert_eq!(e, MergeError::SameName("plan".to_owned()));
    assert_eq!(merge(&[]).expect_err("refused"), MergeError::Nothing);
}

#[test]
fn merging_identical_files_gives_the_same_estate() {
    let m = merge(&[input("a", plan(1.0, 5)), input("b", plan(1.0, 5))]).expect("merges");
    let one = plan(1.0, 5);
    assert_eq!(m.scenario.sites, one.sites);
    assert_eq!(m.scenario.disposals, one.disposals);
    assert_eq!(m.scenario.projects, one.projects);
    assert!(m.renamed.is_empty());
}

// ---------------------------------------------------------------------------
// Validation of locations

#[test]
fn a_location_off_the_globe_or_not_finite_is_an_error_naming_the_site_and_field() {
    let mut s = sites_north(&[("a", "nhs", 0.0), ("b", "council", 0.0), ("c", "nhsps", 0.0)]);
    s.sites[0].location = Some(at(90.5, 0.0));
    s.sites[1].location = Some(at(51.5, f64::NAN));
    s.sites[2].location = Some(at(-90.0, -180.0));
    let errors: Vec<String> = validate(&s).iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "error: Site 'a' (Site a), Location (latitude): must be in [-90, 90], not 90.5",
            "error: Site 'b' (Site b), Location (longitude): must be a finite number, not NaN",
        ]
    );
}
