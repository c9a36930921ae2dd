//! The browser app (issue 5): a Yew page over the same library, with the check running in a Web Worker.
//!
//! The modules split along what needs a browser:
//!
//! - plain Rust, built and unit-tested natively (`cargo test --features web --lib web::`):
//!   [`view`] (the compact report the worker hands the page), [`engine`] (what the worker does: read, check,
//!   explain, export), [`settings`] (localStorage settings → profile), [`format`] (dd/mm/yyyy, numbers),
//!   [`table`] (sorting, searching, paging, periods, chart data), [`state`] (the page's one `State`,
//!   its `Action`s and the reducer) and [`embed`] (the `<dung-hen>` element's attributes, the JS API's options,
//!   the `dunghen-checked` event's detail);
//! - wasm32 only: `app` (components), `bridge` (the worker, downloads, storage, the clipboard) and `worker`
//!   (the functions `www/worker.js` calls).
//!
//! Side effects live in `bridge`; components get props and callbacks and dispatch actions.

pub mod embed;
pub mod engine;
pub mod format;
pub mod settings;
pub mod state;
pub mod table;
pub mod tour;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub use app::{mount_into, start_app};
#[cfg(target_arch = "wasm32")]
mod bridge;
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

/// The largest single file the app accepts, and all files together. The check keeps the whole report in the
/// worker's wasm memory (32-bit: at most 4 GB, and Chromium may refuse well before that): calamine's
/// full-range reader needs about 1.2 KB per 12-column row, and the report about 1.5 KB per dossier with its
/// explanation, so a 60 MB xlsx (≈ 700 000 rows) is near the practical ceiling. See the README.
pub const MAX_FILE_BYTES: u64 = 60 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: u64 = 120 * 1024 * 1024;
