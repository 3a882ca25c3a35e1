//! The runtime every generated client shares. Hand-written, not emitted.
//!
//! azure_core does the HTTP work: pipeline, bearer-token auth, retries, responses, `Poller`.
//! This module adds only what ARM clients need on top: the Resource Manager endpoint of each
//! cloud, path-segment encoding and validation, typed service errors, and ARM long-running
//! operation polling (Azure-AsyncOperation / Location).

mod body;
mod client;
// Used only by models with arrays or maps of date-times.
#[allow(dead_code)]
pub(crate) mod date_times;
mod error;
mod lro;
mod lro_rules;
// Used only by specs with pageable operations.
#[allow(dead_code)]
mod pager;
mod path;
mod poller;
mod resource_id;
mod response;
mod validate;
mod waits;

pub use body::{DEFAULT_MAX_RESPONSE_BODY, ResponseTooLarge};
pub(crate) use client::ClientCore;
pub use client::{ArmClientOptions, ResourceManagerAudience};
pub use error::{ForeignPollUrl, ServiceError};
pub(crate) use error::{error_detail, http_error, write_error_detail};
pub use lro::OperationStatus;
pub(crate) use lro::{FinalStateVia, LongRunning, LongRunningRules};
pub use poller::Poller;
pub use resource_id::{InvalidResourceId, ResourceId};
// Emitted only for specs with pageable operations.
#[allow(unused_imports)]
pub(crate) use pager::{PagingRules, pager};
pub(crate) use path::segment;
pub(crate) use response::{header, header_as, header_str, header_text, json_body};
pub use validate::InvalidParameter;
pub(crate) use validate::{Pattern, Rule, check_path_segment};
// Emitted only for specs with rules on query or header parameters.
#[allow(unused_imports)]
pub(crate) use validate::check_value;
