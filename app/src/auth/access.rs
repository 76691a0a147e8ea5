//! Who may do what to a plan, decided in one place. A caller is a signed-in user of an
//! organisation or a shared link (its plan, party and scope); every server function about
//! a plan asks `permits` with what it needs, on the server, from what the server resolved
//! itself: a user's through `Caller::editor`, a link's through `share::visit::Visit`.
//! (The store's queries keep asking for the plan's organisation too: a second lock.)

use crate::domain::share::{LinkGrant, Scope};
use crate::domain::Side;
use crate::store::users::OrgUser;

/// Who is calling. A link never carries a user session with it, and a user session never
/// widens what a link page shows: a request on a link is answered as the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    User(OrgUser),
    Link(LinkGrant),
}

/// What a request needs on one plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Change anything, see everything, manage links: the organisation's own.
    Edit,
    /// See what the caller's party may see.
    Read,
    Comment,
    /// Change an action or milestone of this party, or add one for it.
    UpdateOwn {
        side: Side,
        partner_id: Option<i64>,
    },
}

/// A plan as access is decided on: its id and its organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanRef {
    pub id: i64,
    pub org_id: i64,
}

pub fn permits(principal: &Principal, plan: PlanRef, need: Need) -> bool {
    match principal {
        Principal::User(user) => user.org_id == plan.org_id,
        Principal::Link(link) => {
            link.plan_id == plan.id
                && match need {
                    Need::Edit => false,
                    Need::Read => link.scope.allows(Scope::View),
                    Need::Comment => link.scope.allows(Scope::Comment),
                    Need::UpdateOwn { side, partner_id } => {
                        link.scope.allows(Scope::UpdateOwnActions)
                            && side == link.side
                            && partner_id == link.partner_id
                    }
                }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: PlanRef = PlanRef { id: 7, org_id: 1 };
    const CONTOSO: Option<i64> = Some(3);
    const LITWARE: Option<i64> = Some(4);

    fn user(org_id: i64) -> Principal {
        Principal::User(OrgUser {
            id: 1,
            org_id,
            email: "a@o.test".into(),
            display_name: "A".into(),
            org_name: "O".into(),
        })
    }

    fn link(plan_id: i64, partner_id: Option<i64>, scope: Scope) -> Principal {
        let side = if partner_id.is_some() {
            Side::Partner
        } else {
            Side::Buyer
        };
        Principal::Link(LinkGrant {
            link_id: 9,
            plan_id,
            side,
            partner_id,
            scope,
            label: "a link".into(),
        })
    }

    /// Every caller against every need, each cell written out: (caller, [edit, read,
    /// comment, update Contoso's, update Litware's, update the buyer's]).
    #[test]
    fn the_access_matrix() {
        let contoso = Need::UpdateOwn {
            side: Side::Partner,
            partner_id: CONTOSO,
        };
        let litware = Need::UpdateOwn {
            side: Side::Partner,
            partner_id: LITWARE,
        };
        let buyer = Need::UpdateOwn {
            side: Side::Buyer,
            partner_id: None,
        };
        let needs = [
            Need::Edit,
            Need::Read,
            Need::Comment,
            contoso,
            litware,
            buyer,
        ];
        let rows: [(&str, Principal, [bool; 6]); 9] = [
            ("the plan's organisation", user(1), [true; 6]),
            ("another organisation", user(2), [false; 6]),
            (
                "a view link",
                link(7, CONTOSO, Scope::View),
                [false, true, false, false, false, false],
            ),
            (
                "a comment link",
                link(7, CONTOSO, Scope::Comment),
                [false, true, true, false, false, false],
            ),
            (
                "an update link",
                link(7, CONTOSO, Scope::UpdateOwnActions),
                [false, true, true, true, false, false],
            ),
            (
                "another partner's update link",
                link(7, LITWARE, Scope::UpdateOwnActions),
                [false, true, true, false, true, false],
            ),
            (
                "the buyer's update link",
                link(7, None, Scope::UpdateOwnActions),
                [false, true, true, false, false, true],
            ),
            (
                "a link to another plan",
                link(8, CONTOSO, Scope::UpdateOwnActions),
                [false; 6],
            ),
            (
                "a view link to another plan",
                link(8, CONTOSO, Scope::View),
                [false; 6],
            ),
        ];
        for (who, principal, expected) in rows {
            let got: Vec<bool> = needs
                .iter()
                .map(|n| permits(&principal, PLAN, *n))
                .collect();
            assert_eq!(got, expected, "{who}");
        }
    }
}
