//! The generated crate as the compiler sees its names: the module tree read
//! from the files (`mod x;` is `x.rs` or `x/mod.rs`), what each module's
//! names stand for (items, `use`s, child modules), paths resolved through
//! `use` chains, and the public path of every item users can name (the
//! shortest, through `pub mod`s and `pub use`s). A file may come in pieces
//! (runs of its items, formatted on different threads): each piece's names
//! are read where it was parsed ([`PieceNames::read`]: syntax trees cannot
//! cross threads, names can), and [`CrateNames::assemble`] joins them.

use std::collections::BTreeMap;

use syn::{Item, UseTree, Visibility};

/// Where a name leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A module, by index.
    Module(usize),
    /// An item: its module and its index among the module's items.
    Item(usize, usize),
    /// Something outside the crate (or a generic or prelude name), as written.
    External(Vec<String>),
}

/// One name of a module.
#[derive(Clone)]
struct Binding {
    what: Bound,
    public: bool,
    cfgs: Vec<String>,
}

#[derive(Clone)]
enum Bound {
    Direct(Target),
    /// A `use` of this path, resolved from the module that declares it.
    Use(Vec<String>),
}

/// A piece of a file: the file's index among the crate's, and the piece's
/// place among the file's pieces (a file read whole is one piece, 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PieceId {
    /// The file, by index.
    pub file: usize,
    /// The piece's place in the file.
    pub order: usize,
}

/// What one piece of a file names: its part of the file's module first,
/// then each module written inline in it, in the order they open (depth
/// first).
#[derive(Default)]
pub struct PieceNames {
    modules: Vec<ModuleNames>,
}

/// What one module of a piece names, before its place in the crate is known.
#[derive(Default)]
struct ModuleNames {
    /// Its names in item order (items under `#[cfg(test)]` left out).
    entries: Vec<Entry>,
    /// The `cfg` predicates of each item.
    item_cfgs: Vec<Vec<String>>,
    /// Its aliases of paths (`type A = b::C;`): the item's index, the path.
    aliases: BTreeMap<usize, Vec<String>>,
}

struct Entry {
    name: String,
    public: bool,
    cfgs: Vec<String>,
    what: Named,
}

enum Named {
    /// The item at this index.
    Item(usize),
    /// A `use` of this path.
    Use(Vec<String>),
    /// A module written inline: its place among the file's modules.
    Inline(usize),
    /// `mod name;`: a module in a file of its own.
    File,
}

impl PieceNames {
    /// What a piece of these items names, and the items of each of its
    /// modules (in the order of [`PieceNames`]).
    pub fn read(items: Vec<Item>) -> (Self, Vec<Vec<Item>>) {
        let mut names = Self::default();
        let mut held = Vec::new();
        names.add(items, &mut held);
        (names, held)
    }

    fn add(&mut self, items: Vec<Item>, held: &mut Vec<Vec<Item>>) -> usize {
        let local = self.modules.len();
        self.modules.push(ModuleNames::default());
        held.push(Vec::new());
        let mut module = ModuleNames::default();
        for (at, item) in items.iter().enumerate() {
            let cfgs = cfgs_of(item_attrs(item));
            if let Item::Type(alias) = item {
                if let syn::Type::Path(target) = &*alias.ty {
                    module.aliases.insert(at, segments(&target.path));
                }
            }
            module.item_cfgs.push(cfgs.clone());
            if cfgs.iter().any(|c| c == "test") {
                continue;
            }
            let public = is_public(item);
            let mut name = |name: String, what: Named| {
                module.entries.push(Entry {
                    name,
                    public,
                    cfgs: cfgs.clone(),
                    what,
                });
            };
            match item {
                Item::Mod(inner) => {
                    let what = match &inner.content {
                        Some((_, inline)) => Named::Inline(self.add(inline.clone(), held)),
                        None => Named::File,
                    };
                    name(inner.ident.to_string(), what);
                }
                Item::Use(use_item) => {
                    for (used, path) in use_paths(&use_item.tree, Vec::new()) {
                        name(used, Named::Use(path));
                    }
                }
                _ => {
                    if let Some(defined) = item_name(item) {
                        name(defined, Named::Item(at));
                    }
                }
            }
        }
        if let (Some(slot), Some(items_slot)) = (self.modules.get_mut(local), held.get_mut(local)) {
            *slot = module;
            *items_slot = items;
        }
        local
    }
}

