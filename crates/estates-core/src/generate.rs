//! A reproducible London-scale scenario: the same seed always gives the same
//! scenario (and so the same file), for benchmarks, stress tests and the app's
//! large-register checks.
//!
//! The figures are illustrative, not valuations, but their magnitudes follow
//! what London estates leads see: outer London surplus land about £4m a hectare,
//! inner London up to about £35m, small inner-London health centre sites £8-10m,
//! neighbourhood hubs £10-40m of capex, NHS running costs a few hundred pounds
//! per m2 a year. Every figure is drawn from one ChaCha8 stream seeded from the
//! `u64`, in a fixed order, and nothing iterates a hash map, so the output
//! depends on the seed and the parameters alone. Sites' locations, plausible
//! points inside their borough, come from a second stream of the same seed,
//! so that they could be added without moving any figure.

use std::collections::HashMap;
use std::f64::consts::TAU;

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{
    AppliesTo, Assembly, Discount, Disposal, FundingSource, Location, OrgKind, Organisation, Pot, Project, ProjectKind,
    RetentionRule, Scenario, Site, Split, CURRENT_VERSION,
};
use crate::place::EARTH_RADIUS_M;

/// How big a scenario to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GenParams {
    pub sites: usize,
    /// Assemblies wanted; fewer are made only if there are too few sites in a
    /// borough to form them (each site joins at most one assembly).
    pub assemblies: usize,
    pub projects: usize,
    /// Years modelled, 1 to 60.
    pub horizon: u32,
    pub start_fy: i32,
}

impl Default for GenParams {
    /// The London-scale case of the foundation issue: 5,000 sites, 500
    /// assemblies, 300 projects over 30 years from FY 2026.
    fn default() -> Self {
        GenParams {
            sites: 5_000,
            assemblies: 500,
            projects: 300,
            horizon: 30,
            start_fy: 2026,
        }
    }
}

/// Generates the scenario for `seed`. It passes validation for any parameters
/// with a horizon of 1 to 60 years.
pub fn london_scale(seed: u64, params: &GenParams) -> Scenario {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(seed),
        params,
        roster: Roster::new(),
    };
    let mut sites: Vec<Site> = (0..params.sites).map(|i| g.site(i)).collect();
    let groups = g.assembly_groups(&sites);
    let plans = g.assembly_plans(&groups, sites.len());
    let disposals = g.disposals(&sites, &plans);
    let assemblies = g.assemblies(&groups, &sites, &disposals);
    let projects = (0..params.projects).map(|i| g.project(i, &sites)).collect();
    let retention_rules = retention_rules(&g.roster);
    place_sites(seed, &mut sites, &groups);
    Scenario {
        version: CURRENT_VERSION,
        name: format!("London-scale generated scenario (seed {seed})"),
        description: "Illustrative figures generated for performance and stress tests, not valuations.".to_owned(),
        start_fy: params.start_fy,
        horizon: params.horizon,
        land_growth: 0.01,
        weight_by_probability: true,
        discount: Discount::GreenBook,
        organisations: g.roster.orgs.into(),
        sites: sites.into(),
        disposals: disposals.into(),
        assemblies: assemblies.into(),
        pots: pots().into(),
        retention_rules: retention_rules.into(),
        projects,
        ..Scenario::default()
    }
}

// ---------------------------------------------------------------------------
// Geography: the 32 London boroughs and the City in the five sub-regions.

static SUB_REGIONS: [(&str, &str); 5] = [
    ("NCL", "North Central London"),
    ("NEL", "North East London"),
    ("SEL", "South East London"),
    ("SWL", "South West London"),
    ("NWL", "North West London"),
];

/// Where a borough sits, which sets its land values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Zone {
    Central,
    Inner,
    Outer,
}
use Zone::{Central, Inner, Outer};

impl Zone {
    /// Land value range in £m a hectare: central London highest, outer London about £4m.
    fn per_ha_m(self) -> (f64, f64) {
        match self {
            Zone::Central => (25.0, 35.0),
            Zone::Inner => (15.0, 28.0),
            Zone::Outer => (3.0, 5.5),
        }
    }
}

struct Borough {
    name: &'static str,
    /// Index into `SUB_REGIONS`.
    region: usize,
    zone: Zone,
    /// A point well inside the borough (WGS84 latitude, longitude) and the
    /// radius in metres of a disc around it that lies wholly inside the
    /// borough: the point furthest from the boundary of the borough outlines
    /// in `../shared/data/london-boroughs.geojson`, and 90% of its clearance
    /// less 100 m for the outlines' generalisation.
    centre: (f64, f64),
    radius_m: f64,
}

const fn b(name: &'static str, region: usize, zone: Zone, centre: (f64, f64), radius_m: f64) -> Borough {
    Borough {
        name,
        region,
        zone,
        centre,
        radius_m,
    }
}

