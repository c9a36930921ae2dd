//! Where the time goes in one native check (issue 7): reading the file into dossiers, then judging and laying out
//! the report, each timed separately, with the process's peak memory.
//! Usage: cargo run --release --example bench_stages -- FILE...

use dunghen::ingest::{read_dossiers, ReadOptions};
use dunghen::profile::Profile;
use dunghen::report::{check_tables, CheckOptions, CheckRequest};
use std::time::Instant;

fn peak_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok());
    kb.unwrap_or(0) / 1024
}

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        let t0 = Instant::now();
        let table = read_dossiers(&path, &bytes, &ReadOptions::default()).expect("a dossier table");
        let read = t0.elapsed();
        let dossiers = table.dossiers.len();
        let req = CheckRequest {
            dossier_files: Vec::new(),
            reminded: None,
            ratings: None,
            read: ReadOptions::default(),
            profile: Profile::default_profile(),
            as_of: chrono::NaiveDate::from_ymd_opt(2024, 6, 30).expect("a date"),
            assessment_year: None,
        };
        let t1 = Instant::now();
        let checked = check_tables(&req, vec![table], CheckOptions { explain: false }, &mut |_| {}).expect("a report");
        let judged = t1.elapsed();
        println!(
            "{path}: {dossiers} dossiers; read {:.2} s, check {:.2} s; {} late; peak {} MB",
            read.as_secs_f64(),
            judged.as_secs_f64(),
            checked.report.summary.late,
            peak_mb()
        );
    }
}
