//! Never lose what the user wrote, as a user of the commands sees it (issue
//! 11): two imports at once, a scenario that is a symbolic link, hostile files
//! (tests/fixtures/hostile/), a named pipe, messages naming the file, and a
//! progress line only on a terminal.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use estates_core::io::load;
use estates_core::lock::WriteLock;

const SCENARIO: &str = include_str!("../fixtures/scenario-v1.ron");

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_estates-receipts"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run estates-receipts")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 test path")
}

/// Two registers of one new site each, owned by organisations of the fixture.
fn registers(dir: &Path) -> (PathBuf, PathBuf) {
    let a = dir.join("trust.csv");
    let b = dir.join("council.csv");
    std::fs::write(
        &a,
        "Site name,Owner,Market value\nAlpha clinic,Lewisham and Greenwich NHS Trust,£1m\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "Site name,Owner,Market value\nBeta depot,London Borough of Lewisham,£2m\n",
    )
    .unwrap();
    (a, b)
}

fn site_names(path: &Path) -> Vec<String> {
    load(path)
        .expect("the scenario is intact and valid")
        .sites
        .iter()
        .map(|s| s.name.clone())
        .collect()
}

#[test]
fn two_imports_into_one_file_at_once_never_lose_one() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = registers(dir.path());
    let target = dir.path().join("plan.ron");
    let (mut both, mut refused) = (0, 0);
    for round in 0..50 {
        std::fs::write(&target, SCENARIO).unwrap();
        let spawn = |register: &Path| {
            bin()
                .args(["import-sites", s(register), "--into", s(&target)])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start an import")
        };
        let (first, second) = (spawn(&a), spawn(&b));
        let outs = [first.wait_with_output().unwrap(), second.wait_with_output().unwrap()];
        let names = site_names(&target);
        for (out, site) in outs.iter().zip(["Alpha clinic", "Beta depot"]) {
            if out.status.success() {
                assert!(
                    names.iter().any(|n| n == site),
                    "round {round}: an import said it wrote {site} but it is gone: {}",
                    text(out)
                );
            } else {
                assert_eq!(out.status.code(), Some(2), "round {round}: {}", text(out));
                assert!(text(out).contains("being written by"), "{}", text(out));
                refused += 1;
            }
        }
        let failed = outs.iter().filter(|o| !o.status.success()).count();
        assert!(failed <= 1, "round {round}: both refused");
        both += usize::from(failed == 0);
    }
    println!("rounds with both imported: {both}; imports refused: {refused}");
}

#[test]
fn a_second_writer_is_refused_naming_the_holder_and_the_file_is_intact() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = registers(dir.path());
    let target = dir.path().join("plan.ron");
    std::fs::write(&target, SCENARIO).unwrap();
    let held = WriteLock::acquire(&target).unwrap();
    let started = Instant::now();
    let out = run(&["import-sites", s(&a), "--into", s(&target)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(started.elapsed() >= Duration::from_secs(4), "it waited briefly first");
    let said = text(&out);
    assert!(said.contains("being written by"), "{said}");
    assert!(said.contains(&format!("process {}", std::process::id())), "{said}");
    assert!(said.contains(s(&target)), "{said}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), SCENARIO, "untouched");
    drop(held);
    let out = run(&["import-sites", s(&a), "--into", s(&target)]);
    assert!(out.status.success(), "{}", text(&out));
}

#[cfg(unix)]
#[test]
fn importing_into_a_symlink_writes_the_file_it_points_to() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = registers(dir.path());
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    let real = shared.join("plan.ron");
    std::fs::write(&real, SCENARIO).unwrap();
    let link = dir.path().join("plan.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let out = run(&["import-sites", s(&a), "--into", s(&link)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(site_names(&real).contains(&"Alpha clinic".to_owned()));
    let bak = shared.join("plan.ron.bak");
    assert_eq!(std::fs::read_to_string(&bak).unwrap(), SCENARIO);
    assert!(
        text(&out).contains(s(&bak)),
        "names the backup where it is: {}",
        text(&out)
    );
    assert!(!dir.path().join("plan.ron.bak").exists());
}

#[cfg(unix)]
#[test]
fn check_on_a_named_pipe_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let started = Instant::now();
    let out = run(&["check", s(&fifo)]);
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("this is a named pipe, not a file") && said.contains(s(&fifo)),
        "{said}"
    );
}

#[test]
fn hostile_files_are_refused_naming_file_item_and_field() {
    for (file, words) in [
        (
            "overflow-capex.ron",
            "Project 'p1' (Hub), Capex: must be at most £1 trillion (1e12), not 1e308",
        ),
        (
            "huge-value.ron",
            "Site 's1' (Clinic), Value: must be at most £1 trillion (1e12), not 1e300",
        ),
        ("start-fy-max.ron", "Start year: must be a year from 1900 to 2200"),
        (
            "zero-width-id.ron",
            "Id: contains the invisible or control character U+200B",
        ),
        ("control-names.json", "Name: contains the control character U+0000"),
    ] {
        let path = hostile(file);
        let started = Instant::now();
        let out = run(&["check", s(&path)]);
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(out.status.code(), Some(1), "{file}: {}", text(&out));
        assert!(text(&out).contains(words), "{file}: {}", text(&out));
        assert!(text(&out).contains(s(&path)), "{file}: {}", text(&out));
    }
    let out = run(&["check", s(&hostile("decomposed-id.ron"))]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn with_several_files_each_refusal_names_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ron");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(estates_core::io::MAX_FILE_BYTES + 1)
        .unwrap();
    let new = hostile("too-new.ron");
    let ok = hostile("decomposed-id.ron");
    let out = run(&["check", s(&ok), s(&new), s(&big)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let said = text(&out);
    let line_after = |words: &str| -> String {
        let at = said.find(words).unwrap_or_else(|| panic!("{words} in {said}"));
        said[at..].lines().take(2).collect::<Vec<_>>().join("\n")
    };
    let too_new = line_after("format version 99");
    assert!(too_new.contains(s(&new)), "{too_new}");
    let too_big = line_after("over the 50 MB limit");
    assert!(too_big.contains(s(&big)), "{too_big}");
}

#[test]
fn a_long_name_exports_quickly_and_no_progress_line_goes_to_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let started = Instant::now();
    let out = run(&[
        "export",
        s(&hostile("long-name.ron")),
        "--out",
        s(&out_dir),
        "--format",
        "svg,csv,pdf",
    ]);
    let took = started.elapsed();
    assert!(out.status.success(), "{}", text(&out));
    assert!(took < Duration::from_secs(20), "{took:?} (100 s before)");
    assert!(out.stderr.is_empty(), "stderr is a pipe here: {}", text(&out));
}

/// Under a terminal (a pseudo-terminal made by `script`), a long run keeps a
/// progress line on stderr.
#[cfg(target_os = "linux")]
#[test]
fn a_long_risk_run_shows_progress_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        println!("no `script` here to make a terminal; skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    std::fs::write(&plan, SCENARIO).unwrap();
    let command = format!(
        "{} risk {} --draws 1000000 --format json > {}",
        env!("CARGO_BIN_EXE_estates-receipts"),
        s(&plan),
        s(&dir.path().join("risk.json"))
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let terminal = String::from_utf8_lossy(&out.stdout);
    assert!(
        terminal.contains("risk: ") && terminal.contains("of 1000000 draws"),
        "{terminal}"
    );
}
