//! Credentials from the API document's security schemes: what the client
//! builder's scheme settings store ([`Credential`]), which of an
//! operation's security alternatives a request uses (the first whose
//! credentials are all set), and [`TokenSource`], where OAuth2 access
//! tokens come from. No credential is ever shown.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::HeaderValue;

use super::error::Endpoint;
use super::request::Request;
use super::secret::{REDACTED, Secret, base64};

/// The key of the credentials of a document that declares no security
/// scheme: sent with every request.
pub(crate) const ANY_SCHEME: &str = "";

/// A security scheme an operation names: the document's name for it and
/// the client builder setting that gives its credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scheme {
    pub(crate) name: &'static str,
    pub(crate) setter: &'static str,
}

/// An operation's security: alternatives, each a list of schemes that are
/// all sent together. An empty alternative (`{}`) makes credentials
/// optional; no alternatives at all (`security: []`) sends none.
pub(crate) type Security = &'static [&'static [Scheme]];

/// What is sent for one security scheme.
#[derive(Clone)]
pub(crate) enum Credential {
    /// `Authorization: Basic ...`; the user name may be shown.
    Basic { user: String, password: Secret },
    /// `Authorization: <scheme> <value>` (`Bearer`, or another HTTP scheme).
    Authorization { scheme: &'static str, value: Secret },
    /// An API key in a header.
    Header { name: &'static str, value: Secret },
    /// An API key in the query.
    Query { name: &'static str, value: Secret },
    /// An API key in a cookie.
    Cookie { name: &'static str, value: Secret },
    /// A bearer token asked of a source before each attempt.
    Token(Arc<dyn TokenSource>),
    /// OAuth2 client credentials, made a `Token` when the client is built
    /// (a relative token URL needs the base URL).
    #[cfg(feature = "oauth2")]
    ClientCredentials(Box<super::oauth2::ClientCredentials>),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // some APIs take the secret key as the user name (Stripe's `sk_...:`)
            Self::Basic { .. } => write!(f, "Basic({REDACTED}, {REDACTED})"),
            Self::Authorization { scheme, .. } => write!(f, "{scheme}({REDACTED})"),
            Self::Header { name, .. } => write!(f, "Header({name:?}, {REDACTED})"),
            Self::Query { name, .. } => write!(f, "Query({name:?}, {REDACTED})"),
            Self::Cookie { name, .. } => write!(f, "Cookie({name:?}, {REDACTED})"),
            Self::Token(source) => write!(f, "Token({source:?})"),
            #[cfg(feature = "oauth2")]
            Self::ClientCredentials(provider) => provider.fmt(f),
        }
    }
}

impl Credential {
    pub(crate) fn basic(user: impl Into<String>, password: impl Into<String>) -> Self {
        Self::Basic {
            user: user.into(),
            password: Secret::new(password),
        }
    }

    pub(crate) fn bearer(token: impl Into<String>) -> Self {
        Self::authorization("Bearer", token)
    }

    pub(crate) fn authorization(scheme: &'static str, value: impl Into<String>) -> Self {
        Self::Authorization {
            scheme,
            value: Secret::new(value),
        }
    }

    pub(crate) fn header(name: &'static str, value: impl Into<String>) -> Self {
        Self::Header {
            name,
            value: Secret::new(value),
        }
    }

    pub(crate) fn query(name: &'static str, value: impl Into<String>) -> Self {
        Self::Query {
            name,
            value: Secret::new(value),
        }
    }

    pub(crate) fn cookie(name: &'static str, value: impl Into<String>) -> Self {
        Self::Cookie {
            name,
            value: Secret::new(value),
        }
    }

    pub(crate) fn token(source: impl TokenSource) -> Self {
        Self::Token(Arc::new(source))
    }

    #[cfg(feature = "oauth2")]
    pub(crate) fn client_credentials(provider: super::oauth2::ClientCredentials) -> Self {
        Self::ClientCredentials(Box::new(provider))
    }

    /// The header text of a credential sent in a header, if it is one.
    fn header_text(&self) -> Option<String> {
        match self {
            Self::Basic { user, password } => Some(format!(
                "Basic {}",
                base64(&format!("{user}:{}", password.expose()))
            )),
            Self::Authorization { scheme, value } => Some(format!("{scheme} {}", value.expose())),
            Self::Header { value, .. } => Some(value.expose().to_owned()),
            _ => None,
        }
    }
}

/// The credentials a client was given, by scheme name.
#[derive(Clone, Default)]
pub(crate) struct Credentials(BTreeMap<&'static str, Credential>);

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.iter()).finish()
    }
}

