//! Site registers in CSV: importing the spreadsheets estates teams already
//! keep (the NHS surplus-land returns and the like) and the registers people
//! publish, and exporting the scenario's register back in the same shape.
//!
//! Importing is two steps, so nothing changes until the user accepts:
//! 1. [`ColumnMapping::guess`] detects the delimiter (comma, semicolon or tab),
//!    a header row and a published layout ([`RegisterLayout`]: the local
//!    authority land and assets return, the NHS ERIC site-level return), and
//!    maps columns to site fields from their headings; the caller may edit
//!    the mapping (and [`preview`] shows the first rows).
//! 2. [`plan_import`] reads every row against the scenario and returns an
//!    [`ImportPlan`]: sites to add and to update, organisations to create,
//!    disposals to add and to update, and the rows that cannot be read, each
//!    with its row number (counted as a spreadsheet does: the header is row 1)
//!    and the reason. [`apply_import`] then applies the plan.
//!
//! Files are read by [`read_register`] and decoded by [`decode_register`]
//! (UTF-8, UTF-16 with or without a byte order mark, Windows-1252). The
//! layouts and their columns are described in docs/registers.md.
//!
//! Matching, so that importing the same register twice updates instead of
//! duplicating: a row is the site with the same site id (a column only a
//! register exported by this tool has), else the same UPRN, else the same
//! ePIMS id, else the same ERIC site code, else the same name and owner
//! (names compared ignoring case and extra spaces). Two rows of one register
//! that are the same site are an error on the second.
//!
//! Cells: money accepts `£`, thousands separators and `k`/`m`/`bn`; areas,
//! floor areas and homes accept separators and a trailing unit (`ha`, `m2`,
//! `sqm`); years accept `2026/27`, `2026-27`, `FY2026` or `2026`. A blank cell,
//! or a figure given as "Not Applicable" or "N/A", leaves the field as it is
//! (a new site gets the default). Fields fed by several columns combine them:
//! amounts are summed (ERIC's four backlog risk levels, its running costs by
//! service), text is joined with ", " (an address's street, town and
//! postcode). A row with any cell that cannot be read is not imported at all,
//! so a register is never half-applied to a site.
//!
//! Positions (MODEL.md section 10): a row's latitude and longitude, else its
//! easting and northing converted from the British National Grid, become the
//! site's `location`. A row whose coordinates are missing, unreadable or off
//! the grid is imported without a position (an existing one is kept), with a
//! warning saying why.
//!
//! Owners are matched by name (ignoring case and extra spaces), else by id;
//! an owner not in the scenario is planned as a new organisation, its kind
//! guessed from its name ([`guess_org_kind`]), and created only when the
//! caller keeps it ([`ImportPlan::refuse_new_owners`]). A register that has
//! no owner column (one trust's return) can give [`ColumnMapping::default_owner`].
//!
//! Disposals. A register row's *disposal year* and *cost of disposal*
//! describe the sale of the whole site:
//! - a site without a disposal gets one when the row gives a year: the whole
//!   site (share 1) in that year, with the cost of disposal as `fixed_cost`
//!   (0 when blank) and every other term at its default;
//! - a site with exactly one disposal has its `fy` and `fixed_cost` replaced
//!   by the row's (when given); its share, phasing, probability, cost rate and
//!   agreed price are kept;
//! - a site with several disposals (a sale split in the model) is not changed
//!   by the register, and the row gets a warning saying so;
//! - a cost without a year for a site without a disposal cannot be placed in
//!   time, so it is ignored with a warning;
//! - a year outside the scenario's horizon is a row error.
//!
//! Exporting writes every site with the headings that [`ColumnMapping::guess`]
//! recognises, full-precision numbers, owners by name, and the disposal year
//! and cost of a site's only disposal (blank when it has none or several), so
//! exporting and importing again changes nothing (except that text cells are
//! trimmed on import, as spreadsheets are full of stray spaces). Text cells that a
//! spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`) are written
//! with a leading `'`, which importing removes again.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use crate::bng::bng_to_wgs84;
use crate::csv_out::{write_csv, Bom, Cell};
use crate::engine::fy_label;
use crate::format::{parse_fy, parse_money};
use crate::io::{read_limited, write_atomic, IdAllocator, LoadError, SaveError, MAX_FILE_BYTES};
use crate::model::{Disposal, Location, OrgKind, Organisation, Scenario, Site};
use crate::validate::{MAX_AMOUNT, MAX_MEASURE};

/// A register with more rows than this is refused (registers of 5,000 sites
/// are the largest expected), so a hostile file cannot exhaust memory.
pub const MAX_IMPORT_ROWS: usize = 100_000;

/// How many records delimiter and header detection look at.
const SAMPLE_RECORDS: usize = 20;

/// A site field a register column can feed (the disposal year and cost of
/// disposal feed the site's disposal; see the module notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SiteField {
    Id,
    Name,
    Owner,
    Borough,
    SubRegion,
    AreaHa,
    GiaM2,
    Tenure,
    CurrentUse,
    Value,
    BookValue,
    RunningCost,
    Backlog,
    Homes,
    EpimsId,
    PlanningStatus,
    Notes,
    DisposalCost,
    DisposalYear,
    Uprn,
    EricSiteCode,
    Address,
    Latitude,
    Longitude,
    Easting,
    Northing,
}

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellKind {
    Text,
    Money,
    Quantity,
    Year,
    /// A signed number: degrees, or grid metres.
    Coordinate,
}

impl SiteField {
    /// Every field, in the column order of an export.
    pub const ALL: [SiteField; 26] = [
        SiteField::Id,
        SiteField::Name,
        SiteField::Owner,
        SiteField::Borough,
        SiteField::SubRegion,
        SiteField::AreaHa,
        SiteField::GiaM2,
        SiteField::Tenure,
        SiteField::CurrentUse,
        SiteField::Value,
        SiteField::BookValue,
        SiteField::RunningCost,
        SiteField::Backlog,
        SiteField::Homes,
        SiteField::EpimsId,
        SiteField::PlanningStatus,
        SiteField::Notes,
        SiteField::DisposalCost,
        SiteField::DisposalYear,
        SiteField::Uprn,
        SiteField::EricSiteCode,
        SiteField::Address,
        SiteField::Latitude,
        SiteField::Longitude,
        SiteField::Easting,
        SiteField::Northing,
    ];

    /// Whether an export writes the field: all but the grid reference, which
    /// the latitude and longitude already give.
    fn is_exported(self) -> bool {
        !matches!(self, SiteField::Easting | SiteField::Northing)
    }

    /// The heading an export writes and the mapping step shows.
    pub fn heading(self) -> &'static str {
        match self {
            SiteField::Id => "Site id",
            SiteField::Name => "Site name",
            SiteField::Owner => "Owner",
            SiteField::Borough => "Borough",
            SiteField::SubRegion => "Sub-region",
            SiteField::AreaHa => "Plot area (ha)",
            SiteField::GiaM2 => "GIA (m2)",
            SiteField::Tenure => "Tenure",
            SiteField::CurrentUse => "Current use",
            SiteField::Value => "Market value",
            SiteField::BookValue => "Net book value (NBV)",
            SiteField::RunningCost => "Annual running cost",
            SiteField::Backlog => "Backlog maintenance",
            SiteField::Homes => "Housing units",
            SiteField::EpimsId => "ePIMS id",
            SiteField::PlanningStatus => "Planning status",
            SiteField::Notes => "Notes",
            SiteField::DisposalCost => "Cost of disposal",
            SiteField::DisposalYear => "Disposal year",
            SiteField::Uprn => "UPRN",
            SiteField::EricSiteCode => "ERIC site code",
            SiteField::Address => "Address",
            SiteField::Latitude => "Latitude",
            SiteField::Longitude => "Longitude",
            SiteField::Easting => "Easting",
            SiteField::Northing => "Northing",
        }
    }

    fn cell_kind(self) -> CellKind {
        match self {
            SiteField::Value
            | SiteField::BookValue
            | SiteField::RunningCost
            | SiteField::Backlog
            | SiteField::DisposalCost => CellKind::Money,
            SiteField::AreaHa | SiteField::GiaM2 | SiteField::Homes => CellKind::Quantity,
            SiteField::DisposalYear => CellKind::Year,
            SiteField::Latitude | SiteField::Longitude | SiteField::Easting | SiteField::Northing => {
                CellKind::Coordinate
            }
            _ => CellKind::Text,
        }
    }

    /// Whether the field is part of the site itself (not its disposal, and
    /// not the grid reference, which becomes the latitude and longitude).
    fn is_site_field(self) -> bool {
        !matches!(
            self,
            SiteField::DisposalCost | SiteField::DisposalYear | SiteField::Easting | SiteField::Northing
        )
    }

    /// Whether several columns may feed the field: registers split an
    /// address over street, town and postcode, a tenure over type and detail,
    /// and ERIC gives backlog by risk level and running costs by service, so
    /// text is joined with ", " and amounts are summed.
    pub fn combines(self) -> bool {
        matches!(
            self,
            SiteField::Address | SiteField::Tenure | SiteField::Backlog | SiteField::RunningCost
        )
    }
}

impl fmt::Display for SiteField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.heading())
    }
}

// ---------------------------------------------------------------------------
// Guessing the mapping

