//! Whether a schema allows `null`, as lowering reads it, without lowering
//! it: its own `nullable`, or an alternative of its `oneOf`/`anyOf` that
//! allows it, through references. So a component that is a union of a
//! nullable schema and others is an `Option` wherever it is used, as its
//! alternative is (Datadog's `NotebookGlobalTime`).

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::{MAX_INLINE_DEPTH, TypeTable, component_key};
use crate::lower::unions::AsSchema;

impl TypeTable<'_> {
    /// Whether the schema allows `null`.
    pub(super) fn may_be_null<T: AsSchema>(&self, schema: &ReferenceOr<T>) -> bool {
        self.may_be_null_within(schema, &mut Vec::new())
    }

    /// Whether the component schema (or the user's type for it) that
    /// `reference` names allows `null`.
    pub(super) fn component_nullable(&self, reference: &str) -> bool {
        self.component_may_be_null(reference, &mut Vec::new())
    }

    /// `seen`: the references being followed, so a cycle of them ends (it
    /// adds nothing); its length also bounds inline nesting.
    fn may_be_null_within<T: AsSchema>(
        &self,
        schema: &ReferenceOr<T>,
        seen: &mut Vec<String>,
    ) -> bool {
        match schema {
            ReferenceOr::Item(schema) => self.schema_may_be_null(schema.as_schema(), seen),
            ReferenceOr::Reference { reference } => {
                if seen.contains(reference) || seen.len() >= MAX_INLINE_DEPTH {
                    return false;
                }
                seen.push(reference.clone());
                let nullable = self.reference_may_be_null(reference, seen);
                seen.pop();
                nullable
            }
        }
    }

    fn reference_may_be_null(&self, reference: &str, seen: &mut Vec<String>) -> bool {
        if self.replaced(reference).is_some() || self.component_names.contains_key(reference) {
            return self.component_may_be_null(reference, seen);
        }
        if let Some(done) = self.by_reference.get(reference) {
            return done.nullable;
        }
        // lowered like an inline schema
        self.resolver
            .follow::<Schema>(reference)
            .is_ok_and(|schema| self.schema_may_be_null(&schema, seen))
    }

    fn component_may_be_null(&self, reference: &str, seen: &mut Vec<String>) -> bool {
        match self.components.get(&component_key(reference)) {
            Some(component) => self.may_be_null_within(component, seen),
            None => false,
        }
    }

    fn schema_may_be_null(&self, schema: &Schema, seen: &mut Vec<String>) -> bool {
        if schema.schema_data.nullable {
            return true;
        }
        match &schema.schema_kind {
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => parts
                .iter()
                .any(|alternative| self.may_be_null_within(alternative, seen)),
            _ => false,
        }
    }
}
