//! The portfolio's reads (`/plans`): plan summaries, not whole plans, so a page costs what
//! the page shows. A summary is made from the whole plan when the plan changed since
//! (its version moved past `summary_version`) or when the clock changed it
//! (`summary_until`, `cadence::next_change`); `refresh` does that before each read, for
//! those plans only. `plan_counts` tallies the summaries per filter value, moved by the
//! same transaction that moves a summary.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};

use super::plan_load::{load, Which};
use super::{in_write_tx, on_pool, Db, StoreError, StoreResult};
use crate::domain::health::{self, Severity};
use crate::domain::portfolio::*;
use crate::domain::{PlanDetail, PlanStatus, Side};

/// Joins a list in one text column; no user text holds it (it is a control character).
const SEP: char = '\u{1f}';
/// Plans summarised per read of their parts.
const BATCH: usize = 100;

/// Where "no review ahead" sorts: after every real meeting, with no NULL rule to differ
/// between the databases.
fn no_review() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("9999-12-31T00:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A plan's summary as stored.
struct Summary {
    title: String,
    buyer_account: String,
    partners: Vec<String>,
    status: PlanStatus,
    owner: Option<(i64, String)>,
    health: Health,
    next_review: Option<NextReview>,
    updated_at: DateTime<Utc>,
}

impl Summary {
    fn of(plan: &PlanDetail, now: DateTime<Utc>) -> Summary {
        let findings = health::check(plan, crate::cadence::moment(plan, now));
        Summary {
            title: plan.title.clone(),
            buyer_account: plan.buyer_account.clone(),
            partners: plan.partners.iter().map(|p| p.name.clone()).collect(),
            status: plan.status,
            owner: plan
                .people
                .iter()
                .find(|p| p.side == Side::Vendor && p.accountable)
                .map(|p| (p.person_id, format!("{} {}", p.first_name, p.last_name))),
            health: Health::of(&findings),
            next_review: crate::cadence::next_review(plan, now).map(|(next, zone)| NextReview {
                at: next.start,
                local: next.local,
                zone,
                occurs_on: next.occurs_on,
            }),
            updated_at: plan.updated_at,
        }
    }
}

fn severity_text(severity: Option<Severity>) -> Option<&'static str> {
    severity.map(|s| match s {
        Severity::Blocker => "blocker",
        Severity::Major => "major",
        Severity::Minor => "minor",
    })
}

fn severity_of(text: Option<&str>) -> Option<Severity> {
    match text? {
        "blocker" => Some(Severity::Blocker),
        "major" => Some(Severity::Major),
        "minor" => Some(Severity::Minor),
        _ => None,
    }
}

/// The filter values a summary is counted under.
fn facets(
    status: &str,
    health: &Health,
    owner: Option<i64>,
    partnerships: &[i64],
) -> Vec<(&'static str, String)> {
    let mut facets = vec![("status", status.to_string())];
    facets.extend(
        health
            .filters()
            .into_iter()
            .map(|f| ("health", f.as_str().to_string())),
    );
    facets.extend(owner.map(|id| ("owner", id.to_string())));
    facets.extend(
        partnerships
            .iter()
            .map(|id| ("partnership", id.to_string())),
    );
    facets
}

