//! The reports agencies submit, on the fixtures: golden numbers worked out by hand for every table and period kind
//! (tests/fixtures/README.md lists the dossiers), the xlsx read back cell by cell, the reminder list carried into
//! next year's check, and the workbook printed to PDF by LibreOffice.

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use dunghen::check::{self, CheckRequest, InputFile};
use dunghen::export::{self, Letterhead};
use dunghen::ingest::read_reminders;
use dunghen::profile::{PeriodCutoff, Profile};
use dunghen::report::period::Period;
use dunghen::report::tables::{self, ResultsRow, Tables};
use dunghen::report::Report;
use std::io::Cursor;
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

struct Loaded {
    files: Vec<(String, Vec<u8>)>,
    reminded: Option<(String, Vec<u8>)>,
    ratings: Option<(String, Vec<u8>)>,
}

fn load(files: &[&str], reminded: Option<&str>, ratings: Option<&str>) -> Loaded {
    Loaded {
        files: files.iter().map(|f| (f.to_string(), fixture(f))).collect(),
        reminded: reminded.map(|f| (f.to_string(), fixture(f))),
        ratings: ratings.map(|f| (f.to_string(), fixture(f))),
    }
}

/// The check of the loaded files, with the default reading options.
fn request(l: &Loaded, profile: Profile, as_of: NaiveDate) -> CheckRequest<'_> {
    CheckRequest {
        reminded: l.reminded.as_ref().map(|(n, b)| InputFile { name: n, bytes: b }),
        ratings: l.ratings.as_ref().map(|(n, b)| InputFile { name: n, bytes: b }),
        ..CheckRequest::new(l.files.iter().map(|(n, b)| InputFile { name: n, bytes: b }).collect(), profile, as_of)
    }
}

fn run(l: &Loaded, profile: Profile, as_of: NaiveDate) -> Report {
    check::report(&request(l, profile, as_of)).unwrap()
}

fn report_2023() -> Report {
    run(
        &load(&["dossiers_2023.xlsx"], Some("reminders_2022.xlsx"), Some("proposals_2023.xlsx")),
        Profile::default_profile(),
        date(2023, 12, 31),
    )
}

/// (received total, online, direct, carried over, resolved, early, on time, late, pending, within, overdue)
fn counts(r: &ResultsRow) -> [u32; 11] {
    [
        r.received_total,
        r.received_online,
        r.received_direct,
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

fn row<'a>(t: &'a [ResultsRow], name: &str) -> &'a ResultsRow {
    t.iter().find(|r| r.name == name).unwrap_or_else(|| panic!("no row {name}"))
}

const CN: &str = "Chi nhánh Văn phòng Đăng ký đất đai";
const TN: &str = "Phòng Tài nguyên và Môi trường";
const TP: &str = "Phòng Tư pháp";

