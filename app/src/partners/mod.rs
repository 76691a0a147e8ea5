//! Partnerships (DESIGN.md, "Partnerships and the portfolio"): the organisation's list of
//! partnerships, each one's page with its plans and target accounts, and the overlap
//! import that fills them. Editing a partnership's defaults, owners, cadence and target
//! is issue 13's next.

mod import_page;
#[cfg(feature = "ssr")]
mod import_service;
#[cfg(feature = "ssr")]
pub mod overlap_csv;
mod page;
mod server;
#[cfg(feature = "ssr")]
mod service;
mod terms_form;
#[cfg(feature = "ssr")]
mod upload;

pub use import_page::{ImportPage, ImportPreviewPage};
pub use page::{PartnershipPage, PartnershipsPage};
pub use server::*;
#[cfg(feature = "ssr")]
pub use upload::{upload_overlap, UPLOAD_BODY_LIMIT};
