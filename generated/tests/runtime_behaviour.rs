//! Hand-written tests of the shared runtime through the generated client of the test-only
//! fixture service (`specs/fixture/`): retries,
//! ARM long-running operations, the poll-host guard, and cloud selection. All HTTP goes to a
//! scripted server on 127.0.0.1. The tests run on tokio's paused clock, so the waits the runtime
//! honours (Retry-After, back-off) cost no real time and their length can be asserted.

mod support;

use azure_arm_private_endpoints::fixture::{self, ItemsClient, ItemsClientPutOutcome};
use azure_arm_private_endpoints::runtime::ForeignPollUrl;
use azure_core::cloud::CloudConfiguration;
use azure_core::http::StatusCode;
use futures::TryStreamExt;
use serde_json::json;
use std::sync::Arc;
use support::fixtures::{
    ITEM_PATH, OPERATION_URL, SUBSCRIPTION, ScopeRecorder, UrlRecorder, approve, client, item,
};
use support::{Reply, Server};

#[tokio::test(start_paused = true)]
async fn throttling_429_waits_retry_after_then_retries() {
    let server = Server::start(vec![
        Reply::new(429).header("Retry-After", "7"),
        Reply::new(200).json(&json!({ "name": "item" })),
    ])
    .await;
    let client = ItemsClient::new(SUBSCRIPTION, support::credential(), Some(server.options()))
        .expect("client");
    let started = tokio::time::Instant::now();
    let outcome = client
        .put("rg", "acct", "item", &approve(), None)
        .await
        .expect("retried to success");
    assert_eq!(outcome.status(), StatusCode::Ok);
    assert_eq!(server.received().len(), 2);
    let waited = started.elapsed();
    assert!(
        waited >= std::time::Duration::from_secs(7) && waited < std::time::Duration::from_secs(8),
        "waited {waited:?}, not the Retry-After of 7 s"
    );
}

#[tokio::test(start_paused = true)]
async fn unavailable_503_is_retried() {
    let server = Server::start(vec![
        Reply::new(503).header("Retry-After", "0"),
        Reply::new(201).json(&json!({ "name": "item" })),
    ])
    .await;
    let client = ItemsClient::new(SUBSCRIPTION, support::credential(), Some(server.options()))
        .expect("client");
    let outcome = client
        .put("rg", "acct", "item", &approve(), None)
        .await
        .expect("retried to success");
    assert!(matches!(outcome, ItemsClientPutOutcome::Created { .. }));
    assert_eq!(server.received().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn location_polling_202_then_200_gives_the_resource() {
    let location = "https://management.azure.com/subscriptions/subid/operationResults/1?api-version=2024-01-01";
    let server = Server::start(vec![
        Reply::new(202)
            .header("Location", location)
            .header("Retry-After", "10"),
        Reply::new(202)
            .header("Location", location)
            .header("Retry-After", "5"),
        Reply::new(200).json(&item()),
    ])
    .await;
    let started = tokio::time::Instant::now();
    let result = client(&server)
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started")
        .await
        .expect("succeeded")
        .into_model()
        .expect("result");
    assert_eq!(result.map(|r| support::json(&r)), Some(item()));
    let waited = started.elapsed();
    assert!(
        waited >= std::time::Duration::from_secs(15) && waited < std::time::Duration::from_secs(16),
        "waited {waited:?}, not the two Retry-After values (10 s + 5 s)"
    );
    let received = server.received();
    let methods: Vec<&str> = received.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["PATCH", "GET", "GET"]);
    assert_eq!(received[1].path, "/subscriptions/subid/operationResults/1");
    assert!(
        received
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer fake-token"))
    );
}

#[tokio::test(start_paused = true)]
async fn location_polling_202_then_204_ends_without_a_resource() {
    let location = "https://management.azure.com/subscriptions/subid/operationResults/2";
    let server = Server::start(vec![
        Reply::new(202)
            .header("Location", location)
            .header("Retry-After", "0"),
        Reply::new(204),
    ])
    .await;
    let response = client(&server)
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started")
        .await
        .expect("succeeded");
    assert_eq!(response.status(), StatusCode::NoContent);
    assert_eq!(response.into_model().expect("result"), None);
    assert_eq!(server.received().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn azure_async_operation_is_polled_then_the_resource_is_read() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", OPERATION_URL)
            .header("Retry-After", "0"),
        Reply::new(200)
            .header("Retry-After", "0")
            .json(&json!({ "status": "InProgress" })),
        Reply::new(200).json(&json!({ "status": "Succeeded" })),
        Reply::new(200).json(&item()),
    ])
    .await;
    let mut poller = client(&server)
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started");
    let mut statuses = Vec::new();
    while let Some(step) = poller.try_next().await.expect("a step") {
        let status = step.into_model().expect("status").status;
        let done = status != "InProgress";
        statuses.push(status);
        if done {
            // azure_core 1.1's Poller must not be polled again after its terminal step.
            break;
        }
    }
    assert_eq!(statuses, ["InProgress", "InProgress", "Succeeded"]);
    let result = poller
        .await
        .expect("succeeded")
        .into_model()
        .expect("result");
    assert_eq!(result.map(|r| support::json(&r)), Some(item()));
    let received = server.received();
    let paths: Vec<(&str, &str)> = received
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            ("PATCH", ITEM_PATH),
            (
                "GET",
                "/subscriptions/subid/providers/Contoso.Fixture/operations/op1"
            ),
            (
                "GET",
                "/subscriptions/subid/providers/Contoso.Fixture/operations/op1"
            ),
            ("GET", ITEM_PATH),
        ]
    );
    assert_eq!(
        received[3].query("api-version"),
        Some(fixture::API_VERSION),
        "the final GET reads the original URL"
    );
}

