//! What changed in an API between two specs, in words, with what breaks consumers marked.
//!
//! It compares specs, not generated code, so the summary speaks the API's language (JSON names,
//! statuses, enum values); where a change breaks the Rust API but not the wire, the reason says so.
//! Whether a change breaks is judged by what consumers see, the Rust types and the wire, not by
//! the spec's spelling: `string` -> `arm-id` is still a `String` and a JSON string, so it is a
//! note.

use crate::spec::{Enum, Model, Operation, Parameter, Property, Spec};
use std::collections::BTreeMap;
use std::fmt;

/// How a change affects code written against the old version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Code that compiled and worked against the old version may not any more.
    Breaking,
    /// New API surface; existing code is unaffected.
    Additive,
    /// Worth knowing, but neither the Rust API nor the wire changed (e.g. a string's format).
    Note,
}

/// One change, and how it affects code written against the old version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub impact: Impact,
    pub description: String,
}

impl Change {
    pub fn is_breaking(&self) -> bool {
        self.impact == Impact::Breaking
    }
}

/// All changes between two specs of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDiff {
    /// `Provider Operation_Id`.
    pub subject: String,
    /// `None` when the operation is new.
    pub old_version: Option<String>,
    /// `None` when the operation was removed.
    pub new_version: Option<String>,
    pub changes: Vec<Change>,
}

impl ApiDiff {
    /// Whether any change breaks code written against the old version: what a CI gate or a
    /// non-zero exit code should key on.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
    }
}

impl fmt::Display for ApiDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.old_version, &self.new_version) {
            (Some(old), Some(new)) if old == new => {
                writeln!(f, "{}: api-version {old} (unchanged)", self.subject)?
            }
            (Some(old), Some(new)) => writeln!(f, "{}: api-version {old} -> {new}", self.subject)?,
            (Some(old), None) => writeln!(f, "{}: removed (was api-version {old})", self.subject)?,
            (None, Some(new)) => writeln!(f, "{}: new (api-version {new})", self.subject)?,
            (None, None) => writeln!(f, "{}", self.subject)?,
        }
        if self.changes.is_empty() {
            return writeln!(f, "  no API changes");
        }
        // Breaking changes first: they are what a reviewer must not miss.
        let mut changes: Vec<&Change> = self.changes.iter().collect();
        changes.sort_by_key(|c| c.impact);
        for change in changes {
            let label = match change.impact {
                Impact::Breaking => "BREAKING",
                Impact::Additive => "additive",
                Impact::Note => "note",
            };
            writeln!(f, "  {label:<8}  {}", change.description)?;
        }
        Ok(())
    }
}

/// An operation whose spec is gone: its client method (and every type only it used) is no
/// longer generated.
pub fn removed(old: &Spec) -> ApiDiff {
    ApiDiff {
        subject: subject(old),
        old_version: Some(old.api_version.clone()),
        new_version: None,
        changes: vec![Change {
            impact: Impact::Breaking,
            description: "the operation was removed: its client method, and the models and \
                          enums only it used, are no longer generated"
                .into(),
        }],
    }
}

/// An operation with a new spec: a new client method (and possibly client and module).
pub fn added(new: &Spec) -> ApiDiff {
    ApiDiff {
        subject: subject(new),
        old_version: None,
        new_version: Some(new.api_version.clone()),
        changes: vec![Change {
            impact: Impact::Additive,
            description: format!(
                "new operation {} {}",
                new.operation.method, new.operation.path
            ),
        }],
    }
}

fn subject(spec: &Spec) -> String {
    format!("{} {}", spec.provider, spec.operation.id)
}

/// Compares `old` with `new`.
pub fn diff(old: &Spec, new: &Spec) -> ApiDiff {
    let mut changes = Changes::default();
    if old.provider != new.provider || old.operation.id != new.operation.id {
        changes.breaking(format!(
            "now describes {} {} instead of {} {}",
            new.provider, new.operation.id, old.provider, old.operation.id
        ));
    }
    operation(&old.operation, &new.operation, &mut changes);
    models(&old.models, &new.models, &mut changes);
    enums(&old.enums, &new.enums, &mut changes);
    ApiDiff {
        subject: subject(new),
        old_version: Some(old.api_version.clone()),
        new_version: Some(new.api_version.clone()),
        changes: changes.0,
    }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, impact: Impact, description: String) {
        self.0.push(Change {
            impact,
            description,
        });
    }

    fn breaking(&mut self, description: String) {
        self.push(Impact::Breaking, description);
    }

    fn additive(&mut self, description: String) {
        self.push(Impact::Additive, description);
    }

    fn note(&mut self, description: String) {
        self.push(Impact::Note, description);
    }
}

