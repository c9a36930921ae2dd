//! The roll-up benchmark (issue 21): N agencies' reports of a province, made as agencies make them (a dossier log
//! each, checked by the real check and written as the CLI's JSON, the period's figures sealed), then rolled up.
//!
//! The agencies are of varied sizes, as a province's are: most communes with a few hundred dossiers a year, some
//! districts with a few thousand, a few departments with ten thousand or more; units, officers, fields of work,
//! channels, 5–30% late and some pending. Deterministic (a fixed seed).
//!
//! Usage: cargo run --release --example bench_rollup -- [N (500)] [OUT_DIR]
//! Prints the reports' total size and dossiers and the roll-up's time; with OUT_DIR, writes the reports there
//! (`bao-cao-001.json`…) for the page's roll-up (the browser figure).

use chrono::{Datelike, Duration, NaiveDate};
use dunghen::check::{self, CheckRequest, InputFile};
use dunghen::profile::{PeriodCutoff, Profile};
use dunghen::report::period::Period;
use dunghen::report::provenance::Agency;
use dunghen::report::tables;
use dunghen::rollup::{roll_up, RollupInput, RollupSettings};
use std::fmt::Write;
use std::time::Instant;

const UNITS: [&str; 8] = [
    "Bộ phận một cửa",
    "Phòng Tư pháp",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Văn hóa - Xã hội",
    "Phòng Nội vụ",
    "Văn phòng Đăng ký đất đai",
    "Phòng Tài chính - Kế hoạch",
];
const FIELDS: [(&str, &str, u32); 6] = [
    ("Chứng thực", "Chứng thực bản sao từ bản chính", 2),
    ("Hộ tịch", "Đăng ký khai sinh", 3),
    ("Đất đai", "Đăng ký biến động quyền sử dụng đất", 10),
    ("Môi trường", "Cấp giấy phép môi trường", 15),
    ("Xây dựng", "Cấp giấy phép xây dựng", 15),
    ("Lao động", "Giải quyết chế độ trợ cấp", 7),
];
const NAMES: [&str; 12] =
    ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Khánh", "Lan", "Minh", "Oanh", "Phúc", "Tuấn"];
const FAMILY: [&str; 6] = ["Nguyễn Văn", "Trần Thị", "Lê Minh", "Phạm Thu", "Võ Hoàng", "Đặng Ngọc"];

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Dossiers a year for agency `i`: communes, districts, departments.
fn size(i: usize, rng: &mut Rng) -> usize {
    match i % 50 {
        0 => 8_000 + rng.below(8_000) as usize,
        1..=9 => 1_500 + rng.below(2_500) as usize,
        _ => 80 + rng.below(600) as usize,
    }
}

fn d(x: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", x.day(), x.month(), x.year())
}

/// A dossier log of `n` rows for 2023 as a CSV with the common headers.
fn log(i: usize, n: usize, rng: &mut Rng) -> Vec<u8> {
    let mut s = String::from(
        "Mã hồ sơ,Tên thủ tục,Lĩnh vực,Cơ quan thụ lý,Cán bộ xử lý,Hình thức nộp,Thời hạn giải quyết (ngày),\
         Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành\n",
    );
    let late_share = 5 + rng.below(26);
    let units = 1 + rng.below(UNITS.len() as u64) as usize;
    let start = NaiveDate::from_ymd_opt(2023, 1, 2).unwrap_or_default();
    for k in 0..n {
        let (field, procedure, days) = FIELDS[rng.below(FIELDS.len() as u64) as usize];
        let unit = UNITS[rng.below(units as u64) as usize];
        let officer = format!(
            "{} {}",
            FAMILY[rng.below(FAMILY.len() as u64) as usize],
            NAMES[rng.below(NAMES.len() as u64) as usize]
        );
        let received = start + Duration::days(rng.below(350) as i64);
        let due = received + Duration::days(i64::from(days) * 7 / 5 + 1);
        let finished = match rng.below(100) {
            x if x < late_share => d(due + Duration::days(1 + rng.below(10) as i64)),
            x if x < 97 => d(due - Duration::days(rng.below(u64::from(days).min(3)) as i64)),
            _ => String::new(),
        };
        let channel = if rng.below(3) == 0 { "Trực tuyến" } else { "Trực tiếp" };
        let _ = writeln!(
            s,
            "H{i:03}.{k:06},{procedure},{field},{unit},{officer},{channel},{days},{},{},{finished}",
            d(received),
            d(due)
        );
    }
    s.into_bytes()
}

/// Agency `i`'s report as the CLI's JSON for the year 2023.
fn report(i: usize, rng: &mut Rng) -> (usize, Vec<u8>) {
    let n = size(i, rng);
    let bytes = log(i, n, rng);
    let name = format!("so-ho-so-{i:03}.csv");
    let req = CheckRequest {
        assessment_year: Some(2023),
        agency: Agency { name: format!("Cơ quan số {i:03}"), place: String::new() },
        ..CheckRequest::new(
            vec![InputFile { name: &name, bytes: &bytes }],
            Profile::default_profile(),
            NaiveDate::from_ymd_opt(2024, 1, 15).unwrap_or_default(),
        )
    };
    let r = match check::report(&req) {
        Ok(r) => r,
        Err(e) => panic!("agency {i}: {e}"),
    };
    let t = tables::build(&r, &Period::year(2023, PeriodCutoff::Calendar), &req.profile);
    (n, dunghen::export::to_json(&r, Some(&t)))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(500);
    let out = args.next();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let t0 = Instant::now();
    let mut inputs = Vec::with_capacity(n);
    let mut dossiers = 0;
    for i in 0..n {
        let (rows, bytes) = report(i, &mut rng);
        dossiers += rows;
        inputs.push(RollupInput { name: format!("bao-cao-{:03}.json", i + 1), bytes });
    }
    let made = t0.elapsed();
    if let Some(dir) = &out {
        let _ = std::fs::create_dir_all(dir);
        for x in &inputs {
            if let Err(e) = std::fs::write(format!("{dir}/{}", x.name), &x.bytes) {
                eprintln!("{dir}/{}: {e}", x.name);
            }
        }
    }
    let mb = inputs.iter().map(|x| x.bytes.len()).sum::<usize>() as f64 / 1_048_576.0;
    let t1 = Instant::now();
    let r = roll_up(&inputs, &RollupSettings::default());
    let rolled = t1.elapsed();
    let t2 = Instant::now();
    let json = r.to_json();
    let written = t2.elapsed();
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    for p in &r.problems {
        *kinds.entry(format!("{:?}", p.kind)).or_default() += 1;
    }
    if !kinds.is_empty() {
        eprintln!("problems: {kinds:?}; first: {}", r.problems[0].message.vi);
    }
    println!(
        "rollup: {n} agency reports ({mb:.1} MB JSON, {dossiers} dossiers; made in {:.1} s) rolled up natively in \
         {:.3} s ({} summed, {} problems); its JSON ({:.1} MB) written in {:.3} s",
        made.as_secs_f64(),
        rolled.as_secs_f64(),
        r.included().count(),
        r.problems.len(),
        json.len() as f64 / 1_048_576.0,
        written.as_secs_f64()
    );
}
