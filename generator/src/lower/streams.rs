//! Which response media types are read as streams: `text/event-stream`
//! (server-sent events) and the media types of one JSON value after
//! another (`application/x-ndjson`, `application/jsonl`,
//! `application/json-seq`, ...), and the IR body each becomes. For these,
//! `schema` is the schema of one item (of an event's data for events); an
//! OpenAPI 3.2 `itemSchema` is moved there as the document is loaded
//! (`lenient.rs`).

use crate::ir::{ItemFraming, ResponseBody, Ty};

/// How a streamed media type is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamKind {
    /// Server-sent events.
    Events,
    /// JSON items, separated as this says.
    Items(ItemFraming),
}

impl StreamKind {
    /// Whether it is server-sent events.
    pub fn is_events(self) -> bool {
        self == Self::Events
    }
}

/// The stream a media type is, if it is one (parameters and case ignored).
pub fn kind(media: &str) -> Option<StreamKind> {
    let essence = media.split(';').next().unwrap_or_default().trim();
    let essence = essence.to_ascii_lowercase();
    match essence.as_str() {
        "text/event-stream" => Some(StreamKind::Events),
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonl"
        | "application/jsonlines"
        | "application/x-jsonlines" => Some(StreamKind::Items(ItemFraming::Lines)),
        "application/json-seq" => Some(StreamKind::Items(ItemFraming::RecordSeparator)),
        _ => None,
    }
}

/// The body of a stream of `kind` whose items are `item` (`None`: no
/// schema, so events keep their data as text and JSON items are any JSON).
pub fn body(kind: StreamKind, item: Option<Ty>) -> ResponseBody {
    match kind {
        StreamKind::Events => ResponseBody::Events(item),
        StreamKind::Items(framing) => ResponseBody::JsonItems(item.unwrap_or(Ty::Json), framing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_media_types_are_recognised() {
        assert_eq!(
            kind("text/event-stream; charset=utf-8"),
            Some(StreamKind::Events)
        );
        assert_eq!(
            kind("Application/X-NDJSON"),
            Some(StreamKind::Items(ItemFraming::Lines))
        );
        assert_eq!(
            kind("application/json-seq"),
            Some(StreamKind::Items(ItemFraming::RecordSeparator))
        );
        assert_eq!(kind("application/json"), None);
        assert_eq!(kind("text/plain"), None);
    }

    #[test]
    fn items_without_a_schema_are_any_json_and_events_text() {
        assert_eq!(body(StreamKind::Events, None), ResponseBody::Events(None));
        assert_eq!(
            body(StreamKind::Items(ItemFraming::Lines), None),
            ResponseBody::JsonItems(Ty::Json, ItemFraming::Lines)
        );
    }
}
