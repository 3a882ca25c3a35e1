//! One interface for the private endpoint connections of Key Vault vaults, AKS managed
//! clusters and Batch accounts: list them with their status, approve or reject one, delete one.
//!
//! Hand-written, over the generated clients. The providers differ, and the differences stay
//! in this module's small adapters (`key_vault.rs`, `container_service.rs`, `batch.rs`):
//!
//! | | Key Vault | AKS | Batch |
//! |---|---|---|---|
//! | list | paged | one page | paged |
//! | approve / reject | `PUT`, the `etag` in the body | `PUT` | `PATCH` with `If-Match`, long-running |
//! | delete | long-running | long-running | long-running |
//!
//! Each adapter names its module's client calls and little else: the connection is read from
//! the JSON every ARM provider returns for one, and the new state is written as that JSON too,
//! so the adapters do not depend on the models' Rust shapes. When a provider ships a new
//! api-version, regenerate its module; at most its adapter needs a small edit, where a client
//! method was renamed or changed its arguments.
//!
//! ```no_run
//! use azure_arm_private_endpoints::ResourceId;
//! use azure_arm_private_endpoints::connections::{ConnectionStatus, Connections};
//!
//! # async fn example() -> azure_core::Result<()> {
//! let credential = azure_identity::DeveloperToolsCredential::new(None)?;
//! let connections = Connections::new(credential, None);
//!
//! let vault: ResourceId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg\
//!     /providers/Microsoft.KeyVault/vaults/kv"
//!     .parse()?;
//! for connection in connections.list(&vault).await? {
//!     if connection.status == Some(ConnectionStatus::Pending) {
//!         connections
//!             .approve(&connection.id, Some("approved by the platform team"))
//!             .await?;
//!     }
//! }
//! # Ok(())
//! # }
//! ```

mod batch;
mod container_service;
mod key_vault;
pub mod tool;

use crate::ArmClientOptions;
use crate::runtime::{InvalidResourceId, ResourceId};
use azure_core::credentials::TokenCredential;
use azure_core::error::{Error, ErrorKind};
use azure_core::time::Duration;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// The child type of a private endpoint connection, under each provider's resource type.
const CONNECTION_TYPE: &str = "privateEndpointConnections";

/// A resource provider whose private endpoint connections this module manages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Provider {
    /// `Microsoft.ContainerService/managedClusters`, the [`container_service`](crate::container_service) module.
    ContainerService,
    /// `Microsoft.KeyVault/vaults`, the [`key_vault`](crate::key_vault) module.
    KeyVault,
    /// `Microsoft.Batch/batchAccounts`, the [`batch`](crate::batch) module.
    Batch,
}

impl Provider {
    /// Every provider, in the order the error messages list them.
    pub const ALL: [Provider; 3] = [
        Provider::KeyVault,
        Provider::ContainerService,
        Provider::Batch,
    ];

    /// The type of the resource that has the connections: `Microsoft.KeyVault/vaults`.
    pub fn resource_type(self) -> &'static str {
        match self {
            Provider::ContainerService => "Microsoft.ContainerService/managedClusters",
            Provider::KeyVault => "Microsoft.KeyVault/vaults",
            Provider::Batch => "Microsoft.Batch/batchAccounts",
        }
    }

    /// The provider of a vault, managed cluster or Batch account id.
    pub fn of_resource(id: &ResourceId) -> Option<Provider> {
        Provider::ALL
            .into_iter()
            .find(|p| id.has_type(p.resource_type()))
    }

    /// The provider of a private endpoint connection id.
    pub fn of_connection(id: &ResourceId) -> Option<Provider> {
        Provider::ALL
            .into_iter()
            .find(|p| id.has_type(&format!("{}/{CONNECTION_TYPE}", p.resource_type())))
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.resource_type())
    }
}

/// A vault, managed cluster or Batch account id: what [`Connections::list`] takes, with its
/// parts checked once.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResourceRef {
    id: ResourceId,
    provider: Provider,
}

