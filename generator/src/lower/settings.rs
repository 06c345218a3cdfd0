//! What the user's settings give the generated types, recorded on them
//! once the type table is built (the type mappings, `Ty::Custom`, are the
//! table's own business): extra derives, attributes, and whether serde's
//! derive decodes a type because the user gave it serde attributes. The
//! emitters read these from the IR, never the settings.

use indexmap::IndexMap;

use crate::customise::{Customisations, derive_name};
use crate::diagnostics::Diagnostic;
use crate::ir::{Api, Decoding, Ty, TypeDef, TypeKind, TypeSettings};

/// Sets `settings` on every type of `types`, and clears the tag of each
/// union alternative whose object keeps serde's derive (which reads the
/// tag itself, so the union does not take it out).
pub fn apply(types: &mut [TypeDef], customise: &Customisations) {
    let derives: Vec<String> = customise
        .derives
        .iter()
        .filter(|derive| !matches!(derive_name(derive), "Serialize" | "Deserialize"))
        .cloned()
        .collect();
    let derived = |name: &str| customise.has_serde_attributes(name);
    for def in types.iter_mut() {
        def.settings = TypeSettings {
            derives: match def.kind {
                TypeKind::Alias(_) => Vec::new(),
                _ => derives.clone(),
            },
            attributes: customise
                .type_attributes
                .iter()
                .filter(|(name, _)| *name == def.name)
                .map(|(_, attribute)| attribute.clone())
                .collect(),
            decoding: if derived(&def.name) {
                Decoding::Derive
            } else {
                Decoding::Macro
            },
        };
        if let TypeKind::Union(union) = &mut def.kind {
            for variant in &mut union.variants {
                if !matches!(&variant.ty, Ty::Named(name) if !derived(name)) {
                    variant.tag = None;
                }
            }
        }
    }
}

/// Settings that name a schema or type the document does not have.
pub fn unmatched(
    api: &Api,
    schemas: &IndexMap<String, openapiv3::ReferenceOr<openapiv3::Schema>>,
    customise: &Customisations,
) -> Vec<Diagnostic> {
    let schema_keys = customise
        .schema_types
        .keys()
        .filter(|key| !schemas.contains_key(*key))
        .map(|key| {
            Diagnostic::warning(
                "#/components/schemas",
                format!("setting `schema_type({key:?}, ..)`: no schema `{key}` here"),
            )
        });
    let type_names = customise
        .type_attributes
        .iter()
        .filter(|(name, _)| api.find_type(name).is_none())
        .map(|(name, _)| {
            Diagnostic::warning(
                "#",
                format!("setting `type_attribute({name:?}, ..)`: no generated type `{name}`"),
            )
            .with_hint("use the type's name as it appears in the generated models module")
        });
    schema_keys.chain(type_names).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, Struct, Union, UnionVariant};

    fn object(name: &str) -> TypeDef {
        let object = Struct {
            fields: Vec::new(),
            extra: None,
            tag: Some(("type".to_owned(), name.to_lowercase())),
        };
        TypeDef::new(name.to_owned(), Docs::default(), TypeKind::Struct(object))
    }

    #[test]
    fn types_get_their_settings_and_serde_attributes_keep_the_derive() {
        let variant = |name: &str| UnionVariant {
            name: name.to_owned(),
            ty: Ty::Named(name.to_owned()),
            tag: Some(name.to_lowercase()),
        };
        let union = Union {
            variants: vec![variant("Cat"), variant("Dog")],
            discriminator: None,
        };
        let mut types = vec![
            object("Cat"),
            object("Dog"),
            TypeDef::new("Id".to_owned(), Docs::default(), TypeKind::Alias(Ty::I64)),
            TypeDef::new("Pet".to_owned(), Docs::default(), TypeKind::Union(union)),
        ];
        let customise = Customisations {
            derives: vec!["Eq".to_owned(), "serde::Serialize".to_owned()],
            type_attributes: vec![
                ("Dog".to_owned(), "#[serde(deny_unknown_fields)]".to_owned()),
                ("Id".to_owned(), "#[doc = \"An id.\"]".to_owned()),
            ],
            ..Customisations::default()
        };
        apply(&mut types, &customise);
        let (cat, dog, id) = (&types[0], &types[1], &types[2]);
        assert_eq!(cat.settings.derives, ["Eq"]);
        assert_eq!(cat.settings.decoding, Decoding::Macro);
        assert_eq!(dog.settings.attributes, ["#[serde(deny_unknown_fields)]"]);
        assert_eq!(dog.settings.decoding, Decoding::Derive);
        assert!(id.settings.derives.is_empty());
        assert_eq!(id.settings.attributes, ["#[doc = \"An id.\"]"]);
        // the union takes the tag out only of the object decoded by the macro
        let tags: Vec<Option<&str>> = match &types[3].kind {
            TypeKind::Union(union) => union.variants.iter().map(|v| v.tag.as_deref()).collect(),
            _ => Vec::new(),
        };
        assert_eq!(tags, [Some("cat"), None]);
    }
}
