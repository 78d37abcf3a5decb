//! Preferences remembered between runs (window size is remembered by eframe).
//!
//! Kept apart from the runtime state so that only these fields are written to
//! eframe's storage. `#[serde(default)]` matters: eframe silently drops a value
//! it cannot decode, so a field added later must not lose the others.

use std::path::{Path, PathBuf};

use super::view::View;

/// Key of the settings in eframe's storage.
pub const STORAGE_KEY: &str = "estates-receipts-settings";
/// How many recently used files the File menu offers.
pub const MAX_RECENT: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ThemeChoice {
    #[default]
    FollowSystem,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::FollowSystem, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::FollowSystem => "Follow system",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }

    pub fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::FollowSystem => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// egui's light theme draws text fields white on an almost white panel with
/// no outline, so the fields of a form are hard to see: give idle widgets a
/// visible outline (the dark theme's fields already stand out).
pub fn tune_light_theme(ctx: &egui::Context) {
    ctx.style_mut_of(egui::Theme::Light, |style| {
        style.visuals.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, egui::Color32::from_gray(185));
    });
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    pub view: View,
    pub theme: ThemeChoice,
    pub show_problems: bool,
}

impl Settings {
    /// Puts a file at the top of the recent list, once.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// Drops a file that could not be opened any more.
    pub fn forget(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_newest_first_and_bounded() {
        let mut s = Settings::default();
        for i in 0..(MAX_RECENT + 3) {
            s.remember(Path::new(&format!("/nowhere/{i}.ron")));
        }
        s.remember(Path::new("/nowhere/5.ron"));
        assert_eq!(s.recent.len(), MAX_RECENT);
        assert_eq!(s.recent[0], Path::new("/nowhere/5.ron"));
        assert_eq!(s.recent.iter().filter(|p| p.ends_with("5.ron")).count(), 1);
        assert_eq!(s.recent[1], Path::new(&format!("/nowhere/{}.ron", MAX_RECENT + 2)));
    }

    #[test]
    fn settings_missing_fields_keep_defaults() {
        let s: Settings = serde_json::from_str(r#"{"theme": "Dark"}"#).expect("a partial settings record reads");
        assert_eq!(s.theme, ThemeChoice::Dark);
        assert_eq!(s.view, View::Results);
        assert!(s.recent.is_empty());
    }
}
