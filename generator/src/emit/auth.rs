//! Emits the credentials settings of the client builder, one per security
//! scheme the operations use (named after the scheme; `basic_auth` and
//! `bearer_auth`, sent with every request, when the document declares no
//! scheme), and each request's security alternatives.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc_lines, ident, inert_text};
use crate::ir::{Api, ClientCredentialsFlow, Location, Operation, SchemeKind, SecurityScheme};
use crate::lower::{BASIC_AUTH, BEARER_AUTH};

/// Whether a scheme has an OAuth2 client credentials flow: then the crate
/// offers `ClientCredentials` (feature `oauth2`).
pub fn has_client_credentials(api: &Api) -> bool {
    api.auth.schemes.iter().any(|s| {
        matches!(
            s.kind,
            SchemeKind::Token {
                client_credentials: Some(_)
            }
        )
    })
}

/// The settings, inside `impl ClientBuilder`.
pub fn setters(api: &Api) -> TokenStream {
    if api.auth.undeclared {
        return undeclared();
    }
    let setters = api.auth.schemes.iter().map(|scheme| {
        let flow = match &scheme.kind {
            SchemeKind::Token {
                client_credentials: Some(flow),
            } => Some(client_credentials(scheme, flow)),
            _ => None,
        };
        let setter = setter(scheme);
        quote!(#setter #flow)
    });
    quote!(#(#setters)*)
}

/// `.security(..)` of an operation's request: its alternatives, each
/// scheme with its setting (for the error when none is set).
pub fn security_call(api: &Api, op: &Operation) -> Option<TokenStream> {
    let alternatives = op.security.as_ref()?.iter().map(|alternative| {
        let schemes = alternative.iter().filter_map(|name| {
            let scheme = api.auth.schemes.iter().find(|s| &s.name == name)?;
            let setter = &scheme.setter;
            Some(quote!(runtime::Scheme { name: #name, setter: #setter }))
        });
        quote!(&[#(#schemes),*])
    });
    Some(quote!(.security(&[#(#alternatives),*])))
}

fn undeclared() -> TokenStream {
    let basic = ident(BASIC_AUTH);
    let bearer = ident(BEARER_AUTH);
    quote! {
        /// HTTP Basic credentials, sent with every request (the API
        /// description declares no security scheme); replaces a bearer
        /// token. Never shown.
        #[inline]
        pub fn #basic(self, username: impl Into<String>, password: impl Into<String>) -> Self {
            self.credential(super::runtime::ANY_SCHEME, super::runtime::Credential::basic(username, password))
        }

        /// A bearer token (`Authorization: Bearer ...`), sent with every
        /// request (the API description declares no security scheme);
        /// replaces Basic credentials. Never shown.
        #[inline]
        pub fn #bearer(self, token: impl Into<String>) -> Self {
            self.credential(super::runtime::ANY_SCHEME, super::runtime::Credential::bearer(token))
        }
    }
}

/// What a scheme's setting says it sends, in words.
pub fn sends(kind: &SchemeKind) -> String {
    match kind {
        SchemeKind::Basic => "HTTP Basic credentials".to_owned(),
        SchemeKind::Authorization { scheme } if scheme == "Bearer" => {
            "a bearer token (`Authorization: Bearer ...`)".to_owned()
        }
        SchemeKind::Authorization { scheme } => {
            format!("credentials sent as `Authorization: {scheme} ...`")
        }
        SchemeKind::ApiKey { location, name } => match location {
            Location::Header => format!("an API key in header `{name}`"),
            Location::Cookie => format!("an API key in cookie `{name}`"),
            _ => format!("an API key in query parameter `{name}`"),
        },
        SchemeKind::Token { .. } => {
            "bearer tokens from a `TokenSource` (a fixed `Secret`, or a provider such as `ClientCredentials`)".to_owned()
        }
    }
}

fn setter(scheme: &SecurityScheme) -> TokenStream {
    let name = ident(&scheme.setter);
    let wire = &scheme.name;
    let mut text = format!(
        "The credentials of security scheme `{wire}`: {}, sent with the operations whose security names it. Never shown (`Debug`, errors, logs, hooks).",
        sends(&scheme.kind)
    );
    if let SchemeKind::Token { client_credentials } = &scheme.kind {
        text.push_str(" When the API refuses a token (401), the source is asked for a fresh one and the request sent once more.");
        if let Some(flow) = client_credentials {
            text.push_str(&format!(
                "\n\nThe description's client credentials flow: token URL `{}` (see `{}`).",
                flow.token_url, flow.setter
            ));
        }
    }
    if let Some(description) = &scheme.description {
        text.push_str("\n\n");
        text.push_str(&inert_text(description));
    }
    let docs = doc_lines(&text);
    let runtime = quote!(super::runtime);
    let (args, credential) = match &scheme.kind {
        SchemeKind::Basic => (
            quote!(username: impl Into<String>, password: impl Into<String>),
            quote!(#runtime::Credential::basic(username, password)),
        ),
        SchemeKind::Authorization { scheme } if scheme == "Bearer" => (
            quote!(token: impl Into<String>),
            quote!(#runtime::Credential::bearer(token)),
        ),
        SchemeKind::Authorization { scheme } => (
            quote!(credentials: impl Into<String>),
            quote!(#runtime::Credential::authorization(#scheme, credentials)),
        ),
        SchemeKind::ApiKey { location, name } => {
            let place = ident(match location {
                Location::Header => "header",
                Location::Cookie => "cookie",
                _ => "query",
            });
            (
                quote!(key: impl Into<String>),
                quote!(#runtime::Credential::#place(#name, key)),
            )
        }
        SchemeKind::Token { .. } => (
            quote!(source: impl #runtime::TokenSource),
            quote!(#runtime::Credential::token(source)),
        ),
    };
    quote! {
        #docs
        #[inline]
        pub fn #name(self, #args) -> Self {
            self.credential(#wire, #credential)
        }
    }
}

/// The setting of an OAuth2 client credentials flow (feature `oauth2`):
/// tokens fetched from the description's token URL with the scopes the
/// operations ask for.
fn client_credentials(scheme: &SecurityScheme, flow: &ClientCredentialsFlow) -> TokenStream {
    let name = ident(&flow.setter);
    let wire = &scheme.name;
    let url = &flow.token_url;
    let scopes = &flow.scopes;
    let scopes_call = (!scopes.is_empty()).then(|| quote!(.scopes([#(#scopes),*])));
    let scope_text = if scopes.is_empty() {
        "no scope".to_owned()
    } else {
        let listed: Vec<String> = scopes.iter().map(|s| format!("`{s}`")).collect();
        format!("the scopes {}", listed.join(", "))
    };
    let docs = doc_lines(&format!(
        "OAuth2 client credentials for security scheme `{wire}` (feature `oauth2`): tokens fetched from `{url}` with {scope_text}, cached, fetched again shortly before they expire and when the API refuses one (then the request is sent once more); one fetch at a time, however many requests wait. For another token URL or other settings, give [`ClientCredentials`](super::ClientCredentials) to [`Self::{}`]. Neither the secret nor a token is ever shown.",
        scheme.setter
    ));
    quote! {
        #docs
        #[cfg(feature = "oauth2")]
        #[cfg_attr(docsrs, doc(cfg(feature = "oauth2")))]
        #[inline]
        pub fn #name(self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
            self.credential(
                #wire,
                super::runtime::Credential::client_credentials(
                    super::runtime::ClientCredentials::new(#url, client_id, client_secret) #scopes_call,
                ),
            )
        }
    }
}

/// The guide's lines on credentials: one per setting, and what happens
/// when an operation's are missing.
pub fn guide_lines(api: &Api) -> String {
    if api.auth.undeclared {
        return format!(
            "- `{BASIC_AUTH}(user, password)` or `{BEARER_AUTH}(token)`: credentials sent with every request (the description declares no security scheme), never shown.\n"
        );
    }
    let mut text = String::new();
    for scheme in &api.auth.schemes {
        let args = match &scheme.kind {
            SchemeKind::Basic => "user, password",
            SchemeKind::Authorization { scheme } if scheme == "Bearer" => "token",
            SchemeKind::Authorization { .. } => "credentials",
            SchemeKind::ApiKey { .. } => "key",
            SchemeKind::Token { .. } => "source",
        };
        text.push_str(&format!(
            "- `{}({args})`: security scheme `{}`, {}.\n",
            scheme.setter,
            scheme.name.replace('`', "'"),
            sends(&scheme.kind)
        ));
        if let SchemeKind::Token {
            client_credentials: Some(flow),
        } = &scheme.kind
        {
            text.push_str(&format!(
                "- `{}(client_id, client_secret)` (feature `oauth2`): tokens of the client credentials flow from `{}`, cached, refreshed before they expire and after a 401, one fetch at a time.\n",
                flow.setter,
                flow.token_url.replace('`', "'")
            ));
        }
    }
    if !text.is_empty() {
        text.push_str("- Each operation sends the credentials its security names (the first alternative whose settings are all given); one whose credentials are not set fails before anything is sent, with `Error::Auth` naming the schemes and their settings. Credentials never show in `Debug`, errors, logs, hooks or the mock's records.\n");
    }
    text
}

/// The guide's line on the `oauth2` feature, when a scheme has the client
/// credentials flow.
pub fn feature_line(api: &Api) -> Option<&'static str> {
    has_client_credentials(api).then_some(
        "- `oauth2`: `ClientCredentials` and the `..._client_credentials` settings, OAuth2 tokens fetched from the token URL (adds only tokio's `sync` module).\n",
    )
}

/// The quick start's settings: those of the first alternative of each
/// operation the example calls, once each, with made-up values.
pub fn example_calls<'a>(
    api: &Api,
    krate: &str,
    operations: impl Iterator<Item = &'a Operation>,
) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let firsts = operations.filter_map(|op| op.security.as_ref()?.first());
    for name in firsts.flatten() {
        if !seen.contains(&name.as_str()) {
            seen.push(name);
        }
    }
    let mut code = String::new();
    for scheme in api
        .auth
        .schemes
        .iter()
        .filter(|s| seen.contains(&s.name.as_str()))
    {
        let args = match &scheme.kind {
            SchemeKind::Basic => "\"client-id\", \"client-secret\"".to_owned(),
            SchemeKind::Authorization { .. } => "\"token\"".to_owned(),
            SchemeKind::ApiKey { .. } => "\"api-key\"".to_owned(),
            SchemeKind::Token { .. } => format!("{krate}::Secret::new(\"access-token\")"),
        };
        code.push_str(&format!("    .{}({args})\n", scheme.setter));
    }
    code
}

/// A client method's line on its credentials: the settings of each
/// alternative; `None` when the document declares no scheme.
pub fn method_line(api: &Api, op: &Operation) -> Option<String> {
    let alternatives = op.security.as_ref()?;
    let setting = |name: &String| {
        let scheme = api.auth.schemes.iter().find(|s| &s.name == name)?;
        Some(format!("`{}`", scheme.setter))
    };
    let named: Vec<String> = alternatives
        .iter()
        .filter(|alternative| !alternative.is_empty())
        .map(|alternative| {
            let settings: Vec<String> = alternative.iter().filter_map(setting).collect();
            settings.join(" and ")
        })
        .collect();
    let optional = alternatives.iter().any(Vec::is_empty);
    let listed = match named.as_slice() {
        [] => return Some("Credentials: none.".to_owned()),
        [one] => one.clone(),
        many => format!(
            "{} (the first whose settings are given)",
            many.join(", or ")
        ),
    };
    Some(if optional {
        format!("Credentials, when set: {listed}.")
    } else {
        format!("Credentials: {listed}.")
    })
}
