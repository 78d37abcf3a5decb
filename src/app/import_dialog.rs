//! Importing a site register from CSV: the mapping step, and exporting the
//! register back.
//!
//! The dialog shows how the file was read (the published layout it was
//! recognised as, its encoding, delimiter and header row), which column feeds
//! each site field (guessed from the headings, editable), the first rows as
//! they would import, the counts of new and updated sites, the owners that
//! match no organisation (created only when the user ticks them), and every
//! row that cannot be read with its row number and the reason. The plan is
//! worked out again whenever the mapping or a choice changes; nothing changes
//! in the scenario until "Import" is pressed, and then the whole import is
//! one undo step.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use egui::{ComboBox, Grid, Id, Modal, RichText, ScrollArea, TextEdit, Ui};
use estates_core::engine::fy_label;
use estates_core::format::money_m;
use estates_core::import::{
    plan_import, preview, read_register, write_register, ColumnMapping, ImportError, ImportPlan, Preview, RowIssue,
    SiteField,
};
use estates_core::model::{OrgKind, Organisation, Site};
use estates_core::Scenario;

/// How many rows the preview shows.
const PREVIEW_ROWS: usize = 10;
/// Delimiters the user can choose, with their names.
const DELIMITERS: [(u8, &str); 3] = [(b',', "Comma"), (b';', "Semicolon"), (b'\t', "Tab")];

/// The answer given in the import dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportAnswer {
    Import(Box<ImportPlan>),
    Cancel,
}

/// A register being mapped, and what importing it would do.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportDialog {
    path: PathBuf,
    text: String,
    /// The encoding the file was read in.
    encoding: &'static str,
    mapping: ColumnMapping,
    /// The owners not in the scenario that the user chose to create, by
    /// name, with the kind chosen for each (first the one guessed).
    create_owners: BTreeMap<String, OrgKind>,
    /// The owner typed for rows without one (blank: none).
    default_owner: String,
    /// The file's first rows, for the column names in the pickers.
    sample: Preview,
    plan: Result<ImportPlan, ImportError>,
}

