//! Any text given to the scenario loader is refused with an error or read:
//! never a panic, a hang or a runaway allocation. A scenario that reads is
//! validated and computed even when invalid (the app shows invalid scenarios
//! with their results), and a valid one must save and read back unchanged.
#![no_main]

use estates_core::io::{parse_unvalidated, to_text, FileFormat};
use estates_core::validate::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [FileFormat::Ron, FileFormat::Json] {
        let Ok(scenario) = parse_unvalidated(text, format) else {
            continue;
        };
        let valid = validate(&scenario).is_empty();
        let _ = estates_core::compute(&scenario);
        if valid {
            let saved = to_text(&scenario, format).expect("a valid scenario saves");
            let reread = parse_unvalidated(&saved, format).expect("a saved scenario reads back");
            assert_eq!(reread, scenario, "save and load round trip");
        }
    }
});
