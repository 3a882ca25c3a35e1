//! Hand-written tests of every long-running shape ARM has, through the generated `WidgetsClient`
//! of the test-only fixture service (`specs/fixture/widgets_*.yaml`) against a scripted server on
//! 127.0.0.1: PUT (final-state-via `original-uri`), PATCH (`operation-location`), DELETE
//! (`location`), POST without a result (`azure-async-operation`) and with one (`location`); the
//! first-answer rules (a finished 200/201 ends at once whatever headers it carries; a 201 without
//! body or state follows its monitor, else reads the resource; a DELETE's bare 202 is over); `Failed` and `Canceled` at every
//! step; the caller's poll frequency and `Retry-After`. Every test also checks that no request
//! was addressed to anything but the client's endpoint. The tests run on tokio's paused clock,
//! so the waits cost no real time and their length can be asserted.

mod support;

use azure_arm_private_endpoints::fixture::{
    self, WidgetsClient, WidgetsClientDeleteOptions, WidgetsClientUpdateOptions,
};
use azure_arm_private_endpoints::runtime::ForeignPollUrl;
use azure_core::error::ErrorKind;
use azure_core::http::StatusCode;
use azure_core::http::poller::PollerOptions;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use support::fixtures::{UrlRecorder, approve};
use support::{Reply, Server};
use tokio::time::Instant;

const ENDPOINT: &str = "https://management.azure.com/";
const WIDGET_PATH: &str =
    "/subscriptions/subid/resourceGroups/rg/providers/Contoso.Fixture/accounts/acct/widgets/widget";
const MONITOR_PATH: &str = "/subscriptions/subid/providers/Contoso.Fixture/operations/op1";
const RESULTS_PATH: &str = "/subscriptions/subid/providers/Contoso.Fixture/operationResults/1";

/// A scripted server, a widgets client sending to it, and the URL of every request the client
/// addressed.
struct Service {
    server: Server,
    urls: Arc<UrlRecorder>,
    client: WidgetsClient,
}

impl Service {
    async fn start(replies: Vec<Reply>) -> Service {
        let server = Server::start(replies).await;
        let urls = Arc::new(UrlRecorder::default());
        let mut options = server.options();
        options.client_options.per_try_policies.push(urls.clone());
        let client =
            WidgetsClient::new("subid", support::credential(), Some(options)).expect("a client");
        Service {
            server,
            urls,
            client,
        }
    }

    /// Method and path of each request received, after checking that every request was
    /// addressed to the client's endpoint.
    fn requests(&self) -> Vec<(String, String)> {
        let urls = self.urls.0.lock().expect("lock").clone();
        for url in &urls {
            assert!(url.starts_with(ENDPOINT), "a request went to {url}");
        }
        let received = self.server.received();
        assert_eq!(urls.len(), received.len(), "every request was recorded");
        received
            .iter()
            .map(|r| (r.method.clone(), r.path.clone()))
            .collect()
    }
}

fn expected(steps: &[(&str, &str)]) -> Vec<(String, String)> {
    steps
        .iter()
        .map(|(method, path)| (method.to_string(), path.to_string()))
        .collect()
}

fn widget_in(state: &str) -> serde_json::Value {
    json!({
        "id": WIDGET_PATH,
        "name": "widget",
        "properties": {
            "provisioningState": state,
            "connectionState": { "status": "Approved" }
        }
    })
}

fn absolute(path: &str) -> String {
    format!("https://management.azure.com{path}")
}

fn status(value: &str) -> serde_json::Value {
    json!({ "status": value })
}

fn failed_status(value: &str, code: &str, message: &str) -> serde_json::Value {
    json!({ "status": value, "error": { "code": code, "message": message } })
}

/// Asserts that `error` is the operation's `state`, carrying the service's `code` and message.
fn assert_ended(error: &azure_core::Error, state: &str, code: Option<&str>) {
    let text = error.to_string();
    assert!(text.contains(&format!("ended {state}")), "{text}");
    let service = error
        .downcast_ref::<fixture::ServiceError>()
        .unwrap_or_else(|| panic!("expected a ServiceError, got {error:?}"));
    assert_eq!(service.code.as_deref(), code, "{text}");
    if let Some(code) = code {
        assert!(text.contains(code), "{text}");
    }
}

