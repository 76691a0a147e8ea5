//! Backups: a consistent copy of the database while the server runs and writes, and a
//! restore of one into an empty database.
//!
//! SQLite copies itself with `VACUUM INTO`, which reads one transaction's snapshot (the
//! write-ahead log lets writers go on meanwhile). PostgreSQL's copy is `pg_dump`'s custom
//! format, made from the same `DATABASE_URL` in one repeatable-read snapshot, and
//! `pg_restore` loads it; both come with PostgreSQL's client package.

use std::path::Path;
use std::process::{Command, Stdio};

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use super::{sqlite_file, Db, StoreError, StoreResult};

/// Copies the database `db` (reached at `url`) to a new file at `path`.
pub async fn backup(db: &Db, url: &str, path: &Path) -> StoreResult<()> {
    if path.exists() {
        return Err(StoreError::Backup(format!(
            "{} already exists: a backup never overwrites a file",
            path.display()
        )));
    }
    match db {
        Db::Sqlite(sqlite) => {
            sqlx::query("VACUUM INTO ?")
                .bind(path_text(path)?)
                .execute(&sqlite.read)
                .await?;
            Ok(())
        }
        Db::Postgres(_) => {
            let mut dump = Command::new("pg_dump");
            dump.arg("--format=custom")
                .arg("--no-owner")
                .arg("--file")
                .arg(path)
                .arg(url);
            run(dump, "pg_dump").await
        }
    }
}

/// Loads the backup at `path` into the empty database at `url`, then brings its schema up
/// to this version's migrations. Refuses a database that already holds tables.
pub async fn restore(url: &str, path: &Path) -> StoreResult<Db> {
    if !path.is_file() {
        return Err(StoreError::Backup(format!(
            "no backup file at {}",
            path.display()
        )));
    }
    if let Some(target) = sqlite_file(url) {
        let size = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
        if size > 0 {
            return Err(StoreError::Backup(format!(
                "{} is not empty: restore into a new database",
                target.display()
            )));
        }
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Backup(format!("cannot make {}: {e}", dir.display())))?;
        }
        // An empty file is what a first connection leaves; VACUUM INTO wants none.
        let _ = std::fs::remove_file(&target);
        // Read-only: the backup file stays as it was (no journal mode set on it).
        let source = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(SqliteConnectOptions::new().filename(path).read_only(true))
            .await?;
        let copied = sqlx::query("VACUUM INTO ?")
            .bind(path_text(&target)?)
            .execute(&source)
            .await;
        source.close().await;
        copied?;
    } else {
        let db = Db::connect(url).await?;
        let Db::Postgres(pool) = &db else {
            return Err(StoreError::UnsupportedUrl(url.to_string()));
        };
        let tables: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
        )
        .fetch_one(pool)
        .await?;
        db.close().await;
        if tables > 0 {
            return Err(StoreError::Backup(
                "the database is not empty: restore into a new database".into(),
            ));
        }
        let mut load = Command::new("pg_restore");
        load.arg("--no-owner")
            .arg("--exit-on-error")
            .arg("--single-transaction")
            .arg("--dbname")
            .arg(url)
            .arg(path);
        run(load, "pg_restore").await?;
    }
    let db = Db::connect(url).await?;
    db.migrate().await?;
    Ok(db)
}

fn path_text(path: &Path) -> StoreResult<&str> {
    path.to_str()
        .ok_or_else(|| StoreError::Backup(format!("{} is not a UTF-8 path", path.display())))
}

