//! `POST /partners/:id/uploads`: an overlap file, sent as a plain multipart form (it works
//! without JavaScript). A route of its own rather than a server function, to take up to
//! 10 MB while everything else stays under the server's 1 MB limit. Whatever the file, the
//! browser goes on to the upload's page, which says what became of it.

use axum::extract::{Multipart, Path};
use axum::response::{IntoResponse, Redirect, Response};

use crate::domain::overlap::FILE_MAX_BYTES;

/// The route's body limit: the largest file an import takes, and room for the form's
/// framing. A file past it is refused with the same message as one just over 10 MB.
pub const UPLOAD_BODY_LIMIT: usize = FILE_MAX_BYTES + 64 * 1024;

const TOO_BIG: &str =
    "The file is over 10 MB; an import takes at most 10 MB. Split it and import each part.";

/// The file the form sent, with its name, or why it could not be taken.
async fn file_of(multipart: &mut Multipart) -> (String, Result<Vec<u8>, String>) {
    let unnamed = "overlap.csv".to_string();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field
                    .file_name()
                    .filter(|n| !n.is_empty())
                    .map(str::to_string);
                let Some(name) = name else {
                    return (unnamed, Err("Choose a file to upload.".into()));
                };
                return match field.bytes().await {
                    Ok(bytes) => (name, Ok(bytes.to_vec())),
                    Err(e) if e.status() == http::StatusCode::PAYLOAD_TOO_LARGE => {
                        (name, Err(TOO_BIG.into()))
                    }
                    Err(_) => (
                        name,
                        Err("The file did not arrive whole. Try again.".into()),
                    ),
                };
            }
            Ok(Some(_)) => continue,
            Ok(None) => return (unnamed, Err("Choose a file to upload.".into())),
            Err(e) if e.status() == http::StatusCode::PAYLOAD_TOO_LARGE => {
                return (unnamed, Err(TOO_BIG.into()))
            }
            Err(_) => {
                return (
                    unnamed,
                    Err("The file did not arrive whole. Try again.".into()),
                )
            }
        }
    }
}

pub async fn upload_overlap(
    Path(partnership_id): Path<i64>,
    parts: http::request::Parts,
    mut multipart: Multipart,
) -> Response {
    let caller = match crate::auth::session::caller_of(&parts, Some(Default::default())) {
        Ok(caller) => caller,
        Err(error) => return crate::auth::session::error_answer(&parts, error),
    };
    let (name, file) = file_of(&mut multipart).await;
    match super::import_service::upload(&caller, partnership_id, &name, file).await {
        Ok(upload) => {
            Redirect::to(&format!("/partners/{partnership_id}/import/{upload}")).into_response()
        }
        Err(error) => crate::auth::session::error_answer(&parts, error),
    }
}
