//! Secrets: the bearer token goes to the endpoint and nowhere else. It is never in a `Debug`
//! output, a log line (azure_core's tracing on, at every level) or an error message, and no
//! request to another host (a poll URL, a next link, a redirect) carries it. Through the
//! test-only fixture service, over loopback.

mod support;

use azure_arm_private_endpoints::fixture::{GadgetsClient, ItemsClient, models};
use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use azure_core::http::StatusCode;
use futures::TryStreamExt;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};
use support::faults::{Fault, FaultServer};
use support::fixtures::{OPERATION_URL, approve, item};
use support::{Reply, Server};
use tracing_subscriber::util::SubscriberInitExt;

/// A token no other text contains, so finding it anywhere is a leak.
const TOKEN: &str = "eyJ0eXAi.h5-SECRET-token.c2lnbmF0dXJl";

#[derive(Debug)]
struct SecretCredential;

#[async_trait::async_trait]
impl TokenCredential for SecretCredential {
    async fn get_token(
        &self,
        _: &[&str],
        _: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new(
            Secret::new(TOKEN),
            azure_core::time::OffsetDateTime::now_utc() + azure_core::time::Duration::hours(1),
        ))
    }
}

fn items(options: azure_arm_private_endpoints::ArmClientOptions) -> ItemsClient {
    ItemsClient::new("subid", Arc::new(SecretCredential), Some(options)).expect("client")
}

/// Everything the tracing subscriber wrote.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
}

fn assert_no_token(what: &str, text: &str) {
    assert!(
        !text.contains(TOKEN) && !text.contains("h5-SECRET"),
        "the token is in {what}:\n{text}"
    );
}

/// The requests a server received carried the token: the tests below would see it if leaked.
fn assert_token_sent(received: &[support::Received]) {
    assert!(!received.is_empty());
    let expected = format!("Bearer {TOKEN}");
    for request in received {
        assert_eq!(request.header("authorization"), Some(expected.as_str()));
    }
}

#[tokio::test(start_paused = true)]
async fn the_token_is_in_no_log_line_debug_output_or_error_message() {
    let captured = Captured::default();
    let writer = captured.clone();
    let _guard = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
        .set_default();

    let mut texts: Vec<(&str, String)> = Vec::new();

    // A success, a retried 503, a 401 and an undocumented status.
    let server = Server::start(vec![
        Reply::new(503).header("Retry-After", "1"),
        Reply::new(200).json(&item()),
        Reply::new(401)
            .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
            .json(&json!({ "error": { "code": "InvalidAuthenticationToken", "message": "The token is invalid." } })),
        Reply::new(418).text("teapot"),
    ])
    .await;
    let client = items(server.options());
    let outcome = client
        .put("rg", "acct", "item", &approve(), None)
        .await
        .expect("200");
    texts.push(("an outcome's Debug", format!("{outcome:?}")));
    for expected in [StatusCode::Unauthorized, StatusCode::ImATeapot] {
        let error = client
            .put("rg", "acct", "item", &approve(), None)
            .await
            .expect_err("an error status");
        assert!(
            matches!(error.kind(), azure_core::error::ErrorKind::HttpResponse { status, .. } if *status == expected)
        );
        texts.push(("an error's Display", error.to_string()));
        texts.push(("an error's Debug", format!("{error:?}")));
    }
    // The client now holds the token in its cache.
    texts.push(("a client's Debug", format!("{client:?}")));
    assert_token_sent(&server.received());

    // A long-running operation with a poll, and a list of two pages.
    let server = Server::start(vec![
        Reply::new(202)
            .header("Azure-AsyncOperation", OPERATION_URL)
            .header("Retry-After", "1"),
        Reply::new(200).json(&json!({ "status": "Succeeded" })),
        Reply::new(200).json(&item()),
        Reply::new(200).json(&json!({
            "value": [item()],
            "nextLink": "https://management.azure.com/subscriptions/subid/resourceGroups/rg/providers/Contoso.Fixture/accounts/acct/items?page=2"
        })),
        Reply::new(200).json(&json!({ "value": [item()] })),
    ])
    .await;
    let client = items(server.options());
    let poller = client
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started");
    texts.push(("a poller's Debug", format!("{poller:?}")));
    let result = poller.await.expect("succeeded");
    texts.push(("a result's Debug", format!("{result:?}")));
    let listed: Vec<models::Item> = client
        .list("rg", "acct", None)
        .expect("pager")
        .try_collect()
        .await
        .expect("two pages");
    assert_eq!(listed.len(), 2);
    assert_token_sent(&server.received());

    // A transport failure.
    let broken = FaultServer::start(vec![Fault::CloseAtOnce]).await;
    let error = items(broken.options())
        .put("rg", "acct", "item", &approve(), None)
        .await
        .expect_err("reset");
    texts.push(("a transport error's Debug", format!("{error:?}")));

    for (what, text) in &texts {
        assert_no_token(what, text);
    }
    let logs = captured.text();
    // Tracing was on: azure_core logged the requests, with their URLs.
    assert!(
        logs.contains("Contoso.Fixture") && logs.lines().count() > 10,
        "azure_core logged nothing:\n{logs}"
    );
    assert_no_token("the logs", &logs);
}

