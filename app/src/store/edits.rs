//! One-field writes with a compare-and-set on the field's value (see `domain::edit`), and
//! the history row that records each.

use chrono::{NaiveDate, NaiveTime, Utc};

use super::columns;
use super::history::{record, Actor, Change};
use super::{has_row, in_write_tx, Db, StoreError, StoreResult};
use crate::domain::edit::{Field, Holder, Kind, Party, SaveOutcome, Value};

/// A `Kind::Party` field as one value, from the two columns that hold it.
const PARTY_SQL: &str =
    "CASE WHEN side = 'partner' THEN 'partner:' || CAST(partner_id AS TEXT) ELSE side END";

/// Person $1 among plan $2's owners.
const PLAN_OWNER_SQL: &str = "SELECT id FROM plan_people WHERE id = $1 AND plan_id = $2";
/// Person $1 among plan $2's owners on the side of escalation step $3.
const SIDE_OWNER_SQL: &str = "SELECT p.id FROM plan_people p JOIN escalation_steps s \
     ON s.plan_id = p.plan_id AND s.side = p.side \
     AND s.partner_id IS NOT DISTINCT FROM p.partner_id \
     WHERE p.id = $1 AND p.plan_id = $2 AND s.id = $3";

/// Binds a `Value` as its own SQL type, so both databases compare like with like.
macro_rules! bind_value {
    ($query:expr, $value:expr) => {
        match $value {
            Value::Text(text) => $query.bind(text.clone()),
            Value::OptionalText(text) => $query.bind(text.clone()),
            Value::Date(date) => $query.bind(*date),
            Value::Time(time) => $query.bind(*time),
            Value::Int(n) => $query.bind(*n),
        }
    };
}

/// Reads the value `$sql` selects for row `$key`, as the same type as `$like`, on
/// whichever connection `$conn` is: `Option<Value>`, `None` for no row.
macro_rules! read_value {
    ($conn:expr, $sql:expr, $key:expr, $like:expr) => {{
        macro_rules! read {
            ($ty:ty) => {
                sqlx::query_scalar::<_, Option<$ty>>($sql)
                    .bind($key)
                    .fetch_optional($conn)
                    .await?
            };
        }
        match $like {
            Value::Text(_) => read!(String).map(|v| Value::Text(v.unwrap_or_default())),
            Value::OptionalText(_) => read!(String).map(Value::OptionalText),
            Value::Date(_) => read!(NaiveDate).map(Value::Date),
            Value::Time(_) => read!(NaiveTime).map(Value::Time),
            Value::Int(_) => read!(i64).map(Value::Int),
        }
    }};
}

/// Where a field's value lives, and the statements that find, write and read it.
struct Statements {
    /// The row the browser named: the plan's id, or a row of one of its lists (for a
    /// person's field, the owner that person is on this plan).
    key: i64,
    /// Finds `key` ($1) among the plan's ($2) rows, and answers the id of the row written:
    /// the same row, or the directory's person behind an owner.
    row_of_plan: String,
    /// Writes $1 (and for a party, the partner $6) into row $2 if it still holds $5,
    /// stamping plans and actions with who ($4) and when ($3).
    update: String,
    /// Reads what row $1 holds now.
    current: String,
}

impl Statements {
    fn new(field: Field, plan_id: i64, row: Option<i64>) -> StoreResult<Statements> {
        let table = columns::table(field.holder());
        let key = match field.on_row() {
            true => row.ok_or(StoreError::NotFound)?,
            false => plan_id,
        };
        let column = columns::column(field);
        // A party is two columns, compared and shown as one value.
        let (set, current) = match field.kind() {
            Kind::Party => ("side = $1, partner_id = $6".to_string(), PARTY_SQL),
            _ => (format!("{column} = $1"), column),
        };
        // Only plans and actions say who touched them last; a partner renamed or of another
        // kind leaves its partnership, to be put into the right one (partnerships::adopt).
        let touched = match table {
            "plans" | "actions" => ", updated_at = $3, updated_by = $4",
            "plan_partners" => ", partnership_id = NULL",
            _ => "",
        };
        let row_of_plan = match field.holder() {
            Holder::Person => {
                "SELECT person_id FROM plan_people WHERE id = $1 AND plan_id = $2".into()
            }
            _ => format!("SELECT id FROM {table} WHERE id = $1 AND plan_id = $2"),
        };
        Ok(Statements {
            key,
            row_of_plan,
            update: format!(
                "UPDATE {table} SET {set}, version = version + 1{touched} \
                 WHERE id = $2 AND {current} IS NOT DISTINCT FROM $5"
            ),
            current: format!("SELECT {current} FROM {table} WHERE id = $1"),
        })
    }
}

