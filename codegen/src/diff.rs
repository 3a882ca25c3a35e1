//! What changed in an API between two specs, in words, with what breaks consumers marked.
//!
//! It compares specs, not generated code, so the summary speaks the API's language (JSON names,
//! statuses, enum values); where a change breaks the Rust API but not the wire, the reason says so.

use crate::spec::{Enum, Model, Operation, Parameter, Property, Response, Spec};
use std::collections::BTreeMap;
use std::fmt;

/// One change, and whether it breaks code written against the old version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub breaking: bool,
    pub description: String,
}

/// All changes between two specs of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDiff {
    /// `Provider Operation_Id`.
    pub subject: String,
    pub old_version: String,
    pub new_version: String,
    pub changes: Vec<Change>,
}

impl ApiDiff {
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }
}

impl fmt::Display for ApiDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: api-version {} -> {}",
            self.subject, self.old_version, self.new_version
        )?;
        if self.changes.is_empty() {
            return writeln!(f, "  no API changes");
        }
        // Breaking changes first: they are what a reviewer must not miss.
        let (breaking, additive): (Vec<&Change>, Vec<&Change>) =
            self.changes.iter().partition(|c| c.breaking);
        for change in breaking {
            writeln!(f, "  BREAKING  {}", change.description)?;
        }
        for change in additive {
            writeln!(f, "  additive  {}", change.description)?;
        }
        Ok(())
    }
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
        subject: format!("{} {}", new.provider, new.operation.id),
        old_version: old.api_version.clone(),
        new_version: new.api_version.clone(),
        changes: changes.0,
    }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn breaking(&mut self, description: String) {
        self.0.push(Change {
            breaking: true,
            description,
        });
    }

    fn additive(&mut self, description: String) {
        self.0.push(Change {
            breaking: false,
            description,
        });
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
    responses(&old.responses, &new.responses, changes);
    if old.error.model != new.error.model {
        changes.breaking(format!(
            "error model `{}` -> `{}`",
            old.error.model, new.error.model
        ));
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
            None => changes.additive(format!(
                "new optional parameter `{name}` ({})",
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

fn parameter(name: &str, old: &Parameter, new: &Parameter, changes: &mut Changes) {
    if old.location != new.location || old.ty != new.ty || old.format != new.format {
        changes.breaking(format!(
            "parameter `{name}` changed from {} {}{} to {} {}{}",
            location(old),
            old.ty,
            format_suffix(&old.format),
            location(new),
            new.ty,
            format_suffix(&new.format)
        ));
    }
    if !old.required && new.required {
        changes.breaking(format!("parameter `{name}` became required"));
    } else if old.required && !new.required {
        changes.additive(format!("parameter `{name}` became optional"));
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

fn responses(old: &[Response], new: &[Response], changes: &mut Changes) {
    let old = by_key(old, |r| r.status.to_string());
    let new = by_key(new, |r| r.status.to_string());
    for (status, response) in &new {
        let Some(before) = old.get(status) else {
            changes.additive(format!(
                "new status {status}{}",
                response
                    .model
                    .as_ref()
                    .map(|m| format!(" with `{m}`"))
                    .unwrap_or_default()
            ));
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
            match old_headers.get(key) {
                None => changes.additive(format!(
                    "status {status} has a new header `{}`",
                    header.name
                )),
                Some(h) if h.ty != header.ty || h.format != header.format => {
                    changes.breaking(format!(
                        "status {status} header `{}` changed type {} -> {}",
                        header.name, h.ty, header.ty
                    ))
                }
                Some(_) => {}
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

fn describe_type(p: &Property) -> String {
    match (p.ty.as_str(), &p.items, &p.values) {
        ("array", Some(items), _) => format!("array of {items}"),
        ("map", _, Some(values)) => format!("map of {values}"),
        (ty, _, _) => format!("{ty}{}", format_suffix(&p.format)),
    }
}

fn properties(model: &str, old: &[Property], new: &[Property], changes: &mut Changes) {
    let old_by = by_key(old, |p| p.name.clone());
    let new_by = by_key(new, |p| p.name.clone());
    let removed: Vec<&&Property> = old_by
        .iter()
        .filter(|(n, _)| !new_by.contains_key(*n))
        .map(|(_, p)| p)
        .collect();
    let added: Vec<&&Property> = new_by
        .iter()
        .filter(|(n, _)| !old_by.contains_key(*n))
        .map(|(_, p)| p)
        .collect();
    for property in &added {
        // A removal and an addition of the same type in one model is most likely a rename.
        let renamed_from = removed
            .iter()
            .find(|r| describe_type(r) == describe_type(property));
        let what = describe_type(property);
        match renamed_from {
            Some(from) => changes.breaking(format!(
                "property `{model}.{}` renamed to `{}` ({what})?",
                from.name, property.name
            )),
            None if property.required && !property.read_only => changes.breaking(format!(
                "new required property `{model}.{}` ({what}): requests must now send it",
                property.name
            )),
            None => changes.additive(format!("new property `{model}.{}` ({what})", property.name)),
        }
    }
    for property in &removed {
        let renamed = added
            .iter()
            .any(|a| describe_type(a) == describe_type(property));
        if !renamed {
            changes.breaking(format!("removed property `{model}.{}`", property.name));
        }
    }
    for (name, after) in &new_by {
        let Some(before) = old_by.get(name) else {
            continue;
        };
        if describe_type(before) != describe_type(after) {
            changes.breaking(format!(
                "property `{model}.{name}` changed type {} -> {}",
                describe_type(before),
                describe_type(after)
            ));
        }
        if !before.required && after.required && !after.read_only {
            changes.breaking(format!("property `{model}.{name}` became required"));
        } else if before.required && !after.required {
            changes.additive(format!("property `{model}.{name}` is no longer required"));
        }
        if !before.read_only && after.read_only {
            changes.breaking(format!(
                "property `{model}.{name}` became read-only: it is no longer sent"
            ));
        } else if before.read_only && !after.read_only {
            changes.additive(format!("property `{model}.{name}` became writable"));
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
