//! The standing review: its series (expanded on the server), single meetings skipped or
//! moved, and what the plan's health owes to it.

mod meetings;
#[cfg(feature = "ssr")]
mod moment;
mod reviews;
#[cfg(feature = "ssr")]
pub mod series;
mod server;
#[cfg(feature = "ssr")]
mod service;

pub use meetings::NextMeetings;
#[cfg(feature = "ssr")]
pub use moment::{moment, next_review};
pub use reviews::PastReviews;
pub use server::*;
