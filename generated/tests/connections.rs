//! The cross-provider interface (`connections`) against all three providers over loopback:
//! listing across pages, approving and rejecting (PUT vs PATCH, etag in the body vs
//! `If-Match`, long-running or not), long-running deletes, and the errors a consumer meets.
//!
//! Hand-written. The tests drive the interface and check only the JSON and HTTP on the wire, as
//! ARM defines them for private endpoint connections, never a production module's models, so a
//! new api-version of a provider needs no edit here. They run on tokio's paused clock.

mod support;

use azure_arm_private_endpoints::connections::{
    ConnectionId, ConnectionStatus, Connections, Provider, UnsupportedResource,
};
use azure_arm_private_endpoints::{ResourceId, batch, container_service, key_vault};
use azure_core::error::ErrorKind;
use azure_core::http::StatusCode;
use serde_json::{Value, json};
use support::{ENDPOINT, Received, Reply, Server};

const SUB: &str = "00000000-0000-0000-0000-000000000000";
const ENDPOINT_ID: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/privateEndpoints/ep";

/// One provider, as ARM addresses it.
struct Case {
    provider: Provider,
    /// The vault, cluster or account id.
    resource: String,
    api_version: &'static str,
    /// Whether its connections carry an etag (Key Vault and Batch do).
    etag: bool,
}

fn cases() -> [Case; 3] {
    let resource = |ty: &str, name: &str| {
        format!("/subscriptions/{SUB}/resourceGroups/rg/providers/{ty}/{name}")
    };
    [
        Case {
            provider: Provider::KeyVault,
            resource: resource("Microsoft.KeyVault/vaults", "kv1"),
            api_version: key_vault::API_VERSION,
            etag: true,
        },
        Case {
            provider: Provider::ContainerService,
            resource: resource("Microsoft.ContainerService/managedClusters", "aks1"),
            api_version: container_service::API_VERSION,
            etag: false,
        },
        Case {
            provider: Provider::Batch,
            resource: resource("Microsoft.Batch/batchAccounts", "batch1"),
            api_version: batch::API_VERSION,
            etag: true,
        },
    ]
}

impl Case {
    fn connection_path(&self, name: &str) -> String {
        format!("{}/privateEndpointConnections/{name}", self.resource)
    }

    fn connection_id(&self, name: &str) -> ResourceId {
        self.connection_path(name).parse().expect("an id")
    }

    /// A connection as the service sends it.
    fn connection(&self, name: &str, status: &str, description: Option<&str>) -> Value {
        let mut state = json!({ "status": status, "actionsRequired": "None" });
        if let Some(description) = description {
            state["description"] = description.into();
        }
        let mut body = json!({
            "id": self.connection_path(name),
            "name": name,
            "type": format!("{}/privateEndpointConnections", self.provider.resource_type()),
            "properties": {
                "privateEndpoint": { "id": ENDPOINT_ID },
                "privateLinkServiceConnectionState": state,
                "provisioningState": "Succeeded"
            }
        });
        if self.etag {
            body["etag"] = format!("W/\"{name}-1\"").into();
        }
        body
    }
}

fn connections(server: &Server) -> Connections {
    Connections::new(support::credential(), Some(server.options()))
}

fn methods_and_paths(received: &[Received]) -> Vec<(String, String)> {
    received
        .iter()
        .map(|r| (r.method.clone(), r.path.clone()))
        .collect()
}

fn steps(steps: &[(&str, &str)]) -> Vec<(String, String)> {
    steps
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect()
}

fn cloud_error(code: &str, message: &str) -> Value {
    json!({ "error": { "code": code, "message": message } })
}