impl ResourceRef {
    /// Checks that `id` is a resource of one of the [`Provider`]s, in a resource group.
    pub fn new(id: ResourceId) -> Result<Self, UnsupportedResource> {
        match Provider::of_resource(&id) {
            Some(provider) if in_resource_group(id.parent()) => Ok(ResourceRef { id, provider }),
            _ => Err(UnsupportedResource::new(&id, Expected::Resource)),
        }
    }

    /// The provider, which decides the client.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The subscription, the argument of the client's `new`.
    pub fn subscription(&self) -> &str {
        self.id.subscription().unwrap_or_default()
    }

    /// The resource group.
    pub fn resource_group(&self) -> &str {
        self.id.resource_group().unwrap_or_default()
    }

    /// The vault, cluster or account name.
    pub fn name(&self) -> &str {
        self.id.name()
    }

    /// The id.
    pub fn id(&self) -> &ResourceId {
        &self.id
    }

    /// The id of its connection `name`.
    pub fn connection(&self, name: &str) -> Result<ConnectionId, InvalidResourceId> {
        let id = self.id.child(CONNECTION_TYPE, name)?;
        Ok(ConnectionId {
            id,
            provider: self.provider,
        })
    }
}

/// A private endpoint connection id of one of the [`Provider`]s, with its parts checked once:
/// everything a client call needs, without splitting strings.
///
/// ```
/// use azure_arm_private_endpoints::connections::{ConnectionId, Provider};
///
/// let id: ConnectionId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg\
///     /providers/Microsoft.Batch/batchAccounts/acct/privateEndpointConnections/pe.1"
///     .parse()?;
/// assert_eq!(id.provider(), Provider::Batch);
/// assert_eq!(
///     (id.resource_group(), id.resource_name(), id.name()),
///     ("rg", "acct", "pe.1")
/// );
/// // These are the arguments of the provider's client:
/// // batch::PrivateEndpointConnectionClient::new(id.subscription(), credential, None)?
/// //     .get(id.resource_group(), id.resource_name(), id.name(), None)
/// # Ok::<(), azure_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConnectionId {
    id: ResourceId,
    provider: Provider,
}

impl ConnectionId {
    /// Checks that `id` is a private endpoint connection of one of the [`Provider`]s, in a
    /// resource group.
    pub fn new(id: ResourceId) -> Result<Self, UnsupportedResource> {
        match Provider::of_connection(&id) {
            Some(provider) if in_resource_group(id.parent().and_then(|p| p.parent())) => {
                Ok(ConnectionId { id, provider })
            }
            _ => Err(UnsupportedResource::new(&id, Expected::Connection)),
        }
    }

    /// The provider, which decides the client.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The subscription, the argument of the client's `new`.
    pub fn subscription(&self) -> &str {
        self.id.subscription().unwrap_or_default()
    }

    /// The resource group.
    pub fn resource_group(&self) -> &str {
        self.id.resource_group().unwrap_or_default()
    }

    /// The name of the vault, cluster or account that has the connection.
    pub fn resource_name(&self) -> &str {
        &self.id.names()[0]
    }

    /// The connection's name.
    pub fn name(&self) -> &str {
        self.id.name()
    }

    /// The vault, cluster or account that has the connection.
    pub fn resource(&self) -> ResourceRef {
        ResourceRef {
            id: self.id.parent().expect("a connection id has a parent"),
            provider: self.provider,
        }
    }

    /// The id.
    pub fn id(&self) -> &ResourceId {
        &self.id
    }
}

impl fmt::Display for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.id.fmt(f)
    }
}

impl AsRef<ResourceId> for ConnectionId {
    fn as_ref(&self) -> &ResourceId {
        &self.id
    }
}

impl AsRef<ResourceId> for ResourceRef {
    fn as_ref(&self) -> &ResourceId {
        &self.id
    }
}

impl fmt::Display for ResourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.id.fmt(f)
    }
}

/// Parses and checks a connection id: a malformed id is an [`InvalidResourceId`], another
/// type an [`UnsupportedResource`], both inside a `DataConversion` error.
impl FromStr for ConnectionId {
    type Err = Error;

    fn from_str(id: &str) -> azure_core::Result<Self> {
        Ok(ConnectionId::new(id.parse()?)?)
    }
}

/// Parses and checks a resource id, like [`ConnectionId`]'s `from_str`.
impl FromStr for ResourceRef {
    type Err = Error;