fn split(text: &str) -> Vec<String> {
    text.split(SEP)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// How many of these summaries (findings, worst, stalled, overdue) pass each health
/// filter.
pub fn health_counts(rows: &[(i64, Option<String>, i64, i64)]) -> Vec<(HealthFilter, i64)> {
    let mut counts: Vec<(HealthFilter, i64)> = HealthFilter::ALL.iter().map(|h| (*h, 0)).collect();
    for (findings, worst, stalled, overdue) in rows {
        let health = Health {
            findings: *findings,
            worst: severity_of(worst.as_deref()),
            stalled: *stalled,
            overdue: *overdue,
            notes: vec![],
        };
        for passed in health.filters() {
            if let Some((_, n)) = counts.iter_mut().find(|(h, _)| *h == passed) {
                *n += 1;
            }
        }
    }
    counts
}

/// Summarises every plan of the organisation whose summary is out of date at `now`.
/// Returns how many it summarised.
pub async fn refresh(db: &Db, org_id: i64, now: DateTime<Utc>) -> StoreResult<usize> {
    let mut stale: Vec<(i64, i64)> = on_pool!(db, pool => {
        let mut changed: Vec<(i64, i64)> = sqlx::query_as(
            // The lag's expression is the index's (migration 0012), so both databases use it.
            "SELECT id, summary_version FROM plans WHERE org_id = $1 \
             AND version - summary_version > 0",
        )
        .bind(org_id)
        .fetch_all(pool)
        .await?;
        let expired: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT id, summary_version FROM plans WHERE org_id = $1 AND summary_until <= $2",
        )
        .bind(org_id)
        .bind(now)
        .fetch_all(pool)
        .await?;
        changed.extend(expired);
        changed
    });
    stale.sort_unstable();
    stale.dedup_by_key(|(id, _)| *id);
    let mut done = 0;
    for batch in stale.chunks(BATCH) {
        let ids: Vec<i64> = batch.iter().map(|(id, _)| *id).collect();
        for plan in load(db, org_id, Which::Some(&ids)).await? {
            let Some((_, seen)) = batch.iter().find(|(id, _)| *id == plan.id) else {
                continue;
            };
            if summarise(db, org_id, &plan, *seen, now).await? {
                done += 1;
            }
        }
    }
    Ok(done)
}

#[derive(sqlx::FromRow)]
struct Tallied {
    status: String,
    owner_id: Option<i64>,
    findings: i64,
    worst: Option<String>,
    stalled: i64,
    overdue: i64,
    partnerships: String,
}

impl Tallied {
    fn facets(&self) -> Vec<(&'static str, String)> {
        let health = Health {
            findings: self.findings,
            worst: severity_of(self.worst.as_deref()),
            stalled: self.stalled,
            overdue: self.overdue,
            notes: vec![],
        };
        let partnerships: Vec<i64> = self
            .partnerships
            .split_whitespace()
            .filter_map(|id| id.parse().ok())
            .collect();
        facets(&self.status, &health, self.owner_id, &partnerships)
    }
}

/// Stores the summary of `plan`, read when its summary version was `seen`, unless another
/// read summarised it meanwhile. One transaction per plan: it locks the plan's row, then
/// the counts in one order, so two reads summarising at once never wait on each other
/// in a circle.
async fn summarise(
    db: &Db,
    org_id: i64,
    plan: &PlanDetail,
    seen: i64,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let summary = Summary::of(plan, now);
    let until = crate::cadence::next_change(plan, now);
    let health = &summary.health;
    Ok(in_write_tx!(db, tx => {
        let claimed = sqlx::query(
            "UPDATE plans SET summary_version = $1, summary_until = $2 \
             WHERE id = $3 AND summary_version = $4",
        )
        .bind(plan.version)
        .bind(until)
        .bind(plan.id)
        .bind(seen)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if claimed {
            let partnerships: Vec<i64> = sqlx::query_scalar(
                "SELECT DISTINCT partnership_id FROM plan_partners \
                 WHERE plan_id = $1 AND partnership_id IS NOT NULL ORDER BY partnership_id",
            )
            .bind(plan.id)
            .fetch_all(&mut *tx)
            .await?;
            let before: Option<Tallied> = sqlx::query_as(
                "SELECT status, owner_id, findings, worst, stalled, overdue, partnerships \
                 FROM plan_summaries WHERE plan_id = $1",
            )
            .bind(plan.id)
            .fetch_optional(&mut *tx)
            .await?;
            let review = summary.next_review.as_ref();
            let partnership_text = partnerships
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(" ");
            sqlx::query(
                "INSERT INTO plan_summaries (plan_id, org_id, title, title_key, buyer_account, \
                 partners, partnerships, status, owner_id, owner_name, findings, worst, stalled, \
                 overdue, urgency, notes, next_review, review_local, review_zone, review_on, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) \
                 ON CONFLICT (plan_id) DO UPDATE SET title = excluded.title, \
                 title_key = excluded.title_key, buyer_account = excluded.buyer_account, \
                 partners = excluded.partners, partnerships = excluded.partnerships, \
                 status = excluded.status, owner_id = excluded.owner_id, \
                 owner_name = excluded.owner_name, findings = excluded.findings, \
                 worst = excluded.worst, stalled = excluded.stalled, overdue = excluded.overdue, \
                 urgency = excluded.urgency, notes = excluded.notes, \
                 next_review = excluded.next_review, review_local = excluded.review_local, \
                 review_zone = excluded.review_zone, review_on = excluded.review_on, \
                 updated_at = excluded.updated_at",
            )
            .bind(plan.id)
            .bind(org_id)
            .bind(&summary.title)
            .bind(summary.title.to_lowercase())
            .bind(&summary.buyer_account)
            .bind(summary.partners.join(&SEP.to_string()))
            .bind(&partnership_text)
            .bind(summary.status.as_str())
            .bind(summary.owner.as_ref().map(|(id, _)| *id))
            .bind(summary.owner.as_ref().map(|(_, name)| name.clone()))
            .bind(health.findings)
            .bind(severity_text(health.worst))
            .bind(health.stalled)
            .bind(health.overdue)
            .bind(health.urgency())
            .bind(health.notes.join(&SEP.to_string()))
            .bind(review.map_or_else(no_review, |r| r.at))
            .bind(review.map(|r| r.local))
            .bind(review.map(|r| r.zone.clone()).unwrap_or_default())
            .bind(review.map(|r| r.occurs_on))
            .bind(summary.updated_at)
            .execute(&mut *tx)
            .await?;
            let after = facets(
                summary.status.as_str(),
                health,
                summary.owner.as_ref().map(|(id, _)| *id),
                &partnerships,
            );
            let mut moves: Vec<((&str, String), i64)> = after.into_iter().map(|f| (f, 1)).collect();
            moves.extend(before.iter().flat_map(Tallied::facets).map(|f| (f, -1)));
            moves.sort();
            // A value both before and after does not move.
            let mut net: Vec<((&str, String), i64)> = Vec::new();
            for (facet, delta) in moves {
                match net.last_mut() {
                    Some((last, sum)) if *last == facet => *sum += delta,
                    _ => net.push((facet, delta)),
                }
            }
            for ((facet, value), delta) in net.into_iter().filter(|(_, d)| *d != 0) {
                sqlx::query(
                    "INSERT INTO plan_counts (org_id, facet, value, plans) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (org_id, facet, value) DO UPDATE SET plans = plan_counts.plans + excluded.plans",
                )
                .bind(org_id)
                .bind(facet)
                .bind(value)
                .bind(delta)
                .execute(&mut *tx)
                .await?;
            }
        }
        claimed
    }))
}

