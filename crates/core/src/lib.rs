//! Baton's domain: records, validation, rules, the storage contract and an in-memory store.
//!
//! Plain Rust with no web dependency, so the compiler keeps it pure and `cargo test` runs it
//! natively. The app binds these functions to the page; the IndexedDB adapter implements
//! [`store::Store`].

pub mod analysis;
pub mod credits;
pub mod csv;
pub mod diff;
pub mod exchange;
pub mod handoff;
pub mod ids;
pub mod insights;
pub mod knowledge;
pub mod legacy;
pub mod lint;
pub mod locale;
pub mod markdown;
pub mod memory;
pub mod prompts;
pub mod records;
pub mod report;
pub mod rules;
pub mod sample;
pub mod schema;
pub mod search;
pub mod service;
pub mod store;
pub mod text;
pub mod time;
pub mod tokens;
pub mod transcript;
pub mod validate;

pub use ids::Id;
pub use records::*;
pub use time::{Clock, Timestamp};
