//! Operations: path items and their methods lowered to `ir::Operation`s, with
//! parameters merged from path and operation level, ordered so that required
//! ones become method arguments, and typed through the type table.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    OpenAPI, Operation as OaOperation, Parameter, ParameterData, ParameterSchemaOrContent,
    PathItem, ReferenceOr, Response, Responses, StatusCode,
};

use super::bounds;
use super::example_checks::ExampleChecks;
use super::examples;
use super::headers;
use super::pagination::{self, PaginationNames};
use super::resolve::Resolver;
use super::status_bodies;
use super::streams;
use super::types::TypeTable;
use crate::diagnostics::{Diagnostic, Pointer};
use crate::filter::OperationFilter;
use crate::ir::{
    BodyEncoding, Bounds, Docs, HttpMethod, Location, Operation, Param, PathSegment, QueryStyle,
    RequestBody, ResponseBody, ResponseHeader, ResponseHeaders, SuccessStatus, Ty, TypeDef,
    TypeKind, WireText, find_type, resolve_alias,
};
use crate::naming::{
    BUILDER_METHODS, CLIENT_METHODS, Scope, snake_ident, type_ident, upper_camel_case,
};

/// What an operation answers: its success (body, example, declared
/// headers) and the types of its error bodies.
#[derive(Default)]
struct Answers {
    body: Option<ResponseBody>,
    example: Option<serde_json::Value>,
    headers: Vec<ResponseHeader>,
    errors: BTreeSet<Ty>,
    /// The media types of every response, successes first, each once.
    media_types: Vec<String>,
}

/// An operation together with the types of its error bodies.
pub struct Lowered {
    /// The operation, to be completed by [`Lowered::finish`].
    pub operation: Operation,
    /// The JSON body types of its 4XX, 5XX and `default` responses.
    pub error_bodies: BTreeSet<Ty>,
    /// The names cursor pagination would use (`x-pagination` or the defaults).
    pub pagination_names: PaginationNames,
}

impl Lowered {
    /// Names the types that replaced merged inline types (see
    /// `types::Finished::shared`).
    pub fn share_types(&mut self, shared: &BTreeMap<String, String>) {
        if shared.is_empty() {
            return;
        }
        self.operation
            .for_each_ty_mut(&mut |ty| super::types::rename(ty, shared));
        self.error_bodies = std::mem::take(&mut self.error_bodies)
            .into_iter()
            .map(|mut ty| {
                ty.for_each_mut(&mut |inner| super::types::rename(inner, shared));
                ty
            })
            .collect();
    }

    /// The operation, completed once the type table is finished (`types`,
    /// sorted by name): the wire text of each parameter, and the pagination.
    pub fn finish(self, types: &[TypeDef]) -> Operation {
        let mut operation = self.operation;
        for param in &mut operation.params {
            param.wire_text = wire_text(types, &param.ty);
        }
        let pagination = pagination::recognise(&operation, &self.pagination_names, types);
        Operation {
            pagination,
            ..operation
        }
    }
}

/// The `Accept` header of an operation whose responses declare these media
/// types: each once, in order, joined with commas; those that are not
/// printable ASCII (no header could carry them) left out; `None` when none
/// is left.
fn accept_header(media_types: &[String]) -> Option<String> {
    let mut listed: Vec<&str> = Vec::new();
    for media in media_types {
        let media = media.trim();
        let printable = !media.is_empty() && media.bytes().all(|b| (b' '..=b'~').contains(&b));
        if printable && !listed.iter().any(|seen| seen.eq_ignore_ascii_case(media)) {
            listed.push(media);
        }
    }
    (!listed.is_empty()).then(|| listed.join(", "))
}