impl ImportDialog {
    /// Reads a register and plans it against the scenario with the guessed mapping.
    pub fn open(path: &Path, scenario: &Scenario) -> Result<Self, String> {
        let register =
            read_register(path).map_err(|e| format!("Cannot import the register: {e}: {}", path.display()))?;
        let mapping = ColumnMapping::guess(&register.text);
        let mut dialog = ImportDialog {
            path: path.to_owned(),
            sample: preview(&register.text, &mapping, PREVIEW_ROWS),
            text: register.text,
            encoding: register.encoding,
            mapping,
            create_owners: BTreeMap::new(),
            default_owner: String::new(),
            plan: Ok(ImportPlan::default()),
        };
        dialog.replan(scenario);
        Ok(dialog)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn mapping(&self) -> &ColumnMapping {
        &self.mapping
    }

    pub fn plan(&self) -> Result<&ImportPlan, &ImportError> {
        self.plan.as_ref()
    }

    fn replan(&mut self, scenario: &Scenario) {
        let owner = self.default_owner.trim();
        self.mapping.default_owner = (!owner.is_empty()).then(|| owner.to_owned());
        self.sample = preview(&self.text, &self.mapping, PREVIEW_ROWS);
        self.plan = plan_import(&self.text, scenario, &self.mapping).map(|mut plan| {
            plan.refuse_new_owners(|org| self.create_owners.contains_key(&org.name));
            for org in &mut plan.new_organisations {
                if let Some(kind) = self.create_owners.get(&org.name) {
                    org.kind = *kind;
                }
            }
            plan
        });
    }

    /// The pickers' name of a column: its number and heading.
    fn column_name(&self, column: usize) -> String {
        let title = self.sample.titles.get(column).map_or("", |t| t.trim());
        format!("{}: {title}", column + 1)
    }

    /// Feeds `field` from `column` alone (or from none): a field that combines
    /// several columns loses its others, which the user can see in the picker.
    fn map_field(&mut self, field: SiteField, column: Option<usize>) {
        for c in &mut self.mapping.columns {
            if *c == Some(field) {
                *c = None;
            }
        }
        if let Some(slot) = column.and_then(|i| self.mapping.columns.get_mut(i)) {
            *slot = Some(field);
        }
    }
}

/// Writes the scenario's site register as CSV, atomically.
pub fn export_register(path: &Path, scenario: &Scenario) -> Result<(), String> {
    write_register(path, scenario).map_err(|e| format!("Cannot export the site register: {e}: {}", path.display()))
}

/// Shows the import dialog; returns the answer once the user gives one.
pub fn import_dialog_ui(ctx: &egui::Context, dialog: &mut ImportDialog, scenario: &Scenario) -> Option<ImportAnswer> {
    let screen = ctx.content_rect();
    let mut answer = None;
    let modal = Modal::new(Id::unique("import-sites")).show(ctx, |ui| {
        ui.set_width((screen.width() - 80.0).clamp(560.0, 1200.0));
        ui.heading("Import sites from CSV");
        ui.add_space(4.0);
        let mut changed = layout_ui(ui, dialog);
        ui.separator();
        // A fixed height: an auto-sized modal would otherwise grow a little every frame.
        let height = (screen.height() - 230.0).max(200.0);
        ScrollArea::vertical()
            .max_height(height)
            .min_scrolled_height(height)
            .show(ui, |ui| {
                changed |= mapping_ui(ui, dialog);
                changed |= owners_ui(ui, dialog);
                if changed {
                    dialog.replan(scenario);
                }
                ui.separator();
                outcome_ui(ui, &dialog.plan, scenario);
            });
        ui.separator();
        answer = buttons_ui(ui, &dialog.plan);
    });
    // Only Cancel or Escape close it: a stray click outside must not lose the mapping.
    let escape = || ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
    if answer.is_none() && modal.is_top_modal && !modal.any_popup_open && escape() {
        answer = Some(ImportAnswer::Cancel);
    }
    answer
}

/// The file, its delimiter and whether its first row holds headings.
/// Returns whether the layout changed (the columns are guessed again).
fn layout_ui(ui: &mut Ui, dialog: &mut ImportDialog) -> bool {
    let name = dialog
        .path
        .file_name()
        .map_or_else(|| dialog.path.display().to_string(), |n| n.to_string_lossy().into());
    ui.label(RichText::new(name).strong())
        .on_hover_text(dialog.path.display().to_string());
    ui.label(format!(
        "Layout: {}. Encoding: {}.",
        dialog.mapping.layout.label(),
        dialog.encoding
    ));
    let mut delimiter = dialog.mapping.delimiter;
    let mut has_header = dialog.mapping.has_header;
    ui.horizontal(|ui| {
        let label = ui.label("Delimiter");
        let shown = DELIMITERS
            .iter()
            .find(|(d, _)| *d == delimiter)
            .map_or("Other", |(_, n)| n);
        ComboBox::from_id_salt("import-delimiter")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (d, n) in DELIMITERS {
                    ui.selectable_value(&mut delimiter, d, n);
                }
            })
            .response
            .labelled_by(label.id);
        ui.add_space(12.0);
        ui.checkbox(&mut has_header, "First row holds headings");
        ui.add_space(12.0);
        ui.label(format!("{} columns", dialog.mapping.columns.len()));
    });
    if delimiter != dialog.mapping.delimiter {
        dialog.mapping = ColumnMapping::guess_with_delimiter(&dialog.text, delimiter);
        return true;
    }
    if has_header != dialog.mapping.has_header {
        dialog.mapping.has_header = has_header;
        return true;
    }
    false
}

