//! ARM long-running operations on azure_core's `Poller`.
//!
//! The rules (ARM RPC, "Asynchronous operations"): after the initial request, poll the
//! `Azure-AsyncOperation` URL when there is one (its body's `status` says where things stand),
//! otherwise the `Location` URL (202 = still running, 200/201 = done with the result, 204 = done
//! without one). Wait `Retry-After` between polls. On success the result is fetched according
//! to the final-state rule. Every URL is checked to be on the client's endpoint before it is
//! requested, so the bearer token never goes to another host.

use super::client::ClientCore;
use super::error::{ServiceError, check_same_origin, http_error, operation_failed};
use azure_core::http::headers::{self, HeaderName, Headers};
use azure_core::http::poller::{
    self, PollerContinuation, PollerOptions, PollerResult, PollerResultFuture, PollerState,
    PollerStatus, StatusMonitor,
};
use azure_core::http::{
    Context, JsonFormat, Method, Poller, RawResponse, Request, Response, StatusCode, Url,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

const AZURE_ASYNC_OPERATION: HeaderName = HeaderName::from_static("azure-asyncoperation");
const LOCATION: HeaderName = HeaderName::from_static("location");
const RETRY_AFTER_HEADERS: &[HeaderName] = &[
    headers::RETRY_AFTER_MS,
    headers::X_MS_RETRY_AFTER_MS,
    headers::RETRY_AFTER,
];

/// The spec's `final-state-via`: where the result is read once the operation succeeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
// Which variants are constructed depends on the specs being generated.
#[allow(dead_code)]
pub(crate) enum FinalStateVia {
    /// A GET on the original URL (ARM's rule for PUT and PATCH).
    AzureAsyncOperation,
    /// A GET on the `Location` URL.
    Location,
    /// A GET on the original URL.
    OriginalUri,
}

/// Each step of a [`Poller`]: the HTTP status and headers of the response, and the operation
/// status this client read from it.
#[derive(Clone, Debug, Deserialize)]
pub struct OperationStatus<T> {
    /// `InProgress`, `Succeeded`, `Failed`, `Canceled`, or a service-specific value.
    pub status: String,
    #[serde(skip)]
    output: PhantomData<fn() -> T>,
}

impl<T> OperationStatus<T> {
    /// The status as azure_core's [`PollerStatus`].
    pub fn poller_status(&self) -> PollerStatus {
        PollerStatus::from(self.status.as_str())
    }
}

impl<T: DeserializeOwned + Send + 'static> StatusMonitor for OperationStatus<T> {
    /// `None` when the operation ended in 204 No Content.
    type Output = Option<T>;
    type Format = JsonFormat;

    fn status(&self) -> PollerStatus {
        self.poller_status()
    }
}

/// One long-running call: what the generated method built, and how to follow it.
pub(crate) struct LongRunning<E> {
    core: ClientCore,
    initial: Request,
    final_state_via: FinalStateVia,
    /// Statuses the spec documents for the initial response.
    success_statuses: &'static [u16],
    context: Context<'static>,
    error: PhantomData<fn() -> E>,
}

/// Where to look next.
#[derive(Clone)]
enum Monitor {
    /// An Azure-AsyncOperation status monitor, then the final GET.
    AsyncOperation { status: Url, result: Url },
    /// A Location URL that answers 202 until done.
    Location(Url),
}

impl<E: ServiceError> LongRunning<E> {
    pub(crate) fn new(
        core: ClientCore,
        initial: Request,
        final_state_via: FinalStateVia,
        success_statuses: &'static [u16],
        context: Context<'static>,
    ) -> Self {
        LongRunning {
            core,
            initial,
            final_state_via,
            success_statuses,
            context,
            error: PhantomData,
        }
    }

