//! Spec keys the format has, for real upstream input, that lowering does not act on yet.
//!
//! Each is refused where it stands, so a spec that uses one never generates code that silently
//! ignores it. Implementing a key means deleting its line here.

use crate::diagnostic::{Diagnostic, SpecPath};
use crate::load::SpecFile;

/// Every key of `file` that lowering cannot act on yet, located.
pub(super) fn check(file: &SpecFile, problems: &mut Vec<Diagnostic>) {
    let spec = &file.spec;
    let mut refuse = |at: SpecPath, key: &str| {
        problems.push(file.error(
            &at.key(key),
            format!("`{key}` is not supported by this generator yet"),
            "remove it, or generate with a generator that supports it",
        ));
    };
    for (index, model) in spec.models.iter().enumerate() {
        let at = SpecPath::root().key("models").index(index);
        for (key, used) in [
            ("discriminator", model.discriminator.is_some()),
            ("parent", model.parent.is_some()),
            ("discriminator_value", model.discriminator_value.is_some()),
        ] {
            if used {
                refuse(at.clone(), key);
            }
        }
        for (position, property) in model.properties.iter().enumerate() {
            let at = at.key("properties").index(position);
            for (key, used) in [
                ("secret", property.secret),
                ("nullable", property.nullable),
                ("default", property.default.is_some()),
                ("mutability", !property.mutability.is_empty()),
            ] {
                if used {
                    refuse(at.clone(), key);
                }
            }
        }
    }
}
