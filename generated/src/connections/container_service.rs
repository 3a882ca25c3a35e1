//! AKS: the list is one page, the new state is `PUT` without an etag, the delete is
//! long-running.

use super::{Connection, ConnectionId, Connections, NewState, ResourceRef};
use crate::container_service::{
    PrivateEndpointConnectionsClient as Client, PrivateEndpointConnectionsClientDeleteOptions,
    models,
};

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
    let page = client(connections, resource.subscription())?
        .list(resource.resource_group(), resource.name(), None)
        .await?
        .into_model()?;
    page.value
        .unwrap_or_default()
        .iter()
        .map(|model| Connection::from_model(model, resource))
        .collect()
}

pub(super) async fn get(
    connections: &Connections,
    id: &ConnectionId,
) -> azure_core::Result<Connection> {
    let model = client(connections, id.subscription())?
        .get(id.resource_group(), id.resource_name(), id.name(), None)
        .await?
        .into_model()?;
    Connection::from_model(&model, &id.resource())
}

/// AKS takes no etag: the state is put as it is.
pub(super) async fn set_state(
    connections: &Connections,
    id: &ConnectionId,
    state: &NewState<'_>,
) -> azure_core::Result<Connection> {
    let body: models::PrivateEndpointConnection = state.body(None)?;
    let updated = client(connections, id.subscription())?
        .update(
            id.resource_group(),
            id.resource_name(),
            id.name(),
            &body,
            None,
        )
        .await?
        .into_body();
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
