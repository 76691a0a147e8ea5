//! Shared links (DESIGN.md, "Shared links"): a capability for one party of one plan, with
//! a scope. What both sides share: the scopes in their order, a new link's checks, and a
//! link as the AE's list shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::validate::{FieldError, Invalid};
use super::Side;

/// What a link lets its holder do, each scope including the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Scope {
    View,
    Comment,
    UpdateOwnActions,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::View, Scope::Comment, Scope::UpdateOwnActions];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::View => "view",
            Scope::Comment => "comment",
            Scope::UpdateOwnActions => "update_own_actions",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Scope::View => "View",
            Scope::Comment => "View and comment",
            Scope::UpdateOwnActions => "View and update own actions",
        }
    }

    /// Whether a link of this scope may do what `needed` allows: the one place scopes
    /// are compared.
    pub fn allows(self, needed: Scope) -> bool {
        self >= needed
    }
}

impl std::str::FromStr for Scope {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scope::ALL
            .into_iter()
            .find(|scope| scope.as_str() == s)
            .ok_or_else(|| format!("unknown scope {s:?}"))
    }
}

/// The longest a label may be, and the days a link may last.
pub const LABEL_MAX: usize = 120;
pub const EXPIRY_DAYS_DEFAULT: i64 = 90;
pub const EXPIRY_DAYS_MAX: i64 = 365;

/// A link the AE asks for: for one party of the plan (a partner, or the buyer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLink {
    pub plan_id: i64,
    pub side: Side,
    pub partner_id: Option<i64>,
    /// Who it is for, as the AE's list says it.
    pub label: String,
    pub scope: Scope,
    /// Days until it stops working; `None` for the default.
    pub expires_in_days: Option<i64>,
}

impl NewLink {
    /// The checks that need nothing but the link: every message at once.
    pub fn check(&self) -> Result<(), Invalid> {
        let mut errors = Vec::new();
        let mut error = |field: &str, message: &str| {
            errors.push(FieldError {
                field: field.into(),
                message: message.into(),
            })
        };
        let label = self.label.trim();
        if label.is_empty() {
            error("label", "Say who the link is for.");
        } else if label.chars().count() > LABEL_MAX {
            error("label", "Keep the label to 120 characters.");
        }
        match (self.side, self.partner_id) {
            (Side::Vendor, _) => error("side", "A link is for a partner or the buyer."),
            (Side::Partner, None) => error("side", "Say which partner the link is for."),
            (Side::Buyer, Some(_)) => error("side", "A buyer's link names no partner."),
            _ => {}
        }
        if self
            .expires_in_days
            .is_some_and(|days| !(1..=EXPIRY_DAYS_MAX).contains(&days))
        {
            error("expires", "A link lasts from 1 to 365 days.");
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Invalid(errors))
        }
    }

    pub fn days(&self) -> i64 {
        self.expires_in_days.unwrap_or(EXPIRY_DAYS_DEFAULT)
    }
}

/// A link as the AE's list of a plan's links shows it (never its token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkSummary {
    pub id: i64,
    pub side: Side,
    pub partner_id: Option<i64>,
    pub label: String,
    pub scope: Scope,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub opened: i64,
    pub last_opened: Option<DateTime<Utc>>,
}

/// What a valid link grants, resolved on the server for every request that carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkGrant {
    pub link_id: i64,
    pub plan_id: i64,
    pub side: Side,
    pub partner_id: Option<i64>,
    pub scope: Scope,
    /// Who the AE made it for: changes made through it say so in the history.
    pub label: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> NewLink {
        NewLink {
            plan_id: 1,
            side: Side::Partner,
            partner_id: Some(2),
            label: "Mei at Contoso".into(),
            scope: Scope::UpdateOwnActions,
            expires_in_days: None,
        }
    }

    #[test]
    fn scopes_are_ordered_view_comment_update() {
        assert!(Scope::UpdateOwnActions.allows(Scope::Comment));
        assert!(Scope::Comment.allows(Scope::View));
        assert!(!Scope::View.allows(Scope::Comment));
        assert!(!Scope::Comment.allows(Scope::UpdateOwnActions));
        for scope in Scope::ALL {
            assert_eq!(scope.as_str().parse::<Scope>(), Ok(scope));
        }
        assert!("admin".parse::<Scope>().is_err());
    }

    #[test]
    fn a_new_link_names_its_party_its_holder_and_a_bounded_expiry() {
        assert_eq!(link().check(), Ok(()));
        assert_eq!(link().days(), 90);
        let fields = |l: NewLink| -> Vec<String> {
            l.check()
                .unwrap_err()
                .0
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(
            fields(NewLink {
                label: " ".into(),
                side: Side::Vendor,
                expires_in_days: Some(0),
                ..link()
            }),
            ["label", "side", "expires"]
        );
        assert_eq!(
            fields(NewLink {
                label: "x".repeat(121),
                partner_id: None,
                expires_in_days: Some(366),
                ..link()
            }),
            ["label", "side", "expires"]
        );
        assert_eq!(
            fields(NewLink {
                side: Side::Buyer,
                ..link()
            }),
            ["side"]
        );
    }
}
