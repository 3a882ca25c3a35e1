//! Two checkouts sharing one target dir, as with a shared `CARGO_TARGET_DIR`: cargo builds the
//! xtask in checkout A and reuses that binary in checkout B. `cargo xtask generate` must still act
//! on B, the checkout it is run in. And the binary run by itself, outside `cargo run`, finds the
//! checkout from the current directory.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What a checkout needs to build and run the xtask; `target/` is left behind.
const CHECKOUT: [&str; 7] = [
    "Cargo.toml",
    "Cargo.lock",
    ".cargo",
    "codegen",
    "xtask",
    "generated",
    "specs",
];

const SPEC: &str = "specs/batch/private_endpoint_connection_update.yaml";
const DESCRIPTION: &str = "Updates the properties of an existing private endpoint connection.";

#[test]
fn generate_acts_on_the_checkout_it_runs_in_when_the_target_dir_is_shared() {
    let scratch = Scratch::new("two-checkouts");
    let (a, b) = (scratch.0.join("a"), scratch.0.join("b"));
    // Both copies exist before A builds, so B's sources are older than A's binary and cargo
    // reuses it: the trap a compiled-in workspace path falls into.
    for checkout in [&a, &b] {
        for entry in CHECKOUT {
            copy(&workspace().join(entry), &checkout.join(entry));
        }
    }
    let spec = fs::read_to_string(b.join(SPEC)).expect("spec");
    assert!(spec.contains(DESCRIPTION), "{SPEC} no longer says this");
    let renamed = spec.replace(
        DESCRIPTION,
        "Changes an existing private endpoint connection.",
    );
    fs::write(b.join(SPEC), renamed).expect("spec");
    let a_generated = file_tree(&a.join("generated"));
    let b_generated = file_tree(&b.join("generated"));

    let in_a = cargo_xtask(&a, &["generate", "--check"]);
    assert!(in_a.status.success(), "A is up to date: {}", text(&in_a));

    let check_b = cargo_xtask(&b, &["generate", "--check"]);
    assert_eq!(
        check_b.status.code(),
        Some(1),
        "B is stale: {}",
        text(&check_b)
    );
    let stale = String::from_utf8_lossy(&check_b.stderr);
    assert!(stale.contains("src/batch/client.rs"), "{stale}");
    assert_eq!(
        file_tree(&b.join("generated")),
        b_generated,
        "--check wrote to B"
    );

    let generate_b = cargo_xtask(&b, &["generate"]);
    assert!(generate_b.status.success(), "{}", text(&generate_b));
    let client = fs::read_to_string(b.join("generated/src/batch/client.rs")).expect("client");
    assert!(client.contains("Changes an existing private endpoint connection."));
    assert_eq!(
        file_tree(&a.join("generated")),
        a_generated,
        "B's run wrote to A"
    );

    let recheck_b = cargo_xtask(&b, &["generate", "--check"]);
    assert!(recheck_b.status.success(), "{}", text(&recheck_b));
}

#[test]
fn the_binary_run_by_itself_acts_on_the_checkout_around_the_current_directory() {
    let scratch = Scratch::new("direct");
    let checkout = scratch.0.join("checkout");
    for entry in CHECKOUT {
        copy(&workspace().join(entry), &checkout.join(entry));
    }
    let spec = fs::read_to_string(checkout.join(SPEC)).expect("spec");
    let renamed = spec.replace(
        DESCRIPTION,
        "Changes an existing private endpoint connection.",
    );
    fs::write(checkout.join(SPEC), renamed).expect("spec");

    // With cargo, `cargo locate-project` finds the checkout; without, the walk up does.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for cargo in [cargo.as_str(), "/nonexistent/cargo"] {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["generate", "--check"])
            .current_dir(checkout.join("generated/src"))
            .env_remove("CARGO_MANIFEST_DIR")
            .env_remove("CARGO_PKG_NAME")
            .env("CARGO", cargo)
            .output()
            .expect("xtask runs");
        assert_eq!(output.status.code(), Some(1), "{cargo}: {}", text(&output));
        let stale = String::from_utf8_lossy(&output.stderr);
        assert!(stale.contains("src/batch/client.rs"), "{cargo}: {stale}");
    }
}

/// `cargo xtask <args>` in `checkout`, building into the workspace's own target dir. The copies'
/// codegen and xtask have the workspace's sources and relative paths, so cargo gives them the
/// workspace's artifact names: building them replaces those artifacts with identical ones.
fn cargo_xtask(checkout: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .arg("xtask")
        .args(args)
        .current_dir(checkout)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_NET_OFFLINE", "true")
        .output()
        .expect("cargo runs")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

/// The workspace's target dir: `CARGO_TARGET_DIR` when set (a relative one is taken from the
/// workspace root, where cargo is usually run), else `target/`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace().join(dir),
        None => workspace().join("target"),
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A scratch directory under the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("xtask-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).expect("create dir");
        for entry in fs::read_dir(from).expect("read dir") {
            let path = entry.expect("entry").path();
            copy(&path, &to.join(path.file_name().expect("name")));
        }
    } else {
        fs::create_dir_all(to.parent().expect("a parent")).expect("create dir");
        fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
}

fn file_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
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