    fn from_str(id: &str) -> azure_core::Result<Self> {
        Ok(ResourceRef::new(id.parse()?)?)
    }
}

/// Whether `id` is a resource group: the parent a vault, cluster or account must have (an
/// extension resource of the same type, under another resource, has no client here).
fn in_resource_group(id: Option<ResourceId>) -> bool {
    id.is_some_and(|id| id.resource_group().is_some() && id.resource_types().is_empty())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expected {
    Resource,
    Connection,
}

/// A well-formed resource id of a type this module does not manage: not a vault, managed
/// cluster or Batch account (or not a connection of one), or not directly in a resource group.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnsupportedResource {
    /// The id, as given.
    pub id: String,
    /// Its type, `{Namespace}/{type}...` (`Microsoft.Resources/resourceGroups` for a resource
    /// group).
    pub resource_type: String,
    /// What was expected instead.
    pub expected: String,
}

impl UnsupportedResource {
    fn new(id: &ResourceId, expected: Expected) -> Self {
        let resource_type = match (id.provider_namespace(), id.resource_type()) {
            (Some(namespace), Some(types)) => format!("{namespace}/{types}"),
            // ARM's own names of these types.
            _ if id.resource_group().is_some() => "Microsoft.Resources/resourceGroups".to_string(),
            _ => "Microsoft.Resources/subscriptions".to_string(),
        };
        let types = Provider::ALL.map(|p| match expected {
            Expected::Resource => format!("`{}`", p.resource_type()),
            Expected::Connection => format!("`{}/{CONNECTION_TYPE}`", p.resource_type()),
        });
        let what = match expected {
            Expected::Resource => "a vault, managed cluster or Batch account",
            Expected::Connection => "a private endpoint connection",
        };
        UnsupportedResource {
            id: id.to_string(),
            resource_type,
            expected: format!("{what} ({}) directly in a resource group", types.join(", ")),
        }
    }
}

impl fmt::Display for UnsupportedResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: its type is `{}`, expected {}",
            self.id, self.resource_type, self.expected
        )
    }
}

impl std::error::Error for UnsupportedResource {}

/// A `DataConversion` error: the id was refused before anything was sent.
impl From<UnsupportedResource> for Error {
    fn from(unsupported: UnsupportedResource) -> Self {
        let message = unsupported.to_string();
        Error::with_error(ErrorKind::DataConversion, unsupported, message)
    }
}

/// The state of a private endpoint connection, as every provider spells it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConnectionStatus {
    /// Waiting for the resource owner to approve or reject it.
    Pending,
    /// Approved: the private endpoint can reach the resource.
    Approved,
    /// Rejected.
    Rejected,
    /// Disconnected by the resource owner, or the private endpoint is gone.
    Disconnected,
    /// A value none of the above, as the service sent it.
    Other(String),
}

impl ConnectionStatus {
    /// The value on the wire (`Approved`).
    pub fn as_str(&self) -> &str {
        match self {
            ConnectionStatus::Pending => "Pending",
            ConnectionStatus::Approved => "Approved",
            ConnectionStatus::Rejected => "Rejected",
            ConnectionStatus::Disconnected => "Disconnected",
            ConnectionStatus::Other(value) => value,
        }
    }

    /// Reads a wire value, in any case, as ARM compares them.
    pub fn from_wire(value: &str) -> Self {
        [
            ConnectionStatus::Pending,
            ConnectionStatus::Approved,
            ConnectionStatus::Rejected,
            ConnectionStatus::Disconnected,
        ]
        .into_iter()
        .find(|known| known.as_str().eq_ignore_ascii_case(value))
        .unwrap_or_else(|| ConnectionStatus::Other(value.to_string()))
    }
}

impl fmt::Display for ConnectionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A private endpoint connection, as any of the providers reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Connection {
    /// Its id: pass it to [`Connections::approve`], [`Connections::reject`] or
    /// [`Connections::delete`].
    pub id: ConnectionId,
    /// Its state; `None` if the service left it out.
    pub status: Option<ConnectionStatus>,
    /// The reason given with the state, if any.
    pub description: Option<String>,
    /// What the private endpoint's owner must do, if anything (Key Vault's `actionsRequired`,
    /// Batch's `actionRequired`).
    pub actions_required: Option<String>,
    /// The private endpoint's id, as the service sent it.
    pub private_endpoint: Option<String>,
    /// The connection's `provisioningState`, if the service sent one.
    pub provisioning_state: Option<String>,
}