/// How values of `ty` are written on the wire, looking through the aliases
/// and string enums of `types` (sorted by name).
fn wire_text(types: &[TypeDef], ty: &Ty) -> WireText {
    match resolve_alias(types, ty) {
        Ty::String => WireText::Clone,
        Ty::DateTime => WireText::Rfc3339,
        Ty::Bool
        | Ty::I32
        | Ty::I64
        | Ty::F32
        | Ty::F64
        | Ty::Date
        | Ty::UnixTime(_)
        | Ty::Custom(_) => WireText::Display,
        Ty::Vec(item) => WireText::Joined(Box::new(wire_text(types, item))),
        Ty::Named(name)
            if find_type(types, name)
                .is_some_and(|t| matches!(t.kind, TypeKind::StringEnum(_))) =>
        {
            WireText::EnumStr
        }
        // no parameter is a file (only multipart body fields are)
        Ty::Named(_) | Ty::Map(_) | Ty::Boxed(_) | Ty::Json | Ty::File => WireText::Serialized,
    }
}

/// Lowers operations, sharing one type table and one method-name scope.
pub struct OperationLowering<'t, 'a> {
    resolver: Resolver<'a>,
    types: &'t mut TypeTable<'a>,
    secret_query_params: BTreeSet<String>,
    method_names: Scope,
    builder_names: Scope,
    examples: ExampleChecks,
}

impl<'t, 'a> OperationLowering<'t, 'a> {
    /// A lowering whose query parameters named in `secret_query_params` are
    /// kept out of `Debug` output.
    pub fn new(
        resolver: Resolver<'a>,
        types: &'t mut TypeTable<'a>,
        secret_query_params: BTreeSet<String>,
    ) -> Self {
        Self {
            resolver,
            types,
            secret_query_params,
            method_names: Scope::with_reserved(CLIENT_METHODS.iter().copied()),
            builder_names: Scope::default(),
            examples: ExampleChecks::default(),
        }
    }

    /// The examples of the request and success bodies lowered so far.
    pub fn take_examples(&mut self) -> ExampleChecks {
        std::mem::take(&mut self.examples)
    }

