//! Values and recorders shared by the hand-written runtime tests.

use super::Server;
use azure_arm_private_endpoints::batch::{self, PrivateEndpointConnectionClient};
use azure_arm_private_endpoints::container_service;
use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use azure_core::http::policies::{Policy, PolicyResult};
use azure_core::http::{Context, Request};
use serde_json::json;
use std::sync::{Arc, Mutex};

pub const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";
pub const BATCH_PATH: &str = "/subscriptions/subid/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct/privateEndpointConnections/pec";
pub const OPERATION_URL: &str =
    "https://management.azure.com/subscriptions/subid/providers/Microsoft.Batch/operations/op1";

/// The Batch connection at `BATCH_PATH` with the given `provisioningState`.
pub fn connection_in(state: &str) -> serde_json::Value {
    json!({
        "id": BATCH_PATH,
        "name": "pec",
        "properties": {
            "provisioningState": state,
            "privateLinkServiceConnectionState": { "status": "Approved" }
        }
    })
}

/// The Batch connection at `BATCH_PATH`, provisioned.
pub fn connection() -> serde_json::Value {
    connection_in("Succeeded")
}

/// A Batch client that sends to `server`.
pub fn batch_client(server: &Server) -> PrivateEndpointConnectionClient {
    PrivateEndpointConnectionClient::new("subid", super::credential(), Some(server.options()))
        .expect("client")
}

/// A Batch update that approves the connection.
pub fn approve() -> batch::models::PrivateEndpointConnection {
    let state = batch::models::PrivateLinkServiceConnectionState::new(
        batch::models::PrivateLinkServiceConnectionStatus::Approved,
    );
    let mut properties = batch::models::PrivateEndpointConnectionProperties::default();
    properties.private_link_service_connection_state = Some(state);
    let mut body = batch::models::PrivateEndpointConnection::default();
    body.properties = Some(properties);
    body
}

/// An AKS update that approves the connection.
pub fn aks_body() -> container_service::models::PrivateEndpointConnection {
    let mut state = container_service::models::PrivateLinkServiceConnectionState::default();
    state.status = Some(container_service::models::ConnectionStatus::Approved);
    let mut body = container_service::models::PrivateEndpointConnection::default();
    body.properties =
        Some(container_service::models::PrivateEndpointConnectionProperties::new(state));
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
