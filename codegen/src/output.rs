//! Writing the generated crate, or checking it is current, without touching hand-written files.
//!
//! A file is ours when it starts with [`HEADER`]; only those are ever rewritten or removed.

use crate::emit::{GeneratedFile, HEADER};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Folders of the generated crate that hold emitted files.
const EMITTED_DIRS: &[&str] = &["src", "tests"];

/// What differs between the crate on disk and what the generator would write.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files missing on disk.
    pub missing: Vec<String>,
    /// Files whose content differs.
    pub stale: Vec<String>,
    /// Emitted files that no spec produces any more.
    pub orphaned: Vec<String>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.stale.is_empty() && self.orphaned.is_empty()
    }

    /// One line per file, for `--check` output.
    pub fn describe(&self) -> String {
        let mut lines = Vec::new();
        lines.extend(self.missing.iter().map(|p| format!("missing:  {p}")));
        lines.extend(self.stale.iter().map(|p| format!("stale:    {p}")));
        lines.extend(
            self.orphaned
                .iter()
                .map(|p| format!("orphaned: {p} (no spec produces it)")),
        );
        lines.join("\n")
    }
}

/// Compares `files` with the crate at `crate_dir`.
pub fn drift(crate_dir: &Path, files: &[GeneratedFile]) -> io::Result<Drift> {
    let mut drift = Drift::default();
    for file in files {
        match fs::read_to_string(crate_dir.join(&file.path)) {
            Ok(existing) if existing == file.contents => {}
            Ok(_) => drift.stale.push(file.path.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => drift.missing.push(file.path.clone()),
            Err(e) => return Err(e),
        }
    }
    for path in emitted_files_on_disk(crate_dir)? {
        if !files.iter().any(|f| f.path == path) {
            drift.orphaned.push(path);
        }
    }
    Ok(drift)
}

/// Brings the crate at `crate_dir` to `files`: writes only changed files, removes orphans.
pub fn apply(crate_dir: &Path, files: &[GeneratedFile]) -> io::Result<Drift> {
    let drift = drift(crate_dir, files)?;
    for file in files {
        if drift.missing.contains(&file.path) || drift.stale.contains(&file.path) {
            write_atomically(&crate_dir.join(&file.path), &file.contents)?;
        }
    }
    for path in &drift.orphaned {
        fs::remove_file(crate_dir.join(path))?;
    }
    Ok(drift)
}

fn write_atomically(path: &Path, contents: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let temporary = path.with_extension("rs.tmp");
    fs::write(&temporary, contents)?;
    fs::rename(&temporary, path)
}

/// Emitted files currently on disk, as crate-relative paths with `/`.
fn emitted_files_on_disk(crate_dir: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    for dir in EMITTED_DIRS {
        collect(crate_dir, &crate_dir.join(dir), &mut found)?;
    }
    found.sort();
    Ok(found)
}

fn collect(root: &Path, dir: &Path, found: &mut Vec<String>) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let path: PathBuf = entry?.path();
        if path.is_dir() {
            collect(root, &path, found)?;
        } else if path.extension().is_some_and(|e| e == "rs") && is_emitted(&path)? {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            found.push(parts.join("/"));
        }
    }
    Ok(())
}

fn is_emitted(path: &Path) -> io::Result<bool> {
    Ok(fs::read_to_string(path)?.starts_with(HEADER))
}
