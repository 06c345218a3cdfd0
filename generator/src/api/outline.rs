//! A generated file's outline: its items without what the API listing does
//! not read (documentation, function bodies, private members, the members
//! of trait impls, attributes other than `cfg`, `derive`, `non_exhaustive`
//! and `doc(hidden)`). The formatter strips the syntax tree it already
//! holds and keeps it for the listing, which so parses none of the
//! emitted code again; the runtime's files are cut by lines.

use super::modules::item_attrs_mut;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Block, Meta};

/// Removes from `file` what the listing does not read.
pub fn strip(file: &mut syn::File) {
    Outline.visit_file_mut(file);
}

struct Outline;

/// Keeps the attributes the listing reads: `cfg`, `derive`,
/// `non_exhaustive` and `doc(hidden)`; documentation text and the rest
/// (`serde`, `must_use`, `inline`, lints) go.
fn keep_listed_attrs(attrs: &mut Vec<Attribute>) {
    attrs.retain(|attr| {
        let path = attr.path();
        path.is_ident("cfg")
            || path.is_ident("derive")
            || path.is_ident("non_exhaustive")
            || (path.is_ident("doc") && matches!(attr.meta, Meta::List(_)))
    });
}

/// A body emptied: what the function does is not part of its signature.
fn empty(block: &mut Block) {
    block.stmts.clear();
}

/// Every node that holds attributes has its docs stripped, then its
/// children are visited; function bodies are emptied instead of visited.
impl VisitMut for Outline {
    fn visit_file_mut(&mut self, node: &mut syn::File) {
        keep_listed_attrs(&mut node.attrs);
        visit_mut::visit_file_mut(self, node);
    }

    fn visit_item_mut(&mut self, node: &mut syn::Item) {
        if let Some(attrs) = item_attrs_mut(node) {
            keep_listed_attrs(attrs);
        }
        visit_mut::visit_item_mut(self, node);
    }

    fn visit_item_impl_mut(&mut self, node: &mut syn::ItemImpl) {
        if node.trait_.is_some() {
            // a trait impl is listed by its header alone
            node.items.clear();
        } else {
            // only public members are listed
            node.items.retain(|member| match member {
                syn::ImplItem::Fn(f) => matches!(f.vis, syn::Visibility::Public(_)),
                syn::ImplItem::Const(c) => matches!(c.vis, syn::Visibility::Public(_)),
                _ => true,
            });
        }
        visit_mut::visit_item_impl_mut(self, node);
    }

    fn visit_impl_item_mut(&mut self, node: &mut syn::ImplItem) {
        match node {
            syn::ImplItem::Fn(f) => keep_listed_attrs(&mut f.attrs),
            syn::ImplItem::Const(c) => keep_listed_attrs(&mut c.attrs),
            syn::ImplItem::Type(t) => keep_listed_attrs(&mut t.attrs),
            _ => {}
        }
        visit_mut::visit_impl_item_mut(self, node);
    }

    fn visit_trait_item_mut(&mut self, node: &mut syn::TraitItem) {
        match node {
            syn::TraitItem::Fn(f) => keep_listed_attrs(&mut f.attrs),
            syn::TraitItem::Const(c) => keep_listed_attrs(&mut c.attrs),
            syn::TraitItem::Type(t) => keep_listed_attrs(&mut t.attrs),
            _ => {}
        }
        visit_mut::visit_trait_item_mut(self, node);
    }

    fn visit_field_mut(&mut self, node: &mut syn::Field) {
        keep_listed_attrs(&mut node.attrs);
    }

    fn visit_variant_mut(&mut self, node: &mut syn::Variant) {
        keep_listed_attrs(&mut node.attrs);
        visit_mut::visit_variant_mut(self, node);
    }

    fn visit_item_fn_mut(&mut self, node: &mut syn::ItemFn) {
        empty(&mut node.block);
    }

    fn visit_impl_item_fn_mut(&mut self, node: &mut syn::ImplItemFn) {
        empty(&mut node.block);
    }

    fn visit_trait_item_fn_mut(&mut self, node: &mut syn::TraitItemFn) {
        if let Some(block) = &mut node.default {
            empty(block);
        }
    }
}