/// The token sources asked for one attempt, with the token each gave:
/// after a 401 each is asked again for another.
pub(crate) type UsedTokens = Vec<(Arc<dyn TokenSource>, Secret)>;

impl Credentials {
    pub(crate) fn set(&mut self, scheme: &'static str, credential: Credential) {
        self.0.insert(scheme, credential);
    }

    /// Checks that every credential sent in a header can be one.
    pub(crate) fn check(&self) -> Result<(), String> {
        for (scheme, credential) in &self.0 {
            if let Some(text) = credential.header_text() {
                HeaderValue::from_str(&text).map_err(|_| {
                    format!(
                        "the credentials of `{}` are not valid in an HTTP header",
                        shown(scheme)
                    )
                })?;
            }
        }
        Ok(())
    }

    /// Without the OAuth2 client credentials: a client that sends to a
    /// mock fetches no token (that would reach the network), so its
    /// requests carry none for those schemes, as the mock allows.
    #[cfg(all(feature = "oauth2", feature = "test-util"))]
    pub(crate) fn without_client_credentials(mut self) -> Self {
        self.0
            .retain(|_, credential| !matches!(credential, Credential::ClientCredentials(_)));
        self
    }

    /// Client credentials made token sources, their token URLs resolved
    /// against `base`, sending through `http` unless given another client.
    #[cfg(feature = "oauth2")]
    pub(crate) fn resolve(
        mut self,
        base: &reqwest::Url,
        http: Option<&reqwest::Client>,
    ) -> Result<Self, String> {
        for credential in self.0.values_mut() {
            if let Credential::ClientCredentials(provider) = credential {
                let resolved = (**provider).clone().resolve(base, http)?;
                *credential = Credential::Token(Arc::new(resolved));
            }
        }
        Ok(self)
    }

    /// The alternative of `security` to send: the first whose credentials
    /// are all set; else an empty one (optional security) sends none. `None`
    /// (a request the document says nothing about) takes the credentials of
    /// [`ANY_SCHEME`] if any.
    fn choose(
        &self,
        security: Option<Security>,
        optional: bool,
    ) -> Result<Vec<&Credential>, String> {
        let Some(alternatives) = security else {
            return Ok(self.0.get(ANY_SCHEME).into_iter().collect());
        };
        let set = |schemes: &&&[Scheme]| {
            !schemes.is_empty() && schemes.iter().all(|s| self.0.contains_key(s.name))
        };
        if let Some(schemes) = alternatives.iter().find(set) {
            return Ok(schemes.iter().filter_map(|s| self.0.get(s.name)).collect());
        }
        if optional || alternatives.is_empty() || alternatives.iter().any(|s| s.is_empty()) {
            return Ok(Vec::new());
        }
        Err(missing(alternatives))
    }