fn by_key<T>(items: &[T], key: impl Fn(&T) -> String) -> BTreeMap<String, &T> {
    items.iter().map(|item| (key(item), item)).collect()
}

fn operation(old: &Operation, new: &Operation, changes: &mut Changes) {
    if old.method != new.method {
        changes.breaking(format!("HTTP method {} -> {}", old.method, new.method));
    }
    if old.path != new.path {
        changes.breaking(format!("path {} -> {}", old.path, new.path));
    }
    match (&old.long_running, &new.long_running) {
        (None, Some(_)) => changes
            .breaking("the operation became long-running (the method now returns a Poller)".into()),
        (Some(_), None) => changes.breaking("the operation is no longer long-running".into()),
        (Some(a), Some(b)) if a.final_state_via != b.final_state_via => changes.breaking(format!(
            "final-state-via {} -> {}",
            a.final_state_via, b.final_state_via
        )),
        _ => {}
    }
    parameters(&old.parameters, &new.parameters, changes);
    responses(old, new, changes);
    if old.error.model != new.error.model {
        changes.breaking(format!(
            "error model `{}` -> `{}`",
            old.error.model, new.error.model
        ));
    }
}

/// The Rust type a spec primitive becomes, as lowering (`lower::resolve_named_type`, and the
/// parameter and header cases beside it) decides it; any other name (a model or an enum) is
/// its own type. Formats that only document a string (`arm-id`, `uuid`, `uri`, ...) leave it
/// a `String`, and JSON carries all of them as strings: such a change is not breaking.
fn rust_type(ty: &str, format: Option<&str>) -> String {
    let rust = match (ty, format) {
        ("string", Some("date-time")) | ("date-time", None) => "time::OffsetDateTime",
        ("string" | "arm-id" | "uuid" | "uri", _) => "String",
        ("integer", Some("int32")) => "i32",
        ("integer", _) => "i64",
        ("number", _) => "f64",
        ("boolean", _) => "bool",
        ("object", _) => "serde_json::Value",
        (named, _) => named,
    };
    rust.to_string()
}

/// What consumers of the generated crate see of a property: its Rust type.
fn property_rust_type(p: &Property) -> String {
    match (p.ty.as_str(), &p.items, &p.values) {
        ("array", Some(items), _) => format!("Vec<{}>", rust_type(items, None)),
        ("map", _, Some(values)) => format!("BTreeMap<String, {}>", rust_type(values, None)),
        (ty, _, _) => rust_type(ty, p.format.as_deref()),
    }
}

/// `old -> new` in the spec's words, with the Rust types when they say something more.
fn type_change(old_spec: &str, new_spec: &str, old_rust: &str, new_rust: &str) -> String {
    if old_spec == old_rust && new_spec == new_rust {
        format!("{old_spec} -> {new_spec}")
    } else {
        format!("{old_spec} -> {new_spec} (Rust `{old_rust}` -> `{new_rust}`)")
    }
}

fn parameters(old: &[Parameter], new: &[Parameter], changes: &mut Changes) {
    let old = by_key(old, |p| p.name.clone());
    let new = by_key(new, |p| p.name.clone());
    for (name, param) in &new {
        match old.get(name) {
            None if param.required => changes.breaking(format!(
                "new required parameter `{name}` ({})",
                location(param)
            )),
            // The options struct is not `#[non_exhaustive]`, but consumers build it with
            // `..Default::default()` (the Azure SDK for Rust convention), so a field is additive.
            None => changes.additive(format!(
                "new optional parameter `{name}` ({}): a new field of the method's options struct",
                location(param)
            )),
            Some(before) => parameter(name, before, param, changes),
        }
    }
    for name in old.keys().filter(|name| !new.contains_key(*name)) {
        changes.breaking(format!("removed parameter `{name}`"));
    }
}

fn location(param: &Parameter) -> String {
    format!("{:?}", param.location).to_lowercase()
}

fn describe_parameter(param: &Parameter) -> String {
    format!(
        "{} {}{}",
        location(param),
        param.ty,
        format_suffix(&param.format)
    )
}

