//! Models and their fields (types, renames, constructors, read-only), enums, and unions.

use super::{Changes, Side, by_key, format_suffix, rust_type, type_change};
use crate::ir::{Enum, Field, Model, Union};
use crate::names;
use crate::spec;
use std::collections::BTreeMap;

/// Whether the field at `index` is a parameter of its model's `new`. The only place that reads
/// how the IR records the constructor.
fn is_constructor_param(model: &Model, index: usize) -> bool {
    model.fields[index].constructor_param
}

/// How many parameters the model's `new` takes; none means it derives `Default` instead.
fn constructor_params(model: &Model) -> usize {
    (0..model.fields.len())
        .filter(|&index| is_constructor_param(model, index))
        .count()
}

/// One model on one side, with its spec for the wording.
struct ModelSide<'a> {
    model: &'a Model,
    spec: Option<&'a spec::Model>,
    /// Fields by JSON name, with their index in `model.fields`.
    fields: BTreeMap<&'a str, (usize, &'a Field)>,
}

impl<'a> ModelSide<'a> {
    fn new(side: &'a Side, model: &'a Model) -> ModelSide<'a> {
        ModelSide {
            model,
            spec: side
                .spec
                .models
                .iter()
                .find(|m| names::upper_camel(&m.name) == model.name),
            fields: model
                .fields
                .iter()
                .enumerate()
                .map(|(index, field)| (field.json_name.as_str(), (index, field)))
                .collect(),
        }
    }

    /// A field's type in the spec's words (`array of X`, `string (uuid)`).
    fn describe(&self, field: &Field) -> String {
        let property = self
            .spec
            .and_then(|m| m.properties.iter().find(|p| p.name == field.json_name));
        let Some(p) = property else {
            return rust_type(&field.ty);
        };
        match (p.ty.as_str(), &p.items, &p.values) {
            ("array", Some(items), _) => format!("array of {items}"),
            ("map", _, Some(values)) => format!("map of {values}"),
            (ty, _, _) => format!("{ty}{}", format_suffix(&p.format)),
        }
    }

    fn in_constructor(&self, json_name: &str) -> bool {
        self.fields
            .get(json_name)
            .is_some_and(|&(index, _)| is_constructor_param(self.model, index))
    }
}

pub(super) fn compare_models(old: &Side, new: &Side, changes: &mut Changes) {
    let before = by_key(&old.service.models, |m| m.name.clone());
    let after = by_key(&new.service.models, |m| m.name.clone());
    for (name, model) in &after {
        match before.get(name) {
            None => changes.additive(format!("new model `{name}`")),
            Some(was) => fields(
                name,
                &ModelSide::new(old, was),
                &ModelSide::new(new, model),
                changes,
            ),
        }
    }
    for name in before.keys().filter(|name| !after.contains_key(*name)) {
        changes.breaking(format!("removed model `{name}`"));
    }
}

/// Removed and added fields that are most likely renames, as (removed, added) JSON names: a
/// removal and an addition of the same Rust type, when the model has exactly one of each of
/// that type. With more, which one replaced which is a guess, so none is paired.
fn renames<'a>(removed: &[&'a Field], added: &[&'a Field]) -> BTreeMap<&'a str, &'a str> {
    let of_type = |fields: &[&'a Field], field: &Field| -> Vec<&'a str> {
        fields
            .iter()
            .filter(|f| f.ty == field.ty)
            .map(|f| f.json_name.as_str())
            .collect()
    };
    removed
        .iter()
        .filter_map(|from| {
            match (
                of_type(removed, from).as_slice(),
                of_type(added, from).as_slice(),
            ) {
                ([_], [to]) => Some((from.json_name.as_str(), *to)),
                _ => None,
            }
        })
        .collect()
}

/// What becomes of the model's constructor when a field stops being one of its parameters;
/// `left` is how many it has afterwards.
fn constructor_loses(left: usize) -> &'static str {
    if left == 0 {
        "the model no longer has `new` (it derives `Default` instead)"
    } else {
        "`new` no longer takes it"
    }
}

/// What becomes of the model's constructor when a field becomes one of its parameters; `had`
/// is how many it had before.
fn constructor_gains(had: usize) -> &'static str {
    if had == 0 {
        "the model gets `new` taking it, and no longer derives `Default`"
    } else {
        "`new` takes it as a new argument"
    }
}

