//! Shared by the test files that check one file as the app would.

use chrono::NaiveDate;
use dunghen::check::{self, CheckRequest, InputFile};
use dunghen::ingest::ReadError;
use dunghen::profile::Profile;
use dunghen::report::Report;

/// One dossier file checked with the defaults, as of 31/12/2023.
pub fn check_one(name: &str, bytes: &[u8]) -> Result<Report, ReadError> {
    let req = CheckRequest::new(
        vec![InputFile { name, bytes }],
        Profile::default_profile(),
        NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
    );
    // The default rule set covers the as-of year: the only error left is a file that cannot be read.
    check::report(&req).map_err(|e| match e {
        check::CheckError::Read(e) => e,
        other => panic!("{other}"),
    })
}
