//! Fresh databases for store tests: every test runs once on a new SQLite file and once on
//! a new PostgreSQL database, created for it and dropped after.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use std::sync::atomic::{AtomicU32, Ordering};

use super::Db;

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "coplan_t{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

fn admin_url() -> String {
    std::env::var("COPLAN_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

/// Runs `test` against a fresh, migrated SQLite database and then a fresh PostgreSQL one.
pub async fn each<F, Fut>(test: F)
where
    F: Fn(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    each_with(true, test).await
}

/// Like `each`, with databases that no migration has touched: for tests of a migration.
pub async fn each_unmigrated<F, Fut>(test: F)
where
    F: Fn(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    each_with(false, test).await
}

async fn each_with<F, Fut>(migrate: bool, test: F)
where
    F: Fn(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    let test = &test;
    each_scratch(|url| async move {
        let db = Db::connect(&url).await.expect("the database connects");
        if migrate {
            db.migrate().await.expect("the database migrates");
        }
        // A failing test still closes its pool: the panic is caught, the pool closed,
        // and the panic carried on (each_scratch then drops the database).
        let outcome = AssertUnwindSafe(test(db.clone())).catch_unwind().await;
        db.close().await;
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    })
    .await
}

/// A database no connection has touched yet, for a test that needs its URL (a backup's,
/// a restore's target): a SQLite file in a new folder, or a new PostgreSQL database.
pub struct Scratch {
    pub url: String,
    postgres: Option<String>,
    dir: Option<std::path::PathBuf>,
}

impl Scratch {
    pub fn sqlite() -> Scratch {
        let dir = std::env::temp_dir().join(unique_name());
        std::fs::create_dir_all(&dir).expect("temp dir");
        Scratch {
            url: format!("sqlite:{}", dir.join("test.db").display()),
            postgres: None,
            dir: Some(dir),
        }
    }

    pub async fn postgres() -> Scratch {
        let name = unique_name();
        let admin = admin_pool().await;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .expect("create test database");
        admin.close().await;
        let mut url = admin_url();
        let base = url.rfind('/').map(|i| i + 1).unwrap_or(url.len());
        url.replace_range(base.., &name);
        Scratch {
            url,
            postgres: Some(name),
            dir: None,
        }
    }

    /// Drops the database, whatever the test left connected to it.
    pub async fn remove(self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some(name) = &self.postgres {
            let admin = admin_pool().await;
            sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
                .execute(&admin)
                .await
                .expect("drop test database");
            admin.close().await;
        }
    }
}

async fn admin_pool() -> sqlx::PgPool {
    match Db::connect(&admin_url())
        .await
        .expect("PostgreSQL on 127.0.0.1:5432 (scripts/test starts it)")
    {
        Db::Postgres(pool) => pool,
        Db::Sqlite(_) => panic!("COPLAN_TEST_PG_URL must be a postgres:// URL"),
    }
}

/// Runs `test` with a new SQLite database's URL and then a new PostgreSQL database's,
/// neither connected to nor migrated; each is removed after, even when the test fails.
pub async fn each_scratch<F, Fut>(test: F)
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = ()>,
{
    for postgres in [false, true] {
        let scratch = if postgres {
            Scratch::postgres().await
        } else {
            Scratch::sqlite()
        };
        let outcome = AssertUnwindSafe(test(scratch.url.clone()))
            .catch_unwind()
            .await;
        scratch.remove().await;
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    }
}

/// A migrated database whose pools hold one connection each, for a test of what a
/// connection keeps from one query to the next.
pub async fn single_connection(url: &str) -> Db {
    use sqlx::postgres::PgPoolOptions;
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    let db = Db::connect(url).await.expect("the database connects");
    db.migrate().await.expect("the database migrates");
    db.close().await;
    if url.starts_with("sqlite:") {
        let options = <SqliteConnectOptions as std::str::FromStr>::from_str(url)
            .expect("a SQLite URL")
            .foreign_keys(true);
        let pool = || {
            SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone())
        };
        let read = pool().await.expect("the database connects");
        let write = pool().await.expect("the database connects");
        Db::Sqlite(super::SqliteDb { read, write })
    } else {
        let pool = PgPoolOptions::new().max_connections(1).connect(url).await;
        Db::Postgres(pool.expect("the database connects"))
    }
}

/// An organisation "Ours" with its user, and one plan with partner `partner`: where many
/// store tests start. Answers the user and the plan's id.
pub async fn org_with_plan(db: &Db, partner: &str) -> (super::users::OrgUser, i64) {
    let me = super::users::create_org_with_user(db, "Ours", "a@o.test", "A", "h")
        .await
        .expect("the organisation is made");
    let new = crate::domain::NewPlan {
        title: "Deal".into(),
        partner: partner.into(),
        buyer_account: "Fabrikam".into(),
        credit: None,
    };
    let plan = super::plans::create(db, me.org_id, "A", &new)
        .await
        .expect("the plan is made");
    (me, plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test that fails still drops its PostgreSQL database.
    #[tokio::test]
    async fn a_failing_test_leaves_no_database_behind() {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
        let failing = AssertUnwindSafe(each(|db| {
            let seen = seen.clone();
            async move {
                if let Db::Postgres(pool) = &db {
                    let name: String = sqlx::query_scalar("SELECT current_database()")
                        .fetch_one(pool)
                        .await
                        .unwrap();
                    *seen.lock().unwrap() = Some(name);
                    panic!("a test that fails on PostgreSQL");
                }
            }
        }))
        .catch_unwind()
        .await;
        assert!(failing.is_err(), "the failure is carried on");
        let name = seen.lock().unwrap().clone().expect("it ran on PostgreSQL");
        let Db::Postgres(admin) = Db::connect(&admin_url()).await.unwrap() else {
            panic!("a postgres:// URL")
        };
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_database WHERE datname = $1")
            .bind(&name)
            .fetch_one(&admin)
            .await
            .unwrap();
        assert_eq!(left, 0, "{name} was dropped");
    }
}