/// The fields of `side` that `other` does not have.
fn only_in<'a>(side: &ModelSide<'a>, other: &ModelSide) -> Vec<&'a Field> {
    side.fields
        .iter()
        .filter(|(name, _)| !other.fields.contains_key(*name))
        .map(|(_, &(_, field))| field)
        .collect()
}

fn fields(model: &str, old: &ModelSide, new: &ModelSide, changes: &mut Changes) {
    let (removed, added) = (only_in(old, new), only_in(new, old));
    let renamed = renames(&removed, &added);
    for field in &added {
        let what = new.describe(field);
        let name = &field.json_name;
        let renamed_from = renamed
            .iter()
            .find(|(_, to)| **to == name.as_str())
            .map(|(from, _)| from);
        match renamed_from {
            Some(from) => changes.breaking(format!(
                "property `{model}.{from}` renamed to `{name}` ({what})?"
            )),
            None if new.in_constructor(name) => changes.breaking(format!(
                "new required property `{model}.{name}` ({what}): requests must now send it"
            )),
            None => changes.additive(format!("new property `{model}.{name}` ({what})")),
        }
    }
    for field in &removed {
        if !renamed.contains_key(field.json_name.as_str()) {
            changes.breaking(format!("removed property `{model}.{}`", field.json_name));
        }
    }
    for (name, &(_, after)) in &new.fields {
        if let Some(&(_, before)) = old.fields.get(name) {
            changed_field(
                &format!("{model}.{name}"),
                (old, before),
                (new, after),
                changes,
            );
        }
    }
}

/// A field on both sides: its type, and whether it is sent and asked for by `new`.
fn changed_field(
    property: &str,
    (old, before): (&ModelSide, &Field),
    (new, after): (&ModelSide, &Field),
    changes: &mut Changes,
) {
    let (old_words, new_words) = (old.describe(before), new.describe(after));
    if before.ty != after.ty {
        changes.breaking(format!(
            "property `{property}` changed type {}",
            type_change(&old_words, &new_words, &before.ty, &after.ty)
        ));
    } else if old_words != new_words {
        changes.note(format!(
            "property `{property}` changed type {old_words} -> {new_words}: still `{}` in Rust and the same JSON on the wire",
            rust_type(&after.ty)
        ));
    }
    let name = before.json_name.as_str();
    let (was, is) = (old.in_constructor(name), new.in_constructor(name));
    let became_writable = before.read_only && !after.read_only;
    let became_read_only = !before.read_only && after.read_only;
    if !was && is {
        let why = if became_writable {
            "became writable, and it is required"
        } else if !before.required {
            "became required"
        } else {
            "is now an argument of `new`"
        };
        let gains = constructor_gains(constructor_params(old.model));
        changes.breaking(format!("property `{property}` {why}: {gains}"));
    } else if was && !is {
        let why = if became_read_only {
            "became read-only: it is no longer sent, and"
        } else if !after.required {
            "is no longer required:"
        } else {
            "is no longer an argument of `new`:"
        };
        let loses = constructor_loses(constructor_params(new.model));
        changes.breaking(format!("property `{property}` {why} {loses}"));
    } else {
        unchanged_constructor(property, before, after, changes);
    }
    clear_method(property, (old, before), (new, after), changes);
}

/// A nullable property a request sends has a `clear_*` method: gaining it is additive, losing
/// it (the property is no longer nullable, or no longer sent) breaks its calls.
fn clear_method(
    property: &str,
    (old, before): (&ModelSide, &Field),
    (new, after): (&ModelSide, &Field),
    changes: &mut Changes,
) {
    let clearable = |side: &ModelSide, field: &Field| {
        side.model
            .clearable_fields()
            .any(|f| f.json_name == field.json_name)
    };
    let method = names::clear_method(&after.name);
    match (clearable(old, before), clearable(new, after)) {
        (false, true) => changes.additive(format!(
            "property `{property}` can be cleared: `{method}()` sends it as `null`"
        )),
        (true, false) => changes.breaking(format!(
            "property `{property}` can no longer be cleared: `{method}()` is gone"
        )),
        _ => {}
    }
}

