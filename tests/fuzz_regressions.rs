//! Inputs the fuzzers found (scripts/fuzz), kept under tests/fuzz_regressions/ and named after what they exposed.
//! Each must now be answered without a panic and with every row accounted for.

use chrono::NaiveDate;
use dunghen::ingest::ReadOptions;
use dunghen::profile::Profile;
use dunghen::report::{check, CheckRequest, InputFile};

fn replay(name: &str) -> Result<dunghen::report::Report, dunghen::ingest::ReadError> {
    let bytes = std::fs::read(format!("{}/tests/fuzz_regressions/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let r = check(&CheckRequest {
        dossier_files: vec![InputFile { name, bytes: &bytes }],
        reminded: None,
        ratings: None,
        read: ReadOptions::default(),
        profile: Profile::default_profile(),
        as_of: NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
        assessment_year: None,
    });
    if let Ok(r) = &r {
        for i in &r.inputs {
            assert_eq!(i.rows, i.dossiers + i.rejected + i.blank + i.non_data);
        }
    }
    r
}

/// calamine 0.38's compound-file reader indexes past the end of a short sector chain (cfb.rs:320) and panics;
/// the reader catches it around calamine and says the .xls is damaged.
#[test]
fn xls_cfb_sector_past_end_panics_in_calamine() {
    let e = replay("xls_cfb_sector_past_end_panics_in_calamine.xls").unwrap_err();
    assert!(e.en.contains("damaged or unreadable"), "{}", e.en);
    assert!(e.vi.contains("bị hỏng"), "{}", e.vi);
}

#[test]
fn every_kept_input_replays_without_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz_regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".md") {
            continue;
        }
        let _ = replay(&name);
        n += 1;
    }
    assert!(n >= 1);
}
