//! The `Poller` every `begin_*` method returns: azure_core's `Poller`, made safe to misuse.
//!
//! azure_core 1.1's `Poller` is a `futures::stream::unfold` underneath, which panics when it is
//! polled again after it has ended; and `.await`ing it drains that stream first. So reading the
//! stream to its end (`while let Some(step) = poller.try_next().await? {}`, as azure_core's own
//! documentation does) and then awaiting it, or reading past the end, panicked. This wrapper
//! stops the stream itself at the last step, so the inner stream is never polled past its end:
//! after the last step (or an error) the stream yields `None` for ever, and `.await` gives the
//! result, or an error if the operation had already failed.

use super::lro::OperationStatus;
use azure_core::error::{Error, ErrorKind};
use azure_core::http::Response;
use futures::Stream;
use serde::de::DeserializeOwned;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};

/// A long-running operation in progress. `.await` it for the final result (`None` when the
/// operation ends without a body), or read it as a stream of [`OperationStatus`] steps: the
/// stream ends after the last step, and the poller can then still be awaited for the result.
/// Reading past the end yields `None`, never a panic.
#[must_use = "a poller sends nothing until it is awaited or read as a stream"]
pub struct Poller<T: DeserializeOwned + Send + 'static> {
    inner: azure_core::http::Poller<OperationStatus<T>>,
    /// Set by the operation when it returns its last step (success, failure or an error).
    last_step_sent: Arc<AtomicBool>,
    ended: Option<Ended>,
}

/// Why the stream ended.
enum Ended {
    /// The last step was read; the inner stream's next answer is its end.
    Succeeded,
    /// The stream yielded this error; awaiting the poller repeats it.
    Failed { kind: ErrorKind, message: String },
}

impl<T: DeserializeOwned + Send + 'static> Poller<T> {
    /// `inner`, whose operation sets `last_step_sent` when it returns its last step.
    pub(crate) fn new(
        inner: azure_core::http::Poller<OperationStatus<T>>,
        last_step_sent: Arc<AtomicBool>,
    ) -> Self {
        Poller {
            inner,
            last_step_sent,
            ended: None,
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for Poller<T> {
    type Item = azure_core::Result<Response<OperationStatus<T>>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.ended.is_some() {
            return Poll::Ready(None);
        }
        let item = ready!(Pin::new(&mut this.inner).poll_next(cx));
        match &item {
            Some(Ok(_)) if this.last_step_sent.load(Ordering::Acquire) => {
                this.ended = Some(Ended::Succeeded);
            }
            Some(Ok(_)) => {}
            Some(Err(error)) => {
                this.ended = Some(Ended::Failed {
                    kind: error.kind().clone(),
                    message: error.to_string(),
                });
            }
            // Not reached: the stream is stopped at its last step, before the inner one ends.
            None => {
                this.ended = Some(Ended::Failed {
                    kind: ErrorKind::Other,
                    message: "the operation's status stream ended without a result".into(),
                });
            }
        }
        Poll::Ready(item)
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for Poller<T> {
    type Output = azure_core::Result<Response<Option<T>>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        match self.ended {
            // azure_core's own future reads what is left of the stream (nothing, after the
            // last step: its end), then fetches the result.
            None | Some(Ended::Succeeded) => self.inner.into_future(),
            Some(Ended::Failed { kind, message }) => {
                Box::pin(std::future::ready(Err(Error::with_message(
                    kind,
                    format!("the poller already ended with this error: {message}"),
                ))))
            }
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> fmt::Debug for Poller<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Poller")
            .field("ended", &self.ended.is_some())
            .finish_non_exhaustive()
    }
}