static BOROUGHS: [Borough; 33] = [
    b("Barnet", 0, Outer, (51.61705, -0.21306), 3600.0),
    b("Camden", 0, Central, (51.55443, -0.16493), 1490.0),
    b("Enfield", 0, Outer, (51.64620, -0.07344), 3620.0),
    b("Haringey", 0, Inner, (51.59054, -0.10547), 1630.0),
    b("Islington", 0, Central, (51.54510, -0.10499), 1190.0),
    b("Barking and Dagenham", 1, Outer, (51.53960, 0.13763), 1960.0),
    b("City of London", 1, Central, (51.51361, -0.08433), 410.0),
    b("Hackney", 1, Inner, (51.54999, -0.05514), 1250.0),
    b("Havering", 1, Outer, (51.56029, 0.23932), 3050.0),
    b("Newham", 1, Inner, (51.52622, 0.03653), 2090.0),
    b("Redbridge", 1, Outer, (51.57871, 0.08653), 2450.0),
    b("Tower Hamlets", 1, Inner, (51.52340, -0.03518), 1270.0),
    b("Waltham Forest", 1, Outer, (51.58151, -0.01978), 1990.0),
    b("Bexley", 2, Outer, (51.45077, 0.13041), 2420.0),
    b("Bromley", 2, Outer, (51.37596, 0.06121), 4650.0),
    b("Greenwich", 2, Inner, (51.46803, 0.04967), 1930.0),
    b("Lambeth", 2, Inner, (51.46019, -0.12316), 1400.0),
    b("Lewisham", 2, Inner, (51.44348, -0.01494), 1890.0),
    b("Southwark", 2, Inner, (51.48558, -0.07925), 1460.0),
    b("Croydon", 3, Outer, (51.35805, -0.07277), 2820.0),
    b("Kingston upon Thames", 3, Outer, (51.40195, -0.27780), 1830.0),
    b("Merton", 3, Outer, (51.41061, -0.20981), 2130.0),
    b("Richmond upon Thames", 3, Outer, (51.42795, -0.35263), 1530.0),
    b("Sutton", 3, Outer, (51.36273, -0.16832), 2410.0),
    b("Wandsworth", 3, Inner, (51.45195, -0.17240), 1440.0),
    b("Brent", 4, Outer, (51.56312, -0.28532), 2110.0),
    b("Ealing", 4, Outer, (51.52120, -0.33931), 2210.0),
    b("Hammersmith and Fulham", 4, Inner, (51.47844, -0.20617), 940.0),
    b("Harrow", 4, Outer, (51.59694, -0.35448), 2410.0),
    b("Hillingdon", 4, Outer, (51.57508, -0.43710), 2820.0),
    b("Hounslow", 4, Outer, (51.47693, -0.34996), 1760.0),
    b("Kensington and Chelsea", 4, Central, (51.48947, -0.18035), 730.0),
    b("Westminster", 4, Central, (51.52098, -0.17037), 1420.0),
];

impl Borough {
    fn is_inner(&self) -> bool {
        self.zone != Zone::Outer
    }

    /// The council's formal name: most are London Borough of X.
    fn council(&self) -> String {
        match self.name {
            "City of London" => "City of London Corporation".to_owned(),
            "Westminster" => "Westminster City Council".to_owned(),
            "Greenwich" | "Kingston upon Thames" | "Kensington and Chelsea" => {
                format!("Royal Borough of {}", self.name)
            }
            name => format!("London Borough of {name}"),
        }
    }
}

static STREETS: [&str; 16] = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Park Road",
    "Victoria Road",
    "London Road",
    "Green Lane",
    "Queens Road",
    "Mill Lane",
    "The Broadway",
    "Kings Avenue",
    "Manor Road",
    "Grove Park",
    "Hospital Lane",
    "Market Square",
    "Albert Street",
];

/// Lowercase id fragment of a name: "Tower Hamlets" -> "tower-hamlets".
fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

fn region_code(region: usize) -> String {
    SUB_REGIONS[region].0.to_lowercase()
}

// ---------------------------------------------------------------------------
// Owners

/// The organisations, with where each sits so sites can pick a local owner.
struct Roster {
    orgs: Vec<Organisation>,
    /// Sub-region of each organisation; `None` for London-wide bodies.
    home: Vec<Option<usize>>,
    /// Acute and mental health trusts of each sub-region (indices into `orgs`).
    trusts: Vec<Vec<usize>>,
    /// The integrated care board of each sub-region (index into `orgs`).
    icbs: Vec<usize>,
}

