//! The cadence server functions: thin, each takes the caller and asks the service.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::domain::cadence::{MeetingEdit, MeetingOutcome, Meetings};
use crate::error::AppError;

/// The plan's review meetings starting in `[from, to)`, as instants: by default from now
/// to four months on.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
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

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn change_meeting(edit: MeetingEdit) -> Result<MeetingOutcome, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::change_meeting(&caller, &edit))
        .await
}

/// The meetings of the last weeks that have begun, latest first: what can be logged.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn past_meetings(
    plan_id: i64,
) -> Result<Vec<crate::domain::cadence::Occurrence>, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::past_meetings(&caller, plan_id))
        .await
}

/// Opens the log of a meeting that has begun, or answers the one already open.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn log_review(
    plan_id: i64,
    meeting_on: chrono::NaiveDate,
) -> Result<crate::domain::ReviewLog, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::log_review(&caller, plan_id, meeting_on))
        .await
}

/// The plan's calendar around `day` (today in the plan's zone by default).
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn plan_calendar(
    plan_id: i64,
    span: crate::domain::calendar::Span,
    day: Option<chrono::NaiveDate>,
) -> Result<crate::domain::calendar::PlanCalendar, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::calendar(&caller, plan_id, span, day))
        .await
}

/// When the caller's current feed key (of `plan_id`, or of every plan) was made, if any.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn feed_key_made(plan_id: Option<i64>) -> Result<Option<DateTime<Utc>>, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::feed_key_made(&caller, plan_id))
        .await
}

/// A new secret feed address (of `plan_id`, or of every plan), replacing the caller's
/// current one: its path, shown once.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn new_feed_key(plan_id: Option<i64>) -> Result<String, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::new_feed_key(&caller, plan_id))
        .await
}

#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn revoke_feed_key(plan_id: Option<i64>) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::service::revoke_feed_key(&caller, plan_id))
        .await
}

/// One review's page: its meeting, log, attendance and what changed since the one before.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn review_detail(
    plan_id: i64,
    meeting_on: chrono::NaiveDate,
) -> Result<crate::domain::review::ReviewDetail, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::review_service::review_detail(
            &caller, plan_id, meeting_on,
        ))
        .await
}

/// Puts an owner of the plan on one of its review lists (invited to the series, or
/// attended one review), or takes them off.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn set_on_list(
    plan_id: i64,
    list: crate::domain::review::People,
    owner_id: i64,
    present: bool,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::review_service::set_on_list(
            &caller, plan_id, list, owner_id, present,
        ))
        .await
}

/// The plan's owners and the ones its review series invites.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn series_invitees(
    plan_id: i64,
) -> Result<(Vec<crate::domain::review::Attendee>, Vec<i64>), AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::review_service::invitees(&caller, plan_id))
        .await
}

/// A next move made a joint action of a party in one step: answers the action's id.
#[server(input = server_fn::codec::Json, output = leptos::server_fn::codec::Postcard, client = crate::build::BuildClient)]
pub async fn next_move_action(new: crate::domain::review::NextMoveAction) -> Result<i64, AppError> {
    let caller = crate::auth::session::caller()?;
    caller
        .answer(super::review_service::next_move_action(&caller, &new))
        .await
}