    /// Every operation of the document, in document order.
    pub fn lower_all(
        &mut self,
        api: &OpenAPI,
        filter: &OperationFilter,
        errors: &mut Vec<Diagnostic>,
    ) -> Vec<Lowered> {
        let mut lowered = Vec::new();
        for (path, item) in &api.paths.paths {
            let at = Pointer::root().join("paths").join(path);
            let item = match self.resolver.deref(item) {
                Ok(item) => item,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            for (method, operation) in path_operations(&item) {
                if !filter.matches(path, &operation.tags, operation.operation_id.as_deref()) {
                    continue;
                }
                match self.lower_one(path, method, &item, operation, &at) {
                    Ok(op) => lowered.push(op),
                    Err(mut found) => errors.append(&mut found),
                }
            }
        }
        self.name_response_headers(&mut lowered);
        lowered
    }

    /// Names each declared-headers struct `{Builder}Headers` and each enum
    /// of bodies by status `{Builder}Output`, after every builder has its
    /// name (so that no builder's name depends on them).
    fn name_response_headers(&mut self, lowered: &mut [Lowered]) {
        for op in lowered.iter_mut().map(|l| &mut l.operation) {
            if let Some(headers) = &mut op.response_headers {
                headers.name = self
                    .builder_names
                    .claim(format!("{}Headers", op.builder_name));
            }
            if let Some(ResponseBody::ByStatus(by_status)) = &mut op.response {
                by_status.name = self
                    .builder_names
                    .claim(format!("{}Output", op.builder_name));
            }
        }
    }

    fn lower_one(
        &mut self,
        path: &str,
        method: HttpMethod,
        item: &PathItem,
        op: &OaOperation,
        path_at: &Pointer,
    ) -> Result<Lowered, Vec<Diagnostic>> {
        let at = &path_at.join(method.key());
        let base_name = operation_name(op, method, path);
        let method_name = self.method_names.claim(snake_ident(&base_name));
        let builder_name = self.builder_names.claim(type_ident(&base_name));
        let params = self.params(item, op, &builder_name, path_at, at)?;
        let params = self.reconcile_path_params(path, params, at);
        let path_segments = path_segments(path, &params, at)?;
        let answers = self.responses(&op.responses, &builder_name, &at.join("responses"));
        let body = self.request_body(op, &builder_name, at);
        let pagination_names = PaginationNames::of(op);
        self.warn_unpaged(&answers, &params, &pagination_names, at);
        let operation = Operation {
            method_name,
            builder_name,
            http_method: method,
            path_template: path.to_owned(),
            path: path_segments,
            params: order_params(params, path),
            body,
            response: answers.body,
            // named once every builder has its name (`name_response_headers`)
            response_headers: (!answers.headers.is_empty()).then(|| ResponseHeaders {
                name: String::new(),
                fields: answers.headers,
            }),
            example: answers.example,
            docs: Docs {
                summary: op.summary.clone(),
                description: op.description.clone(),
            },
            deprecated: op.deprecated,
            pagination: None,
            tags: op.tags.clone(),
            origin: at.clone(),
            // settled with the document's default by `security::settle`
            security: op.security.as_ref().map(|alternatives| {
                let names = |requirement: &openapiv3::SecurityRequirement| {
                    requirement.keys().cloned().collect()
                };
                alternatives.iter().map(names).collect()
            }),
            accept: accept_header(&answers.media_types),
        };
        Ok(Lowered {
            operation,
            error_bodies: answers.errors,
            pagination_names,
        })
    }

    /// Warns that an operation with a cursor parameter and bodies by status
    /// gets no page stream: `into_stream` follows one page type.
    fn warn_unpaged(
        &mut self,
        answers: &Answers,
        params: &[Param],
        names: &PaginationNames,
        at: &Pointer,
    ) {
        let Some(ResponseBody::ByStatus(_)) = &answers.body else {
            return;
        };
        if params
            .iter()
            .any(|p| p.location == Location::Query && p.wire_name == names.cursor_param)
        {
            self.types.push_warning(
                Diagnostic::warning(
                    at,
                    format!(
                        "the success statuses declare different bodies, so `{}` is not followed as a page cursor (no `into_stream`)",
                        names.cursor_param
                    ),
                )
                .with_hint("declare one body for every 2XX status to page through it"),
            );
        }
    }

    /// Makes the path parameters match the template: a `{name}` without a
    /// declaration gets a required string parameter, a declared path
    /// parameter missing from the template is dropped; both with a warning.
    fn reconcile_path_params(
        &mut self,
        path: &str,
        mut params: Vec<Param>,
        at: &Pointer,
    ) -> Vec<Param> {
        let template = template_names(path);
        params.retain(|p| {
            let keep = p.location != Location::Path || template.contains(&p.wire_name.as_str());
            if !keep {
                self.types.push_warning(
                    Diagnostic::warning(
                        at,
                        format!(
                            "path parameter `{}` does not appear in `{path}`; ignored",
                            p.wire_name
                        ),
                    )
                    .with_hint(format!(
                        "add `{{{}}}` to the path, or declare it `in: query`",
                        p.wire_name
                    )),
                );
            }
            keep
        });
        let mut names = Scope::with_reserved(params.iter().map(|p| p.name.as_str()));
        for wire in template {
            if params
                .iter()
                .any(|p| p.location == Location::Path && p.wire_name == wire)
            {
                continue;
            }
            self.types.push_warning(
                Diagnostic::warning(at, format!("path parameter `{wire}` of `{path}` is not declared; taken as a required string"))
                    .with_hint(format!("add `- {{name: {wire}, in: path, required: true, schema: {{type: string}}}}`")),
            );
            params.push(Param {
                name: names.claim(snake_ident(wire)),
                wire_name: wire.to_owned(),
                location: Location::Path,
                ty: Ty::String,
                required: true,
                secret: false,
                default: None,
                bounds: Bounds::default(),
                option_setter: None,
                style: QueryStyle::default(),
                wire_text: WireText::Clone,
                docs: Docs::default(),
            });
        }
        params
    }

    /// Path-level parameters overridden by operation-level ones of the same
    /// name and location.
    fn params(
        &mut self,
        item: &PathItem,
        op: &OaOperation,
        builder: &str,
        path_at: &Pointer,
        op_at: &Pointer,
    ) -> Result<Vec<Param>, Vec<Diagnostic>> {
        let mut merged: Vec<(Parameter, Pointer)> = Vec::new();
        let mut errors = Vec::new();
        let path_level = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, path_at.join("parameters").join(i)));
        let op_level = op
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, op_at.join("parameters").join(i)));
        for (param, place) in path_level.chain(op_level) {
            match self.resolver.deref(param) {
                Ok(param) => {
                    let param = param.into_owned();
                    merged.retain(|(p, _)| !same_param(p, &param));
                    merged.push((param, place));
                }
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut names = Scope::with_reserved(BUILDER_METHODS.iter().copied());
        let mut params: Vec<Param> = merged
            .into_iter()
            .map(|(param, place)| self.param(&param, builder, &place, &mut names))
            .collect();
        // after every parameter has its name, so that none of them is renamed
        for param in params.iter_mut().filter(|p| !p.required) {
            let bare = param.name.trim_start_matches("r#");
            param.option_setter = Some(names.claim(format!("set_{bare}")));
        }
        Ok(params)
    }

    fn param(
        &mut self,
        param: &Parameter,
        builder: &str,
        at: &Pointer,
        names: &mut Scope,
    ) -> Param {
        let (location, data) = location_and_data(param);
        let context = format!("{builder}{}", upper_camel_case(&data.name));
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.types.lower(schema, &context, &at.join("schema")).ty
            }
            ParameterSchemaOrContent::Content(_) => Ty::String,
        };
        let (default, bounds) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                (self.default_of(schema), bounds::of(&self.resolver, schema))
            }
            ParameterSchemaOrContent::Content(_) => (None, Bounds::default()),
        };
        // only strings are kept as secrets (a numeric "token" stays a number)
        let secret = ty == Ty::String
            && ((location == Location::Query && self.secret_query_params.contains(&data.name))
                || looks_secret(&data.name));
        Param {
            name: names.claim(snake_ident(&data.name)),
            wire_name: data.name.clone(),
            location,
            ty,
            required: data.required || location == Location::Path,
            secret,
            default,
            bounds,
            option_setter: None,
            style: query_style(param),
            // set by `Lowered::finish`, once the types are final
            wire_text: WireText::Clone,
            docs: Docs {
                summary: None,
                description: data.description.clone(),
            },
        }
    }

    /// The schema's `default`, as it would be written on the wire.
    fn default_of(&self, schema: &ReferenceOr<openapiv3::Schema>) -> Option<String> {
        let schema = self.resolver.deref(schema).ok()?;
        match schema.schema_data.default.as_ref()? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// The request body: JSON when offered, else form, multipart form,
    /// text or bytes.
    fn request_body(
        &mut self,
        op: &OaOperation,
        builder: &str,
        at: &Pointer,
    ) -> Option<RequestBody> {
        let at = at.join("requestBody");
        let place = place(op.request_body.as_ref()?, &at);
        let body = match self.resolver.deref(op.request_body.as_ref()?) {
            Ok(body) => body,
            Err(error) => {
                self.types.push_warning(error);
                return None;
            }
        };
        let context = format!("{builder}Body");
        let pick = |wanted: fn(&str) -> bool| body.content.iter().find(|(media, _)| wanted(media));
        let encoding = if let Some((media, content)) = pick(is_json) {
            let ty = self.body_type(content, &context, &at.join("content").join(media));
            let resolver = self.resolver;
            (self.examples).media(&resolver, (media, content), &ty, &place);
            BodyEncoding::Json(ty)
        } else if let Some((media, content)) = pick(is_form) {
            BodyEncoding::Form(self.body_type(content, &context, &at.join("content").join(media)))
        } else if let Some((media, content)) = pick(is_form_data) {
            self.form_data(media, content, &context, &at.join("content").join(media))
        } else if let Some((media, _)) = pick(is_text) {
            BodyEncoding::Text(media.clone())
        } else {
            let (media, _) = body.content.iter().next()?;
            if essence(media).starts_with("multipart/") {
                self.types.push_warning(
                    Diagnostic::warning(
                        &at,
                        format!("`{media}` bodies are sent as bytes the caller encodes: only `multipart/form-data` bodies are typed"),
                    )
                    .with_hint("build the multipart body yourself and pass its bytes; the content type is sent as written, without a `boundary` parameter"),
                );
            }
            BodyEncoding::Bytes(media.clone())
        };
        Some(RequestBody {
            encoding,
            required: body.required,
            docs: Docs {
                summary: None,
                description: body.description.clone(),
            },
        })
    }

    /// A `multipart/form-data` body: the fields of its object are the parts,
    /// binary ones files. Without an object with properties there is nothing
    /// to make parts of: bytes the caller encodes, with a warning.
    fn form_data(
        &mut self,
        media: &str,
        content: &openapiv3::MediaType,
        context: &str,
        at: &Pointer,
    ) -> BodyEncoding {
        if let Some(form) = self.types.lower_form(content, context, at) {
            return BodyEncoding::Multipart(form);
        }
        self.types.push_warning(
            Diagnostic::warning(
                at,
                format!("`{media}` bodies are sent as bytes the caller encodes: the schema is no object with properties to send as parts"),
            )
            .with_hint("give the body `type: object` and `properties` (a `format: binary` property is a file); or build the body yourself and pass its bytes"),
        );
        BodyEncoding::Bytes(media.to_owned())
    }

    fn body_type(&mut self, content: &openapiv3::MediaType, context: &str, at: &Pointer) -> Ty {
        match &content.schema {
            Some(schema) => self.types.lower(schema, context, &at.join("schema")).ty,
            None => Ty::Json,
        }
    }

    /// The success: its body (the one all 2xx responses share, else an
    /// enum of theirs, see `status_bodies`); the example and declared
    /// headers of the lowest 2xx code; and the JSON types of the error
    /// bodies (4xx, 5xx, `default`).
    fn responses(&mut self, responses: &Responses, builder: &str, at: &Pointer) -> Answers {
        let mut best: Option<(u16, Answers)> = None;
        let mut successes = Vec::new();
        let mut schemas = Vec::new();
        let mut errors = BTreeSet::new();
        let (mut success_media, mut error_media) = (Vec::new(), Vec::new());
        let entries = responses
            .responses
            .iter()
            .map(|(code, r)| (Some(code), r))
            .chain(responses.default.iter().map(|r| (None, r)));
        for (code, response) in entries {
            let key = code.map_or_else(|| "default".to_owned(), ToString::to_string);
            let at = at.join(&key);
            let place = place(response, &at);
            let response = match self.resolver.deref(response) {
                Ok(response) => response,
                Err(error) => {
                    self.types.push_warning(error);
                    continue;
                }
            };
            let context = format!("{builder}Response");
            let media = if code.is_some_and(|code| class_of(code).0 == 2) {
                &mut success_media
            } else {
                &mut error_media
            };
            media.extend(response.content.keys().cloned());
            match code.map(|code| (code, class_of(code))) {
                Some((code, (2, rank))) => {
                    let lowest = best.as_ref().is_none_or(|(b, ..)| rank < *b);
                    // the lowest code's inline body keeps the name it always had
                    let context = if lowest {
                        context
                    } else {
                        format!("{context}{key}")
                    };
                    let body = self.success_body(&response, &context, &at, &mut schemas);
                    if let (Some(ResponseBody::Json(ty)), Some(json)) = (
                        &body,
                        response.content.iter().find(|(media, _)| is_json(media)),
                    ) {
                        (self.examples).media(&self.resolver, json, ty, &place);
                    }
                    successes.push(status_bodies::Success {
                        status: match code {
                            StatusCode::Code(n) => SuccessStatus::Code(*n),
                            StatusCode::Range(_) => SuccessStatus::Range,
                        },
                        rank,
                        body,
                        description: response.description.clone(),
                    });
                    if lowest {
                        best = Some((rank, self.success_extras(&response, &at)));
                    }
                }
                Some((_, (4 | 5, _))) | None => {
                    if let Some(ResponseBody::Json(ty)) =
                        self.response_body(&response, &context, &at)
                    {
                        errors.insert(ty);
                    }
                }
                _ => {}
            }
        }
        let (_, best) = best.unwrap_or_default();
        let (body, shadowed) = status_bodies::body(successes);
        if let Some(message) = shadowed {
            (self.types).push_warning(Diagnostic::warning(at.clone(), message));
        }
        success_media.append(&mut error_media);
        Answers {
            body,
            errors,
            media_types: success_media,
            ..best
        }
    }

    /// A success's example (when JSON) and declared headers.
    fn success_extras(&mut self, response: &Response, at: &Pointer) -> Answers {
        let example = (response.content.iter())
            .find(|(media, _)| is_json(media))
            .and_then(|(_, content)| examples::of_media(&self.resolver, content));
        let mut warnings = Vec::new();
        let headers = headers::declared(&self.resolver, response, at, &mut warnings);
        warnings
            .into_iter()
            .for_each(|w| self.types.push_warning(w));
        Answers {
            example,
            headers,
            ..Answers::default()
        }
    }

    /// A success's body; a JSON schema equal to one another success of the
    /// operation declared (in `seen`) is that one's type, not a new one.
    fn success_body(
        &mut self,
        response: &Response,
        context: &str,
        at: &Pointer,
        seen: &mut Vec<(ReferenceOr<openapiv3::Schema>, Ty)>,
    ) -> Option<ResponseBody> {
        let schema = (response.content.iter())
            .find(|(media, _)| is_json(media))
            .and_then(|(_, content)| content.schema.as_ref());
        if let Some((_, ty)) = schema.and_then(|schema| seen.iter().find(|(s, _)| s == schema)) {
            return Some(ResponseBody::Json(ty.clone()));
        }
        let body = self.response_body(response, context, at);
        if let (Some(schema), Some(ResponseBody::Json(ty))) = (schema, &body) {
            seen.push((schema.clone(), ty.clone()));
        }
        body
    }

    fn response_body(
        &mut self,
        response: &Response,
        context: &str,
        at: &Pointer,
    ) -> Option<ResponseBody> {
        if let Some((media, content)) = response.content.iter().find(|(media, _)| is_json(media)) {
            let at = at.join("content").join(media);
            return Some(ResponseBody::Json(self.body_type(content, context, &at)));
        }
        let streamed = (response.content.iter())
            .find_map(|(media, content)| Some((media, content, streams::kind(media)?)));
        if let Some((media, content, kind)) = streamed {
            let at = at.join("content").join(media);
            let item = (content.schema.is_some()).then(|| self.body_type(content, context, &at));
            return Some(streams::body(kind, item));
        }
        let (media, _) = response.content.iter().next()?;
        Some(if is_text(media) {
            ResponseBody::Text
        } else {
            ResponseBody::Bytes
        })
    }
}