#[derive(sqlx::FromRow)]
struct Row {
    plan_id: i64,
    title: String,
    buyer_account: String,
    partners: String,
    status: String,
    owner_name: Option<String>,
    findings: i64,
    worst: Option<String>,
    stalled: i64,
    overdue: i64,
    urgency: i64,
    notes: String,
    next_review: DateTime<Utc>,
    review_local: Option<NaiveDateTime>,
    review_zone: String,
    review_on: Option<NaiveDate>,
    updated_at: DateTime<Utc>,
    title_key: String,
}

impl Row {
    fn cursor(&self, sort: Sort) -> Cursor {
        let key = match sort {
            Sort::Attention => self.urgency.to_string(),
            Sort::Updated => self.updated_at.to_rfc3339_opts(SecondsFormat::Nanos, true),
            Sort::Title => self.title_key.clone(),
            Sort::Review => self.next_review.to_rfc3339_opts(SecondsFormat::Nanos, true),
        };
        Cursor {
            key,
            id: self.plan_id,
        }
    }

    fn into_row(self) -> StoreResult<PortfolioRow> {
        Ok(PortfolioRow {
            id: self.plan_id,
            title: self.title,
            buyer_account: self.buyer_account,
            partners: split(&self.partners),
            status: self
                .status
                .parse()
                .map_err(|_| StoreError::Corrupt(self.status.clone()))?,
            owner: self.owner_name,
            health: Health {
                findings: self.findings,
                worst: severity_of(self.worst.as_deref()),
                stalled: self.stalled,
                overdue: self.overdue,
                notes: split(&self.notes),
            },
            next_review: self
                .review_local
                .zip(self.review_on)
                .map(|(local, occurs_on)| NextReview {
                    at: self.next_review,
                    local,
                    zone: self.review_zone,
                    occurs_on,
                }),
            updated_at: self.updated_at,
        })
    }
}

/// A value a statement is given, of whichever type its column has.
enum Bind {
    Int(i64),
    Text(String),
    Time(DateTime<Utc>),
}

