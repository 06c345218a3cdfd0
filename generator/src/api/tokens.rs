//! Rust tokens printed on one line the way rustfmt would space them
//! (`&self`, `Option<String>`, `impl Into<String>`, `-> Self`), for the
//! lines of the API listing.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// `node` as one line of Rust.
pub fn one_line(node: &impl ToTokens) -> String {
    let mut out = Printer::default();
    out.stream(node.to_token_stream());
    out.text
}

/// What the last printed token was, for the space before the next.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Last {
    /// Nothing yet, or an opening bracket: no space follows.
    #[default]
    Open,
    /// An identifier, literal or closed group.
    Word,
    /// A lifetime: a bracket after it is spaced (`&'static [u8]`).
    Lifetime,
    /// Punctuation after which a space goes (`,`, `:`, `->`, `=`, `+`).
    SpacedPunct,
    /// Punctuation glued to what follows (`&`, `<`, `::`, `'`, `#`).
    GluedPunct,
}

#[derive(Default)]
struct Printer {
    text: String,
    last: Last,
    /// The last punctuation character was joint with the next one.
    joint: bool,
}

impl Printer {
    fn stream(&mut self, stream: TokenStream) {
        for tree in stream {
            self.tree(tree);
        }
    }

    fn tree(&mut self, tree: TokenTree) {
        match tree {
            TokenTree::Ident(ident) => self.word(&ident.to_string()),
            TokenTree::Literal(literal) => self.word(&literal.to_string()),
            TokenTree::Punct(punct) => self.punct(punct.as_char(), punct.spacing()),
            TokenTree::Group(group) => self.group(group.delimiter(), group.stream()),
        }
    }

    fn word(&mut self, word: &str) {
        if matches!(self.last, Last::Word | Last::Lifetime | Last::SpacedPunct) {
            self.text.push(' ');
        }
        let lifetime = self.joint && self.text.ends_with('\'');
        self.text.push_str(word);
        self.last = if lifetime { Last::Lifetime } else { Last::Word };
        self.joint = false;
    }

    fn punct(&mut self, c: char, spacing: Spacing) {
        let continues = self.joint;
        if c == '>' && !continues {
            self.drop_trailing_comma();
        }
        let spaced_before =
            !continues && matches!(c, '=' | '+' | '-' | '|') && self.last != Last::Open;
        if spaced_before || (self.last == Last::SpacedPunct && !continues && c != ',') {
            self.text.push(' ');
        }
        self.text.push(c);
        self.joint = spacing == Spacing::Joint;
        self.last = match c {
            _ if self.joint => Last::GluedPunct,
            ',' | ';' | '=' | '+' | '|' => Last::SpacedPunct,
            '>' if continues => Last::SpacedPunct, // `->`, `=>`
            ':' if !continues => Last::SpacedPunct,
            '>' | ')' | ']' => Last::Word,
            _ => Last::GluedPunct,
        };
    }

    fn group(&mut self, delimiter: Delimiter, stream: TokenStream) {
        let (open, close) = match delimiter {
            Delimiter::Parenthesis => ("(", ")"),
            Delimiter::Bracket => ("[", "]"),
            Delimiter::Brace => ("{ ", " }"),
            Delimiter::None => ("", ""),
        };
        let spaced = delimiter == Delimiter::Brace
            || matches!(self.last, Last::SpacedPunct | Last::Lifetime);
        if spaced && !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
        self.text.push_str(open);
        self.last = Last::Open;
        self.joint = false;
        self.stream(stream);
        self.drop_trailing_comma();
        self.text.push_str(close);
        self.last = Last::Word;
    }
}

impl Printer {
    /// A list's trailing comma (prettyplease writes one after the last of
    /// many arguments) goes: a line reads the same however it was wrapped.
    fn drop_trailing_comma(&mut self) {
        let trimmed = self.text.trim_end_matches(' ');
        if let Some(without) = trimmed.strip_suffix(',') {
            self.text.truncate(without.len());
            self.last = Last::Word;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(text: &str) -> String {
        one_line(&syn::parse_str::<syn::Type>(text).unwrap())
    }

    #[test]
    fn types_are_spaced_like_rustfmt() {
        assert_eq!(ty("Option < Vec<String> >"), "Option<Vec<String>>");
        assert_eq!(ty("& 'static str"), "&'static str");
        assert_eq!(ty("&mut super::Foo"), "&mut super::Foo");
        assert_eq!(ty("(i64, String)"), "(i64, String)");
        assert_eq!(
            ty("impl Fn(&mut A) -> Result<(), E> + Send + 'static"),
            "impl Fn(&mut A) -> Result<(), E> + Send + 'static"
        );
        assert_eq!(ty("ResponseFuture<T, E, K>"), "ResponseFuture<T, E, K>");
        assert_eq!(ty("[u8; 4]"), "[u8; 4]");
        assert_eq!(ty("&'static [&'static str]"), "&'static [&'static str]");
        assert_eq!(ty("&'a (u8, u8)"), "&'a (u8, u8)");
        assert_eq!(ty("X<A, B,>"), "X<A, B>");
        assert_eq!(
            ty("impl Stream<Item = Result<A, B>> + Send"),
            "impl Stream<Item = Result<A, B>> + Send"
        );
        assert_eq!(ty("fn(A, B,)"), "fn(A, B)");
    }

    #[test]
    fn signatures_are_spaced_like_rustfmt() {
        let sig: syn::Signature = syn::parse_str(
            "pub fn f<'a, T: Into<String>>(&self, x: T) -> Option<&'a str> where T: Clone",
        )
        .or_else(|_| {
            syn::parse_str(
                "fn f<'a, T: Into<String>>(&self, x: T) -> Option<&'a str> where T: Clone",
            )
        })
        .unwrap();
        assert_eq!(
            one_line(&sig),
            "fn f<'a, T: Into<String>>(&self, x: T) -> Option<&'a str> where T: Clone"
        );
    }
}
