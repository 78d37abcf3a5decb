//! The headless commands, run as a user would: the built binary with its
//! arguments, its exit code, what it prints and the files it writes read back.
//! One test binary for all of them, so a fresh build links it once.

use estates_testkit::builders;
mod commands;
mod comments;
mod explain;
mod export;
mod figures;
mod import;
mod paper;
use estates_testkit::pdf_text;
mod place;
mod place_paper;
mod registers;
mod risk;
mod safety;
mod words;