/// The published register layouts recognised from their headings, each read
/// by its own table of headings with no mapping step (docs/registers.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegisterLayout {
    /// The local authority land and assets return of the Local Government
    /// Transparency Code (`Organisation`, `UPRN`, `PropertyName`, `GeoX`, ...).
    LandAndAssets,
    /// The NHS Estates Returns Information Collection, site level
    /// (`Trust Code`, `Site Code`, `Cost to eradicate ... backlog (£)`, ...).
    EricSites,
    /// Any other register: each column guessed from its heading.
    #[default]
    General,
}

impl RegisterLayout {
    /// How the layout is named to people.
    pub fn label(self) -> &'static str {
        match self {
            RegisterLayout::LandAndAssets => "local authority land and assets return",
            RegisterLayout::EricSites => "NHS ERIC site-level return",
            RegisterLayout::General => "site register",
        }
    }

    /// The layout a header row shows: a land and assets return by three of
    /// its own headings, an ERIC return by its trust and site codes.
    fn of(headings: &[String]) -> RegisterLayout {
        let compact: Vec<String> = headings.iter().map(|h| compact_heading(h)).collect();
        let has = |h: &str| compact.iter().any(|c| c == h);
        const LAND_AND_ASSETS: [&str; 8] = [
            "organisationlabel",
            "assetcode",
            "propertyname",
            "geox",
            "geoy",
            "tenuretype",
            "tenuredetail",
            "holdingtype",
        ];
        if has("trustcode") && has("sitecode") {
            RegisterLayout::EricSites
        } else if LAND_AND_ASSETS.iter().filter(|h| has(h)).count() >= 3 {
            RegisterLayout::LandAndAssets
        } else {
            RegisterLayout::General
        }
    }

    /// The field a heading feeds in this layout: `Some(None)` for a heading
    /// the layout knows and ignores, `None` for one it does not know.
    fn field(self, heading: &str) -> Option<Option<SiteField>> {
        match self {
            RegisterLayout::LandAndAssets => land_and_assets_field(&compact_heading(heading)),
            RegisterLayout::EricSites => Some(eric_field(&compact_heading(heading))),
            RegisterLayout::General => None,
        }
    }
}

/// A heading as the layouts' tables name it: lower case, letters and digits only.
fn compact_heading(heading: &str) -> String {
    heading_words(heading).concat()
}

/// The land and assets return's headings (LGA schema). `Organisation` holds
/// the council's name or code and `OrganisationLabel` its name, so the label
/// is the owner when both are there (it comes first in the table's order of
/// precedence, see [`ColumnMapping::guess_with_delimiter`]). Other headings
/// (the recommended hectares or revenue costs) are guessed as in any register.
fn land_and_assets_field(compact: &str) -> Option<Option<SiteField>> {
    Some(Some(match compact {
        "organisationlabel" => SiteField::Owner,
        "uprn" => SiteField::Uprn,
        "propertyname" => SiteField::Name,
        "streetname" | "posttown" | "postcode" => SiteField::Address,
        "geox" => SiteField::Easting,
        "geoy" => SiteField::Northing,
        "tenuretype" | "tenuredetail" => SiteField::Tenure,
        "holdingtype" => SiteField::CurrentUse,
        // The council's internal reference, not one this model keys on.
        "assetcode" | "organisationuri" => return Some(None),
        _ => return None,
    }))
}

/// The ERIC site-level return's headings. Only these are read: the return has
/// dozens of other columns (investment to reduce backlog, occupied floor area,
/// patient accommodation) that a guess from words would mistake for site fields.
fn eric_field(compact: &str) -> Option<SiteField> {
    let running_cost = ["cleaning", "electricity", "gas", "oil", "otherenergy"]
        .iter()
        .any(|service| compact.starts_with(service))
        && compact.contains("cost");
    Some(match compact {
        "trustname" => SiteField::Owner,
        "sitecode" => SiteField::EricSiteCode,
        "sitename" => SiteField::Name,
        "sitetype" => SiteField::CurrentUse,
        "postcode" => SiteField::Address,
        c if c.starts_with("grossinternalfloorarea") => SiteField::GiaM2,
        c if c.starts_with("costtoeradicate") && c.contains("backlog") => SiteField::Backlog,
        c if c.starts_with("landareaowned") => SiteField::AreaHa,
        _ if running_cost => SiteField::RunningCost,
        _ => return None,
    })
}

/// Which column feeds which field, and how the file is laid out. Guessed by
/// [`ColumnMapping::guess`]; every field is public so the caller can edit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMapping {
    /// `b','`, `b';'` or `b'\t'`.
    pub delimiter: u8,
    /// Whether the first row holds headings (and is not imported).
    pub has_header: bool,
    /// The published layout the headings show.
    pub layout: RegisterLayout,
    /// One entry per column of the file, in order: the field it feeds, or
    /// `None` to ignore the column. Only fields that [`SiteField::combines`]
    /// may be fed by several columns.
    pub columns: Vec<Option<SiteField>>,
    /// Owner (by name or id) for rows whose owner cell is blank or when no
    /// column is mapped to the owner.
    pub default_owner: Option<String>,
}

