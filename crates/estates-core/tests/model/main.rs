//! The model's tests: each rule of MODEL.md by hand-worked examples, the
//! identities as property tests, validation, compare, the golden reports of
//! the samples and the file-safety guarantees. One test binary, so a fresh
//! build links it once and `cargo test -p estates-core` runs it without the app.

mod bng;
use estates_testkit::builders;
mod charts;
mod comments;
mod compare;
mod copy_tables;
mod edit_summary;
mod engine_disposals;
mod engine_marriage_value;
mod engine_projects;
mod engine_report;
mod engine_retention;
mod engine_time;
mod explain;
mod golden;
mod paper;
mod place;
mod properties;
mod registers;
mod revalidate;
mod robustness;
mod safety;
mod samples;
mod shared;
mod validation;
