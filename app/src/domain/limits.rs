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

pub const PARTNERS_MAX: usize = 4;
/// A deal plan with more shared accounts than this no longer fits on one page.
pub const PLAN_ACCOUNTS_MAX: usize = 5;
pub const STALL_DAYS_DEFAULT: i64 = 14;