/// Normalised heading words: lower case, letters and digits only.
fn heading_words(heading: &str) -> Vec<String> {
    heading
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Headings matched exactly (after normalisation), before the keyword rules.
/// Short coordinate headings are here because as word prefixes they would
/// catch other words (`lon` starts `london`).
const EXACT: &[(SiteField, &str)] = &[
    (SiteField::Id, "site id"),
    (SiteField::Name, "site name"),
    (SiteField::Name, "name"),
    (SiteField::Name, "site"),
    (SiteField::Value, "value"),
    (SiteField::Value, "mv"),
    (SiteField::Homes, "units"),
    (SiteField::AreaHa, "area"),
    (SiteField::AreaHa, "ha"),
    (SiteField::Latitude, "lat"),
    (SiteField::Longitude, "lon"),
    (SiteField::Longitude, "long"),
    (SiteField::Longitude, "lng"),
    (SiteField::Easting, "x"),
    (SiteField::Northing, "y"),
];

/// Keyword rules in priority order: a heading matches a rule when each of the
/// rule's words starts one of the heading's words. `Net book value` must meet
/// its rule before the plain `value` one, `Cost of disposal` before `disposal year`.
const KEYWORDS: &[(SiteField, &[&str])] = &[
    (SiteField::EpimsId, &["epims"]),
    (SiteField::Uprn, &["uprn"]),
    (SiteField::Uprn, &["unique", "property", "reference"]),
    (SiteField::EricSiteCode, &["eric"]),
    (SiteField::Latitude, &["latitude"]),
    (SiteField::Longitude, &["longitude"]),
    (SiteField::Easting, &["easting"]),
    (SiteField::Easting, &["geox"]),
    (SiteField::Easting, &["x", "coordinate"]),
    (SiteField::Northing, &["northing"]),
    (SiteField::Northing, &["geoy"]),
    (SiteField::Northing, &["y", "coordinate"]),
    (SiteField::DisposalCost, &["cost", "disposal"]),
    (SiteField::DisposalCost, &["disposal", "fee"]),
    (SiteField::DisposalYear, &["disposal", "year"]),
    (SiteField::DisposalYear, &["disposal", "date"]),
    (SiteField::DisposalYear, &["disposal", "fy"]),
    (SiteField::DisposalYear, &["year", "sale"]),
    (SiteField::BookValue, &["book", "value"]),
    (SiteField::BookValue, &["nbv"]),
    (SiteField::RunningCost, &["running"]),
    (SiteField::RunningCost, &["revenue", "cost"]),
    (SiteField::Backlog, &["backlog"]),
    (SiteField::Backlog, &["required", "maintenance"]),
    (SiteField::GiaM2, &["gia"]),
    (SiteField::GiaM2, &["gross", "internal"]),
    (SiteField::GiaM2, &["floor", "area"]),
    (SiteField::AreaHa, &["hectare"]),
    (SiteField::AreaHa, &["area", "ha"]),
    (SiteField::AreaHa, &["plot", "area"]),
    (SiteField::AreaHa, &["site", "area"]),
    (SiteField::AreaHa, &["land", "area"]),
    (SiteField::Homes, &["housing"]),
    (SiteField::Homes, &["homes"]),
    (SiteField::Homes, &["dwelling"]),
    (SiteField::Value, &["market", "value"]),
    (SiteField::Value, &["valuation"]),
    (SiteField::Value, &["value"]),
    (SiteField::PlanningStatus, &["planning"]),
    (SiteField::Owner, &["owner"]),
    (SiteField::Owner, &["organisation"]),
    (SiteField::Owner, &["organization"]),
    (SiteField::Owner, &["landlord"]),
    (SiteField::Owner, &["trust", "name"]),
    (SiteField::Borough, &["borough"]),
    (SiteField::Borough, &["local", "authority"]),
    (SiteField::SubRegion, &["sub", "region"]),
    (SiteField::SubRegion, &["subregion"]),
    (SiteField::Tenure, &["tenure"]),
    (SiteField::CurrentUse, &["use"]),
    (SiteField::Notes, &["note"]),
    (SiteField::Notes, &["comment"]),
    (SiteField::Name, &["site", "name"]),
    (SiteField::Name, &["property", "name"]),
    (SiteField::Address, &["address"]),
    (SiteField::Address, &["street"]),
    (SiteField::Address, &["postcode"]),
    (SiteField::Address, &["post", "code"]),
    (SiteField::Address, &["post", "town"]),
    (SiteField::Name, &["property"]),
    (SiteField::Name, &["name"]),
];

/// The field a heading most likely means in a register of no known layout, if any.
pub fn guess_field(heading: &str) -> Option<SiteField> {
    let words = heading_words(heading);
    let joined = words.join(" ");
    if let Some((field, _)) = EXACT.iter().find(|(_, h)| *h == joined) {
        return Some(*field);
    }
    KEYWORDS
        .iter()
        .find(|(_, keys)| keys.iter().all(|k| words.iter().any(|w| w.starts_with(k))))
        .map(|(field, _)| *field)
}

impl ColumnMapping {
    /// Detects the layout of a register and guesses each column's field from
    /// its heading. A file without a header row gets no guesses: every column
    /// is ignored until the caller maps it.
    pub fn guess(csv_text: &str) -> ColumnMapping {
        ColumnMapping::guess_with_delimiter(csv_text, detect_delimiter(strip_bom(csv_text)))
    }

    /// [`ColumnMapping::guess`] with a given delimiter, for when the user
    /// corrects the detected one (the columns change with it).
    ///
    /// A published layout's own headings are mapped first, then (for the land
    /// and assets return and general registers) the remaining columns are
    /// guessed from their words in column order. A field takes one column,
    /// the first to claim it, except a general register's address parts.
    pub fn guess_with_delimiter(csv_text: &str, delimiter: u8) -> ColumnMapping {
        let text = strip_bom(csv_text);
        let sample = sample_records(text, delimiter, SAMPLE_RECORDS);
        let width = sample.iter().map(Vec::len).max().unwrap_or(0);
        let has_header = sample
            .first()
            .is_some_and(|first| looks_like_header(first, sample.get(1)));
        let mut columns = vec![None; width];
        let mut layout = RegisterLayout::General;
        if let (true, Some(headings)) = (has_header, sample.first()) {
            layout = RegisterLayout::of(headings);
            let mut decided = vec![false; width];
            for (column, heading) in headings.iter().enumerate() {
                if let Some(field) = layout.field(heading) {
                    decided[column] = true;
                    columns[column] = field;
                }
            }
            if layout != RegisterLayout::EricSites {
                for (column, heading) in headings.iter().enumerate() {
                    let taken = |f: SiteField| f != SiteField::Address && columns.contains(&Some(f));
                    if let Some(field) = guess_field(heading).filter(|f| !decided[column] && !taken(*f)) {
                        columns[column] = Some(field);
                    }
                }
            }
        }
        ColumnMapping {
            delimiter,
            has_header,
            layout,
            columns,
            default_owner: None,
        }
    }

    /// The column mapped to a field (the first, if several are).
    pub fn column_of(&self, field: SiteField) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }

    /// Every column mapped to a field, in order.
    pub fn columns_of(&self, field: SiteField) -> Vec<usize> {
        (self.columns.iter().enumerate())
            .filter(|(_, c)| **c == Some(field))
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether the mapping can import anything: each field fed by at most one
    /// column (except those that combine several), and some column naming
    /// or identifying the sites.
    pub fn check(&self) -> Result<(), ImportError> {
        for field in SiteField::ALL.into_iter().filter(|f| !f.combines()) {
            let columns = self.columns_of(field);
            if columns.len() > 1 {
                let numbers: Vec<String> = columns.iter().map(|i| (i + 1).to_string()).collect();
                return Err(ImportError::Mapping(format!(
                    "{field} is mapped to columns {}; map it to one",
                    numbers.join(" and ")
                )));
            }
        }
        let identifies = [
            SiteField::Name,
            SiteField::EpimsId,
            SiteField::Id,
            SiteField::Uprn,
            SiteField::EricSiteCode,
            SiteField::Address,
        ];
        if !identifies.iter().any(|f| self.column_of(*f).is_some()) {
            return Err(ImportError::Mapping(
                "no column is mapped to Site name (or to an address, or to ePIMS id, UPRN, ERIC site code \
                 or Site id, to update existing sites); a register needs a header row with names such as \
                 \"Site name\""
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// Whether any column gives a position (latitude, longitude or grid reference).
    fn gives_location(&self) -> bool {
        self.columns
            .iter()
            .flatten()
            .any(|f| f.cell_kind() == CellKind::Coordinate)
    }
}

/// Text without a leading UTF-8 byte order mark (Excel writes one).
fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// The first `n` records that are not blank, as text cells.
fn sample_records(text: &str, delimiter: u8, n: usize) -> Vec<Vec<String>> {
    reader(text, delimiter)
        .records()
        .map_while(Result::ok)
        .filter(|r| !is_blank(r))
        .take(n)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect()
}

/// The delimiter under which the sample's records are most consistently
/// split into several columns (comma on a tie, and when nothing splits).
fn detect_delimiter(text: &str) -> u8 {
    let score = |d: u8| {
        let widths: Vec<usize> = sample_records(text, d, SAMPLE_RECORDS).iter().map(Vec::len).collect();
        let first = widths.first().copied().unwrap_or(0);
        if first < 2 {
            return (0, 0);
        }
        (widths.iter().filter(|&&w| w == first).count(), first)
    };
    [b',', b';', b'\t']
        .into_iter()
        .map(|d| (score(d), d))
        .fold(((0, 0), b','), |best, next| if next.0 > best.0 { next } else { best })
        .1
}

/// A first row is headings when one of its cells names a field, or when none
/// of its cells is a number but the next row has one.
fn looks_like_header(first: &[String], second: Option<&Vec<String>>) -> bool {
    let numeric = |cells: &[String]| cells.iter().any(|c| parse_money(c).is_ok());
    first.iter().any(|c| guess_field(c).is_some()) || (!numeric(first) && second.is_some_and(|s| numeric(s)))
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|c| c.trim().is_empty())
}

/// The first rows of a register as the mapping step shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// One per column: the file's heading, or `Column N` without a header row.
    pub titles: Vec<String>,
    /// The first data rows, padded to the number of columns.
    pub rows: Vec<Vec<String>>,
}

/// The first `max_rows` data rows under the mapping's layout.
pub fn preview(csv_text: &str, mapping: &ColumnMapping, max_rows: usize) -> Preview {
    let text = strip_bom(csv_text);
    let skip = usize::from(mapping.has_header);
    let sample = sample_records(text, mapping.delimiter, max_rows.saturating_add(skip));
    let width = sample
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(mapping.columns.len());
    let titles = (0..width)
        .map(|i| match sample.first() {
            Some(h) if mapping.has_header => h.get(i).cloned().unwrap_or_default(),
            _ => format!("Column {}", i + 1),
        })
        .collect();
    let rows = sample
        .into_iter()
        .skip(skip)
        .map(|mut r| {
            r.resize(width, String::new());
            r
        })
        .collect();
    Preview { titles, rows }
}

/// A register read from disk: its text, and the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    pub text: String,
    /// The encoding's name, for telling the user how the file was read.
    pub encoding: &'static str,
}

/// Reads a register file, at most [`MAX_FILE_BYTES`] of it, and decodes it.
/// Errors name the register (not a scenario); callers add the path.
pub fn read_register(path: &Path) -> Result<Register, ImportError> {
    let bytes = read_limited(path).map_err(|e| match e {
        LoadError::TooLarge { size } => ImportError::TooLarge { size },
        LoadError::Io { source, .. } => ImportError::Unreadable(source.to_string()),
        other => ImportError::Unreadable(other.to_string()),
    })?;
    let (text, encoding) = decode(&bytes);
    Ok(Register {
        text: text.into_owned(),
        encoding: encoding.name(),
    })
}

/// Decodes a register file's bytes: by its byte order mark when it has one
/// (UTF-8, or UTF-16 as Excel's "Unicode text" writes), else UTF-8 when the
/// bytes are valid UTF-8, else Windows-1252, the encoding Excel uses for
/// "CSV" on UK Windows (so `£` saved by Excel reads as `£`).
pub fn decode_register(bytes: &[u8]) -> Cow<'_, str> {
    decode(bytes).0
}

fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static Encoding) {
    let (encoding, bom) = Encoding::for_bom(bytes)
        .or_else(|| utf16_without_bom(bytes).map(|e| (e, 0)))
        .unwrap_or_else(|| match std::str::from_utf8(bytes) {
            Ok(_) => (UTF_8, 0),
            Err(_) => (WINDOWS_1252, 0),
        });
    let (text, _had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
    (text, encoding)
}

/// UTF-16 that lost its byte order mark shows itself by a zero byte beside
/// each ASCII character; text in any other encoding a register comes in has
/// no zero bytes at all.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    let zeros_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let half = head.len() / 4;
    match (zeros_at(0), zeros_at(1)) {
        (even, _) if half > 0 && even > half => Some(UTF_16BE),
        (_, odd) if half > 0 && odd > half => Some(UTF_16LE),
        _ => None,
    }
}

/// Where a quote that opens a cell is never closed: the byte it stands at.
/// The CSV reader then reads the rest of the file into that one cell, which
/// would otherwise surface as a confusing error about a later column.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut open = None;
    let mut field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if open.is_some() {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                    field_start = false;
                }
            }
        } else if b == b'"' && field_start {
            open = Some(i);
        } else {
            field_start = b == delimiter || b == b'\n' || b == b'\r';
        }
        i += 1;
    }
    open
}

// ---------------------------------------------------------------------------
// Planning

/// Why a register cannot be imported at all (row problems are in the plan).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the register is {size} bytes, over the {MAX_FILE_BYTES}-byte limit for a register; split it into smaller files")]
    TooLarge { size: u64 },
    #[error("cannot read the register: {0}")]
    Unreadable(String),
    #[error("the register has more than {MAX_IMPORT_ROWS} rows; split it into smaller files")]
    TooManyRows,
    #[error("the column mapping cannot be used: {0}")]
    Mapping(String),
    #[error("a quote (\") opened on line {line} is never closed, so the rest of the file was read as one cell; close the quote or remove it")]
    UnclosedQuote { line: usize },
}