/// The operations of a path item, in the order of [`HttpMethod::ALL`].
pub(super) fn path_operations(item: &PathItem) -> impl Iterator<Item = (HttpMethod, &OaOperation)> {
    item.iter()
        .filter_map(|(key, op)| HttpMethod::from_key(key).map(|method| (method, op)))
}

/// The `operationId`, or a name made from the method and the path:
/// the path's literal segments, each singular when a parameter follows it,
/// after a verb that says what a REST call of that shape does:
/// `GET /customer_groups` -> `list_customer_groups`,
/// `GET /customer_groups/{id}` -> `get_customer_group`,
/// `POST /orders` -> `create_order` (a plural collection; `POST
/// /orders/{id}/cancel` stays `post_order_cancel`), `PUT|PATCH /orders/{id}` -> `update_order`,
/// `DELETE /orders/{id}` -> `delete_order`,
/// `GET /products/{id}/variants` -> `list_product_variants`;
/// other shapes keep the HTTP method as the verb.
pub fn operation_name(op: &OaOperation, method: HttpMethod, path: &str) -> String {
    if let Some(id) = op
        .operation_id
        .as_deref()
        .filter(|id| !id.trim().is_empty())
    {
        return id.to_owned();
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let is_param = |s: &str| s.starts_with('{') && s.ends_with('}');
    let ends_in_param = segments.last().is_some_and(|s| is_param(s));
    let words: Vec<String> = segments
        .iter()
        .enumerate()
        .filter(|(_, s)| !is_param(s))
        .map(|(i, s)| {
            let followed_by_param = segments.get(i + 1).is_some_and(|next| is_param(next));
            if followed_by_param {
                singular(s)
            } else {
                (*s).to_owned()
            }
        })
        .collect();
    let verb = match (method, ends_in_param) {
        (HttpMethod::Get, false) => "list",
        (HttpMethod::Get, true) => "get",
        (HttpMethod::Post, false) if words.last().is_none_or(|w| w.ends_with('s')) => "create",
        (HttpMethod::Put | HttpMethod::Patch, true) => "update",
        (HttpMethod::Delete, true) => "delete",
        (other, _) => return format!("{} {}", other.as_str().to_lowercase(), words.join(" ")),
    };
    let words = if verb == "create" {
        let mut words = words;
        if let Some(last) = words.last_mut() {
            *last = singular(last);
        }
        words
    } else {
        words
    };
    format!("{verb} {}", words.join(" "))
}

/// A plural English noun made singular, by the common rules.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if ["sses", "shes", "ches", "xes"]
        .iter()
        .any(|end| word.ends_with(end))
    {
        word.get(..word.len() - 2).unwrap_or(word).to_owned()
    } else if word.ends_with('s') && !word.ends_with("ss") && word.len() > 1 {
        word.get(..word.len() - 1).unwrap_or(word).to_owned()
    } else {
        word.to_owned()
    }
}