impl Service {
    async fn create(&self) -> azure_core::Result<Option<serde_json::Value>> {
        let response = self
            .client
            .begin_create_or_replace("rg", "acct", "widget", &approve(), None)?
            .await?;
        Ok(response.into_model()?.map(|m| support::json(&m)))
    }

    async fn update(
        &self,
        options: Option<WidgetsClientUpdateOptions<'_>>,
    ) -> azure_core::Result<Option<serde_json::Value>> {
        let response = self
            .client
            .begin_update("rg", "acct", "widget", &approve(), options)?
            .await?;
        Ok(response.into_model()?.map(|m| support::json(&m)))
    }

    async fn delete(&self) -> azure_core::Result<(StatusCode, bool)> {
        let response = self
            .client
            .begin_delete("rg", "acct", "widget", None)?
            .await?;
        Ok((response.status(), response.into_model()?.is_some()))
    }

    async fn restart(&self) -> azure_core::Result<bool> {
        let response = self
            .client
            .begin_restart("rg", "acct", "widget", None)?
            .await?;
        Ok(response.into_model()?.is_some())
    }

    async fn export(&self) -> azure_core::Result<Option<serde_json::Value>> {
        let response = self
            .client
            .begin_export("rg", "acct", "widget", None)?
            .await?;
        Ok(response.into_model()?.map(|m| support::json(&m)))
    }
}

// 1. PUT, final-state-via original-uri.

#[tokio::test(start_paused = true)]
async fn a_put_201_with_a_status_monitor_is_polled_then_the_resource_is_read() {
    let service = Service::start(vec![
        Reply::new(201)
            .json(&widget_in("Creating"))
            .header("Azure-AsyncOperation", &absolute(MONITOR_PATH))
            .header("Retry-After", "0"),
        Reply::new(200).json(&status("InProgress")),
        Reply::new(200).json(&status("Succeeded")),
        Reply::new(200).json(&widget_in("Succeeded")),
    ])
    .await;
    let result = service.create().await.expect("succeeded");
    assert_eq!(result, Some(widget_in("Succeeded")));
    assert_eq!(
        service.requests(),
        expected(&[
            ("PUT", WIDGET_PATH),
            ("GET", MONITOR_PATH),
            ("GET", MONITOR_PATH),
            ("GET", WIDGET_PATH),
        ])
    );
}

#[tokio::test(start_paused = true)]
async fn a_put_201_without_body_or_monitor_reads_the_resource_until_it_is_done() {
    let service = Service::start(vec![
        Reply::new(201).header("Retry-After", "0"),
        Reply::new(200)
            .json(&widget_in("Creating"))
            .header("Retry-After", "0"),
        Reply::new(200).json(&widget_in("Succeeded")),
        Reply::new(500).text("polled after the end"),
    ])
    .await;
    let result = service.create().await.expect("succeeded");
    assert_eq!(result, Some(widget_in("Succeeded")));
    assert_eq!(
        service.requests(),
        expected(&[
            ("PUT", WIDGET_PATH),
            ("GET", WIDGET_PATH),
            ("GET", WIDGET_PATH)
        ])
    );
}

#[tokio::test(start_paused = true)]
async fn a_put_201_without_body_but_with_location_polls_the_location() {
    let service = Service::start(vec![
        Reply::new(201)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "0"),
        Reply::new(202).header("Retry-After", "0"),
        Reply::new(200).json(&widget_in("Succeeded")),
    ])
    .await;
    let result = service.create().await.expect("succeeded");
    assert_eq!(result, Some(widget_in("Succeeded")));
    assert_eq!(
        service.requests(),
        expected(&[
            ("PUT", WIDGET_PATH),
            ("GET", RESULTS_PATH),
            ("GET", RESULTS_PATH)
        ])
    );
}

#[tokio::test(start_paused = true)]
async fn original_uri_reads_the_resource_not_the_location_once_the_monitor_succeeded() {
    let service = Service::start(vec![
        Reply::new(201)
            .json(&widget_in("Creating"))
            .header("Azure-AsyncOperation", &absolute(MONITOR_PATH))
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "0"),
        Reply::new(200).json(&status("Succeeded")),
        Reply::new(200).json(&widget_in("Succeeded")),
    ])
    .await;
    let result = service.create().await.expect("succeeded");
    assert_eq!(result, Some(widget_in("Succeeded")));
    assert_eq!(
        service.requests(),
        expected(&[
            ("PUT", WIDGET_PATH),
            ("GET", MONITOR_PATH),
            ("GET", WIDGET_PATH)
        ])
    );
}

