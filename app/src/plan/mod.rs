//! The organisation's plans: the list, creating one, and the one-page view.

mod edit;
mod escalation;
mod history;
mod list;
mod partners;
mod parts;
mod rows;
mod server;
#[cfg(feature = "ssr")]
mod service;
mod shape;
mod view;

pub use list::PlansPage;
pub use server::*;
pub use view::PlanPage;
