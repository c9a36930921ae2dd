//! The province's roll-up (issue 21), with known answers: the 2023 log split by unit into three agencies' logs,
//! each checked alone, rolled up, and compared with the check of the three logs together.

use chrono::NaiveDate;
use dunghen::check::{self, CheckRequest, InputFile};
use dunghen::export;
use dunghen::profile::{PeriodCutoff, Profile};
use dunghen::report::period::Period;
use dunghen::report::provenance::Agency;
use dunghen::report::tables::{self, ResultsRow};
use dunghen::rollup::{roll_up, ProblemKind, Rollup, RollupInput, RollupSettings, Seal};
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

const UNITS: [&str; 3] = ["Phòng Tư pháp", "Phòng Tài nguyên và Môi trường", "Chi nhánh Văn phòng Đăng ký đất đai"];
/// The agency each unit's log stands for.
const AGENCIES: [&str; 3] = ["UBND xã Phước Lộc", "UBND xã Phước Thuận", "UBND xã Phước Hòa"];

/// The 2023 log's rows of one unit, under the log's own title and header lines (one log per agency).
fn split(unit: &str) -> Vec<u8> {
    let text = String::from_utf8(fixture("dossiers_2023_utf8.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<&str> = lines[..8].to_vec();
    out.extend(lines[8..].iter().filter(|l| l.split(',').nth(4) == Some(unit)));
    (out.join("\n") + "\n").into_bytes()
}

/// The check of `logs` for the year 2023 as `agency`, as the CLI writes its JSON (the period's tables sealed).
fn report(
    agency: &str,
    unit: Option<&str>,
    logs: &[(String, Vec<u8>)],
    period: Period,
) -> (Vec<u8>, dunghen::report::Report, tables::Tables) {
    // Each agency its own side lists: the province's lines of its unit (all of them for the check of all logs).
    let own = |file: &str, sep: char| -> Vec<u8> {
        let text = String::from_utf8(fixture(file)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut out = vec![lines[0]];
        out.extend(lines[1..].iter().filter(|l| unit.is_none() || l.split(sep).nth(1) == unit));
        (out.join("\n") + "\n").into_bytes()
    };
    let reminded = own("reminders_2022.csv", ';');
    let ratings = own("proposals_2023.csv", ',');
    let req = CheckRequest {
        reminded: Some(InputFile { name: "reminders_2022.csv", bytes: &reminded }),
        ratings: Some(InputFile { name: "proposals_2023.csv", bytes: &ratings }),
        agency: Agency { name: agency.into(), place: String::new() },
        ..CheckRequest::new(
            logs.iter().map(|(n, b)| InputFile { name: n, bytes: b }).collect(),
            Profile::default_profile(),
            NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
        )
    };
    let r = check::report(&req).unwrap();
    let t = tables::build(&r, &period, &req.profile);
    (export::to_json(&r, Some(&t)), r, t)
}

fn year() -> Period {
    Period::year(2023, PeriodCutoff::Calendar)
}

fn logs() -> Vec<(String, Vec<u8>)> {
    UNITS.iter().enumerate().map(|(i, u)| (format!("so-ho-so-{}.csv", i + 1), split(u))).collect()
}

fn agency_reports() -> Vec<RollupInput> {
    logs()
        .into_iter()
        .enumerate()
        .map(|(i, log)| RollupInput {
            name: format!("bao-cao-{}.json", i + 1),
            bytes: report(AGENCIES[i], Some(UNITS[i]), &[log], year()).0,
        })
        .collect()
}

fn counts(r: &ResultsRow) -> [u32; 12] {
    [
        r.received_total,
        r.received_online,
        r.received_direct,
        r.received_unknown_channel,
        r.carried_over,
        r.resolved_total,
        r.early,
        r.on_time,
        r.late,
        r.pending_total,
        r.pending_within,
        r.pending_overdue,
    ]
}

#[test]
fn three_agencies_roll_up_to_the_check_of_their_three_logs() {
    let inputs = agency_reports();
    let r = roll_up(&inputs, &RollupSettings::default());
    assert_eq!(r.problems, vec![], "{:#?}", r.problems);
    assert_eq!(r.agencies.len(), 3);
    assert!(r.agencies.iter().all(|a| a.included && a.seal == Seal::Intact));
    let (_, together, t) = report("UBND huyện Tuy Phước", None, &logs(), year());
    assert_eq!(r.summary, together.summary);
    assert_eq!(r.summary.dossiers, 25);
    assert_eq!(counts(&r.total.results), counts(&t.results_by_unit.total));
    assert_eq!(r.total.results.on_time_rate, t.results_by_unit.total.on_time_rate);
    assert_eq!(r.total.results.progress_score, t.results_by_unit.total.progress_score);
    // Per field of work: the check's table, line by line.
    let fields: Vec<(String, [u32; 12])> = r.by_field.iter().map(|f| (f.name.clone(), counts(f))).collect();
    let mut expected: Vec<(String, [u32; 12])> =
        t.results_by_field.rows.iter().map(|f| (f.name.clone(), counts(f))).collect();
    expected.push(("Tổng cộng".into(), counts(&t.results_by_field.total)));
    assert_eq!(fields, expected);
    // Ranking by on-time rate: Tư pháp had none late.
    assert_eq!(r.ranking.len(), 3);
    assert_eq!(r.ranking[0].agency, AGENCIES[0]);
    assert!(r.ranking.windows(2).all(|w| w[0].on_time_rate >= w[1].on_time_rate));
    // Commendations: the check's list, each with its agency.
    let mut ours: Vec<(String, String)> =
        r.commendations.list.iter().map(|c| (c.who.name.clone(), c.who.unit.clone())).collect();
    let mut theirs: Vec<(String, String)> =
        t.commendations.list.iter().map(|c| (c.who.name.clone(), c.who.unit.clone())).collect();
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs);
    for c in &r.commendations.list {
        assert_eq!(c.who.agency, AGENCIES[UNITS.iter().position(|u| *u == c.who.unit).unwrap()]);
        assert_eq!(c.explanation.steps[0].vi, format!("Cơ quan: {}.", c.who.agency));
    }
    // Late dossiers without apology, capped and at risk: the sums of the agencies'.
    let late_no_apology: u32 = r.agencies.iter().map(|a| a.row.late_without_apology).sum();
    assert_eq!(r.total.late_without_apology, late_no_apology);
}

/// `bytes` with one figure of its JSON changed, as someone retyping a report would.
fn edit(bytes: &[u8]) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(bytes).unwrap();
    let late = v["figures"]["summary"]["late"].as_u64().unwrap();
    v["figures"]["summary"]["late"] = (late + 1).into();
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn an_edited_report_is_flagged_and_still_summed() {
    let mut inputs = agency_reports();
    inputs[1].bytes = edit(&inputs[1].bytes);
    let r = roll_up(&inputs, &RollupSettings::default());
    let edited: Vec<&str> =
        r.problems.iter().filter(|p| p.kind == ProblemKind::Edited).map(|p| p.files[0].as_str()).collect();
    assert_eq!(edited, vec!["bao-cao-2.json"]);
    assert_eq!(r.agencies[1].seal, Seal::Edited);
    assert!(r.agencies[1].included);
    let flat = roll_up(&agency_reports(), &RollupSettings::default());
    assert_eq!(r.summary.late, flat.summary.late + 1);
}

#[test]
fn a_report_of_another_period_is_listed_not_summed() {
    let mut inputs = agency_reports();
    let q2 = Period::quarter(2023, 2, PeriodCutoff::Calendar);
    inputs.push(RollupInput {
        name: "quy-2.json".into(),
        bytes: report("UBND xã Phước An", Some(UNITS[0]), &[logs().remove(0)], q2).0,
    });
    let r = roll_up(&inputs, &RollupSettings::default());
    let p: Vec<_> = r.problems.iter().filter(|p| p.kind == ProblemKind::PeriodMismatch).collect();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].files, vec!["quy-2.json"]);
    assert!(p[0].message.vi.contains("Quý II/2023"), "{}", p[0].message.vi);
    assert!(!r.agencies[3].included);
    assert_eq!(r.summary, roll_up(&agency_reports(), &RollupSettings::default()).summary);
}

