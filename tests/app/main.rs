//! The desktop app driven headless through egui_kittest, by the labels on
//! screen as a person would. One test binary for every view, so a fresh build
//! links eframe once.

mod app_flow;
mod app_safety;
mod compare_app;
mod editors;
mod edits_shown;
mod explain;
mod figures_app;
mod map;
mod paper_app;
use estates_testkit::pdf_text;
mod registers_app;
mod risk_app;
mod shell;
mod support;
mod tables;
mod undo;
mod ux;
