//! The portfolio on SQLite and PostgreSQL: summaries follow the plans, counts follow the
//! summaries, and pages neither repeat nor skip a plan while plans are edited.

use chrono::{Duration, Utc};
use sqlx::Connection;

use super::*;
use crate::domain::edit::{Field, Value};
use crate::domain::{sample, NewPlan};
use crate::store::{edits, partnerships, plans, seed, test_db, users};

fn text(value: &str) -> Value {
    Value::Text(value.into())
}

async fn new_plan(db: &Db, org: i64, title: &str, partner: &str) -> i64 {
    let new = NewPlan {
        title: title.into(),
        partner: partner.into(),
        buyer_account: "Fabrikam".into(),
        credit: None,
    };
    plans::create(db, org, "Ann", &new).await.unwrap()
}

async fn set_status(db: &Db, org: i64, plan: i64, from: &str, to: &str) {
    edits::save_field(
        db,
        org,
        "Ann",
        plan,
        Field::PlanStatus,
        None,
        &text(from),
        &text(to),
    )
    .await
    .unwrap();
}

/// Every page of `query` from the first on, following the next links.
async fn every_page(db: &Db, org: i64, query: PortfolioQuery) -> Vec<Vec<i64>> {
    let mut pages = Vec::new();
    let mut query = Some(query);
    while let Some(q) = query {
        let (rows, _, next) = page(db, org, &q).await.unwrap();
        pages.push(rows.iter().map(|r| r.id).collect());
        query = next;
        assert!(pages.len() < 100, "the pages never end");
    }
    pages
}

#[tokio::test]
async fn filters_and_counts_follow_the_plans_as_they_change() {
    test_db::each(|db| async move {
        let org = users::create_org_with_user(&db, "Ours", "a@o.test", "A", "h")
            .await
            .unwrap()
            .org_id;
        let other = users::create_org_with_user(&db, "Other", "o@o.test", "O", "h")
            .await
            .unwrap()
            .org_id;
        let a = new_plan(&db, org, "Alpha", "Contoso").await;
        let b = new_plan(&db, org, "Bravo", "contoso ").await;
        let c = new_plan(&db, org, "Charlie", "Litware").await;
        new_plan(&db, other, "Theirs", "Contoso").await;
        partnerships::adopt(&db).await.unwrap();
        set_status(&db, org, b, "draft", "active").await;

        assert_eq!(refresh(&db, org, Utc::now()).await.unwrap(), 3);
        let counts = counts(&db, org).await.unwrap();
        assert_eq!(
            counts.plans, 3,
            "the other organisation's plan is not counted"
        );
        assert!(counts.status.contains(&(PlanStatus::Draft, 2)));
        assert!(counts.status.contains(&(PlanStatus::Active, 1)));
        let contoso = counts
            .partnerships
            .iter()
            .find(|(_, name, _)| name == "Contoso")
            .unwrap();
        assert_eq!(contoso.2, 2, "{:?}", counts.partnerships);
        // A new plan has no accounts: every plan is blocked.
        assert!(counts.health.contains(&(HealthFilter::Blocked, 3)));
        assert!(counts.health.contains(&(HealthFilter::Healthy, 0)));

        let ids = |query: PortfolioQuery| {
            let db = db.clone();
            async move {
                let (rows, _, _) = page(&db, org, &query).await.unwrap();
                let mut ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
                ids.sort();
                ids
            }
        };
        let by_partnership = PortfolioQuery {
            partnership: Some(contoso.0),
            ..Default::default()
        };
        assert_eq!(ids(by_partnership.clone()).await, [a, b]);
        let active = PortfolioQuery {
            status: Some(PlanStatus::Active),
            ..Default::default()
        };
        assert_eq!(ids(active.clone()).await, [b]);

        // A status changes: after the next refresh, the filter and the counts say so, and
        // the plans nobody touched are not summarised again.
        set_status(&db, org, a, "draft", "active").await;
        set_status(&db, org, b, "active", "won").await;
        assert_eq!(refresh(&db, org, Utc::now()).await.unwrap(), 2);
        assert_eq!(refresh(&db, org, Utc::now()).await.unwrap(), 0);
        assert_eq!(ids(active).await, [a]);
        let counts = super::counts(&db, org).await.unwrap();
        assert!(
            counts.status.contains(&(PlanStatus::Draft, 1)),
            "{:?}",
            counts.status
        );
        assert!(counts.status.contains(&(PlanStatus::Active, 1)));
        assert!(counts.status.contains(&(PlanStatus::Won, 1)));
        assert_eq!(counts.plans, 3);
        let won = PortfolioQuery {
            status: Some(PlanStatus::Won),
            ..by_partnership
        };
        assert_eq!(ids(won).await, [b]);
        let row = page(&db, org, &PortfolioQuery::default()).await.unwrap().0;
        let alpha = row.iter().find(|r| r.id == a).unwrap();
        assert_eq!(
            (alpha.title.as_str(), alpha.partners.as_slice()),
            ("Alpha", ["Contoso".to_string()].as_slice())
        );
        assert_eq!(c, row.iter().find(|r| r.title == "Charlie").unwrap().id);
    })
    .await;
}

