//! Adding, removing and reordering the rows of a plan's lists.

use serde::{Deserialize, Serialize};

use super::limits::*;
use super::plan::*;

/// The text a new action is added with (store::rows writes it), before its real text is
/// saved over it.
pub const NEW_ACTION_TEXT: &str = "New action";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum List {
    Partners,
    Accounts,
    People,
    Milestones,
    Actions,
    Economics,
    EscalationSteps,
}

impl List {
    pub const ALL: &'static [List] = &[
        List::Partners,
        List::Accounts,
        List::People,
        List::Milestones,
        List::Actions,
        List::Economics,
        List::EscalationSteps,
    ];

    pub fn max(self) -> usize {
        match self {
            List::Partners => PARTNERS_MAX,
            List::Accounts => ACCOUNTS_MAX,
            List::People => PEOPLE_MAX,
            List::Milestones => MILESTONES_MAX,
            List::Actions => ACTIONS_MAX,
            List::Economics => ECONOMICS_MAX,
            List::EscalationSteps => ESCALATION_STEPS_MAX,
        }
    }

    /// What one row is called, in buttons and in the history.
    pub fn noun(self) -> &'static str {
        match self {
            List::Partners => "partner",
            List::Accounts => "account",
            List::People => "owner",
            List::Milestones => "milestone",
            List::Actions => "action",
            List::Economics => "economics line",
            List::EscalationSteps => "escalation step",
        }
    }

    pub fn part(self) -> &'static str {
        match self {
            List::Partners => "plan",
            List::Accounts => "accounts",
            List::People => "owners",
            List::Milestones => "milestones",
            List::Actions => "actions",
            List::Economics => "economics",
            List::EscalationSteps => "escalation",
        }
    }

    /// Whether rows are for a party: a side, and the partner where the side is a partner.
    pub fn has_side(self) -> bool {
        self.by_side() || self == List::Economics
    }

    /// Whether rows belong to a side (and partner), and move within it: that is the list
    /// a person sees.
    pub fn by_side(self) -> bool {
        matches!(self, List::People | List::Actions | List::EscalationSteps)
    }
}

/// Where a new row goes: owners and actions belong to a side (and a partner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRow {
    pub plan_id: i64,
    pub list: List,
    pub side: Option<Side>,
    pub partner_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Move {
    Up,
    Down,
}

/// A row as it was added, for the browser to show without reloading the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AddedRow {
    /// A partner comes with the escalation path of its new side.
    Partner(Partner, Option<EscalationPath>),
    Account(SharedAccount),
    Person(Person),
    Milestone(Milestone),
    Action(JointAction),
    Economics(EconomicsLine),
    EscalationStep(EscalationStep),
}

/// A row of one of the plan's lists.
pub trait Row: Clone + Send + Sync + 'static {
    fn id(&self) -> i64;
    /// The sub-list the row moves within: its side and partner, where it has them.
    fn group(&self) -> (Option<Side>, Option<i64>) {
        (None, None)
    }
}

impl Row for Partner {
    fn id(&self) -> i64 {
        self.id
    }
}
impl Row for EscalationStep {
    fn id(&self) -> i64 {
        self.id
    }
    fn group(&self) -> (Option<Side>, Option<i64>) {
        (Some(self.side), self.partner_id)
    }
}
impl Row for SharedAccount {
    fn id(&self) -> i64 {
        self.id
    }
}
impl Row for Milestone {
    fn id(&self) -> i64 {
        self.id
    }
}
impl Row for EconomicsLine {
    fn id(&self) -> i64 {
        self.id
    }
}
impl Row for Person {
    fn id(&self) -> i64 {
        self.id
    }
    fn group(&self) -> (Option<Side>, Option<i64>) {
        (Some(self.side), self.partner_id)
    }
}
impl Row for JointAction {
    fn id(&self) -> i64 {
        self.id
    }
    fn group(&self) -> (Option<Side>, Option<i64>) {
        (Some(self.side), self.partner_id)
    }
}

/// The new order after moving `id` one place; `None` when it cannot move that way.
pub fn moved(order: &[i64], id: i64, direction: Move) -> Option<Vec<i64>> {
    let at = order.iter().position(|x| *x == id)?;
    let to = match direction {
        Move::Up => at.checked_sub(1)?,
        Move::Down => Some(at + 1).filter(|to| *to < order.len())?,
    };
    let mut order = order.to_vec();
    order.swap(at, to);
    Some(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_swaps_with_the_neighbour_and_stops_at_the_ends() {
        assert_eq!(moved(&[1, 2, 3], 2, Move::Up), Some(vec![2, 1, 3]));
        assert_eq!(moved(&[1, 2, 3], 2, Move::Down), Some(vec![1, 3, 2]));
        assert_eq!(moved(&[1, 2, 3], 1, Move::Up), None);
        assert_eq!(moved(&[1, 2, 3], 3, Move::Down), None);
        assert_eq!(moved(&[1, 2, 3], 9, Move::Down), None);
    }
}
