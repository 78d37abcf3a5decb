//! Load, compute and export together: any text the loader accepts as a valid
//! scenario (what `check` accepts) computes to finite figures only and exports
//! every chart, the CSV tables, the text report and the board pack without a
//! panic, a hang or a runaway allocation (issue 11, item 4).
#![no_main]

use estates_core::charts::{chart, ChartId};
use estates_core::export::{board_pack_pdf, chart_svg, csv_tables, ChartMeta, PackItem, PackMeta};
use estates_core::io::{parse, FileFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = parse(text, FileFormat::Ron) else {
        return;
    };
    let report = estates_core::compute(&scenario);
    let json = serde_json::to_value(&report).expect("a report serialises");
    assert_finite(&json, "report");
    let _ = estates_core::tables::text_report(&report);
    csv_tables(&scenario, &report).expect("the tables write");
    let meta = ChartMeta::for_scenario("fuzz.ron", &scenario, "1 November 2026");
    for id in ChartId::ALL {
        chart_svg(&chart(id, &scenario, &report), &meta).expect("a chart page draws");
    }
    // The pack converts every page to PDF, the slow part: one input in eight.
    if data.len() % 8 == 0 {
        let item = PackItem {
            file: "fuzz.ron",
            scenario: &scenario,
            report: &report,
        };
        board_pack_pdf(&[item], &PackMeta::default()).expect("the pack writes");
    }
});

/// serde_json writes a non-finite number as null; the report's only other
/// nulls are its optional integers (an assembly's year, a member's disposal).
fn assert_finite(v: &serde_json::Value, key: &str) {
    match v {
        serde_json::Value::Null => assert!(key == "fy" || key == "disposal", "a non-finite figure: {key}"),
        serde_json::Value::Array(xs) => xs.iter().for_each(|x| assert_finite(x, key)),
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| assert_finite(x, k)),
        _ => {}
    }
}
