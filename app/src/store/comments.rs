//! Comments and progress updates on a plan or one of its actions or milestones, left
//! through shared links or by the organisation's users (an answer), each also a line of
//! the plan's history.

use chrono::{DateTime, Utc};

use super::history::{record, Actor, Change};
use super::{has_row, in_write_tx, on_pool, parse, Db, StoreError, StoreResult};
use crate::domain::visit::{About, Comment, CommentKind, PartyComment};
use crate::domain::Side;

/// How many comments a plan's pages show at most, newest first.
pub const COMMENTS_LIMIT: i64 = 500;

/// A comment to be written.
pub struct NewComment<'a> {
    pub plan_id: i64,
    pub about: About,
    pub kind: CommentKind,
    pub answers: Option<i64>,
    /// Who signs it: the name a visitor gave, or the user's.
    pub author: &'a str,
    /// Who the history says made it.
    pub actor: Actor<'a>,
    pub user_id: Option<i64>,
    pub body: &'a str,
}

/// Writes a comment on a plan of `org_id`; what it is about and what it answers must be
/// the plan's own. Answers its id.
pub async fn add(
    db: &Db,
    org_id: i64,
    new: &NewComment<'_>,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let (action_id, milestone_id) = match new.about {
        About::Plan => (None, None),
        About::Action(id) => (Some(id), None),
        About::Milestone(id) => (None, Some(id)),
    };
    Ok(in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "plans", new.plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        let about_found = match new.about {
            About::Plan => true,
            About::Action(id) => has_row!(&mut *tx, "actions", id, "plan_id" = new.plan_id),
            About::Milestone(id) => has_row!(&mut *tx, "milestones", id, "plan_id" = new.plan_id),
        };
        let answers_found = match new.answers {
            None => true,
            Some(id) => has_row!(&mut *tx, "comments", id, "plan_id" = new.plan_id),
        };
        if !about_found || !answers_found {
            return Err(StoreError::NotFound);
        }
        let body = new.body.trim();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (plan_id, action_id, milestone_id, answers, kind, link_id, user_id, author, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(new.plan_id)
        .bind(action_id)
        .bind(milestone_id)
        .bind(new.answers)
        .bind(new.kind.as_str())
        .bind(new.actor.link_id)
        .bind(new.user_id)
        .bind(new.author.trim())
        .bind(body)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let (part, field) = match new.about {
            About::Plan => ("plan", "comment".to_string()),
            About::Action(id) => ("actions", format!("action {id}: {}", new.kind.as_str())),
            About::Milestone(id) => ("milestones", format!("milestone {id}: {}", new.kind.as_str())),
        };
        let change = Change {
            plan_id: new.plan_id,
            at: now,
            actor: new.actor,
            part,
            field,
            old: None,
            new: Some(body.to_string()),
        };
        record(&mut tx, change, true).await?;
        id
    }))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    action_id: Option<i64>,
    milestone_id: Option<i64>,
    answers: Option<i64>,
    kind: String,
    author: String,
    label: Option<String>,
    side: Option<String>,
    partner_id: Option<i64>,
    created_at: DateTime<Utc>,
    body: String,
}

/// The plan's comments, oldest first (the newest `COMMENTS_LIMIT`).
pub async fn list(db: &Db, org_id: i64, plan_id: i64) -> StoreResult<Vec<PartyComment>> {
    let rows: Vec<Row> = on_pool!(db, pool => {
        if !has_row!(pool, "plans", plan_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        sqlx::query_as(
            "SELECT * FROM (SELECT c.id, c.action_id, c.milestone_id, c.answers, c.kind, c.author, \
             l.label, l.side, l.partner_id, c.created_at, c.body \
             FROM comments c LEFT JOIN share_links l ON l.id = c.link_id \
             WHERE c.plan_id = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT $2) newest \
             ORDER BY created_at, id",
        )
        .bind(plan_id)
        .bind(COMMENTS_LIMIT)
        .fetch_all(pool)
        .await?
    });
    rows.into_iter()
        .map(|r| {
            let about = match (r.action_id, r.milestone_id) {
                (Some(id), _) => About::Action(id),
                (None, Some(id)) => About::Milestone(id),
                (None, None) => About::Plan,
            };
            let party = match &r.side {
                Some(side) => Some((parse::<Side>(side)?, r.partner_id)),
                None => None,
            };
            Ok(PartyComment {
                comment: Comment {
                    id: r.id,
                    about,
                    kind: parse(&r.kind)?,
                    answers: r.answers,
                    author: r.author,
                    via: r.label,
                    at: r.created_at,
                    body: r.body,
                },
                party,
            })
        })
        .collect()
}
