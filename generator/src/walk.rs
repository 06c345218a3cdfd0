//! The walk over a document's JSON tree that knows what each place holds:
//! keywords, names or data. Keys of name maps (`properties`, `responses`,
//! ...) are names, not keywords (a property may be called `default` or
//! `$ref`); data (`example`, `enum`, `default`, ...) is never walked into;
//! and schemas are told apart from the other objects, wherever they are
//! (components, parameters, request and response bodies, headers, and the
//! schemas inside schemas). Normalisation and validation both walk with it.

use serde_json::{Map, Value};

use crate::diagnostics::Pointer;

/// Keys whose values are data, not schemas or other objects: never walked.
const DATA_KEYS: &[&str] = &["example", "examples", "enum", "const", "default"];

/// Keys whose values map user-chosen names to objects: a name there (a
/// property called `default`, the `default` response) is not a keyword.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "schemas",
    "responses",
    "parameters",
    "headers",
    "requestBodies",
    "securitySchemes",
    "callbacks",
    "links",
    "paths",
    "webhooks",
    "content",
    "encoding",
];

/// Keywords of a schema whose names map to schemas.
const SCHEMA_NAME_MAPS: &[&str] = &["properties", "patternProperties", "$defs", "definitions"];

/// Keywords of a schema whose values are schemas, or lists of them.
const SCHEMA_KEYWORDS: &[&str] = &["items", "additionalProperties", "not", "oneOf", "anyOf"];

/// What an object (or the items of a list) in the tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An object of keywords that is not a schema: the document, a path
    /// item, an operation, a parameter, a media type, ...
    Object,
    /// A schema; `merged` when it is one part of an `allOf`.
    Schema {
        /// Whether the schema is one of the parts of an `allOf`.
        merged: bool,
    },
    /// A map from names to schemas (`schemas: true`) or to other objects.
    Names {
        /// Whether the values are schemas.
        schemas: bool,
    },
    /// An object of keywords inside an extension (`x-...`): whatever it
    /// holds, it is no schema of the document.
    Extension,
    /// A map from names to objects inside an extension.
    ExtensionNames,
}

impl Role {
    /// A schema that is not a part of an `allOf`.
    pub const SCHEMA: Self = Self::Schema { merged: false };

    /// Whether the keys of an object of this role are keywords (not names).
    pub fn has_keywords(self) -> bool {
        !matches!(self, Self::Names { .. } | Self::ExtensionNames)
    }

    /// What the value under `key` of an object of this role is; `None` for
    /// data.
    fn child(self, key: &str) -> Option<Self> {
        Some(match self {
            Self::Names { schemas: true } => Self::SCHEMA,
            Self::Names { schemas: false } => Self::Object,
            Self::ExtensionNames => Self::Extension,
            _ if DATA_KEYS.contains(&key) => return None,
            Self::Extension if NAME_MAPS.contains(&key) => Self::ExtensionNames,
            Self::Extension => Self::Extension,
            _ if key.starts_with("x-") => Self::Extension,
            Self::Schema { .. } if key == "allOf" => Self::Schema { merged: true },
            Self::Schema { .. } if SCHEMA_KEYWORDS.contains(&key) => Self::SCHEMA,
            Self::Schema { .. } if SCHEMA_NAME_MAPS.contains(&key) => Self::Names { schemas: true },
            Self::Object if key == "schema" => Self::SCHEMA,
            Self::Object if key == "schemas" => Self::Names { schemas: true },
            _ if NAME_MAPS.contains(&key) => Self::Names { schemas: false },
            _ => Self::Object,
        })
    }

    /// What the items of a list of this role are (`parameters: [...]`
    /// holds objects, `allOf: [...]` schemas).
    fn item(self) -> Self {
        match self {
            Self::Names { schemas: true } => Self::SCHEMA,
            Self::Names { schemas: false } => Self::Object,
            Self::ExtensionNames => Self::Extension,
            other => other,
        }
    }
}

/// Where a walked object is: the place of what holds it and its key or
/// index there. It is made into a [`Pointer`] only when asked (a walk
/// passes hundreds of thousands of places, and few are ever named).
#[derive(Debug, Clone, Copy)]
pub struct TreePlace<'p> {
    /// The place of what holds it; `None` at the root.
    parent: Option<&'p TreePlace<'p>>,
    step: Step<'p>,
}

#[derive(Debug, Clone, Copy)]
enum Step<'p> {
    Root,
    Key(&'p str),
    Index(usize),
}

