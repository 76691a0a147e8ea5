//! How a page's data travels from the server-rendered HTML to the browser, and what
//! server functions answer in.
//!
//! Both are postcard: a compact binary form whose reader is a few instructions per field,
//! where a JSON reader per data type (keys matched by name, whitespace, escapes) was a
//! tenth of the plan pages' code (issue 14, lever 3). The page's copy is postcard in
//! base64, as the page holds it in a script's string; server functions answer with the
//! same bytes (`output = Postcard`), so the browser holds one reader per type for both.
//! Refusals (`AppError`) stay JSON, as plain forms carry them in the address and
//! `save_field`'s answers stay JSON for the scripts that drive it (scripts/bench).
//!
//! Postcard is not self-describing: a tab from an older build would misread a changed
//! type rather than fail. The build id (build.rs) is what makes it safe: the server
//! answers a call from another build with "reload" before anything is decoded.

use base64::Engine as _;
use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::{de::DeserializeOwned, Serialize};

/// Why a page's copy of its data could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum PageDataError {
    #[error("the page's data is not base64: {0}")]
    Text(#[from] base64::DecodeError),
    #[error("the page's data does not read as its type: {0}")]
    Value(#[from] postcard::Error),
}

/// Postcard, written as base64 text into the page.
pub struct PostcardText;

impl<T: Serialize> Encoder<T> for PostcardText {
    type Error = PageDataError;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, Self::Error> {
        let bytes = postcard::to_allocvec(value)?;
        Ok(base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes))
    }
}

impl<T: DeserializeOwned> Decoder<T> for PostcardText {
    type Error = PageDataError;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, Self::Error> {
        Ok(postcard::from_bytes(&page_bytes(text)?)?)
    }
}

/// The bytes of a page's copy of its data, from the text the page holds it as (also what
/// the server's tests read a page's data with).
pub fn page_bytes(text: &str) -> Result<Vec<u8>, PageDataError> {
    Ok(base64::engine::general_purpose::STANDARD_NO_PAD.decode(text)?)
}

/// A resource whose value the server renders into the page and the browser hydrates from.
pub type PageData<T> = Resource<T, PostcardText>;

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
        let text = PostcardText::encode(&value).expect("encodes");
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/'),
            "plain text a script's string holds as it is: {text}"
        );
        let back: Result<Vec<(i64, String)>, String> =
            PostcardText::decode(&text).expect("decodes");
        assert_eq!(back, value);
    }

    #[test]
    fn a_copy_of_another_shape_is_an_error_not_a_value() {
        let text = PostcardText::encode(&(7u8, "seven".to_string())).expect("encodes");
        let misread: Result<(String, String), _> = PostcardText::decode(&text);
        assert!(misread.is_err());
        let garbled: Result<String, _> = PostcardText::decode("not base64!");
        assert!(matches!(garbled, Err(PageDataError::Text(_))));
    }
}
