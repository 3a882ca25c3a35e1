//! Hand-written tests of ARM long-running operations and related runtime edges, through the
//! generated client of the test-only fixture service (`specs/fixture/`) against a scripted
//! server on 127.0.0.1: relative poll URLs, the same-origin
//! guard on scheme and port, the Retry-After variants, status casing, status monitors without a
//! `status`, failures reported by polls and final GETs, retries of a poll, polling the resource's
//! `provisioningState`, `resourceLocation`, 204, `If-Match`, the outcome headers of a plain PUT, and
//! custom clouds. Complements `runtime_behaviour.rs`. The tests run on tokio's paused clock, so
//! the waits the runtime honours cost no real time and their length can be asserted.

mod support;

use azure_arm_private_endpoints::fixture::{
    self, ItemsClient, ItemsClientPutOutcome, ItemsClientUpdateOptions,
};
use azure_arm_private_endpoints::runtime::{ForeignPollUrl, ResourceManagerAudience};
use azure_core::cloud::{Audiences, CloudConfiguration, CustomConfiguration};
use azure_core::error::ErrorKind;
use azure_core::http::StatusCode;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use support::fixtures::{
    ITEM_PATH, OPERATION_URL, SUBSCRIPTION, ScopeRecorder, UrlRecorder, approve, client, item,
    item_in,
};
use support::{Received, Reply, Server};
use tokio::time::Instant;

const RESULTS_PATH: &str = "/subscriptions/subid/operationResults/1";
const OPERATION_PATH: &str = "/subscriptions/subid/providers/Contoso.Fixture/operations/op1";

/// Runs a fixture update (the long-running PATCH) to its end; the result as JSON.
async fn update(server: &Server) -> azure_core::Result<Option<serde_json::Value>> {
    let response = client(server)
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started")
        .await?;
    Ok(response
        .into_model()
        .expect("the result deserializes")
        .map(|model| support::json(&model)))
}

/// Method and path of each request received.
fn requests(received: &[Received]) -> Vec<(String, String)> {
    received
        .iter()
        .map(|r| (r.method.clone(), r.path.clone()))
        .collect()
}

fn expected(steps: &[(&str, &str)]) -> Vec<(String, String)> {
    steps
        .iter()
        .map(|(method, path)| (method.to_string(), path.to_string()))
        .collect()
}

fn cloud_error(code: &str, message: &str) -> serde_json::Value {
    json!({ "error": { "code": code, "message": message } })
}

// 1. Relative poll URLs.

#[tokio::test(start_paused = true)]
async fn a_relative_location_is_resolved_against_the_request_url() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "0"),
        Reply::new(200).json(&item()),
    ])
    .await;
    let result = update(&server).await.expect("succeeded");
    assert_eq!(result, Some(item()));
    let received = server.received();
    assert_eq!(
        requests(&received),
        expected(&[("PATCH", ITEM_PATH), ("GET", RESULTS_PATH)])
    );
    assert_eq!(
        received[1].query("api-version"),
        None,
        "the Location URL is polled as given, without the request's query"
    );
    assert_eq!(
        received[1].header("authorization"),
        Some("Bearer fake-token")
    );
}

#[tokio::test(start_paused = true)]
async fn a_relative_azure_async_operation_is_resolved_and_polled() {
    let server = Server::start(vec![
        Reply::new(202)
            .header(
                "Azure-AsyncOperation",
                &format!("{OPERATION_PATH}?api-version={}", fixture::API_VERSION),
            )
            .header("Retry-After", "0"),
        Reply::new(200).json(&json!({ "status": "Succeeded" })),
        Reply::new(200).json(&item()),
    ])
    .await;
    let result = update(&server).await.expect("succeeded");
    assert_eq!(result, Some(item()));
    let received = server.received();
    assert_eq!(
        requests(&received),
        expected(&[
            ("PATCH", ITEM_PATH),
            ("GET", OPERATION_PATH),
            ("GET", ITEM_PATH)
        ])
    );
    assert_eq!(received[1].query("api-version"), Some(fixture::API_VERSION));
}

