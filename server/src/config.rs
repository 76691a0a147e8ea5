//! Configuration from the command line and the environment, with defaults that work on a
//! developer's machine as they are.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "coplan",
    version,
    about = "Co-sell plans for vendors, partners and buyers"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// sqlite:path/to/file.db or postgres://user@host/database
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite:data/coplan.db",
        global = true
    )]
    pub database_url: String,
    /// Where the server listens.
    #[arg(
        long,
        env = "COPLAN_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub addr: SocketAddr,
    /// Mark the session cookie Secure: turn on whenever the app is served over HTTPS.
    #[arg(
        long,
        env = "COPLAN_SECURE_COOKIES",
        default_value = "false",
        global = true,
        action = ArgAction::Set,
        value_parser = BoolishValueParser::new()
    )]
    pub secure_cookies: bool,
    /// Log JSON lines, for a log collector, instead of text for a person.
    #[arg(long, env = "COPLAN_LOG_JSON", default_value = "false", global = true, action = ArgAction::Set, value_parser = BoolishValueParser::new())]
    pub log_json: bool,
    /// Sign-ups allowed per client address and hour.
    #[arg(
        long,
        env = "COPLAN_SIGNUPS_PER_HOUR",
        default_value = "10",
        global = true
    )]
    pub signups_per_hour: u32,
    /// Requests per client address and minute to shared links' pages and server functions.
    #[arg(
        long,
        env = "COPLAN_LINK_REQUESTS_PER_MINUTE",
        default_value_t = app::auth::throttle::LINK_REQUESTS_PER_MINUTE,
        global = true
    )]
    pub link_requests_per_minute: u32,
    /// The built site: pkg/ with the hashed wasm, JS and CSS, and hash.txt.
    #[arg(
        long,
        env = "COPLAN_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    pub site_root: PathBuf,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Apply migrations and serve the app (the default).
    Serve,
    /// Apply migrations and exit.
    Migrate,
    /// Load the demo organisation and its plans, unless already loaded.
    Demo {
        /// Instead, make an organisation of this many generated plans, each with every
        /// part (for scripts/bench): its name and user's email are --org and --email.
        #[arg(long)]
        plans: Option<usize>,
        #[arg(long, default_value = "Northwind Portfolio", requires = "plans")]
        org: String,
        #[arg(long, default_value = "portfolio@northwind.test", requires = "plans")]
        email: String,
    },
    /// Add a user to an organisation; the password is read from standard input.
    CreateUser {
        /// The organisation's name, as created at sign-up. Names are not unique: where
        /// several organisations share it, name the one with --org-id.
        #[arg(long, required_unless_present = "org_id", conflicts_with = "org_id")]
        org: Option<String>,
        /// The organisation's id (what --org lists when its name is shared).
        #[arg(long)]
        org_id: Option<i64>,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Copy the database to a new file while the server runs: SQLite with VACUUM INTO,
    /// PostgreSQL with pg_dump (custom format) from the same DATABASE_URL.
    Backup {
        /// Where to write the copy; an existing file is never overwritten.
        path: PathBuf,
    },
    /// Load a backup into the empty database of DATABASE_URL, then apply migrations.
    Restore {
        /// A file made by `coplan backup` from the same kind of database.
        path: PathBuf,
    },
}
