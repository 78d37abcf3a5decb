//! Typing a path, when no file dialog can be shown: the path offered is
//! selected so typing replaces it, `~` is the home folder, Tab completes a
//! name, the folder being typed is listed (click to choose), and a path that
//! cannot be used says why in words.

use std::path::{Path, PathBuf};

use egui::text::{CCursor, CCursorRange};
use egui::{Id, Key, Modal, RichText};

use super::command::Command;
use super::dialogs::{cancelled_on_close, Answer};
use super::files::{complete, expand_home, list_folder, split_typed, Entry, Purpose};

/// How many entries of a folder the listing shows.
const LISTED: usize = 500;
/// The listing's height in points (about eight entries).
const LISTING_HEIGHT: f32 = 180.0;

/// The typed-path dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedPath {
    pub purpose: Purpose,
    pub text: String,
    /// What to run after a successful save (when saving before discarding).
    pub then: Option<Command>,
    /// Where the cursor goes next frame: everything at first, so typing
    /// replaces the path offered; the end after a completion or a click.
    place: Option<Place>,
    /// The text as last looked at on disk.
    seen: Option<Seen>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    All,
    End,
}

/// The typed text looked at on disk: its folder's entries and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    text: String,
    folder: PathBuf,
    entries: Result<Vec<Entry>, String>,
    problem: Option<String>,
}

impl TypedPath {
    pub fn new(purpose: Purpose, text: String, then: Option<Command>) -> Self {
        TypedPath {
            purpose,
            text,
            then,
            place: Some(Place::All),
            seen: None,
        }
    }

    /// The file the text names: `~` expanded, and the purpose's extension added to a file written.
    pub fn path(&self) -> PathBuf {
        typed_path(self.purpose, &self.text)
    }

    /// Why the path typed cannot be used, in words.
    pub fn problem(&mut self) -> Option<&str> {
        self.look().problem.as_deref()
    }

    /// Looks at the disk again only when the text changed (not every frame).
    fn look(&mut self) -> &Seen {
        if self.seen.as_ref().is_some_and(|s| s.text != self.text) {
            self.seen = None;
        }
        let (purpose, text) = (self.purpose, &self.text);
        self.seen.get_or_insert_with(|| Seen::of(purpose, text))
    }

    /// Tab: completes the name typed from the folder's entries.
    fn complete(&mut self) {
        let typed = self.text.clone();
        if let Ok(entries) = &self.look().entries {
            if let Some(completed) = complete(&typed, entries) {
                self.set_text(completed);
            }
        }
    }

    fn set_text(&mut self, text: String) {
        self.text = text;
        self.place = Some(Place::End);
    }
}

fn typed_path(purpose: Purpose, text: &str) -> PathBuf {
    purpose.complete(&expand_home(text.trim()))
}

impl Seen {
    fn of(purpose: Purpose, text: &str) -> Self {
        let typed = text.trim();
        let (folder, begun) = split_typed(typed);
        let entries = list_folder(&folder, purpose, begun.starts_with('.'))
            .map(|all| all.into_iter().filter(|e| e.name.starts_with(&begun)).collect());
        // A folder typed with its `/` is being browsed, not chosen: only a folder that cannot be listed is a problem.
        let problem = if typed.ends_with('/') {
            entries.as_ref().err().cloned()
        } else if typed.is_empty() {
            None
        } else {
            purpose.path_problem(&typed_path(purpose, typed))
        };
        Seen {
            text: text.to_owned(),
            folder,
            entries,
            problem,
        }
    }
}

/// The text of a folder entry as typed: `folder/name`, with a `/` after a folder.
fn entry_text(folder_typed: &str, entry: &Entry) -> String {
    let slash = if entry.is_dir { "/" } else { "" };
    format!("{folder_typed}{}{slash}", entry.name)
}

