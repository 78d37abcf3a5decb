//! Starting the desktop window.

use std::path::PathBuf;

use super::shell::App;

/// Also the folder name of eframe's saved settings and window size.
const APP_ID: &str = "estates-receipts";

/// Opens the window on `file`, or on the built-in Lewisham sample, and runs until it closes.
pub fn run(file: Option<PathBuf>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Estates Receipts Modeller")
            .with_app_id(APP_ID)
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([960.0, 600.0]),
        ..Default::default()
    };
    eframe::run_native(APP_ID, options, Box::new(move |cc| Ok(Box::new(App::new(cc, file)))))
}