#[tokio::test(start_paused = true)]
async fn a_new_relative_location_from_a_202_poll_is_followed() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "0"),
        Reply::new(202)
            .header("Location", "/subscriptions/subid/operationResults/2")
            .header("Retry-After", "0"),
        // Relative to the URL just polled, not to the original request.
        Reply::new(202)
            .header("Location", "3")
            .header("Retry-After", "0"),
        Reply::new(202).header("Retry-After", "0"),
        Reply::new(200).json(&item()),
    ])
    .await;
    let result = update(&server).await.expect("succeeded");
    assert_eq!(result, Some(item()));
    assert_eq!(
        requests(&server.received()),
        expected(&[
            ("PATCH", ITEM_PATH),
            ("GET", RESULTS_PATH),
            ("GET", "/subscriptions/subid/operationResults/2"),
            ("GET", "/subscriptions/subid/operationResults/3"),
            // A 202 without a Location keeps polling the last one.
            ("GET", "/subscriptions/subid/operationResults/3"),
        ])
    );
}

// 2. The same-origin guard: scheme and port count, the default port may be spelled out.

#[tokio::test(start_paused = true)]
async fn a_poll_url_with_another_scheme_or_port_is_refused_without_a_request() {
    let foreign = [
        "http://management.azure.com/subscriptions/subid/operationResults/1",
        // Same port as the endpoint: only the scheme differs.
        "http://management.azure.com:443/subscriptions/subid/operationResults/1",
        "https://management.azure.com:8443/subscriptions/subid/operationResults/1",
    ];
    for url in foreign {
        for header in ["Location", "Azure-AsyncOperation"] {
            let server = Server::start(vec![
                Reply::new(202)
                    .header(header, url)
                    .header("Retry-After", "0"),
                Reply::new(200).json(&json!({ "status": "Succeeded" })),
            ])
            .await;
            let error = update(&server)
                .await
                .expect_err("a poll URL off the endpoint is refused");
            let refused = error.downcast_ref::<ForeignPollUrl>().unwrap_or_else(|| {
                panic!("{header} {url}: expected ForeignPollUrl, got {error:?}")
            });
            assert_eq!(refused.url, url);
            assert_eq!(refused.endpoint, "https://management.azure.com/");
            // The test transport would deliver a request to any origin, so one request means
            // none was made to the refused URL.
            assert_eq!(
                requests(&server.received()),
                expected(&[("PATCH", ITEM_PATH)]),
                "{header} {url}"
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_foreign_location_from_a_later_poll_is_refused_without_a_request() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "0"),
        Reply::new(202)
            .header(
                "Location",
                "https://management.azure.com:8443/subscriptions/subid/operationResults/2",
            )
            .header("Retry-After", "0"),
        Reply::new(200).json(&item()),
    ])
    .await;
    let error = update(&server).await.expect_err("refused");
    assert!(
        error.downcast_ref::<ForeignPollUrl>().is_some(),
        "{error:?}"
    );
    assert_eq!(
        requests(&server.received()),
        expected(&[("PATCH", ITEM_PATH), ("GET", RESULTS_PATH)])
    );
}

#[tokio::test(start_paused = true)]
async fn a_foreign_resource_location_is_refused_without_a_request() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", OPERATION_URL)
            .header("Retry-After", "0"),
        Reply::new(200).json(&json!({
            "status": "Succeeded",
            "resourceLocation": format!("http://management.azure.com{ITEM_PATH}")
        })),
        Reply::new(200).json(&item()),
    ])
    .await;
    let error = update(&server).await.expect_err("refused");
    assert!(
        error.downcast_ref::<ForeignPollUrl>().is_some(),
        "{error:?}"
    );
    assert_eq!(
        requests(&server.received()),
        expected(&[("PATCH", ITEM_PATH), ("GET", OPERATION_PATH)])
    );
}