#[tokio::test(start_paused = true)]
async fn a_resource_that_answers_without_a_body_is_an_error_not_a_success() {
    let service = Service::start(vec![
        Reply::new(201).header("Retry-After", "0"),
        Reply::new(200),
        Reply::new(200).json(&widget_in("Succeeded")),
    ])
    .await;
    let error = service.create().await.expect_err("nothing says it ended");
    assert!(error.to_string().contains("without a body"), "{error}");
    assert_eq!(
        service.requests(),
        expected(&[("PUT", WIDGET_PATH), ("GET", WIDGET_PATH)])
    );
}

#[tokio::test(start_paused = true)]
async fn a_finished_put_ends_at_once_although_it_carries_polling_headers() {
    for code in [200, 201] {
        let service = Service::start(vec![
            Reply::new(code)
                .json(&widget_in("Succeeded"))
                .header("Azure-AsyncOperation", &absolute(MONITOR_PATH))
                .header("Location", RESULTS_PATH)
                .header("Retry-After", "30"),
            Reply::new(500).text("polled after the end"),
        ])
        .await;
        let started = Instant::now();
        let result = service.create().await.expect("succeeded");
        assert_eq!(result, Some(widget_in("Succeeded")), "{code}");
        assert_eq!(started.elapsed(), Duration::ZERO, "{code}: no wait");
        assert_eq!(
            service.requests(),
            expected(&[("PUT", WIDGET_PATH)]),
            "{code}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_put_that_failed_at_once_is_an_error_although_it_carries_polling_headers() {
    for state in ["Failed", "Canceled"] {
        let service = Service::start(vec![
            Reply::new(201)
                .json(&widget_in(state))
                .header("Azure-AsyncOperation", &absolute(MONITOR_PATH)),
            Reply::new(200).json(&status("Succeeded")),
        ])
        .await;
        let error = service.create().await.expect_err("the operation failed");
        assert_ended(&error, state, None);
        assert_eq!(service.requests(), expected(&[("PUT", WIDGET_PATH)]));
    }
}

// 2. PATCH, final-state-via operation-location.

#[tokio::test(start_paused = true)]
async fn a_patch_202_with_operation_location_polls_it_then_reads_the_resource() {
    let service = Service::start(vec![
        Reply::new(202)
            .header(
                "Operation-Location",
                &format!("{MONITOR_PATH}?api-version={}", fixture::API_VERSION),
            )
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "7"),
        Reply::new(200)
            .json(&status("Running"))
            .header("Retry-After", "3"),
        Reply::new(200).json(&status("Succeeded")),
        Reply::new(200).json(&widget_in("Succeeded")),
    ])
    .await;
    let started = Instant::now();
    let result = service.update(None).await.expect("succeeded");
    assert_eq!(result, Some(widget_in("Succeeded")));
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(10) && waited < Duration::from_secs(11),
        "the poller waited {waited:?}, not the 7 + 3 s of Retry-After"
    );
    assert_eq!(
        service.requests(),
        expected(&[
            ("PATCH", WIDGET_PATH),
            ("GET", MONITOR_PATH),
            ("GET", MONITOR_PATH),
            ("GET", WIDGET_PATH),
        ])
    );
    let received = service.server.received();
    assert_eq!(received[1].query("api-version"), Some(fixture::API_VERSION));
    assert_eq!(received[3].query("api-version"), Some(fixture::API_VERSION));
}

#[tokio::test(start_paused = true)]
async fn a_patch_200_that_is_still_updating_follows_its_operation_location() {
    let service = Service::start(vec![
        Reply::new(200)
            .json(&widget_in("Updating"))
            .header("Operation-Location", &absolute(MONITOR_PATH))
            .header("Retry-After", "0"),
        Reply::new(200).json(&status("Succeeded")),
        Reply::new(200).json(&widget_in("Succeeded")),
    ])
    .await;
    let result = service.update(None).await.expect("succeeded");
    assert_eq!(result, Some(widget_in("Succeeded")));
    assert_eq!(
        service.requests(),
        expected(&[
            ("PATCH", WIDGET_PATH),
            ("GET", MONITOR_PATH),
            ("GET", WIDGET_PATH)
        ])
    );
}

