//! The ARM client generator: `spec` (what the YAML says) → `ir` (what the Rust will be) →
//! `emit` (the Rust). `load` and `lower` (a module per construct) connect the stages; `output`
//! writes or checks files. Lowering takes every Rust name from `names` and every Rust type of a
//! spec type from `types`; emit prints what the IR says.
//!
//! Around the pipeline: `import` turns an upstream OpenAPI operation into a spec, and `diff`
//! says what changed between two specs (the API record under `generated/api/` lets `generate`
//! report it on every run).

pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod import;
pub mod ir;
pub mod load;
pub mod lower;
// The long-running rules the runtime follows, compiled from the runtime's own source, so an
// example replay's prediction (`lower::replay`) cannot disagree with what the client does.
#[path = "../../generated/src/runtime/lro_rules.rs"]
mod lro_rules;
pub mod mutate;
pub mod names;
pub mod output;
mod record;
pub mod spec;
pub mod types;
mod yaml;

use diagnostic::{Diagnostic, Diagnostics};
use emit::GeneratedFile;
use rayon::prelude::*;
use std::path::Path;

/// Runs all three stages over `specs_dir`. Nothing is written here, so an error anywhere
/// leaves the generated crate untouched.
pub fn generate(specs_dir: &Path) -> Result<Vec<GeneratedFile>, Diagnostics> {
    generate_loaded(specs_dir, &load::load_dir(specs_dir)?)
}

/// Lowers and emits specs already loaded (or built in memory, as the robustness tests do).
/// `specs_dir` is only named in an internal error.
pub fn generate_loaded(
    specs_dir: &Path,
    loaded: &load::Loaded,
) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let krate = lower::lower_with_definitions(&loaded.specs, &loaded.definitions)?;
    emit_with_records(specs_dir, &krate, records(loaded))
}

/// The API record of every spec. A record holds what its spec reaches, so that it can be
/// compared alone.
fn records(loaded: &load::Loaded) -> Vec<GeneratedFile> {
    loaded
        .specs
        .par_iter()
        .zip(loaded.all_self_contained())
        .map(|(file, spec)| record::file(&file.name, &spec))
        .collect()
}

/// The crate's files: `krate` emitted, and `records`, sorted by path.
fn emit_with_records(
    specs_dir: &Path,
    krate: &ir::Crate,
    records: Vec<GeneratedFile>,
) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let mut generated = emit::emit(krate).map_err(|message| {
        Diagnostics::from(Diagnostic::new(
            specs_dir,
            1,
            1,
            format!("internal generator error: {message}"),
            "this is a bug in codegen, not in the spec; please report it",
        ))
    })?;
    generated.extend(records);
    generated.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(generated)
}

/// Why `generate_into` stopped.
#[derive(Debug)]
pub enum GenerateError {
    /// The specs have mistakes; nothing was written.
    Spec(Diagnostics),
    /// Reading or writing the generated crate failed.
    Io(std::io::Error),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::Spec(diagnostics) => write!(f, "{diagnostics}\nno file was written"),
            GenerateError::Io(error) => write!(f, "cannot update the generated crate: {error}"),
        }
    }
}

impl std::error::Error for GenerateError {}

/// What `generate_into` did.
#[derive(Debug, Default)]
pub struct Report {
    pub drift: output::Drift,
    /// Things generation went on despite, e.g. example files no spec lists.
    pub warnings: Vec<String>,
    /// API changes against the specs recorded at the last generation, per changed spec.
    pub api_changes: Vec<diff::ApiDiff>,
}

/// `cargo xtask generate [--check]`: generates from `specs_dir`, then either brings `crate_dir`
/// up to date (touching only changed files) or, with `check`, only reports the drift.
pub fn generate_into(
    specs_dir: &Path,
    crate_dir: &Path,
    check: bool,
) -> Result<Report, GenerateError> {
    let loaded = load::load_dir(specs_dir).map_err(GenerateError::Spec)?;
    let krate = lower::lower_with_definitions(&loaded.specs, &loaded.definitions)
        .map_err(GenerateError::Spec)?;
    let warnings = load::unlisted_examples(specs_dir, &loaded)
        .iter()
        .map(ToString::to_string)
        .collect();
    let records = records(&loaded);
    // The specs, their sources and examples are not needed past here: emitting holds the
    // IR and the files, not them too (at 10,000 operations they are a fifth of the memory).
    drop(loaded);
    let files = emit_with_records(specs_dir, &krate, records).map_err(GenerateError::Spec)?;
    drop(krate);
    let api_changes = record::changes(crate_dir, &files);
    let result = if check {
        output::drift(crate_dir, &files)
    } else {
        output::apply(crate_dir, &files)
    };
    let drift = result.map_err(GenerateError::Io)?;
    Ok(Report {
        drift,
        warnings,
        api_changes,
    })
}
