//! The browser app (issue 5): a Yew page over the same library, with the check running in a Web Worker.
//!
//! The modules split along what needs a browser:
//!
//! - plain Rust, built and unit-tested natively (`cargo test --features web --lib web::`): [`protocol`] (the messages
//!   between the page, the worker and the JS API: `Request`, `Reply`; `tag_first` writes and reads them), [`session`]
//!   (what the worker holds between requests and how it answers them), [`view`] (the compact result the worker hands
//!   the page after a check), [`engine`] (what the worker does: read, check, explain, export), [`query`] (the worker
//!   answering the results screen's questions: a period, a tab, its sort, search and page), [`settings`] (localStorage
//!   settings → profile), [`format`] (dd/mm/yyyy, numbers), [`table`] (periods, counts, chart data, the cells of each
//!   tab), [`tour`] (the training tour's steps), [`commend`] (the commendation tab: who to commend in the period, and
//!   why), [`province`] (the Tổng hợp mode's roll-up as the page shows it), [`state`] (the page's one `State`, its `Action`s and the reducer, which returns its `Effect`s) and [`embed`]
//!   (the `<dung-hen>` element's attributes, the JS API's options, the `dunghen-checked` event's detail);
//! - wasm32 only: `app` (the root: where the app is mounted, its store), `components` (the screens and panels,
//!   each a function component with props and callbacks), `bridge` (the reducer's effects: the worker, files,
//!   downloads, storage, the clipboard) and `worker` (the functions `www/worker.js` calls: one request in,
//!   replies out, and the files' bytes).
//!
//! Side effects live in `bridge`; components get props and callbacks and dispatch actions; the reducer says which
//! effects an action calls for, and `app`'s store hands them to the bridge, once.

pub mod commend;
pub mod embed;
pub mod engine;
pub mod format;
pub mod protocol;
pub mod province;
pub mod query;
pub mod session;
pub mod settings;
pub mod state;
pub mod table;
mod tag_first;
pub mod tour;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub use app::{mount_into, start_app};
#[cfg(target_arch = "wasm32")]
mod bridge;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
pub mod worker;

/// Vietnamese by default, English as a switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Picks the sentence for this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// The largest single file the app accepts, and all files together: measured, not guessed (scripts/bench). The
/// reader streams xlsx and CSV rows and the page gets its tables a page at a time from the worker, so a province's
/// year fits: 1,000,000 rows (a 60 MB xlsx or a 222 MB CSV), or 2,000,000 as a 445 MB CSV (an xlsx sheet holds at
/// most 1,048,576 rows); see the README's benchmark table for the memory it takes. xls and ods are read whole by
/// calamine, hence their lower limit (an xls holds at most 65,536 rows anyway).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
pub const MAX_XLSX_BYTES: u64 = 100 * 1024 * 1024;
pub const MAX_WORKBOOK_BYTES: u64 = 16 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: u64 = 600 * 1024 * 1024;

/// The limit for one file, by its name.
pub fn max_bytes_for(name: &str) -> u64 {
    let n = name.to_ascii_lowercase();
    if n.ends_with(".xlsx") || n.ends_with(".xlsm") {
        MAX_XLSX_BYTES
    } else if n.ends_with(".xls") || n.ends_with(".ods") {
        MAX_WORKBOOK_BYTES
    } else {
        MAX_FILE_BYTES
    }
}
