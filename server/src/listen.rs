//! Accepting connections, with the limits `axum::serve` does not set: how long a client
//! may take to send its request headers, and how many connections are open at once.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// How long a client may take to send its request headers, and how many connections may
/// be open at once.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A slow sender otherwise holds its connection (and a task) for as long as it likes.
    /// It is also how long an idle keep-alive connection stays open.
    pub header_read_timeout: Duration,
    /// The next connection waits in the kernel's backlog until one closes.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 1024,
        }
    }
}
/// At shutdown, requests under way get this long to finish.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// How many new connections may wait for the accept loop. `TcpListener::bind`, tokio's as
/// the standard library's, asks the kernel for 128. The soak's 200 sessions connecting at
/// once to a busy debug server overflowed that (the kernel's `ListenOverflows` counted
/// 764 here): a client whose handshake is dropped tries again after 1, 3 and 7 s, longer
/// than Node's 10 s connect timeout on a slow day, and CI's soak failed a page with "fetch
/// failed" (session 16). The kernel caps it at `net.core.somaxconn` (4096 by default).
const BACKLOG: u32 = 1024;

/// A listener on `addr` with room for `BACKLOG` connections waiting to be accepted.
pub fn bind(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    // As `TcpListener::bind` does: a restart need not wait out the old sockets.
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open requests finish.
/// Handlers see the client's address as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        // Waiting for a free slot, the server still hears the shutdown.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment, not a spin.
                    tracing::warn!(%error, "accepting a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // The page streams out in several writes; with Nagle's algorithm on, the last
        // one waited for the client's delayed ACK (40 ms p99 renders in scripts/bench).
        if let Err(error) = stream.set_nodelay(true) {
            tracing::warn!(%error, "TCP_NODELAY");
        }
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            let app = app.clone();
            async move { Ok::<_, Infallible>(app.oneshot(request).await.unwrap_or_else(|e| match e {})) }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %remote, "connection ended");
            }
            drop(slot);
        });
    }
    // No new connections from here on: a client is refused at once instead of waiting in
    // the backlog of a server that will not answer it.
    drop(listener);
    tracing::info!(
        "stopping: requests under way get up to {} s to finish",
        DRAIN_TIMEOUT.as_secs()
    );
    if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still under way at shutdown were cut off");
    }
    Ok(())
}

/// Completes when the server is asked to stop: Ctrl-C, or SIGTERM, what systemd, Docker
/// and Kubernetes send (without it a SIGTERM ended the process with requests half done).
pub async fn stop_requested() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM; Ctrl-C still stops");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A client that sends half its headers and stops is disconnected once the header
    /// timeout passes, instead of holding the connection for good; a whole request is
    /// answered. A short timeout on the real clock keeps the test quick.
    #[tokio::test]
    async fn a_client_that_stops_mid_headers_is_let_go() {
        let limits = Limits {
            header_read_timeout: Duration::from_millis(200),
            max_connections: 4,
        };
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().route("/", axum::routing::get(|| async { "hello" }));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve(listener, app, limits, async {
            let _ = stopped.await;
        }));

        let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        let started = std::time::Instant::now();
        let mut answer = Vec::new();
        // Far longer than the timeout: only a server that lets go ends this read in time.
        let read =
            tokio::time::timeout(Duration::from_secs(10), slow.read_to_end(&mut answer)).await;
        assert!(read.is_ok(), "the server closed the connection");
        assert!(
            started.elapsed() >= Duration::from_millis(150),
            "{:?}",
            started.elapsed()
        );
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "{answer}"
        );

        let mut client = tokio::net::TcpStream::connect(addr).await.unwrap();
        client
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = Vec::new();
        client.read_to_end(&mut answer).await.unwrap();
        assert!(String::from_utf8_lossy(&answer).ends_with("hello"));

        stop.send(()).unwrap();
        server.await.unwrap().unwrap();
    }

    /// 300 clients connect while the server accepts none: every handshake completes
    /// (they wait in the backlog), where `TcpListener::bind`'s 128 would leave the rest
    /// retrying. The bound only stops a failure from hanging; completing takes no time.
    #[tokio::test]
    async fn a_burst_of_connections_waits_in_the_backlog() {
        let listener = bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let addr = listener.local_addr().unwrap();
        let mut waiting = Vec::new();
        for n in 0..300 {
            let connect = tokio::net::TcpStream::connect(addr);
            match tokio::time::timeout(Duration::from_secs(5), connect).await {
                Ok(Ok(stream)) => waiting.push(stream),
                other => panic!("connection {n} did not complete: {other:?}"),
            }
        }
        assert_eq!(waiting.len(), 300);
        drop(listener);
    }

    /// SIGTERM while a request is under way: the request is answered, and only then does
    /// the server return (the process would exit, cutting it off, if it returned first).
    #[tokio::test]
    async fn sigterm_lets_a_request_under_way_finish_before_the_server_returns() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let events = Arc::new(std::sync::Mutex::new(Vec::<&str>::new()));
        let (entered, in_handler) = tokio::sync::oneshot::channel::<()>();
        let entered = Arc::new(std::sync::Mutex::new(Some(entered)));
        let release = Arc::new(tokio::sync::Notify::new());
        let app = Router::new().route(
            "/save",
            axum::routing::post({
                let (events, release) = (events.clone(), release.clone());
                move || async move {
                    if let Some(entered) = entered.lock().unwrap().take() {
                        let _ = entered.send(());
                    }
                    release.notified().await;
                    events.lock().unwrap().push("answered");
                    "saved"
                }
            }),
        );
        let server = tokio::spawn(serve(listener, app, Limits::default(), stop_requested()));

        let mut client = tokio::net::TcpStream::connect(addr).await.unwrap();
        client
            .write_all(b"POST /save HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            .await
            .unwrap();
        in_handler.await.unwrap();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &std::process::id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let stopped = tokio::spawn({
            let events = events.clone();
            async move {
                server.await.unwrap().unwrap();
                events.lock().unwrap().push("stopped");
            }
        });
        release.notify_one();
        let mut answer = Vec::new();
        client.read_to_end(&mut answer).await.unwrap();
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("saved"), "{answer}");
        stopped.await.unwrap();
        assert_eq!(*events.lock().unwrap(), ["answered", "stopped"]);
        assert!(
            tokio::net::TcpStream::connect(addr).await.is_err(),
            "a stopped server takes no connection"
        );
    }
}
