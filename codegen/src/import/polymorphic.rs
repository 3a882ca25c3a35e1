//! Polymorphic models (`discriminator`, allOf-derived definitions with
//! `x-ms-discriminator-value`) and the property keywords the spec records beside the type
//! (`x-ms-secret`, `x-nullable`, `default`, `x-ms-mutability`).

use super::resolve::Node;
use super::{ImportError, Importer};
use crate::spec::Property;
use serde_json::Value;

/// The x-ms-mutability values the spec knows.
const MUTABILITY: &[&str] = &["create", "read", "update"];

impl Importer<'_> {
    /// For a derived model: the nearest `allOf` base (followed through bases) that declares a
    /// `discriminator`, and the value that selects this model (x-ms-discriminator-value, else
    /// the definition's name, as autorest does).
    pub(super) fn polymorphic_parent(
        &mut self,
        definition: &Node,
    ) -> Result<Option<(String, String)>, ImportError> {
        let Some(base) = self.discriminated_base(definition, &mut Vec::new())? else {
            return Ok(None);
        };
        let parent = self.model(&base)?;
        let value = match definition.str("x-ms-discriminator-value")? {
            Some(value) => value.to_string(),
            None => definition.loc.definition_name().unwrap_or_default(),
        };
        Ok(Some((parent, value)))
    }

    fn discriminated_base(
        &mut self,
        definition: &Node,
        stack: &mut Vec<super::resolve::Loc>,
    ) -> Result<Option<Node>, ImportError> {
        stack.push(definition.loc.clone());
        for member in definition.elements_of("allOf")? {
            let base = self.base(&member, stack)?;
            if base.has("discriminator") {
                return Ok(Some(base));
            }
            if let Some(found) = self.discriminated_base(&base, stack)? {
                return Ok(Some(found));
            }
        }
        stack.pop();
        Ok(None)
    }

    /// Every definition of the base's file that derives from it (through `allOf`), in file
    /// order: a reply may be any of them, so reaching the base reaches them all.
    pub(super) fn derived_models(&mut self, base: &Node) -> Result<(), ImportError> {
        let root = self.docs.root(&base.loc.file, &base.loc)?;
        for (_, definition) in root.entries_of("definitions")? {
            let derives = definition.elements_of("allOf")?.iter().any(|member| {
                member
                    .value
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|reference| self.docs.target(member, reference).ok())
                    .is_some_and(|target| target.loc == base.loc)
            });
            if derives {
                self.model(&definition)?;
            }
        }
        Ok(())
    }

    /// `secret`, `nullable`, `default` and `mutability`, from the property or the definition it
    /// references (the property's own first).
    pub(super) fn property_keys(
        &mut self,
        chain: &[Node],
        property: &mut Property,
    ) -> Result<(), ImportError> {
        for link in chain {
            property.secret |= link.flag("x-ms-secret")?;
            property.nullable |= link.flag("x-nullable")?;
            if property.default.is_none() {
                property.default = link.get("default").map(|d| d.value);
            }
            if property.mutability.is_empty() {
                property.mutability = mutability(link)?;
            }
        }
        Ok(())
    }
}

/// x-ms-mutability: a list of `create`, `read`, `update`.
fn mutability(node: &Node) -> Result<Vec<String>, ImportError> {
    let mut values = Vec::new();
    for entry in node.elements_of("x-ms-mutability")? {
        match entry.value.as_str() {
            Some(value) if MUTABILITY.contains(&value) => values.push(value.to_string()),
            _ => {
                return Err(entry.loc.error(format!(
                    "x-ms-mutability {} is not one of create, read, update",
                    entry.value
                )));
            }
        }
    }
    Ok(values)
}
