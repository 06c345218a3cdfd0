//! The Customer Groups client generated at build time from Rutter's own
//! OpenAPI 3.1 document (see `build.rs`): proof that the generator reads
//! what Rutter publishes, and the other side of the seed-example tests.
//! Without the document beside the project (`../shared/`), the module is
//! absent and the tests say what they skip.

pub mod shared;

/// The generated client: `Client`, `models`, `requests`, `Error`.
#[cfg(rutter_spec)]
pub mod rutter {
    include!(concat!(env!("OUT_DIR"), "/rutter_spec.rs"));
}
