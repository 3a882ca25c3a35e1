//! Service errors: any status an operation does not document.

use azure_core::error::{Error, ErrorKind};
use azure_core::http::headers::Headers;
use azure_core::http::{RawResponse, StatusCode, Url};
use serde::de::DeserializeOwned;
use std::fmt;

/// Implemented by each module's generated `ServiceError`, which parses that service's own
/// error model.
pub trait ServiceError: std::error::Error + Send + Sync + Sized + 'static {
    /// Reads an error response. Never fails: a body that is not the documented JSON is kept
    /// as raw text.
    fn from_response(status: StatusCode, headers: &Headers, body: &[u8]) -> Self;

    /// The service's error code, if it sent one.
    fn code(&self) -> Option<&str>;

    /// The service's error message, if its error model has one and it sent one.
    fn message(&self) -> Option<&str>;

    /// The `x-ms-request-id` header, if the service sent one.
    fn request_id(&self) -> Option<&str>;

    /// The body as received.
    fn raw_body(&self) -> &str;
}

/// The error detail `D` (`{code, message, ...}`) of an error body, in either shape ARM services
/// send: inside an envelope (`{"error": {...}}`, ARM's ErrorResponse and CloudError) or bare.
/// Some services send the bare detail although their spec documents the envelope, and the
/// other way round, so both are read whichever the spec names. `envelope` is the envelope's
/// property, `None` when the detail itself has a property of that name. `None` when the body
/// is not a JSON object or its detail is not a `D`.
pub(crate) fn error_detail<D: DeserializeOwned>(body: &[u8], envelope: Option<&str>) -> Option<D> {
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    if let Some(detail) = envelope
        .and_then(|name| json.get(name))
        .filter(|detail| detail.is_object())
    {
        return D::deserialize(detail).ok();
    }
    json.is_object()
        .then(|| D::deserialize(&json).ok())
        .flatten()
}

/// `: code: message (request id …)`, or the raw body when the service sent neither code nor
/// message: what every service error and failed operation says after its headline.
pub(crate) fn write_error_detail(
    f: &mut fmt::Formatter<'_>,
    error: &impl ServiceError,
) -> fmt::Result {
    match (error.code(), error.message()) {
        (Some(code), Some(message)) => write!(f, ": {code}: {message}")?,
        (Some(text), None) | (None, Some(text)) => write!(f, ": {text}")?,
        (None, None) if !error.raw_body().is_empty() => {
            write!(f, ": {}", excerpt(error.raw_body().as_bytes()))?
        }
        (None, None) => {}
    }
    if let Some(request_id) = error.request_id() {
        write!(f, " (request id {request_id})")?;
    }
    Ok(())
}

/// The longest part of a body an error message quotes.
const EXCERPT_BYTES: usize = 1024;

/// A body as an error message quotes it: as text, and cut after [`EXCERPT_BYTES`] (on a
/// character boundary) with its full length, so that a huge error page cannot make a huge
/// message. The whole body stays available where the error keeps it (`raw_body`).
pub(crate) fn excerpt(body: &[u8]) -> String {
    if body.len() <= EXCERPT_BYTES {
        return String::from_utf8_lossy(body).into_owned();
    }
    let text = String::from_utf8_lossy(&body[..EXCERPT_BYTES]);
    // A character cut in two decodes as one replacement character at the end: drop it.
    let text = text.strip_suffix('\u{FFFD}').unwrap_or(&text);
    format!("{text}… ({} bytes in all)", body.len())
}

/// The `azure_core::Error` for an undocumented status. Its kind is `HttpResponse`, and
/// `error.downcast_ref::<module::ServiceError>()` gives the typed fields.
pub(crate) fn http_error<E: ServiceError>(response: RawResponse) -> Error {
    let status = response.status();
    let error = E::from_response(status, response.headers(), response.body());
    let message = error.to_string();
    let kind = ErrorKind::HttpResponse {
        status,
        error_code: error.code().map(str::to_string),
        raw_response: Some(Box::new(response)),
    };
    Error::with_error(kind, error, message)
}

