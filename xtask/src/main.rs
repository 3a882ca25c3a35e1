//! `cargo xtask`: parses arguments and touches files; the work is in `codegen`.

mod bench;
mod cli;
mod fuzz;
mod workspace;

use clap::Parser;
use cli::{BenchArgs, BenchCommand, Cli, Command, DiffApiArgs, GenerateArgs, ImportArgs};
use std::path::Path;
use std::process::ExitCode;

// glibc's malloc was a third of `generate`'s CPU time at 10,000 operations (token trees are
// many small allocations, made and freed on rayon's threads); mimalloc takes a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate(args) => with_workspace(|root| generate(root, &args)),
        Command::DiffApi(args) => diff_api(&args),
        Command::Import(args) => with_workspace(|root| import(root, args)),
        Command::Fuzz(args) => with_workspace(|root| fuzz::run(root, &args)),
        Command::Bench(args) => bench(&args),
    }
}

fn bench(args: &BenchArgs) -> ExitCode {
    let result = match &args.command {
        BenchCommand::Scale(scale) => workspace::root()
            .and_then(|root| bench::scale(&root, &scale.ops, usize::from(scale.runs), scale.keep))
            .map(|points| bench::table(&points)),
        BenchCommand::GenerateOnce(once) => {
            bench::generate_once(&once.specs_dir, &once.crate_dir, once.check)
        }
    };
    match result {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
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
        for warning in &report.warnings {
            eprintln!("{warning}");
        }
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
    match &args.output {
        Some(output) => import_one(&args, output, &options),
        None => import_many(root, &args, &options),
    }
}

/// `--output`: the one operation, with its models, into one spec file.
fn import_one(
    args: &ImportArgs,
    output: &Path,
    options: &codegen::import::ImportOptions,
) -> ExitCode {
    let [operation] = args.selection.operation.as_slice() else {
        eprintln!("error: --output takes exactly one --operation");
        return ExitCode::FAILURE;
    };
    let imported = match codegen::import::import(&args.openapi, operation, options) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("error: {error}\nimport: no file was written");
            return ExitCode::FAILURE;
        }
    };
    for warning in &imported.warnings {
        eprintln!("warning: {warning}");
    }
    match codegen::import::write(&imported, output) {
        Ok(done) => {
            report_written(&done);
            println!("next: cargo xtask generate");
            ExitCode::SUCCESS
        }
        Err(error) => write_failed(error, output),
    }
}

/// Many operations (or a module's) into specs/<module>/, with the module's definitions.yaml.
fn import_many(
    root: &Path,
    args: &ImportArgs,
    options: &codegen::import::ImportOptions,
) -> ExitCode {
    use codegen::import::{Selection, import_many, module_as_is, write_many};
    let specs_dir = args.specs_dir.clone().unwrap_or_else(|| root.join("specs"));
    let mut selection = Selection {
        operations: args.selection.operation.clone(),
        all: args.selection.all,
    };
    let before = match &args.selection.module {
        Some(module) => match module_as_is(&specs_dir.join(module)) {
            Ok(before) => {
                selection.operations = before.iter().map(|s| s.operation.id.clone()).collect();
                before
            }
            Err(error) => return write_failed(error, &specs_dir.join(module)),
        },
        None => Vec::new(),
    };
    let batch = match import_many(&args.openapi, &selection, options) {
        Ok(batch) => batch,
        Err(error) => {
            eprintln!("error: {error}\nimport: no file was written");
            return ExitCode::FAILURE;
        }
    };
    for warning in batch.imported.iter().flat_map(|i| &i.warnings) {
        eprintln!("warning: {warning}");
    }
    let total = batch.imported.len() + batch.refused.len();
    let mut refused = batch.refused.clone();
    if !refused.is_empty() && !args.keep_going {
        report_refused(&refused, total);
        eprintln!("import: no file was written (--keep-going writes the rest)");
        return ExitCode::FAILURE;
    }
    let written = match write_many(&batch.imported, &specs_dir, args.keep_going) {
        Ok(written) => written,
        Err(error) => return write_failed(error, &specs_dir),
    };
    report_written(&written.written);
    refused.extend(written.refused.iter().cloned());
    if !refused.is_empty() && !args.keep_going {
        report_refused(&refused, total);
        eprintln!("import: no file was written (--keep-going writes the rest)");
        return ExitCode::FAILURE;
    }
    if args.selection.module.is_some() {
        print_summary(&before, &batch.imported);
    }
    println!(
        "imported {}/{total} operations of {}",
        total - refused.len(),
        args.openapi.display()
    );
    if !refused.is_empty() {
        report_refused(&refused, total);
        return ExitCode::FAILURE;
    }
    println!("next: cargo xtask generate");
    ExitCode::SUCCESS
}

fn print_summary(before: &[codegen::spec::Spec], after: &[codegen::import::Imported]) {
    match codegen::import::api_summary(before, after) {
        Ok(summary) => {
            for change in summary {
                print!("{change}");
            }
        }
        Err(problems) => eprintln!("warning: no API summary: {problems}"),
    }
}

fn report_refused(refused: &[codegen::import::Refusal], total: usize) {
    eprintln!("refused {} of {total} operations:", refused.len());
    for refusal in refused {
        eprintln!("error: {}: {}", refusal.operation, refusal.reason);
    }
}

fn write_failed(error: codegen::import::WriteError, output: &Path) -> ExitCode {
    match error {
        error @ codegen::import::WriteError::Refused(_) => {
            eprintln!("error: {error}\nimport: no file was written");
        }
        codegen::import::WriteError::Io { path, error, done } => {
            report_written(&done);
            eprintln!(
                "error: {}: {error}\nimport: writing {} did not finish",
                path.display(),
                output.display()
            );
        }
    }
    ExitCode::FAILURE
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
