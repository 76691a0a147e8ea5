//! The organisation's plans: the list, creating one, and the one-page view.

mod list;
mod server;
mod view;

pub use list::PlansPage;
pub use server::*;
pub use view::PlanPage;
