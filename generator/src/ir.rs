//! The intermediate representation between the parsed document and the
//! emitters: plain data, Rust names already made, nothing from `openapiv3`.
//! Collections are ordered so that emission is deterministic.

use crate::diagnostics::Pointer;

/// The name of the catch-all variant of every string enum and tagged union:
/// lowering reserves it, so no known value takes it, and the emitters write
/// it for values the bindings do not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Whether `c` changes the direction of the text around it (U+202A-U+202E,
/// U+2066-U+2069, and the marks U+200E, U+200F, U+061C): rustc refuses the
/// first two ranges in comments and literals, since they make code read
/// differently from what it does ("Trojan Source"). Validation warns of
/// them; the emitters write them escaped.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Everything the emitters need to write the bindings of one API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`.
    pub version: String,
    /// The document's servers, each with a variant name.
    pub servers: Vec<ServerDef>,
    /// Every named type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every operation, sorted by method name.
    pub operations: Vec<Operation>,
    /// Header parameters shared by every operation, set once on the client.
    pub client_headers: Vec<ClientHeader>,
    /// How requests authenticate.
    pub auth: Auth,
    /// The type of error bodies, when every operation declares the same one.
    pub error_body: Option<Ty>,
    /// The JSON examples the document gives, each with the type it must
    /// decode into, sorted by pointer (for `Config::example_tests`).
    pub examples: Vec<ExampleCheck>,
}

/// One JSON example of the document and the type it is an example of.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleCheck {
    /// Where the example is (`#/components/schemas/Pet/example`).
    pub at: Pointer,
    /// The schema it is an example of.
    pub schema: Pointer,
    /// The example.
    pub value: serde_json::Value,
    /// Its type.
    pub ty: Ty,
    /// Whether the schema allows `null` (the type is then `Option<ty>`).
    pub nullable: bool,
    /// The places in the example (JSON pointers relative to it) of
    /// properties its schema does not declare, which decoding drops.
    pub undeclared: Vec<String>,
}

impl Api {
    /// The named type called `name` (`types` is sorted by name).
    pub fn find_type(&self, name: &str) -> Option<&TypeDef> {
        find_type(&self.types, name)
    }
}

/// The type called `name` in a list sorted by name.
pub fn find_type<'a>(types: &'a [TypeDef], name: &str) -> Option<&'a TypeDef> {
    types
        .binary_search_by(|t| t.name.as_str().cmp(name))
        .ok()
        .and_then(|i| types.get(i))
}

/// The type an alias in `types` (sorted by name) stands for, through chains
/// of aliases, or `ty` itself when it is no alias.
pub fn resolve_alias<'a>(types: &'a [TypeDef], ty: &'a Ty) -> &'a Ty {
    let mut current = ty;
    for _ in 0..types.len() {
        let Ty::Named(name) = current else { break };
        match find_type(types, name).map(|t| &t.kind) {
            Some(TypeKind::Alias(inner)) => current = inner,
            _ => break,
        }
    }
    current
}

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerDef {
    /// The `Server` enum variant.
    pub variant: String,
    /// The base URL.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
}

/// Documentation taken from the document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Docs {
    /// A one-line summary.
    pub summary: Option<String>,
    /// Longer text.
    pub description: Option<String>,
}

impl Docs {
    /// Adds a paragraph at the end of the description.
    pub fn add_paragraph(&mut self, paragraph: &str) {
        self.description = Some(match self.description.take() {
            Some(text) => format!("{text}\n\n{paragraph}"),
            None => paragraph.to_owned(),
        });
    }
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Its documentation.
    pub docs: Docs,
    /// What it is.
    pub kind: TypeKind,
    /// What the user's settings give it (set by `lower::settings` once the
    /// type table is built).
    pub settings: TypeSettings,
    /// The schema it comes from (`#` when none: a type the generator
    /// makes itself).
    pub origin: Pointer,
}

impl TypeDef {
    /// A type the user's settings give nothing (yet).
    pub fn new(name: String, docs: Docs, kind: TypeKind) -> Self {
        Self {
            name,
            docs,
            kind,
            settings: TypeSettings::default(),
            origin: Pointer::root(),
        }
    }

