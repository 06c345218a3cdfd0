//! Two API surfaces compared item by item: each change with its class (from
//! `rules`), the item, and the place in the document it comes from; the
//! whole as `diff`'s lines, as JSON, or as `build.rs`'s short summary.

use serde::Serialize;

use super::rules::{Change, Class, ItemKind, classify};
use super::surface::{Entry, Surface};

/// One change to the generated API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiChange {
    /// How much it hurts users.
    pub class: Class,
    /// What kind of item changed.
    pub kind: ItemKind,
    /// The item's Rust path (e.g. `models::CustomerGroup::name`).
    pub item: String,
    /// What happened to it.
    pub change: Change,
    /// Its old signature, unless it is new.
    pub old: Option<String>,
    /// Its new signature, unless it is gone.
    pub new: Option<String>,
    /// Where it comes from in the document (the new one's, unless it is
    /// gone): a JSON pointer.
    pub pointer: String,
}

/// Every change between two generations, in the order of their paths.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApiDiff {
    /// The changes.
    pub changes: Vec<ApiChange>,
}

impl ApiDiff {
    /// The changes from `old` to `new`.
    pub(crate) fn between(old: &Surface, new: &Surface) -> Self {
        let mut changes = Vec::new();
        for (item, before) in &old.0 {
            match new.0.get(item) {
                None => changes.push(change(item, Change::Removed, Some(before), None)),
                Some(after) => changes.extend(compare(item, before, after)),
            }
        }
        for (item, after) in &new.0 {
            if !old.0.contains_key(item) {
                let mut added = change(item, Change::Added, None, Some(after));
                if container(item).is_some_and(|c| new.0.contains_key(c) && !old.0.contains_key(c))
                {
                    // part of a new item (a new operation's arguments, a
                    // new model's fields): nobody can have used it
                    added.class = classify(added.kind, Change::Added, true);
                }
                changes.push(added);
            }
        }
        changes.sort_by(|a, b| a.item.cmp(&b.item).then(a.change.cmp(&b.change)));
        Self { changes }
    }

    /// The API change as a whole: `None` when only documentation changed.
    pub fn class(&self) -> Class {
        match self.changes.iter().map(|c| c.class).max() {
            Some(Class::Docs) | None => Class::None,
            Some(class) => class,
        }
    }

    /// `diff`'s lines: one per change, then `api change: none|compatible|breaking`.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.changes.iter().map(ApiChange::line).collect();
        lines.push(format!("api change: {}", self.class().label()));
        lines
    }

    /// The changes and the class as JSON (`{"changes": [...], "api_change": ...}`).
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Report<'a> {
            changes: &'a [ApiChange],
            api_change: Class,
        }
        let report = Report {
            changes: &self.changes,
            api_change: self.class(),
        };
        serde_json::to_string_pretty(&report).unwrap_or_default()
    }

    /// A few lines for `cargo:warning`s: the class and counts, then at most
    /// `most` changes, breaking ones first. Nothing when the API is the same.
    pub fn summary(&self, most: usize) -> Vec<String> {
        if self.class() == Class::None {
            return Vec::new();
        }
        let count = |class| self.changes.iter().filter(|c| c.class == class).count();
        let mut lines = vec![format!(
            "the generated API changed: {} ({} breaking, {} compatible); review the diff of generated/API.txt",
            self.class().label(),
            count(Class::Breaking),
            count(Class::Compatible),
        )];
        let mut worst_first: Vec<&ApiChange> = self
            .changes
            .iter()
            .filter(|c| c.class != Class::Docs)
            .collect();
        worst_first.sort_by_key(|c| std::cmp::Reverse(c.class));
        lines.extend(worst_first.iter().take(most).map(|c| c.line()));
        if worst_first.len() > most {
            lines.push(format!("... and {} more", worst_first.len() - most));
        }
        lines
    }
}

impl ApiChange {
    /// `breaking: field models::X::y added (Option<String>) at #/components/...`.
    pub fn line(&self) -> String {
        let what = match (self.change, &self.old, &self.new) {
            (Change::Changed, Some(old), Some(new)) => format!("changed: {old} -> {new}"),
            (Change::Docs, ..) => "documentation changed".to_owned(),
            (Change::Added, _, Some(new)) if !new.is_empty() => format!("added ({new})"),
            (Change::Removed, Some(old), _) if !old.is_empty() => format!("removed ({old})"),
            (Change::Added, ..) => "added".to_owned(),
            _ => "removed".to_owned(),
        };
        let at = if self.pointer == "#" {
            String::new()
        } else {
            format!(" at {}", self.pointer)
        };
        format!(
            "{}: {} {} {what}{at}",
            self.class.label(),
            self.kind.label(),
            self.item
        )
    }
}

/// The item `path` belongs to: an argument's operation (`Client::m(id)`),
/// a field's or variant's type (`models::X::f`).
fn container(path: &str) -> Option<&str> {
    match path.strip_suffix(')').and_then(|p| p.split_once('(')) {
        Some((operation, _)) => Some(operation),
        None => path.rsplit_once("::").map(|(parent, _)| parent),
    }
}

fn compare(item: &str, before: &Entry, after: &Entry) -> Option<ApiChange> {
    let same_signature =
        without_loose_spaces(&before.signature) == without_loose_spaces(&after.signature);
    if before.kind != after.kind || !same_signature {
        Some(change(item, Change::Changed, Some(before), Some(after)))
    } else if before.docs != after.docs {
        Some(change(item, Change::Docs, Some(before), Some(after)))
    } else {
        None
    }
}

/// A signature without the spaces that say nothing, those beside
/// punctuation: `&'static [u8]` and `&'static[u8]` (as listings written
/// before that spacing was mended have it) are one type.
fn without_loose_spaces(text: &str) -> String {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            while chars.next_if_eq(&' ').is_some() {}
            if !(word(out.chars().next_back()) && word(chars.peek().copied())) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn change(item: &str, what: Change, before: Option<&Entry>, after: Option<&Entry>) -> ApiChange {
    let current = after.or(before);
    let kind = current.map_or(ItemKind::Item, |e| e.kind);
    let open = current.is_some_and(|e| e.open);
    ApiChange {
        class: classify(kind, what, open),
        kind,
        item: item.to_owned(),
        change: what,
        old: before.map(|e| e.signature.clone()),
        new: after.map(|e| e.signature.clone()),
        pointer: current.map_or_else(|| "#".to_owned(), |e| e.pointer.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::without_loose_spaces;

    #[test]
    fn only_spaces_beside_punctuation_say_nothing() {
        let old = "pub const k::E::NAMES: &'static[&'static str]";
        let new = "pub const k::E::NAMES: &'static [&'static str]";
        assert_eq!(without_loose_spaces(old), without_loose_spaces(new));
        assert_ne!(
            without_loose_spaces("pub fn k::f(x: dyn Trait)"),
            without_loose_spaces("pub fn k::f(x: dynTrait)")
        );
        assert_eq!(
            without_loose_spaces("impl  A +  Send"),
            without_loose_spaces("impl A+Send")
        );
    }
}
