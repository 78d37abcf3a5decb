//! Commands that describe themselves, Help, the typed-path dialog and New
//! (issue 15 item 5, issue 14 items 5, 7 and 8), driven as a person would.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::Harness;
use std::path::PathBuf;

use estates_core::samples::new_template;
use estates_receipts::app::command::{with_shortcuts, Command};
use estates_receipts::app::document::SAMPLE_RON;
use estates_receipts::app::files::Purpose;
use estates_receipts::app::help::HelpPage;
use estates_receipts::app::{App, Dialog};

use crate::support::{app_harness, click, headline, run_command, sample};

fn sample_app() -> Harness<'static, App> {
    app_harness([1280.0, 800.0], |_| App::with_scenario(sample(), None))
}

/// "Save as… Ctrl+Shift+S": a menu item's accessible name is its label and its shortcut.
fn menu_name(harness: &Harness<'_, App>, command: &Command) -> String {
    match command.shortcut_text(&harness.ctx) {
        Some(keys) => format!("{} {keys}", command.label()),
        None => command.label().to_owned(),
    }
}

#[test]
fn menu_items_take_their_label_and_shortcut_from_the_command() {
    let mut h = sample_app();
    click(&mut h, Role::Button, "Help");
    let about = menu_name(&h, &Command::ShowAbout);
    assert_eq!(
        about, "About Estates Receipts Modeller",
        "no shortcut, so the label alone"
    );
    h.get_by_role_and_label(Role::Button, &about);
    h.key_press(Key::Escape);
    h.run();

    click(&mut h, Role::Button, "File");
    for command in [
        Command::New,
        Command::Open(None),
        Command::Save,
        Command::SaveAs(None),
        Command::Quit,
    ] {
        let name = menu_name(&h, &command);
        assert!(name.contains("Ctrl+"), "{name}: every one of these has a shortcut");
        h.get_by_role_and_label(Role::Button, &name);
    }
    assert_eq!(menu_name(&h, &Command::SaveAs(None)), "Save as… Ctrl+Shift+S");
}

#[test]
fn the_undo_shortcut_is_the_one_the_command_declares() {
    let mut h = sample_app();
    let before = h.state().document().scenario.clone();
    h.state_mut().scenario_mut().name = "Edited".into();
    h.run();
    let undo = Command::Undo.shortcuts()[0];
    assert_eq!((undo.modifiers, undo.logical_key), (Modifiers::COMMAND, Key::Z));
    h.key_press_modifiers(undo.modifiers, undo.logical_key);
    h.run();
    assert_eq!(h.state().document().scenario, before);
    // Redo's second shortcut (Ctrl+Y) works as well as its first.
    let redo = Command::Redo.shortcuts()[1];
    h.key_press_modifiers(redo.modifiers, redo.logical_key);
    h.run();
    assert_eq!(h.state().document().scenario.name, "Edited");
}

#[test]
fn help_lists_every_shortcut_from_the_commands() {
    let mut h = sample_app();
    h.key_press(Key::F1);
    h.run();
    assert_eq!(h.state().help(), Some(HelpPage::Shortcuts));
    for command in with_shortcuts() {
        // (The window's title repeats the label of Help › Keyboard shortcuts.)
        assert!(h.query_all_by_label(command.label()).next().is_some(), "{command:?}");
        let keys: Vec<String> = command.shortcuts().iter().map(|s| h.ctx.format_shortcut(s)).collect();
        h.get_by_label(&keys.join("  or  "));
        h.get_by_label(command.tooltip());
    }
    h.get_by_label("Ctrl+Shift+Z  or  Ctrl+Y");
}

#[test]
fn help_shows_the_methodology_and_the_file_format_offline() {
    let mut h = sample_app();
    click(&mut h, Role::Button, "Help");
    click(&mut h, Role::Button, "Methodology");
    assert_eq!(h.state().help(), Some(HelpPage::Methodology));
    h.get_by_label("1. Basis of the figures");
    h.get_by_label("2. Disposals: gross, costs and net");
    // The first table of docs/methodology.md, rendered as cells.
    h.get_by_label("Gross receipt");

    click(&mut h, Role::Button, "Help");
    click(&mut h, Role::Button, "Scenario file format");
    h.get_by_label("Scenario file format (version 1)");
    assert!(
        h.query_by_label("1. Basis of the figures").is_none(),
        "one Help window at a time"
    );

    h.state_mut().queue(Command::CloseHelp);
    h.run();
    assert!(h.query_by_label("Scenario file format (version 1)").is_none());
}

#[test]
fn about_names_the_version_the_licence_and_the_data() {
    let mut h = sample_app();
    click(&mut h, Role::Button, "Help");
    click(&mut h, Role::Button, "About Estates Receipts Modeller");
    h.get_by_label_contains(&format!("Version {}", env!("CARGO_PKG_VERSION")));
    h.get_by_label_contains("the MIT licence or the Apache License 2.0");
    h.get_by_label_contains("Contains Ordnance Survey data");
    h.get_by_label_contains("DejaVu Sans");
    click(&mut h, Role::Button, "Close");
    assert!(h.state().dialog().is_none());
}

