//! Writing an import: the spec YAML and its example files. Everything is checked first (the YAML
//! reads back to the same spec, and the spec lowers as `cargo xtask generate` would), so a
//! refused import leaves the folder as it was.

use super::{Imported, ImportedExample};
use crate::diagnostic::Diagnostics;
use crate::load::{DefinitionsFile, SpecFile, is_definitions_file};
use crate::spec::{Example, Spec};
use crate::{lower, yaml};
use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Why [`write`] did not finish.
#[derive(Debug)]
pub enum WriteError {
    /// The import is refused: it would not generate, or writing it would harm another spec.
    /// Nothing was written.
    Refused(String),
    /// Reading or writing `path` failed. `done` is what was written or removed before it.
    Io {
        path: PathBuf,
        error: io::Error,
        done: Written,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Refused(message) => write!(f, "{message}"),
            WriteError::Io { path, error, .. } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for WriteError {}

/// The `map_err` of a file operation on `path`, before anything is written.
pub(super) fn io_at(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
        done: Written::default(),
    }
}

/// The `map_err` of a file operation on `path`, after `done`.
fn io_after<'a>(path: &'a Path, done: &'a Written) -> impl FnOnce(io::Error) -> WriteError + 'a {
    move |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
        done: done.clone(),
    }
}

/// What [`write`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Files created or rewritten (files whose content was already right are not).
    pub written: Vec<PathBuf>,
    /// Example files of the replaced spec that this import does not have.
    pub removed: Vec<PathBuf>,
    /// Example files missing upstream that the replaced spec, at the same api-version, has.
    pub kept: Vec<PathBuf>,
}

/// Writes `imported` to `output` (the spec `.yaml` path) and its example files beside it.
///
/// The YAML opens with a comment naming the OpenAPI file, and keeps the `notes` of the spec
/// already at `output`, if any. Importing over an existing spec replaces it and removes the
/// example files it listed that this import does not write, unless another spec in the same
/// folder uses them; no other spec's files are touched. One exception keeps what a maintainer
/// transcribed: an example whose file is missing upstream stays when the existing spec has it
/// and the api-version did not change. Files whose content is already right are left alone.
pub fn write(imported: &Imported, output: &Path) -> Result<Written, WriteError> {
    let plan = plan(imported, output, None)?;
    let mut done = Written::default();
    apply(plan, &mut done)?;
    Ok(done)
}

/// What writing one import will do, checked: nothing is written yet.
pub(super) struct Plan {
    writes: Vec<(PathBuf, String)>,
    stale: Vec<PathBuf>,
    kept: Vec<PathBuf>,
}

/// Plans writing `imported` to `output`; with `definitions`, the spec is checked together with
/// the provider's definitions file it names types from (see [`write`] for the rest).
pub(super) fn plan(
    imported: &Imported,
    output: &Path,
    definitions: Option<&DefinitionsFile>,
) -> Result<Plan, WriteError> {
    let dir = output.parent().unwrap_or(Path::new(""));
    let existing = read_spec(output)?;
    let mut spec = imported.spec.clone();
    if let Some(old) = existing.as_ref().filter(|old| !old.notes.is_empty()) {
        spec.notes = old.notes.clone();
    }
    let mut examples = imported.examples.clone();
    let mut kept = Vec::new();
    if let Some(old) = existing
        .as_ref()
        .filter(|old| old.api_version == spec.api_version)
    {
        for missing in &imported.missing_examples {
            let listed = old
                .operation
                .examples
                .iter()
                .any(|e| e.file == missing.reference.file);
            let path = inside(dir, &missing.reference.file)?;
            if !listed || !path.exists() {
                continue;
            }
            let at = (missing.position + kept.len()).min(examples.len());
            spec.operation
                .examples
                .insert(at, missing.reference.clone());
            examples.insert(
                at,
                ImportedExample {
                    file: missing.reference.file.clone(),
                    contents: fs::read_to_string(&path).map_err(io_at(&path))?,
                },
            );
            kept.push(path);
        }
    }
    let text = render(&imported.source, &spec)?;
    check(&spec, &examples, output, &text, definitions)?;

    let used_elsewhere = examples_of_other_specs(dir, output)?;
    let mut writes = vec![(output.to_path_buf(), text)];
    for example in &examples {
        let path = inside(dir, &example.file)?;
        if used_elsewhere.contains(&path) && differs(&path, &example.contents) {
            return Err(refused(format!(
                "{} belongs to another spec in {} and would change",
                path.display(),
                dir.display()
            )));
        }
        writes.push((path, example.contents.clone()));
    }
    let listed: BTreeSet<PathBuf> = writes.iter().map(|(p, _)| p.clone()).collect();
    let stale: Vec<PathBuf> = existing
        .iter()
        .flat_map(|old| &old.operation.examples)
        .filter_map(|example| inside(dir, &example.file).ok())
        .filter(|path| !listed.contains(path) && !used_elsewhere.contains(path) && path.exists())
        .collect();

    Ok(Plan {
        writes,
        stale,
        kept,
    })
}

