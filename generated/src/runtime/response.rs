//! Reading typed values out of a raw response.

use azure_core::error::{Error, ErrorKind};
use azure_core::http::RawResponse;
use azure_core::http::headers::HeaderName;
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
    response
        .headers()
        .get_optional_str(&HeaderName::from(name.to_string()))
        .and_then(|value| value.trim().parse().ok())
}
