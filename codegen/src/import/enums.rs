//! OpenAPI enums (`enum` with `x-ms-enum`) → spec enums.

use super::resolve::{Loc, Node};
use super::{ImportError, Importer};
use crate::names;
use crate::spec::{Enum, EnumValue};
use std::collections::HashMap;

impl Importer<'_> {
    /// The enum a schema with `enum` becomes. `description` (the property's) describes an
    /// inline enum; a definition uses its own.
    pub(super) fn enumeration(
        &mut self,
        node: &Node,
        description: &str,
    ) -> Result<String, ImportError> {
        self.check_keywords(node)?;
        if node.str("type")?.is_some_and(|t| t != "string") {
            return Err(node.loc.error("only string enums can be represented"));
        }
        let x_ms_enum = node.object_at("x-ms-enum")?;
        let x_ms_enum_name = match &x_ms_enum {
            Some(x) => x.str("name")?,
            None => None,
        };
        let definition = node.loc.definition_name();
        let Some(name) = self.names.of(&node.loc).map(str::to_string) else {
            return Err(node.loc.error(
                "an inline enum without `x-ms-enum.name` has no name: only those under a named schema's properties, items or values are named",
            ));
        };
        if let Some(wanted) = x_ms_enum_name.filter(|wanted| *wanted != name) {
            self.warn(
                &node.loc,
                format!("enum `{wanted}` is named `{name}`: another schema of that name differs"),
            );
        }
        let extensible = match &x_ms_enum {
            Some(x) => x.flag("modelAsString")?,
            None => false,
        };
        let values = self.enum_values(node, x_ms_enum.as_ref())?;
        let description = match definition {
            Some(_) => self.description(std::slice::from_ref(node))?,
            None => description.to_string(),
        };
        let enumeration = Enum {
            name: name.clone(),
            description,
            extensible,
            values,
        };
        self.add_enum(enumeration, &node.loc)?;
        Ok(name)
    }

    /// Adds an enum the first time its name is reached. The same name reached again (inline
    /// enums repeat) must mean the same values; the first description is kept.
    fn add_enum(&mut self, enumeration: Enum, loc: &Loc) -> Result<(), ImportError> {
        if let Some(existing) = self.enums.iter().find(|e| e.name == enumeration.name) {
            if existing.extensible == enumeration.extensible
                && existing.values == enumeration.values
            {
                return Ok(());
            }
            let first = &self.enum_sources[&enumeration.name];
            return Err(loc.error(format!(
                "enum `{}` is defined differently here and at {first}",
                enumeration.name
            )));
        }
        self.claim_name(&enumeration.name, loc, false)?;
        self.enum_sources
            .insert(enumeration.name.clone(), loc.clone());
        self.enums.push(enumeration);
        Ok(())
    }

    /// The values of `enum`, with the descriptions x-ms-enum `values` gives them. Refuses what
    /// would not generate: no values, or two values that become the same Rust variant.
    fn enum_values(
        &mut self,
        node: &Node,
        x_ms_enum: Option<&Node>,
    ) -> Result<Vec<EnumValue>, ImportError> {
        // In x-ms-enum order, so that an error names the first stray entry.
        let mut descriptions = match x_ms_enum {
            Some(x_ms_enum) => self.x_ms_enum_descriptions(x_ms_enum)?,
            None => Vec::new(),
        };
        let listed = node.elements_of("enum")?;
        if listed.is_empty() {
            return Err(node
                .loc
                .key("enum")
                .error("`enum` lists no values; an enum needs at least one"));
        }
        let mut values = Vec::new();
        let mut variants: HashMap<String, String> = HashMap::new();
        for value in listed {
            let Some(text) = value.value.as_str() else {
                return Err(value
                    .loc
                    .error("only string enum values can be represented"));
            };
            let variant = names::variant(text);
            if variant == names::UNKNOWN_VALUE_VARIANT {
                return Err(value.loc.error(format!(
                    "value `{text}` becomes the Rust variant `UnknownValue`, which every enum keeps for values it does not know"
                )));
            }
            if let Some(other) = variants.insert(variant.clone(), text.to_string()) {
                let message = if other == text {
                    format!("value `{text}` is listed twice")
                } else {
                    format!(
                        "values `{other}` and `{text}` both become the Rust variant `{variant}`; every value needs its own"
                    )
                };
                return Err(value.loc.error(message));
            }
            let described = descriptions.iter().position(|(v, _)| v == text);
            values.push(EnumValue {
                value: text.to_string(),
                description: described.map(|at| descriptions.remove(at).1),
            });
        }
        if let Some((extra, _)) = descriptions.first() {
            return Err(node.loc.error(format!(
                "x-ms-enum describes `{extra}`, which `enum` does not list"
            )));
        }
        Ok(values)
    }

    /// The descriptions x-ms-enum `values` gives, by value, in x-ms-enum order.
    fn x_ms_enum_descriptions(
        &mut self,
        x_ms_enum: &Node,
    ) -> Result<Vec<(String, String)>, ImportError> {
        let mut descriptions: Vec<(String, String)> = Vec::new();
        for key in x_ms_enum.keys()? {
            if !["name", "modelAsString", "values"].contains(&key.as_str()) {
                self.warn(
                    &x_ms_enum.loc,
                    format!("`{key}` is not recorded in the spec"),
                );
            }
        }
        for entry in x_ms_enum.elements_of("values")? {
            let Some(value) = entry.str("value")? else {
                return Err(entry.loc.error("an x-ms-enum value without `value`"));
            };
            if descriptions.iter().any(|(v, _)| v == value) {
                return Err(entry
                    .loc
                    .error(format!("x-ms-enum describes `{value}` twice")));
            }
            if let Some(description) = entry.str("description")? {
                descriptions.push((value.to_string(), description.to_string()));
            }
            // The spec names a variant after its value; an upstream `name` is lost, which
            // matters only when it would give another variant.
            if let Some(name) = entry.str("name")?
                && names::variant(name) != names::variant(value)
            {
                self.warn(
                    &entry.loc.key("name"),
                    format!(
                        "the name `{name}` is not recorded in the spec; the Rust variant is `{}`, after the value `{value}`",
                        names::variant(value)
                    ),
                );
            }
            for key in entry.keys()? {
                if !["value", "description", "name"].contains(&key.as_str()) {
                    self.warn(&entry.loc, format!("`{key}` is not recorded in the spec"));
                }
            }
        }
        Ok(descriptions)
    }
}
