//! Issue 15's "more than one server": a team outgrowing one process runs several
//! stateless servers on one PostgreSQL. Sessions and plans live in the database; what a
//! process keeps in memory (the sign-in back-off, the sign-up and link rate limits) is
//! per server, as the README says.

use app::domain::edit::SaveOutcome;
use app::store::test_db::Scratch;
use app::store::{demo, plans, Db};
use axum::http::StatusCode;
use axum::Router;

use crate::http_tests::{app_on, page_get, save_title, send, sign_in, text};

/// A server as `coplan serve` starts one: connect, migrate, route.
async fn server_on(url: &str) -> (Db, Router) {
    let db = Db::connect(url).await.expect("the database connects");
    db.migrate().await.expect("the migrations apply");
    let app = app_on(&db).await;
    (db, app)
}

/// Two servers started at the same moment on one new database (the migrations apply
/// once), a session made on one used on the other, one field raced through both (one
/// wins, the other is told of the conflict), and the second server working on when the
/// first is gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgresql_share_sessions_and_settle_a_race() {
    let scratch = Scratch::postgres().await;
    // A failure still drops the database: the panic ends the task, not the test.
    let outcome = tokio::spawn(two_servers(scratch.url.clone())).await;
    scratch.remove().await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

async fn two_servers(url: String) {
    let ((db_a, a), (db_b, b)) = tokio::join!(server_on(&url), server_on(&url));
    let hash = app::auth::password::hash(demo::DEMO_PASSWORD).unwrap();
    assert!(demo::load(&db_a, &hash).await.unwrap());

    let cookie = sign_in(&a, demo::DEMO_EMAIL, demo::DEMO_PASSWORD).await;
    let list = send(&b, page_get("/plans", &cookie)).await;
    assert_eq!(list.status(), StatusCode::OK);
    assert!(
        text(list).await.contains("Co-sell plans"),
        "signed in on B too"
    );

    let org = app::store::users::orgs_named(&db_b, "Northwind Software")
        .await
        .unwrap()[0];
    let plan = plans::list(&db_b, org).await.unwrap()[0].id;
    let title = plans::detail(&db_b, org, plan).await.unwrap().title;
    let (through_a, through_b) = tokio::join!(
        save_title(&a, &cookie, plan, &title, "Through A"),
        save_title(&b, &cookie, plan, &title, "Through B"),
    );
    let winner = match (&through_a, &through_b) {
        (SaveOutcome::Saved { value }, SaveOutcome::Conflict { theirs })
        | (SaveOutcome::Conflict { theirs }, SaveOutcome::Saved { value }) => {
            assert_eq!(theirs, value, "the loser is shown the winner's value");
            value.clone()
        }
        other => panic!("one save wins and one meets the conflict: {other:?}"),
    };
    assert_eq!(plans::detail(&db_b, org, plan).await.unwrap().title, winner);

    // A goes away; B goes on, with the same session.
    drop(a);
    db_a.close().await;
    let after = save_title(&b, &cookie, plan, &winner, "After A stopped").await;
    assert_eq!(
        after,
        SaveOutcome::Saved {
            value: "After A stopped".into()
        }
    );
    db_b.close().await;
}
