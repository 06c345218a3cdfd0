//! Implied tags: the tag property of an inline object in a union told apart
//! by a constant property is taken out of its struct, which writes it
//! itself (`#[serde(tag, rename)]`), and the inline type that held it is
//! dropped.

use openapiv3::{ReferenceOr, Schema};

use super::TypeTable;
use super::cycles::by_value_names;
use crate::ir::{Ty, TypeKind, UnionVariant};

impl TypeTable<'_> {
    /// Takes the tag property out of the objects written inline in an
    /// implied-tag union: the union picks the variant by it when decoding
    /// and writes it when sending, so nobody fills it in by hand. Objects
    /// that are components keep it, as they are also used on their own.
    pub(super) fn take_out_tags(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        variants: &mut [UnionVariant],
        property: &str,
        values: &[Vec<String>],
    ) {
        for ((part, variant), values) in parts.iter().zip(variants.iter_mut()).zip(values) {
            // an object that allows several values keeps its tag: which one
            // it holds is its own
            let [value] = values.as_slice() else {
                continue;
            };
            let Ty::Named(name) = &variant.ty else {
                continue;
            };
            if !matches!(part, ReferenceOr::Item(_)) || self.is_shared(name) {
                continue;
            }
            let Some(def) = self.defs.get_mut(name) else {
                continue;
            };
            let TypeKind::Struct(object) = &mut def.kind else {
                continue;
            };
            let Some(at) = object.fields.iter().position(|f| f.wire_name == property) else {
                continue;
            };
            let tag = object.fields.remove(at);
            object.tag = Some((property.to_owned(), value.clone()));
            let note = format!(
                "The `{property}` property is not stored here: the union holding this object adds `\"{property}\": \"{value}\"` when sending it."
            );
            def.docs.add_paragraph(&note);
            variant.tag = Some(value.clone());
            self.drop_inline(&tag.ty);
        }
    }

    /// Removes the inline type `ty` names and the inline types it holds,
    /// once nothing refers to them (a field that held one is now a file, or
    /// a tag property was taken out of its object).
    pub(super) fn drop_inline(&mut self, ty: &Ty) {
        let Ty::Named(name) = ty else {
            return;
        };
        if self.is_shared(name) || self.defs.values().any(|def| def.kind.refers_to(name)) {
            return;
        }
        // each call removes a type: the recursion ends
        if let Some(def) = self.defs.remove(name) {
            for held in by_value_names(&def.kind) {
                self.drop_inline(&Ty::Named(held));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Discriminator, TagType, Ty};
    use crate::lower::types::testing::Doc;

    const ADDRESS: &str = "
        Explicit:
          type: object
          required: [type, ip]
          properties:
            type: {type: string, enum: [explicit]}
            ip: {type: string}
        Address:
          oneOf:
            - $ref: '#/components/schemas/Explicit'
            - type: object
              required: [type]
              properties:
                type: {type: string, enum: [auto]}
                pool: {type: string}
    ";

    #[test]
    fn inline_objects_lose_their_tag_property_to_the_union() {
        let types = Doc::new(ADDRESS).lower();
        let address = types.union("Address");
        assert_eq!(
            address.discriminator,
            Some(Discriminator {
                property: "type".to_owned(),
                mapping: vec![
                    ("explicit".to_owned(), "Explicit".to_owned()),
                    ("auto".to_owned(), "Auto".to_owned()),
                ],
                tag_type: TagType::String,
            })
        );
        let auto = address.variants.get(1).unwrap();
        assert_eq!(auto.ty, Ty::Named("AddressAuto".to_owned()));
        assert_eq!(auto.tag.as_deref(), Some("auto"));
        let inline = types.object("AddressAuto");
        let wire: Vec<&str> = inline.fields.iter().map(|f| f.wire_name.as_str()).collect();
        assert_eq!(wire, ["pool"]);
        assert_eq!(inline.tag, Some(("type".to_owned(), "auto".to_owned())));
        let docs = types.def("AddressAuto").docs.description.clone().unwrap();
        assert!(
            docs.contains("adds `\"type\": \"auto\"` when sending it"),
            "{docs}"
        );
    }

    #[test]
    fn components_keep_their_tag_and_the_inline_tag_type_is_dropped() {
        let types = Doc::new(ADDRESS).lower();
        let explicit = types.object("Explicit");
        assert_eq!(explicit.tag, None);
        assert_eq!(
            types.field("Explicit", "type").ty,
            Ty::Named("ExplicitType".to_owned())
        );
        let address = types.union("Address");
        assert_eq!(address.variants.first().unwrap().tag, None);
        // the enum of the taken-out property is no longer used
        assert_eq!(
            types.names(),
            ["Address", "AddressAuto", "Explicit", "ExplicitType"]
        );
    }
}
