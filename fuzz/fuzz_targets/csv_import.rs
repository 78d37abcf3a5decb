//! Any bytes given to the register import are read or refused: never a
//! panic or a hang. Importing into a valid scenario keeps it valid, importing
//! the same register again changes nothing, and the exported register
//! imports back without a change.
#![no_main]

use std::sync::OnceLock;

use estates_core::import::{apply_import, decode_register, export_sites_csv, plan_import, ColumnMapping};
use estates_core::io::{parse, FileFormat};
use estates_core::validate::validate;
use estates_core::Scenario;
use libfuzzer_sys::fuzz_target;

fn base() -> &'static Scenario {
    static BASE: OnceLock<Scenario> = OnceLock::new();
    BASE.get_or_init(|| {
        parse(include_str!("../../tests/fixtures/scenario-v1.ron"), FileFormat::Ron).expect("the fixture is valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = decode_register(data);
    let mut mapping = ColumnMapping::guess(&text);
    // Half the inputs also exercise the default owner of single-owner returns.
    if data.first().is_some_and(|b| b % 2 == 1) {
        mapping.default_owner = Some("Lewisham and Greenwich NHS Trust".to_owned());
    }
    let Ok(plan) = plan_import(&text, base(), &mapping) else {
        return;
    };
    let mut s = base().clone();
    apply_import(&mut s, &plan);
    let problems = validate(&s);
    assert!(problems.is_empty(), "import made the scenario invalid: {problems:?}");
    let again = plan_import(&text, &s, &mapping).expect("planned once, plans again");
    assert!(
        !again.changes_anything(),
        "a second import changed something: {again:?}"
    );
    let exported = export_sites_csv(&s).expect("export");
    let exported = decode_register(&exported);
    let back = plan_import(&exported, &s, &ColumnMapping::guess(&exported)).expect("export imports");
    assert!(
        !back.changes_anything(),
        "re-importing the export changed something: {back:?}"
    );
    assert!(
        back.row_errors.is_empty(),
        "re-importing the export had errors: {:?}",
        back.row_errors
    );
});
