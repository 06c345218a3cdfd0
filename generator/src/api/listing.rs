//! The listing of a generated crate's public API, read from the generated
//! code itself: one line per item users can name or call (modules, types
//! with their public fields and variants, functions and methods with their
//! signatures, trait impls, aliases, constants, re-exports), each path the
//! shortest public one, each line ending in the `cfg` that gates it,
//! sorted. Methods and impls written by the models' own `string_enum!` and
//! `decode_*!` macros are listed as the macros expand.

use std::collections::BTreeSet;

use syn::visit_mut::VisitMut;
use syn::{Attribute, Fields, ImplItem, Item, TraitItem};

use super::modules::{CrateTree, PublicPath, Target, cfgs_of, item_attrs, segments};
use super::tokens::one_line;

/// The listing of the crate whose files (path, text; `lib.rs` the root) are
/// given, its paths starting with `crate_name`: sorted lines, each ending in
/// a newline.
///
/// # Errors
///
/// When a file does not parse (which would be a bug of the generator).
pub fn listing(crate_name: &str, files: &[(String, String)]) -> Result<String, String> {
    let mut tree = CrateTree::read(crate_name, files)?;
    adopt_alias_targets(&mut tree);
    let mut lines = Lines::default();
    for (module, index) in tree.public.keys().copied().collect::<Vec<_>>() {
        item_lines(&tree, module, index, &mut lines);
    }
    for path in tree.module_paths.values() {
        lines.add(path, &format!("pub mod {}", path.text()), &[]);
    }
    for (path, outside) in &tree.external {
        lines.add(
            path,
            &format!("pub use {} = {}", path.text(), outside.join("::")),
            &[],
        );
    }
    for (module, items) in tree.modules.iter().enumerate() {
        for item in &items.items {
            match item {
                Item::Impl(block) => impl_lines(&tree, module, block, &mut lines),
                Item::Macro(call) => macro_lines(&tree, module, call, &mut lines),
                _ => {}
            }
        }
    }
    Ok(lines.finish())
}

/// The sorted, de-duplicated lines.
#[derive(Default)]
struct Lines(BTreeSet<(String, String)>);

impl Lines {
    /// A line for the item at `path`, with the `cfg`s of its route and of
    /// the item (`extra`).
    fn add(&mut self, path: &PublicPath, text: &str, extra: &[String]) {
        let mut cfgs: BTreeSet<String> = path.cfgs.iter().cloned().collect();
        cfgs.extend(extra.iter().cloned());
        let suffix = match cfgs.len() {
            0 => String::new(),
            1 => format!(
                "  #[cfg({})]",
                cfgs.iter().next().map_or("", String::as_str)
            ),
            _ => format!(
                "  #[cfg(all({}))]",
                cfgs.into_iter().collect::<Vec<_>>().join(", ")
            ),
        };
        self.0.insert((path.text(), format!("{text}{suffix}")));
    }

    fn finish(self) -> String {
        self.0.into_iter().map(|(_, line)| line + "\n").collect()
    }
}

/// A type named only through a public alias (`pub type ResponseFuture<T> =
/// runtime::ResponseFuture<T, E>`) is listed under the alias's path.
fn adopt_alias_targets(tree: &mut CrateTree) {
    let mut adopted = Vec::new();
    for (&(module, index), path) in &tree.public {
        let Some(Item::Type(alias)) = tree.item(module, index) else {
            continue;
        };
        let syn::Type::Path(target) = &*alias.ty else {
            continue;
        };
        if let Target::Item(m, i) = tree.resolve(module, &segments(&target.path)) {
            adopted.push(((m, i), path.clone()));
        }
    }
    for (target, path) in adopted {
        tree.adopt(target, path);
    }
}

/// Whether the attributes hide the item from users (`#[doc(hidden)]`) or
/// compile it only in the crate's own tests.
fn hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("doc")
            && matches!(&a.meta, syn::Meta::List(list) if one_line(&list.tokens) == "hidden")
    }) || cfgs_of(attrs).iter().any(|c| c == "test")
}

fn non_exhaustive(attrs: &[Attribute]) -> &'static str {
    if attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        "#[non_exhaustive] "
    } else {
        ""
    }
}

