//! `coplan`: the server binary and its maintenance commands.

mod config;
mod routes;
mod sessions;

use std::io::BufRead;
use std::process::ExitCode;

use axum::serve::ListenerExt;
use clap::Parser;
use tracing_subscriber::EnvFilter;

use app::store::{demo, users, Db, StoreError};
use config::{Cli, Command, Config};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    if let Some(dir) = config
        .database_url
        .strip_prefix("sqlite:")
        .and_then(|path| std::path::Path::new(path.trim_start_matches("//")).parent())
    {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)?;
        }
    }
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config, db).await,
        Command::Migrate => {
            println!("migrations applied to the {} database", db.kind());
            Ok(())
        }
        Command::Demo => {
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
        Command::CreateUser { org, email, name } => create_user(&db, &org, &email, &name).await,
    }
}

async fn serve(config: Config, db: Db) -> Result<(), ServerError> {
    let sessions = sessions::Store::for_db(&db).await?;
    sessions.spawn_cleanup();
    let site_root = std::path::absolute(&config.site_root)?;
    let options = routes::leptos_options(&site_root, config.addr);
    let app = routes::router(db.clone(), sessions, config.secure_cookies, options);
    // The page streams out in several writes; with Nagle's algorithm on, the last one
    // waited for the client's delayed ACK (40 ms p99 renders in scripts/bench).
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await?
        .tap_io(|stream| {
            if let Err(error) = stream.set_nodelay(true) {
                tracing::warn!(%error, "TCP_NODELAY");
            }
        });
    tracing::info!(addr = %config.addr, database = db.kind(), "coplan is serving");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

async fn create_user(db: &Db, org: &str, email: &str, name: &str) -> Result<(), ServerError> {
    use app::domain::validate;
    let org_id = users::org_by_name(db, org)
        .await?
        .ok_or_else(|| ServerError::Input(format!("no organisation named {org:?}")))?;
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
