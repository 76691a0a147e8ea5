//! The organisation's plans: the list, creating one, and the one-page view.

pub(crate) mod edit;
mod escalation;
mod history;
mod list;
mod partners;
mod parts;
mod portfolio_view;
mod rows;
mod server;
#[cfg(feature = "ssr")]
pub(crate) mod service;
pub(crate) mod shape;
mod suggestion;
mod view;

pub use list::PlansPage;
pub use server::*;
pub use view::PlanPage;
pub(crate) use view::{plan_of_route, PlanNotFound};
