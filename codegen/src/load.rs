//! Reading `specs/`: every `*.yaml` file below it, and the example files each one names. A file
//! named `definitions.yaml` ([`DEFINITIONS_FILE`]) holds a provider's shared models and enums;
//! every other file is one operation's spec.

use crate::diagnostic::{Diagnostic, Diagnostics, SpecPath};
use crate::names;
use crate::spec::{DEFINITIONS_FILE, Definitions, Enum, Example, Model, Operation, Spec};
use crate::yaml;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A parsed spec file with the text it came from, kept to locate later errors.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// Path relative to the specs directory, with `/` separators.
    pub name: String,
    /// Path as shown in diagnostics.
    pub display_path: PathBuf,
    pub source: String,
    pub spec: Spec,
    /// The parsed example files, in the order of `operation.examples`.
    pub examples: Vec<Example>,
}

impl SpecFile {
    /// A diagnostic pointing at the node `path` names in this file.
    pub fn error(
        &self,
        path: &SpecPath,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = yaml::locate(&self.source, path);
        Diagnostic::new(&self.display_path, line, column, message, hint)
    }
}

/// A provider's `definitions.yaml`, parsed, with the text it came from.
#[derive(Debug, Clone)]
pub struct DefinitionsFile {
    /// Path relative to the specs directory, with `/` separators.
    pub name: String,
    /// Path as shown in diagnostics.
    pub display_path: PathBuf,
    pub source: String,
    pub definitions: Definitions,
}

/// Everything under `specs/`: the operation specs and the providers' definitions files.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub specs: Vec<SpecFile>,
    pub definitions: Vec<DefinitionsFile>,
}

impl Loaded {
    /// `file`'s spec with every model and enum it reaches written in, its own or from the
    /// definitions of its provider: what the spec says on its own, e.g. to record or compare it.
    pub fn self_contained(&self, file: &SpecFile) -> Spec {
        let module = names::module_for_provider(&file.spec.provider);
        let pool: Vec<&Definitions> = self
            .definitions
            .iter()
            .filter(|d| names::module_for_provider(&d.definitions.provider) == module)
            .map(|d| &d.definitions)
            .collect();
        with_definitions(file, &pool)
    }

    /// [`Self::self_contained`] for every spec, in order, on rayon's threads. The definitions
    /// are grouped by module once, so this stays linear in the number of specs.
    pub fn all_self_contained(&self) -> Vec<Spec> {
        let mut pools: BTreeMap<String, Vec<&Definitions>> = BTreeMap::new();
        for d in &self.definitions {
            let module = names::module_for_provider(&d.definitions.provider);
            pools.entry(module).or_default().push(&d.definitions);
        }
        self.specs
            .par_iter()
            .map(|file| {
                let module = names::module_for_provider(&file.spec.provider);
                with_definitions(file, pools.get(&module).map_or(&[], Vec::as_slice))
            })
            .collect()
    }
}

/// `file`'s spec with the models and enums it reaches, from itself or from `pool` (its
/// module's definitions); its own win over a definition of the same name.
fn with_definitions(file: &SpecFile, pool: &[&Definitions]) -> Spec {
    let mut spec = file.spec.clone();
    let mut models = spec.models.clone();
    let mut enums = spec.enums.clone();
    let mut model_names: BTreeSet<String> = models.iter().map(|m| m.name.clone()).collect();
    let mut enum_names: BTreeSet<String> = enums.iter().map(|e| e.name.clone()).collect();
    for definitions in pool {
        for model in &definitions.models {
            if model_names.insert(model.name.clone()) {
                models.push(model.clone());
            }
        }
        for enumeration in &definitions.enums {
            if enum_names.insert(enumeration.name.clone()) {
                enums.push(enumeration.clone());
            }
        }
    }
    let (models, enums) = reached(&spec.operation, &models, &enums);
    spec.models = models;
    spec.enums = enums;
    spec
}

