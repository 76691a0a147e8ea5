//! The overlap import's steps (issue 13): keep an uploaded file, show what importing it
//! would do by a mapping the user may fix, and import it once confirmed, in the
//! background, batch by batch. Reading a large file is CPU work: it runs on tokio's
//! blocking threads, so other requests are answered meanwhile.

use crate::auth::session::Caller;
use crate::domain::import::{ImportState, ImportView, REJECTED_SHOWN};
use crate::domain::overlap::{preview, Mapping, OverlapAccount, Rejected};
use crate::error::AppError;
use crate::store::overlap_uploads::{self, Upload};
use crate::store::{overlap, partnerships};

use super::overlap_csv::{self, Table};

/// Reads `bytes` off the async threads.
async fn read(bytes: Vec<u8>) -> Result<Table, String> {
    tokio::task::spawn_blocking(move || overlap_csv::read(&bytes))
        .await
        .unwrap_or_else(|_| Err("The file could not be read.".into()))
}

type Accounts = (Mapping, Vec<OverlapAccount>, Vec<Rejected>);

/// A file or a mapping that cannot be imported, said on the import's form.
fn refused(reason: String) -> AppError {
    let mut invalid = crate::domain::Invalid::default();
    invalid.check("mapping", Err(reason));
    AppError::Invalid(invalid)
}

/// The file's accounts by `mapping` (or the headers' guess), off the async threads.
async fn accounts(table: Table, mapping: Option<Mapping>) -> (Table, Result<Accounts, String>) {
    tokio::task::spawn_blocking(move || {
        let read = overlap_csv::accounts(&table, mapping);
        (table, read)
    })
    .await
    .unwrap_or_else(|_| {
        let empty = Table {
            headers: vec![],
            rows: vec![],
        };
        (empty, Err("The file could not be read.".into()))
    })
}

/// Keeps an uploaded file for the partnership: its text if it reads, or why not. Answers
/// the upload's id; its page says which.
pub async fn upload(
    caller: &Caller,
    partnership_id: i64,
    file_name: &str,
    file: Result<Vec<u8>, String>,
) -> Result<i64, AppError> {
    let user = caller.require_user().await?;
    let file_name: String = file_name.chars().take(200).collect();
    let content = match file {
        Ok(bytes) => match read(bytes.clone()).await {
            // Kept as text without its byte-order mark: `read` checked it is UTF-8.
            Ok(_) => Ok(String::from_utf8_lossy(
                bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes),
            )
            .into_owned()),
            Err(reason) => Err(reason),
        },
        Err(reason) => Err(reason),
    };
    Ok(overlap_uploads::create(
        &caller.db,
        user.org_id,
        partnership_id,
        &user.display_name,
        &file_name,
        content,
    )
    .await?)
}

fn state_of(upload: &Upload) -> ImportState {
    let counted = |i: usize| -> i64 {
        upload
            .outcome
            .split_whitespace()
            .nth(i)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    match (upload.state.as_str(), &upload.refused) {
        (overlap_uploads::IMPORTING, _) => ImportState::Importing {
            done: upload.done,
            total: upload.total,
        },
        (overlap_uploads::IMPORTED, _) => ImportState::Imported {
            new: counted(0),
            updated: counted(1),
            unchanged: counted(2),
        },
        (_, Some(reason)) if upload.outcome.is_empty() => ImportState::Refused(reason.clone()),
        (_, Some(reason)) => ImportState::Failed(reason.clone()),
        _ => ImportState::Uploaded,
    }
}

/// An upload's page: where it stands and, while it waits, what importing it by `mapping`
/// would do.
pub async fn view(
    caller: &Caller,
    partnership_id: i64,
    upload_id: i64,
    mapping: Option<Mapping>,
) -> Result<ImportView, AppError> {
    let user = caller.require_user().await?;
    let db = &caller.db;
    let upload = overlap_uploads::get(db, user.org_id, partnership_id, upload_id).await?;
    let partnership = partnerships::detail(db, user.org_id, partnership_id).await?;
    let mut view = ImportView {
        upload_id,
        partnership_id,
        partnership: partnership.partnership.name,
        file_name: upload.file_name.clone(),
        state: state_of(&upload),
        headers: vec![],
        mapping: Mapping::default(),
        preview: Err(String::new()),
        rejected_total: 0,
    };
    if view.state != ImportState::Uploaded {
        return Ok(view);
    }
    let table = read(upload.content.into_bytes()).await.map_err(refused)?;
    let fallback = Mapping::guess(&table.headers);
    let (table, read) = accounts(table, mapping.clone()).await;
    view.headers = table.headers;
    match read {
        Ok((mapping, good, mut rejected)) => {
            view.mapping = mapping;
            view.rejected_total = rejected.len();
            rejected.truncate(REJECTED_SHOWN);
            let existing = overlap::accounts(db, user.org_id, partnership_id).await?;
            view.preview = Ok(preview(&existing, &good, rejected));
        }
        Err(reason) => {
            view.mapping = mapping.unwrap_or(fallback);
            view.preview = Err(reason);
        }
    }
    Ok(view)
}

/// Starts importing an upload by `mapping`, unless it started already; the import runs in
/// the background, and its page shows how far it has got.
pub async fn confirm(
    caller: &Caller,
    partnership_id: i64,
    upload_id: i64,
    mapping: Option<Mapping>,
) -> Result<(), AppError> {
    let user = caller.require_user().await?;
    let db = caller.db.clone();
    let upload = overlap_uploads::get(&db, user.org_id, partnership_id, upload_id).await?;
    if upload.state != overlap_uploads::UPLOADED {
        return Ok(());
    }
    let table = read(upload.content.into_bytes()).await.map_err(refused)?;
    let (_, read) = accounts(table, mapping).await;
    let (_, good, _) = read.map_err(refused)?;
    let existing = overlap::accounts(&db, user.org_id, partnership_id).await?;
    let counted = preview(&existing, &good, Vec::new());
    let outcome = format!("{} {} {}", counted.new, counted.updated, counted.unchanged);
    let total = (counted.new + counted.updated) as i64;
    if !overlap_uploads::start(&db, upload_id, total, &outcome).await? {
        return Ok(());
    }
    let org_id = user.org_id;
    tokio::spawn(async move {
        let result = overlap::import(&db, org_id, partnership_id, &good, Some(upload_id)).await;
        let failure = result.err().map(|error| {
            tracing::error!(%error, upload = upload_id, "an overlap import failed");
            "The import stopped on a database error; the accounts written so far are kept. Upload the file again to finish it.".to_string()
        });
        if let Err(error) = overlap_uploads::finish(&db, upload_id, failure.as_deref()).await {
            tracing::error!(%error, upload = upload_id, "an overlap import's end was not recorded");
        }
    });
    Ok(())
}
