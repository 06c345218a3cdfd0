//! Header names that HTTP cannot send: a parameter `in: header` or an API
//! key scheme whose name is not a token (RFC 9110: letters, digits and
//! ``!#$%&'*+-.^_`|~``). The client refuses such a request with
//! `Error::Config` before sending it, so the document is told so here.

use crate::diagnostics::Diagnostic;
use crate::ir::{Auth, Location, Operation, SchemeKind};

/// A warning for each header name of the operations' parameters (before
/// the shared ones become client-level headers) and of the security
/// schemes that is not a token.
pub fn check(operations: &[Operation], auth: &Auth) -> Vec<Diagnostic> {
    let params = operations.iter().flat_map(|op| {
        (op.params.iter())
            .filter(|p| p.location == Location::Header)
            .map(move |p| (p.wire_name.as_str(), op.origin.join("parameters")))
    });
    let schemes = (auth.schemes.iter()).filter_map(|s| match &s.kind {
        SchemeKind::ApiKey {
            location: Location::Header,
            name,
        } => Some((name.as_str(), s.origin.join("name"))),
        _ => None,
    });
    let mut seen = std::collections::BTreeSet::new();
    params
        .chain(schemes)
        .filter(|(name, _)| !is_token(name))
        .filter(|(name, at)| seen.insert((name.to_string(), at.as_str().to_owned())))
        .map(|(name, at)| {
            Diagnostic::warning(
                at,
                format!("`{name}` is not a valid HTTP header name: a request with it fails with `Error::Config` before it is sent"),
            )
            .with_hint("a header name is letters, digits and !#$%&'*+-.^_`|~, without spaces")
        })
        .collect()
}

/// Whether `name` is an HTTP token, as a header name must be.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::is_token;

    #[test]
    fn tokens_are_letters_digits_and_the_listed_marks() {
        for name in ["X-Api-Key", "x_request.id", "a!#$%&'*+-.^_`|~9"] {
            assert!(is_token(name), "{name}");
        }
        for name in ["", "X Api Key", "Key:", "Ключ", "a\tb", "(x)"] {
            assert!(!is_token(name), "{name:?}");
        }
    }
}
