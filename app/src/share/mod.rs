//! Shared links for partner counterparts and buyers (DESIGN.md, "Shared links"): the
//! AE's side (make, list, revoke) and the link holder's read-only page.

mod answers;
mod forms;
mod links;
mod page;
mod server;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
mod visit;

pub use answers::LinkComments;
pub use links::{LinkParty, SharedLinks};
pub use page::SharedPlanPage;
pub use server::*;
