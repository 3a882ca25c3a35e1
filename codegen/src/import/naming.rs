//! The file-wide naming pass: every model and enum an OpenAPI file can reach is named here,
//! before any operation is read. A name is then a function of the upstream file alone, not of
//! which operations are imported or in which order.
//!
//! - A definition is named after itself, an enum after its `x-ms-enum.name` if it has one.
//! - An inline object or enum without a name is named after where it sits, as autorest names
//!   it: its parent's name and the property, PascalCase (`Operation` + `display` →
//!   `OperationDisplay`); an array's element adds `Item`, a map's value `Value`.
//! - Inline enums of the same `x-ms-enum.name` and the same values are one enum.
//! - Different schemas whose names become the same Rust type are told apart, never refused:
//!   the first keeps the plain name (the OpenAPI file's own definitions rank before those of
//!   other files, then by file and JSON pointer); each other is qualified with its file's stem
//!   (`types.json` → `TypesErrorResponse`), then a number in the same order.

use super::resolve::{Documents, Loc, Node};
use super::schema::{Kind, is_ref_wrapper, kind};
use crate::names;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// The name the pass gave each schema location that needs one.
#[derive(Debug, Default)]
pub(super) struct Names {
    by_loc: HashMap<Loc, String>,
    /// The OpenAPI file named, which origins are relative to.
    root_file: PathBuf,
}

impl Names {
    /// The model or enum name of the schema at `loc`, if it is one that has a name.
    pub fn of(&self, loc: &Loc) -> Option<&str> {
        self.by_loc.get(loc).map(String::as_str)
    }

    /// Where `loc` is, as a `$ref` from the OpenAPI file would say it: `managedClusters.json#/definitions/X`,
    /// `../../common-types/…/types.json#/definitions/ErrorResponse`. Relative, so that it stays
    /// the same wherever the checkout is and across api-version folders.
    pub fn origin(&self, loc: &Loc) -> String {
        let from = self.root_file.parent().unwrap_or(Path::new(""));
        format!("{}{}", relative(from, &loc.file), loc.pointer)
    }
}

/// `to` relative to the folder `from`, with `/` separators (both are normalized paths).
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to_parts: Vec<Component> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Names every model and enum reachable from `root`, the OpenAPI file's whole document.
pub(super) fn name_file(docs: &Documents, root: &Node) -> Names {
    let mut walk = Walk {
        docs,
        visited: HashSet::new(),
        schemas: Vec::new(),
    };
    walk.walk(root);
    let mut names = assign(walk.schemas, &root.loc.file);
    names.root_file = root.loc.file.clone();
    names
}

/// Keys whose values are not part of the API description (examples are read elsewhere).
const SKIPPED: &[&str] = &["x-ms-examples", "example", "examples"];

/// What a node is to its parent.
#[derive(Clone)]
enum Role {
    /// Not a schema (a path, a parameter, a response...).
    Other,
    /// A schema; `inline` is the name it would take if it needs one and has none of its own.
    Schema { inline: Option<String> },
}

/// A schema that needs a name, with the name it asks for.
struct Wanted {
    loc: Loc,
    name: String,
    /// For enums: what makes two same-named inline enums one (extensible, values).
    enum_content: Option<String>,
}

struct Walk<'d> {
    docs: &'d Documents,
    visited: HashSet<Loc>,
    schemas: Vec<Wanted>,
}