/// The outline of hand-written, rustfmt-formatted source (the runtime's
/// files, copied as they are), cut from its lines without a parse: comment
/// and doc lines go, and each function body that spans lines is emptied
/// (from the `{` that ends the signature to the `}` at the function's
/// indentation), except in `macro_rules!`, whose rules are kept whole. What remains parses to what [`strip`] keeps of the
/// whole text; a test holds it for every runtime file.
pub fn of_formatted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() / 2);
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.starts_with("macro_rules!") && trimmed.ends_with('{') {
            // a macro's rules are tokens, copied as they are
            for rule in lines.by_ref() {
                out.push_str(rule);
                out.push('\n');
                if rule.strip_prefix(indent) == Some("}") {
                    break;
                }
            }
            continue;
        }
        if !starts_function(trimmed) {
            continue;
        }
        // the signature, to the line that opens the body (or ends it all)
        let mut last = line.trim_end();
        while !(last.ends_with('{') || last.ends_with(';') || last.ends_with('}')) {
            let Some(next) = lines.next() else { break };
            out.push_str(next);
            out.push('\n');
            last = next.trim_end();
        }
        if last.ends_with('{') {
            for body in lines.by_ref() {
                if body.strip_prefix(indent) == Some("}") {
                    out.push_str(body);
                    out.push('\n');
                    break;
                }
            }
        }
    }
    out
}

/// Whether a line (its indentation trimmed) starts a function.
fn starts_function(line: &str) -> bool {
    let mut rest = line;
    for qualifier in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
    ] {
        rest = rest.strip_prefix(qualifier).unwrap_or(rest);
    }
    rest.starts_with("fn ")
}

#[cfg(test)]
mod tests {
    use super::{of_formatted, strip};

    /// The outline of `text` as the listing reads it.
    fn outline(text: &str) -> String {
        let mut file = syn::parse_file(text).expect("the text parses");
        strip(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn each_runtime_file_cut_by_lines_outlines_as_its_whole_text_does() {
        for (path, text) in crate::emit::every_runtime_file() {
            let cut = of_formatted(text);
            assert!(cut.len() < text.len(), "{path}");
            assert_eq!(outline(&cut), outline(text), "{path}");
        }
    }

    #[test]
    fn multi_line_signatures_and_where_clauses_keep_their_lines() {
        let text = "impl S {\n    /// Docs.\n    pub fn long(\n        a: u8,\n    ) -> u8 {\n        a\n    }\n\n    fn bounded<T>(t: T)\n    where\n        T: Copy,\n    {\n        let _ = t;\n    }\n    fn one() -> u8 { 1 }\n}\n";
        let cut = of_formatted(text);
        assert!(
            !cut.contains("Docs") && !cut.contains("let _") && !cut.contains("        a\n"),
            "{cut}"
        );
        assert_eq!(outline(&cut), outline(text));
    }

    #[test]
    fn docs_and_bodies_go_while_signatures_and_other_attributes_stay() {
        let mut file: syn::File = syn::parse_quote! {
            //! Crate docs.
            /// A type.
            #[derive(Debug)]
            #[doc(hidden)]
            pub struct S {
                /// A field.
                #[serde(rename = "x")]
                pub x: u8,
            }
            impl S {
                /// A method.
                #[cfg(feature = "a")]
                #[must_use]
                pub fn get(&self) -> u8 { self.x + 1 }
                pub const C: u8 = 1;
                fn private_helper() {}
            }
            impl Clone for S {
                fn clone(&self) -> Self { todo!() }
            }
            pub enum E {
                /// A variant.
                A(u8),
            }
            pub mod m {
                //! Inner docs.
                pub fn f() { let _ = 1; }
            }
        };
        strip(&mut file);
        let text = prettyplease::unparse(&file);
        assert!(!text.contains("docs") && !text.contains("A type") && !text.contains("A field"));
        for gone in [
            "self.x",
            "let _",
            "must_use",
            "serde",
            "private_helper",
            "fn clone",
        ] {
            assert!(!text.contains(gone), "{gone} left in\n{text}");
        }
        for kept in [
            "#[derive(Debug)]",
            "#[doc(hidden)]",
            "pub x: u8",
            "#[cfg(feature = \"a\")]",
            "pub fn get(&self) -> u8 {}",
            "pub const C: u8 = 1;",
            "A(u8)",
            "pub fn f() {}",
            "impl Clone for S {}",
        ] {
            assert!(text.contains(kept), "{kept} missing from\n{text}");
        }
    }
}
