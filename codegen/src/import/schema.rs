//! Schemas → spec models and property types: `$ref` chains, `allOf` flattening, formats (by
//! the type table in `crate::types`). Enums are in `enums`.

use super::resolve::{Loc, Node, expected};
use super::{ImportError, Importer};
use crate::spec::{Model, Property};
use crate::{names, types};
use serde_json::Value;
use std::collections::HashMap;

/// Schema keywords the importer reads.
const READ: &[&str] = &[
    "$ref",
    "type",
    "format",
    "description",
    "title",
    "properties",
    "required",
    "allOf",
    "items",
    "additionalProperties",
    "enum",
    "x-ms-enum",
    "readOnly",
    "x-ms-client-flatten",
    "discriminator",
    "x-ms-discriminator-value",
    "x-ms-secret",
    "x-nullable",
    "default",
    "x-ms-mutability",
];

/// Keywords that change nothing on the wire and that the spec has no key for.
const SILENT: &[&str] = &[
    "x-ms-identifiers",
    "x-ms-azure-resource",
    "x-ms-external",
    "x-ms-client-name",
    "example",
    "externalDocs",
];

/// Keywords whose meaning the spec format cannot carry (unions).
const UNSUPPORTED: &[(&str, &str)] = &[
    ("oneOf", "`oneOf` unions"),
    ("anyOf", "`anyOf` unions"),
    ("not", "`not` schemas"),
];

/// How deep models may nest (a property whose model has a property whose model …, each new),
/// and how deep `allOf` bases may: reading recurses, so a pathological chain would otherwise
/// overflow the stack. Real ARM specs stay far below this.
const MAX_DEPTH: usize = 100;

/// What a schema is, once its `$ref`s are followed.
pub(super) enum Kind {
    Enum,
    Array(Node),
    /// `additionalProperties`: the value schema, or `None` for `true` / `{}` (any JSON).
    Map(Option<Node>),
    Model,
    /// Free-form JSON.
    Object,
    Primitive(String),
}

/// A property's (or a body's) type in spec terms.
pub(super) struct Shape {
    pub ty: String,
    pub format: Option<String>,
    pub items: Option<String>,
    pub values: Option<String>,
}

impl Shape {
    pub(super) fn named(ty: impl Into<String>, format: Option<String>) -> Shape {
        Shape {
            ty: ty.into(),
            format,
            items: None,
            values: None,
        }
    }
}

/// A model's properties after `allOf` flattening: bases first, in base order.
#[derive(Default)]
struct Flat {
    properties: Vec<(String, Node)>,
    required: Vec<String>,
}