/// A statement's conditions and the values their placeholders take, numbered in order.
struct Where {
    binds: Vec<Bind>,
    conditions: Vec<String>,
}

impl Where {
    /// Adds a condition whose `?`s take `values`, in order.
    fn add<const N: usize>(&mut self, condition: &str, values: [Bind; N]) {
        let mut numbered = String::new();
        let mut values = values.into_iter();
        for piece in condition.split_inclusive('?') {
            if let Some(text) = piece.strip_suffix('?') {
                if let Some(value) = values.next() {
                    self.binds.push(value);
                    numbered.push_str(&format!("{text}${}", self.binds.len()));
                    continue;
                }
            }
            numbered.push_str(piece);
        }
        self.conditions.push(numbered);
    }
}

/// The column a sort orders by, and whether larger values come first.
fn order_of(sort: Sort) -> (&'static str, bool) {
    match sort {
        Sort::Attention => ("urgency", true),
        Sort::Updated => ("updated_at", true),
        Sort::Title => ("title_key", false),
        Sort::Review => ("next_review", false),
    }
}

fn key_bind(sort: Sort, cursor: &Cursor) -> StoreResult<Bind> {
    let bad = || StoreError::Invalid("That page of the portfolio no longer exists.".into());
    Ok(match sort {
        Sort::Attention => Bind::Int(cursor.key.parse().map_err(|_| bad())?),
        Sort::Title => Bind::Text(cursor.key.clone()),
        Sort::Updated | Sort::Review => Bind::Time(
            DateTime::parse_from_rfc3339(&cursor.key)
                .map_err(|_| bad())?
                .with_timezone(&Utc),
        ),
    })
}

/// One page of the organisation's plans as `query` filters, orders and positions it,
/// with the queries of the pages before and after it.
pub async fn page(
    db: &Db,
    org_id: i64,
    query: &PortfolioQuery,
) -> StoreResult<(
    Vec<PortfolioRow>,
    Option<PortfolioQuery>,
    Option<PortfolioQuery>,
)> {
    let sort = query.sort();
    let (column, descending) = order_of(sort);
    let mut filters = Where {
        binds: vec![Bind::Int(org_id)],
        conditions: vec!["org_id = $1".to_string()],
    };
    if let Some(status) = query.status {
        filters.add("status = ?", [Bind::Text(status.as_str().into())]);
    }
    if let Some(owner) = query.owner {
        filters.add("owner_id = ?", [Bind::Int(owner)]);
    }
    if let Some(partnership) = query.partnership {
        filters.add(
            "plan_id IN (SELECT plan_id FROM plan_partners WHERE partnership_id = ?)",
            [Bind::Int(partnership)],
        );
    }
    if let Some(health) = query.health {
        let condition = match health {
            HealthFilter::Blocked => "worst = 'blocker'",
            HealthFilter::Unhealthy => "findings > 0",
            HealthFilter::Healthy => "findings = 0",
            HealthFilter::Stalled => "stalled > 0",
            HealthFilter::Overdue => "overdue > 0",
        };
        filters.add(condition, []);
    }
    // Backwards (the previous page) reads the other way from the cursor, then turns round.
    let (cursor, backwards) = match (&query.after, &query.before) {
        (Some(after), _) => (Some(after), false),
        (None, Some(before)) => (Some(before), true),
        (None, None) => (None, false),
    };
    let reading_down = descending != backwards;
    if let Some(cursor) = cursor {
        let compare = if reading_down { "<" } else { ">" };
        filters.add(
            &format!("({column}, plan_id) {compare} (?, ?)"),
            [key_bind(sort, cursor)?, Bind::Int(cursor.id)],
        );
    }
    let direction = if reading_down { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT plan_id, title, buyer_account, partners, status, owner_name, findings, worst, \
         stalled, overdue, urgency, notes, next_review, review_local, review_zone, review_on, updated_at, title_key \
         FROM plan_summaries WHERE {} ORDER BY {column} {direction}, plan_id {direction} LIMIT {}",
        filters.conditions.join(" AND "),
        PAGE_SIZE + 1
    );
    let mut rows: Vec<Row> = on_pool!(db, pool => {
        let mut statement = sqlx::query_as::<_, Row>(&sql);
        for bind in &filters.binds {
            statement = match bind {
                Bind::Int(v) => statement.bind(*v),
                Bind::Text(v) => statement.bind(v.clone()),
                Bind::Time(v) => statement.bind(*v),
            };
        }
        statement.fetch_all(pool).await?
    });
    let more = rows.len() > PAGE_SIZE;
    rows.truncate(PAGE_SIZE);
    if backwards {
        rows.reverse();
    }
    let first = query.first_page();
    // A cursor means a page on that side; `more` means one on the side read towards.
    let (more_before, more_after) = match (cursor.is_some(), backwards) {
        (_, true) => (more, true),
        (had, false) => (had, more),
    };
    let previous = match rows.first() {
        Some(row) if more_before => Some(PortfolioQuery {
            before: Some(row.cursor(sort)),
            ..first.clone()
        }),
        _ => None,
    };
    let next = match rows.last() {
        Some(row) if more_after => Some(PortfolioQuery {
            after: Some(row.cursor(sort)),
            ..first.clone()
        }),
        _ => None,
    };
    let rows = rows
        .into_iter()
        .map(Row::into_row)
        .collect::<StoreResult<_>>()?;
    Ok((rows, previous, next))
}

