//! Writing generated files: only when their content changed, so that a
//! build that regenerates identical code touches nothing and recompiles
//! nothing.

use std::fs;
use std::io;
use std::path::Path;

/// Writes `contents` to `path` unless the file already holds exactly that;
/// creates parent folders. Returns whether the file was written.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<bool> {
    match fs::read(path) {
        Ok(existing) if existing == contents.as_bytes() => return Ok(false),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, contents)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changes() {
        let dir =
            std::env::temp_dir().join(format!("openapi-codegen-write-{}", std::process::id()));
        let file = dir.join("a/b.rs");
        assert!(write_if_changed(&file, "x").unwrap());
        assert!(!write_if_changed(&file, "x").unwrap());
        assert!(write_if_changed(&file, "y").unwrap());
        fs::remove_dir_all(dir).unwrap();
    }
}