/// One picker per site field, three fields a line. Returns whether the mapping changed.
fn mapping_ui(ui: &mut Ui, dialog: &mut ImportDialog) -> bool {
    ui.label(RichText::new("Columns").strong());
    ui.label("Each site field and the column it is read from, guessed from the headings.");
    let mut choice = None;
    Grid::new("import-mapping")
        .num_columns(6)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for (i, field) in SiteField::ALL.into_iter().enumerate() {
                if let Some(column) = field_picker_ui(ui, dialog, field) {
                    choice = Some((field, column));
                }
                if i % 3 == 2 {
                    ui.end_row();
                }
            }
        });
    let owner_changed = ui.horizontal(|ui| {
        let label = ui.label("Owner for rows without one");
        let edit = ui.add(
            TextEdit::singleline(&mut dialog.default_owner)
                .desired_width(260.0)
                .hint_text("name of an organisation"),
        );
        edit.labelled_by(label.id).changed()
    });
    let owner_changed = owner_changed.inner;
    if let Some((field, column)) = choice {
        dialog.map_field(field, column);
    }
    owner_changed || choice.is_some()
}

/// The picker of one field; returns the column chosen this frame (`Some(None)`: none).
fn field_picker_ui(ui: &mut Ui, dialog: &ImportDialog, field: SiteField) -> Option<Option<usize>> {
    let label = ui.label(field.heading());
    let current = dialog.mapping.column_of(field);
    let shown = match dialog.mapping.columns_of(field).len() {
        0 => "(not imported)".to_owned(),
        1 => current.map(|c| dialog.column_name(c)).unwrap_or_default(),
        n => format!(
            "{} (+{} more)",
            current.map(|c| dialog.column_name(c)).unwrap_or_default(),
            n - 1
        ),
    };
    let mut chosen = None;
    ComboBox::from_id_salt(("import-field", field.heading()))
        .selected_text(shown)
        .width(190.0)
        .show_ui(ui, |ui| {
            if ui.selectable_label(current.is_none(), "(not imported)").clicked() {
                chosen = Some(None);
            }
            for column in 0..dialog.mapping.columns.len() {
                if ui
                    .selectable_label(current == Some(column), dialog.column_name(column))
                    .clicked()
                {
                    chosen = Some(Some(column));
                }
            }
        })
        .response
        .labelled_by(label.id);
    chosen.filter(|c| *c != current)
}

/// The owners the register names that match no organisation, each created
/// only when ticked, as the kind chosen. Returns whether a choice changed.
fn owners_ui(ui: &mut Ui, dialog: &mut ImportDialog) -> bool {
    let Ok(plan) = &dialog.plan else {
        return false;
    };
    let mut owners: Vec<Organisation> = (plan.new_organisations.iter())
        .chain(&plan.refused_owners)
        .cloned()
        .collect();
    if owners.is_empty() {
        return false;
    }
    // By name, so ticking one does not move the others.
    owners.sort_by(|a, b| a.name.cmp(&b.name));
    ui.separator();
    ui.label(RichText::new("Owners not in the scenario").strong());
    ui.label(
        "Rows owned by these are imported only once the owner is created, as the kind of organisation \
         chosen (its retention rules follow from it). A name that should match an organisation of the \
         scenario may be spelt differently in the register: correct it there instead.",
    );
    let mut changed = false;
    Grid::new("import-new-owners").num_columns(2).show(ui, |ui| {
        for org in owners {
            let chosen = dialog.create_owners.get(&org.name).copied();
            let mut create = chosen.is_some();
            if ui.checkbox(&mut create, format!("Create {}", org.name)).changed() {
                changed = true;
                match create {
                    true => dialog.create_owners.insert(org.name.clone(), org.kind),
                    false => dialog.create_owners.remove(&org.name),
                };
            }
            let mut kind = chosen.unwrap_or(org.kind);
            ui.add_enabled_ui(chosen.is_some(), |ui| {
                let label = format!("Kind of {}", org.name);
                ComboBox::from_id_salt(("import-owner-kind", &org.name))
                    .selected_text(kind.label())
                    .show_ui(ui, |ui| {
                        for k in OrgKind::ALL {
                            ui.selectable_value(&mut kind, k, k.label());
                        }
                    })
                    .response
                    .widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::ComboBox, true, &label));
            });
            if chosen.is_some_and(|c| c != kind) {
                changed = true;
                dialog.create_owners.insert(org.name.clone(), kind);
            }
            ui.end_row();
        }
    });
    changed
}

