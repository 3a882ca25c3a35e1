//! ARM long-running operations on azure_core's `Poller`.
//!
//! The rules (ARM RPC, "Asynchronous operations"): a PUT or PATCH answered 200/201 with a
//! `properties.provisioningState` that has ended is over at once, whatever headers it carries.
//! Otherwise poll the status monitor when there is one (`Azure-AsyncOperation`, else
//! `Operation-Location`; its body's `status` says where things stand), otherwise the `Location`
//! URL (202 = still running, 200/201 = done with the result, 204 = done without one). A DELETE
//! answered 202 with none of these headers is over, without a result; another such 202 is an
//! error. A PUT or PATCH answered 200/201 with no monitor header, but with a provisioningState
//! that has not ended (or a 201 or an empty body without one), is followed by reading the
//! resource until it has. `Failed` or `Canceled` at any step is an error carrying the service's
//! error detail. Wait `Retry-After` between polls (the caller's `PollerOptions::frequency` when
//! the service sends none). On success the result is read as the final-state rule says.
//! Relative URLs are resolved against the request's, and every URL is checked to be on the
//! client's endpoint before it is requested, so the bearer token never goes to another host.
//!
//! The decisions themselves are in `lro_rules.rs`, which the generator compiles too (so the
//! emitted example tests predict what this runtime does); this file does the HTTP.

use super::client::ClientCore;
use super::error::{ServiceError, check_same_origin, http_error, operation_failed};
pub(crate) use super::lro_rules::FinalStateVia;
use super::lro_rules::{self as rules, FirstAnswer, InitialAnswer, Progress, ResultAt};
use azure_core::error::{Error, ErrorKind};
use azure_core::http::headers::{HeaderName, Headers};
use azure_core::http::poller::{
    PollerContinuation, PollerOptions, PollerResult, PollerResultFuture, PollerState, PollerStatus,
    StatusMonitor,
};
use azure_core::http::{JsonFormat, Method, Poller, RawResponse, Request, Response, Url};
use azure_core::time::Duration;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

const AZURE_ASYNC_OPERATION: HeaderName = HeaderName::from_static("azure-asyncoperation");
const OPERATION_LOCATION: HeaderName = HeaderName::from_static("operation-location");
const LOCATION: HeaderName = HeaderName::from_static("location");
/// The shortest wait between polls azure_core's `Poller::new` accepts (it panics below).
const MINIMUM_FREQUENCY: Duration = Duration::seconds(1);

/// Each step of a [`Poller`](super::Poller): the HTTP status and headers of the response, and
/// the operation status this client read from it.
///
/// The stream of a [`Poller`](super::Poller) ends after the last step; `.await` the poller
/// then for the result.
#[derive(Clone, Debug, Deserialize)]
pub struct OperationStatus<T> {
    /// `InProgress` until the last step, then `Succeeded`. The status monitor's
    /// own value (which may be service-specific) when it reports one.
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
    /// `None` when the operation ended without a body (204 No Content, or a DELETE).
    type Output = Option<T>;
    type Format = JsonFormat;

    fn status(&self) -> PollerStatus {
        self.poller_status()
    }
}

/// What the spec says about one long-running operation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LongRunningRules {
    /// Where the result is read once the operation succeeded.
    pub(crate) final_state_via: FinalStateVia,
    /// Statuses the spec documents for the initial response.
    pub(crate) initial_statuses: &'static [u16],
    /// Whether the operation has a result model (`false`: the result is always `None`).
    pub(crate) has_result: bool,
}

/// One long-running call: what the generated method built, and how to follow it.
pub(crate) struct LongRunning<E> {
    core: ClientCore,
    initial: Request,
    rules: LongRunningRules,
    options: PollerOptions<'static>,
    /// What to poll next. azure_core's continuation carries only links, so the kind of monitor
    /// is kept here; the `Poller` runs one step at a time.
    monitor: Mutex<Option<Monitor>>,
    error: PhantomData<fn() -> E>,
}

/// Where to look next.
#[derive(Clone, Debug)]
enum Monitor {
    /// An `Azure-AsyncOperation` or `Operation-Location` status monitor, and the first
    /// response's `Location`, which the final-state rule may read.
    AsyncOperation { status: Url, location: Option<Url> },
    /// A Location URL that answers 202 until done, then the result.
    Location(Url),
    /// The resource itself, until its `provisioningState` has ended.
    Resource(Url),
}

