//! Issue 15's "on SQLite, a read-only or full disk gives the same clear error, not a
//! panic". The test cannot fill this machine's disk or take its write permission (it runs
//! as root), so it asks SQLite itself: `max_page_count` at the file's size answers the
//! next write that needs a page with SQLITE_FULL, and `query_only` answers every write
//! with SQLITE_READONLY, the codes a full or read-only disk gives. Both are set on the
//! one connection of the write pool, so they hold for every save the server makes until
//! that connection is replaced. SQLite rolls the whole transaction back on SQLITE_FULL,
//! which left sqlx's count of transactions at one: every save after it ran in a savepoint,
//! and after the next failed one, in a transaction never committed, answered "Saved" but
//! seen by no reader. The pool now closes such a connection (`store::out_of_transaction`);
//! the last steps here are what caught it.

use app::domain::edit::SaveOutcome;
use app::error::AppError;
use app::store::test_db::Scratch;
use app::store::{plans, Db};
use axum::http::StatusCode;

use crate::http_tests::{
    demo_app, demo_cookie, page_and_data, page_get, save_title, save_title_answer, send, text,
};

/// Runs a pragma on the write pool's single connection.
async fn on_writer(db: &Db, pragma: &str) {
    let Db::Sqlite(sqlite) = db else {
        unreachable!("a SQLite test")
    };
    sqlx::query(pragma)
        .execute(&sqlite.write)
        .await
        .expect("the pragma runs");
}

/// A refused save: a 503 with the sentence that says nothing was saved and to try again.
async fn assert_refused(answer: axum::response::Response) {
    assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
    let error: AppError = leptos::serde_json::from_str(&text(answer).await).unwrap();
    assert_eq!(error.cause(), &AppError::Unavailable, "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("nothing was saved") && message.contains("try again"),
        "{message}"
    );
}

#[tokio::test]
async fn a_full_or_read_only_sqlite_disk_refuses_saves_clearly_and_loses_nothing() {
    let scratch = Scratch::sqlite();
    let db = Db::connect(&scratch.url).await.expect("the file opens");
    db.migrate().await.expect("the migrations apply");
    let (org, app) = demo_app(&db).await;
    let cookie = demo_cookie(&app).await;
    let plan = plans::list(&db, org).await.unwrap()[0].id;
    let mut seen = plans::detail(&db, org, plan).await.unwrap().title;

    // Full: the file may not grow. Saves go on while the pages have room, then one is
    // refused (each adds a history entry, so one must need a new page soon).
    on_writer(&db, "PRAGMA max_page_count = 1").await;
    let mut refused = None;
    for n in 0..2_000 {
        let value = format!("Saved before the disk filled {n}");
        let answer = save_title_answer(&app, &cookie, plan, &seen, &value).await;
        if answer.status() != StatusCode::OK {
            refused = Some((answer, value));
            break;
        }
        let outcome: SaveOutcome = leptos::serde_json::from_str(&text(answer).await).unwrap();
        assert_eq!(
            outcome,
            SaveOutcome::Saved {
                value: value.clone()
            }
        );
        seen = value;
    }
    let (answer, refused_value) = refused.expect("a full disk refuses a save");
    assert_refused(answer).await;
    // What was acknowledged is there, and the page still shows it; the refused value is
    // nowhere.
    let detail = plans::detail(&db, org, plan).await.unwrap();
    assert_eq!(detail.title, seen);
    let page = send(&app, page_get(&format!("/plans/{plan}"), &cookie)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let body = page_and_data(page).await;
    assert!(body.contains(&seen) && !body.contains(&refused_value));

    // The connection that failed was replaced (store::sqlite_out_of_transaction closes one
    // that sqlx still counts in a transaction), and the new one has no limit: the disk is
    // full again for it, and the same save is refused the same way.
    on_writer(&db, "PRAGMA max_page_count = 1").await;
    let answer = save_title_answer(&app, &cookie, plan, &seen, &refused_value).await;
    assert_refused(answer).await;
    assert_eq!(plans::detail(&db, org, plan).await.unwrap().title, seen);

    // Room again: the same save, expecting the same value, now goes through, and a reader
    // sees it (it is committed).
    on_writer(&db, "PRAGMA max_page_count = 1073741823").await;
    let outcome = save_title(&app, &cookie, plan, &seen, &refused_value).await;
    assert_eq!(
        outcome,
        SaveOutcome::Saved {
            value: refused_value.clone()
        }
    );
    assert_eq!(
        plans::detail(&db, org, plan).await.unwrap().title,
        refused_value
    );
    seen = refused_value;

    // Read-only: every write refused, the same way; reading goes on.
    on_writer(&db, "PRAGMA query_only = ON").await;
    let answer = save_title_answer(&app, &cookie, plan, &seen, "Never written").await;
    assert_refused(answer).await;
    assert_eq!(plans::detail(&db, org, plan).await.unwrap().title, seen);
    let page = send(&app, page_get(&format!("/plans/{plan}"), &cookie)).await;
    assert_eq!(page.status(), StatusCode::OK);
    on_writer(&db, "PRAGMA query_only = OFF").await;
    let outcome = save_title(&app, &cookie, plan, &seen, "Written again").await;
    assert_eq!(
        outcome,
        SaveOutcome::Saved {
            value: "Written again".into()
        }
    );

    assert_eq!(
        plans::detail(&db, org, plan).await.unwrap().title,
        "Written again"
    );
    db.close().await;
    scratch.remove().await;
}