/// Carries out a checked plan, adding to `done` as it goes.
pub(super) fn apply(plan: Plan, done: &mut Written) -> Result<(), WriteError> {
    done.kept.extend(plan.kept);
    for (path, contents) in plan.writes {
        write_file(&path, &contents, done)?;
    }
    for path in plan.stale {
        fs::remove_file(&path).map_err(io_after(&path, done))?;
        done.removed.push(path);
    }
    Ok(())
}

/// Writes `contents` to `path` unless it is there already.
pub(super) fn write_file(
    path: &Path,
    contents: &str,
    done: &mut Written,
) -> Result<(), WriteError> {
    if differs(path, contents) {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_after(parent, done))?;
        }
        fs::write(path, contents).map_err(io_after(path, done))?;
        done.written.push(path.to_path_buf());
    }
    Ok(())
}

/// YAML of `value` under a one-line header naming its source.
pub(super) fn render<T: serde::Serialize>(source: &Path, value: &T) -> Result<String, WriteError> {
    let body = quote_api_version(&yaml::to_string(value).map_err(refused)?);
    Ok(format!(
        "# Imported by `cargo xtask import` from {}\n{body}",
        source_name(source)
    ))
}

/// Quotes the top-level `api_version` as specs/README.md asks: unquoted, a YAML 1.1 reader
/// takes `2024-11-01` for a date.
fn quote_api_version(yaml: &str) -> String {
    yaml.lines()
        .map(|line| match line.strip_prefix("api_version: ") {
            Some(value) if !value.starts_with(['"', '\'']) => {
                format!("api_version: {}\n", serde_json::Value::from(value))
            }
            _ => format!("{line}\n"),
        })
        .collect()
}

/// From the `specification/` folder on when there is one, as azure-rest-api-specs paths are
/// usually quoted; this also keeps the header the same wherever the checkout is.
fn source_name(source: &Path) -> String {
    let parts: Vec<String> = source
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.iter().rposition(|p| p == "specification") {
        Some(start) => parts[start..].join("/"),
        None => source.to_string_lossy().replace('\\', "/"),
    }
}

/// Everything `write` could get wrong, checked before any file is touched.
fn check(
    spec: &Spec,
    example_files: &[ImportedExample],
    output: &Path,
    text: &str,
    definitions: Option<&DefinitionsFile>,
) -> Result<(), WriteError> {
    let listed: Vec<&str> = spec
        .operation
        .examples
        .iter()
        .map(|e| e.file.as_str())
        .collect();
    let given: Vec<&str> = example_files.iter().map(|e| e.file.as_str()).collect();
    if listed != given {
        return Err(refused(format!(
            "the spec lists the example files {listed:?} but the import holds {given:?}"
        )));
    }
    let read_back: Spec =
        yaml::parse(output, text).map_err(|d| would_not_generate(output, text, None, &d))?;
    if read_back != *spec {
        return Err(refused(
            "the written YAML would not read back as the same spec",
        ));
    }
    let mut examples = Vec::new();
    for example in example_files {
        let parsed: Example = serde_json::from_str(&example.contents).map_err(|e| {
            refused(format!(
                "example {} is not an x-ms-examples document: {e}",
                example.file
            ))
        })?;
        examples.push(parsed);
    }
    let file = SpecFile {
        name: spec_name(output),
        display_path: output.to_path_buf(),
        source: text.to_string(),
        spec: read_back,
        examples,
    };
    let pool: Vec<DefinitionsFile> = definitions.cloned().into_iter().collect();
    lower::lower_with_definitions(&[file], &pool)
        .map(|_| ())
        .map_err(|d| would_not_generate(output, text, definitions, &d))
}

