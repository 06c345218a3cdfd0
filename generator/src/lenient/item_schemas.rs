//! OpenAPI 3.2 `itemSchema` on streamed media types, read in 3.1 terms: the
//! generator takes a streamed media type's `schema` as the schema of one
//! item (`lower/streams.rs`), so the `itemSchema` of a JSON sequence becomes
//! its `schema`; for `text/event-stream`, whose 3.2 item is the whole event
//! (`event`, `data`, `id`, `retry`), the `schema` is the data's
//! `contentSchema`, and without one the data is text (no `schema`).

use serde_json::{Map, Value};

use super::{follow, local};
use crate::diagnostics::Pointer;
use crate::lower::stream_kind;
use crate::walk::{Role, walk};

/// Moves the `itemSchema` of every streamed media type object to its
/// `schema`; other `itemSchema`s are left for the warning about what is not
/// read yet.
pub fn move_item_schemas(tree: &mut Value) {
    let mut moves: Vec<(Pointer, Option<Value>)> = Vec::new();
    walk(tree, &mut |object, at, role| {
        if role != Role::Object {
            return;
        }
        let Some(Value::Object(content)) = object.get("content") else {
            return;
        };
        for (media, media_type) in content {
            let Some(item) = media_type.get("itemSchema") else {
                continue;
            };
            let Some(events) = stream_kind(media).map(|kind| kind.is_events()) else {
                continue;
            };
            let schema = if events {
                event_data_schema(tree, item)
            } else {
                Some(item.clone())
            };
            moves.push((at.join("content").join(media), schema));
        }
    });
    for (at, schema) in moves {
        if let Some(Value::Object(media_type)) = tree.pointer_mut(local(&at)) {
            set_schema(media_type, schema);
        }
    }
}

fn set_schema(media_type: &mut Map<String, Value>, schema: Option<Value>) {
    media_type.remove("itemSchema");
    match schema {
        Some(schema) => media_type.insert("schema".to_owned(), schema),
        None => media_type.remove("schema"),
    };
}

/// The `contentSchema` of an event schema's `data` property (through
/// local references), if it has one.
fn event_data_schema(tree: &Value, item: &Value) -> Option<Value> {
    let resolve = |value: &Value| match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => follow(tree, reference),
        None => Some(value.clone()),
    };
    let event = resolve(item)?;
    let data = resolve(event.get("properties")?.get("data")?)?;
    data.get("contentSchema").cloned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn item_schemas_of_streams_become_their_schemas() {
        let mut tree = json!({
            "components": {"schemas": {"Tick": {"type": "object"}}},
            "paths": {"/a": {"get": {"responses": {"200": {"content": {
                "application/jsonl": {"itemSchema": {"$ref": "#/components/schemas/Tick"}},
                "text/event-stream": {"itemSchema": {"type": "object", "properties": {
                    "data": {"type": "string", "contentMediaType": "application/json",
                             "contentSchema": {"$ref": "#/components/schemas/Tick"}}}}},
                "application/json": {"itemSchema": {"type": "object"}},
            }}}}}},
        });
        move_item_schemas(&mut tree);
        let content = &tree["paths"]["/a"]["get"]["responses"]["200"]["content"];
        assert_eq!(
            content["application/jsonl"],
            json!({"schema": {"$ref": "#/components/schemas/Tick"}})
        );
        assert_eq!(
            content["text/event-stream"],
            json!({"schema": {"$ref": "#/components/schemas/Tick"}})
        );
        // not a stream: left for the warning
        assert!(content["application/json"].get("itemSchema").is_some());
    }

    #[test]
    fn events_with_text_data_have_no_schema() {
        let mut tree = json!({"paths": {"/a": {"get": {"responses": {"200": {"content": {
            "text/event-stream": {
                "schema": {"type": "string"},
                "itemSchema": {"type": "object", "properties": {"data": {"type": "string"}}},
            },
        }}}}}}});
        move_item_schemas(&mut tree);
        let content = &tree["paths"]["/a"]["get"]["responses"]["200"]["content"];
        assert_eq!(content["text/event-stream"], json!({}));
    }
}
