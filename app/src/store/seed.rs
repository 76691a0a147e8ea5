//! Inserts a whole plan at once, from a `PlanDetail` whose ids are only references between
//! its own parts (the demo data and the store tests build plans this way).

use std::collections::HashMap;

use chrono::Utc;

use super::escalation::ensure_paths;
use super::history::{record, Change};
use super::{in_write_tx, Db, StoreResult};
use crate::domain::*;

pub async fn insert_plan(db: &Db, org_id: i64, actor: &str, plan: &PlanDetail) -> StoreResult<i64> {
    let now = Utc::now();
    Ok(in_write_tx!(db, tx => {
        let (cadence_frequency, cadence_weekday, cadence_time, cadence_tz, cadence_minutes) =
            match &plan.cadence {
                Some(c) => (
                    Some(c.frequency.as_str()),
                    Some(c.weekday.to_string()),
                    Some(c.time),
                    Some(c.time_zone.as_str()),
                    Some(c.minutes),
                ),
                None => (None, None, None, None, None),
            };
        let plan_id: i64 = sqlx::query_scalar(
            "INSERT INTO plans (org_id, title, buyer_account, status, mode, motion_front, motion_text, \
             credit_kind, credit_text, credit_agreed_vendor, credit_agreed_partner, credit_agreed_on, \
             cadence_frequency, cadence_weekday, cadence_time, cadence_tz, cadence_minutes, \
             target_amount, target_currency, target_on, created_at, updated_at, updated_by, \
             cadence_starts_on, cadence_ends_on, cadence_link) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             $18, $19, $20, $21, $21, $22, $23, $24, $25) RETURNING id",
        )
        .bind(org_id)
        .bind(&plan.title)
        .bind(&plan.buyer_account)
        .bind(plan.status.as_str())
        .bind(plan.mode.as_str())
        .bind(plan.motion.front.map(Front::as_str))
        .bind(&plan.motion.coordination)
        .bind(plan.credit.kind.map(CreditKind::as_str))
        .bind(&plan.credit.text)
        .bind(&plan.credit.agreed_by_vendor)
        .bind(&plan.credit.agreed_by_partner)
        .bind(plan.credit.agreed_on)
        .bind(cadence_frequency)
        .bind(cadence_weekday)
        .bind(cadence_time)
        .bind(cadence_tz)
        .bind(cadence_minutes)
        .bind(plan.target.as_ref().map(|t| t.amount))
        .bind(plan.target.as_ref().map(|t| t.currency.as_str()))
        .bind(plan.target.as_ref().map(|t| t.due_on))
        .bind(now)
        .bind(actor)
        .bind(plan.schedule.starts_on)
        .bind(plan.schedule.ends_on)
        .bind(&plan.schedule.link)
        .fetch_one(&mut *tx)
        .await?;

        let mut partner_ids = HashMap::new();
        for (position, partner) in plan.partners.iter().enumerate() {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO plan_partners (plan_id, name, kind, position) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(plan_id)
            .bind(&partner.name)
            .bind(partner.kind.as_str())
            .bind(position as i64)
            .fetch_one(&mut *tx)
            .await?;
            partner_ids.insert(partner.id, id);
        }
        let partner_of = |id: Option<i64>| id.and_then(|id| partner_ids.get(&id).copied());

        for (position, account) in plan.accounts.iter().enumerate() {
            sqlx::query(
                "INSERT INTO plan_accounts (plan_id, name, vendor_relation, partner_relation, position) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(plan_id)
            .bind(&account.name)
            .bind(account.vendor_relation.as_str())
            .bind(account.partner_relation.as_str())
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }

        let mut role_ids = HashMap::new();
        for (position, role) in plan.roles.iter().enumerate() {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO plan_roles (plan_id, label, position) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(plan_id)
            .bind(&role.label)
            .bind(position as i64)
            .fetch_one(&mut *tx)
            .await?;
            role_ids.insert(role.id, id);
        }

        let mut person_ids = HashMap::new();
        for (position, person) in plan.people.iter().enumerate() {
            // The organisation's directory has each person once, across its plans.
            let known: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM people WHERE org_id = $1 AND lower(email) = lower($2) \
                 AND first_name = $3 AND last_name = $4 ORDER BY id LIMIT 1",
            )
            .bind(org_id)
            .bind(&person.email)
            .bind(&person.first_name)
            .bind(&person.last_name)
            .fetch_optional(&mut *tx)
            .await?;
            let directory_id: i64 = match known {
                Some(id) => id,
                None => super::owners::insert_person!(&mut *tx, org_id, person, now),
            };
            let (role, custom_role) = match person.role {
                owners::RoleRow::Standard(role) => (Some(role.key()), None),
                owners::RoleRow::Custom(id) => (None, role_ids.get(&id).copied()),
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO plan_people (plan_id, side, partner_id, person_id, role, custom_role_id, accountable, position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(plan_id)
            .bind(person.side.as_str())
            .bind(partner_of(person.partner_id))
            .bind(directory_id)
            .bind(role)
            .bind(custom_role)
            .bind(person.accountable)
            .bind(position as i64)
            .fetch_one(&mut *tx)
            .await?;
            person_ids.insert(person.id, id);
        }
        let person_of = |id: Option<i64>| id.and_then(|id| person_ids.get(&id).copied());

        for (position, milestone) in plan.milestones.iter().enumerate() {
            sqlx::query(
                "INSERT INTO milestones (plan_id, title, due_on, owner_id, status, position) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(plan_id)
            .bind(&milestone.title)
            .bind(milestone.due_on)
            .bind(person_of(milestone.owner_id))
            .bind(milestone.status.as_str())
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }

        for (position, action) in plan.actions.iter().enumerate() {
            sqlx::query(
                "INSERT INTO actions (plan_id, side, partner_id, text, owner_id, due_on, status, position, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(plan_id)
            .bind(action.side.as_str())
            .bind(partner_of(action.partner_id))
            .bind(&action.text)
            .bind(person_of(action.owner_id))
            .bind(action.due_on)
            .bind(action.status.as_str())
            .bind(position as i64)
            .bind(action.updated_at)
            .bind(&action.updated_by)
            .execute(&mut *tx)
            .await?;
        }

        for (position, line) in plan.economics.iter().enumerate() {
            sqlx::query(
                "INSERT INTO economics_lines (plan_id, kind, side, partner_id, percent_bp, amount, currency, note, position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(plan_id)
            .bind(line.kind.as_str())
            .bind(line.side.as_str())
            .bind(partner_of(line.partner_id))
            .bind(line.percent_bp)
            .bind(line.amount)
            .bind(line.currency.as_deref())
            .bind(&line.note)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }

        for path in &plan.escalations {
            sqlx::query(
                "INSERT INTO escalation_paths (plan_id, side, partner_id, stall_days) VALUES ($1, $2, $3, $4)",
            )
            .bind(plan_id)
            .bind(path.side.as_str())
            .bind(partner_of(path.partner_id))
            .bind(path.stall_days)
            .execute(&mut *tx)
            .await?;
        }
        ensure_paths(&mut tx, plan_id).await?;
        for (position, step) in plan.escalation_steps.iter().enumerate() {
            if let Some(person_id) = person_of(Some(step.person_id)) {
                sqlx::query(
                    "INSERT INTO escalation_steps (plan_id, side, partner_id, person_id, position) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(plan_id)
                .bind(step.side.as_str())
                .bind(partner_of(step.partner_id))
                .bind(person_id)
                .bind(position as i64)
                .execute(&mut *tx)
                .await?;
            }
        }

        for review in &plan.reviews {
            sqlx::query(
                "INSERT INTO review_logs (plan_id, meeting_on, notes, blockers, next_moves, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(plan_id)
            .bind(review.meeting_on)
            .bind(&review.notes)
            .bind(&review.blockers)
            .bind(&review.next_moves)
            .bind(actor)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }

        record(&mut tx, Change::created(plan_id, now, actor, &plan.title), false).await?;
        plan_id
    }))
}
