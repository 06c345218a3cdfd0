//! Security: the document's `securitySchemes` made client builder settings
//! (`ir::Auth`), and each operation's security settled (its own
//! `security`, else the document's; requirements naming an undeclared
//! scheme dropped with a warning; an API key the operation declares as a
//! parameter of its own left to that parameter).

use std::borrow::Cow;
use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{APIKeyLocation, OpenAPI, SecurityScheme as OaScheme};

use super::resolve::Resolver;
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Auth, ClientCredentialsFlow, Location, Operation, SchemeKind, SecurityScheme};
use crate::naming::{Scope, snake_ident};

/// The settings a document without security schemes gets, sent with
/// every request.
pub const BASIC_AUTH: &str = "basic_auth";
/// See [`BASIC_AUTH`].
pub const BEARER_AUTH: &str = "bearer_auth";

/// The schemes the operations use, their settings claimed in `setters`;
/// each operation's `security` settled.
pub fn settle(
    api: &OpenAPI,
    resolver: Resolver<'_>,
    operations: &mut [Operation],
    setters: &mut Scope,
    warnings: &mut Vec<Diagnostic>,
) -> Auth {
    let declared = declared(api, resolver);
    if declared.is_empty() {
        for op in operations.iter_mut() {
            op.security = None;
        }
        for generic in [BASIC_AUTH, BEARER_AUTH] {
            setters.claim(generic.to_owned());
        }
        return Auth {
            schemes: Vec::new(),
            undeclared: true,
        };
    }
    let default = names(api.security.as_deref().unwrap_or_default());
    for op in operations.iter_mut() {
        let own = op.security.take();
        let at = if own.is_some() {
            op.origin.join("security")
        } else {
            Pointer::root().join("security")
        };
        let alternatives = own.unwrap_or_else(|| default.clone());
        op.security = Some(usable(alternatives, op, &declared, &at, warnings));
    }
    warn_unrequired(&declared, &asked_scopes(api, |_| true), warnings);
    let generated: BTreeSet<&str> = operations.iter().map(|op| op.origin.as_str()).collect();
    let scopes = asked_scopes(api, |origin| generated.contains(origin));
    let schemes = declared
        .iter()
        .filter(|(name, _)| used(operations, name))
        .map(|(name, scheme)| lower_scheme(name, scheme, &scopes, setters))
        .collect();
    Auth {
        schemes,
        undeclared: false,
    }
}

/// Warns of the declared schemes that no operation's `security` (its own,
/// else the document's) names (`scopes` has a key for each scheme one
/// names): no operation sends them, so the client has no setting for
/// them. (A scheme only the operations a filter leaves out name is left
/// out silently.)
fn warn_unrequired(
    declared: &IndexMap<String, Cow<'_, OaScheme>>,
    scopes: &IndexMap<String, Vec<String>>,
    warnings: &mut Vec<Diagnostic>,
) {
    for name in declared.keys().filter(|name| !scopes.contains_key(*name)) {
        let at = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(name);
        warnings.push(
            Diagnostic::warning(
                at,
                format!("no `security` requirement names the scheme `{name}`: no operation sends it, so the client has no setting for it"),
            )
            .with_hint(format!("name it in the document's `security` (`- {name}: []`) or in the operations that need it")),
        );
    }
}

/// `components/securitySchemes`, references resolved.
fn declared<'a>(api: &'a OpenAPI, resolver: Resolver<'a>) -> IndexMap<String, Cow<'a, OaScheme>> {
    api.components
        .iter()
        .flat_map(|c| &c.security_schemes)
        .filter_map(|(name, scheme)| Some((name.clone(), resolver.deref(scheme).ok()?)))
        .collect()
}

/// The scheme names of each requirement.
fn names(requirements: &[openapiv3::SecurityRequirement]) -> Vec<Vec<String>> {
    requirements
        .iter()
        .map(|requirement| requirement.keys().cloned().collect())
        .collect()
}

