//! `coplan`: the server binary and its maintenance commands.

#[cfg(test)]
mod access_matrix_tests;
#[cfg(test)]
mod cluster_tests;
mod config;
#[cfg(test)]
mod disk_tests;
#[cfg(test)]
mod fuzz_tests;
mod guard;
#[cfg(debug_assertions)]
mod heap;
#[cfg(test)]
mod http_tests;
#[cfg(test)]
mod import_http_tests;
#[cfg(test)]
mod link_http_tests;
mod listen;
#[cfg(test)]
mod reference_tests;
mod request_log;
mod routes;
mod sessions;

use std::io::BufRead;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use app::store::{backup, demo, users, Db, StoreError};
use config::{Cli, Command, Config};

#[cfg(not(debug_assertions))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
/// Debug builds count the heap's live bytes (`heap.rs`, `/debug/heap`).
#[cfg(debug_assertions)]
#[global_allocator]
static ALLOCATOR: heap::Counting<mimalloc::MiMalloc> = heap::Counting(mimalloc::MiMalloc);

#[derive(Debug, thiserror::Error)]
enum ServerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("session store: {0}")]
    Sessions(#[from] sqlx::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Hash(#[from] app::auth::password::HashError),
    #[error("{0}")]
    Input(String),
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    if cli.config.log_json {
        logs.json().init();
    } else {
        logs.init();
    }
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("coplan: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), ServerError> {
    let config = cli.config;
    if let Some(file) = app::store::sqlite_file(&config.database_url) {
        if let Some(dir) = file.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
    }
    let command = cli.command.unwrap_or(Command::Serve);
    // A restore goes into a database nothing has touched yet, not even a connection.
    if let Command::Restore { path } = &command {
        let db = backup::restore(&config.database_url, path).await?;
        println!(
            "restored {} into the {} database",
            path.display(),
            db.kind()
        );
        db.close().await;
        return Ok(());
    }
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    match command {
        Command::Serve => serve(config, db).await,
        Command::Migrate => {
            println!("migrations applied to the {} database", db.kind());
            Ok(())
        }
        Command::Demo {
            plans: Some(count),
            org,
            email,
        } => {
            let hash = app::auth::password::hash(demo::DEMO_PASSWORD)?;
            if demo::load_many(&db, &hash, &org, &email, count).await? {
                println!(
                    "{count} plans made for {org}: sign in as {email} / {}",
                    demo::DEMO_PASSWORD
                );
            } else {
                println!("{org} is already there");
            }
            Ok(())
        }
        Command::Demo { plans: None, .. } => {
            let hash = app::auth::password::hash(demo::DEMO_PASSWORD)?;
            if demo::load(&db, &hash).await? {
                println!(
                    "demo loaded: sign in as {} / {}",
                    demo::DEMO_EMAIL,
                    demo::DEMO_PASSWORD
                );
            } else {
                println!("demo already loaded");
            }
            Ok(())
        }
        Command::CreateUser {
            org,
            org_id,
            email,
            name,
        } => {
            let org_id = organisation(&db, org.as_deref(), org_id).await?;
            create_user(&db, org_id, &email, &name).await
        }
        Command::Backup { path } => {
            backup::backup(&db, &config.database_url, &path).await?;
            println!("backed up the {} database to {}", db.kind(), path.display());
            Ok(())
        }
        // Handled above, before any connection.
        Command::Restore { .. } => Ok(()),
    }
}

async fn serve(config: Config, db: Db) -> Result<(), ServerError> {
    // An unknown email is checked against this hash, so that it is refused as slowly as
    // a wrong password: made now, not on the first sign-in's async worker.
    let decoy = tokio::task::spawn_blocking(app::auth::password::decoy_hash).await;
    if decoy.map_or(true, str::is_empty) {
        return Err(ServerError::Input(
            "could not make the decoy password hash".into(),
        ));
    }
    let sessions = sessions::Store::for_db(&db).await?;
    sessions.spawn_cleanup();
    let site_root = std::path::absolute(&config.site_root)?;
    let options = routes::leptos_options(&site_root, config.addr);
    let throttle = std::sync::Arc::new(
        app::auth::throttle::Throttle::new(config.signups_per_hour)
            .with_link_requests_per_minute(config.link_requests_per_minute),
    );
    let app = routes::router(
        db.clone(),
        sessions,
        config.secure_cookies,
        throttle,
        options,
    );
    let listener = listen::bind(config.addr)?;
    tracing::info!(addr = %config.addr, database = db.kind(), "coplan is serving");
    listen::serve(
        listener,
        app,
        listen::Limits::default(),
        listen::stop_requested(),
    )
    .await?;
    Ok(())
}

/// The one organisation the command names, by id or by a name no other shares.
async fn organisation(db: &Db, name: Option<&str>, id: Option<i64>) -> Result<i64, ServerError> {
    if let Some(id) = id {
        return match users::org_exists(db, id).await? {
            true => Ok(id),
            false => Err(ServerError::Input(format!("no organisation has id {id}"))),
        };
    }
    let name = name.unwrap_or_default();
    match users::orgs_named(db, name).await?.as_slice() {
        [] => Err(ServerError::Input(format!(
            "no organisation named {name:?}"
        ))),
        [id] => Ok(*id),
        ids => Err(ServerError::Input(format!(
            "{} organisations are named {name:?} (ids {}): name one with --org-id",
            ids.len(),
            ids.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

async fn create_user(db: &Db, org_id: i64, email: &str, name: &str) -> Result<(), ServerError> {
    use app::domain::validate;
    validate::email(email).map_err(ServerError::Input)?;
    eprintln!("password for {email} (one line on standard input):");
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']);
    validate::new_password(password).map_err(ServerError::Input)?;
    let hash = app::auth::password::hash(password)?;
    let user = users::add_user(db, org_id, &validate::normalise_email(email), name, &hash).await?;
    println!("created {} in {}", user.email, user.org_name);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two organisations may share a name: create-user then asks for the id, and never
    /// picks one of them by itself.
    #[tokio::test]
    async fn create_user_names_one_organisation_or_asks_which() {
        app::store::test_db::each(|db| async move {
            let first = users::create_org_with_user(&db, "Acme", "a@acme.test", "A", "h")
                .await
                .unwrap()
                .org_id;
            assert_eq!(organisation(&db, Some("Acme"), None).await.unwrap(), first);
            let second = users::create_org_with_user(&db, "Acme", "b@acme.test", "B", "h")
                .await
                .unwrap()
                .org_id;
            let ambiguous = organisation(&db, Some("Acme"), None).await.unwrap_err();
            assert_eq!(
                ambiguous.to_string(),
                format!(
                    "2 organisations are named \"Acme\" (ids {first}, {second}): name one with --org-id"
                )
            );
            assert_eq!(organisation(&db, None, Some(second)).await.unwrap(), second);
            assert!(organisation(&db, None, Some(second + 10)).await.is_err());
            assert!(organisation(&db, Some("Nobody"), None).await.is_err());
        })
        .await;
    }
}