/// The lines of one item that has a public path.
fn item_lines(tree: &CrateTree, module: usize, index: usize, lines: &mut Lines) {
    let (Some(item), Some(path)) = (tree.item(module, index), tree.public.get(&(module, index)))
    else {
        return;
    };
    let attrs = item_attrs(item);
    if hidden(attrs) {
        return;
    }
    let rewrite = Rewriter { tree, module };
    let mut cfgs = module_cfgs(tree, module);
    cfgs.extend(cfgs_of(attrs));
    let name = path.text();
    let text = match item {
        Item::Struct(s) => {
            let generics = rewrite.generics(&s.generics);
            field_lines(&rewrite, path, &s.fields, "field", lines, &cfgs);
            let private = s
                .fields
                .iter()
                .any(|f| !matches!(f.vis, syn::Visibility::Public(_)));
            let marker = if private { " { private fields }" } else { "" };
            format!(
                "{}pub struct {name}{generics}{marker}",
                non_exhaustive(attrs)
            )
        }
        Item::Enum(e) => {
            for variant in &e.variants {
                let variant_path = child(path, &variant.ident.to_string());
                let fields = rewrite.fields(&variant.fields);
                let text = format!(
                    "{}variant {}{fields}",
                    non_exhaustive(&variant.attrs),
                    variant_path.text()
                );
                lines.add(&variant_path, &text, &cfgs);
            }
            format!(
                "{}pub enum {name}{}",
                non_exhaustive(attrs),
                rewrite.generics(&e.generics)
            )
        }
        Item::Type(t) => format!(
            "pub type {name}{} = {}",
            rewrite.generics(&t.generics),
            rewrite.ty(&t.ty)
        ),
        Item::Fn(f) => rewrite.function(&f.sig, &name),
        Item::Const(c) => format!("pub const {name}: {}", rewrite.ty(&c.ty)),
        Item::Static(s) => format!("pub static {name}: {}", rewrite.ty(&s.ty)),
        Item::Trait(t) => {
            trait_item_lines(&rewrite, path, t, lines, &cfgs);
            format!("pub trait {name}{}", rewrite.generics(&t.generics))
        }
        _ => return,
    };
    derive_lines(&rewrite, path, attrs, lines, &cfgs);
    lines.add(path, &text, &cfgs);
}

fn child(path: &PublicPath, name: &str) -> PublicPath {
    let mut segments = path.segments.clone();
    segments.push(name.to_owned());
    PublicPath {
        segments,
        cfgs: path.cfgs.clone(),
    }
}

/// The `cfg`s of a module and the modules around it.
fn module_cfgs(tree: &CrateTree, module: usize) -> Vec<String> {
    tree.modules
        .get(module)
        .map(|m| m.cfgs.clone())
        .unwrap_or_default()
}

fn field_lines(
    rewrite: &Rewriter<'_>,
    path: &PublicPath,
    fields: &Fields,
    kind: &str,
    lines: &mut Lines,
    cfgs: &[String],
) {
    for (at, field) in fields.iter().enumerate() {
        if !matches!(field.vis, syn::Visibility::Public(_)) || hidden(&field.attrs) {
            continue;
        }
        let name = field
            .ident
            .as_ref()
            .map_or_else(|| at.to_string(), ToString::to_string);
        let field_path = child(path, &name);
        let text = format!("{kind} {}: {}", field_path.text(), rewrite.ty(&field.ty));
        lines.add(&field_path, &text, cfgs);
    }
}

fn trait_item_lines(
    rewrite: &Rewriter<'_>,
    path: &PublicPath,
    item: &syn::ItemTrait,
    lines: &mut Lines,
    cfgs: &[String],
) {
    for member in &item.items {
        let TraitItem::Fn(f) = member else { continue };
        let member_path = child(path, &f.sig.ident.to_string());
        let provided = if f.default.is_some() {
            " (provided)"
        } else {
            ""
        };
        let signature = rewrite.function(&f.sig, &member_path.text());
        let text = format!("trait {}{provided}", signature.trim_start_matches("pub "));
        lines.add(&member_path, &text, cfgs);
    }
}

/// `#[derive(A, B)]` as the impls it writes.
fn derive_lines(
    rewrite: &Rewriter<'_>,
    path: &PublicPath,
    attrs: &[Attribute],
    lines: &mut Lines,
    cfgs: &[String],
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let Ok(derived) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        for trait_path in derived {
            let text = format!(
                "impl {} for {}",
                rewrite.trait_name(&trait_path),
                path.text()
            );
            lines.add(path, &text, cfgs);
        }
    }
}

