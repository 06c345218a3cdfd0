//! Clients generated at build time from generator fixtures (see `build.rs`),
//! and the user types one of them is told to use.

/// Every query style: `form` (exploded or not), `spaceDelimited`,
/// `pipeDelimited`, `deepObject`.
pub mod query_styles {
    include!(concat!(env!("OUT_DIR"), "/query_styles.rs"));
}

/// Parameters named like secrets in the path, query, a header and cookies.
pub mod secret_params {
    include!(concat!(env!("OUT_DIR"), "/secret_params.rs"));
}

/// Every kind of security scheme (HTTP Basic and bearer, API keys in a
/// header, the query and a cookie, OAuth2 client credentials, OpenID
/// Connect), named per operation, as alternatives, combined, optional and
/// not at all.
pub mod security_schemes {
    include!(concat!(env!("OUT_DIR"), "/security_schemes.rs"));
}

/// Uploads: `multipart/form-data` bodies with files, a JSON object, lists
/// and optional fields. The runtime's multipart writer is tested here, where
/// its crate-private items can be reached.
pub mod multipart {
    include!(concat!(env!("OUT_DIR"), "/multipart.rs"));

    #[cfg(test)]
    mod writer_tests;
}

/// Unions whose alternatives overlap: a tag with several values in one
/// alternative, and objects whose properties are part of another's.
pub mod ambiguous_unions {
    include!(concat!(env!("OUT_DIR"), "/ambiguous_unions.rs"));
}

/// Untagged unions whose alternatives differ only inside a property (the
/// `type` of a nested `configuration`), and one inside another.
pub mod nested_unions {
    include!(concat!(env!("OUT_DIR"), "/nested_unions.rs"));
}

/// Schemas whose keywords mix kinds: an `allOf` beside `type: object`,
/// `required` or properties of its own; `type: string` beside
/// `additionalProperties`.
pub mod mixed_keywords {
    include!(concat!(env!("OUT_DIR"), "/mixed_keywords.rs"));
}

/// POSTs with and without an `Idempotency-Key` header.
pub mod idempotency {
    include!(concat!(env!("OUT_DIR"), "/idempotency.rs"));
}

/// Success responses that declare headers of every shape.
pub mod response_headers {
    include!(concat!(env!("OUT_DIR"), "/response_headers.rs"));
}

/// Dates and date-times in every place a type can be, read leniently.
pub mod lenient_dates {
    include!(concat!(env!("OUT_DIR"), "/lenient_dates.rs"));
}

/// Success statuses with different bodies (an enum by status) and with one
/// shared body (the plain type).
pub mod status_bodies {
    include!(concat!(env!("OUT_DIR"), "/status_bodies.rs"));
}

/// Webhooks and callbacks: events of every body kind, decoded by name.
pub mod events {
    include!(concat!(env!("OUT_DIR"), "/events.rs"));
}

/// Unions: tagged by a declared or an implied discriminator, untagged,
/// string enums split over alternatives.
pub mod unions {
    include!(concat!(env!("OUT_DIR"), "/unions.rs"));
}

/// Streamed responses (server-sent events, NDJSON, JSON Lines, JSON text
/// sequences, binary downloads) and binary uploads from files and streams.
pub mod streams {
    include!(concat!(env!("OUT_DIR"), "/streams.rs"));
}

/// Accounts, generated with `format_type("uuid", ..)`, `schema_type("Money",
/// ..)`, extra derives `Eq` and `Hash`, and `#[serde(deny_unknown_fields)]`
/// on `Account`.
pub mod accounts {
    include!(concat!(env!("OUT_DIR"), "/accounts.rs"));
}

/// The types the generated accounts client is told to use.
pub mod user_types {
    use std::fmt;

    use serde::{Deserialize, Serialize};

    /// An account id (`format: uuid`), kept as its 32 hex digits.
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(try_from = "String", into = "String")]
    pub struct AccountId(u128);

    impl AccountId {
        /// The id with this numeric value.
        #[must_use]
        pub fn new(value: u128) -> Self {
            Self(value)
        }
    }

    impl TryFrom<String> for AccountId {
        type Error = String;

        fn try_from(text: String) -> Result<Self, Self::Error> {
            let digits: String = text.chars().filter(|c| *c != '-').collect();
            if digits.len() != 32 {
                return Err(format!("`{text}` is not a UUID"));
            }
            u128::from_str_radix(&digits, 16)
                .map(Self)
                .map_err(|_| format!("`{text}` is not a UUID"))
        }
    }

    impl From<AccountId> for String {
        fn from(id: AccountId) -> Self {
            id.to_string()
        }
    }

    impl fmt::Display for AccountId {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let hex = format!("{:032x}", self.0);
            let (a, rest) = hex.split_at(8);
            let (b, rest) = rest.split_at(4);
            let (c, rest) = rest.split_at(4);
            let (d, e) = rest.split_at(4);
            write!(f, "{a}-{b}-{c}-{d}-{e}")
        }
    }

    /// Money in minor units; replaces the document's `Money` object.
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub struct Cents {
        /// The amount in minor units.
        pub amount: i64,
        /// The ISO 4217 code.
        pub currency: String,
    }

    impl fmt::Display for Cents {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{}{}", self.amount, self.currency)
        }
    }
}
