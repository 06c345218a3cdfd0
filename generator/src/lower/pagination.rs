//! Recognises cursor pagination: an optional string query parameter that
//! takes the cursor, and a response object with a string field holding the
//! next cursor and one array of items, under the names an operation's
//! `x-pagination` gives, or the default ones.

use openapiv3::Operation;

use crate::ir::{
    self, Location, Pagination, ResponseBody, Ty, TypeDef, TypeKind, find_type, resolve_alias,
};

/// Wire names that make an operation cursor-paginated: by default a `cursor`
/// query parameter and a `next_cursor` response field; an operation's
/// `x-pagination: {cursor_param, next_cursor_field, items_field}` overrides them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationNames {
    /// The query parameter that takes the cursor.
    pub cursor_param: String,
    /// The response field that holds the next cursor.
    pub next_cursor_field: String,
    /// The response field that holds the items; by default the only array.
    pub items_field: Option<String>,
}

impl PaginationNames {
    /// The names `op` declares, or the defaults.
    pub fn of(op: &Operation) -> Self {
        let extension = op.extensions.get("x-pagination");
        let name = |key: &str| {
            extension
                .and_then(|e| e.get(key))
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        };
        Self {
            cursor_param: name("cursor_param").unwrap_or_else(|| "cursor".to_owned()),
            next_cursor_field: name("next_cursor_field")
                .unwrap_or_else(|| "next_cursor".to_owned()),
            items_field: name("items_field"),
        }
    }
}

/// The pagination of `op`, when it has the shape `names` describe.
pub fn recognise(
    op: &ir::Operation,
    names: &PaginationNames,
    types: &[TypeDef],
) -> Option<Pagination> {
    let cursor = op.params.iter().find(|p| {
        p.location == Location::Query
            && !p.required
            && p.ty == Ty::String
            && p.wire_name == names.cursor_param
    })?;
    let Some(ResponseBody::Json(Ty::Named(page))) = &op.response else {
        return None;
    };
    let TypeKind::Struct(page) = &find_type(types, page)?.kind else {
        return None;
    };
    let next = page
        .fields
        .iter()
        .find(|f| f.wire_name == names.next_cursor_field && f.ty == Ty::String)?;
    let mut arrays = page
        .fields
        .iter()
        .filter(|f| list_item(&f.ty, types).is_some() && !f.presence.is_option());
    let items = match &names.items_field {
        Some(wire) => arrays.find(|f| &f.wire_name == wire)?,
        None => {
            let only = arrays.next()?;
            arrays.next().is_none().then_some(only)?
        }
    };
    let item = list_item(&items.ty, types)?;
    Some(Pagination {
        cursor_param: cursor.name.clone(),
        next_cursor_field: next.name.clone(),
        next_cursor_optional: next.presence.is_option(),
        items_field: items.name.clone(),
        item: item.clone(),
    })
}

/// The item type of a list, looking through aliases (`CustomerGroups =
/// Vec<CustomerGroup>`).
fn list_item<'a>(ty: &'a Ty, types: &'a [TypeDef]) -> Option<&'a Ty> {
    match resolve_alias(types, ty) {
        Ty::Vec(item) => Some(item),
        _ => None,
    }
}
