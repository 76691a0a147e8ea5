//! Every length and count the app accepts, in one place.

pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;
pub const ORG_NAME_MAX: usize = 120;
pub const PERSON_NAME_MAX: usize = 80;
pub const TITLE_MAX: usize = 120;
pub const PARTY_NAME_MAX: usize = 120;
pub const SHORT_TEXT_MAX: usize = 200;
pub const LONG_TEXT_MAX: usize = 2000;
/// A meeting link: long enough for the longest video-call links seen.
pub const LINK_MAX: usize = 1000;

pub const PARTNERS_MAX: usize = 4;
/// A deal plan with more shared accounts than this no longer fits on one page.
pub const PLAN_ACCOUNTS_MAX: usize = 5;
pub const STALL_DAYS_DEFAULT: i64 = 14;

/// Rows a list may hold at most: enough for any real plan, small enough for one page's
/// worth of editing. (Health flags a deal plan with more than five accounts well before.)
pub const ACCOUNTS_MAX: usize = 20;
pub const PEOPLE_MAX: usize = 40;
pub const MILESTONES_MAX: usize = 30;
pub const ACTIONS_MAX: usize = 60;
pub const ECONOMICS_MAX: usize = 20;
/// People in the escalation chains of all sides together.
pub const ESCALATION_STEPS_MAX: usize = 24;
