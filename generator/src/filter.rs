//! Operation filters: generate only part of a large document (by path
//! prefix, tag or operationId), and keep only the types those operations use.

use crate::ir::{Api, Operation, reached_types};
use crate::normalise::brace_segment;

/// Which operations to generate. Empty (the default) means all; otherwise
/// an operation is generated when it matches any of the criteria.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationFilter {
    /// Path prefixes, matched segment-wise: `/customer_groups` matches
    /// `/customer_groups` and `/customer_groups/{id}`, not `/customer_groups_v2`.
    /// `:name` segments may be written for `{name}`.
    pub path_prefixes: Vec<String>,
    /// Tags (`tags` of an operation).
    pub tags: Vec<String>,
    /// `operationId`s.
    pub operation_ids: Vec<String>,
}

impl OperationFilter {
    /// Whether no criterion is set (everything is generated).
    pub fn is_empty(&self) -> bool {
        self.path_prefixes.is_empty() && self.tags.is_empty() && self.operation_ids.is_empty()
    }

    /// Whether an operation at `path` with these tags and id is generated.
    pub fn matches(&self, path: &str, tags: &[String], operation_id: Option<&str>) -> bool {
        self.is_empty()
            || self
                .path_prefixes
                .iter()
                .any(|prefix| has_prefix(path, prefix))
            || tags.iter().any(|tag| self.tags.contains(tag))
            || operation_id.is_some_and(|id| self.operation_ids.iter().any(|wanted| wanted == id))
    }
}

fn has_prefix(path: &str, prefix: &str) -> bool {
    // `:name` segments are read as the normaliser reads them in documents
    let braced = |p: &str| -> Vec<String> {
        p.split('/')
            .filter(|s| !s.is_empty())
            .map(|s| brace_segment(s).unwrap_or_else(|| s.to_owned()))
            .collect()
    };
    let path = braced(path);
    let prefix = braced(prefix);
    path.len() >= prefix.len() && path.iter().zip(&prefix).all(|(a, b)| a == b)
}

/// Drops the types that no operation (and no client-level header) uses,
/// directly or through other types.
pub fn keep_used_types(api: &mut Api) {
    let roots = (api.operations.iter())
        .flat_map(Operation::types)
        .chain(api.types_beside_operations());
    let used = reached_types(&api.types, roots);
    api.types.retain(|t| used.contains(&t.name));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_whole_segments() {
        let filter = OperationFilter {
            path_prefixes: vec!["/customer_groups".to_owned()],
            ..Default::default()
        };
        assert!(filter.matches("/customer_groups", &[], None));
        assert!(filter.matches("/customer_groups/{id}", &[], None));
        assert!(!filter.matches("/customer_groups_v2", &[], None));
        assert!(!filter.matches("/orders", &[], None));
        let colon = OperationFilter {
            path_prefixes: vec!["/orders/:id".to_owned()],
            ..Default::default()
        };
        assert!(colon.matches("/orders/{id}/fulfillments", &[], None));
    }

    #[test]
    fn colon_prefixes_match_documents_as_the_normaliser_reads_them() {
        let filter = OperationFilter {
            path_prefixes: vec!["/orders/:order-id".to_owned()],
            ..Default::default()
        };
        let mut tree = serde_json::json!({"openapi": "3.0.3", "paths": {
            "/orders/:order-id": {},
            "/orders/{order-id}/lines": {},
        }});
        crate::normalise::normalise(&mut tree);
        let paths: Vec<&String> = tree["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(paths, ["/orders/{order-id}", "/orders/{order-id}/lines"]);
        for path in paths {
            assert!(filter.matches(path, &[], None), "{path}");
        }
        // as written, before normalisation
        assert!(filter.matches("/orders/:order-id", &[], None));
        assert!(filter.matches("/orders/{order-id}", &[], None));
        assert!(!filter.matches("/orders/{id}", &[], None));
    }

    #[test]
    fn tags_and_ids_match_and_empty_matches_all() {
        let filter = OperationFilter {
            tags: vec!["Customers".to_owned()],
            operation_ids: vec!["getThing".to_owned()],
            ..Default::default()
        };
        assert!(filter.matches("/x", &["Customers".to_owned()], None));
        assert!(filter.matches("/y", &[], Some("getThing")));
        assert!(!filter.matches("/z", &[], Some("other")));
        assert!(OperationFilter::default().matches("/anything", &[], None));
    }
}