/// The sample plans: one healthy but for small things, one stalled and late. The stalled
/// one comes first, the filters find each, and the agenda lists the stalled one's review
/// with what is late.
#[tokio::test]
async fn the_unhealthy_come_first_and_the_agenda_says_what_is_late() {
    test_db::each(|db| async move {
        let now = Utc::now();
        let org = users::create_org_with_user(&db, "Ours", "a@o.test", "A", "h")
            .await
            .unwrap()
            .org_id;
        let good = seed::insert_plan(&db, org, "Ann", &sample::two_partner_plan(now))
            .await
            .unwrap();
        let stalled = seed::insert_plan(&db, org, "Ann", &sample::stalled_plan(now))
            .await
            .unwrap();
        refresh(&db, org, now).await.unwrap();

        let (rows, previous, next) = page(&db, org, &PortfolioQuery::default()).await.unwrap();
        assert_eq!(
            rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            [stalled, good]
        );
        assert_eq!((previous, next), (None, None));
        assert!(
            rows[0].health.stalled > 0 && rows[0].health.overdue > 0,
            "{:?}",
            rows[0].health
        );
        assert!(
            rows[0].owner.is_some(),
            "the sample names the vendor's accountable owner"
        );
        let stalled_only = PortfolioQuery {
            health: Some(HealthFilter::Stalled),
            ..Default::default()
        };
        let (rows, _, _) = page(&db, org, &stalled_only).await.unwrap();
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [stalled]);

        let agenda = agenda(&db, org, now, now + Duration::days(7))
            .await
            .unwrap();
        let item = agenda
            .iter()
            .find(|i| i.plan_id == stalled)
            .expect("the stalled plan reviews weekly");
        assert!(
            item.notes.iter().any(|n| n.contains("stalled")),
            "{:?}",
            item.notes
        );
        assert!(item.review.at >= now && item.review.at < now + Duration::days(7));
    })
    .await;
}

/// A summary is made again when its plan changes or its time comes, and not otherwise.
#[tokio::test]
async fn a_summary_is_made_again_when_the_clock_reaches_its_end() {
    test_db::each(|db| async move {
        let now = Utc::now();
        let org = users::create_org_with_user(&db, "Ours", "a@o.test", "A", "h")
            .await
            .unwrap()
            .org_id;
        seed::insert_plan(&db, org, "Ann", &sample::stalled_plan(now))
            .await
            .unwrap();
        assert_eq!(refresh(&db, org, now).await.unwrap(), 1);
        assert_eq!(refresh(&db, org, now).await.unwrap(), 0);
        // Its series holds a meeting within the next week, so its summary ends by then.
        assert_eq!(refresh(&db, org, now + Duration::days(8)).await.unwrap(), 1);
    })
    .await;
}

