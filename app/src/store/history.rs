//! Reading a plan's change history.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::{has_row, on_pool, Db, StoreError, StoreResult};

/// Who made a change: a user, by name, or a shared link's visitor (the name they gave,
/// and the link, so the link's page can show the change as its party's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor<'a> {
    pub name: &'a str,
    pub link_id: Option<i64>,
}

impl<'a> From<&'a str> for Actor<'a> {
    fn from(name: &'a str) -> Self {
        Actor {
            name,
            link_id: None,
        }
    }
}

impl<'a> From<&'a String> for Actor<'a> {
    fn from(name: &'a String) -> Self {
        Actor::from(name.as_str())
    }
}

/// One change to a plan, as its history records it.
pub(crate) struct Change<'a> {
    pub plan_id: i64,
    pub at: DateTime<Utc>,
    pub actor: Actor<'a>,
    pub part: &'a str,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl<'a> Change<'a> {
    /// A plan was created, named `title`.
    pub fn created(plan_id: i64, at: DateTime<Utc>, actor: &'a str, title: &str) -> Self {
        Change {
            plan_id,
            at,
            actor: actor.into(),
            part: "plan",
            field: "created".into(),
            old: None,
            new: Some(title.to_string()),
        }
    }

    /// A row of a list was added, moved or removed (`what`).
    pub fn row(
        plan_id: i64,
        at: DateTime<Utc>,
        actor: Actor<'a>,
        list: crate::domain::rows::List,
        id: i64,
        what: &str,
    ) -> Self {
        Change {
            plan_id,
            at,
            actor,
            part: list.part(),
            field: format!("{} {id}", list.noun()),
            old: None,
            new: Some(what.to_string()),
        }
    }
}