#[tokio::test(start_paused = true)]
async fn an_explicit_default_https_port_is_accepted() {
    for header in ["Location", "Azure-AsyncOperation"] {
        let server = Server::start(vec![
            Reply::new(202)
                .header(
                    header,
                    &format!("https://management.azure.com:443{RESULTS_PATH}"),
                )
                .header("Retry-After", "0"),
            Reply::new(200).json(&json!({ "status": "Succeeded" })),
            Reply::new(200).json(&item()),
        ])
        .await;
        update(&server)
            .await
            .unwrap_or_else(|e| panic!("{header}: :443 is the endpoint's origin: {e:?}"));
        let received = server.received();
        assert_eq!(
            requests(&received[..2]),
            expected(&[("PATCH", ITEM_PATH), ("GET", RESULTS_PATH)]),
            "{header}"
        );
    }
}

// 3. Retry-After variants on LRO steps.

#[tokio::test(start_paused = true)]
async fn a_negative_retry_after_polls_again_at_once() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "-1"),
        Reply::new(202).header("Retry-After", "-1"),
        Reply::new(200).json(&item()),
    ])
    .await;
    let started = Instant::now();
    let result = update(&server).await.expect("succeeded");
    assert_eq!(result, Some(item()));
    assert_eq!(server.received().len(), 3);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "waited {:?} instead of polling at once",
        started.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn millisecond_retry_after_headers_are_honoured() {
    for header in ["retry-after-ms", "x-ms-retry-after-ms"] {
        let server = Server::start(vec![
            Reply::new(202)
                .header("Location", RESULTS_PATH)
                .header(header, "2500"),
            Reply::new(202).header(header, "1500"),
            Reply::new(200).json(&item()),
        ])
        .await;
        let started = Instant::now();
        update(&server).await.expect("succeeded");
        let elapsed = started.elapsed();
        assert_eq!(server.received().len(), 3, "{header}");
        assert!(
            elapsed >= Duration::from_millis(4000) && elapsed < Duration::from_secs(5),
            "{header}: waited {elapsed:?}, expected 2.5 s + 1.5 s"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_millisecond_retry_after_wins_over_retry_after() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "20")
            .header("retry-after-ms", "1500"),
        Reply::new(200).json(&item()),
    ])
    .await;
    let started = Instant::now();
    update(&server).await.expect("succeeded");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(1500) && elapsed < Duration::from_secs(20),
        "waited {elapsed:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_http_date_retry_after_is_honoured() {
    // azure_core measures the date against the wall clock; the wait runs on the paused one.
    let at = azure_core::time::OffsetDateTime::now_utc() + azure_core::time::Duration::seconds(20);
    let date = azure_core::time::to_rfc7231(&at);
    let server = Server::start(vec![
        Reply::new(202)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", &date),
        Reply::new(200).json(&item()),
    ])
    .await;
    let started = Instant::now();
    update(&server).await.expect("succeeded");
    let elapsed = started.elapsed();
    assert_eq!(server.received().len(), 2);
    // The date has whole seconds; 30 s (the poller's default) would mean it was ignored.
    assert!(
        elapsed >= Duration::from_secs(18) && elapsed <= Duration::from_secs(21),
        "waited {elapsed:?} for a Retry-After of {date}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_http_date_in_the_past_polls_again_at_once() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),
        Reply::new(200).json(&item()),
    ])
    .await;
    let started = Instant::now();
    update(&server).await.expect("succeeded");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
}

// 4. Status casing.

#[tokio::test(start_paused = true)]
async fn lower_case_statuses_are_understood() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", OPERATION_URL)
            .header("Retry-After", "0"),
        Reply::new(200)
            .header("Retry-After", "0")
            .json(&json!({ "status": "inprogress" })),
        Reply::new(200).json(&json!({ "status": "succeeded" })),
        Reply::new(200).json(&item()),
    ])
    .await;
    let result = update(&server).await.expect("succeeded");
    assert_eq!(result, Some(item()));
    assert_eq!(
        requests(&server.received()),
        expected(&[
            ("PATCH", ITEM_PATH),
            ("GET", OPERATION_PATH),
            ("GET", OPERATION_PATH),
            ("GET", ITEM_PATH),
        ])
    );
}

