//! Shared links for partner counterparts and buyers (DESIGN.md, "Shared links"): the
//! AE's side (make, list, revoke) and the link holder's read-only page.

mod links;
mod page;
mod server;
#[cfg(feature = "ssr")]
mod service;

pub use links::{LinkParty, SharedLinks};
pub use page::SharedPlanPage;
pub use server::*;