fn build(r: &Report, p: Period) -> Tables {
    tables::build(r, &p, &Profile::default_profile())
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn quarter_2_by_unit_and_by_field() {
    let r = report_2023();
    let t = build(&r, Period::quarter(2023, 2, PeriodCutoff::Calendar));
    let u = &t.results_by_unit;
    assert_eq!(u.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), vec![CN, TN, TP]);
    assert_eq!(counts(row(&u.rows, CN)), [3, 1, 2, 0, 3, 0, 1, 2, 0, 0, 0]);
    assert_eq!(counts(row(&u.rows, TN)), [2, 1, 1, 0, 2, 1, 0, 1, 0, 0, 0]);
    assert_eq!(counts(row(&u.rows, TP)), [2, 1, 1, 0, 2, 0, 2, 0, 0, 0, 0]);
    assert_eq!(counts(&u.total), [7, 3, 4, 0, 7, 1, 3, 3, 0, 0, 0]);
    assert!(close(u.total.on_time_rate, 400.0 / 7.0));
    assert!(close(u.total.progress_score, 4.0 / 7.0 * 20.0));
    assert!(close(row(&u.rows, CN).progress_score, 20.0 / 3.0));
    let f = &t.results_by_field;
    assert_eq!(counts(row(&f.rows, "Đất đai")), [3, 1, 2, 0, 3, 0, 1, 2, 0, 0, 0]);
    assert_eq!(counts(row(&f.rows, "Môi trường")), [2, 1, 1, 0, 2, 1, 0, 1, 0, 0, 0]);
    assert_eq!(counts(row(&f.rows, "Chứng thực")), [1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
    assert_eq!(counts(row(&f.rows, "Hộ tịch")), [1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0]);
    assert_eq!(counts(&f.total), counts(&u.total));
    let late: Vec<&str> = t.late.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(late, vec!["H08.22-230414-0009", "H08.22-230515-0012", "H08.22-230612-0014"]);
    assert_eq!(t.late.iter().map(|d| d.late_working_days).collect::<Vec<_>>(), vec![1, 9, 4]);
}

#[test]
fn quarter_4_carries_over_and_leaves_pending() {
    let r = report_2023();
    let t = build(&r, Period::quarter(2023, 4, PeriodCutoff::Calendar));
    let u = &t.results_by_unit;
    // CN: H…0020 received 18/09, resolved 02/10 (carried over, on time); 0022 pending past due 30/10; 0024 early.
    assert_eq!(counts(row(&u.rows, CN)), [3, 0, 2, 1, 2, 1, 1, 0, 1, 0, 1]);
    // TN: 0021 late; 0025 "Chờ bổ sung" pending within time.
    assert_eq!(counts(row(&u.rows, TN)), [2, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0]);
    assert_eq!(counts(row(&u.rows, TP)), [1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0]);
    assert_eq!(counts(&u.total), [6, 1, 4, 1, 4, 1, 2, 1, 2, 1, 1]);
    assert!(close(u.total.on_time_rate, 75.0));
    assert!(close(u.total.progress_score, 10.0));
    // Carried over + received in the period = resolved + pending, on every row.
    for r in u.rows.iter().chain([&u.total]) {
        assert_eq!(r.received_total, r.resolved_total + r.pending_total, "{}", r.name);
    }
}

#[test]
fn quarter_1_calendar_against_the_day15_cut_off() {
    let r = report_2023();
    let cal = build(&r, Period::quarter(2023, 1, PeriodCutoff::Calendar));
    assert_eq!(counts(&cal.results_by_unit.total), [7, 2, 5, 0, 7, 4, 1, 2, 0, 0, 0]);
    // 15/12/2022–14/03/2023: 0007 (received 20/03) falls out; 0005 (finished 20/03) is pending at 14/03, due 15/03.
    let day15 = tables::build(&r, &Period::quarter(2023, 1, PeriodCutoff::Day15), &Profile::default_profile());
    assert_eq!((day15.period.start, day15.period.end), (date(2022, 12, 15), date(2023, 3, 14)));
    let u = &day15.results_by_unit;
    assert_eq!(counts(row(&u.rows, CN)), [2, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0]);
    assert_eq!(counts(row(&u.rows, TN)), [1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0]);
    assert_eq!(counts(row(&u.rows, TP)), [3, 1, 2, 0, 3, 3, 0, 0, 0, 0, 0]);
    assert_eq!(counts(&u.total), [6, 2, 4, 0, 5, 4, 0, 1, 1, 1, 0]);
    assert!(close(u.total.on_time_rate, 80.0));
    // The profile setting picks the cut-off: the CLI and the app build periods from it.
    let p = Profile::default_profile().with_patch("periods.cutoff.value = 'day15'").unwrap();
    assert_eq!(Period::parse("2023-Q1", p.periods.cutoff.latest().value).unwrap(), day15.period);
}

#[test]
fn half_year_year_and_custom_periods() {
    let r = report_2023();
    let h1 = build(&r, Period::half(2023, 1, PeriodCutoff::Calendar));
    assert_eq!(counts(&h1.results_by_unit.total), [14, 5, 9, 0, 14, 5, 4, 5, 0, 0, 0]);
    assert!(close(h1.results_by_unit.total.on_time_rate, 900.0 / 14.0));
    let y = build(&r, Period::year(2023, PeriodCutoff::Calendar));
    assert_eq!(counts(&y.results_by_unit.total), [25, 8, 17, 0, 23, 7, 8, 8, 2, 1, 1]);
    assert!(close(y.results_by_unit.total.progress_score, 12.0));
    assert_eq!(y.late.len(), 9);
    // May 2023 only: received 0011, 0012; 0009 (received in April) carried over and resolved 04/05.
    let may = build(&r, Period::custom(date(2023, 5, 1), date(2023, 5, 31)));
    assert_eq!(counts(&may.results_by_unit.total), [4, 1, 1, 2, 3, 0, 2, 1, 1, 1, 0]);
}

#[test]
fn officers_units_and_who_to_remind() {
    let r = report_2023();
    let t = build(&r, Period::year(2023, PeriodCutoff::Calendar));
    let tuan = t.officers.iter().find(|a| a.name.display == "Võ Minh Tuấn").unwrap();
    assert_eq!((tuan.late, tuan.late_by_quarter, tuan.repeat), (4, [0, 2, 1, 1], true));
    assert_eq!(t.units.len(), 3);
    let remind: Vec<(String, String, u32)> =
        t.to_remind.iter().map(|x| (x.name.clone(), x.unit.clone(), x.late)).collect();
    // Officers grouped by unit, then units.
    assert_eq!(
        remind,
        vec![
            ("Võ Minh Tuấn".into(), CN.into(), 4),
            ("Đặng Thị Kim Oanh".into(), CN.into(), 1),
            ("Lê Hoàng Phúc".into(), TN.into(), 3),
            ("Phạm Thị Thu Hà".into(), TN.into(), 1),
            (String::new(), CN.into(), 5),
            (String::new(), TN.into(), 4),
        ]
    );
    assert!(t.year_over_year.is_empty(), "2022 is not loaded");
}

#[test]
fn year_over_year_when_two_years_are_loaded() {
    let l = load(&["dossiers_2022_q4.csv", "dossiers_2023.xlsx"], Some("reminders_2022.xlsx"), None);
    let r = run(&l, Profile::default_profile(), date(2023, 12, 31));
    let t = build(&r, Period::year(2023, PeriodCutoff::Calendar));
    let yoy: Vec<(String, u32, u32, bool)> =
        t.year_over_year.iter().map(|y| (y.name.clone(), y.previous_late, y.late, y.slow_improvement)).collect();
    assert!(yoy.contains(&("Võ Minh Tuấn".into(), 1, 4, true)), "{yoy:?}");
    assert!(yoy.contains(&("Nguyễn Văn An".into(), 0, 0, false)), "{yoy:?}");
    assert!(yoy.contains(&("Phạm Thị Thu Hà".into(), 0, 1, true)), "{yoy:?}");
    assert!(yoy.contains(&(CN.into(), 1, 5, true)), "{yoy:?}");
    assert_eq!(yoy.len(), 9);
    let tuan = t.year_over_year.iter().find(|y| y.name == "Võ Minh Tuấn").unwrap();
    assert_eq!((tuan.previous_on_time_rate, tuan.on_time_rate.map(|x| x.round())), (Some(0.0), Some(25.0)));
}

fn write_xlsx(r: &Report, t: &Tables) -> Vec<u8> {
    export::to_xlsx(r, t, &Letterhead { agency: "UBND huyện Tuy Phước".into(), place: "Tuy Phước".into() }).unwrap()
}

#[test]
fn the_xlsx_reads_back_cell_by_cell() {
    let r = report_2023();
    let t = build(&r, Period::quarter(2023, 2, PeriodCutoff::Calendar));
    let bytes = write_xlsx(&r, &t);
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Kết quả theo đơn vị",
            "Kết quả theo lĩnh vực",
            "Hồ sơ trễ hạn",
            "Cán bộ",
            "Đơn vị",
            "Đề nghị nhắc nhở",
            "Biểu dương",
            "Chất lượng dữ liệu",
            "Dòng bị loại",
            "Hồ sơ",
            "dunghen",
        ]
    );
    let s = wb.worksheet_range("Kết quả theo đơn vị").unwrap();
    let at = |r: u32, c: u32| s.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(at(0, 0), Data::String("UBND HUYỆN TUY PHƯỚC".into()));
    assert_eq!(at(0, 9), Data::String("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into()));
    assert_eq!(at(1, 9), Data::String("Độc lập - Tự do - Hạnh phúc".into()));
    assert_eq!(at(3, 0), Data::String("BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THEO ĐƠN VỊ".into()));
    assert_eq!(at(4, 0), Data::String("Kỳ báo cáo: Quý II/2023 (từ 01/04/2023 đến 30/06/2023)".into()));
    // Provenance lines 5–6, a blank row, the two-row header at 8–9, column numbers at 10, data from 11.
    assert!(matches!(at(5, 0), Data::String(ref x) if x.contains("binh-dinh-2023") && x.contains("31/12/2023")));
    assert!(
        matches!(at(6, 0), Data::String(ref x) if x.contains("dossiers_2023.xlsx (36 dòng, 25 bản ghi, 3 bị loại)"))
    );
    assert_eq!(at(8, 2), Data::String("Số hồ sơ nhận giải quyết".into()));
    assert_eq!(at(9, 2), Data::String("Tổng số".into()));
    assert_eq!(at(9, 5), Data::String("Từ kỳ trước chuyển qua".into()));
    assert_eq!(at(8, 13), Data::String("Tỷ lệ đúng hạn (%)".into()));
    assert_eq!(at(10, 0), Data::String("(1)".into()));
    assert_eq!(at(11, 1), Data::String(CN.into()));
    let numbers: Vec<Data> = (2..=12).map(|c| at(11, c)).collect();
    assert_eq!(numbers, [3.0, 1.0, 2.0, 0.0, 3.0, 0.0, 1.0, 2.0, 0.0, 0.0, 0.0].map(Data::Float).to_vec());
    assert_eq!(at(14, 1), Data::String("Tổng cộng".into()));
    assert_eq!(at(14, 2), Data::Float(7.0));
    assert!(matches!(at(14, 13), Data::Float(x) if (x - 400.0 / 7.0).abs() < 1e-9));
    let cells: Vec<String> = s
        .used_cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(x) => Some(x.clone()),
            _ => None,
        })
        .collect();
    for want in
        ["NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên)", "Tuy Phước, ngày ..... tháng ..... năm ........"]
    {
        assert!(cells.iter().any(|c| c == want), "missing {want}");
    }

    let merged: Vec<String> = wb
        .merge_cells_by_sheet_name("Kết quả theo đơn vị")
        .unwrap()
        .iter()
        .map(|d| format!("{:?}-{:?}", d.start, d.end))
        .collect();
    for want in [
        "(8, 2)-(8, 5)",
        "(8, 6)-(8, 9)",
        "(8, 10)-(8, 12)",
        "(8, 0)-(9, 0)",
        "(8, 1)-(9, 1)",
        "(8, 14)-(9, 14)",
        "(3, 0)-(3, 14)",
        "(0, 9)-(0, 14)",
        "(1, 9)-(1, 14)",
    ] {
        assert!(merged.iter().any(|m| m == want), "merged {want} not in {merged:?}");
    }

    let late = wb.worksheet_range("Hồ sơ trễ hạn").unwrap();
    let first = late.rows().find(|r| r.get(1) == Some(&Data::String("H08.22-230414-0009".into()))).unwrap();
    let serial = |d: NaiveDate| (d - date(1899, 12, 30)).num_days() as f64;
    assert!(matches!(first[5], Data::DateTime(ref d) if d.as_f64() == serial(date(2023, 4, 28))), "{:?}", first[5]);
    let finished = serial(date(2023, 5, 4)) + (10.0 * 60.0 + 20.0) / 1440.0;
    assert!(matches!(first[6], Data::DateTime(ref d) if (d.as_f64() - finished).abs() < 1e-6), "{:?}", first[6]);
    assert_eq!(first[8], Data::Float(1.0));

    // Number formats: dates as dd/mm/yyyy (with time where known), rates with one decimal, counts as integers.
    let mut zip = zip_file(&bytes, "xl/styles.xml");
    for code in ["dd/mm/yyyy", "dd/mm/yyyy hh:mm", "0.0", "#,##0"] {
        assert!(zip.contains(&format!("formatCode=\"{code}\"")), "number format {code} missing");
    }
    zip = zip_file(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        zip.contains("<pageSetup") && zip.contains("paperSize=\"9\"") && zip.contains("orientation=\"landscape\""),
        "A4 landscape"
    );
    assert!(zip.contains("<pane ") && zip.contains("state=\"frozen\""), "frozen header");
    assert!(zip_file(&bytes, "xl/styles.xml").contains("Times New Roman"));
}

