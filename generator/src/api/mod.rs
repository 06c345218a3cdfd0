//! The generated crate's public API: its listing read from the generated
//! code (`generated/API.txt`), and what changed between two generations
//! (`openapi-codegen diff`, `build.rs`'s warnings).

mod diff;
mod line;
mod listing;
mod modules;
mod outline;
mod rewrite;
mod rules;
mod session;
mod surface;
mod tokens;

pub use diff::{ApiChange, ApiDiff};
pub use listing::Lines;
pub use modules::PieceId;
pub use outline::{of_formatted as outline_of_formatted, strip as outline};
pub use rules::{Change, Class, ItemKind};
pub use session::{Piece, Session};
pub use surface::Surface;
