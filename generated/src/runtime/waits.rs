//! How long a service may make the client wait.
//!
//! A service says how long to wait with `Retry-After` (seconds or an HTTP date) or its
//! millisecond variants: azure_core's retry policy honours it on 429 and 503 (beyond its own
//! `max_delay` and `max_total_elapsed`), and the long-running poller between polls. A value of
//! years would stall the caller for as long, so every response's wait is capped at
//! [`MAX_SERVICE_WAIT`] before either reads it. An HTTP date in a form azure_core's readers
//! miss (another case, RFC 850, asctime) is read by `runtime::date_times` and turned into
//! seconds first.

use super::date_times;
use azure_core::http::headers::{self, HeaderName, Headers};
use azure_core::http::policies::{Policy, PolicyResult};
use azure_core::http::poller::{self, PollerOptions};
use azure_core::http::{AsyncRawResponse, Context, Request};
use azure_core::time::{Duration, OffsetDateTime};
use std::sync::Arc;

/// The longest wait a service may ask for: an hour, ARM's longest throttling window. A
/// longer one is a service's mistake.
pub(crate) const MAX_SERVICE_WAIT: Duration = Duration::hours(1);

/// The headers that say how long to wait, in the order azure_core reads them.
pub(crate) const RETRY_AFTER_HEADERS: &[HeaderName] = &[
    headers::RETRY_AFTER_MS,
    headers::X_MS_RETRY_AFTER_MS,
    headers::RETRY_AFTER,
];

/// The wait `headers` ask for, read as azure_core reads it (`poller::get_retry_after`), or
/// `options.frequency` when they ask for none. azure_core is given only the wait headers the
/// response has: it builds (and drops) an error for each absent one it looks for.
pub(crate) fn asked_wait(headers: &Headers, options: &PollerOptions) -> Duration {
    let present: Vec<HeaderName> = RETRY_AFTER_HEADERS
        .iter()
        .filter(|name| super::header_str(headers, name).is_some())
        .cloned()
        .collect();
    poller::get_retry_after(headers, &present, options)
}

/// The pipeline policy that caps the wait every response asks for at [`MAX_SERVICE_WAIT`].
/// It runs on each try, so the retry policy sees the capped value.
#[derive(Debug)]
pub(crate) struct CapServiceWait;

#[async_trait::async_trait]
impl Policy for CapServiceWait {
    async fn send(
        &self,
        ctx: &Context,
        request: &mut Request,
        next: &[Arc<dyn Policy>],
    ) -> PolicyResult {
        let response = next[0].send(ctx, request, &next[1..]).await?;
        Ok(cap_service_wait(response))
    }
}

/// `response`, with its wait replaced by `Retry-After: 3600` when it asks for longer, and a
/// `Retry-After` date that azure_core cannot read by the seconds until then.
fn cap_service_wait(response: AsyncRawResponse) -> AsyncRawResponse {
    // Most answers ask for no wait: leave them as they are, without reading further.
    if !RETRY_AFTER_HEADERS
        .iter()
        .any(|name| super::header_str(response.headers(), name).is_some())
    {
        return response;
    }
    let none = PollerOptions {
        frequency: Duration::ZERO,
        ..Default::default()
    };
    let until_date = retry_after_date(response.headers())
        .map(|date| (date - OffsetDateTime::now_utc()).max(Duration::ZERO));
    let wait = until_date.unwrap_or_else(|| asked_wait(response.headers(), &none));
    if until_date.is_none() && wait <= MAX_SERVICE_WAIT {
        return response;
    }
    let wait = wait.min(MAX_SERVICE_WAIT);
    // Whole seconds, rounded up: a service asking to wait must not be asked again too early.
    let seconds = wait.whole_seconds() + i64::from(wait.subsec_nanoseconds() > 0);
    let (status, mut headers, body) = response.deconstruct();
    for name in RETRY_AFTER_HEADERS {
        headers.remove(name.clone());
    }
    headers.insert(headers::RETRY_AFTER, seconds.to_string());
    AsyncRawResponse::new(status, headers, Box::pin(body))
}