/// How many plans each filter value holds, with the names of partnerships and owners.
pub async fn counts(db: &Db, org_id: i64) -> StoreResult<Counts> {
    let (tallies, partnerships, owners) = on_pool!(db, pool => {
        let tallies: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT facet, value, plans FROM plan_counts WHERE org_id = $1 AND plans > 0",
        )
        .bind(org_id)
        .fetch_all(pool)
        .await?;
        let partnerships: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM partnerships WHERE org_id = $1 ORDER BY name, id")
                .bind(org_id)
                .fetch_all(pool)
                .await?;
        let owners: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, first_name, last_name FROM people WHERE org_id = $1 \
             AND id IN (SELECT CAST(value AS BIGINT) FROM plan_counts \
                        WHERE org_id = $1 AND facet = 'owner' AND plans > 0) \
             ORDER BY first_name, last_name, id",
        )
        .bind(org_id)
        .fetch_all(pool)
        .await?;
        (tallies, partnerships, owners)
    });
    let tally = |facet: &str, value: &str| {
        tallies
            .iter()
            .find(|(f, v, _)| f == facet && v == value)
            .map_or(0, |(_, _, n)| *n)
    };
    let status: Vec<(PlanStatus, i64)> = PlanStatus::ALL
        .iter()
        .map(|s| (*s, tally("status", s.as_str())))
        .collect();
    Ok(Counts {
        plans: status.iter().map(|(_, n)| n).sum(),
        status,
        health: HealthFilter::ALL
            .iter()
            .map(|h| (*h, tally("health", h.as_str())))
            .collect(),
        partnerships: partnerships
            .into_iter()
            .map(|(id, name)| (id, name, tally("partnership", &id.to_string())))
            .collect(),
        owners: owners
            .into_iter()
            .map(|(id, first, last)| {
                (
                    id,
                    format!("{first} {last}"),
                    tally("owner", &id.to_string()),
                )
            })
            .collect(),
    })
}

/// The reviews due from `from` until `to`, soonest first, with what their plans have
/// stalled or overdue.
pub async fn agenda(
    db: &Db,
    org_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> StoreResult<Vec<AgendaItem>> {
    type AgendaRow = (
        i64,
        String,
        DateTime<Utc>,
        Option<NaiveDateTime>,
        String,
        Option<NaiveDate>,
        String,
    );
    let rows: Vec<AgendaRow> = on_pool!(db, pool => {
        sqlx::query_as(&format!(
            "SELECT plan_id, title, next_review, review_local, review_zone, review_on, notes FROM plan_summaries \
             WHERE org_id = $1 AND next_review >= $2 AND next_review < $3 \
             ORDER BY next_review, plan_id LIMIT {AGENDA_MAX}"
        ))
        .bind(org_id)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(plan_id, title, at, local, zone, occurs_on, notes)| {
            Some(AgendaItem {
                plan_id,
                title,
                review: NextReview {
                    at,
                    local: local?,
                    zone,
                    occurs_on: occurs_on?,
                },
                notes: split(&notes),
            })
        })
        .collect())
}

#[cfg(test)]
#[path = "portfolio_tests.rs"]
mod tests;
