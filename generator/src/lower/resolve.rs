//! `$ref` resolution: any local JSON pointer in the document, followed through
//! chains of references, read back as the OpenAPI object it should be.

use std::borrow::Cow;

use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::Diagnostic;

/// How many references in a row are followed before giving up (a cycle of
/// references that never reaches an object).
const MAX_CHAIN: usize = 32;

/// Reads referenced objects out of the document's JSON tree.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    tree: &'a Value,
}

impl<'a> Resolver<'a> {
    /// A resolver over a whole document.
    pub fn new(tree: &'a Value) -> Self {
        Self { tree }
    }

    /// The JSON value a local reference (`#/...`) points at.
    pub fn value(&self, reference: &str) -> Result<&'a Value, Diagnostic> {
        let pointer = reference.strip_prefix('#').ok_or_else(|| {
            Diagnostic::error(reference, "this reference to another file was not read").with_hint(
                "generate from the document's file, so references are read from its folder",
            )
        })?;
        self.tree.pointer(pointer).ok_or_else(|| {
            Diagnostic::error(reference, "this reference points at nothing")
                .with_hint("check the spelling of the name the reference ends with")
        })
    }

    /// The object behind `item`, following references; `Cow::Borrowed` when
    /// `item` is not a reference.
    pub fn deref<'b, T>(&self, item: &'b ReferenceOr<T>) -> Result<Cow<'b, T>, Diagnostic>
    where
        T: DeserializeOwned + Clone,
    {
        match item {
            ReferenceOr::Item(object) => Ok(Cow::Borrowed(object)),
            ReferenceOr::Reference { reference } => self.follow(reference).map(Cow::Owned),
        }
    }

    /// The object a reference points at, following further references.
    pub fn follow<T: DeserializeOwned>(&self, reference: &str) -> Result<T, Diagnostic> {
        let mut current = reference.to_owned();
        for _ in 0..MAX_CHAIN {
            let value = self.value(&current)?;
            if let Some(next) = value.get("$ref").and_then(Value::as_str) {
                current = next.to_owned();
                continue;
            }
            // read from the tree itself: no copy of the value first
            return T::deserialize(value).map_err(|e| {
                Diagnostic::error(
                    current.as_str(),
                    format!("the referenced object is invalid: {e}"),
                )
                .with_hint("a reference must point at an object of the kind used here")
            });
        }
        Err(
            Diagnostic::error(reference, "this reference is part of a cycle of references")
                .with_hint("make one of the references in the chain point at a real object"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn follows_chains_and_reports_cycles_and_dangling_refs() {
        let tree = json!({"a": {"$ref": "#/b"}, "b": {"x": 1}, "c": {"$ref": "#/d"}, "d": {"$ref": "#/c"}});
        let resolver = Resolver::new(&tree);
        let b: Value = resolver.follow("#/a").unwrap();
        assert_eq!(b, json!({"x": 1}));
        let cycle = resolver.follow::<Value>("#/c").unwrap_err();
        assert!(cycle.message.contains("cycle"));
        let dangling = resolver.follow::<Value>("#/nope").unwrap_err();
        assert_eq!(dangling.pointer, "#/nope");
        let external = resolver.follow::<Value>("other.yaml#/x").unwrap_err();
        assert!(external.message.contains("another file"));
    }
}