#[test]
fn unreadable_files_are_problems_with_a_sentence() {
    let mut inputs = agency_reports();
    inputs.push(RollupInput { name: "so-ho-so.csv".into(), bytes: split(UNITS[0]) });
    inputs.push(RollupInput { name: "hong.json".into(), bytes: b"{\"schema\": \"dunghen.report/1\"".to_vec() });
    inputs.push(RollupInput { name: "khac.json".into(), bytes: b"{\"schema\": \"khac/1\"}".to_vec() });
    inputs.push(RollupInput { name: "so-ho-so.xlsx".into(), bytes: fixture("dossiers_2023.xlsx") });
    let r = roll_up(&inputs, &RollupSettings::default());
    let bad: Vec<&str> =
        r.problems.iter().filter(|p| p.kind == ProblemKind::Unreadable).map(|p| p.files[0].as_str()).collect();
    assert_eq!(bad, vec!["so-ho-so.csv", "hong.json", "khac.json", "so-ho-so.xlsx"]);
    assert!(r.problems.iter().all(|p| !p.message.vi.is_empty() && !p.message.en.is_empty()));
    assert_eq!(r.agencies.len(), 3);
}

#[test]
fn duplicates_overlaps_codes_and_missing_agencies() {
    let mut inputs = agency_reports();
    // The same report twice; a report of another agency from the first agency's log.
    inputs.push(RollupInput { name: "lai.json".into(), bytes: inputs[0].bytes.clone() });
    let first_log = logs().remove(0);
    inputs.push(RollupInput {
        name: "xa.json".into(),
        bytes: report("UBND xã Phước An", Some(UNITS[0]), &[first_log], year()).0,
    });
    let settings = RollupSettings {
        expected_agencies: vec!["ubnd xã phước lộc".into(), "UBND xã Phước Hưng".into()],
        ..Default::default()
    };
    let r = roll_up(&inputs, &settings);
    let kinds: Vec<(ProblemKind, Vec<String>)> = r.problems.iter().map(|p| (p.kind, p.files.clone())).collect();
    assert_eq!(
        kinds,
        vec![
            (ProblemKind::DuplicateAgency, vec!["bao-cao-1.json".into(), "lai.json".into()]),
            (ProblemKind::Overlapping, vec!["bao-cao-1.json".into(), "xa.json".into()]),
            (ProblemKind::MissingAgency, vec![]),
        ]
    );
    assert_eq!(r.problems[2].agencies, vec!["UBND xã Phước Hưng"]);
    assert_eq!(r.summary, roll_up(&agency_reports(), &RollupSettings::default()).summary);

    // Two agencies reporting one dossier code: both summed, the codes listed.
    let mut inputs = agency_reports();
    let v: Value = serde_json::from_slice(&inputs[2].bytes).unwrap();
    let code = v["figures"]["codes"][0].clone();
    let mut w: Value = serde_json::from_slice(&inputs[0].bytes).unwrap();
    w["figures"]["codes"].as_array_mut().unwrap().push(code.clone());
    inputs[0].bytes = serde_json::to_vec(&w).unwrap();
    let r = roll_up(&inputs, &RollupSettings::default());
    let dup = r.problems.iter().find(|p| p.kind == ProblemKind::DuplicateDossierCode).unwrap();
    assert_eq!(dup.files, vec!["bao-cao-1.json", "bao-cao-3.json"]);
    assert!(dup.message.vi.contains(code.as_str().unwrap()));
    assert!(r.agencies.iter().all(|a| a.included));
}

