//! The build a page belongs to. Every page names its build (the content hash of its
//! browser bundle) in a `<meta>`; every server-function call from the page, page-data
//! reads included, sends it back in a header; the server answers a call from another
//! build with "reload" before it decodes anything (server/src/guard.rs). A tab left open
//! across a deploy is then told so in words, instead of having its arguments read by code
//! that expects other ones: what makes changing an argument or the wire format safe.
//!
//! Plain forms (JavaScript off) send no header: their fields are read by name and checked
//! like any input.

use leptos::server_fn::client::browser::BrowserClient;
use leptos::server_fn::client::Client;
use leptos::server_fn::error::FromServerFnError;
use leptos::server_fn::request::browser::BrowserRequest;
use leptos::server_fn::response::browser::BrowserResponse;
use leptos::server_fn::Bytes;

/// The header a page's calls carry the page's build in.
pub const HEADER: &str = "x-coplan-build";
/// The `<meta name>` the page carries its build in.
pub const META_NAME: &str = "coplan-build";

/// The browser's `fetch`, with the page's build on every request. Every server function
/// names it (`client = crate::build::BuildClient`; a test in components.rs checks each).
pub struct BuildClient;

impl<E, InputStreamError, OutputStreamError> Client<E, InputStreamError, OutputStreamError>
    for BuildClient
where
    E: FromServerFnError,
    InputStreamError: FromServerFnError,
    OutputStreamError: FromServerFnError,
{
    type Request = BrowserRequest;
    type Response = BrowserResponse;

    fn send(
        request: BrowserRequest,
    ) -> impl std::future::Future<Output = Result<BrowserResponse, E>> + Send {
        #[cfg(feature = "hydrate")]
        request.headers().set(HEADER, &page_build());
        <BrowserClient as Client<E, InputStreamError, OutputStreamError>>::send(request)
    }

    #[allow(clippy::type_complexity)]
    fn open_websocket(
        path: &str,
    ) -> impl std::future::Future<
        Output = Result<
            (
                impl futures::Stream<Item = Result<Bytes, Bytes>> + Send + 'static,
                impl futures::Sink<Bytes> + Send + 'static,
            ),
            E,
        >,
    > + Send {
        <BrowserClient as Client<E, InputStreamError, OutputStreamError>>::open_websocket(path)
    }

    fn spawn(future: impl std::future::Future<Output = ()> + Send + 'static) {
        <BrowserClient as Client<E, InputStreamError, OutputStreamError>>::spawn(future)
    }
}

/// The build named by the page this script runs in, read once.
#[cfg(feature = "hydrate")]
fn page_build() -> String {
    thread_local! {
        static BUILD: String = leptos::prelude::document()
            .query_selector(&format!("meta[name=\"{META_NAME}\"]"))
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"))
            .unwrap_or_default();
    }
    BUILD.with(Clone::clone)
}
