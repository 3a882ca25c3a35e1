//! The operation: its client and method, parameters, statuses (outcome variants) and headers,
//! and whether it is long-running.

use super::{Changes, Side, by_key, format_suffix, rust_type, type_change};
use crate::ir::{self, Outcome, Param, ParamLocation, Rule};
use std::collections::BTreeMap;

pub(super) fn compare(old: &Side, new: &Side, changes: &mut Changes) {
    let (before, after) = (&old.operation, &new.operation);
    if before.http_method != after.http_method {
        changes.breaking(format!(
            "HTTP method {} -> {}",
            before.http_method.as_str(),
            after.http_method.as_str()
        ));
    }
    if old.spec.operation.path != new.spec.operation.path {
        changes.breaking(format!(
            "path {} -> {}",
            old.spec.operation.path, new.spec.operation.path
        ));
    }
    long_running(old, new, changes);
    if old.client.name != new.client.name {
        changes.breaking(format!(
            "the method moved from `{}` to `{}`",
            old.client.name, new.client.name
        ));
    }
    if before.method_name != after.method_name {
        changes.breaking(format!(
            "the client method `{}` is now `{}`",
            before.method_name, after.method_name
        ));
    }
    parameters(old, new, changes);
    outcomes(old, new, changes);
    long_running_result(old, new, changes);
}

fn long_running(old: &Side, new: &Side, changes: &mut Changes) {
    let spelling = |side: &Side| {
        side.spec
            .operation
            .long_running
            .as_ref()
            .map(|l| l.final_state_via.clone())
            .unwrap_or_default()
    };
    match (&old.operation.long_running, &new.operation.long_running) {
        (None, Some(_)) => changes
            .breaking("the operation became long-running (the method now returns a Poller)".into()),
        (Some(_), None) => changes.breaking("the operation is no longer long-running".into()),
        (Some(a), Some(b)) if a.final_state_via != b.final_state_via => changes.breaking(format!(
            "final-state-via {} -> {}",
            spelling(old),
            spelling(new)
        )),
        _ => {}
    }
}

/// The model a long-running operation's `Poller` yields.
fn long_running_result(old: &Side, new: &Side, changes: &mut Changes) {
    let (Some(before), Some(after)) = (&old.operation.long_running, &new.operation.long_running)
    else {
        return;
    };
    if before.result_model != after.result_model {
        let show = |m: &Option<String>| m.as_ref().map_or("()".to_string(), |m| format!("`{m}`"));
        changes.breaking(format!(
            "the long-running result {} -> {}",
            show(&before.result_model),
            show(&after.result_model)
        ));
    }
}

/// Where a parameter ends up in the Rust API.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Held by the client, given to its `new`.
    Client,
    /// A positional argument of the method.
    Argument,
    /// A field of the method's options struct.
    Optional,
    /// The request body, an argument of the method.
    Body,
}

/// A parameter as the method signature shows it, keyed by its wire name.
struct ParamView {
    role: Role,
    location: &'static str,
    ty: ir::Type,
    rules: Vec<Rule>,
}

impl ParamView {
    fn required(&self) -> bool {
        self.role != Role::Optional
    }
}

fn param_views(side: &Side) -> BTreeMap<String, ParamView> {
    let view = |role: Role, param: &Param| {
        let location = match param.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header(_) => "header",
        };
        let ty = param.ty.clone();
        let rules = param.rules.clone();
        (
            param.wire_name.clone(),
            ParamView {
                role,
                location,
                ty,
                rules,
            },
        )
    };
    let operation = &side.operation;
    let mut views: BTreeMap<String, ParamView> = side
        .client
        .params
        .iter()
        .map(|p| view(Role::Client, p))
        .chain(operation.params.iter().map(|p| view(Role::Argument, p)))
        .chain(operation.options.iter().map(|p| view(Role::Optional, p)))
        .collect();
    if let Some(body) = &operation.body {
        views.insert(
            body.wire_name.clone(),
            ParamView {
                role: Role::Body,
                location: "body",
                ty: body.ty.clone(),
                rules: Vec::new(),
            },
        );
    }
    views
}

fn parameters(old: &Side, new: &Side, changes: &mut Changes) {
    let (before, after) = (param_views(old), param_views(new));
    for (name, param) in &after {
        match before.get(name) {
            // The options struct is not `#[non_exhaustive]`, but consumers build it with
            // `..Default::default()` (the Azure SDK for Rust convention), so a field is additive.
            None if param.role == Role::Optional => changes.additive(format!(
                "new optional parameter `{name}` ({}): a new field of the method's options struct",
                param.location
            )),
            None => changes.breaking(format!(
                "new required parameter `{name}` ({})",
                param.location
            )),
            Some(was) => parameter(name, (old, was), (new, param), changes),
        }
    }
    for name in before.keys().filter(|name| !after.contains_key(*name)) {
        changes.breaking(format!("removed parameter `{name}`"));
    }
}