#[tokio::test]
async fn an_x_ms_secret_in_a_response_is_redacted_in_debug() {
    let server = Server::start(vec![Reply::new(200).json(&json!({
        "name": "gadget",
        "properties": {
            "adminPassword": "hunter2-from-the-service",
            "device": { "kind": "Switch", "apiKey": "key-from-the-service" }
        }
    }))])
    .await;
    let client = GadgetsClient::new("subid", Arc::new(SecretCredential), Some(server.options()))
        .expect("client");
    let mut gadget = models::Gadget::default();
    gadget.properties = Some(models::GadgetProperties::default());
    let response = client
        .put("rg", "gadget", &gadget, None)
        .await
        .expect("200");
    let response_debug = format!("{response:?}");
    let body = response.into_model().expect("the body reads");
    let debug = format!("{response_debug} {body:?}");
    assert!(
        !debug.contains("hunter2-from-the-service") && !debug.contains("key-from-the-service"),
        "{debug}"
    );
    // The value itself is there, for the caller who asks for it.
    let properties = body.properties.expect("properties");
    assert_eq!(
        properties.admin_password.as_deref(),
        Some("hunter2-from-the-service")
    );
}

/// A listener on another port of 127.0.0.1 (another origin than the endpoint) that records the
/// `Authorization` header of every request it gets.
async fn other_host() -> (FaultServer, String) {
    let other = FaultServer::start(vec![Fault::reply(
        &Reply::new(200).json(&json!({ "status": "Succeeded", "value": [] })),
    )])
    .await;
    let base = format!("http://{}", other.address());
    (other, base)
}

fn authorizations(server: &FaultServer) -> Vec<Option<String>> {
    server
        .received()
        .iter()
        .map(|r| r.header("authorization").map(str::to_string))
        .collect()
}

#[tokio::test(start_paused = true)]
async fn no_token_goes_to_a_poll_url_on_another_host() {
    let (other, base) = other_host().await;
    for header in ["Azure-AsyncOperation", "Operation-Location", "Location"] {
        for url in [
            format!("{base}/operations/1"),
            // The endpoint's host, but another scheme or port.
            "http://management.azure.com/operations/1".to_string(),
            "https://management.azure.com:8443/operations/1".to_string(),
            // A protocol-relative URL resolves to another host.
            "//evil.example/operations/1".to_string(),
        ] {
            let server = Server::start(vec![
                Reply::new(202)
                    .header(header, &url)
                    .header("Retry-After", "1"),
            ])
            .await;
            let error = items(server.options())
                .begin_update("rg", "acct", "item", &approve(), None)
                .expect("started")
                .await
                .expect_err("refused");
            assert!(
                error
                    .downcast_ref::<azure_arm_private_endpoints::runtime::ForeignPollUrl>()
                    .is_some(),
                "{header}: {url}: {error}"
            );
            assert_eq!(
                server.received().len(),
                1,
                "{header}: {url}: no poll at all"
            );
        }
    }
    assert_eq!(authorizations(&other), Vec::<Option<String>>::new());
}

#[tokio::test(start_paused = true)]
async fn no_token_goes_to_a_next_link_on_another_host() {
    let (other, base) = other_host().await;
    let server = Server::start(vec![Reply::new(200).json(&json!({
        "value": [item()],
        "nextLink": format!("{base}/items?page=2")
    }))])
    .await;
    let mut list = items(server.options())
        .list("rg", "acct", None)
        .expect("pager");
    assert!(list.try_next().await.expect("first page").is_some());
    let error = list.try_next().await.expect_err("refused");
    assert!(
        error
            .downcast_ref::<azure_arm_private_endpoints::runtime::ForeignPollUrl>()
            .is_some(),
        "{error}"
    );
    assert_eq!(authorizations(&other), Vec::<Option<String>>::new());
}

#[tokio::test(start_paused = true)]
async fn a_redirect_to_another_host_is_not_followed() {
    let (other, base) = other_host().await;
    for status in [301, 302, 307, 308] {
        let server = Server::start(vec![
            Reply::new(status).header("Location", &format!("{base}/items/item")),
        ])
        .await;
        let error = items(server.options())
            .put("rg", "acct", "item", &approve(), None)
            .await
            .expect_err("a redirect is an undocumented status");
        assert!(
            matches!(error.kind(), azure_core::error::ErrorKind::HttpResponse { status: s, .. } if u16::from(*s) == status),
            "{error:?}"
        );
    }
    assert_eq!(authorizations(&other), Vec::<Option<String>>::new());
}
