//! Hand-written tests of what the models put in a request body, on the GET → change → PUT
//! path: the caller sends back what the service returned, with one property changed. They use
//! the test-only fixture service (`specs/fixture/`).

use azure_arm_private_endpoints::fixture::models;
use serde_json::json;

#[test]
fn a_resource_read_back_sends_only_its_writable_properties() {
    let read: models::Item = serde_json::from_value(json!({
        "id": "/subscriptions/s/resourceGroups/rg/providers/Contoso.Fixture/accounts/a/items/item",
        "name": "item",
        "type": "Contoso.Fixture/accounts/items",
        "etag": "\"00000000-0000-0000-0000-000000000000\"",
        "properties": {
            "provisioningState": "Succeeded",
            "endpoint": { "id": "/subscriptions/s/resourceGroups/rg/providers/Contoso.Fixture/endpoints/ep" },
            "connectionState": { "status": "Pending", "description": "" }
        }
    }))
    .expect("a fixture item");
    // endpoint holds only the read-only `id`: an empty `{}` would say nothing, so it is left out.
    assert_eq!(
        read.to_request_json().expect("request JSON"),
        json!({
            "etag": "\"00000000-0000-0000-0000-000000000000\"",
            "properties": {
                "connectionState": { "status": "Pending", "description": "" }
            }
        })
    );
}
