//! The secrets a URL carries (calendar feed keys, shared-link tokens): 128 bits from the
//! operating system's random source, written as 32 hex digits (URL-safe), and stored
//! only as their SHA-256, so the database cannot give one away.

use sha2::{Digest, Sha256};

use super::{StoreError, StoreResult};

pub fn new_token() -> StoreResult<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Invalid(format!("no random source: {e}")))?;
    Ok(hex::encode(bytes))
}

/// What is stored and looked up in place of a token.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `text` could be a token at all: anything else is not looked up.
pub fn is_token(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}