impl Monitor {
    fn url(&self) -> &Url {
        match self {
            Monitor::AsyncOperation { status, .. } => status,
            Monitor::Location(url) | Monitor::Resource(url) => url,
        }
    }
}

impl<E: ServiceError> LongRunning<E> {
    pub(crate) fn new(
        core: ClientCore,
        initial: Request,
        rules: LongRunningRules,
        options: PollerOptions<'static>,
    ) -> Self {
        LongRunning {
            core,
            initial,
            rules,
            options,
            monitor: Mutex::new(None),
            error: PhantomData,
        }
    }

    /// The poller, which sends nothing until it is awaited or streamed. Fails, rather than let
    /// azure_core panic, when the caller's poll frequency is under a second.
    pub(crate) fn into_poller<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> azure_core::Result<super::poller::Poller<T>> {
        let options = self.options.clone();
        if options.frequency < MINIMUM_FREQUENCY {
            return Err(Error::with_message(
                ErrorKind::DataConversion,
                format!(
                    "the poll frequency {} is too short: azure_core polls at most once a second",
                    options.frequency
                ),
            ));
        }
        let this = Arc::new(self);
        let last_step_sent = Arc::new(AtomicBool::new(false));
        let last_step = last_step_sent.clone();
        let inner = Poller::new(
            move |state: PollerState,
                  options: PollerOptions<'static>|
                  -> PollerResultFuture<OperationStatus<T>, JsonFormat> {
                let (this, last_step) = (this.clone(), last_step.clone());
                Box::pin(async move {
                    let result = match state {
                        PollerState::Initial => this.start(options).await,
                        PollerState::More(_) => this.poll(options).await,
                    };
                    // Tells the wrapper to end its stream here, before azure_core's ends.
                    if !matches!(result, Ok(PollerResult::InProgress { .. })) {
                        last_step.store(true, Ordering::Release);
                    }
                    result
                })
            },
            Some(options),
        );
        Ok(super::poller::Poller::new(inner, last_step_sent))
    }