#[tokio::test(start_paused = true)]
async fn a_failed_operation_is_an_error_with_its_detail() {
    let server = Server::start(vec![
        Reply::new(202).header("Azure-AsyncOperation", OPERATION_URL).header("Retry-After", "0"),
        Reply::new(200).header("x-ms-request-id", "poll-1").json(&json!({
            "status": "Failed",
            "error": { "code": "ItemUpdateFailed", "message": "The update failed.", "target": "properties" }
        })),
    ])
    .await;
    let error = client(&server)
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started")
        .await
        .expect_err("the operation failed");
    let detail = error
        .downcast_ref::<fixture::ServiceError>()
        .expect("the service's error model");
    assert_eq!(detail.code.as_deref(), Some("ItemUpdateFailed"));
    assert_eq!(detail.message.as_deref(), Some("The update failed."));
    assert_eq!(detail.target.as_deref(), Some("properties"));
    assert_eq!(detail.request_id.as_deref(), Some("poll-1"));
    assert!(error.to_string().contains("ended Failed"), "{error}");
    assert_eq!(server.received().len(), 2, "no final GET after a failure");
}

#[tokio::test(start_paused = true)]
async fn a_canceled_operation_is_an_error() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", OPERATION_URL)
            .header("Retry-After", "0"),
        Reply::new(200).json(&json!({ "status": "Canceled" })),
    ])
    .await;
    let error = client(&server)
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started")
        .await
        .expect_err("the operation was canceled");
    assert!(error.to_string().contains("ended Canceled"), "{error}");
}