#[tokio::test(start_paused = true)]
async fn british_cancelled_ends_in_an_error() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", OPERATION_URL)
            .header("Retry-After", "0"),
        Reply::new(200).json(&json!({ "status": "Cancelled" })),
        Reply::new(200).json(&item()),
    ])
    .await;
    let error = update(&server)
        .await
        .expect_err("the operation was cancelled");
    assert!(error.to_string().contains("ended Cancelled"), "{error}");
    assert!(error.downcast_ref::<fixture::ServiceError>().is_some());
    assert_eq!(
        server.received().len(),
        2,
        "no final GET after a cancellation"
    );
}

// 5. A status monitor answer without `status`.

#[tokio::test(start_paused = true)]
async fn a_status_monitor_answer_without_status_is_an_error() {
    let bodies = [
        "",
        "<html>Service Unavailable</html>",
        r#"{"name":"op1","percentComplete":50}"#,
    ];
    for body in bodies {
        let server = Server::start(vec![
            Reply::new(202)
                .header("Azure-AsyncOperation", OPERATION_URL)
                .header("Retry-After", "0"),
            Reply::new(200).text(body),
            Reply::new(200).json(&json!({ "status": "Succeeded" })),
        ])
        .await;
        let error = update(&server)
            .await
            .expect_err("a status monitor without a status is an error");
        assert!(
            matches!(error.kind(), ErrorKind::DataConversion),
            "{body:?}: {error:?}"
        );
        let message = error.to_string();
        assert!(
            message.contains("without a `status`") && message.ends_with(body),
            "{body:?}: the error does not carry what the service sent: {message}"
        );
        assert_eq!(
            server.received().len(),
            2,
            "{body:?}: polled again instead of failing"
        );
    }
}

// 6. A bare 202.

#[tokio::test(start_paused = true)]
async fn a_bare_202_is_an_error() {
    let server = Server::start(vec![
        Reply::new(202).header("Retry-After", "0"),
        Reply::new(200).json(&item()),
    ])
    .await;
    let error = update(&server).await.expect_err("nothing to follow");
    assert!(
        matches!(error.kind(), ErrorKind::DataConversion),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("Azure-AsyncOperation") && message.contains("Location"),
        "{message}"
    );
    assert_eq!(server.received().len(), 1);
}

// 7, 8. Failures reported by a Location poll, and by the final GET.

#[tokio::test(start_paused = true)]
async fn a_failure_reported_through_a_location_poll_is_a_service_error() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "0"),
        Reply::new(400)
            .header("x-ms-request-id", "poll-400")
            .json(&cloud_error("InvalidApprovalState", "Cannot approve.")),
        Reply::new(200).json(&item()),
    ])
    .await;
    let error = update(&server)
        .await
        .expect_err("the poll reported a failure");
    assert_eq!(error.http_status(), Some(StatusCode::BadRequest));
    let detail = error
        .downcast_ref::<fixture::ServiceError>()
        .expect("the service's error model");
    assert_eq!(detail.status, StatusCode::BadRequest);
    assert_eq!(detail.code.as_deref(), Some("InvalidApprovalState"));
    assert_eq!(detail.message.as_deref(), Some("Cannot approve."));
    assert_eq!(detail.request_id.as_deref(), Some("poll-400"));
    assert_eq!(
        requests(&server.received()),
        expected(&[("PATCH", ITEM_PATH), ("GET", RESULTS_PATH)])
    );
}

