//! The baseline of `scripts/bench`'s save efficiency (issue 14): the statements a save of
//! a joint action's text runs (the compare-and-set update and the history entry, one
//! transaction each), looped by 8 tasks on the same database as fast as it answers, with
//! nothing of the server around them. Each task writes its own action, as the benchmark's
//! writers do.
//!
//! Usage: DATABASE_URL=… save_baseline PLAN_ID SECONDS < ROWS, where ROWS holds an
//! "id|text" line per task: its action and the text the action holds now.
//! Prints: "bare save statements, 8 tasks: n=… per_s=… p50=… ms p99=… ms"

use std::time::{Duration, Instant};

use app::domain::edit::Field;
use app::store::{edits, Db};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: save_baseline PLAN_ID SECONDS < \"id|text\" lines";
    let plan_id: i64 = args.next().ok_or(usage)?.parse()?;
    let seconds: u64 = args.next().ok_or(usage)?.parse()?;
    let mut rows = Vec::new();
    for line in std::io::stdin().lines() {
        let line = line?;
        let (id, text) = line.split_once('|').ok_or(usage)?;
        rows.push((id.parse::<i64>()?, text.to_string()));
    }
    let db = Db::connect(&std::env::var("DATABASE_URL")?).await?;
    let deadline = Instant::now() + Duration::from_secs(seconds);

    let mut tasks = Vec::new();
    let writers = rows.len();
    for (row, mut expected) in rows {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let value = format!("Baseline action {row} edit {}", latencies.len());
                let started = Instant::now();
                if !edits::bare_text_save(&db, plan_id, Field::ActionText, row, &expected, &value)
                    .await?
                {
                    return Err(format!("action {row} was changed by someone else").into());
                }
                latencies.push(started.elapsed());
                expected = value;
            }
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(latencies)
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await?.map_err(|e| e.to_string())?);
    }
    if all.is_empty() {
        return Err("no save was made".into());
    }
    all.sort();
    let at =
        |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)].as_secs_f64() * 1000.0;
    println!(
        "bare save statements, {} tasks: n={} per_s={:.1} p50={:.2} ms p99={:.2} ms",
        writers,
        all.len(),
        all.len() as f64 / seconds as f64,
        at(0.50),
        at(0.99)
    );
    Ok(())
}
