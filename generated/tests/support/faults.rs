//! A raw TCP server on 127.0.0.1 for byte-level faults: each connection gets one scripted
//! [`Fault`] (the last one repeats), written byte by byte, so a test can send what no
//! well-behaved HTTP server would (a reset in the middle of the headers, a body shorter than its
//! `Content-Length`, bytes that are not UTF-8 in a header, a server that never answers).

use super::{Received, ToLoopback};
use azure_arm_private_endpoints::ArmClientOptions;
use azure_core::http::{ClientOptions, ExponentialRetryOptions, RetryOptions, Transport, Url};
use azure_core::time::Duration;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one connection.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Close the connection at once, before reading the request.
    CloseAtOnce,
    /// Read the request, then write these bytes and close normally (FIN).
    Write(Vec<u8>),
    /// Read the request, write these bytes, then reset the connection (RST).
    WriteThenReset(Vec<u8>),
    /// Read the request, write these bytes, then hold the connection open forever.
    WriteThenStall(Vec<u8>),
    /// A complete answer with a body of `len` bytes: `prefix`, then `fill` repeated, then
    /// `suffix`, streamed in chunks (for bodies too large to script as one buffer).
    Large {
        status: u16,
        prefix: Vec<u8>,
        fill: u8,
        suffix: Vec<u8>,
        len: usize,
    },
}

impl Fault {
    /// A complete, well-formed answer.
    pub fn reply(reply: &super::Reply) -> Fault {
        Fault::Write(response_bytes(reply))
    }
}

/// The bytes of a well-formed HTTP/1.1 answer (`Content-Length` from the body).
pub fn response_bytes(reply: &super::Reply) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {} Scripted\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        reply.body.len()
    ));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&reply.body);
    bytes
}

/// The raw server. It counts connections, and records every request it could read.
pub struct FaultServer {
    address: std::net::SocketAddr,
    connections: Arc<Mutex<usize>>,
    received: Arc<Mutex<Vec<Received>>>,
}

impl FaultServer {
    pub async fn start(faults: Vec<Fault>) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address = listener.local_addr().expect("address");
        let connections = Arc::new(Mutex::new(0));
        let received = Arc::new(Mutex::new(Vec::new()));
        let (count, log) = (connections.clone(), received.clone());
        tokio::spawn(async move {
            let mut faults = faults.into_iter();
            let mut last = Fault::CloseAtOnce;
            while let Ok((stream, _)) = listener.accept().await {
                *count.lock().expect("lock") += 1;
                if let Some(next) = faults.next() {
                    last = next;
                }
                let fault = last.clone();
                let log = log.clone();
                tokio::spawn(async move { serve(stream, fault, log).await });
            }
        });
        FaultServer {
            address,
            connections,
            received,
        }
    }

    /// Client options that send the logical endpoint's requests here, as
    /// [`super::Server::options`] does, with azure_core's retry policy at short delays.
    pub fn options(&self) -> ArmClientOptions {
        options_for(self.address)
    }

    pub fn address(&self) -> std::net::SocketAddr {
        self.address
    }

    pub fn connections(&self) -> usize {
        *self.connections.lock().expect("lock")
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }
}

/// Client options that send the logical endpoint's requests to `address`, retrying at most
/// twice, 10 ms apart at first, so that a fault that is retried costs little (even off the
/// paused clock).
pub fn options_for(address: std::net::SocketAddr) -> ArmClientOptions {
    let mut client_options = ClientOptions::default();
    let base = Url::parse(&format!("http://{address}")).expect("url");
    client_options.transport = Some(Transport::new(Arc::new(ToLoopback {
        inner: azure_core::http::new_http_client(None),
        base,
    })));
    client_options.retry = RetryOptions::exponential(ExponentialRetryOptions {
        max_retries: 2,
        initial_delay: Duration::milliseconds(10),
        max_delay: Duration::seconds(1),
        ..Default::default()
    });
    ArmClientOptions {
        client_options,
        ..Default::default()
    }
}

/// Makes closing `stream` a reset (RST) rather than a clean close (FIN). `SO_LINGER` is
/// deprecated in tokio because a non-zero linger blocks the dropping thread; a zero linger
/// does not block, it discards what is unsent and resets.
#[allow(deprecated)]
fn reset_on_close(stream: &TcpStream) {
    let _ = stream.set_linger(Some(std::time::Duration::ZERO));
}

async fn serve(mut stream: TcpStream, fault: Fault, log: Arc<Mutex<Vec<Received>>>) {
    if matches!(fault, Fault::CloseAtOnce) {
        // The close is a reset, as a crashed server's would be.
        reset_on_close(&stream);
        return;
    }
    let Some(request) = super::read_request(&mut stream).await else {
        return;
    };
    log.lock().expect("lock").push(request);
    match fault {
        Fault::CloseAtOnce => {}
        Fault::Write(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Fault::WriteThenReset(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            reset_on_close(&stream);
        }
        Fault::WriteThenStall(bytes) => {
            let _ = stream.write_all(&bytes).await;
            // Keep reading (and ignoring) until the client gives up and closes.
            let mut sink = [0u8; 1024];
            while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
        }
        Fault::Large {
            status,
            prefix,
            fill,
            suffix,
            len,
        } => {
            let head = format!(
                "HTTP/1.1 {status} Scripted\r\ncontent-type: application/json\r\ncontent-length: {len}\r\nconnection: close\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).await.is_err()
                || stream.write_all(&prefix).await.is_err()
            {
                return;
            }
            let chunk = vec![fill; 1 << 20];
            let mut left = len - prefix.len() - suffix.len();
            while left > 0 {
                let n = left.min(chunk.len());
                if stream.write_all(&chunk[..n]).await.is_err() {
                    return;
                }
                left -= n;
            }
            let _ = stream.write_all(&suffix).await;
            let _ = stream.shutdown().await;
        }
    }
}