/// The models and enums of `models` and `enums` that `operation` reaches, through bodies,
/// responses, the error model, properties, bases and (for a polymorphic base, which reads as any
/// of them) derived models, in the order given.
pub fn reached(operation: &Operation, models: &[Model], enums: &[Enum]) -> (Vec<Model>, Vec<Enum>) {
    let by_name: BTreeMap<&str, &Model> = models.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut derived: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for model in models {
        if let Some(parent) = &model.parent {
            derived.entry(parent).or_default().push(&model.name);
        }
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut pending: Vec<&str> = Vec::new();
    for parameter in &operation.parameters {
        pending.extend(
            [
                Some(&parameter.ty),
                parameter.items.as_ref(),
                parameter.values.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(String::as_str),
        );
    }
    for response in &operation.responses {
        pending.extend(
            [
                response.model.as_ref(),
                response.ty.as_ref(),
                response.items.as_ref(),
                response.values.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(String::as_str),
        );
    }
    pending.push(&operation.error.model);
    while let Some(name) = pending.pop() {
        if !seen.insert(name) {
            continue;
        }
        if let Some(model) = by_name.get(name) {
            pending.extend(model.parent.as_deref());
            pending.extend(derived.get(name).into_iter().flatten());
            for property in &model.properties {
                pending.extend(
                    [
                        Some(&property.ty),
                        property.items.as_ref(),
                        property.values.as_ref(),
                    ]
                    .into_iter()
                    .flatten()
                    .map(String::as_str),
                );
            }
        }
    }
    (
        models
            .iter()
            .filter(|m| seen.contains(m.name.as_str()))
            .cloned()
            .collect(),
        enums
            .iter()
            .filter(|e| seen.contains(e.name.as_str()))
            .cloned()
            .collect(),
    )
}

/// Whether `path` is a provider's definitions file rather than an operation's spec.
pub fn is_definitions_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == DEFINITIONS_FILE)
}

/// Loads every spec and definitions file under `specs_dir` (sorted by path, so output never
/// depends on the file system).
pub fn load_dir(specs_dir: &Path) -> Result<Loaded, Diagnostics> {
    let mut paths = Vec::new();
    collect_yaml(specs_dir, &specs_dir.join(UPSTREAM_DIR), &mut paths).map_err(|e| {
        Diagnostic::new(
            specs_dir,
            1,
            1,
            format!("cannot read the specs directory: {e}"),
            "run from the repository root",
        )
    })?;
    paths.sort();
    // Files are parsed on rayon's threads, then gathered in path order.
    let parsed: Vec<_> = paths
        .par_iter()
        .map(|path| {
            let name = path
                .strip_prefix(specs_dir)
                .unwrap_or(path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            if is_definitions_file(path) {
                load_definitions(path, &name).map(Parsed::Definitions)
            } else {
                load_file(path, &name).map(|file| Parsed::Spec(Box::new(file)))
            }
        })
        .collect();
    let mut loaded = Loaded::default();
    let mut problems = Vec::new();
    for file in parsed {
        match file {
            Ok(Parsed::Spec(file)) => loaded.specs.push(*file),
            Ok(Parsed::Definitions(file)) => loaded.definitions.push(file),
            Err(mut found) => problems.append(&mut found.0),
        }
    }
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(Diagnostics(problems))
    }
}

/// A file of `specs/`, parsed.
enum Parsed {
    Spec(Box<SpecFile>),
    Definitions(DefinitionsFile),
}

/// Loads one spec file and its examples. `name` is its path relative to `specs/`.
pub fn load_file(path: &Path, name: &str) -> Result<SpecFile, Diagnostics> {
    parse_file(path, name, read_source(path)?)
}

/// Loads one definitions file. `name` is its path relative to `specs/`.
pub fn load_definitions(path: &Path, name: &str) -> Result<DefinitionsFile, Diagnostics> {
    parse_definitions(path, name, read_source(path)?)
}

/// Parses definitions text; `path` is only shown in diagnostics.
pub fn parse_definitions(
    path: &Path,
    name: &str,
    source: String,
) -> Result<DefinitionsFile, Diagnostics> {
    let definitions: Definitions = yaml::parse(path, &source)?;
    Ok(DefinitionsFile {
        name: name.to_string(),
        display_path: path.to_path_buf(),
        source,
        definitions,
    })
}

/// Reads only the spec itself (no example files), e.g. to compare two versions of it.
pub fn read_spec(path: &Path) -> Result<Spec, Diagnostics> {
    yaml::parse(path, &read_source(path)?)
}

fn read_source(path: &Path) -> Result<String, Diagnostic> {
    fs::read_to_string(path).map_err(|e| {
        Diagnostic::new(
            path,
            1,
            1,
            format!("cannot read the spec: {e}"),
            "check the file exists and is UTF-8",
        )
    })
}

/// Parses spec text; example files are read relative to `path`'s folder.
pub fn parse_file(path: &Path, name: &str, source: String) -> Result<SpecFile, Diagnostics> {
    let spec: Spec = yaml::parse(path, &source)?;
    let mut file = SpecFile {
        name: name.to_string(),
        display_path: path.to_path_buf(),
        source,
        spec,
        examples: Vec::new(),
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut problems = Vec::new();
    for (index, example) in file.spec.operation.examples.iter().enumerate() {
        let at = SpecPath::root()
            .key("operation")
            .key("examples")
            .index(index)
            .key("file");
        let example_path = dir.join(&example.file);
        let parsed = fs::read_to_string(&example_path)
            .map_err(|e| format!("cannot read example file {}: {e}", example_path.display()))
            .and_then(|text| {
                serde_json::from_str::<Example>(&text).map_err(|e| {
                    format!(
                        "example file {}:{}:{} is not an x-ms-examples document: {e}",
                        example_path.display(),
                        e.line(),
                        e.column()
                    )
                })
            });
        match parsed {
            Ok(parsed) => file.examples.push(parsed),
            Err(message) => problems.push(file.error(
                &at,
                message,
                "example files hold {\"parameters\": {...}, \"responses\": {...}}, relative to the spec file",
            )),
        }
    }
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(Diagnostics(problems))
    }
}

/// An example file beside the specs that no spec lists, so no test is emitted from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnlistedExample {
    /// The example file, as found under the specs directory.
    pub file: PathBuf,
    /// The specs that could list it: the one whose operation the file names (by its
    /// `operationId` or its file name), else every spec of its folder.
    pub candidates: Vec<PathBuf>,
}