    /// The same type, from the schema at `origin`.
    #[must_use]
    pub fn at(self, origin: &Pointer) -> Self {
        Self {
            origin: origin.clone(),
            ..self
        }
    }
}

/// What the user's settings give one generated type.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TypeSettings {
    /// Extra derives, Rust paths as the user wrote them, without serde's
    /// (every generated type implements those one way or another); none
    /// for an alias.
    pub derives: Vec<String>,
    /// Outer attributes as the user wrote them (each one or more `#[..]`),
    /// in the order given.
    pub attributes: Vec<String>,
    /// How an object or an untagged union implements `Deserialize`.
    pub decoding: Decoding,
}

/// How a generated object or untagged union implements `Deserialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decoding {
    /// Through the models module's `decode_struct!` or `decode_untagged!`:
    /// far less code to type-check than serde's derive.
    #[default]
    Macro,
    /// serde's derive, which honours the `#[serde(..)]` attributes the user
    /// gave the type (the macros would not).
    Derive,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string with a closed list of known values, open to unknown ones.
    StringEnum(StringEnum),
    /// Another name for a type (`pub type X = ...`).
    Alias(Ty),
    /// One of several types (`oneOf` / `anyOf`).
    Union(Union),
}

impl TypeKind {
    /// Whether the definition uses the named type anywhere.
    pub fn refers_to(&self, name: &str) -> bool {
        self.holds(&|ty| matches!(ty, Ty::Named(n) if n == name))
    }

    /// Whether a type of the definition is, or holds, one that `is` picks.
    pub fn holds(&self, is: &dyn Fn(&Ty) -> bool) -> bool {
        match self {
            Self::Struct(s) => {
                s.fields.iter().any(|f| f.ty.holds(is))
                    || s.extra.as_ref().is_some_and(|e| e.value.holds(is))
            }
            Self::Alias(ty) => ty.holds(is),
            Self::Union(u) => u.variants.iter().any(|v| v.ty.holds(is)),
            Self::StringEnum(_) => false,
        }
    }
}

/// A value that is one of several types.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives, in document order.
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the alternative, when the document
    /// declares a discriminator; otherwise alternatives are tried in order.
    pub discriminator: Option<Discriminator>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// The type it holds.
    pub ty: Ty,
    /// The tag value of this alternative when it is an object the union
    /// alone uses, whose tag property was taken out of the struct (which
    /// then writes it itself, see [`Struct::tag`]): the union takes the tag
    /// out of a value before decoding it as this alternative. `None` too
    /// when that object keeps serde's derive ([`Decoding::Derive`]), which
    /// reads the tag itself (`lower::settings` clears it).
    pub tag: Option<String>,
}

/// How a tagged union tells its alternatives apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discriminator {
    /// The tag property's wire name.
    pub property: String,
    /// Tag values and the variant each selects.
    pub mapping: Vec<(String, String)>,
}

/// An object schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// The properties, in document order.
    pub fields: Vec<Field>,
    /// Properties beyond the named ones, kept in a flattened map of this
    /// value type (`additionalProperties`).
    pub extra: Option<ExtraField>,
    /// The tag property and value written first when the object is sent,
    /// for an object of an implied-tag union that does not hold its tag
    /// as a field (`#[serde(tag = "type", rename = "explicit")]`).
    pub tag: Option<(String, String)>,
}

/// The flattened map that keeps additional properties.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraField {
    /// The Rust field name.
    pub name: String,
    /// The type of each value.
    pub value: Ty,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// The value type, without the `Option` that `presence` may add.
    pub ty: Ty,
    /// Whether the key must be present and whether it may be null.
    pub presence: Presence,
    /// Its documentation.
    pub docs: Docs,
    /// In a `multipart/form-data` form: the `Content-Type` of its parts,
    /// from the body's `encoding` object (for files, when the file names
    /// none).
    pub part_media_type: Option<String>,
}

