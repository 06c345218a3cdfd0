//! The generated crate's public API: its listing read from the generated
//! code (`generated/API.txt`).

mod listing;
mod modules;
mod tokens;

pub use listing::listing;
