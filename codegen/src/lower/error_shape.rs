//! The module's `ServiceError`: which model an error body is, and how to read it.

use crate::{ir, names};
use std::collections::BTreeMap;

/// ARM errors are `{"error": {code, message, ...}}`: a model with one model-typed field wraps the
/// detail; otherwise the error model is the detail itself. `None` when a model is missing.
pub(super) fn error_shape(
    name: &str,
    models: &BTreeMap<String, ir::Model>,
) -> Option<ir::ErrorShape> {
    let model = models.get(name)?;
    let (envelope, detail) = match model.fields.as_slice() {
        [field] => match &field.ty {
            ir::Type::Model { name: inner, .. } => (Some(field.clone()), models.get(inner)?),
            _ => (None, model),
        },
        _ => (None, model),
    };
    let in_detail = |name: &str| detail.fields.iter().any(|f| f.name == name);
    let fields: Vec<ir::ErrorField> = detail
        .fields
        .iter()
        .map(|field| ir::ErrorField {
            name: names::service_error_field(&field.name, in_detail),
            detail: field.clone(),
        })
        .collect();
    Some(ir::ErrorShape {
        model: model.name.clone(),
        envelope,
        code_field: string_field(&fields, "code"),
        message_field: string_field(&fields, "message"),
        fields,
    })
}

/// The `ServiceError` field read from the detail's string property `json_name`.
fn string_field(fields: &[ir::ErrorField], json_name: &str) -> Option<String> {
    fields
        .iter()
        .find(|f| f.detail.json_name == json_name && f.detail.ty == ir::Type::String)
        .map(|f| f.name.clone())
}
