//! What the cadence server functions do, given the caller: always within the caller's
//! organisation.

use chrono::{DateTime, Duration, Utc};

use super::series::Series;
use crate::auth::session::Caller;
use crate::domain::cadence::{Change, MeetingEdit, MeetingOutcome, Meetings, Occurrence};
use crate::domain::ReviewLog;
use crate::domain::{FieldError, Invalid};
use crate::error::AppError;
use crate::store::plans;

/// The longest window one request expands: a year and a month, a calendar's widest view.
const WINDOW_MAX: Duration = Duration::days(400);

fn invalid(message: &str) -> AppError {
    AppError::Invalid(Invalid(vec![FieldError {
        field: "meeting".into(),
        message: message.into(),
    }]))
}

/// The plan's review meetings that start in `[from, to)`.
pub async fn meetings(
    caller: &Caller,
    plan_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Meetings, AppError> {
    let user = caller.editor(plan_id).await?;
    if to < from || to - from > WINDOW_MAX {
        return Err(invalid("Ask for at most 400 days of meetings at once."));
    }
    let plan = plans::detail(&caller.db, user.org_id, plan_id).await?;
    let zone = plan
        .cadence
        .as_ref()
        .map(|c| c.time_zone.clone())
        .unwrap_or_default();
    let Some(series) = Series::of(&plan) else {
        let words = match plan.cadence {
            None => "No review cadence is set yet.",
            Some(_) => "Set the date the reviews start from to see the meetings.",
        };
        return Ok(Meetings {
            words: words.into(),
            zone,
            occurrences: vec![],
            skipped: vec![],
        });
    };
    let occurrences = series
        .between(from, to, &plan.review_exceptions)
        .map_err(|error| {
            tracing::error!(%error, plan_id, "the review series does not expand");
            AppError::Internal
        })?;
    let skipped = plan
        .review_exceptions
        .iter()
        .filter(|e| e.change == Change::Skipped)
        .map(|e| e.occurs_on)
        .filter(|day| {
            let start = series.instant(day.and_time(series.time));
            start >= from && start < to
        })
        .collect();
    Ok(Meetings {
        words: series.words(),
        zone,
        occurrences,
        skipped,
    })
}

/// The meeting the series itself (exceptions aside) holds on `day`, if any.
pub(super) fn held(
    series: &Series,
    day: chrono::NaiveDate,
) -> Result<Option<Occurrence>, AppError> {
    let day_start = series.instant(day.and_time(chrono::NaiveTime::MIN));
    let found = series
        .between(day_start, day_start + Duration::days(1), &[])
        .map_err(|_| AppError::Internal)?;
    Ok(found.into_iter().find(|o| o.occurs_on == day))
}

/// How far back the Cadence part offers meetings to log.
const LOG_BACK: Duration = Duration::days(45);

/// The meetings of the last weeks that have begun, latest first: what can be logged.
pub async fn past_meetings(caller: &Caller, plan_id: i64) -> Result<Vec<Occurrence>, AppError> {
    let user = caller.editor(plan_id).await?;
    let plan = plans::detail(&caller.db, user.org_id, plan_id).await?;
    let Some(series) = Series::of(&plan) else {
        return Ok(vec![]);
    };
    let now = Utc::now();
    let mut past = series
        .between(now - LOG_BACK, now, &plan.review_exceptions)
        .map_err(|_| AppError::Internal)?;
    past.reverse();
    Ok(past)
}

/// Opens the log of a meeting that has begun (or the one already open).
pub async fn log_review(
    caller: &Caller,
    plan_id: i64,
    meeting_on: chrono::NaiveDate,
) -> Result<ReviewLog, AppError> {
    let user = caller.editor(plan_id).await?;
    let plan = plans::detail(&caller.db, user.org_id, plan_id).await?;
    let series = Series::of(&plan).ok_or_else(|| {
        invalid("The reviews have no series yet: set the cadence and its start date.")
    })?;
    let change = plan
        .review_exceptions
        .iter()
        .find(|e| e.occurs_on == meeting_on)
        .map(|e| e.change);
    let Some(planned) = held(&series, meeting_on)?.filter(|_| change != Some(Change::Skipped))
    else {
        return Err(invalid("The series holds no review that day."));
    };
    // A moved meeting begins when it was moved to.
    let start = match change {
        Some(Change::Moved(to)) => series.instant(to),
        _ => planned.start,
    };
    if start >= Utc::now() {
        return Err(invalid("A review is logged once its meeting has begun."));
    }
    Ok(crate::store::cadence::log_review(
        &caller.db,
        user.org_id,
        &user.display_name,
        plan_id,
        meeting_on,
    )
    .await?)
}

/// Skips, moves or puts back one meeting the series holds.
pub async fn change_meeting(
    caller: &Caller,
    edit: &MeetingEdit,
) -> Result<MeetingOutcome, AppError> {
    let user = caller.editor(edit.plan_id).await?;
    let plan = plans::detail(&caller.db, user.org_id, edit.plan_id).await?;
    let series = Series::of(&plan).ok_or_else(|| {
        invalid("The reviews have no series yet: set the cadence and its start date.")
    })?;
    if held(&series, edit.occurs_on)?.is_none() {
        return Err(invalid("The series holds no review that day."));
    }
    if let Some(Change::Moved(to)) = edit.change {
        let from = edit.occurs_on.and_time(chrono::NaiveTime::MIN);
        if (to - from).num_days().abs() > 60 {
            return Err(invalid(
                "Move a review by at most 60 days; change the series for more.",
            ));
        }
    }
    let outcome = crate::store::cadence::set_exception(
        &caller.db,
        user.org_id,
        &user.display_name,
        edit.plan_id,
        edit.occurs_on,
        edit.expected,
        edit.change,
    )
    .await?;
    Ok(match outcome {
        Ok(()) => MeetingOutcome::Saved,
        Err(theirs) => MeetingOutcome::Conflict { theirs },
    })
}

/// The plan's calendar for the month or week around `day` (today where the plan's
/// reviews take place, by default).
pub async fn calendar(
    caller: &Caller,
    plan_id: i64,
    span: crate::domain::calendar::Span,
    day: Option<chrono::NaiveDate>,
) -> Result<crate::domain::calendar::PlanCalendar, AppError> {
    use chrono::Datelike;
    let user = caller.editor(plan_id).await?;
    let plan = plans::detail(&caller.db, user.org_id, plan_id).await?;
    let now = Utc::now();
    let day = day.unwrap_or_else(|| super::moment::today_of(&plan, now));
    if !(1900..=2200).contains(&day.year()) {
        return Err(invalid("Pick a day between the years 1900 and 2200."));
    }
    let window = crate::domain::calendar::Window { span, day };
    super::calendar::plan_calendar(&plan, window, now).map_err(|error| {
        tracing::error!(%error, plan_id, "the review series does not expand");
        AppError::Internal
    })
}

/// The caller's own feed keys: of a plan of their organisation, or of all of them.
async fn feed_owner(caller: &Caller, plan_id: Option<i64>) -> Result<(i64, i64), AppError> {
    let user = match plan_id {
        Some(plan_id) => caller.editor(plan_id).await?,
        None => caller.require_user().await?,
    };
    Ok((user.id, user.org_id))
}

pub async fn feed_key_made(
    caller: &Caller,
    plan_id: Option<i64>,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let (user_id, _) = feed_owner(caller, plan_id).await?;
    Ok(crate::store::feeds::current(&caller.db, user_id, plan_id).await?)
}

pub async fn new_feed_key(caller: &Caller, plan_id: Option<i64>) -> Result<String, AppError> {
    let (user_id, org_id) = feed_owner(caller, plan_id).await?;
    let key = crate::store::feeds::replace(&caller.db, user_id, org_id, plan_id).await?;
    Ok(match plan_id {
        Some(id) => format!("/plans/{id}/calendar/{key}.ics"),
        None => format!("/calendar/{key}.ics"),
    })
}

pub async fn revoke_feed_key(caller: &Caller, plan_id: Option<i64>) -> Result<(), AppError> {
    let (user_id, _) = feed_owner(caller, plan_id).await?;
    Ok(crate::store::feeds::revoke(&caller.db, user_id, plan_id).await?)
}

/// Before a field of the plan's series changes, keeps the meetings it has held (begun by
/// now) as they took place: changing the series does not move the past.
pub async fn keep_held_meetings(
    db: &crate::store::Db,
    org_id: i64,
    plan_id: i64,
) -> Result<(), AppError> {
    let plan = plans::detail(db, org_id, plan_id).await?;
    let Some(series) = Series::of(&plan) else {
        return Ok(());
    };
    let now = Utc::now();
    let held = series
        .between(series.beginning(), now, &plan.review_exceptions)
        .map_err(|_| AppError::Internal)?;
    crate::store::cadence::hold_meetings(db, org_id, plan_id, &held, now).await?;
    Ok(())
}
