//! Where the time goes in one native check (issue 7): reading the file into dossiers, then judging and laying out
//! the report, each timed separately, with the process's peak memory. A text log is also read in halves, one after
//! the other, as the browser's two workers read it at once (`ingest::halves`): each half and the join, timed.
//! Usage: cargo run --release --example bench_stages -- FILE...

use dunghen::check::{self, CheckOptions, CheckRequest};
use dunghen::ingest::{join_chunk, join_halves, read_dossiers, read_first_half, read_second_half, ReadOptions};
use dunghen::profile::Profile;
use std::time::Instant;

fn peak_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok());
    kb.unwrap_or(0) / 1024
}

/// Reads a text log in halves split at the line start after its middle; prints each step's time.
fn halves(path: &str, bytes: &[u8]) {
    let Some(split) = memchr::memchr(b'\n', &bytes[bytes.len() / 2..]).map(|i| bytes.len() / 2 + i + 1) else { return };
    let opts = ReadOptions::default();
    let t0 = Instant::now();
    let Some(first) = read_first_half(path, &bytes[..split], bytes.len() as u64, &opts, &mut |_| {}) else {
        println!("{path}: not read in halves");
        return;
    };
    let t1 = Instant::now();
    let mut chunks = Vec::new();
    let second = read_second_half(
        path,
        &bytes[..split.min(1 << 20)],
        &bytes[split..],
        &opts,
        &mut |c| chunks.push(c),
        &mut |_| {},
    )
    .expect("a second half");
    let t2 = Instant::now();
    let mut first = first;
    assert!(chunks.iter().all(|c| join_chunk(&mut first, c)), "chunks that join");
    let joined = join_halves(first, &second).expect("halves that join").expect("a table");
    let t3 = Instant::now();
    println!(
        "{path}: in halves, first {:.2} s, second {:.2} s ({:.1} MB sent), join {:.3} s; {} dossiers",
        (t1 - t0).as_secs_f64(),
        (t2 - t1).as_secs_f64(),
        (second.len() + chunks.iter().map(Vec::len).sum::<usize>()) as f64 / 1e6,
        (t3 - t2).as_secs_f64(),
        joined.dossiers.len()
    );
}

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        if path.ends_with(".csv") {
            halves(&path, &bytes);
        }
        let t0 = Instant::now();
        let table = read_dossiers(&path, &bytes, &ReadOptions::default()).expect("a dossier table");
        let read = t0.elapsed();
        let dossiers = table.dossiers.len();
        let req = CheckRequest::new(
            Vec::new(),
            Profile::default_profile(),
            chrono::NaiveDate::from_ymd_opt(2024, 6, 30).expect("a date"),
        );
        let t1 = Instant::now();
        let checked =
            check::run_tables(&req, vec![table], CheckOptions { explain: false }, &mut |_| {}).expect("a report");
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