impl Connection {
    /// Reads a connection from a provider's model, through the JSON all three providers share
    /// for it. `resource` is the resource it belongs to: the connection's id is the one in the
    /// body when that is a connection id of the same provider, else built from its `name`.
    fn from_model(model: &impl Serialize, resource: &ResourceRef) -> azure_core::Result<Self> {
        let json = serde_json::to_value(model)?;
        let text = |value: &Value| value.as_str().map(str::to_string);
        let properties = &json["properties"];
        let state = &properties["privateLinkServiceConnectionState"];
        let id = match text(&json["id"]).map(|id| id.parse::<ConnectionId>()) {
            Some(Ok(id)) if id.provider == resource.provider => id,
            _ => {
                let name = text(&json["name"]).ok_or_else(|| {
                    Error::with_message(
                        ErrorKind::DataConversion,
                        format!(
                            "a private endpoint connection of {resource} has neither a usable `id` nor a `name`"
                        ),
                    )
                })?;
                resource.connection(&name)?
            }
        };
        Ok(Connection {
            id,
            status: text(&state["status"]).map(|s| ConnectionStatus::from_wire(&s)),
            description: text(&state["description"]),
            actions_required: text(&state["actionsRequired"])
                .or_else(|| text(&state["actionRequired"])),
            private_endpoint: text(&properties["privateEndpoint"]["id"]),
            provisioning_state: text(&properties["provisioningState"]),
        })
    }
}

/// The new state of a connection, as [`Connections::approve`] and [`Connections::reject`]
/// write it.
#[derive(Clone, Debug)]
struct NewState<'a> {
    status: ConnectionStatus,
    description: Option<&'a str>,
}

impl NewState<'_> {
    /// A provider's connection model carrying only this state (and `etag`, for a provider
    /// that takes it in the body): the JSON all three providers read for it.
    fn body<T: DeserializeOwned>(&self, etag: Option<&str>) -> azure_core::Result<T> {
        let mut state = json!({ "status": self.status.as_str() });
        if let Some(description) = self.description {
            state["description"] = description.into();
        }
        let mut body = json!({ "properties": { "privateLinkServiceConnectionState": state } });
        if let Some(etag) = etag {
            body["etag"] = etag.into();
        }
        Ok(serde_json::from_value(body)?)
    }
}

/// The etag of a connection model (Key Vault and Batch send one; AKS does not).
fn etag_of(model: &impl Serialize) -> azure_core::Result<Option<String>> {
    let json = serde_json::to_value(model)?;
    Ok(json["etag"].as_str().map(str::to_string))
}

/// The `azure_core::Error` for a connection that does not exist, answered without an error
/// status (Key Vault's `Get` answers 204 No Content): read as the 404 other services send.
fn not_found(id: &ConnectionId, answered: &str) -> Error {
    Error::with_message(
        ErrorKind::HttpResponse {
            status: azure_core::http::StatusCode::NotFound,
            error_code: Some("NotFound".to_string()),
            raw_response: None,
        },
        format!("no private endpoint connection {id}: the service answered {answered}"),
    )
}

/// The private endpoint connections of vaults, managed clusters and Batch accounts, through
/// one interface.
///
/// Each method takes the id as a [`ResourceId`], or as the [`ConnectionId`] (or [`ResourceRef`])
/// that this module gives back.
///
/// Each call creates the provider's client for the id's subscription, with these options:
/// the cloud, the endpoint and azure_core's pipeline options apply to every provider. Leave
/// `api_version` unset: each provider has its own.
#[derive(Clone, Debug)]
pub struct Connections {
    credential: Arc<dyn TokenCredential>,
    options: ArmClientOptions,
    poll_frequency: Option<Duration>,
}