/// `path string (uuid)`: the spec's words for a parameter.
fn describe_parameter(side: &Side, name: &str, view: &ParamView) -> String {
    let spec = side
        .spec
        .operation
        .parameters
        .iter()
        .find(|p| p.name == name);
    match spec {
        Some(p) => format!("{} {}{}", view.location, p.ty, format_suffix(&p.format)),
        None => format!("{} {}", view.location, rust_type(&view.ty)),
    }
}

fn parameter(
    name: &str,
    old: (&Side, &ParamView),
    new: (&Side, &ParamView),
    changes: &mut Changes,
) {
    let (was, is) = (old.1, new.1);
    let spelled = |(side, view): (&Side, &ParamView)| describe_parameter(side, name, view);
    let (old_words, new_words) = (spelled(old), spelled(new));
    let uuid = |view: &ParamView| view.rules.contains(&Rule::Uuid);
    if was.location != is.location || was.ty != is.ty {
        changes.breaking(format!(
            "parameter `{name}` changed from {old_words} to {new_words}"
        ));
    } else if !uuid(was) && uuid(is) {
        changes.breaking(format!(
            "parameter `{name}` changed from {old_words} to {new_words}: values that are not UUIDs are now refused before sending"
        ));
    } else if old_words != new_words {
        changes.note(format!(
            "parameter `{name}` changed from {old_words} to {new_words} (still `{}` in Rust)",
            rust_type(&is.ty)
        ));
    }
    // A required parameter is a positional argument of the method, an optional one a field of
    // its options struct: either way, calls written against the old version stop compiling.
    if !was.required() && is.required() {
        changes.breaking(format!(
            "parameter `{name}` became required: it is now a method argument, no longer a field of the options struct"
        ));
    } else if was.required() && !is.required() {
        changes.breaking(format!(
            "parameter `{name}` became optional: it is no longer a method argument but a field of the options struct"
        ));
    }
    rule_changes(name, checks(&was.rules), checks(&is.rules), changes);
}

/// A rule that refuses values the old one let through is breaking; one that lets more through
/// is a note.
fn rule_changes(name: &str, was: Checks, is: Checks, changes: &mut Changes) {
    let ((old_pattern, old_min, old_max), (new_pattern, new_min, new_max)) = (was, is);
    match (old_pattern, new_pattern) {
        (old, new) if old == new => {}
        (_, Some(pattern)) => changes.breaking(format!(
            "parameter `{name}` must now match `{pattern}`: values valid before may be refused before sending"
        )),
        (Some(pattern), None) => changes.note(format!(
            "parameter `{name}` no longer has to match `{pattern}`"
        )),
        (None, None) => {}
    }
    let bound = |value: Option<u64>| value.map_or("none".to_string(), |v| v.to_string());
    if new_min.unwrap_or(0) > old_min.unwrap_or(0) {
        changes.breaking(format!(
            "parameter `{name}` minimum length rose from {} to {}: shorter values are now refused",
            bound(old_min),
            bound(new_min)
        ));
    } else if new_min != old_min {
        changes.note(format!(
            "parameter `{name}` minimum length fell from {} to {}",
            bound(old_min),
            bound(new_min)
        ));
    }
    if new_max.unwrap_or(u64::MAX) < old_max.unwrap_or(u64::MAX) {
        changes.breaking(format!(
            "parameter `{name}` maximum length fell from {} to {}: longer values are now refused",
            bound(old_max),
            bound(new_max)
        ));
    } else if new_max != old_max {
        changes.note(format!(
            "parameter `{name}` maximum length rose from {} to {}",
            bound(old_max),
            bound(new_max)
        ));
    }
}

/// A parameter's pattern, minimum and maximum length.
type Checks<'a> = (Option<&'a String>, Option<u64>, Option<u64>);

/// The pattern and length bounds a parameter is checked against (the UUID check is judged
/// on its own: only gaining it refuses values).
fn checks(rules: &[Rule]) -> Checks<'_> {
    let mut found = (None, None, None);
    for rule in rules {
        match rule {
            Rule::Pattern(pattern) => found.0 = Some(pattern),
            Rule::MinLength(min) => found.1 = Some(*min),
            Rule::MaxLength(max) => found.2 = Some(*max),
            Rule::Uuid => {}
        }
    }
    found
}

