//! `multipart/form-data` bodies, lowered in one pass over the body's
//! schema. A struct made for the body alone is made a form as it is made:
//! its file properties (binary strings, lists of them, unions of those) are
//! typed `Ty::File` without lowering their schemas, and its fields take the
//! part media types of the `encoding` object or of the files'
//! `contentMediaType`. A shared struct (a component, or the target of a
//! reference) is left as its JSON uses need it, and a copy of it made a
//! form, `{Component}Form`, once per shared struct and set of parts.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{Encoding, MediaType, ReferenceOr, Schema, SchemaKind, Type};

use super::objects::ObjectParts;
use super::{Lowered, Shape, TypeTable, docs};
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Docs, Field, Struct, Ty, TypeKind};
use crate::lower::multipart;
use crate::naming::type_ident;

/// What a form body says of its parts beyond its schema: its `encoding`
/// object, and where its media type object stands.
pub(super) struct Form<'c> {
    encoding: &'c IndexMap<String, Encoding>,
    at: Pointer,
}

/// A shared struct and the parts it is sent as: its files and their media
/// types.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct FormKey {
    shared: String,
    files: BTreeMap<String, Ty>,
    media_types: BTreeMap<String, String>,
}

impl TypeTable<'_> {
    /// The type of a `multipart/form-data` body (the media type object
    /// `content`, at `at`; `context` names an inline struct): the struct its
    /// schema stands for (directly, through references and aliases, or as
    /// the only part of an `allOf`), made a form. `None` when the schema is
    /// no object with properties: there is nothing to send as parts.
    pub fn lower_form(&mut self, content: &MediaType, context: &str, at: &Pointer) -> Option<Ty> {
        let form = Form {
            encoding: &content.encoding,
            at: at.clone(),
        };
        let schema = content.schema.as_ref()?;
        self.form_of(schema, context, &at.join("schema"), &form)
    }

    fn form_of(
        &mut self,
        schema: &ReferenceOr<Schema>,
        context: &str,
        at: &Pointer,
        form: &Form<'_>,
    ) -> Option<Ty> {
        match schema {
            ReferenceOr::Reference { reference } => {
                let ty = self.lower_ref(reference, context).ty;
                self.shared_form(&ty, schema, at, form)
            }
            ReferenceOr::Item(inline) => self.inline_form(inline, context, at, form),
        }
    }

    /// The form of a body schema written inline: an object's struct, made
    /// for this body alone and made a form as it is made.
    fn inline_form(
        &mut self,
        schema: &Schema,
        context: &str,
        at: &Pointer,
        form: &Form<'_>,
    ) -> Option<Ty> {
        if !may_have_properties(schema) {
            return None;
        }
        match self.shape(schema, context, at) {
            Shape::Same(part, part_at) => self.form_of(part, context, &part_at, form),
            Shape::Object(parts) => {
                self.warn_unknown_parts(form, &parts);
                let name = self.names.claim(type_ident(context));
                let object = self.object(&name, parts, at, Some(form));
                let docs = docs(&schema.schema_data);
                self.insert(name.clone(), docs, TypeKind::Struct(object), at);
                Some(Ty::Named(name))
            }
            // a map, or an `allOf` that cannot be expressed (warned of)
            Shape::Direct(_) | Shape::Enum(..) | Shape::Union(..) => None,
        }
    }

    /// The form of the shared struct `ty` names (directly or through
    /// aliases), the body's schema being `schema`: a copy of the struct
    /// made a form, or the struct itself when no field changes.
    fn shared_form(
        &mut self,
        ty: &Ty,
        schema: &ReferenceOr<Schema>,
        at: &Pointer,
        form: &Form<'_>,
    ) -> Option<Ty> {
        let chain = self.names_to_struct(ty)?;
        // a component may be an alias of an inline struct (a one-part
        // `allOf`): the struct is then shared too, and the form is named
        // after the last shared name on the way to it
        let shared = chain.iter().rev().find(|name| self.is_shared(name))?;
        let mut parts = ObjectParts::default();
        self.merge_into(&mut parts, schema, at, 0);
        self.warn_unknown_parts(form, &parts);
        let TypeKind::Struct(object) = &self.defs.get(chain.last()?)?.kind else {
            return None;
        };
        let (copy, key) = self.form_copy(object, &parts, form, shared.clone());
        if copy == *object {
            return Some(ty.clone());
        }
        Some(Ty::Named(self.form_type(key, copy)))
    }

    /// The names from `ty` to the struct it names through aliases, that
    /// struct's last; `None` when it names no struct.
    fn names_to_struct(&self, ty: &Ty) -> Option<Vec<String>> {
        let mut chain = Vec::new();
        let mut current = ty;
        // one step per named type at most: aliases cannot loop for ever
        for _ in 0..=self.defs.len() {
            let Ty::Named(name) = current else {
                return None;
            };
            chain.push(name.clone());
            match &self.defs.get(name)?.kind {
                TypeKind::Alias(inner) => current = inner,
                TypeKind::Struct(_) => return Some(chain),
                _ => return None,
            }
        }
        None
    }

    /// A copy of the struct `object`, shared as `shared`, its fields made
    /// parts as the body's properties `parts` and the form's `encoding`
    /// say; and the key of that form.
    fn form_copy(
        &self,
        object: &Struct,
        parts: &ObjectParts,
        form: &Form<'_>,
        shared: String,
    ) -> (Struct, FormKey) {
        let mut copy = object.clone();
        let mut key = FormKey {
            shared,
            files: BTreeMap::new(),
            media_types: BTreeMap::new(),
        };
        for field in &mut copy.fields {
            let Some(schema) = parts.property(&field.wire_name) else {
                continue;
            };
            let part = multipart::part(self.resolver, form.encoding, &field.wire_name, schema);
            if let Some(file) = part.file {
                key.files.insert(field.wire_name.clone(), file.clone());
                field.ty = file;
            }
            if let Some(media_type) = part.media_type {
                sent_as(field, &media_type);
                key.media_types.insert(field.wire_name.clone(), media_type);
            }
        }
        (copy, key)
    }

    /// The form type for `key`: made on first use, as `form` under a free
    /// name (`{shared}Form`).
    fn form_type(&mut self, key: FormKey, form: Struct) -> String {
        if let Some(name) = self.forms.get(&key) {
            return name.clone();
        }
        let Some(def) = self.defs.get(&key.shared) else {
            return key.shared;
        };
        let shared = &key.shared;
        let name = self
            .names
            .claim(format!("{}Form", shared.trim_end_matches('_')));
        let docs = form_docs(def.docs.clone(), shared);
        let origin = def.origin.clone();
        self.insert(name.clone(), docs, TypeKind::Struct(form), &origin);
        self.forms.insert(key, name.clone());
        name
    }

    /// A property of a form struct lowered: a file is typed as one (its
    /// schema is not lowered), any other property as usual; with the media
    /// type its parts are sent with.
    pub(super) fn lower_part(
        &mut self,
        form: &Form<'_>,
        wire_name: &str,
        schema: &ReferenceOr<Box<Schema>>,
        context: &str,
        at: &Pointer,
    ) -> (Lowered, Option<String>) {
        let part = multipart::part(self.resolver, form.encoding, wire_name, schema);
        let lowered = match part.file {
            Some(file) => Lowered {
                ty: file,
                nullable: self.may_be_null(schema),
            },
            None => self.lower_boxed(schema, context, at),
        };
        (lowered, part.media_type)
    }

    /// Warns of the names in the form's `encoding` object that are no
    /// property of its body (`parts`): they are not used.
    fn warn_unknown_parts(&mut self, form: &Form<'_>, parts: &ObjectParts) {
        for name in form.encoding.keys() {
            if parts.property(name).is_some() {
                continue;
            }
            self.warnings.push(
                Diagnostic::warning(
                    form.at.join("encoding").join(name),
                    format!(
                        "the encoding of `{name}` is for no property of the form; it is not used"
                    ),
                )
                .with_hint("name a property of the body schema, or remove the entry"),
            );
        }
    }
}