fn zip_file(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut f = z.by_name(name).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut f, &mut s).unwrap();
    s
}

#[test]
fn the_reminder_list_round_trips_into_next_years_check() {
    let r = report_2023();
    let t = build(&r, Period::year(2023, PeriodCutoff::Calendar));
    let csv = export::to_csv_files(&r, &t).into_iter().find(|(n, _)| n == "de-nghi-nhac-nho.csv").unwrap().1;
    let list = read_reminders("de-nghi-nhac-nho.csv", &csv, 2000, None).unwrap();
    assert!(list.counts.adds_up());
    assert_eq!(list.items.len(), 6);
    assert!(list.items.iter().all(|x| x.year == 2023));
    assert_eq!(list.items[0].name.display, "Võ Minh Tuấn");
    assert!(list.items[4].name.is_empty() && list.items[4].unit.display == CN);

    let next = Loaded {
        files: vec![("dossiers_2024_small.csv".into(), fixture("dossiers_2024_small.csv"))],
        reminded: Some(("de-nghi-nhac-nho.csv".into(), csv)),
        ratings: None,
    };
    // Bình Định 2023 is for 2023: the agency carries it forward to 2024 by a document of its own.
    let carried = Profile::default_profile().carried_forward("Kế hoạch CCHC năm 2024 (kiểm thử)");
    let r24 = run(&next, carried, date(2024, 12, 31));
    let find = |name: &str| r24.officers.iter().find(|a| a.name.display == name && a.year == 2024).unwrap();
    assert_eq!(
        (find("Võ Minh Tuấn").late, find("Võ Minh Tuấn").reminded, find("Võ Minh Tuấn").repeat),
        (2, true, true)
    );
    assert_eq!(find("Phạm Thị Thu Hà").finding, dunghen::rules::assessment::Finding::AtRisk);
    assert_eq!((find("Lê Hoàng Phúc").late, find("Lê Hoàng Phúc").repeat), (0, false));
    let unit = r24.units.iter().find(|a| a.unit.display == CN && a.year == 2024).unwrap();
    assert_eq!((unit.late, unit.reminded, unit.repeat), (2, true, true));

    // The xlsx sheet reads back the same way when picked by name.
    let xlsx = write_xlsx(&r, &t);
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(xlsx)).unwrap();
    let sheet = wb.worksheet_range("Đề nghị nhắc nhở").unwrap();
    let names: Vec<String> = sheet
        .rows()
        .filter_map(|r| match (&r[0], &r[1]) {
            (Data::Float(_), Data::String(n)) => Some(n.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(names, vec!["Võ Minh Tuấn", "Đặng Thị Kim Oanh", "Lê Hoàng Phúc", "Phạm Thị Thu Hà"]);
}

#[test]
fn csv_tables_carry_a_bom_and_the_same_numbers() {
    let r = report_2023();
    let t = build(&r, Period::quarter(2023, 2, PeriodCutoff::Calendar));
    let files = export::to_csv_files(&r, &t);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "ket-qua-theo-don-vi.csv",
            "ket-qua-theo-linh-vuc.csv",
            "ho-so-tre-han.csv",
            "can-bo.csv",
            "don-vi.csv",
            "de-nghi-nhac-nho.csv",
            "bieu-duong.csv",
            "chat-luong-du-lieu.csv",
            "dong-bi-loai.csv",
            "ho-so.csv",
            "thong-tin.csv"
        ]
    );
    let unit = String::from_utf8(files[0].1.clone()).unwrap();
    assert!(unit.starts_with("\u{feff}STT,Đơn vị,Số hồ sơ nhận giải quyết - Tổng số,"));
    assert!(unit.contains("\n,Tổng cộng,7,3,4,0,7,1,3,3,0,0,0,57.1,11.4\n"), "{unit}");
    let info = String::from_utf8(files[10].1.clone()).unwrap();
    assert!(
        info.contains("binh-dinh-2023") && info.contains("dossiers_2023.xlsx (36 dòng, 25 bản ghi, 3 bị loại)"),
        "{info}"
    );
}

