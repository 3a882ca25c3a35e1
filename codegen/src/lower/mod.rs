//! Spec → IR: checks every fact, then decides every Rust name (through `names`) and type
//! (through `types`) once.
//!
//! All problems are collected (not just the first) and each points at its YAML node. One
//! module per construct: `declared` (the names a file declares), `models`, `unions`
//! (discriminated unions), `enums`, `operation` with its `parameters`, `path`, `responses`, `examples` and `long_running`
//! rules, `error_shape` (the module's `ServiceError`) and `tests` (the emitted tests' names).
//! This file groups the spec files by provider and merges each group into one service, with
//! the provider's definitions files (`specs/<module>/definitions.yaml`): their models and enums
//! join the pool every operation of the module names types from.

mod declared;
mod enums;
mod error_shape;
mod examples;
mod long_running;
mod models;
mod operation;
mod parameters;
mod path;
mod responses;
mod tests;
mod unions;

use crate::diagnostic::{Diagnostic, Diagnostics, SpecPath};
use crate::ir;
use crate::load::{DefinitionsFile, SpecFile};
use crate::names;
use operation::LoweredOperation;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Lowers all spec files into one crate. Files of the same provider share one module.
pub fn lower(files: &[SpecFile]) -> Result<ir::Crate, Diagnostics> {
    lower_with_definitions(files, &[])
}