    async fn start<T: DeserializeOwned + Send + 'static>(
        &self,
        options: PollerOptions<'static>,
    ) -> azure_core::Result<PollerResult<OperationStatus<T>>> {
        let mut request = self.initial.clone();
        let response = self.core.send(&options.context, &mut request).await?;
        if !self
            .rules
            .initial_statuses
            .contains(&u16::from(response.status()))
        {
            return Err(http_error::<E>(response));
        }
        let original = self.initial.url();
        let headers = response.headers();
        let state = provisioning_state(&response);
        let answer = rules::first_answer(InitialAnswer {
            method: method(self.initial.method()),
            status: u16::from(response.status()),
            azure_async_operation: self.header_url(headers, &AZURE_ASYNC_OPERATION, original)?,
            operation_location: self.header_url(headers, &OPERATION_LOCATION, original)?,
            location: self.header_url(headers, &LOCATION, original)?,
            has_body: !response.body().is_empty(),
            provisioning_state: state.as_deref(),
        });
        let monitor = match answer {
            FirstAnswer::PollStatusMonitor { status, location } => {
                Monitor::AsyncOperation { status, location }
            }
            FirstAnswer::PollLocation(location) => Monitor::Location(location),
            FirstAnswer::PollResource => Monitor::Resource(original.clone()),
            FirstAnswer::Accepted => {
                return self.succeeded(response, ResultAt::Nothing, options);
            }
            FirstAnswer::Unfollowable => {
                return Err(Error::with_message(
                    ErrorKind::DataConversion,
                    "the service accepted the operation (202) but sent neither Azure-AsyncOperation nor Location (nor Operation-Location) to follow it",
                ));
            }
            FirstAnswer::Failed => {
                return Err(operation_failed::<E>(
                    &response,
                    state.as_deref().unwrap_or_default(),
                ));
            }
            FirstAnswer::Succeeded => {
                return self.succeeded(response, ResultAt::ThisResponse, options);
            }
        };
        self.in_progress(response, "InProgress", monitor, &options)
    }

    async fn poll<T: DeserializeOwned + Send + 'static>(
        &self,
        options: PollerOptions<'static>,
    ) -> azure_core::Result<PollerResult<OperationStatus<T>>> {
        let monitor = self.current_monitor()?;
        let url = monitor.url().clone();
        check_same_origin(&url, self.core.endpoint())?;
        let mut request = Request::new(url.clone(), Method::Get);
        let response = self.core.send(&options.context, &mut request).await?;
        if !response.status().is_success() {
            return Err(http_error::<E>(response));
        }
        match monitor {
            Monitor::AsyncOperation { location, .. } => {
                let reported = operation_status(&response)?;
                let progress = rules::progress(&reported);
                let result = match progress {
                    Progress::Succeeded => {
                        self.async_operation_result(&response, location.clone(), &url)?
                    }
                    _ => ResultAt::ThisResponse,
                };
                let next = Monitor::AsyncOperation {
                    status: url,
                    location,
                };
                let step = Step::new(progress, &reported, &reported);
                self.advance(response, step, next, result, options)
            }
            Monitor::Location(_) => {
                let state = provisioning_state(&response);
                let progress = rules::location_poll(u16::from(response.status()), state.as_deref());
                // A 202 may move the operation to another URL.
                let next = match progress {
                    Progress::Running => self
                        .header_url(response.headers(), &LOCATION, &url)?
                        .unwrap_or(url),
                    _ => url,
                };
                let step = Step::new(progress, "InProgress", state.as_deref().unwrap_or_default());
                self.advance(
                    response,
                    step,
                    Monitor::Location(next),
                    ResultAt::ThisResponse,
                    options,
                )
            }
            Monitor::Resource(_) if response.body().is_empty() => {
                Err(resource_without_body(&response))
            }
            Monitor::Resource(_) => {
                let state = provisioning_state(&response);
                // A resource without a state has nothing more to report.
                let progress = state
                    .as_deref()
                    .map_or(Progress::Succeeded, rules::progress);
                let step = Step::new(progress, "InProgress", state.as_deref().unwrap_or_default());
                self.advance(
                    response,
                    step,
                    Monitor::Resource(url),
                    ResultAt::ThisResponse,
                    options,
                )
            }
        }
    }

    /// What to poll next, as the last step left it.
    fn current_monitor(&self) -> azure_core::Result<Monitor> {
        self.monitor
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or_else(|| {
                Error::with_message(ErrorKind::Other, "the operation has no monitor to poll")
            })
    }

    /// The poller's next step after a poll said `step`: done (its result at `result`), an
    /// error, or a wait before polling `next`.
    fn advance<T: DeserializeOwned + Send + 'static>(
        &self,
        response: RawResponse,
        step: Step<'_>,
        next: Monitor,
        result: ResultAt<Url>,
        options: PollerOptions<'static>,
    ) -> azure_core::Result<PollerResult<OperationStatus<T>>> {
        match step.progress {
            Progress::Succeeded => self.succeeded(response, result, options),
            Progress::Failed | Progress::Canceled => {
                Err(operation_failed::<E>(&response, step.reported))
            }
            Progress::Running => self.in_progress(response, step.running, next, &options),
        }
    }

    /// Where the result of an operation a status monitor says succeeded is.
    fn async_operation_result(
        &self,
        status: &RawResponse,
        location: Option<Url>,
        status_url: &Url,
    ) -> azure_core::Result<ResultAt<Url>> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct StatusBody {
            resource_location: Option<String>,
        }
        let resource_location = serde_json::from_slice::<StatusBody>(status.body())
            .ok()
            .and_then(|body| body.resource_location)
            .map(|value| resolve(status_url, "resourceLocation", &value))
            .transpose()?;
        Ok(rules::final_result(
            method(self.initial.method()),
            self.rules.final_state_via,
            self.initial.url().clone(),
            location,
            resource_location,
        ))
    }

    /// A URL header, resolved against `base` and checked to be on the endpoint.
    fn header_url(
        &self,
        headers: &Headers,
        name: &HeaderName,
        base: &Url,
    ) -> azure_core::Result<Option<Url>> {
        let Some(value) = super::header_str(headers, name) else {
            return Ok(None);
        };
        let url = resolve(base, name.as_str(), value)?;
        check_same_origin(&url, self.core.endpoint())?;
        Ok(Some(url))
    }

    /// A step that is not finished: remember what to poll, and wait `Retry-After` (or the
    /// poller's frequency) before polling it.
    fn in_progress<T: DeserializeOwned + Send + 'static>(
        &self,
        response: RawResponse,
        status: &str,
        monitor: Monitor,
        options: &PollerOptions<'static>,
    ) -> azure_core::Result<PollerResult<OperationStatus<T>>> {
        let retry_after = super::waits::asked_wait(response.headers(), options);
        // A negative number of seconds would make azure_core's sleep panic: poll again at once.
        let retry_after = retry_after.max(Duration::ZERO);
        let continuation = PollerContinuation::Links {
            next_link: monitor.url().clone(),
            final_link: None,
        };
        *self.monitor.lock().unwrap_or_else(PoisonError::into_inner) = Some(monitor);
        Ok(PollerResult::InProgress {
            response: step(response, status),
            retry_after,
            continuation,
        })
    }

    /// The operation is done; `result` says where its result is.
    fn succeeded<T: DeserializeOwned + Send + 'static>(
        &self,
        response: RawResponse,
        result: ResultAt<Url>,
        options: PollerOptions<'static>,
    ) -> azure_core::Result<PollerResult<OperationStatus<T>>> {
        let step_response = step(response.clone(), "Succeeded");
        // Without a result model there is nothing to read: a body would not deserialize as `()`.
        let result = if self.rules.has_result {
            result
        } else {
            ResultAt::Nothing
        };
        let core = self.core.clone();
        let context = options.context;
        let target = move || -> ResultFuture<T> {
            Box::pin(async move {
                let final_response = match result {
                    ResultAt::Get(url) => {
                        check_same_origin(&url, core.endpoint())?;
                        let mut request = Request::new(url, Method::Get);
                        let response = core.send(&context, &mut request).await?;
                        if !response.status().is_success() {
                            return Err(http_error::<E>(response));
                        }
                        response
                    }
                    ResultAt::ThisResponse => response,
                    ResultAt::Nothing => {
                        let (status, headers, _) = response.deconstruct();
                        RawResponse::from_bytes(status, headers, "")
                    }
                };
                Ok(result_response(final_response))
            })
        };
        Ok(PollerResult::Succeeded {
            response: step_response,
            target: Box::new(target),
        })
    }
}