/// Runs a PostgreSQL client tool off the async threads, its messages kept for the error.
async fn run(mut command: Command, name: &'static str) -> StoreResult<()> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .map_err(|e| StoreError::Backup(format!("{name} did not finish: {e}")))?
        .map_err(|e| StoreError::Backup(format!("cannot run {name} (PostgreSQL's client): {e}")))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(StoreError::Backup(format!(
            "{name} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
    use std::sync::Arc;

    use super::*;
    use crate::domain::edit::{parse, Field, SaveOutcome};
    use crate::store::test_db::{self, Scratch};
    use crate::store::{edits, on_pool};

    const WRITERS: usize = 4;

    /// Saves one plan's title again and again, each save expecting the last; counts the
    /// saves acknowledged in `acked` and tells `tick` of each.
    async fn write(
        db: Db,
        org: i64,
        plan: i64,
        writer: usize,
        acked: Arc<AtomicU32>,
        stop: Arc<AtomicBool>,
        tick: tokio::sync::mpsc::UnboundedSender<()>,
    ) {
        let title = |n: u32| parse(Field::PlanTitle, &format!("writer {writer} save {n}")).unwrap();
        let mut last = parse(Field::PlanTitle, "Deal").unwrap();
        let mut n = 0;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            let next = title(n);
            let outcome =
                edits::save_field(&db, org, "W", plan, Field::PlanTitle, None, &last, &next)
                    .await
                    .expect("the save goes through");
            assert!(matches!(outcome, SaveOutcome::Saved { .. }), "{outcome:?}");
            acked.store(n, Ordering::SeqCst);
            let _ = tick.send(());
            last = next;
        }
    }

    /// Under four writers, a backup holds every save acknowledged before it began, with
    /// its history entry, and restores into a new database of the same kind.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_backup_taken_under_writes_restores_every_save_acknowledged_before_it() {
        test_db::each_scratch(|url| async move {
            let db = Db::connect(&url).await.unwrap();
            db.migrate().await.unwrap();
            let (me, first) = test_db::org_with_plan(&db, "Contoso").await;
            let mut plans = vec![first];
            for _ in 1..WRITERS {
                let new = crate::domain::NewPlan {
                    title: "Deal".into(),
                    partner: "Contoso".into(),
                    buyer_account: "Fabrikam".into(),
                    credit: None,
                };
                plans.push(
                    crate::store::plans::create(&db, me.org_id, "A", &new)
                        .await
                        .unwrap(),
                );
            }
            let stop = Arc::new(AtomicBool::new(false));
            let (tick, mut ticks) = tokio::sync::mpsc::unbounded_channel();
            let acked: Vec<_> = (0..WRITERS).map(|_| Arc::new(AtomicU32::new(0))).collect();
            let writers: Vec<_> = plans
                .iter()
                .enumerate()
                .map(|(i, &plan)| {
                    tokio::spawn(write(
                        db.clone(),
                        me.org_id,
                        plan,
                        i,
                        acked[i].clone(),
                        stop.clone(),
                        tick.clone(),
                    ))
                })
                .collect();
            for _ in 0..40 {
                ticks.recv().await.expect("the writers write");
            }

            let before: Vec<u32> = acked.iter().map(|a| a.load(Ordering::SeqCst)).collect();
            let dir = std::env::temp_dir().join(format!("coplan-backup-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join(format!("{}.backup", db.kind()));
            let _ = std::fs::remove_file(&file);
            backup(&db, &url, &file).await.expect("the backup is made");
            // Writes went on during the backup.
            for _ in 0..WRITERS {
                ticks.recv().await.expect("the writers write");
            }
            stop.store(true, Ordering::SeqCst);
            for writer in writers {
                writer.await.unwrap();
            }
            assert!(
                matches!(backup(&db, &url, &file).await, Err(StoreError::Backup(_))),
                "a backup never overwrites a file"
            );
            db.close().await;

            let target = if url.starts_with("sqlite:") {
                Scratch::sqlite()
            } else {
                Scratch::postgres().await
            };
            let restored = restore(&target.url, &file)
                .await
                .expect("the backup restores");
            for (i, &plan) in plans.iter().enumerate() {
                let detail = crate::store::plans::detail(&restored, me.org_id, plan)
                    .await
                    .unwrap();
                let n: u32 = detail
                    .title
                    .strip_prefix(&format!("writer {i} save "))
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("writer {i}'s title: {}", detail.title));
                assert!(
                    n >= before[i],
                    "writer {i}: {n} restored, {} acknowledged",
                    before[i]
                );
                let entries: Vec<Option<String>> = on_pool!(&restored, pool => {
                    sqlx::query_scalar("SELECT new_value FROM plan_history WHERE plan_id = $1")
                        .bind(plan)
                        .fetch_all(pool)
                        .await
                        .unwrap()
                });
                for k in 1..=n {
                    let value = format!("writer {i} save {k}");
                    assert!(
                        entries.iter().any(|e| e.as_deref() == Some(value.as_str())),
                        "writer {i}: no history entry for save {k} of {n}"
                    );
                }
            }
            restored.close().await;
            assert!(
                matches!(
                    restore(&target.url, &file).await,
                    Err(StoreError::Backup(_))
                ),
                "a restore never goes into a database that holds anything"
            );
            target.remove().await;
            std::fs::remove_dir_all(&dir).ok();
        })
        .await;
    }
}
