//! Where the documents written by others live (`../shared/` beside the
//! project root, never copied into it), and what happens when they are absent:
//! a user's clone has no `../shared`, so the checks that need it are skipped
//! with one line saying so, unless `REQUIRE_SHARED_SPECS=1` makes absence a
//! failure (as `.ci/run` does). Used by `build.rs` and the tests alike.

use std::path::{Path, PathBuf};

/// The variable that turns a missing document into a failure.
pub const REQUIRE_VARIABLE: &str = "REQUIRE_SHARED_SPECS";

/// Rutter's published OpenAPI 3.1 document, relative to `../shared/`.
pub const RUTTER_SPEC: &str = "specs/rutter/rutter-2023-03-14.yaml";

/// Rutter's Customer Groups endpoint page, relative to `../shared/`.
pub const SEED_PAGE: &str = "seed/customer_groups_endpoint.txt";

/// `relative` under `../shared/` beside the project root.
pub fn shared_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(relative)
}

/// Whether `REQUIRE_SHARED_SPECS=1` is set.
pub fn required() -> bool {
    std::env::var_os(REQUIRE_VARIABLE).is_some_and(|value| value == "1")
}

/// The path of `relative` under `../shared/` when the file is there.
/// `Err` says what is missing and how to proceed, when it is absent and
/// [`required`]; `Ok(None)` when it is absent and may be skipped.
pub fn find(relative: &str) -> Result<Option<PathBuf>, String> {
    let path = shared_path(relative);
    if path.is_file() {
        Ok(Some(path))
    } else if required() {
        Err(format!(
            "{REQUIRE_VARIABLE}=1, but `../shared/{relative}` (beside the project root) is \
             missing: run from a checkout that has the shared documents, or unset \
             {REQUIRE_VARIABLE} to skip the checks that need them"
        ))
    } else {
        Ok(None)
    }
}

/// The one line a skipped check prints: what it skips and why. Written to
/// the process's standard error directly, so the test harness does not
/// capture it.
pub fn say_skipped(what: &str, relative: &str) {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {what}: `../shared/{relative}` is absent (a clone with nothing beside it); \
         {REQUIRE_VARIABLE}=1 makes this a failure"
    );
}