#[test]
fn the_workbook_prints_to_pdf_with_libreoffice() {
    let r = report_2023();
    let t = build(&r, Period::year(2023, PeriodCutoff::Calendar));
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-pdf");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let xlsx = dir.join("bao-cao-2023.xlsx");
    std::fs::write(&xlsx, write_xlsx(&r, &t)).unwrap();
    let out = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            &format!("-env:UserInstallation=file://{}/lo-profile", dir.display()),
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&dir)
        .arg(&xlsx)
        .output()
        .expect("LibreOffice (soffice) is installed by scripts/setup");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = std::fs::read(dir.join("bao-cao-2023.pdf")).expect("the PDF was written");
    assert!(pdf.starts_with(b"%PDF"));
    let pages =
        pdf.windows(b"/Type/Page".len() + 1).filter(|w| w.starts_with(b"/Type/Page") && w[w.len() - 1] != b's').count();
    assert!(pages >= 9, "one page per sheet at least, got {pages}");
}

#[test]
fn a_lean_check_explains_on_demand_and_reports_progress() {
    let l = load(&["dossiers_2023.xlsx"], None, None);
    let req = request(&l, Profile::default_profile(), date(2023, 12, 31));
    let mut stages = Vec::new();
    let lean =
        dunghen::check::run(&req, dunghen::check::CheckOptions { explain: false }, &mut |p| stages.push(p.stage))
            .unwrap();
    let full = check::report(&req).unwrap();
    assert!(lean.report.dossiers.iter().all(|d| d.explanation.steps.is_empty()));
    assert_eq!(lean.report.summary.late, full.summary.late);
    let i = full.dossiers.iter().position(|d| d.code == "H08.22-230414-0009").unwrap();
    assert_eq!(lean.explain_dossier(i).unwrap(), *full.dossiers.at(i).explanation);
    assert!(lean.explain_dossier(full.dossiers.len()).is_none());
    use dunghen::ingest::Stage;
    assert!(
        stages.contains(&Stage::Read)
            && stages.contains(&Stage::Convert)
            && stages.contains(&Stage::Judge)
            && stages.contains(&Stage::Report),
        "{stages:?}"
    );
}

