//! Signatures and types as the API listing writes them: each path written
//! in a module rewritten to the public path users write, on one line.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

use syn::Fields;
use syn::visit_mut::VisitMut;

use super::line::{self, Paths};
use super::modules::{CrateNames, Target, segments};
use super::tokens::one_line;

/// Rewrites the paths of a signature or type written in `module` to the
/// public paths users write, and prints them on one line.
#[derive(Clone, Copy)]
pub struct Rewriter<'a> {
    tree: &'a CrateNames,
    module: usize,
    known: &'a KnownPaths,
}

/// The paths already rewritten on this thread, by the module they are
/// written in and their text: the same few types stand in most signatures.
#[derive(Default)]
pub struct KnownPaths(RefCell<HashMap<String, Option<String>>>);

impl<'a> Rewriter<'a> {
    /// Rewrites what is written in `module` of the crate of `tree`,
    /// remembering each path's rewriting in `known`.
    pub fn new(tree: &'a CrateNames, module: usize, known: &'a KnownPaths) -> Self {
        Self {
            tree,
            module,
            known,
        }
    }

    pub fn ty(&self, ty: &syn::Type) -> String {
        if let Some(line) = line::ty(self, ty) {
            return line;
        }
        let mut ty = ty.clone();
        self.clone_visitor().visit_type_mut(&mut ty);
        one_line(&ty)
    }

    pub fn generics(&self, generics: &syn::Generics) -> String {
        let mut generics = generics.clone();
        self.clone_visitor().visit_generics_mut(&mut generics);
        one_line(&generics)
    }

    pub fn fields(&self, fields: &Fields) -> String {
        let mut fields = fields.clone();
        for field in &mut fields {
            field.attrs.clear();
            field.vis = syn::Visibility::Inherited;
        }
        self.clone_visitor().visit_fields_mut(&mut fields);
        one_line(&fields)
    }

    /// `pub fn {path}{generics}(args) -> ret`, receivers and arguments
    /// without `mut`.
    pub fn function(&self, sig: &syn::Signature, path: &str) -> String {
        if let Some(line) = line::function(self, sig, path) {
            return line;
        }
        let mut sig = sig.clone();
        for input in &mut sig.inputs {
            match input {
                syn::FnArg::Receiver(r) if r.reference.is_none() => r.mutability = None,
                syn::FnArg::Typed(t) => {
                    if let syn::Pat::Ident(p) = &mut *t.pat {
                        p.mutability = None;
                    }
                }
                syn::FnArg::Receiver(_) => {}
            }
        }
        self.clone_visitor().visit_signature_mut(&mut sig);
        let text = one_line(&sig);
        let name = format!("fn {}", sig.ident);
        format!("pub {}", text.replacen(&name, &format!("fn {path}"), 1))
    }

    /// A trait: its public path when it is the crate's, else its last
    /// segment with its arguments (without lifetimes), so that a derive and
    /// an impl written by hand or by a macro read the same.
    pub fn trait_name(&self, path: &syn::Path) -> String {
        if let Target::Item(m, i) = self.tree.resolve(self.module, &segments(path)) {
            if let Some(public) = self.tree.public.get(&(m, i)) {
                return public.text();
            }
        }
        let Some(last) = path.segments.last() else {
            return String::new();
        };
        let mut last = last.clone();
        if let syn::PathArguments::AngleBracketed(args) = &mut last.arguments {
            args.args = args
                .args
                .iter()
                .filter(|a| !matches!(a, syn::GenericArgument::Lifetime(_)))
                .cloned()
                .collect();
            if args.args.is_empty() {
                last.arguments = syn::PathArguments::None;
            }
        }
        self.clone_visitor().visit_path_segment_mut(&mut last);
        one_line(&last)
    }

    /// A copy to visit with (visiting needs `&mut`).
    fn clone_visitor(&self) -> Self {
        *self
    }
}

impl Paths for Rewriter<'_> {
    fn write_rewritten(&self, path: &syn::Path, out: &mut String) -> bool {
        let mut key = self.module.to_string();
        for segment in &path.segments {
            let _ = write!(key, "::{}", segment.ident);
        }
        if path.leading_colon.is_some() {
            key.push_str("::");
        }
        let mut known = self.known.0.borrow_mut();
        let rewritten = known
            .entry(key)
            .or_insert_with(|| self.rewritten(path).map(|segments| segments.join("::")));
        if let Some(text) = rewritten {
            out.push_str(text);
        }
        rewritten.is_some()
    }
}

impl Rewriter<'_> {
    /// The public path of what `path` names (an item of the crate's), or
    /// the full path of a name imported from another crate; its segments
    /// each an identifier (empty ones, a leading `::`, left out).
    fn rewritten(&self, path: &syn::Path) -> Option<Vec<String>> {
        let written = segments(path);
        let mut full = match self.tree.resolve(self.module, &written) {
            Target::Item(m, i) => self.tree.public.get(&(m, i))?.segments.clone(),
            // a name imported from another crate: its full path
            Target::External(outside) if !outside.is_empty() && outside != written => outside,
            _ => return None,
        };
        full.retain(|s| !s.is_empty());
        full.iter().all(|s| is_ident(s)).then_some(full)
    }
}

impl VisitMut for Rewriter<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        syn::visit_mut::visit_path_mut(self, path);
        let Some(full) = self.rewritten(path) else {
            return;
        };
        let arguments = path
            .segments
            .last()
            .map(|s| s.arguments.clone())
            .unwrap_or_default();
        let Some(mut rewritten) = full
            .iter()
            .map(|s| ident(s).map(syn::PathSegment::from))
            .collect::<Option<syn::punctuated::Punctuated<syn::PathSegment, syn::Token![::]>>>()
        else {
            return;
        };
        if let Some(last) = rewritten.last_mut() {
            last.arguments = arguments;
        }
        path.leading_colon = None;
        path.segments = rewritten;
    }
}

/// Whether `text` is an identifier as `syn` reads one (see [`ident`]).
fn is_ident(text: &str) -> bool {
    plain_word(text) || syn::parse_str::<syn::Ident>(text).is_ok()
}

/// A plain ASCII word that is no keyword: an identifier to make directly.
fn plain_word(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !KEYWORDS.contains(&text)
}

/// The identifier written `text`, as `syn` reads one (raw ones as
/// `r#type`; no keyword): made directly when it is a plain ASCII word,
/// parsed otherwise (`Ident::new` panics on a raw identifier and on what is
/// no identifier). Most of a listing's paths are rewritten, so this is hot.
fn ident(text: &str) -> Option<syn::Ident> {
    if plain_word(text) {
        return Some(syn::Ident::new(text, proc_macro2::Span::call_site()));
    }
    syn::parse_str::<syn::Ident>(text).ok()
}

/// Rust's keywords, strict and reserved, and `_`: the words `syn` does not
/// read as an identifier.
const KEYWORDS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "Self", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_made_as_syn_reads_them() {
        for word in KEYWORDS {
            assert!(syn::parse_str::<syn::Ident>(word).is_err(), "{word}");
            assert_eq!(ident(word), None, "{word}");
        }
        // contextual keywords are identifiers; the rest are not
        let words = [
            "Pet",
            "models",
            "r#type",
            "r#Self",
            "x1",
            "_private",
            "union",
            "auto",
            "default",
            "safe",
            "raw",
            "macro_rules",
            "1x",
            "a-b",
            "ünï",
            "",
        ];
        for word in words {
            let parsed = syn::parse_str::<syn::Ident>(word).ok();
            assert_eq!(ident(word), parsed, "{word}");
        }
    }
}