/// A row that was not imported (an error) or was imported in part (a warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIssue {
    /// The spreadsheet row number (the header is row 1).
    pub row: usize,
    pub message: String,
}

impl fmt::Display for RowIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {}", self.row, self.message)
    }
}

/// A site the import adds or changes, as it will be after the import.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedSite {
    pub row: usize,
    pub site: Site,
    /// For an update, the fields that change (empty for a new site).
    pub changed: Vec<SiteField>,
}

/// A disposal the import adds or changes, as it will be after the import.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedDisposal {
    pub row: usize,
    pub disposal: Disposal,
}

/// What an import would do; nothing is changed until [`apply_import`]. Items
/// refer to each other by id (a new disposal to its new site, a new site to
/// its new owner), so a caller that drops an item should drop its dependants.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportPlan {
    pub new_sites: Vec<PlannedSite>,
    pub updated_sites: Vec<PlannedSite>,
    /// Rows that match a site and would change nothing.
    pub unchanged_rows: Vec<usize>,
    /// Owners to create, kinds guessed from their names (editable).
    pub new_organisations: Vec<Organisation>,
    /// Owners the register names that match no organisation and that the
    /// caller chose not to create ([`ImportPlan::refuse_new_owners`]).
    pub refused_owners: Vec<Organisation>,
    pub new_disposals: Vec<PlannedDisposal>,
    pub updated_disposals: Vec<PlannedDisposal>,
    /// Rows not imported, with the reason.
    pub row_errors: Vec<RowIssue>,
    /// Rows imported with a part of them ignored, with the reason.
    pub row_warnings: Vec<RowIssue>,
}

impl ImportPlan {
    /// Whether applying the plan would change the scenario.
    pub fn changes_anything(&self) -> bool {
        !(self.new_sites.is_empty()
            && self.updated_sites.is_empty()
            && self.new_organisations.is_empty()
            && self.new_disposals.is_empty()
            && self.updated_disposals.is_empty())
    }

    /// Keeps the new owners `create` accepts; the rows whose site would
    /// belong to any other become row errors. An owner name that matches no
    /// organisation is as likely a misspelling as a new body, so callers
    /// create owners only when the user asks (`--create-owners`, or the
    /// choice in the app's import dialog).
    pub fn refuse_new_owners(&mut self, create: impl Fn(&Organisation) -> bool) {
        let (keep, refuse): (Vec<Organisation>, Vec<Organisation>) = std::mem::take(&mut self.new_organisations)
            .into_iter()
            .partition(|o| create(o));
        self.new_organisations = keep;
        let names: HashMap<&str, &str> = refuse.iter().map(|o| (o.id.as_str(), o.name.as_str())).collect();
        let refused_rows: BTreeMap<usize, String> = (self.new_sites.iter())
            .chain(&self.updated_sites)
            .filter_map(|p| names.get(p.site.owner.as_str()).map(|name| (p.row, (*name).to_owned())))
            .collect();
        let kept = |row: &usize| !refused_rows.contains_key(row);
        self.new_sites.retain(|p| kept(&p.row));
        self.updated_sites.retain(|p| kept(&p.row));
        self.new_disposals.retain(|p| kept(&p.row));
        self.updated_disposals.retain(|p| kept(&p.row));
        self.row_warnings.retain(|w| kept(&w.row));
        self.row_errors
            .extend(refused_rows.into_iter().map(|(row, name)| RowIssue {
                row,
                message: format!(
                    "owner '{name}' matches no organisation in the scenario; create it, or correct the name to one \
                 the scenario has"
                ),
            }));
        self.row_errors.sort_by_key(|e| e.row);
        self.refused_owners.extend(refuse);
    }

    /// A short account for people: counts, then every row error and warning.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{} new site(s), {} updated, {} unchanged; {} new organisation(s); \
             {} new disposal(s), {} updated; {} row(s) not imported",
            self.new_sites.len(),
            self.updated_sites.len(),
            self.unchanged_rows.len(),
            self.new_organisations.len(),
            self.new_disposals.len(),
            self.updated_disposals.len(),
            self.row_errors.len()
        );
        for org in &self.new_organisations {
            out.push_str(&format!("\n  new organisation: {} ({})", org.name, org.kind.label()));
        }
        for org in &self.refused_owners {
            out.push_str(&format!("\n  owner not in the scenario, not created: {}", org.name));
        }
        for e in &self.row_errors {
            out.push_str(&format!("\n  error: {e}"));
        }
        for w in &self.row_warnings {
            out.push_str(&format!("\n  warning: {w}"));
        }
        out
    }
}

/// Reads a register against a scenario and says what importing it would do.
pub fn plan_import(csv_text: &str, s: &Scenario, mapping: &ColumnMapping) -> Result<ImportPlan, ImportError> {
    let text = strip_bom(csv_text);
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            size: text.len() as u64,
        });
    }
    let unclosed = unclosed_quote(text, mapping.delimiter).map(|at| line_of(text, at));
    if let Err(e) = mapping.check() {
        // A quote left open in the header row swallows the file: say so.
        return Err(unclosed.map_or(e, |line| ImportError::UnclosedQuote { line }));
    }
    let mut planner = Planner::new(s, mapping);
    let mut csv = reader(text, mapping.delimiter);
    let mut records = csv.records().enumerate().peekable();
    while let Some((index, record)) = records.next() {
        let row = index + 1;
        if row > MAX_IMPORT_ROWS + usize::from(mapping.has_header) {
            return Err(ImportError::TooManyRows);
        }
        // The reader puts everything after a quote that is never closed into
        // one cell of the last record.
        let swallowed = unclosed.filter(|_| records.peek().is_none());
        if let Some(line) = swallowed {
            planner.error(
                row,
                format!(
                    "a quote (\") opened on line {line} is never closed, so the rest of the file was read as \
                     one cell; close the quote or remove it"
                ),
            );
            continue;
        }
        if row == 1 && mapping.has_header {
            continue;
        }
        match record {
            Ok(r) if is_blank(&r) => {}
            Ok(r) => planner.row(row, &r),
            Err(e) => planner.error(row, format!("cannot be read as CSV: {e}")),
        }
    }
    Ok(planner.finish())
}

/// The line (from 1) a byte of the text is on.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Applies a plan: adds the new organisations, then replaces each planned
/// site and disposal with the same id or adds it. Applying twice changes nothing more.
pub fn apply_import(s: &mut Scenario, plan: &ImportPlan) {
    upsert(&mut s.organisations, plan.new_organisations.iter().cloned(), |o| {
        o.id.clone()
    });
    let sites = plan.new_sites.iter().chain(&plan.updated_sites).map(|p| p.site.clone());
    upsert(&mut s.sites, sites, |x| x.id.clone());
    let disposals = (plan.new_disposals.iter().chain(&plan.updated_disposals)).map(|p| p.disposal.clone());
    upsert(&mut s.disposals, disposals, |d| d.id.clone());
}

/// Replaces the item with the same id, or appends; linear in both lists.
fn upsert<T>(list: &mut Vec<T>, items: impl IntoIterator<Item = T>, id: impl Fn(&T) -> String) {
    let mut position: HashMap<String, usize> = HashMap::new();
    for (i, x) in list.iter().enumerate() {
        position.entry(id(x)).or_insert(i);
    }
    for item in items {
        match position.get(&id(&item)) {
            Some(&i) => list[i] = item,
            None => {
                position.insert(id(&item), list.len());
                list.push(item);
            }
        }
    }
}

/// A name as matched: lower case, single spaces, trimmed.
fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The references a site is matched by before its name and owner, in order
/// of precedence: a UPRN names one property in the national address
/// gazetteer, an ePIMS id one government property, an ERIC code one NHS site.
const REFERENCES: [SiteField; 3] = [SiteField::Uprn, SiteField::EpimsId, SiteField::EricSiteCode];

/// A reference as matched: no spaces, lower case.
fn reference_key(reference: &str) -> String {
    reference
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// A site's reference of one kind, as matched; `None` when it has none.
fn site_reference(site: &Site, field: SiteField) -> Option<String> {
    let reference = match field {
        SiteField::Uprn => site.uprn.as_deref(),
        SiteField::EpimsId => site.epims_id.as_deref(),
        SiteField::EricSiteCode => site.eric_site_code.as_deref(),
        _ => None,
    };
    reference.map(reference_key).filter(|k| !k.is_empty())
}

/// A UPRN as a register gives it, cleaned: spreadsheets write whole numbers
/// as `100023336956.0`, and shorten long ones to `1.00023E+11`, which loses
/// digits that cannot be recovered.
fn clean_uprn(cell: &str) -> Result<String, String> {
    let cell = uprn_digits(cell);
    if cell.contains(['e', 'E']) && cell.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return Err(format!(
            "'{cell}' has been shortened by a spreadsheet; format the UPRN column as text and export again"
        ));
    }
    Ok(cell.to_owned())
}

/// A UPRN without the `.0` a spreadsheet adds to a whole number (only then:
/// other text is kept as given, so it exports and imports back the same).
fn uprn_digits(cell: &str) -> &str {
    match cell.strip_suffix(".0") {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => digits,
        _ => cell,
    }
}

