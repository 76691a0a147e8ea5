//! Sign up, sign in, sign out, and who the caller is.

#[cfg(feature = "ssr")]
pub mod access;
mod pages;
#[cfg(feature = "ssr")]
pub mod password;
mod server;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod throttle;

pub use pages::{LoginPage, SignOutButton, SignupPage};
pub use server::*;