/// Writes `value` into `field` of plan `plan_id` (row `row` for list fields) if the field
/// still holds `expected`; otherwise reports what it holds. The plan must belong to
/// `org_id`; an owner must be a person of the plan.
#[allow(clippy::too_many_arguments)]
pub async fn save_field<'a>(
    db: &Db,
    org_id: i64,
    actor: impl Into<Actor<'a>>,
    plan_id: i64,
    field: Field,
    row: Option<i64>,
    expected: &Value,
    value: &Value,
) -> StoreResult<SaveOutcome> {
    let actor = actor.into();
    let sql = Statements::new(field, plan_id, row)?;
    let party = match (field.kind(), value) {
        (Kind::Party, Value::Text(text)) => Some(
            Party::parse(text)
                .ok_or_else(|| StoreError::Invalid("Choose a party from the list.".into()))?,
        ),
        _ => None,
    };
    let now = Utc::now();
    Ok(in_write_tx!(db, tx => {
        // The organisation's plan and the plan's row before anything else: an id of
        // another organisation, or of nothing, is the same NotFound whatever the value.
        if !has_row!(&mut *tx, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        let written = if field.on_row() {
            let found: Option<i64> = sqlx::query_scalar(&sql.row_of_plan)
                .bind(sql.key)
                .bind(plan_id)
                .fetch_optional(&mut *tx)
                .await?;
            found.ok_or(StoreError::NotFound)?
        } else {
            plan_id
        };

        // What the value names must be the plan's own: an owner, a partner.
        if let (Kind::Person { .. }, Value::Int(Some(person))) = (field.kind(), value) {
            // A step of a side's escalation chain is one of that side's owners, as the
            // page offers; any other owner field takes any owner of the plan.
            let (query, message) = match field {
                Field::EscalationPerson => (
                    sqlx::query_scalar(SIDE_OWNER_SQL).bind(*person).bind(plan_id).bind(sql.key),
                    "Choose one of this side's owners: an escalation chain stays within its side.",
                ),
                _ => (
                    sqlx::query_scalar(PLAN_OWNER_SQL).bind(*person).bind(plan_id),
                    "Choose an owner from the plan's owners.",
                ),
            };
            let found: Option<i64> = query.fetch_optional(&mut *tx).await?;
            if found.is_none() {
                return Err(StoreError::Invalid(message.into()));
            }
        }
        if let Some(Party { partner_id: Some(partner), .. }) = party {
            if !has_row!(&mut *tx, "plan_partners", partner, "plan_id" = plan_id) {
                return Err(StoreError::Invalid("Choose one of the plan's partners.".into()));
            }
        }

        let query = sqlx::query(&sql.update);
        let query = match party {
            Some(party) => query.bind(party.side.as_str()),
            None => bind_value!(query, value),
        };
        let query = bind_value!(query.bind(written).bind(now).bind(actor.name), expected);
        let query = match party {
            Some(party) => query.bind(party.partner_id),
            None => query,
        };
        if query.execute(&mut *tx).await?.rows_affected() == 1 {
            // A person is corrected on every plan that has them, and each plan says so.
            let plans: Vec<i64> = match field.holder() {
                Holder::Person => {
                    sqlx::query_scalar("SELECT DISTINCT plan_id FROM plan_people WHERE person_id = $1 ORDER BY plan_id")
                        .bind(written)
                        .fetch_all(&mut *tx)
                        .await?
                }
                _ => vec![plan_id],
            };
            for plan in plans {
                let change = field_change(plan, now, actor, field, written, expected.canonical(), value.canonical());
                record(&mut tx, change, field.on_row()).await?;
            }
            SaveOutcome::Saved { value: value.canonical() }
        } else {
            let theirs = read_value!(&mut *tx, &sql.current, written, value);
            SaveOutcome::Conflict { theirs: theirs.ok_or(StoreError::NotFound)?.canonical() }
        }
    }))
}

/// What a saved edit of a row's text costs the database alone: `save_field`'s
/// compare-and-set update and its history entry (with the plan's version bump), in one
/// transaction, without the checks and reads around them. The baseline `scripts/bench`
/// divides the server's saves per second by (issue 14's "save efficiency"); not for the
/// app, which always saves through `save_field`. Answers whether the row still held
/// `expected`.
pub async fn bare_text_save(
    db: &Db,
    plan_id: i64,
    field: Field,
    row: i64,
    expected: &str,
    value: &str,
) -> StoreResult<bool> {
    let sql = Statements::new(field, plan_id, Some(row))?;
    let now = Utc::now();
    let actor = Actor::from("Baseline");
    Ok(in_write_tx!(db, tx => {
        let written = sqlx::query(&sql.update)
            .bind(value)
            .bind(row)
            .bind(now)
            .bind(actor.name)
            .bind(expected)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if written {
            let change = field_change(plan_id, now, actor, field, row, expected.into(), value.into());
            record(&mut tx, change, field.on_row()).await?;
        }
        written
    }))
}

/// The history's entry for `field` of row `written` (the plan itself for a plan field)
/// going from `old` to `new`: one shape for the app's saves and the benchmark's baseline.
fn field_change<'a>(
    plan_id: i64,
    at: chrono::DateTime<Utc>,
    actor: Actor<'a>,
    field: Field,
    written: i64,
    old: String,
    new: String,
) -> Change<'a> {
    Change {
        plan_id,
        at,
        actor,
        part: field.part(),
        field: history_name(field, Some(written)),
        old: Some(old),
        new: Some(new),
    }
}

