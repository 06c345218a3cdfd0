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
    /// The requests the API sends to the user's server (webhooks and
    /// callbacks), in document order.
    pub webhooks: Vec<Webhook>,
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

    /// The types used whatever operations are compiled: those of the
    /// client-level headers, the error body and the webhooks' bodies.
    pub fn types_beside_operations(&self) -> impl Iterator<Item = &Ty> {
        (self.client_headers.iter().map(|h| &h.ty))
            .chain(&self.error_body)
            .chain(self.webhooks.iter().filter_map(|w| w.body.as_ref()?.json()))
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

    /// Calls `visit` on every type of the definition and every type they
    /// hold, so that it can rewrite them.
    pub fn for_each_ty_mut(&mut self, visit: &mut dyn FnMut(&mut Ty)) {
        match self {
            Self::Struct(s) => {
                for field in &mut s.fields {
                    field.ty.for_each_mut(visit);
                }
                if let Some(extra) = &mut s.extra {
                    extra.value.for_each_mut(visit);
                }
            }
            Self::Alias(ty) => ty.for_each_mut(visit),
            Self::Union(u) => u.variants.iter_mut().for_each(|v| v.ty.for_each_mut(visit)),
            Self::StringEnum(_) => {}
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
    /// What kind of JSON value the tag is.
    pub tag_type: TagType,
}

/// The JSON kind of a tag property's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagType {
    /// Strings (every declared discriminator, and most implied tags).
    String,
    /// Integers (an implied tag whose values are an integer enum, such as
    /// `type: 4`); the mapping holds their decimal text.
    Integer,
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

    /// Calls `visit` on this type and every type it holds, so that it can
    /// rewrite them.
    pub fn for_each_mut(&mut self, visit: &mut dyn FnMut(&mut Ty)) {
        visit(self);
        if let Self::Vec(inner) | Self::Map(inner) | Self::Boxed(inner) = self {
            inner.for_each_mut(visit);
        }
    }

    /// Pushes the names of the named types this type is or holds.
    pub fn named_types<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Self::Named(name) => out.push(name),
            Self::Vec(inner) | Self::Map(inner) | Self::Boxed(inner) => inner.named_types(out),
            _ => {}
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
    /// The document's tags of the operation, in its order.
    pub tags: Vec<String>,
    /// The operation object it comes from (`#/paths/~1pets/get`).
    pub origin: Pointer,
    /// The security alternatives it is sent with (names of `Api::auth`'s
    /// schemes; all of one alternative are sent together, an empty one
    /// makes credentials optional, none at all sends none); `None` when
    /// the document declares no scheme. Lowering first keeps the
    /// operation's own `security` here, then settles it.
    pub security: Option<Vec<Vec<String>>>,
    /// The `Accept` header it is sent with: the media types its responses
    /// declare (successes first), `None` when they declare none.
    pub accept: Option<String>,
}

impl Operation {
    /// Calls `visit` on every type the operation names (parameters, the
    /// request body, the success body) and every type they hold, so that
    /// it can rewrite them.
    pub fn for_each_ty_mut(&mut self, visit: &mut dyn FnMut(&mut Ty)) {
        for param in &mut self.params {
            param.ty.for_each_mut(visit);
        }
        if let Some(body) = &mut self.body {
            if let BodyEncoding::Json(ty) | BodyEncoding::Form(ty) | BodyEncoding::Multipart(ty) =
                &mut body.encoding
            {
                ty.for_each_mut(visit);
            }
        }
        if let Some(response) = &mut self.response {
            response.for_each_ty_mut(visit);
        }
        if let Some(pagination) = &mut self.pagination {
            pagination.item.for_each_mut(visit);
        }
    }
}

impl Operation {
    /// The types the operation names itself: its parameters', its request
    /// body's and its success body's.
    pub fn types(&self) -> Vec<&Ty> {
        let mut types: Vec<&Ty> = self.params.iter().map(|p| &p.ty).collect();
        if let Some(body) = &self.body
            && let BodyEncoding::Json(ty) | BodyEncoding::Form(ty) | BodyEncoding::Multipart(ty) =
                &body.encoding
        {
            types.push(ty);
        }
        if let Some(response) = &self.response {
            types.extend(response.json_types());
        }
        types
    }
}

/// Every named type of `types` that `roots` lead to, through the types they
/// hold and the fields, values and alternatives of the types they name.
pub fn reached_types<'a>(
    types: &[TypeDef],
    roots: impl IntoIterator<Item = &'a Ty>,
) -> std::collections::BTreeSet<String> {
    let mut stack: Vec<&str> = Vec::new();
    for root in roots {
        root.named_types(&mut stack);
    }
    let mut reached = std::collections::BTreeSet::new();
    while let Some(name) = stack.pop() {
        if reached.contains(name) {
            continue;
        }
        reached.insert(name.to_owned());
        let Some(def) = find_type(types, name) else {
            continue;
        };
        match &def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| f.ty.named_types(&mut stack));
                if let Some(extra) = &s.extra {
                    extra.value.named_types(&mut stack);
                }
            }
            TypeKind::Alias(ty) => ty.named_types(&mut stack),
            TypeKind::Union(u) => u.variants.iter().for_each(|v| v.ty.named_types(&mut stack)),
            TypeKind::StringEnum(_) => {}
        }
    }
    reached
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
    /// Any other media type, as bytes (whole, or as a stream of chunks).
    Bytes,
    /// `text/event-stream`: server-sent events, their data decoded as JSON
    /// of this type, or raw text when the description gives no schema.
    Events(Option<Ty>),
    /// One JSON value after another (NDJSON, JSON Lines, JSON text
    /// sequences, or an OpenAPI 3.2 `itemSchema`), each decoded as the type
    /// as it arrives.
    JsonItems(Ty, ItemFraming),
    /// Success statuses that declare different bodies: an enum of them,
    /// the variant chosen by the status.
    ByStatus(StatusBodies),
}