/// The browser's lean check writes no explanations: each "why?" is computed when asked, from the report's dossier
/// or the check's assessment. It must say exactly what the full check wrote for every dossier, officer and unit.
#[test]
fn lean_explanations_equal_the_full_ones() {
    use dunghen::check::{self, CheckOptions};
    let l = load(
        &["dossiers_2023.xlsx", "dossiers_2024_small.csv", "dossiers_2022_q4.csv"],
        Some("reminders_2022.xlsx"),
        Some("proposals_2023.xlsx"),
    );
    let carried = Profile::default_profile().carried_forward("Kế hoạch CCHC năm 2024 (kiểm thử)");
    let full = run(&l, carried.clone(), date(2024, 6, 30));
    let req = request(&l, carried, date(2024, 6, 30));
    let mut lean = check::run(&req, CheckOptions { explain: false }, &mut |_| {}).unwrap();
    assert_eq!(lean.report.dossiers.len(), full.dossiers.len());
    // Officers and units, asked one at a time, then all at once (as the exports do).
    for (unit, full_list) in [(false, &full.officers), (true, &full.units)] {
        let lean_list = if unit { &lean.report.units } else { &lean.report.officers };
        assert_eq!(lean_list.len(), full_list.len());
        assert!(lean_list.iter().all(|a| a.explanation.steps.is_empty()));
        for (i, a) in full_list.iter().enumerate() {
            assert!(!a.explanation.steps.is_empty() && !a.explanation.citations.is_empty());
            assert_eq!(lean.explain_assessment(unit, i).as_ref(), Some(&a.explanation), "{}", a.name.display);
        }
        assert!(lean.explain_assessment(unit, full_list.len()).is_none());
    }
    assert!(
        full.officers.iter().any(|a| a.finding != dunghen::rules::assessment::Finding::Ok),
        "some officers are capped"
    );
    lean.explain_assessments();
    for (l, f) in lean.report.officers.iter().chain(&lean.report.units).zip(full.officers.iter().chain(&full.units)) {
        assert_eq!(l.explanation, f.explanation);
    }
    assert!(full.dossiers.len() >= 25, "{}", full.dossiers.len());
    for (i, d) in full.dossiers.iter().enumerate() {
        assert!(lean.report.dossiers.at(i).explanation.steps.is_empty());
        let why = lean.explain_dossier(i).unwrap();
        assert!(!why.steps.is_empty(), "{}", d.code);
        assert_eq!(&why, d.explanation, "{}", d.code);
    }
}