/// An id made from a name: lower-case ASCII letters and digits joined by `-`.
fn slug(name: &str, fallback: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut s = words.join("-");
    s.truncate(40);
    let s = s.trim_end_matches('-');
    if s.is_empty() {
        fallback.to_owned()
    } else {
        s.to_owned()
    }
}

/// Ids are numbered from the bare base: `hilltop`, `hilltop-2`, ...
fn numbered(base: &str, n: u64) -> String {
    if n == 1 {
        base.to_owned()
    } else {
        format!("{base}-{n}")
    }
}

/// An organisation's kind guessed from its name (the user can change it).
pub fn guess_org_kind(name: &str) -> OrgKind {
    let lower = name.to_lowercase();
    let words = heading_words(name);
    let has_word = |w: &str| words.iter().any(|x| x == w);
    if has_word("council") || has_word("borough") {
        OrgKind::Council
    } else if lower.contains("nhs property services") {
        OrgKind::NhsPropertyServices
    } else if lower.contains("community health partnerships") {
        OrgKind::CommunityHealthPartnerships
    } else if lower.contains("foundation trust") {
        OrgKind::NhsFoundationTrust
    } else if has_word("trust") {
        OrgKind::NhsTrust
    } else if has_word("icb") || lower.contains("integrated care board") {
        OrgKind::Icb
    } else if has_word("gla") || lower.contains("greater london authority") {
        OrgKind::Gla
    } else {
        OrgKind::OtherPublic
    }
}

/// The cells of one row, read by field.
#[derive(Debug, Default)]
struct RowValues {
    text: HashMap<SiteField, String>,
    numbers: HashMap<SiteField, f64>,
    year: Option<i32>,
    /// Latitude, longitude, easting and northing as read.
    coordinates: HashMap<SiteField, f64>,
    /// Coordinate cells that cannot be read: the row still imports, without a location.
    coordinate_problems: Vec<String>,
}

/// Removes the leading `'` that an export adds to formula-like text.
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => cell,
    }
}

/// A floor area, plot area or count: a number with separators and an optional unit.
fn parse_quantity(cell: &str) -> Result<f64, String> {
    let lower = cell.trim().to_lowercase();
    let number = ["hectares", "ha", "sq m", "sqm", "m2", "m²", "homes", "units"]
        .iter()
        .find_map(|unit| lower.strip_suffix(unit))
        .unwrap_or(&lower);
    parse_money(number).map_err(|_| format!("'{}' is not a number", cell.trim()))
}

/// A latitude, longitude, easting or northing: a signed number, with
/// thousands separators or a degree sign allowed.
fn parse_coordinate(cell: &str) -> Result<f64, String> {
    let cleaned: String = cell
        .trim()
        .trim_end_matches('°')
        .chars()
        .filter(|c| !matches!(c, ',' | ' '))
        .collect();
    cleaned
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("'{}' is not a number", cell.trim()))
}

/// Cells that registers fill to say there is no figure (ERIC writes "Not
/// Applicable" for a site without, say, a cleaning contract): read as blank.
fn is_no_figure(cell: &str) -> bool {
    ["not applicable", "n/a", "na", "not available"]
        .iter()
        .any(|n| cell.eq_ignore_ascii_case(n))
}

/// Reads each mapped cell; every cell that cannot be read is listed (a
/// coordinate that cannot be read only costs the site its location).
fn read_row(record: &csv::StringRecord, mapping: &ColumnMapping) -> Result<RowValues, String> {
    let mut values = RowValues::default();
    let mut errors = Vec::new();
    for (column, field) in mapping.columns.iter().enumerate() {
        let (Some(field), Some(cell)) = (*field, record.get(column)) else {
            continue;
        };
        let cell = cell.trim();
        let kind = field.cell_kind();
        if cell.is_empty() || (kind != CellKind::Text && is_no_figure(cell)) {
            continue;
        }
        let at = |why: String| format!("{field} (column {}): {why}", column + 1);
        let result = match kind {
            CellKind::Text => text_cell(field, cell).map(|text| match values.text.get_mut(&field) {
                Some(earlier) if field.combines() => *earlier = format!("{earlier}, {text}"),
                _ => {
                    values.text.insert(field, text);
                }
            }),
            CellKind::Money => (parse_money(cell).map_err(|e| e.to_string()))
                .and_then(|x| within(x, MAX_AMOUNT, "£1 trillion"))
                .map(|x| add_number(&mut values.numbers, field, x)),
            CellKind::Quantity => parse_quantity(cell)
                .and_then(|x| within(x, MAX_MEASURE, "1e9"))
                .map(|x| add_number(&mut values.numbers, field, x)),
            CellKind::Year => parse_year(cell).map(|fy| values.year = Some(fy)),
            CellKind::Coordinate => {
                match parse_coordinate(cell) {
                    Ok(x) => {
                        values.coordinates.insert(field, x);
                    }
                    Err(why) => values.coordinate_problems.push(at(why)),
                }
                Ok(())
            }
        };
        if let Err(why) = result {
            errors.push(at(why));
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors.join("; "))
    }
}

/// A text cell as kept: formula guard removed, a UPRN cleaned, and in a
/// name or an owner control characters made spaces, since names are one line
/// of text (validation refuses control characters); notes keep their line breaks.
fn text_cell(field: SiteField, cell: &str) -> Result<String, String> {
    let text = unguard(cell);
    match field {
        SiteField::Uprn => clean_uprn(text),
        SiteField::Name | SiteField::Owner => Ok(text.replace(char::is_control, " ")),
        _ => Ok(text.to_owned()),
    }
}

/// Records an amount, summed with the row's earlier ones for a field that
/// combines several columns.
fn add_number(numbers: &mut HashMap<SiteField, f64>, field: SiteField, x: f64) {
    match numbers.get_mut(&field) {
        Some(sum) if field.combines() => *sum += x,
        _ => {
            numbers.insert(field, x);
        }
    }
}

/// Where a row puts its site (MODEL.md section 10).
#[derive(Debug, Clone, PartialEq)]
enum RowLocation {
    /// The row gives no coordinates.
    Absent,
    /// A position, with a note when it was read other than as given.
    At(Location, Option<String>),
    /// Coordinates that give no usable position, and why.
    Unusable(String),
}

/// The row's position: its latitude and longitude, else its grid reference
/// converted to WGS84 (MODEL.md section 10).
fn row_location(values: &RowValues) -> RowLocation {
    if !values.coordinate_problems.is_empty() {
        return RowLocation::Unusable(values.coordinate_problems.join("; "));
    }
    let get = |f| values.coordinates.get(&f).copied();
    match (
        get(SiteField::Latitude),
        get(SiteField::Longitude),
        get(SiteField::Easting),
        get(SiteField::Northing),
    ) {
        (Some(lat), Some(lon), _, _) => degrees_location(lat, lon),
        (_, _, Some(easting), Some(northing)) => grid_location(easting, northing),
        (None, None, None, None) => RowLocation::Absent,
        (lat, lon, easting, northing) => {
            let given: Vec<&str> = [
                (lat, SiteField::Latitude),
                (lon, SiteField::Longitude),
                (easting, SiteField::Easting),
                (northing, SiteField::Northing),
            ]
            .iter()
            .filter(|(x, _)| x.is_some())
            .map(|(_, f)| f.heading())
            .collect();
            RowLocation::Unusable(format!("only {} is given, not a pair", given.join(" and ")))
        }
    }
}

/// A latitude and longitude in degrees, if they can be a site's position.
fn degrees_location(lat: f64, lon: f64) -> RowLocation {
    if lat == 0.0 && lon == 0.0 {
        return RowLocation::Unusable("latitude and longitude are 0, 0 (no position given)".to_owned());
    }
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return RowLocation::Unusable(format!(
            "latitude {lat} and longitude {lon} are not a position (latitude -90 to 90, longitude -180 to 180)"
        ));
    }
    RowLocation::At(Location { lat, lon }, None)
}

/// A British National Grid reference converted to WGS84. Some councils'
/// returns put longitude and latitude in GeoX and GeoY; a pair that can only
/// be degrees (no grid reference is within 180 m of the grid's origin, where
/// the sea is) is read as such, with a note.
fn grid_location(easting: f64, northing: f64) -> RowLocation {
    if easting == 0.0 && northing == 0.0 {
        return RowLocation::Unusable("the grid reference is 0, 0 (no position given)".to_owned());
    }
    let looks_like_degrees = easting.abs() <= 180.0 && northing.abs() <= 90.0;
    if looks_like_degrees {
        return match degrees_location(northing, easting) {
            RowLocation::At(at, _) => RowLocation::At(
                at,
                Some(format!(
                    "easting {easting} and northing {northing} are degrees, so they were read as longitude and latitude"
                )),
            ),
            other => other,
        };
    }
    match bng_to_wgs84(easting, northing) {
        Some(at) => RowLocation::At(at, None),
        None => RowLocation::Unusable(format!(
            "easting {easting} and northing {northing} are outside the British National Grid"
        )),
    }
}

/// A disposal year: a financial year (`2026/27`, `2026`), or a date
/// (`31/03/2028`, `2028-03-31`) taken as the financial year it falls in.
fn parse_year(cell: &str) -> Result<i32, String> {
    parse_fy(cell).or_else(|e| date_fy(cell).ok_or_else(|| e.to_string()))
}

