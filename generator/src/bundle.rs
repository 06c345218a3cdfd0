//! Bundling: a document split over several local files made one tree at
//! load time. Every `$ref` to another file (a relative path, JSON or YAML,
//! with or without a `#/...` fragment; files may refer back to the first
//! or to each other) is rewritten into the one tree: a schema becomes a
//! component, `#/components/schemas/{name}`, named after the pointer's last
//! segment (or the file's stem), so its type keeps a readable name; any
//! other object (a path item, parameter, response, body) is copied in where
//! it is referred to. Files are read from the referring file's folder; a
//! URL is an error (there is no network), and so is any file reference in a
//! document given as text. Errors in another file name it: `pet.yaml#/...`.

use std::collections::{BTreeMap, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Pointer};
use crate::walk::{Role, walk, walk_mut_from};

/// What bundling made of a document.
#[derive(Debug, Default)]
pub struct Bundled {
    /// Every file read besides the document itself, as found from its
    /// folder (for `rerun-if-changed`), in the order first read.
    pub files: Vec<PathBuf>,
    /// Each component made from another file: its pointer in the bundled
    /// tree and where it came from (`pet.yaml#/Pet`), so diagnostics can
    /// name the file.
    pub sources: Vec<(String, String)>,
    /// What could not be read: each reference left as it was, so the
    /// rest of the document is still checked (validation reports these
    /// first, and leaves references to other files to them).
    pub errors: Vec<Diagnostic>,
}

/// How many objects other than schemas may be copied in from other files:
/// past this, references must go round a cycle that no schema breaks.
const MAX_COPIES: usize = 10_000;

/// Rewrites the references of `tree` to other files. `document` is the
/// document's own path; `None` for a document given as text, which must
/// not refer to files.
pub fn bundle(tree: &mut Value, document: Option<&Path>) -> Bundled {
    if !has_file_refs(tree) {
        return Bundled::default();
    }
    let mut bundler = Bundler {
        root: document.map(|d| (key_of(d), folder_of(d))),
        files: BTreeMap::new(),
        read: Vec::new(),
        names: BTreeMap::new(),
        taken: taken_names(tree),
        queue: VecDeque::new(),
        errors: Vec::new(),
        copies: 0,
    };
    bundler.rewrite(tree, &Pointer::root(), Role::Object, None);
    let mut hoisted = Vec::new();
    while let Some(target) = bundler.queue.pop_front() {
        let at = Pointer::from_ref(&bundler.display(&target));
        let Some(mut schema) = bundler.value(&target) else {
            continue; // reported where it was referred to
        };
        bundler.rewrite(&mut schema, &at, Role::SCHEMA, Some(&target.file));
        let name = bundler.names.get(&target).cloned().unwrap_or_default();
        hoisted.push((name, schema, at));
    }
    let mut sources = Vec::new();
    if let Some(object) = tree.as_object_mut() {
        let components = object
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(components) = components.as_object_mut() {
            let schemas = components
                .entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(schemas) = schemas.as_object_mut() {
                for (name, schema, at) in hoisted {
                    let pointer = Pointer::root()
                        .join("components")
                        .join("schemas")
                        .join(&name);
                    sources.push((pointer.as_str().to_owned(), at.as_str().to_owned()));
                    schemas.insert(name, schema);
                }
            }
        }
    }
    Bundled {
        files: bundler.read,
        sources,
        errors: bundler.errors,
    }
}

/// Whether any reference of the tree leaves the document.
fn has_file_refs(tree: &Value) -> bool {
    let mut found = false;
    walk(tree, &mut |object, _, role| {
        found |= role.has_keywords()
            && object
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| !r.starts_with('#'));
    });
    found
}

/// A place in some file: the file's key (its canonical path) and a JSON
/// pointer (without `#`) into it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Target {
    file: PathBuf,
    pointer: String,
}

/// Where a reference points.
enum Place {
    /// A place in the document itself: this pointer.
    Document(String),
    /// A place in another file.
    File(Target),
}

/// A file read: its tree and its path as found (for messages and
/// `rerun-if-changed`).
struct File {
    tree: Value,
    shown: PathBuf,
}

struct Bundler {
    /// The document's key and folder, when it is a file.
    root: Option<(PathBuf, PathBuf)>,
    files: BTreeMap<PathBuf, Option<File>>,
    read: Vec<PathBuf>,
    /// The component name of each schema taken in.
    names: BTreeMap<Target, String>,
    taken: std::collections::BTreeSet<String>,
    queue: VecDeque<Target>,
    errors: Vec<Diagnostic>,
    copies: usize,
}

