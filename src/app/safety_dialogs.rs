//! The dialogs that keep work from being lost: offering unsaved work from an
//! earlier run back, and refusing to save silently over a file that someone
//! else changed on disk.

use std::path::Path;
use std::time::SystemTime;

use egui::{Id, Modal, RichText, Ui};
use estates_core::recovery::RecoveryInfo;

use super::command::Command;
use super::dialogs::{cancelled_on_close, Answer};

/// Offers each recovery file found on start: restore it, discard it, or
/// decide at the next start (Escape, or "Decide later").
pub fn recover_ui(ctx: &egui::Context, found: &[RecoveryInfo]) -> Option<Answer> {
    let now = SystemTime::now();
    let mut answer = None;
    let modal = Modal::new(Id::unique("recover-unsaved-work")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("Recover unsaved work");
        ui.add_space(4.0);
        ui.label(
            "The app did not close normally last time. Work that was not saved was kept aside: \
             restore it to carry on, or discard it.",
        );
        for (i, info) in found.iter().enumerate() {
            ui.separator();
            if let Some(chosen) = recovery_entry_ui(ui, info, now) {
                answer = Some(match chosen {
                    Choice::Restore => Answer::Restore(Box::new(info.clone())),
                    Choice::Discard => Answer::DiscardRecovery {
                        path: info.path.clone(),
                        rest: found
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != i)
                            .map(|(_, r)| r.clone())
                            .collect(),
                    },
                });
            }
        }
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Decide later").clicked() {
                answer = Some(Answer::Cancel);
            }
            ui.label(RichText::new("Kept for the next start.").weak());
        });
    });
    cancelled_on_close(answer, &modal)
}

enum Choice {
    Restore,
    Discard,
}

/// One recovery file: whose work it is, when it was written, and the buttons.
fn recovery_entry_ui(ui: &mut Ui, info: &RecoveryInfo, now: SystemTime) -> Option<Choice> {
    let file = match &info.original {
        Some(path) => format!("{} (“{}”)", file_name(path), info.scenario.name),
        None => format!("An untitled scenario (“{}”)", info.scenario.name),
    };
    ui.label(RichText::new(file).strong());
    let belongs = match &info.original {
        Some(path) => format!("Unsaved changes to {}", path.display()),
        None => "Never saved to a file.".to_owned(),
    };
    ui.label(belongs);
    ui.label(format!("Written {}.", when(info.written, now)));
    if info.original_is_newer {
        ui.label(
            RichText::new("The file was saved after this was written, so this may be older than the file.")
                .color(ui.visuals().warn_fg_color),
        );
    }
    let mut chosen = None;
    ui.horizontal(|ui| {
        if ui.button("Restore").clicked() {
            chosen = Some(Choice::Restore);
        }
        if ui.button("Discard").clicked() {
            chosen = Some(Choice::Discard);
        }
    });
    chosen
}

/// Saving would overwrite changes made to the file on disk since it was
/// opened: save a copy, overwrite them knowingly, or cancel.
pub fn conflict_ui(
    ctx: &egui::Context,
    path: &Path,
    modified: Option<SystemTime>,
    then: &Option<Command>,
) -> Option<Answer> {
    let mut answer = None;
    let modal = Modal::new(Id::unique("save-conflict")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("The file changed on disk");
        ui.add_space(4.0);
        let changed = match modified {
            Some(at) => format!("last modified {}", when(at, SystemTime::now())),
            None => "its modified time cannot be read".to_owned(),
        };
        ui.label(format!(
            "“{}” was changed by someone or something else since you opened it ({changed}). \
             Saving now would overwrite those changes.",
            file_name(path)
        ));
        ui.label(RichText::new(path.display().to_string()).weak());
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save as a copy…").clicked() {
                answer = Some(Answer::SaveCopy { then: then.clone() });
            }
            if ui.button("Overwrite their changes").clicked() {
                answer = Some(Answer::Overwrite {
                    path: path.to_owned(),
                    then: then.clone(),
                });
            }
            if ui.button("Cancel").clicked() {
                answer = Some(Answer::Cancel);
            }
        });
    });
    cancelled_on_close(answer, &modal)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into())
}

/// The modified time of a file, if it can be read.
pub fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// "on 22 Nov 2026 at 19:25 UTC, 3 minutes ago". UTC, because the standard
/// library does not know the local time zone; the relative part is what
/// people read first.
pub fn when(at: SystemTime, now: SystemTime) -> String {
    let Ok(since_epoch) = at.duration_since(SystemTime::UNIX_EPOCH) else {
        return "at an unknown time".to_owned();
    };
    let secs = since_epoch.as_secs();
    let (year, month, day) = civil_from_days((secs / 86_400) as i64);
    let minute_of_day = (secs % 86_400) / 60;
    let absolute = format!(
        "on {day} {} {year} at {:02}:{:02} UTC",
        MONTHS[month as usize - 1],
        minute_of_day / 60,
        minute_of_day % 60
    );
    match now.duration_since(at) {
        Ok(ago) => format!("{absolute}, {}", ago_text(ago.as_secs())),
        // A clock set differently elsewhere (a shared drive): no "ago".
        Err(_) => absolute,
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn ago_text(secs: u64) -> String {
    let unit = |n: u64, one: &str| format!("{n} {one}{} ago", if n == 1 { "" } else { "s" });
    match secs {
        0..60 => "less than a minute ago".to_owned(),
        60..7_200 => unit(secs / 60, "minute"),
        7_200..172_800 => unit(secs / 3_600, "hour"),
        _ => unit(secs / 86_400, "day"),
    }
}

/// The Gregorian date of a day counted from 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn times_read_as_dates_in_utc_and_how_long_ago() {
        // 2026-11-22 19:25:00 UTC and 2000-02-29 00:00 UTC, from Python's datetime.
        let written = at(1_795_375_500);
        assert_eq!(
            when(written, written + Duration::from_secs(200)),
            "on 22 Nov 2026 at 19:25 UTC, 3 minutes ago"
        );
        assert_eq!(
            when(at(951_782_400), at(951_782_410)),
            "on 29 Feb 2000 at 00:00 UTC, less than a minute ago"
        );
        assert_eq!(when(at(0), at(3 * 86_400)), "on 1 Jan 1970 at 00:00 UTC, 3 days ago");
        assert_eq!(
            when(written + Duration::from_secs(60), written),
            "on 22 Nov 2026 at 19:26 UTC"
        );
        assert_eq!(ago_text(7_199), "119 minutes ago");
        assert_eq!(ago_text(3 * 3_600), "3 hours ago");
    }
}
