//! One review's page, given the caller: its meeting, log, attendance, and what changed
//! since the meeting before; and the two things done there beyond its texts (who
//! attended; a next move made a joint action).

use chrono::{Duration, NaiveDate, NaiveTime, Utc};

use super::series::Series;
use super::service::held;
use crate::auth::session::Caller;
use crate::domain::cadence::{Change, Occurrence};
use crate::domain::edit::{parse, Field};
use crate::domain::owners::party_label;
use crate::domain::review::{
    changes_between, Attendee, NextMoveAction, Party, People, ReviewDetail,
};
use crate::domain::{FieldError, Invalid, PlanDetail};
use crate::error::AppError;
use crate::store::{cadence, history, plans};

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::Invalid(Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }]))
}

fn series_of(plan: &PlanDetail) -> Result<Series, AppError> {
    Series::of(plan).ok_or_else(|| {
        invalid(
            "meeting",
            "The reviews have no series yet: set the cadence and its start date.",
        )
    })
}

pub async fn review_detail(
    caller: &Caller,
    plan_id: i64,
    meeting_on: NaiveDate,
) -> Result<ReviewDetail, AppError> {
    let user = caller.editor(plan_id).await?;
    let plan = plans::detail(&caller.db, user.org_id, plan_id).await?;
    let series = series_of(&plan)?;
    let planned = held(&series, meeting_on)?.ok_or(AppError::NotFound)?;
    let change = plan
        .review_exceptions
        .iter()
        .find(|e| e.occurs_on == meeting_on)
        .map(|e| e.change);
    let length = Duration::minutes(series.minutes);
    let meeting = match change {
        Some(Change::Skipped) => None,
        Some(Change::Moved(to)) => {
            let start = series.instant(to);
            Some(Occurrence {
                start,
                end: start + length,
                local: to,
                moved: true,
                ..planned.clone()
            })
        }
        None => Some(planned.clone()),
    };
    let now = Utc::now();
    let starts = meeting.as_ref().map_or(planned.start, |m| m.start);
    // The meeting before: the last one the series held (skips aside) before this one.
    let previous = series
        .between(starts - Duration::days(70), starts, &plan.review_exceptions)
        .map_err(|_| AppError::Internal)?
        .into_iter()
        .rfind(|o| o.occurs_on != meeting_on);
    let from = previous.as_ref().map_or_else(
        || series.instant(series.starts_on.and_time(NaiveTime::MIN)),
        |p| p.start,
    );
    let from_day = previous
        .as_ref()
        .map_or(series.starts_on, |p| p.local.date());
    let to_day = meeting.as_ref().map_or(meeting_on, |m| m.local.date());
    // The review being held (the last to have begun) counts what is done in the meeting
    // too: up to now. An earlier one stops where it began.
    let later_begun = series
        .between(starts + Duration::seconds(1), now, &plan.review_exceptions)
        .map_err(|_| AppError::Internal)?
        .into_iter()
        .any(|o| o.occurs_on != meeting_on);
    let to = if starts <= now && !later_begun {
        now
    } else {
        starts
    };
    let entries = history::between(&caller.db, user.org_id, plan_id, from, to).await?;
    let changes = changes_between(&plan, &entries, from, to, (from_day, to_day));
    let log = plan
        .reviews
        .iter()
        .find(|r| r.meeting_on == meeting_on)
        .cloned();
    let attended = match &log {
        Some(log) => {
            let list = People::Attended { review_id: log.id };
            cadence::people(&caller.db, user.org_id, plan_id, list).await?
        }
        None => vec![],
    };
    let label =
        |side, partner_id| party_label(side, plan.partner_name(partner_id), &plan.buyer_account);
    Ok(ReviewDetail {
        plan_id,
        plan_title: plan.title.clone(),
        meeting_on,
        begun: meeting.as_ref().is_some_and(|m| m.start <= now),
        meeting,
        zone: series.zone.name().to_string(),
        log,
        attended,
        people: attendees(&plan),
        parties: plan
            .sides()
            .into_iter()
            .map(|(side, partner_id)| Party {
                side,
                partner_id,
                label: label(side, partner_id),
            })
            .collect(),
        previous: previous.map(|p| p.occurs_on),
        changes,
    })
}

/// Puts an owner of the plan on one of its review lists, or takes them off.
pub async fn set_on_list(
    caller: &Caller,
    plan_id: i64,
    list: People,
    owner_id: i64,
    present: bool,
) -> Result<(), AppError> {
    let user = caller.editor(plan_id).await?;
    Ok(cadence::set_person(
        &caller.db,
        user.org_id,
        &user.display_name,
        plan_id,
        list,
        owner_id,
        present,
    )
    .await?)
}

/// The plan's owners, each with their party, and those the series invites.
pub async fn invitees(
    caller: &Caller,
    plan_id: i64,
) -> Result<(Vec<Attendee>, Vec<i64>), AppError> {
    let user = caller.editor(plan_id).await?;
    let plan = plans::detail(&caller.db, user.org_id, plan_id).await?;
    let invited = cadence::people(&caller.db, user.org_id, plan_id, People::Invited).await?;
    Ok((attendees(&plan), invited))
}

/// The plan's owners as the review lists name them: with their party.
pub(super) fn attendees(plan: &PlanDetail) -> Vec<Attendee> {
    plan.people
        .iter()
        .map(|p| Attendee {
            owner_id: p.id,
            name: format!("{} {}", p.first_name, p.last_name)
                .trim()
                .to_string(),
            party: party_label(p.side, plan.partner_name(p.partner_id), &plan.buyer_account),
        })
        .collect()
}

/// Makes a next move a joint action of a party, with its owner and due date: the
/// action is added, then its fields are saved like any edit (each in the history).
pub async fn next_move_action(caller: &Caller, new: &NextMoveAction) -> Result<i64, AppError> {
    let user = caller.editor(new.plan_id).await?;
    let plan = plans::detail(&caller.db, user.org_id, new.plan_id).await?;
    if !plan.reviews.iter().any(|r| r.id == new.review_id) {
        return Err(AppError::NotFound);
    }
    if !plan.sides().contains(&(new.side, new.partner_id)) {
        return Err(invalid("side", "Pick a party of this plan."));
    }
    let text = parse(Field::ActionText, &new.text).map_err(|m| invalid("text", m))?;
    if let Some(owner) = new.owner_id {
        let theirs = plan
            .people
            .iter()
            .any(|p| p.id == owner && p.side == new.side && p.partner_id == new.partner_id);
        if !theirs {
            return Err(invalid("owner", "Pick an owner of the same party."));
        }
    }
    let owner = parse(
        Field::ActionOwner,
        &new.owner_id.map(|o| o.to_string()).unwrap_or_default(),
    )
    .map_err(|m| invalid("owner", m))?;
    let due = parse(
        Field::ActionDueOn,
        &new.due_on.map(|d| d.to_string()).unwrap_or_default(),
    )
    .map_err(|m| invalid("due", m))?;
    let party = (new.side, new.partner_id);
    let fields = [
        (Field::ActionText, text),
        (Field::ActionOwner, owner),
        (Field::ActionDueOn, due),
    ];
    let actor = user.display_name.as_str();
    let id = crate::plan::service::add_action(
        &caller.db,
        user.org_id,
        actor.into(),
        new.plan_id,
        party,
        fields,
    )
    .await?;
    Ok(id)
}