/// How a body of JSON items separates them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemFraming {
    /// One item a line (`application/x-ndjson`, `application/jsonl`).
    Lines,
    /// RFC 7464 record separators (`application/json-seq`).
    RecordSeparator,
}

impl ResponseBody {
    /// The JSON type, if the body is JSON read whole (one type for every
    /// status).
    pub fn json(&self) -> Option<&Ty> {
        match self {
            Self::Json(ty) => Some(ty),
            Self::Text
            | Self::Bytes
            | Self::Events(_)
            | Self::JsonItems(..)
            | Self::ByStatus(_) => None,
        }
    }

    /// Calls `visit` on every type the body's JSON decodes into (one, one
    /// per variant of a [`StatusBodies`], or each item's) and every type
    /// they hold, so that it can rewrite them.
    pub fn for_each_ty_mut(&mut self, visit: &mut dyn FnMut(&mut Ty)) {
        match self {
            Self::Json(ty) | Self::Events(Some(ty)) | Self::JsonItems(ty, _) => {
                ty.for_each_mut(visit)
            }
            Self::ByStatus(by_status) => {
                for variant in &mut by_status.variants {
                    if let Some(WholeBody::Json(ty)) = &mut variant.body {
                        ty.for_each_mut(visit);
                    }
                }
            }
            Self::Text | Self::Bytes | Self::Events(None) => {}
        }
    }

    /// Every type a success's JSON may be decoded into: the body's, each
    /// item's of a stream, or one per variant of a [`StatusBodies`].
    pub fn json_types(&self) -> Vec<&Ty> {
        match self {
            Self::ByStatus(by_status) => (by_status.variants.iter())
                .filter_map(|v| v.body.as_ref().and_then(WholeBody::json))
                .collect(),
            other => other.value_type().into_iter().collect(),
        }
    }

    /// The type the body (or each of its items) decodes into, if it is one
    /// JSON type.
    pub fn value_type(&self) -> Option<&Ty> {
        match self {
            Self::Json(ty) | Self::Events(Some(ty)) | Self::JsonItems(ty, _) => Some(ty),
            Self::Text | Self::Bytes | Self::Events(None) | Self::ByStatus(_) => None,
        }
    }

    /// Whether the body is read as it arrives, a stream of items.
    pub fn is_stream(&self) -> bool {
        matches!(self, Self::Events(_) | Self::JsonItems(..))
    }
}

/// An enum of the bodies of an operation whose success statuses declare
/// different ones (`201` an object, `207` another): decoded as the variant
/// its status picks, never by trying shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusBodies {
    /// The enum's name, `UpperCamelCase` (`{Builder}Output`, unique among
    /// the builders and their other items).
    pub name: String,
    /// One variant per distinct body, ordered by the first status each
    /// covers (exact codes before the `2XX` range).
    pub variants: Vec<StatusVariant>,
}

/// One variant of a [`StatusBodies`] enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// The Rust variant name (from its status, `Created`, or its body
    /// type when it covers several statuses).
    pub name: String,
    /// The statuses it covers, in document order.
    pub statuses: Vec<SuccessStatus>,
    /// Its body; `None` for a status without one (a unit variant).
    pub body: Option<WholeBody>,
    /// The descriptions of its responses.
    pub docs: Docs,
}

