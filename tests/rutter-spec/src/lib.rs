//! The Customer Groups client generated at build time from Rutter's own
//! OpenAPI 3.1 document (see `build.rs`): proof that the generator reads
//! what Rutter publishes, and the other side of the seed-example tests.

/// The generated client: `Client`, `models`, `requests`, `Error`.
pub mod rutter {
    include!(concat!(env!("OUT_DIR"), "/rutter_spec.rs"));
}
