//! Emits what a parameter's schema allows of its value: the checks a
//! builder's `request()` makes before anything is sent (a number outside
//! `minimum`/`maximum`, a string outside `minLength`/`maxLength`), and the
//! sentence its docs say it in.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::common::ident;
use crate::ir::{Bounds, Limit, LimitValue, Param, Ty};

/// `.in_range(..)` / `.length_in(..)` for `param`, when its schema bounds
/// it and its type is one the bounds apply to.
pub fn check(param: &Param) -> Option<TokenStream> {
    let bounds = &param.bounds;
    let wire = &param.wire_name;
    let field = ident(&param.name);
    match &param.ty {
        Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64
            if bounds.minimum.is_some() || bounds.maximum.is_some() =>
        {
            let value = if param.required {
                quote!(Some(&self.#field))
            } else {
                quote!(self.#field.as_ref())
            };
            let start = end(bounds.minimum, &param.ty);
            let end = end(bounds.maximum, &param.ty);
            Some(quote!(.in_range(#wire, #value, (#start, #end))))
        }
        Ty::String if bounds.min_length.is_some() || bounds.max_length.is_some() => {
            let value = match (param.secret, param.required) {
                (true, true) => quote!(Some(self.#field.expose())),
                (true, false) => quote!(self.#field.as_ref().map(runtime::Secret::expose)),
                (false, true) => quote!(Some(self.#field.as_str())),
                (false, false) => quote!(self.#field.as_deref()),
            };
            let start = length_end(bounds.min_length);
            let end = length_end(bounds.max_length);
            Some(quote!(.length_in(#wire, #value, (#start, #end))))
        }
        _ => None,
    }
}

/// One end of a number's range, as a literal of the parameter's type; an
/// end the type cannot reach is none.
fn end(limit: Option<Limit>, ty: &Ty) -> TokenStream {
    let literal = limit.and_then(|limit| {
        let literal = match (limit.value, ty) {
            (LimitValue::Integer(n), Ty::I32) => Literal::i32_unsuffixed(i32::try_from(n).ok()?),
            (LimitValue::Integer(n), _) => Literal::i64_unsuffixed(n),
            #[allow(clippy::cast_possible_truncation)] // an f32 parameter's bound is an f32
            (LimitValue::Number(x), Ty::F32) => Literal::f32_unsuffixed(x as f32),
            (LimitValue::Number(x), _) => Literal::f64_unsuffixed(x),
        };
        Some((literal, limit.exclusive))
    });
    match literal {
        Some((value, true)) => quote!(std::ops::Bound::Excluded(#value)),
        Some((value, false)) => quote!(std::ops::Bound::Included(#value)),
        None => quote!(std::ops::Bound::Unbounded),
    }
}

fn length_end(length: Option<usize>) -> TokenStream {
    match length {
        Some(n) => {
            let n = Literal::usize_unsuffixed(n);
            quote!(std::ops::Bound::Included(#n))
        }
        None => quote!(std::ops::Bound::Unbounded),
    }
}

/// The bounds in words ("at least 1 and at most 500", "at least 3
/// characters long"), if the schema sets any that are checked.
pub fn summary(bounds: &Bounds) -> Option<String> {
    let number = |limit: &Limit| match limit.value {
        LimitValue::Integer(n) => n.to_string(),
        LimitValue::Number(x) => x.to_string(),
    };
    let mut parts = Vec::new();
    if let Some(min) = &bounds.minimum {
        let word = if min.exclusive {
            "more than"
        } else {
            "at least"
        };
        parts.push(format!("{word} {}", number(min)));
    }
    if let Some(max) = &bounds.maximum {
        let word = if max.exclusive {
            "less than"
        } else {
            "at most"
        };
        parts.push(format!("{word} {}", number(max)));
    }
    match (bounds.min_length, bounds.max_length) {
        (Some(min), Some(max)) => parts.push(format!("{min} to {max} characters long")),
        (Some(min), None) => parts.push(format!("at least {min} characters long")),
        (None, Some(max)) => parts.push(format!("at most {max} characters long")),
        (None, None) => {}
    }
    (!parts.is_empty()).then(|| parts.join(" and "))
}

/// The bounds in sentences for a setter's docs: what is refused, and the
/// pattern the API expects (not checked).
pub fn sentence(bounds: &Bounds) -> Option<String> {
    let mut sentences = Vec::new();
    if let Some(summary) = summary(bounds) {
        sentences.push(format!(
            "Must be {summary}: a value outside this is refused before the request is sent (`Error::Config`)."
        ));
    }
    if let Some(pattern) = &bounds.pattern {
        sentences.push(format!(
            "The API expects it to match `{}` (not checked here).",
            pattern.replace('`', "'")
        ));
    }
    (!sentences.is_empty()).then(|| sentences.join(" "))
}
