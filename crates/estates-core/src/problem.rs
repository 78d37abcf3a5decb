//! Validation errors and model warnings, each naming the item and the field.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    Error,
    Warning,
}

/// The kind of thing a problem is about, so the app can take the user there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ItemKind {
    Scenario,
    Organisation,
    Site,
    Disposal,
    Assembly,
    Pot,
    RetentionRule,
    Project,
}

impl ItemKind {
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Scenario => "Scenario",
            ItemKind::Organisation => "Organisation",
            ItemKind::Site => "Site",
            ItemKind::Disposal => "Disposal",
            ItemKind::Assembly => "Assembly",
            ItemKind::Pot => "Pot",
            ItemKind::RetentionRule => "Retention rule",
            ItemKind::Project => "Project",
        }
    }
}

/// Which item a problem concerns: its kind, position in its list, id and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ItemRef {
    pub kind: ItemKind,
    /// Position in the scenario's list of that kind (0 for the scenario itself).
    pub index: usize,
    pub id: String,
    pub name: String,
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.id.is_empty(), self.name.is_empty()) {
            (true, true) => write!(f, "{} #{}", self.kind.label(), self.index + 1),
            (true, false) if self.kind == ItemKind::Scenario => write!(f, "Scenario"),
            (true, false) => write!(f, "{} #{} ({})", self.kind.label(), self.index + 1, self.name),
            (false, true) => write!(f, "{} '{}'", self.kind.label(), self.id),
            (false, false) => write!(f, "{} '{}' ({})", self.kind.label(), self.id, self.name),
        }
    }
}

/// One validation error or model warning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub item: ItemRef,
    /// The field concerned, as named in the scenario file (e.g. `phasing`).
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn error(item: ItemRef, field: &str, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            item,
            field: field.to_owned(),
            message: message.into(),
        }
    }

    pub fn warning(item: ItemRef, field: &str, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            item,
            field: field.to_owned(),
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    /// "error: Project 'hub' (Hub), Funding sources: ...": the field by the
    /// label the editors show, so a reader need not know the file's keys.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.field.is_empty() {
            write!(f, "{level}: {}: {}", self.item, self.message)
        } else {
            write!(
                f,
                "{level}: {}, {}: {}",
                self.item,
                field_label(&self.field),
                self.message
            )
        }
    }
}

/// The label people see for a field of the scenario file (the app's and the
/// command line's one table): `funding` is "Funding sources", `location.lat`
/// "Location (latitude)". A key not listed reads as words: `gia_m2` is "Gia m2".
pub fn field_label(key: &str) -> String {
    if let Some((base, part)) = key.split_once('.') {
        let part = match part {
            "lat" => "latitude",
            "lon" => "longitude",
            other => other,
        };
        return format!("{} ({part})", field_label(base));
    }
    let label = match key {
        "agreed_price" => "Agreed price",
        "annual_cap" => "Annual cap",
        "applies_to" => "Applies to",
        "area_ha" => "Site area",
        "backlog" => "Backlog",
        "book_value" => "Book value",
        "capex" => "Capex",
        "capex_overrun" => "Capex overrun",
        "combined_value" => "Combined value",
        "cost_rate" => "Cost rate",
        "delay" => "Delay",
        "discount" => "Discount rate",
        "fixed_cost" => "Fixed cost",
        "funding" => "Funding sources",
        "fy" => "Year",
        "homes" => "Homes",
        "horizon" => "Horizon",
        "id" => "Id",
        "land_growth" => "Land value growth",
        "limit_per_disposal" => "Limit per disposal",
        "location" => "Location",
        "members" => "Members",
        "name" => "Name",
        "opening_balance" => "Opening balance",
        "optimism_bias" => "Optimism bias",
        "owner" => "Owner",
        "phasing" => "Phasing",
        "pot" => "Pot",
        "probability" => "Probability",
        "retained_share" => "Retained share",
        "risk" => "Risk draws",
        "running_cost" => "Running cost",
        "share" => "Share",
        "site" => "Site",
        "spend_limits" => "Spending limits",
        "split" => "Split",
        "start_fy" => "Start year",
        "uplift" => "Uplift",
        "value" => "Value",
        "value_range" => "Value range",
        "weight_by_probability" => "Risk weighting",
        other => {
            let words = other.replace('_', " ");
            let mut chars = words.chars();
            return chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
        }
    };
    label.to_owned()
}
