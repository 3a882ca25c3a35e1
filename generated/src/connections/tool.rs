//! The logic of the `private_endpoints` example tool: one function per command, writing to
//! any writer, and the messages its errors read as. The example only parses the command line
//! (clap) and makes the credential, so everything here is tested over loopback.

use super::{Connection, ConnectionStatus, Connections, UnsupportedResource};
use crate::runtime::{InvalidParameter, InvalidResourceId, ResourceId, ServiceError};
use azure_core::error::{Error, ErrorKind};
use azure_core::http::StatusCode;
use std::io::Write;

/// A command of the tool, with its arguments parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Lists the connections of a vault, managed cluster or Batch account.
    List {
        /// The resource's id.
        resource: ResourceId,
    },
    /// Approves a connection.
    Approve {
        /// The connection's id.
        connection: ResourceId,
        /// The reason, if any.
        description: Option<String>,
    },
    /// Rejects a connection.
    Reject {
        /// The connection's id.
        connection: ResourceId,
        /// The reason, if any.
        description: Option<String>,
    },
    /// Deletes a connection.
    Delete {
        /// The connection's id.
        connection: ResourceId,
    },
}

/// Runs `command` and writes what it did to `out`: for `list`, one block per connection
/// (status and id, then its description and private endpoint); for the others, one line.
///
/// A failure is returned for [`explain`] to word; nothing is written for it.
pub async fn run(
    command: &Command,
    connections: &Connections,
    out: &mut impl Write,
) -> azure_core::Result<()> {
    match command {
        Command::List { resource } => {
            let found = connections.list(resource).await?;
            if found.is_empty() {
                writeln!(out, "{resource} has no private endpoint connections")?;
            }
            for connection in &found {
                write_connection(out, connection)?;
            }
        }
        Command::Approve {
            connection,
            description,
        } => {
            let updated = connections
                .approve(connection, description.as_deref())
                .await?;
            write_outcome(out, "approved", &updated)?;
        }
        Command::Reject {
            connection,
            description,
        } => {
            let updated = connections
                .reject(connection, description.as_deref())
                .await?;
            write_outcome(out, "rejected", &updated)?;
        }
        Command::Delete { connection } => {
            connections.delete(connection).await?;
            writeln!(out, "deleted {connection}")?;
        }
    }
    Ok(())
}

fn write_connection(out: &mut impl Write, connection: &Connection) -> std::io::Result<()> {
    let status = connection
        .status
        .as_ref()
        .map_or("(no status)", ConnectionStatus::as_str);
    writeln!(out, "{status:<12} {}", connection.id)?;
    if let Some(description) = &connection.description {
        writeln!(out, "{:12}   description: {description}", "")?;
    }
    if let Some(endpoint) = &connection.private_endpoint {
        writeln!(out, "{:12}   private endpoint: {endpoint}", "")?;
    }
    if let Some(actions) = connection
        .actions_required
        .as_deref()
        .filter(|a| *a != "None")
    {
        writeln!(out, "{:12}   actions required: {actions}", "")?;
    }
    Ok(())
}

fn write_outcome(out: &mut impl Write, done: &str, connection: &Connection) -> std::io::Result<()> {
    let status = connection
        .status
        .as_ref()
        .map_or("(no status)", ConnectionStatus::as_str);
    write!(out, "{done} {}: status {status}", connection.id)?;
    match &connection.provisioning_state {
        Some(state) => writeln!(out, ", provisioning {state}"),
        None => writeln!(out),
    }
}

/// What the tool prints for an error, in one or two sentences: the id problem, the missing
/// resource, the refused authorization (with what to check), the failed operation (with the
/// service's code and message), or azure_core's own message.
pub fn explain(error: &Error) -> String {
    if let Some(invalid) = error.downcast_ref::<InvalidResourceId>() {
        return format!("error: {invalid}");
    }
    if let Some(unsupported) = error.downcast_ref::<UnsupportedResource>() {
        return format!("error: {unsupported}");
    }
    if let Some(invalid) = error.downcast_ref::<InvalidParameter>() {
        return format!("error: the id has a name the service does not accept: {invalid}");
    }
    let detail = service_detail(error);
    match error.kind() {
        ErrorKind::HttpResponse { status, .. } if *status == StatusCode::NotFound => {
            format!("error: not found (404){}", detail.unwrap_or_default())
        }
        ErrorKind::HttpResponse { status, .. }
            if *status == StatusCode::Unauthorized || *status == StatusCode::Forbidden =>
        {
            format!(
                "error: not authorized ({}){}\n\
                 Check that you are signed in to the right tenant (`az login`) and that your \
                 account has a role allowing this on the resource (for example Contributor).",
                u16::from(*status),
                detail.unwrap_or_default()
            )
        }
        ErrorKind::HttpResponse { status, .. } => format!(
            "error: the service answered {}{}",
            u16::from(*status),
            detail.unwrap_or_default()
        ),
        ErrorKind::Credential => format!(
            "error: no token: {error}\nSign in with `az login` (or `azd auth login`) first."
        ),
        // Among others, a long-running operation that ended `Failed` or `Canceled`: its
        // message says so, with the service's code and message.
        _ => format!("error: {error}"),
    }
}

/// `: code: message (request id ...)` from whichever module's service error `error` carries.
fn service_detail(error: &Error) -> Option<String> {
    fn detail(error: &impl ServiceError) -> String {
        let mut text = String::new();
        match (error.code(), error.message()) {
            (Some(code), Some(message)) => text.push_str(&format!(": {code}: {message}")),
            (Some(one), None) | (None, Some(one)) => text.push_str(&format!(": {one}")),
            (None, None) => {}
        }
        if let Some(request_id) = error.request_id() {
            text.push_str(&format!(" (request id {request_id})"));
        }
        text
    }
    if let Some(e) = error.downcast_ref::<crate::key_vault::ServiceError>() {
        return Some(detail(e));
    }
    if let Some(e) = error.downcast_ref::<crate::container_service::ServiceError>() {
        return Some(detail(e));
    }
    if let Some(e) = error.downcast_ref::<crate::batch::ServiceError>() {
        return Some(detail(e));
    }
    None
}
