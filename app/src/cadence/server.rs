//! The cadence server functions: thin, each takes the caller and asks the service.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::domain::cadence::{MeetingEdit, MeetingOutcome, Meetings};
use crate::error::AppError;

/// The plan's review meetings starting in `[from, to)`, as instants: by default from now
/// to four months on.
#[server(input = server_fn::codec::Json)]
pub async fn review_meetings(
    plan_id: i64,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> Result<Meetings, AppError> {
    let caller = crate::auth::session::caller()?;
    let from = from.unwrap_or_else(Utc::now);
    let to = to.unwrap_or(from + chrono::Duration::days(120));
    caller
        .answer(super::service::meetings(&caller, plan_id, from, to))
        .await
}

#[server(input = server_fn::codec::Json)]
pub async fn change_meeting(edit: MeetingEdit) -> Result<MeetingOutcome, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::change_meeting(&caller, &edit))
        .await
}

/// The meetings of the last weeks that have begun, latest first: what can be logged.
#[server(input = server_fn::codec::Json)]
pub async fn past_meetings(
    plan_id: i64,
) -> Result<Vec<crate::domain::cadence::Occurrence>, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::past_meetings(&caller, plan_id))
        .await
}

/// Opens the log of a meeting that has begun, or answers the one already open.
#[server(input = server_fn::codec::Json)]
pub async fn log_review(
    plan_id: i64,
    meeting_on: chrono::NaiveDate,
) -> Result<crate::domain::ReviewLog, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::log_review(&caller, plan_id, meeting_on))
        .await
}
