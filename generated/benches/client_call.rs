//! The in-process cost of one generated call against code written by hand that does the same
//! work over the same azure_core pipeline: check the parameters, build the URL, serialize the
//! body, send, read the status, the body and the headers. The transport is canned (no network),
//! so what is measured is the client, the pipeline and serde_json.
//!
//! It calls the test-only `fixture` module's `Items_Put` (specs/fixture/items_put.yaml), so a
//! new api-version of a production provider never breaks it. `cargo bench -p
//! azure_arm_private_endpoints --bench client_call`; BENCHMARKS.md has the figures.

use azure_arm_private_endpoints::ArmClientOptions;
use azure_arm_private_endpoints::fixture::{ItemsClient, ItemsClientPutOutcome, models};
use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use azure_core::http::headers::{HeaderName, Headers};
use azure_core::http::policies::Policy;
use azure_core::http::policies::auth::BearerTokenAuthorizationPolicy;
use azure_core::http::{
    AsyncRawResponse, ClientOptions, Context, HttpClient, Method, Pipeline, PipelineSendOptions,
    Request, StatusCode, Transport, Url,
};
use azure_core::time::{Duration, OffsetDateTime};
use criterion::{Criterion, criterion_group};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use std::sync::{Arc, LazyLock};

/// The 200 answer of the fixture's `ItemsPut` example, for every request.
#[derive(Debug)]
struct Canned;

const BODY: &str = r#"{"id":"/subscriptions/subid/resourceGroups/rg/providers/Contoso.Fixture/accounts/acct/items/item","name":"item","type":"Contoso.Fixture/accounts/items","etag":"W/\"1\"","properties":{"provisioningState":"Succeeded","endpoint":{"id":"/subscriptions/subid/resourceGroups/rg/providers/Contoso.Fixture/endpoints/ep"},"connectionState":{"status":"Approved","description":"Approved by the owner."}}}"#;

#[async_trait::async_trait]
impl HttpClient for Canned {
    async fn execute_request(&self, _request: &Request) -> azure_core::Result<AsyncRawResponse> {
        let mut headers = Headers::new();
        headers.insert("content-type", "application/json");
        headers.insert("retry-after", "10");
        headers.insert(
            "azure-asyncoperation",
            "https://management.azure.com/subscriptions/subid/providers/Contoso.Fixture/operations/op1?api-version=2024-01-01",
        );
        headers.insert("etag", "W/\"1\"");
        headers.insert("x-ms-request-id", "00000000-0000-0000-0000-000000000001");
        Ok(AsyncRawResponse::from_bytes(StatusCode::Ok, headers, BODY))
    }
}

/// A token that never expires during the run, so the bearer policy caches it.
#[derive(Debug)]
struct FakeCredential;

#[async_trait::async_trait]
impl TokenCredential for FakeCredential {
    async fn get_token(
        &self,
        _scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new(
            Secret::new("token"),
            OffsetDateTime::now_utc() + Duration::hours(1),
        ))
    }
}

fn client_options() -> ClientOptions {
    ClientOptions {
        transport: Some(Transport::new(Arc::new(Canned))),
        ..Default::default()
    }
}

fn generated_client() -> ItemsClient {
    let options = ArmClientOptions {
        client_options: client_options(),
        ..Default::default()
    };
    ItemsClient::new("subid", Arc::new(FakeCredential), Some(options)).expect("client")
}

fn request_body() -> models::Item {
    serde_json::from_str(
        r#"{"properties":{"connectionState":{"status":"Approved","description":"Approved by the owner."}}}"#,
    )
    .expect("body")
}

async fn generated_call(client: &ItemsClient, item: models::Item) -> Option<String> {
    match client
        .put("rg", "acct", "item", &item, None)
        .await
        .expect("put")
    {
        ItemsClientPutOutcome::Ok { body, etag, .. } => {
            black_box(&body);
            etag
        }
        _ => None,
    }
}

/// What a careful hand-written client for the same operation would do.
// The response fields are for a caller to read; the benchmark only keeps them alive.
#[allow(dead_code)]
mod by_hand {
    use super::*;

    #[derive(Debug, Default, Serialize, Deserialize)]
    pub struct Item {
        #[serde(default, skip_serializing)]
        pub id: Option<String>,
        #[serde(default, skip_serializing)]
        pub name: Option<String>,
        #[serde(rename = "type", default, skip_serializing)]
        pub kind: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub etag: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub properties: Option<ItemProperties>,
    }

    #[derive(Debug, Default, Serialize, Deserialize)]
    pub struct ItemProperties {
        #[serde(rename = "provisioningState", default, skip_serializing)]
        pub provisioning_state: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub endpoint: Option<Endpoint>,
        #[serde(
            rename = "connectionState",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        pub connection_state: Option<ConnectionState>,
    }

    #[derive(Debug, Default, Serialize, Deserialize)]
    pub struct Endpoint {
        #[serde(default, skip_serializing)]
        pub id: Option<String>,
    }

    #[derive(Debug, Default, Serialize, Deserialize)]
    pub struct ConnectionState {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
    }

    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');

