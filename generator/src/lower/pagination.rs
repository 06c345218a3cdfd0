//! Recognises cursor pagination: an optional string query parameter that
//! takes the cursor, and a response object with a string field holding the
//! next cursor and one array of items.

use super::operations::PaginationNames;
use crate::ir::{Location, Operation, Pagination, ResponseBody, Ty, TypeDef, TypeKind, find_type};

/// The pagination of `op`, when it has the shape `names` describe.
pub fn recognise(op: &Operation, names: &PaginationNames, types: &[TypeDef]) -> Option<Pagination> {
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
    match ty {
        Ty::Vec(item) => Some(item),
        Ty::Named(name) => match &find_type(types, name)?.kind {
            TypeKind::Alias(inner) => list_item(inner, types),
            _ => None,
        },
        _ => None,
    }
}
