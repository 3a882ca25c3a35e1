//! The `private_endpoints` example tool: its command line (the example file itself, included
//! here as a module) and its runs over loopback, output and error messages included.
//!
//! Hand-written. Like `connections.rs`, it checks only JSON and HTTP on the wire, never a
//! production module's models. It runs on tokio's paused clock.

mod support;

#[allow(dead_code)] // `main` is the binary's; the tests call `run`.
#[path = "../examples/private_endpoints.rs"]
mod private_endpoints;

use azure_arm_private_endpoints::ArmClientOptions;
use azure_core::cloud::CloudConfiguration;
use clap::Parser;
use clap::error::ErrorKind as ClapErrorKind;
use private_endpoints::Cli;
use serde_json::{Value, json};
use std::process::ExitCode;
use std::sync::Arc;
use support::fixtures::{ScopeRecorder, UrlRecorder};
use support::{ENDPOINT, Reply, Server};

const VAULT: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1";
const CLUSTER: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1";

fn parse(args: &[&str]) -> Cli {
    Cli::try_parse_from(std::iter::once("private_endpoints").chain(args.iter().copied()))
        .unwrap_or_else(|e| panic!("{args:?} should parse: {e}"))
}

fn connection(resource: &str, name: &str, status: &str) -> Value {
    json!({
        "id": format!("{resource}/privateEndpointConnections/{name}"),
        "name": name,
        "properties": {
            "privateEndpoint": { "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/privateEndpoints/ep" },
            "privateLinkServiceConnectionState": { "status": status, "description": "from the app team" },
            "provisioningState": "Succeeded"
        }
    })
}

/// What a run prints: exit code, stdout, stderr.
async fn run(server: &Server, args: &[&str]) -> (ExitCode, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = private_endpoints::run(
        &parse(args),
        support::credential(),
        server.options(),
        &mut out,
        &mut err,
    )
    .await;
    (
        code,
        String::from_utf8(out).expect("utf-8"),
        String::from_utf8(err).expect("utf-8"),
    )
}

#[test]
fn help_names_every_command_and_option() {
    let help = Cli::try_parse_from(["private_endpoints", "--help"]).expect_err("help");
    assert_eq!(help.kind(), ClapErrorKind::DisplayHelp);
    let text = help.to_string();
    for word in [
        "list",
        "approve",
        "reject",
        "delete",
        "--cloud",
        "--endpoint",
        "az login",
    ] {
        assert!(text.contains(word), "{word} missing from:\n{text}");
    }
    let approve = Cli::try_parse_from(["private_endpoints", "approve", "--help"])
        .expect_err("help")
        .to_string();
    assert!(approve.contains("--description"), "{approve}");
    let clouds = Cli::try_parse_from(["private_endpoints", "list", "--help"])
        .expect_err("help")
        .to_string();
    assert!(
        clouds.contains("public") && clouds.contains("china") && clouds.contains("us-gov"),
        "{clouds}"
    );
}

#[test]
fn a_malformed_id_is_refused_with_the_bad_segment() {
    for (args, segment) in [
        (
            vec!["list", "/subscriptions/s/resourceGroups"],
            "segment 3 \"resourceGroups\"",
        ),
        (
            vec![
                "approve",
                "subscriptions/s/resourceGroups/rg",
                "--description",
                "ok",
            ],
            "starts with `/`",
        ),
        (
            vec![
                "delete",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/privateEndpointConnections",
            ],
            "segment 9 \"privateEndpointConnections\"",
        ),
    ] {
        let error =
            Cli::try_parse_from(std::iter::once("private_endpoints").chain(args.iter().copied()))
                .expect_err("malformed");
        assert_eq!(error.kind(), ClapErrorKind::ValueValidation, "{error}");
        // What the tool prints, and exits 2 with.
        let message = error.render().to_string();
        assert!(message.contains("invalid resource id"), "{message}");
        assert!(message.contains(segment), "{message}");
        assert_eq!(error.exit_code(), 2);
    }
}

#[tokio::test(start_paused = true)]
async fn list_prints_each_connection_with_its_status_and_id() {
    let server = Server::start(vec![Reply::new(200).json(&json!({
        "value": [connection(VAULT, "pe1", "Pending"), connection(VAULT, "pe2", "Approved")]
    }))])
    .await;

    let (code, out, err) = run(&server, &["list", VAULT]).await;

    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert_eq!(err, "");
    let expected = format!(
        "Pending      {VAULT}/privateEndpointConnections/pe1\n\
         \x20              description: from the app team\n\
         \x20              private endpoint: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/privateEndpoints/ep\n\
         Approved     {VAULT}/privateEndpointConnections/pe2\n\
         \x20              description: from the app team\n\
         \x20              private endpoint: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/privateEndpoints/ep\n"
    );
    assert_eq!(out, expected);
}

#[tokio::test(start_paused = true)]
async fn approve_reject_and_delete_say_what_they_did() {
    let id = format!("{CLUSTER}/privateEndpointConnections/pe1");

    let server = Server::start(vec![
        Reply::new(200).json(&connection(CLUSTER, "pe1", "Approved")),
    ])
    .await;
    let (code, out, _) = run(&server, &["approve", &id, "--description", "ok"]).await;
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(
        out,
        format!("approved {id}: status Approved, provisioning Succeeded\n")
    );
    let sent = server.single_request().json();
    assert_eq!(
        sent["properties"]["privateLinkServiceConnectionState"],
        json!({ "status": "Approved", "description": "ok" })
    );

    let server = Server::start(vec![
        Reply::new(200).json(&connection(CLUSTER, "pe1", "Rejected")),
    ])
    .await;
    let (code, out, _) = run(&server, &["reject", &id]).await;
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(
        out,
        format!("rejected {id}: status Rejected, provisioning Succeeded\n")
    );

    let server = Server::start(vec![Reply::new(204)]).await;
    let (code, out, _) = run(&server, &["delete", &id]).await;
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(out, format!("deleted {id}\n"));
}