fn location_and_data(param: &Parameter) -> (Location, &ParameterData) {
    match param {
        Parameter::Query { parameter_data, .. } => (Location::Query, parameter_data),
        Parameter::Header { parameter_data, .. } => (Location::Header, parameter_data),
        Parameter::Path { parameter_data, .. } => (Location::Path, parameter_data),
        Parameter::Cookie { parameter_data, .. } => (Location::Cookie, parameter_data),
    }
}

/// The spelling of a query parameter's lists and objects; `explode`
/// defaults to true for `form` and matters only there.
fn query_style(param: &Parameter) -> QueryStyle {
    match param {
        Parameter::Query {
            style,
            parameter_data,
            ..
        } => match style {
            openapiv3::QueryStyle::Form if parameter_data.explode == Some(false) => {
                QueryStyle::Form
            }
            openapiv3::QueryStyle::Form => QueryStyle::FormExploded,
            openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
            openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
            openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
        },
        _ => QueryStyle::default(),
    }
}

fn same_param(a: &Parameter, b: &Parameter) -> bool {
    let (la, da) = location_and_data(a);
    let (lb, db) = location_and_data(b);
    la == lb && da.name == db.name
}

/// Splits a path template into literal text and parameters.
fn path_segments(
    path: &str,
    params: &[Param],
    at: &Pointer,
) -> Result<Vec<PathSegment>, Vec<Diagnostic>> {
    let mut segments = Vec::new();
    let mut errors = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let (literal, after) = rest.split_at(open);
        if !literal.is_empty() {
            segments.push(PathSegment::Literal(literal.to_owned()));
        }
        let Some(close) = after.find('}') else {
            errors.push(Diagnostic::error(
                at,
                format!("unclosed `{{` in path template `{path}`"),
            ));
            break;
        };
        let wire = after.get(1..close).unwrap_or_default();
        match params
            .iter()
            .find(|p| p.location == Location::Path && p.wire_name == wire)
        {
            Some(param) => segments.push(PathSegment::Param(param.name.clone())),
            None => errors.push(
                Diagnostic::error(
                    at,
                    format!("path parameter `{wire}` is in the template but not declared"),
                )
                .with_hint(format!(
                    "add a parameter with `name: {wire}` and `in: path`"
                )),
            ),
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_owned()));
    }
    if errors.is_empty() {
        Ok(segments)
    } else {
        Err(errors)
    }
}

