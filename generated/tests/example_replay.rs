//! Hand-written tests of how the emitted example replays read upstream examples
//! (`tests/support`): an example's URLs on a placeholder host are moved onto the test server
//! (and only in replays: the client still refuses a foreign URL), and an explicit `null` counts
//! as absent. Through the test-only fixture service, never a production module.

mod support;

use azure_arm_private_endpoints::runtime::ForeignPollUrl;
use serde_json::json;
use support::fixtures::{ITEM_PATH, approve, client, item};
use support::{Reply, Server};

/// A 202 as upstream examples write it: the poll URL on a placeholder host.
fn example_with_placeholder_location() -> serde_json::Value {
    json!({
        "responses": {
            "202": {
                "headers": {
                    "Location": "https://some.endpoint.com/subscriptions/subid/operationResults/1?operationid=25334578",
                    "Retry-After": "0"
                }
            }
        }
    })
}

#[test]
fn url_headers_and_next_links_move_onto_the_test_server_keeping_path_and_query() {
    for header in ["Location", "azure-asyncoperation", "Operation-Location"] {
        assert_eq!(
            support::replayed_header(header, "https://some.endpoint.com/a/b?x=1&y=2"),
            "https://management.azure.com/a/b?x=1&y=2"
        );
    }
    // Other headers, and values that are not absolute URLs, are left alone.
    assert_eq!(
        support::replayed_header("x-ms-request-id", "https://some.endpoint.com/a"),
        "https://some.endpoint.com/a"
    );
    assert_eq!(support::replayed_header("Location", "/a?b=c"), "/a?b=c");
    let body = json!({
        "value": [{ "id": "https://some.endpoint.com/not-a-link" }],
        "nextLink": "http://some.endpoint.com:8443/subscriptions/subid/things?$skiptoken=2"
    });
    assert_eq!(
        support::replayed_body(&body),
        json!({
            "value": [{ "id": "https://some.endpoint.com/not-a-link" }],
            "nextLink": "https://management.azure.com/subscriptions/subid/things?$skiptoken=2"
        })
    );
    assert_eq!(
        support::replayed_body(&json!({ "nextLink": null })),
        json!({ "nextLink": null })
    );
}

#[tokio::test(start_paused = true)]
async fn a_replayed_placeholder_location_is_followed() {
    let example = example_with_placeholder_location();
    let server = Server::start(vec![
        Reply::from_example(&example, 202),
        Reply::new(200).json(&item()),
    ])
    .await;
    client(&server)
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started")
        .await
        .expect("the moved Location is followed");
    let received = server.received();
    let paths: Vec<_> = received.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [ITEM_PATH, "/subscriptions/subid/operationResults/1"]
    );
    assert_eq!(received[1].query("operationid"), Some("25334578"));
}

#[tokio::test(start_paused = true)]
async fn the_same_location_unmoved_is_refused_as_foreign() {
    let example = example_with_placeholder_location();
    let location = example["responses"]["202"]["headers"]["Location"]
        .as_str()
        .expect("a Location");
    let server = Server::start(vec![
        Reply::new(202)
            .header("Location", location)
            .header("Retry-After", "0"),
        Reply::new(200).json(&item()),
    ])
    .await;
    let error = client(&server)
        .begin_update("rg", "acct", "item", &approve(), None)
        .expect("started")
        .await
        .expect_err("a poll URL on another host is refused");
    let refused = error
        .downcast_ref::<ForeignPollUrl>()
        .unwrap_or_else(|| panic!("expected ForeignPollUrl, got {error:?}"));
    assert_eq!(refused.url, location);
    assert_eq!(server.received().len(), 1, "the foreign URL was requested");
}

#[test]
fn an_explicit_null_counts_as_absent_and_nothing_else_does() {
    let with_null = json!({ "value": [null, { "a": null, "b": 1 }], "nextLink": null });
    assert_eq!(
        support::without_nulls(&with_null),
        json!({ "value": [null, { "b": 1 }] })
    );
    // A model leaves an absent value out; an example's explicit `null` (as in upstream's
    // `"nextLink": null`) still round-trips and replays.
    let listed = json!({
        "id": ITEM_PATH,
        "name": "item",
        "properties": { "provisioningState": "Succeeded", "connectionState": null }
    });
    let model: azure_arm_private_endpoints::fixture::models::Item = support::round_trip(&listed);
    support::assert_replayed_body(&model, &listed);
}

#[test]
#[should_panic(expected = "the response body differs")]
fn a_missing_value_is_still_a_difference() {
    let model: azure_arm_private_endpoints::fixture::models::Item =
        serde_json::from_value(json!({ "name": "item" })).expect("an item");
    support::assert_replayed_body(&model, &json!({ "name": "item", "id": ITEM_PATH }));
}