/// Whether a property must be present and whether it may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Present and never null: `T`.
    Required,
    /// Present but may be null: `Option<T>`, serialised as `null`.
    RequiredNullable,
    /// May be absent, never null: `Option<T>`, skipped when `None`.
    Optional,
    /// May be absent or null: `Option<T>`, skipped when `None`.
    OptionalNullable,
}

impl Presence {
    /// From the `required` list and `nullable`.
    pub fn new(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Self::Required,
            (true, true) => Self::RequiredNullable,
            (false, false) => Self::Optional,
            (false, true) => Self::OptionalNullable,
        }
    }

    /// Whether the Rust type is wrapped in `Option`.
    pub fn is_option(self) -> bool {
        self != Self::Required
    }

    /// Whether `None` is left out when serialising.
    pub fn skips_none(self) -> bool {
        matches!(self, Self::Optional | Self::OptionalNullable)
    }
}

/// A string enum: known values, plus a catch-all for values added later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringEnum {
    /// The known values, in document order.
    pub variants: Vec<Variant>,
    /// The variant of the schema's `default`, if it has one.
    pub default: Option<String>,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire_value: String,
    /// What the value means, when the document says.
    pub docs: Option<String>,
    /// The name of the method that tells whether a value is this one
    /// (`is_product_not_ready`), unique within the enum.
    pub predicate: String,
}

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ty {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `chrono::DateTime<chrono::Utc>`.
    DateTime,
    /// `chrono::NaiveDate`.
    Date,
    /// A point in time as a Unix time integer: `UnixSeconds` or
    /// `UnixMillis` (`format: unix-time` / `unix-time-ms`).
    UnixTime(TimeUnit),
    /// Any JSON value: `serde_json::Value`.
    Json,
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// An ordered map with string keys: `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// `Box<T>`, to break a cycle of types that contain each other.
    Boxed(Box<Ty>),
    /// A named type of this API.
    Named(String),
    /// A type the user supplies (a Rust type path, e.g. `uuid::Uuid`),
    /// set for a format or a schema in the generator's settings.
    Custom(String),
    /// A file sent as one part of a `multipart/form-data` body: the
    /// runtime's `FilePart`. Only the fields (or list items) of a struct
    /// that is such a body, for their `format: binary` properties;
    /// elsewhere `format: binary` is a `String`.
    File,
}

/// The unit of a [`Ty::UnixTime`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimeUnit {
    /// Seconds: `UnixSeconds`.
    Seconds,
    /// Milliseconds: `UnixMillis`.
    Millis,
}

impl TimeUnit {
    /// The Rust type's name.
    pub fn type_name(self) -> &'static str {
        match self {
            Self::Seconds => "UnixSeconds",
            Self::Millis => "UnixMillis",
        }
    }
}

impl Ty {
    /// Whether this type, or one it holds (list items, map values, a box's
    /// content), is one that `is` picks.
    pub fn holds(&self, is: &dyn Fn(&Ty) -> bool) -> bool {
        is(self)
            || match self {
                Self::Vec(inner) | Self::Map(inner) | Self::Boxed(inner) => inner.holds(is),
                _ => false,
            }
    }

    /// Whether a field of this type holds files: a file or a list of them.
    pub fn holds_files(&self) -> bool {
        match self {
            Self::File => true,
            Self::Vec(item) => **item == Self::File,
            _ => false,
        }
    }
}

/// An API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The client method, `snake_case`.
    pub method_name: String,
    /// The request builder type, `UpperCamelCase`.
    pub builder_name: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template as written in the document (for docs and errors).
    pub path_template: String,
    /// The path, split into literal and parameter segments.
    pub path: Vec<PathSegment>,
    /// Parameters: required ones first (path in template order, then the
    /// rest in document order), then optional ones in document order.
    pub params: Vec<Param>,
    /// The request body, if the operation takes one.
    pub body: Option<RequestBody>,
    /// The success body, `None` when there is none.
    pub response: Option<ResponseBody>,
    /// The headers the success response declares, typed, when it declares
    /// any.
    pub response_headers: Option<ResponseHeaders>,
    /// An example of a JSON success body, from the document (its own, or
    /// composed from the schema's examples), for the `test-util` mock.
    pub example: Option<serde_json::Value>,
    /// Its documentation.
    pub docs: Docs,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// How to follow pages, when the operation is cursor-paginated.
    pub pagination: Option<Pagination>,
    /// The operation object it comes from (`#/paths/~1pets/get`).
    pub origin: Pointer,
}

