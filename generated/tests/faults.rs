//! The client fault matrix: a misbehaving service or network, over loopback, through the
//! test-only fixture service's client. Every case must end in a typed error (or in success where
//! azure_core's retry policy recovers) within a bounded time: never a panic, never a hang.
//!
//! Byte-level faults come from the raw server in `support/faults.rs`; well-formed answers from
//! the scripted server in `support/mod.rs`. Each call runs under [`bounded`], so a hang fails
//! the test instead of stalling the suite. Cases that wait (Retry-After, a stalled server, an
//! operation that never ends) run on tokio's paused clock, so their waits cost no real time.

mod support;

use azure_arm_private_endpoints::fixture::{self, ItemsClient, ItemsClientPutOutcome};
use azure_arm_private_endpoints::runtime::{
    DEFAULT_MAX_RESPONSE_BODY, ForeignPollUrl, ResponseTooLarge,
};
use azure_core::error::ErrorKind;
use azure_core::http::StatusCode;
use azure_core::http::poller::PollerOptions;
use futures::{StreamExt, TryStreamExt};
use serde_json::json;
use std::future::IntoFuture;
use std::time::Duration;
use support::faults::{Fault, FaultServer};
use support::fixtures::{ITEM_PATH, OPERATION_URL, approve, item};
use support::{Reply, Server};

/// The longest any case may take, on whichever clock it runs.
const BOUND: Duration = Duration::from_secs(60);

/// Runs `call`, failing the test if it has not finished within [`BOUND`].
async fn bounded<T>(call: impl IntoFuture<Output = T>) -> T {
    bounded_by(BOUND, call).await
}

/// Runs `call`, failing the test if it has not finished within `bound`.
async fn bounded_by<T>(bound: Duration, call: impl IntoFuture<Output = T>) -> T {
    tokio::time::timeout(bound, call)
        .await
        .expect("the call hung: no answer within the bound")
}

fn client_of(options: azure_arm_private_endpoints::ArmClientOptions) -> ItemsClient {
    ItemsClient::new("subid", support::credential(), Some(options)).expect("client")
}

async fn put(
    options: azure_arm_private_endpoints::ArmClientOptions,
) -> azure_core::Result<ItemsClientPutOutcome> {
    bounded(client_of(options).put("rg", "acct", "item", &approve(), None)).await
}

/// A transport failure: an I/O or connection error, after azure_core's retries.
fn assert_transport_error(error: &azure_core::Error) {
    assert!(
        matches!(error.kind(), ErrorKind::Io | ErrorKind::Connection),
        "expected an I/O or connection error, got {:?}: {error}",
        error.kind()
    );
}

/// A body that is not what the spec documents: a `DataConversion` error naming the status.
fn assert_bad_body(error: &azure_core::Error, status: u16) {
    assert_eq!(*error.kind(), ErrorKind::DataConversion, "{error}");
    assert!(
        error
            .to_string()
            .contains(&format!("the {status} response body")),
        "the error names the status: {error}"
    );
}

fn status_of(error: &azure_core::Error) -> Option<StatusCode> {
    match error.kind() {
        ErrorKind::HttpResponse { status, .. } => Some(*status),
        _ => None,
    }
}

fn ok_200(body: &[u8]) -> Fault {
    Fault::reply(&Reply {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_vec(),
    })
}

// ---- The connection ----

#[tokio::test]
async fn connection_refused_is_a_connection_error_after_the_retries() {
    // A port that was just free: bind, read the port, close.
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address")
    };
    let error = put(support::faults::options_for(address))
        .await
        .expect_err("nothing listens");
    assert_transport_error(&error);
}

#[tokio::test]
async fn a_connection_reset_before_any_answer_is_retried_then_an_error() {
    let server = FaultServer::start(vec![Fault::CloseAtOnce]).await;
    let error = put(server.options())
        .await
        .expect_err("every connection is reset");
    assert_transport_error(&error);
    assert_eq!(server.connections(), 3, "one attempt and two retries");
}

#[tokio::test]
async fn a_reset_in_the_middle_of_the_headers_is_an_error() {
    let server = FaultServer::start(vec![Fault::WriteThenReset(
        b"HTTP/1.1 200 OK\r\ncontent-type: applica".to_vec(),
    )])
    .await;
    let error = put(server.options()).await.expect_err("no complete answer");
    assert_transport_error(&error);
}

