//! Helpers shared by the workspace's three test binaries (the core model
//! tests, the CLI tests and the app tests). A library rather than a module
//! included by path, so each binary uses the part it needs without dead code.

pub mod builders;
pub mod pdf_text;
