//! The domain: what a scenario file holds (MODEL.md sections 1-7).
//!
//! Every optional field has a serde default so that a hand-written file only
//! needs the fields that matter to it. Unknown fields are refused, because a
//! misspelt `probabilty:` silently defaulting to 1 would change the figures.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The scenario file format version this build writes and understands.
pub const CURRENT_VERSION: u32 = 1;

/// Longest horizon a scenario may have, in years (MODEL.md section 1: 1 to 60).
pub const MAX_HORIZON: u32 = 60;

/// A whole modelling scenario: assumptions plus the estate and the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[serde(default = "current_version")]
    pub version: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// First financial year (FY 2026 is 2026/27); year index 0, the price base.
    pub start_fy: i32,
    /// Number of years modelled, 1 to 60.
    pub horizon: u32,
    /// Real land value growth per year, applied as `(1 + g)^t`.
    #[serde(default)]
    pub land_growth: f64,
    /// Multiply receipts by each disposal's probability of going ahead.
    #[serde(default)]
    pub weight_by_probability: bool,
    #[serde(default)]
    pub discount: Discount,
    /// Monte Carlo draws and seed of the risk analysis (docs/risk.md).
    #[serde(default, skip_serializing_if = "RiskSettings::is_default")]
    pub risk: RiskSettings,
    /// What the board pack's cover sheet says (meeting, purpose, recommendations,
    /// summary); not used by any calculation.
    #[serde(default, skip_serializing_if = "BoardPaper::is_empty")]
    pub board: BoardPaper,
    #[serde(default)]
    pub organisations: Shared<Organisation>,
    #[serde(default)]
    pub sites: Shared<Site>,
    #[serde(default)]
    pub disposals: Shared<Disposal>,
    #[serde(default)]
    pub assemblies: Shared<Assembly>,
    #[serde(default)]
    pub pots: Shared<Pot>,
    #[serde(default)]
    pub retention_rules: Shared<RetentionRule>,
    #[serde(default)]
    pub projects: Shared<Project>,
}

/// A list of the scenario shared between copies until one of them changes it:
/// the app keeps a copy of the scenario per undo step and compares the edited
/// scenario with the last one every frame, so a copy must cost nothing for the
/// lists an edit did not touch, and comparing an untouched list must not read it.
///
/// Reads as a `Vec` (`Deref`); writing through it (`DerefMut`) first takes a
/// copy of its own if another scenario still shares the list. In files it is
/// exactly the list it holds.
#[derive(Debug)]
pub struct Shared<T>(Arc<Vec<T>>);

impl<T> Shared<T> {
    /// Whether two lists are the same one, shared (so certainly equal).
    pub fn is_shared_with(&self, other: &Shared<T>) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Clone for Shared<T> {
    /// Shares the list: no item is copied.
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> Default for Shared<T> {
    fn default() -> Self {
        Shared(Arc::new(Vec::new()))
    }
}

impl<T> From<Vec<T>> for Shared<T> {
    fn from(items: Vec<T>) -> Self {
        Shared(Arc::new(items))
    }
}

impl<T> FromIterator<T> for Shared<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Shared::from(items.into_iter().collect::<Vec<T>>())
    }
}

impl<T> Deref for Shared<T> {
    type Target = Vec<T>;

    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T: Clone> DerefMut for Shared<T> {
    /// The list to change, copied first if another scenario shares it.
    fn deref_mut(&mut self) -> &mut Vec<T> {
        Arc::make_mut(&mut self.0)
    }
}

impl<'a, T> IntoIterator for &'a Shared<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut Shared<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.deref_mut().iter_mut()
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    /// A shared list is equal without reading it.
    fn eq(&self, other: &Self) -> bool {
        self.is_shared_with(other) || *self.0 == *other.0
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    /// As the plain list, so files do not change.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.as_slice().serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Shared<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(deserializer).map(Shared::from)
    }
}