/// The date of a `Retry-After` that is an HTTP date azure_core cannot read (it reads only the
/// preferred form, in its exact case), where no millisecond header (which azure_core reads
/// first) says otherwise. A header azure_core reads is left as the service sent it.
fn retry_after_date(headers: &Headers) -> Option<OffsetDateTime> {
    if RETRY_AFTER_HEADERS
        .iter()
        .any(|name| *name != headers::RETRY_AFTER && super::header_str(headers, name).is_some())
    {
        return None;
    }
    let value = super::header_str(headers, &headers::RETRY_AFTER)?;
    if value.trim().parse::<i64>().is_ok() || azure_core::time::parse_rfc7231(value).is_ok() {
        return None;
    }
    date_times::parse_rfc7231(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use azure_core::http::StatusCode;

    fn wait_after_cap(name: HeaderName, value: &str) -> Duration {
        let mut headers = Headers::new();
        headers.insert(name, value.to_string());
        let response = cap_service_wait(AsyncRawResponse::from_bytes(
            StatusCode::TooManyRequests,
            headers,
            "",
        ));
        let none = PollerOptions {
            frequency: Duration::ZERO,
            ..Default::default()
        };
        poller::get_retry_after(response.headers(), RETRY_AFTER_HEADERS, &none)
    }

    #[test]
    fn a_wait_over_an_hour_is_capped_and_a_shorter_one_kept() {
        assert_eq!(
            wait_after_cap(headers::RETRY_AFTER, "30"),
            Duration::seconds(30)
        );
        assert_eq!(
            wait_after_cap(headers::RETRY_AFTER, "3600"),
            MAX_SERVICE_WAIT
        );
        assert_eq!(
            wait_after_cap(headers::RETRY_AFTER, "3601"),
            MAX_SERVICE_WAIT
        );
        assert_eq!(
            wait_after_cap(headers::RETRY_AFTER, "315360000000"),
            MAX_SERVICE_WAIT
        );
        assert_eq!(
            wait_after_cap(headers::RETRY_AFTER, "Fri, 31 Dec 9999 23:59:59 GMT"),
            MAX_SERVICE_WAIT
        );
        assert_eq!(
            wait_after_cap(headers::RETRY_AFTER_MS, "999999999999"),
            MAX_SERVICE_WAIT
        );
        assert_eq!(
            wait_after_cap(headers::X_MS_RETRY_AFTER_MS, "1500"),
            Duration::milliseconds(1500)
        );
        // Negative and unreadable values are left to the readers, which ignore them.
        assert_eq!(
            wait_after_cap(headers::RETRY_AFTER, "-5"),
            Duration::seconds(-5)
        );
        assert_eq!(wait_after_cap(headers::RETRY_AFTER, "soon"), Duration::ZERO);
    }

    #[test]
    fn a_retry_after_date_in_any_http_form_is_read() {
        let in_a_minute = OffsetDateTime::now_utc() + Duration::seconds(60);
        let preferred = date_times::to_rfc7231(&in_a_minute);
        for date in [
            preferred.to_lowercase(),
            in_a_minute
                .format(time::macros::format_description!(
                    "[weekday], [day]-[month repr:short]-[year repr:last_two] [hour]:[minute]:[second] GMT"
                ))
                .expect("an RFC 850 date"),
        ] {
            let wait = wait_after_cap(headers::RETRY_AFTER, &date);
            assert!(
                wait > Duration::seconds(50) && wait <= Duration::seconds(60),
                "{date}: {wait}"
            );
        }
        assert_eq!(
            wait_after_cap(headers::RETRY_AFTER, "fri, 31 dec 9999 23:59:59 gmt"),
            MAX_SERVICE_WAIT
        );
        // A date in the past is no wait.
        assert_eq!(
            wait_after_cap(headers::RETRY_AFTER, "Sun, 06 Nov 1994 08:49:37 GMT"),
            Duration::ZERO
        );
    }
}
