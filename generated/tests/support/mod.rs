//! Hand-written helpers shared by the generated tests (not emitted by the generator): a
//! scripted HTTP server on 127.0.0.1, and client options that send to it.

#![allow(dead_code)] // Each test binary uses a different part of this module.

pub mod faults;
pub mod fixtures;

use azure_arm_private_endpoints::ArmClientOptions;
use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use azure_core::http::headers::HeaderName;
use azure_core::http::{
    AsyncRawResponse, ClientOptions, ExponentialRetryOptions, HttpClient, Request, RetryOptions,
    Transport, Url,
};
use azure_core::time::{Duration, OffsetDateTime};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Parses an x-ms-examples file.
pub fn example(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("example files are JSON")
}

/// Deserializes `json` into `T` and checks that serializing it gives the same JSON back
/// (key order aside: `serde_json::Value` compares objects as maps; an explicit `null` counts as
/// absent, see [`without_nulls`]).
pub fn round_trip<T: DeserializeOwned + Serialize>(json: &serde_json::Value) -> T {
    let model: T = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("example body does not deserialize: {e}\n{json:#}"));
    let back = serde_json::to_value(&model).expect("models serialize");
    assert_eq!(
        without_nulls(&back),
        without_nulls(json),
        "the model changed the JSON on the way through"
    );
    model
}

/// The request JSON a model produced equals what the example sends (`null` counting as absent).
pub fn assert_same_json(
    produced: serde_json::Result<serde_json::Value>,
    expected: &serde_json::Value,
) {
    let produced = produced.expect("request JSON");
    assert_eq!(
        without_nulls(&produced),
        without_nulls(expected),
        "the request body differs from the example"
    );
}

/// `json` with every object member whose value is `null` left out, at any depth. ARM reads an
/// explicit `null` as an absent value, and examples write both (`"nextLink": null`), while the
/// models leave absent values out. Array elements are kept, `null` or not: their positions count.
pub fn without_nulls(json: &serde_json::Value) -> serde_json::Value {
    match json {
        serde_json::Value::Object(members) => members
            .iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(name, value)| (name.clone(), without_nulls(value)))
            .collect(),
        serde_json::Value::Array(items) => items.iter().map(without_nulls).collect(),
        other => other.clone(),
    }
}

/// A replayed response body equals the example's, as the test server sent it
/// ([`Reply::from_example`]), with `null` counting as absent.
pub fn assert_replayed_body<T: Serialize>(model: &T, example_body: &serde_json::Value) {
    assert_eq!(
        without_nulls(&json(model)),
        without_nulls(&replayed_body(example_body)),
        "the response body differs from the example's"
    );
}

/// The logical endpoint the test clients address; [`Server::options`] sends it to the server.
pub const ENDPOINT: &str = "https://management.azure.com";

/// The headers that carry a URL the client follows.
const URL_HEADERS: [&str; 3] = ["Location", "Azure-AsyncOperation", "Operation-Location"];

/// The body members that carry a URL the client follows (x-ms-pageable's `nextLinkName`).
const URL_MEMBERS: [&str; 2] = ["nextLink", "@odata.nextLink"];

/// An example's absolute URL moved onto [`ENDPOINT`], keeping its path and query. Upstream
/// examples put their URLs on placeholder hosts (`https://some.endpoint.com/...`), which the
/// client rightly refuses to follow; a replay moves them onto the test server. Anything that is
/// not an absolute http(s) URL is left as it is.
pub fn on_test_server(url: &str) -> String {
    match Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
            let mut moved = format!("{ENDPOINT}{}", parsed.path());
            if let Some(query) = parsed.query() {
                moved.push('?');
                moved.push_str(query);
            }
            moved
        }
        _ => url.to_string(),
    }
}

/// The value of header `name` as a replay sends it: a URL header moved by [`on_test_server`],
/// any other as the example wrote it.
pub fn replayed_header(name: &str, value: &str) -> String {
    if URL_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
        on_test_server(value)
    } else {
        value.to_string()
    }
}

/// An example body as a replay sends it: its next-page link moved by [`on_test_server`].
pub fn replayed_body(body: &serde_json::Value) -> serde_json::Value {
    let mut body = body.clone();
    if let Some(members) = body.as_object_mut() {
        for name in URL_MEMBERS {
            if let Some(serde_json::Value::String(link)) = members.get_mut(name) {
                *link = on_test_server(link);
            }
        }
    }
    body
}

/// A model as JSON, for comparison with an example body.
pub fn json<T: Serialize>(model: &T) -> serde_json::Value {
    serde_json::to_value(model).expect("models serialize")
}

