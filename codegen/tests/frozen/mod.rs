//! The hand-written tests' own specs: frozen copies of the three production specs with their
//! example files (see `fixtures/api_diff/README.md`). Re-importing a provider from a new
//! api-version changes the production specs, never these, so no test has to be edited for it.
//!
//! A test binary using this module also declares `mod common;`.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use crate::common::{copy_tree, workspace};
use std::path::{Path, PathBuf};

/// The folder of the frozen specs, one subfolder per provider, laid out like `specs/`.
pub fn dir() -> PathBuf {
    workspace().join("codegen/tests/fixtures/api_diff")
}

/// A frozen spec or example file, named as under `specs/`.
pub fn file(name: &str) -> PathBuf {
    dir().join(name)
}

/// Fills `to` with a specs folder for a whole crate: the frozen specs, and the test-only fixture
/// service, whose module the crate's hand-written tests use.
pub fn copy_specs(to: &Path) {
    for provider in ["batch", "container_service", "key_vault"] {
        copy_tree(&dir().join(provider), &to.join(provider));
    }
    copy_tree(&workspace().join("specs/fixture"), &to.join("fixture"));
}
