//! `ClientCredentials` (feature `oauth2`): OAuth2 access tokens of the
//! client credentials grant (RFC 6749 §4.4), fetched from the token URL,
//! cached, and fetched again shortly before they expire or when the API
//! refuses one. One fetch at a time: requests that need a token while one
//! is being fetched wait for it. No secret or token is ever shown.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::auth::{AuthError, TokenFuture, TokenSource};
use super::error::TransportError;
use super::secret::{Secret, redact_url};

/// How long before its expiry a token is replaced, at most (and at most
/// half its lifetime).
const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(30);
/// The limit for one token request (set on the request, so it holds for an
/// HTTP client the user gives too).
const TOKEN_TIMEOUT: Duration = Duration::from_secs(30);
/// How much of a token endpoint's error code and description is shown.
const MAX_DESCRIPTION: usize = 200;
/// The largest token response read: a token endpoint's answer is a small
/// JSON object, so a longer one is refused rather than held.
const MAX_TOKEN_RESPONSE: usize = 64 * 1024;
/// The longest lifetime a token is kept for: a larger `expires_in` (such
/// as `i64::MAX`, "never") is read as this.
const MAX_LIFETIME: Duration = Duration::from_secs(100 * 365 * 86_400);

/// Access tokens of the OAuth2 client credentials grant: a [`TokenSource`]
/// that posts `grant_type=client_credentials` (with the scopes, if any) to
/// the token URL, with the client id and secret as HTTP Basic credentials
/// (or in the form, see [`ClientCredentials::credentials_in_body`]),
/// keeps the token until shortly before `expires_in` runs out, and fetches
/// a new one then or when the API answers 401.
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    scopes: Vec<String>,
    in_body: bool,
    refresh_margin: Duration,
    http: Option<reqwest::Client>,
    cache: Mutex<Option<Cached>>,
}

/// A token and when to replace it (never, when the server gave no expiry).
#[derive(Clone)]
struct Cached {
    token: Secret,
    replace_at: Option<Instant>,
}

/// A successful token response (RFC 6749 §5.1).
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

/// An error token response (RFC 6749 §5.2).
#[derive(Deserialize)]
struct TokenErrorResponse {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &redact_url(&self.token_url))
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scopes", &self.scopes)
            .field("in_body", &self.in_body)
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

/// A copy of the settings, with no token yet (clones fetch their own).
impl Clone for ClientCredentials {
    fn clone(&self) -> Self {
        Self {
            token_url: self.token_url.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            scopes: self.scopes.clone(),
            in_body: self.in_body,
            refresh_margin: self.refresh_margin,
            http: self.http.clone(),
            cache: Mutex::new(None),
        }
    }
}