fn json(r: &Rollup) -> Value {
    serde_json::from_slice(&r.to_json()).unwrap()
}

#[test]
fn a_roll_up_of_roll_ups_equals_the_flat_roll_up() {
    let inputs = agency_reports();
    let flat = roll_up(&inputs, &RollupSettings::default());
    let a = roll_up(&inputs[..2], &RollupSettings::default());
    let b = roll_up(&inputs[2..], &RollupSettings::default());
    let nested = roll_up(
        &[
            RollupInput { name: "tinh-a.json".into(), bytes: a.to_json() },
            RollupInput { name: "tinh-b.json".into(), bytes: b.to_json() },
        ],
        &RollupSettings::default(),
    );
    assert_eq!(nested.problems, vec![]);
    assert!(nested.agencies.iter().all(|x| x.seal == Seal::Intact && x.via.is_some()));
    let (mut f, mut n) = (json(&flat), json(&nested));
    for v in [&mut f, &mut n] {
        v.as_object_mut().unwrap().remove("files");
        for a in v["agencies"].as_array_mut().unwrap() {
            a.as_object_mut().unwrap().remove("via");
        }
    }
    assert_eq!(f, n);
}

#[test]
fn the_same_period_last_year_stands_beside_each_agency() {
    let mut inputs = agency_reports();
    let last = Period::year(2022, PeriodCutoff::Calendar);
    let log_2022 = ("so-ho-so-2022.csv".to_string(), fixture("dossiers_2022_q4.csv"));
    inputs.push(RollupInput {
        name: "tu-phap-2022.json".into(),
        bytes: report(AGENCIES[0], Some(UNITS[0]), &[log_2022], last).0,
    });
    let r = roll_up(&inputs, &RollupSettings::default());
    assert_eq!(r.problems, vec![]);
    assert_eq!(r.agencies.len(), 4);
    assert_eq!((r.agencies[3].last_year_of, r.agencies[3].included), (Some(0), false));
    assert!(r.agencies[0].last_year.is_some() && r.agencies[1].last_year.is_none());
    assert_eq!(r.ranking[0].last_year_on_time_rate, r.agencies[0].last_year.as_ref().unwrap().results.on_time_rate);
    // Rolled up again, the last year's report still stands beside its agency.
    let again = roll_up(&[RollupInput { name: "tinh.json".into(), bytes: r.to_json() }], &RollupSettings::default());
    assert_eq!(again.problems, vec![]);
    assert_eq!(again.last_year_total, r.last_year_total);
    assert_eq!(again.agencies[0].last_year, r.agencies[0].last_year);
    assert_eq!(
        r.last_year_total.as_ref().map(|t| counts(&t.results)),
        r.agencies[0].last_year.as_ref().map(|l| counts(&l.results))
    );
    assert_eq!(r.summary, roll_up(&agency_reports(), &RollupSettings::default()).summary);
}