impl Bundler {
    /// Rewrites the references inside `value` (of `role`, at `at`), which
    /// comes from `file` (`None`: the document itself).
    fn rewrite(&mut self, value: &mut Value, at: &Pointer, role: Role, file: Option<&Path>) {
        walk_mut_from(value, at, role, &mut |object, at, role| {
            if !role.has_keywords() {
                return;
            }
            // an object copied in may itself be a reference: follow the chain
            for _ in 0..32 {
                let Some(reference) = object.get("$ref").and_then(Value::as_str) else {
                    return;
                };
                let reference = reference.to_owned();
                let at = at.join("$ref");
                let target = match self.target(&reference, file, &at) {
                    None => return,
                    Some(Place::Document(fragment)) => {
                        // back to the document: its local form
                        let local = format!("#{fragment}");
                        if local != reference {
                            object.insert("$ref".to_owned(), Value::String(local));
                        }
                        return;
                    }
                    Some(Place::File(target)) => target,
                };
                if matches!(role, Role::Schema { .. }) {
                    let name = self.name_of(&target);
                    let local = Pointer::root()
                        .join("components")
                        .join("schemas")
                        .join(&name);
                    object.insert("$ref".to_owned(), Value::String(local.into()));
                    return;
                }
                self.copies += 1;
                if self.copies > MAX_COPIES {
                    self.errors.push(
                        Diagnostic::error(at, "references to other files go round a cycle")
                            .with_hint(
                                "make one of the references in the chain point at a real object",
                            ),
                    );
                    return;
                }
                let Some(Value::Object(mut copied)) = self.value(&target) else {
                    self.errors.push(
                        Diagnostic::error(
                            at,
                            format!("`$ref: {reference}` must point at an object"),
                        )
                        .with_hint("a reference stands for an object of the kind used here"),
                    );
                    return;
                };
                // the copy's own references are of its file: make them absolute
                let key = target.file.clone();
                self.absolute(&mut copied, &key);
                object.remove("$ref");
                for (k, v) in std::mem::take(object) {
                    copied.entry(k).or_insert(v);
                }
                *object = copied;
            }
        });
    }

    /// Rewrites the references of an object copied in from `file` so they
    /// are read as from there: local ones (`#/...`) and relative paths both
    /// become the absolute path of what they point at.
    fn absolute(&mut self, object: &mut Map<String, Value>, file: &Path) {
        let mut value = Value::Object(std::mem::take(object));
        let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
        walk_mut_from(
            &mut value,
            &Pointer::root(),
            Role::Object,
            &mut |o, _, role| {
                if !role.has_keywords() {
                    return;
                }
                let Some(Value::String(reference)) = o.get_mut("$ref") else {
                    return;
                };
                if is_url(reference) {
                    return;
                }
                let (path, fragment) = split(reference);
                let absolute = if path.is_empty() {
                    file.to_path_buf()
                } else {
                    folder.join(path)
                };
                *reference = format!("{}#{fragment}", absolute.display());
            },
        );
        if let Value::Object(rewritten) = value {
            *object = rewritten;
        }
    }

    /// Where `reference` (found at `at`, in `file`) points; `None` after an
    /// error.
    fn target(&mut self, reference: &str, file: Option<&Path>, at: &Pointer) -> Option<Place> {
        if is_url(reference) {
            self.errors.push(
                Diagnostic::error(
                    at,
                    format!("`$ref: {reference}` is a URL; references are not fetched"),
                )
                .with_hint("download the document it points at and refer to the local copy"),
            );
            return None;
        }
        let (path, fragment) = split(reference);
        let Some((root_key, root_folder)) = &self.root else {
            if path.is_empty() {
                return Some(Place::Document(fragment.to_owned()));
            }
            self.errors.push(
                Diagnostic::error(
                    at,
                    format!("`$ref: {reference}` refers to another file, and a document given as text has no folder"),
                )
                .with_hint("generate from the file (`generate_file`, or the command line), so references are read from its folder"),
            );
            return None;
        };
        let target_file = match (path.is_empty(), file) {
            (true, None) => return Some(Place::Document(fragment.to_owned())),
            (true, Some(file)) => file.to_path_buf(),
            (false, _) => {
                let folder = file
                    .and_then(Path::parent)
                    .map_or_else(|| root_folder.clone(), Path::to_path_buf);
                folder.join(path)
            }
        };
        let key = key_of(&target_file);
        if key == *root_key {
            return Some(Place::Document(fragment.to_owned()));
        }
        if !self.load(&key, &target_file, at) {
            return None;
        }
        let target = Target {
            file: key,
            pointer: fragment.to_owned(),
        };
        if self.value(&target).is_none() {
            self.errors.push(
                Diagnostic::error(
                    at,
                    format!(
                        "`$ref: {reference}`: `{}` points at nothing",
                        self.display(&target)
                    ),
                )
                .with_hint("check the file's structure and the pointer's spelling"),
            );
            return None;
        }
        Some(Place::File(target))
    }

    /// Reads and parses a file once; false (with an error) when it cannot be.
    fn load(&mut self, key: &Path, path: &Path, at: &Pointer) -> bool {
        if let Some(file) = self.files.get(key) {
            return file.is_some();
        }
        let shown = self.shown(path);
        let file = match fs::read_to_string(path) {
            Err(e) => {
                self.errors.push(
                    Diagnostic::error(at, format!("cannot read `{}`: {e}", shown.display()))
                        .with_hint("a relative reference is read from the folder of the file that makes it"),
                );
                None
            }
            Ok(text) => {
                self.read.push(path.to_path_buf());
                match crate::load::parse_tree(&text) {
                    Ok(tree) => Some(File { tree, shown }),
                    Err(mut error) => {
                        error.pointer = format!("{}{}", shown.display(), error.pointer);
                        self.errors.push(error);
                        None
                    }
                }
            }
        };
        let ok = file.is_some();
        self.files.insert(key.to_path_buf(), file);
        ok
    }

