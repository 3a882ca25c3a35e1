//! Reading typed values out of a raw response.

use azure_core::error::{Error, ErrorKind};
use azure_core::http::RawResponse;
use azure_core::http::headers::{HeaderName, Headers};
use serde::de::DeserializeOwned;
use std::str::FromStr;

/// The body as `T`; a body that is not the documented JSON is an error naming the status.
pub(crate) fn json_body<T: DeserializeOwned>(response: &RawResponse) -> azure_core::Result<T> {
    serde_json::from_slice(response.body()).map_err(|e| {
        Error::with_error(
            ErrorKind::DataConversion,
            e,
            format!(
                "the {} response body is not the documented JSON: {}",
                u16::from(response.status()),
                super::error::excerpt(response.body())
            ),
        )
    })
}

/// A response header as `T`. Absent or unparsable values are `None`: a header never makes a
/// successful call fail.
pub(crate) fn header<T: FromStr>(response: &RawResponse, name: &'static str) -> Option<T> {
    header_str(response.headers(), &HeaderName::from_static(name))
        .and_then(|value| value.trim().parse().ok())
}

/// A text header accessor's value (`name` in lowercase, as lowering writes it).
pub(crate) fn header_text(headers: &Headers, name: &'static str) -> Option<String> {
    header_str(headers, &HeaderName::from_static(name)).map(str::to_string)
}

/// A typed header accessor's value (`name` in lowercase): absent is `None`, and a value that
/// does not parse is an error naming the header and the value.
pub(crate) fn header_as<T>(headers: &Headers, name: &'static str) -> azure_core::Result<Option<T>>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    header_str(headers, &HeaderName::from_static(name))
        .map(|value| {
            value.parse().map_err(|e| {
                let message = format!(
                    "the {name} header {value:?} is not a {}",
                    std::any::type_name::<T>()
                );
                Error::with_error(ErrorKind::DataConversion, e, message)
            })
        })
        .transpose()
}

/// A header's text, if the response has it.
///
/// Not azure_core 1.1's lookups: `get_optional_str` and `get_optional_string` build a "header
/// not found" error for an absent header and drop it (capturing a backtrace when
/// `RUST_BACKTRACE` is set), and `get_optional_with` formats its parse-error message even for a
/// header that parses. Those costs were a third of a call's. A response has a few headers, so
/// a scan is cheap.
pub(crate) fn header_str<'a>(headers: &'a Headers, name: &HeaderName) -> Option<&'a str> {
    headers
        .iter()
        .find(|(candidate, _)| *candidate == name)
        .map(|(_, value)| value.as_str())
}
