//! `cargo xtask generate [--check]`: parses arguments and touches files; the work is in `codegen`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask generate [--check]
  cargo xtask diff-api <old-spec.yaml> <new-spec.yaml>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    match args.as_slice() {
        ["generate"] => generate(&root, false),
        ["generate", "--check"] => generate(&root, true),
        ["diff-api", old, new] => diff_api(Path::new(old), Path::new(new)),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn generate(root: &Path, check: bool) -> ExitCode {
    let report = codegen::generate_into(&root.join("specs"), &root.join("generated"), check);
    if let Ok(report) = &report {
        for change in &report.api_changes {
            println!("{change}");
        }
    }
    match report.map(|r| r.drift) {
        Ok(drift) if drift.is_empty() => {
            println!("generated/ is up to date");
            ExitCode::SUCCESS
        }
        Ok(drift) if check => {
            eprintln!(
                "generated/ is out of date:\n{}\nrun `cargo xtask generate` and commit the result",
                drift.describe()
            );
            ExitCode::FAILURE
        }
        Ok(drift) => {
            println!("updated generated/:\n{}", drift.describe());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn diff_api(old: &Path, new: &Path) -> ExitCode {
    match (codegen::load::read_spec(old), codegen::load::read_spec(new)) {
        (Ok(old), Ok(new)) => {
            print!("{}", codegen::diff::diff(&old, &new));
            ExitCode::SUCCESS
        }
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