impl Roster {
    /// Councils (one per borough), the GLA, NHS Property Services, CHP, the five
    /// ICBs, and per sub-region one acute trust for each pair of boroughs (NHS
    /// trusts and foundation trusts alternately) plus a mental health foundation trust.
    fn new() -> Self {
        let mut roster = Roster {
            orgs: Vec::new(),
            home: Vec::new(),
            trusts: vec![Vec::new(); SUB_REGIONS.len()],
            icbs: Vec::new(),
        };
        for b in &BOROUGHS {
            roster.add(council_id(b), b.council(), OrgKind::Council, Some(b.region));
        }
        roster.add("gla".into(), "Greater London Authority".into(), OrgKind::Gla, None);
        let nhsps = OrgKind::NhsPropertyServices;
        roster.add("nhsps".into(), "NHS Property Services".into(), nhsps, None);
        let chp = OrgKind::CommunityHealthPartnerships;
        roster.add("chp".into(), "Community Health Partnerships".into(), chp, None);
        for (r, (_, region_name)) in SUB_REGIONS.iter().enumerate() {
            let icb_name = format!("NHS {region_name} Integrated Care Board");
            let icb = roster.add(icb_id(r), icb_name, OrgKind::Icb, Some(r));
            roster.icbs.push(icb);
            let boroughs: Vec<&str> = BOROUGHS.iter().filter(|b| b.region == r).map(|b| b.name).collect();
            for (k, pair) in boroughs.chunks(2).enumerate() {
                let (suffix, kind) = if k % 2 == 0 {
                    ("NHS Trust", OrgKind::NhsTrust)
                } else {
                    ("NHS Foundation Trust", OrgKind::NhsFoundationTrust)
                };
                let name = format!("{} Hospitals {suffix}", pair.join(" and "));
                let t = roster.add(trust_id(r, k + 1), name, kind, Some(r));
                roster.trusts[r].push(t);
            }
            let name = format!("{region_name} Mental Health NHS Foundation Trust");
            let t = roster.add(trust_id(r, 0), name, OrgKind::NhsFoundationTrust, Some(r));
            roster.trusts[r].push(t);
        }
        roster
    }

    /// Adds an organisation and returns its index.
    fn add(&mut self, id: String, name: String, kind: OrgKind, home: Option<usize>) -> usize {
        self.orgs.push(Organisation { id, name, kind });
        self.home.push(home);
        self.orgs.len() - 1
    }
}

fn council_id(b: &Borough) -> String {
    format!("council-{}", slug(b.name))
}

fn icb_id(region: usize) -> String {
    format!("icb-{}", region_code(region))
}

/// Trust `k` of a sub-region; 0 is its mental health trust.
fn trust_id(region: usize, k: usize) -> String {
    format!("trust-{}-{k}", region_code(region))
}

// ---------------------------------------------------------------------------
// Sites

/// What a site is used for now, and the plot it sits on.
struct Use {
    name: &'static str,
    area_ha: (f64, f64),
    /// Floor area per unit of plot area; 0 for open land.
    plot_ratio: (f64, f64),
    /// A small health centre: £8-10m in inner London.
    health_centre: bool,
}

const fn u(name: &'static str, area_ha: (f64, f64), plot_ratio: (f64, f64), health_centre: bool) -> Use {
    Use {
        name,
        area_ha,
        plot_ratio,
        health_centre,
    }
}

static TRUST_USES: [Use; 6] = [
    u("Surplus hospital land", (0.5, 4.0), (0.0, 0.3), false),
    u("Former ward block", (0.3, 1.5), (0.6, 1.5), false),
    u("Staff accommodation", (0.2, 1.0), (0.8, 1.8), false),
    u("Car park", (0.1, 1.0), (0.0, 0.0), false),
    u("Mental health unit", (0.4, 2.5), (0.3, 0.8), false),
    u("Community hospital", (0.5, 2.0), (0.4, 0.9), false),
];

static PRIMARY_CARE_USES: [Use; 4] = [
    u("Health centre", (0.1, 0.5), (0.6, 1.2), true),
    u("Clinic", (0.05, 0.3), (0.6, 1.2), true),
    u("GP surgery", (0.03, 0.2), (0.5, 1.0), false),
    u("Administrative offices", (0.05, 0.4), (1.0, 2.5), false),
];

static COUNCIL_USES: [Use; 7] = [
    u("Depot", (0.3, 2.0), (0.1, 0.4), false),
    u("Library", (0.05, 0.3), (0.6, 1.5), false),
    u("Offices", (0.1, 0.8), (1.5, 3.0), false),
    u("Housing land", (0.2, 3.0), (0.0, 0.2), false),
    u("Car park", (0.1, 1.2), (0.0, 0.0), false),
    u("Vacant land", (0.1, 2.0), (0.0, 0.0), false),
    u("Community centre", (0.05, 0.4), (0.5, 1.0), false),
];

static GLA_USES: [Use; 3] = [
    u("Development land", (0.5, 5.0), (0.0, 0.0), false),
    u("Former police station", (0.1, 0.6), (0.8, 1.6), false),
    u("Former fire station", (0.1, 0.5), (0.6, 1.2), false),
];

static PLANNING: [&str; 5] = [
    "No application",
    "Pre-application",
    "Allocated in local plan",
    "Outline consent",
    "Full consent",
];

struct Gen<'p> {
    rng: ChaCha8Rng,
    params: &'p GenParams,
    roster: Roster,
}

