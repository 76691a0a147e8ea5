//! What the plan server functions do, given the caller: always within the caller's
//! organisation.

use crate::auth::session::Caller;
use crate::domain::answers::{Created, PlanWithHealth};
use crate::domain::health;
use crate::domain::portfolio::{PortfolioPage, PortfolioQuery};
use crate::domain::NewPlan;
use crate::error::AppError;
use crate::store::plans;
use chrono::Utc;

/// A page of the portfolio: the plans changed since their summaries are summarised
/// first, so what it shows is as of now, and its cost follows the page and the changes.
pub async fn portfolio(caller: &Caller, query: PortfolioQuery) -> Result<PortfolioPage, AppError> {
    use crate::store::portfolio;
    let user = caller.require_user().await?;
    let now = Utc::now();
    let db = &caller.db;
    portfolio::refresh(db, user.org_id, now).await?;
    let (rows, previous, next) = portfolio::page(db, user.org_id, &query).await?;
    Ok(PortfolioPage {
        rows,
        previous,
        next,
        counts: portfolio::counts(db, user.org_id).await?,
        agenda: portfolio::agenda(db, user.org_id, now, now + chrono::Duration::days(7)).await?,
        query,
    })
}

/// Creates a plan from the form and its triage, checking both before anything is written.
pub async fn create(
    caller: &Caller,
    new: &NewPlan,
    triage: Result<crate::domain::triage::Triage, String>,
) -> Result<Created, AppError> {
    use crate::domain::FieldError;
    let user = caller.require_user().await?;
    let mut invalid = new.validate().err().unwrap_or_default();
    invalid.check(
        "cycle_days",
        triage.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    invalid.into_result()?;
    let Ok(triage) = triage else {
        return Err(AppError::Invalid(crate::domain::Invalid(vec![
            FieldError {
                field: "cycle_days".into(),
                message: "Check the triage answers.".into(),
            },
        ])));
    };
    let id = plans::create(&caller.db, user.org_id, &user.display_name, new).await?;
    crate::store::partnerships::adopt(&caller.db).await?;
    Ok(Created {
        id,
        href: triage.plan_href(id),
    })
}

pub async fn get(caller: &Caller, id: i64) -> Result<PlanWithHealth, AppError> {
    let user = caller.editor(id).await?;
    let plan = plans::detail(&caller.db, user.org_id, id).await?;
    let findings = health::check(&plan, crate::cadence::moment(&plan, Utc::now()));
    Ok(PlanWithHealth { plan, findings })
}

/// The fields a review series is made of: changing one keeps the meetings held so far.
fn changes_the_series(field: crate::domain::edit::Field) -> bool {
    use crate::domain::edit::Field;
    matches!(
        field,
        Field::CadenceFrequency
            | Field::CadenceWeekday
            | Field::CadenceTime
            | Field::CadenceTimeZone
            | Field::CadenceMinutes
            | Field::CadenceStartsOn
            | Field::CadenceEndsOn
    )
}

pub async fn save_field(
    caller: &Caller,
    edit: &crate::domain::edit::FieldEdit,
) -> Result<crate::domain::edit::SaveOutcome, AppError> {
    use crate::domain::edit;
    use crate::domain::{FieldError, Invalid};
    let user = caller.editor(edit.plan_id).await?;
    let invalid = |message: String| {
        AppError::Invalid(Invalid(vec![FieldError {
            field: "value".into(),
            message,
        }]))
    };
    let value = edit::parse(edit.field, &edit.value).map_err(invalid)?;
    exists(edit.field, &value).map_err(invalid)?;
    let expected = edit::parse_stored(edit.field, &edit.expected).map_err(invalid)?;
    if edit.field.on_row() != edit.row.is_some() {
        return Err(AppError::NotFound);
    }
    if changes_the_series(edit.field) {
        crate::cadence::keep_held_meetings(&caller.db, user.org_id, edit.plan_id).await?;
    }
    let outcome = crate::store::edits::save_field(
        &caller.db,
        user.org_id,
        &user.display_name,
        edit.plan_id,
        edit.field,
        edit.row,
        &expected,
        &value,
    )
    .await?;
    if edit.field.holder() == crate::domain::edit::Holder::List(crate::domain::rows::List::Partners)
    {
        crate::store::partnerships::adopt(&caller.db).await?;
    }
    Ok(outcome)
}

/// What the browser's shape check cannot know: that a currency or a time zone is real.
fn exists(
    field: crate::domain::edit::Field,
    value: &crate::domain::edit::Value,
) -> Result<(), String> {
    use crate::domain::edit::{Kind, Value};
    match (field.kind(), value) {
        (Kind::Currency, Value::OptionalText(Some(code))) => {
            iso_currency::Currency::from_code(code)
                .map(|_| ())
                .ok_or_else(|| format!("{code} is not an ISO 4217 currency code."))
        }
        (Kind::TimeZone, Value::OptionalText(Some(zone))) => zone
            .parse::<chrono_tz::Tz>()
            .map(|_| ())
            .map_err(|_| format!("{zone} is not a time zone we know; try Europe/London.")),
        _ => Ok(()),
    }
}

pub async fn add_row(
    caller: &Caller,
    new: &crate::domain::rows::NewRow,
) -> Result<crate::domain::rows::AddedRow, AppError> {
    use crate::domain::rows::{AddedRow, List};
    let user = caller.editor(new.plan_id).await?;
    let id = crate::store::rows::add(&caller.db, user.org_id, &user.display_name, new).await?;
    if new.list == List::Partners {
        crate::store::partnerships::adopt(&caller.db).await?;
    }
    let plan = plans::detail(&caller.db, user.org_id, new.plan_id).await?;
    match new.list {
        List::Partners => {
            let path = plan
                .escalations
                .iter()
                .find(|p| p.partner_id == Some(id))
                .cloned();
            take(plan.partners, id, |partner| {
                AddedRow::Partner(partner, path.clone())
            })
        }
        List::EscalationSteps => take(plan.escalation_steps, id, AddedRow::EscalationStep),
        List::Accounts => take(plan.accounts, id, AddedRow::Account),
        List::People => take(plan.people, id, AddedRow::Person),
        List::Milestones => take(plan.milestones, id, AddedRow::Milestone),
        List::Actions => take(plan.actions, id, AddedRow::Action),
        List::Economics => take(plan.economics, id, AddedRow::Economics),
    }
}

/// The row `id` of a list, as the browser receives a new row.
fn take<T: crate::domain::rows::Row>(
    rows: Vec<T>,
    id: i64,
    wrap: impl FnOnce(T) -> crate::domain::rows::AddedRow,
) -> Result<crate::domain::rows::AddedRow, AppError> {
    rows.into_iter()
        .find(|r| r.id() == id)
        .map(wrap)
        .ok_or(AppError::NotFound)
}

pub async fn remove_row(
    caller: &Caller,
    plan_id: i64,
    list: crate::domain::rows::List,
    id: i64,
) -> Result<(), AppError> {
    let user = caller.editor(plan_id).await?;
    Ok(crate::store::rows::remove(
        &caller.db,
        user.org_id,
        &user.display_name,
        plan_id,
        list,
        id,
    )
    .await?)
}

pub async fn move_row(
    caller: &Caller,
    plan_id: i64,
    list: crate::domain::rows::List,
    id: i64,
    direction: crate::domain::rows::Move,
) -> Result<(), AppError> {
    let user = caller.editor(plan_id).await?;
    Ok(crate::store::rows::reorder(
        &caller.db,
        user.org_id,
        &user.display_name,
        plan_id,
        list,
        id,
        direction,
    )
    .await?)
}

pub async fn history(
    caller: &Caller,
    plan_id: i64,
    part: Option<String>,
    since_last_review: bool,
) -> Result<Vec<crate::domain::HistoryEntry>, AppError> {
    let user = caller.editor(plan_id).await?;
    // Only the parts the filter offers: anything else is a mistake, not a query.
    let part = part.filter(|p| !p.is_empty());
    if let Some(p) = &part {
        if !crate::domain::HISTORY_PARTS
            .iter()
            .any(|(known, _)| known == p)
        {
            return Err(AppError::NotFound);
        }
    }
    Ok(crate::store::history::list(
        &caller.db,
        user.org_id,
        plan_id,
        part.as_deref(),
        since_last_review,
    )
    .await?)
}

/// Adds an action of `party` to a plan, then saves its `fields` like any edit (each in
/// the history), as the review page's next moves and a link's new actions do.
pub async fn add_action(
    db: &crate::store::Db,
    org_id: i64,
    actor: crate::store::history::Actor<'_>,
    plan_id: i64,
    (side, partner_id): (crate::domain::Side, Option<i64>),
    fields: impl IntoIterator<Item = (crate::domain::edit::Field, crate::domain::edit::Value)>,
) -> Result<i64, AppError> {
    use crate::domain::edit::{parse, Field, SaveOutcome};
    use crate::domain::rows::{List, NewRow};
    let row = NewRow {
        plan_id,
        list: List::Actions,
        side: Some(side),
        partner_id,
    };
    let id = crate::store::rows::add(db, org_id, actor, &row).await?;
    for (field, value) in fields {
        let fresh = match field {
            Field::ActionText => parse(field, crate::domain::rows::NEW_ACTION_TEXT),
            _ => parse(field, ""),
        }
        .map_err(|_| AppError::Internal)?;
        if fresh == value {
            continue;
        }
        let saved = crate::store::edits::save_field(
            db,
            org_id,
            actor,
            plan_id,
            field,
            Some(id),
            &fresh,
            &value,
        )
        .await?;
        if let SaveOutcome::Conflict { .. } = saved {
            return Err(AppError::Invalid(crate::domain::Invalid(vec![
                crate::domain::FieldError {
                    field: "text".into(),
                    message: "Someone changed the new action meanwhile: see it in the plan.".into(),
                },
            ])));
        }
    }
    Ok(id)
}
