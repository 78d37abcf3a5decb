//! `export --figures`: each chart alone for a word processor, under
//! DIR/figures/, as a PNG 16 cm wide at 300 dpi (or the width asked for),
//! an SVG of the same size, and a caption text file with title and source.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_estates-receipts"))
        .args(args)
        .output()
        .expect("run estates-receipts")
}

fn sample(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("sample_scenarios/{name}.ron"))
        .display()
        .to_string()
}

/// Width and height in pixels, and pixels per metre of the `pHYs` chunk.
fn png_size(path: &Path) -> (u32, u32, u32) {
    let bytes = std::fs::read(path).expect("read the PNG");
    let be = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let phys = bytes.windows(4).position(|w| w == b"pHYs").expect("a pHYs chunk");
    (be(16), be(20), be(phys + 4))
}

#[test]
fn figures_are_each_chart_alone_16_cm_wide_at_300_dpi_with_a_caption() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().to_str().expect("UTF-8 temp path");
    let national = sample("lewisham-national");
    let run = run(&[
        "export",
        &national,
        "--out",
        out,
        "--format",
        "svg",
        "--figures",
        "--marking",
        "OFFICIAL",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let figures = dir.path().join("figures");
    for chart in ["retained-receipts", "pot-balances", "marriage-value", "project-funding"] {
        let stem = figures.join(format!("lewisham-national-{chart}"));
        // 16 cm at 300 dpi: 16 / 2.54 x 300 = 1889.8, so 1,890 pixels; 300 dpi is 11,811 pixels a metre.
        let (w, h, ppm) = png_size(&stem.with_extension("png"));
        assert_eq!((w, ppm), (1890, 11_811), "{chart}");
        assert!(h >= 1181, "{chart}: at least 10 cm tall, got {h} px");
        let svg = std::fs::read_to_string(stem.with_extension("svg")).expect("figure SVG");
        assert!(svg.contains(r#"width="160.0mm""#), "{chart}: the SVG is 16 cm wide");
        // No page furniture on the figure: no marking, no source line, no page number.
        for furniture in ["OFFICIAL", "Source:", "Page "] {
            assert!(!svg.contains(furniture), "{chart}: '{furniture}' on the figure");
        }
        let caption = std::fs::read_to_string(stem.with_extension("txt")).expect("caption");
        assert!(caption.contains("Source: Estates Receipts Modeller"), "{caption}");
        assert!(caption.contains("Protective marking: OFFICIAL"), "{caption}");
        assert!(caption.lines().any(|l| l.starts_with("Lewisham")), "{caption}");
    }
    let caption = std::fs::read_to_string(figures.join("lewisham-national-pot-balances.txt")).expect("caption");
    assert!(caption.contains("Pot balances and capex\n"), "{caption}");
    assert!(caption.contains("total capex of the year"), "{caption}");
}

#[test]
fn a_comparison_writes_its_overlays_as_figures_too_at_the_width_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().to_str().expect("UTF-8 temp path");
    let (a, b) = (sample("lewisham-national"), sample("lewisham-devolved"));
    let args = [
        "export",
        &a,
        &b,
        "--out",
        out,
        "--format",
        "csv",
        "--figures",
        "--figure-width-cm",
        "8",
    ];
    let run = run(&args);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    // 8 cm at 300 dpi: 944.9, so 945 pixels.
    let (w, _, _) = png_size(&dir.path().join("figures/comparison-funding-gap-compared.png"));
    assert_eq!(w, 945);
    assert!(dir.path().join("figures/lewisham-devolved-marriage-value.svg").exists());
}

#[test]
fn a_figure_width_outside_2_to_50_cm_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().to_str().expect("UTF-8 temp path");
    let national = sample("lewisham-national");
    let run = run(&["export", &national, "--out", out, "--figures", "--figure-width-cm", "0"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--figure-width-cm"));
    assert!(!dir.path().join("figures").exists(), "nothing written");
}
