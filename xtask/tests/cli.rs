//! The command line as a user meets it: help and version on stdout with exit 0, and a mistake
//! named on stderr with exit 2.

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_lists_every_command() {
    for flag in ["--help", "-h", "help"] {
        let output = xtask(&[flag]);
        assert_eq!(output.status.code(), Some(0), "{flag}: {}", stderr(&output));
        let help = stdout(&output);
        assert!(
            help.contains("Usage: cargo xtask <COMMAND>"),
            "{flag}: {help}"
        );
        for command in ["generate", "diff-api", "import"] {
            assert!(help.contains(command), "{flag} misses {command}: {help}");
        }
        assert!(stderr(&output).is_empty(), "{flag}: {}", stderr(&output));
    }
}

#[test]
fn each_command_has_help_with_an_example() {
    for (command, usage, example) in [
        (
            "generate",
            "Usage: cargo xtask generate [OPTIONS]",
            "cargo xtask generate --check",
        ),
        (
            "diff-api",
            "Usage: cargo xtask diff-api [OPTIONS] <OLD_SPEC> <NEW_SPEC>",
            "cargo xtask diff-api old/",
        ),
        (
            "import",
            "Usage: cargo xtask import [OPTIONS] --openapi <FILE> <--operation <OPERATION_ID>|--all|--module <MODULE>>",
            "--operation PrivateEndpointConnection_Update",
        ),
    ] {
        let output = xtask(&[command, "--help"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command}: {}",
            stderr(&output)
        );
        let help = stdout(&output);
        assert!(help.contains(usage), "{command}: {help}");
        assert!(help.contains(example), "{command}: {help}");
    }
}

#[test]
fn version_is_printed() {
    let output = xtask(&["--version"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output).trim(),
        format!("xtask {}", env!("CARGO_PKG_VERSION"))
    );
}

/// Each mistake exits 2 and names what is wrong.
#[test]
fn mistakes_are_named() {
    for (args, named) in [
        (&["generate", "--chek"][..], "unexpected argument '--chek'"),
        (&["frobnicate"][..], "unrecognized subcommand 'frobnicate'"),
        (
            &["import", "--operation", "Widgets_Get", "--openapi"][..],
            "a value is required for '--openapi <FILE>'",
        ),
        (
            &["import", "--openapi", "widgets.json"][..],
            "--operation <OPERATION_ID>",
        ),
        (&["diff-api", "old.yaml"][..], "<NEW_SPEC>"),
    ] {
        let output = xtask(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stdout(&output)
        );
        let message = stderr(&output);
        assert!(message.contains(named), "{args:?}: {message}");
        assert!(stdout(&output).is_empty(), "{args:?}: {}", stdout(&output));
    }
}

#[test]
fn no_command_is_a_mistake() {
    let output = xtask(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("Usage: cargo xtask"),
        "{}",
        stderr(&output)
    );
}
