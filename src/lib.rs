//! The desktop app and command-line front end of the Estates Receipts Modeller.
//! All figures come from `estates_core`; this crate only shows and edits them.

pub mod app;
pub mod cli;