/// Whether an inline body schema may stand for an object with properties:
/// an object or an untyped schema with properties, or an `allOf`. Others
/// are not lowered at all.
fn may_have_properties(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::Any(any) => !any.properties.is_empty(),
        SchemaKind::AllOf { .. } => true,
        _ => false,
    }
}

/// Makes `field` sent with `Content-Type: media_type`, as its docs say.
pub(super) fn sent_as(field: &mut Field, media_type: &str) {
    field.part_media_type = Some(media_type.to_owned());
    let note = if field.ty.holds_files() {
        format!("Sent with `Content-Type: {media_type}` unless the file names its own.")
    } else {
        format!("Sent with `Content-Type: {media_type}`.")
    };
    field.docs.add_paragraph(&note);
}

/// The docs of the form type of the struct `name`: its own, and what the
/// form is.
fn form_docs(mut docs: Docs, name: &str) -> Docs {
    docs.add_paragraph(&format!(
        "[`{name}`] as a `multipart/form-data` body: its file properties are `FilePart`s."
    ));
    docs
}

#[cfg(test)]
mod tests {
    use openapiv3::MediaType;

    use super::*;
    use crate::ir::Presence;
    use crate::lower::types::testing::{Doc, Types};

    const SCHEMAS: &str = "
        Profile:
          type: object
          description: A profile.
          required: [name]
          properties:
            name: {type: string}
            picture: {type: string, format: binary}
        ProfileAlias: {$ref: '#/components/schemas/Profile'}
        Avatar:
          allOf:
            - type: object
              properties:
                image: {type: string, format: binary, contentMediaType: image/png}
        Note: {type: object, properties: {text: {type: string}}}
    ";