/// One module of the crate.
pub struct Module {
    /// Its parent, `None` for the crate root.
    pub parent: Option<usize>,
    /// The `#[cfg(..)]` predicates of this module and its parents.
    pub cfgs: Vec<String>,
    /// Where its items are, in order.
    pub sources: Vec<Source>,
    /// The `cfg` predicates of each of its items.
    item_cfgs: Vec<Vec<String>>,
    /// Its names and glob imports.
    names: BTreeMap<String, Vec<Binding>>,
    /// Its aliases of paths, by item index.
    aliases: BTreeMap<usize, Vec<String>>,
}

/// Where some of a module's items are: a module of one piece (its place
/// among the piece's modules), and the index in the module of its first item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The piece.
    pub piece: PieceId,
    /// The module's place among the piece's modules.
    pub local: usize,
    /// The index of the first of these items among the module's.
    pub first: usize,
}

/// A public path and the `cfg`s of the route to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicPath {
    /// The segments, the crate name first.
    pub segments: Vec<String>,
    /// `cfg` predicates of the modules and `use`s on the way.
    pub cfgs: Vec<String>,
}

impl PublicPath {
    /// `a::b::c`.
    pub fn text(&self) -> String {
        self.segments.join("::")
    }
}

/// The crate's names: modules, and the public path of each item that has one.
#[derive(Default)]
pub struct CrateNames {
    /// Modules, the root first.
    pub modules: Vec<Module>,
    /// The shortest public path of each item (module, index).
    pub public: BTreeMap<(usize, usize), PublicPath>,
    /// The shortest public path of each module but the root.
    pub module_paths: BTreeMap<usize, PublicPath>,
    /// Public names that lead out of the crate: the path, and what it names.
    pub external: Vec<(PublicPath, Vec<String>)>,
}

/// How deep `use` chains are followed (a cycle stops there).
const MAX_USE_DEPTH: usize = 16;

impl CrateNames {
    /// Joins the names of the pieces of the crate's files (`paths`, by
    /// index; the root is `lib.rs`): the module tree, and every public path.
    ///
    /// # Errors
    ///
    /// When a file a `mod x;` declares is not among them.
    pub fn assemble(
        crate_name: &str,
        paths: &[&str],
        pieces: Vec<(PieceId, PieceNames)>,
    ) -> Result<Self, String> {
        let mut pieces = pieces;
        pieces.sort_by_key(|(id, _)| *id);
        let mut names = Self::default();
        let root = file_sources(&pieces, paths, "lib.rs")?;
        let mut joining = Joining { pieces, paths };
        names.add_module(&mut joining, root, None, Vec::new(), "")?;
        names.find_public_paths(crate_name);
        names.adopt_alias_targets();
        Ok(names)
    }

