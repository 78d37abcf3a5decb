//! Site registers in CSV: importing the spreadsheets estates teams already
//! keep (the NHS surplus-land returns and the like), and exporting the
//! scenario's register back in the same shape.
//!
//! Importing is two steps, so nothing changes until the user accepts:
//! 1. [`ColumnMapping::guess`] detects the delimiter (comma, semicolon or tab)
//!    and a header row, and maps columns to site fields from their headings;
//!    the caller may edit the mapping (and [`preview`] shows the first rows).
//! 2. [`plan_import`] reads every row against the scenario and returns an
//!    [`ImportPlan`]: sites to add and to update, organisations to create,
//!    disposals to add and to update, and the rows that cannot be read, each
//!    with its row number (counted as a spreadsheet does: the header is row 1)
//!    and the reason. [`apply_import`] then applies the plan.
//!
//! Matching, so that importing the same register twice updates instead of
//! duplicating: a row is the site with the same site id (a column only a
//! register exported by this tool has), else the same ePIMS id, else the same
//! name and owner (names compared ignoring case and extra spaces). Two rows of
//! one register that are the same site are an error on the second.
//!
//! Cells: money accepts `£`, thousands separators and `k`/`m`/`bn`; areas,
//! floor areas and homes accept separators and a trailing unit (`ha`, `m2`,
//! `sqm`); years accept `2026/27`, `2026-27`, `FY2026` or `2026`. A blank cell
//! leaves the field as it is (a new site gets the default). A row with any
//! cell that cannot be read is not imported at all, so a register is never
//! half-applied to a site.
//!
//! Owners are matched by name (ignoring case and extra spaces), else by id;
//! an owner not in the scenario is created, its kind guessed from its name
//! ([`guess_org_kind`]). A register that has no owner column (one trust's
//! return) can give [`ColumnMapping::default_owner`].
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
use std::collections::{BTreeSet, HashMap};
use std::fmt;

use crate::csv_out::{write_csv, Bom, Cell};
use crate::engine::fy_label;
use crate::format::{parse_fy, parse_money};
use crate::io::{IdAllocator, MAX_FILE_BYTES};
use crate::model::{Disposal, OrgKind, Organisation, Scenario, Site};

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
}

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellKind {
    Text,
    Money,
    Quantity,
    Year,
}

impl SiteField {
    /// Every field, in the column order of an export.
    pub const ALL: [SiteField; 19] = [
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
    ];

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
            _ => CellKind::Text,
        }
    }

    /// Whether the field is part of the site itself (not its disposal).
    fn is_site_field(self) -> bool {
        !matches!(self, SiteField::DisposalCost | SiteField::DisposalYear)
    }
}

impl fmt::Display for SiteField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.heading())
    }
}

// ---------------------------------------------------------------------------
// Guessing the mapping

/// Which column feeds which field, and how the file is laid out. Guessed by
/// [`ColumnMapping::guess`]; every field is public so the caller can edit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMapping {
    /// `b','`, `b';'` or `b'\t'`.
    pub delimiter: u8,
    /// Whether the first row holds headings (and is not imported).
    pub has_header: bool,
    /// One entry per column of the file, in order: the field it feeds, or
    /// `None` to ignore the column.
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
];

/// Keyword rules in priority order: a heading matches a rule when each of the
/// rule's words starts one of the heading's words. `Net book value` must meet
/// its rule before the plain `value` one, `Cost of disposal` before `disposal year`.
const KEYWORDS: &[(SiteField, &[&str])] = &[
    (SiteField::EpimsId, &["epims"]),
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
    (SiteField::Borough, &["borough"]),
    (SiteField::Borough, &["local", "authority"]),
    (SiteField::SubRegion, &["sub", "region"]),
    (SiteField::SubRegion, &["subregion"]),
    (SiteField::Tenure, &["tenure"]),
    (SiteField::CurrentUse, &["use"]),
    (SiteField::Notes, &["note"]),
    (SiteField::Notes, &["comment"]),
    (SiteField::Name, &["site", "name"]),
    (SiteField::Name, &["property"]),
    (SiteField::Name, &["address"]),
    (SiteField::Name, &["name"]),
];