/// One scripted answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn json(mut self, body: &serde_json::Value) -> Self {
        self.body = body.to_string().into_bytes();
        self.header("content-type", "application/json")
    }

    pub fn text(mut self, body: &str) -> Self {
        self.body = body.as_bytes().to_vec();
        self
    }

    /// The answer an example file gives for `status`: its headers and its body, with the URLs
    /// the client follows moved onto the test server ([`replayed_header`], [`replayed_body`]).
    pub fn from_example(example: &serde_json::Value, status: u16) -> Self {
        let response = &example["responses"][status.to_string()];
        let mut reply = Reply::new(status);
        if let Some(headers) = response["headers"].as_object() {
            for (name, value) in headers {
                let value = value
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| value.to_string());
                reply = reply.header(name, &replayed_header(name, &value));
            }
        }
        match response.get("body") {
            Some(body) => reply.json(&replayed_body(body)),
            None => reply,
        }
    }
}

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    /// Path as sent on the wire (still percent-encoded), without the query.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

/// An HTTP/1.1 server on 127.0.0.1 that answers with scripted replies, in order (the last
/// one repeats), and records every request.
pub struct Server {
    address: std::net::SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    pub async fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address = listener.local_addr().expect("address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        tokio::spawn(async move {
            let mut replies = replies.into_iter().peekable();
            let mut last = Reply::new(500).text("no reply scripted");
            while let Ok((stream, _)) = listener.accept().await {
                if let Some(next) = replies.next() {
                    last = next;
                }
                let reply = last.clone();
                let log = log.clone();
                tokio::spawn(async move { handle(stream, reply, log).await });
            }
        });
        Server { address, received }
    }

    /// Client options that send every request of the logical endpoint
    /// (`https://management.azure.com`) to this server, and retry without delay (but
    /// honouring `Retry-After`).
    pub fn options(&self) -> ArmClientOptions {
        let mut client_options = ClientOptions::default();
        let base = Url::parse(&format!("http://{}", self.address)).expect("url");
        client_options.transport = Some(Transport::new(Arc::new(ToLoopback {
            inner: azure_core::http::new_http_client(None),
            base,
        })));
        // azure_core's own retry policy, as consumers get it, with fewer attempts. The tests run
        // on tokio's paused clock, so its back-off costs no real time.
        client_options.retry = RetryOptions::exponential(ExponentialRetryOptions {
            max_retries: 3,
            ..Default::default()
        });
        ArmClientOptions {
            client_options,
            ..Default::default()
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// The only request received.
    pub fn single_request(&self) -> Received {
        let received = self.received();
        assert_eq!(
            received.len(),
            1,
            "expected exactly one request, got {received:#?}"
        );
        received.into_iter().next().expect("one request")
    }
}

async fn handle(mut stream: TcpStream, reply: Reply, log: Arc<Mutex<Vec<Received>>>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    log.lock().expect("lock").push(request);
    let mut head = format!("HTTP/1.1 {} Scripted\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        reply.body.len()
    ));
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(&reply.body).await;
    let _ = stream.shutdown().await;
}

async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_string();
    let target = request_line.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_string(), query.to_string()),
        None => (target.clone(), String::new()),
    };
    let query = url_query_pairs(&query);
    Some(Received {
        method,
        path,
        query,
        headers,
        body,
    })
}

fn url_query_pairs(query: &str) -> Vec<(String, String)> {
    Url::parse(&format!("http://x/?{query}"))
        .map(|url| {
            url.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// The test-only transport: requests keep their logical https URL through the pipeline (so
/// the bearer policy is satisfied), and only the socket goes to the loopback server.
#[derive(Debug)]
struct ToLoopback {
    inner: Arc<dyn HttpClient>,
    base: Url,
}

#[async_trait::async_trait]
impl HttpClient for ToLoopback {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<AsyncRawResponse> {
        let mut request = request.clone();
        let url = request.url_mut();
        let _ = url.set_scheme(self.base.scheme());
        url.set_host(self.base.host_str())?;
        let _ = url.set_port(self.base.port());
        self.inner.execute_request(&request).await
    }
}

/// A credential that always hands out the same token.
#[derive(Debug)]
pub struct FakeCredential;

pub const FAKE_TOKEN: &str = "fake-token";

#[async_trait::async_trait]
impl TokenCredential for FakeCredential {
    async fn get_token(
        &self,
        _scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new(
            Secret::new(FAKE_TOKEN),
            OffsetDateTime::now_utc() + Duration::hours(1),
        ))
    }
}

pub fn credential() -> Arc<dyn TokenCredential> {
    Arc::new(FakeCredential)
}

/// The `HeaderName` for a header, for reading poller responses.
pub fn header_name(name: &str) -> HeaderName {
    HeaderName::from(name.to_ascii_lowercase())
}

/// `error` is the refusal of `value` for `parameter`, before anything was sent.
pub fn assert_invalid_parameter(error: &azure_core::Error, parameter: &str, value: &str) {
    let invalid = error
        .downcast_ref::<azure_arm_private_endpoints::runtime::InvalidParameter>()
        .unwrap_or_else(|| panic!("expected an InvalidParameter error, got {error:?}"));
    assert_eq!(invalid.parameter, parameter);
    assert_eq!(invalid.value, value);
    let message = error.to_string();
    assert!(
        message.contains(parameter) && !invalid.problem.is_empty(),
        "unclear error: {message}"
    );
}
