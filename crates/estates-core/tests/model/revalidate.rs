//! Validating only what an edit touched (`validate::revalidate`, issue 15
//! item 3): on random edits, one after another as the app makes them, it
//! gives exactly the problem list of validating the whole scenario again.

use estates_core::edit_summary::summarise;
use estates_core::generate::{london_scale, GenParams};
use estates_core::model::{Location, Scenario};
use estates_core::problem::ItemKind;
use estates_core::validate::{revalidate, validate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A generated estate with errors of every kind around the sites: repeated
/// ids, control characters in names, a site sold more than once over, a
/// disposal of a missing site and an error on a later kind of item, so the
/// spliced errors have neighbours on every side.
fn with_errors() -> Scenario {
    let params = GenParams {
        sites: 60,
        assemblies: 5,
        projects: 6,
        ..GenParams::default()
    };
    let mut s = london_scale(7, &params);
    let repeated = s.sites[3].id.clone();
    s.sites[10].id = repeated;
    s.sites[20].name.push('\u{7}');
    s.sites[30].value = -1.0;
    s.sites[31].location = Some(Location { lat: 95.0, lon: 0.0 });
    let sold = s.sites[40].id.clone();
    let mut again = s.disposals[0].clone();
    again.id = "again".to_owned();
    again.site = sold.clone();
    again.share = 0.75;
    s.disposals.push(again);
    let mut missing = s.disposals[0].clone();
    missing.id = "missing".to_owned();
    missing.site = "no-such-site".to_owned();
    s.disposals.push(missing);
    s.projects[0].optimism_bias = 3.0;
    s
}

/// A value a person might type, or one that breaks a rule. Not NaN: a site
/// holding one is unequal to itself, so every later edit would be validated in
/// full and the quick path would go untested (the last test covers NaN).
fn amount(rng: &mut ChaCha8Rng) -> f64 {
    match rng.random_range(0..6) {
        0 => -rng.random_range(1.0..1e6),
        1 => f64::NEG_INFINITY,
        2 => f64::INFINITY,
        3 => 2e12,
        _ => rng.random_range(0.0..5e7),
    }
}

/// One random edit: mostly one field of one site, sometimes one that must
/// be validated in full (an id, a name, two sites, a disposal, an assumption).
fn edit(s: &mut Scenario, rng: &mut ChaCha8Rng) {
    let n = s.sites.len();
    let i = rng.random_range(0..n);
    match rng.random_range(0..14) {
        0 => s.sites[i].value = amount(rng),
        1 => s.sites[i].book_value = amount(rng),
        2 => s.sites[i].homes = amount(rng),
        3 => s.sites[i].area_ha = amount(rng),
        4 => {
            let owners = ["", "nobody", s.organisations[0].id.as_str()];
            s.sites[i].owner = owners[rng.random_range(0..owners.len())].to_owned();
        }
        5 => {
            s.sites[i].location = match rng.random_range(0..3) {
                0 => None,
                1 => Some(Location { lat: 51.5, lon: -0.1 }),
                _ => Some(Location { lat: 51.5, lon: 200.0 }),
            }
        }
        6 => s.sites[i].notes.push_str(" checked"),
        7 => {
            s.sites[i].value = amount(rng);
            s.sites[i].running_cost = amount(rng);
            s.sites[i].backlog = amount(rng);
        }
        8 => {
            let other = s.sites[rng.random_range(0..n)].id.clone();
            s.sites[i].id = other;
        }
        9 => s.sites[i].name.push(if rng.random_bool(0.5) { '\n' } else { 'x' }),
        10 => {
            s.sites[i].value = amount(rng);
            let j = (i + 1) % n;
            s.sites[j].value = amount(rng);
        }
        11 => {
            let k = rng.random_range(0..s.disposals.len());
            s.disposals[k].share = rng.random_range(0.0..1.2);
        }
        12 => s.horizon = rng.random_range(0..70),
        // Written through, yet unchanged: a copy with nothing new.
        _ => s.sites[i].value += 0.0,
    }
}

#[test]
fn validating_only_the_edited_site_gives_the_full_validations_problems() {
    let mut rng = ChaCha8Rng::seed_from_u64(15);
    let mut before = with_errors();
    let mut errors = validate(&before);
    let kinds: std::collections::HashSet<_> = errors.iter().map(|p| p.item.kind).collect();
    assert!(
        kinds.len() >= 3,
        "errors on several kinds of item around the sites: {kinds:?}"
    );
    let mut hinted = 0;
    for step in 0..3_000 {
        let mut after = before.clone();
        edit(&mut after, &mut rng);
        let full = validate(&after);
        let found_here = revalidate(&before, &errors, &after, None);
        assert_eq!(found_here, full, "edit {step}");
        // The app passes the site its edit's name says changed, found once.
        let named = match summarise(&before, &after).changed_in_place() {
            Some((ItemKind::Site, i)) => Some(i),
            _ => None,
        };
        hinted += usize::from(named.is_some());
        let quick = revalidate(&before, &errors, &after, named);
        assert_eq!(quick, full, "edit {step}, site named {named:?}");
        (before, errors) = (after, quick);
    }
    assert!(hinted > 1_000, "most edits change one site: {hinted}");
}

#[test]
fn a_site_edit_that_fixes_or_breaks_a_rule_is_seen_in_place() {
    let before = with_errors();
    let errors = validate(&before);
    let mut fixed = before.clone();
    fixed.sites[30].value = 1_000.0;
    let quick = revalidate(&before, &errors, &fixed, None);
    assert_eq!(quick.len(), errors.len() - 1, "the negative value is fixed");
    assert_eq!(quick, validate(&fixed));

    let mut broken = before.clone();
    broken.sites[5].gia_m2 = -3.0;
    let quick = revalidate(&before, &errors, &broken, Some(5));
    assert_eq!(quick.len(), errors.len() + 1);
    let new = quick
        .iter()
        .find(|p| p.field == "gia_m2")
        .map(|p| (p.item.index, p.item.id.clone()));
    assert_eq!(new, Some((5, before.sites[5].id.clone())));
    assert_eq!(quick, validate(&broken));
}

#[test]
fn a_site_holding_nan_is_validated_in_full_and_alike() {
    let before = with_errors();
    let errors = validate(&before);
    let mut nan = before.clone();
    nan.sites[12].value = f64::NAN;
    let quick = revalidate(&before, &errors, &nan, None);
    assert_eq!(quick, validate(&nan));
    let mut next = nan.clone();
    next.sites[13].homes = -1.0;
    assert_eq!(revalidate(&nan, &quick, &next, None), validate(&next));
}
