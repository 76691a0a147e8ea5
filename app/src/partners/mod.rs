//! Partnerships (DESIGN.md, "Partnerships and the portfolio"): the organisation's list of
//! partnerships and each one's page with its plans. Editing a partnership's defaults,
//! owners, cadence and target, the overlap import and the portfolio are issue 13's next.

#[cfg(feature = "ssr")]
pub mod overlap_csv;
mod page;
mod server;
#[cfg(feature = "ssr")]
mod service;

pub use page::{PartnershipPage, PartnershipsPage};
pub use server::*;