fn parameter(name: &str, old: &Parameter, new: &Parameter, changes: &mut Changes) {
    let old_rust = rust_type(&old.ty, old.format.as_deref());
    let new_rust = rust_type(&new.ty, new.format.as_deref());
    if old.location != new.location || old_rust != new_rust {
        changes.breaking(format!(
            "parameter `{name}` changed from {} to {}",
            describe_parameter(old),
            describe_parameter(new)
        ));
    } else if old.format != new.format {
        // The Rust type is the same, but a `uuid` parameter is checked before sending.
        if new.format.as_deref() == Some("uuid") {
            changes.breaking(format!(
                "parameter `{name}` changed from {} to {}: values that are not UUIDs are now refused before sending",
                describe_parameter(old),
                describe_parameter(new)
            ));
        } else {
            changes.note(format!(
                "parameter `{name}` changed from {} to {} (still `{new_rust}` in Rust)",
                describe_parameter(old),
                describe_parameter(new)
            ));
        }
    }
    // A required parameter is a positional argument of the method, an optional one a field of
    // its options struct: either way, calls written against the old version stop compiling.
    if !old.required && new.required {
        changes.breaking(format!(
            "parameter `{name}` became required: it is now a method argument, no longer a field of the options struct"
        ));
    } else if old.required && !new.required {
        changes.breaking(format!(
            "parameter `{name}` became optional: it is no longer a method argument but a field of the options struct"
        ));
    }
    let rules = |p: &Parameter| (p.pattern.clone(), p.min_length, p.max_length);
    if rules(old) != rules(new) {
        changes.breaking(format!(
            "parameter `{name}` rules changed (pattern {:?} -> {:?}, length {:?}..{:?} -> {:?}..{:?}); values valid before may be refused",
            old.pattern, new.pattern, old.min_length, old.max_length, new.min_length, new.max_length
        ));
    }
}

fn format_suffix(format: &Option<String>) -> String {
    format
        .as_ref()
        .map(|f| format!(" ({f})"))
        .unwrap_or_default()
}

/// The model a long-running operation's `Poller` yields: lowering takes the first status
/// (in spec order) that has a body.
fn long_running_result(operation: &Operation) -> Option<&str> {
    operation.responses.iter().find_map(|r| r.model.as_deref())
}

fn responses(old_op: &Operation, new_op: &Operation, changes: &mut Changes) {
    // A plain operation returns an outcome enum with one variant per success status; a
    // long-running one returns a `Poller` of one result model, and its statuses are only the
    // ones the poller accepts.
    let long_running = new_op.long_running.is_some();
    let old = by_key(&old_op.responses, |r| r.status.to_string());
    let new = by_key(&new_op.responses, |r| r.status.to_string());
    for (status, response) in &new {
        let Some(before) = old.get(status) else {
            let with = response
                .model
                .as_ref()
                .map(|m| format!(" with `{m}`"))
                .unwrap_or_default();
            if long_running {
                changes.additive(format!("new status {status}{with} (the poller accepts it)"));
            } else {
                // The outcome enum is exhaustive (its variants are `#[non_exhaustive]`, the
                // enum is not), so a new status is a new variant that every exhaustive `match`
                // must handle: code that compiled before stops compiling.
                changes.breaking(format!(
                    "new status {status}{with}: a new outcome variant, which exhaustive `match`es must handle"
                ));
            }
            continue;
        };
        if before.model != response.model {
            changes.breaking(format!(
                "status {status} body {:?} -> {:?}",
                before.model, response.model
            ));
        }
        let old_headers = by_key(&before.headers, |h| h.name.to_ascii_lowercase());
        let new_headers = by_key(&response.headers, |h| h.name.to_ascii_lowercase());
        for (key, header) in &new_headers {
            let Some(h) = old_headers.get(key) else {
                // A header is a field of the status's outcome variant; the variants are
                // `#[non_exhaustive]`, so no code outside the crate builds or fully
                // destructures one, and a new field breaks nothing.
                changes.additive(format!(
                    "status {status} has a new header `{}`",
                    header.name
                ));
                continue;
            };
            let old_rust = rust_type(&h.ty, h.format.as_deref());
            let new_rust = rust_type(&header.ty, header.format.as_deref());
            let old_spec = format!("{}{}", h.ty, format_suffix(&h.format));
            let new_spec = format!("{}{}", header.ty, format_suffix(&header.format));
            if old_rust != new_rust {
                changes.breaking(format!(
                    "status {status} header `{}` changed type {}",
                    header.name,
                    type_change(&old_spec, &new_spec, &old_rust, &new_rust)
                ));
            } else if old_spec != new_spec {
                changes.note(format!(
                    "status {status} header `{}` changed format {old_spec} -> {new_spec} (still `{new_rust}` in Rust)",
                    header.name
                ));
            }
        }
        for (key, header) in &old_headers {
            if !new_headers.contains_key(key) {
                changes.breaking(format!(
                    "status {status} no longer documents header `{}`",
                    header.name
                ));
            }
        }
    }
    for status in old.keys().filter(|s| !new.contains_key(*s)) {
        changes.breaking(format!("removed status {status}"));
    }
    if long_running && old_op.long_running.is_some() {
        let (before, after) = (long_running_result(old_op), long_running_result(new_op));
        if before != after {
            let show = |m: Option<&str>| m.map_or("()".to_string(), |m| format!("`{m}`"));
            changes.breaking(format!(
                "the long-running result {} -> {}",
                show(before),
                show(after)
            ));
        }
    }
}

