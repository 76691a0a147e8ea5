//! The database: one pool for SQLite or PostgreSQL, chosen by `DATABASE_URL`, and one
//! module per feature. Each query is written once; `on_pool!` and `in_write_tx!` compile
//! it for both drivers.

pub mod account_plans;
pub mod backup;
pub mod cadence;
pub mod columns;
pub mod comments;
pub mod demo;
pub mod edits;
pub mod escalation;
pub mod feeds;
pub mod history;
pub mod overlap;
pub mod overlap_uploads;
pub mod owners;
pub mod partnerships;
mod plan_load;
pub mod plans;
pub mod portfolio;
pub mod rows;
pub mod secret;
pub mod seed;
pub mod share;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    /// A value the database itself refuses for this plan, such as an owner of another plan.
    #[error("{0}")]
    Invalid(String),
    #[error("unsupported DATABASE_URL {0:?}: use sqlite:… or postgres://…")]
    UnsupportedUrl(String),
    #[error("stored value {0:?} is not valid")]
    Corrupt(String),
    /// A backup or restore that cannot go on, and why (store/backup.rs).
    #[error("{0}")]
    Backup(String),
    /// The database went away while a write committed: it may have been written or not.
    #[error("database gone while committing: {0}")]
    Unconfirmed(sqlx::Error),
}

impl StoreError {
    /// An error of a COMMIT: where the database went away, whether the write is in is
    /// not known (the commit may have reached the disk before the connection broke).
    pub fn at_commit(error: sqlx::Error) -> StoreError {
        if crate::error::database_away(&error) {
            StoreError::Unconfirmed(error)
        } else {
            StoreError::Database(error)
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqliteDb),
    Postgres(PgPool),
}

/// SQLite allows one writer at a time. Writers queue for the single connection of `write`
/// (a fair, async wait) instead of colliding and sleeping in SQLite's busy handler, which
/// measured p99 save latencies of 60 ms at 8 concurrent writers.
#[derive(Clone, Debug)]
pub struct SqliteDb {
    pub read: SqlitePool,
    pub write: SqlitePool,
}

/// Runs the same code against whichever pool `$db` holds, with `$pool` bound to it.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite(sqlite) => {
                let $pool = &sqlite.read;
                $body
            }
            $crate::store::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` in a write transaction bound to `$tx`, committed when `$body` succeeds.
/// On SQLite every write goes through the one connection of the write pool, so writers
/// queue there and a plain (deferred) `BEGIN` meets no other writer. Not `BEGIN
/// IMMEDIATE`: sqlx (0.8.6) runs a custom BEGIN and then awaits once more before the
/// transaction exists, and a request cancelled in that moment (a browser leaving the page
/// mid-save) left the writer inside a transaction nobody would end: every later write
/// failed ("begin_with at non-zero transaction depth"). A plain BEGIN that is cancelled
/// is rolled back by sqlx's worker.
macro_rules! in_write_tx {
    ($db:expr, $tx:ident => $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite(sqlite) => {
                let mut $tx = sqlite.write.begin().await?;
                let result = $body;
                $tx.commit()
                    .await
                    .map_err($crate::store::StoreError::at_commit)?;
                result
            }
            $crate::store::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let result = $body;
                $tx.commit()
                    .await
                    .map_err($crate::store::StoreError::at_commit)?;
                result
            }
        }
    };
}

/// Whether `$table` has the row `$id` whose `$column` is `$parent`: a plan of the
/// organisation, a partner of the plan. A macro rather than a function so that it compiles
/// against whichever connection or transaction `$conn` is, as the two macros above do.
macro_rules! has_row {
    ($conn:expr, $table:literal, $id:expr, $column:literal = $parent:expr) => {
        sqlx::query_scalar::<_, i64>(concat!(
            "SELECT id FROM ",
            $table,
            " WHERE id = $1 AND ",
            $column,
            " = $2"
        ))
        .bind($id)
        .bind($parent)
        .fetch_optional($conn)
        .await?
        .is_some()
    };
}

pub(crate) use {has_row, in_write_tx, on_pool};

/// Whether a SQLite connection coming back to its pool is out of every transaction, as it
/// must be to serve the next request; one that is not is closed (the pool opens another).
/// sqlx counts the transactions it opened, and the count can part from the database's:
/// SQLite rolls a whole transaction back itself on a full disk, so sqlx's ROLLBACK then
/// fails and its count stays at one; its next "transaction" is a savepoint, and a failed
/// one of those left a transaction open in which every later save was answered "Saved"
/// and never committed (`disk_tests`). The ping first lets a rollback queued by a dropped
/// transaction run, in the connection's worker, before the count is read.
async fn sqlite_out_of_transaction(conn: &mut sqlx::SqliteConnection) -> Result<bool, sqlx::Error> {
    use sqlx::Connection as _;
    conn.ping().await?;
    Ok(kept(!conn.is_in_transaction()))
}

