//! Discriminated unions: a base model with a `discriminator` and the models that name it as
//! their `parent` become one Rust enum, named after the base, with a variant per derived model
//! and one that keeps an unknown kind. The base's own struct is not emitted: wherever a
//! property names the base, it holds the union.

use super::declared::Declared;
use super::doc_or;
use crate::diagnostic::{Diagnostic, SpecPath};
use crate::load::SpecFile;
use crate::{ir, names, spec};
use std::collections::BTreeMap;

/// The union a base model (one with a `discriminator`) becomes, with every model of the file
/// that derives from it, directly or through another derived model.
pub(super) fn lower_union(
    file: &SpecFile,
    declared: &Declared,
    index: usize,
    base: &spec::Model,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Union> {
    let before = problems.len();
    let at = SpecPath::root().key("models").index(index);
    let discriminator = base.discriminator.as_deref()?;
    for (key, used) in [
        ("parent", base.parent.is_some()),
        ("discriminator_value", base.discriminator_value.is_some()),
    ] {
        if used {
            problems.push(file.error(
                &at.key(key),
                format!(
                    "base model `{}` has a `discriminator`, so it cannot have `{key}`",
                    base.name
                ),
                "a union has one base: give the discriminator to the topmost model only",
            ));
        }
    }
    let mut variants = Vec::new();
    // Discriminator value → the model that took it.
    let mut values: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, (derived_index, derived)) in &declared.models {
        let root = root_of(declared, derived).map(|root| root.name.as_str());
        if derived.parent.is_none() || root != Some(base.name.as_str()) {
            continue;
        }
        let Some(value) = derived.discriminator_value.as_deref() else {
            continue; // `variant_tag` reports it.
        };
        let at = SpecPath::root().key("models").index(*derived_index);
        if let Some(other) = values.insert(value, name) {
            problems.push(file.error(
                &at.key("discriminator_value"),
                format!("`{name}` and `{other}` both have discriminator value `{value}`"),
                "every model of a union needs its own value",
            ));
            continue;
        }
        let variant = names::upper_camel(name);
        if variant == ir::UNKNOWN_KIND {
            problems.push(file.error(
                &at.key("name"),
                format!(
                    "`{name}` would take the variant `{}` that keeps unknown kinds",
                    ir::UNKNOWN_KIND
                ),
                "rename the model",
            ));
            continue;
        }
        variants.push(ir::UnionVariant {
            model: variant.clone(),
            name: variant,
            value: value.to_string(),
        });
    }
    variants.sort_by(|a, b| a.value.cmp(&b.value));
    let read_only = base
        .properties
        .iter()
        .filter(|p| p.read_only || p.mutability == ["read"])
        .map(|p| p.name.clone())
        .collect();
    (problems.len() == before).then(|| ir::Union {
        name: names::upper_camel(&base.name),
        doc: doc_or(&base.description, &format!("The `{}` kinds.", base.name)),
        discriminator: discriminator.to_string(),
        variants,
        read_only,
        in_request: false,
    })
}

/// The tag of a derived model (one with a `parent`): the root's discriminator and the model's
/// `discriminator_value`. `None` (with a problem when the spec is wrong) otherwise.
pub(super) fn variant_tag(
    file: &SpecFile,
    declared: &Declared,
    at: &SpecPath,
    model: &spec::Model,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Tag> {
    let Some(parent) = &model.parent else {
        if model.discriminator_value.is_some() {
            problems.push(file.error(
                &at.key("discriminator_value"),
                format!(
                    "`{}` has a `discriminator_value` but no `parent`",
                    model.name
                ),
                "name the base model in `parent`, or remove the value",
            ));
        }
        return None;
    };
    if !declared.models.contains_key(parent.as_str()) {
        problems.push(file.error(
            &at.key("parent"),
            format!("parent `{parent}` is not a model of this file"),
            "name the base model whose `discriminator` selects this one",
        ));
        return None;
    }
    let Some(root) = root_of(declared, model) else {
        problems.push(file.error(
            &at.key("parent"),
            format!(
                "no model up the `parent` chain of `{}` has a `discriminator`",
                model.name
            ),
            "give the base model `discriminator: <property>`, and no model a parent loop",
        ));
        return None;
    };
    let Some(value) = &model.discriminator_value else {
        problems.push(file.error(
            &at.key("parent"),
            format!(
                "`{}` derives from `{parent}` but has no `discriminator_value`",
                model.name
            ),
            "add the value of the discriminator that selects this model",
        ));
        return None;
    };
    if model.discriminator.is_some() {
        problems.push(file.error(
            &at.key("discriminator"),
            format!(
                "`{}` derives from `{parent}`, so it cannot have a `discriminator` of its own",
                model.name
            ),
            "a union has one discriminator, on its topmost model",
        ));
        return None;
    }
    Some(ir::Tag {
        property: root.discriminator.clone()?,
        value: value.clone(),
    })
}

/// The topmost model of `model`'s `parent` chain, if it has a discriminator; `None` for a
/// model without a parent, a missing parent or a loop.
fn root_of<'a>(declared: &Declared<'a>, model: &'a spec::Model) -> Option<&'a spec::Model> {
    let mut current = model;
    // A chain longer than the file's models has a loop.
    for _ in 0..=declared.models.len() {
        match &current.parent {
            None => return current.discriminator.is_some().then_some(current),
            Some(parent) => current = declared.models.get(parent.as_str())?.1,
        }
    }
    None
}