#[tokio::test(start_paused = true)]
async fn a_poll_url_on_another_host_is_refused_without_a_request() {
    for header in ["Location", "Azure-AsyncOperation"] {
        let server = Server::start(vec![
            Reply::new(202)
                .header(header, "https://attacker.example.com/steal?token=please")
                .header("Retry-After", "0"),
            Reply::new(200).json(&json!({ "status": "Succeeded" })),
        ])
        .await;
        let error = client(&server)
            .begin_update("rg", "acct", "item", &approve(), None)
            .expect("started")
            .await
            .expect_err("a foreign poll URL is refused");
        let refused = error
            .downcast_ref::<ForeignPollUrl>()
            .expect("a ForeignPollUrl error");
        assert!(refused.url.starts_with("https://attacker.example.com/"));
        // The test transport would deliver a poll of any host here, so one request means none was made.
        assert_eq!(
            server.received().len(),
            1,
            "{header}: the foreign URL was requested"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn an_undocumented_initial_status_is_a_service_error() {
    let server =
        Server::start(vec![Reply::new(409).json(
            &json!({ "error": { "code": "Conflict", "message": "Busy." } }),
        )])
        .await;
    let error = client(&server)
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started")
        .await
        .expect_err("409");
    assert_eq!(error.http_status(), Some(StatusCode::Conflict));
    assert_eq!(
        error
            .downcast_ref::<fixture::ServiceError>()
            .and_then(|e| e.code.as_deref()),
        Some("Conflict")
    );
}

#[tokio::test(start_paused = true)]
async fn the_cloud_selects_endpoint_and_token_scope() {
    let clouds = [
        (None, "https://management.azure.com/"),
        (
            Some(CloudConfiguration::AzureChina),
            "https://management.chinacloudapi.cn/",
        ),
        (
            Some(CloudConfiguration::AzureGovernment),
            "https://management.usgovcloudapi.net/",
        ),
    ];
    for (cloud, endpoint) in clouds {
        let server = Server::start(vec![Reply::new(200).json(&json!({}))]).await;
        let credential = Arc::new(ScopeRecorder::default());
        let urls = Arc::new(UrlRecorder::default());
        let mut options = server.options();
        options.client_options.cloud = cloud.map(Arc::new);
        options.client_options.per_call_policies.push(urls.clone());
        let client =
            ItemsClient::new(SUBSCRIPTION, credential.clone(), Some(options)).expect("client");
        client
            .put("rg", "acct", "item", &approve(), None)
            .await
            .expect("ok");
        assert_eq!(
            *credential.0.lock().expect("lock"),
            [format!("{endpoint}.default")]
        );
        let url = urls.0.lock().expect("lock")[0].clone();
        assert!(
            url.starts_with(&format!("{endpoint}subscriptions/{SUBSCRIPTION}/")),
            "{url}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn api_version_and_endpoint_can_be_overridden() {
    let server = Server::start(vec![Reply::new(200).json(&json!({}))]).await;
    let urls = Arc::new(UrlRecorder::default());
    let mut options = server.options();
    options.api_version = Some("2099-01-01".into());
    options.endpoint = Some("https://arm.contoso.example/prefix/".parse().expect("url"));
    options.client_options.per_call_policies.push(urls.clone());
    let client =
        ItemsClient::new(SUBSCRIPTION, support::credential(), Some(options)).expect("client");
    client
        .put("rg", "acct", "item", &approve(), None)
        .await
        .expect("ok");
    let url = urls.0.lock().expect("lock")[0].clone();
    assert!(
        url.starts_with("https://arm.contoso.example/prefix/subscriptions/"),
        "{url}"
    );
    assert_eq!(
        server.single_request().query("api-version"),
        Some("2099-01-01")
    );
}

#[tokio::test(start_paused = true)]
async fn read_only_properties_are_not_sent() {
    let server = Server::start(vec![Reply::new(200).json(&json!({}))]).await;
    let client = ItemsClient::new(SUBSCRIPTION, support::credential(), Some(server.options()))
        .expect("client");
    let mut body = approve();
    body.id = Some("/subscriptions/x".into());
    body.name = Some("ignored".into());
    if let Some(properties) = body.properties.as_mut() {
        properties.provisioning_state = Some(fixture::models::ProvisioningState::Succeeded);
    }
    client
        .put("rg", "acct", "item", &body, None)
        .await
        .expect("ok");
    assert_eq!(
        server.single_request().json(),
        json!({ "properties": { "connectionState": { "status": "Approved" } } })
    );
}

#[test]
fn an_endpoint_that_is_not_https_is_refused_at_construction() {
    for endpoint in [
        "http://management.azure.com/",
        "ftp://management.azure.com/",
        "mailto:someone@example.com",
    ] {
        let options = azure_arm_private_endpoints::ArmClientOptions {
            endpoint: Some(endpoint.parse().expect("a URL")),
            ..Default::default()
        };
        let error = ItemsClient::new(SUBSCRIPTION, support::credential(), Some(options))
            .expect_err(endpoint);
        assert!(error.to_string().contains("https"), "{endpoint}: {error}");
    }
}