impl StatusVariant {
    /// The status a mock answers this variant with: its first exact code,
    /// or for the `2XX` range the lowest 2xx code no other variant takes.
    pub fn reply_status(&self, all: &[StatusVariant]) -> u16 {
        if let Some(code) = self.statuses.iter().find_map(|s| match s {
            SuccessStatus::Code(code) => Some(*code),
            SuccessStatus::Range => None,
        }) {
            return code;
        }
        let taken = |code: u16| {
            all.iter()
                .flat_map(|v| &v.statuses)
                .any(|s| *s == SuccessStatus::Code(code))
        };
        (200..300).find(|code| !taken(*code)).unwrap_or(200)
    }
}

/// A success status of a response: one code, or the `2XX` range (every
/// code no other response declares).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SuccessStatus {
    /// One code, `201`.
    Code(u16),
    /// `2XX`.
    Range,
}

impl SuccessStatus {
    /// The status as the document writes it (`201`, `2XX`).
    pub fn text(self) -> String {
        match self {
            Self::Code(code) => code.to_string(),
            Self::Range => "2XX".to_owned(),
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

/// A request the API sends to the user's server: a webhook (OpenAPI 3.1
/// `webhooks`) or a callback of an operation (`callbacks`).
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The event's name: its key in the document (made unique with the
    /// operation it belongs to, or its method, when another has it).
    pub event: String,
    /// The variant of `WebhookEvent` it decodes into.
    pub variant: String,
    /// The method it arrives with.
    pub method: HttpMethod,
    /// Its body: JSON into a type, text, or bytes; `None` without one.
    pub body: Option<WholeBody>,
    /// Its documentation.
    pub docs: Docs,
    /// The operation object it comes from (`#/webhooks/newPet/post`).
    pub origin: Pointer,
}

/// A body read whole: a [`Webhook`]'s, or one variant's of a
/// [`StatusBodies`].
#[derive(Debug, Clone, PartialEq)]
pub enum WholeBody {
    /// JSON, decoded into this type.
    Json(Ty),
    /// A `text/*` body, as a `String`.
    Text,
    /// Any other media type, as bytes.
    Bytes,
}

impl WholeBody {
    /// The JSON type, if the body is JSON.
    pub fn json(&self) -> Option<&Ty> {
        match self {
            Self::Json(ty) => Some(ty),
            Self::Text | Self::Bytes => None,
        }
    }

    /// The success body `body` when it is read whole; `None` for a stream
    /// or an enum by status.
    pub fn of(body: ResponseBody) -> Option<Self> {
        match body {
            ResponseBody::Json(ty) => Some(Self::Json(ty)),
            ResponseBody::Text => Some(Self::Text),
            ResponseBody::Bytes => Some(Self::Bytes),
            ResponseBody::Events(_) | ResponseBody::JsonItems(..) | ResponseBody::ByStatus(_) => {
                None
            }
        }
    }
}

/// How requests authenticate: the document's security schemes that some
/// operation uses, each a client builder setting.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Auth {
    /// The schemes, in the order of `components/securitySchemes`.
    pub schemes: Vec<SecurityScheme>,
    /// The document declares no security scheme: the client offers
    /// `basic_auth` and `bearer_auth`, sent with every request.
    pub undeclared: bool,
}

/// One security scheme and the setting that gives its credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name in `components/securitySchemes`.
    pub name: String,
    /// The client builder setting, `snake_case`.
    pub setter: String,
    /// What it sends, and where.
    pub kind: SchemeKind,
    /// Its `description`.
    pub description: Option<String>,
    /// Where it is declared.
    pub origin: Pointer,
}

/// What a security scheme sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// HTTP Basic: a user name and a password.
    Basic,
    /// `Authorization: <scheme> <credentials>`: `Bearer`, or another HTTP
    /// authentication scheme (as the document spells it).
    Authorization {
        /// The scheme's word in the header.
        scheme: String,
    },
    /// An API key in a header, the query or a cookie.
    ApiKey {
        /// Where it goes (`Header`, `Query` or `Cookie`).
        location: Location,
        /// The header, query or cookie name.
        name: String,
    },
    /// Bearer tokens from a token source: OAuth2 and OpenID Connect.
    Token {
        /// The client credentials flow, when the scheme declares it.
        client_credentials: Option<ClientCredentialsFlow>,
    },
}

/// An OAuth2 client credentials flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentialsFlow {
    /// The setting that takes a client id and secret, `snake_case`.
    pub setter: String,
    /// The `tokenUrl`.
    pub token_url: String,
    /// The scopes the operations ask for, in document order.
    pub scopes: Vec<String>,
}