impl ClientCredentials {
    /// Tokens from `token_url` for this client. A relative `token_url` (as
    /// OpenAPI 3.1 allows) is resolved against the client's base URL when
    /// the client is built (given through a scheme's `..._client_credentials`
    /// setting); given as a plain [`TokenSource`], it must be absolute.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
            scopes: Vec::new(),
            in_body: false,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            http: None,
            cache: Mutex::new(None),
        }
    }

    /// The scopes to ask for (sent space-separated as `scope`).
    #[must_use]
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Sends the client id and secret as form fields instead of HTTP Basic
    /// credentials (for servers that ask for that).
    #[must_use]
    pub fn credentials_in_body(mut self) -> Self {
        self.in_body = true;
        self
    }

    /// How long before its expiry a token is replaced (default 30 s; at
    /// most half the token's lifetime).
    #[must_use]
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Sends token requests through this `reqwest::Client` (proxies, TLS).
    /// Without it they go through the API client's own `reqwest::Client`
    /// when given through a scheme's `..._client_credentials` setting, else
    /// through one made for them (30 s timeout).
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The token URL resolved against the client's base URL, if relative;
    /// token requests sent through `http` (the API client's), unless
    /// [`ClientCredentials::http_client`] gave another.
    pub(crate) fn resolve(
        mut self,
        base: &reqwest::Url,
        http: Option<&reqwest::Client>,
    ) -> Result<Self, String> {
        if self.http.is_none() {
            self.http = http.cloned();
        }
        if reqwest::Url::parse(&self.token_url).is_err() {
            let joined = base.join(&self.token_url).map_err(|e| {
                format!(
                    "the token URL `{}` is not a URL: {e}",
                    redact_url(&self.token_url)
                )
            })?;
            self.token_url = joined.into();
        }
        Ok(self)
    }

    /// A token: the cached one while it is fresh and not `rejected`, else
    /// a new one. The lock is held while fetching, so concurrent callers
    /// wait for that one fetch.
    async fn current(&self, rejected: Option<&Secret>) -> Result<Secret, AuthError> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref() {
            let fresh = cached.replace_at.is_none_or(|at| Instant::now() < at);
            if fresh && rejected != Some(&cached.token) {
                return Ok(cached.token.clone());
            }
        }
        let fetched = self.fetch().await?;
        let token = fetched.token.clone();
        *cache = Some(fetched);
        Ok(token)
    }

    /// One token request.
    async fn fetch(&self) -> Result<Cached, AuthError> {
        let http = match &self.http {
            Some(http) => http.clone(),
            // a redirect would send the form (and the secret in it) on
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| {
                    AuthError::new("the HTTP client for tokens could not be built")
                        .caused_by(TransportError::from_reqwest(e))
                })?,
        };
        let scope = self.scopes.join(" ");
        let mut form = vec![("grant_type", "client_credentials")];
        if !scope.is_empty() {
            form.push(("scope", scope.as_str()));
        }
        let mut request = http
            .post(&self.token_url)
            .timeout(TOKEN_TIMEOUT)
            .header(reqwest::header::ACCEPT, "application/json");
        if self.in_body {
            form.push(("client_id", self.client_id.as_str()));
            form.push(("client_secret", self.client_secret.expose()));
        } else {
            request = request.basic_auth(&self.client_id, Some(self.client_secret.expose()));
        }
        let asked = Instant::now();
        let failed = |e: reqwest::Error| {
            AuthError::new("the token request failed").caused_by(TransportError::from_reqwest(e))
        };
        let mut response = request.form(&form).send().await.map_err(failed)?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            if body.len() + chunk.len() > MAX_TOKEN_RESPONSE {
                return Err(AuthError::new(format!(
                    "the token endpoint's answer is longer than {MAX_TOKEN_RESPONSE} bytes"
                ))
                .with_status(status));
            }
            body.extend_from_slice(&chunk);
        }
        if !(200..300).contains(&status) {
            return Err(refused(status, &body));
        }
        // the body holds the token: a decoding error must not quote it
        let answer: TokenResponse = serde_json::from_slice(&body).map_err(|_| {
            AuthError::new("the token endpoint's answer has no `access_token`").with_status(status)
        })?;
        let lifetime = answer.expires_in.as_ref().and_then(seconds);
        Ok(Cached {
            token: Secret::new(answer.access_token),
            // an instant past the clock's range means never
            replace_at: lifetime.and_then(|lifetime| {
                let margin = self.refresh_margin.min(lifetime / 2);
                asked.checked_add(lifetime.saturating_sub(margin))
            }),
        })
    }
}

impl TokenSource for ClientCredentials {
    fn token<'a>(&'a self, rejected: Option<&'a Secret>) -> TokenFuture<'a> {
        Box::pin(self.current(rejected))
    }
}

/// `expires_in` as a duration: a number of seconds (a fraction too), or
/// one as text, at most [`MAX_LIFETIME`]; `None` for anything else (the
/// token is then kept until the API refuses it).
fn seconds(value: &serde_json::Value) -> Option<Duration> {
    let seconds = match value {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }?;
    if !(seconds.is_finite() && seconds >= 0.0) {
        return None;
    }
    Some(Duration::try_from_secs_f64(seconds).map_or(MAX_LIFETIME, |d| d.min(MAX_LIFETIME)))
}

/// The error of a token endpoint that refused: its status, and its error
/// code and description (RFC 6749 §5.2) when it gave them.
fn refused(status: u16, body: &[u8]) -> AuthError {
    let detail = serde_json::from_slice::<TokenErrorResponse>(body).map_or_else(
        |_| String::new(),
        |e| match e.error_description {
            Some(description) => {
                format!(": {} ({})", shortened(&e.error), shortened(&description))
            }
            None => format!(": {}", shortened(&e.error)),
        },
    );
    AuthError::new(format!("the token endpoint answered {status}{detail}")).with_status(status)
}

/// At most [`MAX_DESCRIPTION`] characters of an endpoint's text.
fn shortened(text: &str) -> String {
    text.chars().take(MAX_DESCRIPTION).collect()
}