/// The lowering check's findings, told as what they are: problems of the YAML this import would
/// have written to `output` (which it did not write, and which may differ from a spec already
/// there), each shown with its line of that YAML.
fn would_not_generate(
    output: &Path,
    text: &str,
    definitions: Option<&DefinitionsFile>,
    diagnostics: &Diagnostics,
) -> WriteError {
    let mut message = format!(
        "the imported spec is refused: it would not generate. Nothing was written; line numbers refer to the YAML the import would write to {}",
        output.display()
    );
    if definitions.is_some() {
        message.push_str(", or to the definitions it reaches");
    }
    message.push(':');
    for d in &diagnostics.0 {
        let (source, place) = match definitions.filter(|f| f.display_path == d.file) {
            Some(file) => (file.source.as_str(), "definitions line"),
            None => (text, "line"),
        };
        message.push_str(&format!(
            "\n  {place} {}, column {}: {}\n    hint: {}",
            d.line, d.column, d.message, d.hint
        ));
        if let Some(line) = d.line.checked_sub(1).and_then(|i| source.lines().nth(i)) {
            message.push_str(&format!("\n    {:>4} | {line}", d.line));
        }
    }
    WriteError::Refused(message)
}

/// `<folder>/<file>`, the name `load_dir` would give the spec.
fn spec_name(output: &Path) -> String {
    let file = output.file_name().map(|n| n.to_string_lossy().into_owned());
    let folder = output
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned());
    match (folder, file) {
        (Some(folder), Some(file)) => format!("{folder}/{file}"),
        (None, Some(file)) => file,
        _ => "imported.yaml".into(),
    }
}

/// The spec at `path`, if there is one. A spec that cannot be read is an error: its notes and
/// example files would otherwise be lost without a word.
pub(super) fn read_spec(path: &Path) -> Result<Option<Spec>, WriteError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_at(path)(e)),
    };
    yaml::parse(path, &text).map(Some).map_err(|d| {
        refused(format!(
            "an import needs the notes and example files of {}: {d}",
            path.display()
        ))
    })
}

/// Example files that the other specs in `dir` use, which an import must not remove or change.
fn examples_of_other_specs(dir: &Path, output: &Path) -> Result<BTreeSet<PathBuf>, WriteError> {
    let mut used = BTreeSet::new();
    let dir_or_here = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let entries = match fs::read_dir(dir_or_here) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(used),
        Err(e) => return Err(io_at(dir_or_here)(e)),
    };
    for entry in entries {
        let path = entry.map_err(io_at(dir_or_here))?.path();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !is_yaml || path.file_name() == output.file_name() || is_definitions_file(&path) {
            continue;
        }
        if let Some(spec) = read_spec(&path)? {
            used.extend(
                spec.operation
                    .examples
                    .iter()
                    .filter_map(|e| inside(dir, &e.file).ok()),
            );
        }
    }
    Ok(used)
}

/// `file` under `dir`, refusing paths that could leave it.
fn inside(dir: &Path, file: &str) -> Result<PathBuf, WriteError> {
    let relative = Path::new(file);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if file.is_empty() || !plain {
        return Err(refused(format!(
            "example file `{file}` must be a plain path below the spec's folder"
        )));
    }
    Ok(dir.join(relative))
}

fn differs(path: &Path, contents: &str) -> bool {
    fs::read_to_string(path).map_or(true, |old| old != contents)
}

pub(super) fn refused(message: impl fmt::Display) -> WriteError {
    WriteError::Refused(message.to_string())
}
