//! Per-tag cargo features: each tag of the document becomes a feature of
//! the generated crate (`tag-pets`), and every item that serves only some
//! tags' operations is compiled only with one of their features: the
//! operation's client method, builder, mock rule and example, and each
//! model type as far as the enabled operations reach it. Operations without
//! tags, and the types they, client-level headers and the error body use,
//! are always compiled; types no operation uses compile with `all-tags`,
//! which (on by default) enables every tag.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use super::Item;
use crate::ir::{Api, Operation, reached_types};
use crate::naming::Scope;

/// The feature that enables every tag.
pub const ALL_TAGS: &str = "all-tags";

/// Which features compile which items of one API.
#[derive(Debug, Default)]
pub struct TagGates {
    /// Each tag with its feature, in the order the document first uses them.
    features: Vec<(String, String)>,
    /// The features of each operation (by method name): empty when it is
    /// always compiled.
    operations: BTreeMap<String, BTreeSet<usize>>,
    /// The features each model type is compiled with, for the types only
    /// tagged operations reach.
    types: BTreeMap<String, BTreeSet<usize>>,
}

impl TagGates {
    /// No gates: every item is always compiled.
    pub fn none() -> Self {
        Self::default()
    }

    /// The gates of `api`: a feature per tag (names the crate's own
    /// features already have are taken).
    pub fn new(api: &Api, taken: &[&str]) -> Self {
        let mut names = Scope::with_reserved(taken.iter().copied().chain([ALL_TAGS]));
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        let mut features = Vec::new();
        let mut operations = BTreeMap::new();
        for op in &api.operations {
            let mut set = BTreeSet::new();
            for tag in &op.tags {
                let i = *index.entry(tag).or_insert_with(|| {
                    features.push((tag.clone(), names.claim(feature_name(tag))));
                    features.len() - 1
                });
                set.insert(i);
            }
            operations.insert(op.method_name.clone(), set);
        }
        let types = type_reach(api, &operations);
        Self {
            features,
            operations,
            types,
        }
    }

    /// Whether any item is gated.
    pub fn is_on(&self) -> bool {
        !self.features.is_empty()
    }

    /// Each tag and its feature.
    pub fn features(&self) -> &[(String, String)] {
        &self.features
    }

    /// The `#[cfg(..)]` of an operation's items, if it has tags.
    pub fn operation(&self, op: &Operation) -> Option<TokenStream> {
        self.cfg(self.operations.get(&op.method_name)?)
    }

    /// The `#[cfg(..)]` of a model type, if only tagged operations use it.
    pub fn type_def(&self, name: &str) -> Option<TokenStream> {
        self.cfg(self.types.get(name)?)
    }