/// The typed-path dialog's state, while it is open.
fn typed(h: &Harness<'_, App>) -> TypedPathView {
    match h.state().dialog() {
        Some(Dialog::TypePath(t)) => TypedPathView {
            text: t.text.clone(),
            path: t.path(),
        },
        other => panic!("the typed-path dialog is not open: {other:?}"),
    }
}

struct TypedPathView {
    text: String,
    path: PathBuf,
}

/// Types into the focused path field (the dialog focuses it on opening).
fn type_path(h: &mut Harness<'_, App>, text: &str) {
    h.get_by_role_and_label(Role::TextInput, "File path").type_text(text);
    h.run();
}

#[test]
fn the_typed_path_offered_is_selected_so_typing_replaces_it() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let own = dir.path().join("plan.ron");
    let mut h = app_harness([1280.0, 800.0], {
        let own = own.clone();
        move |_| App::with_scenario(sample(), Some(own))
    });
    h.state_mut().ask_path(Purpose::SaveAs, None);
    h.run();
    assert_eq!(
        typed(&h).text,
        own.display().to_string(),
        "the scenario's own file is offered"
    );
    type_path(&mut h, "/tmp/other");
    assert_eq!(
        typed(&h).text,
        "/tmp/other",
        "the offered path was replaced, not added to"
    );
    assert_eq!(typed(&h).path, PathBuf::from("/tmp/other.ron"));
}

#[test]
fn a_typed_tilde_is_the_home_folder_and_bad_paths_are_said_in_words() {
    let home = PathBuf::from(std::env::var_os("HOME").expect("tests run with a home folder"));
    let mut h = sample_app();
    h.state_mut().ask_path(Purpose::Open, None);
    h.run();
    type_path(&mut h, "~/no-such-scenario-xq7.ron");
    let expected = home.join("no-such-scenario-xq7.ron");
    assert_eq!(typed(&h).path, expected);
    h.get_by_label(&format!("No such file: {}", expected.display()));
    assert!(h
        .get_by_role_and_label(Role::Button, "Open")
        .accesskit_node()
        .is_disabled());

    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    type_path(&mut h, "/no/such/folder/plan.ron");
    h.get_by_label("No such folder: /no/such/folder");
    assert!(h.query_by_label_contains("os error").is_none());
}

#[test]
fn tab_completes_and_the_folders_files_can_be_clicked() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    for name in ["lewisham-national.ron", "lewisham-devolved.ron"] {
        std::fs::write(dir.path().join(name), SAMPLE_RON).expect("written");
    }
    std::fs::write(dir.path().join("register.csv"), "not listed").expect("written");
    let mut h = sample_app();
    h.state_mut().ask_path(Purpose::Open, None);
    h.run();
    let folder = format!("{}/", dir.path().display());
    type_path(&mut h, &format!("{folder}lew"));
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(
        typed(&h).text,
        format!("{folder}lewisham-"),
        "as far as both names agree"
    );
    h.get_by_label("lewisham-devolved.ron");
    assert!(
        h.query_by_label("register.csv").is_none(),
        "only scenario files are listed"
    );

    click(&mut h, Role::Button, "lewisham-national.ron");
    assert_eq!(typed(&h).text, format!("{folder}lewisham-national.ron"));
    click(&mut h, Role::Button, "Open");
    assert!(h.state().dialog().is_none());
    assert_eq!(
        h.state().document().path(),
        Some(dir.path().join("lewisham-national.ron").as_path())
    );
}

/// Frames until the background risk run has ended (bounded in frames, not time).
fn wait_for_the_risk_run(h: &mut Harness<'_, App>) {
    for _ in 0..6_000 {
        if !h.state().risk().is_running() {
            h.run();
            return;
        }
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the risk analysis did not finish");
}

#[test]
fn new_starts_from_the_template_and_forgets_the_last_scenarios_results_but_not_the_comparison() {
    let mut scenario = sample();
    scenario.risk.draws = 200;
    let mut h = app_harness([1280.0, 800.0], move |_| App::with_scenario(scenario, None));
    // Stepped, not run: the run keeps the frames coming until it ends.
    h.state_mut().queue(Command::RunRisk);
    h.step();
    wait_for_the_risk_run(&mut h);
    assert!(h.state().risk().finished().is_some());
    let devolved = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_scenarios/lewisham-devolved.ron");
    run_command(&mut h, Command::AddToCompare(Some(devolved)));
    assert_eq!(h.state().compare().file_count(), 1);
    let explain = Command::Explain {
        field: "net_receipts".into(),
        fy: 2028,
        pot: None,
    };
    run_command(&mut h, explain);
    assert!(h.state().explanation().is_some());

    // Ctrl+N, as the command declares.
    let new = Command::New.shortcuts()[0];
    h.key_press_modifiers(new.modifiers, new.logical_key);
    h.run();
    assert_eq!(h.state().document().scenario, new_template());
    assert!(h.state().risk().finished().is_none(), "no risk results of the sample");
    assert_eq!(
        h.state().compare().file_count(),
        1,
        "the saved files chosen for comparison stay, compared with the new scenario"
    );
    assert!(h.state().explanation().is_none());
    // The template's gross receipts, by hand: £2.0m × 0.8 probability = £1.6m.
    assert_eq!(headline(&h, "Gross receipts"), "£1.6m");
    h.get_by_label_contains("Example neighbourhood care hub");
}