/// What one poll said.
struct Step<'a> {
    progress: Progress,
    /// The status a step that is still running reports to the caller.
    running: &'a str,
    /// The value that said the operation failed, for the error.
    reported: &'a str,
}

impl<'a> Step<'a> {
    fn new(progress: Progress, running: &'a str, reported: &'a str) -> Self {
        Step {
            progress,
            running,
            reported,
        }
    }
}

/// azure_core's method, as the rules know it.
fn method(method: Method) -> rules::Method {
    match method {
        Method::Get => rules::Method::Get,
        Method::Put => rules::Method::Put,
        Method::Patch => rules::Method::Patch,
        Method::Post => rules::Method::Post,
        Method::Delete => rules::Method::Delete,
        Method::Head => rules::Method::Head,
        _ => rules::Method::Other,
    }
}

/// `value` (absolute, or relative to `base`) as a URL.
fn resolve(base: &Url, what: &str, value: &str) -> azure_core::Result<Url> {
    base.join(value.trim()).map_err(|e| {
        Error::with_error(
            ErrorKind::DataConversion,
            e,
            format!("the {what} `{value}` the service sent is not a URL"),
        )
    })
}

/// The `status` of a status monitor (`Azure-AsyncOperation` or `Operation-Location`). Without
/// one, nothing says when to stop, so it is an error carrying what the service sent.
fn operation_status(response: &RawResponse) -> azure_core::Result<String> {
    #[derive(Deserialize)]
    struct StatusBody {
        status: Option<String>,
    }
    serde_json::from_slice::<StatusBody>(response.body())
        .ok()
        .and_then(|body| body.status)
        .ok_or_else(|| {
            Error::with_message(
                ErrorKind::DataConversion,
                format!(
                    "the operation status monitor answered {} without a `status`: {}",
                    u16::from(response.status()),
                    super::error::excerpt(response.body())
                ),
            )
        })
}

/// A read of the resource that cannot say whether the operation ended.
fn resource_without_body(response: &RawResponse) -> Error {
    Error::with_message(
        ErrorKind::DataConversion,
        format!(
            "reading the resource of a long-running operation answered {} without a body, so nothing says whether the operation ended",
            u16::from(response.status())
        ),
    )
}

/// The resource's `properties.provisioningState`, if its body has one.
fn provisioning_state(response: &RawResponse) -> Option<String> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Properties {
        provisioning_state: Option<String>,
    }
    #[derive(Deserialize)]
    struct Resource {
        properties: Option<Properties>,
    }
    serde_json::from_slice::<Resource>(response.body())
        .ok()?
        .properties?
        .provisioning_state
}

/// The future that fetches the final result.
type ResultFuture<T> = std::pin::Pin<
    Box<dyn std::future::Future<Output = azure_core::Result<Response<Option<T>>>> + Send>,
>;

/// The final result: the body, or `null` when there is none.
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