/// Records a change in the plan's history within the writing transaction; with `bump`,
/// also moves the plan's version and last update on (a write to the plan row itself has
/// done that already).
pub(crate) async fn record<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    change: Change<'_>,
    bump: bool,
) -> StoreResult<()>
where
    DB: sqlx::Database,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> DateTime<Utc>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    if bump {
        sqlx::query("UPDATE plans SET version = version + 1, updated_at = $1, updated_by = $2 WHERE id = $3")
            .bind(change.at)
            .bind(change.actor.name.to_string())
            .bind(change.plan_id)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO plan_history (plan_id, at, actor, part, field, old_value, new_value, link_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(change.plan_id)
    .bind(change.at)
    .bind(change.actor.name.to_string())
    .bind(change.part.to_string())
    .bind(change.field)
    .bind(change.old)
    .bind(change.new)
    .bind(change.actor.link_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
use crate::domain::HistoryEntry;

/// How many entries the panel shows at most, newest first.
pub const HISTORY_LIMIT: i64 = 200;

#[derive(sqlx::FromRow)]
struct Row {
    at: DateTime<Utc>,
    actor: String,
    part: String,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
}

/// The plan's changes, newest first, optionally of one part and only since the day of the
/// last logged review.
pub async fn list(
    db: &Db,
    org_id: i64,
    plan_id: i64,
    part: Option<&str>,
    since_last_review: bool,
) -> StoreResult<Vec<HistoryEntry>> {
    let rows = on_pool!(db, pool => {
        if !has_row!(pool, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        let since: Option<DateTime<Utc>> = if since_last_review {
            let last: Option<NaiveDate> = sqlx::query_scalar("SELECT MAX(meeting_on) FROM review_logs WHERE plan_id = $1")
                .bind(plan_id)
                .fetch_one(pool)
                .await?;
            last.map(|d| d.and_time(NaiveTime::MIN).and_utc())
        } else {
            None
        };
        sqlx::query_as::<_, Row>(
            "SELECT at, actor, part, field, old_value, new_value FROM plan_history \
             WHERE plan_id = $1 AND ($2 IS NULL OR part = $2) AND ($3 IS NULL OR at >= $3) \
             ORDER BY at DESC, id DESC LIMIT $4",
        )
        .bind(plan_id)
        .bind(part)
        .bind(since)
        .bind(HISTORY_LIMIT)
        .fetch_all(pool)
        .await?
    });
    Ok(rows.into_iter().map(Row::entry).collect())
}

impl Row {
    fn entry(self) -> HistoryEntry {
        HistoryEntry {
            at: self.at,
            actor: self.actor,
            part: self.part,
            field: self.field,
            old_value: self.old_value,
            new_value: self.new_value,
        }
    }
}

/// How many changes a shared link's page looks through for its party's own.
pub const LINK_HISTORY_LIMIT: i64 = 300;

#[derive(sqlx::FromRow)]
struct PartyRow {
    #[sqlx(flatten)]
    row: Row,
    side: Option<String>,
    partner_id: Option<i64>,
}

/// The plan's latest changes to its actions and milestones, newest first, each with the
/// party of the link it was made through (for a link's page, which names parties only).
pub async fn of_actions_and_milestones(
    db: &Db,
    org_id: i64,
    plan_id: i64,
) -> StoreResult<Vec<crate::domain::visit::PartyChange>> {
    let rows = on_pool!(db, pool => {
        if !has_row!(pool, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        sqlx::query_as::<_, PartyRow>(
            "SELECT h.at, h.actor, h.part, h.field, h.old_value, h.new_value, l.side, l.partner_id \
             FROM plan_history h LEFT JOIN share_links l ON l.id = h.link_id \
             WHERE h.plan_id = $1 AND h.part IN ('actions', 'milestones') \
             ORDER BY h.at DESC, h.id DESC LIMIT $2",
        )
        .bind(plan_id)
        .bind(LINK_HISTORY_LIMIT)
        .fetch_all(pool)
        .await?
    });
    rows.into_iter()
        .map(|r| {
            let party = match &r.side {
                Some(side) => Some((super::parse::<crate::domain::Side>(side)?, r.partner_id)),
                None => None,
            };
            Ok(crate::domain::visit::PartyChange {
                entry: r.row.entry(),
                party,
            })
        })
        .collect()
}

/// The plan's changes in `[from, to)`, oldest first: what a review says changed since the
/// one before it.
pub async fn between(
    db: &Db,
    org_id: i64,
    plan_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> StoreResult<Vec<HistoryEntry>> {
    let rows = on_pool!(db, pool => {
        if !has_row!(pool, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        sqlx::query_as::<_, Row>(
            "SELECT at, actor, part, field, old_value, new_value FROM plan_history \
             WHERE plan_id = $1 AND at >= $2 AND at < $3 ORDER BY at, id LIMIT $4",
        )
        .bind(plan_id)
        .bind(from)
        .bind(to)
        .bind(HISTORY_LIMIT * 5)
        .fetch_all(pool)
        .await?
    });
    Ok(rows.into_iter().map(Row::entry).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::edit::{parse, Field};
    use crate::store::{demo, edits, plans, test_db, users};

    #[tokio::test]
    async fn history_newest_first_filtered_by_part_and_since_the_last_review() {
        test_db::each(|db| async move {
            demo::load(&db, "hash").await.unwrap();
            let org = users::org_by_name(&db, demo::DEMO_ORG).await.unwrap().unwrap();
            let plan = plans::list(&db, org).await.unwrap().into_iter().find(|p| p.title.starts_with("Fabrikam")).unwrap();
            let detail = plans::detail(&db, org, plan.id).await.unwrap();
            let v = |f: Field, s: &str| parse(f, s).unwrap();
            edits::save_field(&db, org, "Ann", plan.id, Field::PlanTitle, None, &v(Field::PlanTitle, &detail.title), &v(Field::PlanTitle, "Renamed")).await.unwrap();
            let a = &detail.actions[0];
            edits::save_field(&db, org, "Ben", plan.id, Field::ActionStatus, Some(a.id), &v(Field::ActionStatus, a.status.as_str()), &v(Field::ActionStatus, "done")).await.unwrap();

            let all = list(&db, org, plan.id, None, false).await.unwrap();
            assert_eq!(all.len(), 3, "created, title, action status");
            assert_eq!(all[0].actor, "Ben");
            assert_eq!(all[0].new_value.as_deref(), Some("done"));
            assert_eq!(all[2].field, "created");

            let actions = list(&db, org, plan.id, Some("actions"), false).await.unwrap();
            assert_eq!(actions.len(), 1);
            assert_eq!(actions[0].old_value.as_deref(), Some(a.status.as_str()));

            // A change from before the last review (a week ago at most) is left out.
            let month_ago = Utc::now() - chrono::Duration::days(30);
            crate::store::on_pool!(&db, pool => {
                sqlx::query("INSERT INTO plan_history (plan_id, at, actor, part, field, old_value, new_value) VALUES ($1, $2, 'Old', 'plan', 'title', 'a', 'b')")
                    .bind(plan.id).bind(month_ago).execute(pool).await.unwrap();
            });
            assert_eq!(list(&db, org, plan.id, None, false).await.unwrap().len(), 4);
            let since = list(&db, org, plan.id, None, true).await.unwrap();
            assert_eq!(since.len(), 3);
            assert!(since.iter().all(|e| e.actor != "Old"));
            let other = users::create_org_with_user(&db, "Other", "o@o.test", "O", "h").await.unwrap();
            assert!(matches!(list(&db, other.org_id, plan.id, None, false).await, Err(StoreError::NotFound)));
        })
        .await;
    }
}
