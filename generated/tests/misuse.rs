//! Misuse of the public API: what a caller may do wrong, or in an unexpected order, must give
//! `None` or a typed error, never a panic. Through the test-only fixture service, over loopback,
//! on tokio's paused clock.

mod support;

use azure_arm_private_endpoints::fixture::{self, ItemsClient, ItemsClientUpdateOptions};
use azure_core::error::ErrorKind;
use azure_core::http::pager::{PagerContinuation, PagerOptions};
use azure_core::http::poller::PollerOptions;
use azure_core::http::{Pager, StatusCode};
use futures::{StreamExt, TryStreamExt};
use serde_json::json;
use std::time::Duration;
use support::fixtures::{ITEM_PATH, OPERATION_URL, approve, client, item};
use support::{Reply, Server};

/// An operation that succeeds after one `InProgress` step, its result read from the resource.
async fn succeeding_operation() -> Server {
    Server::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", OPERATION_URL)
            .header("Retry-After", "1"),
        Reply::new(200)
            .header("Retry-After", "1")
            .json(&json!({ "status": "InProgress" })),
        Reply::new(200).json(&json!({ "status": "Succeeded" })),
        Reply::new(200).json(&item()),
    ])
    .await
}

fn begin(server: &Server) -> azure_arm_private_endpoints::runtime::Poller<fixture::models::Item> {
    client(server)
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started")
}

#[tokio::test(start_paused = true)]
async fn a_poller_read_to_its_end_and_past_it_yields_none_then_awaits_the_result() {
    let server = succeeding_operation().await;
    let mut poller = begin(&server);
    // azure_core's own documented loop: read every step, to the end of the stream.
    let mut statuses = Vec::new();
    while let Some(step) = poller.try_next().await.expect("a step") {
        statuses.push(step.into_model().expect("status").status);
    }
    assert_eq!(statuses, ["InProgress", "InProgress", "Succeeded"]);
    // Past the end: `None`, as often as asked (azure_core 1.1's own Poller panicked here).
    for _ in 0..3 {
        assert!(poller.next().await.is_none());
    }
    let result = poller
        .await
        .expect("succeeded")
        .into_model()
        .expect("result");
    assert_eq!(result.map(|r| support::json(&r)), Some(item()));
    assert_eq!(server.received().len(), 4, "nothing was sent twice");
}

#[tokio::test(start_paused = true)]
async fn a_poller_awaited_after_its_first_step_finishes_the_operation() {
    let server = succeeding_operation().await;
    let mut poller = begin(&server);
    let first = poller
        .try_next()
        .await
        .expect("a step")
        .expect("first step");
    assert_eq!(first.status(), StatusCode::Accepted);
    let result = poller
        .await
        .expect("succeeded")
        .into_model()
        .expect("result");
    assert_eq!(result.map(|r| support::json(&r)), Some(item()));
}

#[tokio::test(start_paused = true)]
async fn a_poller_read_past_an_error_yields_none_and_awaiting_it_repeats_the_error() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", OPERATION_URL)
            .header("Retry-After", "1"),
        Reply::new(200).json(&json!({
            "status": "Failed",
            "error": { "code": "Broken", "message": "It broke." }
        })),
    ])
    .await;
    let mut poller = begin(&server);
    let mut errors = Vec::new();
    // A caller that ignores errors and reads on.
    for _ in 0..5 {
        match poller.next().await {
            Some(Ok(_)) => {}
            Some(Err(error)) => errors.push(error.to_string()),
            None => break,
        }
    }
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("Broken"), "{errors:?}");
    assert!(poller.next().await.is_none());
    let error = poller.await.expect_err("it failed");
    assert!(error.to_string().contains("Broken"), "{error}");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_poller_whose_first_request_fails_can_still_be_awaited() {
    let server = Server::start(vec![Reply::new(409).json(&json!({
        "error": { "code": "Conflict", "message": "Busy." }
    }))])
    .await;
    let mut poller = begin(&server);
    let error = poller.try_next().await.expect_err("409");
    assert!(matches!(
        error.kind(),
        ErrorKind::HttpResponse {
            status: StatusCode::Conflict,
            ..
        }
    ));
    assert!(poller.try_next().await.expect("ended").is_none());
    let again = poller.await.expect_err("still 409");
    assert!(
        matches!(
            again.kind(),
            ErrorKind::HttpResponse {
                status: StatusCode::Conflict,
                ..
            }
        ),
        "{again:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_poller_dropped_mid_way_sends_nothing_more() {
    let server = Server::start(vec![
        Reply::new(202)
            .header(
                "Location",
                "https://management.azure.com/operationResults/1",
            )
            .header("Retry-After", "1"),
    ])
    .await;
    let mut poller = begin(&server);
    poller.try_next().await.expect("a step");
    poller.try_next().await.expect("a step");
    drop(poller);
    let sent = server.received().len();
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert_eq!(server.received().len(), sent);
}

#[tokio::test(start_paused = true)]
async fn a_poller_outlives_its_client() {
    let server = succeeding_operation().await;
    let poller = {
        let client = client(&server);
        client
            .begin_update("rg", "acct", "item", &approve(), None)
            .expect("started")
    };
    let result = poller
        .await
        .expect("succeeded")
        .into_model()
        .expect("result");
    assert!(result.is_some());
}

fn with_frequency(
    frequency: azure_core::time::Duration,
) -> Option<ItemsClientUpdateOptions<'static>> {
    Some(ItemsClientUpdateOptions {
        method_options: PollerOptions {
            frequency,
            ..Default::default()
        },
        ..Default::default()
    })
}

