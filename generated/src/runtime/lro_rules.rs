//! The rules of ARM long-running operations, as pure decisions (ARM RPC, "Asynchronous
//! operations", and what the other Azure SDKs do):
//!
//! - [`first_answer`]: what the initial response says. A monitor header means polling it
//!   (`Azure-AsyncOperation` first, else `Location`); a 202 without one cannot be followed; a
//!   PUT or PATCH whose `properties.provisioningState` has not ended (or a 201 without one) is
//!   followed by reading the resource; anything else is the result.
//! - [`progress`]: how a `status` or `provisioningState` value reads.
//! - [`final_result`]: where the result is once an operation followed through
//!   `Azure-AsyncOperation` succeeded.
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
/// through `Azure-AsyncOperation` succeeded. (Through `Location`, the last poll is the result.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FinalStateVia {
    /// A GET of the original URL for PUT and PATCH (or of the status body's
    /// `resourceLocation`, when it has one); for POST the status monitor's own body.
    AzureAsyncOperation,
    /// A GET of the `Location` URL of the first response, when it gave one.
    Location,
    /// A GET of the original URL.
    OriginalUri,
}

/// How a `status` (of a status monitor) or a `provisioningState` reads. Compared without
/// regard to case, as azure_core does; `Cancelled` is `Canceled`; an unknown value is still
/// in progress.
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

/// What the initial response of a long-running operation says. `U` is what the caller knows
/// of a monitor header: its URL in the runtime, `()` where only its presence matters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FirstAnswer<U> {
    /// Poll the `Azure-AsyncOperation` status monitor; the first `Location` may hold the result.
    PollStatusMonitor { status: U, location: Option<U> },
    /// Poll the `Location` URL.
    PollLocation(U),
    /// Read the resource until its `provisioningState` has ended.
    PollResource,
    /// A 202 with neither header: nothing says where to look.
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

/// What the initial response (`status`, its monitor headers, and the body's
/// `properties.provisioningState`) says about the operation.
pub(crate) fn first_answer<U>(
    method: Method,
    status: u16,
    azure_async_operation: Option<U>,
    location: Option<U>,
    provisioning_state: Option<&str>,
) -> FirstAnswer<U> {
    match (azure_async_operation, location) {
        (Some(status), location) => FirstAnswer::PollStatusMonitor { status, location },
        (None, Some(location)) => FirstAnswer::PollLocation(location),
        (None, None) if status == 202 => FirstAnswer::Unfollowable,
        // ARM reports progress in the resource's body only for PUT and PATCH.
        (None, None) if matches!(method, Method::Put | Method::Patch) => {
            match provisioning_state.map(progress) {
                Some(Progress::Succeeded) => FirstAnswer::Succeeded,
                Some(Progress::Failed | Progress::Canceled) => FirstAnswer::Failed,
                Some(Progress::Running) => FirstAnswer::PollResource,
                // A 200 without a state is done; a 201 without one is still being created.
                None if status == 201 => FirstAnswer::PollResource,
                None => FirstAnswer::Succeeded,
            }
        }
        (None, None) => FirstAnswer::Succeeded,
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

/// Where the result of an operation followed through `Azure-AsyncOperation` is, once it
/// succeeded: `original` is the request URL, `location` the first response's `Location`, and
/// `resource_location` the succeeded status body's `resourceLocation`.
pub(crate) fn final_result<U>(
    method: Method,
    final_state_via: FinalStateVia,
    original: U,
    location: Option<U>,
    resource_location: Option<U>,
) -> ResultAt<U> {
    match (method, final_state_via, location, resource_location) {
        // The resource is gone; a GET would answer 404.
        (Method::Delete, ..) => ResultAt::Nothing,
        (_, FinalStateVia::Location, Some(location), _) => ResultAt::Get(location),
        (_, FinalStateVia::OriginalUri, ..) => ResultAt::Get(original),
        // An action's result is the status monitor's own body.
        (Method::Post, FinalStateVia::AzureAsyncOperation, ..) => ResultAt::ThisResponse,
        (_, _, _, Some(resource_location)) => ResultAt::Get(resource_location),
        (Method::Put | Method::Patch, ..) => ResultAt::Get(original),
        _ => ResultAt::ThisResponse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_answer_follows_headers_status_method_and_state() {
        use FirstAnswer::*;
        // (method, status, Azure-AsyncOperation, Location, provisioningState, expected)
        let cases = [
            (
                Method::Put,
                200,
                Some("a"),
                Some("l"),
                None,
                PollStatusMonitor {
                    status: "a",
                    location: Some("l"),
                },
            ),
            (
                Method::Delete,
                202,
                Some("a"),
                None,
                None,
                PollStatusMonitor {
                    status: "a",
                    location: None,
                },
            ),
            (Method::Post, 202, None, Some("l"), None, PollLocation("l")),
            (
                Method::Put,
                200,
                None,
                Some("l"),
                Some("Succeeded"),
                PollLocation("l"),
            ),
            (Method::Patch, 202, None, None, None, Unfollowable),
            (
                Method::Post,
                202,
                None,
                None,
                Some("Succeeded"),
                Unfollowable,
            ),
            (Method::Put, 200, None, None, Some("Updating"), PollResource),
            (
                Method::Patch,
                200,
                None,
                None,
                Some("accepted"),
                PollResource,
            ),
            (Method::Put, 201, None, None, None, PollResource),
            (Method::Put, 200, None, None, None, Succeeded),
            (Method::Put, 201, None, None, Some("succeeded"), Succeeded),
            (Method::Patch, 200, None, None, Some("FAILED"), Failed),
            (Method::Put, 200, None, None, Some("Cancelled"), Failed),
            (Method::Post, 200, None, None, Some("Updating"), Succeeded),
            (Method::Delete, 200, None, None, None, Succeeded),
            (Method::Post, 201, None, None, None, Succeeded),
            (Method::Delete, 204, None, None, None, Succeeded),
        ];
        for (method, status, async_operation, location, state, expected) in cases {
            assert_eq!(
                first_answer(method, status, async_operation, location, state),
                expected,
                "{method:?} {status} {async_operation:?} {location:?} {state:?}"
            );
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