/// The `dunghen.report/1` contract's dossier rows: every field, named as the contract names them (the report keeps
/// each dossier beside its verdict and writes the row when asked, so the names are checked here).
#[test]
fn the_json_dossier_row_keeps_the_contracts_fields() {
    let r = report_2023();
    let json: serde_json::Value = serde_json::to_value(&r).unwrap();
    let rows = json["dossiers"].as_array().unwrap();
    assert_eq!(rows.len(), r.dossiers.len());
    let row = rows.iter().find(|d| d["code"] == "H08.22-230414-0009").unwrap();
    let keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
    let mut contract = [
        "code",
        "status",
        "status_label",
        "late_working_days",
        "received",
        "due",
        "finished",
        "returned",
        "extended_due",
        "officer",
        "unit",
        "procedure",
        "field",
        "channel",
        "statutory_days",
        "status_text",
        "apology_letter",
        "resolved",
        "paused",
        "apology",
        "statutory",
        "provisional",
        "year",
        "quarter",
        "source",
        "explanation",
    ];
    contract.sort_unstable();
    assert_eq!(keys, contract);
    assert_eq!(
        (row["status"].as_str(), row["status_label"].as_str(), row["late_working_days"].as_u64()),
        (Some("late"), Some("Trễ hạn"), Some(1))
    );
    assert_eq!((row["year"].as_i64(), row["quarter"].as_u64()), (Some(2023), Some(2)));
    assert!(
        row["source"]["row"].as_u64().is_some_and(|n| n > 1) && row["source"]["file"] == "dossiers_2023.xlsx",
        "{}",
        row["source"]
    );
    assert!(row["explanation"]["steps"].as_array().is_some_and(|s| s.len() >= 3));
}

/// 2026 (Nghị định 335/2025): the workbook gains the scores sheet, and years print as 2023, not "2.023".
#[test]
fn the_2026_workbook_has_the_scores_sheet() {
    let l = load(&["dossiers_2026.csv"], None, Some("proposals_2026.csv"));
    let r = run(&l, Profile::for_year(2026).unwrap(), date(2026, 12, 31));
    assert_eq!(r.profile.id, "toan-quoc-2026");
    let t = build(&r, Period::year(2026, PeriodCutoff::Calendar));
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(write_xlsx(&r, &t))).unwrap();
    let sheet = wb.worksheet_range("Điểm tiến độ (NĐ 335)").unwrap();
    let an_year = sheet
        .rows()
        .find(|row| {
            row.get(1) == Some(&Data::String("Trần Văn An".into())) && row.get(3) == Some(&Data::String("2026".into()))
        })
        .expect("An's row for 2026");
    // Assigned 6, finished 5, on time 4, late 2, 2 delays; at most 87.36 points: "Hoàn thành tốt nhiệm vụ".
    let num = |c: &Data| match c {
        Data::Float(f) => *f,
        other => panic!("{other:?}"),
    };
    let nums: Vec<f64> = an_year[4..9].iter().map(num).collect();
    assert_eq!(nums, vec![6.0, 5.0, 4.0, 2.0, 2.0]);
    assert_eq!(num(&an_year[11]), 87.36);
    assert_eq!(an_year[12], Data::String("Hoàn thành tốt nhiệm vụ".into()));
    // The officers' sheet: the year is a number, written with the format "0".
    let officers = wb.worksheet_range("Cán bộ").unwrap();
    assert!(officers.rows().any(|row| row.contains(&Data::Float(2026.0))));
}

