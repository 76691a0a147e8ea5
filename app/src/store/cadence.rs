//! Single review meetings skipped or moved, each compared and set like a field: the
//! series itself is the plan's cadence fields (`store::edits`).

use chrono::{NaiveDate, NaiveDateTime, Utc};

use super::history::{record, Change as HistoryChange};
use super::{has_row, in_write_tx, on_pool, Db, StoreError, StoreResult};
use crate::domain::cadence::Change;
use crate::domain::review::People;
use crate::domain::ReviewLog;

/// How a meeting stands, as the history and a conflict say it.
fn describe(change: Option<Change>) -> String {
    match change {
        None => "as the series has it".into(),
        Some(Change::Skipped) => "skipped".into(),
        Some(Change::Moved(to)) => format!("moved to {}", to.format("%Y-%m-%d %H:%M")),
    }
}

/// A change to one meeting, as the plan's history records it.
fn meeting_change(
    plan_id: i64,
    at: chrono::DateTime<Utc>,
    actor: &str,
    day: NaiveDate,
    old: Option<String>,
    new: String,
) -> HistoryChange<'_> {
    HistoryChange {
        plan_id,
        at,
        actor: actor.into(),
        part: "cadence",
        field: format!("review of {day}"),
        old,
        new: Some(new),
    }
}

/// Sets how the meeting the series holds on `occurs_on` stands (`None`: as the series
/// has it), if it still stands as `expected`; otherwise answers how it stands now. The
/// service has checked that the series holds a meeting that day.
pub async fn set_exception(
    db: &Db,
    org_id: i64,
    actor: &str,
    plan_id: i64,
    occurs_on: NaiveDate,
    expected: Option<Change>,
    change: Option<Change>,
) -> StoreResult<Result<(), Option<Change>>> {
    let now = Utc::now();
    Ok(in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        let stored: Option<(Option<NaiveDateTime>,)> = sqlx::query_as(
            "SELECT moved_to FROM cadence_exceptions WHERE plan_id = $1 AND occurs_on = $2",
        )
        .bind(plan_id)
        .bind(occurs_on)
        .fetch_optional(&mut *tx)
        .await?;
        let current = stored.map(|(moved_to,)| match moved_to {
            Some(to) => Change::Moved(to),
            None => Change::Skipped,
        });
        if current != expected {
            return Ok(Err(current));
        }
        sqlx::query("DELETE FROM cadence_exceptions WHERE plan_id = $1 AND occurs_on = $2")
            .bind(plan_id)
            .bind(occurs_on)
            .execute(&mut *tx)
            .await?;
        if let Some(change) = change {
            let moved_to = match change {
                Change::Moved(to) => Some(to),
                Change::Skipped => None,
            };
            sqlx::query("INSERT INTO cadence_exceptions (plan_id, occurs_on, moved_to) VALUES ($1, $2, $3)")
                .bind(plan_id)
                .bind(occurs_on)
                .bind(moved_to)
                .execute(&mut *tx)
                .await?;
        }
        let entry = meeting_change(plan_id, now, actor, occurs_on, Some(describe(current)), describe(change));
        record(&mut tx, entry, true).await?;
        Ok(())
    }))
}

/// Opens the log of the meeting the series held on `meeting_on` (the service has checked
/// it did, and that it has begun), or answers the one already open: one log per meeting.
pub async fn log_review(
    db: &Db,
    org_id: i64,
    actor: &str,
    plan_id: i64,
    meeting_on: NaiveDate,
) -> StoreResult<ReviewLog> {
    let now = Utc::now();
    Ok(in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        let existing: Option<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, notes, blockers, next_moves FROM review_logs WHERE plan_id = $1 AND meeting_on = $2",
        )
        .bind(plan_id)
        .bind(meeting_on)
        .fetch_optional(&mut *tx)
        .await?;
        let (id, notes, blockers, next_moves) = match existing {
            Some(found) => found,
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO review_logs (plan_id, meeting_on, created_by, created_at) \
                     VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(plan_id)
                .bind(meeting_on)
                .bind(actor)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                let entry = meeting_change(plan_id, now, actor, meeting_on, None, "logged".into());
                record(&mut tx, entry, true).await?;
                (id, String::new(), String::new(), String::new())
            }
        };
        ReviewLog { id, meeting_on, notes, blockers, next_moves }
    }))
}

