//! What the owners server functions do, given the caller: always within the caller's
//! organisation.

use crate::auth::session::Caller;
use crate::domain::owners::{AccountableOutcome, CustomRole, DirectoryPerson, NewOwner, Who};
use crate::domain::Person;
use crate::error::AppError;
use crate::store::{owners, plans};

/// How many people the combobox offers at once.
const MATCHES_MAX: i64 = 8;

pub async fn find_people(
    caller: &Caller,
    plan_id: i64,
    query: &str,
) -> Result<Vec<DirectoryPerson>, AppError> {
    let user = caller.editor(plan_id).await?;
    // A query longer than any name or email matches nothing: no need to ask.
    if query.chars().count() > crate::domain::limits::EMAIL_MAX {
        return Ok(vec![]);
    }
    Ok(owners::find_people(&caller.db, user.org_id, plan_id, query, MATCHES_MAX).await?)
}

/// Places someone in a cell, and answers the owner as the grid shows them.
pub async fn place(caller: &Caller, new: &NewOwner) -> Result<Person, AppError> {
    let user = caller.editor(new.plan_id).await?;
    if let Who::New(person) = &new.who {
        person.validate().map_err(AppError::Invalid)?;
    }
    let id = owners::place(&caller.db, user.org_id, &user.display_name, new).await?;
    let plan = plans::detail(&caller.db, user.org_id, new.plan_id).await?;
    plan.people
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)
}

pub async fn set_accountable(
    caller: &Caller,
    plan_id: i64,
    expected: Option<i64>,
    owner: Option<i64>,
) -> Result<AccountableOutcome, AppError> {
    let user = caller.editor(plan_id).await?;
    Ok(owners::set_accountable(
        &caller.db,
        user.org_id,
        &user.display_name,
        plan_id,
        expected,
        owner,
    )
    .await?)
}

pub async fn add_role(caller: &Caller, plan_id: i64, label: &str) -> Result<CustomRole, AppError> {
    let user = caller.editor(plan_id).await?;
    Ok(owners::add_role(&caller.db, user.org_id, &user.display_name, plan_id, label).await?)
}

pub async fn remove_role(caller: &Caller, plan_id: i64, role_id: i64) -> Result<(), AppError> {
    let user = caller.editor(plan_id).await?;
    Ok(owners::remove_role(
        &caller.db,
        user.org_id,
        &user.display_name,
        plan_id,
        role_id,
    )
    .await?)
}

/// The plan's grid as CSV, one line per owner: what the download route sends.
pub async fn grid_csv(caller: &Caller, plan_id: i64) -> Result<(String, Vec<u8>), AppError> {
    let user = caller.editor(plan_id).await?;
    let plan = plans::detail(&caller.db, user.org_id, plan_id).await?;
    let csv = super::csv::grid(&plan).map_err(|error| {
        tracing::error!(%error, "writing the owners CSV");
        AppError::Internal
    })?;
    Ok((plan.title, csv))
}
