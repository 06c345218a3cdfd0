//! Turns names from an OpenAPI document into Rust identifiers: case conversion,
//! keywords, leading digits, and collisions after conversion. Every name the
//! generator emits is made here.

use std::collections::BTreeSet;

/// Words reserved by Rust in every edition up to 2024, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names the generated code itself uses unqualified; a schema type with
/// one of these names gets a `Model` suffix instead of shadowing it.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "ApiError",
    "BaseUrl",
    "Box",
    "Client",
    "ClientBuilder",
    "Default",
    "Deserialize",
    "Err",
    "Error",
    "None",
    "Ok",
    "Option",
    "Result",
    "Self",
    "Serialize",
    "Server",
    "Some",
    "String",
    "UnknownValue",
    "Vec",
];

/// Methods `Client` has besides the operations' (the runtime's inherent
/// methods, the generated `builder`, and those of its derives): an
/// operation named like one gets a suffix (`execute_2`). A test reads the
/// runtime's sources, so that this list keeps up with them.
pub const CLIENT_METHODS: &[&str] = &[
    "attempt",
    "authenticated",
    "builder",
    "clone",
    // generated: the per-connection handle (`emit::connection`)
    "connection",
    "customized",
    "execute",
    "fmt",
    "prepare",
    "receive",
    "send_once",
    "send_with_retries",
];

/// Methods `ClientBuilder` has besides the setters of client-wide headers:
/// the runtime's, and the generated `build`. Checked against the runtime's
/// sources like [`CLIENT_METHODS`].
pub const CLIENT_BUILDER_METHODS: &[&str] = &[
    "after_attempt",
    "base_url",
    "before_attempt",
    "build",
    "clone",
    "connect_timeout",
    "credential",
    "fmt",
    "header",
    "header_map",
    "hook",
    "http_client",
    "mock",
    "new",
    "no_retries",
    "operation_timeout",
    "parsed_base_url",
    "retry_policy",
    "timeout",
    "transport",
    "try_build",
    "user_agent",
];

/// Names a request builder has besides its parameters' setters and
/// getters: its fields `client` and `body`, and the methods the generated
/// code gives every builder (checked against generated code by a test).
pub const BUILDER_METHODS: &[&str] = &[
    "body",
    "client",
    "customize",
    "get_body",
    "into_pages",
    "into_stream",
    "new",
    "request",
    "send",
    "send_blocking",
    "send_streaming",
    "send_streaming_blocking",
];

/// Splits a name into lower-case words at separators (anything not a letter
/// or digit), at lower-to-upper changes (`orgId`) and at the end of acronyms
/// (`HTTPServer` -> `http`, `server`). Digits stay with the word they follow.
pub fn words(raw: &str) -> Vec<String> {
    if raw.is_ascii() {
        // by bytes: no copy of the name as `char`s first
        return split_words(raw.as_bytes());
    }
    split_words(&raw.chars().collect::<Vec<char>>())
}

/// [`words`] of a name given as its characters (bytes of an ASCII name, or
/// `char`s).
fn split_words<C: Copy + Into<char>>(units: &[C]) -> Vec<String> {
    let at = |i: usize| units.get(i).map(|&unit| unit.into());
    let mut words = Vec::new();
    let mut current = String::new();
    for i in 0..units.len() {
        let Some(c) = at(i).filter(|c| c.is_alphanumeric()) else {
            flush(&mut current, &mut words);
            continue;
        };
        if c.is_uppercase() && starts_new_word(i.checked_sub(1).and_then(at), at(i + 1)) {
            flush(&mut current, &mut words);
        }
        if c.is_ascii() {
            current.push(c.to_ascii_lowercase());
        } else {
            current.extend(c.to_lowercase());
        }
    }
    flush(&mut current, &mut words);
    words
}

fn starts_new_word(prev: Option<char>, next: Option<char>) -> bool {
    match prev {
        Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
        Some(p) if p.is_uppercase() => next.is_some_and(char::is_lowercase),
        _ => false,
    }
}

fn flush(current: &mut String, words: &mut Vec<String>) {
    if !current.is_empty() {
        words.push(std::mem::take(current));
    }
}

/// `snake_case` of a name, keeping only ASCII letters, digits and underscores.
pub fn snake_case(raw: &str) -> String {
    ascii_only(&words(raw).join("_"))
}

