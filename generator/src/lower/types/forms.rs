//! `multipart/form-data` bodies: the struct a body's schema lowered to, its
//! fields made parts (files typed `Ty::File`, part media types): in place
//! for a struct made for the body alone, else in a form type
//! `{Component}Form` made once per shared struct and set of parts.

use std::collections::BTreeMap;

use super::TypeTable;
use crate::ir::{Docs, Struct, Ty, TypeKind};
use crate::lower::multipart::FormParts;

/// A shared struct and the parts it is sent as: its files and their media
/// types.
pub(super) type FormKey = (String, BTreeMap<String, Ty>, BTreeMap<String, String>);

impl TypeTable<'_> {
    /// The type of a `multipart/form-data` body of type `ty`: the struct it
    /// names (directly or through aliases), its fields made parts as `parts`
    /// says (files typed `Ty::File` or lists of them, media types from the
    /// `encoding` object). A struct made for this body alone is changed in
    /// place; a shared one (a component, or a schema referenced by a path
    /// outside the components) is left as it is, and a copy made a form, its
    /// form type, is made once and reused. `None` when `ty` is no struct.
    pub fn make_form(&mut self, ty: &Ty, parts: &FormParts) -> Option<Ty> {
        let chain = self.names_to_struct(ty)?;
        let name = chain.last()?.clone();
        // a component may be an alias of an inline struct (a one-part
        // `allOf`): the struct is then shared too, and the form is named
        // after the last shared name on the way to it
        let shared = chain
            .iter()
            .rev()
            .find(|name| self.is_shared(name))
            .cloned();
        let Some(TypeKind::Struct(s)) = self.defs.get_mut(&name).map(|def| &mut def.kind) else {
            return None;
        };
        let Some(named) = shared else {
            let replaced = replaced_types(s, parts);
            make_parts(s, parts);
            for old in &replaced {
                self.drop_inline(old);
            }
            return Some(ty.clone());
        };
        let mut form = s.clone();
        make_parts(&mut form, parts);
        if form == *s {
            return Some(ty.clone());
        }
        Some(Ty::Named(self.form_copy(&named, form, parts)))
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

    /// The form type of the shared struct `name` for these parts: made on
    /// first use, as `form` (the struct made a form) under a free name
    /// (`{name}Form`).
    fn form_copy(&mut self, name: &str, form: Struct, parts: &FormParts) -> String {
        let key = (
            name.to_owned(),
            parts.files.clone(),
            parts.media_types.clone(),
        );
        if let Some(form_name) = self.forms.get(&key) {
            return form_name.clone();
        }
        let Some(def) = self.defs.get(name) else {
            return name.to_owned();
        };
        let form_name = self
            .names
            .claim(format!("{}Form", name.trim_end_matches('_')));
        let docs = form_docs(def.docs.clone(), name);
        self.insert(form_name.clone(), docs, TypeKind::Struct(form));
        self.forms.insert(key, form_name.clone());
        form_name
    }
}

/// The types of the fields of `s` that `parts` makes files of another type.
fn replaced_types(s: &Struct, parts: &FormParts) -> Vec<Ty> {
    s.fields
        .iter()
        .filter(|field| {
            parts
                .files
                .get(&field.wire_name)
                .is_some_and(|file| *file != field.ty)
        })
        .map(|field| field.ty.clone())
        .collect()
}

/// Makes the fields of `s` parts as `parts` says: files get the file
/// types it gives them, and fields the `encoding` gives a media type take it
/// (said in their docs).
fn make_parts(s: &mut Struct, parts: &FormParts) {
    for field in &mut s.fields {
        if let Some(file) = parts.files.get(&field.wire_name) {
            field.ty = file.clone();
        }
        if let Some(media_type) = parts.media_types.get(&field.wire_name) {
            field.part_media_type = Some(media_type.clone());
            let note = if field.ty.holds_files() {
                format!("Sent with `Content-Type: {media_type}` unless the file names its own.")
            } else {
                format!("Sent with `Content-Type: {media_type}`.")
            };
            field.docs.add_paragraph(&note);
        }
    }
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
    use crate::diagnostics::Pointer;
    use crate::ir::Field;
    use crate::lower::multipart;
    use crate::lower::resolve::Resolver;
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
    /// objects) one after the other, as operations do: the type of each
    /// (`None`: sent as bytes), and the finished table.
    fn forms(doc: &Doc, contents: &[&str]) -> (Vec<Option<Ty>>, Types) {
        let mut table = doc.table();
        table.lower_components();
        let tys = contents
            .iter()
            .map(|content| {
                let content: MediaType = serde_yaml::from_str(content).unwrap();
                let parts = multipart::form_parts(Resolver::new(&doc.tree), &content)?;
                let schema = content.schema.as_ref()?;
                let ty = table.lower(schema, "UploadBody", &Pointer::root()).ty;
                table.make_form(&ty, &parts)
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
        let doc = Doc::new(SCHEMAS);
        let (tys, types) = forms(
            &doc,
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
        let doc = Doc::new(SCHEMAS);
        let profile = "schema: {$ref: '#/components/schemas/Profile'}";
        let (tys, types) = forms(
            &doc,
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
        let doc = Doc::new(SCHEMAS);
        let (tys, types) = forms(&doc, &["schema: {$ref: '#/components/schemas/Avatar'}"]);
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
        let doc = Doc::new(SCHEMAS);
        let (tys, types) = forms(
            &doc,
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
}
