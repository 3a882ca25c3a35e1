//! The ARM client generator: `spec` (what the YAML says) → `ir` (what the Rust will be) →
//! `emit` (the Rust). `load` and `lower` connect the stages; `output` writes or checks files.

pub mod diagnostic;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
pub mod output;
pub mod spec;
mod yaml;

use diagnostic::{Diagnostic, Diagnostics};
use emit::GeneratedFile;
use std::path::Path;

/// Runs all three stages over `specs_dir`. Nothing is written here, so an error anywhere
/// leaves the generated crate untouched.
pub fn generate(specs_dir: &Path) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let files = load::load_dir(specs_dir)?;
    let krate = lower::lower(&files)?;
    emit::emit(&krate).map_err(|message| {
        Diagnostics::from(Diagnostic::new(
            specs_dir,
            1,
            1,
            format!("internal generator error: {message}"),
            "this is a bug in codegen, not in the spec; please report it",
        ))
    })
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

/// `cargo xtask generate [--check]`: generates from `specs_dir`, then either brings `crate_dir`
/// up to date (touching only changed files) or, with `check`, only reports the drift.
pub fn generate_into(
    specs_dir: &Path,
    crate_dir: &Path,
    check: bool,
) -> Result<output::Drift, GenerateError> {
    let files = generate(specs_dir).map_err(GenerateError::Spec)?;
    let result = if check {
        output::drift(crate_dir, &files)
    } else {
        output::apply(crate_dir, &files)
    };
    result.map_err(GenerateError::Io)
}
