//! The rules of ARM long-running operations, as pure decisions (ARM RPC, "Asynchronous
//! operations", and what the other Azure SDKs do: azure-core's `ARMPolling` in Python, azcore's
//! pollers in Go):
//!
//! - [`first_answer`]: what the initial response says. A PUT or PATCH answered 200/201 with a
//!   `properties.provisioningState` that has ended is over, even when it carries monitor headers.
//!   Otherwise a monitor header means polling it (`Azure-AsyncOperation`, then
//!   `Operation-Location`, then `Location`); a DELETE answered 202 without one is over (accepted,
//!   with no result to wait for); another 202 without one cannot be followed; a PUT or PATCH
//!   whose provisioningState has not ended (or a 201, or an empty body, without one) is followed
//!   by reading the resource; anything else is the result.
//! - [`progress`]: how a `status` or `provisioningState` value reads.
//! - [`location_poll`]: what an answer of a `Location` URL says.
//! - [`final_result`]: where the result is once an operation followed through a status monitor
//!   succeeded.
//!
//! The runtime (`lro.rs`) follows these rules, and the generator predicts from them how far an
//! example's answer can be replayed: `codegen` compiles this very file (a `#[path]` module in
//! `codegen/src/lib.rs`), so the two cannot disagree. Keep it free of dependencies and of any
//! `crate::`/`super::` path, so it compiles in both crates.

// The generator uses only part of these rules.
#![allow(dead_code)]

/// The HTTP method of the initial request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Put,
    Patch,
    Post,
    Delete,
    Head,
    /// Any other method: ARM reports no progress in its body.
    Other,
}

/// The spec's `final-state-via`: where the result is read once an operation that was followed
/// through a status monitor (`Azure-AsyncOperation` or `Operation-Location`) succeeded.
/// (Through `Location`, the last poll is the result.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FinalStateVia {
    /// A GET of the original URL for PUT and PATCH (or of the status body's
    /// `resourceLocation`, when it has one); for POST the status monitor's own body.
    AzureAsyncOperation,
    /// A GET of the `Location` URL of the first response, when it gave one.
    Location,
    /// A GET of the original URL.
    OriginalUri,
    /// The `Operation-Location` status monitor (the data-plane and newer ARM style): read as
    /// `AzureAsyncOperation` is, as azure-core Python's `OperationResourcePolling` does.
    OperationLocation,
}

/// How a `status` or `provisioningState` value reads. Compared without regard to case, as
/// azure_core does; `Cancelled` is `Canceled`; an unknown value is still in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Progress {
    Running,
    Succeeded,
    Failed,
    Canceled,
}

/// How a `status` or `provisioningState` value reads.
pub(crate) fn progress(value: &str) -> Progress {
    let is = |word: &str| word.eq_ignore_ascii_case(value);
    if is("succeeded") {
        Progress::Succeeded
    } else if is("failed") {
        Progress::Failed
    } else if is("canceled") || is("cancelled") {
        Progress::Canceled
    } else {
        Progress::Running
    }
}

/// The initial response of a long-running operation, as far as the rules look at it. `U` is
/// what the caller knows of a monitor header: its URL in the runtime, `()` where only its
/// presence matters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct InitialAnswer<'a, U> {
    pub(crate) method: Method,
    pub(crate) status: u16,
    pub(crate) azure_async_operation: Option<U>,
    pub(crate) operation_location: Option<U>,
    pub(crate) location: Option<U>,
    /// Whether the response has a body at all.
    pub(crate) has_body: bool,
    /// The body's `properties.provisioningState`.
    pub(crate) provisioning_state: Option<&'a str>,
}

/// What the initial response of a long-running operation says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FirstAnswer<U> {
    /// Poll the status monitor (`Azure-AsyncOperation` or `Operation-Location`); the first
    /// `Location` may hold the result.
    PollStatusMonitor { status: U, location: Option<U> },
    /// Poll the `Location` URL.
    PollLocation(U),
    /// Read the resource until its `provisioningState` has ended.
    PollResource,
    /// A DELETE answered 202 with no monitor header. ARM RPC says this 202 carries `Location`,
    /// but services and upstream examples leave it out. The service accepted the deletion, and
    /// a deletion has no result to wait for, so the operation is over without one, as
    /// azure-core's `ARMPolling` in Python ends it (azcore in Go refuses it instead; refusing
    /// would report an accepted deletion as a failure the caller cannot act on).
    Accepted,
    /// Another 202 with no monitor header: a PUT, PATCH or POST has a result that nothing says
    /// where to find.
    Unfollowable,
    /// The operation is done, and this response is its result.
    Succeeded,
    /// The `provisioningState` says the operation failed or was canceled.
    Failed,
}

impl<U> FirstAnswer<U> {
    /// Whether the operation is still running after this answer.
    pub(crate) fn is_running(&self) -> bool {
        matches!(
            self,
            FirstAnswer::PollStatusMonitor { .. }
                | FirstAnswer::PollLocation(_)
                | FirstAnswer::PollResource
        )
    }
}

