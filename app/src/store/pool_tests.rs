//! The pools' check of a connection coming back (`sqlite_out_of_transaction`,
//! `postgres_out_of_transaction`): a connection out of every transaction is kept for the
//! next request, and on PostgreSQL one left inside a transaction that sqlx did not count
//! is closed. A check that closed every connection (as the first PostgreSQL one did, its
//! two timestamps compared through a prepared statement) halved the saves a second. Each
//! pool here holds one connection, so the next one given is the same unless it was closed.

use sqlx::{Executor, Row};

use super::test_db::Scratch;
use super::Db;

#[tokio::test]
async fn sqlite_keeps_a_connection_out_of_every_transaction() {
    let scratch = Scratch::sqlite();
    let Db::Sqlite(sqlite) = Db::connect(&scratch.url).await.unwrap() else {
        unreachable!("a sqlite: URL")
    };
    let mut conn = sqlite.write.acquire().await.unwrap();
    conn.execute("CREATE TEMP TABLE marker (x)").await.unwrap();
    drop(conn);
    let mut conn = sqlite.write.acquire().await.unwrap();
    let marked = conn
        .fetch_one("SELECT count(*) FROM temp.sqlite_master WHERE name = 'marker'")
        .await
        .unwrap();
    assert_eq!(marked.get::<i64, _>(0), 1, "the same connection");
    drop(conn);
    sqlite.write.close().await;
    sqlite.read.close().await;
    scratch.remove().await;
}

#[tokio::test]
async fn postgres_keeps_a_connection_out_of_every_transaction_and_closes_one_inside() {
    let scratch = Scratch::postgres().await;
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .after_release(|conn, _| Box::pin(super::postgres_out_of_transaction(conn)))
        .connect(&scratch.url)
        .await
        .unwrap();
    let pid = |row: sqlx::postgres::PgRow| row.get::<i32, _>(0);
    let mut conn = pool.acquire().await.unwrap();
    let first = pid(conn.fetch_one("SELECT pg_backend_pid()").await.unwrap());
    drop(conn);
    let mut conn = pool.acquire().await.unwrap();
    let again = pid(conn.fetch_one("SELECT pg_backend_pid()").await.unwrap());
    assert_eq!(first, again, "the same connection");

    // A transaction opened behind sqlx's back, as one whose BEGIN went out before its
    // request was dropped: that connection is not given again.
    conn.execute("BEGIN").await.unwrap();
    drop(conn);
    let mut conn = pool.acquire().await.unwrap();
    let next = pid(conn.fetch_one("SELECT pg_backend_pid()").await.unwrap());
    assert_ne!(next, again, "a new connection");
    let idle = conn
        .fetch_one("SELECT now() = statement_timestamp()")
        .await
        .unwrap();
    assert!(idle.get::<bool, _>(0), "out of every transaction");
    drop(conn);
    pool.close().await;
    scratch.remove().await;
}