fn current_version() -> u32 {
    CURRENT_VERSION
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            version: CURRENT_VERSION,
            name: "New scenario".to_owned(),
            description: String::new(),
            start_fy: 2026,
            horizon: 15,
            land_growth: 0.0,
            weight_by_probability: false,
            discount: Discount::GreenBook,
            risk: RiskSettings::default(),
            board: BoardPaper::default(),
            organisations: Shared::default(),
            sites: Shared::default(),
            disposals: Shared::default(),
            assemblies: Shared::default(),
            pots: Shared::default(),
            retention_rules: Shared::default(),
            projects: Shared::default(),
        }
    }
}

impl Scenario {
    /// Year index of a financial year, which may fall outside the horizon.
    pub fn year_index(&self, fy: i32) -> i64 {
        i64::from(fy) - i64::from(self.start_fy)
    }

    /// Whether a year index lies inside `0 .. horizon`.
    pub fn in_horizon(&self, t: i64) -> bool {
        t >= 0 && t < i64::from(self.horizon)
    }

    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        self.organisations.iter().find(|o| o.id == id)
    }

    pub fn site(&self, id: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.id == id)
    }

    pub fn pot(&self, id: &str) -> Option<&Pot> {
        self.pots.iter().find(|p| p.id == id)
    }
}

/// The cover sheet of the scenario's board paper, in the conventions of NHS
/// and local government board papers. Every field is optional: the pack
/// leaves out what is empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardPaper {
    /// The meeting the paper goes to and its date, e.g. `London Estates Board, 14 January 2027`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub meeting: String,
    /// What the board is asked to do with the paper.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Purpose>,
    /// The recommendations, one a line.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub recommendations: String,
    /// The author's executive summary, printed before the headline figures in words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
}

impl BoardPaper {
    pub fn is_empty(&self) -> bool {
        *self == BoardPaper::default()
    }

    /// The recommendations as a list: one a non-blank line, trimmed.
    pub fn recommendation_list(&self) -> Vec<&str> {
        self.recommendations
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// A board paper's purpose, as its cover sheet states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Purpose {
    Decision,
    Discussion,
    Assurance,
    Information,
}

impl Purpose {
    pub const ALL: [Purpose; 4] = [
        Purpose::Decision,
        Purpose::Discussion,
        Purpose::Assurance,
        Purpose::Information,
    ];

    /// As printed on a cover sheet: `For decision`.
    pub fn label(self) -> &'static str {
        match self {
            Purpose::Decision => "For decision",
            Purpose::Discussion => "For discussion",
            Purpose::Assurance => "For assurance",
            Purpose::Information => "For information",
        }
    }
}

/// How the risk analysis draws: how many times, from which seed. The same
/// seed gives the same results on any machine and any number of threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskSettings {
    #[serde(default = "default_draws")]
    pub draws: u32,
    #[serde(default)]
    pub seed: u64,
}

impl RiskSettings {
    pub const DEFAULT_DRAWS: u32 = 10_000;
    /// More draws than this add nothing a board would see and take minutes.
    pub const MAX_DRAWS: u32 = 1_000_000;

    fn is_default(&self) -> bool {
        *self == RiskSettings::default()
    }
}

impl Default for RiskSettings {
    fn default() -> Self {
        RiskSettings {
            draws: RiskSettings::DEFAULT_DRAWS,
            seed: 0,
        }
    }
}

fn default_draws() -> u32 {
    RiskSettings::DEFAULT_DRAWS
}

/// A triangular distribution of a multiplier: its lowest, most likely and
/// highest values, e.g. `(low: 0.8, mode: 1.0, high: 1.3)` for a value that may
/// come in 20% under or 30% over the estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Triangular {
    pub low: f64,
    pub mode: f64,
    pub high: f64,
}

