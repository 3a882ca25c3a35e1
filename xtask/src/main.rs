//! `cargo xtask`: parses arguments and touches files; the work is in `codegen`.

mod cli;
mod workspace;

use clap::Parser;
use cli::{Cli, Command, DiffApiArgs, GenerateArgs, ImportArgs};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate(args) => with_workspace(|root| generate(root, &args)),
        Command::DiffApi(args) => diff_api(&args),
        Command::Import(args) => with_workspace(|root| import(root, args)),
    }
}

/// Runs `task` on the workspace found at run time; see [`workspace::root`].
fn with_workspace(task: impl FnOnce(&Path) -> ExitCode) -> ExitCode {
    match workspace::root() {
        Ok(root) => task(&root),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn generate(root: &Path, args: &GenerateArgs) -> ExitCode {
    let check = args.check;
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

/// Prints the API changes; with `--fail-on-breaking`, exits 1 when one of them breaks consumers.
fn diff_api(args: &DiffApiArgs) -> ExitCode {
    match codegen::diff::diff_files(&args.old, &args.new) {
        Ok(changes) => {
            print!("{changes}");
            if args.fail_on_breaking && changes.has_breaking() {
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

fn import(root: &Path, args: ImportArgs) -> ExitCode {
    let options = codegen::import::ImportOptions {
        skip_missing_examples: args.skip_missing_examples,
    };
    let operation = &args.selection.operation;
    let imported = match codegen::import::import(&args.openapi, operation, &options) {
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
