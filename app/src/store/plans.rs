//! Plans and every part of them.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::escalation::ensure_paths;
use super::history::{record, Change};
use super::{in_write_tx, on_pool, parse, parse_opt, Db, StoreError, StoreResult};
use crate::domain::*;

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    title: String,
    buyer_account: String,
    status: String,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: i64,
    title: String,
    buyer_account: String,
    status: String,
    mode: String,
    motion_front: Option<String>,
    motion_text: String,
    credit_kind: Option<String>,
    credit_text: String,
    credit_agreed_vendor: String,
    credit_agreed_partner: String,
    credit_agreed_on: Option<NaiveDate>,
    cadence_frequency: Option<String>,
    cadence_weekday: Option<String>,
    cadence_time: Option<NaiveTime>,
    cadence_tz: Option<String>,
    cadence_minutes: Option<i64>,
    target_amount: Option<i64>,
    target_currency: Option<String>,
    target_on: Option<NaiveDate>,
    version: i64,
    updated_at: DateTime<Utc>,
}

/// The organisation's plans, most recently updated first, with their partners' names.
pub async fn list(db: &Db, org_id: i64) -> StoreResult<Vec<PlanSummary>> {
    let (rows, partners): (Vec<SummaryRow>, Vec<(i64, String)>) = on_pool!(db, pool => {
        let rows = sqlx::query_as::<_, SummaryRow>(
            "SELECT id, title, buyer_account, status, updated_at FROM plans \
             WHERE org_id = $1 ORDER BY updated_at DESC, id DESC",
        )
        .bind(org_id)
        .fetch_all(pool)
        .await?;
        let partners = sqlx::query_as::<_, (i64, String)>(
            "SELECT pp.plan_id, pp.name FROM plan_partners pp JOIN plans p ON p.id = pp.plan_id \
             WHERE p.org_id = $1 ORDER BY pp.plan_id, pp.position",
        )
        .bind(org_id)
        .fetch_all(pool)
        .await?;
        (rows, partners)
    });
    rows.into_iter()
        .map(|row| {
            Ok(PlanSummary {
                partners: partners
                    .iter()
                    .filter(|(plan_id, _)| *plan_id == row.id)
                    .map(|(_, name)| name.clone())
                    .collect(),
                id: row.id,
                title: row.title,
                buyer_account: row.buyer_account,
                status: parse(&row.status)?,
                updated_at: row.updated_at,
            })
        })
        .collect()
}

/// Creates a draft plan with its first partner, and records it in the history.
pub async fn create(db: &Db, org_id: i64, actor: &str, new: &NewPlan) -> StoreResult<i64> {
    let now = Utc::now();
    let title = new.title.trim();
    Ok(in_write_tx!(db, tx => {
        let plan_id: i64 = sqlx::query_scalar(
            "INSERT INTO plans (org_id, title, buyer_account, created_at, updated_at, updated_by, credit_kind) \
             VALUES ($1, $2, $3, $4, $4, $5, $6) RETURNING id",
        )
        .bind(org_id)
        .bind(title)
        .bind(new.buyer_account.trim())
        .bind(now)
        .bind(actor)
        .bind(new.credit.map(CreditKind::as_str))
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO plan_partners (plan_id, name, kind, position) VALUES ($1, $2, $3, 0)",
        )
        .bind(plan_id)
        .bind(new.partner.trim())
        .bind(PartnerKind::Reseller.as_str())
        .execute(&mut *tx)
        .await?;
        ensure_paths(&mut tx, plan_id).await?;
        record(&mut tx, Change::created(plan_id, now, actor, title), false).await?;
        plan_id
    }))
}

