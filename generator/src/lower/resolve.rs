//! `$ref` resolution: any local JSON pointer in the document, followed through
//! chains of references, read back as the OpenAPI object it should be (a
//! component, already read with the document, is lent rather than read again).

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{
    Components, Example, Header, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::Diagnostic;

/// How many references in a row are followed before giving up (a cycle of
/// references that never reaches an object).
const MAX_CHAIN: usize = 32;

/// An OpenAPI object a reference may point at, and the section of
/// `components` that keeps objects of its type, if one does.
pub trait Component: DeserializeOwned + Clone {
    /// The section's name (as `#/components/{section}/{name}` writes it)
    /// and entries; `None` when no section holds this type.
    fn section(_components: &Components) -> Option<Section<'_, Self>> {
        None
    }
}

/// A section of `components`: its name and its entries.
pub type Section<'c, T> = (&'static str, &'c IndexMap<String, ReferenceOr<T>>);

macro_rules! component {
    ($($type:ty: $section:literal $field:ident,)*) => {$(
        impl Component for $type {
            fn section(components: &Components) -> Option<Section<'_, Self>> {
                Some(($section, &components.$field))
            }
        }
    )*};
}

// a property's or an item's schema, and a path item: read from the tree
impl Component for Box<Schema> {}
impl Component for PathItem {}

component! {
    Schema: "schemas" schemas,
    Parameter: "parameters" parameters,
    Response: "responses" responses,
    RequestBody: "requestBodies" request_bodies,
    Header: "headers" headers,
    Example: "examples" examples,
    SecurityScheme: "securitySchemes" security_schemes,
}

/// Reads referenced objects out of the document's JSON tree, or lends them
/// from its `components` as read with the document.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    tree: &'a Value,
    /// The components of the document `tree` is, as read from it.
    components: Option<&'a Components>,
}

impl<'a> Resolver<'a> {
    /// A resolver over a whole document.
    pub fn new(tree: &'a Value) -> Self {
        Self {
            tree,
            components: None,
        }
    }

    /// The resolver lending `components`, which must have been read from
    /// this resolver's tree.
    pub fn with_components(self, components: Option<&'a Components>) -> Self {
        Self { components, ..self }
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
    /// `item` is not a reference or names a component.
    pub fn deref<'b, T: Component>(
        &self,
        item: &'b ReferenceOr<T>,
    ) -> Result<Cow<'b, T>, Diagnostic>
    where
        'a: 'b,
    {
        match item {
            ReferenceOr::Item(object) => Ok(Cow::Borrowed(object)),
            ReferenceOr::Reference { reference } => match self.component(reference) {
                Some(object) => Ok(Cow::Borrowed(object)),
                None => self.follow(reference).map(Cow::Owned),
            },
        }
    }

    /// The component `reference` names (`#/components/{section}/{name}`, the
    /// name without escapes), following references between components;
    /// `None` for any other reference, and for a chain that leaves them or
    /// is too long: [`follow`](Self::follow) reads those from the tree.
    fn component<T: Component>(&self, reference: &str) -> Option<&'a T> {
        let (section, entries) = T::section(self.components?)?;
        let mut current = reference;
        for _ in 0..MAX_CHAIN {
            let name = (current.strip_prefix("#/components/")?)
                .strip_prefix(section)?
                .strip_prefix('/')?;
            if name.contains(['/', '~', '%']) {
                return None;
            }
            match entries.get(name)? {
                ReferenceOr::Item(object) => return Some(object),
                ReferenceOr::Reference { reference } => current = reference,
            }
        }
        None
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

    #[test]
    fn components_are_lent_and_other_references_read_from_the_tree() {
        let tree = json!({"components": {
            "schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"type": "object", "properties": {"x": {"type": "string"}}},
                "C/D": {"type": "integer"},
                "Loop": {"$ref": "#/components/schemas/Loop"}
            },
            "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}}
        }});
        let components: Components = serde_json::from_value(tree["components"].clone()).unwrap();
        let resolver = Resolver::new(&tree).with_components(Some(&components));
        let reference = |to: &str| ReferenceOr::<Schema>::Reference {
            reference: to.to_owned(),
        };
        let lent = |to: &str| {
            let item = reference(to);
            match resolver.deref(&item) {
                Ok(Cow::Borrowed(schema)) => Some(std::ptr::from_ref(schema)),
                _ => None,
            }
        };
        let b = match &components.schemas["B"] {
            ReferenceOr::Item(schema) => std::ptr::from_ref(schema),
            ReferenceOr::Reference { .. } => unreachable!("B is an object"),
        };
        // a component, and one reached through another, are the document's own
        assert_eq!(lent("#/components/schemas/B"), Some(b));
        assert_eq!(lent("#/components/schemas/A"), Some(b));
        // an escaped name, a place inside a component: read from the tree
        let (escaped, inside) = (
            reference("#/components/schemas/C~1D"),
            reference("#/components/schemas/B/properties/x"),
        );
        assert!(matches!(resolver.deref(&escaped), Ok(Cow::Owned(_))));
        assert!(matches!(resolver.deref(&inside), Ok(Cow::Owned(_))));
        // a cycle, and a reference to another kind, are the errors they were
        let cycle = reference("#/components/schemas/Loop");
        let cycle = resolver.deref(&cycle).unwrap_err();
        assert!(cycle.message.contains("cycle"), "{}", cycle.message);
        let wrong = ReferenceOr::<Parameter>::Reference {
            reference: "#/components/schemas/B".to_owned(),
        };
        let wrong = resolver.deref(&wrong).unwrap_err();
        assert!(wrong.message.contains("missing field"), "{}", wrong.message);
        let limit = ReferenceOr::<Parameter>::Reference {
            reference: "#/components/parameters/Limit".to_owned(),
        };
        assert!(matches!(resolver.deref(&limit), Ok(Cow::Borrowed(_))));
    }
}
