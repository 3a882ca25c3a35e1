//! Batch: a paged list, a long-running `PATCH` with `If-Match`, a long-running delete.

use super::{Connection, ConnectionId, Connections, NewState, ResourceRef, etag_of};
use crate::batch::{
    PrivateEndpointConnectionClient as Client, PrivateEndpointConnectionClientDeleteOptions,
    PrivateEndpointConnectionClientUpdateOptions, models,
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
    let pager = client(connections, resource.subscription())?.list_by_batch_account(
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
    client
        .get(id.resource_group(), id.resource_name(), id.name(), None)
        .await?
        .into_model()
}

pub(super) async fn get(
    connections: &Connections,
    id: &ConnectionId,
) -> azure_core::Result<Connection> {
    let client = client(connections, id.subscription())?;
    Connection::from_model(&get_model(&client, id).await?, &id.resource())
}

/// Reads the etag, patches the state with `If-Match`, and waits for the operation. A final
/// 204 carries no connection, so it is read again.
pub(super) async fn set_state(
    connections: &Connections,
    id: &ConnectionId,
    state: &NewState<'_>,
) -> azure_core::Result<Connection> {
    let client = client(connections, id.subscription())?;
    let if_match = etag_of(&get_model(&client, id).await?)?;
    let body: models::PrivateEndpointConnection = state.body(None)?;
    let options = PrivateEndpointConnectionClientUpdateOptions {
        method_options: connections.poller_options(),
        if_match,
    };
    let updated = client
        .begin_update(
            id.resource_group(),
            id.resource_name(),
            id.name(),
            &body,
            Some(options),
        )?
        .await?
        .into_model()?;
    let updated = match updated {
        Some(updated) => updated,
        None => get_model(&client, id).await?,
    };
    Connection::from_model(&updated, &id.resource())
}

pub(super) async fn delete(connections: &Connections, id: &ConnectionId) -> azure_core::Result<()> {
    let options = PrivateEndpointConnectionClientDeleteOptions {
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