    /// `request` with the credentials of its security added (tokens asked
    /// of their sources; `rejected` is what a 401 refused), and the tokens
    /// used; `request` itself when it needs none. When `optional` (the
    /// mock), missing credentials are no error.
    pub(crate) async fn apply<'r>(
        &self,
        request: &'r Request,
        rejected: &UsedTokens,
        optional: bool,
    ) -> Result<(Cow<'r, Request>, UsedTokens), AuthError> {
        let chosen = self
            .choose(request.security, optional)
            .map_err(AuthError::new)?;
        if chosen.is_empty() {
            return Ok((Cow::Borrowed(request), Vec::new()));
        }
        let mut authed = request.clone();
        let mut used = Vec::new();
        for credential in chosen {
            authed = match credential {
                Credential::Query { name, value } => authed.secret_query(name, value),
                Credential::Cookie { name, value } => authed.secret_cookie(name, Some(value)),
                Credential::Token(source) => {
                    let refused = rejected
                        .iter()
                        .find(|(s, _)| Arc::ptr_eq(s, source))
                        .map(|(_, token)| token);
                    let token = source.token(refused).await?;
                    let text = Secret::new(format!("Bearer {}", token.expose()));
                    used.push((Arc::clone(source), token));
                    authed.secret_header("Authorization", Some(&text))
                }
                Credential::Header { name, .. } => header(authed, name, credential),
                other => header(authed, "Authorization", other),
            };
        }
        Ok((Cow::Owned(authed), used))
    }
}

/// `request` with the header of `credential` (none when it is no header
/// credential: client credentials are token sources once the client is
/// built).
fn header(request: Request, name: &'static str, credential: &Credential) -> Request {
    let text = credential.header_text().map(Secret::new);
    request.secret_header(name, text.as_ref())
}

/// A scheme's name as errors show it.
fn shown(scheme: &str) -> &str {
    if scheme == ANY_SCHEME {
        "the client"
    } else {
        scheme
    }
}

/// The error text of a request none of whose alternatives has its
/// credentials: every alternative, with the setting of each scheme.
fn missing(alternatives: &[&[Scheme]]) -> String {
    let each: Vec<String> = alternatives
        .iter()
        .map(|schemes| {
            let names: Vec<String> = schemes
                .iter()
                .map(|s| format!("`{}` (`ClientBuilder::{}`)", s.name, s.setter))
                .collect();
            names.join(" and ")
        })
        .collect();
    format!(
        "the credentials it needs are not set: {}",
        each.join(", or ")
    )
}

/// What [`TokenSource::token`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, AuthError>> + Send + 'a>>;

/// Where a client gets the access tokens of an OAuth2 (or OpenID Connect)
/// scheme: asked before each attempt, so it should cache. The client sends
/// the token as `Authorization: Bearer ...`. When the server answers 401,
/// the client asks once more with the refused token as `rejected` (give a
/// fresh one, not that one) and sends the request once more.
///
/// A fixed [`Secret`] is a source that always gives itself; the
/// `ClientCredentials` provider (feature `oauth2`) fetches, caches and
/// refreshes tokens from a token URL.
pub trait TokenSource: fmt::Debug + Send + Sync + 'static {
    /// A token to send; `rejected` is one the server has just refused.
    fn token<'a>(&'a self, rejected: Option<&'a Secret>) -> TokenFuture<'a>;
}

impl TokenSource for Secret {
    fn token<'a>(&'a self, _rejected: Option<&'a Secret>) -> TokenFuture<'a> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// Credentials that could not be sent: none set for what the operation
/// needs, or a token that could not be had. Nothing was sent to the API.
#[derive(Debug)]
pub struct AuthError {
    pub(crate) endpoint: Option<Endpoint>,
    message: String,
    status: Option<u16>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl AuthError {
    /// An error saying `message` (which must show no secret).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            endpoint: None,
            message: message.into(),
            status: None,
            source: None,
        }
    }

    /// The same error, caused by `source` (shown by `source()`).
    #[must_use]
    pub fn caused_by(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The same error, of a token endpoint's answer with `status`.
    #[must_use]
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    #[must_use]
    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    #[must_use]
    /// The status a token endpoint answered with, when that is what failed.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The same error, of a request to `endpoint`.
    pub(crate) fn at(mut self, endpoint: &Endpoint) -> Self {
        self.endpoint = Some(endpoint.clone());
        self
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.endpoint {
            Some(endpoint) => write!(
                f,
                "{} ({endpoint}) was not sent: {}",
                endpoint.operation, self.message
            ),
            None => write!(f, "the request was not sent: {}", self.message),
        }
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}