/// `required` and `read_only` changes that leave `new` as it was.
fn unchanged_constructor(property: &str, before: &Field, after: &Field, changes: &mut Changes) {
    if !before.read_only && after.read_only {
        changes.breaking(format!(
            "property `{property}` became read-only: it is no longer sent"
        ));
    } else if before.read_only && !after.read_only {
        changes.additive(format!("property `{property}` became writable"));
    } else if before.required != after.required {
        // Every field is an `Option` in Rust, and this one is no argument of `new` on either
        // side: nothing consumers wrote changes.
        let (now, why) = match (after.required, after.read_only) {
            (false, true) => ("is no longer required", "it was read-only, never"),
            (false, false) => ("is no longer required", "it was never"),
            (true, true) => ("is now required", "it is read-only, not"),
            (true, false) => ("is now required", "it is not sent, not"),
        };
        changes.note(format!(
            "property `{property}` {now} ({why} an argument of `new`: nothing changes in Rust)"
        ));
    }
}

pub(super) fn compare_enums(old: &[Enum], new: &[Enum], changes: &mut Changes) {
    let before = by_key(old, |e| e.name.clone());
    let after = by_key(new, |e| e.name.clone());
    for (name, enumeration) in &after {
        match before.get(name) {
            None => changes.additive(format!("new enum `{name}`")),
            Some(was) => variants(name, was, enumeration, changes),
        }
    }
    for name in before.keys().filter(|name| !after.contains_key(*name)) {
        changes.breaking(format!("removed enum `{name}`"));
    }
}

fn variants(name: &str, before: &Enum, after: &Enum, changes: &mut Changes) {
    // Every enum reads any value (`UnknownValue` keeps the ones it does not list) and is
    // `#[non_exhaustive]`; "closed" governs only what may be sent.
    match (before.extensible, after.extensible) {
        (true, false) => changes.breaking(format!(
            "enum `{name}` became closed: a request carrying a value outside the list now fails before it is sent"
        )),
        (false, true) => changes.additive(format!(
            "enum `{name}` became extensible: values outside the list may now be sent"
        )),
        _ => {}
    }
    let old_variants = by_key(&before.variants, |v| v.value.clone());
    let new_variants = by_key(&after.variants, |v| v.value.clone());
    // In the order of the spec, as the summary always listed them.
    for variant in after.variants.iter() {
        let value = &variant.value;
        match old_variants.get(value) {
            // The enum is `#[non_exhaustive]`; the value, read as `UnknownValue` before, now
            // reads as its variant.
            None => changes.additive(format!(
                "new value `{value}` in enum `{name}`: read as `{}`, no longer as `UnknownValue`",
                variant.name
            )),
            Some(was) if was.name != variant.name => changes.breaking(format!(
                "value `{value}` of enum `{name}` is now the variant `{}`, no longer `{}`",
                variant.name, was.name
            )),
            Some(_) => {}
        }
    }
    for variant in before.variants.iter() {
        if !new_variants.contains_key(&variant.value) {
            changes.breaking(format!(
                "removed value `{}` from enum `{name}`",
                variant.value
            ));
        }
    }
}

pub(super) fn compare_unions(old: &[Union], new: &[Union], changes: &mut Changes) {
    let before = by_key(old, |u| u.name.clone());
    let after = by_key(new, |u| u.name.clone());
    for (name, union) in &after {
        match before.get(name) {
            None => changes.additive(format!("new union `{name}`")),
            Some(was) => kinds(name, was, union, changes),
        }
    }
    for name in before.keys().filter(|name| !after.contains_key(*name)) {
        changes.breaking(format!("removed union `{name}`"));
    }
}

fn kinds(name: &str, before: &Union, after: &Union, changes: &mut Changes) {
    if before.discriminator != after.discriminator {
        changes.breaking(format!(
            "union `{name}` is told apart by `{}`, no longer `{}`",
            after.discriminator, before.discriminator
        ));
    }
    let old_kinds = by_key(&before.variants, |v| v.value.clone());
    let new_kinds = by_key(&after.variants, |v| v.value.clone());
    for variant in &after.variants {
        let value = &variant.value;
        match old_kinds.get(value) {
            // The enum is non-exhaustive, so this compiles; the kind stops being `UnknownKind`.
            None => changes.additive(format!(
                "new kind `{value}` in union `{name}` (it was read as `UnknownKind`)"
            )),
            Some(was) if was.name != variant.name => changes.breaking(format!(
                "kind `{value}` of union `{name}` is now the variant `{}`, no longer `{}`",
                variant.name, was.name
            )),
            Some(_) => {}
        }
    }
    for variant in &before.variants {
        if !new_kinds.contains_key(&variant.value) {
            changes.breaking(format!(
                "removed kind `{}` from union `{name}`: it is now read as `UnknownKind`",
                variant.value
            ));
        }
    }
}