#[tokio::test(start_paused = true)]
async fn lists_every_connection_of_each_provider_across_pages() {
    for case in cases() {
        let list_path = format!("{}/privateEndpointConnections", case.resource);
        let first = case.connection("pe1", "Pending", Some("please"));
        let second = case.connection("pe2", "approved", None);
        // AKS's list is one page upstream (no x-ms-pageable); the others follow nextLink.
        let paged = case.provider != Provider::ContainerService;
        let replies = if paged {
            let next = format!("{ENDPOINT}{list_path}?$skipToken=page2");
            vec![
                Reply::new(200).json(&json!({ "value": [first], "nextLink": next })),
                Reply::new(200).json(&json!({ "value": [second] })),
            ]
        } else {
            vec![Reply::new(200).json(&json!({ "value": [first, second] }))]
        };
        let server = Server::start(replies).await;
        let resource: ResourceId = case.resource.parse().expect("id");

        let listed = connections(&server).list(&resource).await.expect("listed");

        let received = server.received();
        let expected: Vec<_> = [&list_path]
            .into_iter()
            .cycle()
            .take(if paged { 2 } else { 1 })
            .collect();
        assert_eq!(
            received.iter().map(|r| &r.path).collect::<Vec<_>>(),
            expected,
            "{}",
            case.provider
        );
        assert!(received.iter().all(|r| r.method == "GET"));
        assert!(
            received
                .iter()
                .all(|r| r.query("api-version") == Some(case.api_version)),
            "{}: {received:#?}",
            case.provider
        );
        if paged {
            assert_eq!(received[1].query("$skipToken"), Some("page2"));
        }

        assert_eq!(listed.len(), 2, "{}", case.provider);
        let [pe1, pe2] = [&listed[0], &listed[1]];
        assert_eq!(pe1.id.id(), &case.connection_id("pe1"));
        assert_eq!(pe1.id.provider(), case.provider);
        assert_eq!(pe1.status, Some(ConnectionStatus::Pending));
        assert_eq!(pe1.description.as_deref(), Some("please"));
        assert_eq!(pe1.private_endpoint.as_deref(), Some(ENDPOINT_ID));
        assert_eq!(pe1.provisioning_state.as_deref(), Some("Succeeded"));
        // A status in another case reads as the status: ARM compares them case-insensitively.
        assert_eq!(
            pe2.status,
            Some(ConnectionStatus::Approved),
            "{}",
            case.provider
        );
        assert_eq!(pe2.description, None);
    }
}

#[tokio::test(start_paused = true)]
async fn approving_sends_each_provider_its_own_request() {
    for case in cases() {
        let path = case.connection_path("pe1");
        let pending = case.connection("pe1", "Pending", None);
        let approved = case.connection("pe1", "Approved", Some("ok by ops"));
        let replies = match case.provider {
            // Read the etag, then PUT with it.
            Provider::KeyVault => vec![
                Reply::new(200).json(&pending),
                Reply::new(200).json(&approved),
            ],
            // PUT at once: AKS has no etag.
            Provider::ContainerService => vec![Reply::new(200).json(&approved)],
            // Read the etag, then a long-running PATCH with If-Match, done in one answer.
            _ => vec![
                Reply::new(200).json(&pending),
                Reply::new(200).json(&approved),
            ],
        };
        let server = Server::start(replies).await;

        let connection = connections(&server)
            .approve(&case.connection_id("pe1"), Some("ok by ops"))
            .await
            .expect("approved");
        assert_eq!(connection.status, Some(ConnectionStatus::Approved));
        assert_eq!(connection.description.as_deref(), Some("ok by ops"));
        assert_eq!(connection.id.id(), &case.connection_id("pe1"));

        let received = server.received();
        let state = json!({ "status": "Approved", "description": "ok by ops" });
        let write = received.last().expect("a write");
        match case.provider {
            Provider::KeyVault => {
                assert_eq!(
                    methods_and_paths(&received),
                    steps(&[("GET", &path), ("PUT", &path)])
                );
                assert_eq!(
                    write.json(),
                    json!({ "etag": "W/\"pe1-1\"", "properties": { "privateLinkServiceConnectionState": state } })
                );
                assert_eq!(write.header("if-match"), None);
            }
            Provider::ContainerService => {
                assert_eq!(methods_and_paths(&received), steps(&[("PUT", &path)]));
                assert_eq!(
                    write.json(),
                    json!({ "properties": { "privateLinkServiceConnectionState": state } })
                );
            }
            _ => {
                assert_eq!(
                    methods_and_paths(&received),
                    steps(&[("GET", &path), ("PATCH", &path)])
                );
                assert_eq!(
                    write.json(),
                    json!({ "properties": { "privateLinkServiceConnectionState": state } })
                );
                assert_eq!(write.header("if-match"), Some("W/\"pe1-1\""));
            }
        }
        assert!(
            received
                .iter()
                .all(|r| r.query("api-version") == Some(case.api_version))
        );
    }
}

#[tokio::test(start_paused = true)]
async fn rejecting_without_a_description_sends_none() {
    for case in cases() {
        let rejected = case.connection("pe1", "Rejected", None);
        let server = Server::start(vec![Reply::new(200).json(&rejected)]).await;

        let connection = connections(&server)
            .reject(&case.connection_id("pe1"), None)
            .await
            .expect("rejected");
        assert_eq!(connection.status, Some(ConnectionStatus::Rejected));

        let write = server.received().pop().expect("a write");
        assert_eq!(
            write.json()["properties"],
            json!({ "privateLinkServiceConnectionState": { "status": "Rejected" } }),
            "{}",
            case.provider
        );
    }
}