    /// The `#[cfg(..)]` of an item that uses every one of the model types
    /// `names`: each gated one's features (all of them, when several are).
    pub fn type_defs(&self, names: &[&str]) -> Option<TokenStream> {
        let mut sets: Vec<&BTreeSet<usize>> =
            names.iter().filter_map(|n| self.types.get(*n)).collect();
        sets.dedup();
        match sets.as_slice() {
            [] => None,
            [one] => self.cfg(one),
            many => {
                let each = many.iter().map(|set| self.predicate(set));
                Some(quote!(#[cfg(all(#(#each),*))]))
            }
        }
    }

    /// The predicate of `cfg` for `set`: any of its features.
    fn predicate(&self, set: &BTreeSet<usize>) -> TokenStream {
        let names = self.feature_names(set);
        quote!(any(#(feature = #names),*))
    }

    fn feature_names(&self, set: &BTreeSet<usize>) -> Vec<&str> {
        set.iter()
            .filter_map(|&i| match i {
                ALL_TAGS_INDEX => Some(ALL_TAGS),
                i => self.features.get(i).map(|(_, feature)| feature.as_str()),
            })
            .collect()
    }

    fn cfg(&self, set: &BTreeSet<usize>) -> Option<TokenStream> {
        let names = self.feature_names(set);
        match names.as_slice() {
            [] => None,
            [one] => Some(quote!(#[cfg(feature = #one)])),
            many => Some(quote!(#[cfg(any(#(feature = #many),*))])),
        }
    }
}

/// `tag-` and the tag in kebab case (`Zone Settings` → `tag-zone-settings`).
fn feature_name(tag: &str) -> String {
    let words: Vec<String> = crate::naming::snake_case(tag)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    if words.is_empty() {
        "tag".to_owned()
    } else {
        format!("tag-{}", words.join("-"))
    }
}

/// Stands for `all-tags` among the indices of tag features.
const ALL_TAGS_INDEX: usize = usize::MAX;

/// The features of each type that is not always compiled: those of the
/// tagged operations that reach it (through the types they name,
/// transitively), or `all-tags` for a type no operation reaches. A type an
/// untagged operation, a client-level header, the error body or a webhook
/// reaches is always compiled. Whatever a gated type holds is compiled with at least
/// its features, `all-tags` enabling every tag.
fn type_reach(
    api: &Api,
    operations: &BTreeMap<String, BTreeSet<usize>>,
) -> BTreeMap<String, BTreeSet<usize>> {
    let untagged = api
        .operations
        .iter()
        .filter(|op| operations[&op.method_name].is_empty())
        .flat_map(Operation::types);
    let always = reached_types(&api.types, api.types_beside_operations().chain(untagged));
    let mut gated: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for op in &api.operations {
        let set = &operations[&op.method_name];
        if set.is_empty() {
            continue;
        }
        for name in reached_types(&api.types, op.types()) {
            if !always.contains(&name) {
                gated.entry(name).or_default().extend(set);
            }
        }
    }
    for def in &api.types {
        if !always.contains(&def.name) && !gated.contains_key(&def.name) {
            gated.insert(def.name.clone(), BTreeSet::from([ALL_TAGS_INDEX]));
        }
    }
    gated
}

impl TagGates {
    /// `item` (whole items, and a macro invocation as text) with `gate` on
    /// each of its items; unchanged without one.
    pub fn gate(&self, item: Item, gate: Option<&TokenStream>) -> Item {
        match gate {
            None => item,
            Some(gate) => Item {
                tokens: gate_items(item.tokens, gate),
                text: item.text.map(|text| gate_text(text, gate)),
            },
        }
    }
}

/// `tokens` (whole items) with `gate` on each item: last among its outer
/// attributes, right before the item (a long gate before doc comments
/// would be laid out with an empty line after it). Done on the tokens, as
/// they come: parsing them into items costs as much as formatting them.
fn gate_items(tokens: TokenStream, gate: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut trees = tokens.into_iter().peekable();
    while trees.peek().is_some() {
        while matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '#') {
            out.extend(trees.next()); // `#`
            out.extend(trees.next()); // `[...]`
        }
        out.extend(gate.clone());
        let mut end = ItemEnd::default();
        for tree in trees.by_ref() {
            let last = end.is_last(&tree);
            out.extend([tree]);
            if last {
                break;
            }
        }
    }
    out
}

/// Where an item of emitted tokens ends: at its `;`, or at its first brace
/// group unless it is an item that always ends with `;` (`use a::{b, c};`,
/// `const C: S = S {};`).
#[derive(Default)]
struct ItemEnd {
    /// What the item's keyword says, once it has been seen.
    semicolon_only: Option<bool>,
    /// `const` seen: a constant, or a `const fn`.
    after_const: bool,
}

impl ItemEnd {
    /// Whether `tree`, the next token of the item, is its last.
    fn is_last(&mut self, tree: &TokenTree) -> bool {
        match tree {
            TokenTree::Punct(p) if p.as_char() == ';' => true,
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                // `const _: () = { .. };` is a constant too
                let constant = self.semicolon_only.is_none() && self.after_const;
                self.semicolon_only != Some(true) && !constant
            }
            TokenTree::Ident(word) if self.semicolon_only.is_none() => {
                let word = word.to_string();
                if self.after_const {
                    self.semicolon_only = Some(word != "fn" && word != "unsafe" && word != "async");
                } else if word == "const" {
                    self.after_const = true;
                } else if !matches!(
                    word.as_str(),
                    "pub" | "unsafe" | "async" | "extern" | "default"
                ) {
                    self.semicolon_only = Some(matches!(word.as_str(), "use" | "static" | "type"));
                }
                false
            }
            _ => false,
        }
    }
}

/// `text` (one macro invocation) preceded by the gate.
fn gate_text(text: String, gate: &TokenStream) -> String {
    // feature names hold neither `=` nor `,`
    let gate = gate
        .to_string()
        .replace(' ', "")
        .replace('=', " = ")
        .replace(',', ", ");
    format!("{gate}\n{text}")
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::gate_items;

    #[test]
    fn every_item_gets_the_gate_after_its_attributes_whatever_ends_it() {
        let gate = quote!(#[cfg(feature = "tag-a")]);
        let items = quote! {
            /// Docs.
            #[derive(Debug)]
            pub struct S { a: u8 }
            pub use a::{b, c};
            pub const C: S = S { a: 1 };
            const _: () = { };
            pub(crate) const fn f() -> u8 { 1 }
            pub struct T(u8);
            impl<const N: usize> X for S { fn g() {} }
            pub type A = fn(u8) -> u8;
            m!(x);
            pub mod inner { pub struct Z; }
        };
        let gated = gate_items(items, &gate);
        let file: syn::File = syn::parse2(gated).expect("the gated items parse");
        assert_eq!(file.items.len(), 10);
        for item in &file.items {
            let text = quote!(#item).to_string();
            assert!(
                text.contains("# [cfg (feature = \"tag-a\")]"),
                "ungated: {text}"
            );
        }
        let first = file.items.first().map(|item| quote!(#item).to_string());
        let first = first.unwrap_or_default();
        let docs = first.find("doc").expect("docs kept");
        let derive = first.find("derive").expect("derive kept");
        let cfg = first.find("cfg").expect("gate added");
        assert!(docs < derive && derive < cfg, "{first}");
    }
}
