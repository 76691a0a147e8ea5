//! The standing review: its series (expanded on the server), single meetings skipped or
//! moved, and what the plan's health owes to it.

#[cfg(feature = "ssr")]
mod calendar;
mod checklist;
#[cfg(feature = "ssr")]
mod feed;
#[cfg(feature = "ssr")]
pub mod feed_routes;
mod grid;
mod meetings;
#[cfg(feature = "ssr")]
mod moment;
mod page;
mod review_page;
#[cfg(feature = "ssr")]
mod review_service;
mod reviews;
#[cfg(feature = "ssr")]
pub mod series;
mod server;
#[cfg(feature = "ssr")]
mod service;
mod subscribe;

pub use checklist::SeriesInvitees;
pub use meetings::NextMeetings;
#[cfg(feature = "ssr")]
pub use moment::{moment, next_change, next_review};
pub use page::CalendarPage;
pub use review_page::ReviewPage;
pub use reviews::PastReviews;
pub use server::*;
#[cfg(feature = "ssr")]
pub use service::keep_held_meetings;