    /// Lowers the `multipart/form-data` bodies `contents` (YAML media type
    /// objects) one after the other, as operations do, in a document whose
    /// component schemas are `schemas`: the type of each (`None`: sent as
    /// bytes), and the finished table.
    fn forms(schemas: &str, contents: &[&str]) -> (Vec<Option<Ty>>, Types) {
        let doc = Doc::new(schemas);
        let mut table = doc.table();
        table.lower_components();
        let tys = contents
            .iter()
            .map(|content| {
                let content: MediaType = serde_yaml::from_str(content).unwrap();
                table.lower_form(&content, "UploadBody", &Pointer::root())
            })
            .collect();
        (tys, Types::from(table))
    }

    fn named(name: &str) -> Option<Ty> {
        Some(Ty::Named(name.to_owned()))
    }

    fn media_type(field: &Field) -> Option<&str> {
        field.part_media_type.as_deref()
    }

    #[test]
    fn a_body_of_its_own_is_made_a_form_in_place() {
        let (tys, types) = forms(
            SCHEMAS,
            &["
            schema:
              type: object
              required: [image]
              properties:
                image: {type: string, format: binary}
                pages: {type: array, items: {type: string, format: binary}}
                either: {anyOf: [{type: string, format: binary}, {type: array, items: {type: string, format: binary}}]}
                caption: {type: string}
            encoding:
              image: {contentType: image/png}
              caption: {contentType: text/plain}
              pages: {contentType: 'image/*'}
            "],
        );
        assert_eq!(tys, [named("UploadBody")]);
        let files = Ty::Vec(Box::new(Ty::File));
        assert_eq!(types.field("UploadBody", "image").ty, Ty::File);
        assert_eq!(types.field("UploadBody", "pages").ty, files);
        assert_eq!(types.field("UploadBody", "either").ty, files);
        assert_eq!(types.field("UploadBody", "caption").ty, Ty::String);
        let image = types.field("UploadBody", "image");
        assert_eq!(media_type(image), Some("image/png"));
        let note = "Sent with `Content-Type: image/png` unless the file names its own.";
        assert_eq!(image.docs.description.as_deref(), Some(note));
        let caption = types.field("UploadBody", "caption");
        assert_eq!(media_type(caption), Some("text/plain"));
        // a wildcard names no type to send
        assert_eq!(media_type(types.field("UploadBody", "pages")), None);
        // no type is left for what `either` was before it was a file
        assert!(
            !types
                .names()
                .iter()
                .any(|n| n.starts_with("UploadBodyEither"))
        );
    }

    #[test]
    fn a_component_gets_a_form_type_once_per_set_of_parts() {
        let profile = "schema: {$ref: '#/components/schemas/Profile'}";
        let (tys, types) = forms(
            SCHEMAS,
            &[
                profile,
                "schema: {$ref: '#/components/schemas/ProfileAlias'}",
                "{schema: {$ref: '#/components/schemas/Profile'}, encoding: {picture: {contentType: image/jpeg}}}",
                profile,
            ],
        );
        let form = named("ProfileForm");
        assert_eq!(
            tys,
            [form.clone(), form.clone(), named("ProfileForm2"), form]
        );
        // the component is left as it is, for its JSON uses
        assert_eq!(types.field("Profile", "picture").ty, Ty::String);
        assert_eq!(types.field("ProfileForm", "picture").ty, Ty::File);
        assert_eq!(media_type(types.field("ProfileForm", "picture")), None);
        let picture = types.field("ProfileForm2", "picture");
        assert_eq!(media_type(picture), Some("image/jpeg"));
        let docs = types.def("ProfileForm").docs.description.clone().unwrap();
        assert_eq!(
            docs,
            "A profile.\n\n[`Profile`] as a `multipart/form-data` body: its file properties are `FilePart`s."
        );
    }

    #[test]
    fn an_alias_of_an_inline_struct_is_shared_and_named_after_the_alias() {
        let (tys, types) = forms(SCHEMAS, &["schema: {$ref: '#/components/schemas/Avatar'}"]);
        assert_eq!(tys, [named("AvatarForm")]);
        let image = types.field("AvatarForm", "image");
        assert_eq!(image.ty, Ty::File);
        // OpenAPI 3.1's `contentMediaType` is the part's media type
        assert_eq!(media_type(image), Some("image/png"));
        assert_eq!(
            *types.kind("Avatar"),
            TypeKind::Alias(Ty::Named("Avatar2".to_owned()))
        );
        assert_eq!(types.field("Avatar2", "image").ty, Ty::String);
    }

    #[test]
    fn a_component_without_files_or_media_types_is_its_own_form() {
        let (tys, types) = forms(
            SCHEMAS,
            &[
                "schema: {$ref: '#/components/schemas/Note'}",
                "schema: {type: string}",
                "schema: {type: object, additionalProperties: {type: string}}",
            ],
        );
        assert_eq!(tys, [named("Note"), None, None]);
        assert_eq!(
            types.names(),
            ["Avatar", "Avatar2", "Note", "Profile", "ProfileAlias"]
        );
    }

    #[test]
    fn files_are_not_lowered_but_keep_their_presence() {
        let (tys, types) = forms(
            "Binary: {type: string, format: binary, nullable: true}",
            &["
            schema:
              type: object
              required: [scan, frames]
              properties:
                scan: {$ref: '#/components/schemas/Binary'}
                frames: {nullable: true, anyOf: [{type: string, format: binary}, {type: array, items: {type: string, format: binary}}]}
                mask: {oneOf: [{type: string, format: binary, nullable: true}, {type: string, format: binary}]}
                source: {oneOf: [{type: string, format: binary}, {type: integer}]}
            "],
        );
        assert_eq!(tys, [named("UploadBody")]);
        let presence = |wire: &str| types.field("UploadBody", wire).presence;
        assert_eq!(presence("scan"), Presence::RequiredNullable);
        assert_eq!(presence("frames"), Presence::RequiredNullable);
        assert_eq!(presence("mask"), Presence::OptionalNullable);
        // a file or a number is no file: a union, lowered as usual
        let source = &types.field("UploadBody", "source").ty;
        assert_eq!(*source, Ty::Named("UploadBodySource".to_owned()));
        assert_eq!(types.names(), ["Binary", "UploadBody", "UploadBodySource"]);
    }

    #[test]
    fn encodings_of_no_property_are_warned_of() {
        let (_, types) = forms(
            SCHEMAS,
            &[
                "{schema: {$ref: '#/components/schemas/Note'}, encoding: {txt: {contentType: text/plain}}}",
                "{schema: {type: object, properties: {a: {type: string}}}, encoding: {a: {}, b: {}}}",
            ],
        );
        let pointers: Vec<&str> = types.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/encoding/txt", "#/encoding/b"]);
        assert_eq!(
            types.messages(),
            [
                "the encoding of `txt` is for no property of the form; it is not used",
                "the encoding of `b` is for no property of the form; it is not used",
            ]
        );
    }
}