    /// Adds the module whose items are at `sources` (each a piece's place
    /// among the pieces and a module's place in it), and the modules it
    /// declares; `dir` is where its `mod x;` files are.
    fn add_module(
        &mut self,
        joining: &mut Joining<'_>,
        sources: Vec<(usize, usize)>,
        parent: Option<usize>,
        cfgs: Vec<String>,
        dir: &str,
    ) -> Result<usize, String> {
        let index = self.modules.len();
        self.modules.push(Module::empty(parent, cfgs.clone()));
        let mut module = Module::empty(parent, cfgs);
        for (slot, local) in sources {
            let Some((piece, read)) = joining.take(slot, local) else {
                continue;
            };
            let first = module.item_cfgs.len();
            module.sources.push(Source {
                piece,
                local,
                first,
            });
            module.item_cfgs.extend(read.item_cfgs);
            let aliases = read
                .aliases
                .into_iter()
                .map(|(at, path)| (first + at, path));
            module.aliases.extend(aliases);
            for entry in read.entries {
                let child = |sources| Declared {
                    sources,
                    parent: index,
                    cfgs: [module.cfgs.as_slice(), entry.cfgs.as_slice()].concat(),
                    dir: format!("{dir}{}/", entry.name),
                };
                let what = match entry.what {
                    Named::Item(at) => Bound::Direct(Target::Item(index, first + at)),
                    Named::Use(path) => Bound::Use(path),
                    Named::Inline(inner) => self.add_child(joining, child(vec![(slot, inner)]))?,
                    Named::File => {
                        let sources = joining.file_module(dir, &entry.name)?;
                        self.add_child(joining, child(sources))?
                    }
                };
                module.names.entry(entry.name).or_default().push(Binding {
                    what,
                    public: entry.public,
                    cfgs: entry.cfgs,
                });
            }
        }
        if let Some(slot) = self.modules.get_mut(index) {
            *slot = module;
        }
        Ok(index)
    }

    /// Adds a module another declares: the name that leads to it.
    fn add_child(&mut self, joining: &mut Joining<'_>, child: Declared) -> Result<Bound, String> {
        let Declared {
            sources,
            parent,
            cfgs,
            dir,
        } = child;
        let module = self.add_module(joining, sources, Some(parent), cfgs, &dir)?;
        Ok(Bound::Direct(Target::Module(module)))
    }

    /// What `path` names, written in module `from`; the segments left over
    /// after an item (`Self::Variant`, an enum's variant) are dropped.
    pub fn resolve(&self, from: usize, path: &[String]) -> Target {
        self.resolve_at(from, path, 0)
    }

    fn resolve_at(&self, from: usize, path: &[String], depth: usize) -> Target {
        let external = || Target::External(path.to_vec());
        let mut current = from;
        let mut rest = path;
        let mut explicit = false;
        while let Some((first, tail)) = rest.split_first() {
            let next = match first.as_str() {
                "crate" => Some(0),
                "self" => Some(current),
                "super" => self.modules.get(current).and_then(|m| m.parent),
                _ => break,
            };
            let Some(next) = next else { return external() };
            current = next;
            rest = tail;
            explicit = true;
        }
        if rest.is_empty() {
            return Target::Module(current);
        }
        for (at, segment) in rest.iter().enumerate() {
            let found = self
                .modules
                .get(current)
                .and_then(|m| m.names.get(segment))
                .and_then(|bindings| bindings.first());
            let Some(binding) = found else {
                return if at == 0 && !explicit {
                    external()
                } else {
                    Target::External(Vec::new())
                };
            };
            let target = match &binding.what {
                Bound::Direct(target) => target.clone(),
                Bound::Use(_) if depth >= MAX_USE_DEPTH => return Target::External(Vec::new()),
                Bound::Use(used) => self.resolve_at(current, used, depth + 1),
            };
            match target {
                Target::Module(module) => current = module,
                Target::External(mut outside) if !outside.is_empty() => {
                    outside.extend(rest.iter().skip(at + 1).cloned());
                    return Target::External(outside);
                }
                other => return other,
            }
        }
        Target::Module(current)
    }

    /// Walks the public modules from the root, breadth first, and keeps
    /// the shortest path to each item.
    fn find_public_paths(&mut self, crate_name: &str) {
        let mut queue = vec![(
            0,
            PublicPath {
                segments: vec![crate_name.to_owned()],
                cfgs: Vec::new(),
            },
        )];
        let mut seen = vec![0];
        let mut next = 0;
        while let Some((module, path)) = queue.get(next).cloned() {
            next += 1;
            for (name, binding) in self.public_names(module) {
                let mut segments = path.segments.clone();
                segments.push(name.clone());
                let mut cfgs = path.cfgs.clone();
                cfgs.extend(binding.cfgs.iter().cloned());
                let public = PublicPath { segments, cfgs };
                match self.binding_target(module, &binding) {
                    Target::Module(child) if !seen.contains(&child) => {
                        seen.push(child);
                        self.module_paths.insert(child, public.clone());
                        queue.push((child, public));
                    }
                    Target::Module(_) => {}
                    Target::Item(m, i) => {
                        self.public.entry((m, i)).or_insert(public);
                    }
                    Target::External(outside) => {
                        if !outside.is_empty() {
                            self.external.push((public, outside));
                        }
                    }
                }
            }
        }
    }

