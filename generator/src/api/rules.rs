//! The one place that says how much a change to the generated API hurts
//! its users: breaking (code written against the old crate may not
//! compile), compatible, or documentation only. Both comparisons (of two
//! documents' IR, and of two API listings) classify through `classify`.

use serde::Serialize;

/// What kind of item changed, as users meet it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A `Client` method, one per operation.
    Operation,
    /// A required parameter or body: a positional argument of the method.
    Argument,
    /// An optional parameter or body: a builder setter; also the client
    /// builder's typed header setters.
    Setter,
    /// What a request's `send()` answers.
    Response,
    /// A builder method besides the setters (`into_stream`).
    Method,
    /// A generated type.
    Model,
    /// A struct's `new`, which takes its required non-null properties in
    /// document order.
    Constructor,
    /// A public field of a struct.
    Field,
    /// A variant of an enum.
    Variant,
    /// A variant of `Server`.
    Server,
    /// A cargo feature of the generated crate.
    Feature,
    /// A function or method of the listing.
    Function,
    /// A method of a trait users may implement.
    TraitMethod,
    /// A trait implemented for a type.
    Impl,
    /// Another item of the listing (module, trait, alias, constant,
    /// re-export).
    Item,
}

impl ItemKind {
    /// The name in `diff`'s lines.
    pub fn label(self) -> &'static str {
        match self {
            Self::Operation => "operation",
            Self::Argument => "required argument",
            Self::Setter => "setter",
            Self::Response => "response",
            Self::Method => "method",
            Self::Model => "model",
            Self::Constructor => "constructor",
            Self::Field => "field",
            Self::Variant => "variant",
            Self::Server => "server",
            Self::Feature => "feature",
            Self::Function => "fn",
            Self::TraitMethod => "trait method",
            Self::Impl => "impl",
            Self::Item => "item",
        }
    }
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// It is new.
    Added,
    /// It is gone.
    Removed,
    /// Its signature (type, position, target) changed.
    Changed,
    /// Only its documentation changed.
    Docs,
}

/// How much a change hurts users; ordered from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Nothing changed.
    None,
    /// Only documentation changed.
    Docs,
    /// Code written against the old crate still compiles.
    Compatible,
    /// Code written against the old crate may not compile.
    Breaking,
}

impl Class {
    /// `none`, `docs`, `compatible`, `breaking`.
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Docs => "docs",
            Self::Compatible => "compatible",
            Self::Breaking => "breaking",
        }
    }
}

/// Whether the generated code lets the container of an item of `kind`
/// grow without breaking users. Every generated struct, enum and `Server`
/// is `#[non_exhaustive]` (see `emit::models`, `emit::client`): users build
/// structs with `new` and the `with_` setters, never with a literal, and
/// every `match` on an enum has a `_` arm, so a new field, variant or
/// server breaks nobody. A new required argument breaks every call, and a
/// new required property every `new`: the constructor changes, a change of
/// its own.
pub fn grows_openly(kind: ItemKind) -> bool {
    matches!(kind, ItemKind::Field | ItemKind::Variant | ItemKind::Server)
}

/// The class of `change` to an item of `kind`. `open` says whether the
/// item's container lets it grow without breaking: a `#[non_exhaustive]`
/// struct or enum (or one with private fields; for generated code
/// [`grows_openly`] says), a provided trait method, or a container that is
/// itself new (a new operation's arguments, a new model's fields).
pub fn classify(kind: ItemKind, change: Change, open: bool) -> Class {
    match change {
        Change::Docs => Class::Docs,
        Change::Removed => Class::Breaking,
        // a server's URL is data, not a name users write
        Change::Changed if kind == ItemKind::Server => Class::Compatible,
        Change::Changed => Class::Breaking,
        Change::Added => added(kind, open),
    }
}

fn added(kind: ItemKind, open: bool) -> Class {
    let closed = matches!(
        kind,
        ItemKind::Argument
            | ItemKind::Field
            | ItemKind::Variant
            | ItemKind::Server
            | ItemKind::TraitMethod
    );
    if closed && !open {
        Class::Breaking
    } else {
        Class::Compatible
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_or_changing_what_users_call_breaks() {
        for kind in [
            ItemKind::Operation,
            ItemKind::Setter,
            ItemKind::Field,
            ItemKind::Model,
        ] {
            assert_eq!(classify(kind, Change::Removed, false), Class::Breaking);
            assert_eq!(classify(kind, Change::Changed, true), Class::Breaking);
        }
    }

    #[test]
    fn growth_breaks_only_closed_containers_and_positional_arguments() {
        assert_eq!(
            classify(ItemKind::Operation, Change::Added, false),
            Class::Compatible
        );
        assert_eq!(
            classify(ItemKind::Setter, Change::Added, false),
            Class::Compatible
        );
        assert_eq!(
            classify(ItemKind::Model, Change::Added, false),
            Class::Compatible
        );
        // a required argument of an existing operation breaks every call
        assert_eq!(
            classify(ItemKind::Argument, Change::Added, false),
            Class::Breaking
        );
        assert_eq!(
            classify(ItemKind::Argument, Change::Added, true),
            Class::Compatible
        );
        // a struct literal or exhaustive match of today's models breaks
        assert_eq!(
            classify(ItemKind::Field, Change::Added, false),
            Class::Breaking
        );
        assert_eq!(
            classify(ItemKind::Variant, Change::Added, false),
            Class::Breaking
        );
        assert_eq!(
            classify(ItemKind::Server, Change::Added, false),
            Class::Breaking
        );
        // ... but not a #[non_exhaustive] one's
        assert_eq!(
            classify(ItemKind::Field, Change::Added, true),
            Class::Compatible
        );
        assert_eq!(
            classify(ItemKind::Variant, Change::Added, true),
            Class::Compatible
        );
    }

    #[test]
    fn generated_structs_enums_and_servers_grow_openly_but_calls_and_constructors_do_not() {
        for kind in [ItemKind::Field, ItemKind::Variant, ItemKind::Server] {
            assert!(grows_openly(kind), "{kind:?}");
            assert_eq!(
                classify(kind, Change::Added, grows_openly(kind)),
                Class::Compatible
            );
        }
        for kind in [ItemKind::Argument, ItemKind::Constructor] {
            assert!(!grows_openly(kind), "{kind:?}");
        }
        // a new required property changes `new`'s arguments
        assert_eq!(
            classify(ItemKind::Constructor, Change::Changed, false),
            Class::Breaking
        );
    }

    #[test]
    fn documentation_and_server_urls_are_not_breaking() {
        assert_eq!(
            classify(ItemKind::Operation, Change::Docs, false),
            Class::Docs
        );
        assert_eq!(
            classify(ItemKind::Server, Change::Changed, false),
            Class::Compatible
        );
        assert!(Class::Breaking > Class::Compatible && Class::Compatible > Class::Docs);
    }
}