/// Parameter names that carry credentials whatever the document says
/// (Rutter's own document declares no security scheme for `access_token`):
/// `token`, `authorization`, and names ending in `api_key`, `api_token`,
/// `access_token`, `password` or `secret`, case, `-` and `_` aside, with or
/// without an `X-` prefix. Page tokens and the like are not secrets.
fn looks_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase().replace(['-', '_'], "");
    let name = name
        .strip_prefix('x')
        .filter(|rest| looks_secret_bare(rest))
        .unwrap_or(&name);
    looks_secret_bare(name)
}

fn looks_secret_bare(name: &str) -> bool {
    matches!(name, "token" | "authorization")
        || ["apikey", "apitoken", "accesstoken", "password", "secret"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

/// The parameter names in a path template, in order.
fn template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Required parameters first (path ones in template order), then optional
/// ones, each group otherwise in document order.
fn order_params(mut params: Vec<Param>, path: &str) -> Vec<Param> {
    let template_position = |p: &Param| match p.location {
        Location::Path => path
            .find(&format!("{{{}}}", p.wire_name))
            .unwrap_or(usize::MAX),
        _ => usize::MAX,
    };
    params.sort_by_key(|p| {
        (
            !p.required,
            p.location != Location::Path,
            template_position(p),
        )
    });
    params
}

/// `(class, rank)`: the status class (2 for 2xx) and a rank that puts exact
/// codes before ranges.
fn class_of(code: &StatusCode) -> (u16, u16) {
    match code {
        StatusCode::Code(n) => (n / 100, *n),
        StatusCode::Range(n) => (*n, n * 100 + 99),
    }
}

fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Where an object given at `at` is in the document: where its
/// reference points, if it is one.
fn place<T>(item: &ReferenceOr<T>, at: &Pointer) -> Pointer {
    match item {
        ReferenceOr::Reference { reference } => Pointer::from_ref(reference),
        ReferenceOr::Item(_) => at.clone(),
    }
}

pub(super) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

fn is_form(media: &str) -> bool {
    essence(media) == "application/x-www-form-urlencoded"
}

fn is_form_data(media: &str) -> bool {
    essence(media) == "multipart/form-data"
}

pub(super) fn is_text(media: &str) -> bool {
    essence(media).starts_with("text/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_without_operation_id_come_from_method_and_path() {
        let op = OaOperation::default();
        let name = |method, path| snake_ident(&operation_name(&op, method, path));
        assert_eq!(
            name(HttpMethod::Get, "/customer_groups"),
            "list_customer_groups"
        );
        assert_eq!(
            name(HttpMethod::Get, "/customer_groups/{id}"),
            "get_customer_group"
        );
        assert_eq!(
            name(HttpMethod::Get, "/products/{id}/variants"),
            "list_product_variants"
        );
        assert_eq!(name(HttpMethod::Post, "/orders"), "create_order");
        assert_eq!(name(HttpMethod::Patch, "/addresses/{id}"), "update_address");
        assert_eq!(
            name(HttpMethod::Delete, "/categories/{id}"),
            "delete_category"
        );
        assert_eq!(
            name(HttpMethod::Post, "/orders/{id}/cancel"),
            "post_order_cancel"
        );
        assert_eq!(name(HttpMethod::Post, "/"), "create");
    }

    #[test]
    fn operation_ids_win() {
        let op = OaOperation {
            operation_id: Some("fetchCustomerGroup".to_owned()),
            ..OaOperation::default()
        };
        let name = operation_name(&op, HttpMethod::Get, "/x/{id}");
        assert_eq!(snake_ident(&name), "fetch_customer_group");
    }

    #[test]
    fn json_media_types_are_recognised() {
        assert!(is_json("application/json"));
        assert!(is_json("application/problem+json; charset=utf-8"));
        assert!(!is_json("text/plain"));
    }

    #[test]
    fn credential_names_are_secret_and_page_tokens_are_not() {
        for name in [
            "token",
            "access_token",
            "X-Api-Token",
            "X-API-Key",
            "apiKey",
            "client_secret",
            "Authorization",
            "password",
            "admin_password",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        for name in [
            "page_token",
            "next_token",
            "cursor",
            "x",
            "tokens",
            "secret_count",
            "xtoken_id",
        ] {
            assert!(!looks_secret(name), "{name}");
        }
    }
}
