//! Webhooks (OpenAPI 3.1 `webhooks`) and callbacks (the `callbacks` of
//! operations): the requests the API sends to the user's server, each an
//! event named by its key, whose body is typed like any other body.

use openapiv3::{OpenAPI, Operation as OaOperation, PathItem, ReferenceOr};
use serde_json::Value;

use super::operations::{is_json, is_text, path_operations};
use super::resolve::Resolver;
use super::types::TypeTable;
use crate::diagnostics::{Diagnostic, Pointer};
use crate::filter::OperationFilter;
use crate::ir::{Docs, HttpMethod, UNKNOWN_VARIANT, Webhook, WholeBody};
use crate::naming::{Scope, type_ident};

/// The document's webhooks, then the callbacks of the operations the
/// filter keeps (a webhook is kept by a filter of its tag or
/// `operationId`; it has no path).
pub(super) fn lower<'a>(
    tree: &Value,
    api: &OpenAPI,
    resolver: Resolver<'a>,
    filter: &OperationFilter,
    types: &mut TypeTable<'a>,
) -> Vec<Webhook> {
    let mut events = Events {
        resolver,
        types,
        variants: Scope::with_reserved([UNKNOWN_VARIANT]),
        found: Vec::new(),
    };
    let webhooks = tree.get("webhooks").and_then(Value::as_object);
    for (name, item) in webhooks.into_iter().flatten() {
        let at = Pointer::root().join("webhooks").join(name);
        let Some(item) = events.path_item(item, &at) else {
            continue;
        };
        for (method, op) in path_operations(&item) {
            if filter.matches("", &op.tags, op.operation_id.as_deref()) {
                events.add(name, None, method, op, &at.join(method.key()));
            }
        }
    }
    for (path, item) in &api.paths.paths {
        let Ok(item) = resolver.deref(item) else {
            continue;
        };
        let path_at = Pointer::root().join("paths").join(path);
        for (method, op) in path_operations(&item) {
            if !filter.matches(path, &op.tags, op.operation_id.as_deref()) {
                continue;
            }
            let op_at = path_at.join(method.key());
            for (name, callback) in &op.callbacks {
                for (expression, item) in callback {
                    let at = op_at.join("callbacks").join(name).join(expression);
                    for (method, callback_op) in path_operations(item) {
                        let owner = op.operation_id.as_deref();
                        events.add(name, owner, method, callback_op, &at.join(method.key()));
                    }
                }
            }
        }
    }
    events.found
}

struct Events<'t, 'a> {
    resolver: Resolver<'a>,
    types: &'t mut TypeTable<'a>,
    variants: Scope,
    found: Vec<Webhook>,
}

impl Events<'_, '_> {
    fn path_item(&mut self, item: &Value, at: &Pointer) -> Option<PathItem> {
        let parsed = serde_json::from_value::<ReferenceOr<PathItem>>(item.clone());
        let item = match parsed {
            Ok(item) => item,
            Err(error) => {
                self.types.push_warning(Diagnostic::warning(
                    at,
                    format!("this webhook is not a path item ({error}): it is left out"),
                ));
                return None;
            }
        };
        match self.resolver.deref(&item) {
            Ok(item) => Some(item.into_owned()),
            Err(error) => {
                self.types.push_warning(error);
                None
            }
        }
    }

    /// One event, named by its key (see `event_name`).
    fn add(
        &mut self,
        key: &str,
        owner: Option<&str>,
        method: HttpMethod,
        op: &OaOperation,
        at: &Pointer,
    ) {
        let event = self.event_name(key, owner, method, at);
        let variant = self.variants.claim(type_ident(&event));
        let body = self.body(op, &format!("{event} Payload"), at);
        let docs = Docs {
            summary: op.summary.clone(),
            description: op.description.clone(),
        };
        self.found.push(Webhook {
            event,
            variant,
            method,
            body,
            docs,
            origin: at.clone(),
        });
    }

    /// The name an event is decoded by: its key; when an earlier event has
    /// that name, the operation it is a callback of and its key (or its key
    /// and method); and when that is taken too, that with a number, with a
    /// warning, so that every event keeps a name of its own.
    fn event_name(
        &mut self,
        key: &str,
        owner: Option<&str>,
        method: HttpMethod,
        at: &Pointer,
    ) -> String {
        let taken = |found: &[Webhook], name: &str| found.iter().any(|w| w.event == name);
        if !taken(&self.found, key) {
            return key.to_owned();
        }
        let qualified = match owner {
            Some(owner) => format!("{owner}.{key}"),
            None => format!("{key}.{}", method.key()),
        };
        if !taken(&self.found, &qualified) {
            return qualified;
        }
        let numbered = (2..)
            .map(|n| format!("{qualified}.{n}"))
            .find(|name| !taken(&self.found, name))
            .unwrap_or_default();
        self.types.push_warning(Diagnostic::warning(
            at.clone(),
            format!("the event names `{key}` and `{qualified}` are taken by earlier events: this one is `{numbered}`"),
        ));
        numbered
    }

    /// The body the event arrives with: JSON into its type, text, or bytes.
    fn body(&mut self, op: &OaOperation, context: &str, at: &Pointer) -> Option<WholeBody> {
        let body = match self.resolver.deref(op.request_body.as_ref()?) {
            Ok(body) => body,
            Err(error) => {
                self.types.push_warning(error);
                return None;
            }
        };
        let at = at.join("requestBody").join("content");
        if let Some((media, content)) = body.content.iter().find(|(media, _)| is_json(media)) {
            let ty = match &content.schema {
                Some(schema) => {
                    self.types
                        .lower(schema, context, &at.join(media).join("schema"))
                        .ty
                }
                None => crate::ir::Ty::Json,
            };
            return Some(WholeBody::Json(ty));
        }
        let (media, _) = body.content.iter().next()?;
        Some(if is_text(media) {
            WholeBody::Text
        } else {
            WholeBody::Bytes
        })
    }
}
