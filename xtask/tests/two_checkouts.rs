//! Two checkouts sharing one target dir, as with a shared `CARGO_TARGET_DIR`: cargo builds the
//! xtask in checkout A and reuses that binary in checkout B. `cargo xtask generate` must still act
//! on B, the checkout it is run in. And the binary run by itself, outside `cargo run`, finds the
//! checkout from the current directory.

// The codegen tests' helpers (workspace root, target dir, scratch dirs, file trees) serve here
// as they are; this test uses only some of them.
#[path = "../../codegen/tests/common/mod.rs"]
mod common;

use common::{Scratch, copy_tree, file_tree, target_dir, workspace};
use std::fs;
use std::path::Path;
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

/// A spec of the test-only fixture service, whose text no re-import of a provider changes, and
/// the client it generates.
const SPEC: &str = "specs/fixture/widgets_update.yaml";
const CLIENT: &str = "src/fixture/client.rs";
const DESCRIPTION: &str = "Updates a widget; long-running, monitored through Operation-Location.";

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
    let renamed = spec.replace(DESCRIPTION, "Changes a widget.");
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
    assert!(stale.contains(CLIENT), "{stale}");
    assert_eq!(
        file_tree(&b.join("generated")),
        b_generated,
        "--check wrote to B"
    );

    let generate_b = cargo_xtask(&b, &["generate"]);
    assert!(generate_b.status.success(), "{}", text(&generate_b));
    let client = fs::read_to_string(b.join("generated").join(CLIENT)).expect("client");
    assert!(client.contains("Changes a widget."));
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
    let renamed = spec.replace(DESCRIPTION, "Changes a widget.");
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
        assert!(stale.contains(CLIENT), "{cargo}: {stale}");
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

fn text(output: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Copies a file or a folder of the workspace into a checkout.
fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        copy_tree(from, to);
    } else {
        fs::create_dir_all(to.parent().expect("a parent")).expect("create dir");
        fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
}
