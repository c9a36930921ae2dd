//! `dunghen`: the command line. It parses arguments into a typed config and calls the library.
//! Exit codes: 0 the check ran (findings are not failures); 1 an input cannot be read; 2 usage error. `rollup`
//! alike: 0 the roll-up ran (its problems are findings); 1 a file cannot be read, or is not a Đúng Hẹn report (the
//! roll-up of the others is still written); 2 usage error.

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use dunghen::check::{self, CheckOptions, CheckRequest, InputFile};
use dunghen::export::{self, Letterhead};
use dunghen::ingest::{Field, ReadOptions, SideSheets};
use dunghen::profile::Profile;
use dunghen::report::period::Period;
use dunghen::report::provenance::Agency;
use dunghen::report::tables;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "dunghen", version, about = "Đúng Hẹn: kiểm tra hồ sơ trễ hạn và giới hạn xếp loại")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Kiểm tra các tệp sổ hồ sơ (xlsx, xls, ods, csv) / check dossier logs
    Check(Box<CheckArgs>),
    /// Tổng hợp báo cáo của nhiều cơ quan (JSON hoặc xlsx của Đúng Hẹn, hoặc bảng tổng hợp) / roll up agencies'
    /// reports
    Rollup(RollupArgs),
}

#[derive(clap::Args)]
struct RollupArgs {
    /// Cơ quan tổng hợp, in trên bảng xlsx / the consolidating agency, printed on the xlsx
    #[arg(long, default_value = "")]
    agency: String,
    /// Địa danh ghi trước ngày ký / place written before the signing date
    #[arg(long, default_value = "")]
    place: String,
    /// Cơ quan phải có báo cáo (nhắc lại cho mỗi cơ quan) / an agency expected to report (repeat)
    #[arg(long = "expect", value_name = "CƠ_QUAN")]
    expect: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: OutFormat,
    /// Tệp kết quả (csv: bảng tổng hợp theo cơ quan) / output file (csv: the province table)
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Các báo cáo (JSON, xlsx) hoặc bảng tổng hợp / reports or roll-ups
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

fn rollup(args: RollupArgs) -> Result<(), (u8, String)> {
    use dunghen::rollup::{self, ProblemKind, RollupInput, RollupSettings};
    if matches!(args.format, OutFormat::Xlsx) && args.output.is_none() {
        return Err((2, "--format xlsx cần -o TỆP / needs -o FILE".into()));
    }
    let inputs: Vec<RollupInput> = args
        .files
        .iter()
        .map(|p| Ok(RollupInput { name: file_name(p), bytes: read(p)? }))
        .collect::<Result<_, String>>()
        .map_err(|e| (1, e))?;
    let r = rollup::roll_up(&inputs, &RollupSettings { commendation: None, expected_agencies: args.expect });
    let out = match args.format {
        OutFormat::Text => rollup::to_text(&r).into_bytes(),
        OutFormat::Json => r.to_json(),
        OutFormat::Csv => rollup::export::to_csv(&r),
        OutFormat::Xlsx => rollup::export::to_xlsx(&r, &Letterhead { agency: args.agency, place: args.place })
            .map_err(|e| (1, format!("Không tạo được tệp xlsx / cannot write xlsx: {e}")))?,
    };
    write_out(args.output.as_deref(), out)?;
    let unreadable: Vec<String> =
        r.problems.iter().filter(|p| p.kind == ProblemKind::Unreadable).map(|p| p.message.to_string()).collect();
    if unreadable.is_empty() {
        Ok(())
    } else {
        Err((1, unreadable.join("\n")))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum OutFormat {
    Text,
    Json,
    Csv,
    Xlsx,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Bộ quy tắc: mã dựng sẵn hoặc tệp .toml; mặc định: bộ dựng sẵn dành cho năm đánh giá. Dựng sẵn:
    /// binh-dinh-2023 (năm 2023, giới hạn xếp loại của QĐ 4510/QĐ-UBND), toan-quoc (2021–2025), toan-quoc-2026
    /// (2026 trở đi, điểm theo NĐ 335/2025) / profile id or file; default: the built-in for the assessment year
    #[arg(long)]
    profile: Option<String>,
    /// Áp dụng bộ quy tắc cho năm đánh giá nó không dành cho, theo văn bản nêu ở đây (in trên mọi báo cáo), vd.
    /// "Kế hoạch CCHC năm 2024 số 12/KH-UBND" / carry the profile forward to another year by this document
    #[arg(long = "carry-forward", value_name = "VĂN_BẢN")]
    carry_forward: Option<String>,
    /// Ngày đánh giá YYYY-MM-DD (mặc định: hôm nay) / evaluation date (default: today)
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Năm đánh giá xếp loại (mặc định: năm của ngày đánh giá) / assessment year
    #[arg(long)]
    year: Option<i32>,
    /// Danh sách bị nhắc nhở năm trước / last year's reminder list
    #[arg(long)]
    reminded: Option<PathBuf>,
    /// Danh sách đề xuất xếp loại / proposed ratings
    #[arg(long)]
    ratings: Option<PathBuf>,
    /// Danh sách đơn vị đổi tên, sáp nhập (cột Tên cũ, Tên mới, Ngày hiệu lực) / renamed or merged units
    #[arg(long)]
    renames: Option<PathBuf>,
    /// Trang tính cần đọc / sheet to read
    #[arg(long)]
    sheet: Option<String>,
    /// Trang tính của danh sách nhắc nhở (mặc định: trang có tiêu đề phù hợp nhất) / the reminder list's sheet
    #[arg(long, requires = "reminded")]
    reminded_sheet: Option<String>,
    /// Trang tính của danh sách đề xuất xếp loại / the proposed ratings' sheet
    #[arg(long, requires = "ratings")]
    ratings_sheet: Option<String>,
    /// Trang tính của danh sách đơn vị đổi tên / the renamed units list's sheet
    #[arg(long, requires = "renames")]
    renames_sheet: Option<String>,
    /// Chỉ định cột: FIELD=HEADER (vd. due="Hạn xử lý") / explicit column mapping
    #[arg(long = "map", value_parser = parse_map)]
    map: Vec<(Field, String)>,
    /// Xác nhận cột ngày ghi theo tháng trước (mm/dd/yyyy); "*" cho mọi cột / confirm month-first dates
    #[arg(long = "month-first")]
    month_first: Vec<String>,
    /// Kỳ báo cáo: 2023-Q2, 2023-H1, 2023 hoặc 2023-01-01..2023-03-31 (mặc định: năm đánh giá) / report period
    #[arg(long)]
    period: Option<String>,
    /// Tên cơ quan, đơn vị in trên báo cáo / agency name printed on the report
    #[arg(long, default_value = "")]
    agency: String,
    /// Địa danh ghi trước ngày ký / place written before the signing date
    #[arg(long, default_value = "")]
    place: String,
    #[arg(long, value_enum, default_value = "text")]
    format: OutFormat,
    /// JSON: kèm giải thích từng hồ sơ (khoảng 4 KB mỗi hồ sơ) / JSON: every dossier's explanation (about 4 KB each)
    #[arg(long)]
    explain: bool,
    /// Tệp kết quả; với csv là thư mục (một tệp mỗi bảng) / output file; for csv a folder (one file per table)
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Các tệp sổ hồ sơ / dossier logs
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' không phải ngày YYYY-MM-DD / not a YYYY-MM-DD date"))
}

fn parse_map(s: &str) -> Result<(Field, String), String> {
    let (f, h) = s.split_once('=').ok_or_else(|| format!("'{s}': cần dạng FIELD=HEADER / expected FIELD=HEADER"))?;
    let field = Field::parse(f.trim()).ok_or_else(|| format!("'{f}' không phải trường đã biết / unknown field"))?;
    Ok((field, h.trim().to_string()))
}

/// Today, from the system clock: only the binary reads a clock, never the library.
fn today() -> NaiveDate {
    let days =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() / 86_400).unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default() + chrono::Duration::days(days as i64)
}

fn read(path: &PathBuf) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("Không đọc được tệp {} / cannot read the file: {e}", path.display()))
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

fn load_profile(spec: &str) -> Result<Profile, String> {
    if spec.ends_with(".toml") || std::path::Path::new(spec).is_file() {
        let text = std::fs::read_to_string(spec).map_err(|e| format!("Không đọc được tệp bộ quy tắc {spec}: {e}"))?;
        Profile::from_toml(&text).map_err(|e| e.to_string())
    } else {
        Profile::built_in(spec).map_err(|e| e.to_string())
    }
}

fn run(args: CheckArgs) -> Result<(), (u8, String)> {
    if matches!(args.format, OutFormat::Xlsx | OutFormat::Csv) && args.output.is_none() {
        return Err((
            2,
            "--format xlsx cần -o TỆP, --format csv cần -o THƯ_MỤC / needs -o FILE (xlsx) or -o FOLDER (csv)".into(),
        ));
    }
    let as_of = args.as_of.unwrap_or_else(today);
    let year = args.year.unwrap_or_else(|| chrono::Datelike::year(&as_of));
    let mut profile = match &args.profile {
        Some(spec) => load_profile(spec),
        None => Profile::for_year(year).map_err(|e| e.to_string()),
    }
    .map_err(|e| (2, e))?;
    if let Some(doc) = args.carry_forward.as_deref().filter(|d| !d.trim().is_empty()) {
        profile = profile.carried_forward(doc);
    }
    let cutoff = profile.periods.cutoff.at(as_of).value;
    let period = match &args.period {
        Some(p) => Period::parse(p, cutoff).map_err(|e| (2, e.to_string()))?,
        None => Period::year(year, cutoff),
    };
    let bytes: Vec<(String, Vec<u8>)> =
        args.files.iter().map(|p| Ok((file_name(p), read(p)?))).collect::<Result<_, String>>().map_err(|e| (1, e))?;
    let reminded =
        args.reminded.as_ref().map(|p| Ok::<_, String>((file_name(p), read(p)?))).transpose().map_err(|e| (1, e))?;
    let ratings =
        args.ratings.as_ref().map(|p| Ok::<_, String>((file_name(p), read(p)?))).transpose().map_err(|e| (1, e))?;
    let renames =
        args.renames.as_ref().map(|p| Ok::<_, String>((file_name(p), read(p)?))).transpose().map_err(|e| (1, e))?;
    let req = CheckRequest {
        dossier_files: bytes.iter().map(|(n, b)| InputFile { name: n, bytes: b }).collect(),
        reminded: reminded.as_ref().map(|(n, b)| InputFile { name: n, bytes: b }),
        ratings: ratings.as_ref().map(|(n, b)| InputFile { name: n, bytes: b }),
        renames: renames.as_ref().map(|(n, b)| InputFile { name: n, bytes: b }),
        read: ReadOptions { sheet: args.sheet, mapping: args.map, month_first_columns: args.month_first },
        side_sheets: SideSheets {
            reminded: args.reminded_sheet,
            ratings: args.ratings_sheet,
            renames: args.renames_sheet,
        },
        profile,
        as_of,
        assessment_year: args.year,
        agency: Agency { name: args.agency.clone(), place: args.place.clone() },
        digests: Vec::new(),
    };
    // Every dossier is explained only when asked (`--explain`, JSON); the csv and xlsx reports explain the late
    // ones only, so the rest are never built (a million of them weigh gigabytes).
    let explain = args.explain && matches!(args.format, OutFormat::Json);
    let mut checked = check::run(&req, CheckOptions { explain }, &mut |_| {}).map_err(|e| {
        // A rule set used for a year it is not for is a usage error; an unreadable input is not.
        let code = if matches!(e, check::CheckError::YearNotCovered { .. }) { 2 } else { 1 };
        (code, format!("{}: {}\n{}: {}", e.subject(), e.text().vi, e.subject(), e.text().en))
    })?;
    // Every format shows why each officer and unit is capped (a few thousand, unlike the dossiers).
    checked.explain_assessments();
    if !matches!(args.format, OutFormat::Text) || args.output.is_some() {
        // The text summary names its rule set in its first lines; the other outputs carry it inside.
        eprintln!("Bộ quy tắc: {}", checked.report.profile.describe_vi(checked.report.assessment_year));
    }
    // The late-dossier list of every report table carries each explanation; the text summary shows none.
    let mut tables = tables::build(&checked.report, &period, &req.profile);
    if matches!(args.format, OutFormat::Text) {
        let text = export::to_text(&checked.report) + &export::commendations_text(&tables.commendations);
        return write_out(args.output.as_deref(), text.into_bytes());
    }
    checked.explain_late(&mut tables);
    let report = checked.report;
    let head = Letterhead { agency: args.agency, place: args.place };
    let out: Vec<u8> = match args.format {
        OutFormat::Text => export::to_text(&report).into_bytes(),
        OutFormat::Json => {
            // Written as it is serialised: the report of a million dossiers is never one text in memory.
            let fail = |e: std::io::Error| (1, format!("Không ghi được báo cáo JSON / cannot write the JSON: {e}"));
            return match args.output.as_deref() {
                Some(p) => {
                    let file = std::fs::File::create(p)
                        .map_err(|e| (1, format!("Không ghi được {} / cannot write: {e}", p.display())))?;
                    export::write_json(file, &report, Some(&tables)).map_err(fail)
                }
                None => export::write_json(std::io::stdout().lock(), &report, Some(&tables)).map_err(fail),
            };
        }
        OutFormat::Csv => {
            let dir = args.output.as_ref().ok_or((2, String::new()))?;
            std::fs::create_dir_all(dir).map_err(|e| {
                (1, format!("Không tạo được thư mục {} / cannot create the folder: {e}", dir.display()))
            })?;
            for (name, bytes) in export::to_csv_files(&report, &tables) {
                std::fs::write(dir.join(&name), bytes)
                    .map_err(|e| (1, format!("Không ghi được {name} / cannot write: {e}")))?;
            }
            return Ok(());
        }
        OutFormat::Xlsx => {
            // Zipped into the file as it is written: a million dossiers' workbook is never held whole.
            let fail = |e: String| (1, format!("Không tạo được tệp xlsx / cannot write xlsx: {e}"));
            let write = |out: &mut (dyn std::io::Write + Send)| {
                let mut out = std::io::BufWriter::new(out);
                export::write_xlsx(&mut out, &report, &tables, &head).map_err(|e| fail(e.to_string()))?;
                std::io::Write::flush(&mut out).map_err(|e| fail(e.to_string()))
            };
            return match args.output.as_deref() {
                Some(p) => write(
                    &mut std::fs::File::create(p)
                        .map_err(|e| (1, format!("Không ghi được {} / cannot write: {e}", p.display())))?,
                ),
                None => write(&mut std::io::stdout()),
            };
        }
    };
    write_out(args.output.as_deref(), out)
}

/// Writes the report to the file named, or to standard output.
fn write_out(output: Option<&std::path::Path>, out: Vec<u8>) -> Result<(), (u8, String)> {
    match output {
        Some(p) => {
            std::fs::write(p, out).map_err(|e| (1, format!("Không ghi được {} / cannot write: {e}", p.display())))
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&out).map_err(|e| (1, e.to_string()))
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => finish(run(*args)),
        Command::Rollup(args) => finish(rollup(args)),
    }
}

fn finish(result: Result<(), (u8, String)>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, msg)) => {
            eprintln!("{msg}");
            ExitCode::from(code)
        }
    }
}
