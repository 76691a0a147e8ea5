//! What a shared link's holder does: read their view of the plan, comment, update their
//! party's actions and milestones, add an action for their party. Every request resolves
//! the token again and asks `auth::access` for what it needs; a change is made as the
//! link ("Mei, through link “Contoso – Mei”") and recorded against it.

use chrono::Utc;
use tower_sessions::cookie::{time, Cookie, SameSite};

use crate::auth::access::{permits, Need, PlanRef, Principal};
use crate::auth::session::Caller;
use crate::domain::edit::{parse, Field, SaveOutcome};
use crate::domain::link_view::{link_view, milestone_party, visible, LinkView};
use crate::domain::share::LinkGrant;
use crate::domain::visit::{self, About, CommentKind};
use crate::domain::{FieldError, Invalid, PlanDetail, WorkStatus};
use crate::error::AppError;
use crate::store::comments::{self, NewComment};
use crate::store::history::Actor;
use crate::store::{edits, plans, share};

/// A valid link and its plan, as one request found them.
pub struct Visit {
    pub grant: LinkGrant,
    pub org_id: i64,
    pub plan: PlanDetail,
}

impl Visit {
    /// The link `token` names, if it is valid now: an unknown, revoked or expired token,
    /// or one whose plan is gone, is the same `NotFound`.
    pub async fn open(caller: &Caller, token: &str) -> Result<Visit, AppError> {
        let grant = share::resolve(&caller.db, token, Utc::now())
            .await?
            .ok_or(AppError::NotFound)?;
        let org_id = plans::org_of(&caller.db, grant.plan_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let plan = plans::detail(&caller.db, org_id, grant.plan_id).await?;
        Ok(Visit {
            grant,
            org_id,
            plan,
        })
    }

    /// Refuses what the link's scope and party do not allow.
    pub fn need(&self, need: Need) -> Result<(), AppError> {
        let at = PlanRef {
            id: self.plan.id,
            org_id: self.org_id,
        };
        if permits(&Principal::Link(self.grant.clone()), at, need) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The name the history and comments give a change made through this link.
    fn actor_name(&self, visitor: &str) -> String {
        format!("{}, through link “{}”", visitor.trim(), self.grant.label)
    }

    /// A change made through this link, by the visitor as `actor_name` says.
    fn actor<'a>(&self, actor_name: &'a str) -> Actor<'a> {
        Actor {
            name: actor_name,
            link_id: Some(self.grant.link_id),
        }
    }

    /// What every change through the link ends with: the use recorded (`what`), the
    /// visitor's name kept for next time, and a log line naming the link, never its token.
    async fn done(
        &self,
        caller: &Caller,
        visitor: &str,
        what: &str,
        at: chrono::DateTime<Utc>,
    ) -> Result<(), AppError> {
        share::record_use(&caller.db, self.grant.link_id, what, at).await?;
        self.remember(caller, visitor);
        tracing::info!(
            link_id = self.grant.link_id,
            plan_id = self.plan.id,
            what,
            "changed through a link"
        );
        Ok(())
    }

    /// The cookie that remembers the visitor's name on this link only.
    fn name_cookie(&self) -> String {
        format!("coplan_visitor_{}", self.grant.link_id)
    }

    /// Keeps the name the visitor gave for their next change on this link.
    fn remember(&self, caller: &Caller, visitor: &str) {
        let cookie = Cookie::build((self.name_cookie(), visitor.trim().to_string()))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .max_age(time::Duration::days(crate::domain::share::EXPIRY_DAYS_MAX))
            .build();
        caller.set_cookie(cookie);
    }
}

/// The plan as the link's party sees it, built here from the whole plan: nothing else
/// leaves the server. A user session on the same browser changes nothing.
pub async fn shared_plan(caller: &Caller, token: &str) -> Result<LinkView, AppError> {
    let visit = Visit::open(caller, token).await?;
    visit.need(Need::Read).map_err(|_| AppError::NotFound)?;
    let comments = comments::list(&caller.db, visit.org_id, visit.plan.id).await?;
    let changes =
        crate::store::history::of_actions_and_milestones(&caller.db, visit.org_id, visit.plan.id)
            .await?;
    share::record_use(&caller.db, visit.grant.link_id, "opened", Utc::now()).await?;
    let visitor = caller.cookie(&visit.name_cookie()).unwrap_or_default();
    Ok(link_view(
        &visit.plan,
        &visit.grant,
        &comments,
        &changes,
        visitor,
    ))
}

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::Invalid(Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }]))
}