/// The financial year (April to March) of a day-month-year or ISO date.
fn date_fy(cell: &str) -> Option<i32> {
    let parts: Vec<&str> = cell.trim().split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (year, month, day) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    let (year, month, day): (i32, u32, u32) = (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    if year.to_string().len() != 4 || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(if month >= 4 { year } else { year - 1 })
}

/// A number from 0 to `max`, the bounds validation puts on the field.
fn within(x: f64, max: f64, max_text: &str) -> Result<f64, String> {
    if x < 0.0 {
        Err(format!("must be 0 or more, not {x}"))
    } else if x > max {
        Err(format!("must be at most {max_text}, not {x:e}"))
    } else {
        Ok(x)
    }
}

/// Who owns a row's site: an organisation already known, or one to create.
enum Owner {
    Known(String),
    New(Organisation),
}

/// The state of a planned import: the scenario's sites with the plan applied
/// so far, so later rows match sites that earlier rows added.
struct Planner<'a> {
    s: &'a Scenario,
    mapping: &'a ColumnMapping,
    sites: Vec<Site>,
    by_id: HashMap<String, usize>,
    /// Sites by reference (UPRN, ePIMS id, ERIC code) and by name and owner,
    /// kept current as rows change them (several sites may share a key; a
    /// name two sites share is ambiguous).
    by_reference: HashMap<(SiteField, String), BTreeSet<usize>>,
    by_name_owner: HashMap<(String, String), BTreeSet<usize>>,
    /// Row that first imported each site (by index in `sites`).
    claimed: HashMap<usize, usize>,
    /// Row that first gave each reference and site id, whether or not it imported.
    rows_by_key: HashMap<(SiteField, String), usize>,
    orgs_by_name: HashMap<String, String>,
    orgs_by_id: HashMap<String, String>,
    site_ids: IdAllocator,
    org_ids: IdAllocator,
    disposal_ids: IdAllocator,
    /// Disposals of each site by id, as planned so far.
    disposals_of: HashMap<String, Vec<Disposal>>,
    plan: ImportPlan,
}

impl<'a> Planner<'a> {
    fn new(s: &'a Scenario, mapping: &'a ColumnMapping) -> Self {
        let mut disposals_of: HashMap<String, Vec<Disposal>> = HashMap::new();
        for d in &s.disposals {
            disposals_of.entry(d.site.clone()).or_default().push(d.clone());
        }
        let mut planner = Planner {
            s,
            mapping,
            sites: Vec::new(),
            by_id: HashMap::new(),
            by_reference: HashMap::new(),
            by_name_owner: HashMap::new(),
            claimed: HashMap::new(),
            rows_by_key: HashMap::new(),
            orgs_by_name: HashMap::new(),
            orgs_by_id: HashMap::new(),
            site_ids: IdAllocator::new(s.sites.iter().map(|x| x.id.clone())),
            org_ids: IdAllocator::new(s.organisations.iter().map(|o| o.id.clone())),
            disposal_ids: IdAllocator::new(s.disposals.iter().map(|d| d.id.clone())),
            disposals_of,
            plan: ImportPlan::default(),
        };
        for org in &s.organisations {
            planner.know_org(org);
        }
        planner.sites = s.sites.to_vec();
        for i in 0..planner.sites.len() {
            planner.index_keys(i);
        }
        planner
    }

    fn know_org(&mut self, org: &Organisation) {
        self.orgs_by_name
            .entry(name_key(&org.name))
            .or_insert_with(|| org.id.clone());
        self.orgs_by_id
            .entry(org.id.to_lowercase())
            .or_insert_with(|| org.id.clone());
    }

    /// The keys a site is found by, besides its id (which never changes).
    fn keys_of(&self, i: usize) -> (Vec<(SiteField, String)>, (String, String)) {
        let site = &self.sites[i];
        let references = REFERENCES
            .iter()
            .filter_map(|&f| site_reference(site, f).map(|k| (f, k)))
            .collect();
        (references, (name_key(&site.name), site.owner.clone()))
    }

    /// Indexes site `i` by its id, references, and name with owner.
    fn index_keys(&mut self, i: usize) {
        self.by_id.entry(self.sites[i].id.clone()).or_insert(i);
        let (references, name) = self.keys_of(i);
        for key in references {
            self.by_reference.entry(key).or_default().insert(i);
        }
        self.by_name_owner.entry(name).or_default().insert(i);
    }

    /// Removes site `i` from the reference and name indexes, before a row
    /// changes it: a later row naming its old reference or name is then a new
    /// site in this import, as it will be in the next one.
    fn unindex_keys(&mut self, i: usize) {
        let (references, name) = self.keys_of(i);
        for key in references {
            if let Some(set) = self.by_reference.get_mut(&key) {
                set.remove(&i);
            }
        }
        if let Some(set) = self.by_name_owner.get_mut(&name) {
            set.remove(&i);
        }
    }

    fn error(&mut self, row: usize, message: String) {
        self.plan.row_errors.push(RowIssue { row, message });
    }

    fn warn(&mut self, row: usize, message: String) {
        self.plan.row_warnings.push(RowIssue { row, message });
    }

    fn row(&mut self, row: usize, record: &csv::StringRecord) {
        if let Err(message) = self.try_row(row, record) {
            self.error(row, message);
        }
    }

    /// Plans one row, or says why it cannot be imported (changing nothing).
    fn try_row(&mut self, row: usize, record: &csv::StringRecord) -> Result<(), String> {
        self.claim_keys(row, record)?;
        let values = read_row(record, self.mapping)?;
        let owner = self.owner(&values);
        let owner_id = owner.as_ref().map(|o| match o {
            Owner::Known(id) => id.clone(),
            Owner::New(org) => org.id.clone(),
        });
        let existing = self.find_site(&values, owner_id.as_deref())?;
        if let Some(&first) = existing.and_then(|i| self.claimed.get(&i)) {
            return Err(format!("the same site as row {first}; keep one of the two rows"));
        }
        let mut site = match existing {
            Some(i) => updated_site(&self.sites[i], &values, owner_id.as_deref()),
            None => self.new_site(&values, owner_id.as_deref())?,
        };
        let location = row_location(&values);
        if let RowLocation::At(at, _) = location {
            site.location = Some(at);
        }
        self.check_references_free(&site, existing)?;
        let disposal = self.plan_disposal(row, &site, &values)?;
        if let Some(Owner::New(org)) = owner {
            self.org_ids.take(&org.id);
            self.know_org(&org);
            self.plan.new_organisations.push(org);
        }
        let located = site.location.is_some();
        let changes = self.commit_site(row, existing, site);
        if let Some((planned, is_new)) = disposal {
            self.commit_disposal(row, planned, is_new);
        }
        self.note_location(row, location, located, changes);
        Ok(())
    }

    /// Says when an imported row's position was not taken as given, or not
    /// taken at all (the site is imported all the same). A row that leaves
    /// its site as it is and gives no coordinates says nothing: re-importing
    /// an exported register of sites without positions is not news.
    fn note_location(&mut self, row: usize, location: RowLocation, located: bool, changes: bool) {
        match location {
            RowLocation::At(_, Some(note)) => self.warn(row, note),
            RowLocation::Unusable(why) if located => self.warn(row, format!("location not changed: {why}")),
            RowLocation::Unusable(why) => self.warn(row, format!("imported without a location: {why}")),
            RowLocation::Absent if changes && !located && self.mapping.gives_location() => {
                self.warn(row, "imported without a location: no coordinates given".to_owned())
            }
            _ => {}
        }
    }

    /// The row's owner: its cell, else the default owner, matched or to be created.
    fn owner(&mut self, values: &RowValues) -> Option<Owner> {
        let name = values
            .text
            .get(&SiteField::Owner)
            .cloned()
            .or_else(|| self.mapping.default_owner.clone())
            .filter(|n| !n.trim().is_empty())?;
        let known = (self.orgs_by_name.get(&name_key(&name)))
            .or_else(|| self.orgs_by_id.get(&name.trim().to_lowercase()))
            .cloned();
        Some(match known {
            Some(id) => Owner::Known(id),
            None => {
                let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
                let id = self.org_ids.peek(&slug(&name, "org"), numbered);
                Owner::New(Organisation {
                    id,
                    kind: guess_org_kind(&name),
                    name,
                })
            }
        })
    }

    /// Rows giving the same reference or site id are the same site, and the
    /// later is an error even when the earlier could not be imported: so a
    /// register reads the same however often it is imported (otherwise the
    /// site a later row adds would let the earlier row match it next time).
    fn claim_keys(&mut self, row: usize, record: &csv::StringRecord) -> Result<(), String> {
        let mut first = None;
        for field in REFERENCES.into_iter().chain([SiteField::Id]) {
            let cell = self
                .mapping
                .column_of(field)
                .and_then(|c| record.get(c))
                .map(|c| unguard(c.trim()));
            let Some(cell) = cell.filter(|c| !c.is_empty()) else {
                continue;
            };
            let key = match field {
                SiteField::Id => cell.to_owned(),
                SiteField::Uprn => reference_key(uprn_digits(cell)),
                _ => reference_key(cell),
            };
            let earlier = *self.rows_by_key.entry((field, key)).or_insert(row);
            if earlier != row {
                first = first.or(Some((field, earlier)));
            }
        }
        match first {
            Some((field, earlier)) => Err(format!(
                "the same site as row {earlier} (the same {field}); keep one of the two rows"
            )),
            None => Ok(()),
        }
    }