    pub(crate) fn into_poller<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> Poller<OperationStatus<T>> {
        let options = PollerOptions {
            context: self.context.clone(),
            ..Default::default()
        };
        let this = std::sync::Arc::new(self);
        Poller::new(
            move |state: PollerState,
                  options: PollerOptions<'static>|
                  -> PollerResultFuture<OperationStatus<T>, JsonFormat> {
                let this = this.clone();
                Box::pin(async move { this.step(state, options).await })
            },
            Some(options),
        )
    }

    async fn step<T: DeserializeOwned + Send + 'static>(
        &self,
        state: PollerState,
        options: PollerOptions<'static>,
    ) -> azure_core::Result<PollerResult<OperationStatus<T>>> {
        match state {
            PollerState::Initial => self.start(options).await,
            PollerState::More(PollerContinuation::Links {
                next_link,
                final_link,
            }) => {
                let monitor = match final_link {
                    Some(result) => Monitor::AsyncOperation {
                        status: next_link,
                        result,
                    },
                    None => Monitor::Location(next_link),
                };
                self.poll(monitor, options).await
            }
            PollerState::More(_) => Err(azure_core::Error::with_message(
                azure_core::error::ErrorKind::Other,
                "unsupported poller continuation",
            )),
        }
    }

    async fn start<T: DeserializeOwned + Send + 'static>(
        &self,
        options: PollerOptions<'static>,
    ) -> azure_core::Result<PollerResult<OperationStatus<T>>> {
        let mut request = self.initial.clone();
        let response = self.core.send(&options.context, &mut request).await?;
        if !self
            .success_statuses
            .contains(&u16::from(response.status()))
        {
            return Err(http_error::<E>(response));
        }
        let original = self.initial.url().clone();
        match self.monitor(response.headers(), &original)? {
            Some(monitor) => in_progress(response, monitor, &options),
            None => Ok(succeeded::<T, E>(
                response,
                None,
                self.core.clone(),
                options.context,
            )),
        }
    }

    async fn poll<T: DeserializeOwned + Send + 'static>(
        &self,
        monitor: Monitor,
        options: PollerOptions<'static>,
    ) -> azure_core::Result<PollerResult<OperationStatus<T>>> {
        let url = match &monitor {
            Monitor::AsyncOperation { status, .. } => status.clone(),
            Monitor::Location(url) => url.clone(),
        };
        check_same_origin(&url, self.core.endpoint())?;
        let mut request = Request::new(url.clone(), Method::Get);
        let response = self.core.send(&options.context, &mut request).await?;
        if !response.status().is_success() {
            return Err(http_error::<E>(response));
        }
        match monitor {
            Monitor::AsyncOperation { result, .. } => {
                #[derive(Deserialize)]
                struct StatusBody {
                    status: Option<String>,
                }
                let reported = serde_json::from_slice::<StatusBody>(response.body())
                    .ok()
                    .and_then(|body| body.status)
                    .unwrap_or_else(|| "InProgress".to_string());
                match PollerStatus::from(reported.as_str()) {
                    PollerStatus::Succeeded => Ok(succeeded::<T, E>(
                        response,
                        Some(result),
                        self.core.clone(),
                        options.context,
                    )),
                    PollerStatus::Failed | PollerStatus::Canceled => {
                        Err(operation_failed::<E>(&response, &reported))
                    }
                    _ => {
                        let monitor = Monitor::AsyncOperation {
                            status: url,
                            result,
                        };
                        in_progress_with(response, &reported, monitor, &options)
                    }
                }
            }
            Monitor::Location(url) => {
                if response.status() == StatusCode::Accepted {
                    let next = response
                        .headers()
                        .get_optional_as::<Url, _>(&LOCATION)
                        .ok()
                        .flatten()
                        .unwrap_or(url);
                    check_same_origin(&next, self.core.endpoint())?;
                    in_progress(response, Monitor::Location(next), &options)
                } else {
                    Ok(succeeded::<T, E>(
                        response,
                        None,
                        self.core.clone(),
                        options.context,
                    ))
                }
            }
        }
    }

    /// The monitor the initial response asks for, if the operation is still running.
    fn monitor(&self, headers: &Headers, original: &Url) -> azure_core::Result<Option<Monitor>> {
        let async_operation = headers.get_optional_as::<Url, _>(&AZURE_ASYNC_OPERATION)?;
        let location = headers.get_optional_as::<Url, _>(&LOCATION)?;
        for url in async_operation.iter().chain(location.iter()) {
            check_same_origin(url, self.core.endpoint())?;
        }
        let resource = original.clone();
        Ok(match (async_operation, location) {
            (Some(status), location) => {
                let result = match (self.final_state_via, location) {
                    (FinalStateVia::Location, Some(location)) => location,
                    _ => resource,
                };
                Some(Monitor::AsyncOperation { status, result })
            }
            (None, Some(location)) => Some(Monitor::Location(location)),
            (None, None) => None,
        })
    }
}