/// Issue 22: a dossier list longer than a sheet goes on "Hồ sơ", "Hồ sơ (2)"…, after the summary sheets, every
/// dossier once, in order.
#[test]
fn a_dossier_list_longer_than_a_sheet_is_split() {
    let r = report_2023();
    let t = build(&r, Period::year(2023, PeriodCutoff::Calendar));
    let head = Letterhead { agency: "UBND huyện Tuy Phước".into(), place: "Tuy Phước".into() };
    // The list's sheets of 44 rows, with their titles and signatures, hold a few dossiers each.
    let bytes = export::to_xlsx_with_sheet_rows(&r, &t, &head, 44).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    // The hidden machine-readable sheet follows the tables.
    let names: Vec<String> = wb.sheet_names().into_iter().filter(|n| n != export::MACHINE_SHEET).collect();
    let parts: Vec<String> = names.iter().filter(|n| *n == "Hồ sơ" || n.starts_with("Hồ sơ (")).cloned().collect();
    assert!(parts.len() > 1, "{names:?}");
    let want: Vec<String> =
        (1..=parts.len()).map(|i| if i == 1 { "Hồ sơ".into() } else { format!("Hồ sơ ({i})") }).collect();
    assert_eq!(parts, want);
    assert_eq!(names[names.len() - parts.len()..], parts[..], "the list comes last: {names:?}");
    assert_eq!(names[0], "Kết quả theo đơn vị");
    let mut codes = Vec::new();
    for p in &parts {
        let s = wb.worksheet_range(p).unwrap();
        assert!(s.end().unwrap().0 < 44, "{p} fits its rows");
        // The list's rows: a number in the first column ("STT"), the code next to it.
        codes.extend(
            s.rows().filter(|row| matches!(row[0], Data::Float(_) | Data::Int(_))).map(|row| row[1].to_string()),
        );
    }
    let want: Vec<String> = r.dossiers.iter().map(|d| d.code.clone()).collect();
    assert_eq!(codes, want);
}

/// Issue 21: every report carries where it comes from and a seal of its figures, in the JSON and in the workbook's
/// hidden sheet; a figure changed afterwards breaks the seal.
#[test]
fn reports_carry_their_provenance_and_a_seal_of_their_figures() {
    use dunghen::report::provenance::sha256_hex;
    use dunghen::report::seal;
    let l = load(&["dossiers_2023.xlsx"], Some("reminders_2022.xlsx"), Some("proposals_2023.xlsx"));
    let mut req = request(&l, Profile::default_profile(), date(2023, 12, 31));
    req.agency =
        dunghen::report::provenance::Agency { name: "UBND huyện Tuy Phước".into(), place: "Tuy Phước".into() };
    let r = check::report(&req).unwrap();
    let p = &r.provenance;
    assert_eq!((p.agency.as_str(), p.place.as_str()), ("UBND huyện Tuy Phước", "Tuy Phước"));
    let files: Vec<(&str, &str, u64)> = p.files.iter().map(|f| (f.name.as_str(), f.kind.as_str(), f.size)).collect();
    assert_eq!(
        files,
        [
            ("dossiers_2023.xlsx", "dossiers", fixture("dossiers_2023.xlsx").len() as u64),
            ("reminders_2022.xlsx", "reminded", fixture("reminders_2022.xlsx").len() as u64),
            ("proposals_2023.xlsx", "ratings", fixture("proposals_2023.xlsx").len() as u64),
        ]
    );
    assert_eq!(p.files[0].sha256, sha256_hex(&fixture("dossiers_2023.xlsx")));
    assert_eq!((p.rule_set.id.as_str(), p.calendar.overrides.len()), (Profile::default_profile().id.as_str(), 0));
    assert!(p.calendar.official_years.contains(&2023));

    let t = tables::build(&r, &Period::year(2023, PeriodCutoff::Calendar), &Profile::default_profile());
    let mut doc: serde_json::Value = serde_json::from_slice(&export::to_json(&r, Some(&t))).unwrap();
    assert_eq!(doc["provenance"]["period"]["slug"], "2023");
    assert_eq!(doc["provenance"]["figures_sha256"].as_str().map(str::len), Some(64));
    assert_eq!(doc["figures"]["summary"]["late"], r.summary.late);
    assert_eq!(doc["figures"]["codes"].as_array().map(Vec::len), Some(r.dossiers.len()));
    assert_eq!(seal::verify(&doc), Some(true));
    // Re-indented, it still matches; one figure changed, it does not.
    let compact: serde_json::Value = serde_json::from_str(&doc.to_string()).unwrap();
    assert_eq!(seal::verify(&compact), Some(true));
    doc["figures"]["results_by_unit"][0]["late"] = serde_json::json!(0);
    assert_eq!(seal::verify(&doc), Some(false));
    // Without the period's tables there is nothing sealed.
    let plain: serde_json::Value = serde_json::from_slice(&export::to_json(&r, None)).unwrap();
    assert_eq!(seal::verify(&plain), None);

    // The workbook's very hidden sheet holds the same, joined from column A.
    let bytes = export::to_xlsx(&r, &t, &Letterhead::default()).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names().last().map(String::as_str), Some(export::MACHINE_SHEET));
    let range = wb.worksheet_range(export::MACHINE_SHEET).unwrap();
    let text: String = range.rows().filter_map(|row| row.first().map(|c| c.to_string())).collect();
    assert_eq!(text, export::machine_json(&r, &t));
    let hidden: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(seal::verify(&hidden), Some(true));
    assert_eq!(
        hidden["provenance"],
        serde_json::from_slice::<serde_json::Value>(&export::to_json(&r, Some(&t))).unwrap()["provenance"]
    );
}