/// The `azure_core::Error` for a long-running operation that ended `Failed` or `Canceled`:
/// the status monitor's `error` object (or the resource's body), read as the service's error
/// model. Its `status` is that of the response that said so, usually 200.
pub(crate) fn operation_failed<E: ServiceError>(response: &RawResponse, state: &str) -> Error {
    struct Headline<'a, E>(&'a str, &'a E);
    impl<E: ServiceError> fmt::Display for Headline<'_, E> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "the long-running operation ended {}", self.0)?;
            write_error_detail(f, self.1)
        }
    }
    let error = E::from_response(response.status(), response.headers(), response.body());
    let message = Headline(state, &error).to_string();
    Error::with_error(ErrorKind::Other, error, message)
}

/// A URL the service asked the client to follow (a long-running operation's poll URL, or a
/// list's next link) is on another host than the client's endpoint. No request was sent to
/// it: the bearer token must never leave the endpoint's host. (The name predates paging.)
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ForeignPollUrl {
    /// The URL the service asked the client to follow.
    pub url: String,
    /// The client's endpoint.
    pub endpoint: String,
}

impl fmt::Display for ForeignPollUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "refusing to follow {}: it is not on the client's endpoint {} (the bearer token stays there)",
            self.url, self.endpoint
        )
    }
}

impl std::error::Error for ForeignPollUrl {}

/// Refuses `url` unless scheme, host and port equal the endpoint's.
pub(crate) fn check_same_origin(url: &Url, endpoint: &Url) -> azure_core::Result<()> {
    let same = url.scheme() == endpoint.scheme()
        && url.host_str() == endpoint.host_str()
        && url.port_or_known_default() == endpoint.port_or_known_default();
    if same {
        return Ok(());
    }
    let refused = ForeignPollUrl {
        url: url.to_string(),
        endpoint: endpoint.to_string(),
    };
    let message = refused.to_string();
    Err(Error::with_error(ErrorKind::Other, refused, message))
}

#[cfg(test)]
mod tests {
    use super::{error_detail, excerpt};

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Detail {
        code: Option<String>,
        message: Option<String>,
    }

    fn detail(code: &str, message: &str) -> Option<Detail> {
        Some(Detail {
            code: Some(code.into()),
            message: Some(message.into()),
        })
    }

    #[test]
    fn an_error_detail_reads_inside_its_envelope_or_bare() {
        let enveloped = br#"{"error": {"code": "Busy", "message": "Try later."}}"#;
        let bare = br#"{"code": "Busy", "message": "Try later."}"#;
        for body in [&enveloped[..], &bare[..]] {
            assert_eq!(
                error_detail::<Detail>(body, Some("error")),
                detail("Busy", "Try later."),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        // A detail with an `error` property of its own is read bare only.
        assert_eq!(
            error_detail::<Detail>(enveloped, None),
            Some(Detail {
                code: None,
                message: None
            })
        );
        // Not JSON, not an object, or a detail that is not the model: nothing to read.
        for body in [
            &b"<html>"[..],
            b"[1]",
            br#""Busy""#,
            br#"{"error": {"code": 7}}"#,
            br#"{"code": ["Busy"]}"#,
        ] {
            assert_eq!(error_detail::<Detail>(body, Some("error")), None);
        }
    }

    #[test]
    fn a_short_body_is_quoted_whole_and_a_long_one_cut_with_its_length() {
        assert_eq!(excerpt(b"{\"error\":{}}"), "{\"error\":{}}");
        assert_eq!(excerpt(b"\xff"), "\u{FFFD}");
        // 1 + 2 × 1000 bytes: the cut at 1024 falls inside an `é`, which is left out.
        let long = format!("a{}", "é".repeat(1000));
        let quoted = excerpt(long.as_bytes());
        assert!(
            quoted.starts_with(&format!("a{}", "é".repeat(511))),
            "{quoted}"
        );
        assert!(quoted.ends_with("é… (2001 bytes in all)"), "{quoted}");
        assert!(!quoted.contains('\u{FFFD}'), "{quoted}");
    }
}