/// Batch's PATCH, when the service takes its time: 202 with `Location`, polled after its
/// `Retry-After`, then the connection as it ended.
#[tokio::test(start_paused = true)]
async fn a_long_running_batch_approval_is_followed_to_its_end() {
    let case = &cases()[2];
    let path = case.connection_path("pe1");
    let monitor = format!(
        "/subscriptions/{SUB}/providers/Microsoft.Batch/locations/westus/operationResults/op1"
    );
    let server = Server::start(vec![
        Reply::new(200).json(&case.connection("pe1", "Pending", None)),
        Reply::new(202)
            .header("Location", &format!("{ENDPOINT}{monitor}"))
            .header("Retry-After", "7"),
        Reply::new(202)
            .header("Location", &format!("{ENDPOINT}{monitor}"))
            .header("Retry-After", "7"),
        Reply::new(200).json(&case.connection("pe1", "Approved", None)),
    ])
    .await;
    let started = tokio::time::Instant::now();

    let connection = connections(&server)
        .approve(&case.connection_id("pe1"), None)
        .await
        .expect("approved");

    assert_eq!(connection.status, Some(ConnectionStatus::Approved));
    let received = server.received();
    assert_eq!(
        methods_and_paths(&received)[..4],
        steps(&[
            ("GET", &path),
            ("PATCH", &path),
            ("GET", &monitor),
            ("GET", &monitor)
        ])
    );
    assert!(started.elapsed() >= std::time::Duration::from_secs(14));
}

#[tokio::test(start_paused = true)]
async fn deleting_waits_for_each_providers_long_running_operation() {
    for case in cases() {
        let path = case.connection_path("pe1");
        let monitor = format!("/subscriptions/{SUB}/providers/operations/delete1");
        let url = format!("{ENDPOINT}{monitor}");
        // Each as its spec documents: Key Vault and Batch answer 202 with Location, AKS 200
        // with Azure-AsyncOperation.
        let replies = match case.provider {
            Provider::ContainerService => vec![
                Reply::new(200)
                    .header("Azure-AsyncOperation", &url)
                    .header("Retry-After", "3"),
                Reply::new(200)
                    .json(&json!({ "status": "InProgress" }))
                    .header("Retry-After", "3"),
                Reply::new(200).json(&json!({ "status": "Succeeded" })),
            ],
            _ => vec![
                Reply::new(202)
                    .header("Location", &url)
                    .header("Retry-After", "3"),
                Reply::new(202)
                    .header("Location", &url)
                    .header("Retry-After", "3"),
                Reply::new(204),
            ],
        };
        let server = Server::start(replies).await;
        let started = tokio::time::Instant::now();

        connections(&server)
            .delete(&case.connection_id("pe1"))
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", case.provider));

        assert_eq!(
            methods_and_paths(&server.received()),
            steps(&[("DELETE", &path), ("GET", &monitor), ("GET", &monitor)]),
            "{}",
            case.provider
        );
        assert!(started.elapsed() >= std::time::Duration::from_secs(6));
    }
}

