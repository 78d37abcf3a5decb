//! The desktop app driven headless through egui_kittest, by the labels on
//! screen as a person would. One test binary for every view, so a fresh build
//! links eframe once.

mod app_flow;
mod app_safety;
mod compare_app;
mod editors;
mod explain;
mod figures_app;
mod map;
mod paper_app;
#[path = "../cli/pdf_text.rs"]
mod pdf_text;
mod registers_app;
mod risk_app;
mod shell;
mod support;
mod undo;
