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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.field.is_empty() {
            write!(f, "{level}: {}: {}", self.item, self.message)
        } else {
            write!(f, "{level}: {}, field `{}`: {}", self.item, self.field, self.message)
        }
    }
}