/// What the initial response says about the operation.
pub(crate) fn first_answer<U>(answer: InitialAnswer<'_, U>) -> FirstAnswer<U> {
    // ARM reports progress in the body only for PUT and PATCH, and only in a resource (200/201).
    let reports_state =
        matches!(answer.method, Method::Put | Method::Patch) && matches!(answer.status, 200 | 201);
    let state = answer
        .provisioning_state
        .filter(|_| reports_state)
        .map(progress);
    // A state that has ended wins over monitor headers: ARM answers an operation that is still
    // running with a state that has not ended, so there is nothing left to poll.
    match state {
        Some(Progress::Succeeded) => return FirstAnswer::Succeeded,
        Some(Progress::Failed | Progress::Canceled) => return FirstAnswer::Failed,
        Some(Progress::Running) | None => {}
    }
    let status_monitor = answer.azure_async_operation.or(answer.operation_location);
    match (status_monitor, answer.location) {
        (Some(status), location) => FirstAnswer::PollStatusMonitor { status, location },
        (None, Some(location)) => FirstAnswer::PollLocation(location),
        (None, None) if answer.status == 202 && answer.method == Method::Delete => {
            FirstAnswer::Accepted
        }
        (None, None) if answer.status == 202 => FirstAnswer::Unfollowable,
        (None, None) if reports_state => match state {
            Some(_) => FirstAnswer::PollResource,
            // A 200 resource without a state is done; a 201 without one is still being
            // created, and an empty body says nothing yet.
            None if answer.status == 201 || !answer.has_body => FirstAnswer::PollResource,
            None => FirstAnswer::Succeeded,
        },
        (None, None) => FirstAnswer::Succeeded,
    }
}

/// What an answer of a `Location` URL says: 202 is still running; 200, 201 and 204 are done,
/// unless a `provisioningState` in the body says otherwise (as azcore's Go poller reads it).
pub(crate) fn location_poll(status: u16, provisioning_state: Option<&str>) -> Progress {
    match (status, provisioning_state) {
        (202, _) => Progress::Running,
        (_, Some(state)) => progress(state),
        (_, None) => Progress::Succeeded,
    }
}

/// Where the result of an operation is, once it succeeded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ResultAt<U> {
    /// A GET of this URL.
    Get(U),
    /// The body of the response that said so.
    ThisResponse,
    /// No result.
    Nothing,
}