/// The alternatives that can be sent: those naming an undeclared scheme
/// are dropped (with a warning), and an API key the operation takes as a
/// parameter of its own is left to it.
fn usable(
    alternatives: Vec<Vec<String>>,
    op: &Operation,
    declared: &IndexMap<String, Cow<'_, OaScheme>>,
    at: &Pointer,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Vec<String>> {
    let mut kept = Vec::new();
    for (i, alternative) in alternatives.into_iter().enumerate() {
        if let Some(unknown) = alternative.iter().find(|n| !declared.contains_key(*n)) {
            warnings.push(Diagnostic::warning(
                at.join(i.to_string()).to_string(),
                format!("security scheme `{unknown}` is not declared in `components/securitySchemes`; this alternative is left out"),
            ));
            continue;
        }
        let alternative: Vec<String> = alternative
            .into_iter()
            .filter(|name| !declared.get(name).is_some_and(|s| is_own_param(s, op)))
            .collect();
        if !kept.contains(&alternative) {
            kept.push(alternative);
        }
    }
    kept
}

/// Whether `scheme` is an API key that `op` declares as a parameter (in the
/// same place, by the same name): then the argument carries it.
fn is_own_param(scheme: &OaScheme, op: &Operation) -> bool {
    let OaScheme::APIKey { location, name, .. } = scheme else {
        return false;
    };
    let location = key_location(location);
    op.params.iter().any(|p| {
        p.location == location
            && if location == Location::Header {
                p.wire_name.eq_ignore_ascii_case(name)
            } else {
                p.wire_name == *name
            }
    })
}

fn key_location(location: &APIKeyLocation) -> Location {
    match location {
        APIKeyLocation::Query => Location::Query,
        APIKeyLocation::Header => Location::Header,
        APIKeyLocation::Cookie => Location::Cookie,
    }
}

fn used(operations: &[Operation], name: &str) -> bool {
    operations
        .iter()
        .filter_map(|op| op.security.as_ref())
        .flatten()
        .flatten()
        .any(|n| n == name)
}

/// Every scope the requirements of the operations `generated` (by their
/// origin) are sent with ask of each scheme, in document order: each
/// operation's own `security`, else the document's. A filter that leaves
/// operations out leaves their scopes out of the token requests too.
fn asked_scopes(api: &OpenAPI, generated: impl Fn(&str) -> bool) -> IndexMap<String, Vec<String>> {
    let paths = Pointer::root().join("paths");
    let requirements = (api.paths.paths.iter())
        .filter_map(|(path, item)| Some((paths.join(path), item.as_item()?)))
        .flat_map(|(at, item)| item.iter().map(move |(method, op)| (at.join(method), op)))
        .filter(|(at, _)| generated(at.as_str()))
        .filter_map(|(_, op)| op.security.as_ref().or(api.security.as_ref()));
    let mut scopes: IndexMap<String, Vec<String>> = IndexMap::new();
    for requirement in requirements.flatten() {
        for (scheme, asked) in requirement {
            let known = scopes.entry(scheme.clone()).or_default();
            for scope in asked {
                if !known.contains(scope) {
                    known.push(scope.clone());
                }
            }
        }
    }
    scopes
}

fn lower_scheme(
    name: &str,
    scheme: &OaScheme,
    scopes: &IndexMap<String, Vec<String>>,
    setters: &mut Scope,
) -> SecurityScheme {
    let setter = setters.claim(snake_ident(name));
    let (kind, description) = match scheme {
        OaScheme::HTTP {
            scheme,
            description,
            ..
        } => {
            let kind = if scheme.eq_ignore_ascii_case("basic") {
                SchemeKind::Basic
            } else if scheme.eq_ignore_ascii_case("bearer") {
                SchemeKind::Authorization {
                    scheme: "Bearer".to_owned(),
                }
            } else {
                SchemeKind::Authorization {
                    scheme: scheme.clone(),
                }
            };
            (kind, description)
        }
        OaScheme::APIKey {
            location,
            name,
            description,
            ..
        } => (
            SchemeKind::ApiKey {
                location: key_location(location),
                name: name.clone(),
            },
            description,
        ),
        OaScheme::OAuth2 {
            flows, description, ..
        } => {
            let client_credentials =
                flows
                    .client_credentials
                    .as_ref()
                    .map(|flow| ClientCredentialsFlow {
                        setter: setters.claim(format!("{setter}_client_credentials")),
                        token_url: flow.token_url.clone(),
                        scopes: scopes.get(name).cloned().unwrap_or_default(),
                    });
            (SchemeKind::Token { client_credentials }, description)
        }
        OaScheme::OpenIDConnect { description, .. } => (
            SchemeKind::Token {
                client_credentials: None,
            },
            description,
        ),
    };
    SecurityScheme {
        name: name.to_owned(),
        setter,
        kind,
        description: description.clone(),
        origin: Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(name),
    }
}

#[cfg(test)]
mod tests {
    use super::asked_scopes;

    const DOCUMENT: &str = r"
openapi: 3.0.3
info: {title: t, version: '1'}
security: [{oauth: [base]}]
paths:
  /a:
    get: {security: [{oauth: ['a:read']}], responses: {'200': {description: ok}}}
    post: {responses: {'200': {description: ok}}}
  /b:
    get: {security: [{oauth: ['b:read', 'a:read']}], responses: {'200': {description: ok}}}
";

    #[test]
    fn the_scopes_asked_for_are_those_of_the_generated_operations() {
        let api: openapiv3::OpenAPI = serde_yaml::from_str(DOCUMENT).expect("a document");
        let all = asked_scopes(&api, |_| true);
        assert_eq!(all["oauth"], ["a:read", "base", "b:read"]);
        // a filter that keeps `/b` only asks for `/b`'s scopes
        let only_b = asked_scopes(&api, |at| at == "#/paths/~1b/get");
        assert_eq!(only_b["oauth"], ["b:read", "a:read"]);
        // an operation without `security` of its own asks for the document's
        let post = asked_scopes(&api, |at| at == "#/paths/~1a/post");
        assert_eq!(post["oauth"], ["base"]);
    }
}