/// Issue 21: who to commend in the year of the 2023 log (tests/fixtures/README.md): Phòng Tư pháp's 9 dossiers due
/// in 2023 were all early (3) or on time (6), Nguyễn Văn An's 5 (2 + 3); Trần Thị Bích Ngọc's 4 fall short of the
/// default 5; every other officer and unit has a late or overdue dossier.
#[test]
fn the_commendation_list_names_who_had_every_dossier_on_time() {
    use dunghen::report::commendation::Who;
    let r = report_2023();
    let year = Period::year(2023, PeriodCutoff::Calendar);
    let t = build(&r, year);
    let c = &t.commendations;
    assert_eq!((c.settings.min_dossiers, c.settings.require_all_on_time), (5, true));
    let got: Vec<(Who, &str, &str, u32, u32, u32, u32)> = c
        .list
        .iter()
        .map(|x| {
            (
                x.who.kind,
                x.who.name.as_str(),
                x.who.unit.as_str(),
                x.dossiers,
                x.who.early,
                x.who.on_time,
                x.who.pending,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Who::Officer, "Nguyễn Văn An", "Phòng Tư pháp", 5, 2, 3, 0),
            (Who::Unit, "Phòng Tư pháp", "Phòng Tư pháp", 9, 3, 6, 0),
        ]
    );
    assert_eq!(c.list[0].who.months, ["2023-01", "2023-03", "2023-05", "2023-08", "2023-11"]);
    let why = &c.list[0].explanation;
    assert!(why.steps[0].vi.contains("5 hồ sơ") && why.steps[1].vi.contains("01/2023, 03/2023"), "{why:?}");
    assert_eq!(why.citations[0].sureness, dunghen::model::Sureness::U);
    // Three candidates in all (Ngọc too); a lower threshold commends her.
    assert_eq!(t.candidates.len(), 3);
    let four = Profile::default_profile().with_patch("[commendation.min_dossiers]\nvalue = 4\n").unwrap();
    let t4 = tables::build(&r, &year, &four);
    assert_eq!(t4.commendations.list.len(), 3);
    assert_eq!(t4.commendations.list[1].who.name, "Trần Thị Bích Ngọc");
    // A quarter with fewer dossiers commends nobody.
    assert!(build(&r, Period::quarter(2023, 2, PeriodCutoff::Calendar)).commendations.list.is_empty());

    // The JSON carries the list and the figures the candidates; the workbook a sheet "Biểu dương".
    let doc: serde_json::Value = serde_json::from_slice(&export::to_json(&r, Some(&t))).unwrap();
    assert_eq!(doc["commendations"]["list"][1]["name"], "Phòng Tư pháp");
    assert_eq!(doc["commendations"]["list"][1]["kind"], "unit");
    assert_eq!(doc["commendations"]["settings"]["min_dossiers"], 5);
    assert_eq!(doc["figures"]["commendations"].as_array().map(Vec::len), Some(3));
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(write_xlsx(&r, &t))).unwrap();
    let s = wb.worksheet_range("Biểu dương").unwrap();
    let rows: Vec<Vec<String>> = s.rows().map(|row| row.iter().map(|c| c.to_string()).collect()).collect();
    let at = rows.iter().position(|row| row.first().is_some_and(|c| c == "STT")).expect("the header");
    assert_eq!(
        rows[at + 1][1..8],
        ["Nguyễn Văn An", "Phòng Tư pháp", "5", "2", "3", "0", "01/2023, 03/2023, 05/2023, 08/2023, 11/2023"]
    );
    assert_eq!(rows[at + 2][1], "Tập thể Phòng Tư pháp");
    assert!(rows[at + 1][8].contains("Cách hiểu của Đúng Hẹn"));
}