#[tokio::test(start_paused = true)]
async fn an_error_on_the_final_get_is_a_service_error() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", OPERATION_URL)
            .header("Retry-After", "0"),
        Reply::new(200).json(&json!({ "status": "Succeeded" })),
        Reply::new(404).json(&cloud_error("ResourceNotFound", "The item is gone.")),
    ])
    .await;
    let error = update(&server).await.expect_err("the final GET failed");
    assert_eq!(error.http_status(), Some(StatusCode::NotFound));
    let detail = error
        .downcast_ref::<fixture::ServiceError>()
        .expect("the service's error model");
    assert_eq!(detail.code.as_deref(), Some("ResourceNotFound"));
    assert_eq!(detail.message.as_deref(), Some("The item is gone."));
    assert_eq!(
        requests(&server.received()),
        expected(&[
            ("PATCH", ITEM_PATH),
            ("GET", OPERATION_PATH),
            ("GET", ITEM_PATH)
        ])
    );
}

// 9. A 5xx on a poll.

#[tokio::test(start_paused = true)]
async fn a_503_on_a_poll_is_retried_and_polling_continues() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Location", RESULTS_PATH)
            .header("Retry-After", "0"),
        Reply::new(503)
            .header("Retry-After", "3")
            .text("Service Unavailable"),
        Reply::new(202).header("Retry-After", "0"),
        Reply::new(200).json(&item()),
    ])
    .await;
    let started = Instant::now();
    let result = update(&server).await.expect("succeeded after the retry");
    assert_eq!(result, Some(item()));
    assert_eq!(
        requests(&server.received()),
        expected(&[
            ("PATCH", ITEM_PATH),
            ("GET", RESULTS_PATH),
            ("GET", RESULTS_PATH),
            ("GET", RESULTS_PATH),
        ])
    );
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "the 503's Retry-After was not honoured: {:?}",
        started.elapsed()
    );
}

// 10. Polling the resource's provisioningState.

#[tokio::test(start_paused = true)]
async fn a_provisioning_state_in_progress_is_followed_until_it_succeeds() {
    let updating = item_in("Updating");
    let mut done = item();
    done["etag"] = json!("W/\"2\"");
    let server = Server::start(vec![
        Reply::new(200).json(&updating),
        Reply::new(200).json(&updating),
        Reply::new(200).json(&done),
        Reply::new(500).text("polled after the end"),
    ])
    .await;
    let result = update(&server).await.expect("succeeded");
    assert_eq!(result, Some(done), "the result is the last body read");
    let received = server.received();
    assert_eq!(
        requests(&received),
        expected(&[("PATCH", ITEM_PATH), ("GET", ITEM_PATH), ("GET", ITEM_PATH)])
    );
    for get in &received[1..] {
        assert_eq!(get.query("api-version"), Some(fixture::API_VERSION));
        assert!(get.body.is_empty(), "a GET has no body");
    }
}

