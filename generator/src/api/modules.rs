//! The generated crate as the compiler sees its names: the module tree read
//! from the files (`mod x;` is `x.rs` or `x/mod.rs`), what each module's
//! names stand for (items, `use`s, child modules), paths resolved through
//! `use` chains, and the public path of every item users can name (the
//! shortest, through `pub mod`s and `pub use`s). Each file's names are read
//! where it was parsed ([`FileNames::read`], on any thread: syntax trees
//! cannot cross threads, names can); [`CrateNames::assemble`] joins them.

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

/// What one file names: its own module first, then each module written
/// inline in it, in the order they open (depth first).
#[derive(Default)]
pub struct FileNames {
    modules: Vec<ModuleNames>,
}

/// What one module of a file names, before its place in the crate is known.
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

impl FileNames {
    /// What a file of these items names, and the items of each of its
    /// modules (in the order of [`FileNames`]).
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
    /// Where its items are: the file (its index among those read) and the
    /// module's place among the file's modules.
    pub source: (usize, usize),
    /// The `cfg` predicates of each of its items.
    item_cfgs: Vec<Vec<String>>,
    /// Its names and glob imports.
    names: BTreeMap<String, Vec<Binding>>,
    /// Its aliases of paths, by item index.
    aliases: BTreeMap<usize, Vec<String>>,
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
    /// Joins the names of the crate's files (path, and what it names; the
    /// root is `lib.rs`): the module tree, and every public path.
    ///
    /// # Errors
    ///
    /// When a file a `mod x;` declares is not among them.
    pub fn assemble(crate_name: &str, files: Vec<(&str, FileNames)>) -> Result<Self, String> {
        let mut files = files;
        let mut names = Self::default();
        let root = file_index(&files, "lib.rs")?;
        names.add_module(&mut files, (root, 0), None, Vec::new(), "")?;
        names.find_public_paths(crate_name);
        names.adopt_alias_targets();
        Ok(names)
    }

    /// Adds the module at `source` (file, place in it), and the modules it
    /// declares; `dir` is where its `mod x;` files are.
    fn add_module(
        &mut self,
        files: &mut [(&str, FileNames)],
        source: (usize, usize),
        parent: Option<usize>,
        cfgs: Vec<String>,
        dir: &str,
    ) -> Result<usize, String> {
        let index = self.modules.len();
        let read = files
            .get_mut(source.0)
            .and_then(|(_, file)| file.modules.get_mut(source.1))
            .map(std::mem::take)
            .unwrap_or_default();
        self.modules.push(Module {
            parent,
            cfgs: cfgs.clone(),
            source,
            item_cfgs: read.item_cfgs,
            names: BTreeMap::new(),
            aliases: read.aliases,
        });
        let mut names: BTreeMap<String, Vec<Binding>> = BTreeMap::new();
        for entry in read.entries {
            let what = match entry.what {
                Named::Item(at) => Bound::Direct(Target::Item(index, at)),
                Named::Use(path) => Bound::Use(path),
                Named::Inline(_) | Named::File => {
                    let child_source = match entry.what {
                        Named::Inline(local) => (source.0, local),
                        _ => (module_file(files, dir, &entry.name)?, 0),
                    };
                    let mut child_cfgs = cfgs.clone();
                    child_cfgs.extend(entry.cfgs.iter().cloned());
                    let child_dir = format!("{dir}{}/", entry.name);
                    let child =
                        self.add_module(files, child_source, Some(index), child_cfgs, &child_dir)?;
                    Bound::Direct(Target::Module(child))
                }
            };
            names.entry(entry.name).or_default().push(Binding {
                what,
                public: entry.public,
                cfgs: entry.cfgs,
            });
        }
        if let Some(module) = self.modules.get_mut(index) {
            module.names = names;
        }
        Ok(index)
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

/// The index of the file at `path`.
fn file_index(files: &[(&str, FileNames)], path: &str) -> Result<usize, String> {
    files
        .iter()
        .position(|(p, _)| *p == path)
        .ok_or_else(|| format!("no file `{path}`"))
}

/// The file of `mod name;` declared in `dir`: `name.rs` or `name/mod.rs`.
fn module_file(files: &[(&str, FileNames)], dir: &str, name: &str) -> Result<usize, String> {
    file_index(files, &format!("{dir}{name}.rs"))
        .or_else(|_| file_index(files, &format!("{dir}{name}/mod.rs")))
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

    /// The names of the crate of these files, parsed one after the other.
    fn read(crate_name: &str, files: &[(String, String)]) -> Result<CrateNames, String> {
        let mut read = Vec::new();
        for (path, text) in files {
            let file = syn::parse_file(text).map_err(|e| e.to_string())?;
            read.push((path.as_str(), FileNames::read(file.items).0));
        }
        CrateNames::assemble(crate_name, read)
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
        assert_eq!(tree.modules[2].source, (0, 2));
        assert_eq!(tree.item_cfgs(0, 3), ["test"]);
    }
}