/// The body of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Whether the caller must give one (then it is a method argument).
    pub required: bool,
    /// Its documentation.
    pub docs: Docs,
}

/// How a request body travels.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyEncoding {
    /// `application/json` (or `+json`): the value serialised with serde.
    Json(Ty),
    /// `application/x-www-form-urlencoded`: the value's top-level fields as
    /// form pairs.
    Form(Ty),
    /// A `text/*` media type: a `String` sent as it is.
    Text(String),
    /// `multipart/form-data` with an object schema: the type names a struct
    /// (possibly through aliases) whose fields are sent as parts, its
    /// `Ty::File` fields as files.
    Multipart(Ty),
    /// Any other media type (`application/octet-stream`, other `multipart/...`
    /// types, a form-data body that is no object): bytes the caller
    /// prepares, sent with this content type.
    Bytes(String),
}

/// The headers a success response declares (`responses.2XX.headers`): one
/// struct of typed fields, read from a response on demand.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeaders {
    /// The struct's name, `UpperCamelCase` (`{Builder}Headers`, unique among
    /// the builders and other header structs).
    pub name: String,
    /// One field per header, in document order.
    pub fields: Vec<ResponseHeader>,
}

/// One declared response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The field, `snake_case`.
    pub field: String,
    /// The header's name as declared (matched without regard to case).
    pub wire_name: String,
    /// Its type: `String`, `Bool`, `I32`, `I64`, `F32` or `F64`, or a `Vec`
    /// of one (a comma-separated list).
    pub ty: Ty,
    /// `required: true`: the field is not an `Option`.
    pub required: bool,
    /// Its documentation.
    pub docs: Docs,
}

/// The body of a success response.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// JSON, decoded into this type.
    Json(Ty),
    /// A `text/*` body, as a `String`.
    Text,
    /// Any other media type, as bytes.
    Bytes,
}

impl ResponseBody {
    /// The JSON type, if the body is JSON.
    pub fn json(&self) -> Option<&Ty> {
        match self {
            Self::Json(ty) => Some(ty),
            Self::Text | Self::Bytes => None,
        }
    }
}

/// Cursor pagination of one operation: send the page's next cursor back as
/// the cursor parameter until there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The setter of the optional cursor query parameter.
    pub cursor_param: String,
    /// The response field holding the next cursor (a `String`).
    pub next_cursor_field: String,
    /// Whether that field is an `Option<String>`.
    pub next_cursor_optional: bool,
    /// The response field holding the page's items (a `Vec`).
    pub items_field: String,
    /// The type of one item.
    pub item: Ty,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl HttpMethod {
    /// Every method, in the order of the keys of an OpenAPI path item.
    pub(crate) const ALL: [Self; 8] = [
        Self::Get,
        Self::Put,
        Self::Post,
        Self::Delete,
        Self::Options,
        Self::Head,
        Self::Patch,
        Self::Trace,
    ];

    /// From the lower-case key of a path item.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.key() == key)
    }

    /// The lower-case key of a path item (`get`).
    pub(crate) fn key(self) -> &'static str {
        self.names().0
    }

    /// The upper-case method name.
    pub fn as_str(self) -> &'static str {
        self.names().1
    }

    fn names(self) -> (&'static str, &'static str) {
        match self {
            Self::Get => ("get", "GET"),
            Self::Put => ("put", "PUT"),
            Self::Post => ("post", "POST"),
            Self::Delete => ("delete", "DELETE"),
            Self::Options => ("options", "OPTIONS"),
            Self::Head => ("head", "HEAD"),
            Self::Patch => ("patch", "PATCH"),
            Self::Trace => ("trace", "TRACE"),
        }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Literal text, sent as it is.
    Literal(String),
    /// The value of the parameter with this Rust name, percent-encoded as
    /// one path segment.
    Param(String),
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust name (argument or setter).
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it travels.
    pub location: Location,
    /// Its type (for a string enum of exactly "true" and "false": `bool`).
    pub ty: Ty,
    /// Whether the caller must give it.
    pub required: bool,
    /// Whether its value is a secret (an API key sent as this parameter):
    /// kept out of `Debug` output.
    pub secret: bool,
    /// The schema's `default`, as written on the wire.
    pub default: Option<String>,
    /// What the schema allows of the value (`minimum`, `maxLength`, ...).
    pub bounds: Bounds,
    /// The setter that takes an `Option` (`set_limit`), for an optional
    /// parameter.
    pub option_setter: Option<String>,
    /// How a list or object value is spelled (query parameters).
    pub style: QueryStyle,
    /// How its value becomes text on the wire, from its type (set by
    /// lowering once the types are final; a list or object query value
    /// that is [`WireText::Joined`] or [`WireText::Serialized`] is spelled
    /// as `style` says instead).
    pub wire_text: WireText,
    /// Its documentation.
    pub docs: Docs,
}