fn models(old: &[Model], new: &[Model], changes: &mut Changes) {
    let old = by_key(old, |m| m.name.clone());
    let new = by_key(new, |m| m.name.clone());
    for (name, model) in &new {
        match old.get(name) {
            None => changes.additive(format!("new model `{name}`")),
            Some(before) => properties(name, &before.properties, &model.properties, changes),
        }
    }
    for name in old.keys().filter(|name| !new.contains_key(*name)) {
        changes.breaking(format!("removed model `{name}`"));
    }
}

/// A property's type in the spec's words.
fn describe_type(p: &Property) -> String {
    match (p.ty.as_str(), &p.items, &p.values) {
        ("array", Some(items), _) => format!("array of {items}"),
        ("map", _, Some(values)) => format!("map of {values}"),
        (ty, _, _) => format!("{ty}{}", format_suffix(&p.format)),
    }
}

/// Removed and added properties that are most likely renames, as (removed, added) names: a
/// removal and an addition of the same Rust type, when the model has exactly one of each of
/// that type. With more, which one replaced which is a guess, so none is paired.
fn renames<'a>(removed: &[&'a Property], added: &[&'a Property]) -> BTreeMap<&'a str, &'a str> {
    let of_type = |properties: &[&'a Property], ty: &str| -> Vec<&'a str> {
        properties
            .iter()
            .filter(|p| property_rust_type(p) == ty)
            .map(|p| p.name.as_str())
            .collect()
    };
    removed
        .iter()
        .filter_map(|from| {
            let ty = property_rust_type(from);
            match (
                of_type(removed, &ty).as_slice(),
                of_type(added, &ty).as_slice(),
            ) {
                ([_], [to]) => Some((from.name.as_str(), *to)),
                _ => None,
            }
        })
        .collect()
}

/// Whether a property is an argument of its model's `new`: lowering gives a model a
/// constructor taking its required writable properties, and `Default` when there are none.
fn in_constructor(p: &Property) -> bool {
    p.required && !p.read_only
}

/// What becomes of the model's constructor when a property stops being one of its arguments;
/// `left` is how many arguments it has afterwards.
fn constructor_loses(left: usize) -> &'static str {
    if left == 0 {
        "the model no longer has `new` (it derives `Default` instead)"
    } else {
        "`new` no longer takes it"
    }
}

/// What becomes of the model's constructor when a property becomes one of its arguments;
/// `had` is how many arguments it had before.
fn constructor_gains(had: usize) -> &'static str {
    if had == 0 {
        "the model gets `new` taking it, and no longer derives `Default`"
    } else {
        "`new` takes it as a new argument"
    }
}