#[test]
fn the_reminder_list_reads_back_into_the_check() {
    let r = roll_up(&agency_reports(), &RollupSettings::default());
    assert!(!r.reminders.is_empty());
    let expected: Vec<(String, String, i32)> =
        r.reminders.iter().map(|x| (x.name.clone(), x.unit.clone(), x.year)).collect();
    let read = |list: dunghen::ingest::SideList<dunghen::model::Reminder>| -> Vec<(String, String, i32)> {
        assert!(list.counts.adds_up());
        assert!(list.rejected.is_empty());
        list.items.iter().map(|x| (x.name.display.clone(), x.unit.display.clone(), x.year)).collect()
    };
    let csv = export::grid_csv(&dunghen::rollup::export::reminder_grid(&r));
    assert_eq!(read(dunghen::ingest::read_reminders("nhac-nho.csv", &csv, 2000, None).unwrap()), expected);
    let xlsx = dunghen::rollup::export::to_xlsx(&r, &Default::default()).unwrap();
    let list = dunghen::ingest::read_reminders("tong-hop.xlsx", &xlsx, 2000, Some("Đề nghị nhắc nhở")).unwrap();
    assert_eq!(read(list), expected);
}

fn dunghen_cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dunghen")).args(args).output().expect("run dunghen")
}

