//! How much of a response the client reads.
//!
//! azure_core reads a response body whole, whatever its size, so an answer of gigabytes (from a
//! faulty service, or anything between it and the client) would take as much of the caller's
//! memory. ARM answers are small: one resource, or one page of a list. So the client reads every
//! body here, on each try, up to a limit ([`ArmClientOptions::max_response_body`],
//! [`DEFAULT_MAX_RESPONSE_BODY`] unless set): a `Content-Length` over it is refused before any of
//! the body is read, and a body without one is refused as soon as it passes the limit.
//!
//! [`ArmClientOptions::max_response_body`]: super::ArmClientOptions::max_response_body

use azure_core::error::{Error, ErrorKind};
use azure_core::http::headers::CONTENT_LENGTH;
use azure_core::http::policies::{Policy, PolicyResult};
use azure_core::http::{AsyncRawResponse, Context, Method, Request, StatusCode};
use futures::StreamExt;
use std::fmt;
use std::sync::Arc;

/// The largest response body a client reads unless its options say otherwise: 64 MiB, far
/// beyond any ARM resource or page, and small enough for any caller's memory.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 64 << 20;

/// The most room set aside for a body before it is read.
const PREALLOCATED: u64 = 4 << 20;

/// A response body was larger than the client's limit
/// ([`ArmClientOptions::max_response_body`](super::ArmClientOptions::max_response_body)), so it
/// was not read. The error carrying it has `ErrorKind::Other`, and is not retried.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseTooLarge {
    /// The response's status.
    pub status: StatusCode,
    /// The limit, in bytes.
    pub limit: usize,
    /// The `Content-Length` the response announced, when that was what passed the limit (no
    /// byte of the body was read); `None` when the body passed it while being read.
    pub content_length: Option<u64>,
}

impl fmt::Display for ResponseTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the response body (status {}) is larger than the client's limit of {} bytes",
            u16::from(self.status),
            self.limit
        )?;
        if let Some(length) = self.content_length {
            write!(f, " (Content-Length {length})")?;
        }
        write!(f, "; ArmClientOptions::max_response_body raises the limit")
    }
}

impl std::error::Error for ResponseTooLarge {}

impl ResponseTooLarge {
    fn into_error(self) -> Error {
        let message = self.to_string();
        Error::with_error(ErrorKind::Other, self, message)
    }
}

/// `error` itself, or, when it wraps a [`ResponseTooLarge`] (azure_core's retry policy wraps
/// every error it does not retry, as "non-transport error occurred which will not be
/// retried"), that refusal as the error: what the caller needs to read and downcast.
pub(crate) fn unwrapped(error: Error) -> Error {
    let mut current = &error;
    loop {
        if let Some(refused) = current.downcast_ref::<ResponseTooLarge>() {
            return refused.clone().into_error();
        }
        match current.downcast_ref::<Error>() {
            Some(inner) => current = inner,
            None => return error,
        }
    }
}

/// The pipeline policy that reads each response body, up to `limit` bytes. It is the last
/// policy before the transport, so it runs on every try, and a connection that fails in the
/// middle of a body is still an I/O error that azure_core's retry policy retries.
#[derive(Debug)]
pub(crate) struct ReadBody {
    pub(crate) limit: usize,
}

#[async_trait::async_trait]
impl Policy for ReadBody {
    async fn send(
        &self,
        ctx: &Context,
        request: &mut Request,
        next: &[Arc<dyn Policy>],
    ) -> PolicyResult {
        let response = next[0].send(ctx, request, &next[1..]).await?;
        let (status, headers, mut body) = response.deconstruct();
        let too_large = |content_length| {
            ResponseTooLarge {
                status,
                limit: self.limit,
                content_length,
            }
            .into_error()
        };
        // A HEAD's Content-Length is that of the body a GET would have; it has none.
        let announced = match request.method() {
            Method::Head => None,
            _ => super::header_str(&headers, &CONTENT_LENGTH)
                .and_then(|value| value.trim().parse::<u64>().ok()),
        };
        if let Some(length) = announced.filter(|&length| length > self.limit as u64) {
            return Err(too_large(Some(length)));
        }
        // Room for what the answer announced, up to a few MiB: a false `Content-Length` must
        // not make the client set aside the whole limit for a short body.
        let mut read =
            Vec::with_capacity(announced.map_or(0, |length| length.min(PREALLOCATED) as usize));
        while let Some(chunk) = body.next().await {
            let chunk = chunk?;
            if chunk.len() > self.limit - read.len() {
                return Err(too_large(None));
            }
            read.extend_from_slice(&chunk);
        }
        Ok(AsyncRawResponse::from_bytes(status, headers, read))
    }
}