/// HM Treasury Green Book schedule, or a flat real rate.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum Discount {
    /// 3.5% for years 1-30, 3.0% for years 31-75.
    #[default]
    GreenBook,
    Flat(f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum OrgKind {
    #[default]
    NhsTrust,
    NhsFoundationTrust,
    NhsPropertyServices,
    CommunityHealthPartnerships,
    /// Integrated care board (covers the former CCGs).
    Icb,
    Council,
    Gla,
    OtherPublic,
}

impl OrgKind {
    pub const ALL: [OrgKind; 8] = [
        OrgKind::NhsTrust,
        OrgKind::NhsFoundationTrust,
        OrgKind::NhsPropertyServices,
        OrgKind::CommunityHealthPartnerships,
        OrgKind::Icb,
        OrgKind::Council,
        OrgKind::Gla,
        OrgKind::OtherPublic,
    ];

    pub fn is_nhs(self) -> bool {
        matches!(
            self,
            OrgKind::NhsTrust
                | OrgKind::NhsFoundationTrust
                | OrgKind::NhsPropertyServices
                | OrgKind::CommunityHealthPartnerships
                | OrgKind::Icb
        )
    }

    pub fn is_local_government(self) -> bool {
        matches!(self, OrgKind::Council | OrgKind::Gla)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::NhsTrust => "NHS trust",
            OrgKind::NhsFoundationTrust => "NHS foundation trust",
            OrgKind::NhsPropertyServices => "NHS Property Services",
            OrgKind::CommunityHealthPartnerships => "Community Health Partnerships",
            OrgKind::Icb => "Integrated care board",
            OrgKind::Council => "Council",
            OrgKind::Gla => "GLA",
            OrgKind::OtherPublic => "Other public body",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
}

/// A site on an estate register (the fields of the NHS surplus-land returns).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: String,
    pub name: String,
    /// Organisation id.
    pub owner: String,
    #[serde(default)]
    pub borough: String,
    #[serde(default)]
    pub sub_region: String,
    #[serde(default)]
    pub area_ha: f64,
    #[serde(default)]
    pub gia_m2: f64,
    #[serde(default)]
    pub tenure: String,
    #[serde(default)]
    pub current_use: String,
    /// Standalone market value for disposal, at price base.
    #[serde(default)]
    pub value: f64,
    /// Net book value.
    #[serde(default)]
    pub book_value: f64,
    /// Running cost per year.
    #[serde(default)]
    pub running_cost: f64,
    /// Backlog maintenance.
    #[serde(default)]
    pub backlog: f64,
    /// Homes the site could enable if sold.
    #[serde(default)]
    pub homes: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epims_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planning_status: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Where the site is (MODEL.md section 10); none when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Unique Property Reference Number, from a council land and assets return.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uprn: Option<String>,
    /// NHS ERIC site code, from the estates returns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eric_site_code: Option<String>,
    /// Postal address as a register gives it (street, town, postcode).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
}

/// A point on the earth in WGS84 degrees (MODEL.md section 10).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
}

/// A planned sale of all or part of a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disposal {
    /// Optional in files; filled as `<site>-d<n>` on load when absent.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub site: String,
    pub fy: i32,
    #[serde(default = "one")]
    pub share: f64,
    #[serde(default)]
    pub cost_rate: f64,
    #[serde(default)]
    pub fixed_cost: f64,
    /// Tranches `(offset_years, fraction)`.
    #[serde(default = "single_tranche")]
    pub phasing: Vec<(u32, f64)>,
    #[serde(default = "one")]
    pub probability: f64,
    /// Agreed price at price base; replaces `value * share`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_price: Option<f64>,
    /// Risk analysis only: the range of the base value as multipliers; none means certain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_range: Option<Triangular>,
    /// Risk analysis only: probabilities of being 0, 1, 2, ... years late; empty means never late.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delay: Vec<f64>,
}

fn one() -> f64 {
    1.0
}

fn single_tranche() -> Vec<(u32, f64)> {
    vec![(0, 1.0)]
}

impl Default for Disposal {
    fn default() -> Self {
        Disposal::new("", "", 2026)
    }
}

impl Disposal {
    pub fn new(id: impl Into<String>, site: impl Into<String>, fy: i32) -> Self {
        Disposal {
            id: id.into(),
            site: site.into(),
            fy,
            share: 1.0,
            cost_rate: 0.0,
            fixed_cost: 0.0,
            phasing: single_tranche(),
            probability: 1.0,
            agreed_price: None,
            value_range: None,
            delay: Vec::new(),
        }
    }
}