/// Sixty plans in pages of 25, by title and by attention, while some are edited and new
/// ones are made between the pages: every plan that was there from the start is seen
/// exactly once, and the previous page is the page before.
#[tokio::test]
async fn pages_neither_repeat_nor_skip_a_plan_while_plans_are_edited() {
    test_db::each(|db| async move {
        let org = users::create_org_with_user(&db, "Ours", "a@o.test", "A", "h")
            .await
            .unwrap()
            .org_id;
        let mut ids = Vec::new();
        for n in 0..60 {
            ids.push(new_plan(&db, org, &format!("Plan {n:02}"), "Contoso").await);
        }
        refresh(&db, org, Utc::now()).await.unwrap();
        for sort in [Sort::Title, Sort::Attention, Sort::Review] {
            let query = PortfolioQuery {
                sort: Some(sort),
                ..Default::default()
            };
            let (first, _, next) = page(&db, org, &query).await.unwrap();
            assert_eq!(first.len(), PAGE_SIZE);
            // Edits that leave the order as it is, and new plans, between the pages.
            for id in ids.iter().step_by(7) {
                set_status(&db, org, *id, "draft", "active").await;
                set_status(&db, org, *id, "active", "draft").await;
            }
            new_plan(&db, org, &format!("Plan 00 new {sort:?}"), "Contoso").await;
            refresh(&db, org, Utc::now()).await.unwrap();
            let (second, previous, next) =
                page(&db, org, &next.expect("a second page")).await.unwrap();
            let (third, _, after) = page(&db, org, &next.expect("a third page")).await.unwrap();
            assert_eq!(after, None, "{sort:?}");
            let mut seen: Vec<i64> = first
                .iter()
                .chain(&second)
                .chain(&third)
                .map(|r| r.id)
                .collect();
            seen.retain(|id| ids.contains(id));
            let count = seen.len();
            seen.sort();
            seen.dedup();
            assert_eq!(
                (count, seen.len()),
                (60, 60),
                "{sort:?}: a plan twice or missing"
            );

            let (back, _, forward) = page(&db, org, &previous.expect("a page before the second"))
                .await
                .unwrap();
            assert_eq!(back.len(), PAGE_SIZE);
            let first_ids: Vec<i64> = first.iter().map(|r| r.id).collect();
            assert!(
                back.iter()
                    .all(|r| first_ids.contains(&r.id) || !ids.contains(&r.id)),
                "{sort:?}: the page before holds the first page's plans"
            );
            let forward = page(&db, org, &forward.expect("the way on"))
                .await
                .unwrap()
                .0;
            let as_ids = |rows: &[PortfolioRow]| rows.iter().map(|r| r.id).collect::<Vec<_>>();
            assert_eq!(as_ids(&forward), as_ids(&second), "{sort:?}");
        }
        let all = every_page(&db, org, PortfolioQuery::default()).await;
        assert_eq!(all.iter().map(Vec::len).sum::<usize>(), 63);
    })
    .await;
}

/// A batch of summaries names its plans in its statements' text, so every batch is a
/// statement never seen before: summarising batch after batch leaves the connection's
/// statement cache as the first batch left it, rather than filling it with statements
/// that are never used again.
#[tokio::test]
async fn batches_of_summaries_leave_the_statement_cache_as_it_was() {
    test_db::each_scratch(|url| async move {
        let db = test_db::single_connection(&url).await;
        let org = users::create_org_with_user(&db, "Ours", "a@o.test", "A", "h")
            .await
            .unwrap()
            .org_id;
        let mut ours = Vec::new();
        for n in 0..8 {
            let title = format!("Plan {n}");
            ours.push((new_plan(&db, org, &title, "Contoso").await, title));
        }
        refresh(&db, org, Utc::now()).await.unwrap();
        let cached = || async {
            match &db {
                Db::Sqlite(sqlite) => sqlite
                    .read
                    .acquire()
                    .await
                    .unwrap()
                    .cached_statements_size(),
                Db::Postgres(pool) => pool.acquire().await.unwrap().cached_statements_size(),
            }
        };
        let mut sizes = Vec::new();
        for round in 0..ours.len() - 1 {
            // Round r retitles plans r and r + 1, so each batch is a new pair of plans.
            for (id, title) in &mut ours[round..round + 2] {
                let retitled = format!("{title} again");
                edits::save_field(
                    &db,
                    org,
                    "Ann",
                    *id,
                    Field::PlanTitle,
                    None,
                    &text(title),
                    &text(&retitled),
                )
                .await
                .unwrap();
                *title = retitled;
            }
            assert_eq!(refresh(&db, org, Utc::now()).await.unwrap(), 2);
            sizes.push(cached().await);
        }
        db.close().await;
        assert!(
            sizes.iter().all(|size| *size == sizes[0]),
            "statements cached after each batch: {sizes:?}"
        );
    })
    .await;
}
