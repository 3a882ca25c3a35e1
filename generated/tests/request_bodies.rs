//! Hand-written tests of what the models put in a request body, on the GET → change → PUT
//! path: the caller sends back what the service returned, with one property changed.

use azure_arm_private_endpoints::key_vault::models;
use serde_json::json;

#[test]
fn a_resource_read_back_sends_only_its_writable_properties() {
    let read: models::PrivateEndpointConnection = serde_json::from_value(json!({
        "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v/privateEndpointConnections/pec",
        "name": "pec",
        "type": "Microsoft.KeyVault/vaults/privateEndpointConnections",
        "location": "westus",
        "etag": "\"00000000-0000-0000-0000-000000000000\"",
        "properties": {
            "provisioningState": "Succeeded",
            "privateEndpoint": { "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe" },
            "privateLinkServiceConnectionState": { "status": "Pending", "description": "", "actionsRequired": "None" }
        }
    }))
    .expect("a Key Vault connection");
    // privateEndpoint holds only the read-only `id`: an empty `{}` would say nothing, so it is left out.
    assert_eq!(
        read.to_request_json().expect("request JSON"),
        json!({
            "etag": "\"00000000-0000-0000-0000-000000000000\"",
            "properties": {
                "privateLinkServiceConnectionState": { "status": "Pending", "description": "", "actionsRequired": "None" }
            }
        })
    );
}