#[tokio::test(start_paused = true)]
async fn a_failed_provisioning_state_is_an_error() {
    // (script, requests made)
    let cases = [
        (
            vec![
                Reply::new(200).json(&item_in("Updating")),
                Reply::new(200).json(&item_in("Failed")),
                Reply::new(200).json(&item()),
            ],
            2,
            "Failed",
        ),
        (
            vec![
                Reply::new(200).json(&item_in("Failed")),
                Reply::new(200).json(&item()),
            ],
            1,
            "Failed",
        ),
        (
            vec![
                Reply::new(200).json(&item_in("Updating")),
                Reply::new(200).json(&item_in("Canceled")),
                Reply::new(200).json(&item()),
            ],
            2,
            "Canceled",
        ),
    ];
    for (script, count, state) in cases {
        let server = Server::start(script).await;
        let error = update(&server).await.expect_err("the provisioning failed");
        assert!(
            error.to_string().contains(&format!("ended {state}")),
            "{error}"
        );
        assert!(error.downcast_ref::<fixture::ServiceError>().is_some());
        assert_eq!(server.received().len(), count, "{state}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_200_without_provisioning_state_is_done_after_one_request() {
    let body = json!({
        "id": ITEM_PATH,
        "name": "item",
        "properties": { "connectionState": { "status": "Approved" } }
    });
    let server = Server::start(vec![
        Reply::new(200).json(&body),
        Reply::new(500).text("polled after the end"),
    ])
    .await;
    let result = update(&server).await.expect("succeeded");
    assert_eq!(result, Some(body));
    assert_eq!(server.single_request().method, "PATCH");
}

// 11. resourceLocation.

#[tokio::test(start_paused = true)]
async fn a_resource_location_in_the_succeeded_status_is_read() {
    let moved = "/subscriptions/subid/resourceGroups/rg/providers/Contoso.Fixture/accounts/acct/items/item-moved";
    let server = Server::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", OPERATION_URL)
            .header("Retry-After", "0"),
        Reply::new(200).json(&json!({
            "status": "Succeeded",
            "resourceLocation": format!("https://management.azure.com{moved}?api-version={}", fixture::API_VERSION)
        })),
        Reply::new(200).json(&item()),
    ])
    .await;
    let result = update(&server).await.expect("succeeded");
    assert_eq!(result, Some(item()));
    let received = server.received();
    assert_eq!(
        requests(&received),
        expected(&[
            ("PATCH", ITEM_PATH),
            ("GET", OPERATION_PATH),
            ("GET", moved)
        ])
    );
    assert_eq!(received[2].query("api-version"), Some(fixture::API_VERSION));
}

// 12. An initial 204.

#[tokio::test(start_paused = true)]
async fn an_initial_204_is_none_after_one_request() {
    let server = Server::start(vec![
        Reply::new(204),
        Reply::new(500).text("polled after the end"),
    ])
    .await;
    let response = client(&server)
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started")
        .await
        .expect("succeeded");
    assert_eq!(response.status(), StatusCode::NoContent);
    assert_eq!(response.into_model().expect("result"), None);
    assert_eq!(server.single_request().method, "PATCH");
}

// 13. If-Match.

#[tokio::test(start_paused = true)]
async fn if_match_is_sent_only_when_set() {
    let server = Server::start(vec![Reply::new(200).json(&item())]).await;
    let options = ItemsClientUpdateOptions {
        if_match: Some("W/\"0x8D9A\"".to_string()),
        ..Default::default()
    };
    client(&server)
        .begin_update("rg", "acct", "item", &approve(), Some(options))
        .expect("started")
        .await
        .expect("succeeded");
    assert_eq!(
        server.single_request().header("if-match"),
        Some("W/\"0x8D9A\"")
    );

    let server = Server::start(vec![Reply::new(200).json(&item())]).await;
    update(&server).await.expect("succeeded");
    assert_eq!(server.single_request().header("if-match"), None);
}

// 14. The outcome headers of a plain (not long-running) PUT.

fn put_body() -> serde_json::Value {
    json!({
        "etag": "W/\"1\"",
        "properties": {
            "provisioningState": "Updating",
            "connectionState": { "status": "Approved" }
        }
    })
}

#[tokio::test(start_paused = true)]
async fn outcome_headers_are_read() {
    let operation = "https://management.azure.com/subscriptions/subid/providers/Contoso.Fixture/locations/westus/operationResults/op?api-version=2024-01-01";
    let server = Server::start(vec![
        Reply::new(200)
            .header("Retry-After", "10")
            .header("Azure-AsyncOperation", operation)
            .header("ETag", "W/\"1\"")
            .header("x-ms-request-id", "request-1")
            .json(&put_body()),
    ])
    .await;
    let outcome = client(&server)
        .put("rg", "acct", "item", &approve(), None)
        .await
        .expect("ok");
    assert_eq!(outcome.request_id(), Some("request-1"));
    let ItemsClientPutOutcome::Ok {
        body,
        retry_after,
        azure_async_operation,
        etag,
        request_id,
        ..
    } = outcome
    else {
        panic!("expected the 200 outcome, got {outcome:?}");
    };
    assert_eq!(retry_after, Some(10));
    assert_eq!(azure_async_operation.as_deref(), Some(operation));
    assert_eq!(etag.as_deref(), Some("W/\"1\""));
    assert_eq!(request_id.as_deref(), Some("request-1"));
    assert_eq!(support::json(&body), put_body());
    assert_eq!(server.single_request().method, "PUT");
}