/// Keeps the meetings a series has held as they took place, before its rule changes:
/// from `now` on the rule applies (`plans.series_since`), and these stay where they were.
/// A meeting kept already stays as it was first kept.
pub async fn hold_meetings(
    db: &Db,
    org_id: i64,
    plan_id: i64,
    held: &[crate::domain::cadence::Occurrence],
    now: chrono::DateTime<Utc>,
) -> StoreResult<()> {
    in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        for meeting in held {
            sqlx::query(
                "INSERT INTO held_meetings (plan_id, occurs_on, starts_at, local_start, minutes) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(plan_id)
            .bind(meeting.occurs_on)
            .bind(meeting.start)
            .bind(meeting.local)
            .bind((meeting.end - meeting.start).num_minutes())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE plans SET series_since = $1 WHERE id = $2")
            .bind(now)
            .bind(plan_id)
            .execute(&mut *tx)
            .await?;
    });
    Ok(())
}

/// A list's table, the key it is held under, and what the history calls it.
fn place(list: People, plan_id: i64) -> (&'static str, &'static str, i64, String) {
    match list {
        People::Invited => (
            "cadence_invitees",
            "plan_id",
            plan_id,
            "review invitees".into(),
        ),
        People::Attended { review_id } => (
            "review_attendees",
            "review_id",
            review_id,
            format!("review {review_id}: attendees"),
        ),
    }
}

/// The owners on a list of the plan, by owner id.
pub async fn people(db: &Db, org_id: i64, plan_id: i64, list: People) -> StoreResult<Vec<i64>> {
    let (table, key, id, _) = place(list, plan_id);
    // Every owner on either list is an owner of this plan (set_person checks it), so the
    // plan's organisation is the owners' too.
    Ok(on_pool!(db, pool => {
        sqlx::query_scalar(&format!(
            "SELECT l.owner_id FROM {table} l JOIN plan_people o ON o.id = l.owner_id \
             JOIN plans p ON p.id = o.plan_id WHERE l.{key} = $1 AND o.plan_id = $2 AND p.org_id = $3 \
             ORDER BY l.owner_id"
        ))
        .bind(id)
        .bind(plan_id)
        .bind(org_id)
        .fetch_all(pool)
        .await?
    }))
}