#[tokio::test(start_paused = true)]
async fn a_zero_or_negative_poll_frequency_is_refused_before_anything_is_sent() {
    let server = succeeding_operation().await;
    for frequency in [
        azure_core::time::Duration::ZERO,
        azure_core::time::Duration::milliseconds(999),
        azure_core::time::Duration::seconds(-1),
        azure_core::time::Duration::MIN,
    ] {
        let error = client(&server)
            .begin_update("rg", "acct", "item", &approve(), with_frequency(frequency))
            .expect_err("refused");
        assert_eq!(
            *error.kind(),
            ErrorKind::DataConversion,
            "{frequency}: {error}"
        );
    }
    assert!(server.received().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_huge_poll_frequency_waits_without_panicking() {
    // No Retry-After: the frequency is the wait. The caller's timeout ends it.
    let server = Server::start(vec![
        Reply::new(202).header("Azure-AsyncOperation", OPERATION_URL),
        Reply::new(200).json(&json!({ "status": "Succeeded" })),
    ])
    .await;
    let poller = client(&server)
        .begin_update(
            "rg",
            "acct",
            "item",
            &approve(),
            with_frequency(azure_core::time::Duration::MAX),
        )
        .expect("started");
    let outcome = tokio::time::timeout(Duration::from_secs(3600), poller).await;
    assert!(outcome.is_err(), "still waiting");
    assert_eq!(server.received().len(), 1);
}

fn one_page_list(server: &Server) -> Pager<fixture::models::ItemListResult> {
    client(server).list("rg", "acct", None).expect("pager")
}

#[tokio::test(start_paused = true)]
async fn a_pager_read_past_its_end_yields_none() {
    let server = Server::start(vec![Reply::new(200).json(&json!({ "value": [item()] }))]).await;
    let mut items = one_page_list(&server);
    assert!(items.try_next().await.expect("an item").is_some());
    for _ in 0..3 {
        assert!(items.try_next().await.expect("the end").is_none());
    }
    let mut pages = one_page_list(&server).into_pages();
    assert!(pages.try_next().await.expect("a page").is_some());
    for _ in 0..3 {
        assert!(pages.try_next().await.expect("the end").is_none());
    }
    assert_eq!(server.received().len(), 2, "one request per pager");
}

#[tokio::test(start_paused = true)]
async fn a_pager_read_past_an_error_does_not_panic() {
    let server = Server::start(vec![Reply::new(200).text("not json")]).await;
    let mut items = one_page_list(&server);
    items.try_next().await.expect_err("not JSON");
    for _ in 0..3 {
        // Whatever azure_core does next (end, or the same request again), it does not panic.
        let _ = items.next().await;
    }
}

#[tokio::test(start_paused = true)]
async fn a_garbage_continuation_is_an_error_not_a_panic() {
    let server = Server::start(vec![Reply::new(200).json(&json!({ "value": [] }))]).await;
    for token in ["", "not a url", "//", "https://", "https://other.example/x"] {
        let options = fixture::ItemsClientListOptions {
            method_options: PagerOptions {
                continuation: Some(PagerContinuation::Token(token.to_string())),
                ..Default::default()
            },
            ..Default::default()
        };
        let mut items = client(&server)
            .list("rg", "acct", Some(options))
            .expect("pager");
        let error = items.try_next().await.expect_err(token);
        assert!(
            matches!(error.kind(), ErrorKind::DataConversion | ErrorKind::Other),
            "{token:?}: {error:?}"
        );
    }
    assert!(server.received().is_empty(), "nothing was sent");
}

#[tokio::test(start_paused = true)]
async fn cloned_clients_work_at_once_and_independently() {
    let server = Server::start(vec![Reply::new(200).json(&item())]).await;
    let original = client(&server);
    let calls = (0..8).map(|_| {
        let client: ItemsClient = original.clone();
        tokio::spawn(async move { client.put("rg", "acct", "item", &approve(), None).await })
    });
    for call in calls {
        let outcome = call.await.expect("no panic").expect("200");
        assert_eq!(outcome.status(), StatusCode::Ok);
    }
    drop(original);
    assert_eq!(server.received().len(), 8);
    assert!(server.received().iter().all(|r| r.path == ITEM_PATH));
}

#[tokio::test(start_paused = true)]
async fn a_call_future_dropped_before_its_answer_leaves_the_client_usable() {
    let server = Server::start(vec![
        Reply::new(429).header("Retry-After", "100"),
        Reply::new(200).json(&item()),
    ])
    .await;
    let client = client(&server);
    let first = tokio::time::timeout(
        Duration::from_secs(1),
        client.put("rg", "acct", "item", &approve(), None),
    )
    .await;
    assert!(first.is_err(), "given up while waiting Retry-After");
    let second = client
        .put("rg", "acct", "item", &approve(), None)
        .await
        .expect("the client still works");
    assert_eq!(second.status(), StatusCode::Ok);
}