#[test]
fn the_cli_rolls_up_in_every_format() {
    let dir = std::env::temp_dir().join(format!("dunghen-rollup-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut paths = Vec::new();
    for i in agency_reports() {
        let p = dir.join(&i.name);
        std::fs::write(&p, &i.bytes).unwrap();
        paths.push(p.to_string_lossy().into_owned());
    }
    let args = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = vec!["rollup".into()];
        a.extend(extra.iter().map(|s| s.to_string()));
        a.extend(paths.iter().cloned());
        a
    };
    let run = |a: Vec<String>| dunghen_cli(&a.iter().map(String::as_str).collect::<Vec<_>>());

    let text = run(args(&[]));
    assert_eq!(text.status.code(), Some(0), "{}", String::from_utf8_lossy(&text.stderr));
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Kỳ báo cáo: Năm 2023 (từ 01/01/2023 đến 31/12/2023)"), "{text}");
    assert!(text.contains("Tỷ lệ giải quyết đúng hạn (trên hồ sơ đã giải quyết): 66,7 %"), "{text}");

    let json = run(args(&["--format", "json"]));
    assert_eq!(json.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["format"], "dunghen.rollup/1");
    assert_eq!(v["summary"]["dossiers"], 25);
    assert_eq!(v["agencies"].as_array().unwrap().len(), 3);

    let csv = run(args(&["--format", "csv"]));
    assert_eq!(csv.status.code(), Some(0));
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("\u{feff}STT,"));
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(csv.lines().last().unwrap().starts_with(",Tổng cộng,25,"), "{csv}");

    let xlsx = dir.join("tong-hop.xlsx");
    let out = run(args(&["--format", "xlsx", "-o", &xlsx.to_string_lossy(), "--agency", "Sở Nội vụ"]));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&xlsx).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names, ["Tổng hợp", "Theo lĩnh vực", "Xếp hạng", "Biểu dương", "Đề nghị nhắc nhở", "Vấn đề", "dunghen"]);
    let sheet = wb.worksheet_range("Tổng hợp").unwrap();
    let first: Vec<String> = sheet.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert!(first.contains(&"SỞ NỘI VỤ".to_string()) && first.contains(&"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into()));
    let all: Vec<String> = sheet.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
    assert!(all.iter().any(|c| c == "THỦ TRƯỞNG ĐƠN VỊ"));
    // The workbook rolls up again through its hidden sheet: the same figures.
    let again = dunghen_cli(&["rollup", "--format", "json", &xlsx.to_string_lossy()]);
    assert_eq!(again.status.code(), Some(0));
    let w: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(w["summary"], v["summary"]);
    assert_eq!(w["problems"], serde_json::json!([]));

    // A file that is no report: the roll-up of the others is written, the exit code says an input was unreadable.
    let log = dir.join("so-ho-so.csv");
    std::fs::write(&log, split(UNITS[0])).unwrap();
    let mut a = args(&["--format", "json"]);
    a.push(log.to_string_lossy().into_owned());
    let bad = run(a);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("không phải báo cáo của Đúng Hẹn"));
    let b: Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(b["summary"], v["summary"]);
    assert_eq!(b["problems"][0]["kind"], "unreadable");
    // Usage errors: xlsx without -o; no file.
    assert_eq!(run(args(&["--format", "xlsx"])).status.code(), Some(2));
    assert_eq!(dunghen_cli(&["rollup"]).status.code(), Some(2));
    let missing = dunghen_cli(&["rollup", &dir.join("khong-co.json").to_string_lossy()]);
    assert_eq!(missing.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).ok();
}