/// An `impl` block of a public type: its public methods and constants, or
/// the trait it implements.
fn impl_lines(tree: &CrateTree, module: usize, block: &syn::ItemImpl, lines: &mut Lines) {
    if hidden(&block.attrs) {
        return;
    }
    let syn::Type::Path(self_ty) = &*block.self_ty else {
        return;
    };
    let Target::Item(m, i) = tree.resolve(module, &segments(&self_ty.path)) else {
        return;
    };
    let Some(path) = tree.public.get(&(m, i)) else {
        return;
    };
    let rewrite = Rewriter { tree, module };
    let mut cfgs = module_cfgs(tree, module);
    cfgs.extend(cfgs_of(&block.attrs));
    cfgs.extend(
        tree.item(m, i)
            .map(|item| cfgs_of(item_attrs(item)))
            .unwrap_or_default(),
    );
    if let Some((_, trait_path, _)) = &block.trait_ {
        if let Target::Item(tm, ti) = tree.resolve(module, &segments(trait_path)) {
            if !tree.public.contains_key(&(tm, ti)) {
                return; // a private trait: nothing users can name
            }
        }
        let text = format!(
            "impl {} for {}",
            rewrite.trait_name(trait_path),
            path.text()
        );
        lines.add(path, &text, &cfgs);
        return;
    }
    for member in &block.items {
        let (attrs, member_path, text) = match member {
            ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => {
                let member_path = child(path, &f.sig.ident.to_string());
                let text = rewrite.function(&f.sig, &member_path.text());
                (&f.attrs, member_path, text)
            }
            ImplItem::Const(c) if matches!(c.vis, syn::Visibility::Public(_)) => {
                let member_path = child(path, &c.ident.to_string());
                let text = format!("pub const {}: {}", member_path.text(), rewrite.ty(&c.ty));
                (&c.attrs, member_path, text)
            }
            _ => continue,
        };
        if hidden(attrs) {
            continue;
        }
        let mut member_cfgs = cfgs.clone();
        member_cfgs.extend(cfgs_of(attrs));
        lines.add(&member_path, &text, &member_cfgs);
    }
}

/// What the models' macros write for a public type.
fn macro_lines(tree: &CrateTree, module: usize, call: &syn::ItemMacro, lines: &mut Lines) {
    let Some(name) = call.mac.path.get_ident().map(ToString::to_string) else {
        return;
    };
    let mut tokens = call.mac.tokens.clone().into_iter();
    let Some(proc_macro2::TokenTree::Ident(type_name)) = tokens.next() else {
        return;
    };
    let Target::Item(m, i) = tree.resolve(module, &[type_name.to_string()]) else {
        return;
    };
    let Some(path) = tree.public.get(&(m, i)) else {
        return;
    };
    let cfgs = module_cfgs(tree, module);
    let type_path = path.text();
    let impls: &[&str] = match name.as_str() {
        "string_enum" => STRING_ENUM_IMPLS,
        "decode_struct" | "decode_untagged" => &["impl Deserialize for {}"],
        _ => return,
    };
    for template in impls {
        lines.add(path, &template.replace("{}", &type_path), &cfgs);
    }
    if name != "string_enum" {
        return;
    }
    let Some(proc_macro2::TokenTree::Group(body)) = tokens.next() else {
        return;
    };
    let mut methods = vec!["as_str".to_owned()];
    methods.extend(predicates(body.stream()));
    for method in methods {
        let returns = if method == "as_str" { "&str" } else { "bool" };
        let member = child(path, &method);
        lines.add(
            &member,
            &format!("pub fn {}(&self) -> {returns}", member.text()),
            &cfgs,
        );
    }
}

/// The impls `string_enum!` writes for `$name` (`{}`; see `emit::models`),
/// traits named as the listing names them: by their last segment and
/// arguments.
pub const STRING_ENUM_IMPLS: &[&str] = &[
    "impl Deserialize for {}",
    "impl Display for {}",
    "impl From<&str> for {}",
    "impl From<String> for {}",
    "impl From<{}> for String",
    "impl PartialEq<&str> for {}",
    "impl PartialEq<str> for {}",
    "impl Serialize for {}",
];

/// The `is_` method names of a `string_enum!` body: the identifier before
/// each `;`.
fn predicates(body: proc_macro2::TokenStream) -> Vec<String> {
    let mut last = None;
    let mut out = Vec::new();
    for tree in body {
        match tree {
            proc_macro2::TokenTree::Ident(ident) => last = Some(ident.to_string()),
            proc_macro2::TokenTree::Punct(p) if p.as_char() == ';' => out.extend(last.take()),
            _ => {}
        }
    }
    out
}