impl std::fmt::Display for UnlistedExample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let candidates: Vec<String> = self
            .candidates
            .iter()
            .map(|c| c.display().to_string())
            .collect();
        let name = self
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        write!(
            f,
            "warning: {} is listed by no spec, so no test is generated from it\n  hint: list it under `operation.examples` of {} (`- {{ title: ..., file: {EXAMPLES_DIR}/{name} }}`), or remove it",
            self.file.display(),
            if candidates.is_empty() {
                "its spec".to_string()
            } else {
                candidates.join(" or ")
            }
        )
    }
}

/// The folder beside the specs that holds their example files.
pub const EXAMPLES_DIR: &str = "examples";

/// Every `*.json` file in an `examples/` folder beside specs that no spec of `loaded` lists.
/// Upstream material (`specs/upstream/`) is not looked at.
pub fn unlisted_examples(specs_dir: &Path, loaded: &Loaded) -> Vec<UnlistedExample> {
    let mut listed = BTreeSet::new();
    let mut folders: BTreeMap<PathBuf, Vec<&SpecFile>> = BTreeMap::new();
    for file in &loaded.specs {
        let dir = file.display_path.parent().unwrap_or(Path::new("."));
        folders.entry(dir.to_path_buf()).or_default().push(file);
        for example in &file.spec.operation.examples {
            let path = dir.join(&example.file);
            listed.insert(fs::canonicalize(&path).unwrap_or(path));
        }
    }
    let mut unlisted = Vec::new();
    for (dir, specs) in &folders {
        if dir.starts_with(specs_dir.join(UPSTREAM_DIR)) {
            continue;
        }
        let Ok(entries) = fs::read_dir(dir.join(EXAMPLES_DIR)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        files.sort();
        for path in files {
            let canonical = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if listed.contains(&canonical) {
                continue;
            }
            let named = example_operation_id(&path);
            let stem = path
                .file_stem()
                .map(|stem| words(&stem.to_string_lossy()))
                .unwrap_or_default();
            // The spec its `operationId` names, else those whose operation id's words its
            // file name says most fully (`ItemsPutAgain` → `Items_Put`).
            let mut matching: Vec<PathBuf> = specs
                .iter()
                .filter(|spec| named.as_deref() == Some(spec.spec.operation.id.as_str()))
                .map(|spec| spec.display_path.clone())
                .collect();
            if matching.is_empty() {
                let said = |spec: &SpecFile| {
                    let id = words(&spec.spec.operation.id);
                    if !id.is_empty() && id.is_subset(&stem) {
                        id.len()
                    } else {
                        0
                    }
                };
                let best = specs.iter().map(|spec| said(spec)).max().unwrap_or(0);
                if best > 0 {
                    matching = specs
                        .iter()
                        .filter(|spec| said(spec) == best)
                        .map(|spec| spec.display_path.clone())
                        .collect();
                }
            }
            let candidates = if matching.is_empty() {
                specs.iter().map(|spec| spec.display_path.clone()).collect()
            } else {
                matching
            };
            unlisted.push(UnlistedExample {
                file: path,
                candidates,
            });
        }
    }
    unlisted
}

/// The `operationId` an upstream example file names at its top, if any.
fn example_operation_id(path: &Path) -> Option<String> {
    let text = fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value.get("operationId")?.as_str().map(str::to_string)
}

/// The words of a file name or operation id, ignoring case and plurals:
/// `putPrivateEndpointConnection` and `PrivateEndpointConnections_Put` say the same ones.
fn words(text: &str) -> BTreeSet<String> {
    names::snake(text)
        .split('_')
        .map(|w| w.trim_end_matches('s').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Folder under `specs/` holding upstream OpenAPI material, whose YAML (a TypeSpec project's
/// `tspconfig.yaml`, say) is not ours to read.
pub const UPSTREAM_DIR: &str = "upstream";

fn collect_yaml(dir: &Path, skip: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if path != skip {
                collect_yaml(&path, skip, out)?;
            }
        } else if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
        {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_polymorphic_base_reaches_its_derived_models() {
        let spec: Spec = yaml::parse(
            Path::new("devices.yaml"),
            r#"
provider: Contoso.Fixture
api_version: "1"
operation:
  id: Devices_Get
  description: d
  method: GET
  path: /devices
  auth: { scheme: a, flow: implicit, authorization_url: u, scopes: [s] }
  parameters: []
  responses: [{ status: 200, description: d, model: Device }]
  error: { description: d, model: Failure }
models:
  - { name: Device, description: d, discriminator: kind, properties: [{ name: kind, type: string, description: d }] }
  - { name: Sensor, description: d, parent: Device, discriminator_value: S, properties: [{ name: reading, type: Reading, description: d }] }
  - { name: Reading, description: d }
  - { name: Unrelated, description: d }
  - { name: Failure, description: d }
"#,
        )
        .expect("spec");
        let (models, _) = reached(&spec.operation, &spec.models, &spec.enums);
        let names: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Device", "Sensor", "Reading", "Failure"]);
    }

    /// An example file that no spec lists is reported, naming the spec that could list it:
    /// the one its `operationId` names, else the one whose operation its file name says.
    #[test]
    fn unlisted_example_files_are_reported_with_the_spec_that_could_list_them() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dir = std::env::temp_dir().join(format!("codegen-unlisted-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let module = dir.join("fixture");
        fs::create_dir_all(module.join(EXAMPLES_DIR)).expect("dir");
        for entry in fs::read_dir(root.join("specs/fixture")).expect("fixture") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                fs::copy(&path, module.join(path.file_name().expect("name"))).expect("copy");
            }
        }
        for entry in fs::read_dir(root.join("specs/fixture/examples")).expect("examples") {
            let path = entry.expect("entry").path();
            fs::copy(
                &path,
                module
                    .join("examples")
                    .join(path.file_name().expect("name")),
            )
            .expect("copy");
        }
        let loaded = load_dir(&dir).expect("the fixture loads");
        assert_eq!(unlisted_examples(&dir, &loaded), []);

        let examples = module.join(EXAMPLES_DIR);
        fs::write(examples.join("ItemsPutAgain.json"), "{}").expect("write");
        fs::write(
            examples.join("Other.json"),
            r#"{"operationId": "Widgets_Delete", "parameters": {}, "responses": {}}"#,
        )
        .expect("write");
        fs::write(examples.join("Nothing.json"), "{}").expect("write");
        let found = unlisted_examples(&dir, &loaded);
        let by_file = |name: &str| {
            found
                .iter()
                .find(|u| u.file.ends_with(name))
                .unwrap_or_else(|| panic!("{name} is not reported: {found:?}"))
        };
        assert_eq!(found.len(), 3);
        assert_eq!(
            by_file("ItemsPutAgain.json").candidates,
            [module.join("items_put.yaml")]
        );
        assert_eq!(
            by_file("Other.json").candidates,
            [module.join("widgets_delete.yaml")]
        );
        assert_eq!(by_file("Nothing.json").candidates.len(), loaded.specs.len());
        let message = by_file("ItemsPutAgain.json").to_string();
        assert!(message.contains("is listed by no spec"), "{message}");
        assert!(message.contains("items_put.yaml"), "{message}");
        assert!(
            message.contains("file: examples/ItemsPutAgain.json"),
            "{message}"
        );
        let _ = fs::remove_dir_all(&dir);
    }
}
