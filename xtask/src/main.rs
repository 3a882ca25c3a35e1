//! `cargo xtask generate [--check]`: parses arguments and touches files; the work is in `codegen`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask generate [--check]
  cargo xtask diff-api <old-spec.yaml> <new-spec.yaml> [--fail-on-breaking]
  cargo xtask import --openapi <file.json> --operation <operationId> [--output <spec.yaml>] [--skip-missing-examples]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    match args.as_slice() {
        ["generate"] => generate(&root, false),
        ["generate", "--check"] => generate(&root, true),
        ["diff-api", rest @ ..] => {
            let fail_on_breaking = rest.contains(&"--fail-on-breaking");
            match rest
                .iter()
                .filter(|a| **a != "--fail-on-breaking")
                .collect::<Vec<_>>()[..]
            {
                [old, new] => diff_api(Path::new(old), Path::new(new), fail_on_breaking),
                _ => {
                    eprintln!("{USAGE}");
                    ExitCode::from(2)
                }
            }
        }
        ["import", rest @ ..] => match ImportArgs::parse(rest) {
            Some(args) => import(&root, args),
            None => {
                eprintln!("{USAGE}");
                ExitCode::from(2)
            }
        },
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
            println!("updated generated/:\n{}", drift.describe_applied());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the API changes; with `fail_on_breaking`, exits 1 when one of them breaks consumers.
fn diff_api(old: &Path, new: &Path, fail_on_breaking: bool) -> ExitCode {
    match codegen::diff::diff_files(old, new) {
        Ok(changes) => {
            print!("{changes}");
            if fail_on_breaking && changes.has_breaking() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

struct ImportArgs {
    openapi: PathBuf,
    operation: String,
    output: Option<PathBuf>,
    skip_missing_examples: bool,
}

impl ImportArgs {
    fn parse(args: &[&str]) -> Option<ImportArgs> {
        let (mut openapi, mut operation, mut output, mut skip) = (None, None, None, false);
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match *arg {
                "--openapi" => openapi = Some(PathBuf::from(args.next()?)),
                "--operation" => operation = Some(args.next()?.to_string()),
                "--output" => output = Some(PathBuf::from(args.next()?)),
                "--skip-missing-examples" => skip = true,
                _ => return None,
            }
        }
        Some(ImportArgs {
            openapi: openapi?,
            operation: operation?,
            output,
            skip_missing_examples: skip,
        })
    }
}

fn import(root: &Path, args: ImportArgs) -> ExitCode {
    let options = codegen::import::ImportOptions {
        skip_missing_examples: args.skip_missing_examples,
    };
    let imported = match codegen::import::import(&args.openapi, &args.operation, &options) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("error: {error}\nimport: no file was written");
            return ExitCode::FAILURE;
        }
    };
    for warning in &imported.warnings {
        eprintln!("warning: {warning}");
    }
    let output = args
        .output
        .unwrap_or_else(|| codegen::import::default_output(&root.join("specs"), &imported));
    match codegen::import::write(&imported, &output) {
        Ok(done) => {
            report_written(&done);
            println!("next: cargo xtask generate");
            ExitCode::SUCCESS
        }
        Err(error @ codegen::import::WriteError::Refused(_)) => {
            eprintln!("error: {error}\nimport: no file was written");
            ExitCode::FAILURE
        }
        Err(codegen::import::WriteError::Io { path, error, done }) => {
            report_written(&done);
            eprintln!(
                "error: {}: {error}\nimport: writing {} did not finish",
                path.display(),
                output.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn report_written(done: &codegen::import::Written) {
    for path in &done.written {
        println!("wrote {}", path.display());
    }
    for path in &done.removed {
        println!(
            "removed {} (not an example of this api-version)",
            path.display()
        );
    }
    for path in &done.kept {
        println!(
            "kept {} (missing upstream; same api-version)",
            path.display()
        );
    }
}