    /// A reference names one property, so a row found by one key may not
    /// take a reference that another site has.
    fn check_references_free(&self, site: &Site, existing: Option<usize>) -> Result<(), String> {
        for field in REFERENCES {
            let Some(key) = site_reference(site, field) else {
                continue;
            };
            let other =
                (self.by_reference.get(&(field, key))).and_then(|set| set.iter().find(|&&x| Some(x) != existing));
            if let Some(&other) = other {
                let given = site_cell(site, field);
                return Err(format!(
                    "{field} {given} is already site '{}' ({})",
                    self.sites[other].id, self.sites[other].name
                ));
            }
        }
        Ok(())
    }

    /// The site a row is: by site id, else by UPRN, ePIMS id or ERIC site
    /// code, else by name and owner.
    fn find_site(&self, values: &RowValues, owner: Option<&str>) -> Result<Option<usize>, String> {
        let text = |f| values.text.get(&f);
        if let Some(i) = text(SiteField::Id).and_then(|id| self.by_id.get(id.as_str())) {
            return Ok(Some(*i));
        }
        for field in REFERENCES {
            let found = text(field).and_then(|r| self.by_reference.get(&(field, reference_key(r))));
            if let Some(&i) = found.and_then(BTreeSet::first) {
                return Ok(Some(i));
            }
        }
        let name = text(SiteField::Name).or_else(|| text(SiteField::Address));
        let (Some(name), Some(owner)) = (name, owner) else {
            return Ok(None);
        };
        let key = (name_key(name), owner.to_owned());
        let sites = self.by_name_owner.get(&key);
        match sites.map_or(0, BTreeSet::len) {
            0 => Ok(None),
            1 => Ok(sites.and_then(BTreeSet::first).copied()),
            _ => Err(format!(
                "more than one site of this owner is named '{name}'; give its ePIMS id or site id to say which"
            )),
        }
    }

    /// A new site from a row: named by its name, else by its address (a
    /// land and assets return leaves PropertyName blank for plots of land).
    fn new_site(&mut self, values: &RowValues, owner: Option<&str>) -> Result<Site, String> {
        let name = (values.text.get(&SiteField::Name))
            .or_else(|| values.text.get(&SiteField::Address))
            .ok_or("no site name or address, and no existing site has its UPRN, ePIMS id, ERIC site code or site id")?;
        let owner = owner.ok_or("no owner: fill the owner column or give a default owner")?;
        let id = match values.text.get(&SiteField::Id) {
            Some(id) => id.clone(),
            None => self.site_ids.peek(&slug(name, "site"), numbered),
        };
        let blank = Site {
            id,
            name: name.clone(),
            owner: owner.to_owned(),
            ..Site::default()
        };
        Ok(updated_site(&blank, values, Some(owner)))
    }

    /// The disposal a row's year and cost create or change (see the module
    /// notes), with whether it is new; `None` when the row touches none.
    fn plan_disposal(
        &mut self,
        row: usize,
        site: &Site,
        values: &RowValues,
    ) -> Result<Option<(Disposal, bool)>, String> {
        let cost = values.numbers.get(&SiteField::DisposalCost).copied();
        if values.year.is_none() && cost.is_none() {
            return Ok(None);
        }
        let existing = self.disposals_of.get(&site.id).map(Vec::as_slice).unwrap_or(&[]);
        let (mut d, is_new) = match (existing, values.year) {
            ([one], _) => (one.clone(), false),
            ([], Some(fy)) => (Disposal::new("", site.id.clone(), fy), true),
            ([], None) => {
                self.warn(
                    row,
                    "cost of disposal ignored: no disposal year, and the site has no disposal".into(),
                );
                return Ok(None);
            }
            (several, _) => {
                self.warn(
                    row,
                    format!(
                        "disposal year and cost not applied: the site has {} disposals in the scenario",
                        several.len()
                    ),
                );
                return Ok(None);
            }
        };
        if let Some(fy) = values.year {
            d.fy = fy;
        }
        if let Some(c) = cost {
            d.fixed_cost = c;
        }
        self.check_in_horizon(&d)?;
        Ok(Some((d, is_new)))
    }

    /// A disposal year (and its tranches) must fall inside the horizon.
    fn check_in_horizon(&self, d: &Disposal) -> Result<(), String> {
        let s = self.s;
        let last_offset = d.phasing.iter().map(|(o, _)| i64::from(*o)).max().unwrap_or(0);
        let t = s.year_index(d.fy);
        if s.in_horizon(t) && s.in_horizon(t + last_offset) {
            return Ok(());
        }
        let last = i64::from(s.start_fy) + i64::from(s.horizon.max(1)) - 1;
        Err(format!(
            "disposal year {} is outside the scenario's horizon ({} to {}); extend the horizon or correct the year",
            fy_label(d.fy),
            fy_label(s.start_fy),
            fy_label(last)
        ))
    }

    /// Records the row's site; returns whether the row adds or changes it.
    fn commit_site(&mut self, row: usize, existing: Option<usize>, site: Site) -> bool {
        match existing {
            None => {
                self.site_ids.take(&site.id);
                let i = self.sites.len();
                self.sites.push(site.clone());
                self.index_keys(i);
                self.claimed.insert(i, row);
                self.plan.new_sites.push(PlannedSite {
                    row,
                    site,
                    changed: Vec::new(),
                });
                true
            }
            Some(i) => {
                self.claimed.insert(i, row);
                let changed = changed_fields(&self.sites[i], &site);
                if changed.is_empty() {
                    return false;
                }
                // Found by its new keys from now on (a later row naming it is a
                // duplicate), and no longer by its old ones.
                self.unindex_keys(i);
                self.sites[i] = site.clone();
                self.index_keys(i);
                self.plan.updated_sites.push(PlannedSite { row, site, changed });
                true
            }
        }
    }

    fn commit_disposal(&mut self, row: usize, mut d: Disposal, is_new: bool) {
        let list = self.disposals_of.entry(d.site.clone()).or_default();
        if is_new {
            d.id = self.disposal_ids.fresh(&d.site, |site, n| format!("{site}-d{n}"));
            list.push(d.clone());
            self.plan.new_disposals.push(PlannedDisposal { row, disposal: d });
        } else if list.first() != Some(&d) {
            *list = vec![d.clone()];
            self.plan.updated_disposals.push(PlannedDisposal { row, disposal: d });
        }
    }

    /// Rows matching a site that changes nothing are unchanged rows.
    fn finish(mut self) -> ImportPlan {
        let touched: HashSet<usize> = (self.plan.new_sites.iter())
            .chain(&self.plan.updated_sites)
            .map(|p| p.row)
            .chain(self.plan.new_disposals.iter().map(|p| p.row))
            .chain(self.plan.updated_disposals.iter().map(|p| p.row))
            .collect();
        let mut unchanged: Vec<usize> = self
            .claimed
            .values()
            .copied()
            .filter(|r| !touched.contains(r))
            .collect();
        unchanged.sort_unstable();
        self.plan.unchanged_rows = unchanged;
        self.plan
    }
}

/// A site with a row's non-blank cells written over it.
fn updated_site(site: &Site, values: &RowValues, owner: Option<&str>) -> Site {
    let mut site = site.clone();
    if let Some(owner) = owner {
        site.owner = owner.to_owned();
    }
    for (field, text) in &values.text {
        let text = text.clone();
        match field {
            SiteField::Name => site.name = text,
            SiteField::Borough => site.borough = text,
            SiteField::SubRegion => site.sub_region = text,
            SiteField::Tenure => site.tenure = text,
            SiteField::CurrentUse => site.current_use = text,
            SiteField::EpimsId => site.epims_id = Some(text),
            SiteField::PlanningStatus => site.planning_status = Some(text),
            SiteField::Notes => site.notes = text,
            SiteField::Uprn => site.uprn = Some(text),
            SiteField::EricSiteCode => site.eric_site_code = Some(text),
            SiteField::Address => site.address = text,
            // The id identifies the site and the owner is resolved by the caller.
            _ => {}
        }
    }
    for (field, &x) in &values.numbers {
        match field {
            SiteField::AreaHa => site.area_ha = x,
            SiteField::GiaM2 => site.gia_m2 = x,
            SiteField::Value => site.value = x,
            SiteField::BookValue => site.book_value = x,
            SiteField::RunningCost => site.running_cost = x,
            SiteField::Backlog => site.backlog = x,
            SiteField::Homes => site.homes = x,
            // Disposal cost feeds the disposal.
            _ => {}
        }
    }
    site
}

/// The site fields that differ between two versions of a site.
fn changed_fields(before: &Site, after: &Site) -> Vec<SiteField> {
    SiteField::ALL
        .into_iter()
        .filter(|f| f.is_site_field() && site_cell(before, *f) != site_cell(after, *f))
        .collect()
}

// ---------------------------------------------------------------------------
// Export

/// Why a register could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the register: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the register: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes the scenario's site register as CSV to `path`, atomically.
/// Errors say "register" (callers add the path).
pub fn write_register(path: &Path, s: &Scenario) -> Result<(), ExportError> {
    let bytes = export_sites_csv(s)?;
    write_atomic(path, &bytes).map_err(|e| match e {
        SaveError::Io { source, .. } => ExportError::Io(source),
        other => ExportError::Io(std::io::Error::other(other.to_string())),
    })
}