#[tokio::test(start_paused = true)]
async fn a_failed_delete_is_an_error_with_the_services_reason() {
    for case in cases() {
        let url = format!("{ENDPOINT}/subscriptions/{SUB}/providers/operations/op");
        // The first answer each spec documents for a running delete.
        let first = if case.provider == Provider::ContainerService {
            200
        } else {
            202
        };
        let server = Server::start(vec![
            Reply::new(first).header("Azure-AsyncOperation", &url),
            Reply::new(200).json(&json!({
                "status": "Failed",
                "error": { "code": "ConnectionInUse", "message": "the endpoint is still in use" }
            })),
        ])
        .await;

        let error = connections(&server)
            .delete(&case.connection_id("pe1"))
            .await
            .expect_err("failed");

        let message = error.to_string();
        assert!(
            message.contains("Failed")
                && message.contains("ConnectionInUse")
                && message.contains("still in use"),
            "{}: {message}",
            case.provider
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_missing_connection_is_a_404_for_every_provider() {
    for case in cases() {
        // Key Vault answers its Get with 204 No Content; the others with 404.
        let reply = match case.provider {
            Provider::KeyVault => Reply::new(204),
            _ => Reply::new(404).json(&cloud_error("NotFound", "no such connection")),
        };
        let server = Server::start(vec![reply]).await;

        let error = connections(&server)
            .get(&case.connection_id("gone"))
            .await
            .expect_err("missing");

        assert!(
            matches!(error.kind(), ErrorKind::HttpResponse { status, .. } if *status == StatusCode::NotFound),
            "{}: {error:?}",
            case.provider
        );
        assert!(
            error.to_string().contains("gone") || error.to_string().contains("no such connection"),
            "{error}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn an_id_of_another_type_is_refused_before_anything_is_sent() {
    let server = Server::start(vec![Reply::new(500)]).await;
    let connections = connections(&server);
    let case = &cases()[0];
    let storage: ResourceId = format!(
        "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"
    )
    .parse()
    .expect("id");
    let group: ResourceId = format!("/subscriptions/{SUB}/resourceGroups/rg")
        .parse()
        .expect("id");
    // A vault's type, but as an extension of another resource: not a vault this module can address.
    let extension: ResourceId = format!("{}/providers/Microsoft.KeyVault/vaults/kv", case.resource)
        .parse()
        .expect("id");

    for (id, is_list) in [
        (&storage, true),
        (&group, true),
        (&extension, true),
        // A connection id is not a resource with connections, and the other way round.
        (&case.connection_id("pe1"), true),
        (&case.resource.parse::<ResourceId>().expect("id"), false),
    ] {
        let error = if is_list {
            connections.list(id).await.expect_err("refused")
        } else {
            connections.approve(id, None).await.expect_err("refused")
        };
        assert!(
            matches!(error.kind(), ErrorKind::DataConversion),
            "{error:?}"
        );
        let unsupported = error
            .downcast_ref::<UnsupportedResource>()
            .unwrap_or_else(|| panic!("{error:?}"));
        assert_eq!(unsupported.id, id.to_string());
        assert!(error.to_string().contains("expected"), "{error}");
    }
    assert!(server.received().is_empty());
}

#[test]
fn a_connection_id_of_each_provider_gives_the_client_arguments() {
    for case in cases() {
        let text = case
            .connection_path("pe.1")
            .replace("resourceGroups", "resourcegroups");
        let id: ConnectionId = text.parse().expect("a connection id");
        assert_eq!(id.provider(), case.provider);
        assert_eq!(id.subscription(), SUB);
        assert_eq!(id.resource_group(), "rg");
        assert_eq!(
            id.resource_name(),
            case.resource.rsplit('/').next().expect("name")
        );
        assert_eq!(id.name(), "pe.1");
        assert_eq!(id.resource().id().to_string(), case.resource);
        assert_eq!(id.resource().connection("pe.1"), Ok(id.clone()));
        assert_eq!(id.to_string(), case.connection_path("pe.1"));
    }
    let error = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults"
        .parse::<ConnectionId>()
        .expect_err("malformed");
    assert!(error.to_string().contains("segment 7"), "{error}");
}

/// A name the provider's client refuses (its spec's pattern) fails before anything is sent,
/// like any invalid parameter.
#[tokio::test(start_paused = true)]
async fn a_name_the_client_refuses_sends_nothing() {
    let server = Server::start(vec![Reply::new(500)]).await;
    // Key Vault names are 3 to 24 letters, digits and dashes.
    let id: ResourceId = format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv_1/privateEndpointConnections/pe")
        .parse()
        .expect("id");
    let error = connections(&server).get(&id).await.expect_err("refused");
    support::assert_invalid_parameter(&error, "vaultName", "kv_1");
    assert!(server.received().is_empty());
}

/// Without `Retry-After`, a long-running call waits the frequency the caller set between
/// polls, not azure_core's 30 seconds.
#[tokio::test(start_paused = true)]
async fn the_poll_frequency_is_the_callers() {
    let case = &cases()[1];
    let url = format!("{ENDPOINT}/subscriptions/{SUB}/providers/operations/op");
    let server = Server::start(vec![
        Reply::new(200).header("Azure-AsyncOperation", &url),
        Reply::new(200).json(&json!({ "status": "InProgress" })),
        Reply::new(200).json(&json!({ "status": "Succeeded" })),
    ])
    .await;
    let started = tokio::time::Instant::now();

    connections(&server)
        .with_poll_frequency(azure_core::time::Duration::seconds(2))
        .delete(case.connection_id("pe1"))
        .await
        .expect("deleted");

    assert_eq!(server.received().len(), 3);
    let waited = started.elapsed();
    assert!(
        waited >= std::time::Duration::from_secs(4) && waited < std::time::Duration::from_secs(30),
        "{waited:?}"
    );
}
