//! Estates Receipts Modeller core: the domain, the receipts engine, scenario
//! files, reports and exports. Nothing here depends on a UI toolkit, so the
//! headless commands and the desktop app compute exactly the same figures.

pub mod bng;
pub mod charts;
pub mod comments;
pub mod compare;
pub mod csv_out;
pub mod edit_summary;
pub mod engine;
pub mod explain;
pub mod export;
pub mod format;
pub mod generate;
pub mod ids;
pub mod import;
pub mod io;
pub mod issues;
pub mod lock;
pub mod migrate;
pub mod model;
pub mod place;
pub mod problem;
pub mod recovery;
pub mod report;
pub mod risk;
pub mod samples;
pub mod tables;
pub mod validate;

pub use engine::compute;
pub use model::Scenario;
pub use problem::{Problem, Severity};
pub use report::Report;
