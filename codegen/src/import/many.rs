//! Many operations at once: selecting them (ids, `*`/`?` patterns, all), importing each, and
//! writing them as a provider's specs, whose shared models and enums go into one
//! `specs/<module>/definitions.yaml`.

use super::write::{self, Plan, WriteError, Written};
use super::{ImportError, ImportOptions, Imported, OpenApi, default_output};
use crate::diagnostic::Diagnostics;
use crate::load::{self, DefinitionsFile};
use crate::spec::{DEFINITIONS_FILE, Definitions, Enum, Model, Spec};
use crate::{diff, names, yaml};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Which operations of an OpenAPI file to import.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// operationIds, or patterns of them where `*` is any text and `?` one character. Each must
    /// match at least one operation.
    pub operations: Vec<String>,
    /// Every operation of the file (`operations` is then ignored).
    pub all: bool,
}

/// An operation the importer refused, and why.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub operation: String,
    pub reason: String,
}

/// The result of importing a selection: what imported, in file order, and what was refused.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub imported: Vec<Imported>,
    pub refused: Vec<Refusal>,
}

/// Imports every operation `selection` names. An unreadable file, or a pattern that matches
/// nothing, is an error; an operation that cannot be imported is a [`Refusal`], and the others
/// still import.
pub fn import_many(
    openapi: &Path,
    selection: &Selection,
    options: &ImportOptions,
) -> Result<Batch, ImportError> {
    let file = OpenApi::read(openapi)?;
    let ids = file.operation_ids()?;
    let chosen = select(&ids, selection).map_err(|pattern| {
        super::resolve::Loc::root(openapi)
            .key("paths")
            .error(format!("no operationId matches `{pattern}`"))
    })?;
    let mut batch = Batch::default();
    for id in chosen {
        match file.import(&id, options) {
            Ok(imported) => batch.imported.push(imported),
            Err(error) => batch.refused.push(Refusal {
                operation: id,
                reason: error.to_string(),
            }),
        }
    }
    Ok(batch)
}

/// The ids `selection` picks, in file order, each once; `Err(pattern)` for a pattern that
/// matches none.
fn select(ids: &[String], selection: &Selection) -> Result<Vec<String>, String> {
    if selection.all {
        let mut unique = ids.to_vec();
        unique.dedup();
        return Ok(unique);
    }
    for pattern in &selection.operations {
        let matches_one = ids.iter().any(|id| matches(pattern, id));
        // An exact id that is not in the file is reported by the import itself.
        if !matches_one && is_pattern(pattern) {
            return Err(pattern.clone());
        }
    }
    let mut chosen: Vec<String> = Vec::new();
    for id in ids {
        if selection.operations.iter().any(|p| matches(p, id)) && !chosen.contains(id) {
            chosen.push(id.clone());
        }
    }
    for pattern in &selection.operations {
        if !is_pattern(pattern) && !chosen.contains(pattern) {
            chosen.push(pattern.clone());
        }
    }
    Ok(chosen)
}

fn is_pattern(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// Whether `text` matches the glob `pattern` (`*` any run of characters, `?` one).
pub fn matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    // `reach[j]`: the pattern read so far matches text[..j].
    let mut reach = vec![false; text.len() + 1];
    reach[0] = true;
    for p in &pattern {
        let mut next = vec![false; text.len() + 1];
        for j in 0..=text.len() {
            next[j] = match p {
                '*' => reach[j] || (j > 0 && next[j - 1]),
                '?' => j > 0 && reach[j - 1],
                c => j > 0 && reach[j - 1] && text[j - 1] == *c,
            };
        }
        reach = next;
    }
    reach[text.len()]
}

/// What [`write_many`] did, and which operations it refused (nothing of them was written).
#[derive(Debug, Default)]
pub struct ManyWritten {
    pub written: Written,
    pub refused: Vec<Refusal>,
}