impl Connections {
    /// Uses `credential` for every provider; `options` as for any client of this crate.
    pub fn new(credential: Arc<dyn TokenCredential>, options: Option<ArmClientOptions>) -> Self {
        Connections {
            credential,
            options: options.unwrap_or_default(),
            poll_frequency: None,
        }
    }

    /// How long a long-running call waits between polls when the service sends no
    /// `Retry-After` (azure_core's 30 seconds unless set; at least one second).
    pub fn with_poll_frequency(mut self, frequency: Duration) -> Self {
        self.poll_frequency = Some(frequency);
        self
    }

    /// The connections of a vault, managed cluster or Batch account, every page of them.
    ///
    /// # Errors
    ///
    /// Another type of resource is refused before anything is sent ([`UnsupportedResource`]);
    /// a missing resource is the service's 404 (an `ErrorKind::HttpResponse` error).
    pub async fn list(
        &self,
        resource: impl AsRef<ResourceId>,
    ) -> azure_core::Result<Vec<Connection>> {
        let resource = ResourceRef::new(resource.as_ref().clone())?;
        match resource.provider {
            Provider::ContainerService => container_service::list(self, &resource).await,
            Provider::KeyVault => key_vault::list(self, &resource).await,
            Provider::Batch => batch::list(self, &resource).await,
        }
    }

    /// One connection.
    pub async fn get(&self, connection: impl AsRef<ResourceId>) -> azure_core::Result<Connection> {
        let connection = ConnectionId::new(connection.as_ref().clone())?;
        match connection.provider {
            Provider::ContainerService => container_service::get(self, &connection).await,
            Provider::KeyVault => key_vault::get(self, &connection).await,
            Provider::Batch => batch::get(self, &connection).await,
        }
    }

    /// Approves a connection, with an optional reason, and gives it as the service then
    /// reports it.
    pub async fn approve(
        &self,
        connection: impl AsRef<ResourceId>,
        description: Option<&str>,
    ) -> azure_core::Result<Connection> {
        self.set_status(connection, ConnectionStatus::Approved, description)
            .await
    }

    /// Rejects a connection, with an optional reason.
    pub async fn reject(
        &self,
        connection: impl AsRef<ResourceId>,
        description: Option<&str>,
    ) -> azure_core::Result<Connection> {
        self.set_status(connection, ConnectionStatus::Rejected, description)
            .await
    }

    /// Sets a connection's status (the service decides which changes it accepts), with an
    /// optional reason. Key Vault and Batch are sent the etag just read, so that a change made
    /// meanwhile by someone else is refused (412) rather than overwritten.
    pub async fn set_status(
        &self,
        connection: impl AsRef<ResourceId>,
        status: ConnectionStatus,
        description: Option<&str>,
    ) -> azure_core::Result<Connection> {
        let connection = ConnectionId::new(connection.as_ref().clone())?;
        let state = NewState {
            status,
            description,
        };
        match connection.provider {
            Provider::ContainerService => {
                container_service::set_state(self, &connection, &state).await
            }
            Provider::KeyVault => key_vault::set_state(self, &connection, &state).await,
            Provider::Batch => batch::set_state(self, &connection, &state).await,
        }
    }

    /// Deletes a connection, and waits until the service has.
    ///
    /// # Errors
    ///
    /// A long-running delete that ends `Failed` or `Canceled` is an error carrying the
    /// service's error detail.
    pub async fn delete(&self, connection: impl AsRef<ResourceId>) -> azure_core::Result<()> {
        let connection = ConnectionId::new(connection.as_ref().clone())?;
        match connection.provider {
            Provider::ContainerService => container_service::delete(self, &connection).await,
            Provider::KeyVault => key_vault::delete(self, &connection).await,
            Provider::Batch => batch::delete(self, &connection).await,
        }
    }

    fn credential(&self) -> Arc<dyn TokenCredential> {
        self.credential.clone()
    }

    fn options(&self) -> Option<ArmClientOptions> {
        Some(self.options.clone())
    }

    /// The poller options of a long-running call.
    fn poller_options(&self) -> azure_core::http::poller::PollerOptions<'static> {
        let mut options = azure_core::http::poller::PollerOptions::default();
        if let Some(frequency) = self.poll_frequency {
            options.frequency = frequency;
        }
        options
    }
}