#[tokio::test(start_paused = true)]
async fn an_unparsable_outcome_header_is_none_not_a_failure() {
    let server = Server::start(vec![
        Reply::new(200)
            .header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")
            .json(&put_body()),
    ])
    .await;
    let outcome = client(&server)
        .put("rg", "acct", "item", &approve(), None)
        .await
        .expect("a header never fails the call");
    let ItemsClientPutOutcome::Ok { retry_after, .. } = outcome else {
        panic!("expected the 200 outcome, got {outcome:?}");
    };
    assert_eq!(retry_after, None);
}

// 15. Custom clouds.

fn custom_cloud(audiences: Audiences) -> Arc<CloudConfiguration> {
    let mut custom = CustomConfiguration::default();
    custom.authority_host = "https://login.contoso.local".to_string();
    custom.audiences = audiences;
    Arc::new(custom.into())
}

#[tokio::test(start_paused = true)]
async fn a_custom_cloud_uses_its_resource_manager_audience() {
    for audience in [
        "https://management.contoso.local",
        "https://management.contoso.local/",
    ] {
        let server = Server::start(vec![Reply::new(200).json(&json!({}))]).await;
        let credential = Arc::new(ScopeRecorder::default());
        let urls = Arc::new(UrlRecorder::default());
        let mut options = server.options();
        options.client_options.cloud = Some(custom_cloud(
            Audiences::new().with::<ResourceManagerAudience>(audience.to_string()),
        ));
        options.client_options.per_call_policies.push(urls.clone());
        let client =
            ItemsClient::new(SUBSCRIPTION, credential.clone(), Some(options)).expect("client");
        client
            .put("rg", "acct", "item", &approve(), None)
            .await
            .expect("ok");
        assert_eq!(
            *credential.0.lock().expect("lock"),
            ["https://management.contoso.local/.default"],
            "audience {audience}"
        );
        let url = urls.0.lock().expect("lock")[0].clone();
        assert!(
            url.starts_with(&format!(
                "https://management.contoso.local/subscriptions/{SUBSCRIPTION}/"
            )),
            "{url}"
        );
    }
}

#[test]
fn a_custom_cloud_without_a_resource_manager_audience_is_refused_at_new() {
    /// Another service's audience key.
    struct OtherAudience;
    let mut options = azure_arm_private_endpoints::ArmClientOptions::default();
    options.client_options.cloud = Some(custom_cloud(
        Audiences::new().with::<OtherAudience>("https://other.contoso.local".to_string()),
    ));
    let error = ItemsClient::new("subid", support::credential(), Some(options))
        .expect_err("no Resource Manager endpoint is known");
    assert!(matches!(error.kind(), ErrorKind::Credential), "{error:?}");
    assert!(
        error.to_string().contains("ResourceManagerAudience"),
        "{error}"
    );
}

#[test]
fn a_custom_cloud_with_an_http_audience_is_refused_at_new() {
    // No explicit endpoint: the audience is the default endpoint, and it is not https.
    let mut options = azure_arm_private_endpoints::ArmClientOptions::default();
    options.client_options.cloud = Some(custom_cloud(
        Audiences::new()
            .with::<ResourceManagerAudience>("http://management.contoso.local".to_string()),
    ));
    let error = ItemsClient::new("subid", support::credential(), Some(options))
        .expect_err("the bearer token goes over https only");
    assert!(
        matches!(error.kind(), ErrorKind::DataConversion),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("http://management.contoso.local"),
        "{error}"
    );
}
