//! Key Vault: a paged list, `PUT` with the `etag` in the body (not long-running), a
//! long-running delete, and a `Get` that answers 204 for a connection that does not exist.

use super::{Connection, ConnectionId, Connections, NewState, ResourceRef, etag_of, not_found};
use crate::key_vault::{
    PrivateEndpointConnectionsClient as Client, PrivateEndpointConnectionsClientDeleteOptions,
    PrivateEndpointConnectionsClientGetOutcome as GetOutcome, models,
};
use futures::TryStreamExt;

fn client(connections: &Connections, subscription: &str) -> azure_core::Result<Client> {
    Client::new(
        subscription,
        connections.credential(),
        connections.options(),
    )
}

pub(super) async fn list(
    connections: &Connections,
    resource: &ResourceRef,
) -> azure_core::Result<Vec<Connection>> {
    let pager = client(connections, resource.subscription())?.list_by_resource(
        resource.resource_group(),
        resource.name(),
        None,
    )?;
    let models: Vec<models::PrivateEndpointConnection> = pager.try_collect().await?;
    models
        .iter()
        .map(|model| Connection::from_model(model, resource))
        .collect()
}

async fn get_model(
    client: &Client,
    id: &ConnectionId,
) -> azure_core::Result<models::PrivateEndpointConnection> {
    match client
        .get(id.resource_group(), id.resource_name(), id.name(), None)
        .await?
    {
        GetOutcome::Ok { body, .. } => Ok(body),
        GetOutcome::NoContent { .. } => Err(not_found(id, "204 No Content")),
    }
}

pub(super) async fn get(
    connections: &Connections,
    id: &ConnectionId,
) -> azure_core::Result<Connection> {
    let client = client(connections, id.subscription())?;
    Connection::from_model(&get_model(&client, id).await?, &id.resource())
}

/// Reads the etag, then puts the new state with it.
pub(super) async fn set_state(
    connections: &Connections,
    id: &ConnectionId,
    state: &NewState<'_>,
) -> azure_core::Result<Connection> {
    let client = client(connections, id.subscription())?;
    let etag = etag_of(&get_model(&client, id).await?)?;
    let body: models::PrivateEndpointConnection = state.body(etag.as_deref())?;
    let updated = client
        .put(
            id.resource_group(),
            id.resource_name(),
            id.name(),
            &body,
            None,
        )
        .await?
        .into_model()?;
    Connection::from_model(&updated, &id.resource())
}

pub(super) async fn delete(connections: &Connections, id: &ConnectionId) -> azure_core::Result<()> {
    let options = PrivateEndpointConnectionsClientDeleteOptions {
        method_options: connections.poller_options(),
    };
    client(connections, id.subscription())?
        .begin_delete(
            id.resource_group(),
            id.resource_name(),
            id.name(),
            Some(options),
        )?
        .await?;
    Ok(())
}
