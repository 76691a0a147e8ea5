//! The feed addresses a calendar client subscribes to: `/calendar/<key>.ics` (every plan of
//! the key owner's organisation) and `/plans/:id/calendar/<key>.ics` (one plan). The key is
//! the only credential, so anything it does not open is the same 404.

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use http::StatusCode;

use super::feed::{feed, FeedPlan};
use crate::domain::review::People;
use crate::error::Reference;
use crate::store::{cadence, feeds, plans, Db, StoreError};

/// The host part of every event's UID: stable across deploys and addresses.
const UID_HOST: &str = "coplan";

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

pub async fn org_feed(
    Extension(db): Extension<Db>,
    reference: Option<Extension<Reference>>,
    Path(file): Path<String>,
) -> Response {
    answer(&db, reference, None, &file).await
}

pub async fn plan_feed(
    Extension(db): Extension<Db>,
    reference: Option<Extension<Reference>>,
    Path((plan_id, file)): Path<(i64, String)>,
) -> Response {
    answer(&db, reference, Some(plan_id), &file).await
}

async fn answer(
    db: &Db,
    reference: Option<Extension<Reference>>,
    plan_id: Option<i64>,
    file: &str,
) -> Response {
    let Some(key) = file.strip_suffix(".ics") else {
        return not_found();
    };
    match written(db, plan_id, key).await {
        Ok(Some(text)) => (
            [
                (http::header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (http::header::CACHE_CONTROL, "no-store"),
            ],
            text,
        )
            .into_response(),
        Ok(None) | Err(StoreError::NotFound) => not_found(),
        Err(error) => {
            tracing::error!(%error, "a calendar feed could not be read");
            let reference = reference.map(|Extension(r)| r).unwrap_or_default();
            let text = format!("Try again in a moment.{reference}");
            (StatusCode::SERVICE_UNAVAILABLE, text).into_response()
        }
    }
}

/// The feed's text, if `key` opens the feed asked for (`plan_id`, or every plan).
async fn written(db: &Db, plan_id: Option<i64>, key: &str) -> Result<Option<String>, StoreError> {
    // A key is 32 hex digits; anything else is not looked up at all.
    if !crate::store::secret::is_token(key) {
        return Ok(None);
    }
    let Some(opened) = feeds::open(db, key).await? else {
        return Ok(None);
    };
    if opened.plan_id != plan_id {
        return Ok(None);
    }
    let (name, details) = match plan_id {
        Some(id) => {
            let plan = plans::detail(db, opened.org_id, id).await?;
            (format!("Coplan: {}", plan.title), vec![plan])
        }
        None => (
            "Coplan: all plans".to_string(),
            plans::all(db, opened.org_id).await?,
        ),
    };
    let mut plans = Vec::new();
    for plan in details {
        let changes = feeds::changes(db, plan.id).await?;
        let invited = cadence::people(db, opened.org_id, plan.id, People::Invited).await?;
        plans.push(FeedPlan {
            plan,
            changes,
            invited,
        });
    }
    Ok(Some(feed(&name, &plans, UID_HOST)))
}