    static ACCOUNT: LazyLock<Regex> = LazyLock::new(|| Regex::new("^[a-zA-Z0-9]+$").unwrap());
    static ITEM: LazyLock<Regex> = LazyLock::new(|| Regex::new("^[a-zA-Z0-9_.-]+$").unwrap());

    pub struct Client {
        endpoint: Url,
        subscription_id: String,
        pipeline: Pipeline,
    }

    impl Client {
        pub fn new() -> Self {
            let auth: Arc<dyn Policy> = Arc::new(BearerTokenAuthorizationPolicy::new(
                Arc::new(FakeCredential),
                ["https://management.azure.com/.default"],
            ));
            Client {
                endpoint: Url::parse("https://management.azure.com").unwrap(),
                subscription_id: "subid".into(),
                pipeline: Pipeline::new(
                    Some("by_hand"),
                    Some("0.1.0"),
                    client_options(),
                    Vec::new(),
                    vec![auth],
                    None,
                ),
            }
        }

        fn segment(value: &str) -> azure_core::Result<String> {
            if value.is_empty() || value == "." || value == ".." {
                return Err(invalid("not a resource name"));
            }
            Ok(utf8_percent_encode(value, SEGMENT).to_string())
        }

        pub async fn put(
            &self,
            resource_group: &str,
            account: &str,
            item_name: &str,
            item: &Item,
        ) -> azure_core::Result<(Item, Option<String>, Option<i32>)> {
            let account_len = account.chars().count();
            if !(3..=24).contains(&account_len) || !ACCOUNT.is_match(account) {
                return Err(invalid("accountName"));
            }
            let item_len = item_name.chars().count();
            if !(1..=64).contains(&item_len) || !ITEM.is_match(item_name) {
                return Err(invalid("itemName"));
            }
            let mut url = self.endpoint.clone();
            url.set_path(&format!(
                "/subscriptions/{}/resourceGroups/{}/providers/Contoso.Fixture/accounts/{}/items/{}",
                Self::segment(&self.subscription_id)?,
                Self::segment(resource_group)?,
                Self::segment(account)?,
                Self::segment(item_name)?,
            ));
            url.query_pairs_mut()
                .append_pair("api-version", "2024-01-01");
            let mut request = Request::new(url, Method::Put);
            request.insert_header("content-type", "application/json");
            request.set_json(item)?;
            let options = PipelineSendOptions {
                skip_checks: true,
                ..Default::default()
            };
            let response = self
                .pipeline
                .send(&Context::new(), &mut request, Some(options))
                .await?;
            if response.status() != StatusCode::Ok {
                return Err(invalid("status"));
            }
            let body: Item = serde_json::from_slice(response.body())?;
            let headers = response.headers();
            let etag = headers
                .get_optional_str(&HeaderName::from_static("etag"))
                .map(str::to_string);
            let retry_after = headers
                .get_optional_str(&HeaderName::from_static("retry-after"))
                .and_then(|v| v.trim().parse().ok());
            Ok((body, etag, retry_after))
        }
    }

    fn invalid(what: &'static str) -> azure_core::Error {
        azure_core::Error::with_message(azure_core::error::ErrorKind::DataConversion, what)
    }

    pub fn request_body() -> Item {
        serde_json::from_str(
            r#"{"properties":{"connectionState":{"status":"Approved","description":"Approved by the owner."}}}"#,
        )
        .expect("body")
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn client_call(c: &mut Criterion) {
    let rt = runtime();
    let generated = generated_client();
    let by_hand = by_hand::Client::new();
    // Both answer the same before anything is timed.
    let generated_etag = rt.block_on(generated_call(&generated, request_body()));
    let (_, by_hand_etag, _) = rt
        .block_on(by_hand.put("rg", "acct", "item", &by_hand::request_body()))
        .expect("by hand");
    assert_eq!(generated_etag, by_hand_etag);

    let mut group = c.benchmark_group("items_put");
    // The generated method takes its body by value, so its clone is part of the call.
    let item = request_body();
    group.bench_function("generated", |b| {
        b.to_async(&rt)
            .iter(|| generated_call(&generated, item.clone()))
    });
    let by_hand_item = by_hand::request_body();
    group.bench_function("by_hand", |b| {
        b.to_async(&rt).iter(|| async {
            let (body, etag, _) = by_hand
                .put("rg", "acct", "item", &by_hand_item)
                .await
                .expect("put");
            black_box(&body);
            etag
        })
    });
    group.finish();
}

criterion_group!(benches, client_call);

fn main() {
    // azure_core builds errors it then drops (for absent headers, inside its own policies), and
    // each captures a backtrace when these are set: both calls get several times slower and the
    // ratio says little about the generated code. BENCHMARKS.md gives figures both ways.
    // std reads RUST_LIB_BACKTRACE first, then RUST_BACKTRACE.
    let setting = ["RUST_LIB_BACKTRACE", "RUST_BACKTRACE"]
        .into_iter()
        .find_map(|name| Some((name, std::env::var(name).ok()?)));
    if let Some((name, value)) = setting.filter(|(_, value)| value != "0") {
        eprintln!(
            "note: {name}={value}, so every azure_core error captures a backtrace; \
             run with {name}=0 for the figures BENCHMARKS.md compares"
        );
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
