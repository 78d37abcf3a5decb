//! Charts on screen and paper: the shared layout (stacking, units, label
//! fitting), one style per pot, owner and scenario across a comparison, bar
//! totals that are what the legend says, legends that group the rest, and
//! exported SVGs whose labels all fit their room (measured in the SVG).

use std::collections::BTreeMap;
use std::path::PathBuf;

use estates_core::charts::layout::{fit_label, stack_bars, value_range, Unit, YAxis};
use estates_core::charts::{chart, charts_compared, Chart, ChartId, Mark, Series, Style, MAX_LEGEND_ITEMS, PALETTE};
use estates_core::compare::overlay_charts;
use estates_core::export::{chart_svg, figure_svg, text_width, ChartMeta};
use estates_core::generate::{london_scale, GenParams};
use estates_core::{compute, Report, Scenario};

fn sample(name: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(format!("sample_scenarios/{name}.ron"));
    estates_core::io::load(&path).expect("sample loads")
}

fn london() -> (Scenario, Report) {
    let s = london_scale(7, &GenParams::default());
    let r = compute(&s);
    (s, r)
}

#[test]
fn a_pot_keeps_its_style_in_every_chart_of_a_comparison() {
    let national = sample("lewisham-national");
    let devolved = sample("lewisham-devolved");
    let (rn, rd) = (compute(&national), compute(&devolved));
    // The devolved sample adds the London pool, so the same pot's place differs between the files.
    let pairs = [(&national, &rn), (&devolved, &rd)];
    let mut seen: BTreeMap<String, Style> = BTreeMap::new();
    let mut checked = 0;
    for id in ChartId::ALL {
        for c in charts_compared(id, &pairs) {
            for s in &c.series {
                // Pots appear by name in the retained chart and as "<name> balance" lines.
                let name = s.name.trim_end_matches(" balance").to_owned();
                if let Some(before) = seen.insert(name.clone(), s.style()) {
                    assert_eq!(before, s.style(), "{name} changed style in {}", c.title);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 10, "series met more than once: {checked}");
    // Each pot of the two files has a style of its own.
    let pots: Vec<&str> = devolved
        .pots
        .iter()
        .chain(&national.pots)
        .map(|p| p.name.as_str())
        .collect();
    let styles: Vec<Style> = pots.iter().map(|p| seen[*p]).collect();
    for (i, a) in styles.iter().enumerate() {
        for (j, b) in styles.iter().enumerate() {
            if pots[i] != pots[j] {
                assert_ne!(a, b, "{} and {} share a style", pots[i], pots[j]);
            }
        }
    }
    // No pot is drawn in the funding gap's vermillion.
    assert!(styles.iter().all(|s| s.colour != (213, 94, 0)));
}

#[test]
fn a_scenario_keeps_its_colour_and_dash_across_the_overlays() {
    let a = compute(&sample("lewisham-national"));
    let b = compute(&sample("lewisham-devolved"));
    let charts = overlay_charts(&[("A", &a), ("B", &b)]);
    for c in &charts {
        assert_eq!((c.series[0].colour, c.series[0].pattern), (PALETTE[0], 0));
        assert_eq!((c.series[1].colour, c.series[1].pattern), (PALETTE[1], 1));
    }
}

#[test]
fn pot_balance_bars_add_up_to_the_years_capex() {
    let s = sample("lewisham-national");
    let r = compute(&s);
    let c = chart(ChartId::PotBalances, &s, &r);
    let (_, totals) = stack_bars(&c);
    let capex: Vec<f64> = r.years.iter().map(|y| y.flows.capex / 1e6).collect();
    for (i, want) in capex.iter().enumerate() {
        let got: f64 = totals.iter().filter(|t| t.category == i).map(|t| t.total).sum();
        assert!(
            (got - want).abs() < 1e-9,
            "{}: bar {got} against capex {want}",
            c.categories[i]
        );
    }
    assert!(capex.iter().any(|v| *v > 0.0), "the sample has capex");
    assert!(c.bar_totals.contains("total capex"), "{}", c.bar_totals);
}

fn bar(name: &str, stack: &str, values: Vec<f64>) -> Series {
    Series::bar(
        name,
        values,
        stack,
        Style {
            colour: (0, 0, 0),
            pattern: 0,
        },
    )
}

fn test_chart(categories: &[&str], series: Vec<Series>) -> Chart {
    Chart {
        id: ChartId::ProjectFunding,
        title: "t".into(),
        subtitle: String::new(),
        x_title: String::new(),
        y_title: "£m".into(),
        categories: categories.iter().map(|c| (*c).to_owned()).collect(),
        series,
        bar_totals: "Figures above the bars: totals".into(),
        whole: None,
    }
}

#[test]
fn stacks_stand_side_by_side_positives_up_and_negatives_down() {
    let c = test_chart(
        &["a", "b"],
        vec![
            bar("p", "s", vec![3.0, -1.0]),
            bar("q", "s", vec![-2.0, 4.0]),
            bar("r", "t", vec![6.5, 0.0]),
        ],
    );
    let (segments, totals) = stack_bars(&c);
    let in_a: Vec<(usize, f64, f64)> = segments
        .iter()
        .filter(|s| s.category == 0)
        .map(|s| (s.series, s.from, s.to))
        .collect();
    // In a: p from 0 up to 3, q from 0 down to -2 (negatives hang below), r in its own stack.
    assert_eq!(in_a, vec![(0, 0.0, 3.0), (1, 0.0, -2.0), (2, 0.0, 6.5)]);
    let b_q = segments.iter().find(|s| s.category == 1 && s.series == 1).unwrap();
    // In b: p is -1 below zero; q's +4 starts at zero, not at -1.
    assert_eq!((b_q.from, b_q.to), (0.0, 4.0));
    let t: Vec<(usize, usize, f64)> = totals.iter().map(|t| (t.stack, t.category, t.total)).collect();
    assert_eq!(
        t,
        vec![(0, 0, 3.0), (0, 0, -2.0), (0, 1, 4.0), (0, 1, -1.0), (1, 0, 6.5)]
    );
    assert_eq!(value_range(&c), (-2.0, 6.5));
}

/// The largest number written on a chart: its top tick, or a total above it.
fn largest_number(svg: &str) -> f64 {
    texts(svg)
        .iter()
        .filter_map(|t| t.text.replace(['%', ','], "").parse::<f64>().ok())
        .fold(f64::NEG_INFINITY, f64::max)
}

#[test]
fn bars_that_are_shares_of_a_whole_have_no_totals_and_an_axis_ending_at_it() {
    let mut c = test_chart(
        &["Hub", "Clinic"],
        vec![
            bar("Funded", "Draws", vec![70.0, 45.0]),
            bar("Short", "Draws", vec![30.0, 55.0]),
        ],
    );
    c.y_title = "Share of draws (%)".into();
    // As any stacked chart: a total above each bar, and room left for it above 100.
    assert_eq!(stack_bars(&c).1.len(), 2);
    assert!(largest_number(&figure_svg(&c, 16.0, None).unwrap()) > 100.0);
    c.whole = Some(100.0);
    assert!(stack_bars(&c).1.is_empty(), "every total would read 100");
    assert_eq!(stack_bars(&c).0.len(), 4, "the segments are all still there");
    assert_eq!(largest_number(&figure_svg(&c, 16.0, None).unwrap()), 100.0);
}

#[test]
fn axes_use_thousands_millions_or_billions_as_the_values_need() {
    assert_eq!(Unit::for_money(0.4), Unit::Thousands);
    assert_eq!(Unit::for_money(12.0), Unit::Millions);
    assert_eq!(Unit::for_money(34_393.9), Unit::Billions);
    // £0 to £0.4m: ticks of £100k, not of £0.1m.
    let small = YAxis::nice(0.0, 0.4, Unit::Thousands);
    assert_eq!(small.ticks(), vec![0.0, 100.0, 200.0, 300.0, 400.0]);
    assert_eq!(small.label(300.0), "300");
    // £34,393.9m: £bn in steps of 10.
    let huge = YAxis::nice(0.0, 34_393.9, Unit::Billions);
    assert_eq!((huge.lo, huge.hi, huge.step), (0.0, 40.0, 10.0));
    // A plot with room for two intervals gets two: -£3.2m to £9m in steps of £10m.
    let tight = YAxis::fitted(-3.2, 9.0, Unit::Millions, 2);
    assert_eq!((tight.lo, tight.hi, tight.step), (-10.0, 10.0, 10.0));
    assert_eq!(Unit::Millions.amount(-2.5, 1), "-£2.5m");
    assert_eq!(Unit::Thousands.amount(0.25, 0), "£250k");
    assert_eq!(Unit::Billions.amount(2500.0, 1), "£2.5bn");
}

#[test]
fn long_labels_wrap_to_two_lines_before_they_are_shortened() {
    // One unit a character: "Downham neighbourhood" (21) fits a line of 22, "care hub" the next.
    let measure = |s: &str| s.chars().count() as f64;
    let two = fit_label("Downham neighbourhood care hub", 22.0, 2, measure);
    assert_eq!(two.lines, ["Downham neighbourhood", "care hub"]);
    assert!(!two.shortened);
    let short = fit_label(
        "Enhanced neighbourhood care hub, University Hospital Lewisham",
        20.0,
        2,
        measure,
    );
    assert!(short.shortened);
    assert_eq!(short.lines.len(), 2);
    assert!(short.lines[1].ends_with('…'));
    assert!(short.lines.iter().all(|l| measure(l) <= 20.0), "{:?}", short.lines);
}

#[test]
fn a_long_legend_names_a_dozen_owners_and_groups_the_rest() {
    let (s, r) = london();
    let c = chart(ChartId::MarriageValue, &s, &r);
    let owners: Vec<&Series> = c
        .series
        .iter()
        .filter(|x| matches!(&x.mark, Mark::Bar { stack } if stack == "Marriage value to"))
        .collect();
    // Owners of the assemblies charted, counted from the report independently of the chart.
    let mut charted: Vec<&str> = Vec::new();
    for a in r
        .assemblies
        .iter()
        .filter(|a| a.realised && c.categories.iter().any(|n| *n == a.name))
    {
        for m in &a.members {
            if !charted.contains(&m.owner.as_str()) {
                charted.push(&m.owner);
            }
        }
    }
    assert!(
        charted.len() > MAX_LEGEND_ITEMS,
        "London scale has many owners: {}",
        charted.len()
    );
    assert_eq!(owners.len(), MAX_LEGEND_ITEMS + 1);
    let others = owners.last().unwrap();
    assert_eq!(
        others.name,
        format!("{} other owners", charted.len() - MAX_LEGEND_ITEMS)
    );
    // Grouping loses nothing: each assembly's marriage value is still the sum of its owners' shares.
    for (i, name) in c.categories.iter().enumerate() {
        let a = r.assemblies.iter().find(|a| a.name == name).unwrap();
        let sum: f64 = owners.iter().map(|o| o.values[i]).sum();
        assert!((sum - a.marriage_value / 1e6).abs() < 1e-6, "{name}");
    }
}

/// A `<text>` element of an exported SVG.
#[derive(Debug)]
struct Text {
    x: f64,
    y: f64,
    size: f64,
    bold: bool,
    anchor: String,
    rotated: bool,
    text: String,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(tag[start..end].to_owned())
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn texts(svg: &str) -> Vec<Text> {
    svg.split("<text ")
        .skip(1)
        .map(|part| {
            let (tag, rest) = part.split_once('>').expect("text tag closes");
            let tag = &format!(" {tag}");
            let content = rest.split("</text>").next().unwrap_or_default();
            let num = |n: &str| {
                attr(tag, n)
                    .and_then(|v| v.parse::<f64>().ok())
                    .expect("numeric attribute")
            };
            Text {
                x: num("x"),
                y: num("y"),
                size: num("font-size"),
                bold: attr(tag, "font-weight").as_deref() == Some("bold"),
                anchor: attr(tag, "text-anchor").unwrap_or_default(),
                rotated: attr(tag, "transform").is_some(),
                text: unescape(content),
            }
        })
        .collect()
}

fn view_box(svg: &str) -> (f64, f64) {
    let vb = attr(svg, "viewBox").expect("viewBox");
    let v: Vec<f64> = vb.split_whitespace().map(|n| n.parse().unwrap()).collect();
    (v[2], v[3])
}

/// Left and right edges of a text as set.
fn extent(t: &Text) -> (f64, f64) {
    let w = text_width(&t.text, t.size, t.bold).unwrap();
    match t.anchor.as_str() {
        "middle" => (t.x - w / 2.0, t.x + w / 2.0),
        "end" => (t.x - w, t.x),
        _ => (t.x, t.x + w),
    }
}

/// Every label of an exported chart fits: on the drawing, clear of its
/// neighbours on the same line, and any shortened one listed in full.
fn assert_labels_fit(svg: &str, what: &str) {
    let (w, h) = view_box(svg);
    let all = texts(svg);
    assert!(!all.is_empty(), "{what}: no text");
    for t in &all {
        let (left, right) = extent(t);
        if t.rotated {
            // Rotated 45 degrees anticlockwise about its end: it runs down and to the left.
            let reach = (right - left) * std::f64::consts::FRAC_1_SQRT_2;
            assert!(
                t.x - reach >= -0.5 && t.y + reach <= h + 0.5,
                "{what}: '{}' leaves the drawing",
                t.text
            );
        } else {
            assert!(
                left >= -0.5 && right <= w + 0.5,
                "{what}: '{}' runs off ({left:.1}..{right:.1} of {w:.1})",
                t.text
            );
            assert!(t.y <= h + 0.5 && t.y >= 0.0, "{what}: '{}' below the drawing", t.text);
        }
    }
    let upright: Vec<&Text> = all.iter().filter(|t| !t.rotated).collect();
    for (i, a) in upright.iter().enumerate() {
        for b in &upright[i + 1..] {
            if (a.y - b.y).abs() < a.size.min(b.size) * 0.8 {
                let ((al, ar), (bl, br)) = (extent(a), extent(b));
                assert!(
                    ar <= bl + 0.5 || br <= al + 0.5,
                    "{what}: '{}' overlaps '{}'",
                    a.text,
                    b.text
                );
            }
        }
    }
    // The key's lines are consecutive texts: joined, a wrapped name reads whole again.
    let whole = all.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
    // Chart labels are set under 9 pt; a page's title and subtitle (10 pt and
    // up) are page furniture, shortened to two lines by the page layout.
    for t in all.iter().filter(|t| t.text.ends_with('…') && t.size < 9.0) {
        let stem = t.text.trim_end_matches('…');
        assert!(
            whole.contains("in full:") && whole.matches(stem).count() >= 2,
            "{what}: '{}' is shortened but not listed in full",
            t.text
        );
    }
}

#[test]
fn no_tick_or_category_label_exceeds_its_box() {
    let mut cases: Vec<(Scenario, Report)> = ["lewisham-national", "lewisham-devolved", "ncl-marriage-value"]
        .iter()
        .map(|n| {
            let s = sample(n);
            let r = compute(&s);
            (s, r)
        })
        .collect();
    cases.push(london());
    let meta = ChartMeta::default();
    let mut shortened = 0;
    for (s, r) in &cases {
        for id in ChartId::ALL {
            let c = chart(id, s, r);
            let what = format!("{} / {}", s.name, c.title);
            let page = chart_svg(&c, &meta).unwrap();
            assert_labels_fit(&page, &format!("{what} (page)"));
            for cm in [16.0, 8.0] {
                let figure = figure_svg(&c, cm, None).unwrap();
                assert_labels_fit(&figure, &format!("{what} ({cm} cm figure)"));
            }
            shortened += page.matches('…').count();
        }
    }
    assert!(
        shortened > 0,
        "the London-scale names exercise the key of shortened names"
    );
}

#[test]
fn small_values_get_a_thousands_axis_and_huge_ones_billions() {
    let c = test_chart(&["2026/27", "2027/28"], vec![bar("p", "s", vec![0.12, 0.34])]);
    let svg = figure_svg(&c, 16.0, None).unwrap();
    let labels: Vec<String> = texts(&svg).into_iter().map(|t| t.text).collect();
    assert!(labels.contains(&"£k".to_owned()), "{labels:?}");
    // Bars carry their totals in the axis unit: 120 and 340 (£k).
    assert!(
        labels.contains(&"120".to_owned()) && labels.contains(&"340".to_owned()),
        "{labels:?}"
    );
    let big = test_chart(&["2026/27"], vec![bar("p", "s", vec![34_393.9])]);
    let svg = figure_svg(&big, 16.0, None).unwrap();
    let labels: Vec<String> = texts(&svg).into_iter().map(|t| t.text).collect();
    assert!(
        labels.contains(&"£bn".to_owned()) && labels.contains(&"34.4".to_owned()),
        "{labels:?}"
    );
}

#[test]
fn risk_chart_labels_fit_too() {
    use std::sync::atomic::{AtomicBool, AtomicUsize};
    let s = sample("lewisham-devolved");
    let settings = estates_core::model::RiskSettings { draws: 300, seed: 3 };
    let analysis = estates_core::risk::analyse(&s, settings, &AtomicUsize::new(0), &AtomicBool::new(false))
        .expect("the risk analysis runs");
    let retained = chart(ChartId::RetainedReceipts, &s, &compute(&s));
    let mut fans = 0;
    for named in estates_core::risk::risk_charts(&s, &analysis) {
        // A pot's fan is drawn in the pot's own colour, as on the receipts chart.
        if let Some(pot) = named.chart.title.strip_prefix("Balance of ") {
            let pot = pot.split(':').next().unwrap();
            let own = retained
                .series
                .iter()
                .find(|x| x.name == pot)
                .expect("the pot is charted");
            assert_eq!(named.chart.series[0].colour, own.colour, "{pot}");
            fans += 1;
        }
        let page = chart_svg(&named.chart, &ChartMeta::default()).unwrap();
        assert_labels_fit(&page, &named.name);
        assert_labels_fit(&figure_svg(&named.chart, 16.0, None).unwrap(), &named.name);
    }
    assert!(fans >= 2, "the devolved sample has two pots with balances");
}

#[test]
fn the_pot_balance_chart_shows_draws_up_to_each_limit_and_marks_years_a_limit_was_reached() {
    use crate::builders::{assert_years, computed, hub_on_a_full_pot};
    let mut s = hub_on_a_full_pot(3);
    s.pots[0].spend_limits = vec![(2026, 3_000_000.0), (2027, 9_000_000.0)];
    s.projects[0].capex = vec![(2026, 5_000_000.0), (2027, 1_000_000.0)];
    let r = computed(&s);
    let c = chart(ChartId::PotBalances, &s, &r);
    // 2026/27: 3m drawn of a 3m limit (reached); 2027/28: 1m of 9m; 2028/29: no limit.
    assert_eq!(c.categories, ["2026/27*", "2027/28", "2028/29"]);
    assert!(
        c.subtitle.contains("* a pot drew its whole spending limit"),
        "{}",
        c.subtitle
    );
    let band = c
        .series
        .iter()
        .find(|x| x.name == "Pot local: drawn, up to its spending limit")
        .expect("a band for the pot with a profile");
    assert_years(&band.values, &[3.0, 1.0, 0.0]);
    match &band.mark {
        Mark::Band { upper } => assert_years(upper, &[3.0, 9.0, 0.0]),
        other => panic!("expected a band, got {other:?}"),
    }
    // Without a profile there is no band and no mark.
    s.pots[0].spend_limits.clear();
    let plain = chart(ChartId::PotBalances, &s, &computed(&s));
    assert!(plain.series.iter().all(|x| !matches!(x.mark, Mark::Band { .. })));
    assert!(plain.categories.iter().all(|c| !c.ends_with('*')));
}
