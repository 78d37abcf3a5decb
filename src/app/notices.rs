//! Messages to the user: errors stay until dismissed, confirmations fade.
//!
//! Nothing the app fails to do is silent; every failure ends up here with the
//! reason first and any file path last.

use egui::RichText;

/// How long a confirmation stays on screen, in seconds.
const INFO_SECONDS: f64 = 6.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

#[derive(Debug, Clone)]
pub struct Notice {
    pub level: Level,
    pub text: String,
    /// When it was first shown (egui time); set on the first frame it appears.
    shown_at: Option<f64>,
}

#[derive(Debug, Default)]
pub struct Notices {
    list: Vec<Notice>,
}

impl Notices {
    pub fn info(&mut self, text: impl Into<String>) {
        self.push(Level::Info, text.into());
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.push(Level::Error, text.into());
    }

    fn push(&mut self, level: Level, text: String) {
        // The same message twice in a row says nothing new.
        self.list.retain(|n| n.text != text);
        self.list.push(Notice {
            level,
            text,
            shown_at: None,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Notice> {
        self.list.iter()
    }

    /// Shows the notices, newest last, each with a dismiss button.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let now = ui.input(|i| i.time);
        self.list
            .retain(|n| n.level == Level::Error || n.shown_at.is_none_or(|at| now - at < INFO_SECONDS));
        let mut dismissed = None;
        for (i, notice) in self.list.iter_mut().enumerate() {
            let at = *notice.shown_at.get_or_insert(now);
            if notice.level == Level::Info {
                ui.ctx()
                    .request_repaint_after_secs((INFO_SECONDS - (now - at)).max(0.1) as f32);
            }
            ui.horizontal(|ui| {
                if ui.small_button("Dismiss").clicked() {
                    dismissed = Some(i);
                }
                let colour = match notice.level {
                    Level::Error => ui.visuals().error_fg_color,
                    Level::Info => ui.visuals().strong_text_color(),
                };
                ui.add(egui::Label::new(RichText::new(&notice.text).color(colour)).wrap());
            });
        }
        if let Some(i) = dismissed {
            self.list.remove(i);
        }
    }
}