/// A site field as an export cell (owner as its id; see [`export_sites_csv`]).
fn site_cell(site: &Site, field: SiteField) -> String {
    let text = |t: &str| t.to_owned();
    match field {
        SiteField::Id => text(&site.id),
        SiteField::Name => text(&site.name),
        SiteField::Owner => text(&site.owner),
        SiteField::Borough => text(&site.borough),
        SiteField::SubRegion => text(&site.sub_region),
        SiteField::AreaHa => site.area_ha.to_string(),
        SiteField::GiaM2 => site.gia_m2.to_string(),
        SiteField::Tenure => text(&site.tenure),
        SiteField::CurrentUse => text(&site.current_use),
        SiteField::Value => site.value.to_string(),
        SiteField::BookValue => site.book_value.to_string(),
        SiteField::RunningCost => site.running_cost.to_string(),
        SiteField::Backlog => site.backlog.to_string(),
        SiteField::Homes => site.homes.to_string(),
        SiteField::EpimsId => site.epims_id.clone().unwrap_or_default(),
        SiteField::PlanningStatus => site.planning_status.clone().unwrap_or_default(),
        SiteField::Notes => text(&site.notes),
        SiteField::Uprn => site.uprn.clone().unwrap_or_default(),
        SiteField::EricSiteCode => site.eric_site_code.clone().unwrap_or_default(),
        SiteField::Address => text(&site.address),
        SiteField::Latitude => site.location.map(|l| l.lat.to_string()).unwrap_or_default(),
        SiteField::Longitude => site.location.map(|l| l.lon.to_string()).unwrap_or_default(),
        // The grid reference is not kept, and the disposal's cells are its own.
        SiteField::Easting | SiteField::Northing | SiteField::DisposalCost | SiteField::DisposalYear => String::new(),
    }
}

/// Each organisation's export cell: its name, or its id when the name is blank
/// or shared with another organisation (importing matches names first, then ids).
fn owner_cells(s: &Scenario) -> HashMap<&str, String> {
    let mut names: HashMap<String, usize> = HashMap::new();
    for o in &s.organisations {
        *names.entry(name_key(&o.name)).or_insert(0) += 1;
    }
    s.organisations
        .iter()
        .map(|o| {
            let unique = names.get(&name_key(&o.name)) == Some(&1) && !o.name.trim().is_empty();
            (o.id.as_str(), if unique { o.name.clone() } else { o.id.clone() })
        })
        .collect()
}

/// The scenario's site register as CSV (UTF-8 with a byte order mark, so
/// that Excel shows `£` and accented names), in the layout described in the
/// module notes. Owners are written by name, so the file reads well and
/// imports into another scenario.
pub fn export_sites_csv(s: &Scenario) -> Result<Vec<u8>, ExportError> {
    let mut disposals: HashMap<&str, Vec<&Disposal>> = HashMap::new();
    for d in &s.disposals {
        disposals.entry(d.site.as_str()).or_default().push(d);
    }
    let owners = owner_cells(s);
    let fields: Vec<SiteField> = SiteField::ALL.into_iter().filter(|f| f.is_exported()).collect();
    let header: Vec<&str> = fields.iter().map(|f| f.heading()).collect();
    let rows = s.sites.iter().map(|site| {
        let only = match disposals.get(site.id.as_str()).map(Vec::as_slice) {
            Some([one]) => Some(*one),
            _ => None,
        };
        fields
            .iter()
            .map(|&f| match f {
                SiteField::Owner => Cell::Text(
                    owners
                        .get(site.owner.as_str())
                        .cloned()
                        .unwrap_or_else(|| site.owner.clone()),
                ),
                SiteField::DisposalYear => Cell::Plain(only.map(|d| fy_label(d.fy)).unwrap_or_default()),
                SiteField::DisposalCost => Cell::Plain(only.map(|d| d.fixed_cost.to_string()).unwrap_or_default()),
                f if f.cell_kind() == CellKind::Text => Cell::Text(site_cell(site, f)),
                f => Cell::Plain(site_cell(site, f)),
            })
            .collect()
    });
    Ok(write_csv(&header, rows, Bom::With)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_of_the_surplus_land_returns_are_recognised() {
        let cases = [
            ("Site name", SiteField::Name),
            ("Plot area (ha)", SiteField::AreaHa),
            ("Hectares", SiteField::AreaHa),
            ("Market value (£)", SiteField::Value),
            ("Net book value (NBV)", SiteField::BookValue),
            ("NBV", SiteField::BookValue),
            ("Cost of disposal", SiteField::DisposalCost),
            ("Annual running cost", SiteField::RunningCost),
            ("Disposal year", SiteField::DisposalYear),
            ("ePIMS ID", SiteField::EpimsId),
            ("Housing units", SiteField::Homes),
            ("Homes", SiteField::Homes),
            ("Planning status", SiteField::PlanningStatus),
            ("Owner", SiteField::Owner),
            ("Organisation", SiteField::Owner),
            ("Borough", SiteField::Borough),
            ("GIA", SiteField::GiaM2),
            ("GIA (sq m)", SiteField::GiaM2),
            ("Sub-region", SiteField::SubRegion),
            ("Backlog maintenance (£)", SiteField::Backlog),
        ];
        for (heading, field) in cases {
            assert_eq!(guess_field(heading), Some(field), "{heading}");
        }
        assert_eq!(guess_field("Row"), None);
        for field in SiteField::ALL {
            assert_eq!(guess_field(field.heading()), Some(field), "export heading of {field:?}");
        }
    }

    #[test]
    fn delimiters_and_headers_are_detected() {
        let m = ColumnMapping::guess("Site name;Market value\nA;1,5m\nB;2m\n");
        assert_eq!(m.delimiter, b';');
        assert!(m.has_header);
        assert_eq!(m.columns, vec![Some(SiteField::Name), Some(SiteField::Value)]);
        let m = ColumnMapping::guess("Site name\tOwner\nA\tX\n");
        assert_eq!(m.delimiter, b'\t');
        let m = ColumnMapping::guess("Hilltop,1000000\nRiverside,2000000\n");
        assert_eq!(m.delimiter, b',');
        assert!(!m.has_header);
        assert_eq!(m.columns, vec![None, None]);
        let m = ColumnMapping::guess("Foo,Bar\nA,12\n");
        assert!(
            m.has_header,
            "text over numbers is a header even when no heading is known"
        );
    }

    #[test]
    fn a_corrected_delimiter_splits_the_columns_again() {
        // A semicolon register whose money uses decimal commas: both split it
        // evenly, and the tie goes to the comma.
        let text = "Site name;Market value (£m, est)\nA;1,5\nB;2,5\n";
        assert_eq!(ColumnMapping::guess(text).delimiter, b',');
        let m = ColumnMapping::guess_with_delimiter(text, b';');
        assert_eq!(m.delimiter, b';');
        assert_eq!(m.columns, vec![Some(SiteField::Name), Some(SiteField::Value)]);
    }

    #[test]
    fn owner_kinds_are_guessed_from_names() {
        let cases = [
            ("London Borough of Lewisham", OrgKind::Council),
            ("Camden Council", OrgKind::Council),
            ("NHS Property Services", OrgKind::NhsPropertyServices),
            ("Guy's and St Thomas' NHS Foundation Trust", OrgKind::NhsFoundationTrust),
            ("Lewisham and Greenwich NHS Trust", OrgKind::NhsTrust),
            ("NHS North East London ICB", OrgKind::Icb),
            ("NHS South East London Integrated Care Board", OrgKind::Icb),
            ("Community Health Partnerships", OrgKind::CommunityHealthPartnerships),
            ("Greater London Authority", OrgKind::Gla),
            ("Metropolitan Police", OrgKind::OtherPublic),
        ];
        for (name, kind) in cases {
            assert_eq!(guess_org_kind(name), kind, "{name}");
        }
    }

    #[test]
    fn quantities_accept_units_and_separators() {
        assert_eq!(parse_quantity("2.5 ha"), Ok(2.5));
        assert_eq!(parse_quantity("1,200 sqm"), Ok(1200.0));
        assert_eq!(parse_quantity("45"), Ok(45.0));
        assert!(parse_quantity("lots").is_err());
    }

    #[test]
    fn disposal_years_accept_financial_years_and_dates() {
        assert_eq!(parse_year("2027/28"), Ok(2027));
        assert_eq!(parse_year("FY2030"), Ok(2030));
        assert_eq!(parse_year("31/03/2028"), Ok(2027));
        assert_eq!(parse_year("01/04/2028"), Ok(2028));
        assert_eq!(parse_year("2028-03-31"), Ok(2027));
        assert!(parse_year("13/13/2028").is_err());
        assert!(parse_year("soon").is_err());
    }

    #[test]
    fn uprns_lose_only_a_spreadsheet_s_trailing_point_zero() {
        assert_eq!(clean_uprn("100023336956.0"), Ok("100023336956".to_owned()));
        assert_eq!(clean_uprn("100023336956"), Ok("100023336956".to_owned()));
        // Not a whole number written by a spreadsheet: kept, so it exports and imports back the same.
        assert_eq!(clean_uprn("12.0.0"), Ok("12.0.0".to_owned()));
        assert_eq!(clean_uprn("LB.0"), Ok("LB.0".to_owned()));
        assert!(clean_uprn("1.00023E+11").is_err());
    }

    #[test]
    fn formula_like_text_is_guarded_and_restored() {
        for text in ["=SUM(A1)", "+44", "-x", "@me", "'quoted", "''twice", "plain", "it's"] {
            assert_eq!(unguard(&crate::csv_out::guard(text.to_owned())), text);
        }
    }

    #[test]
    fn slugs_are_ascii_and_never_empty() {
        assert_eq!(slug("Hither Green Lane (clinic)", "site"), "hither-green-lane-clinic");
        assert_eq!(slug("🏥 ☂", "site"), "site");
        assert_eq!(slug("../../etc/passwd", "site"), "etc-passwd");
    }
}