/// Lowers all spec files into one crate, with the providers' definitions files: the models and
/// enums of a module's definitions and specs form one pool, which every operation of the
/// module names types from.
pub fn lower_with_definitions(
    files: &[SpecFile],
    definitions: &[DefinitionsFile],
) -> Result<ir::Crate, Diagnostics> {
    let mut problems = Vec::new();
    let mut by_module: BTreeMap<String, Vec<&SpecFile>> = BTreeMap::new();
    for file in files {
        match module_name(file) {
            Ok(module) => by_module.entry(module).or_default().push(file),
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    let mut pools: BTreeMap<String, Vec<SpecFile>> = BTreeMap::new();
    for file in definitions.iter().map(declared::as_spec_file) {
        match module_name(&file) {
            // Definitions no operation of the crate uses generate nothing.
            Ok(module) if by_module.contains_key(&module) => {
                pools.entry(module).or_default().push(file);
            }
            Ok(_) => {}
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    // Modules share nothing, so they are lowered on rayon's threads, in module order.
    let modules: Vec<(String, Vec<&SpecFile>, Vec<SpecFile>)> = by_module
        .into_iter()
        .map(|(module, files)| {
            let pool = pools.remove(&module).unwrap_or_default();
            (module, files, pool)
        })
        .collect();
    let lowered: Vec<_> = modules
        .into_par_iter()
        .map(|(module, files, pool)| lower_service(module, &files, &pool))
        .collect();
    let mut services = Vec::new();
    for result in lowered {
        match result {
            Ok(service) => services.push(service),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() {
        Ok(ir::Crate {
            name: names::CRATE_NAME.to_string(),
            services,
        })
    } else {
        // One missing model named by every operation is one problem, at its first place.
        Err(Diagnostics(problems).merge_repeats())
    }
}

fn module_name(file: &SpecFile) -> Result<String, Diagnostic> {
    let provider = &file.spec.provider;
    let service = provider.rsplit('.').next().unwrap_or_default();
    let valid = provider.contains('.')
        && !service.is_empty()
        && provider.split('.').all(|part| {
            // Each part starts with a letter, so the module is an identifier (not `5e300`).
            part.starts_with(|c: char| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
    let module = names::module_for_provider(provider);
    if valid && names::is_reserved_module(&module) {
        Err(file.error(
            &SpecPath::root().key("provider"),
            format!("`{provider}` would become the module `{module}`, which the crate or Rust reserves"),
            "modules are named after the provider's last part; this one needs a module-name override, which the spec format does not have yet",
        ))
    } else if valid {
        Ok(module)
    } else {
        Err(file.error(
            &SpecPath::root().key("provider"),
            format!("`{provider}` is not a resource provider namespace"),
            "write it as in the request path, e.g. `Microsoft.ContainerService`",
        ))
    }
}

/// What the files of one provider add up to, before the cross-file decisions.
#[derive(Default)]
struct Merged {
    models: BTreeMap<String, ir::Model>,
    enums: BTreeMap<String, ir::Enum>,
    unions: BTreeMap<String, ir::Union>,
    clients: BTreeMap<String, ir::Client>,
    /// The error model (Rust name) the first operation named; every other must name it too.
    error_model: Option<String>,
}

/// Lowers one module: its operation `files`, and the definitions files of its `pool` (read as
/// spec files without an operation, see `declared::as_spec_file`).
fn lower_service(
    module: String,
    files: &[&SpecFile],
    pool: &[SpecFile],
) -> Result<ir::Service, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let first = files[0];
    let all: Vec<&SpecFile> = files.iter().copied().chain(pool).collect();
    check_module_wide_keys(&all, &mut problems);
    let pooled = declared::check_pool(pool, &mut problems);
    let mut merged = Merged::default();
    for file in pool {
        merge_declarations(file, &pooled, &mut merged, &mut problems);
    }
    for file in files {
        merge_file(file, &pooled, &mut merged, &mut problems);
    }
    check_model_enum_names(first, &merged, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let Merged {
        models,
        enums,
        unions,
        clients,
        error_model,
    } = merged;
    let Some(error) = error_model.and_then(|name| error_shape::error_shape(&name, &models)) else {
        return Err(vec![first.error(
            &SpecPath::root().key("operation").key("error").key("model"),
            "the error model could not be resolved",
            "name a model of this file",
        )]);
    };
    let mut models: Vec<ir::Model> = models.into_values().collect();
    let request_models: BTreeSet<String> = clients
        .values()
        .flat_map(|c| &c.operations)
        .filter_map(|o| o.body.as_ref())
        .flat_map(|b| b.ty.model_names())
        .collect();
    let mut unions: Vec<ir::Union> = unions.into_values().collect();
    models::mark_sent_fields(&mut models, &unions);
    models::mark_request_models(&mut models, &mut unions, &request_models);
    models::box_recursive_fields(&mut models, &unions);
    let mut clients: Vec<ir::Client> = clients.into_values().collect();
    tests::name_tests(&mut clients);
    Ok(ir::Service {
        module,
        provider: first.spec.provider.clone(),
        api_version: first.spec.api_version.clone(),
        test_only: first.spec.test_fixture,
        sources: sorted_names(&all),
        models,
        enums: enums.into_values().collect(),
        unions,
        clients,
        error,
    })
}

/// What holds for a whole module: one api-version, and test-only or not.
fn check_module_wide_keys(files: &[&SpecFile], problems: &mut Vec<Diagnostic>) {
    let first = files[0];
    for file in &files[1..] {
        if file.spec.test_fixture != first.spec.test_fixture {
            problems.push(file.error(
                &SpecPath::root().key("test_fixture"),
                format!(
                    "`test_fixture` differs from {} for the same provider",
                    first.name
                ),
                "a module is test-only as a whole: mark every spec of the provider the same way",
            ));
        }
        if file.spec.api_version != first.spec.api_version {
            problems.push(file.error(
                &SpecPath::root().key("api_version"),
                format!(
                    "api-version `{}` differs from `{}` in {} for the same provider",
                    file.spec.api_version, first.spec.api_version, first.name
                ),
                "one module targets one api-version; regenerate all of a provider's specs together",
            ));
        }
    }
}

/// The files' names, sorted as `load_dir` reads them.
fn sorted_names(files: &[&SpecFile]) -> Vec<String> {
    let mut names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    names.sort();
    names
}

/// Adds one file's models, enums and operation; the same name must mean the same thing in
/// every file of the provider. The operation names types of the file and of the `pool`.
fn merge_file(
    file: &SpecFile,
    pool: &declared::Declared,
    merged: &mut Merged,
    problems: &mut Vec<Diagnostic>,
) {
    let mut declared = declared::check_declarations(file, problems);
    declared.add_pool(pool);
    merge_types(file, &declared, merged, problems);
    if let Some(lowered) = operation::lower_operation(file, &declared, problems) {
        merge_error_model(
            file,
            &mut merged.error_model,
            &lowered.error_model,
            problems,
        );
        merge_operation(file, &mut merged.clients, lowered, problems);
    }
}

/// Adds the models and enums of a definitions file, whose types may name any of the pool's.
fn merge_declarations(
    file: &SpecFile,
    pool: &declared::Declared,
    merged: &mut Merged,
    problems: &mut Vec<Diagnostic>,
) {
    merge_types(file, pool, merged, problems);
}

fn merge_types(
    file: &SpecFile,
    declared: &declared::Declared,
    merged: &mut Merged,
    problems: &mut Vec<Diagnostic>,
) {
    for (index, model) in file.spec.models.iter().enumerate() {
        // Refused for its name, and reported: lowering it would report it again.
        if declared.is_refused(file, declared::Kind::Model, index) {
            continue;
        }
        let at = SpecPath::root().key("models").index(index);
        // A polymorphic base becomes a union, which takes its name.
        if model.discriminator.is_some() {
            let lowered = unions::lower_union(file, declared, index, model, problems);
            merge(file, &at, &mut merged.unions, lowered, problems);
        } else {
            let lowered = models::lower_model(file, declared, index, model, problems);
            merge(file, &at, &mut merged.models, lowered, problems);
        }
    }
    for (index, enumeration) in file.spec.enums.iter().enumerate() {
        if declared.is_refused(file, declared::Kind::Enum, index) {
            continue;
        }
        let lowered = enums::lower_enum(file, index, enumeration, problems);
        let at = SpecPath::root().key("enums").index(index);
        merge(file, &at, &mut merged.enums, lowered, problems);
    }
}

fn merge_error_model(
    file: &SpecFile,
    existing: &mut Option<String>,
    error_model: &str,
    problems: &mut Vec<Diagnostic>,
) {
    match existing {
        None => *existing = Some(error_model.to_string()),
        Some(existing) if existing != error_model => problems.push(file.error(
            &SpecPath::root().key("operation").key("error").key("model"),
            format!("error model `{error_model}` differs from `{existing}` used by other operations of this provider"),
            "all operations of a provider share its error model",
        )),
        Some(_) => {}
    }
}

/// Adds an operation to its group's client, which every operation of the group must describe
/// alike.
fn merge_operation(
    file: &SpecFile,
    clients: &mut BTreeMap<String, ir::Client>,
    lowered: LoweredOperation,
    problems: &mut Vec<Diagnostic>,
) {
    let LoweredOperation {
        client: lowered_client,
        operation,
        ..
    } = lowered;
    let client = clients
        .entry(lowered_client.name.clone())
        .or_insert(lowered_client.clone());
    if client.params != lowered_client.params {
        problems.push(file.error(
            &SpecPath::root().key("operation").key("parameters"),
            format!(
                "the client parameters of `{}` differ from those of the other `{}` operations",
                operation.id, client.name
            ),
            "give `subscriptionId` the same definition in every spec of the group",
        ));
    }
    if client
        .operations
        .iter()
        .any(|o| o.method_name == operation.method_name)
    {
        problems.push(file.error(
            &SpecPath::root().key("operation").key("id"),
            format!(
                "operation `{}` gives method `{}` a second time",
                operation.id, operation.method_name
            ),
            "operation ids must be unique per provider",
        ));
    }
    client.operations.push(operation);
    client
        .operations
        .sort_by(|a, b| a.method_name.cmp(&b.method_name));
}

/// A model, an enum or a union of one name would be two items of that name in `models.rs`.
fn check_model_enum_names(file: &SpecFile, merged: &Merged, problems: &mut Vec<Diagnostic>) {
    let kinds = [
        ("a model", merged.models.keys().collect::<BTreeSet<_>>()),
        ("an enum", merged.enums.keys().collect()),
        ("a union base", merged.unions.keys().collect()),
    ];
    for (i, (first, names)) in kinds.iter().enumerate() {
        for (second, others) in &kinds[i + 1..] {
            for name in names.intersection(others) {
                problems.push(file.error(
                    &SpecPath::root(),
                    format!("`{name}` is both {first} and {second} in this provider"),
                    "rename one of them",
                ));
            }
        }
    }
}

fn merge<T: PartialEq + Named>(
    file: &SpecFile,
    at: &SpecPath,
    all: &mut BTreeMap<String, T>,
    item: Option<T>,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(item) = item else { return };
    match all.get(item.name()) {
        Some(existing) if *existing != item => problems.push(file.error(
            at,
            format!(
                "`{}` is also defined by another spec of this provider, differently",
                item.name()
            ),
            "make the definitions identical, or rename one",
        )),
        Some(_) => {}
        None => {
            all.insert(item.name().to_string(), item);
        }
    }
}

trait Named {
    fn name(&self) -> &str;
}

impl Named for ir::Model {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for ir::Union {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for ir::Enum {
    fn name(&self) -> &str {
        &self.name
    }
}

/// Trims a description, falling back when the spec leaves it empty.
fn doc_or(description: &str, fallback: &str) -> String {
    let trimmed = description.trim();
    if trimmed.is_empty() {
        fallback.to_string()
    } else {
        trimmed.to_string()
    }
}