/// What importing would do: counts, new owners, row errors, the first rows.
fn outcome_ui(ui: &mut Ui, plan: &Result<ImportPlan, ImportError>, scenario: &Scenario) {
    let plan = match plan {
        Ok(plan) => plan,
        Err(e) => {
            let text = format!("Nothing can be imported with this mapping: {e}.");
            ui.label(RichText::new(text).color(ui.visuals().error_fg_color));
            return;
        }
    };
    ui.label(RichText::new(counts_text(plan)).strong());
    if !plan.new_organisations.is_empty() {
        let owners: Vec<String> = (plan.new_organisations.iter())
            .map(|o| format!("{} ({})", o.name, o.kind.label()))
            .collect();
        ui.label(format!("New owners: {}", owners.join("; ")));
    }
    issues_ui(ui, "Rows not imported", &plan.row_errors, ui.visuals().error_fg_color);
    issues_ui(
        ui,
        "Rows imported in part",
        &plan.row_warnings,
        ui.visuals().warn_fg_color,
    );
    ui.add_space(6.0);
    ui.label(RichText::new("Preview").strong());
    preview_ui(ui, plan, scenario);
}

/// "7 new sites, 2 updated, 1 unchanged. 3 new owners. ..."
pub fn counts_text(plan: &ImportPlan) -> String {
    let mut parts = vec![format!(
        "{} new {}, {} updated, {} unchanged.",
        plan.new_sites.len(),
        plural(plan.new_sites.len(), "site", "sites"),
        plan.updated_sites.len(),
        plan.unchanged_rows.len()
    )];
    parts.push(format!(
        "{} new {}.",
        plan.new_organisations.len(),
        plural(plan.new_organisations.len(), "owner", "owners")
    ));
    parts.push(format!(
        "{} new {}, {} updated.",
        plan.new_disposals.len(),
        plural(plan.new_disposals.len(), "disposal", "disposals"),
        plan.updated_disposals.len()
    ));
    parts.push(format!(
        "{} {} not imported.",
        plan.row_errors.len(),
        plural(plan.row_errors.len(), "row", "rows")
    ));
    parts.join(" ")
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// One row of the preview: what happens to it and the site it gives.
struct Outcome<'a> {
    row: usize,
    result: String,
    site: Option<&'a Site>,
    disposal_fy: Option<i32>,
}

/// Every row the plan names, in file order.
fn outcomes<'a>(plan: &'a ImportPlan) -> Vec<Outcome<'a>> {
    let fy: HashMap<usize, i32> = (plan.new_disposals.iter())
        .chain(&plan.updated_disposals)
        .map(|d| (d.row, d.disposal.fy))
        .collect();
    let mut out: Vec<Outcome<'a>> = Vec::new();
    let mut add = |row: usize, result: String, site: Option<&'a Site>| {
        out.push(Outcome {
            row,
            result,
            site,
            disposal_fy: fy.get(&row).copied(),
        })
    };
    let mut with_site = std::collections::HashSet::new();
    for p in &plan.new_sites {
        with_site.insert(p.row);
        add(p.row, "New site".to_owned(), Some(&p.site));
    }
    for p in &plan.updated_sites {
        with_site.insert(p.row);
        let fields: Vec<&str> = p.changed.iter().map(|f| f.heading()).collect();
        add(p.row, format!("Updates {}", fields.join(", ")), Some(&p.site));
    }
    for d in plan.new_disposals.iter().chain(&plan.updated_disposals) {
        if !with_site.contains(&d.row) {
            add(d.row, "Updates the disposal".to_owned(), None);
        }
    }
    for &row in &plan.unchanged_rows {
        add(row, "Unchanged".to_owned(), None);
    }
    for e in &plan.row_errors {
        add(e.row, "Not imported (listed above)".to_owned(), None);
    }
    out.sort_by_key(|o| o.row);
    out
}