/// What a parameter's schema allows of its value: checked before a request
/// is sent (numbers and lengths) and documented on its setter (all).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bounds {
    /// `minimum` of a number.
    pub minimum: Option<Limit>,
    /// `maximum` of a number.
    pub maximum: Option<Limit>,
    /// `minLength` of a string, in characters.
    pub min_length: Option<usize>,
    /// `maxLength` of a string, in characters.
    pub max_length: Option<usize>,
    /// `pattern` of a string: documented, not checked (the regular
    /// expressions of JSON Schema are ECMA-262's, and checking them would
    /// give every generated crate a regex engine).
    pub pattern: Option<String>,
}

/// One end of a number's range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    /// The value.
    pub value: LimitValue,
    /// `exclusiveMinimum` / `exclusiveMaximum`: the value itself is out.
    pub exclusive: bool,
}

/// The value of a [`Limit`], as the schema's type has it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LimitValue {
    /// Of an `integer`.
    Integer(i64),
    /// Of a `number`.
    Number(f64),
}

/// How a query parameter's list or object value is spelled in the URL
/// (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryStyle {
    /// `form`, exploded (the default): `id=1&id=2`; an object's properties
    /// become pairs of their own.
    #[default]
    FormExploded,
    /// `form`, not exploded: `id=1,2`.
    Form,
    /// `spaceDelimited`: `id=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `id=1|2`.
    PipeDelimited,
    /// `deepObject`: `filter[status]=open`.
    DeepObject,
}

/// How a parameter value becomes the text sent on the wire (path, header,
/// cookie, and scalar query values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireText {
    /// A `String` already: cloned.
    Clone,
    /// Its `Display` text: numbers, booleans, dates, user types.
    Display,
    /// A string enum's `as_str()`.
    EnumStr,
    /// A date-time in RFC 3339.
    Rfc3339,
    /// Serialised with serde: a JSON string as it is (a union of string
    /// types, an untyped value), anything else as JSON text.
    Serialized,
    /// A list: the items' texts joined with commas (`simple` style).
    Joined(Box<WireText>),
}

/// A header every operation sends, set once on the client builder.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientHeader {
    /// The builder setter, `snake_case`.
    pub setter: String,
    /// The header name.
    pub wire_name: String,
    /// The value type.
    pub ty: Ty,
    /// The default value (the schema's `default`), as it goes on the wire.
    pub default: Option<String>,
    /// How its value becomes the header's text (that of the parameters it
    /// stands for).
    pub wire_text: WireText,
    /// Its documentation.
    pub docs: Docs,
}

/// How requests authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Auth {
    /// An HTTP Basic scheme is declared.
    pub basic: bool,
    /// An HTTP Bearer scheme is declared.
    pub bearer: bool,
}
