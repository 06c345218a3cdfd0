//! Types and signatures written on one line straight from the syntax tree,
//! each path rewritten as it is met: the text `Rewriter` gets by copying the
//! tree, rewriting its paths and printing its tokens (`tokens::one_line`),
//! for the shapes generated code uses, without the copy or the tokens.
//! Any other shape gives `None`, and the caller takes the long way.

use std::fmt::Write as _;

use syn::{FnArg, GenericArgument, PathArguments, ReturnType, Signature, Type, TypeParamBound};

/// What a path written in the code is rewritten to.
pub trait Paths {
    /// Writes the path's segments as rewritten (without its last
    /// segment's arguments) to `out`; `false`, writing nothing, to keep
    /// it as written.
    fn write_rewritten(&self, path: &syn::Path, out: &mut String) -> bool;
}

/// `ty` on one line, or `None` for a shape this does not write.
pub fn ty(paths: &impl Paths, ty: &Type) -> Option<String> {
    let mut out = String::with_capacity(32);
    Line {
        paths,
        out: &mut out,
    }
    .ty(ty)?;
    Some(out)
}

/// `pub fn {path}(args) -> ret` for a signature without generics,
/// qualifiers or unusual arguments (receivers and arguments without
/// `mut`), or `None`.
pub fn function(paths: &impl Paths, sig: &Signature, path: &str) -> Option<String> {
    let plain = sig.constness.is_none()
        && sig.asyncness.is_none()
        && sig.unsafety.is_none()
        && sig.abi.is_none()
        && sig.variadic.is_none()
        && sig.generics.params.is_empty()
        && sig.generics.where_clause.is_none();
    if !plain {
        return None;
    }
    let mut out = String::with_capacity(64 + path.len());
    out.push_str("pub fn ");
    out.push_str(path);
    let mut line = Line {
        paths,
        out: &mut out,
    };
    line.list(('(', ')'), sig.inputs.iter(), Line::argument)?;
    if let ReturnType::Type(_, ret) = &sig.output {
        line.out.push_str(" -> ");
        line.ty(ret)?;
    }
    Some(out)
}

struct Line<'a, P> {
    paths: &'a P,
    out: &'a mut String,
}