#[tokio::test(start_paused = true)]
async fn a_finished_patch_ends_at_once_although_it_carries_operation_location() {
    let service = Service::start(vec![
        Reply::new(200)
            .json(&widget_in("Succeeded"))
            .header("Operation-Location", &absolute(MONITOR_PATH))
            .header("Retry-After", "5"),
        Reply::new(500).text("polled after the end"),
    ])
    .await;
    let result = service.update(None).await.expect("succeeded");
    assert_eq!(result, Some(widget_in("Succeeded")));
    assert_eq!(service.requests(), expected(&[("PATCH", WIDGET_PATH)]));
}

#[tokio::test(start_paused = true)]
async fn a_failed_or_canceled_status_monitor_is_an_error_with_the_service_detail() {
    for state in ["Failed", "Canceled"] {
        let service = Service::start(vec![
            Reply::new(202)
                .header("Operation-Location", &absolute(MONITOR_PATH))
                .header("Retry-After", "0"),
            Reply::new(200).json(&failed_status(state, "WidgetJammed", "The widget jammed.")),
            Reply::new(200).json(&widget_in("Succeeded")),
        ])
        .await;
        let error = service
            .update(None)
            .await
            .expect_err("the operation failed");
        assert_ended(&error, state, Some("WidgetJammed"));
        assert!(error.to_string().contains("The widget jammed."), "{error}");
        assert_eq!(
            service.requests(),
            expected(&[("PATCH", WIDGET_PATH), ("GET", MONITOR_PATH)]),
            "{state}: no final GET"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_foreign_operation_location_is_refused_without_a_request() {
    let foreign = "https://attacker.example/operations/op1";
    let service = Service::start(vec![
        Reply::new(202).header("Operation-Location", foreign),
        Reply::new(200).json(&status("Succeeded")),
    ])
    .await;
    let error = service.update(None).await.expect_err("refused");
    let refused = error
        .downcast_ref::<ForeignPollUrl>()
        .unwrap_or_else(|| panic!("expected ForeignPollUrl, got {error:?}"));
    assert_eq!(refused.url, foreign);
    assert_eq!(service.requests(), expected(&[("PATCH", WIDGET_PATH)]));
}

// 3. DELETE, final-state-via location.

#[tokio::test(start_paused = true)]
async fn a_delete_202_polls_its_location_until_it_ends() {
    for last in [200, 204] {
        let service = Service::start(vec![
            Reply::new(202)
                .header("Location", RESULTS_PATH)
                .header("Retry-After", "0"),
            Reply::new(202).header("Retry-After", "0"),
            Reply::new(last),
            Reply::new(500).text("polled after the end"),
        ])
        .await;
        let (code, has_result) = service.delete().await.expect("succeeded");
        assert_eq!(code, StatusCode::from(last));
        assert!(!has_result, "a deletion has no result");
        assert_eq!(
            service.requests(),
            expected(&[
                ("DELETE", WIDGET_PATH),
                ("GET", RESULTS_PATH),
                ("GET", RESULTS_PATH)
            ]),
            "{last}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_delete_answered_200_or_204_ends_at_once() {
    for code in [200, 204] {
        let service = Service::start(vec![
            Reply::new(code),
            Reply::new(500).text("polled after the end"),
        ])
        .await;
        let (status, has_result) = service.delete().await.expect("succeeded");
        assert_eq!(status, StatusCode::from(code));
        assert!(!has_result);
        assert_eq!(service.requests(), expected(&[("DELETE", WIDGET_PATH)]));
    }
}

/// ARM RPC wants `Location` on a DELETE's 202, but services (and upstream examples, Batch's
/// among them) leave it out. The deletion was accepted and has no result, so it is over: the
/// client neither fails nor polls.
#[tokio::test(start_paused = true)]
async fn a_delete_202_with_nothing_to_follow_is_over_without_a_result() {
    for reply in [
        Reply::new(202),
        Reply::new(202).header("Retry-After", "10"),
        Reply::new(202).json(&json!({})),
    ] {
        let service =
            Service::start(vec![reply, Reply::new(500).text("polled after the end")]).await;
        let started = Instant::now();
        let (status, has_result) = service.delete().await.expect("accepted is over");
        assert_eq!(status, StatusCode::Accepted);
        assert!(!has_result, "a deletion has no result");
        assert_eq!(started.elapsed(), Duration::ZERO, "waited for nothing");
        assert_eq!(service.requests(), expected(&[("DELETE", WIDGET_PATH)]));
    }
}

#[tokio::test(start_paused = true)]
async fn a_delete_followed_through_a_status_monitor_makes_no_final_get() {
    let service = Service::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", &absolute(MONITOR_PATH))
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "0"),
        Reply::new(200).json(&status("Succeeded")),
        Reply::new(404).json(&json!({ "error": { "code": "NotFound" } })),
    ])
    .await;
    let (_, has_result) = service.delete().await.expect("succeeded");
    assert!(!has_result);
    assert_eq!(
        service.requests(),
        expected(&[("DELETE", WIDGET_PATH), ("GET", MONITOR_PATH)])
    );
}

#[tokio::test(start_paused = true)]
async fn a_canceled_delete_is_an_error_with_the_service_detail() {
    let service = Service::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", &absolute(MONITOR_PATH))
            .header("Retry-After", "0"),
        Reply::new(200).json(&status("InProgress")),
        Reply::new(200).json(&failed_status(
            "Canceled",
            "OperationCanceled",
            "Someone canceled it.",
        )),
    ])
    .await;
    let error = service.delete().await.expect_err("canceled");
    assert_ended(&error, "Canceled", Some("OperationCanceled"));
    assert_eq!(service.server.received().len(), 3);
}