/// Rewrites the paths of a signature or type written in `module` to the
/// public paths users write, and prints them on one line.
#[derive(Clone, Copy)]
struct Rewriter<'a> {
    tree: &'a CrateTree,
    module: usize,
}

impl Rewriter<'_> {
    fn ty(&self, ty: &syn::Type) -> String {
        let mut ty = ty.clone();
        self.clone_visitor().visit_type_mut(&mut ty);
        one_line(&ty)
    }

    fn generics(&self, generics: &syn::Generics) -> String {
        let mut generics = generics.clone();
        self.clone_visitor().visit_generics_mut(&mut generics);
        one_line(&generics)
    }

    fn fields(&self, fields: &Fields) -> String {
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
    fn function(&self, sig: &syn::Signature, path: &str) -> String {
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
    fn trait_name(&self, path: &syn::Path) -> String {
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

impl VisitMut for Rewriter<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        syn::visit_mut::visit_path_mut(self, path);
        let written = segments(path);
        let full = match self.tree.resolve(self.module, &written) {
            Target::Item(m, i) => match self.tree.public.get(&(m, i)) {
                Some(public) => public.segments.clone(),
                None => return,
            },
            // a name imported from another crate: its full path
            Target::External(outside) if !outside.is_empty() && outside != written => outside,
            _ => return,
        };
        let arguments = path
            .segments
            .last()
            .map(|s| s.arguments.clone())
            .unwrap_or_default();
        // `parse_str`, not `Ident::new`, which panics on a raw identifier
        let Ok(mut rewritten) = full
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| syn::parse_str::<syn::Ident>(s).map(syn::PathSegment::from))
            .collect::<syn::Result<syn::punctuated::Punctuated<syn::PathSegment, syn::Token![::]>>>(
            )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn list(files: &[(&str, &str)]) -> String {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect();
        listing("k", &files).unwrap()
    }

    #[test]
    fn items_are_listed_under_their_public_paths_with_signatures() {
        let text = list(&[
            (
                "lib.rs",
                "mod rt; pub mod models; pub use rt::Client; #[cfg(feature = \"x\")] pub type E = rt::Err<models::M>;",
            ),
            (
                "rt.rs",
                "pub struct Client { inner: u8 } pub struct Err<T>(pub T);
                 impl Client { pub fn get(&self, id: impl Into<String>) -> super::models::M { todo!() } fn private(&self) {} }
                 impl std::fmt::Debug for Client { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) } }",
            ),
            (
                "models.rs",
                "#[derive(Debug, Clone)] pub struct M { pub id: Option<String>, #[doc(hidden)] pub secret: u8 }
                 #[non_exhaustive] pub enum Kind { A, B(String) }",
            ),
        ]);
        let expected = "\
impl Debug for k::Client
pub struct k::Client { private fields }
pub fn k::Client::get(&self, id: impl Into<String>) -> k::models::M
pub struct k::E<T>  #[cfg(feature = \"x\")]
pub type k::E = k::E<k::models::M>  #[cfg(feature = \"x\")]
field k::E::0: T  #[cfg(feature = \"x\")]
pub mod k::models
#[non_exhaustive] pub enum k::models::Kind
variant k::models::Kind::A
variant k::models::Kind::B(String)
impl Clone for k::models::M
impl Debug for k::models::M
pub struct k::models::M
field k::models::M::id: Option<String>
";
        assert_eq!(text, expected);
    }

    #[test]
    fn only_doc_hidden_hides_an_item_not_docs_that_say_hidden() {
        let text = list(&[(
            "lib.rs",
            "pub struct S {
                 /// A nickname, hidden from customers.
                 pub nickname: String,
                 #[doc(hidden)]
                 pub internal: u8,
             }
             /// Whether the input is hidden.
             pub fn with_is_hidden() {}",
        )]);
        assert!(text.contains("field k::S::nickname: String\n"), "{text}");
        assert!(text.contains("pub fn k::with_is_hidden()\n"), "{text}");
        assert!(!text.contains("internal"), "{text}");
    }

    #[test]
    fn string_enum_invocations_list_what_the_macro_writes() {
        let text = list(&[(
            "lib.rs",
            "pub enum P { A, Unknown(String) } string_enum! { P { A => \"a\", is_a; } }",
        )]);
        assert!(
            text.contains("pub fn k::P::as_str(&self) -> &str\n"),
            "{text}"
        );
        assert!(
            text.contains("pub fn k::P::is_a(&self) -> bool\n"),
            "{text}"
        );
        assert!(text.contains("impl From<String> for k::P\n"), "{text}");
    }
}