/// Puts an owner of the plan on a list or takes them off; the history says who said so.
/// Saying it twice changes nothing.
pub async fn set_person(
    db: &Db,
    org_id: i64,
    actor: &str,
    plan_id: i64,
    list: People,
    owner_id: i64,
    present: bool,
) -> StoreResult<()> {
    let now = Utc::now();
    let (table, key, id, field) = place(list, plan_id);
    in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        if let People::Attended { review_id } = list {
            if !has_row!(&mut *tx, "review_logs", review_id, "plan_id" = plan_id) {
                return Err(StoreError::NotFound);
            }
        }
        let name: Option<(String, String)> = sqlx::query_as(
            "SELECT d.first_name, d.last_name FROM plan_people o JOIN people d ON d.id = o.person_id \
             WHERE o.id = $1 AND o.plan_id = $2",
        )
        .bind(owner_id)
        .bind(plan_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((first, last)) = name else {
            return Err(StoreError::NotFound);
        };
        let statement = if present {
            format!("INSERT INTO {table} ({key}, owner_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        } else {
            format!("DELETE FROM {table} WHERE {key} = $1 AND owner_id = $2")
        };
        let changed = sqlx::query(&statement)
            .bind(id)
            .bind(owner_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed > 0 {
            let said = match (list, present) {
                (People::Invited, true) => "invited",
                (People::Invited, false) => "not invited",
                (People::Attended { .. }, true) => "attended",
                (People::Attended { .. }, false) => "did not attend",
            };
            let entry = HistoryChange {
                plan_id,
                at: now,
                actor: actor.into(),
                part: "cadence",
                field,
                old: None,
                new: Some(format!("{first} {last} {said}").trim().to_string()),
            };
            record(&mut tx, entry, true).await?;
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{plans, test_db, users};

    #[tokio::test]
    async fn meetings_are_skipped_moved_and_put_back_like_fields() {
        test_db::each(|db| async move {
            let org = users::create_org_with_user(&db, "Ours", "a@o.test", "A", "h")
                .await
                .unwrap()
                .org_id;
            let new = crate::domain::NewPlan {
                title: "Deal".into(),
                partner: "Contoso".into(),
                buyer_account: "Fabrikam".into(),
                credit: None,
            };
            let plan_id = plans::create(&db, org, "Ann", &new).await.unwrap();
            let day = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
            let to = day.succ_opt().unwrap().and_hms_opt(11, 0, 0).unwrap();
            let set = |actor: &'static str, expected, change| {
                let db = db.clone();
                async move {
                    set_exception(&db, org, actor, plan_id, day, expected, change)
                        .await
                        .unwrap()
                }
            };
            assert_eq!(set("Ann", None, Some(Change::Skipped)).await, Ok(()));
            // Ben thought it stood as planned: he sees it skipped, and nothing changes.
            assert_eq!(
                set("Ben", None, Some(Change::Moved(to))).await,
                Err(Some(Change::Skipped))
            );
            assert_eq!(
                set("Ben", Some(Change::Skipped), Some(Change::Moved(to))).await,
                Ok(())
            );
            let plan = plans::detail(&db, org, plan_id).await.unwrap();
            assert_eq!(
                plan.review_exceptions,
                [crate::domain::cadence::Exception {
                    occurs_on: day,
                    change: Change::Moved(to)
                }]
            );
            assert_eq!(set("Ann", Some(Change::Moved(to)), None).await, Ok(()));
            assert!(plans::detail(&db, org, plan_id)
                .await
                .unwrap()
                .review_exceptions
                .is_empty());

            let history = crate::store::history::list(&db, org, plan_id, Some("cadence"), false)
                .await
                .unwrap();
            let said: Vec<(&str, Option<&str>)> = history
                .iter()
                .map(|h| (h.actor.as_str(), h.new_value.as_deref()))
                .collect();
            assert_eq!(
                said,
                [
                    ("Ann", Some("as the series has it")),
                    ("Ben", Some("moved to 2026-03-11 11:00")),
                    ("Ann", Some("skipped"))
                ]
            );
            // The series' own fields round-trip like every field.
            use crate::domain::edit::{parse, Field as F};
            for (field, value) in [
                (F::CadenceStartsOn, "2026-03-03"),
                (F::CadenceEndsOn, "2026-12-15"),
                (F::CadenceLink, "https://meet.example.test/abc-defg-hij"),
            ] {
                let empty = parse(field, "").unwrap();
                crate::store::edits::save_field(
                    &db,
                    org,
                    "Ann",
                    plan_id,
                    field,
                    None,
                    &empty,
                    &parse(field, value).unwrap(),
                )
                .await
                .unwrap();
            }
            let schedule = plans::detail(&db, org, plan_id).await.unwrap().schedule;
            assert_eq!(
                (
                    schedule.starts_on.map(|d| d.to_string()),
                    schedule.ends_on.map(|d| d.to_string()),
                    schedule.link.as_str()
                ),
                (
                    Some("2026-03-03".into()),
                    Some("2026-12-15".into()),
                    "https://meet.example.test/abc-defg-hij"
                )
            );
            // A review is logged once per meeting, its texts saved like any field.
            let log = log_review(&db, org, "Ann", plan_id, day).await.unwrap();
            assert_eq!(
                log_review(&db, org, "Ben", plan_id, day).await.unwrap().id,
                log.id
            );
            let text = |s: &str| crate::domain::edit::Value::Text(s.into());
            let field = crate::domain::edit::Field::ReviewNotes;
            let saved = crate::store::edits::save_field(
                &db,
                org,
                "Ann",
                plan_id,
                field,
                Some(log.id),
                &text(""),
                &text("Pilot agreed."),
            )
            .await
            .unwrap();
            assert_eq!(
                saved,
                crate::domain::edit::SaveOutcome::Saved {
                    value: "Pilot agreed.".into()
                }
            );
            let stored = plans::detail(&db, org, plan_id).await.unwrap();
            assert_eq!(stored.reviews.len(), 1);
            assert_eq!(
                (
                    stored.reviews[0].meeting_on,
                    stored.reviews[0].notes.as_str()
                ),
                (day, "Pilot agreed.")
            );
            // Another organisation's plan is not found.
            let other = users::create_org_with_user(&db, "Other", "o@o.test", "O", "h")
                .await
                .unwrap();
            let refused = set_exception(
                &db,
                other.org_id,
                "O",
                plan_id,
                day,
                None,
                Some(Change::Skipped),
            )
            .await;
            assert!(matches!(refused, Err(StoreError::NotFound)));
        })
        .await;
    }

    #[tokio::test]
    async fn attendance_and_what_changed_come_from_the_store() {
        test_db::each(|db| async move {
            crate::store::demo::load(&db, "hash").await.unwrap();
            let org = users::org_by_name(&db, crate::store::demo::DEMO_ORG)
                .await
                .unwrap()
                .unwrap();
            let plan_id = plans::list(&db, org)
                .await
                .unwrap()
                .into_iter()
                .find(|p| p.title.starts_with("Fabrikam"))
                .unwrap()
                .id;
            let plan = plans::detail(&db, org, plan_id).await.unwrap();
            let day = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
            let log = log_review(&db, org, "Ann", plan_id, day).await.unwrap();
            let (ann, ben) = (plan.people[0].id, plan.people[1].id);
            let at_review = People::Attended { review_id: log.id };
            for (who, present) in [(ann, true), (ann, true), (ben, true), (ben, false)] {
                set_person(&db, org, "Ann", plan_id, at_review, who, present)
                    .await
                    .unwrap();
            }
            assert_eq!(people(&db, org, plan_id, at_review).await.unwrap(), [ann]);
            // The series' invitees are a list of their own.
            set_person(&db, org, "Ann", plan_id, People::Invited, ben, true)
                .await
                .unwrap();
            assert_eq!(
                people(&db, org, plan_id, People::Invited).await.unwrap(),
                [ben]
            );
            assert_eq!(people(&db, org, plan_id, at_review).await.unwrap(), [ann]);
            let start = Utc::now() - chrono::Duration::seconds(5);
            let said: Vec<String> =
                crate::store::history::between(&db, org, plan_id, start, Utc::now())
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|e| e.field.ends_with("attendees"))
                    .filter_map(|e| e.new_value)
                    .collect();
            assert_eq!(said.len(), 3, "saying it twice is one change: {said:?}");
            let invited: Vec<String> =
                crate::store::history::between(&db, org, plan_id, start, Utc::now())
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|e| e.field == "review invitees")
                    .filter_map(|e| e.new_value)
                    .collect();
            assert_eq!(invited.len(), 1);
            assert!(invited[0].ends_with(" invited"));
            assert!(said[0].ends_with(" attended") && said[2].ends_with(" did not attend"));

            // Meetings kept before the series changes round-trip, with when it changed.
            let at = |h: u32| {
                chrono::DateTime::parse_from_rfc3339(&format!("2026-03-{h:02}T09:00:00Z"))
                    .unwrap()
                    .with_timezone(&Utc)
            };
            let kept: Vec<crate::domain::cadence::Occurrence> = [3, 10]
                .into_iter()
                .map(|d| crate::domain::cadence::Occurrence {
                    occurs_on: NaiveDate::from_ymd_opt(2026, 3, d).unwrap(),
                    start: at(d),
                    end: at(d) + chrono::Duration::minutes(45),
                    local: NaiveDate::from_ymd_opt(2026, 3, d)
                        .unwrap()
                        .and_hms_opt(10, 0, 0)
                        .unwrap(),
                    moved: false,
                })
                .collect();
            let changed = at(12);
            hold_meetings(&db, org, plan_id, &kept, changed)
                .await
                .unwrap();
            // Kept again (a second change): the first record stands.
            hold_meetings(&db, org, plan_id, &kept[..1], changed)
                .await
                .unwrap();
            let stored = plans::detail(&db, org, plan_id).await.unwrap();
            assert_eq!(stored.held_meetings, kept);
            assert_eq!(stored.schedule.series_since, Some(changed));

            // An action marked done is what changed since the last review.
            let action = plan
                .actions
                .iter()
                .find(|a| a.status != crate::domain::WorkStatus::Done)
                .unwrap();
            let v = |s: &str| {
                crate::domain::edit::parse(crate::domain::edit::Field::ActionStatus, s).unwrap()
            };
            crate::store::edits::save_field(
                &db,
                org,
                "Ann",
                plan_id,
                crate::domain::edit::Field::ActionStatus,
                Some(action.id),
                &v(action.status.as_str()),
                &v("done"),
            )
            .await
            .unwrap();
            let now = Utc::now() + chrono::Duration::seconds(1);
            let history = crate::store::history::between(&db, org, plan_id, start, now)
                .await
                .unwrap();
            let plan = plans::detail(&db, org, plan_id).await.unwrap();
            let today = now.date_naive();
            let lines =
                crate::domain::review::changes_between(&plan, &history, start, now, (today, today));
            assert!(
                lines
                    .iter()
                    .any(|l| l.text == format!("Action \u{201c}{}\u{201d} done", action.text)),
                "{lines:?}"
            );

            let other = users::create_org_with_user(&db, "Other", "o@o.test", "O", "h")
                .await
                .unwrap();
            assert!(matches!(
                hold_meetings(&db, other.org_id, plan_id, &kept, changed).await,
                Err(StoreError::NotFound)
            ));
            for list in [at_review, People::Invited] {
                assert!(matches!(
                    set_person(&db, other.org_id, "O", plan_id, list, ann, true).await,
                    Err(StoreError::NotFound)
                ));
                assert!(people(&db, other.org_id, plan_id, list)
                    .await
                    .unwrap()
                    .is_empty());
            }
            // An owner of another plan is on no list of this one.
            let elsewhere = plans::list(&db, org)
                .await
                .unwrap()
                .into_iter()
                .find(|p| p.id != plan_id)
                .unwrap()
                .id;
            let stranger = plans::detail(&db, org, elsewhere).await.unwrap().people[0].id;
            assert!(matches!(
                set_person(&db, org, "Ann", plan_id, People::Invited, stranger, true).await,
                Err(StoreError::NotFound)
            ));
            assert!(matches!(
                crate::store::history::between(&db, other.org_id, plan_id, start, now).await,
                Err(StoreError::NotFound)
            ));
        })
        .await;
    }
}
