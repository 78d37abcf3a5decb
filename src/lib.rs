//! The desktop app and command-line front end of the Estates Receipts Modeller.
//! All figures come from `estates_core`; this crate only shows and edits them.

pub mod app;
pub mod cli;

/// Every binary built on this crate (the app, its subcommands, the tests and
/// benchmarks) allocates with mimalloc. Each frame egui tessellates the map's
/// 5,000 marks into buffers of several megabytes and frees them; glibc gave
/// that memory back to the system and faulted it in again the next frame,
/// which was half the frame's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
