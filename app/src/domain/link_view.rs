//! What a shared link's holder sees of a plan, built on the server from the whole plan
//! and sent alone: their party's actions first, then what else their party may see. A
//! partner never sees another partner of the plan (its name, people, actions); the buyer
//! never sees economics or credit (neither is in this view at all).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::owners::party_label;
use super::share::{LinkGrant, Scope};
use super::{PlanDetail, Side};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewItem {
    pub text: String,
    pub party: String,
    pub owner: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub status: String,
}

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
}

/// The parties a link's holder may see: everyone but the other partners, for a partner.
fn visible(grant: &LinkGrant, side: Side, partner_id: Option<i64>) -> bool {
    match (grant.side, side) {
        (Side::Partner, Side::Partner) => partner_id == grant.partner_id,
        _ => true,
    }
}

pub fn link_view(plan: &PlanDetail, grant: &LinkGrant) -> LinkView {
    let party =
        |side, partner_id| party_label(side, plan.partner_name(partner_id), &plan.buyer_account);
    // An owner is named only where their party is visible.
    let owner_name = |id: Option<i64>| {
        plan.person(id)
            .filter(|p| visible(grant, p.side, p.partner_id))
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
        .filter(|a| visible(grant, a.side, a.partner_id))
    {
        let item = ViewItem {
            text: a.text.clone(),
            party: party(a.side, a.partner_id),
            owner: owner_name(a.owner_id),
            due_on: a.due_on,
            status: a.status.label().to_string(),
        };
        if a.side == grant.side && a.partner_id == grant.partner_id {
            own.push(item);
        } else {
            other.push(item);
        }
    }
    let milestones = plan
        .milestones
        .iter()
        .map(|m| ViewItem {
            text: m.title.clone(),
            party: String::new(),
            owner: owner_name(m.owner_id),
            due_on: m.due_on,
            status: m.status.label().to_string(),
        })
        .collect();
    let owners = plan
        .people
        .iter()
        .filter(|p| visible(grant, p.side, p.partner_id))
        .map(|p| ViewOwner {
            party: party(p.side, p.partner_id),
            name: format!("{} {}", p.first_name, p.last_name)
                .trim()
                .to_string(),
            email: p.email.clone(),
        })
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
    }
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
        }
    }

    #[test]
    fn a_partner_sees_nothing_of_the_other_partner() {
        let plan = sample::two_partner_plan(chrono::Utc::now());
        let (first, second) = (&plan.partners[0], &plan.partners[1]);
        let view = link_view(&plan, &grant(&plan, Side::Partner, Some(second.id)));
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
        let view = link_view(&plan, &grant(&plan, Side::Buyer, None));
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
}
