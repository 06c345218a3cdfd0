//! The API surface as `diff` compares it: every item users meet, keyed by
//! its Rust path, with its kind, signature, documentation and the place in
//! the document it comes from. Made from the IR (for two documents) or read
//! from an API listing (for `build.rs`, against the committed one).

use std::collections::BTreeMap;

use super::rules::{ItemKind, grows_openly};
use super::tokens::one_line;
use crate::diagnostics::Pointer;
use crate::emit::common::{
    argument, body_argument, body_type, field_argument, ident, models_prefix, rust_type,
};
use crate::ir::{
    Api, Docs, Operation, Presence, ResponseBody, SchemeKind, SecurityScheme, Ty, TypeDef,
    TypeKind, Webhook, WholeBody,
};

/// One item of the surface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What it is.
    pub kind: ItemKind,
    /// Its signature: a type, a position and type, a URL.
    pub signature: String,
    /// Its documentation.
    pub docs: String,
    /// Where it comes from in the document (`#` for listings).
    pub pointer: String,
    /// Whether its container may grow without breaking users (see
    /// `rules::classify`).
    pub open: bool,
}

/// Every item, by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface(pub BTreeMap<String, Entry>);

impl Surface {
    fn add(&mut self, path: String, kind: ItemKind, signature: String, docs: &Docs, at: &Pointer) {
        let docs = [docs.summary.as_deref(), docs.description.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n\n");
        let entry = Entry {
            kind,
            signature,
            docs,
            pointer: at.to_string(),
            open: grows_openly(kind),
        };
        self.0.insert(path, entry);
    }

    /// The surface of the code generated from `api`, with the crate's
    /// cargo `features` (none when the client is not behind features).
    pub fn of_api(api: &Api, features: &[String]) -> Self {
        let mut surface = Self::default();
        for (index, server) in api.servers.iter().enumerate() {
            let docs = Docs {
                summary: server.description.clone(),
                description: None,
            };
            let at = Pointer::root().join("servers").join(index);
            let path = format!("Server::{}", server.variant);
            surface.add(path, ItemKind::Server, server.url.clone(), &docs, &at);
        }
        for header in &api.client_headers {
            let ty = type_text(&header.ty);
            let path = format!("ClientBuilder::{}", header.setter);
            let at = Pointer::root().join("paths");
            surface.add(path, ItemKind::Setter, ty, &header.docs, &at);
        }
        for scheme in &api.auth.schemes {
            surface.scheme(scheme);
        }
        for feature in features {
            let path = format!("feature {feature}");
            surface.add(
                path,
                ItemKind::Feature,
                String::new(),
                &Docs::default(),
                &Pointer::root(),
            );
        }
        for operation in &api.operations {
            surface.operation(operation);
        }
        for webhook in &api.webhooks {
            surface.webhook(webhook);
        }
        for def in &api.types {
            surface.model(def);
        }
        surface
    }

    /// A webhook's variant of `WebhookEvent`: its event name, method and
    /// body, so that a new event, a gone one and a changed body show.
    fn webhook(&mut self, webhook: &Webhook) {
        let path = format!("webhooks::WebhookEvent::{}", webhook.variant);
        let signature = format!(
            "{} {:?}{}",
            webhook.method.as_str(),
            webhook.event,
            whole_body_text(webhook.body.as_ref())
        );
        let kind = ItemKind::Variant;
        self.add(path, kind, signature, &webhook.docs, &webhook.origin);
    }

    /// A security scheme's settings: its own, and that of its client
    /// credentials flow.
    fn scheme(&mut self, scheme: &SecurityScheme) {
        let docs = Docs {
            summary: scheme.description.clone(),
            description: None,
        };
        let arguments = match &scheme.kind {
            SchemeKind::Basic => "(username, password)",
            SchemeKind::Authorization { .. } | SchemeKind::ApiKey { .. } => "(value)",
            SchemeKind::Token { .. } => "(source: impl TokenSource)",
        };
        let path = format!("ClientBuilder::{}", scheme.setter);
        self.add(
            path,
            ItemKind::Setter,
            arguments.to_owned(),
            &docs,
            &scheme.origin,
        );
        if let SchemeKind::Token {
            client_credentials: Some(flow),
        } = &scheme.kind
        {
            let path = format!("ClientBuilder::{}", flow.setter);
            let signature = "(client_id, client_secret)".to_owned();
            self.add(path, ItemKind::Setter, signature, &docs, &scheme.origin);
        }
    }

    fn operation(&mut self, op: &Operation) {
        let method = format!("Client::{}", op.method_name);
        let builder = format!("requests::{}", op.builder_name);
        let signature = format!(
            "-> {builder} ({} {})",
            op.http_method.as_str(),
            op.path_template
        );
        self.add(
            method.clone(),
            ItemKind::Operation,
            signature,
            &op.docs,
            &op.origin,
        );
        let parameters = op.origin.join("parameters");
        let required = op.params.iter().filter(|p| p.required);
        for (position, param) in required.enumerate() {
            let ty = one_line(&argument(param).0);
            let path = format!("{method}({})", param.name);
            let signature = format!("#{} {ty}", position + 1);
            self.add(
                path,
                ItemKind::Argument,
                signature,
                &param.docs,
                &parameters,
            );
        }
        for param in op.params.iter().filter(|p| !p.required) {
            let ty = one_line(&argument(param).0);
            let path = format!("{builder}::{}", param.name);
            self.add(path, ItemKind::Setter, ty, &param.docs, &parameters);
        }
        if let Some(body) = &op.body {
            let at = op.origin.join("requestBody");
            let positions = op.params.iter().filter(|p| p.required).count() + 1;
            if body.required {
                let ty = one_line(&body_argument(body).0);
                let path = format!("{method}(body)");
                self.add(
                    path,
                    ItemKind::Argument,
                    format!("#{positions} {ty}"),
                    &body.docs,
                    &at,
                );
            } else {
                let ty = one_line(&body_type(body));
                self.add(
                    format!("{builder}::body"),
                    ItemKind::Setter,
                    ty,
                    &body.docs,
                    &at,
                );
            }
        }
        let response = match &op.response {
            Some(ResponseBody::Json(ty)) => type_text(ty),
            Some(ResponseBody::Text) => "String".to_owned(),
            Some(ResponseBody::Bytes) => "Vec<u8>".to_owned(),
            Some(ResponseBody::Events(data)) => format!(
                "EventStream<{}>",
                data.as_ref().map_or_else(|| "String".to_owned(), type_text)
            ),
            Some(ResponseBody::JsonItems(ty, _)) => format!("JsonStream<{}>", type_text(ty)),
            Some(ResponseBody::ByStatus(by_status)) => by_status_text(by_status),
            None => "()".to_owned(),
        };
        let at = op.origin.join("responses");
        self.add(
            format!("{builder}::send"),
            ItemKind::Response,
            response,
            &Docs::default(),
            &at,
        );
        if let Some(pagination) = &op.pagination {
            let item = type_text(&pagination.item);
            let path = format!("{builder}::into_stream");
            self.add(path, ItemKind::Method, item, &Docs::default(), &at);
        }
    }

    fn model(&mut self, def: &TypeDef) {
        let path = format!("models::{}", def.name);
        let signature = match &def.kind {
            TypeKind::Struct(_) => "struct".to_owned(),
            TypeKind::StringEnum(_) => "enum of strings".to_owned(),
            TypeKind::Union(_) => "enum of types".to_owned(),
            TypeKind::Alias(ty) => format!("type = {}", type_text(ty)),
        };
        self.add(
            path.clone(),
            ItemKind::Model,
            signature,
            &def.docs,
            &def.origin,
        );
        match &def.kind {
            TypeKind::Struct(object) => {
                let properties = def.origin.join("properties");
                for field in &object.fields {
                    let ty = match field.presence {
                        Presence::Required => type_text(&field.ty),
                        _ => format!("Option<{}>", type_text(&field.ty)),
                    };
                    let at = properties.join(&field.wire_name);
                    let field_path = format!("{path}::{}", field.name);
                    self.add(field_path, ItemKind::Field, ty, &field.docs, &at);
                }
                let arguments: Vec<String> = object
                    .fields
                    .iter()
                    .filter(|f| f.presence == Presence::Required)
                    .map(|f| {
                        let (ty, _) = field_argument(&f.ty, &ident(&f.name));
                        format!("{}: {}", f.name, one_line(&ty))
                    })
                    .collect();
                self.add(
                    format!("{path}::new"),
                    ItemKind::Constructor,
                    format!("({})", arguments.join(", ")),
                    &Docs::default(),
                    &properties,
                );
                if let Some(extra) = &object.extra {
                    let ty = format!("BTreeMap<String, {}>", type_text(&extra.value));
                    let at = def.origin.join("additionalProperties");
                    let field_path = format!("{path}::{}", extra.name);
                    self.add(field_path, ItemKind::Field, ty, &Docs::default(), &at);
                }
            }
            TypeKind::StringEnum(values) => {
                let at = def.origin.join("enum");
                for value in &values.variants {
                    let docs = Docs {
                        summary: value.docs.clone(),
                        description: None,
                    };
                    let variant = format!("{path}::{}", value.name);
                    let wire = format!("{:?}", value.wire_value);
                    self.add(variant, ItemKind::Variant, wire, &docs, &at);
                }
            }
            TypeKind::Union(union) => {
                for variant in &union.variants {
                    let ty = type_text(&variant.ty);
                    let variant_path = format!("{path}::{}", variant.name);
                    self.add(
                        variant_path,
                        ItemKind::Variant,
                        ty,
                        &Docs::default(),
                        &def.origin,
                    );
                }
            }
            TypeKind::Alias(_) => {}
        }
    }

    /// The surface an API listing (`API.txt`) describes: one entry per line,
    /// keyed by the line's path, its kind from the line's keyword.
    pub fn of_listing(listing: &str) -> Self {
        let mut surface = Self::default();
        let open_containers: Vec<String> = listing
            .lines()
            .filter(|line| {
                line.starts_with("#[non_exhaustive]") || line.contains("{ private fields }")
            })
            .filter_map(|line| listing_path(line).map(|(_, path)| path.to_owned()))
            .collect();
        for line in listing.lines() {
            let Some((kind, path)) = listing_path(line) else {
                continue;
            };
            let container = path.rsplit_once("::").map_or("", |(parent, _)| parent);
            let open = match kind {
                ItemKind::TraitMethod => line.contains(" (provided)"),
                _ => open_containers.iter().any(|c| c == container),
            };
            // an impl's line is its own key: a type has many
            let key = if kind == ItemKind::Impl {
                line.to_owned()
            } else {
                path.to_owned()
            };
            let entry = Entry {
                kind,
                signature: line.to_owned(),
                docs: String::new(),
                pointer: "#".to_owned(),
                open,
            };
            surface.0.insert(key, entry);
        }
        surface
    }
}

/// The kind and path of a listing line (see `api::listing`).
fn listing_path(line: &str) -> Option<(ItemKind, &str)> {
    let line = line.strip_prefix("#[non_exhaustive] ").unwrap_or(line);
    let (kind, rest) = [
        ("pub const fn ", ItemKind::Function),
        ("pub fn ", ItemKind::Function),
        ("trait fn ", ItemKind::TraitMethod),
        ("pub struct ", ItemKind::Model),
        ("pub enum ", ItemKind::Model),
        ("pub type ", ItemKind::Model),
        ("field ", ItemKind::Field),
        ("variant ", ItemKind::Variant),
        ("impl ", ItemKind::Impl),
        ("pub ", ItemKind::Item),
    ]
    .into_iter()
    .find_map(|(prefix, kind)| line.strip_prefix(prefix).map(|rest| (kind, rest)))?;
    let rest = match kind {
        ItemKind::Item => rest.split_once(' ').map_or(rest, |(_, after)| after),
        ItemKind::Impl => rest.rsplit_once(" for ").map_or(rest, |(_, after)| after),
        _ => rest,
    };
    let end = path_end(rest);
    rest.get(..end).map(|path| (kind, path))
}

/// Where a path (segments joined by `::`) ends in `text`.
fn path_end(text: &str) -> usize {
    let mut end = 0;
    let bytes = text.as_bytes();
    while end < bytes.len() {
        let c = bytes.get(end).copied().unwrap_or(b' ');
        if c == b':' && bytes.get(end + 1) == Some(&b':') {
            end += 2;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'#' {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// A field or argument type as the generated code writes it.
fn type_text(ty: &Ty) -> String {
    one_line(&rust_type(ty, &models_prefix()))
}

/// The payload of a variant that holds a body read whole: `(Type)`, or
/// nothing without a body.
fn whole_body_text(body: Option<&WholeBody>) -> String {
    match body {
        Some(WholeBody::Json(ty)) => format!("({})", type_text(ty)),
        Some(WholeBody::Text) => "(String)".to_owned(),
        Some(WholeBody::Bytes) => "(Vec<u8>)".to_owned(),
        None => String::new(),
    }
}

/// An enum of bodies by status as the surface compares it: its name, and
/// each variant with its statuses and body, so that a change to any of
/// them is a changed response.
fn by_status_text(by_status: &crate::ir::StatusBodies) -> String {
    let variants: Vec<String> = (by_status.variants.iter())
        .map(|v| {
            let statuses: Vec<String> = v.statuses.iter().map(|s| s.text()).collect();
            let body = whole_body_text(v.body.as_ref());
            format!("{}{body} = {}", v.name, statuses.join("|"))
        })
        .collect();
    format!("{} {{ {} }}", by_status.name, variants.join(", "))
}
