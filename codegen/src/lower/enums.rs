//! Enums: one variant per value, named by `names::variant`.

use super::doc_or;
use crate::diagnostic::{Diagnostic, SpecPath};
use crate::load::SpecFile;
use crate::{ir, names, spec};
use std::collections::BTreeMap;

pub(super) fn lower_enum(
    file: &SpecFile,
    index: usize,
    enumeration: &spec::Enum,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Enum> {
    let before = problems.len();
    let at = SpecPath::root().key("enums").index(index);
    if enumeration.values.is_empty() {
        problems.push(file.error(
            &at.key("values"),
            format!("enum `{}` has no values", enumeration.name),
            "list at least one value",
        ));
    }
    let mut variants = Vec::new();
    // Variant → the value that took it.
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    for (position, value) in enumeration.values.iter().enumerate() {
        let at = at.key("values").index(position).key("value");
        let name = names::variant(&value.value);
        let clash = if name == names::UNKNOWN_VALUE_VARIANT {
            Some("UnknownValue (kept for unknown values)")
        } else {
            taken.insert(name.clone(), &value.value)
        };
        if let Some(other) = clash {
            let message = if other == value.value {
                format!(
                    "value `{other}` is listed twice in enum `{}`",
                    enumeration.name
                )
            } else {
                format!(
                    "values `{other}` and `{}` both become the variant `{name}`",
                    value.value
                )
            };
            problems.push(file.error(&at, message, "every enum value needs its own Rust variant"));
            continue;
        }
        if name.is_empty() {
            problems.push(file.error(&at, "an enum value must not be empty", "remove the value"));
            continue;
        }
        variants.push(ir::Variant {
            doc: value
                .description
                .as_deref()
                .map(|d| doc_or(d, ""))
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| format!("The service value `{}`.", value.value)),
            name,
            value: value.value.clone(),
        });
    }
    (problems.len() == before).then(|| ir::Enum {
        name: names::upper_camel(&enumeration.name),
        doc: doc_or(
            &enumeration.description,
            &format!("The `{}` values.", enumeration.name),
        ),
        extensible: enumeration.extensible,
        variants,
    })
}