/// A step that is not finished: wait `Retry-After` (or the poller's frequency), then poll.
fn in_progress<T: DeserializeOwned + Send + 'static>(
    response: RawResponse,
    monitor: Monitor,
    options: &PollerOptions<'static>,
) -> azure_core::Result<PollerResult<OperationStatus<T>>> {
    in_progress_with(response, "InProgress", monitor, options)
}

fn in_progress_with<T: DeserializeOwned + Send + 'static>(
    response: RawResponse,
    status: &str,
    monitor: Monitor,
    options: &PollerOptions<'static>,
) -> azure_core::Result<PollerResult<OperationStatus<T>>> {
    let retry_after = poller::get_retry_after(response.headers(), RETRY_AFTER_HEADERS, options);
    let continuation = match monitor {
        Monitor::AsyncOperation { status, result } => PollerContinuation::Links {
            next_link: status,
            final_link: Some(result),
        },
        Monitor::Location(url) => PollerContinuation::Links {
            next_link: url,
            final_link: None,
        },
    };
    Ok(PollerResult::InProgress {
        response: step(response, status),
        retry_after,
        continuation,
    })
}

/// The future that fetches the final result.
type ResultFuture<T> = std::pin::Pin<
    Box<dyn std::future::Future<Output = azure_core::Result<Response<Option<T>>>> + Send>,
>;

/// The operation is done. The result is `response` itself, or a GET of `result`.
fn succeeded<T: DeserializeOwned + Send + 'static, E: ServiceError>(
    response: RawResponse,
    result: Option<Url>,
    core: ClientCore,
    context: Context<'static>,
) -> PollerResult<OperationStatus<T>> {
    let step_response = step(response.clone(), "Succeeded");
    let target = move || -> ResultFuture<T> {
        Box::pin(async move {
            let final_response = match result {
                Some(url) => {
                    check_same_origin(&url, core.endpoint())?;
                    let mut request = Request::new(url, Method::Get);
                    let response = core.send(&context, &mut request).await?;
                    if !response.status().is_success() {
                        return Err(http_error::<E>(response));
                    }
                    response
                }
                None => response,
            };
            Ok(result_response(final_response))
        })
    };
    PollerResult::Succeeded {
        response: step_response,
        target: Box::new(target),
    }
}

/// The final result: the body, or `null` when there is none (204 No Content).
fn result_response<T>(response: RawResponse) -> Response<Option<T>> {
    if response.body().is_empty() {
        let (status, headers, _) = response.deconstruct();
        RawResponse::from_bytes(status, headers, "null").into()
    } else {
        response.into()
    }
}

/// A poller step: the real status and headers, with the operation status as the body.
fn step<T: DeserializeOwned + Send + 'static>(
    response: RawResponse,
    status: &str,
) -> Response<OperationStatus<T>> {
    let (code, headers, _) = response.deconstruct();
    let body = serde_json::json!({ "status": status }).to_string();
    RawResponse::from_bytes(code, headers, body).into()
}
