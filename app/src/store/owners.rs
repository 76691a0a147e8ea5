//! The owners grid and the organisation's people directory: placing a person in a cell,
//! the accountable owner of each party, the plan's custom roles, and finding people again.
//! A person's own fields (names, email, job title) are edited like any field
//! (`store::edits`, `Holder::Person`).

use chrono::{DateTime, Utc};

use super::history::{record, Change};
use super::{has_row, in_write_tx, on_pool, Db, StoreError, StoreResult};
use crate::domain::limits::PEOPLE_MAX;
use crate::domain::owners::{
    check_custom_role, AccountableOutcome, CustomRole, DirectoryPerson, NewOwner, RoleRow, Who,
};
use crate::domain::roles::Role;
use crate::domain::Side;

/// Adds someone to the organisation's directory on connection `$conn` (a transaction of
/// either database): `$person`'s fields as they are, with `$org_id` and `$now`. Gives the
/// new person's id.
macro_rules! insert_person {
    ($conn:expr, $org_id:expr, $person:expr, $now:expr) => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO people (org_id, first_name, last_name, email, title, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind($org_id)
        .bind(&$person.first_name)
        .bind(&$person.last_name)
        .bind(&$person.email)
        .bind(&$person.title)
        .bind($now)
        .fetch_one($conn)
        .await?
    };
}
pub(crate) use insert_person;

/// People of the organisation offered for a cell: name or email containing `query`, case
/// aside, at most `limit`, by name.
pub async fn find_people(
    db: &Db,
    org_id: i64,
    plan_id: i64,
    query: &str,
    limit: i64,
) -> StoreResult<Vec<DirectoryPerson>> {
    let escaped: String = query
        .trim()
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let pattern = format!("%{escaped}%");
    let rows: Vec<(i64, String, String, String, String)> = on_pool!(db, pool => {
        if !has_row!(pool, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        sqlx::query_as(
            "SELECT id, first_name, last_name, email, title FROM people WHERE org_id = $1 \
             AND (lower(first_name || ' ' || last_name) LIKE $2 ESCAPE '\\' \
                  OR lower(email) LIKE $2 ESCAPE '\\') \
             ORDER BY lower(first_name), lower(last_name), id LIMIT $3",
        )
        .bind(org_id)
        .bind(pattern)
        .bind(limit)
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(id, first_name, last_name, email, title)| DirectoryPerson {
                id,
                first_name,
                last_name,
                email,
                title,
            },
        )
        .collect())
}

/// Places a person in a cell of the plan's grid: someone of the organisation's directory,
/// or someone new, who joins the directory. Returns the owner's id. A new person must have
/// been validated (`NewPerson::validate`).
pub async fn place(db: &Db, org_id: i64, actor: &str, new: &NewOwner) -> StoreResult<i64> {
    let now = Utc::now();
    let cell = new.cell;
    let partner_id = if cell.side == Side::Partner {
        Some(cell.partner_id.ok_or(StoreError::NotFound)?)
    } else {
        None
    };
    Ok(in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "plans", new.plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        if let Some(partner) = partner_id {
            if !has_row!(&mut *tx, "plan_partners", partner, "plan_id" = new.plan_id) {
                return Err(StoreError::NotFound);
            }
        }
        let (role_key, custom_role, role_label) = match cell.role {
            RoleRow::Standard(role) => (Some(role.key()), None, role.label().to_string()),
            RoleRow::Custom(id) => {
                let label: Option<String> = sqlx::query_scalar("SELECT label FROM plan_roles WHERE id = $1 AND plan_id = $2")
                    .bind(id)
                    .bind(new.plan_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                (None, Some(id), label.ok_or(StoreError::NotFound)?)
            }
        };
        let (count, last): (i64, Option<i64>) =
            sqlx::query_as("SELECT COUNT(*), MAX(position) FROM plan_people WHERE plan_id = $1")
                .bind(new.plan_id)
                .fetch_one(&mut *tx)
                .await?;
        if count as usize >= PEOPLE_MAX {
            return Err(StoreError::Invalid(format!("A plan holds at most {PEOPLE_MAX} owners.")));
        }
        let (person_id, name) = match &new.who {
            Who::Existing(id) => {
                let name: Option<(String, String)> = sqlx::query_as(
                    "SELECT first_name, last_name FROM people WHERE id = $1 AND org_id = $2",
                )
                .bind(*id)
                .bind(org_id)
                .fetch_optional(&mut *tx)
                .await?;
                let (first, last) = name.ok_or(StoreError::NotFound)?;
                (*id, format!("{first} {last}"))
            }
            Who::New(person) => {
                let person = person.trimmed();
                let id = insert_person!(&mut *tx, org_id, person, now);
                (id, format!("{} {}", person.first_name, person.last_name))
            }
        };
        let already: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM plan_people WHERE plan_id = $1 AND person_id = $2 AND side = $3 \
             AND partner_id IS NOT DISTINCT FROM $4 AND role IS NOT DISTINCT FROM $5 \
             AND custom_role_id IS NOT DISTINCT FROM $6",
        )
        .bind(new.plan_id)
        .bind(person_id)
        .bind(cell.side.as_str())
        .bind(partner_id)
        .bind(role_key)
        .bind(custom_role)
        .fetch_optional(&mut *tx)
        .await?;
        if already.is_some() {
            return Err(StoreError::Invalid(format!("{name} is already in this cell.")));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO plan_people (plan_id, side, partner_id, person_id, role, custom_role_id, position) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(new.plan_id)
        .bind(cell.side.as_str())
        .bind(partner_id)
        .bind(person_id)
        .bind(role_key)
        .bind(custom_role)
        .bind(last.map_or(0, |p| p + 1))
        .fetch_one(&mut *tx)
        .await?;
        let change = Change {
            plan_id: new.plan_id,
            at: now,
            actor: actor.into(),
            part: "owners",
            field: format!("owner {id}"),
            old: None,
            new: Some(format!("{name}, {role_label}")),
        };
        record(&mut tx, change, true).await?;
        id
    }))
}

