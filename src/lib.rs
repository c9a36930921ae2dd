//! Đúng Hẹn: working-day lateness of administrative-procedure dossiers and the rating caps that follow,
//! on the official Vietnamese calendar.
//!
//! The data flows one way: `ingest` (bytes → dossiers) → `rules` (verdicts with explanations) →
//! `report` (folds over verdicts) → `export` (bytes). Nothing in this library reads a clock, a file on disk
//! or a browser API; the evaluation date is always a parameter.

pub mod calendar;
pub mod check;
pub mod export;
pub mod ingest;
pub mod law;
pub mod model;
pub mod profile;
pub mod report;
pub mod rollup;
pub mod rules;

/// The app's version, carried by every output.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
#[cfg(feature = "web")]
pub mod web;