impl<P: Paths> Line<'_, P> {
    fn argument(&mut self, input: &FnArg) -> Option<()> {
        match input {
            FnArg::Receiver(r) if r.attrs.is_empty() && r.colon_token.is_none() => {
                if let Some((_, lifetime)) = &r.reference {
                    self.out.push('&');
                    if let Some(lifetime) = lifetime {
                        let _ = write!(self.out, "'{} ", lifetime.ident);
                    }
                    if r.mutability.is_some() {
                        self.out.push_str("mut ");
                    }
                }
                self.out.push_str("self");
                Some(())
            }
            FnArg::Typed(typed) if typed.attrs.is_empty() => {
                let syn::Pat::Ident(pat) = &*typed.pat else {
                    return None;
                };
                if pat.by_ref.is_some() || pat.subpat.is_some() || !pat.attrs.is_empty() {
                    return None;
                }
                let _ = write!(self.out, "{}: ", pat.ident);
                self.ty(&typed.ty)
            }
            FnArg::Receiver(_) | FnArg::Typed(_) => None,
        }
    }

    fn ty(&mut self, ty: &Type) -> Option<()> {
        match ty {
            Type::Path(path) if path.qself.is_none() => self.path(&path.path),
            Type::Reference(reference) => {
                self.out.push('&');
                if let Some(lifetime) = &reference.lifetime {
                    let _ = write!(self.out, "'{} ", lifetime.ident);
                }
                if reference.mutability.is_some() {
                    self.out.push_str("mut ");
                }
                self.ty(&reference.elem)
            }
            Type::ImplTrait(bounds) => {
                self.out.push_str("impl ");
                self.bounds(bounds.bounds.iter())
            }
            Type::Tuple(tuple) => self.list(('(', ')'), tuple.elems.iter(), Self::ty),
            Type::Slice(slice) => {
                self.out.push('[');
                self.ty(&slice.elem)?;
                self.out.push(']');
                Some(())
            }
            _ => None,
        }
    }

    fn bounds<'b>(&mut self, bounds: impl Iterator<Item = &'b TypeParamBound>) -> Option<()> {
        for (at, bound) in bounds.enumerate() {
            if at > 0 {
                self.out.push_str(" + ");
            }
            match bound {
                TypeParamBound::Trait(t)
                    if t.paren_token.is_none()
                        && t.lifetimes.is_none()
                        && matches!(t.modifier, syn::TraitBoundModifier::None) =>
                {
                    self.path(&t.path)?;
                }
                TypeParamBound::Lifetime(lifetime) => {
                    let _ = write!(self.out, "'{}", lifetime.ident);
                }
                _ => return None,
            }
        }
        Some(())
    }

    /// A path as written, or as rewritten (its last segment's arguments kept).
    fn path(&mut self, path: &syn::Path) -> Option<()> {
        let last = path.segments.last()?;
        if !self.paths.write_rewritten(path, self.out) {
            if path.leading_colon.is_some() {
                return None;
            }
            for (at, segment) in path.segments.iter().enumerate() {
                if at > 0 {
                    self.out.push_str("::");
                }
                let _ = write!(self.out, "{}", segment.ident);
                if at + 1 < path.segments.len() {
                    self.arguments(&segment.arguments)?;
                }
            }
        }
        self.arguments(&last.arguments)
    }

    fn arguments(&mut self, arguments: &PathArguments) -> Option<()> {
        match arguments {
            PathArguments::None => Some(()),
            PathArguments::AngleBracketed(args) if args.colon2_token.is_none() => {
                self.list(('<', '>'), args.args.iter(), Self::generic_argument)
            }
            PathArguments::Parenthesized(args) => {
                self.list(('(', ')'), args.inputs.iter(), Self::ty)?;
                if let ReturnType::Type(_, ret) = &args.output {
                    self.out.push_str(" -> ");
                    self.ty(ret)?;
                }
                Some(())
            }
            PathArguments::AngleBracketed(_) => None,
        }
    }

    fn generic_argument(&mut self, argument: &GenericArgument) -> Option<()> {
        match argument {
            GenericArgument::Type(ty) => self.ty(ty),
            GenericArgument::Lifetime(lifetime) => {
                let _ = write!(self.out, "'{}", lifetime.ident);
                Some(())
            }
            GenericArgument::AssocType(assoc) if assoc.generics.is_none() => {
                let _ = write!(self.out, "{} = ", assoc.ident);
                self.ty(&assoc.ty)
            }
            _ => None,
        }
    }

    /// Items in brackets, separated by `, `, without a trailing comma (as
    /// `one_line` writes lists however they were wrapped).
    fn list<'b, T: 'b>(
        &mut self,
        (open, close): (char, char),
        items: impl Iterator<Item = &'b T>,
        mut write: impl FnMut(&mut Self, &'b T) -> Option<()>,
    ) -> Option<()> {
        self.out.push(open);
        for (at, item) in items.enumerate() {
            if at > 0 {
                self.out.push_str(", ");
            }
            write(self, item)?;
        }
        self.out.push(close);
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::tokens::one_line;

    /// Rewrites paths whose last segment is `M` to `k::models::M`.
    struct ToModels;

    impl ToModels {
        fn rewritten(&self, path: &syn::Path) -> Option<Vec<String>> {
            (path.segments.last()?.ident == "M")
                .then(|| vec!["k".into(), "models".into(), "M".into()])
        }
    }

    impl Paths for ToModels {
        fn write_rewritten(&self, path: &syn::Path, out: &mut String) -> bool {
            let rewritten = self.rewritten(path);
            out.push_str(&rewritten.as_deref().unwrap_or_default().join("::"));
            rewritten.is_some()
        }
    }

    impl syn::visit_mut::VisitMut for ToModels {
        fn visit_path_mut(&mut self, path: &mut syn::Path) {
            syn::visit_mut::visit_path_mut(self, path);
            if let Some(segments) = self.rewritten(path) {
                let arguments = path
                    .segments
                    .last()
                    .map(|s| s.arguments.clone())
                    .unwrap_or_default();
                let mut rewritten: syn::Path = syn::parse_str(&segments.join("::")).unwrap();
                if let Some(last) = rewritten.segments.last_mut() {
                    last.arguments = arguments;
                }
                *path = rewritten;
            }
        }
    }

    /// What the long way writes: the tree copied, rewritten, printed.
    fn long_way(ty: &Type) -> String {
        let mut ty = ty.clone();
        syn::visit_mut::VisitMut::visit_type_mut(&mut ToModels, &mut ty);
        one_line(&ty)
    }

    #[test]
    fn types_read_as_the_long_way_writes_them() {
        for text in [
            "Option<Vec<String>>",
            "&'static str",
            "&'a mut super::M",
            "impl Into<String>",
            "impl FnOnce(runtime::RequestOptions) -> runtime::RequestOptions",
            "impl Fn(&mut A, M) -> Result<(), E> + Send + 'static",
            "impl futures_core::Stream<Item = Result<models::M, super::Error>> + Send + Unpin + 'static",
            "ResponseFuture<M, runtime::Json, super::H>",
            "()",
            "(i64,)",
            "(M, String)",
            "[u8]",
            "std::collections::BTreeMap<String, Vec<M>>",
            "Box<dyn Fn() -> M>",
            "Box<dyn Fn()>",
            "[u8; 4]",
            "<T as Tr>::X",
            "::std::string::String",
            "impl ?Sized",
            "fn(u8) -> u8",
            "Vec<M<'a, 3>>",
        ] {
            let parsed: Type = syn::parse_str(text).expect(text);
            if let Some(fast) = ty(&ToModels, &parsed) {
                assert_eq!(fast, long_way(&parsed), "{text}");
            }
        }
        let written = |text: &str| ty(&ToModels, &syn::parse_str(text).unwrap());
        for common in [
            "Option<Vec<String>>",
            "&'a mut super::M",
            "impl Fn(&mut A, M) -> Result<(), E> + Send + 'static",
            "impl futures_core::Stream<Item = Result<models::M, super::Error>> + Send + Unpin + 'static",
            "(i64,)",
        ] {
            assert!(written(common).is_some(), "{common}");
        }
        assert_eq!(written("Vec<M>").as_deref(), Some("Vec<k::models::M>"));
        assert_eq!(written("[u8; 4]"), None);
        assert_eq!(written("Box<dyn Fn()>"), None);
    }

    #[test]
    fn signatures_read_as_the_long_way_writes_them() {
        let cases = [
            (
                "fn f(&self, id: impl Into<String>) -> M",
                Some("pub fn k::f(&self, id: impl Into<String>) -> k::models::M"),
            ),
            (
                "fn f(mut self, mut value: Option<M>) -> Self",
                Some("pub fn k::f(self, value: Option<k::models::M>) -> Self"),
            ),
            ("fn f(&'a mut self)", Some("pub fn k::f(&'a mut self)")),
            ("fn f<T>(x: T)", None),
            ("async fn f()", None),
            ("fn f(self: Box<Self>)", None),
            ("fn f((a, b): (u8, u8))", None),
        ];
        for (text, want) in cases {
            let sig: Signature = syn::parse_str(text).unwrap();
            assert_eq!(function(&ToModels, &sig, "k::f").as_deref(), want, "{text}");
        }
    }
}
