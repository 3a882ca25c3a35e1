//! Values and recorders shared by the hand-written runtime tests. They use the test-only
//! fixture service (`specs/fixture/`, the `fixture` module behind the `test-fixture` feature),
//! never a production module, so a new api-version of a real provider cannot break them.

use super::Server;
use azure_arm_private_endpoints::fixture::{ItemsClient, models};
use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use azure_core::http::policies::{Policy, PolicyResult};
use azure_core::http::{Context, Request};
use serde_json::json;
use std::sync::{Arc, Mutex};

pub const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";
/// The item the tests address: subscription `subid`, resource group `rg`, account `acct`.
pub const ITEM_PATH: &str =
    "/subscriptions/subid/resourceGroups/rg/providers/Contoso.Fixture/accounts/acct/items/item";
pub const OPERATION_URL: &str =
    "https://management.azure.com/subscriptions/subid/providers/Contoso.Fixture/operations/op1";

/// The item at `ITEM_PATH` with the given `provisioningState`.
pub fn item_in(state: &str) -> serde_json::Value {
    json!({
        "id": ITEM_PATH,
        "name": "item",
        "properties": {
            "provisioningState": state,
            "connectionState": { "status": "Approved" }
        }
    })
}

/// The item at `ITEM_PATH`, provisioned.
pub fn item() -> serde_json::Value {
    item_in("Succeeded")
}

/// A fixture client for subscription `subid` that sends to `server`.
pub fn client(server: &Server) -> ItemsClient {
    ItemsClient::new("subid", super::credential(), Some(server.options())).expect("client")
}

/// A request body that approves the item.
pub fn approve() -> models::Item {
    let mut state = models::ConnectionState::default();
    state.status = Some(models::ConnectionStatus::Approved);
    let mut properties = models::ItemProperties::default();
    properties.connection_state = Some(state);
    let mut body = models::Item::default();
    body.properties = Some(properties);
    body
}

/// A credential that records the scopes asked for.
#[derive(Debug, Default)]
pub struct ScopeRecorder(pub Mutex<Vec<String>>);

#[async_trait::async_trait]
impl TokenCredential for ScopeRecorder {
    async fn get_token(
        &self,
        scopes: &[&str],
        _: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        self.0
            .lock()
            .expect("lock")
            .extend(scopes.iter().map(|s| s.to_string()));
        Ok(AccessToken::new(
            Secret::new("t"),
            azure_core::time::OffsetDateTime::now_utc() + azure_core::time::Duration::hours(1),
        ))
    }
}

/// A policy that records the URL each request is addressed to before the transport.
#[derive(Debug, Default)]
pub struct UrlRecorder(pub Mutex<Vec<String>>);

#[async_trait::async_trait]
impl Policy for UrlRecorder {
    async fn send(
        &self,
        ctx: &Context,
        request: &mut Request,
        next: &[Arc<dyn Policy>],
    ) -> PolicyResult {
        self.0.lock().expect("lock").push(request.url().to_string());
        next[0].send(ctx, request, &next[1..]).await
    }
}
