//! What a shared link's holder sees of a plan, built on the server from the whole plan
//! and sent alone: their party's actions first, then what else their party may see. A
//! partner never sees another partner of the plan (its name, people, actions); the buyer
//! never sees economics or credit (neither is in this view at all).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::owners::party_label;
use super::share::{LinkGrant, Scope};
use super::visit::{About, Comment, CommentKind, PartyChange, PartyComment};
use super::{PlanDetail, Side, WorkStatus};

/// A comment or update as a link's page shows it: its author named with their party,
/// never a vendor user's name or email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewComment {
    pub id: i64,
    pub kind: CommentKind,
    pub author: String,
    pub at: DateTime<Utc>,
    pub body: String,
    pub answers: Vec<ViewComment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewItem {
    pub about: About,
    pub text: String,
    pub party: String,
    pub owner: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub status: WorkStatus,
    /// Whether this link may change its status and add an update to it.
    pub editable: bool,
    pub comments: Vec<ViewComment>,
}

/// A change to one of the party's own actions or milestones, its maker named as a party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewChange {
    pub at: DateTime<Utc>,
    pub who: String,
    pub what: String,
    pub change: String,
}

/// How many recent changes a link's page lists.
pub const RECENT_MAX: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewOwner {
    pub party: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkView {
    pub title: String,
    pub buyer_account: String,
    pub status: String,
    /// The party the link is for, as the page names it.
    pub party: String,
    pub scope: Scope,
    pub own_actions: Vec<ViewItem>,
    pub other_actions: Vec<ViewItem>,
    pub milestones: Vec<ViewItem>,
    pub owners: Vec<ViewOwner>,
    /// Comments on the plan as a whole.
    pub comments: Vec<ViewComment>,
    /// The latest changes to the party's own actions and milestones, newest first.
    pub recent: Vec<ViewChange>,
    /// The name this browser gave on this link before, to sign the next change with.
    pub visitor: String,
}

/// Whether a link's holder may see a party: everyone, except that a partner sees no
/// other partner unless the AE turned on "partners see each other".
pub fn visible(plan: &PlanDetail, grant: &LinkGrant, side: Side, partner_id: Option<i64>) -> bool {
    match (grant.side, side) {
        (Side::Partner, Side::Partner) => {
            partner_id == grant.partner_id || plan.partners_see_each_other
        }
        _ => true,
    }
}

/// The party that owns a milestone: its owner's, if it has one.
pub fn milestone_party(plan: &PlanDetail, owner_id: Option<i64>) -> Option<(Side, Option<i64>)> {
    plan.person(owner_id).map(|p| (p.side, p.partner_id))
}

/// The comments a link may see, threaded: a comment left through a link of a party it
/// may not see is left out, and so are the answers to it.
fn threads(
    plan: &PlanDetail,
    grant: &LinkGrant,
    comments: &[PartyComment],
    about: About,
) -> Vec<ViewComment> {
    let author = |c: &Comment, party: &Option<(Side, Option<i64>)>| match party {
        Some((side, partner_id)) => format!(
            "{} ({})",
            c.author,
            party_label(*side, plan.partner_name(*partner_id), &plan.buyer_account)
        ),
        None => party_label(Side::Vendor, None, &plan.buyer_account),
    };
    let shown = |party: &Option<(Side, Option<i64>)>| {
        party.is_none_or(|(side, partner_id)| visible(plan, grant, side, partner_id))
    };
    let one = |c: &Comment, party: &Option<(Side, Option<i64>)>| ViewComment {
        id: c.id,
        kind: c.kind,
        author: author(c, party),
        at: c.at,
        body: c.body.clone(),
        answers: Vec::new(),
    };
    comments
        .iter()
        .filter(|c| c.comment.about == about && c.comment.answers.is_none() && shown(&c.party))
        .map(|c| ViewComment {
            answers: comments
                .iter()
                .filter(|a| a.comment.answers == Some(c.comment.id) && shown(&a.party))
                .map(|a| one(&a.comment, &a.party))
                .collect(),
            ..one(&c.comment, &c.party)
        })
        .collect()
}

/// The row a history field names ("action 12: status", "milestone 3") and the rest.
fn row_of(field: &str) -> Option<(About, &str)> {
    let (head, rest) = field.split_once(": ").unwrap_or((field, ""));
    let (noun, id) = head.split_once(' ')?;
    let id = id.parse().ok()?;
    match noun {
        "action" => Some((About::Action(id), rest)),
        "milestone" => Some((About::Milestone(id), rest)),
        _ => None,
    }
}

/// A change as a link's page says it: "Status: Open → Done", "Update: …", "Added".
fn describe(rest: &str, old: Option<&str>, new: Option<&str>) -> Option<String> {
    let status = |v: Option<&str>| {
        v.and_then(|v| v.parse::<WorkStatus>().ok())
            .map_or("?", WorkStatus::label)
    };
    let text = |v: Option<&str>| v.filter(|v| !v.is_empty()).unwrap_or("none").to_string();
    Some(match rest {
        // Comments show under their item already.
        "comment" => return None,
        "" => {
            let what = new.unwrap_or("changed");
            let mut words = what.chars();
            words
                .next()
                .map(|c| c.to_uppercase().chain(words).collect())
                .unwrap_or_default()
        }
        "status" => format!("Status: {} → {}", status(old), status(new)),
        "update" => format!("Update: {}", text(new)),
        "owner" => "Owner changed".into(),
        "due date" | "by" => format!("Due date: {} → {}", text(old), text(new)),
        // An action added is given its text at once: that is no rename.
        "action" if old == Some(super::rows::NEW_ACTION_TEXT) => return None,
        "action" | "milestone" => format!("Renamed from “{}”", text(old)),
        other => format!("{other} changed"),
    })
}

/// What the link's holder sees of `plan`, with its comments (`comments`, as the store
/// lists them with the party of the link each came through) and the latest changes to
/// its party's own actions and milestones (`changes`, newest first).
pub fn link_view(
    plan: &PlanDetail,
    grant: &LinkGrant,
    comments: &[PartyComment],
    changes: &[PartyChange],
    visitor: String,
) -> LinkView {
    let party =
        |side, partner_id| party_label(side, plan.partner_name(partner_id), &plan.buyer_account);
    let mine = |side, partner_id| side == grant.side && partner_id == grant.partner_id;
    let may_update = grant.scope.allows(Scope::UpdateOwnActions);
    // An owner is named only where their party is visible.
    let owner_name = |id: Option<i64>| {
        plan.person(id)
            .filter(|p| visible(plan, grant, p.side, p.partner_id))
            .map(|p| {
                format!("{} {}", p.first_name, p.last_name)
                    .trim()
                    .to_string()
            })
    };
    let (mut own, mut other) = (Vec::new(), Vec::new());
    for a in plan
        .actions
        .iter()
        .filter(|a| visible(plan, grant, a.side, a.partner_id))
    {
        let about = About::Action(a.id);
        let item = ViewItem {
            about,
            text: a.text.clone(),
            party: party(a.side, a.partner_id),
            owner: owner_name(a.owner_id),
            due_on: a.due_on,
            status: a.status,
            editable: may_update && mine(a.side, a.partner_id),
            comments: threads(plan, grant, comments, about),
        };
        if mine(a.side, a.partner_id) {
            own.push(item);
        } else {
            other.push(item);
        }
    }
    let milestones: Vec<ViewItem> = plan
        .milestones
        .iter()
        .map(|m| {
            let about = About::Milestone(m.id);
            let owned = owned_milestone(plan, grant, about);
            ViewItem {
                about,
                text: m.title.clone(),
                party: String::new(),
                owner: owner_name(m.owner_id),
                due_on: m.due_on,
                status: m.status,
                editable: may_update && owned,
                comments: threads(plan, grant, comments, about),
            }
        })
        .collect();
    let owners = plan
        .people
        .iter()
        .filter(|p| visible(plan, grant, p.side, p.partner_id))
        .map(|p| ViewOwner {
            party: party(p.side, p.partner_id),
            name: format!("{} {}", p.first_name, p.last_name)
                .trim()
                .to_string(),
            email: p.email.clone(),
        })
        .collect();
    let own_items: Vec<(About, String)> = own
        .iter()
        .chain(
            milestones
                .iter()
                .filter(|m| owned_milestone(plan, grant, m.about)),
        )
        .map(|i| (i.about, i.text.clone()))
        .collect();
    let recent = changes
        .iter()
        .filter_map(|c| {
            let (about, rest) = row_of(&c.entry.field)?;
            let (_, what) = own_items.iter().find(|(a, _)| *a == about)?;
            let change = describe(
                rest,
                c.entry.old_value.as_deref(),
                c.entry.new_value.as_deref(),
            )?;
            let who = match c.party {
                Some((side, partner_id)) => party(side, partner_id),
                None => party(Side::Vendor, None),
            };
            Some(ViewChange {
                at: c.entry.at,
                who,
                what: what.clone(),
                change,
            })
        })
        .take(RECENT_MAX)
        .collect();
    LinkView {
        title: plan.title.clone(),
        buyer_account: plan.buyer_account.clone(),
        status: plan.status.label().to_string(),
        party: party(grant.side, grant.partner_id),
        scope: grant.scope,
        own_actions: own,
        other_actions: other,
        milestones,
        owners,
        comments: threads(plan, grant, comments, About::Plan),
        recent,
        visitor,
    }
}

/// Whether a milestone is owned by the link's party.
fn owned_milestone(plan: &PlanDetail, grant: &LinkGrant, about: About) -> bool {
    let About::Milestone(id) = about else {
        return false;
    };
    plan.milestones
        .iter()
        .find(|m| m.id == id)
        .and_then(|m| milestone_party(plan, m.owner_id))
        .is_some_and(|(side, partner_id)| side == grant.side && partner_id == grant.partner_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample;

    fn grant(plan: &PlanDetail, side: Side, partner_id: Option<i64>) -> LinkGrant {
        LinkGrant {
            link_id: 1,
            plan_id: plan.id,
            side,
            partner_id,
            scope: Scope::View,
            label: "a link".into(),
        }
    }

    #[test]
    fn a_partner_sees_nothing_of_the_other_partner() {
        let plan = sample::two_partner_plan(chrono::Utc::now());
        let (first, second) = (&plan.partners[0], &plan.partners[1]);
        let view = link_view(
            &plan,
            &grant(&plan, Side::Partner, Some(second.id)),
            &[],
            &[],
            String::new(),
        );
        let sent = leptos::serde_json::to_string(&view).unwrap();
        assert!(!sent.contains(&first.name), "{sent}");
        for p in plan
            .people
            .iter()
            .filter(|p| p.partner_id == Some(first.id))
        {
            assert!(
                !sent.contains(&p.email) && !sent.contains(&p.last_name),
                "{}",
                p.email
            );
        }
        for a in plan
            .actions
            .iter()
            .filter(|a| a.partner_id == Some(first.id))
        {
            assert!(!sent.contains(&a.text), "{}", a.text);
        }
        assert_eq!(view.party, second.name);
        assert!(view.own_actions.iter().all(|a| a.party == second.name));
        assert!(
            !view.own_actions.is_empty()
                || plan.actions.iter().all(|a| a.partner_id != Some(second.id))
        );
    }

    #[test]
    fn the_buyer_sees_every_party_and_no_economics() {
        let plan = sample::two_partner_plan(chrono::Utc::now());
        let view = link_view(
            &plan,
            &grant(&plan, Side::Buyer, None),
            &[],
            &[],
            String::new(),
        );
        let sent = leptos::serde_json::to_string(&view).unwrap();
        for p in &plan.partners {
            assert!(sent.contains(&p.name));
        }
        for line in plan.economics.iter().filter(|l| !l.note.is_empty()) {
            assert!(!sent.contains(&line.note), "{}", line.note);
        }
        assert_eq!(
            view.own_actions.len(),
            plan.actions
                .iter()
                .filter(|a| a.side == Side::Buyer)
                .count()
        );
    }

    #[test]
    fn recent_changes_are_the_partys_own_and_name_parties_only() {
        let plan = sample::two_partner_plan(chrono::Utc::now());
        let (first, second) = (&plan.partners[0], &plan.partners[1]);
        let own = plan
            .actions
            .iter()
            .find(|a| a.partner_id == Some(second.id))
            .unwrap();
        let theirs = plan
            .actions
            .iter()
            .find(|a| a.partner_id == Some(first.id))
            .unwrap();
        let change = |field: String, old: &str, new: &str, party| PartyChange {
            entry: crate::domain::HistoryEntry {
                at: chrono::Utc::now(),
                actor: "Ann Vendor-User".into(),
                part: "actions".into(),
                field,
                old_value: Some(old.into()),
                new_value: Some(new.into()),
            },
            party,
        };
        let changes = [
            change(
                format!("action {}: status", own.id),
                "open",
                "done",
                Some((Side::Partner, Some(second.id))),
            ),
            change(format!("action {}: update", own.id), "", "Booked", None),
            change(format!("action {}: comment", own.id), "", "Hello", None),
            change(
                format!("action {}: status", theirs.id),
                "open",
                "done",
                None,
            ),
        ];
        let view = link_view(
            &plan,
            &grant(&plan, Side::Partner, Some(second.id)),
            &[],
            &changes,
            String::new(),
        );
        let said: Vec<(String, String)> = view
            .recent
            .iter()
            .map(|c| (c.who.clone(), c.change.clone()))
            .collect();
        assert_eq!(
            said,
            [
                (second.name.clone(), "Status: Open → Done".to_string()),
                ("Vendor".to_string(), "Update: Booked".to_string()),
            ]
        );
        let sent = leptos::serde_json::to_string(&view).unwrap();
        assert!(!sent.contains("Ann Vendor-User"));
    }
}