/// How an assembly's marriage value is shared between its members.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Split {
    #[default]
    ProRataValue,
    ProRataArea,
    Equal,
    /// One share per member, in member order, summing to 1.
    Fixed(Vec<f64>),
}

impl Split {
    pub fn label(&self) -> &'static str {
        match self {
            Split::ProRataValue => "Pro rata to value",
            Split::ProRataArea => "Pro rata to area",
            Split::Equal => "Equal shares",
            Split::Fixed(_) => "Fixed shares",
        }
    }
}

/// Adjacent sites sold together for more than their separate values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assembly {
    pub id: String,
    pub name: String,
    /// Member site ids.
    #[serde(alias = "sites")]
    pub members: Vec<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Joint value at price base (give this or `uplift`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combined_value: Option<f64>,
    /// Uplift over the members' summed base values (give this or `combined_value`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplift: Option<f64>,
    #[serde(default)]
    pub split: Split,
}

fn yes() -> bool {
    true
}

/// A local funding pot that retained receipts flow into.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pot {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub opening_balance: f64,
    /// Cap on total retained inflow in one year; the excess is returned nationally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_cap: Option<f64>,
    /// The capital budget's spending profile: `(fy, amount)`, the most projects
    /// together may draw from the pot in that year; years not listed have no limit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spend_limits: Vec<(i32, f64)>,
}

impl Pot {
    /// The spending limit of a financial year, if the profile sets one.
    pub fn spend_limit(&self, fy: i32) -> Option<f64> {
        self.spend_limits
            .iter()
            .find(|(y, _)| *y == fy)
            .map(|(_, amount)| *amount)
    }
}

/// Whom a retention rule applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AppliesTo {
    Organisation(String),
    Kind(OrgKind),
}

/// Who keeps what share of a receipt, and into which pot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionRule {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub applies_to: AppliesTo,
    pub retained_share: f64,
    pub pot: String,
    /// The share applies to at most this much of each disposal's net receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_per_disposal: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ProjectKind {
    #[default]
    NeighbourhoodCareHub,
    PrimaryCareHub,
    DiagnosticsCentre,
    Housing,
    Other,
}

impl ProjectKind {
    pub const ALL: [ProjectKind; 5] = [
        ProjectKind::NeighbourhoodCareHub,
        ProjectKind::PrimaryCareHub,
        ProjectKind::DiagnosticsCentre,
        ProjectKind::Housing,
        ProjectKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ProjectKind::NeighbourhoodCareHub => "Neighbourhood care hub",
            ProjectKind::PrimaryCareHub => "Primary care hub",
            ProjectKind::DiagnosticsCentre => "Diagnostics centre",
            ProjectKind::Housing => "Housing",
            ProjectKind::Other => "Other",
        }
    }
}

/// Where a project's capex comes from, tried in the order listed.
/// Unknown fields are refused here too: a misspelt `cap` must not vanish silently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum FundingSource {
    /// Draw on a pot, up to `cap` over the project's whole life.
    Pot {
        pot: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap: Option<f64>,
    },
    /// A lump sum available from the project's first capex year.
    Grant { name: String, amount: f64 },
}

/// A reinvestment project (a hub, a diagnostics centre, housing...).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub kind: ProjectKind,
    #[serde(default)]
    pub borough: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// `(fy, amount)` at price base, before optimism bias.
    #[serde(default)]
    pub capex: Vec<(i32, f64)>,
    #[serde(default)]
    pub optimism_bias: f64,
    /// Risk analysis only: the range of capex as multipliers of the amounts; none means certain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capex_overrun: Option<Triangular>,
    /// Running cost of the new facility per year after its last capex year.
    #[serde(default)]
    pub running_cost: f64,
    #[serde(default)]
    pub funding: Vec<FundingSource>,
}

impl Project {
    /// The last financial year with capex, if any.
    pub fn last_capex_fy(&self) -> Option<i32> {
        self.capex.iter().map(|(fy, _)| *fy).max()
    }
}