// 4. POST actions.

#[tokio::test(start_paused = true)]
async fn a_post_without_a_result_ends_with_its_status_monitor() {
    let service = Service::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", &absolute(MONITOR_PATH))
            .header("Retry-After", "0"),
        Reply::new(200).json(&status("Succeeded")),
        Reply::new(500).text("polled after the end"),
    ])
    .await;
    let has_result = service.restart().await.expect("succeeded");
    assert!(!has_result);
    let restart = format!("{WIDGET_PATH}/restart");
    assert_eq!(
        service.requests(),
        expected(&[("POST", &restart), ("GET", MONITOR_PATH)])
    );
}

#[tokio::test(start_paused = true)]
async fn a_post_answered_200_ends_at_once() {
    let service = Service::start(vec![
        Reply::new(200),
        Reply::new(500).text("polled after the end"),
    ])
    .await;
    assert!(!service.restart().await.expect("succeeded"));
    assert_eq!(service.server.received().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_post_result_is_the_last_answer_of_its_location() {
    let export = json!({ "contentUri": "https://storage.example/widget.zip" });
    let service = Service::start(vec![
        Reply::new(202)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "0"),
        Reply::new(202).header("Retry-After", "0"),
        Reply::new(200).json(&export),
    ])
    .await;
    let result = service.export().await.expect("succeeded");
    assert_eq!(result, Some(export));
    let path = format!("{WIDGET_PATH}/export");
    assert_eq!(
        service.requests(),
        expected(&[
            ("POST", &path),
            ("GET", RESULTS_PATH),
            ("GET", RESULTS_PATH)
        ])
    );
}

#[tokio::test(start_paused = true)]
async fn a_post_followed_through_a_status_monitor_reads_its_result_at_the_location() {
    let export = json!({ "contentUri": "https://storage.example/widget.zip" });
    let service = Service::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", &absolute(MONITOR_PATH))
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "0"),
        Reply::new(200).json(&status("Succeeded")),
        Reply::new(200).json(&export),
    ])
    .await;
    let result = service.export().await.expect("succeeded");
    assert_eq!(result, Some(export));
    let path = format!("{WIDGET_PATH}/export");
    assert_eq!(
        service.requests(),
        expected(&[
            ("POST", &path),
            ("GET", MONITOR_PATH),
            ("GET", RESULTS_PATH)
        ])
    );
}

#[tokio::test(start_paused = true)]
async fn a_location_answer_whose_state_has_not_ended_is_polled_again() {
    let export = json!({ "contentUri": "https://storage.example/widget.zip" });
    let service = Service::start(vec![
        Reply::new(202)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "0"),
        Reply::new(200)
            .json(&json!({ "properties": { "provisioningState": "Running" } }))
            .header("Retry-After", "0"),
        Reply::new(200).json(&export),
    ])
    .await;
    let result = service.export().await.expect("succeeded");
    assert_eq!(result, Some(export));
    let path = format!("{WIDGET_PATH}/export");
    assert_eq!(
        service.requests(),
        expected(&[
            ("POST", &path),
            ("GET", RESULTS_PATH),
            ("GET", RESULTS_PATH)
        ])
    );
}