/// The first rows as they would import, values as the app shows them.
fn preview_ui(ui: &mut Ui, plan: &ImportPlan, scenario: &Scenario) {
    let owner_names: HashMap<&str, &str> = (scenario.organisations.iter())
        .chain(&plan.new_organisations)
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    let rows = outcomes(plan);
    if rows.is_empty() {
        ui.label("The file has no rows to import.");
        return;
    }
    const HEADINGS: [&str; 11] = [
        "Row",
        "Result",
        "Site name",
        "Owner",
        "Borough",
        "Market value",
        "Plot area (ha)",
        "Housing units",
        "ePIMS id",
        "Location",
        "Disposal year",
    ];
    ScrollArea::horizontal()
        .id_salt("import-preview-scroll")
        .show(ui, |ui| {
            Grid::new("import-preview")
                .striped(true)
                .spacing([12.0, 3.0])
                .show(ui, |ui| {
                    for h in HEADINGS {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for o in rows.iter().take(PREVIEW_ROWS) {
                        ui.label(o.row.to_string());
                        ui.label(&o.result);
                        for cell in site_cells(o.site, &owner_names) {
                            ui.label(cell);
                        }
                        ui.label(o.disposal_fy.map(fy_label).unwrap_or_default());
                        ui.end_row();
                    }
                });
        });
    if rows.len() > PREVIEW_ROWS {
        ui.label(format!("… and {} more rows.", rows.len() - PREVIEW_ROWS));
    }
}

/// Site name, owner, borough, value, area, homes, ePIMS id and location, as shown in the preview.
fn site_cells(site: Option<&Site>, owner_names: &HashMap<&str, &str>) -> [String; 8] {
    let Some(s) = site else {
        return Default::default();
    };
    let owner = owner_names.get(s.owner.as_str()).copied().unwrap_or(&s.owner);
    [
        s.name.clone(),
        owner.to_owned(),
        s.borough.clone(),
        money_m(s.value),
        format!("{}", s.area_ha),
        format!("{}", s.homes),
        s.epims_id.clone().unwrap_or_default(),
        s.location
            .map(|l| format!("{:.5}, {:.5}", l.lat, l.lon))
            .unwrap_or_default(),
    ]
}

/// A titled list of row issues, scrolling when long.
fn issues_ui(ui: &mut Ui, title: &str, issues: &[RowIssue], colour: egui::Color32) {
    if issues.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.label(
        RichText::new(format!("{title} ({})", issues.len()))
            .strong()
            .color(colour),
    );
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    ScrollArea::vertical()
        .id_salt(title)
        .max_height(140.0)
        .show_rows(ui, row_height, issues.len(), |ui, range| {
            for issue in &issues[range] {
                // One line each (the full text on hover), so the rows keep their height.
                ui.add(egui::Label::new(format!("Row {}: {}", issue.row, issue.message)).truncate());
            }
        });
}

fn buttons_ui(ui: &mut Ui, plan: &Result<ImportPlan, ImportError>) -> Option<ImportAnswer> {
    let ready = plan.as_ref().ok().filter(|p| p.changes_anything());
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui.add_enabled(ready.is_some(), egui::Button::new("Import")).clicked() {
            answer = ready.map(|p| ImportAnswer::Import(Box::new(p.clone())));
        }
        if ui.button("Cancel").clicked() {
            answer = Some(ImportAnswer::Cancel);
        }
        if plan.as_ref().is_ok_and(|p| !p.changes_anything()) {
            ui.label("Nothing to import: every readable row matches the scenario already.");
        }
    });
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_fed_by_one_column_at_most() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        let path = dir.path().join("register.csv");
        std::fs::write(&path, "Site name,Notes\nA,x\n").expect("written");
        let scenario = Scenario::default();
        let mut dialog = ImportDialog::open(&path, &scenario).expect("reads");
        assert_eq!(dialog.mapping.columns, [Some(SiteField::Name), Some(SiteField::Notes)]);
        dialog.map_field(SiteField::Name, Some(1));
        assert_eq!(dialog.mapping.columns, [None, Some(SiteField::Name)]);
        dialog.map_field(SiteField::Name, None);
        assert_eq!(dialog.mapping.columns, [None, None]);
        dialog.replan(&scenario);
        assert!(dialog.plan().is_err(), "no column names the sites");
    }
}
