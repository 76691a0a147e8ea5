//! Shared links for partner counterparts and buyers (DESIGN.md, "Shared links"): the
//! AE's side (make, list, revoke). The link holder's page is to come (issue 12).

mod server;
#[cfg(feature = "ssr")]
mod service;

pub use server::*;