/// `UpperCamelCase` of a name. Words that start with a digit and follow a
/// word ending in a digit are joined by `_` so `2023-02-07` stays readable
/// (`2023_02_07`), which rustc's camel-case lint accepts.
pub fn upper_camel_case(raw: &str) -> String {
    let mut out = String::new();
    for word in words(raw) {
        let ends_in_digit = out.chars().last().is_some_and(|c| c.is_ascii_digit());
        let starts_with_digit = word.chars().next().is_some_and(|c| c.is_ascii_digit());
        if ends_in_digit && starts_with_digit {
            out.push('_');
        }
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    ascii_only(&out)
}

fn ascii_only(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The identifier for a field, parameter, method or module: `snake_case`,
/// a `n_` prefix before a leading digit, `r#` before a keyword (or a `_`
/// suffix where a raw identifier is not allowed), `value` for an empty name.
pub fn snake_ident(raw: &str) -> String {
    let name = snake_case(raw);
    let name = match name.chars().next() {
        None => return "value".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("n_{name}"),
        Some(_) => name,
    };
    escape_keyword(name)
}

/// The identifier for a type: `UpperCamelCase`, a `T` prefix before a
/// leading digit, a `Model` suffix for names the generated code uses itself.
pub fn type_ident(raw: &str) -> String {
    let name = camel_with_prefix(raw, "T", "Type");
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// The identifier for an enum variant: `UpperCamelCase`, a `V` prefix before
/// a leading digit (`2024-08-31` -> `V2024_08_31`), `Empty` for an empty value.
pub fn variant_ident(raw: &str) -> String {
    let name = camel_with_prefix(raw, "V", "Empty");
    if name == "Self" {
        "SelfValue".to_owned()
    } else {
        name
    }
}

fn camel_with_prefix(raw: &str, digit_prefix: &str, empty: &str) -> String {
    let name = upper_camel_case(raw);
    match name.chars().next() {
        None => empty.to_owned(),
        Some(c) if c.is_ascii_digit() => format!("{digit_prefix}{name}"),
        Some(_) => name,
    }
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Hands out unique names within one scope (the fields of a struct, the
/// variants of an enum, the types of a module): a name already taken gets
/// the smallest free numeric suffix (`name_2` for snake case, `Name2` for camel).
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which the given names are already taken.
    pub fn with_reserved<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            taken: names.into_iter().map(str::to_owned).collect(),
        }
    }

    /// Claims `name`, or the first free suffixed form of it.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let snake = name
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || c == '_');
        (2..)
            .map(|n| suffixed(&name, n, snake))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(name)
    }
}

