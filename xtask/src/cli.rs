//! The command line. The doc comments below are the `--help` text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Maintainer tasks for the Azure Resource Manager client generator.
///
/// Acts on the checkout it is run in: the workspace that `cargo run` names, else the one
/// `cargo locate-project --workspace` finds from the current directory.
#[derive(Debug, Parser)]
#[command(name = "xtask", bin_name = "cargo xtask", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Generate(GenerateArgs),
    DiffApi(DiffApiArgs),
    Import(ImportArgs),
}

/// Rewrite generated/ from the specs in specs/.
///
/// Only files whose content changed are rewritten, and emitted files that no spec produces any
/// more are removed. Prints the API changes since the last generation, breaking ones first. A spec
/// mistake is reported as `file:line:column: error: ...`, and then nothing is written.
///
/// Examples:
///   cargo xtask generate
///   cargo xtask generate --check
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct GenerateArgs {
    /// Write nothing; exit 1, naming each missing, stale or orphaned file, when generated/
    /// differs from what the generator would write
    #[arg(long)]
    pub check: bool,
}

/// Print the API changes between two specs, breaking ones first.
///
/// Changes are judged by what consumers of the generated crate see: a new status of a plain
/// operation is breaking (its outcome enum gains a variant), a new header is not.
///
/// Example:
///   cargo xtask diff-api old/batch.yaml specs/batch/private_endpoint_connection_update.yaml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct DiffApiArgs {
    /// The spec before the change
    #[arg(value_name = "OLD_SPEC")]
    pub old: PathBuf,
    /// The spec after the change
    #[arg(value_name = "NEW_SPEC")]
    pub new: PathBuf,
    /// Exit 1 when a change breaks consumers
    #[arg(long)]
    pub fail_on_breaking: bool,
}

/// Import an operation from an upstream OpenAPI (Swagger) file into a spec.
///
/// Resolves `$ref`s (within the file, sibling files and ARM common-types) and `allOf`, and copies
/// the operation's x-ms-examples files beside the spec. Whatever cannot be represented faithfully
/// is an error naming the file and JSON pointer, and then nothing is written. Run
/// `cargo xtask generate` afterwards.
///
/// Example:
///   cargo xtask import \
///     --openapi specs/upstream/.../Microsoft.Batch/stable/2024-07-01/BatchManagement.json \
///     --operation PrivateEndpointConnection_Update \
///     --output specs/batch/private_endpoint_connection_update.yaml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ImportArgs {
    /// The upstream OpenAPI file (JSON)
    #[arg(long, value_name = "FILE")]
    pub openapi: PathBuf,
    #[command(flatten)]
    pub selection: OperationSelection,
    /// The spec to write [default: specs/<module>/<operation_id>.yaml, e.g.
    /// specs/key_vault/private_endpoint_connections_put.yaml]
    #[arg(long, value_name = "SPEC")]
    pub output: Option<PathBuf>,
    /// Import even when the operation's example files are missing upstream (with a warning);
    /// an example the spec already has for the same api-version is kept
    #[arg(long)]
    pub skip_missing_examples: bool,
}

/// Which operations of the OpenAPI file to import. A group of its own, so that `--operation` can
/// become repeatable and `--all` an alternative to it without touching the other arguments.
#[derive(Debug, Args)]
pub struct OperationSelection {
    /// The operationId to import, as the OpenAPI file spells it
    #[arg(long, value_name = "OPERATION_ID")]
    pub operation: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn diff_api_takes_its_flag_before_or_after_the_specs() {
        for args in [
            [
                "cargo xtask",
                "diff-api",
                "--fail-on-breaking",
                "a.yaml",
                "b.yaml",
            ],
            [
                "cargo xtask",
                "diff-api",
                "a.yaml",
                "b.yaml",
                "--fail-on-breaking",
            ],
        ] {
            let Command::DiffApi(parsed) = Cli::parse_from(args).command else {
                panic!("not diff-api: {args:?}");
            };
            assert!(parsed.fail_on_breaking);
            assert_eq!(parsed.old, PathBuf::from("a.yaml"));
            assert_eq!(parsed.new, PathBuf::from("b.yaml"));
        }
    }

    #[test]
    fn import_reads_every_argument() {
        let args = [
            "cargo xtask",
            "import",
            "--operation",
            "Widgets_Get",
            "--openapi",
            "w.json",
            "--skip-missing-examples",
        ];
        let Command::Import(parsed) = Cli::parse_from(args).command else {
            panic!("not import");
        };
        assert_eq!(parsed.openapi, PathBuf::from("w.json"));
        assert_eq!(parsed.selection.operation, "Widgets_Get");
        assert_eq!(parsed.output, None);
        assert!(parsed.skip_missing_examples);
    }
}