/// One plan of the organisation, every part of it. A plan of another organisation is
/// `NotFound`, exactly like a plan that does not exist.
pub async fn detail(db: &Db, org_id: i64, plan_id: i64) -> StoreResult<PlanDetail> {
    // The dozen reads see one snapshot, so a row added meanwhile is seen whole or not at
    // all (an action is never read without the owner added with it).
    let begin = match db {
        Db::Sqlite(_) => "BEGIN",
        Db::Postgres(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
    };
    on_pool!(db, pool => {
        let mut conn = pool.begin_with(begin).await?;
        let plan = sqlx::query_as::<_, PlanRow>(
            "SELECT id, title, buyer_account, status, mode, motion_front, motion_text, \
             credit_kind, credit_text, credit_agreed_vendor, credit_agreed_partner, credit_agreed_on, \
             cadence_frequency, cadence_weekday, cadence_time, cadence_tz, cadence_minutes, \
             target_amount, target_currency, target_on, version, updated_at \
             FROM plans WHERE id = $1 AND org_id = $2",
        )
        .bind(plan_id)
        .bind(org_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;

        let partners = sqlx::query_as::<_, (i64, String, String)>(
            "SELECT id, name, kind FROM plan_partners WHERE plan_id = $1 ORDER BY position, id",
        )
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
        let accounts = sqlx::query_as::<_, (i64, String, String, String)>(
            "SELECT id, name, vendor_relation, partner_relation FROM plan_accounts \
             WHERE plan_id = $1 ORDER BY position, id",
        )
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
        let people = sqlx::query_as::<_, PersonRow>(
            "SELECT id, side, partner_id, role, first_name, last_name, email, title \
             FROM plan_people WHERE plan_id = $1 ORDER BY position, id",
        )
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
        let milestones = sqlx::query_as::<_, (i64, String, Option<NaiveDate>, Option<i64>, String)>(
            "SELECT id, title, due_on, owner_id, status FROM milestones \
             WHERE plan_id = $1 ORDER BY position, id",
        )
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
        let actions = sqlx::query_as::<_, ActionRow>(
            "SELECT id, side, partner_id, text, owner_id, due_on, status, updated_at, updated_by \
             FROM actions WHERE plan_id = $1 ORDER BY position, id",
        )
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
        let economics = sqlx::query_as::<_, EconomicsRow>(
            "SELECT id, kind, side, partner_id, percent_bp, amount, currency, note \
             FROM economics_lines WHERE plan_id = $1 ORDER BY position, id",
        )
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
        let paths = sqlx::query_as::<_, (i64, String, Option<i64>, i64)>(
            "SELECT id, side, partner_id, stall_days FROM escalation_paths \
             WHERE plan_id = $1 ORDER BY id",
        )
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
        let steps = sqlx::query_as::<_, (i64, String, Option<i64>, i64)>(
            "SELECT id, side, partner_id, person_id FROM escalation_steps \
             WHERE plan_id = $1 ORDER BY position, id",
        )
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
        let reviews = sqlx::query_as::<_, (i64, NaiveDate, String, String, String)>(
            "SELECT id, meeting_on, notes, blockers, next_moves FROM review_logs \
             WHERE plan_id = $1 ORDER BY meeting_on DESC, id DESC",
        )
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;

        conn.commit().await?;

        Ok(PlanDetail {
            id: plan.id,
            title: plan.title,
            buyer_account: plan.buyer_account,
            status: parse(&plan.status)?,
            mode: parse(&plan.mode)?,
            version: plan.version,
            updated_at: plan.updated_at,
            partners: partners
                .into_iter()
                .map(|(id, name, kind)| Ok(Partner { id, name, kind: parse(&kind)? }))
                .collect::<StoreResult<_>>()?,
            accounts: accounts
                .into_iter()
                .map(|(id, name, vendor, partner)| {
                    Ok(SharedAccount {
                        id,
                        name,
                        vendor_relation: parse(&vendor)?,
                        partner_relation: parse(&partner)?,
                    })
                })
                .collect::<StoreResult<_>>()?,
            people: people.into_iter().map(PersonRow::into_domain).collect::<StoreResult<_>>()?,
            milestones: milestones
                .into_iter()
                .map(|(id, title, due_on, owner_id, status)| {
                    Ok(Milestone { id, title, due_on, owner_id, status: parse(&status)? })
                })
                .collect::<StoreResult<_>>()?,
            actions: actions.into_iter().map(ActionRow::into_domain).collect::<StoreResult<_>>()?,
            economics: economics
                .into_iter()
                .map(EconomicsRow::into_domain)
                .collect::<StoreResult<_>>()?,
            credit: CreditRule {
                kind: parse_opt(plan.credit_kind.as_deref())?,
                text: plan.credit_text,
                agreed_by_vendor: plan.credit_agreed_vendor,
                agreed_by_partner: plan.credit_agreed_partner,
                agreed_on: plan.credit_agreed_on,
            },
            escalations: paths
                .into_iter()
                .map(|(id, side, partner_id, stall_days)| {
                    Ok(EscalationPath { id, side: parse(&side)?, partner_id, stall_days })
                })
                .collect::<StoreResult<_>>()?,
            escalation_steps: steps
                .into_iter()
                .map(|(id, side, partner_id, person_id)| {
                    Ok(EscalationStep { id, side: parse(&side)?, partner_id, person_id })
                })
                .collect::<StoreResult<_>>()?,
            motion: DealMotion {
                front: parse_opt(plan.motion_front.as_deref())?,
                coordination: plan.motion_text,
            },
            schedule: ScheduleFields {
                frequency: plan.cadence_frequency.clone(),
                weekday: plan.cadence_weekday.clone(),
                time: plan.cadence_time.map(|t| t.format("%H:%M").to_string()),
                time_zone: plan.cadence_tz.clone(),
                minutes: plan.cadence_minutes,
                target_amount: plan.target_amount,
                target_currency: plan.target_currency.clone(),
                target_on: plan.target_on,
            },
            cadence: match (
                plan.cadence_frequency,
                plan.cadence_weekday,
                plan.cadence_time,
                plan.cadence_tz,
                plan.cadence_minutes,
            ) {
                (Some(frequency), Some(weekday), Some(time), Some(time_zone), Some(minutes)) => {
                    Some(Cadence {
                        frequency: parse(&frequency)?,
                        weekday: parse(&weekday)?,
                        time,
                        time_zone,
                        minutes,
                    })
                }
                _ => None,
            },
            target: match (plan.target_amount, plan.target_currency, plan.target_on) {
                (Some(amount), Some(currency), Some(due_on)) => {
                    Some(Target { amount, currency, due_on })
                }
                _ => None,
            },
            reviews: reviews
                .into_iter()
                .map(|(id, meeting_on, notes, blockers, next_moves)| ReviewLog {
                    id,
                    meeting_on,
                    notes,
                    blockers,
                    next_moves,
                })
                .collect(),
        })
    })
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: i64,
    side: String,
    partner_id: Option<i64>,
    role: String,
    first_name: String,
    last_name: String,
    email: String,
    title: String,
}

impl PersonRow {
    fn into_domain(self) -> StoreResult<Person> {
        Ok(Person {
            id: self.id,
            side: parse(&self.side)?,
            partner_id: self.partner_id,
            role: self.role,
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            title: self.title,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: i64,
    side: String,
    partner_id: Option<i64>,
    text: String,
    owner_id: Option<i64>,
    due_on: Option<NaiveDate>,
    status: String,
    updated_at: DateTime<Utc>,
    updated_by: String,
}

impl ActionRow {
    fn into_domain(self) -> StoreResult<JointAction> {
        Ok(JointAction {
            id: self.id,
            side: parse(&self.side)?,
            partner_id: self.partner_id,
            text: self.text,
            owner_id: self.owner_id,
            due_on: self.due_on,
            status: parse(&self.status)?,
            updated_at: self.updated_at,
            updated_by: self.updated_by,
        })
    }
}

#[derive(sqlx::FromRow)]
struct EconomicsRow {
    id: i64,
    kind: String,
    side: String,
    partner_id: Option<i64>,
    percent_bp: Option<i64>,
    amount: Option<i64>,
    currency: Option<String>,
    note: String,
}

impl EconomicsRow {
    fn into_domain(self) -> StoreResult<EconomicsLine> {
        Ok(EconomicsLine {
            id: self.id,
            kind: parse(&self.kind)?,
            side: parse(&self.side)?,
            partner_id: self.partner_id,
            percent_bp: self.percent_bp,
            amount: self.amount,
            currency: self.currency,
            note: self.note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{test_db, users};

    fn new_plan(title: &str) -> NewPlan {
        NewPlan {
            title: format!("  {title} "),
            partner: "Contoso".into(),
            buyer_account: "Fabrikam".into(),
            credit: None,
        }
    }

    #[tokio::test]
    async fn created_plans_are_listed_newest_first_for_their_organisation_only() {
        test_db::each(|db| async move {
            let ours = users::create_org_with_user(&db, "Ours", "a@o.test", "A", "h").await.unwrap();
            let theirs = users::create_org_with_user(&db, "Theirs", "b@t.test", "B", "h").await.unwrap();
            let first = create(&db, ours.org_id, "A", &new_plan("First")).await.unwrap();
            let second = create(&db, ours.org_id, "A", &new_plan("Second")).await.unwrap();
            create(&db, theirs.org_id, "B", &new_plan("Other")).await.unwrap();

            let list = list(&db, ours.org_id).await.unwrap();
            let titles: Vec<_> = list.iter().map(|p| p.title.as_str()).collect();
            assert_eq!(titles, ["Second", "First"], "trimmed, newest first, ours only");
            assert_eq!(list[0].partners, ["Contoso"]);
            assert_eq!(list[0].status, PlanStatus::Draft);

            let plan = detail(&db, ours.org_id, first).await.unwrap();
            assert_eq!(plan.title, "First");
            assert_eq!(plan.buyer_account, "Fabrikam");
            assert_eq!(plan.version, 1);
            assert_eq!(plan.mode, PlanMode::ThreeParty);
            assert_eq!(plan.partners.len(), 1);
            assert!(plan.accounts.is_empty() && plan.cadence.is_none() && plan.target.is_none());

            // Another organisation's plan is indistinguishable from a missing one.
            assert!(matches!(detail(&db, theirs.org_id, second).await, Err(StoreError::NotFound)));
            assert!(matches!(detail(&db, ours.org_id, 999_999).await, Err(StoreError::NotFound)));

            let history: i64 = on_pool!(&db, pool => {
                sqlx::query_scalar("SELECT COUNT(*) FROM plan_history WHERE plan_id = $1 AND field = 'created'")
                    .bind(first)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            });
            assert_eq!(history, 1);
        })
        .await;
    }
}
