//! Reading `specs/`: every `*.yaml` file below it, and the example files each one names.

use crate::diagnostic::{Diagnostic, Diagnostics, SpecPath};
use crate::spec::{Example, Spec};
use crate::yaml;
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

/// Loads every spec under `specs_dir` (sorted by path, so output never depends on the file system).
pub fn load_dir(specs_dir: &Path) -> Result<Vec<SpecFile>, Diagnostics> {
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
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let name = path
            .strip_prefix(specs_dir)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        match load_file(&path, &name) {
            Ok(file) => files.push(file),
            Err(mut found) => problems.append(&mut found.0),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(Diagnostics(problems))
    }
}

/// Loads one spec file and its examples. `name` is its path relative to `specs/`.
pub fn load_file(path: &Path, name: &str) -> Result<SpecFile, Diagnostics> {
    parse_file(path, name, read_source(path)?)
}

/// Reads only the spec itself (no example files), e.g. to compare two versions of it.
pub fn read_spec(path: &Path) -> Result<Spec, Diagnostics> {
    Ok(yaml::parse(path, &read_source(path)?)?)
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
