//! Operation shapes beyond a single request and response, over loopback HTTP on the fixture
//! service: pageable lists (several pages, one page, an api-version of their own), an exists
//! check, an action with an optional body and constants, a listed error status, and bodies
//! that are not models.

mod support;

use azure_arm_private_endpoints::ArmClientOptions;
use azure_arm_private_endpoints::fixture::{
    self, ArchivesClient, ItemsClientArchiveOptions, ItemsClientArchiveOutcome,
    ItemsClientListOptions, OperationsClient, models,
};
use azure_arm_private_endpoints::runtime::ForeignPollUrl;
use azure_core::http::pager::{PagerContinuation, PagerOptions};
use futures::TryStreamExt;
use serde_json::{Value, json};
use support::fixtures::client;
use support::{Reply, Server};

/// The list every paging test reads: account `acct` of resource group `rg`.
const LIST_PATH: &str =
    "/subscriptions/subid/resourceGroups/rg/providers/Contoso.Fixture/accounts/acct/items";
const ENDPOINT: &str = "https://management.azure.com";

/// A page holding items of the given names, and `next` as its `nextLink`.
fn page(names: &[&str], next: Value) -> Reply {
    let value: Vec<Value> = names.iter().map(|name| json!({ "name": name })).collect();
    Reply::new(200).json(&json!({ "value": value, "nextLink": next }))
}

fn names(items: &[models::Item]) -> Vec<String> {
    items.iter().filter_map(|item| item.name.clone()).collect()
}

#[tokio::test(start_paused = true)]
async fn three_pages_are_read_in_order_at_the_clients_api_version() {
    let server = Server::start(vec![
        page(
            &["a", "b"],
            json!(format!(
                "{ENDPOINT}{LIST_PATH}?api-version=2019-01-01&$skiptoken=p2"
            )),
        ),
        // A relative link resolves against the page's own URL.
        page(&["c"], json!(format!("{LIST_PATH}?$skiptoken=p3"))),
        page(&["d"], Value::Null),
    ])
    .await;
    let options = ItemsClientListOptions {
        top: Some(2),
        ..Default::default()
    };
    let items: Vec<models::Item> = client(&server)
        .list("rg", "acct", Some(options))
        .expect("the pager")
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(names(&items), ["a", "b", "c", "d"]);
    let received = server.received();
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, LIST_PATH);
        // The stale api-version of the first link is replaced, not sent twice.
        let versions: Vec<&str> = request
            .query
            .iter()
            .filter(|(name, _)| name == "api-version")
            .map(|(_, value)| value.as_str())
            .collect();
        assert_eq!(versions, [fixture::API_VERSION]);
        assert_eq!(request.header("authorization"), Some("Bearer fake-token"));
    }
    assert_eq!(received[0].query("$top"), Some("2"));
    assert_eq!(received[1].query("$skiptoken"), Some("p2"));
    assert_eq!(received[2].query("$skiptoken"), Some("p3"));
}