pub fn type_path_ui(ctx: &egui::Context, d: &mut TypedPath) -> Option<Answer> {
    let mut answer = None;
    let field_id = Id::unique("typed-path-field");
    let modal = Modal::new(Id::unique("type-path")).show(ctx, |ui| {
        ui.set_width(560.0);
        ui.heading(d.purpose.title());
        ui.add_space(4.0);
        ui.label(
            "No file dialog can be shown here (there is no desktop portal over D-Bus and no zenity), so type \
             the file's path. Tab completes a name, ~ is your home folder, and the folder below can be clicked.",
        );
        ui.add_space(6.0);
        let label = ui.label("File path");
        let mut output = egui::TextEdit::singleline(&mut d.text)
            .id(field_id)
            .desired_width(f32::INFINITY)
            .hint_text(d.purpose.example())
            // Tab completes instead of moving to the next widget.
            .lock_focus(true)
            .show(ui);
        let edit = output.response.response.clone().labelled_by(label.id);
        if let Some(place) = d.place.take() {
            let end = CCursor::new(d.text.chars().count());
            let range = match place {
                Place::All => CCursorRange::two(CCursor::new(0), end),
                Place::End => CCursorRange::one(end),
            };
            output.state.cursor.set_char_range(Some(range));
            output.state.store(ui.ctx(), field_id);
            edit.request_focus();
        }
        // Read before focusing: Enter submits by taking the focus away.
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if edit.has_focus() && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Tab)) {
            d.complete();
        }
        // Keep the field focused, so the user can type at once and after a click in the listing.
        if !edit.lost_focus() && ui.memory(|m| m.focused().is_none()) {
            edit.request_focus();
        }

        let problem = d.problem().map(str::to_owned);
        let warn = ui.visuals().warn_fg_color;
        let error = ui.visuals().error_fg_color;
        match &problem {
            Some(p) => {
                ui.label(RichText::new(p).color(error));
            }
            None if d.purpose.writes() && d.path().exists() => {
                ui.label(RichText::new("A file of that name exists; saving replaces it.").color(warn));
            }
            // The line is kept, so the dialog does not jump as a problem comes and goes.
            None => {
                ui.label(" ");
            }
        }
        ui.add_space(4.0);
        if let Some(chosen) = listing_ui(ui, d) {
            match chosen {
                Chosen::Text(text) => d.set_text(text),
                Chosen::Use(text) => {
                    d.set_text(text);
                    // A double-clicked file is used at once only when reading it:
                    // writing would replace it before its warning could be seen.
                    if !d.purpose.writes() && d.problem().is_none() {
                        answer = Some(path_answer(d));
                    }
                }
            }
        }

        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let typed = d.text.trim();
            let usable = !typed.is_empty() && !typed.ends_with('/') && problem.is_none();
            let ok = ui.add_enabled(usable, egui::Button::new(d.purpose.action()));
            if (ok.clicked() || entered) && usable {
                answer = Some(path_answer(d));
            }
            if ui.button("Cancel").clicked() {
                answer = Some(Answer::Cancel);
            }
        });
    });
    cancelled_on_close(answer, &modal)
}

fn path_answer(d: &TypedPath) -> Answer {
    Answer::Path {
        purpose: d.purpose,
        path: d.path(),
        then: d.then.clone(),
    }
}

/// What a click in the listing asks for.
enum Chosen {
    /// Put this text in the field (a folder, or a file to look at first).
    Text(String),
    /// Use this file at once (a double click).
    Use(String),
}

/// The entries of the folder being typed that match the name begun.
fn listing_ui(ui: &mut egui::Ui, d: &mut TypedPath) -> Option<Chosen> {
    let typed = d.text.trim().to_owned();
    let folder_typed = typed.rfind('/').map_or(String::new(), |at| typed[..=at].to_owned());
    let seen = d.look();
    let problem_shown = seen.problem.is_some();
    let mut chosen = None;
    ui.label(RichText::new(format!("In {}", shown_folder(&seen.folder))).weak());
    egui::Frame::group(ui.style()).show(ui, |ui| {
        // A fixed height, so the dialog does not jump about as the listing changes.
        egui::ScrollArea::vertical()
            .min_scrolled_height(LISTING_HEIGHT)
            .max_height(LISTING_HEIGHT)
            .auto_shrink([false, false])
            .show(ui, |ui| match &seen.entries {
                // Said once: above, when it is also what is wrong with the path.
                Err(_) if problem_shown => {
                    ui.label(RichText::new("Nothing to list.").weak());
                }
                Err(e) => {
                    ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
                }
                Ok(entries) => {
                    let parent = seen.folder.parent().filter(|p| !p.as_os_str().is_empty());
                    if let Some(parent) = parent {
                        if ui.selectable_label(false, "Parent folder (..)").clicked() {
                            chosen = Some(Chosen::Text(format!("{}/", parent.display()).replace("//", "/")));
                        }
                    }
                    if entries.is_empty() {
                        ui.label(RichText::new("Nothing here matches what is typed.").weak());
                    }
                    for entry in entries.iter().take(LISTED) {
                        let shown = if entry.is_dir {
                            format!("{}/", entry.name)
                        } else {
                            entry.name.clone()
                        };
                        let response = ui.selectable_label(false, shown);
                        let text = entry_text(&folder_typed, entry);
                        if response.double_clicked() && !entry.is_dir {
                            chosen = Some(Chosen::Use(text));
                        } else if response.clicked() {
                            chosen = Some(Chosen::Text(text));
                        }
                    }
                    if entries.len() > LISTED {
                        ui.label(
                            RichText::new(format!("… and {} more: type more of the name.", entries.len() - LISTED))
                                .weak(),
                        );
                    }
                }
            });
    });
    chosen
}

/// A folder as the listing names it: `.` is the folder the app runs in.
fn shown_folder(folder: &Path) -> String {
    if folder == Path::new(".") {
        std::env::current_dir().map_or_else(|_| "the current folder".to_owned(), |d| d.display().to_string())
    } else {
        folder.display().to_string()
    }
}
