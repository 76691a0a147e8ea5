//! Sessions in the app's own database, whichever of the two it is.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use app::store::Db;

/// On SQLite, sessions are read through the read pool and written through the single
/// writer, like every other table: a write on a reader would wait on SQLite's busy
/// handler instead of queueing.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite {
        read: SqliteStore,
        write: SqliteStore,
    },
    Postgres(PostgresStore),
}

impl Store {
    pub async fn for_db(db: &Db) -> Result<Store, sqlx::Error> {
        Ok(match db {
            Db::Sqlite(sqlite) => {
                let write = SqliteStore::new(sqlite.write.clone());
                write.migrate().await?;
                let read = SqliteStore::new(sqlite.read.clone());
                Store::Sqlite { read, write }
            }
            Db::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone());
                store.migrate().await?;
                Store::Postgres(store)
            }
        })
    }

    /// Deletes expired sessions every hour, for as long as the server runs.
    pub fn spawn_cleanup(&self) {
        let store = self.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                interval.tick().await;
                let result = match &store {
                    Store::Sqlite { write, .. } => write.delete_expired().await,
                    Store::Postgres(s) => s.delete_expired().await,
                };
                if let Err(error) = result {
                    tracing::warn!(%error, "deleting expired sessions");
                }
            }
        });
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite { write, .. } => write.create(record).await,
            Store::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite { write, .. } => write.save(record).await,
            Store::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Sqlite { read, .. } => read.load(id).await,
            Store::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Sqlite { write, .. } => write.delete(id).await,
            Store::Postgres(s) => s.delete(id).await,
        }
    }
}