#[tokio::test(start_paused = true)]
async fn a_failed_provisioning_state_from_a_location_poll_is_an_error() {
    let service = Service::start(vec![
        Reply::new(202)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "0"),
        Reply::new(200).json(&json!({
            "properties": { "provisioningState": "Failed" },
            "error": { "code": "ExportFailed", "message": "The disk is full." }
        })),
    ])
    .await;
    let error = service.export().await.expect_err("failed");
    assert_ended(&error, "Failed", Some("ExportFailed"));
    assert_eq!(service.server.received().len(), 2);
}

// 5. The poll interval.

fn every(frequency: azure_core::time::Duration) -> Option<WidgetsClientUpdateOptions<'static>> {
    Some(WidgetsClientUpdateOptions {
        method_options: PollerOptions {
            frequency,
            ..Default::default()
        },
    })
}

/// A PATCH followed through a monitor that sends no Retry-After: two waits.
fn two_waits_without_retry_after() -> Vec<Reply> {
    vec![
        Reply::new(202).header("Operation-Location", &absolute(MONITOR_PATH)),
        Reply::new(200).json(&status("Running")),
        Reply::new(200).json(&status("Succeeded")),
        Reply::new(200).json(&widget_in("Succeeded")),
    ]
}

#[tokio::test(start_paused = true)]
async fn the_callers_frequency_is_the_wait_when_the_service_sends_no_retry_after() {
    let service = Service::start(two_waits_without_retry_after()).await;
    let started = Instant::now();
    service
        .update(every(azure_core::time::Duration::seconds(5)))
        .await
        .expect("succeeded");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(10) && waited < Duration::from_secs(11),
        "waited {waited:?}, not 2 × 5 s"
    );
    assert_eq!(service.server.received().len(), 4);
}

#[tokio::test(start_paused = true)]
async fn without_a_frequency_the_wait_is_azure_cores_30_seconds() {
    let service = Service::start(two_waits_without_retry_after()).await;
    let started = Instant::now();
    service.update(None).await.expect("succeeded");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(60) && waited < Duration::from_secs(61),
        "waited {waited:?}, not 2 × 30 s"
    );
}

#[tokio::test(start_paused = true)]
async fn retry_after_wins_over_the_callers_frequency() {
    let service = Service::start(vec![
        Reply::new(202)
            .header("Operation-Location", &absolute(MONITOR_PATH))
            .header("Retry-After", "2"),
        Reply::new(200).json(&status("Succeeded")),
        Reply::new(200).json(&widget_in("Succeeded")),
    ])
    .await;
    let started = Instant::now();
    service
        .update(every(azure_core::time::Duration::seconds(20)))
        .await
        .expect("succeeded");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(2) && waited < Duration::from_secs(3),
        "waited {waited:?}, not the 2 s of Retry-After"
    );
}

#[tokio::test(start_paused = true)]
async fn a_frequency_under_a_second_is_refused_before_anything_is_sent() {
    for frequency in [
        azure_core::time::Duration::milliseconds(999),
        azure_core::time::Duration::ZERO,
        azure_core::time::Duration::seconds(-5),
    ] {
        let service = Service::start(two_waits_without_retry_after()).await;
        let error = service
            .client
            .begin_update("rg", "acct", "widget", &approve(), every(frequency))
            .map(|_| ())
            .expect_err("refused, not a panic");
        assert!(
            matches!(error.kind(), ErrorKind::DataConversion),
            "{error:?}"
        );
        assert!(error.to_string().contains("poll frequency"), "{error}");
        assert!(service.requests().is_empty(), "{frequency}: nothing sent");
    }
    // Exactly one second is allowed.
    let service = Service::start(two_waits_without_retry_after()).await;
    service
        .update(every(azure_core::time::Duration::seconds(1)))
        .await
        .expect("one second is enough");
}

#[tokio::test(start_paused = true)]
async fn the_callers_context_and_frequency_reach_a_delete() {
    let service = Service::start(vec![
        Reply::new(202).header("Location", RESULTS_PATH),
        Reply::new(204),
    ])
    .await;
    let options = WidgetsClientDeleteOptions {
        method_options: PollerOptions {
            frequency: azure_core::time::Duration::seconds(3),
            ..Default::default()
        },
    };
    let started = Instant::now();
    service
        .client
        .begin_delete("rg", "acct", "widget", Some(options))
        .expect("started")
        .await
        .expect("succeeded");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(3) && waited < Duration::from_secs(4),
        "waited {waited:?}"
    );
}