fn properties(model: &str, old: &[Property], new: &[Property], changes: &mut Changes) {
    let old_arguments = old.iter().filter(|p| in_constructor(p)).count();
    let new_arguments = new.iter().filter(|p| in_constructor(p)).count();
    let old_by = by_key(old, |p| p.name.clone());
    let new_by = by_key(new, |p| p.name.clone());
    let removed: Vec<&Property> = old_by
        .iter()
        .filter(|(n, _)| !new_by.contains_key(*n))
        .map(|(_, p)| *p)
        .collect();
    let added: Vec<&Property> = new_by
        .iter()
        .filter(|(n, _)| !old_by.contains_key(*n))
        .map(|(_, p)| *p)
        .collect();
    let renamed = renames(&removed, &added);
    for property in &added {
        let what = describe_type(property);
        let renamed_from = renamed
            .iter()
            .find(|(_, to)| **to == property.name)
            .map(|(from, _)| from);
        match renamed_from {
            Some(from) => changes.breaking(format!(
                "property `{model}.{from}` renamed to `{}` ({what})?",
                property.name
            )),
            None if property.required && !property.read_only => changes.breaking(format!(
                "new required property `{model}.{}` ({what}): requests must now send it",
                property.name
            )),
            None => changes.additive(format!("new property `{model}.{}` ({what})", property.name)),
        }
    }
    for property in &removed {
        if !renamed.contains_key(property.name.as_str()) {
            changes.breaking(format!("removed property `{model}.{}`", property.name));
        }
    }
    for (name, after) in &new_by {
        let Some(before) = old_by.get(name) else {
            continue;
        };
        let (old_rust, new_rust) = (property_rust_type(before), property_rust_type(after));
        let (old_spec, new_spec) = (describe_type(before), describe_type(after));
        if old_rust != new_rust {
            changes.breaking(format!(
                "property `{model}.{name}` changed type {}",
                type_change(&old_spec, &new_spec, &old_rust, &new_rust)
            ));
        } else if old_spec != new_spec {
            changes.note(format!(
                "property `{model}.{name}` changed type {old_spec} -> {new_spec}: still `{new_rust}` in Rust and the same JSON on the wire"
            ));
        }
        if !before.required && after.required && !after.read_only {
            changes.breaking(format!(
                "property `{model}.{name}` became required: {}",
                constructor_gains(old_arguments)
            ));
        } else if before.required && !after.required {
            if before.read_only {
                // Read-only properties are never constructor arguments, and every property is
                // an `Option` in Rust: nothing consumers wrote changes.
                changes.note(format!(
                    "property `{model}.{name}` is no longer required (it was read-only, never an argument of `new`: nothing changes in Rust)"
                ));
            } else {
                changes.breaking(format!(
                    "property `{model}.{name}` is no longer required: {}",
                    constructor_loses(new_arguments)
                ));
            }
        }
        if !before.read_only && after.read_only {
            changes.breaking(format!(
                "property `{model}.{name}` became read-only: it is no longer sent"
            ));
        } else if before.read_only && !after.read_only {
            if after.required {
                changes.breaking(format!(
                    "property `{model}.{name}` became writable, and it is required: {}",
                    constructor_gains(old_arguments)
                ));
            } else {
                changes.additive(format!("property `{model}.{name}` became writable"));
            }
        }
    }
}

fn enums(old: &[Enum], new: &[Enum], changes: &mut Changes) {
    let old = by_key(old, |e| e.name.clone());
    let new = by_key(new, |e| e.name.clone());
    for (name, after) in &new {
        let Some(before) = old.get(name) else {
            changes.additive(format!("new enum `{name}`"));
            continue;
        };
        match (before.extensible, after.extensible) {
            (true, false) => changes.breaking(format!(
                "enum `{name}` became closed: values outside the list now fail to deserialize"
            )),
            (false, true) => changes.breaking(format!(
                "enum `{name}` became extensible: its Rust type gains `UnknownValue(String)` and loses `Copy`"
            )),
            _ => {}
        }
        let old_values: Vec<&str> = before.values.iter().map(|v| v.value.as_str()).collect();
        let new_values: Vec<&str> = after.values.iter().map(|v| v.value.as_str()).collect();
        for value in new_values.iter().filter(|v| !old_values.contains(v)) {
            if after.extensible {
                changes.additive(format!("new value `{value}` in enum `{name}`"));
            } else {
                changes.breaking(format!(
                    "new value `{value}` in closed enum `{name}`: exhaustive matches must handle it"
                ));
            }
        }
        for value in old_values.iter().filter(|v| !new_values.contains(v)) {
            changes.breaking(format!("removed value `{value}` from enum `{name}`"));
        }
    }
    for name in old.keys().filter(|name| !new.contains_key(*name)) {
        changes.breaking(format!("removed enum `{name}`"));
    }
}