/// What a method that sends once returns: `Response<T>` with a headers trait (one documented
/// status), or an outcome enum (more than one).
fn return_shape(old: &Side, new: &Side, changes: &mut Changes) {
    let (before, after) = (&old.operation, &new.operation);
    let sends_once =
        |o: &ir::Operation| o.long_running.is_none() && o.paging.is_none() && !o.exists_check;
    if !sends_once(before) || !sends_once(after) {
        return;
    }
    match (&before.headers_trait, &after.headers_trait) {
        (None, Some(headers)) => changes.breaking(format!(
            "the method now returns azure_core's `Response` (one documented status, headers through `{headers}`), no longer the outcome enum `{}`",
            before.outcome_name
        )),
        (Some(headers), None) => changes.breaking(format!(
            "the method now returns the outcome enum `{}` (more than one documented status), no longer azure_core's `Response` with `{headers}`",
            after.outcome_name
        )),
        (Some(was), Some(is)) if was != is => changes.breaking(format!(
            "the response's headers trait `{was}` is now `{is}`"
        )),
        _ => {}
    }
}

fn outcomes(old: &Side, new: &Side, changes: &mut Changes) {
    return_shape(old, new, changes);
    // A plain operation returns an outcome enum with one variant per success status, or
    // `Response<T>` for its one status; a long-running one returns a `Poller` of one result
    // model, and its statuses are only the ones the poller accepts.
    let long_running = new.operation.long_running.is_some();
    let was_response = old.operation.headers_trait.is_some();
    let before = by_key(&old.operation.outcomes, |o| o.status.to_string());
    let after = by_key(&new.operation.outcomes, |o| o.status.to_string());
    for (status, outcome) in &after {
        let Some(was) = before.get(status) else {
            let with = outcome
                .model
                .as_ref()
                .map(|m| format!(" with `{m}`"))
                .unwrap_or_default();
            if long_running {
                changes.additive(format!("new status {status}{with} (the poller accepts it)"));
            } else if was_response {
                // The change of return type says what breaks.
                changes.breaking(format!("new status {status}{with}"));
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
        if was.model != outcome.model {
            changes.breaking(format!(
                "status {status} body {:?} -> {:?}",
                was.model, outcome.model
            ));
        }
        headers((old, was), (new, outcome), changes);
    }
    for status in before.keys().filter(|s| !after.contains_key(*s)) {
        changes.breaking(format!("removed status {status}"));
    }
}

/// `integer (int32)`: the spec's words for a header's type.
fn describe_header(side: &Side, status: u16, lookup_name: &str, ty: &ir::Type) -> String {
    side.spec
        .operation
        .responses
        .iter()
        .filter(|r| r.status == status)
        .flat_map(|r| &r.headers)
        .find(|h| h.name.eq_ignore_ascii_case(lookup_name))
        .map_or_else(
            || rust_type(ty),
            |h| format!("{}{}", h.ty, format_suffix(&h.format)),
        )
}

fn headers(old: (&Side, &Outcome), new: (&Side, &Outcome), changes: &mut Changes) {
    let status = new.1.status;
    // A `Response<T>`'s headers are methods of its sealed headers trait, an outcome's are
    // fields of its `#[non_exhaustive]` variant: either way, only this crate builds them.
    let member = match new.0.operation.headers_trait {
        Some(_) => "method of the headers trait",
        None => "field",
    };
    let before = by_key(&old.1.headers, |h| h.lookup_name.clone());
    let after = by_key(&new.1.headers, |h| h.lookup_name.clone());
    for (key, header) in &after {
        let Some(was) = before.get(key) else {
            // A header is a field of the status's outcome variant; the variants are
            // `#[non_exhaustive]`, so no code outside the crate builds or fully
            // destructures one, and a new field breaks nothing.
            changes.additive(format!(
                "status {status} has a new header `{}` (a new {member})",
                header.wire_name
            ));
            continue;
        };
        let old_words = describe_header(old.0, status, key, &was.ty);
        let new_words = describe_header(new.0, status, key, &header.ty);
        if was.ty != header.ty {
            changes.breaking(format!(
                "status {status} header `{}` changed type {}",
                header.wire_name,
                type_change(&old_words, &new_words, &was.ty, &header.ty)
            ));
        } else if old_words != new_words {
            changes.note(format!(
                "status {status} header `{}` changed format {old_words} -> {new_words} (still `{}` in Rust)",
                header.wire_name,
                rust_type(&header.ty)
            ));
        }
        if was.name != header.name {
            changes.breaking(format!(
                "status {status} header `{}` is now the {member} `{}`, no longer `{}`",
                header.wire_name, header.name, was.name
            ));
        }
    }
    for (key, header) in &before {
        if !after.contains_key(key) {
            changes.breaking(format!(
                "status {status} no longer documents header `{}`",
                header.wire_name
            ));
        }
    }
}