#[tokio::test]
async fn a_reset_in_the_middle_of_the_body_is_an_error() {
    let server = FaultServer::start(vec![Fault::WriteThenReset(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"name\":\"it"
            .to_vec(),
    )])
    .await;
    let error = put(server.options()).await.expect_err("no complete body");
    assert_transport_error(&error);
    // The body is read on each try (`runtime::body`), so a failure in it is retried.
    assert_eq!(server.connections(), 3, "one attempt and two retries");
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_an_error() {
    // A clean close (FIN), not a reset, 10 bytes into a 100-byte body.
    let server = FaultServer::start(vec![Fault::Write(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"name\":\"i"
            .to_vec(),
    )])
    .await;
    let error = put(server.options()).await.expect_err("no complete body");
    assert_transport_error(&error);
}

#[tokio::test]
async fn an_answer_that_is_not_http_is_an_error() {
    let server =
        FaultServer::start(vec![Fault::Write(b"SSH-2.0-OpenSSH_9.6\r\n\r\n".to_vec())]).await;
    let error = put(server.options()).await.expect_err("not HTTP");
    assert_transport_error(&error);
}

#[tokio::test(start_paused = true)]
async fn a_stalled_server_is_bounded_by_the_callers_timeout() {
    // The server reads the request and never answers: the caller's own timeout ends the call.
    let server = FaultServer::start(vec![Fault::WriteThenStall(Vec::new())]).await;
    let client = client_of(server.options());
    let started = tokio::time::Instant::now();
    let outcome = tokio::time::timeout(
        Duration::from_secs(30),
        client.put("rg", "acct", "item", &approve(), None),
    )
    .await;
    assert!(
        outcome.is_err(),
        "the call ended without an answer: {outcome:?}"
    );
    assert_eq!(started.elapsed(), Duration::from_secs(30));
    assert_eq!(server.received().len(), 1, "the request was sent once");
}

#[tokio::test(start_paused = true)]
async fn a_server_that_stalls_in_the_middle_of_the_body_is_bounded_by_the_callers_timeout() {
    let server = FaultServer::start(vec![Fault::WriteThenStall(
        b"HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\n{\"name\":".to_vec(),
    )])
    .await;
    let client = client_of(server.options());
    let outcome = tokio::time::timeout(
        Duration::from_secs(30),
        client.put("rg", "acct", "item", &approve(), None),
    )
    .await;
    assert!(
        outcome.is_err(),
        "the call ended without a body: {outcome:?}"
    );
}

// ---- The body ----

#[tokio::test]
async fn truncated_json_is_a_data_conversion_error() {
    let server = FaultServer::start(vec![ok_200(br#"{"name":"item","properties":{"#)]).await;
    let error = put(server.options()).await.expect_err("truncated");
    assert_bad_body(&error, 200);
}

#[tokio::test]
async fn invalid_json_is_a_data_conversion_error() {
    let server = FaultServer::start(vec![ok_200(b"{name: item}")]).await;
    let error = put(server.options()).await.expect_err("not JSON");
    assert_bad_body(&error, 200);
}

#[tokio::test]
async fn an_empty_body_on_200_or_201_is_a_data_conversion_error() {
    for status in [200, 201] {
        let server = Server::start(vec![Reply::new(status)]).await;
        let error = put(server.options())
            .await
            .expect_err("the documented body is missing");
        assert_bad_body(&error, status);
    }
}

#[tokio::test]
async fn the_wrong_json_type_for_a_field_is_a_data_conversion_error() {
    for body in [
        json!({ "name": 5 }),
        json!({ "properties": "approved" }),
        json!({ "properties": { "connectionState": { "status": true } } }),
        json!([{ "name": "item" }]),
        json!("item"),
    ] {
        let server = Server::start(vec![Reply::new(200).json(&body)]).await;
        let error = put(server.options()).await.expect_err("wrong type");
        assert_bad_body(&error, 200);
    }
}

#[tokio::test]
async fn an_empty_json_array_where_an_object_is_documented_is_an_error_not_an_empty_model() {
    // serde reads a struct from a JSON array too, element by element: with every field
    // defaulted, `[]` was an empty model. The models refuse it, at the top and nested.
    for body in [json!([]), json!({ "properties": [] })] {
        let server = Server::start(vec![Reply::new(200).json(&body)]).await;
        let error = put(server.options()).await.expect_err("an array");
        assert_bad_body(&error, 200);
    }
    // An empty object is a resource without properties, as the spec allows.
    let server = Server::start(vec![Reply::new(200).json(&json!({}))]).await;
    put(server.options()).await.expect("an empty object");
}

#[tokio::test]
async fn an_html_error_page_is_a_service_error_with_the_page_as_its_raw_body() {
    let page =
        "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
    let server = Server::start(vec![
        Reply::new(403)
            .header("content-type", "text/html")
            .text(page),
    ])
    .await;
    let error = put(server.options()).await.expect_err("an error page");
    assert_eq!(status_of(&error), Some(StatusCode::Forbidden));
    let detail = error
        .downcast_ref::<fixture::ServiceError>()
        .expect("the service's error model");
    assert_eq!(detail.code, None);
    assert_eq!(detail.raw_body, page);
}

#[tokio::test]
async fn an_html_page_on_200_is_a_data_conversion_error() {
    let server = Server::start(vec![
        Reply::new(200)
            .header("content-type", "text/html")
            .text("<html><body>Sign in</body></html>"),
    ])
    .await;
    let error = put(server.options()).await.expect_err("not the resource");
    assert_bad_body(&error, 200);
}

/// 100 MiB.
const HUGE: usize = 100 << 20;

/// Options whose body limit lets a [`HUGE`] body through.
fn raised_limit(server: &FaultServer) -> azure_arm_private_endpoints::ArmClientOptions {
    azure_arm_private_endpoints::ArmClientOptions {
        max_response_body: Some(HUGE + 1),
        ..server.options()
    }
}

fn huge(status: u16, prefix: &[u8], suffix: &[u8]) -> Fault {
    Fault::Large {
        status,
        prefix: prefix.to_vec(),
        fill: b'a',
        suffix: suffix.to_vec(),
        len: HUGE,
    }
}

/// The `ResponseTooLarge` an error carries.
fn too_large(error: &azure_core::Error) -> &ResponseTooLarge {
    assert_eq!(*error.kind(), ErrorKind::Other, "{error}");
    error
        .downcast_ref::<ResponseTooLarge>()
        .unwrap_or_else(|| panic!("not a ResponseTooLarge: {error}"))
}

#[tokio::test]
async fn a_100_mb_body_is_refused_by_the_default_limit_without_retries() {
    // Valid JSON, a resource and an error page alike: refused on their Content-Length.
    for status in [200, 400] {
        let server = FaultServer::start(vec![huge(status, br#"{"name":""#, br#""}"#)]).await;
        let error = put(server.options()).await.expect_err("over the limit");
        let refused = too_large(&error);
        assert_eq!(u16::from(refused.status), status);
        assert_eq!(refused.limit, DEFAULT_MAX_RESPONSE_BODY);
        assert_eq!(refused.content_length, Some(HUGE as u64));
        assert_eq!(
            server.connections(),
            1,
            "a body too large is not asked for again"
        );
        assert!(error.to_string().contains("max_response_body"), "{error}");
    }
}

/// A 200 answer without `Content-Length`, its body ending with the connection.
fn unannounced(body: &[u8]) -> Fault {
    let mut bytes =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n".to_vec();
    bytes.extend_from_slice(body);
    Fault::Write(bytes)
}

#[tokio::test]
async fn a_body_without_content_length_is_refused_once_it_passes_the_limit() {
    const LIMIT: usize = 4096;
    let body = |len: usize| format!(r#"{{"name":"{}"}}"#, "a".repeat(len - 11)).into_bytes();
    let limited = |server: &FaultServer| azure_arm_private_endpoints::ArmClientOptions {
        max_response_body: Some(LIMIT),
        ..server.options()
    };

    // Exactly at the limit: read.
    let server = FaultServer::start(vec![unannounced(&body(LIMIT))]).await;
    let outcome = put(limited(&server)).await.expect("a body of the limit");
    assert_eq!(outcome.into_body().name.map(|n| n.len()), Some(LIMIT - 11));

    // One byte over: refused while reading, as nothing announced it.
    let server = FaultServer::start(vec![unannounced(&body(LIMIT + 1))]).await;
    let error = put(limited(&server)).await.expect_err("over the limit");
    let refused = too_large(&error);
    assert_eq!((refused.limit, refused.content_length), (LIMIT, None));
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn a_heads_content_length_is_not_a_body() {
    // A HEAD's Content-Length is the size of the body a GET would give; a HEAD has none.
    let server = FaultServer::start(vec![Fault::Write(
        b"HTTP/1.1 204 No Content\r\ncontent-length: 1000000000000\r\n\r\n".to_vec(),
    )])
    .await;
    let exists = bounded(client_of(server.options()).check_existence("rg", "acct", "item", None))
        .await
        .expect("a HEAD answer");
    assert!(exists);
}

#[tokio::test]
async fn a_100_mb_body_is_read_whole_under_a_raised_limit() {
    // A valid resource whose name is 100 MiB long: read, as the spec allows any length.
    let server = FaultServer::start(vec![huge(200, br#"{"name":""#, br#""}"#)]).await;
    let outcome = put(raised_limit(&server))
        .await
        .expect("a large but valid body");
    let name = outcome.into_body().name.expect("the name");
    assert_eq!(name.len(), HUGE - 11);
}

#[tokio::test]
async fn a_100_mb_body_that_is_not_json_gives_an_error_of_bounded_size() {
    let server = FaultServer::start(vec![huge(200, b"<", b">")]).await;
    let error = put(raised_limit(&server)).await.expect_err("not JSON");
    assert_bad_body(&error, 200);
    let message = error.to_string();
    assert!(
        message.len() < 4096,
        "the message quotes the body whole: {} bytes",
        message.len()
    );
}

#[tokio::test]
async fn a_100_mb_error_page_gives_an_error_of_bounded_size() {
    let server = FaultServer::start(vec![huge(400, b"<", b">")]).await;
    let error = put(raised_limit(&server)).await.expect_err("an error page");
    assert_eq!(status_of(&error), Some(StatusCode::BadRequest));
    let detail = error
        .downcast_ref::<fixture::ServiceError>()
        .expect("the service's error model");
    assert_eq!(detail.raw_body.len(), HUGE, "the raw body is kept whole");
    assert!(
        error.to_string().len() < 4096,
        "the message quotes the body whole: {} bytes",
        error.to_string().len()
    );
}

// ---- Headers ----

#[tokio::test]
async fn invalid_utf8_in_a_header_is_ignored_not_a_failure() {
    let mut bytes = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-ms-request-id: \xff\xfe\x80\r\netag: W/\"\xc3\x28\"\r\n".to_vec();
    let body = br#"{"name":"item"}"#;
    bytes.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
    bytes.extend_from_slice(body);
    let server = FaultServer::start(vec![Fault::Write(bytes)]).await;
    let outcome = put(server.options()).await.expect("the body is fine");
    // A header that is not text is dropped (azure_core logs a warning); the call succeeds.
    assert_eq!(outcome.request_id(), None);
    assert_eq!(outcome.into_body().name.as_deref(), Some("item"));
}

#[tokio::test]
async fn invalid_utf8_in_a_poll_url_header_is_a_typed_error() {
    // Without its Location (dropped: not text), a 202 has nothing to follow.
    let bytes = b"HTTP/1.1 202 Accepted\r\nlocation: https://management.azure.com/op\xff\r\ncontent-length: 0\r\n\r\n".to_vec();
    let server = FaultServer::start(vec![Fault::Write(bytes)]).await;
    let error = bounded(
        client_of(server.options())
            .begin_update("rg", "acct", "item", &approve(), None)
            .expect("started"),
    )
    .await
    .expect_err("nothing to follow");
    assert_eq!(*error.kind(), ErrorKind::DataConversion, "{error}");
}

// ---- Retries ----

#[tokio::test(start_paused = true)]
async fn server_errors_then_success_recover_through_the_retry_policy() {
    let server = Server::start(vec![
        Reply::new(500),
        Reply::new(502).text("<html>Bad Gateway</html>"),
        Reply::new(504),
        Reply::new(200).json(&item()),
    ])
    .await;
    let outcome = put(server.options()).await.expect("recovered");
    assert_eq!(outcome.status(), StatusCode::Ok);
    assert_eq!(server.received().len(), 4);
}

#[tokio::test(start_paused = true)]
async fn a_server_error_that_persists_is_a_service_error_after_the_retries() {
    let server = Server::start(vec![Reply::new(503).json(&json!({
        "error": { "code": "ServerBusy", "message": "Try later." }
    }))])
    .await;
    let error = put(server.options()).await.expect_err("never recovers");
    assert_eq!(status_of(&error), Some(StatusCode::ServiceUnavailable));
    let detail = error
        .downcast_ref::<fixture::ServiceError>()
        .expect("the service's error model");
    assert_eq!(detail.code.as_deref(), Some("ServerBusy"));
    assert_eq!(server.received().len(), 4, "one attempt and three retries");
}

/// Throttled once with `retry_after`, then answered: how long the client waited.
async fn waited_after_429(retry_after: &str) -> Duration {
    let server = Server::start(vec![
        Reply::new(429).header("Retry-After", retry_after),
        Reply::new(200).json(&item()),
    ])
    .await;
    let started = tokio::time::Instant::now();
    let outcome = bounded_by(
        Duration::from_secs(2 * 3600),
        client_of(server.options()).put("rg", "acct", "item", &approve(), None),
    )
    .await
    .expect("retried to success");
    assert_eq!(outcome.status(), StatusCode::Ok);
    assert_eq!(server.received().len(), 2);
    started.elapsed()
}

#[tokio::test(start_paused = true)]
async fn throttling_with_retry_after_in_seconds_waits_that_long() {
    let waited = waited_after_429("12").await;
    assert!(
        waited >= Duration::from_secs(12) && waited < Duration::from_secs(13),
        "waited {waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn throttling_with_retry_after_as_an_http_date_waits_until_then() {
    let then =
        azure_core::time::OffsetDateTime::now_utc() + azure_core::time::Duration::seconds(20);
    let waited = waited_after_429(&azure_core::time::to_rfc7231(&then)).await;
    // The date has whole seconds, and the wall clock moves while the test runs.
    assert!(
        waited >= Duration::from_secs(17) && waited <= Duration::from_secs(21),
        "waited {waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn throttling_with_a_negative_or_past_or_garbage_retry_after_retries_soon() {
    for retry_after in ["-5", "Thu, 01 Jan 1970 00:00:00 GMT", "soon", "", "1e9"] {
        let waited = waited_after_429(retry_after).await;
        assert!(
            waited < Duration::from_secs(2),
            "{retry_after:?}: waited {waited:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn throttling_with_an_absurd_retry_after_waits_an_hour_at_most() {
    // Ten thousand years, in seconds or as a date: the runtime caps a service's wait at an
    // hour (ARM's longest throttling window), then azure_core retries.
    for retry_after in ["315360000000", "Fri, 31 Dec 9999 23:59:59 GMT"] {
        let waited = waited_after_429(retry_after).await;
        assert!(
            waited >= Duration::from_secs(3600) && waited < Duration::from_secs(3601),
            "{retry_after}: waited {waited:?}"
        );
    }
    // More seconds than an i64 holds is no number at all: ignored, retried at once.
    let waited = waited_after_429("99999999999999999999999").await;
    assert!(waited < Duration::from_secs(2), "waited {waited:?}");
}

// ---- Long-running operations ----

fn begin(
    options: azure_arm_private_endpoints::ArmClientOptions,
) -> azure_arm_private_endpoints::runtime::Poller<fixture::models::Item> {
    client_of(options)
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started")
}

fn accepted_with(header: &str, url: &str) -> Reply {
    Reply::new(202)
        .header(header, url)
        .header("Retry-After", "1")
}

#[tokio::test(start_paused = true)]
async fn an_operation_that_never_ends_is_bounded_by_the_callers_timeout() {
    let server = Server::start(vec![
        accepted_with("Azure-AsyncOperation", OPERATION_URL),
        Reply::new(200)
            .header("Retry-After", "10")
            .json(&json!({ "status": "InProgress" })),
    ])
    .await;
    let started = tokio::time::Instant::now();
    let outcome = tokio::time::timeout(Duration::from_secs(300), begin(server.options())).await;
    assert!(outcome.is_err(), "it never ends");
    assert_eq!(started.elapsed(), Duration::from_secs(300));
    // 1 s, then every 10 s: about 30 polls in 300 s, not a busy loop.
    let polls = server.received().len() - 1;
    assert!((29..=31).contains(&polls), "{polls} polls");
}

#[tokio::test(start_paused = true)]
async fn an_operation_that_never_ends_is_bounded_by_a_poll_limit_on_the_stream() {
    let server = Server::start(vec![
        accepted_with(
            "Location",
            "https://management.azure.com/operationResults/1",
        ),
        Reply::new(202)
            .header(
                "Location",
                "https://management.azure.com/operationResults/1",
            )
            .header("Retry-After", "1"),
    ])
    .await;
    let steps: Vec<_> = bounded(begin(server.options()).take(5).collect()).await;
    assert_eq!(steps.len(), 5);
    for step in steps {
        assert_eq!(
            step.expect("a step").into_model().expect("status").status,
            "InProgress"
        );
    }
    assert_eq!(
        server.received().len(),
        5,
        "no poll after the caller stopped"
    );
}

#[tokio::test(start_paused = true)]
async fn a_negative_retry_after_between_polls_polls_again_at_once() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", OPERATION_URL)
            .header("Retry-After", "-30"),
        Reply::new(200)
            .header("Retry-After", "-1")
            .json(&json!({ "status": "InProgress" })),
        Reply::new(200).json(&json!({ "status": "Succeeded" })),
        Reply::new(200).json(&item()),
    ])
    .await;
    let started = tokio::time::Instant::now();
    let result = bounded(begin(server.options())).await.expect("succeeded");
    assert_eq!(
        result
            .into_model()
            .expect("result")
            .map(|r| support::json(&r)),
        Some(item())
    );
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn an_absurd_retry_after_between_polls_waits_an_hour_at_most() {
    let server = Server::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", OPERATION_URL)
            .header("Retry-After", "315360000000"),
        Reply::new(200)
            .header("x-ms-retry-after-ms", "999999999999")
            .json(&json!({ "status": "InProgress" })),
        Reply::new(200).json(&json!({ "status": "Succeeded" })),
        Reply::new(200).json(&item()),
    ])
    .await;
    let started = tokio::time::Instant::now();
    let result = bounded_by(Duration::from_secs(3 * 3600), begin(server.options()))
        .await
        .expect("succeeded");
    assert!(result.into_model().expect("result").is_some());
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(2 * 3600) && waited < Duration::from_secs(2 * 3600 + 1),
        "waited {waited:?}, not an hour twice"
    );
}

#[tokio::test(start_paused = true)]
async fn a_poll_url_on_another_host_is_refused_and_never_requested() {
    let other = FaultServer::start(vec![Fault::reply(
        &Reply::new(200).json(&json!({ "status": "Succeeded" })),
    )])
    .await;
    let foreign = format!("https://{}/operations/1", other.address());
    let server = Server::start(vec![accepted_with("Azure-AsyncOperation", &foreign)]).await;
    let error = bounded(begin(server.options())).await.expect_err("refused");
    let refused = error
        .downcast_ref::<ForeignPollUrl>()
        .expect("ForeignPollUrl");
    assert_eq!(refused.url, foreign);
    assert_eq!(other.connections(), 0, "nothing went to the other host");
}

#[tokio::test(start_paused = true)]
async fn a_relative_poll_url_is_resolved_against_the_request() {
    let server = Server::start(vec![
        accepted_with("Location", "../items/item/operationResults/7?x=1"),
        Reply::new(200).json(&item()),
    ])
    .await;
    let result = bounded(begin(server.options())).await.expect("succeeded");
    assert_eq!(
        result
            .into_model()
            .expect("result")
            .map(|r| support::json(&r)),
        Some(item())
    );
    let received = server.received();
    assert_eq!(
        received[1].path,
        "/subscriptions/subid/resourceGroups/rg/providers/Contoso.Fixture/accounts/acct/items/item/operationResults/7"
    );
    assert_eq!(received[1].query("x"), Some("1"));
}

#[tokio::test(start_paused = true)]
async fn a_poll_answering_404_is_a_service_error() {
    let server = Server::start(vec![
        accepted_with("Azure-AsyncOperation", OPERATION_URL),
        Reply::new(404).json(&json!({
            "error": { "code": "OperationNotFound", "message": "No such operation." }
        })),
    ])
    .await;
    let error = bounded(begin(server.options())).await.expect_err("404");
    assert_eq!(status_of(&error), Some(StatusCode::NotFound));
    let detail = error
        .downcast_ref::<fixture::ServiceError>()
        .expect("the service's error model");
    assert_eq!(detail.code.as_deref(), Some("OperationNotFound"));
}

#[tokio::test(start_paused = true)]
async fn a_failed_operation_is_an_error_with_the_services_detail() {
    let server = Server::start(vec![
        accepted_with("Azure-AsyncOperation", OPERATION_URL),
        Reply::new(200).json(&json!({
            "status": "Failed",
            "error": { "code": "QuotaExceeded", "message": "No quota left." }
        })),
    ])
    .await;
    let error = bounded(begin(server.options())).await.expect_err("failed");
    let detail = error
        .downcast_ref::<fixture::ServiceError>()
        .expect("the service's error model");
    assert_eq!(detail.code.as_deref(), Some("QuotaExceeded"));
    assert!(error.to_string().contains("ended Failed"), "{error}");
}

#[tokio::test(start_paused = true)]
async fn a_canceled_operation_is_an_error() {
    let server = Server::start(vec![
        accepted_with(
            "Location",
            "https://management.azure.com/operationResults/2",
        ),
        Reply::new(200)
            .json(&json!({ "id": ITEM_PATH, "properties": { "provisioningState": "Canceled" } })),
    ])
    .await;
    let error = bounded(begin(server.options()))
        .await
        .expect_err("canceled");
    assert!(error.to_string().contains("ended Canceled"), "{error}");
}

#[tokio::test(start_paused = true)]
async fn a_status_monitor_answering_garbage_is_a_data_conversion_error() {
    for body in ["", "<html>oops</html>", r#"{"status": 7}"#, "[]"] {
        let server = Server::start(vec![
            accepted_with("Azure-AsyncOperation", OPERATION_URL),
            Reply::new(200).text(body),
        ])
        .await;
        let error = bounded(begin(server.options()))
            .await
            .expect_err("no status");
        assert_eq!(
            *error.kind(),
            ErrorKind::DataConversion,
            "{body:?}: {error}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_poll_whose_connection_is_reset_is_an_error() {
    let server = FaultServer::start(vec![
        Fault::reply(&accepted_with("Azure-AsyncOperation", OPERATION_URL)),
        Fault::CloseAtOnce,
    ])
    .await;
    let error = bounded(begin(server.options())).await.expect_err("reset");
    assert_transport_error(&error);
}

// ---- Paging ----

#[tokio::test(start_paused = true)]
async fn a_page_with_a_truncated_body_is_an_error_after_the_good_pages() {
    let first = json!({
        "value": [item()],
        "nextLink": "https://management.azure.com/subscriptions/subid/resourceGroups/rg/providers/Contoso.Fixture/accounts/acct/items?page=2"
    });
    let server = Server::start(vec![
        Reply::new(200).json(&first),
        Reply::new(200).text(r#"{"value":[{"name":"#),
    ])
    .await;
    let mut items = client_of(server.options())
        .list("rg", "acct", None)
        .expect("pager");
    let one = bounded(items.try_next())
        .await
        .expect("first page")
        .expect("an item");
    assert_eq!(one.name.as_deref(), Some("item"));
    let error = bounded(items.try_next()).await.expect_err("truncated page");
    assert_eq!(*error.kind(), ErrorKind::DataConversion, "{error}");
}

#[tokio::test(start_paused = true)]
async fn without_retry_after_the_callers_poll_frequency_is_the_wait() {
    // No Retry-After: the caller's frequency is the wait between polls.
    let server = Server::start(vec![
        Reply::new(202).header("Azure-AsyncOperation", OPERATION_URL),
        Reply::new(200).json(&json!({ "status": "InProgress" })),
    ])
    .await;
    let options = fixture::ItemsClientUpdateOptions {
        method_options: PollerOptions {
            frequency: azure_core::time::Duration::seconds(7),
            ..Default::default()
        },
        ..Default::default()
    };
    let poller = client_of(server.options())
        .begin_update("rg", "acct", "item", &approve(), Some(options))
        .expect("started");
    let outcome = tokio::time::timeout(Duration::from_secs(70), poller).await;
    assert!(outcome.is_err(), "never ends");
    let polls = server.received().len() - 1;
    assert!(
        (9..=10).contains(&polls),
        "{polls} polls in 70 s at one per 7 s"
    );
}
