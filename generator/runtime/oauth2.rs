//! `ClientCredentials` (feature `oauth2`): OAuth2 access tokens of the
//! client credentials grant (RFC 6749 §4.4), fetched from the token URL,
//! cached, and fetched again shortly before they expire or when the API
//! refuses one. One fetch at a time: requests that need a token while one
//! is being fetched wait for it, and after a fetch that failed they get its
//! error until a pause has passed (1 s, doubling with each failure in a row
//! up to 30 s), so a failing token endpoint is not asked once per request.
//! No secret or token is ever shown.

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
/// How long no new token is asked for after a token request failed (the
/// first failure in a row; each further one doubles it)...
const FIRST_FAILURE_PAUSE: Duration = Duration::from_secs(1);
/// ... up to this.
const MAX_FAILURE_PAUSE: Duration = Duration::from_secs(30);
/// The longest lifetime a token is kept for: a larger `expires_in` (such
/// as `i64::MAX`, "never") is read as this.
const MAX_LIFETIME: Duration = Duration::from_secs(100 * 365 * 86_400);

/// Access tokens of the OAuth2 client credentials grant: a [`TokenSource`]
/// that posts `grant_type=client_credentials` (with the scopes, if any) to
/// the token URL, with the client id and secret as HTTP Basic credentials
/// (or in the form, see [`ClientCredentials::credentials_in_body`]),
/// keeps the token until shortly before `expires_in` runs out, and fetches
/// a new one then or when the API answers 401. After a token request that
/// failed, requests that need a token get its error (`Error::Auth`, with
/// the token endpoint's status) without a new token request for a pause:
/// 1 s, doubled with each failure in a row, at most 30 s.
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    scopes: Vec<String>,
    in_body: bool,
    refresh_margin: Duration,
    http: Option<reqwest::Client>,
    cache: Mutex<Cache>,
}

/// The token, if one was had, and the last failures, if the last token
/// request failed.
#[derive(Default)]
struct Cache {
    token: Option<Cached>,
    failure: Option<Failure>,
}

/// Token requests that failed in a row: the last one's error, and when the
/// next may be sent.
struct Failure {
    message: String,
    status: Option<u16>,
    in_a_row: u32,
    retry_at: Instant,
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
            cache: Mutex::default(),
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
            cache: Mutex::default(),
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
    /// a new one, unless a token request failed less than a pause ago: then
    /// that failure again. The lock is held while fetching, so concurrent
    /// callers wait for that one fetch (and share its failure).
    async fn current(&self, rejected: Option<&Secret>) -> Result<Secret, AuthError> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.token.as_ref() {
            let fresh = cached.replace_at.is_none_or(|at| Instant::now() < at);
            if fresh && rejected != Some(&cached.token) {
                return Ok(cached.token.clone());
            }
        }
        if let Some(failure) = &cache.failure {
            let now = Instant::now();
            if now < failure.retry_at {
                return Err(failure.again(failure.retry_at - now));
            }
        }
        match self.fetch().await {
            Ok(fetched) => {
                let token = fetched.token.clone();
                *cache = Cache {
                    token: Some(fetched),
                    failure: None,
                };
                Ok(token)
            }
            Err(error) => {
                let in_a_row = cache.failure.as_ref().map_or(1, |f| f.in_a_row + 1);
                cache.failure = Some(Failure::of(&error, in_a_row));
                Err(error)
            }
        }
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

impl Failure {
    /// The `in_a_row`th failure in a row, `error`: the next token request
    /// waits [`FIRST_FAILURE_PAUSE`] doubled for each earlier one, at most
    /// [`MAX_FAILURE_PAUSE`].
    fn of(error: &AuthError, in_a_row: u32) -> Self {
        let doublings = in_a_row.saturating_sub(1).min(16);
        let pause = FIRST_FAILURE_PAUSE
            .saturating_mul(1 << doublings)
            .min(MAX_FAILURE_PAUSE);
        Self {
            message: error.message().to_owned(),
            status: error.status(),
            in_a_row,
            retry_at: Instant::now() + pause,
        }
    }

    /// The error for a request that needs a token within the pause: the
    /// failure's, with how long until a token is asked for again.
    fn again(&self, remaining: Duration) -> AuthError {
        let error = AuthError::new(format!(
            "{} (token requests failed {} time{} in a row; the next is sent in {:.1} s)",
            self.message,
            self.in_a_row,
            if self.in_a_row == 1 { "" } else { "s" },
            remaining.as_secs_f64()
        ));
        match self.status {
            Some(status) => error.with_status(status),
            None => error,
        }
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
