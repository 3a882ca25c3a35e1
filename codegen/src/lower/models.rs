//! Models: their fields and field types, then the service-wide decisions on them (what a
//! request sends, which models are ever sent, which fields are boxed).

use super::declared::{self, Declared};
use super::doc_or;
use super::unions;
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
    let tag = unions::variant_tag(file, declared, &at, model, problems);
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
        // A union's variant writes its tag itself: the property is not a field of its own.
        if tag.as_ref().is_some_and(|t| t.property == property.name) {
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
        if let Some(field) = lower_field(file, declared, &at, property, rust_name, problems) {
            fields.push(field);
        }
    }
    // A request model with a nullable property keeps the properties to send as `null` in a
    // private field of its own.
    let explicit_nulls_field = model
        .properties
        .iter()
        .any(|p| p.nullable)
        .then(|| names::explicit_nulls_field(|name| rust_names.contains_key(name)));
    (problems.len() == before).then(|| ir::Model {
        name: names::upper_camel(&model.name),
        doc: doc_or(&model.description, &format!("The `{}` model.", model.name)),
        fields,
        in_request: false,
        tag,
        explicit_nulls_field,
    })
}

fn lower_field(
    file: &SpecFile,
    declared: &Declared,
    at: &SpecPath,
    property: &spec::Property,
    name: String,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Field> {
    let ty = property_type(file, declared, at, property, problems)?;
    let mutability = Mutability::of(file, at, property, problems)?;
    let read_only = property.read_only || mutability == Mutability::ReadOnly;
    let mut doc = doc_or(
        &property.description,
        &format!("The `{}` property.", property.name),
    );
    let notes = [
        types::property_note(&property.ty, property.format.as_deref()),
        mutability.note().map(str::to_string),
        property.nullable.then(|| {
            "The service may send an explicit `null`, which reads as `None`.".to_string()
        }),
        property.default.as_ref().map(|value| {
            format!("The service's default: `{value}` (the service applies it when the property is left out; the client never sends it by itself).")
        }),
    ];
    for note in notes.into_iter().flatten() {
        doc.push_str("\n\n");
        doc.push_str(&note);
    }
    Some(ir::Field {
        name,
        json_name: property.name.clone(),
        ty,
        doc,
        required: property.required,
        read_only,
        sent: !read_only,
        // Narrowed to the sent fields once the whole service is known.
        constructor_param: property.required && !read_only,
        secret: property.secret,
        nullable: property.nullable,
    })
}

/// x-ms-mutability: when a property may be written, as far as it changes what is generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mutability {
    /// Not given, or all of `create`, `read`, `update`: as `read_only` says.
    Unrestricted,
    /// `[read]`: the same as `read_only: true`.
    ReadOnly,
    /// Sent, but only taken on create.
    CreateOnly,
    /// Sent, but only taken on update.
    UpdateOnly,
    /// Sent, but the service never returns it (a password, a secret).
    WriteOnly,
}

impl Mutability {
    fn of(
        file: &SpecFile,
        at: &SpecPath,
        property: &spec::Property,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Mutability> {
        let values = &property.mutability;
        if let Some(bad) = values
            .iter()
            .find(|v| !["create", "read", "update"].contains(&v.as_str()))
        {
            problems.push(file.error(
                &at.key("mutability"),
                format!("`{bad}` is not an x-ms-mutability value"),
                "list some of `create`, `read`, `update`",
            ));
            return None;
        }
        let has = |value: &str| values.iter().any(|v| v == value);
        let (create, read, update) = (has("create"), has("read"), has("update"));
        if property.read_only && (create || update) {
            problems.push(file.error(
                &at.key("mutability"),
                "`read_only: true` contradicts a mutability that allows writing",
                "keep one of the two: `mutability: [read]` is the same as `read_only: true`",
            ));
            return None;
        }
        Some(match (create, read, update) {
            (false, false, false) | (true, true, true) => Mutability::Unrestricted,
            (false, true, false) => Mutability::ReadOnly,
            (true, _, false) => Mutability::CreateOnly,
            (false, _, true) => Mutability::UpdateOnly,
            (true, false, true) => Mutability::WriteOnly,
        })
    }

    fn note(self) -> Option<&'static str> {
        match self {
            Mutability::Unrestricted | Mutability::ReadOnly => None,
            Mutability::CreateOnly => {
                Some("Set on create only: the service does not take a change to it later.")
            }
            Mutability::UpdateOnly => Some("Taken on update only, not on create."),
            Mutability::WriteOnly => Some("Sent in requests, never returned by the service."),
        }
    }
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
            format!("type `{name}` already says its format, so `format: {format}` does not apply"),
            "write the base type (`string`, `integer`, `number`) with the format, or drop `format:`",
        ));
        return None;
    }
    if let Some(ty) = declared.named_type(name) {
        return Some(ty);
    }
    problems.push(file.error(
        at,
        format!("unknown type `{name}`"),
        declared::type_hint(declared, name),
    ));
    None
}

/// A writable field of a model type is sent only if that model has something to send. Computed
/// as a least fixed point, so models that only reach each other send nothing. A union always
/// has something to send (an unknown kind is sent as it came), and so has a union's variant
/// (its tag).
pub(super) fn mark_sent_fields(models: &mut [ir::Model], unions: &[ir::Union]) {
    let mut has_content: BTreeSet<String> = unions.iter().map(|u| u.name.clone()).collect();
    has_content.extend(
        models
            .iter()
            .filter(|m| m.tag.is_some())
            .map(|m| m.name.clone()),
    );
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

/// Marks the models and unions a request body reaches, from the body models `roots` along
/// sent fields and union variants.
pub(super) fn mark_request_models(
    models: &mut [ir::Model],
    unions: &mut [ir::Union],
    roots: &BTreeSet<String>,
) {
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
        } else if let Some(union) = unions.iter_mut().find(|u| u.name == name) {
            union.in_request = true;
            pending.extend(union.variants.iter().map(|v| v.model.clone()));
        }
    }
}

/// A model that reaches itself through plain (non-collection) fields would be infinitely
/// large; a union holds its variants' models plainly.
pub(super) fn box_recursive_fields(models: &mut [ir::Model], unions: &[ir::Union]) {
    let mut edges: BTreeMap<String, Vec<String>> = models
        .iter()
        .map(|m| {
            let direct = m.fields.iter().filter_map(|f| match &f.ty {
                ir::Type::Model { name, .. } => Some(name.clone()),
                _ => None,
            });
            (m.name.clone(), direct.collect())
        })
        .collect();
    for union in unions {
        let variants = union.variants.iter().map(|v| v.model.clone());
        edges.insert(union.name.clone(), variants.collect());
    }
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