/// Makes `owner` (or nobody) the accountable owner of its party, if the party's accountable
/// owner is still `expected`. The party is the owner's own (or `expected`'s, to clear).
pub async fn set_accountable(
    db: &Db,
    org_id: i64,
    actor: &str,
    plan_id: i64,
    expected: Option<i64>,
    owner: Option<i64>,
) -> StoreResult<AccountableOutcome> {
    let now = Utc::now();
    let Some(named) = owner.or(expected) else {
        return Ok(AccountableOutcome::Saved);
    };
    Ok(in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        let party: Option<(String, Option<i64>)> =
            sqlx::query_as("SELECT side, partner_id FROM plan_people WHERE id = $1 AND plan_id = $2")
                .bind(named)
                .bind(plan_id)
                .fetch_optional(&mut *tx)
                .await?;
        let (side, partner_id) = party.ok_or(StoreError::NotFound)?;
        let current: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM plan_people WHERE plan_id = $1 AND side = $2 \
             AND partner_id IS NOT DISTINCT FROM $3 AND accountable",
        )
        .bind(plan_id)
        .bind(&side)
        .bind(partner_id)
        .fetch_optional(&mut *tx)
        .await?;
        if current != expected {
            return Ok(AccountableOutcome::Conflict { accountable: current });
        }
        // Cleared first, then set: a unique index is checked row by row, so one statement
        // doing both could see two accountable owners halfway.
        sqlx::query(
            "UPDATE plan_people SET accountable = $4, version = version + 1 \
             WHERE plan_id = $1 AND side = $2 AND partner_id IS NOT DISTINCT FROM $3 AND accountable",
        )
        .bind(plan_id)
        .bind(&side)
        .bind(partner_id)
        .bind(false)
        .execute(&mut *tx)
        .await?;
        if let Some(owner) = owner {
            let set = sqlx::query(
                "UPDATE plan_people SET accountable = $4, version = version + 1 \
                 WHERE id = $5 AND plan_id = $1 AND side = $2 AND partner_id IS NOT DISTINCT FROM $3",
            )
            .bind(plan_id)
            .bind(&side)
            .bind(partner_id)
            .bind(true)
            .bind(owner)
            .execute(&mut *tx)
            .await?;
            if set.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
        }
        let name = |id: Option<i64>| id.map(|id| format!("owner {id}"));
        let change = Change {
            plan_id,
            at: now,
            actor: actor.into(),
            part: "owners",
            field: format!("accountable owner ({})", party_text(&side, partner_id)),
            old: name(current),
            new: name(owner),
        };
        record(&mut tx, change, true).await?;
        AccountableOutcome::Saved
    }))
}

fn party_text(side: &str, partner_id: Option<i64>) -> String {
    match partner_id {
        Some(id) => format!("partner {id}"),
        None => side.to_string(),
    }
}

