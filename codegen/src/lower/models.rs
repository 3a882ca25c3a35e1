//! Models: their fields and field types, then the service-wide decisions on them (what a
//! request sends, which models are ever sent, which fields are boxed).

use super::declared::{self, Declared};
use super::doc_or;
use crate::diagnostic::{Diagnostic, SpecPath};
use crate::load::SpecFile;
use crate::{ir, names, spec, types};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn lower_model(
    file: &SpecFile,
    declared: &Declared,
    index: usize,
    model: &spec::Model,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Model> {
    let before = problems.len();
    let at = SpecPath::root().key("models").index(index);
    let mut fields = Vec::new();
    let mut json_names: BTreeSet<&str> = BTreeSet::new();
    let mut rust_names: BTreeMap<String, &str> = BTreeMap::new();
    for (position, property) in model.properties.iter().enumerate() {
        let at = at.key("properties").index(position);
        if !json_names.insert(&property.name) {
            problems.push(file.error(
                &at.key("name"),
                format!(
                    "property `{}` is listed twice in model `{}`",
                    property.name, model.name
                ),
                "remove one of the two entries",
            ));
            continue;
        }
        let rust_name = names::field(&property.name);
        if let Some(other) = rust_names.insert(rust_name.clone(), &property.name) {
            problems.push(file.error(
                &at.key("name"),
                format!("properties `{other}` and `{}` both become the Rust field `{rust_name}`", property.name),
                "JSON names that differ only in case or separators cannot share a struct; fix the spec",
            ));
            continue;
        }
        let Some(ty) = property_type(file, declared, &at, property, problems) else {
            continue;
        };
        fields.push(ir::Field {
            name: rust_name,
            json_name: property.name.clone(),
            ty,
            doc: doc_or(
                &property.description,
                &format!("The `{}` property.", property.name),
            ),
            required: property.required,
            read_only: property.read_only,
            sent: !property.read_only,
            // Narrowed to the sent fields once the whole service is known.
            constructor_param: property.required && !property.read_only,
        });
    }
    (problems.len() == before).then(|| ir::Model {
        name: names::upper_camel(&model.name),
        doc: doc_or(&model.description, &format!("The `{}` model.", model.name)),
        fields,
        in_request: false,
    })
}

fn property_type(
    file: &SpecFile,
    declared: &Declared,
    at: &SpecPath,
    property: &spec::Property,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Type> {
    let element = |key: &str, problems: &mut Vec<Diagnostic>| -> Option<ir::Type> {
        let value = if key == "items" {
            &property.items
        } else {
            &property.values
        };
        match value {
            Some(name) if declared::is_collection(name) => {
                problems.push(file.error(
                    &at.key(key),
                    format!("`{key}: {name}` nests a collection in a collection"),
                    "wrap the inner collection in a model",
                ));
                None
            }
            Some(name) => named_type(file, declared, &at.key(key), name, None, problems),
            None => {
                problems.push(file.error(
                    &at.key("type"),
                    format!(
                        "`type: {}` needs `{key}:` naming the element type",
                        property.ty
                    ),
                    format!("add e.g. `{key}: string`"),
                ));
                None
            }
        }
    };
    match property.ty.as_str() {
        "array" => {
            check_stray(file, at, "values", &property.values, problems);
            element("items", problems).map(|t| ir::Type::Vec(Box::new(t)))
        }
        "map" => {
            check_stray(file, at, "items", &property.items, problems);
            element("values", problems).map(|t| ir::Type::Map(Box::new(t)))
        }
        name => {
            check_stray(file, at, "items", &property.items, problems);
            check_stray(file, at, "values", &property.values, problems);
            let format = property.format.as_deref();
            named_type(file, declared, &at.key("type"), name, format, problems)
        }
    }
}

/// `items:` belongs to arrays and `values:` to maps only.
fn check_stray(
    file: &SpecFile,
    at: &SpecPath,
    key: &str,
    value: &Option<String>,
    problems: &mut Vec<Diagnostic>,
) {
    if value.is_some() {
        problems.push(file.error(
            &at.key(key),
            format!(
                "`{key}:` only belongs to `type: {}`",
                if key == "items" { "array" } else { "map" }
            ),
            format!("remove `{key}:` or change the type"),
        ));
    }
}

/// A primitive (by the type table), or a model or enum of the file.
fn named_type(
    file: &SpecFile,
    declared: &Declared,
    at: &SpecPath,
    name: &str,
    format: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Type> {
    if let Some(ty) = types::property(name, format) {
        return Some(ty);
    }
    if let Some(format) = format.filter(|_| types::is_primitive(name)) {
        problems.push(file.error(
            at,
            format!("format `{format}` does not apply to type `{name}`"),
            "integer takes int32/int64, number takes double/float, string takes uuid/uri/arm-id/date-time",
        ));
        return None;
    }
    if declared.models.contains_key(name) {
        return Some(ir::Type::Model {
            name: names::upper_camel(name),
            boxed: false,
        });
    }
    if declared.enums.contains_key(name) {
        return Some(ir::Type::Enum(names::upper_camel(name)));
    }
    problems.push(file.error(
        at,
        format!("unknown type `{name}`"),
        declared::type_hint(declared, name),
    ));
    None
}

/// A writable field of a model type is sent only if that model has something to send. Computed
/// as a least fixed point, so models that only reach each other send nothing.
pub(super) fn mark_sent_fields(models: &mut [ir::Model]) {
    let mut has_content: BTreeSet<String> = BTreeSet::new();
    let sends = |field: &ir::Field, has_content: &BTreeSet<String>| {
        field.sent
            && field
                .ty
                .model_names()
                .iter()
                .all(|name| has_content.contains(name))
    };
    loop {
        let before = has_content.len();
        for model in models.iter() {
            if model.fields.iter().any(|f| sends(f, &has_content)) {
                has_content.insert(model.name.clone());
            }
        }
        if has_content.len() == before {
            break;
        }
    }
    for field in models.iter_mut().flat_map(|m| &mut m.fields) {
        field.sent = sends(field, &has_content);
        // `new` asks only for what a request sends.
        field.constructor_param = field.constructor_param && field.sent;
    }
}

/// Marks the models a request body reaches, from the body models `roots` along sent fields.
pub(super) fn mark_request_models(models: &mut [ir::Model], roots: &BTreeSet<String>) {
    let mut pending: Vec<String> = roots.iter().cloned().collect();
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(model) = models.iter_mut().find(|m| m.name == name) {
            model.in_request = true;
            for field in model.fields.iter().filter(|f| f.sent) {
                pending.extend(field.ty.model_names());
            }
        }
    }
}

/// A model that reaches itself through plain (non-collection) fields would be infinitely large.
pub(super) fn box_recursive_fields(models: &mut [ir::Model]) {
    let edges: BTreeMap<String, Vec<String>> = models
        .iter()
        .map(|m| {
            let direct = m.fields.iter().filter_map(|f| match &f.ty {
                ir::Type::Model { name, .. } => Some(name.clone()),
                _ => None,
            });
            (m.name.clone(), direct.collect())
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(next) = stack.pop() {
            if next == to {
                return true;
            }
            if seen.insert(next.clone()) {
                stack.extend(edges.get(&next).into_iter().flatten().cloned());
            }
        }
        false
    };
    for model in models.iter_mut() {
        let owner = model.name.clone();
        for field in &mut model.fields {
            if let ir::Type::Model { name, boxed } = &mut field.ty {
                *boxed = reaches(name, &owner);
            }
        }
    }
}
