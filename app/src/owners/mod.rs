//! The three-party owners grid (DESIGN.md, "Owners grid") and the organisation's people
//! directory behind it: in the plan's Owners part and full width at `/plans/:id/owners`.

mod cell;
#[cfg(feature = "ssr")]
mod csv;
mod grid;
mod page;
mod picker;
mod server;
#[cfg(feature = "ssr")]
mod service;
mod tools;

pub use grid::OwnersGrid;
pub use page::OwnersPage;
pub use server::*;
