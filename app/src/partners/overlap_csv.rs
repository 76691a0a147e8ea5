//! Reading an overlap export (issue 13): bytes to rows by the `csv` crate (quotes, commas
//! and newlines in fields, CRLF), after the checks a person gets a clear message for:
//! size, encoding (UTF-8, with or without its byte-order mark) and row count.

use crate::domain::overlap::{self, Mapping, OverlapAccount, Rejected, FILE_MAX_BYTES, ROWS_MAX};

/// The file's header and rows, each with its line (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads the file, or says in one sentence why it cannot be read.
pub fn read(bytes: &[u8]) -> Result<Table, String> {
    if bytes.len() > FILE_MAX_BYTES {
        return Err(format!(
            "The file is {:.1} MB; an import takes at most 10 MB. Split it and import each part.",
            bytes.len() as f64 / (1024.0 * 1024.0)
        ));
    }
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "The file is not UTF-8 text (at byte {}): export it again as “CSV UTF-8”.",
            e.valid_up_to()
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("The header line cannot be read: {e}"))?
        .iter()
        .map(str::to_string)
        .collect();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err("The file has no header line: its first line must name the columns.".into());
    }
    let mut rows = Vec::new();
    // Lines are counted here, from where each record starts: the crate's own count is one
    // short after CRLF line ends (BurntSushi/rust-csv#395) and after a blank line (#208).
    let (mut counted_to, mut line) = (0usize, 1u64);
    let mut line_of = |start: u64| {
        let mut start = (start as usize).min(text.len());
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let skipped = &text.as_bytes()[counted_to.min(start)..start];
        line += skipped.iter().filter(|b| **b == b'\n').count() as u64;
        counted_to = counted_to.max(start);
        line
    };
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            format!("Line {line} cannot be read: {e}")
        })?;
        if rows.len() == ROWS_MAX {
            return Err(format!(
                "The file has more than {ROWS_MAX} rows; an import takes at most {ROWS_MAX}. Split it and import each part."
            ));
        }
        let line = record.position().map_or(0, |p| line_of(p.byte()));
        // A blank line is no account, and no mistake either.
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(Table { headers, rows })
}

/// The file's accounts by `mapping` (or the one its headers suggest), and the rows refused
/// with their lines and reasons.
pub fn accounts(
    table: &Table,
    mapping: Option<Mapping>,
) -> Result<(Mapping, Vec<OverlapAccount>, Vec<Rejected>), String> {
    let mapping = mapping.unwrap_or_else(|| Mapping::guess(&table.headers));
    mapping.check(table.headers.len())?;
    let (mut good, mut rejected) = (Vec::new(), Vec::new());
    for (line, fields) in &table.rows {
        match overlap::read_row(&mapping, fields) {
            Ok(account) => good.push(account),
            Err(reason) => rejected.push(Rejected {
                line: *line,
                reason,
            }),
        }
    }
    Ok((mapping, good, rejected))
}

#[cfg(test)]
mod tests;
