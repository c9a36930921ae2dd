//! `dunghen check` run as a process on the fixture set, against answers worked out by hand from the fixtures
//! (tests/fixtures/README.md) and the calendar (CALENDAR.md).

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn dunghen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dunghen")).args(args).output().expect("run dunghen")
}

fn json_check(files: &[&str]) -> Value {
    let mut args =
        vec!["check", "--as-of", "2023-12-31", "--format", "json", "--explain", "--reminded", "", "--ratings", ""];
    let reminded = fixture("reminders_2022.xlsx");
    let ratings = fixture("proposals_2023.xlsx");
    args[7] = &reminded;
    args[9] = &ratings;
    let paths: Vec<String> = files.iter().map(|f| fixture(f)).collect();
    args.extend(paths.iter().map(String::as_str));
    let out = dunghen(&args);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

fn dossier<'a>(r: &'a Value, code: &str) -> &'a Value {
    r["dossiers"].as_array().unwrap().iter().find(|d| d["code"] == code).unwrap_or_else(|| panic!("no dossier {code}"))
}

fn officer<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["officers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name && o["year"] == 2023)
        .unwrap_or_else(|| panic!("no officer {name}"))
}

/// The hand-worked answers for the 2023 log, whatever its format.
fn assert_known_answers(r: &Value) {
    assert_eq!(r["schema"], "dunghen.report/1");
    assert_eq!(r["profile"]["id"], "binh-dinh-2023");
    assert_eq!(r["profile"]["version"], "2.0.0");
    assert_eq!(r["as_of"], "2023-12-31");
    let s = &r["summary"];
    assert_eq!(
        (s["dossiers"].as_u64(), s["early"].as_u64(), s["on_time"].as_u64(), s["late"].as_u64()),
        (Some(25), Some(7), Some(9), Some(8))
    );
    assert_eq!((s["pending_within"].as_u64(), s["pending_overdue"].as_u64()), (Some(0), Some(1)));
    let rate = s["on_time_rate"].as_f64().unwrap();
    assert!((rate - 100.0 * 16.0 / 24.0).abs() < 1e-9, "{rate}");

    // Due Fri 28/04/2023, finished Thu 04/05: 29/04–03/05 are days off → 1 working day.
    let d = dossier(r, "H08.22-230414-0009");
    assert_eq!((d["status"].as_str(), d["late_working_days"].as_u64()), (Some("late"), Some(1)));
    assert_eq!(d["source"]["row"], 17);
    let steps: Vec<&str> =
        d["explanation"]["steps"].as_array().unwrap().iter().map(|s| s["vi"].as_str().unwrap()).collect();
    assert!(steps.iter().any(|s| s.contains("Giỗ Tổ Hùng Vương")), "{steps:?}");
    // Due Tue 29/08, finished Tue 05/09: 01/09, 02/09 and the compensatory 04/09 are off → 3.
    assert_eq!(dossier(r, "H08.22-230815-0018")["late_working_days"], 3);
    // Re-appointed to 19/06 but compared with the original due Mon 05/06; finished Fri 16/06 → 9.
    assert_eq!(dossier(r, "H08.22-230515-0012")["late_working_days"], 9);
    assert_eq!(dossier(r, "H08.22-230515-0012")["apology"], "given");
    // Still open since due Mon 30/10: 31/10, 22 days of November, 21 of December, up to Fri 29/12 (the as-of
    // Sunday counts the working days that have passed, not Tue 02/01/2024, a day that had not come) → 44.
    let open = dossier(r, "H08.22-231016-0022");
    assert_eq!((open["status"].as_str(), open["late_working_days"].as_u64()), (Some("pending_overdue"), Some(44)));
    // Finished at 19:00 on its due date: on time (the float-rounding case must not shift the day).
    assert_eq!(dossier(r, "H08.22-230320-0007")["status"], "on_time");
    // "Chờ bổ sung", unfinished: counted on time by the default profile.
    assert_eq!(dossier(r, "H08.22-231218-0025")["status"], "on_time");

    let tuan = officer(r, "Võ Minh Tuấn");
    assert_eq!(
        (tuan["late"].as_u64(), tuan["reminded"].as_bool(), tuan["repeat"].as_bool()),
        (Some(4), Some(true), Some(true))
    );
    assert_eq!(tuan["late_by_quarter"], serde_json::json!([0, 2, 1, 1]));
    assert_eq!(
        (tuan["max_rating"].as_str(), tuan["proposed_rating"].as_str(), tuan["finding"].as_str()),
        (Some("hoan_thanh"), Some("tot"), Some("violation"))
    );
    let phuc = officer(r, "Lê Hoàng Phúc");
    assert_eq!(
        (phuc["late"].as_u64(), phuc["proposed_rating"].as_str(), phuc["finding"].as_str()),
        (Some(3), Some("xuat_sac"), Some("violation"))
    );
    let ha = officer(r, "Phạm Thị Thu Hà");
    assert_eq!(
        (ha["late"].as_u64(), ha["repeat"].as_bool(), ha["finding"].as_str()),
        (Some(1), Some(false), Some("at_risk"))
    );
    // Disciplined ("Khiển trách") ⇒ "không hoàn thành" (NĐ 48/2023); proposed HTNV is above that.
    let oanh = officer(r, "Đặng Thị Kim Oanh");
    assert_eq!(
        (oanh["disciplined"].as_bool(), oanh["max_rating"].as_str(), oanh["finding"].as_str()),
        (Some(true), Some("khong_hoan_thanh"), Some("violation"))
    );
    // Violations: Tuấn, Phúc, Oanh and the unit Chi nhánh (capped, proposed "tốt"); at risk: Hà ("Giỏi" is rejected).
    assert_eq!((s["violations"].as_u64(), s["at_risk"].as_u64()), (Some(4), Some(1)));
    let unit = r["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "Chi nhánh Văn phòng Đăng ký đất đai" && u["year"] == 2023)
        .unwrap();
    assert_eq!(
        (unit["dossiers"].as_u64(), unit["late"].as_u64(), unit["repeat"].as_bool()),
        (Some(10), Some(5), Some(true))
    );

    let rejected: Vec<(u64, &str)> = r["rejected_rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["source"]["file"].as_str().unwrap().starts_with("dossiers_2023"))
        .map(|x| (x["source"]["row"].as_u64().unwrap(), x["column"].as_str().unwrap()))
        .collect();
    assert_eq!(rejected, vec![(24, "Ngày hẹn trả"), (31, "Mã hồ sơ"), (35, "Ngày hoàn thành")]);
    let input = &r["inputs"][0];
    assert_eq!(
        (
            input["rows"].as_u64(),
            input["dossiers"].as_u64(),
            input["rejected"].as_u64(),
            input["blank"].as_u64(),
            input["non_data"].as_u64()
        ),
        (Some(36), Some(25), Some(3), Some(4), Some(4))
    );
}

#[test]
fn check_xlsx_gives_the_known_answers() {
    let r = json_check(&["dossiers_2023.xlsx"]);
    assert_known_answers(&r);
    assert_eq!(r["inputs"][0]["sheet"], "Hồ sơ 2023");
    assert_eq!(r["inputs"][0]["header_row"], 7);
}

#[test]
fn every_format_and_encoding_gives_the_same_answers() {
    for f in [
        "dossiers_2023.xls",
        "dossiers_2023.ods",
        "dossiers_2023_utf8.csv",
        "dossiers_2023_utf8_bom.csv",
        "dossiers_2023_utf16le.tsv",
        "dossiers_2023_utf16be.csv",
        "dossiers_2023_cp1258.csv",
    ] {
        let r = json_check(&[f]);
        assert_known_answers(&r);
    }
}

#[test]
fn the_text_summary_is_readable_vietnamese() {
    let out = dunghen(&[
        "check",
        "--as-of",
        "2023-12-31",
        "--reminded",
        &fixture("reminders_2022.xlsx"),
        "--ratings",
        &fixture("proposals_2023.xlsx"),
        &fixture("dossiers_2023.xlsx"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "Trước hạn: 7 · Đúng hạn: 9 · Trễ hạn: 8 · Đang giải quyết trong hạn: 0 · Đang giải quyết quá hạn: 1"
        ),
        "{text}"
    );
    assert!(text.contains("[Vi phạm giới hạn xếp loại] Võ Minh Tuấn (Chi nhánh Văn phòng Đăng ký đất đai)"), "{text}");
    assert!(
        text.contains("dòng 24 / cột \"Ngày hẹn trả\": 31/02/2023 — Ngày hẹn trả '31/02/2023' không phải ngày hợp lệ"),
        "{text}"
    );
}

#[test]
fn csv_and_xlsx_outputs_are_written() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-out");
    let _ = std::fs::remove_dir_all(&dir);
    let csv = dir.join("q2-csv");
    let out = dunghen(&[
        "check",
        "--as-of",
        "2023-12-31",
        "--period",
        "2023-Q2",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
        &fixture("dossiers_2023.xlsx"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let list = std::fs::read_to_string(csv.join("ho-so.csv")).unwrap();
    assert!(list.starts_with("\u{feff}STT,Mã hồ sơ,"));
    assert_eq!(list.lines().count(), 26);
    let units = std::fs::read_to_string(csv.join("ket-qua-theo-don-vi.csv")).unwrap();
    assert!(units.contains("\n,Tổng cộng,7,3,4,0,7,1,3,3,0,0,0,57.1,11.4\n"), "{units}");

    let xlsx = dir.join("report.xlsx");
    let out = dunghen(&[
        "check",
        "--as-of",
        "2023-12-31",
        "--agency",
        "UBND huyện Tuy Phước",
        "--place",
        "Tuy Phước",
        "--format",
        "xlsx",
        "-o",
        xlsx.to_str().unwrap(),
        &fixture("dossiers_2023.xlsx"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(wb.sheet_names()[0], "Kết quả theo đơn vị");
    let sheet = wb.worksheet_range("Hồ sơ").unwrap();
    let row = sheet.rows().find(|r| r[1] == Data::String("H08.22-230414-0009".into())).unwrap();
    assert_eq!(row[15], Data::String("Trễ hạn".into()));
    assert_eq!(row[16], Data::Float(1.0));
    assert!(matches!(row[9], Data::DateTime(_)), "due date is a date cell: {:?}", row[9]);
    let results = wb.worksheet_range("Kết quả theo đơn vị").unwrap();
    assert_eq!(results.get_value((0, 0)), Some(&Data::String("UBND HUYỆN TUY PHƯỚC".into())));
    assert_eq!(
        results.get_value((4, 0)),
        Some(&Data::String("Kỳ báo cáo: Năm 2023 (từ 01/01/2023 đến 31/12/2023)".into()))
    );
}

#[test]
fn exit_codes_mean_something() {
    let out = dunghen(&["check", "--as-of", "2023-12-31", &fixture("broken/encrypted.xlsx")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("password-protected"));
    let out = dunghen(&["check", "--as-of", "2023-12-31", "/no/such/file.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    let out = dunghen(&["check", "--as-of", "31/12/2023", &fixture("dossiers_2023.xlsx")]);
    assert_eq!(out.status.code(), Some(2));
    let out = dunghen(&["check", "--profile", "ha-noi-2099", &fixture("dossiers_2023.xlsx")]);
    assert_eq!(out.status.code(), Some(2));
    let out = dunghen(&["check", "--format", "xlsx", &fixture("dossiers_2023.xlsx")]);
    assert_eq!(out.status.code(), Some(2));
    let out = dunghen(&["check", "--period", "2023-Q5", &fixture("dossiers_2023.xlsx")]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_lists_sheets_can_be_named() {
    let (log, reminded, ratings) =
        (fixture("dossiers_2023.xlsx"), fixture("reminders_2022.xlsx"), fixture("proposals_2023.xlsx"));
    let base = [
        "check",
        "--as-of",
        "2023-12-31",
        "--format",
        "json",
        "--explain",
        "--reminded",
        &reminded,
        "--ratings",
        &ratings,
    ];
    // The sheets the lists are on, named (case and diacritics aside): the same answers as the automatic choice.
    let out =
        dunghen(&[&base[..], &["--reminded-sheet", "nhac nho 2022", "--ratings-sheet", "Đề xuất", &log]].concat());
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_known_answers(&r);
    let reminded_input =
        r["inputs"].as_array().unwrap().iter().find(|i| i["kind"] == "reminded").expect("the reminder list");
    assert_eq!(reminded_input["sheet"], "Nhắc nhở 2022");
    // A sheet the workbook lacks: the reader's sentence, exit code 1.
    let out = dunghen(&[&base[..], &["--reminded-sheet", "Nhắc nhở 2021", &log]].concat());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Không có trang tính \"Nhắc nhở 2021\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A list's sheet without the list: a usage error.
    let out = dunghen(&["check", "--as-of", "2023-12-31", "--ratings-sheet", "Đề xuất", &log]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let out = dunghen(&["check", "--as-of", "2023-12-31", "--renames-sheet", "Sáp nhập", &log]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn explicit_mapping_and_month_first_confirmation() {
    let out = dunghen(&["check", "--as-of", "2023-12-31", "--format", "json", &fixture("month_first.csv")]);
    assert_eq!(out.status.code(), Some(1), "month-first dates are never read silently");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Ngày hẹn trả"));
    let out = dunghen(&[
        "check",
        "--as-of",
        "2023-12-31",
        "--format",
        "json",
        "--month-first",
        "*",
        &fixture("month_first.csv"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = dossier(&r, "M-01");
    assert_eq!((m["due"].as_str(), m["late_working_days"].as_u64()), (Some("2023-04-28"), Some(1)));
    let out = dunghen(&[
        "check",
        "--as-of",
        "2023-12-31",
        "--map",
        "finished=Ngày trả kết quả",
        "--format",
        "json",
        &fixture("dossiers_2023_utf8.csv"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Mapped to the return date (05/05/2023): due 28/04 → 04/05 and 05/05 → late 2.
    assert_eq!(dossier(&r, "H08.22-230414-0009")["late_working_days"], 2);
}

#[test]
fn duplicates_across_files_are_merged_and_conflicts_reported() {
    let out =
        dunghen(&["check", "--as-of", "2023-12-31", "--format", "json", &fixture("dup_a.csv"), &fixture("dup_b.csv")]);
    assert_eq!(out.status.code(), Some(0));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["summary"]["dossiers"], 5);
    assert_eq!(r["summary"]["duplicates_merged"], 1);
    assert_eq!(r["duplicates"][0]["code"], "D-01");
    assert_eq!(r["conflicts"][0]["code"], "D-03");
}

/// Issue 22: names in a log that a spreadsheet would run as formulas. A CSV export writes them with a leading
/// apostrophe (shown as text by Excel and LibreOffice); the JSON keeps them raw; the xlsx writes them as text cells.
#[test]
fn names_that_look_like_formulas_are_inert_in_csv_raw_in_json_and_text_in_xlsx() {
    const HOSTILE: [&str; 4] = ["=HYPERLINK(\"http://x\",\"Bấm vào\")", "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3"];
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-formulas");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Each hostile value as a procedure, a unit and an officer; every dossier late, so that each name is listed.
    let mut log =
        String::from("Mã hồ sơ,Tên thủ tục,Cơ quan thụ lý,Cán bộ xử lý,Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành\n");
    let field = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
    for (i, v) in HOSTILE.iter().enumerate() {
        let row = [format!("HS-{i}"), field(v), field(v), field(v)].join(",");
        log.push_str(&format!("{row},01/03/2023,10/03/2023,20/03/2023\n"));
    }
    let file = dir.join("cong-thuc.csv");
    std::fs::write(&file, log).unwrap();
    let file = file.to_str().unwrap();
    let run = |extra: &[&str]| {
        let out = dunghen(&[&["check", "--as-of", "2023-12-31"][..], extra, &[file]].concat());
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };

    let csv = dir.join("csv");
    run(&["--format", "csv", "-o", csv.to_str().unwrap()]);
    for (name, columns) in [("ho-so.csv", &[2, 4, 5][..]), ("don-vi.csv", &[1]), ("can-bo.csv", &[1, 2])] {
        let text = std::fs::read_to_string(csv.join(name)).unwrap();
        let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
        for v in HOSTILE {
            let want = format!("'{v}");
            for &c in columns {
                assert!(rows.iter().any(|r| r[c] == want), "{name}, column {c}: no {want}\n{text}");
            }
        }
        for r in &rows {
            for cell in r {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{name}: a live formula {cell:?}\n{text}");
            }
        }
    }
    // Numbers stay numbers: the working days late and the row numbers are not made text.
    let list = std::fs::read_to_string(csv.join("ho-so.csv")).unwrap();
    assert!(list.lines().nth(1).unwrap().ends_with(",cong-thuc.csv,2"), "{list}");

    let json: Value = serde_json::from_slice(&run(&["--format", "json"])).unwrap();
    let raw: Vec<&str> =
        json["dossiers"].as_array().unwrap().iter().map(|d| d["procedure"].as_str().unwrap()).collect();
    assert_eq!(raw, HOSTILE, "the JSON keeps the raw values");

    let xlsx = dir.join("bao-cao.xlsx");
    run(&["--format", "xlsx", "-o", xlsx.to_str().unwrap()]);
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(&xlsx).unwrap();
    let list = wb.worksheet_range("Hồ sơ").unwrap();
    for v in HOSTILE {
        assert!(list.rows().any(|r| r[2] == Data::String(v.into())), "{v} is a text cell");
    }
    let formulas = wb.worksheet_formula("Hồ sơ").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula in the workbook");
}

/// Issue 22: the JSON explains each dossier only when asked (`--explain`; about 4 KB a dossier); without it the
/// report is the same but for the dossiers' `explanation`, and officers and units keep theirs.
#[test]
fn json_explains_dossiers_only_with_explain() {
    let json = |extra: &[&str]| -> Value {
        let f = fixture("dossiers_2023.xlsx");
        let out = dunghen(&[&["check", "--as-of", "2023-12-31", "--format", "json"][..], extra, &[&f]].concat());
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (lean, mut full) = (json(&[]), json(&["--explain"]));
    let dossiers = full["dossiers"].as_array_mut().unwrap();
    assert!(dossiers.iter().all(|d| !d["explanation"]["steps"].as_array().unwrap().is_empty()));
    for d in dossiers.iter_mut() {
        d.as_object_mut().unwrap().remove("explanation");
    }
    assert_eq!(lean, full, "the same report but for the dossiers' explanations");
    assert!(lean["officers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| !o["explanation"]["steps"].as_array().unwrap().is_empty()));
}

/// The renamed units list (tests/fixtures/renames_2025.csv, answers in tests/fixtures/README.md): last year's
/// reminders name the district's units, the 2026 log the merged ones; every line of the list is reported.
#[test]
fn renamed_units_carry_last_years_reminders_to_the_new_names() {
    let (log, reminded, renames) =
        (fixture("dossiers_2026.csv"), fixture("reminders_2025.csv"), fixture("renames_2025.csv"));
    let base = ["check", "--as-of", "2026-12-31", "--format", "json", "--reminded", &reminded];
    let run = |extra: &[&str]| {
        let out = dunghen(&[&base[..], extra, &[log.as_str()]].concat());
        assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).expect("JSON report")
    };
    let reminded_of = |r: &Value, name: &str, unit: &str| {
        r["officers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name && o["unit"] == unit)
            .map(|o| o["reminded"].clone())
    };
    // Without the list the reminded officers are not matched: "Phòng Tư pháp" in the log is not reminded.
    let r = run(&[]);
    assert!(r.get("renames").is_none());
    assert_eq!(reminded_of(&r, "Trần Văn An", "Phòng Tư pháp"), Some(Value::Bool(false)));
    let r = run(&["--renames", &renames]);
    assert_eq!(reminded_of(&r, "Trần Văn An", "Phòng Tư pháp"), Some(Value::Bool(true)));
    assert_eq!(reminded_of(&r, "Lê Thị Bình", "Phòng Tư pháp"), Some(Value::Bool(true)));
    assert_eq!(reminded_of(&r, "Phạm Văn Cường", "Bộ phận Một cửa"), Some(Value::Bool(true)));
    assert_eq!(reminded_of(&r, "Trần Văn An", "Phòng Tư pháp huyện Tuy Phước"), None);
    let lines: Vec<(u64, &str, u64)> = r["renames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (l["source"]["row"].as_u64().unwrap(), l["status"].as_str().unwrap(), l["reminders"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        lines,
        [
            (2, "applied", 2),
            (3, "applied", 1),
            (4, "ambiguous", 0),
            (5, "ambiguous", 0),
            (6, "not_in_force", 0),
            (7, "unmatched", 0)
        ]
    );
    assert_eq!(
        r["renames"][0]["message"],
        "Phòng Tư pháp huyện Tuy Phước → Phòng Tư pháp từ 01/07/2025 (dòng 2 của tệp renames_2025.csv): áp dụng cho 2 \
        dòng nhắc nhở và 0 dòng đề xuất xếp loại."
    );
    // The line with no old name is a rejected row, with its reason.
    let rejected = r["rejected_rows"].as_array().unwrap();
    assert!(rejected.iter().any(|x| x["source"]["file"] == "renames_2025.csv"
        && x["source"]["row"] == 8
        && x["reason"] == "Thiếu tên cũ"));
    let input = r["inputs"].as_array().unwrap().iter().find(|i| i["kind"] == "renames").expect("the renames input");
    assert_eq!(
        (input["rows"].as_u64(), input["dossiers"].as_u64(), input["rejected"].as_u64()),
        (Some(7), Some(6), Some(1))
    );
    // A rename dated after the start of an assessment year is not applied for that year: in 2025 nothing is.
    let out = dunghen(&[
        "check",
        "--as-of",
        "2025-12-31",
        "--format",
        "json",
        "--reminded",
        &reminded,
        "--renames",
        &renames,
        &log,
    ]);
    let r: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let statuses: Vec<&str> = r["renames"].as_array().unwrap().iter().map(|l| l["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["not_in_force"; 6]);
}
