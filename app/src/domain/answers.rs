//! What the server functions answer with: shared by the pages that show it and the
//! services that build it.

use serde::{Deserialize, Serialize};

use super::health::Finding;
use super::PlanDetail;

/// Who is signed in, as the pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    pub email: String,
    pub org_name: String,
}

/// The one-page plan with its health, checked on the server at the time of the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanWithHealth {
    pub plan: PlanDetail,
    pub findings: Vec<Finding>,
}

/// A new plan, and the address it opens at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Created {
    pub id: i64,
    /// Where the new plan opens (`Triage::plan_href`).
    pub href: String,
}