/// Writes each import to `specs/<module>/<operation>.yaml` without models, and the models and
/// enums they reach into the module's `definitions.yaml`, merged with those already there: an
/// imported definition replaces the one of its name, and a definition no spec of the module
/// reaches any more is removed. Sorted by name, so the file depends only on what it holds.
///
/// Every spec is checked first (with the definitions it will name types from). An operation
/// that would not generate is refused; unless `keep_going`, one refusal means nothing is
/// written at all.
pub fn write_many(
    imported: &[Imported],
    specs_dir: &Path,
    keep_going: bool,
) -> Result<ManyWritten, WriteError> {
    let mut by_module: BTreeMap<String, Vec<&Imported>> = BTreeMap::new();
    for one in imported {
        let module = names::module_for_provider(&one.spec.provider);
        by_module.entry(module).or_default().push(one);
    }
    let mut plans = Vec::new();
    let mut refused = Vec::new();
    for (module, group) in &by_module {
        let dir = specs_dir.join(module);
        let definitions = pooled_definitions(&dir, group)?;
        let mut module_plans = Vec::new();
        for one in group {
            let bare = without_models(one);
            let output = default_output(specs_dir, one);
            // Checked with the definitions it reaches, so that a problem is told of the
            // operations it concerns only.
            let reached = reached_definitions(&one.spec, &definitions);
            let file = definitions_file(&dir, group[0], &reached)?;
            match write::plan(&bare, &output, Some(&file)) {
                Ok(plan) => module_plans.push(plan),
                Err(WriteError::Refused(reason)) => refused.push(Refusal {
                    operation: one.spec.operation.id.clone(),
                    reason,
                }),
                Err(error) => return Err(error),
            }
        }
        plans.push((dir, group[0], definitions, module_plans));
    }
    let mut done = ManyWritten {
        refused,
        ..ManyWritten::default()
    };
    if !done.refused.is_empty() && !keep_going {
        return Ok(done);
    }
    for (dir, first, definitions, module_plans) in plans {
        apply_module(&dir, first, definitions, module_plans, &mut done.written)?;
    }
    Ok(done)
}

/// Writes one module's planned specs, then its definitions, pruned to what its specs reach.
fn apply_module(
    dir: &Path,
    first: &Imported,
    definitions: Definitions,
    plans: Vec<Plan>,
    done: &mut Written,
) -> Result<(), WriteError> {
    if plans.is_empty() {
        return Ok(());
    }
    for plan in plans {
        write::apply(plan, done)?;
    }
    let pruned = prune(dir, definitions)?;
    let text = write::render(&first.source, &pruned)?;
    write::write_file(&dir.join(DEFINITIONS_FILE), &text, done)
}

/// The spec of `imported` without its models and enums, which go to the definitions file.
fn without_models(imported: &Imported) -> Imported {
    let mut bare = imported.clone();
    bare.spec.models.clear();
    bare.spec.enums.clear();
    bare
}

/// The module's definitions with every imported model and enum merged in.
fn pooled_definitions(dir: &Path, group: &[&Imported]) -> Result<Definitions, WriteError> {
    let existing = read_definitions(dir)?;
    let mut models: BTreeMap<String, Model> = BTreeMap::new();
    let mut enums: BTreeMap<String, Enum> = BTreeMap::new();
    let mut notes = Vec::new();
    if let Some(existing) = existing {
        notes = existing.notes;
        models.extend(existing.models.into_iter().map(|m| (m.name.clone(), m)));
        enums.extend(existing.enums.into_iter().map(|e| (e.name.clone(), e)));
    }
    for one in group {
        models.extend(one.spec.models.iter().map(|m| (m.name.clone(), m.clone())));
        enums.extend(one.spec.enums.iter().map(|e| (e.name.clone(), e.clone())));
    }
    let spec = &group[0].spec;
    Ok(Definitions {
        provider: spec.provider.clone(),
        api_version: spec.api_version.clone(),
        test_fixture: false,
        notes,
        models: models.into_values().collect(),
        enums: enums.into_values().collect(),
    })
}

/// The part of `definitions` that `spec`'s operation reaches.
fn reached_definitions(spec: &Spec, definitions: &Definitions) -> Definitions {
    let (models, enums) = load::reached(&spec.operation, &definitions.models, &definitions.enums);
    Definitions {
        models,
        enums,
        ..definitions.clone()
    }
}