    fn public_names(&self, module: usize) -> Vec<(String, Binding)> {
        self.modules
            .get(module)
            .map(|m| {
                m.names
                    .iter()
                    .flat_map(|(name, bindings)| {
                        bindings
                            .iter()
                            .filter(|b| b.public)
                            .map(move |b| (name.clone(), b.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn binding_target(&self, module: usize, binding: &Binding) -> Target {
        match &binding.what {
            Bound::Direct(target) => target.clone(),
            Bound::Use(path) => self.resolve(module, path),
        }
    }

    /// The `cfg` predicates of the item at (module, index).
    pub fn item_cfgs(&self, module: usize, index: usize) -> &[String] {
        self.modules
            .get(module)
            .and_then(|m| m.item_cfgs.get(index))
            .map_or(&[], Vec::as_slice)
    }

    /// A type named only through a public alias (`pub type ResponseFuture<T>
    /// = runtime::ResponseFuture<T, E>`) is listed under the alias's path.
    fn adopt_alias_targets(&mut self) {
        let mut adopted = Vec::new();
        for (&(module, index), path) in &self.public {
            let Some(target) = self.modules.get(module).and_then(|m| m.aliases.get(&index)) else {
                continue;
            };
            if let Target::Item(m, i) = self.resolve(module, target) {
                adopted.push(((m, i), path.clone()));
            }
        }
        for (target, path) in adopted {
            self.public.entry(target).or_insert(path);
        }
    }
}

/// A module declared by another: where its items are, its parent, its
/// `cfg`s (with the parent's) and the folder of its own `mod x;` files.
struct Declared {
    sources: Vec<(usize, usize)>,
    parent: usize,
    cfgs: Vec<String>,
    dir: String,
}

impl Module {
    fn empty(parent: Option<usize>, cfgs: Vec<String>) -> Self {
        Self {
            parent,
            cfgs,
            sources: Vec::new(),
            item_cfgs: Vec::new(),
            names: BTreeMap::new(),
            aliases: BTreeMap::new(),
        }
    }
}

/// The pieces being joined, and the paths of the crate's files.
struct Joining<'a> {
    /// Sorted by piece.
    pieces: Vec<(PieceId, PieceNames)>,
    paths: &'a [&'a str],
}

impl Joining<'_> {
    /// Takes out what module `local` of the piece at `slot` names: each is
    /// read once.
    fn take(&mut self, slot: usize, local: usize) -> Option<(PieceId, ModuleNames)> {
        let (piece, names) = self.pieces.get_mut(slot)?;
        let module = names.modules.get_mut(local).map(std::mem::take)?;
        Some((*piece, module))
    }

    /// The file module of `mod name;` declared in `dir`: `name.rs` or
    /// `name/mod.rs`.
    fn file_module(&self, dir: &str, name: &str) -> Result<Vec<(usize, usize)>, String> {
        file_sources(&self.pieces, self.paths, &format!("{dir}{name}.rs"))
            .or_else(|_| file_sources(&self.pieces, self.paths, &format!("{dir}{name}/mod.rs")))
    }
}

/// The file module at `path`: each of its pieces' places, with module 0.
fn file_sources(
    pieces: &[(PieceId, PieceNames)],
    paths: &[&str],
    path: &str,
) -> Result<Vec<(usize, usize)>, String> {
    let file = paths
        .iter()
        .position(|p| *p == path)
        .ok_or_else(|| format!("no file `{path}`"))?;
    Ok(pieces
        .iter()
        .enumerate()
        .filter(|(_, (piece, _))| piece.file == file)
        .map(|(slot, _)| (slot, 0))
        .collect())
}

/// Each name a `use` tree brings in, with the path it stands for.
fn use_paths(tree: &UseTree, prefix: Vec<String>) -> Vec<(String, Vec<String>)> {
    let with = |segment: String| {
        let mut path = prefix.clone();
        path.push(segment);
        path
    };
    match tree {
        UseTree::Path(p) => use_paths(&p.tree, with(p.ident.to_string())),
        UseTree::Name(n) if n.ident == "self" => prefix
            .last()
            .map(|last| vec![(last.clone(), prefix.clone())])
            .unwrap_or_default(),
        UseTree::Name(n) => vec![(n.ident.to_string(), with(n.ident.to_string()))],
        UseTree::Rename(r) => vec![(r.rename.to_string(), with(r.ident.to_string()))],
        UseTree::Group(g) => g
            .items
            .iter()
            .flat_map(|tree| use_paths(tree, prefix.clone()))
            .collect(),
        // no generated module imports with a glob into its public names
        UseTree::Glob(_) => Vec::new(),
    }
}

/// Whether the item is `pub` (not `pub(crate)` or `pub(super)`).
pub fn is_public(item: &Item) -> bool {
    let visibility = match item {
        Item::Const(i) => &i.vis,
        Item::Enum(i) => &i.vis,
        Item::Fn(i) => &i.vis,
        Item::Mod(i) => &i.vis,
        Item::Static(i) => &i.vis,
        Item::Struct(i) => &i.vis,
        Item::Trait(i) => &i.vis,
        Item::Type(i) => &i.vis,
        Item::Union(i) => &i.vis,
        Item::Use(i) => &i.vis,
        _ => return false,
    };
    matches!(visibility, Visibility::Public(_))
}

/// The name an item defines, for items that define one.
fn item_name(item: &Item) -> Option<String> {
    let ident = match item {
        Item::Const(i) => &i.ident,
        Item::Enum(i) => &i.ident,
        Item::Fn(i) => &i.sig.ident,
        Item::Static(i) => &i.ident,
        Item::Struct(i) => &i.ident,
        Item::Trait(i) => &i.ident,
        Item::Type(i) => &i.ident,
        Item::Union(i) => &i.ident,
        _ => return None,
    };
    Some(ident.to_string())
}

/// The outer attributes of an item of a kind the generated code writes,
/// borrowed as `&` or `&mut` (one list of kinds for both).
macro_rules! attrs_of {
    ($item:expr, $($borrow:tt)+) => {
        match $item {
            Item::Const(i) => Some($($borrow)+ i.attrs),
            Item::Enum(i) => Some($($borrow)+ i.attrs),
            Item::Fn(i) => Some($($borrow)+ i.attrs),
            Item::Impl(i) => Some($($borrow)+ i.attrs),
            Item::Macro(i) => Some($($borrow)+ i.attrs),
            Item::Mod(i) => Some($($borrow)+ i.attrs),
            Item::Static(i) => Some($($borrow)+ i.attrs),
            Item::Struct(i) => Some($($borrow)+ i.attrs),
            Item::Trait(i) => Some($($borrow)+ i.attrs),
            Item::Type(i) => Some($($borrow)+ i.attrs),
            Item::Union(i) => Some($($borrow)+ i.attrs),
            Item::Use(i) => Some($($borrow)+ i.attrs),
            _ => None,
        }
    };
}

/// The outer attributes of an item.
pub fn item_attrs(item: &Item) -> &[syn::Attribute] {
    attrs_of!(item, &).map_or(&[], Vec::as_slice)
}

/// The outer attributes of an item, to change them; `None` for kinds the
/// generated code does not write.
pub fn item_attrs_mut(item: &mut Item) -> Option<&mut Vec<syn::Attribute>> {
    attrs_of!(item, &mut)
}

/// The `#[cfg(..)]` predicates among `attrs`, as one line each.
pub fn cfgs_of(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .filter_map(|a| a.meta.require_list().ok())
        .map(|list| super::tokens::one_line(&list.tokens))
        .collect()
}

/// The segment names of a path, without generic arguments.
pub fn segments(path: &syn::Path) -> Vec<String> {
    let mut out: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    if path.leading_colon.is_some() {
        out.insert(0, String::new());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect()
    }

    /// The names of the crate of these files, parsed one after the other,
    /// the first cut in two pieces after its first item.
    fn read(crate_name: &str, files: &[(String, String)]) -> Result<CrateNames, String> {
        let paths: Vec<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
        let mut read = Vec::new();
        for (file, (_, text)) in files.iter().enumerate() {
            let mut items = syn::parse_file(text).map_err(|e| e.to_string())?.items;
            if file == 0 && items.len() > 1 {
                let rest = items.split_off(1);
                read.push((PieceId { file, order: 1 }, PieceNames::read(rest).0));
            }
            read.push((PieceId { file, order: 0 }, PieceNames::read(items).0));
        }
        CrateNames::assemble(crate_name, &paths, read)
    }

    #[test]
    fn public_paths_go_through_pub_mods_and_pub_uses() {
        let crate_files = files(&[
            (
                "lib.rs",
                "mod inner; pub mod models; pub use inner::{Thing as Renamed, deep::Deep};",
            ),
            (
                "inner.rs",
                "pub struct Thing; pub struct Hidden; pub mod deep;",
            ),
            ("inner/deep.rs", "pub struct Deep;"),
            (
                "models.rs",
                "pub struct Model; pub(crate) struct Internal; #[cfg(test)] pub struct T;",
            ),
        ]);
        let tree = read("k", &crate_files).unwrap();
        let mut paths: Vec<String> = tree.public.values().map(PublicPath::text).collect();
        paths.sort();
        assert_eq!(paths, ["k::Deep", "k::Renamed", "k::models::Model"]);
    }

    #[test]
    fn paths_resolve_through_super_and_use_chains() {
        let crate_files = files(&[
            ("lib.rs", "mod a; mod b; pub use a::X;"),
            ("a.rs", "pub struct X;"),
            ("b.rs", "use super::X; use std::fmt;"),
        ]);
        let tree = read("k", &crate_files).unwrap();
        let path = |text: &str| text.split("::").map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(tree.resolve(2, &path("X")), Target::Item(1, 0));
        assert_eq!(tree.resolve(2, &path("super::a::X")), Target::Item(1, 0));
        assert_eq!(
            tree.resolve(2, &path("fmt::Debug")),
            Target::External(path("std::fmt::Debug"))
        );
        assert_eq!(
            tree.resolve(2, &path("String")),
            Target::External(path("String"))
        );
    }

    #[test]
    fn a_declared_module_without_its_file_is_an_error_naming_it() {
        let crate_files = files(&[("lib.rs", "mod a; pub mod b;"), ("a.rs", "pub struct A;")]);
        let error = read("k", &crate_files).err().unwrap();
        assert_eq!(error, "no file `b/mod.rs`");
    }

    #[test]
    fn inline_modules_and_aliases_are_named_like_files() {
        let crate_files = files(&[(
            "lib.rs",
            "pub mod outer { pub mod inner { pub struct Deep; } } mod hidden { pub struct Target; } pub type Alias = hidden::Target; #[cfg(test)] pub struct Test;",
        )]);
        let tree = read("k", &crate_files).unwrap();
        let mut paths: Vec<String> = tree.public.values().map(PublicPath::text).collect();
        paths.sort();
        assert_eq!(paths, ["k::Alias", "k::Alias", "k::outer::inner::Deep"]);
        assert_eq!(tree.modules.len(), 4);
        let inner = PieceId { file: 0, order: 0 };
        let source = Source {
            piece: inner,
            local: 2,
            first: 0,
        };
        assert_eq!(tree.modules[2].sources, [source]);
        assert_eq!(tree.item_cfgs(0, 3), ["test"]);
    }
}
