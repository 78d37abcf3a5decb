//! The organisations (site owners) tab of the sites view.

use egui::Ui;
use estates_core::model::{OrgKind, Organisation};
use estates_core::problem::ItemKind;
use estates_core::Scenario;

use super::list::ItemList;
use super::table::{column, Cell, ColumnSpec, Names};
use super::widgets::{labelled_choices, Form, TEXT};

pub(crate) struct Organisations;

impl ItemList for Organisations {
    type Item = Organisation;
    const KIND: ItemKind = ItemKind::Organisation;
    const NOUN: &'static str = "organisation";
    const COLUMNS: &'static [ColumnSpec] = &[column("Id", 100.0), column("Name", 260.0), column("Kind", 200.0)];

    fn items(s: &Scenario) -> &[Organisation] {
        &s.organisations
    }

    fn items_mut(s: &mut Scenario) -> &mut Vec<Organisation> {
        &mut s.organisations
    }

    fn new_item(_: &Scenario, id: String) -> Organisation {
        Organisation {
            id,
            name: "New organisation".to_owned(),
            kind: OrgKind::default(),
        }
    }

    fn cell<'a>(org: &'a Organisation, _: &Names<'a>, col: usize) -> Cell<'a> {
        match col {
            0 => Cell::Text(&org.id),
            1 => Cell::Text(&org.name),
            _ => Cell::Text(org.kind.label()),
        }
    }

    fn details(form: &mut Form<'_>, ui: &mut Ui, s: &mut Scenario, index: usize) {
        let org = &mut s.organisations[index];
        form.typed(ui, ("Name", "name"), &mut org.name, &TEXT, "");
        let kinds = labelled_choices(&OrgKind::ALL, OrgKind::label);
        if let Some(k) = form.pick(ui, ("Kind", "kind"), org.kind.label(), &kinds) {
            org.kind = OrgKind::ALL[k];
        }
    }
}