#[tokio::test(start_paused = true)]
async fn a_page_without_a_next_link_is_the_last() {
    for last in [
        Reply::new(200).json(&json!({ "value": [{ "name": "a" }] })),
        page(&["a"], Value::Null),
        page(&["a"], json!("")),
    ] {
        let server = Server::start(vec![last, page(&["never"], Value::Null)]).await;
        let items: Vec<models::Item> = client(&server)
            .list("rg", "acct", None)
            .expect("the pager")
            .try_collect()
            .await
            .expect("one page");
        assert_eq!(names(&items), ["a"]);
        assert_eq!(server.received().len(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn a_page_without_items_yields_none() {
    let server = Server::start(vec![Reply::new(200).json(&json!({}))]).await;
    let items: Vec<models::Item> = client(&server)
        .list("rg", "acct", None)
        .expect("the pager")
        .try_collect()
        .await
        .expect("one page");
    assert!(items.is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_next_link_is_read_at_the_api_version_the_client_was_given() {
    let server = Server::start(vec![
        page(
            &["a"],
            json!(format!(
                "{ENDPOINT}{LIST_PATH}?api-version=2019-01-01&page=2"
            )),
        ),
        page(&["b"], Value::Null),
    ])
    .await;
    let options = ArmClientOptions {
        api_version: Some("2030-01-01".to_string()),
        ..server.options()
    };
    let client =
        fixture::ItemsClient::new("subid", support::credential(), Some(options)).expect("a client");
    let items: Vec<models::Item> = client
        .list("rg", "acct", None)
        .expect("the pager")
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(names(&items), ["a", "b"]);
    let received = server.received();
    assert_eq!(received[1].query("page"), Some("2"));
    for request in &received {
        assert_eq!(request.query("api-version"), Some("2030-01-01"));
    }
}

#[tokio::test(start_paused = true)]
async fn a_next_link_on_another_host_is_refused_without_a_request() {
    for foreign in [
        "https://attacker.example/steal?x=1",
        "http://management.azure.com/subscriptions/subid",
        "https://management.azure.com:8443/subscriptions/subid",
    ] {
        let server = Server::start(vec![
            page(&["a"], json!(foreign)),
            page(&["stolen"], Value::Null),
        ])
        .await;
        let mut items = client(&server).list("rg", "acct", None).expect("the pager");
        let first = items.try_next().await.expect("the first item");
        assert_eq!(first.and_then(|item| item.name).as_deref(), Some("a"));
        let error = items.try_next().await.expect_err("the foreign link");
        let refused = error
            .downcast_ref::<ForeignPollUrl>()
            .unwrap_or_else(|| panic!("{foreign}: expected ForeignPollUrl, got {error:?}"));
        assert!(
            refused
                .url
                .starts_with(foreign.split('?').next().unwrap_or(foreign))
        );
        assert_eq!(server.received().len(), 1, "{foreign}: a request was sent");
    }
}

#[tokio::test(start_paused = true)]
async fn a_next_link_to_the_page_just_read_ends_in_an_error_not_a_loop() {
    let server = Server::start(vec![page(
        &["a"],
        json!(format!("{LIST_PATH}?api-version=2019-01-01")),
    )])
    .await;
    let mut items = client(&server).list("rg", "acct", None).expect("the pager");
    // The page itself is in doubt: a service that answers so is broken.
    let error = items.try_next().await.expect_err("a loop");
    assert!(
        error.to_string().contains("is the page just read"),
        "{error}"
    );
    assert_eq!(server.received().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn an_undocumented_status_on_a_later_page_is_a_service_error() {
    let server = Server::start(vec![
        page(&["a"], json!(format!("{LIST_PATH}?page=2"))),
        Reply::new(404).json(&json!({ "error": { "code": "Gone", "message": "no page 2" } })),
    ])
    .await;
    let mut pages = client(&server)
        .list("rg", "acct", None)
        .expect("the pager")
        .into_pages();
    pages.try_next().await.expect("the first page");
    let error = pages.try_next().await.expect_err("the 404");
    let service = error
        .downcast_ref::<fixture::ServiceError>()
        .expect("a ServiceError");
    assert_eq!(service.code.as_deref(), Some("Gone"));
    assert_eq!(server.received().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn invalid_parameters_fail_the_call_before_anything_is_sent() {
    let server = Server::start(Vec::new()).await;
    let error = client(&server)
        .list("rg", "a/b", None)
        .expect_err("`a/b` breaks the account name's rules");
    support::assert_invalid_parameter(&error, "accountName", "a/b");
    assert!(server.received().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_pager_resumes_from_another_pagers_continuation() {
    let server = Server::start(vec![
        page(&["a"], json!(format!("{LIST_PATH}?$skiptoken=p2"))),
        page(&["b"], json!(format!("{LIST_PATH}?$skiptoken=p3"))),
    ])
    .await;
    let mut pages = client(&server)
        .list("rg", "acct", None)
        .expect("the pager")
        .into_pages();
    pages.try_next().await.expect("the first page");
    // The page pager's continuation is that of the next page.
    let continuation = pages.into_continuation().expect("a next page");

    let server = Server::start(vec![page(&["b"], Value::Null)]).await;
    let options = ItemsClientListOptions {
        method_options: PagerOptions {
            continuation: Some(continuation),
            ..Default::default()
        },
        ..Default::default()
    };
    let items: Vec<models::Item> = client(&server)
        .list("rg", "acct", Some(options))
        .expect("the pager")
        .try_collect()
        .await
        .expect("the rest");
    assert_eq!(names(&items), ["b"]);
    let request = server.single_request();
    assert_eq!(request.path, LIST_PATH);
    assert_eq!(request.query("$skiptoken"), Some("p2"));
    assert_eq!(request.query("api-version"), Some(fixture::API_VERSION));
}

#[tokio::test(start_paused = true)]
async fn a_continuation_that_is_no_url_or_on_another_host_is_refused() {
    for (token, foreign) in [
        ("not a url", false),
        ("https://attacker.example/items?page=2", true),
    ] {
        let server = Server::start(vec![page(&["a"], Value::Null)]).await;
        let options = ItemsClientListOptions {
            method_options: PagerOptions {
                continuation: Some(PagerContinuation::Token(token.to_string())),
                ..Default::default()
            },
            ..Default::default()
        };
        let mut items = client(&server)
            .list("rg", "acct", Some(options))
            .expect("the pager");
        let error = items.try_next().await.expect_err(token);
        assert_eq!(
            error.downcast_ref::<ForeignPollUrl>().is_some(),
            foreign,
            "{token}: {error:?}"
        );
        assert!(server.received().is_empty(), "{token}: a request was sent");
    }
}

/// The archives client of subscription `subid`, reading region `westus`.
fn archives(options: ArmClientOptions) -> ArchivesClient {
    ArchivesClient::new("subid", "westus", support::credential(), Some(options)).expect("a client")
}

#[tokio::test(start_paused = true)]
async fn an_operation_with_its_own_api_version_pages_at_it_whatever_the_clients() {
    let archives_path = "/subscriptions/subid/providers/Contoso.Fixture/archives";
    let server = Server::start(vec![
        page(
            &["a"],
            json!(format!(
                "{ENDPOINT}{archives_path}?api-version=2024-01-01&page=2"
            )),
        ),
        page(&["b"], Value::Null),
    ])
    .await;
    let options = ArmClientOptions {
        api_version: Some("2030-01-01".to_string()),
        ..server.options()
    };
    let items: Vec<models::Item> = archives(options)
        .list_by_subscription(None)
        .expect("the pager")
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(names(&items), ["a", "b"]);
    let received = server.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(request.path, archives_path);
        assert_eq!(request.query("api-version"), Some("2015-11-01"));
    }
    // The first request carries the constant filter and the client's parameter; a next link
    // carries what the service put in it.
    assert_eq!(
        received[0].query("$filter"),
        Some("resourceType eq 'Contoso.Fixture/archives'")
    );
    assert_eq!(received[0].query("region"), Some("westus"));
    assert_eq!(received[1].query("page"), Some("2"));
}

#[tokio::test(start_paused = true)]
async fn a_list_without_a_next_link_name_is_one_page_whatever_it_holds() {
    let server = Server::start(vec![
        Reply::new(200).json(&json!({
            "value": ["Contoso.Fixture/accounts/read"],
            "nextLink": format!("{ENDPOINT}/providers/Contoso.Fixture/operations?page=2"),
        })),
        Reply::new(200).json(&json!({ "value": ["never"] })),
    ])
    .await;
    let client =
        OperationsClient::new(support::credential(), Some(server.options())).expect("a client");
    let operations: Vec<String> = client
        .list(None)
        .expect("the pager")
        .try_collect()
        .await
        .expect("one page");
    assert_eq!(operations, ["Contoso.Fixture/accounts/read"]);
    let request = server.single_request();
    assert_eq!(request.path, "/providers/Contoso.Fixture/operations");
}

#[tokio::test(start_paused = true)]
async fn an_exists_check_is_true_for_its_success_false_for_404_and_an_error_otherwise() {
    for (status, expected) in [
        (204, Some(true)),
        (404, Some(false)),
        (200, None),
        (403, None),
    ] {
        let server = Server::start(vec![Reply::new(status)]).await;
        let result = client(&server)
            .check_existence("rg", "acct", "item", None)
            .await;
        match expected {
            Some(exists) => assert_eq!(result.expect("an answer"), exists, "{status}"),
            None => {
                let error = result.expect_err("an undocumented status");
                let service = error
                    .downcast_ref::<fixture::ServiceError>()
                    .expect("a ServiceError");
                assert_eq!(u16::from(service.status), status);
            }
        }
        let request = server.single_request();
        assert_eq!(request.method, "HEAD");
        assert_eq!(
            request.path,
            "/subscriptions/subid/resourceGroups/rg/providers/Contoso.Fixture/accounts/acct/items/item"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn an_optional_body_is_sent_only_when_set_and_constants_always() {
    for destination in [None, Some("cold-store")] {
        let server = Server::start(vec![Reply::new(202)]).await;
        let request = destination.map(|d| {
            let mut request = models::ArchiveRequest::default();
            request.destination = Some(d.to_string());
            request
        });
        let options = ItemsClientArchiveOptions {
            request_value: request.as_ref(),
            ..Default::default()
        };
        let outcome = client(&server)
            .archive("rg", "acct", "item", "cool", 30, "done", Some(options))
            .await
            .expect("accepted");
        assert!(matches!(
            outcome,
            ItemsClientArchiveOutcome::Accepted { .. }
        ));
        let request = server.single_request();
        assert_eq!(request.method, "POST");
        assert_eq!(request.query("mode"), Some("full"));
        assert_eq!(request.header("x-ms-archive-format"), Some("v2"));
        assert_eq!(request.query("tier"), Some("cool"));
        assert_eq!(request.query("retentionDays"), Some("30"));
        assert_eq!(request.header("x-ms-reason"), Some("done"));
        match destination {
            Some(destination) => {
                assert_eq!(request.header("content-type"), Some("application/json"));
                assert_eq!(request.json(), json!({ "destination": destination }));
            }
            None => {
                assert_eq!(request.header("content-type"), None);
                assert!(request.body.is_empty(), "a body was sent");
            }
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_listed_error_status_is_a_service_error_keeping_its_own_body() {
    let conflict = json!({ "reason": "the item is being updated" });
    let server = Server::start(vec![Reply::new(409).json(&conflict)]).await;
    let error = client(&server)
        .archive("rg", "acct", "item", "cool", 30, "done", None)
        .await
        .expect_err("409 is an error");
    let service = error
        .downcast_ref::<fixture::ServiceError>()
        .expect("a ServiceError");
    assert_eq!(u16::from(service.status), 409);
    let body: models::ArchiveConflict =
        serde_json::from_str(&service.raw_body).expect("the documented error model");
    assert_eq!(body.reason.as_deref(), Some("the item is being updated"));
}

#[tokio::test(start_paused = true)]
async fn bodies_that_are_not_models_go_both_ways() {
    let tags = json!({ "team": "blue", "cost-center": "42" });
    let server = Server::start(vec![Reply::new(200).json(&tags)]).await;
    let sent = [("team", "blue"), ("cost-center", "42")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let response = client(&server)
        .replace_tags("rg", "acct", "item", &sent, None)
        .await
        .expect("the tags");
    assert_eq!(
        serde_json::to_value(response.into_model().expect("a map")).expect("JSON"),
        tags
    );
    assert_eq!(server.single_request().json(), tags);

    // An array of models: each element is sent in its request form, without read-only parts.
    let stored = json!([{ "id": "/x", "name": "one", "etag": "1" }]);
    let server = Server::start(vec![Reply::new(200).json(&stored)]).await;
    let item: models::Item =
        serde_json::from_value(json!({ "id": "/x", "name": "one", "etag": "1" })).expect("an item");
    let response = client(&server)
        .import("rg", "acct", &[item], None)
        .await
        .expect("the items");
    let items = response.into_model().expect("the items");
    assert_eq!(names(&items), ["one"]);
    let request = server.single_request();
    assert_eq!(request.json(), json!([{ "etag": "1" }]));
}