impl Walk<'_> {
    /// Walks everything `root` reaches, one node at a time from a work list (a recursion
    /// would follow `$ref` chains as deep as they go, and could overflow the stack). The order
    /// is fixed by the file, so the first role a node is reached in is too.
    fn walk(&mut self, root: &Node) {
        let mut pending = vec![(root.clone(), Role::Other)];
        while let Some((node, role)) = pending.pop() {
            if !self.visited.insert(node.loc.clone()) {
                continue;
            }
            let mut children = match &node.value {
                Value::Object(_) => self.object(&node, role),
                Value::Array(_) => node
                    .elements()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|element| (element, Role::Other))
                    .collect(),
                _ => Vec::new(),
            };
            children.reverse();
            pending.append(&mut children);
        }
    }

    /// Names `node` if it needs a name; returns its children with their roles.
    fn object(&mut self, node: &Node, role: Role) -> Vec<(Node, Role)> {
        let mut children = Vec::new();
        if let Some(reference) = node.value.get("$ref").and_then(Value::as_str) {
            // A broken reference is reported by the import that reaches it.
            if let Ok(target) = self.docs.target(node, reference) {
                let role = match role {
                    Role::Schema { .. } => Role::Schema { inline: None },
                    Role::Other => target_role(&target),
                };
                children.push((target, role));
            }
        }
        let name = match &role {
            Role::Schema { inline } => self.schema_name(node, inline.as_deref()),
            Role::Other => None,
        };
        // Children of a schema are named after it; an unnamed one (a primitive property)
        // passes on the name it would have had.
        let base = name.or(match &role {
            Role::Schema { inline } => inline.clone(),
            Role::Other => None,
        });
        let is_schema = matches!(role, Role::Schema { .. });
        let is_document = node.loc.pointer == "#";
        let named = |suffix: &str| Role::Schema {
            inline: base.as_ref().map(|b| format!("{b}{suffix}")),
        };
        let unnamed = || Role::Schema { inline: None };
        for (key, child) in node.entries().unwrap_or_default() {
            if SKIPPED.contains(&key.as_str()) || key == "$ref" {
                continue;
            }
            match key.as_str() {
                "properties" if is_schema => {
                    for (property, schema) in child.entries().unwrap_or_default() {
                        children.push((schema, named(&names::upper_camel(&property))));
                    }
                }
                "items" if is_schema => children.push((child, named("Item"))),
                "additionalProperties" if is_schema => children.push((child, named("Value"))),
                "allOf" if is_schema => {
                    for member in child.elements().unwrap_or_default() {
                        children.push((member, unnamed()));
                    }
                }
                "definitions" if is_document => {
                    for (_, definition) in child.entries().unwrap_or_default() {
                        children.push((definition, unnamed()));
                    }
                }
                "schema" if !is_schema => children.push((child, unnamed())),
                _ => children.push((child, Role::Other)),
            }
        }
        children
    }

    /// The name `node` asks for, if it is a model or an enum; records it.
    fn schema_name(&mut self, node: &Node, inline: Option<&str>) -> Option<String> {
        let definition = node.loc.definition_name();
        // An inline `allOf` of one `$ref` is that reference; a definition's is inheritance.
        let wrapper = definition.is_none() && is_ref_wrapper(node).unwrap_or(false);
        if node.has("$ref") || wrapper {
            return None;
        }
        let (name, enum_content) = match kind(node).ok()? {
            Kind::Enum => {
                let x_ms_enum = node
                    .value
                    .get("x-ms-enum")
                    .and_then(|x| x.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let content = format!(
                    "{}{}",
                    node.value
                        .pointer("/x-ms-enum/modelAsString")
                        .unwrap_or(&Value::Null),
                    node.value.get("enum").unwrap_or(&Value::Null)
                );
                let name = x_ms_enum.or(definition).or(inline.map(str::to_string))?;
                (name, Some(content))
            }
            Kind::Model => (definition.or(inline.map(str::to_string))?, None),
            _ => return None,
        };
        if !names::is_identifier_like(&name) {
            return None;
        }
        self.schemas.push(Wanted {
            loc: node.loc.clone(),
            name: name.clone(),
            enum_content,
        });
        Some(name)
    }
}

/// A `$ref` from outside a schema (a parameter, a response) names a schema only when it points
/// into `definitions`.
fn target_role(target: &Node) -> Role {
    if target.loc.definition_name().is_some() {
        Role::Schema { inline: None }
    } else {
        Role::Other
    }
}

/// One model or enum: the locations that are it (same-named identical inline enums are one).
struct Entity {
    name: String,
    locs: Vec<Loc>,
}

/// Gives every entity its final name; see the module doc for the order.
fn assign(schemas: Vec<Wanted>, root_file: &Path) -> Names {
    let mut entities: Vec<Entity> = Vec::new();
    let mut enums: HashMap<(String, String), usize> = HashMap::new();
    for wanted in schemas {
        if let Some(content) = &wanted.enum_content {
            let key = (wanted.name.clone(), content.clone());
            if let Some(&at) = enums.get(&key) {
                entities[at].locs.push(wanted.loc);
                continue;
            }
            enums.insert(key, entities.len());
        }
        entities.push(Entity {
            name: wanted.name,
            locs: vec![wanted.loc],
        });
    }
    let rank = |entity: &Entity| {
        let first = entity
            .locs
            .iter()
            .min_by_key(|l| (l.file.clone(), l.pointer.clone()))
            .cloned()
            .expect("an entity has a location");
        (
            names::upper_camel(&entity.name),
            first.file != root_file,
            first.file,
            first.pointer,
        )
    };
    entities.sort_by_cached_key(rank);
    let mut taken: BTreeSet<String> = entities
        .iter()
        .map(|e| names::upper_camel(&e.name))
        .collect();
    let mut names = Names::default();
    let mut previous: Option<String> = None;
    for entity in entities {
        let rust = names::upper_camel(&entity.name);
        let name = if previous.as_deref() != Some(rust.as_str()) {
            entity.name.clone()
        } else {
            let stem = entity.locs[0]
                .file
                .file_stem()
                .map(|s| names::upper_camel(&s.to_string_lossy()))
                .unwrap_or_default();
            let qualified = format!("{stem}{}", entity.name);
            let mut candidate = qualified.clone();
            let mut number = 2;
            while taken.contains(&names::upper_camel(&candidate)) {
                candidate = format!("{qualified}{number}");
                number += 1;
            }
            taken.insert(names::upper_camel(&candidate));
            candidate
        };
        previous = Some(rust);
        for loc in entity.locs {
            names.by_loc.insert(loc, name.clone());
        }
    }
    names
}
