//! Lowering: a loaded document into the IR (`ir::Api`). Types first (names
//! reserved up front), then operations, then what the user's settings give
//! the types, then what is shared by all operations (client-level headers,
//! the error body type, servers, authentication).

mod bounds;
mod example_checks;
mod examples;
mod header_names;
mod headers;
mod multipart;
mod operations;
mod pagination;
mod resolve;
mod security;
mod settings;
mod status_bodies;
mod streams;
mod types;
mod unions;
mod webhooks;

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{APIKeyLocation, OpenAPI, SecurityScheme};

pub use resolve::Resolver;
pub use security::{BASIC_AUTH, BEARER_AUTH};
pub use streams::kind as stream_kind;

use crate::customise::Customisations;
use crate::diagnostics::{Diagnostic, Severity};
use crate::filter::{OperationFilter, keep_used_types};
use crate::ir::{Api, ClientHeader, Location, Operation, ServerDef, Ty, WholeBody};
use crate::load::Document;
use crate::naming::{CLIENT_BUILDER_METHODS, Scope, snake_ident, variant_ident};

/// The lowered API and the warnings found on the way.
pub type Lowering = (Api, Vec<Diagnostic>);

/// Lowers a loaded document; errors stop generation, warnings do not.
pub fn lower(
    document: &Document,
    filter: &OperationFilter,
    customise: &Customisations,
) -> Result<Lowering, Vec<Diagnostic>> {
    let api = &document.api;
    let resolver = Resolver::new(&document.tree).with_components(api.components.as_ref());
    let empty = IndexMap::new();
    let schemas = api.components.as_ref().map_or(&empty, |c| &c.schemas);
    let mut types = types::TypeTable::new(resolver, schemas, &[], customise);
    types.lower_components();

    let mut errors = Vec::new();
    let secrets = secret_query_params(api, resolver);
    let mut examples = example_checks::ExampleChecks::default();
    examples.components(&resolver, &mut types, schemas.keys().cloned());
    let mut lowering = operations::OperationLowering::new(resolver, &mut types, secrets);
    let lowered = lowering.lower_all(api, filter, &mut errors);
    examples.extend(lowering.take_examples());
    if !errors.is_empty() {
        return Err(errors);
    }
    let webhooks = webhooks::lower(&document.tree, api, resolver, filter, &mut types);
    let types::Finished {
        mut types,
        problems,
        shared,
    } = types.finish();
    let mut lowered = lowered;
    for each in &mut lowered {
        each.share_types(&shared);
    }
    examples.for_each_ty_mut(&mut |ty| types::rename(ty, &shared));
    let mut webhooks = webhooks;
    for hook in &mut webhooks {
        if let Some(WholeBody::Json(ty)) = &mut hook.body {
            ty.for_each_mut(&mut |inner| types::rename(inner, &shared));
        }
    }
    let error_body = common_error_body(&lowered);
    settings::apply(&mut types, customise);
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = problems
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut operations: Vec<Operation> = lowered.into_iter().map(|l| l.finish(&types)).collect();
    // client builder settings beside the builder's own methods: the
    // schemes' first, then one per shared header
    let mut setters = Scope::with_reserved(CLIENT_BUILDER_METHODS.iter().copied());
    let mut warnings = warnings;
    let auth = security::settle(api, resolver, &mut operations, &mut setters, &mut warnings);
    warnings.extend(header_names::check(&operations, &auth));
    let client_headers = extract_client_headers(&mut operations, &mut setters);
    operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    let mut ir = Api {
        title: api.info.title.clone(),
        description: api.info.description.clone(),
        version: api.info.version.clone(),
        servers: servers(api),
        types,
        operations,
        client_headers,
        auth,
        error_body,
        examples: Vec::new(),
        webhooks,
    };
    if !filter.is_empty() {
        keep_used_types(&mut ir);
    }
    ir.examples = examples.finish(&ir.types);
    warnings.extend(settings::unmatched(&ir, schemas, customise));
    Ok((ir, warnings))
}

fn security_schemes<'a>(
    api: &'a OpenAPI,
    resolver: Resolver<'a>,
) -> Vec<std::borrow::Cow<'a, SecurityScheme>> {
    api.components
        .iter()
        .flat_map(|c| c.security_schemes.values())
        .filter_map(|scheme| resolver.deref(scheme).ok())
        .collect()
}

/// Query parameters that carry an API key: their values are secrets.
fn secret_query_params(api: &OpenAPI, resolver: Resolver<'_>) -> BTreeSet<String> {
    security_schemes(api, resolver)
        .iter()
        .filter_map(|scheme| match scheme.as_ref() {
            SecurityScheme::APIKey {
                location: APIKeyLocation::Query,
                name,
                ..
            } => Some(name.clone()),
            _ => None,
        })
        .collect()
}

/// The error body type, when every operation that declares one declares
/// the same single type.
fn common_error_body(lowered: &[operations::Lowered]) -> Option<Ty> {
    let all: BTreeSet<&Ty> = lowered.iter().flat_map(|l| &l.error_bodies).collect();
    match all.into_iter().collect::<Vec<_>>().as_slice() {
        [only] => Some((*only).clone()),
        _ => None,
    }
}

/// A header parameter that every operation (of two or more) declares alike,
/// and that has a default or is optional, is set once on the client instead
/// of per call.
fn extract_client_headers(operations: &mut [Operation], setters: &mut Scope) -> Vec<ClientHeader> {
    let Some((first, rest)) = operations.split_first() else {
        return Vec::new();
    };
    if rest.is_empty() {
        // one operation: its headers stay its own
        return Vec::new();
    }
    let shared: Vec<ClientHeader> = first
        .params
        .iter()
        .filter(|p| p.location == Location::Header && (p.default.is_some() || !p.required))
        .filter(|p| {
            rest.iter().all(|op| {
                op.params.iter().any(|q| {
                    q.location == Location::Header
                        && q.wire_name.eq_ignore_ascii_case(&p.wire_name)
                        && q.ty == p.ty
                        && q.default == p.default
                })
            })
        })
        .map(|p| ClientHeader {
            setter: setters.claim(snake_ident(
                p.wire_name
                    .trim_start_matches("X-")
                    .trim_start_matches("x-"),
            )),
            wire_name: p.wire_name.clone(),
            ty: p.ty.clone(),
            default: p.default.clone(),
            wire_text: p.wire_text.clone(),
            docs: p.docs.clone(),
        })
        .collect();
    for op in operations.iter_mut() {
        op.params.retain(|p| {
            p.location != Location::Header
                || !shared
                    .iter()
                    .any(|h| h.wire_name.eq_ignore_ascii_case(&p.wire_name))
        });
    }
    shared
}

/// Servers with variant names from their description (or their host).
fn servers(api: &OpenAPI) -> Vec<ServerDef> {
    let mut names = Scope::default();
    api.servers
        .iter()
        .map(|server| {
            let label = server
                .description
                .as_deref()
                .filter(|d| d.len() <= 40)
                .map_or_else(
                    || {
                        server
                            .url
                            .split("//")
                            .nth(1)
                            .unwrap_or(&server.url)
                            .split('/')
                            .next()
                            .unwrap_or_default()
                            .to_owned()
                    },
                    str::to_owned,
                );
            ServerDef {
                variant: names.claim(variant_ident(&label)),
                url: server.url.clone(),
                description: server.description.clone(),
            }
        })
        .collect()
}