/// The field a heading most likely means, if any.
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
    pub fn guess_with_delimiter(csv_text: &str, delimiter: u8) -> ColumnMapping {
        let text = strip_bom(csv_text);
        let sample = sample_records(text, delimiter, SAMPLE_RECORDS);
        let width = sample.iter().map(Vec::len).max().unwrap_or(0);
        let has_header = sample
            .first()
            .is_some_and(|first| looks_like_header(first, sample.get(1)));
        let mut columns = vec![None; width];
        if let (true, Some(headings)) = (has_header, sample.first()) {
            let mut used = Vec::new();
            for (column, heading) in headings.iter().enumerate() {
                if let Some(field) = guess_field(heading).filter(|f| !used.contains(f)) {
                    used.push(field);
                    columns[column] = Some(field);
                }
            }
        }
        ColumnMapping {
            delimiter,
            has_header,
            columns,
            default_owner: None,
        }
    }

    /// The column mapped to a field (the first, if several are).
    pub fn column_of(&self, field: SiteField) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }

    /// Whether the mapping can import anything: each field fed by at most one
    /// column, and some column naming the sites.
    pub fn check(&self) -> Result<(), ImportError> {
        for field in SiteField::ALL {
            let columns: Vec<String> = (self.columns.iter().enumerate())
                .filter(|(_, c)| **c == Some(field))
                .map(|(i, _)| (i + 1).to_string())
                .collect();
            if columns.len() > 1 {
                return Err(ImportError::Mapping(format!(
                    "{field} is mapped to columns {}; map it to one",
                    columns.join(" and ")
                )));
            }
        }
        let identifies = [SiteField::Name, SiteField::EpimsId, SiteField::Id];
        if !identifies.iter().any(|f| self.column_of(*f).is_some()) {
            return Err(ImportError::Mapping(
                "no column is mapped to Site name (or to ePIMS id or Site id, to update existing sites); \
                 a register needs a header row with names such as \"Site name\""
                    .to_owned(),
            ));
        }
        Ok(())
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

/// Decodes a register file's bytes: UTF-8 (with or without a byte order
/// mark), else Windows-1252, the encoding Excel uses for "CSV" on UK Windows
/// (so `£` saved by Excel reads as `£`).
pub fn decode_register(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
    }
}

/// One Windows-1252 byte as a character: Latin-1, except 0x80-0x9F, which
/// hold typographic characters (the five undefined bytes map to themselves).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

// ---------------------------------------------------------------------------
// Planning