fn suffixed(name: &str, n: u32, snake: bool) -> String {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let bare = bare.strip_suffix('_').unwrap_or(bare);
    if snake {
        format!("{bare}_{n}")
    } else {
        format!("{bare}{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_camel_snake_kebab_and_acronyms() {
        assert_eq!(words("orgId"), ["org", "id"]);
        assert_eq!(words("updated_at_min"), ["updated", "at", "min"]);
        assert_eq!(words("X-Rutter-Version"), ["x", "rutter", "version"]);
        assert_eq!(words("HTTPServerError"), ["http", "server", "error"]);
        assert_eq!(words("v2Api"), ["v2", "api"]);
        assert_eq!(words("  dots.and spaces "), ["dots", "and", "spaces"]);
    }

    #[test]
    fn ascii_names_split_by_bytes_as_by_chars() {
        // every name of up to four characters from letters of both cases,
        // digits and separators, and some longer ones
        let alphabet = ['a', 'B', 'c', 'D', '1', '_', '-', ' '];
        let mut names = vec![String::new()];
        let mut level = names.clone();
        for _ in 0..4 {
            level = (level.iter())
                .flat_map(|name| alphabet.iter().map(move |c| format!("{name}{c}")))
                .collect();
            names.extend(level.iter().cloned());
        }
        names.extend(
            [
                "HTTPServerError",
                "getV2APIKeys",
                "ABCdef",
                "x-rate-limit",
                "IPv6Addr",
                "A1B2c3",
            ]
            .map(str::to_owned),
        );
        for name in &names {
            let chars: Vec<char> = name.chars().collect();
            assert_eq!(
                split_words(name.as_bytes()),
                split_words(&chars),
                "{name:?}"
            );
        }
        assert_eq!(names.len(), 1 + 8 + 64 + 512 + 4_096 + 6);
        // and a name that is not ASCII is split by `char`
        assert_eq!(words("ÉtatCivil"), ["état", "civil"]);
    }

    #[test]
    fn snake_idents_escape_keywords() {
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("gen"), "r#gen");
        assert_eq!(snake_ident("async"), "r#async");
        assert_eq!(snake_ident("try"), "r#try");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("Self"), "self_");
        assert_eq!(snake_ident("super"), "super_");
        assert_eq!(snake_ident("crate"), "crate_");
    }

    #[test]
    fn snake_idents_handle_digits_dashes_and_empty_names() {
        assert_eq!(snake_ident("2fa"), "n_2fa");
        assert_eq!(snake_ident("1st-place"), "n_1st_place");
        assert_eq!(snake_ident("x-rate-limit"), "x_rate_limit");
        assert_eq!(snake_ident("orgId"), "org_id");
        assert_eq!(snake_ident(""), "value");
        assert_eq!(snake_ident("@@"), "value");
        assert_eq!(snake_ident("héllo"), "hllo");
    }

    #[test]
    fn type_idents_avoid_digits_and_names_the_generated_code_uses() {
        assert_eq!(type_ident("customer_group"), "CustomerGroup");
        assert_eq!(type_ident("3DSecure"), "T3DSecure");
        assert_eq!(type_ident("Error"), "ErrorModel");
        assert_eq!(type_ident("option"), "OptionModel");
        assert_eq!(type_ident("Client"), "ClientModel");
        assert_eq!(type_ident(""), "Type");
    }

    #[test]
    fn variant_idents_keep_dates_readable() {
        assert_eq!(variant_ident("2024-08-31"), "V2024_08_31");
        assert_eq!(variant_ident("SHOPIFY"), "Shopify");
        assert_eq!(variant_ident("unstable"), "Unstable");
        assert_eq!(variant_ident("true"), "True");
        assert_eq!(variant_ident(""), "Empty");
        assert_eq!(variant_ident("self"), "SelfValue");
    }

    #[test]
    fn collisions_after_conversion_get_suffixes() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(snake_ident("fooBar")), "foo_bar");
        assert_eq!(scope.claim(snake_ident("foo_bar")), "foo_bar_2");
        assert_eq!(scope.claim(snake_ident("foo-bar")), "foo_bar_3");
        let mut types = Scope::default();
        assert_eq!(types.claim(type_ident("user")), "User");
        assert_eq!(types.claim(type_ident("User")), "User2");
        let mut fields = Scope::default();
        assert_eq!(fields.claim(snake_ident("type")), "r#type");
        assert_eq!(fields.claim(snake_ident("Type")), "type_2");
    }

    /// The names of the inherent methods of `ty` in Rust source `text`.
    fn inherent_methods(text: &str, ty: &str) -> BTreeSet<String> {
        let file = syn::parse_file(text).unwrap();
        let mut names = BTreeSet::new();
        for item in file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let syn::Type::Path(path) = &*block.self_ty else {
                continue;
            };
            if block.trait_.is_some() || !path.path.is_ident(ty) {
                continue;
            }
            for item in block.items {
                if let syn::ImplItem::Fn(method) = item {
                    names.insert(method.sig.ident.to_string());
                }
            }
        }
        names
    }

    #[test]
    fn every_method_of_the_runtimes_client_and_builder_is_reserved() {
        let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut client = BTreeSet::new();
        let mut builder = BTreeSet::new();
        for entry in std::fs::read_dir(runtime).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            client.extend(inherent_methods(&text, "Client"));
            builder.extend(inherent_methods(&text, "ClientBuilder"));
        }
        assert!(client.contains("execute"), "{client:?}");
        for (found, list) in [(client, CLIENT_METHODS), (builder, CLIENT_BUILDER_METHODS)] {
            let missing: Vec<&String> = found
                .iter()
                .filter(|m| !list.contains(&m.as_str()))
                .collect();
            assert!(missing.is_empty(), "add to the list: {missing:?}");
        }
    }

    #[test]
    fn every_method_generated_on_builders_is_reserved() {
        let document = "
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    post:
      operationId: listThings
      parameters: [{name: cursor, in: query, schema: {type: string}}]
      requestBody: {content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  next_cursor: {type: string}
                  items: {type: array, items: {type: string}}
";
        let generated = crate::Config::new()
            .cargo_features(true)
            .generate(document)
            .unwrap();
        let mut methods = BTreeSet::new();
        for file in generated.files() {
            if file.path.extension().is_some_and(|e| e == "rs") {
                methods.extend(inherent_methods(&file.contents, "ListThings"));
            }
        }
        assert!(
            methods.contains("into_stream") && methods.contains("get_body"),
            "{methods:?}"
        );
        // named after the parameter: its setter, `Option` setter and mock getter
        let params = ["cursor", "set_cursor", "get_cursor"];
        let missing: Vec<&String> = methods
            .iter()
            .filter(|m| !BUILDER_METHODS.contains(&m.as_str()) && !params.contains(&m.as_str()))
            .collect();
        assert!(missing.is_empty(), "add to BUILDER_METHODS: {missing:?}");
    }

    #[test]
    fn reserved_names_are_respected() {
        let mut scope = Scope::with_reserved(["extra"]);
        assert_eq!(scope.claim("extra".to_owned()), "extra_2");
    }
}
