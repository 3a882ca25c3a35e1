//! The models and enums one spec file declares, and the checks on their names.

use crate::diagnostic::{Diagnostic, SpecPath};
use crate::load::{DefinitionsFile, SpecFile};
use crate::{ir, names, spec, types};
use std::collections::{BTreeMap, BTreeSet};

/// A definitions file as a spec file without an operation, so that its models and enums lower
/// (and are located) as any spec file's. Its placeholder operation is never lowered.
pub(super) fn as_spec_file(file: &DefinitionsFile) -> SpecFile {
    let definitions = &file.definitions;
    let operation = spec::Operation {
        id: String::new(),
        summary: None,
        description: String::new(),
        method: String::new(),
        path: String::new(),
        auth: spec::Auth {
            scheme: String::new(),
            flow: String::new(),
            authorization_url: String::new(),
            scopes: Vec::new(),
        },
        parameters: Vec::new(),
        responses: Vec::new(),
        error: spec::ErrorResponse {
            description: String::new(),
            model: String::new(),
        },
        long_running: None,
        pageable: None,
        examples: Vec::new(),
    };
    SpecFile {
        name: file.name.clone(),
        display_path: file.display_path.clone(),
        source: file.source.clone(),
        spec: spec::Spec {
            provider: definitions.provider.clone(),
            api_version: definitions.api_version.clone(),
            test_fixture: definitions.test_fixture,
            notes: definitions.notes.clone(),
            operation,
            models: definitions.models.clone(),
            enums: definitions.enums.clone(),
        },
        examples: Vec::new(),
    }
}

/// What a module's definitions files declare together. Each file's names are checked as a spec
/// file's are; a name two of them declare is kept once (lowering then checks they agree).
pub(super) fn check_pool<'a>(pool: &'a [SpecFile], problems: &mut Vec<Diagnostic>) -> Declared<'a> {
    let mut pooled = Declared::default();
    for file in pool {
        pooled.add_pool(&check_declarations(file, problems));
    }
    pooled
}

impl<'a> Declared<'a> {
    /// Adds the pool's names this file does not declare itself.
    pub(super) fn add_pool(&mut self, pool: &Declared<'a>) {
        for (name, model) in &pool.models {
            self.models.entry(name).or_insert(*model);
        }
        for (name, enumeration) in &pool.enums {
            self.enums.entry(name).or_insert(*enumeration);
        }
        self.refused.extend(pool.refused.iter().copied());
    }

    /// The Rust type of a declared model or enum named `name`, if there is one.
    pub(super) fn named_type(&self, name: &str) -> Option<ir::Type> {
        if self.models.contains_key(name) {
            Some(ir::Type::Model {
                name: names::upper_camel(name),
                boxed: false,
            })
        } else if self.enums.contains_key(name) {
            Some(ir::Type::Enum(names::upper_camel(name)))
        } else {
            None
        }
    }

    /// Whether the declaration at `index` of `file`'s models (or enums) was refused for its
    /// name: it is reported once and not lowered.
    pub(super) fn is_refused(&self, file: &SpecFile, kind: Kind, index: usize) -> bool {
        self.refused.contains(&(file.name.as_str(), kind, index))
    }
}

/// What one spec file declares (with its module's definitions: `add_pool`), keyed by spec name.
/// The index is the position in the file that declares it.
#[derive(Default)]
pub(super) struct Declared<'a> {
    pub models: BTreeMap<&'a str, (usize, &'a spec::Model)>,
    pub enums: BTreeMap<&'a str, (usize, &'a spec::Enum)>,
    /// Declarations refused for their name, by file, kind and index.
    refused: BTreeSet<(&'a str, Kind, usize)>,
}

/// A model or an enum declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Model,
    Enum,
}

/// Model and enum names are unique in a file, and distinct after Rust casing.
///
/// A declaration whose name is refused is reported here, once, and left out of lowering. Its
/// name still resolves (to the first declaration of that name, for a repeated one), so that
/// the properties, bodies and responses naming it do not each report it again as unknown:
/// one wrong name in `definitions.yaml` is one error, not one per operation of the module.
pub(super) fn check_declarations<'a>(
    file: &'a SpecFile,
    problems: &mut Vec<Diagnostic>,
) -> Declared<'a> {
    let mut declared = Declared::default();
    // Rust name → spec name, across models and enums.
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    for (index, model) in file.spec.models.iter().enumerate() {
        let at = SpecPath::root().key("models").index(index).key("name");
        if let Err(problem) = check_type_name(file, &model.name, &at, &mut rust_names) {
            problems.push(problem);
            declared.refused.insert((&file.name, Kind::Model, index));
        }
        declared.models.entry(&model.name).or_insert((index, model));
    }
    for (index, enumeration) in file.spec.enums.iter().enumerate() {
        let at = SpecPath::root().key("enums").index(index).key("name");
        if let Err(problem) = check_type_name(file, &enumeration.name, &at, &mut rust_names) {
            problems.push(problem);
            declared.refused.insert((&file.name, Kind::Enum, index));
        }
        // A name a model took stays the model's.
        if !declared.models.contains_key(enumeration.name.as_str()) {
            declared
                .enums
                .entry(&enumeration.name)
                .or_insert((index, enumeration));
        }
    }
    declared
}

fn check_type_name(
    file: &SpecFile,
    name: &str,
    at: &SpecPath,
    rust_names: &mut BTreeMap<String, String>,
) -> Result<(), Diagnostic> {
    if types::is_primitive(name) || is_collection(name) {
        return Err(file.error(
            at,
            format!("`{name}` is a built-in type name"),
            "choose another name",
        ));
    }
    if !names::is_identifier_like(name) {
        return Err(file.error(
            at,
            format!("`{name}` is not a valid type name"),
            "use letters, digits and `_`, starting with a letter",
        ));
    }
    let rust = names::upper_camel(name);
    if names::is_reserved_type(&rust) {
        return Err(file.error(
            at,
            format!("`{name}` would become the Rust type `{rust}`, which the generated models use from Rust or serde"),
            format!("model and enum names are not sent on the wire: rename it, e.g. `{rust}Model`"),
        ));
    }
    if let Some(other) = rust_names.insert(rust.clone(), name.to_string()) {
        let message = if other == name {
            format!("`{name}` is defined twice")
        } else {
            format!("`{name}` and `{other}` both become the Rust type `{rust}`")
        };
        return Err(file.error(at, message, "every model and enum needs its own name"));
    }
    Ok(())
}

/// `array` and `map`, the spec's collection types.
pub(super) fn is_collection(name: &str) -> bool {
    name == "array" || name == "map"
}

/// Suggests the closest declared or built-in name.
pub(super) fn type_hint(declared: &Declared, wrong: &str) -> String {
    let mut candidates: Vec<&str> = types::primitive_names().collect();
    candidates.extend(["array", "map"]);
    candidates.extend(declared.models.keys().chain(declared.enums.keys()));
    match names::closest(wrong, candidates) {
        Some(best) => format!(
            "did you mean `{best}`? A type is a primitive, `array`, `map`, or a model or enum of this file"
        ),
        None => "a type is a primitive, `array`, `map`, or a model or enum of this file".into(),
    }
}