/// Why a register cannot be imported at all (row problems are in the plan).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the register is {size} bytes, over the {MAX_FILE_BYTES}-byte limit")]
    TooLarge { size: u64 },
    #[error("the register has more than {MAX_IMPORT_ROWS} rows; split it into smaller files")]
    TooManyRows,
    #[error("the column mapping cannot be used: {0}")]
    Mapping(String),
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
    mapping.check()?;
    let mut planner = Planner::new(s, mapping);
    for (index, record) in reader(text, mapping.delimiter).records().enumerate() {
        let row = index + 1;
        if row > MAX_IMPORT_ROWS + usize::from(mapping.has_header) {
            return Err(ImportError::TooManyRows);
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

/// An ePIMS id as matched: no spaces, lower case.
fn epims_key(id: &str) -> String {
    id.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
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

/// Reads each mapped cell; every cell that cannot be read is listed.
fn read_row(record: &csv::StringRecord, mapping: &ColumnMapping) -> Result<RowValues, String> {
    let mut values = RowValues::default();
    let mut errors = Vec::new();
    for (column, field) in mapping.columns.iter().enumerate() {
        let (Some(field), Some(cell)) = (field, record.get(column)) else {
            continue;
        };
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        let result = match field.cell_kind() {
            CellKind::Text => {
                values.text.insert(*field, unguard(cell).to_owned());
                Ok(())
            }
            CellKind::Money => parse_money(cell).map_err(|e| e.to_string()).and_then(|x| {
                values.numbers.insert(*field, non_negative(x)?);
                Ok(())
            }),
            CellKind::Quantity => parse_quantity(cell).and_then(|x| {
                values.numbers.insert(*field, non_negative(x)?);
                Ok(())
            }),
            CellKind::Year => parse_year(cell).map(|fy| values.year = Some(fy)),
        };
        if let Err(why) = result {
            errors.push(format!("{field} (column {}): {why}", column + 1));
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors.join("; "))
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

fn non_negative(x: f64) -> Result<f64, String> {
    if x < 0.0 {
        Err(format!("must be 0 or more, not {x}"))
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
    /// Sites by ePIMS id and by name and owner, kept current as rows change
    /// them (several sites may share a key; a name two sites share is ambiguous).
    by_epims: HashMap<String, BTreeSet<usize>>,
    by_name_owner: HashMap<(String, String), BTreeSet<usize>>,
    /// Row that first imported each site (by index in `sites`).
    claimed: HashMap<usize, usize>,
    /// Row that first gave each ePIMS id and site id, whether or not it imported.
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
            by_epims: HashMap::new(),
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
        planner.sites = s.sites.clone();
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
    fn keys_of(&self, i: usize) -> (Option<String>, (String, String)) {
        let site = &self.sites[i];
        let epims = site.epims_id.as_deref().map(epims_key).filter(|k| !k.is_empty());
        (epims, (name_key(&site.name), site.owner.clone()))
    }

    /// Indexes site `i` by its id, ePIMS id, and name with owner.
    fn index_keys(&mut self, i: usize) {
        self.by_id.entry(self.sites[i].id.clone()).or_insert(i);
        let (epims, name) = self.keys_of(i);
        if let Some(e) = epims {
            self.by_epims.entry(e).or_default().insert(i);
        }
        self.by_name_owner.entry(name).or_default().insert(i);
    }

    /// Removes site `i` from the ePIMS and name indexes, before a row changes
    /// it: a later row naming its old ePIMS id or name is then a new site in
    /// this import, as it will be in the next one.
    fn unindex_keys(&mut self, i: usize) {
        let (epims, name) = self.keys_of(i);
        if let Some(set) = epims.and_then(|e| self.by_epims.get_mut(&e)) {
            set.remove(&i);
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
        let site = match existing {
            Some(i) => updated_site(&self.sites[i], &values, owner_id.as_deref()),
            None => self.new_site(&values, owner_id.as_deref())?,
        };
        self.check_epims_free(&site, existing)?;
        let disposal = self.plan_disposal(row, &site, &values)?;
        if let Some(Owner::New(org)) = owner {
            self.org_ids.take(&org.id);
            self.know_org(&org);
            self.plan.new_organisations.push(org);
        }
        self.commit_site(row, existing, site);
        if let Some((planned, is_new)) = disposal {
            self.commit_disposal(row, planned, is_new);
        }
        Ok(())
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

    /// Rows giving the same ePIMS id or site id are the same site, and the
    /// later is an error even when the earlier could not be imported: so a
    /// register reads the same however often it is imported (otherwise the
    /// site a later row adds would let the earlier row match it next time).
    fn claim_keys(&mut self, row: usize, record: &csv::StringRecord) -> Result<(), String> {
        let mut first = None;
        for (field, key) in [
            (SiteField::EpimsId, epims_key as fn(&str) -> String),
            (SiteField::Id, str::to_owned),
        ] {
            let cell = self
                .mapping
                .column_of(field)
                .and_then(|c| record.get(c))
                .map(|c| unguard(c.trim()));
            let Some(cell) = cell.filter(|c| !c.is_empty()) else {
                continue;
            };
            let earlier = *self.rows_by_key.entry((field, key(cell))).or_insert(row);
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

    /// An ePIMS id names one property, so a row found by its site id may not
    /// take the ePIMS id of another site.
    fn check_epims_free(&self, site: &Site, existing: Option<usize>) -> Result<(), String> {
        let Some(epims) = site.epims_id.as_deref() else {
            return Ok(());
        };
        let key = epims_key(epims);
        if existing.is_some_and(|i| self.sites[i].epims_id.as_deref().map(epims_key) == Some(key.clone())) {
            return Ok(());
        }
        match self
            .by_epims
            .get(&key)
            .and_then(|set| set.iter().find(|&&x| Some(x) != existing))
        {
            Some(&other) => Err(format!(
                "ePIMS id {epims} is already site '{}' ({})",
                self.sites[other].id, self.sites[other].name
            )),
            _ => Ok(()),
        }
    }

    /// The site a row is: by site id, else ePIMS id, else name and owner.
    fn find_site(&self, values: &RowValues, owner: Option<&str>) -> Result<Option<usize>, String> {
        let text = |f| values.text.get(&f);
        if let Some(i) = text(SiteField::Id).and_then(|id| self.by_id.get(id.as_str())) {
            return Ok(Some(*i));
        }
        let by_epims = text(SiteField::EpimsId).and_then(|e| self.by_epims.get(&epims_key(e)));
        if let Some(&i) = by_epims.and_then(BTreeSet::first) {
            return Ok(Some(i));
        }
        let (Some(name), Some(owner)) = (text(SiteField::Name), owner) else {
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

    fn new_site(&mut self, values: &RowValues, owner: Option<&str>) -> Result<Site, String> {
        let name = values
            .text
            .get(&SiteField::Name)
            .ok_or("no site name, and no existing site has its ePIMS id or site id")?;
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

    fn commit_site(&mut self, row: usize, existing: Option<usize>, site: Site) {
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
            }
            Some(i) => {
                self.claimed.insert(i, row);
                let changed = changed_fields(&self.sites[i], &site);
                if changed.is_empty() {
                    return;
                }
                // Found by its new keys from now on (a later row naming it is a
                // duplicate), and no longer by its old ones.
                self.unindex_keys(i);
                self.sites[i] = site.clone();
                self.index_keys(i);
                self.plan.updated_sites.push(PlannedSite { row, site, changed });
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
        let touched: std::collections::HashSet<usize> = (self.plan.new_sites.iter())
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
        SiteField::DisposalCost | SiteField::DisposalYear => String::new(),
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
    let header: Vec<&str> = SiteField::ALL.iter().map(|f| f.heading()).collect();
    let rows = s.sites.iter().map(|site| {
        let only = match disposals.get(site.id.as_str()).map(Vec::as_slice) {
            Some([one]) => Some(*one),
            _ => None,
        };
        SiteField::ALL
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
    fn windows_1252_text_is_decoded() {
        assert_eq!(decode_register(b"Value\n\xa31m \x96 est\n"), "Value\n£1m – est\n");
        assert_eq!(decode_register("\u{feff}Site name".as_bytes()), "Site name");
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