/// The same for PostgreSQL, asked of the server, since sqlx's count can be short of it
/// too: a request dropped between its BEGIN and sqlx counting it (sqlx PR #4394) left a
/// transaction open that the count says is not. Outside a transaction every statement is
/// its own, so `now()` (its transaction's start) is the statement's start; in an open one
/// it is earlier, and in a failed one the query itself fails (the pool then drops the
/// connection too).
async fn postgres_out_of_transaction(conn: &mut sqlx::PgConnection) -> Result<bool, sqlx::Error> {
    use sqlx::{Connection as _, Executor as _, Row as _};
    // A bare string goes by the simple protocol, one message: with a prepared statement's
    // Bind and Execute the two timestamps differ even outside a transaction, and every
    // connection was closed.
    let row = conn
        .fetch_one("SELECT now() = statement_timestamp()")
        .await?;
    let idle: bool = row.try_get(0)?;
    Ok(kept(idle && !conn.is_in_transaction()))
}

fn kept(clean: bool) -> bool {
    if !clean {
        tracing::warn!("closed a connection returned inside a transaction");
    }
    clean
}

impl Db {
    pub async fn connect(url: &str) -> StoreResult<Db> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // A save the page calls "Saved" must survive a power cut (issue 15):
                // FULL syncs the log at every commit; NORMAL survived a killed process
                // but could lose the last commits to a crash of the machine.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            // Each connection is pinged as it comes back (`sqlite_out_of_transaction`), so
            // the pool's own ping before handing it out again is a second trip to the
            // connection's worker thread for nothing: 4 % of a plan page's CPU (perf, session
            // 15). A file's connection does not go stale between the two.
            let read = SqlitePoolOptions::new()
                .max_connections(8)
                .test_before_acquire(false)
                .after_release(|conn, _| Box::pin(sqlite_out_of_transaction(conn)))
                .connect_with(options.clone())
                .await?;
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                .test_before_acquire(false)
                .after_release(|conn, _| Box::pin(sqlite_out_of_transaction(conn)))
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(SqliteDb { read, write }))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(5))
                .after_release(|conn, _| Box::pin(postgres_out_of_transaction(conn)))
                .connect(url)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(StoreError::UnsupportedUrl(url.to_string()))
        }
    }

    /// Applies every migration, then what a migration needs Rust for: reading the owners'
    /// free-text roles onto the grid's (`owners::read_legacy_roles`), and putting plan
    /// partners into partnerships (`partnerships::adopt`).
    pub async fn migrate(&self) -> StoreResult<()> {
        self.migrate_to(i64::MAX).await?;
        let moved = owners::read_legacy_roles(self).await?;
        if moved > 0 {
            tracing::info!(
                moved,
                "read the owners' free-text roles onto the grid's roles"
            );
        }
        let adopted = partnerships::adopt(self).await?;
        if adopted > 0 {
            tracing::info!(adopted, "put plan partners into their partnerships");
        }
        Ok(())
    }

    /// Applies the migrations up to and including `version`: tests of a migration start
    /// from the schema before it.
    pub(crate) async fn migrate_to(&self, version: i64) -> StoreResult<()> {
        let mut migrator = match self {
            Db::Sqlite(_) => sqlx::migrate!("../migrations/sqlite"),
            Db::Postgres(_) => sqlx::migrate!("../migrations/postgres"),
        };
        migrator.migrations = migrator
            .migrations
            .iter()
            .filter(|m| m.version <= version)
            .cloned()
            .collect::<Vec<_>>()
            .into();
        match self {
            Db::Sqlite(sqlite) => migrator.run(&sqlite.write).await?,
            Db::Postgres(pool) => migrator.run(pool).await?,
        }
        Ok(())
    }

    /// Answers whether the database answers: what `/healthz` reports.
    pub async fn ping(&self) -> StoreResult<()> {
        on_pool!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Closes every connection: at shutdown, and in tests of a database going away.
    pub async fn close(&self) {
        match self {
            Db::Sqlite(sqlite) => {
                sqlite.read.close().await;
                sqlite.write.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }
}

/// The file of a `sqlite:` URL (without its query string), or `None` for another database.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let path = url.strip_prefix("sqlite:")?.trim_start_matches("//");
    Some(path.split('?').next().unwrap_or(path).into())
}

/// Parses a text column into one of the domain's closed sets.
pub(crate) fn parse<T: FromStr>(value: &str) -> StoreResult<T> {
    value
        .parse()
        .map_err(|_| StoreError::Corrupt(value.to_string()))
}

pub(crate) fn parse_opt<T: FromStr>(value: Option<&str>) -> StoreResult<Option<T>> {
    value.map(parse).transpose()
}

#[cfg(any(test, feature = "test-support"))]
pub mod test_db;

#[cfg(test)]
mod conflict_tests;
#[cfg(test)]
mod isolation_tests;
#[cfg(test)]
mod owners_tests;
#[cfg(test)]
mod pool_tests;