impl Gen<'_> {
    /// Uniform in `[lo, hi)`; `lo` when the range is empty (a fixed figure).
    fn between(&mut self, (lo, hi): (f64, f64)) -> f64 {
        if hi > lo {
            self.rng.random_range(lo..hi)
        } else {
            lo
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    /// Index in `0..n`, for `n >= 1`.
    fn index(&mut self, n: usize) -> usize {
        self.rng.random_range(0..n.max(1))
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// Owner organisation index and the uses open to it.
    fn owner(&mut self, b: &Borough, borough: usize) -> (usize, &'static [Use]) {
        let roll = self.between((0.0, 1.0));
        // Shares of London's surplus public land: councils and acute trusts hold most of it.
        let council = borough;
        let gla = BOROUGHS.len();
        let (nhsps, chp) = (gla + 1, gla + 2);
        match roll {
            x if x < 0.38 => (council, &COUNCIL_USES),
            x if x < 0.68 => {
                let k = self.index(self.roster.trusts[b.region].len());
                (self.roster.trusts[b.region][k], &TRUST_USES)
            }
            x if x < 0.85 => (nhsps, &PRIMARY_CARE_USES),
            x if x < 0.91 => (chp, &PRIMARY_CARE_USES),
            x if x < 0.94 => (self.roster.icbs[b.region], &PRIMARY_CARE_USES),
            _ => (gla, &GLA_USES),
        }
    }

    fn site(&mut self, i: usize) -> Site {
        let borough = self.index(BOROUGHS.len());
        let b = &BOROUGHS[borough];
        let (owner, uses) = self.owner(b, borough);
        let owner = &self.roster.orgs[owner];
        let is_nhs = owner.kind.is_nhs();
        let owner = owner.id.clone();
        let land_use = self.pick(uses);
        let per_ha = self.between(b.zone.per_ha_m()) * 1e6;
        let (value, area_ha) = if land_use.health_centre && b.is_inner() {
            let value = self.between((8e6, 10e6));
            (value, value / per_ha)
        } else {
            let area = self.between(land_use.area_ha);
            (area * per_ha, area)
        };
        let gia_m2 = (area_ha * 10_000.0 * self.between(land_use.plot_ratio)).round();
        let street = self.pick(&STREETS);
        let density = if b.is_inner() { (120.0, 250.0) } else { (40.0, 100.0) };
        Site {
            id: format!("S{:05}", i + 1),
            name: format!("{}, {street}, {}", land_use.name, b.name),
            owner,
            borough: b.name.to_owned(),
            sub_region: SUB_REGIONS[b.region].0.to_owned(),
            area_ha: round_to(area_ha, 0.001),
            gia_m2,
            tenure: if self.chance(0.85) { "Freehold" } else { "Leasehold" }.to_owned(),
            current_use: land_use.name.to_owned(),
            value: thousands(value),
            book_value: thousands(value * self.between((0.3, 0.9))),
            running_cost: thousands(gia_m2 * self.between((150.0, 400.0))),
            backlog: thousands(gia_m2 * self.between((0.0, 300.0))),
            homes: (area_ha * self.between(density)).floor(),
            epims_id: is_nhs.then(|| format!("E{:06}", 100_000 + i)),
            planning_status: Some(self.pick(&PLANNING).to_string()),
            ..Site::default()
        }
    }
}

/// Rounds to a multiple of `step` (money to £1,000, areas to 0.001 ha), as a register would hold it.
fn round_to(x: f64, step: f64) -> f64 {
    (x / step).round() * step
}

fn thousands(x: f64) -> f64 {
    round_to(x, 1_000.0)
}

// ---------------------------------------------------------------------------
// Locations

/// The stream of the seed's ChaCha8 generator that locations are drawn from.
/// The figures come from stream 0, so giving sites locations moved no figure.
const LOCATION_STREAM: u64 = 1;
/// How far an assembly's other members lie from its first, in metres: next door.
const NEIGHBOUR_M: (f64, f64) = (25.0, 90.0);

/// Gives every site a location inside its borough, uniform over the
/// borough's disc, and puts an assembly's other members next to its first.
fn place_sites(seed: u64, sites: &mut [Site], groups: &[Vec<usize>]) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(LOCATION_STREAM);
    for site in sites.iter_mut() {
        let Some(b) = BOROUGHS.iter().find(|b| b.name == site.borough) else {
            continue;
        };
        // Uniform over the disc: the distance from the centre goes as the square root of a uniform draw.
        let distance = b.radius_m * rng.random_range(0.0..1.0f64).sqrt();
        let bearing = rng.random_range(0.0..TAU);
        site.location = Some(moved(b.centre, distance, bearing));
    }
    for group in groups {
        let Some(first) = group.first().and_then(|&k| sites[k].location) else {
            continue;
        };
        for &k in &group[1..] {
            let distance = rng.random_range(NEIGHBOUR_M.0..NEIGHBOUR_M.1);
            let bearing = rng.random_range(0.0..TAU);
            sites[k].location = Some(moved((first.lat, first.lon), distance, bearing));
        }
    }
}

/// The point `distance` metres from `(lat, lon)` on a compass bearing (radians
/// from north), on the flat approximation that is exact to centimetres over a
/// few kilometres, rounded to 5 decimal places (about a metre) as registers hold it.
fn moved((lat, lon): (f64, f64), distance: f64, bearing: f64) -> Location {
    let north = distance * bearing.cos() / EARTH_RADIUS_M;
    let east = distance * bearing.sin() / (EARTH_RADIUS_M * lat.to_radians().cos());
    let degrees = |x: f64| (x * 1e5).round() / 1e5;
    Location {
        lat: degrees(lat + north.to_degrees()),
        lon: degrees(lon + east.to_degrees()),
    }
}

// ---------------------------------------------------------------------------
// Disposals and assemblies

/// How an assembly's members are to be disposed of.
#[derive(Clone, Copy)]
enum MemberPlan {
    /// Sold whole in this year index.
    SoldIn(usize),
    /// Left out of the programme, so the assembly is not realised.
    NotSold,
}

impl Gen<'_> {
    /// The largest tranche offset used, so every tranche stays inside the horizon.
    fn spread(&self) -> usize {
        (self.params.horizon as usize).saturating_sub(1).min(2)
    }

    /// A disposal year index that leaves room for `spread()` years of tranches.
    fn disposal_year(&mut self) -> usize {
        let last = (self.params.horizon as usize).saturating_sub(self.spread());
        self.index(last)
    }

    /// Groups of 2 or 3 sites in the same borough, disjoint, taken borough by
    /// borough in turn until enough are formed or no borough has two sites left.
    fn assembly_groups(&mut self, sites: &[Site]) -> Vec<Vec<usize>> {
        let mut pools: Vec<Vec<usize>> = BOROUGHS
            .iter()
            .map(|b| (0..sites.len()).filter(|&i| sites[i].borough == b.name).collect())
            .collect();
        for pool in &mut pools {
            pool.shuffle(&mut self.rng);
        }
        let mut groups = Vec::with_capacity(self.params.assemblies);
        let mut borough = 0;
        let mut idle = 0;
        while groups.len() < self.params.assemblies && idle < pools.len() {
            let want = if self.chance(0.7) { 2 } else { 3 };
            let pool = &mut pools[borough];
            let take = want.min(pool.len());
            if take >= 2 {
                groups.push(pool.split_off(pool.len() - take));
                idle = 0;
            } else {
                idle += 1;
            }
            borough = (borough + 1) % pools.len();
        }
        groups
    }

    /// Most assemblies' members sell together in one year; about one in six has
    /// a member out of step and one in twenty a member not sold at all.
    fn assembly_plans(&mut self, groups: &[Vec<usize>], n_sites: usize) -> Vec<Option<MemberPlan>> {
        let mut plans = vec![None; n_sites];
        let years = (self.params.horizon as usize).saturating_sub(self.spread()).max(1);
        for group in groups {
            let fy = self.disposal_year();
            let roll = self.between((0.0, 1.0));
            for &site in group {
                plans[site] = Some(MemberPlan::SoldIn(fy));
            }
            let odd = group[self.index(group.len())];
            if roll < 0.05 {
                plans[odd] = Some(MemberPlan::NotSold);
            } else if roll < 0.22 && years > 1 {
                plans[odd] = Some(MemberPlan::SoldIn((fy + 1 + self.index(years - 1)) % years));
            }
        }
        plans
    }

    /// Assembly members get the disposal their plan says; other sites none
    /// (about a third), one, or two part-disposals in different years.
    fn disposals(&mut self, sites: &[Site], plans: &[Option<MemberPlan>]) -> Vec<Disposal> {
        let mut out = Vec::with_capacity(sites.len());
        for (i, site) in sites.iter().enumerate() {
            let shares_years: Vec<(f64, usize)> = match plans[i] {
                Some(MemberPlan::SoldIn(t)) => vec![(1.0, t)],
                Some(MemberPlan::NotSold) => Vec::new(),
                None => {
                    let roll = self.between((0.0, 1.0));
                    if roll < 0.33 {
                        Vec::new()
                    } else if roll < 0.93 {
                        let t = self.disposal_year();
                        vec![(1.0, t)]
                    } else {
                        let first = round_to(self.between((0.3, 0.7)), 0.05);
                        let (t1, t2) = (self.disposal_year(), self.disposal_year());
                        vec![(first, t1), (1.0 - first, t2)]
                    }
                }
            };
            for (share, t) in shares_years {
                let id = format!("D{:05}", out.len() + 1);
                out.push(self.disposal(id, site, share, t));
            }
        }
        out
    }

    fn disposal(&mut self, id: String, site: &Site, share: f64, t: usize) -> Disposal {
        let is_council = site.owner.starts_with("council-");
        // Councils mostly keep fees within the 4% that may be charged to the receipt.
        let cost_rate = if is_council && self.chance(0.95) {
            self.between((0.01, 0.04))
        } else {
            self.between((0.02, 0.06))
        };
        let agreed_price = self
            .chance(0.05)
            .then(|| thousands(site.value * share * self.between((0.9, 1.15))));
        Disposal {
            id,
            site: site.id.clone(),
            fy: self.params.start_fy + t as i32,
            share,
            cost_rate: round_to(cost_rate, 0.001),
            fixed_cost: thousands(self.between((25_000.0, 250_000.0))),
            phasing: self.phasing(),
            probability: round_to(self.between((0.5, 1.0)), 0.05),
            agreed_price,
            ..Disposal::default()
        }
    }

    /// Most receipts land at once; some in two or three tranches (deferred payments, overage).
    fn phasing(&mut self) -> Vec<(u32, f64)> {
        let roll = self.between((0.0, 1.0));
        match self.spread() {
            s if s >= 2 && roll < 0.1 => vec![(0, 0.4), (1, 0.3), (2, 0.3)],
            s if s >= 1 && roll < 0.3 => {
                let first = round_to(self.between((0.5, 0.8)), 0.05);
                vec![(0, first), (1, 1.0 - first)]
            }
            _ => vec![(0, 1.0)],
        }
    }

    /// Assemblies over the groups, with the joint value as an uplift or a
    /// combined value, mixed split rules, and about one in ten switched off.
    fn assemblies(&mut self, groups: &[Vec<usize>], sites: &[Site], disposals: &[Disposal]) -> Vec<Assembly> {
        // Lookups only, never iterated, so the hash order cannot reach the output.
        let disposal_of: HashMap<&str, &Disposal> = disposals.iter().map(|d| (d.site.as_str(), d)).collect();
        groups
            .iter()
            .enumerate()
            .map(|(k, group)| {
                let members: Vec<String> = group.iter().map(|&i| sites[i].id.clone()).collect();
                let separate: f64 = group
                    .iter()
                    .filter_map(|&i| {
                        let d = disposal_of.get(sites[i].id.as_str())?;
                        Some(d.agreed_price.unwrap_or(sites[i].value * d.share))
                    })
                    .sum();
                let (combined_value, uplift) = if self.chance(0.6) {
                    (None, Some(round_to(self.between((0.05, 0.35)), 0.01)))
                } else {
                    (Some(thousands(separate * self.between((0.95, 1.4)))), None)
                };
                Assembly {
                    id: format!("A{:04}", k + 1),
                    name: format!("{} joint sale {}", sites[group[0]].borough, k + 1),
                    split: self.split(members.len()),
                    members,
                    enabled: self.chance(0.9),
                    combined_value,
                    uplift,
                }
            })
            .collect()
    }

    fn split(&mut self, members: usize) -> Split {
        match self.index(5) {
            0 | 1 => Split::ProRataValue,
            2 => Split::ProRataArea,
            3 => Split::Equal,
            _ => {
                let mut shares: Vec<f64> = (1..members)
                    .map(|_| round_to(self.between((0.2, 0.9)) / members as f64, 0.01))
                    .collect();
                let rest = 1.0 - shares.iter().sum::<f64>();
                shares.push(rest);
                Split::Fixed(shares)
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Retention: pots and rules

const LONDON_POOL: &str = "pot-london";

fn pot_id(region: usize) -> String {
    format!("pot-{}", region_code(region))
}

/// A pot per sub-region and a London Estates Board pool, some with annual caps.
fn pots() -> Vec<Pot> {
    let mut pots: Vec<Pot> = SUB_REGIONS
        .iter()
        .enumerate()
        .map(|(r, (_, name))| Pot {
            id: pot_id(r),
            name: format!("{name} estates pot"),
            opening_balance: 10e6 + 2.5e6 * r as f64,
            annual_cap: (r % 2 == 1).then_some(60e6),
            spend_limits: Vec::new(),
        })
        .collect();
    pots.push(Pot {
        id: LONDON_POOL.to_owned(),
        name: "London Estates Board pool".to_owned(),
        opening_balance: 25e6,
        annual_cap: Some(150e6),
        spend_limits: Vec::new(),
    });
    pots
}

/// Rules by kind into the London pool, and by organisation into the local pot:
/// every council keeps its receipts locally, and so does every other acute
/// trust (80%, some only on disposals up to a limit); the rest fall to their kind's rule.
fn retention_rules(roster: &Roster) -> Vec<RetentionRule> {
    let by_kind = [
        (OrgKind::NhsTrust, 0.5, None),
        (OrgKind::NhsFoundationTrust, 1.0, None),
        (OrgKind::NhsPropertyServices, 0.5, Some(5e6)),
        (OrgKind::CommunityHealthPartnerships, 0.5, Some(5e6)),
        (OrgKind::Icb, 1.0, None),
        (OrgKind::Council, 1.0, None),
        (OrgKind::Gla, 0.75, None),
    ];
    let mut rules: Vec<RetentionRule> = by_kind
        .iter()
        .map(|&(kind, share, limit)| RetentionRule {
            id: format!("rule-{}", slug(kind.label())),
            name: format!("{} receipts to the London pool", kind.label()),
            applies_to: AppliesTo::Kind(kind),
            retained_share: share,
            pot: LONDON_POOL.to_owned(),
            limit_per_disposal: limit,
        })
        .collect();
    for (i, (o, home)) in roster.orgs.iter().zip(&roster.home).enumerate() {
        let Some(r) = *home else { continue };
        let (share, limit) = match o.kind {
            OrgKind::Council => (1.0, None),
            OrgKind::NhsTrust | OrgKind::NhsFoundationTrust if i % 2 == 0 => {
                (0.8, (i % 3 == 0).then_some(10e6 + 5e6 * r as f64))
            }
            _ => continue,
        };
        rules.push(org_rule(o, share, pot_id(r), limit));
    }
    rules
}

fn org_rule(o: &Organisation, share: f64, pot: String, limit: Option<f64>) -> RetentionRule {
    RetentionRule {
        id: format!("rule-{}", o.id),
        name: format!("{} keeps receipts locally", o.name),
        applies_to: AppliesTo::Organisation(o.id.clone()),
        retained_share: share,
        pot,
        limit_per_disposal: limit,
    }
}

// ---------------------------------------------------------------------------
// Reinvestment projects

static GRANTS: [&str; 4] = [
    "NHS England capital allocation",
    "GLA Good Growth Fund",
    "Section 106 contributions",
    "Community Infrastructure Levy",
];

impl Gen<'_> {
    fn project_kind(&mut self) -> ProjectKind {
        match self.index(20) {
            0..=11 => ProjectKind::NeighbourhoodCareHub,
            12..=14 => ProjectKind::PrimaryCareHub,
            15 | 16 => ProjectKind::DiagnosticsCentre,
            17 | 18 => ProjectKind::Housing,
            _ => ProjectKind::Other,
        }
    }

    /// Capex over 2-3 consecutive years (fewer when the horizon is shorter), at price base.
    fn capex(&mut self, total: f64) -> Vec<(i32, f64)> {
        let horizon = self.params.horizon as usize;
        let years = (2 + self.index(2)).min(horizon);
        let first = self.index(horizon + 1 - years);
        let profile: &[f64] = match years {
            3 => &[0.2, 0.5, 0.3],
            2 => &[0.4, 0.6],
            _ => &[1.0],
        };
        profile
            .iter()
            .enumerate()
            .map(|(k, f)| (self.params.start_fy + (first + k) as i32, thousands(total * f)))
            .collect()
    }

    /// Local pot (sometimes capped), often the London pool, and a grant for about
    /// half of them, sometimes tried first.
    fn funding(&mut self, region: usize, total: f64) -> Vec<FundingSource> {
        let cap = self.chance(0.5).then(|| thousands(total * self.between((0.3, 0.8))));
        let mut sources = vec![FundingSource::Pot {
            pot: pot_id(region),
            cap,
        }];
        if self.chance(0.6) {
            sources.push(FundingSource::Pot {
                pot: LONDON_POOL.to_owned(),
                cap: None,
            });
        }
        if self.chance(0.5) {
            let grant = FundingSource::Grant {
                name: self.pick(&GRANTS).to_string(),
                amount: thousands(self.between((1e6, 8e6))),
            };
            if self.chance(0.3) {
                sources.insert(0, grant);
            } else {
                sources.push(grant);
            }
        }
        sources
    }

    fn project(&mut self, i: usize, sites: &[Site]) -> Project {
        let kind = self.project_kind();
        let b = self.pick(&BOROUGHS);
        let total = match kind {
            ProjectKind::Housing => self.between((20e6, 60e6)),
            _ => self.between((10e6, 40e6)),
        };
        // A LIFT-era hub of about 6,000 m2 cost about £13.5m: roughly £2,250 per m2.
        let gia_m2 = total / 2_250.0;
        let running_cost = match kind {
            ProjectKind::Housing => 0.0,
            _ => thousands(gia_m2 * self.between((200.0, 350.0))),
        };
        let site = (self.chance(0.3) && !sites.is_empty()).then(|| self.pick(sites).id.clone());
        let street = self.pick(&STREETS);
        Project {
            id: format!("P{:04}", i + 1),
            name: format!("{}, {street}, {}", kind.label(), b.name),
            kind,
            borough: b.name.to_owned(),
            site,
            capex: self.capex(total),
            optimism_bias: self.optimism_bias(),
            running_cost,
            funding: self.funding(b.region, total),
            ..Project::default()
        }
    }

    /// Green Book optimism bias: most standard buildings 5-24%, one in ten non-standard at 51%.
    fn optimism_bias(&mut self) -> f64 {
        if self.chance(0.1) {
            0.51
        } else {
            round_to(self.between((0.05, 0.24)), 0.01)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{parse, to_ron, FileFormat};
    use crate::validate::validate;

    fn small() -> GenParams {
        GenParams {
            sites: 600,
            assemblies: 60,
            projects: 30,
            ..GenParams::default()
        }
    }

    #[test]
    fn same_seed_gives_the_same_scenario_and_file() {
        let a = london_scale(7, &small());
        let b = london_scale(7, &small());
        assert_eq!(a, b);
        assert_eq!(to_ron(&a).unwrap(), to_ron(&b).unwrap());
    }

    #[test]
    fn different_seeds_give_different_scenarios() {
        let a = london_scale(7, &small());
        let b = london_scale(8, &small());
        assert_ne!(a.sites, b.sites);
        assert_ne!(a.disposals, b.disposals);
    }

    #[test]
    fn default_scale_is_valid_with_the_counts_asked_for() {
        let s = london_scale(2026, &GenParams::default());
        assert_eq!(validate(&s), Vec::new());
        assert_eq!(s.sites.len(), 5_000);
        assert_eq!(s.assemblies.len(), 500);
        assert_eq!(s.projects.len(), 300);
        assert_eq!((s.start_fy, s.horizon), (2026, 30));
        // 33 councils, the GLA, NHS Property Services, CHP, 5 ICBs, and
        // 3+4+3+3+4 acute trusts plus 5 mental health trusts.
        assert_eq!(s.organisations.len(), 33 + 3 + 5 + 17 + 5);
        let boroughs: std::collections::BTreeSet<&str> = s.sites.iter().map(|x| x.borough.as_str()).collect();
        assert_eq!(boroughs.len(), 33);
        let members: Vec<usize> = s.assemblies.iter().map(|a| a.members.len()).collect();
        assert!(members.iter().all(|&n| n == 2 || n == 3));
    }

    #[test]
    fn the_saved_file_reads_back_as_the_same_scenario() {
        let s = london_scale(11, &small());
        let text = to_ron(&s).unwrap();
        assert_eq!(parse(&text, FileFormat::Ron).unwrap(), s);
    }

    #[test]
    fn valid_for_short_and_long_horizons() {
        for horizon in [1, 2, 3, 60] {
            let p = GenParams { horizon, ..small() };
            assert_eq!(validate(&london_scale(3, &p)), Vec::new(), "horizon {horizon}");
        }
    }

    #[test]
    fn most_assemblies_are_realised_and_some_are_not() {
        let r = crate::compute(&london_scale(2026, &GenParams::default()));
        let enabled = r.assemblies.iter().filter(|a| a.enabled).count();
        let realised = r.assemblies.iter().filter(|a| a.realised).count();
        assert!(realised * 10 > enabled * 6, "{realised} of {enabled} realised");
        assert!(realised < enabled);
    }

    #[test]
    fn every_site_lies_in_its_borough_and_assembly_members_next_door() {
        let s = london_scale(2026, &GenParams::default());
        let location = |id: &str| s.site(id).and_then(|x| x.location).expect("every site is located");
        for x in &s.sites {
            let b = BOROUGHS.iter().find(|b| b.name == x.borough).expect("a London borough");
            let centre = Location {
                lat: b.centre.0,
                lon: b.centre.1,
            };
            // Inside the borough's disc, or next door to an assembly member inside it.
            let d = crate::place::distance_m(centre, location(&x.id));
            assert!(
                d <= b.radius_m + NEIGHBOUR_M.1 + 2.0,
                "{} is {d} m from {}",
                x.id,
                b.name
            );
        }
        for a in &s.assemblies {
            let first = location(&a.members[0]);
            for m in &a.members[1..] {
                let d = crate::place::distance_m(first, location(m));
                assert!(
                    (NEIGHBOUR_M.0 - 2.0..=NEIGHBOUR_M.1 + 2.0).contains(&d),
                    "{} {m}: {d} m",
                    a.id
                );
            }
        }
    }

    #[test]
    fn magnitudes_are_london_like() {
        let s = london_scale(2026, &GenParams::default());
        let per_ha = |inner: bool| {
            let xs: Vec<f64> = s
                .sites
                .iter()
                .filter(|x| BOROUGHS.iter().any(|b| b.name == x.borough && b.is_inner() == inner))
                .filter(|x| x.area_ha > 0.0)
                .map(|x| x.value / x.area_ha / 1e6)
                .collect();
            xs.iter().sum::<f64>() / xs.len() as f64
        };
        assert!((3.5..5.0).contains(&per_ha(false)), "outer £{}m/ha", per_ha(false));
        assert!((15.0..35.0).contains(&per_ha(true)), "inner £{}m/ha", per_ha(true));
        let hubs: Vec<f64> = s
            .projects
            .iter()
            .filter(|p| p.kind == ProjectKind::NeighbourhoodCareHub)
            .map(|p| p.capex.iter().map(|c| c.1).sum())
            .collect();
        assert!(hubs.iter().all(|k| (9.99e6..=40.01e6).contains(k)));
    }
}
