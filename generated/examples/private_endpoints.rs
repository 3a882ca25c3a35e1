//! Lists, approves, rejects and deletes the private endpoint connections of Key Vault vaults,
//! AKS managed clusters and Batch accounts.
//!
//! ```sh
//! cargo run -p azure_arm_private_endpoints --example private_endpoints -- --help
//! cargo run -p azure_arm_private_endpoints --example private_endpoints -- \
//!     list /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>
//! ```
//!
//! It signs in with azure_identity's `DeveloperToolsCredential` (the Azure CLI's or the Azure
//! Developer CLI's login). The command line is parsed here; what the commands do is
//! `azure_arm_private_endpoints::connections::tool`, tested over loopback.

use azure_arm_private_endpoints::ArmClientOptions;
use azure_arm_private_endpoints::ResourceId;
use azure_arm_private_endpoints::connections::Connections;
use azure_arm_private_endpoints::connections::tool::{self, Command};
use azure_core::cloud::CloudConfiguration;
use azure_core::http::Url;
use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;
use std::sync::Arc;

/// Manage the private endpoint connections of Key Vault vaults, AKS managed clusters and Batch
/// accounts.
///
/// Signs in with the Azure CLI (`az login`) or the Azure Developer CLI (`azd auth login`).
#[derive(Debug, Parser)]
#[command(name = "private_endpoints", version)]
pub struct Cli {
    /// The Azure cloud: its Resource Manager endpoint and token audience.
    #[arg(long, value_enum, default_value_t = Cloud::Public, global = true)]
    pub cloud: Cloud,

    /// A Resource Manager endpoint other than the cloud's (an https URL).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<Url>,

    #[command(subcommand)]
    pub command: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// List the connections of a vault, managed cluster or Batch account, with their status.
    List {
        /// The resource's id, e.g.
        /// /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>
        resource_id: ResourceId,
    },
    /// Approve a connection.
    Approve {
        /// The connection's id, as `list` prints it.
        connection_id: ResourceId,
        /// Why it is approved.
        #[arg(long)]
        description: Option<String>,
    },
    /// Reject a connection.
    Reject {
        /// The connection's id, as `list` prints it.
        connection_id: ResourceId,
        /// Why it is rejected.
        #[arg(long)]
        description: Option<String>,
    },
    /// Delete a connection, and wait until it is gone.
    Delete {
        /// The connection's id, as `list` prints it.
        connection_id: ResourceId,
    },
}

/// The Azure clouds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Cloud {
    /// Azure (management.azure.com).
    Public,
    /// Azure operated by 21Vianet (management.chinacloudapi.cn).
    China,
    /// Azure US Government (management.usgovcloudapi.net).
    UsGov,
}

impl Cli {
    /// The library's command.
    pub fn command(&self) -> Command {
        match &self.command {
            Action::List { resource_id } => Command::List {
                resource: resource_id.clone(),
            },
            Action::Approve {
                connection_id,
                description,
            } => Command::Approve {
                connection: connection_id.clone(),
                description: description.clone(),
            },
            Action::Reject {
                connection_id,
                description,
            } => Command::Reject {
                connection: connection_id.clone(),
                description: description.clone(),
            },
            Action::Delete { connection_id } => Command::Delete {
                connection: connection_id.clone(),
            },
        }
    }

    /// `options` with the cloud and endpoint of the command line.
    pub fn client_options(&self, mut options: ArmClientOptions) -> ArmClientOptions {
        let cloud = match self.cloud {
            Cloud::Public => CloudConfiguration::AzurePublic,
            Cloud::China => CloudConfiguration::AzureChina,
            Cloud::UsGov => CloudConfiguration::AzureGovernment,
        };
        options.client_options.cloud = Some(Arc::new(cloud));
        if let Some(endpoint) = &self.endpoint {
            options.endpoint = Some(endpoint.clone());
        }
        options
    }
}

/// Runs the parsed command line with `credential` and `options` (the cloud and endpoint are
/// added to them), writing the result to stdout and an error to stderr.
pub async fn run(
    cli: &Cli,
    credential: Arc<dyn azure_core::credentials::TokenCredential>,
    options: ArmClientOptions,
    out: &mut impl std::io::Write,
    err: &mut impl std::io::Write,
) -> ExitCode {
    let connections = Connections::new(credential, Some(cli.client_options(options)));
    match tool::run(&cli.command(), &connections, out).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(err, "{}", tool::explain(&error));
            ExitCode::FAILURE
        }
    }
}

#[allow(dead_code)] // The tool's tests include this file as a module, without calling `main`.
#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let credential = match azure_identity::DeveloperToolsCredential::new(None) {
        Ok(credential) => credential,
        Err(error) => {
            eprintln!("{}", tool::explain(&error));
            return ExitCode::FAILURE;
        }
    };
    run(
        &cli,
        credential,
        ArmClientOptions::default(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    )
    .await
}