impl TreePlace<'_> {
    const ROOT: TreePlace<'static> = TreePlace {
        parent: None,
        step: Step::Root,
    };

    /// The JSON pointer of the place.
    pub fn pointer(&self) -> Pointer {
        let mut steps = Vec::new();
        let mut place = Some(self);
        while let Some(here) = place {
            steps.push(here.step);
            place = here.parent;
        }
        (steps.into_iter().rev()).fold(Pointer::root(), |pointer, step| match step {
            Step::Root => pointer,
            Step::Key(key) => pointer.join(key),
            Step::Index(index) => pointer.join(index),
        })
    }

    /// The pointer of the place extended by `segment`.
    pub fn join(&self, segment: impl std::fmt::Display) -> Pointer {
        self.pointer().join(segment)
    }

    /// Whether `pointer` is this place's pointer (the same text
    /// [`pointer`](Self::pointer) gives), without making it.
    pub fn is(&self, pointer: &str) -> bool {
        let mut rest = pointer;
        let mut place = self;
        loop {
            let Some((head, last)) = rest.rsplit_once('/') else {
                return rest == "#" && place.parent.is_none();
            };
            let same = match place.step {
                Step::Root => false,
                Step::Key(key) => last == Pointer::escaped(key),
                Step::Index(index) => last == index.to_string(),
            };
            let Some(parent) = place.parent.filter(|_| same) else {
                return false;
            };
            (rest, place) = (head, parent);
        }
    }

    /// The key the place has in the object holding it (`None` for the root
    /// and for an item of a list).
    pub fn key(&self) -> Option<&str> {
        match self.step {
            Step::Key(key) => Some(key),
            Step::Root | Step::Index(_) => None,
        }
    }
}

/// Calls `visit` with every object of `tree` (the document), its place
/// and its role, an object before the objects inside it, in document order.
pub fn walk<'a>(
    tree: &'a Value,
    visit: &mut impl FnMut(&'a Map<String, Value>, &TreePlace<'_>, Role),
) {
    walk_at(tree, &TreePlace::ROOT, Role::Object, visit);
}