    /// The value at `target`, as in its file (references not yet rewritten).
    fn value(&self, target: &Target) -> Option<Value> {
        let file = self.files.get(&target.file)?.as_ref()?;
        file.tree.pointer(&target.pointer).cloned()
    }

    /// The component name of the schema at `target`, given on first use.
    fn name_of(&mut self, target: &Target) -> String {
        if let Some(name) = self.names.get(target) {
            return name.clone();
        }
        let stem = self
            .files
            .get(&target.file)
            .and_then(Option::as_ref)
            .and_then(|f| f.shown.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let last = target
            .pointer
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .map(|s| s.replace("~1", "/").replace("~0", "~"));
        let base = last.unwrap_or_else(|| stem.clone());
        let mut candidates = vec![base.clone(), format!("{stem}_{base}")];
        candidates.extend((2..).take(1000).map(|n| format!("{base}{n}")));
        let name = candidates
            .into_iter()
            .find(|c| !self.taken.contains(c))
            .unwrap_or(base);
        self.taken.insert(name.clone());
        self.names.insert(target.clone(), name.clone());
        self.queue.push_back(target.clone());
        name
    }

    /// A file's path as shown: relative to the document's folder.
    fn shown(&self, path: &Path) -> PathBuf {
        let folder = self.root.as_ref().map(|(_, f)| f.as_path());
        let relative = folder.and_then(|f| path.strip_prefix(f).ok());
        normal(relative.unwrap_or(path))
    }

    /// `file#pointer` of a target, the file as shown.
    fn display(&self, target: &Target) -> String {
        let shown = self
            .files
            .get(&target.file)
            .and_then(Option::as_ref)
            .map_or_else(
                || target.file.display().to_string(),
                |f| f.shown.display().to_string(),
            );
        format!("{shown}#{}", target.pointer)
    }
}

/// The names under `components/schemas` already.
fn taken_names(tree: &Value) -> std::collections::BTreeSet<String> {
    tree.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default()
}

fn is_url(reference: &str) -> bool {
    let scheme = reference.split_once("://").map(|(s, _)| s);
    scheme.is_some_and(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// `path#fragment` split at the `#`.
fn split(reference: &str) -> (&str, &str) {
    reference.split_once('#').unwrap_or((reference, ""))
}

/// The key a file is known by: its canonical path (the same file reached
/// by two paths is read once), or the path itself, tidied, when it cannot
/// be found.
fn key_of(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| normal(path))
}

fn folder_of(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// A path with `.` segments dropped and `dir/..` folded.
fn normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Diagnostics about a component made from another file name that file:
/// `#/components/schemas/Pet/properties/tag` becomes
/// `schemas/pet.yaml#/properties/tag`.
pub fn name_files(diagnostics: &mut [Diagnostic], sources: &[(String, String)]) {
    for diagnostic in diagnostics {
        let found = sources.iter().find_map(|(local, source)| {
            let rest = diagnostic.pointer.strip_prefix(local.as_str())?;
            (rest.is_empty() || rest.starts_with('/')).then(|| format!("{source}{rest}"))
        });
        if let Some(pointer) = found {
            diagnostic.pointer = pointer;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn urls_are_told_from_paths() {
        for url in ["https://x/a.yaml", "http://x/a.yaml#/b", "file:///a.yaml"] {
            assert!(is_url(url), "{url}");
        }
        for path in ["a.yaml", "../a.yaml#/b", "./a://b.yaml", "#/components"] {
            assert!(!is_url(path), "{path}");
        }
    }

    #[test]
    fn paths_are_tidied() {
        assert_eq!(normal(Path::new("a/./b/../c.yaml")), Path::new("a/c.yaml"));
        assert_eq!(normal(Path::new("../c.yaml")), Path::new("../c.yaml"));
    }

    #[test]
    fn diagnostics_in_components_from_files_name_the_file() {
        let sources = [(
            "#/components/schemas/Pet".to_owned(),
            "pet.yaml#".to_owned(),
        )];
        let mut found = vec![
            Diagnostic::warning("#/components/schemas/Pet/properties/a", "x"),
            Diagnostic::warning("#/components/schemas/Pets", "y"),
        ];
        name_files(&mut found, &sources);
        assert_eq!(found[0].pointer, "pet.yaml#/properties/a");
        assert_eq!(found[1].pointer, "#/components/schemas/Pets");
    }

    #[test]
    fn documents_without_file_references_are_left_alone() {
        let mut tree = json!({"paths": {}, "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}}}});
        let before = tree.clone();
        let bundled = bundle(&mut tree, None);
        assert_eq!(tree, before);
        assert!(bundled.errors.is_empty() && bundled.files.is_empty());
    }
}