/// Adds a row for a role the standard list lacks.
pub async fn add_role(
    db: &Db,
    org_id: i64,
    actor: &str,
    plan_id: i64,
    label: &str,
) -> StoreResult<CustomRole> {
    let now = Utc::now();
    Ok(in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        let existing: Vec<(i64, String, i64)> =
            sqlx::query_as("SELECT id, label, position FROM plan_roles WHERE plan_id = $1 ORDER BY position")
                .bind(plan_id)
                .fetch_all(&mut *tx)
                .await?;
        let last = existing.iter().map(|r| r.2).max();
        let known: Vec<CustomRole> = existing
            .into_iter()
            .map(|(id, label, _)| CustomRole { id, label })
            .collect();
        let label = check_custom_role(label, &known).map_err(StoreError::Invalid)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO plan_roles (plan_id, label, position) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(plan_id)
        .bind(&label)
        .bind(last.map_or(0, |p| p + 1))
        .fetch_one(&mut *tx)
        .await?;
        record(&mut tx, role_change(plan_id, now, actor, id, None, Some(label.clone())), true).await?;
        CustomRole { id, label }
    }))
}

/// A custom role added (`new`) or removed (`old`), as the history records it.
fn role_change(
    plan_id: i64,
    at: DateTime<Utc>,
    actor: &str,
    role_id: i64,
    old: Option<String>,
    new: Option<String>,
) -> Change<'_> {
    Change {
        plan_id,
        at,
        actor: actor.into(),
        part: "owners",
        field: format!("role {role_id}"),
        old,
        new,
    }
}

/// Removes a custom role's row, once nobody is in it.
pub async fn remove_role(
    db: &Db,
    org_id: i64,
    actor: &str,
    plan_id: i64,
    role_id: i64,
) -> StoreResult<()> {
    let now = Utc::now();
    in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        let label: Option<String> =
            sqlx::query_scalar("SELECT label FROM plan_roles WHERE id = $1 AND plan_id = $2")
                .bind(role_id)
                .bind(plan_id)
                .fetch_optional(&mut *tx)
                .await?;
        let label = label.ok_or(StoreError::NotFound)?;
        let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM plan_people WHERE custom_role_id = $1")
            .bind(role_id)
            .fetch_one(&mut *tx)
            .await?;
        if people > 0 {
            return Err(StoreError::Invalid(format!(
                "{label} still has people: remove them from its row first."
            )));
        }
        sqlx::query("DELETE FROM plan_roles WHERE id = $1")
            .bind(role_id)
            .execute(&mut *tx)
            .await?;
        record(&mut tx, role_change(plan_id, now, actor, role_id, Some(label), None), true).await?;
    });
    Ok(())
}

/// Reads the free-text roles owners had before the grid (`legacy_role`, see migration
/// 0003) onto its rows: a standard role where the text names one (`Role::recognise`), else
/// a custom role of the plan, one per distinct text (case and spacing aside). Run at every
/// start; once read, nothing is left to do. Returns how many owners it moved.
pub async fn read_legacy_roles(db: &Db) -> StoreResult<usize> {
    Ok(in_write_tx!(db, tx => {
        let waiting: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT id, plan_id, legacy_role FROM plan_people WHERE legacy_role IS NOT NULL ORDER BY plan_id, position, id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (id, plan_id, text) in &waiting {
            let (role, custom_role) = match Role::recognise(text) {
                Some(role) => (Some(role.key()), None),
                None => {
                    let label = match text.split_whitespace().collect::<Vec<_>>().join(" ") {
                        empty if empty.is_empty() => "Other".to_string(),
                        label => label,
                    };
                    let roles: Vec<(i64, String)> =
                        sqlx::query_as("SELECT id, label FROM plan_roles WHERE plan_id = $1 ORDER BY position")
                            .bind(plan_id)
                            .fetch_all(&mut *tx)
                            .await?;
                    let same = roles.iter().find(|(_, l)| l.to_lowercase() == label.to_lowercase());
                    let role_id = match same {
                        Some((role_id, _)) => *role_id,
                        None => {
                            sqlx::query_scalar(
                                "INSERT INTO plan_roles (plan_id, label, position) VALUES ($1, $2, $3) RETURNING id",
                            )
                            .bind(plan_id)
                            .bind(&label)
                            .bind(roles.len() as i64)
                            .fetch_one(&mut *tx)
                            .await?
                        }
                    };
                    (None, Some(role_id))
                }
            };
            sqlx::query("UPDATE plan_people SET role = $1, custom_role_id = $2, legacy_role = NULL WHERE id = $3")
                .bind(role)
                .bind(custom_role)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        waiting.len()
    }))
}