/// Where the result of an operation followed through a status monitor is, once it succeeded:
/// `original` is the request URL, `location` the first response's `Location`, and
/// `resource_location` the succeeded status body's `resourceLocation`.
pub(crate) fn final_result<U>(
    method: Method,
    final_state_via: FinalStateVia,
    original: U,
    location: Option<U>,
    resource_location: Option<U>,
) -> ResultAt<U> {
    use FinalStateVia::{AzureAsyncOperation, OperationLocation, OriginalUri};
    match (method, final_state_via, location, resource_location) {
        // The resource is gone; a GET would answer 404.
        (Method::Delete, ..) => ResultAt::Nothing,
        (_, FinalStateVia::Location, Some(location), _) => ResultAt::Get(location),
        (_, OriginalUri, ..) => ResultAt::Get(original),
        // An action's result is the status monitor's own body.
        (Method::Post, AzureAsyncOperation | OperationLocation, ..) => ResultAt::ThisResponse,
        (_, _, _, Some(resource_location)) => ResultAt::Get(resource_location),
        (Method::Put | Method::Patch, ..) => ResultAt::Get(original),
        _ => ResultAt::ThisResponse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An initial answer with the given headers (`a`: Azure-AsyncOperation, `o`:
    /// Operation-Location, `l`: Location) and body (`None`: empty; `Some(None)`: a body
    /// without a provisioningState).
    fn initial(
        method: Method,
        status: u16,
        headers: &'static str,
        body: Option<Option<&'static str>>,
    ) -> InitialAnswer<'static, char> {
        let header = |name: char| headers.contains(name).then_some(name);
        InitialAnswer {
            method,
            status,
            azure_async_operation: header('a'),
            operation_location: header('o'),
            location: header('l'),
            has_body: body.is_some(),
            provisioning_state: body.flatten(),
        }
    }

    #[test]
    fn the_first_answer_follows_headers_status_method_and_state() {
        use FirstAnswer::*;
        use Method::{Delete, Patch, Post, Put};
        let monitor = |status, location| PollStatusMonitor { status, location };
        // (method, status, headers, body, expected)
        let cases = [
            // Monitor headers, in order of preference.
            (Put, 200, "al", Some(None), monitor('a', Some('l'))),
            (Put, 201, "a", None, monitor('a', None)),
            (Delete, 202, "aol", None, monitor('a', Some('l'))),
            (Patch, 202, "ol", None, monitor('o', Some('l'))),
            (Post, 202, "o", None, monitor('o', None)),
            (Post, 202, "l", None, PollLocation('l')),
            (Put, 200, "l", Some(Some("Updating")), PollLocation('l')),
            // A resource whose state has ended is done, whatever headers it carries.
            (Put, 200, "l", Some(Some("Succeeded")), Succeeded),
            (Patch, 200, "al", Some(Some("succeeded")), Succeeded),
            (Put, 201, "o", Some(Some("Succeeded")), Succeeded),
            (Patch, 200, "a", Some(Some("Failed")), Failed),
            (Put, 201, "l", Some(Some("Canceled")), Failed),
            // Only PUT and PATCH resources (200/201) report a state.
            (Post, 200, "l", Some(Some("Succeeded")), PollLocation('l')),
            (Delete, 202, "a", Some(Some("Failed")), monitor('a', None)),
            (Post, 202, "", Some(Some("Succeeded")), Unfollowable),
            (Patch, 202, "", None, Unfollowable),
            (Put, 202, "", Some(None), Unfollowable),
            (Post, 202, "", None, Unfollowable),
            // A DELETE accepted with nothing to follow is over: there is no result to wait for.
            (Delete, 202, "", None, Accepted),
            (Delete, 202, "", Some(None), Accepted),
            // No monitor header: the resource's state, or the status, decides.
            (Put, 200, "", Some(Some("Updating")), PollResource),
            (Patch, 200, "", Some(Some("accepted")), PollResource),
            (Put, 201, "", None, PollResource),
            (Put, 201, "", Some(None), PollResource),
            (Put, 200, "", None, PollResource),
            (Put, 200, "", Some(None), Succeeded),
            (Put, 201, "", Some(Some("succeeded")), Succeeded),
            (Patch, 200, "", Some(Some("FAILED")), Failed),
            (Put, 200, "", Some(Some("Cancelled")), Failed),
            (Post, 200, "", Some(Some("Updating")), Succeeded),
            (Delete, 200, "", None, Succeeded),
            (Post, 201, "", None, Succeeded),
            (Delete, 204, "", None, Succeeded),
            (Put, 204, "", None, Succeeded),
        ];
        for (method, status, headers, body, expected) in cases {
            assert_eq!(
                first_answer(initial(method, status, headers, body)),
                expected,
                "{method:?} {status} {headers:?} {body:?}"
            );
        }
    }

    #[test]
    fn a_location_answer_ends_unless_202_or_its_state_says_otherwise() {
        let cases = [
            (202, None, Progress::Running),
            (202, Some("Succeeded"), Progress::Running),
            (200, None, Progress::Succeeded),
            (204, None, Progress::Succeeded),
            (201, Some("Succeeded"), Progress::Succeeded),
            (200, Some("Updating"), Progress::Running),
            (200, Some("Failed"), Progress::Failed),
            (200, Some("Canceled"), Progress::Canceled),
        ];
        for (status, state, expected) in cases {
            assert_eq!(location_poll(status, state), expected, "{status} {state:?}");
        }
    }

    #[test]
    fn statuses_read_without_regard_to_case() {
        let cases = [
            ("Succeeded", Progress::Succeeded),
            ("succeeded", Progress::Succeeded),
            ("Failed", Progress::Failed),
            ("Canceled", Progress::Canceled),
            ("CANCELLED", Progress::Canceled),
            ("InProgress", Progress::Running),
            ("Updating", Progress::Running),
            ("", Progress::Running),
        ];
        for (value, expected) in cases {
            assert_eq!(progress(value), expected, "{value:?}");
        }
    }

    #[test]
    fn the_final_result_follows_the_method_and_the_rule() {
        use FinalStateVia::*;
        use ResultAt::*;
        let location = Some("/location");
        let resource_location = Some("/resourceLocation");
        // (method, rule, Location, resourceLocation, expected)
        let cases = [
            (
                Method::Put,
                AzureAsyncOperation,
                None,
                None,
                Get("/resource"),
            ),
            (
                Method::Patch,
                AzureAsyncOperation,
                location,
                None,
                Get("/resource"),
            ),
            (
                Method::Put,
                AzureAsyncOperation,
                None,
                resource_location,
                Get("/resourceLocation"),
            ),
            (Method::Put, Location, location, None, Get("/location")),
            (Method::Put, Location, None, None, Get("/resource")),
            (
                Method::Patch,
                OriginalUri,
                location,
                resource_location,
                Get("/resource"),
            ),
            (
                Method::Post,
                AzureAsyncOperation,
                location,
                None,
                ThisResponse,
            ),
            (Method::Post, Location, location, None, Get("/location")),
            (Method::Post, Location, None, None, ThisResponse),
            (Method::Post, OriginalUri, None, None, Get("/resource")),
            (Method::Delete, AzureAsyncOperation, None, None, Nothing),
            (Method::Delete, OriginalUri, None, None, Nothing),
            (Method::Delete, Location, location, None, Nothing),
            (
                Method::Put,
                OperationLocation,
                location,
                None,
                Get("/resource"),
            ),
            (
                Method::Patch,
                OperationLocation,
                None,
                resource_location,
                Get("/resourceLocation"),
            ),
            (
                Method::Post,
                OperationLocation,
                location,
                resource_location,
                ThisResponse,
            ),
            (Method::Delete, OperationLocation, location, None, Nothing),
        ];
        for (method, rule, location, resource_location, expected) in cases {
            assert_eq!(
                final_result(method, rule, "/resource", location, resource_location),
                expected,
                "{method:?} with {rule:?}"
            );
        }
    }
}