impl Importer<'_> {
    /// The model a body or response `schema` names. It must be a model definition.
    pub(super) fn root_model(&mut self, schema: &Node) -> Result<String, ImportError> {
        let chain = self.schema_chain(schema)?;
        let target = chain.last().expect("a chain is never empty");
        self.check_keywords(target)?;
        match kind(target)? {
            Kind::Model => self.model(target),
            _ => Err(schema.loc.error(
                "a request or response body must be a model (an object definition with properties)",
            )),
        }
    }

    /// The type of a request or response body: a model (`Shape::ty` is its name; the bool
    /// says so), or an array, map or primitive.
    pub(super) fn body_shape(&mut self, schema: &Node) -> Result<(Shape, bool), ImportError> {
        let chain = self.schema_chain(schema)?;
        for link in &chain {
            self.check_keywords(link)?;
        }
        let target = chain.last().expect("a chain is never empty");
        let is_model = matches!(kind(target)?, Kind::Model);
        let description = find_description(&chain)?.unwrap_or_default();
        Ok((self.shape(&chain, &description)?, is_model))
    }

    /// The type of a request body.
    pub(super) fn body(&mut self, schema: &Node) -> Result<Shape, ImportError> {
        Ok(self.body_shape(schema)?.0)
    }

    /// Follows `$ref`s; also treats an inline one-member `allOf` as the `$ref` it wraps (older
    /// specs write a described reference that way). Definitions keep their `allOf`: that is
    /// inheritance.
    fn schema_chain(&mut self, node: &Node) -> Result<Vec<Node>, ImportError> {
        let mut chain = self.docs.chain(node.clone())?;
        let last = chain.last().expect("a chain is never empty").clone();
        if last.loc.definition_name().is_none() && is_ref_wrapper(&last)? {
            let member = last.elements_of("allOf")?.remove(0);
            chain.extend(self.docs.chain(member)?);
        }
        Ok(chain)
    }

    /// Errors on keywords the spec cannot carry; warns on keywords it has no key for.
    pub(super) fn check_keywords(&mut self, node: &Node) -> Result<(), ImportError> {
        for key in node.keys()? {
            if let Some((_, what)) = UNSUPPORTED.iter().find(|(k, _)| *k == key) {
                return Err(node
                    .loc
                    .error(format!("{what} cannot be represented in a spec")));
            }
            if !READ.contains(&key.as_str()) && !SILENT.contains(&key.as_str()) {
                self.warn(&node.loc, format!("`{key}` is not recorded in the spec"));
            }
        }
        Ok(())
    }

    /// The model a definition becomes; read once, however often it is reached.
    pub(super) fn model(&mut self, definition: &Node) -> Result<String, ImportError> {
        let Some(name) = self.names.of(&definition.loc).map(str::to_string) else {
            return Err(definition.loc.error(
                "an inline object with properties has no name: only those under a named schema's properties, items or values are named",
            ));
        };
        if let Some(source) = self.model_sources.get(&name) {
            if *source == definition.loc {
                return Ok(name);
            }
            return Err(definition.loc.error(format!(
                "a second definition named `{name}` (the first is {source})"
            )));
        }
        if let Some(wanted) = definition.loc.definition_name().filter(|w| *w != name) {
            self.warn(
                &definition.loc,
                format!("model `{wanted}` is named `{name}`: another schema of that name differs"),
            );
        }
        self.claim_name(&name, &definition.loc, true)?;
        let slot = self.models.len();
        self.models.push(None);
        self.model_sources
            .insert(name.clone(), definition.loc.clone());

        let flat = self.flatten(definition, &mut Vec::new())?;
        check_field_names(&flat)?;
        if self.depth >= MAX_DEPTH {
            return Err(definition.loc.error(format!(
                "models nest more than {MAX_DEPTH} deep (each reaching a new one); this importer stops there rather than overflow its stack"
            )));
        }
        // An error ends the import, so the count needs no unwinding on that path.
        self.depth += 1;
        let mut properties = Vec::new();
        for (property_name, node) in &flat.properties {
            let required = flat.required.contains(property_name);
            properties.push(self.property(property_name, node, required)?);
        }
        self.depth -= 1;
        if let Some(missing) = flat
            .required
            .iter()
            .find(|r| !flat.properties.iter().any(|(p, _)| p == *r))
        {
            return Err(definition.loc.error(format!(
                "`required` names `{missing}`, which is not a property of `{name}`"
            )));
        }
        let description = self.description(std::slice::from_ref(definition))?;
        let discriminator = definition.str("discriminator")?.map(str::to_string);
        let (parent, discriminator_value) = match self.polymorphic_parent(definition)? {
            Some((parent, value)) => (Some(parent), Some(value)),
            None => (None, None),
        };
        self.models[slot] = Some(Model {
            name: name.clone(),
            description,
            discriminator: discriminator.clone(),
            parent,
            discriminator_value,
            origin: Some(self.names.origin(&definition.loc)),
            properties,
        });
        if discriminator.is_some() {
            self.derived_models(definition)?;
        }
        Ok(name)
    }

    /// A model's own properties after those of its `allOf` bases; `required` lists merged.
    /// `stack` holds the definitions being flattened, to catch inheritance cycles.
    fn flatten(&mut self, definition: &Node, stack: &mut Vec<Loc>) -> Result<Flat, ImportError> {
        self.check_keywords(definition)?;
        // A model that is also a map (extra keys beside its own or inherited properties) has no
        // spelling in the spec: refused rather than dropping either part. `flatten` only meets
        // definitions with `properties` or `allOf`, the two ways to be a model.
        if allows_additional(definition)? {
            return Err(definition.loc.error(
                "`additionalProperties` on a model (a schema with `properties` or `allOf` bases) cannot be represented: a spec model has no extra keys",
            ));
        }
        if stack.len() >= MAX_DEPTH {
            return Err(definition.loc.error(format!(
                "`allOf` bases nest more than {MAX_DEPTH} deep; this importer stops there rather than overflow its stack"
            )));
        }
        stack.push(definition.loc.clone());
        let mut flat = Flat::default();
        for member in definition.elements_of("allOf")? {
            let base = self.base(&member, stack)?;
            let inherited = self.flatten(&base, stack)?;
            for (name, node) in inherited.properties {
                add_property(&mut flat, name, node)?;
            }
            add_required(&mut flat, inherited.required);
        }
        for (name, node) in definition.entries_of("properties")? {
            add_property(&mut flat, name, node)?;
        }
        let required = definition
            .elements_of("required")?
            .into_iter()
            .map(|r| {
                r.value
                    .as_str()
                    .map(str::to_string)
                    .ok_or_else(|| r.loc.error("a `required` entry is not a string"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        add_required(&mut flat, required);
        stack.pop();
        Ok(flat)
    }

    /// The definition an `allOf` member names. Only `$ref` members are inheritance.
    pub(super) fn base(&mut self, member: &Node, stack: &[Loc]) -> Result<Node, ImportError> {
        if !member.has("$ref") {
            return Err(member
                .loc
                .error("an `allOf` member that is not a `$ref` cannot be represented"));
        }
        let chain = self.docs.chain(member.clone())?;
        let base = chain.last().expect("a chain is never empty").clone();
        if stack.contains(&base.loc) {
            let cycle: Vec<String> = stack.iter().map(Loc::to_string).collect();
            return Err(member.loc.error(format!(
                "`allOf` cycle: {} → {}",
                cycle.join(" → "),
                base.loc
            )));
        }
        if !matches!(kind(&base)?, Kind::Model | Kind::Object) {
            return Err(member
                .loc
                .error(format!("`allOf` base {} is not an object", base.loc)));
        }
        Ok(base)
    }

    fn property(
        &mut self,
        name: &str,
        node: &Node,
        required: bool,
    ) -> Result<Property, ImportError> {
        let chain = self.schema_chain(node)?;
        for link in &chain {
            self.check_keywords(link)?;
        }
        let description = self.description(&chain)?;
        let shape = self.shape(&chain, &description)?;
        // A property is read-only if it says so or the definition it references does.
        let mut read_only = false;
        for link in &chain {
            read_only |= link.flag("readOnly")?;
        }
        let mut property = Property {
            name: name.to_string(),
            ty: shape.ty,
            format: shape.format,
            items: shape.items,
            values: shape.values,
            required,
            read_only,
            client_flatten: node.flag("x-ms-client-flatten")?,
            secret: false,
            nullable: false,
            default: None,
            mutability: Vec::new(),
            description,
        };
        self.property_keys(&chain, &mut property)?;
        Ok(property)
    }

    /// The spec type of the schema at the end of `chain`. `description` describes an inline enum.
    fn shape(&mut self, chain: &[Node], description: &str) -> Result<Shape, ImportError> {
        let target = chain.last().expect("a chain is never empty");
        let shape = match kind(target)? {
            Kind::Enum => Shape::named(self.enumeration(target, description)?, None),
            Kind::Model => Shape::named(self.model(target)?, None),
            Kind::Object => Shape::named("object", None),
            Kind::Primitive(ty) => {
                let (ty, format) = self.primitive(target, &ty)?;
                Shape::named(ty, format)
            }
            Kind::Array(items) => Shape {
                items: Some(self.element(&items, description)?),
                ..Shape::named("array", None)
            },
            Kind::Map(values) => Shape {
                values: Some(match values {
                    Some(values) => self.element(&values, description)?,
                    None => "object".into(),
                }),
                ..Shape::named("map", None)
            },
        };
        Ok(shape)
    }

    /// The element type of an array or map, which is a single name in the spec.
    fn element(&mut self, node: &Node, outer: &str) -> Result<String, ImportError> {
        let chain = self.schema_chain(node)?;
        for link in &chain {
            self.check_keywords(link)?;
        }
        let target = chain.last().expect("a chain is never empty");
        match kind(target)? {
            Kind::Array(_) | Kind::Map(Some(_)) => Err(node
                .loc
                .error("a collection directly inside a collection (e.g. nested arrays) cannot be represented")),
            Kind::Map(None) | Kind::Object => Ok("object".into()),
            Kind::Model => self.model(target),
            Kind::Enum => {
                let description = find_description(&chain)?.unwrap_or_else(|| outer.to_string());
                self.enumeration(target, &description)
            }
            Kind::Primitive(ty) => {
                let (ty, format) = self.primitive(target, &ty)?;
                match format.as_deref() {
                    // An element has no `format:` key: fine where the format changes nothing.
                    None => Ok(ty),
                    Some(format) if types::element_format_is_default(&ty, format) => Ok(ty),
                    Some(format) => {
                        self.warn(
                            &target.loc,
                            format!("element format `{format}` is not recorded; the element is `{ty}`"),
                        );
                        Ok(ty)
                    }
                }
            }
        }
    }

    /// A name is a model or an enum, not both, and it must make a Rust type of its own.
    pub(super) fn claim_name(
        &self,
        name: &str,
        loc: &Loc,
        as_model: bool,
    ) -> Result<(), ImportError> {
        let other = if as_model {
            self.enum_sources.get(name)
        } else {
            self.model_sources.get(name)
        };
        if let Some(other) = other {
            return Err(loc.error(format!(
                "`{name}` names both a model and an enum (the other is {other})"
            )));
        }
        if !names::is_identifier_like(name) {
            return Err(loc.error(format!(
                "`{name}` cannot name a model or enum: use letters, digits, `_`, `-` and `.`, starting with a letter"
            )));
        }
        let rust = names::upper_camel(name);
        let taken = self
            .model_sources
            .iter()
            .chain(&self.enum_sources)
            .find(|(other, _)| other.as_str() != name && names::upper_camel(other) == rust);
        if let Some((other, at)) = taken {
            return Err(loc.error(format!(
                "`{name}` and `{other}` (at {at}) both become the Rust type `{rust}`"
            )));
        }
        Ok(())
    }

    /// The first `description`, else `title`, along the chain; empty (with a warning) if none.
    pub(super) fn description(&mut self, chain: &[Node]) -> Result<String, ImportError> {
        Ok(match find_description(chain)? {
            Some(text) => text,
            None => {
                self.warn(&chain[0].loc, "no description or title; left empty");
                String::new()
            }
        })
    }
}

/// The first `description`, else `title`, along the chain.
fn find_description(chain: &[Node]) -> Result<Option<String>, ImportError> {
    for node in chain {
        for key in ["description", "title"] {
            if let Some(text) = node.str(key)?.filter(|d| !d.trim().is_empty()) {
                return Ok(Some(text.to_string()));
            }
        }
    }
    Ok(None)
}

/// What `node` is: an enum, an array, a map, a model, free-form JSON or a primitive.
pub(super) fn kind(node: &Node) -> Result<Kind, ImportError> {
    // A schema that is not an object (`"a": "string"`) would otherwise read as free-form JSON.
    node.object()?;
    if node.has("enum") {
        return Ok(Kind::Enum);
    }
    match node.value.get("type") {
        None => object_kind(node),
        Some(ty) => match ty.as_str() {
            Some("object") => object_kind(node),
            Some("array") => node
                .get("items")
                .map(Kind::Array)
                .ok_or_else(|| node.loc.error("`type: array` without `items`")),
            Some(ty @ ("string" | "integer" | "number" | "boolean")) => {
                Ok(Kind::Primitive(ty.to_string()))
            }
            _ => Err(node.loc.error(format!(
                "unknown type `{}`",
                ty.as_str().map_or_else(|| ty.to_string(), str::to_string)
            ))),
        },
    }
}

/// An object schema: a model if it has properties or bases, a map, or free-form JSON.
fn object_kind(node: &Node) -> Result<Kind, ImportError> {
    if node.has("properties") || node.has("allOf") {
        return Ok(Kind::Model);
    }
    if !allows_additional(node)? {
        return Ok(Kind::Object);
    }
    // `true` and `{}` allow any JSON value; a non-empty schema types the values.
    let values = node
        .get("additionalProperties")
        .filter(|v| v.value.as_object().is_some_and(|object| !object.is_empty()));
    Ok(Kind::Map(values))
}

/// Whether `additionalProperties` allows extra keys (`true` or a schema, not `false`).
fn allows_additional(node: &Node) -> Result<bool, ImportError> {
    match node.value.get("additionalProperties") {
        None | Some(Value::Bool(false)) => Ok(false),
        Some(Value::Bool(true) | Value::Object(_)) => Ok(true),
        Some(other) => Err(node
            .loc
            .key("additionalProperties")
            .error(expected("a boolean or a schema object", other))),
    }
}

/// An inline `{"allOf": [{"$ref": ...}], "description": ...}` with nothing else of substance.
pub(super) fn is_ref_wrapper(node: &Node) -> Result<bool, ImportError> {
    let members = node.elements_of("allOf")?;
    Ok(members.len() == 1
        && members[0].has("$ref")
        && !["properties", "additionalProperties", "enum", "items"]
            .iter()
            .any(|k| node.has(k)))
}

impl Importer<'_> {
    /// The spec type (and `format:` key) of an OpenAPI primitive, by the type table: formats
    /// with a spec type of their own become that type, known ones are kept (in the table's
    /// spelling), and a format the table does not know falls back to the base type, with a
    /// warning: the value still reads, only less precisely typed.
    fn primitive(
        &mut self,
        node: &Node,
        ty: &str,
    ) -> Result<(String, Option<String>), ImportError> {
        let format = node.str("format")?;
        if let Some((ty, format)) = types::spec_type_of(ty, format) {
            return Ok((ty.to_string(), format.map(str::to_string)));
        }
        match (types::spec_type_of(ty, None), format) {
            (Some((base, _)), Some(format)) => {
                self.warn(
                    &node.loc.key("format"),
                    format!("format `{format}` of `type: {ty}` is not known; the value is a plain `{base}`"),
                );
                Ok((base.to_string(), None))
            }
            _ => Err(node.loc.error(format!("unknown type `{ty}`"))),
        }
    }
}

/// Two JSON names that become the same Rust field (`a` and `A`, `$$` and `@@`) cannot share a
/// struct: the error names the second, here rather than when the spec is lowered.
fn check_field_names(flat: &Flat) -> Result<(), ImportError> {
    let mut fields: HashMap<String, &str> = HashMap::new();
    for (name, node) in &flat.properties {
        let field = names::field(name);
        if let Some(other) = fields.insert(field.clone(), name) {
            return Err(node.loc.error(format!(
                "properties `{other}` and `{name}` both become the Rust field `{field}`; JSON names that differ only in case or separators cannot share a struct"
            )));
        }
    }
    Ok(())
}

fn add_property(flat: &mut Flat, name: String, node: Node) -> Result<(), ImportError> {
    if let Some((_, first)) = flat.properties.iter().find(|(n, _)| *n == name) {
        return Err(node.loc.error(format!(
            "property `{name}` is also defined at {} (through allOf)",
            first.loc
        )));
    }
    flat.properties.push((name, node));
    Ok(())
}

fn add_required(flat: &mut Flat, names: Vec<String>) {
    for name in names {
        if !flat.required.contains(&name) {
            flat.required.push(name);
        }
    }
}
