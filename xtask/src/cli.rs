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
    Fuzz(FuzzArgs),
    Bench(BenchArgs),
}

/// Try the generator and the importer on many mutated copies of the real specs.
///
/// Each case mutates one real document (a spec, definitions or example file under specs/, or an
/// OpenAPI file under specs/upstream/) and checks that nothing panics and that the result is
/// either code that parses as Rust or an error that says where. By default every tenth case goes
/// to the importer. Nothing is written outside a scratch folder under the system temp dir. Prints the
/// case counts; exits 1, naming each failing case's seed, when any case fails. Build it in
/// release for long runs.
///
/// Examples:
///   cargo run --release -p xtask -- fuzz --cases 1000000 --threads 2 --import-every 100 --check-rust-every 10
///   cargo xtask fuzz --cases 2000 --seed 7
///   cargo xtask fuzz --replay 0x1234abcd --target import
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct FuzzArgs {
    /// How many cases to run
    #[arg(long, default_value_t = 10_000)]
    pub cases: u64,
    /// The run's seed; the same seed gives the same cases
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// One case in this many goes to the importer (each costs about ten spec cases)
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub import_every: u64,
    /// Re-parse the emitted files of one accepted case in this many with syn (emit already
    /// parses the tokens it prints; this also checks the formatted text)
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub check_rust_every: u64,
    /// Run only the case with this seed (as printed for a failure), and print its document
    #[arg(long, value_parser = parse_seed)]
    pub replay: Option<u64>,
    /// The target of --replay
    #[arg(long, value_enum, default_value_t = FuzzTarget::Specs)]
    pub target: FuzzTarget,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FuzzTarget {
    Specs,
    Import,
}

fn parse_seed(text: &str) -> Result<u64, String> {
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|e| e.to_string())
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

/// Import operations from an upstream OpenAPI (Swagger) file into specs.
///
/// Resolves `$ref`s (within the file, sibling files and ARM common-types) and `allOf`, and copies
/// the operations' x-ms-examples files beside the specs. Each operation goes to
/// specs/<module>/<operation_id>.yaml without models; the models and enums they reach go to the
/// module's definitions.yaml, merged with those already there. Whatever cannot be represented
/// faithfully is a refusal naming the file and JSON pointer. By default one refusal means nothing
/// is written; with --keep-going the rest is written and the command still exits 1. Run
/// `cargo xtask generate` afterwards.
///
/// Examples:
///   cargo xtask import --openapi specs/upstream/.../BatchManagement.json \
///     --operation PrivateEndpointConnection_Update --operation 'PrivateLinkResource_*'
///   cargo xtask import --openapi .../managedClusters.json --all --keep-going
///   cargo xtask import --openapi .../2026-01-01/managedClusters.json --module container_service
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ImportArgs {
    /// The upstream OpenAPI file (JSON)
    #[arg(long, value_name = "FILE")]
    pub openapi: PathBuf,
    #[command(flatten)]
    pub selection: OperationSelection,
    /// Write the one operation, with its models, to this spec file instead (needs exactly one
    /// --operation, not a pattern)
    #[arg(long, value_name = "SPEC", conflicts_with_all = ["all", "module"])]
    pub output: Option<PathBuf>,
    /// Import even when the operation's example files are missing upstream (with a warning);
    /// an example the spec already has for the same api-version is kept
    #[arg(long)]
    pub skip_missing_examples: bool,
    /// Write what imports, list what is refused, and exit 1 if anything was
    #[arg(long)]
    pub keep_going: bool,
    /// The specs folder to write into [default: specs/ of the workspace]
    #[arg(long, value_name = "DIR")]
    pub specs_dir: Option<PathBuf>,
}

/// Which operations of the OpenAPI file to import.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct OperationSelection {
    /// An operationId to import, as the OpenAPI file spells it, or a pattern of them (`*` any
    /// text, `?` one character); repeat for more
    #[arg(long, value_name = "OPERATION_ID")]
    pub operation: Vec<String>,
    /// Every operation of the file
    #[arg(long)]
    pub all: bool,
    /// Re-import every spec of this module (e.g. container_service) from the file, typically
    /// a newer api-version, and print the API changes
    #[arg(long, value_name = "MODULE")]
    pub module: Option<String>,
}

/// Measure the generator. The stage and client benchmarks are criterion's:
/// `cargo bench -p codegen`, `cargo bench -p azure_arm_private_endpoints`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub command: BenchCommand,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    Scale(ScaleArgs),
    #[command(hide = true)]
    GenerateOnce(GenerateOnceArgs),
}

/// Time and peak memory of `generate` on N synthetic operations, and the lines it emits.
///
/// The operations are copies of the production specs, each under a provider of its own, written
/// to a temporary folder; each size runs `generate`, then `generate --check`, in a child process
/// whose peak resident memory (VmHWM, Linux) is reported, --runs times (the median is shown).
/// Build with --release for real figures.
///
/// Example:
///   cargo xtask bench scale --ops 100 --ops 1000 --ops 10000
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ScaleArgs {
    /// A number of operations to measure; repeat for a series
    #[arg(long, value_name = "N", default_values_t = [100, 1000, 10000])]
    pub ops: Vec<usize>,
    /// How many times each size is measured; the table gives the median and the range
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
    pub runs: u16,
    /// Keep the temporary specs and generated folders
    #[arg(long)]
    pub keep: bool,
}

/// One generate run, measured inside the process (used by `bench scale`).
#[derive(Debug, Args)]
pub struct GenerateOnceArgs {
    #[arg(long)]
    pub specs_dir: PathBuf,
    #[arg(long)]
    pub crate_dir: PathBuf,
    #[arg(long)]
    pub check: bool,
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
        assert_eq!(parsed.selection.operation, ["Widgets_Get"]);
        assert_eq!(parsed.output, None);
        assert!(parsed.skip_missing_examples);
    }

    #[test]
    fn import_takes_many_operations_or_all_or_a_module_but_one_kind_of_selection() {
        let parse = |args: &[&str]| {
            let mut all = vec!["cargo xtask", "import", "--openapi", "w.json"];
            all.extend(args);
            Cli::try_parse_from(all).map(|cli| match cli.command {
                Command::Import(args) => args,
                _ => panic!("not import"),
            })
        };
        let many = parse(&["--operation", "A_Get", "--operation", "B_*", "--keep-going"]).unwrap();
        assert_eq!(many.selection.operation, ["A_Get", "B_*"]);
        assert!(many.keep_going);
        assert!(parse(&["--all"]).unwrap().selection.all);
        let module = parse(&["--module", "batch"]).unwrap();
        assert_eq!(module.selection.module.as_deref(), Some("batch"));
        assert!(parse(&[]).is_err(), "a selection is required");
        assert!(parse(&["--all", "--operation", "A_Get"]).is_err());
        assert!(parse(&["--all", "--output", "x.yaml"]).is_err());
    }
}
