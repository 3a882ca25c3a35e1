//! Finds the checkout the xtask acts on, at run time.
//!
//! A path compiled into the binary (`env!("CARGO_MANIFEST_DIR")`) is wrong as soon as two checkouts
//! share a `CARGO_TARGET_DIR`: cargo reuses one checkout's xtask binary in the other, and
//! `generate` would then check, or write, the first checkout.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The root of the workspace this command was started in: where `Cargo.toml`, `specs/` and
/// `generated/` live.
///
/// In order: the package directory that `cargo run` announces in `CARGO_MANIFEST_DIR` (its parent
/// is the workspace), what `cargo locate-project --workspace` says for the current directory, and
/// the nearest ancestor of the current directory whose `Cargo.toml` has a `[workspace]` table.
pub fn root() -> Result<PathBuf, String> {
    let current_dir = env::current_dir()
        .map_err(|error| format!("cannot read the current directory: {error}"))?;
    from_cargo_run()
        .or_else(|| from_locate_project(&current_dir))
        .or_else(|| nearest_workspace(&current_dir))
        .ok_or_else(|| {
            format!(
                "cannot find this repository's workspace from {}: run `cargo xtask` inside a checkout",
                current_dir.display()
            )
        })
}

/// `cargo run` sets `CARGO_MANIFEST_DIR` and `CARGO_PKG_NAME` for the process it starts. Only
/// trusted when they name this package: a process started by another package's `cargo run` or
/// `cargo test` inherits that package's directory.
fn from_cargo_run() -> Option<PathBuf> {
    if env::var_os("CARGO_PKG_NAME")? != env!("CARGO_PKG_NAME") {
        return None;
    }
    let package_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR")?);
    package_dir
        .parent()
        .filter(|dir| is_ours(dir))
        .map(Path::to_path_buf)
}

fn from_locate_project(current_dir: &Path) -> Option<PathBuf> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["locate-project", "--workspace", "--message-format", "plain"])
        .current_dir(current_dir)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let manifest = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    manifest
        .parent()
        .filter(|dir| is_ours(dir))
        .map(Path::to_path_buf)
}

/// The nearest directory, from `start` up, that holds this repository's workspace manifest.
pub fn nearest_workspace(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| is_ours(dir))
        .map(Path::to_path_buf)
}

/// A workspace manifest (a `[workspace]` table) with an `xtask` member beside it: a checkout of
/// this repository, not some enclosing or unrelated Cargo project.
fn is_ours(dir: &Path) -> bool {
    let Ok(manifest) = fs::read_to_string(dir.join("Cargo.toml")) else {
        return false;
    };
    manifest.lines().any(|line| line.trim() == "[workspace]")
        && dir.join("xtask/Cargo.toml").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = env::temp_dir().join(format!("xtask-workspace-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    #[test]
    fn the_walk_up_stops_at_the_nearest_checkout() {
        let outer = scratch("nested");
        let inner = outer.join("checkout");
        for root in [&outer, &inner] {
            fs::create_dir_all(root.join("xtask/src")).expect("dirs");
            fs::write(
                root.join("Cargo.toml"),
                "[workspace]\nmembers = [\"xtask\"]\n",
            )
            .expect("write");
            fs::write(
                root.join("xtask/Cargo.toml"),
                "[package]\nname = \"xtask\"\n",
            )
            .expect("write");
        }
        let found = nearest_workspace(&inner.join("xtask/src"));
        let _ = fs::remove_dir_all(&outer);
        assert_eq!(found, Some(inner));
    }

    #[test]
    fn a_workspace_without_an_xtask_is_not_taken() {
        let dir = scratch("other");
        fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = []\n").expect("write");
        let found = nearest_workspace(&dir);
        let _ = fs::remove_dir_all(&dir);
        assert_ne!(found, Some(dir));
    }

    #[test]
    fn a_package_manifest_is_not_a_workspace() {
        let dir = scratch("package");
        fs::create_dir_all(dir.join("xtask")).expect("dirs");
        fs::write(
            dir.join("Cargo.toml"),
            "[package]\nname = \"x\"\n# [workspace]\n",
        )
        .expect("write");
        fs::write(
            dir.join("xtask/Cargo.toml"),
            "[package]\nname = \"xtask\"\n",
        )
        .expect("write");
        let found = nearest_workspace(&dir);
        let _ = fs::remove_dir_all(&dir);
        assert_ne!(found, Some(dir));
    }
}