/// The definitions as the file the specs will be checked with.
fn definitions_file(
    dir: &Path,
    first: &Imported,
    definitions: &Definitions,
) -> Result<DefinitionsFile, WriteError> {
    let path = dir.join(DEFINITIONS_FILE);
    Ok(DefinitionsFile {
        name: format!("{}/{DEFINITIONS_FILE}", folder_name(dir)),
        display_path: path,
        source: write::render(&first.source, definitions)?,
        definitions: definitions.clone(),
    })
}

fn folder_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The definitions file of the module folder `dir`, if there is one.
fn read_definitions(dir: &Path) -> Result<Option<Definitions>, WriteError> {
    let path = dir.join(DEFINITIONS_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(write::io_at(&path)(e)),
    };
    yaml::parse(&path, &text)
        .map(Some)
        .map_err(|d| write::refused(format!("an import merges into {}: {d}", path.display())))
}

/// The operation specs in the module folder `dir`.
fn module_specs(dir: &Path) -> Result<Vec<(PathBuf, Spec)>, WriteError> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(write::io_at(dir))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .filter(|p| !load::is_definitions_file(p))
        .collect();
    paths.sort();
    let mut specs = Vec::new();
    for path in paths {
        if let Some(spec) = write::read_spec(&path)? {
            specs.push((path, spec));
        }
    }
    Ok(specs)
}

/// Keeps the definitions some spec in `dir` reaches (through its own models or the pool).
fn prune(dir: &Path, mut definitions: Definitions) -> Result<Definitions, WriteError> {
    let mut reached_models = Vec::new();
    let mut reached_enums = Vec::new();
    for (_, spec) in module_specs(dir)? {
        let models: Vec<Model> = spec
            .models
            .iter()
            .chain(&definitions.models)
            .cloned()
            .collect();
        let enums: Vec<Enum> = spec
            .enums
            .iter()
            .chain(&definitions.enums)
            .cloned()
            .collect();
        let (models, enums) = load::reached(&spec.operation, &models, &enums);
        reached_models.extend(models.into_iter().map(|m| m.name));
        reached_enums.extend(enums.into_iter().map(|e| e.name));
    }
    definitions
        .models
        .retain(|m| reached_models.contains(&m.name));
    definitions
        .enums
        .retain(|e| reached_enums.contains(&e.name));
    Ok(definitions)
}

/// Each spec of `module_dir` as it stands, with the definitions it reaches written in: what
/// [`api_summary`] compares a re-import with.
pub fn module_as_is(module_dir: &Path) -> Result<Vec<Spec>, WriteError> {
    let definitions = read_definitions(module_dir)?;
    let (pool_models, pool_enums) = definitions.map(|d| (d.models, d.enums)).unwrap_or_default();
    let mut specs = Vec::new();
    for (_, mut spec) in module_specs(module_dir)? {
        let models: Vec<Model> = spec.models.iter().chain(&pool_models).cloned().collect();
        let enums: Vec<Enum> = spec.enums.iter().chain(&pool_enums).cloned().collect();
        let (models, enums) = load::reached(&spec.operation, &models, &enums);
        spec.models = dedup_by_name(models, |m| &m.name);
        spec.enums = dedup_by_name(enums, |e| &e.name);
        specs.push(spec);
    }
    Ok(specs)
}

/// The first of each name (a spec's own model before the pool's of the same name).
fn dedup_by_name<T>(items: Vec<T>, name: impl Fn(&T) -> &String) -> Vec<T> {
    let mut seen = std::collections::BTreeSet::new();
    items
        .into_iter()
        .filter(|item| seen.insert(name(item).clone()))
        .collect()
}

/// The API changes of each re-imported operation against its spec before, by operation id
/// (an operation with no spec before is new).
pub fn api_summary(before: &[Spec], after: &[Imported]) -> Result<Vec<diff::ApiDiff>, Diagnostics> {
    let mut summary = Vec::new();
    for imported in after {
        let old = before
            .iter()
            .find(|s| s.operation.id == imported.spec.operation.id);
        if let Some(old) = old {
            summary.push(diff::diff(old, &imported.spec)?);
        }
    }
    Ok(summary)
}
