//! How a page's data travels from the server-rendered HTML to the browser.
//!
//! Leptos' default resource codec reads the serialized value with `serde_json::from_str`,
//! while server functions answer through `serde_json::from_slice`: the browser bundle then
//! holds two copies of every data type's JSON reader (a sixth of its code, measured with
//! `scripts/wasm-crates.py`). This codec reads the page's copy as bytes too, so both paths
//! share one reader. The text on the wire is the same JSON.

use leptos::prelude::*;
use leptos::serde_json;
use leptos::server::codee::{Decoder, Encoder};
use serde::{de::DeserializeOwned, Serialize};

/// JSON written as text and read back as bytes.
pub struct JsonBytes;

impl<T: Serialize> Encoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, Self::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, Self::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// A resource whose value the server renders into the page and the browser hydrates from.
pub type PageData<T> = Resource<T, JsonBytes>;

/// `Resource::new`, with the codec above: loads again whenever `source` changes.
#[track_caller]
pub fn page_data<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> PageData<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_copy_reads_back_what_the_server_wrote() {
        let value: Result<Vec<(i64, String)>, String> = Ok(vec![(7, "Ünïcode ✓".to_string())]);
        let text = JsonBytes::encode(&value).expect("encodes");
        assert_eq!(text, r#"{"Ok":[[7,"Ünïcode ✓"]]}"#);
        let back: Result<Vec<(i64, String)>, String> = JsonBytes::decode(&text).expect("decodes");
        assert_eq!(back, value);
    }
}