/// The history's name for a field: "title", or "action 12: due date".
fn history_name(field: Field, row: Option<i64>) -> String {
    match row {
        Some(id) if field.on_row() => {
            let noun = match field.holder() {
                Holder::List(list) => list.noun(),
                Holder::EscalationPath => "escalation path",
                Holder::Person => "person",
                Holder::Review => "review",
                Holder::Plan => "plan",
            };
            format!("{noun} {id}: {}", field.label().to_lowercase())
        }
        _ => field.label().to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::edit::parse;
    use crate::store::{demo, plans, test_db, users};

    async fn demo_plan(db: &Db) -> (i64, crate::domain::PlanDetail) {
        demo::load(db, "hash").await.unwrap();
        let org = users::org_by_name(db, demo::DEMO_ORG)
            .await
            .unwrap()
            .unwrap();
        let first = plans::list(db, org)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.title.starts_with("Fabrikam"))
            .unwrap();
        (org, plans::detail(db, org, first.id).await.unwrap())
    }

    fn v(field: Field, text: &str) -> Value {
        parse(field, text).unwrap()
    }

    /// Runs `work` until it has been polled `polls` times, then drops it: its answer, if
    /// it had one by then.
    async fn abandoned_after<T>(
        polls: usize,
        work: impl std::future::Future<Output = T>,
    ) -> Option<T> {
        let mut work = std::pin::pin!(work);
        let mut polled = 0;
        std::future::poll_fn(|cx| {
            if polled == polls {
                return std::task::Poll::Ready(None);
            }
            polled += 1;
            work.as_mut().poll(cx).map(Some)
        })
        .await
    }

    /// A browser leaving mid-save drops the request, and with it the write, at any await.
    /// Whatever the moment, the writer must come back clean: the next save is written and
    /// read back (an abandoned transaction once left every later write failing).
    #[tokio::test]
    async fn writes_abandoned_at_any_moment_leave_the_writer_usable() {
        test_db::each(|db| async move {
            let (org, plan) = demo_plan(&db).await;
            let mut current = plan.title.clone();
            // Dropped after its first, second, … wake-up: each await of a save in turn.
            for round in 0..60usize {
                let next = format!("Renamed {round}");
                let (expected, value) = (v(Field::PlanTitle, &current), v(Field::PlanTitle, &next));
                let save = save_field(
                    &db,
                    org,
                    "Ann",
                    plan.id,
                    Field::PlanTitle,
                    None,
                    &expected,
                    &value,
                );
                let answered = abandoned_after(round % 30, save).await;
                // Answered, it is saved, or a conflict with an abandoned save that landed
                // after all (its COMMIT had reached the database).
                if let Some(outcome) = answered {
                    assert!(outcome.is_ok(), "{outcome:?}");
                }
                current = plans::detail(&db, org, plan.id).await.unwrap().title;
                assert!(
                    current == plan.title || current.starts_with("Renamed "),
                    "{current}"
                );
            }
            // Reads of a whole plan (one snapshot transaction) abandoned the same way.
            for round in 0..30usize {
                abandoned_after(round, plans::detail(&db, org, plan.id)).await;
            }
            let outcome = save_field(
                &db,
                org,
                "Ann",
                plan.id,
                Field::PlanTitle,
                None,
                &v(Field::PlanTitle, &current),
                &v(Field::PlanTitle, "Last"),
            )
            .await
            .unwrap();
            assert!(matches!(outcome, SaveOutcome::Saved { .. }), "{outcome:?}");
            assert_eq!(
                plans::detail(&db, org, plan.id).await.unwrap().title,
                "Last"
            );
        })
        .await;
    }

    #[tokio::test]
    async fn same_field_second_writer_gets_a_conflict_and_the_first_value_stays() {
        test_db::each(|db| async move {
            let (org, plan) = demo_plan(&db).await;
            let base = v(Field::PlanTitle, &plan.title);
            let first = save_field(
                &db,
                org,
                "Ann",
                plan.id,
                Field::PlanTitle,
                None,
                &base,
                &v(Field::PlanTitle, "Ann's title"),
            )
            .await
            .unwrap();
            assert_eq!(
                first,
                SaveOutcome::Saved {
                    value: "Ann's title".into()
                }
            );
            let second = save_field(
                &db,
                org,
                "Ben",
                plan.id,
                Field::PlanTitle,
                None,
                &base,
                &v(Field::PlanTitle, "Ben's title"),
            )
            .await
            .unwrap();
            assert_eq!(
                second,
                SaveOutcome::Conflict {
                    theirs: "Ann's title".into()
                }
            );
            let stored = plans::detail(&db, org, plan.id).await.unwrap();
            assert_eq!(stored.title, "Ann's title");
            assert_eq!(stored.version, plan.version + 1);

            // Ben chooses to keep his: he saves against what he now knows is there.
            let keep = save_field(
                &db,
                org,
                "Ben",
                plan.id,
                Field::PlanTitle,
                None,
                &v(Field::PlanTitle, "Ann's title"),
                &v(Field::PlanTitle, "Ben's title"),
            )
            .await
            .unwrap();
            assert!(matches!(keep, SaveOutcome::Saved { .. }));
        })
        .await;
    }

    #[tokio::test]
    async fn different_rows_and_fields_both_persist_with_history() {
        test_db::each(|db| async move {
            let (org, plan) = demo_plan(&db).await;
            let (a, b) = (&plan.actions[0], &plan.actions[1]);
            let text = |s: &str| v(Field::ActionText, s);
            save_field(&db, org, "Ann", plan.id, Field::ActionText, Some(a.id), &text(&a.text), &text("Ann's action")).await.unwrap();
            save_field(&db, org, "Ben", plan.id, Field::ActionText, Some(b.id), &text(&b.text), &text("Ben's action")).await.unwrap();
            // A different field of Ann's row, from the same stale view: no conflict.
            let due = a.due_on.map(|d| d.to_string()).unwrap_or_default();
            let outcome = save_field(&db, org, "Ben", plan.id, Field::ActionDueOn, Some(a.id), &v(Field::ActionDueOn, &due), &v(Field::ActionDueOn, "2027-01-15")).await.unwrap();
            assert_eq!(outcome, SaveOutcome::Saved { value: "2027-01-15".into() });

            let stored = plans::detail(&db, org, plan.id).await.unwrap();
            assert_eq!(stored.actions[0].text, "Ann's action");
            assert_eq!(stored.actions[0].due_on, NaiveDate::from_ymd_opt(2027, 1, 15));
            assert_eq!(stored.actions[0].updated_by, "Ben");
            assert_eq!(stored.actions[1].text, "Ben's action");

            let history: Vec<(String, String, Option<String>, Option<String>)> = crate::store::on_pool!(&db, pool => {
                sqlx::query_as("SELECT actor, field, old_value, new_value FROM plan_history WHERE plan_id = $1 AND part = 'actions' ORDER BY id")
                    .bind(plan.id)
                    .fetch_all(pool)
                    .await
                    .unwrap()
            });
            assert_eq!(history.len(), 3);
            assert_eq!(history[0], ("Ann".into(), format!("action {}: action", a.id), Some(a.text.clone()), Some("Ann's action".into())));
            assert_eq!(history[2].3.as_deref(), Some("2027-01-15"));
        })
        .await;
    }

    #[tokio::test]
    async fn another_organisation_or_plan_cannot_be_written() {
        test_db::each(|db| async move {
            let (org, plan) = demo_plan(&db).await;
            let other = users::create_org_with_user(&db, "Other", "o@o.test", "O", "h")
                .await
                .unwrap();
            let base = v(Field::PlanTitle, &plan.title);
            let new = v(Field::PlanTitle, "Hijacked");
            let refused = save_field(
                &db,
                other.org_id,
                "O",
                plan.id,
                Field::PlanTitle,
                None,
                &base,
                &new,
            )
            .await;
            assert!(matches!(refused, Err(StoreError::NotFound)));
            // An action id of this plan, under another plan id of the same organisation.
            let other_plan = plans::list(&db, org)
                .await
                .unwrap()
                .into_iter()
                .find(|p| p.id != plan.id)
                .unwrap();
            let a = &plan.actions[0];
            let refused = save_field(
                &db,
                org,
                "A",
                other_plan.id,
                Field::ActionText,
                Some(a.id),
                &v(Field::ActionText, &a.text),
                &v(Field::ActionText, "x"),
            )
            .await;
            assert!(matches!(refused, Err(StoreError::NotFound)));
            // An owner who is not a person of the plan.
            let refused = save_field(
                &db,
                org,
                "A",
                plan.id,
                Field::ActionOwner,
                Some(a.id),
                &Value::Int(a.owner_id),
                &Value::Int(Some(999_999)),
            )
            .await;
            assert!(matches!(refused, Err(StoreError::Invalid(_))));
            assert_eq!(
                plans::detail(&db, org, plan.id).await.unwrap().title,
                plan.title
            );
        })
        .await;
    }

    #[tokio::test]
    async fn party_stall_days_and_chain_people_save_and_conflict_like_any_field() {
        use crate::domain::Side;
        test_db::each(|db| async move {
            let (org, plan) = demo_plan(&db).await;
            // One row's field from what the writer last saw to a new value.
            let save = async |actor: &str, field: Field, row: i64, seen: &str, value: &str| {
                save_field(
                    &db,
                    org,
                    actor,
                    plan.id,
                    field,
                    Some(row),
                    &v(field, seen),
                    &v(field, value),
                )
                .await
            };
            let line = plan.economics[2].id;
            assert_eq!(plan.economics[2].side, Side::Vendor);
            let litware = plan.partners[1].id;
            let to_litware = format!("partner:{litware}");
            let saved = save("Ann", Field::EconomicsParty, line, "vendor", &to_litware)
                .await
                .unwrap();
            assert_eq!(
                saved,
                SaveOutcome::Saved {
                    value: to_litware.clone()
                }
            );
            let stored = plans::detail(&db, org, plan.id).await.unwrap();
            let stored_line = stored.economics.iter().find(|l| l.id == line).unwrap();
            assert_eq!(
                (stored_line.side, stored_line.partner_id),
                (Side::Partner, Some(litware))
            );
            // A second writer who still believes it is the vendor's sees Ann's choice.
            let late = save("Ben", Field::EconomicsParty, line, "vendor", "buyer")
                .await
                .unwrap();
            assert_eq!(late, SaveOutcome::Conflict { theirs: to_litware });
            // A partner of no plan of ours is refused.
            let refused = save(
                "Ann",
                Field::EconomicsParty,
                line,
                "vendor",
                "partner:999999",
            )
            .await;
            assert!(matches!(refused, Err(StoreError::Invalid(_))));

            let path = stored
                .escalations
                .iter()
                .find(|p| p.side == Side::Vendor)
                .unwrap();
            let saved = save(
                "Ann",
                Field::EscalationStallDays,
                path.id,
                &path.stall_days.to_string(),
                "7",
            )
            .await
            .unwrap();
            assert_eq!(saved, SaveOutcome::Saved { value: "7".into() });
            let stored = plans::detail(&db, org, plan.id).await.unwrap();
            assert_eq!(
                crate::domain::health::stall_days(&stored, Side::Vendor, None),
                7
            );

            let step = stored.escalation_steps[0].clone();
            let same_side =
                |p: &&crate::domain::Person| p.side == step.side && p.partner_id == step.partner_id;
            // Someone of another side is refused, and the step keeps its person.
            let elsewhere = stored.people.iter().find(|p| !same_side(p)).unwrap().id;
            let refused = save(
                "Ann",
                Field::EscalationPerson,
                step.id,
                &step.person_id.to_string(),
                &elsewhere.to_string(),
            )
            .await;
            assert!(
                matches!(&refused, Err(StoreError::Invalid(m)) if m.contains("this side's owners")),
                "{refused:?}"
            );
            let other = stored
                .people
                .iter()
                .filter(same_side)
                .find(|p| p.id != step.person_id)
                .expect("the demo's vendor side has two owners")
                .id;
            save(
                "Ann",
                Field::EscalationPerson,
                step.id,
                &step.person_id.to_string(),
                &other.to_string(),
            )
            .await
            .unwrap();
            let stored = plans::detail(&db, org, plan.id).await.unwrap();
            assert_eq!(
                stored
                    .escalation_steps
                    .iter()
                    .find(|s| s.id == step.id)
                    .unwrap()
                    .person_id,
                other
            );
            assert!(
                parse(Field::EscalationPerson, "").is_err(),
                "a chain step always names someone"
            );
        })
        .await;
    }
}
