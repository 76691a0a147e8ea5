//! The organisation's plans: the list, creating one, and the one-page view.

mod edit;
mod history;
mod list;
pub(crate) mod parts;
mod server;
#[cfg(feature = "ssr")]
mod service;
mod view;

pub use list::PlansPage;
pub use server::*;
pub use view::PlanPage;
