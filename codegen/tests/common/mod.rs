//! Helpers shared by the codegen integration tests.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen sits in the workspace")
        .to_path_buf()
}

/// A scratch directory under the system temp dir, removed on drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("codegen-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    /// A scratch copy of `source`.
    pub fn copy_of(source: &Path, name: &str) -> Scratch {
        let scratch = Scratch::new(name);
        copy_tree(source, &scratch.0);
        scratch
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Every file under `dir` with its contents.
pub fn file_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in fs::read_dir(&next).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).expect("read"));
            }
        }
    }
    files
}

pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy");
        }
    }
}

/// Runs `cargo <args>` on the generated crate in `scratch/generated`, in a one-member copy of the
/// workspace, without its default features, and asserts that it succeeds. It builds into the
/// workspace's own target dir, so the dependencies the workspace has built are reused rather
/// than built again.
pub fn cargo_on_generated_copy(scratch: &Path, args: &[&str]) {
    let output = cargo_output_on_generated_copy(scratch, args);
    assert!(
        output.status.success(),
        "`cargo {}` fails on the generated crate:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Like [`cargo_on_generated_copy`], but returns cargo's output, whether or not it succeeded.
pub fn cargo_output_on_generated_copy(scratch: &Path, args: &[&str]) -> std::process::Output {
    let root = workspace();
    let manifest = fs::read_to_string(root.join("Cargo.toml")).expect("manifest");
    let manifest = manifest.replace(
        r#"members = ["codegen", "generated", "xtask"]"#,
        r#"members = ["generated"]"#,
    );
    assert!(
        manifest.contains(r#"members = ["generated"]"#),
        "workspace members changed; update this helper"
    );
    fs::write(scratch.join("Cargo.toml"), manifest).expect("manifest");
    fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("lock");
    adapt_copied_manifest(&scratch.join("generated/Cargo.toml"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
    Command::new(cargo)
        .arg(subcommand)
        .args(["--offline", "--quiet", "-p", COPIED_PACKAGE])
        // Without the hand-written `connections` layer: it calls the production modules'
        // lifecycle operations, which a crate generated from the tests' own specs lacks.
        .args(["--no-default-features", "--features", "default-transport"])
        .args(rest)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("cargo runs")
}

/// Features that the workspace's other members (codegen, xtask and their dev-dependencies) turn
/// on in dependencies the generated crate shares with them. Cargo unifies features over the
/// packages it builds; the copy turns them on too, so that its dependencies build exactly as in
/// `cargo test --workspace` and `cargo clippy --workspace`, and are reused rather than built
/// again. Should the workspace's dependencies change, the copy still builds, only more slowly;
/// `cargo tree --workspace -e features -i <crate>` shows who turns a feature on.
const WORKSPACE_FEATURES: &str = "\
bitflags = { version = \"2\", features = [\"std\"] } # by rustix, under insta
indexmap = { version = \"2\", features = [\"std\"] } # by serde_yaml
";

/// The package name of a copied generated crate; its library keeps the crate name.
const COPIED_PACKAGE: &str = "azure_arm_private_endpoints_copy";

/// Gives the copy a package name of its own, and the [`WORKSPACE_FEATURES`]. Cargo names
/// artifacts by package name, version and path from the workspace root, which the copy would
/// otherwise share with the original: in the shared target dir its test binaries would replace
/// the workspace's own, and a running `cargo test --workspace` would then run the copy's.
fn adapt_copied_manifest(manifest: &Path) {
    let text = fs::read_to_string(manifest).expect("generated manifest");
    if text.contains(COPIED_PACKAGE) {
        return; // adapted by an earlier run on this copy
    }
    let renamed = text
        .replacen(
            "name = \"azure_arm_private_endpoints\"",
            &format!("name = \"{COPIED_PACKAGE}\""),
            1,
        )
        .replacen(
            "[lib]\n",
            "[lib]\nname = \"azure_arm_private_endpoints\"\n",
            1,
        )
        .replacen(
            "[dev-dependencies]\n",
            &format!("[dev-dependencies]\n{WORKSPACE_FEATURES}"),
            1,
        )
        // The crate's tests depend on the crate itself, with the test-fixture feature.
        .replacen(
            "azure_arm_private_endpoints = { path = \".\"",
            &format!(
                "azure_arm_private_endpoints = {{ package = \"{COPIED_PACKAGE}\", path = \".\""
            ),
            1,
        );
    assert!(
        renamed.contains(COPIED_PACKAGE)
            && renamed.contains("[lib]\nname = ")
            && renamed.contains(WORKSPACE_FEATURES)
            && !renamed.contains("azure_arm_private_endpoints = { path"),
        "generated/Cargo.toml changed its name, [lib] or [dev-dependencies]; update this helper"
    );
    fs::write(manifest, renamed).expect("generated manifest");
}

/// The workspace's target dir: `CARGO_TARGET_DIR` when set (a relative one is taken from the
/// workspace root, where cargo is usually run), else `target/`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace().join(dir),
        None => workspace().join("target"),
    }
}
