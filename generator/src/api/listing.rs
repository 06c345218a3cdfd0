//! The listing of a generated crate's public API, read from the generated
//! code itself: one line per item users can name or call (modules, types
//! with their public fields and variants, functions and methods with their
//! signatures, trait impls, aliases, constants, re-exports), each path the
//! shortest public one, each line ending in the `cfg` that gates it,
//! sorted. Methods and impls written by the models' own `string_enum!` and
//! `decode_*!` macros are listed as the macros expand.

use syn::{Attribute, Fields, ImplItem, Item, TraitItem};

use super::modules::{CrateNames, PublicPath, Target, cfgs_of, item_attrs, segments};
use super::rewrite::{KnownPaths, Rewriter};
use super::session::Held;
use super::tokens::one_line;

/// The lines of the items a thread holds: each module's public items,
/// impls and macro invocations among them.
pub fn held_lines(names: &CrateNames, held: &Held) -> Lines {
    let mut lines = Lines::default();
    let known = KnownPaths::default();
    for (module, at) in names.modules.iter().enumerate() {
        for source in &at.sources {
            let Ok(found) = held.binary_search_by_key(&source.piece, |(piece, _)| *piece) else {
                continue;
            };
            let Some(items) = held
                .get(found)
                .and_then(|(_, modules)| modules.get(source.local))
            else {
                continue;
            };
            let first = source.first;
            let range = (module, first)..(module, first + items.len());
            for (&(_, index), path) in names.public.range(range) {
                if let Some(item) = items.get(index - first) {
                    item_lines(names, module, &known, item, path, &mut lines);
                }
            }
            for item in items {
                match item {
                    Item::Impl(block) => impl_lines(names, module, &known, block, &mut lines),
                    Item::Macro(call) => macro_lines(names, module, call, &mut lines),
                    _ => {}
                }
            }
        }
    }
    lines
}

/// The lines of the crate's public modules and of the names that lead out
/// of it.
pub fn crate_lines(names: &CrateNames, lines: &mut Lines) {
    for path in names.module_paths.values() {
        lines.add(path, &format!("pub mod {}", path.text()), &[]);
    }
    for (path, outside) in &names.external {
        lines.add(
            path,
            &format!("pub use {} = {}", path.text(), outside.join("::")),
            &[],
        );
    }
}

/// The listing's lines, each after its path (what they are sorted by):
/// gathered in any order, sorted by the thread that made them
/// ([`Lines::sorted`]), joined, and merged into one sorted run, without
/// repeats ([`Lines::finish`]).
#[derive(Default)]
pub struct Lines(Vec<(String, String)>);

impl Lines {
    /// A line for the item at `path`, with the `cfg`s of its route and of
    /// the item (`extra`).
    fn add(&mut self, path: &PublicPath, text: &str, extra: &[String]) {
        let mut cfgs: Vec<&str> = path.cfgs.iter().chain(extra).map(String::as_str).collect();
        cfgs.sort_unstable();
        cfgs.dedup();
        let mut line = String::with_capacity(text.len() + 48);
        line.push_str(text);
        match cfgs.as_slice() {
            [] => {}
            [one] => {
                line.push_str("  #[cfg(");
                line.push_str(one);
                line.push_str(")]");
            }
            all => {
                line.push_str("  #[cfg(all(");
                line.push_str(&all.join(", "));
                line.push_str("))]");
            }
        }
        self.0.push((path.text(), line));
    }

    /// The lines sorted (on the thread that made them, beside the others).
    #[must_use]
    pub fn sorted(mut self) -> Self {
        self.0.sort_unstable();
        self
    }

    /// Takes in the lines another thread made.
    pub fn merge(&mut self, mut other: Self) {
        self.0.append(&mut other.0);
    }

    /// The listing: each line ending in a newline, sorted, each once. (The
    /// sort finds the threads' sorted runs and merges them.)
    pub fn finish(mut self) -> String {
        self.0.sort();
        self.0.dedup();
        let size = self.0.iter().map(|(_, line)| line.len() + 1).sum();
        let mut listing = String::with_capacity(size);
        for (_, line) in self.0 {
            listing.push_str(&line);
            listing.push('\n');
        }
        listing
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
fn item_lines(
    tree: &CrateNames,
    module: usize,
    known: &KnownPaths,
    item: &Item,
    path: &PublicPath,
    lines: &mut Lines,
) {
    let attrs = item_attrs(item);
    if hidden(attrs) {
        return;
    }
    let rewrite = Rewriter::new(tree, module, known);
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
fn module_cfgs(tree: &CrateNames, module: usize) -> Vec<String> {
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
fn impl_lines(
    tree: &CrateNames,
    module: usize,
    known: &KnownPaths,
    block: &syn::ItemImpl,
    lines: &mut Lines,
) {
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
    let rewrite = Rewriter::new(tree, module, known);
    let mut cfgs = module_cfgs(tree, module);
    cfgs.extend(cfgs_of(&block.attrs));
    cfgs.extend(tree.item_cfgs(m, i).iter().cloned());
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
fn macro_lines(tree: &CrateNames, module: usize, call: &syn::ItemMacro, lines: &mut Lines) {
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

#[cfg(test)]
mod tests {
    use super::super::session::listing;

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
