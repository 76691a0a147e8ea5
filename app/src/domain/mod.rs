//! Pure types, limits and validation: compiled by the browser and the server alike,
//! so the browser can hint instantly and the server can decide.

pub mod answers;
pub mod cadence;
pub mod calendar;
pub mod edit;
pub mod health;
pub mod import;
pub mod limits;
pub mod link_view;
pub mod overlap;
pub mod owners;
pub mod partnership;
pub mod plan;
pub mod portfolio;
pub mod review;
pub mod roles;
pub mod rows;
#[cfg(any(test, feature = "ssr"))]
pub mod sample;
pub mod share;
pub mod terms;
pub mod triage;
pub mod validate;
pub mod visit;

pub use plan::*;
pub use validate::{FieldError, Invalid};
