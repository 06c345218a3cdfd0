//! Doc comments that skip the parser and the printer: an emitter registers
//! a block of doc lines on the thread that formats it and puts one short
//! placeholder doc attribute in its tokens; once the tokens are printed,
//! the formatter writes the block's lines where the placeholder's line is.
//! A third of the generated text is documentation, and each line read as
//! an attribute by `syn` and printed again by `prettyplease` was a tenth of
//! the generation's time.

use std::cell::RefCell;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// What starts a placeholder's value: no doc line starts with it (each
/// starts with a space or is empty, see `emit::common::doc_text_lines`).
const MARK: char = '\u{1}';

/// How a placeholder's line starts once printed, after its indentation.
const PRINTED: &str = "///\u{1}";

thread_local! {
    /// The blocks registered on this thread since its last printing.
    static BLOCKS: RefCell<Vec<Vec<String>>> = const { RefCell::new(Vec::new()) };
}

/// Outer doc attributes for `lines` (each a doc attribute's value): one
/// placeholder, the lines kept until the tokens are printed on this thread
/// ([`expand`]). Lines `prettyplease` would not print as `///` comments
/// (a newline in one, or one starting with `/`) are given as attributes.
pub fn outer(lines: Vec<String>) -> TokenStream {
    if lines.is_empty() {
        return TokenStream::new();
    }
    if lines
        .iter()
        .any(|line| line.contains('\n') || line.starts_with('/'))
    {
        return quote!(#(#[doc = #lines])*);
    }
    let index = BLOCKS.with_borrow_mut(|blocks| {
        blocks.push(lines);
        blocks.len() - 1
    });
    let placeholder = Literal::string(&format!("{MARK}{index}"));
    quote!(#[doc = #placeholder])
}

/// Whether blocks wait to be written on this thread.
#[cfg(test)]
fn pending() -> bool {
    BLOCKS.with_borrow(|blocks| !blocks.is_empty())
}

/// Appends `text` as printed to `out`, each placeholder's line replaced by
/// its block's lines at its indentation, as `prettyplease` prints doc
/// attributes (`///` and the value, trailing spaces trimmed); forgets the
/// blocks.
pub fn expand_into(text: &str, out: &mut String) {
    let blocks = BLOCKS.take();
    let extra: usize = blocks.iter().flatten().map(|line| line.len() + 16).sum();
    out.reserve(text.len() + extra);
    let mut rest = text;
    while let Some(at) = rest.find(PRINTED) {
        let line_start = rest[..at].rfind('\n').map_or(0, |n| n + 1);
        let indent = &rest[line_start..at];
        let after = &rest[at + PRINTED.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let block = after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|index| blocks.get(index))
            .filter(|_| indent.bytes().all(|b| b == b' ') && after[digits..].starts_with('\n'));
        let Some(block) = block else {
            // not a placeholder: kept as printed
            out.push_str(&rest[..at + PRINTED.len()]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..line_start]);
        for line in block {
            out.push_str(indent);
            out.push_str("///");
            out.push_str(line.trim_end_matches(' '));
            out.push('\n');
        }
        rest = &after[digits + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).unwrap();
        let mut out = String::new();
        expand_into(&prettyplease::unparse(&file), &mut out);
        out
    }

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|line| (*line).to_owned()).collect()
    }

    #[test]
    fn blocks_print_as_their_lines_would() {
        let block = [" First line.  ", "", " * an item", "   more of it"];
        let direct = {
            let lines = lines(&block);
            quote!(#(#[doc = #lines])* pub struct S { #(#[doc = #lines])* pub a: u8 } impl S { #(#[doc = #lines])* pub fn f() {} })
        };
        let (outer_struct, outer_field, outer_fn) = (
            outer(lines(&block)),
            outer(lines(&block)),
            outer(lines(&block)),
        );
        let placed = quote!(#outer_struct pub struct S { #outer_field pub a: u8 } impl S { #outer_fn pub fn f() {} });
        let want = prettyplease::unparse(&syn::parse2(direct).unwrap());
        assert_eq!(printed(placed), want);
        assert!(!pending());
    }

    #[test]
    fn lines_the_printer_writes_otherwise_stay_attributes() {
        let tokens = outer(lines(&["/ starts with a slash"]));
        assert!(!pending());
        assert_eq!(
            printed(quote!(#tokens struct S;)),
            "#[doc = \"/ starts with a slash\"]\nstruct S;\n"
        );
    }

    #[test]
    fn text_like_a_placeholder_that_is_none_is_kept() {
        let _registered = outer(lines(&[" one"]));
        let text = "    ///\u{1}7\n///\u{1}x\n";
        let mut out = String::new();
        expand_into(text, &mut out);
        assert_eq!(out, text);
    }
}
