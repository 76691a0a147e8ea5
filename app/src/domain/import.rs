//! An overlap file's way from upload to import (issue 13), as its page shows it: the
//! mapping the user may fix, what importing would do, and how far an import has got.

use serde::{Deserialize, Serialize};

use super::overlap::{Column, Mapping, Preview};

/// Rejected rows a page lists at most; the count says how many there are in all.
pub const REJECTED_SHOWN: usize = 100;

/// Where an upload stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportState {
    /// Read and waiting for the user to check the preview and confirm.
    Uploaded,
    /// Being written: `done` of `total` accounts so far.
    Importing { done: i64, total: i64 },
    /// Written: what it did.
    Imported {
        new: i64,
        updated: i64,
        unchanged: i64,
    },
    /// The file could not be read: why, in a sentence.
    Refused(String),
    /// The import stopped: why.
    Failed(String),
}

/// An upload's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportView {
    pub upload_id: i64,
    pub partnership_id: i64,
    pub partnership: String,
    pub file_name: String,
    pub state: ImportState,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    /// What importing by `mapping` would do, or why the mapping cannot be used; the
    /// rejected rows cut to `REJECTED_SHOWN`.
    pub preview: Result<Preview, String>,
    pub rejected_total: usize,
}

/// The mapping an address or a form carries, one `map_<column>` parameter per column (an
/// empty value: not in the file); `None` when it carries none, so the headers' guess
/// stands.
pub fn mapping_from_params(param: impl Fn(&str) -> Option<String>) -> Option<Mapping> {
    let mut found = false;
    let mut mapping = Vec::new();
    for column in Column::ALL {
        if let Some(value) = param(&format!("map_{}", column.key())) {
            found = true;
            if let Ok(index) = value.parse::<usize>() {
                mapping.push((column, index));
            }
        }
    }
    found.then_some(Mapping(mapping))
}

/// The mapping as one form value (a query string of `mapping_params`), for the confirm
/// form's hidden field.
pub fn mapping_text(mapping: &Mapping) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(mapping_params(mapping))
        .finish()
}

/// Reads `mapping_text` back.
pub fn mapping_of_text(text: &str) -> Option<Mapping> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect();
    mapping_from_params(|name| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    })
}

/// The parameters `mapping_from_params` reads back, every column named.
pub fn mapping_params(mapping: &Mapping) -> Vec<(String, String)> {
    Column::ALL
        .iter()
        .map(|column| {
            let value = mapping.index(*column).map(|i| i.to_string());
            (format!("map_{}", column.key()), value.unwrap_or_default())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_survives_its_parameters_and_none_means_the_guess() {
        let mapping = Mapping(vec![(Column::Company, 2), (Column::Domain, 0)]);
        let params = mapping_params(&mapping);
        assert_eq!(params.len(), Column::ALL.len());
        let read = mapping_from_params(|name| {
            params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        })
        .unwrap();
        assert_eq!(read.index(Column::Company), Some(2));
        assert_eq!(read.index(Column::Domain), Some(0));
        assert_eq!(read.index(Column::Segment), None);
        assert_eq!(mapping_from_params(|_| None), None);
        assert_eq!(mapping_of_text(&mapping_text(&mapping)), Some(read));
    }
}