/// A comment on the plan or one of the actions or milestones the link's party sees.
pub async fn comment(
    caller: &Caller,
    token: &str,
    about: &str,
    body: &str,
    name: &str,
) -> Result<(), AppError> {
    let visit = Visit::open(caller, token).await?;
    visit.need(Need::Comment)?;
    let about = About::parse(about).ok_or(AppError::NotFound)?;
    if let About::Action(id) = about {
        // Only an action the link's page shows.
        let action = visit.plan.actions.iter().find(|a| a.id == id);
        let action = action.ok_or(AppError::NotFound)?;
        if !visible(&visit.plan, &visit.grant, action.side, action.partner_id) {
            return Err(AppError::NotFound);
        }
    }
    visit::check_comment(name, body)?;
    let actor_name = visit.actor_name(name);
    let new = NewComment {
        plan_id: visit.plan.id,
        about,
        kind: CommentKind::Comment,
        answers: None,
        author: name,
        actor: visit.actor(&actor_name),
        user_id: None,
        body,
    };
    let now = Utc::now();
    comments::add(&caller.db, visit.org_id, &new, now).await?;
    visit.done(caller, name, "commented", now).await
}

/// A new status (compared with the one the visitor saw) and an optional progress note on
/// an action or milestone of the link's own party.
pub async fn update(
    caller: &Caller,
    token: &str,
    about: &str,
    seen: &str,
    status: &str,
    note: &str,
    name: &str,
) -> Result<(), AppError> {
    let visit = Visit::open(caller, token).await?;
    let about = About::parse(about).ok_or(AppError::NotFound)?;
    let (field, party) = match about {
        About::Action(id) => {
            let action = visit.plan.actions.iter().find(|a| a.id == id);
            let action = action.ok_or(AppError::NotFound)?;
            (Field::ActionStatus, Some((action.side, action.partner_id)))
        }
        About::Milestone(id) => {
            let milestone = visit.plan.milestones.iter().find(|m| m.id == id);
            let milestone = milestone.ok_or(AppError::NotFound)?;
            (
                Field::MilestoneStatus,
                milestone_party(&visit.plan, milestone.owner_id),
            )
        }
        About::Plan => return Err(AppError::NotFound),
    };
    // A milestone nobody owns belongs to no party: no link may update it.
    let (side, partner_id) = party.ok_or(AppError::Forbidden)?;
    visit.need(Need::UpdateOwn { side, partner_id })?;
    let status_of = |text: &str| {
        text.parse::<WorkStatus>()
            .map_err(|_| invalid("status", "Choose a status from the list."))
    };
    let (seen, status) = (status_of(seen)?, status_of(status)?);
    visit::check_update(name, seen, status, note)?;
    let actor_name = visit.actor_name(name);
    let actor = visit.actor(&actor_name);
    let row = match about {
        About::Action(id) | About::Milestone(id) => id,
        About::Plan => return Err(AppError::NotFound),
    };
    if seen != status {
        let (expected, value) = (
            parse(field, seen.as_str()).map_err(|_| AppError::Internal)?,
            parse(field, status.as_str()).map_err(|_| AppError::Internal)?,
        );
        let saved = edits::save_field(
            &caller.db,
            visit.org_id,
            actor,
            visit.plan.id,
            field,
            Some(row),
            &expected,
            &value,
        )
        .await?;
        if let SaveOutcome::Conflict { theirs } = saved {
            let now = theirs
                .parse::<WorkStatus>()
                .map(|s| s.label().to_lowercase())
                .unwrap_or(theirs);
            return Err(AppError::Conflict(format!(
                "Someone set this to “{now}” while you were looking: it now shows that. Choose again if you still want to change it."
            )));
        }
    }
    let now = Utc::now();
    if !note.trim().is_empty() {
        let new = NewComment {
            plan_id: visit.plan.id,
            about,
            kind: CommentKind::Update,
            answers: None,
            author: name,
            actor,
            user_id: None,
            body: note,
        };
        comments::add(&caller.db, visit.org_id, &new, now).await?;
    }
    visit.done(caller, name, "updated", now).await
}

/// A new action for the link's own party.
pub async fn add_action(
    caller: &Caller,
    token: &str,
    text: &str,
    due_on: &str,
    name: &str,
) -> Result<i64, AppError> {
    let visit = Visit::open(caller, token).await?;
    let party = (visit.grant.side, visit.grant.partner_id);
    visit.need(Need::UpdateOwn {
        side: party.0,
        partner_id: party.1,
    })?;
    let due = visit::check_new_action(name, text, due_on)?;
    let text = parse(Field::ActionText, text).map_err(|m| invalid("text", m))?;
    let due = parse(
        Field::ActionDueOn,
        &due.map(|d| d.to_string()).unwrap_or_default(),
    )
    .map_err(|m| invalid("due_on", m))?;
    let actor_name = visit.actor_name(name);
    let actor = visit.actor(&actor_name);
    let fields = [(Field::ActionText, text), (Field::ActionDueOn, due)];
    let id = crate::plan::service::add_action(
        &caller.db,
        visit.org_id,
        actor,
        visit.plan.id,
        party,
        fields,
    )
    .await?;
    visit
        .done(caller, name, "added an action", Utc::now())
        .await?;
    Ok(id)
}