#[tokio::test(start_paused = true)]
async fn errors_read_well() {
    let id = format!("{VAULT}/privateEndpointConnections/pe1");
    let error =
        |code: &str, message: &str| json!({ "error": { "code": code, "message": message } });
    let monitor = format!(
        "{ENDPOINT}/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.KeyVault/operations/op"
    );
    let cases: Vec<(Vec<Reply>, Vec<&str>, Vec<String>)> = vec![
        (
            vec![Reply::new(404).header("x-ms-request-id", "req-1").json(&error("ResourceNotFound", "The vault kv1 was not found."))],
            vec!["list", VAULT],
            vec![
                "error: not found (404): ResourceNotFound: The vault kv1 was not found. (request id req-1)".to_string(),
            ],
        ),
        (
            vec![Reply::new(403).json(&error("AuthorizationFailed", "The client does not have authorization."))],
            vec!["approve", &id],
            vec![
                "error: not authorized (403): AuthorizationFailed: The client does not have authorization.".to_string(),
                "az login".to_string(),
            ],
        ),
        (
            vec![Reply::new(401).json(&error("InvalidAuthenticationToken", "The access token is invalid."))],
            vec!["delete", &id],
            vec!["error: not authorized (401): InvalidAuthenticationToken".to_string()],
        ),
        (
            vec![
                Reply::new(202).header("Azure-AsyncOperation", &monitor),
                Reply::new(200).json(&json!({ "status": "Failed", "error": { "code": "Conflict", "message": "The connection is in use." } })),
            ],
            vec!["delete", &id],
            vec!["error: the long-running operation ended Failed: Conflict: The connection is in use.".to_string()],
        ),
        (
            vec![],
            vec!["list", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"],
            vec![
                "its type is `Microsoft.Storage/storageAccounts`, expected a vault, managed cluster or Batch account".to_string(),
            ],
        ),
    ];
    for (replies, args, expected) in cases {
        let sends = !replies.is_empty();
        let server = Server::start(replies).await;
        let (code, out, err) = run(&server, &args).await;
        assert_eq!(code, ExitCode::FAILURE, "{args:?}");
        assert_eq!(out, "", "{args:?}");
        for text in expected {
            assert!(
                err.contains(&text),
                "{args:?}: expected {text:?} in:\n{err}"
            );
        }
        assert!(
            !err.contains("Backtrace") && !err.contains("Error {"),
            "{err}"
        );
        assert_eq!(!server.received().is_empty(), sends, "{args:?}");
    }
}

#[test]
fn cloud_and_endpoint_set_the_client_options() {
    let options = |args: &[&str]| parse(args).client_options(ArmClientOptions::default());
    let cloud = |options: &ArmClientOptions| options.client_options.cloud.as_deref().cloned();

    let public = options(&["list", VAULT]);
    assert!(matches!(
        cloud(&public),
        Some(CloudConfiguration::AzurePublic)
    ));
    assert_eq!(public.endpoint, None);
    let china = options(&["--cloud", "china", "list", VAULT]);
    assert!(matches!(
        cloud(&china),
        Some(CloudConfiguration::AzureChina)
    ));
    let us_gov = options(&["list", VAULT, "--cloud", "us-gov"]);
    assert!(matches!(
        cloud(&us_gov),
        Some(CloudConfiguration::AzureGovernment)
    ));
    let custom = options(&["--endpoint", "https://arm.contoso.test/", "list", VAULT]);
    assert_eq!(
        custom.endpoint.map(|u| u.to_string()).as_deref(),
        Some("https://arm.contoso.test/")
    );
}

/// `--cloud china` sends to China's Resource Manager with a token for it.
#[tokio::test(start_paused = true)]
async fn the_cloud_decides_endpoint_and_token_scope() {
    let server = Server::start(vec![Reply::new(200).json(&json!({ "value": [] }))]).await;
    let credential = Arc::new(ScopeRecorder::default());
    let urls = Arc::new(UrlRecorder::default());
    let mut options = server.options();
    options.client_options.per_call_policies.push(urls.clone());
    let mut out = Vec::new();
    let mut err = Vec::new();

    let code = private_endpoints::run(
        &parse(&["--cloud", "china", "list", VAULT]),
        credential.clone(),
        options,
        &mut out,
        &mut err,
    )
    .await;

    assert_eq!(code, ExitCode::SUCCESS, "{}", String::from_utf8_lossy(&err));
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        format!("{VAULT} has no private endpoint connections\n")
    );
    let urls = urls.0.lock().expect("lock").clone();
    assert_eq!(urls.len(), 1);
    assert!(
        urls[0].starts_with(&format!(
            "https://management.chinacloudapi.cn{VAULT}/privateEndpointConnections?"
        )),
        "{urls:?}"
    );
    assert_eq!(
        *credential.0.lock().expect("lock"),
        ["https://management.chinacloudapi.cn/.default"]
    );
}