fn walk_at<'a>(
    value: &'a Value,
    at: &TreePlace<'_>,
    role: Role,
    visit: &mut impl FnMut(&'a Map<String, Value>, &TreePlace<'_>, Role),
) {
    let inside = |step| TreePlace {
        parent: Some(at),
        step,
    };
    match value {
        Value::Object(object) => {
            visit(object, at, role);
            for (key, child) in object.iter().filter(|(_, child)| holds_objects(child)) {
                if let Some(child_role) = role.child(key) {
                    walk_at(child, &inside(Step::Key(key)), child_role, visit);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items
                .iter()
                .enumerate()
                .filter(|(_, item)| holds_objects(item))
            {
                walk_at(item, &inside(Step::Index(i)), role.item(), visit);
            }
        }
        _ => {}
    }
}

/// Whether `value` may hold objects to visit (a scalar holds none, and
/// needs no pointer made for it).
fn holds_objects(value: &Value) -> bool {
    matches!(value, Value::Object(_) | Value::Array(_))
}

/// Like [`walk`], for rewriting: `visit` may change an object, and the walk
/// then goes on into what the object holds after the change.
pub fn walk_mut(tree: &mut Value, visit: &mut impl FnMut(&mut Map<String, Value>, Role)) {
    walk_mut_at(tree, Role::Object, visit);
}

fn walk_mut_at(
    value: &mut Value,
    role: Role,
    visit: &mut impl FnMut(&mut Map<String, Value>, Role),
) {
    match value {
        Value::Object(object) => {
            visit(object, role);
            for (key, child) in object.iter_mut() {
                if let Some(child_role) = role.child(key) {
                    walk_mut_at(child, child_role, visit);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| walk_mut_at(item, role.item(), visit)),
        _ => {}
    }
}

/// Like [`walk_mut`], from a value of a known role at `at`, telling
/// `visit` each object's pointer too.
pub fn walk_mut_from(
    value: &mut Value,
    at: &Pointer,
    role: Role,
    visit: &mut impl FnMut(&mut Map<String, Value>, &Pointer, Role),
) {
    match value {
        Value::Object(object) => {
            visit(object, at, role);
            for (key, child) in object.iter_mut().filter(|(_, child)| holds_objects(child)) {
                if let Some(child_role) = role.child(key) {
                    walk_mut_from(child, &at.join(key), child_role, visit);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items
                .iter_mut()
                .enumerate()
                .filter(|(_, item)| holds_objects(item))
            {
                walk_mut_from(item, &at.join(i), role.item(), visit);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn roles(tree: &Value) -> Vec<(String, Role)> {
        let mut seen = Vec::new();
        walk(tree, &mut |_, at, role| {
            seen.push((at.pointer().as_str().to_owned(), role))
        });
        seen
    }

    #[test]
    fn a_place_is_its_own_pointer_and_no_other() {
        let tree = json!({
            "paths": {"/a~b": {"get": {"parameters": [{"name": "p"}, {"name": "q"}]}}},
            "components": {"schemas": {"S": {"properties": {"a/b": {}, "": {}, "0": {}}}}},
        });
        let pointers: Vec<String> = roles(&tree).into_iter().map(|(p, _)| p).collect();
        assert!(pointers.contains(&"#/paths/~1a~0b/get/parameters/1".to_owned()));
        assert!(pointers.contains(&"#/components/schemas/S/properties/a~1b".to_owned()));
        let mut checked = 0;
        walk(&tree, &mut |_, at, _| {
            let own = at.pointer();
            for pointer in &pointers {
                assert_eq!(
                    at.is(pointer),
                    pointer == own.as_str(),
                    "{own} against {pointer}"
                );
            }
            assert!(!at.is(&format!("{own}/x")) && !at.is("") && !at.is("a/b"));
            checked += 1;
        });
        assert_eq!(checked, pointers.len());
    }

    const SCHEMA: Role = Role::SCHEMA;
    const OBJECT: Role = Role::Object;

    #[test]
    fn schemas_are_found_in_every_place_that_holds_one() {
        let tree = json!({
            "paths": {"/a": {"post": {
                "parameters": [{"name": "p", "schema": {"type": "string"}}],
                "requestBody": {"content": {"application/json": {"schema": {
                    "allOf": [{"properties": {"x": {"items": {}}}}],
                }}}},
                "responses": {"default": {"headers": {"H": {"schema": {}}}}},
            }}},
            "components": {"schemas": {"S": {"additionalProperties": {}}}},
        });
        let schemas: Vec<(String, Role)> = roles(&tree)
            .into_iter()
            .filter(|(_, role)| matches!(role, Role::Schema { .. }))
            .collect();
        let post = "#/paths/~1a/post";
        assert_eq!(
            schemas,
            [
                (format!("{post}/parameters/0/schema"), SCHEMA),
                (
                    format!("{post}/requestBody/content/application~1json/schema"),
                    SCHEMA
                ),
                (
                    format!("{post}/requestBody/content/application~1json/schema/allOf/0"),
                    Role::Schema { merged: true }
                ),
                (
                    format!(
                        "{post}/requestBody/content/application~1json/schema/allOf/0/properties/x"
                    ),
                    SCHEMA
                ),
                (
                    format!(
                        "{post}/requestBody/content/application~1json/schema/allOf/0/properties/x/items"
                    ),
                    SCHEMA
                ),
                (format!("{post}/responses/default/headers/H/schema"), SCHEMA),
                ("#/components/schemas/S".to_owned(), SCHEMA),
                (
                    "#/components/schemas/S/additionalProperties".to_owned(),
                    SCHEMA
                ),
            ]
        );
    }

    #[test]
    fn names_are_not_keywords_and_data_is_not_walked() {
        let tree = json!({"components": {"schemas": {"S": {
            "properties": {"default": {}, "example": {}},
            "default": {"type": "x"},
            "example": {"properties": {}},
            "x-note": {"schema": {}, "properties": {"type": {}}},
        }}}});
        let at: Vec<(String, Role)> = roles(&tree);
        let base = "#/components/schemas/S";
        assert_eq!(
            at,
            [
                ("#".to_owned(), OBJECT),
                ("#/components".to_owned(), OBJECT),
                (
                    "#/components/schemas".to_owned(),
                    Role::Names { schemas: true }
                ),
                (base.to_owned(), SCHEMA),
                (format!("{base}/properties"), Role::Names { schemas: true }),
                (format!("{base}/properties/default"), SCHEMA),
                (format!("{base}/properties/example"), SCHEMA),
                (format!("{base}/x-note"), Role::Extension),
                (format!("{base}/x-note/schema"), Role::Extension),
                (format!("{base}/x-note/properties"), Role::ExtensionNames),
                (format!("{base}/x-note/properties/type"), Role::Extension),
            ]
        );
    }

    #[test]
    fn a_rewrite_is_walked_into() {
        let mut tree = json!({"components": {"schemas": {"S": {"wrap": 2}}}});
        walk_mut(&mut tree, &mut |object, role| {
            let wrap = object.remove("wrap").and_then(|n| n.as_u64());
            if let Some(n) = wrap.filter(|n| *n > 0 && role == Role::SCHEMA) {
                object.insert("items".to_owned(), json!({ "wrap": n - 1 }));
            }
        });
        assert_eq!(
            tree["components"]["schemas"]["S"],
            json!({"items": {"items": {}}})
        );
    }
}
