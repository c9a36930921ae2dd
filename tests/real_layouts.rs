//! Issue 19: the corpus of real export layouts (tests/fixtures/real/, written by scripts/make-real-fixtures.py).
//! Every file is read as an agency would read it and checked against the answers worked out by hand in
//! tests/fixtures/real/README.md: the format, the header rows, the mapping, the row accounting, the guesses shown
//! (group rows, the desk warning) and, through the whole check as of 07/04/2023, the judgement of chosen dossiers.

use chrono::{Datelike, NaiveDate};
use dunghen::check::{self, CheckRequest, InputFile};
use dunghen::ingest::{
    read_dossiers, DossierTable, Field, Format, MapSource, ReadErrorKind, ReadOptions, SummaryFormKind,
};
use dunghen::model::Status;
use dunghen::profile::Profile;
use dunghen::report::Report;

fn bytes(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/real/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn read(name: &str) -> DossierTable {
    let t =
        read_dossiers(name, &bytes(name), &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {}", e.text()));
    assert!(t.counts.adds_up(), "{name}: {:?}", t.counts);
    t
}

fn checked(name: &str) -> Report {
    checked_as_of(name, NaiveDate::from_ymd_opt(2023, 4, 7).unwrap())
}

fn checked_as_of(name: &str, as_of: NaiveDate) -> Report {
    let b = bytes(name);
    let req = CheckRequest::new(vec![InputFile { name, bytes: &b }], Profile::for_year(as_of.year()).unwrap(), as_of);
    check::report(&req).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

/// The column letter each field was read from.
fn letter(t: &DossierTable, f: Field) -> Option<&str> {
    t.mapping.iter().find(|m| m.field == f).map(|m| m.letter.as_str())
}

/// [rows, dossiers, rejected, blank, non_data]
fn counts(t: &DossierTable) -> [u32; 5] {
    let c = &t.counts;
    [c.rows, c.dossiers, c.rejected, c.blank, c.non_data]
}

/// [early, on time, late, pending within, pending overdue]
fn statuses(r: &Report) -> [u32; 5] {
    let s = &r.summary;
    [s.early, s.on_time, s.late, s.pending_within, s.pending_overdue]
}

/// (status, late working days, unit, officer) of one dossier.
fn judged(r: &Report, code: &str) -> (Status, u32, String, String) {
    let d = r.dossiers.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("no dossier {code}"));
    (d.verdict.status, d.verdict.late_working_days, d.unit.display.clone(), d.officer.display.clone())
}

fn j(status: Status, days: u32, unit: &str, officer: &str) -> (Status, u32, String, String) {
    (status, days, unit.to_string(), officer.to_string())
}

/// The common six (README.md): H01 early, H02 on time, H03 late 2, H04 late 5, H05 pending overdue 5, H06 pending
/// within, as of 07/04/2023.
const SIX: [u32; 5] = [1, 1, 2, 1, 1];

fn assert_six_answers(name: &str, r: &Report, units: bool, officers: bool) {
    let unit = |u: &'static str| if units { u } else { "" };
    let officer = |o: &'static str| if officers { o } else { "" };
    assert_eq!(
        judged(r, "H03"),
        j(Status::Late, 2, unit("Phòng Kinh tế và Hạ tầng"), officer("Lê Văn Cường")),
        "{name}"
    );
    assert_eq!(
        judged(r, "H04"),
        j(Status::Late, 5, unit("Phòng Tài chính - Kế hoạch"), officer("Phạm Thị Dung")),
        "{name}"
    );
    assert_eq!(
        judged(r, "H05"),
        j(Status::PendingOverdue, 5, unit("Phòng Tài nguyên và Môi trường"), officer("Hoàng Văn Em")),
        "{name}"
    );
    assert_eq!(judged(r, "H06").0, Status::PendingWithin, "{name}");
}

#[test]
fn one_stop_html_tables_in_both_encodings() {
    for (name, encoding) in [("motcua_danh_sach_utf8.xls", "UTF-8"), ("motcua_danh_sach_cp1258.xls", "windows-1258")] {
        let t = read(name);
        assert_eq!(t.format, Format::Html { encoding }, "{name}");
        assert_eq!((t.header_row, t.header_last_row), (3, 3), "{name}");
        assert_eq!(counts(&t), [6, 6, 0, 0, 0], "{name}");
        assert_eq!(
            t.mapping.iter().map(|m| m.header.as_str()).collect::<Vec<_>>()[..3],
            ["Mã hồ sơ", "Tên thủ tục hành chính", "Lĩnh vực"],
            "{name}: the <br> in a header is a space"
        );
        assert_eq!(letter(&t, Field::Unit), Some("E"));
        // "Phòng Tư pháp&nbsp;" is the same unit as "Phòng Tư pháp".
        assert_eq!(t.dossiers[0].unit.display, "Phòng Tư pháp");
        let r = checked(name);
        assert_eq!(statuses(&r), SIX, "{name}");
        assert_six_answers(name, &r, true, true);
        assert_eq!(r.dossiers.iter().find(|d| d.code == "H03").unwrap().source.row, 6);
    }
}

#[test]
fn xml_spreadsheet_2003() {
    let name = "xml_spreadsheet_2003.xls";
    let t = read(name);
    assert_eq!(t.format, Format::Xml2003);
    assert_eq!(t.sheet, "Hồ sơ");
    assert_eq!(t.header_row, 2);
    assert_eq!(counts(&t), [6, 6, 0, 0, 0]);
    assert_eq!(letter(&t, Field::Finished), Some("G"));
    let r = checked(name);
    assert_eq!(statuses(&r), SIX);
    assert_six_answers(name, &r, true, true);
}

#[test]
fn mau06_two_row_step_header() {
    let name = "mau06_so_theo_doi.xls";
    let t = read(name);
    assert_eq!((t.header_row, t.header_last_row), (2, 3));
    // 40 dossiers under the numbering row (1)…(14).
    assert_eq!(counts(&t), [41, 40, 0, 0, 1]);
    assert_eq!(letter(&t, Field::Unit), Some("G"), "Cơ quan chủ trì giải quyết");
    assert_eq!(letter(&t, Field::Received), Some("H"), "Nhận hồ sơ");
    assert_eq!(letter(&t, Field::Due), Some("I"), "Hẹn trả kết quả");
    assert_eq!(letter(&t, Field::Finished), Some("K"), "Nhận kết quả từ cơ quan giải quyết");
    assert_eq!(letter(&t, Field::Returned), Some("L"), "Trả kết quả cho cá nhân, tổ chức");
    let r = checked(name);
    // Rows 1–12 came back from the handling agency the day before the due date and were collected after it:
    // early, not late.
    assert_eq!(statuses(&r), [12, 12, 10, 0, 6]);
    assert_eq!(judged(&r, "M06-001"), j(Status::Early, 0, "Phòng Tư pháp", ""));
    assert_eq!(judged(&r, "M06-012"), j(Status::Early, 0, "Phòng Kinh tế và Hạ tầng", ""));
    assert_eq!(judged(&r, "M06-013").0, Status::OnTime);
    assert_eq!(judged(&r, "M06-025"), j(Status::Late, 1, "Phòng Tư pháp", ""));
    assert_eq!(judged(&r, "M06-040"), j(Status::PendingOverdue, 5, "Phòng Kinh tế và Hạ tầng", ""));
}

#[test]
fn group_heading_rows_give_units() {
    let name = "nhom_don_vi.xls";
    let t = read(name);
    assert_eq!(t.header_row, 1);
    assert_eq!(letter(&t, Field::Unit), None);
    assert_eq!(counts(&t), [11, 6, 0, 0, 5]);
    assert_eq!(t.group_fields.len(), 1);
    assert_eq!(t.group_fields[0].field, Field::Unit);
    assert_eq!(t.group_fields[0].rows, [2, 5, 7, 9, 11]);
    assert_eq!(t.group_fields[0].note().vi, "Đơn vị lấy từ dòng tiêu đề nhóm, dòng 2, 5, 7, 9, 11");
    let listed: Vec<(u32, &str)> = t.non_data_rows.iter().map(|x| (x.source.row, x.reason.vi.as_str())).collect();
    let g = "dòng tiêu đề nhóm (đơn vị, lĩnh vực)";
    assert_eq!(listed, [(2, g), (5, g), (7, g), (9, g), (11, g)]);
    assert_eq!(t.non_data_rows[4].text, "Phòng Tư pháp");
    assert_eq!(t.non_data_rows[0].source.sheet.as_ref(), "Bảng 1");
    let r = checked(name);
    assert_eq!(statuses(&r), SIX);
    assert_six_answers(name, &r, true, true);
    assert_eq!(judged(&r, "H06").2, "Phòng Tư pháp", "the last group");
}

#[test]
fn group_heading_rows_give_fields_and_stt_stays_data() {
    let name = "nhom_linh_vuc.csv";
    let t = read(name);
    assert_eq!(t.header_row, 1);
    assert_eq!(counts(&t), [11, 6, 0, 0, 5]);
    assert_eq!(t.group_fields.len(), 1);
    assert_eq!(t.group_fields[0].field, Field::FieldOfWork);
    assert_eq!(t.group_fields[0].rows, [2, 5, 7, 9, 11]);
    let field =
        |code: &str| t.dossiers.iter().find(|d| d.code == code).and_then(|d| d.field.as_deref().map(String::from));
    assert_eq!(field("H01").as_deref(), Some("Hộ tịch"), "the heading's number and \"Lĩnh vực\" are dropped");
    assert_eq!(field("H06").as_deref(), Some("Hộ tịch"));
    assert_eq!(field("H03").as_deref(), Some("Xây dựng"));
    // The STT numbers (1, 2, 1, 1…) are neither units nor a header row.
    assert_eq!(letter(&t, Field::Unit), Some("D"));
    let r = checked(name);
    assert_eq!(statuses(&r), SIX);
    assert_six_answers(name, &r, true, true);
}

#[test]
fn totals_and_signature_rows_are_no_dossiers() {
    let name = "dong_tong_va_chu_ky.csv";
    let t = read(name);
    assert_eq!(t.header_row, 2);
    // Rows 3–13: six dossiers, the totals row, a blank row, the place and date, the signature titles and the
    // "(Ký…)" line.
    assert_eq!(counts(&t), [11, 6, 0, 1, 4]);
    // Each listed with where it is and why, in both languages.
    let listed: Vec<(&str, &str, u32, &str, &str)> = t
        .non_data_rows
        .iter()
        .map(|x| (&*x.source.file, &*x.source.sheet, x.source.row, x.reason.vi.as_str(), x.text.as_str()))
        .collect();
    let sig = "dòng chữ ký, nơi nhận hoặc ghi chú cuối biểu";
    assert_eq!(
        listed,
        [
            (name, "", 9, "dòng tổng cộng", "Tổng cộng: 6 hồ sơ"),
            (name, "", 11, "dòng địa danh, ngày tháng", "Tuy Phước, ngày 07 tháng 04 năm 2023"),
            (name, "", 12, sig, "Người lập biểu · Thủ trưởng đơn vị"),
            (name, "", 13, sig, "(Ký, ghi rõ họ tên) · (Ký tên, đóng dấu)"),
        ]
    );
    assert_eq!(t.non_data_rows[0].reason.en, "a totals line");
    let r = checked(name);
    // The text output lists them one by one.
    let text = dunghen::export::to_text(&r);
    assert!(text.contains("    không phải dữ liệu: dòng 9 — dòng tổng cộng: 'Tổng cộng: 6 hồ sơ'\n"), "{text}");
    assert!(text.contains("    không phải dữ liệu: dòng 12 — dòng chữ ký"), "{text}");
    assert_eq!(statuses(&r), SIX);
    assert_six_answers(name, &r, true, true);
}

#[test]
fn portal_field_names_in_three_cases() {
    for name in ["dvcqg_pascal.csv", "api_camel_utc.csv", "csdl_snake_yyyymmdd.csv"] {
        let t = read(name);
        assert_eq!(counts(&t), [6, 6, 0, 0, 0], "{name}");
        for (f, l) in [
            (Field::Code, "A"),
            (Field::Procedure, "B"),
            (Field::Unit, "C"),
            (Field::Officer, "D"),
            (Field::Received, "E"),
            (Field::Due, "F"),
            (Field::Finished, "G"),
        ] {
            assert_eq!(letter(&t, f), Some(l), "{name}: {f:?}");
        }
    }
    let t = read("dvcqg_pascal.csv");
    assert_eq!(letter(&t, Field::Status), Some("H"));
    let r = checked("dvcqg_pascal.csv");
    assert_eq!(statuses(&r), SIX);
    assert_six_answers("dvcqg_pascal.csv", &r, true, true);
    let h03 = r.dossiers.iter().find(|d| d.code == "H03").unwrap();
    assert_eq!(h03.finished.unwrap().display_vi(), "14/03/2023 09:00");
    assert_eq!(h03.due.unwrap().display_vi(), "10/03/2023 17:00");

    let r = checked("csdl_snake_yyyymmdd.csv");
    assert_eq!(statuses(&r), SIX);
    assert_six_answers("csdl_snake_yyyymmdd.csv", &r, true, true);
}

/// The portal's status codes (data/portal_status.toml) read as their names, each told once, and judged as of Friday
/// 14/11/2025 under Nghị định 118/2025 (README.md, "dvcqg_ma_trang_thai.csv").
#[test]
fn portal_status_codes_are_read_as_their_names() {
    let name = "dvcqg_ma_trang_thai.csv";
    let t = read(name);
    assert_eq!(counts(&t), [7, 7, 0, 0, 0]);
    assert_eq!(letter(&t, Field::Status), Some("G"));
    let status = |code: &str| {
        t.dossiers.iter().find(|d| d.code == code).and_then(|d| d.status_text.as_deref().map(str::to_string))
    };
    assert_eq!(status("M04").as_deref(), Some("Dừng xử lý"));
    assert_eq!(status("M05").as_deref(), Some("Yêu cầu bổ sung giấy tờ"));
    assert_eq!(status("M01").as_deref(), Some("Đã trả kết quả"));
    // Each code is told once, with the first row that holds it.
    let told: Vec<&str> = t.warnings.iter().map(|w| w.vi.as_str()).filter(|w| w.contains("→")).collect();
    assert_eq!(told.len(), 7, "{told:?}");
    assert!(told.contains(
        &"Cột \"TrangThaiHoSo\": Trạng thái '8' → Dừng xử lý (mã trạng thái hồ sơ của Cổng Dịch vụ công quốc gia): \
        '8' (5)"
    ));

    let r = checked_as_of(name, NaiveDate::from_ymd_opt(2025, 11, 14).unwrap());
    // Early M01 · on time M05 (supplement requested) and M07 (withdrawn) · late M02 · within M06 · overdue M03.
    assert_eq!(statuses(&r), [1, 2, 1, 1, 1]);
    assert_eq!(r.summary.stopped, 1);
    assert_eq!(judged(&r, "M04"), j(Status::Stopped, 0, "Phòng Kinh tế", "Lê Văn Cường"));
    assert_eq!(judged(&r, "M03"), j(Status::PendingOverdue, 4, "Phòng Kinh tế", "Lê Văn Cường"));
    assert_eq!(judged(&r, "M02"), j(Status::Late, 2, "Phòng Tư pháp", "Trần Thị Bình"));
    assert_eq!(judged(&r, "M05"), j(Status::OnTime, 0, "Phòng Văn hóa - Xã hội", "Phạm Thị Dung"));
    // The text output tells the mapping.
    let text = dunghen::export::to_text(&r);
    assert!(text.contains("Trạng thái '4' → Đang xử lý"), "{text}");
}

/// Every code's name reads, in the rules, the way the data says: "Dừng xử lý" stopped, "Yêu cầu bổ sung giấy tờ"
/// and "Công dân yêu cầu rút hồ sơ" paused, the rest neither.
#[test]
fn portal_status_names_read_in_the_rules_as_the_data_says() {
    use dunghen::rules::lateness::StatusText;
    for s in dunghen::ingest::portal_statuses() {
        let want = match s.reads_as.as_str() {
            "stopped" => StatusText::Stopped,
            "paused" => StatusText::Paused,
            _ => StatusText::Other,
        };
        assert_eq!(StatusText::of(&s.name), want, "{} {}", s.code, s.name);
    }
}

#[test]
fn iso_utc_times_are_vietnam_time() {
    let r = checked("api_camel_utc.csv");
    // H01 finished at 2023-03-02T18:30:00Z = 03/03/2023 01:30 in Vietnam, its due day: on time, not early.
    let h01 = r.dossiers.iter().find(|d| d.code == "H01").unwrap();
    assert_eq!(h01.finished.unwrap().display_vi(), "03/03/2023 01:30");
    assert_eq!(h01.verdict.status, Status::OnTime);
    // The "why?" shows the conversion, first.
    assert_eq!(
        h01.explanation.steps[0].vi,
        "Giờ trong tệp ghi theo múi giờ UTC, đã đổi sang giờ Việt Nam (UTC+7): ngày tiếp nhận 01/03/2023 01:00 UTC → \
        01/03/2023 08:00 giờ Việt Nam; ngày hẹn trả 03/03/2023 10:00 UTC → 03/03/2023 17:00 giờ Việt Nam; ngày hoàn \
        thành 02/03/2023 18:30 UTC → 03/03/2023 01:30 giờ Việt Nam."
    );
    assert!(h01.explanation.steps[0].en.contains("finished 02/03/2023 18:30 UTC → 03/03/2023 01:30 Vietnam time"));
    assert_eq!(statuses(&r), [0, 2, 2, 1, 1]);
    assert_six_answers("api_camel_utc.csv", &r, true, true);
    // 2023-04-10T17:00:00+07:00 is already Vietnam time.
    let h06 = r.dossiers.iter().find(|d| d.code == "H06").unwrap();
    assert_eq!(h06.due.unwrap().display_vi(), "10/04/2023 17:00");
    // Its receipt, written +00:00, was converted; its due date, written +07:00, was not.
    assert_eq!(
        h06.explanation.steps[0].vi,
        "Giờ trong tệp ghi theo múi giờ UTC, đã đổi sang giờ Việt Nam (UTC+7): ngày tiếp nhận 03/04/2023 01:00 UTC → \
        03/04/2023 08:00 giờ Việt Nam."
    );
    // Times without a zone are explained without one.
    let r = checked("dvcqg_pascal.csv");
    let h01 = r.dossiers.iter().find(|d| d.code == "H01").unwrap();
    assert!(h01.explanation.steps.iter().all(|s| !s.vi.contains("múi giờ")), "{:?}", h01.explanation.steps);
}

#[test]
fn twelve_hour_times_with_am_pm_and_sa_ch() {
    let name = "gio_12h_sa_ch.csv";
    let t = read(name);
    assert_eq!(counts(&t), [6, 6, 0, 0, 0]);
    let finished = |code: &str| t.dossiers.iter().find(|d| d.code == code).unwrap().finished.unwrap().display_vi();
    assert_eq!(finished("H01"), "02/03/2023 15:30", "03:30 PM");
    assert_eq!(finished("H02"), "10/03/2023 10:00", "10:00 SA");
    assert_eq!(finished("H04"), "24/03/2023 16:00", "04:00 CH");
    let r = checked(name);
    assert_eq!(statuses(&r), SIX);
    assert_six_answers(name, &r, true, true);
}

#[test]
fn a_new_due_date_is_the_extended_one() {
    let name = "hen_tra_moi.csv";
    let t = read(name);
    assert_eq!(letter(&t, Field::Due), Some("E"));
    assert_eq!(letter(&t, Field::ExtendedDue), Some("F"));
    let r = checked(name);
    let h03 = r.dossiers.iter().find(|d| d.code == "H03").unwrap();
    assert_eq!(h03.extended_due.unwrap().display_vi(), "15/03/2023");
    // A re-appointed dossier is still late against its first due date (the profile's default).
    assert_eq!(statuses(&r), SIX);
    assert_six_answers(name, &r, true, true);
}

#[test]
fn the_receiving_desk_is_not_charged_beside_a_handling_unit() {
    let t = read("mot_cua_va_don_vi.csv");
    assert_eq!(letter(&t, Field::Unit), Some("C"));
    assert!(t.warnings.iter().any(|w| w.vi.contains("Đơn vị tiếp nhận")), "{:?}", t.warnings);
    let r = checked("mot_cua_va_don_vi.csv");
    assert_six_answers("mot_cua_va_don_vi.csv", &r, true, true);

    let t = read("chi_mot_cua.csv");
    assert_eq!(letter(&t, Field::Unit), Some("B"));
    assert!(t.warnings.iter().any(|w| w.vi.contains("nơi tiếp nhận")), "{:?}", t.warnings);
    let r = checked("chi_mot_cua.csv");
    assert_eq!(judged(&r, "H03"), j(Status::Late, 2, "Bộ phận Một cửa huyện Tuy Phước", "Lê Văn Cường"));
}

#[test]
fn summary_forms_say_what_to_export() {
    for (name, form) in
        [("bieu_II06a.xls", SummaryFormKind::ResultsTable), ("phieu_kiem_soat_mau05.csv", SummaryFormKind::ProcessSlip)]
    {
        let e = read_dossiers(name, &bytes(name), &ReadOptions::default()).unwrap_err();
        assert_eq!(*e.kind, ReadErrorKind::SummaryForm { form }, "{name}");
        assert!(e.text().vi.contains("Hãy xuất danh sách hồ sơ"), "{name}: {}", e.text().vi);
        assert!(e.text().en.contains("Export the dossier list"), "{name}");
    }
}

#[test]
fn two_digit_years_are_refused_with_a_reason() {
    let name = "nam_hai_chu_so.csv";
    let t = read(name);
    assert_eq!(counts(&t), [6, 4, 2, 0, 0]);
    assert_eq!(t.rejected.iter().map(|r| r.source.row).collect::<Vec<_>>(), [3, 5]);
    assert!(t.rejected[0].reason.vi.contains("năm viết 2 chữ số"), "{}", t.rejected[0].reason.vi);
    let r = checked(name);
    assert_eq!(statuses(&r), [1, 0, 1, 1, 1]);
}

#[test]
fn an_empty_sheet_beside_a_chart_is_called_empty() {
    let name = "bieu_do_ben_trang_trong.xlsx";
    let e = read_dossiers(name, &bytes(name), &ReadOptions::default()).unwrap_err();
    assert_eq!(*e.kind, ReadErrorKind::EmptyBesideChart { charts: vec!["Biểu đồ".to_string()] });
    assert!(e.text().vi.contains("chỉ có biểu đồ"), "{}", e.text().vi);
}

#[test]
fn backslash_part_names_are_opened() {
    let name = "ten_phan_gach_nguoc.xlsx";
    let t = read(name);
    assert_eq!(t.format, Format::Xlsx);
    assert_eq!(t.sheet, "Danh sách");
    assert_eq!(counts(&t), [6, 6, 0, 0, 0]);
    let r = checked(name);
    assert_eq!(statuses(&r), SIX);
    assert_six_answers(name, &r, true, true);
}

/// The wording of the header dictionary each column matched, with where it comes from (the review screen shows it).
fn source_of(t: &DossierTable, f: Field) -> (String, String) {
    match &t.mapping.iter().find(|m| m.field == f).unwrap_or_else(|| panic!("{f:?} unmapped")).source {
        MapSource::Dictionary { wording, source } => (wording.clone(), source.clone()),
        MapSource::Chosen => ("chosen".into(), String::new()),
    }
}

#[test]
fn each_column_says_where_its_field_came_from() {
    let t = read("mau06_so_theo_doi.xls");
    let (wording, source) = source_of(&t, Field::Finished);
    assert_eq!(wording, "Nhận kết quả từ cơ quan giải quyết");
    assert_eq!(source, "TT 01/2018/TT-VPCP Mẫu số 06 (Sổ theo dõi hồ sơ)");
    assert_eq!(source_of(&t, Field::Due).0, "Hẹn trả kết quả");

    let t = read("dvcqg_pascal.csv");
    assert_eq!(source_of(&t, Field::Due).0, "Ngày hẹn trả", "NgayHenTra read as its words");
    assert!(source_of(&t, Field::Finished).1.contains("NgayKetThucXuLy"), "{:?}", source_of(&t, Field::Finished));

    let t = read("chi_mot_cua.csv");
    let (wording, source) = source_of(&t, Field::Unit);
    assert_eq!(wording, "Đơn vị tiếp nhận");
    assert!(source.starts_with("NĐ 61/2018/NĐ-CP Điều 8"), "{source}");

    // A column the user chose says so.
    let name = "motcua_danh_sach_utf8.xls";
    let opts = ReadOptions { mapping: vec![(Field::Unit, "D".into())], ..ReadOptions::default() };
    let t = read_dossiers(name, &bytes(name), &opts).unwrap();
    assert_eq!(source_of(&t, Field::Unit).0, "chosen");
    assert_eq!(t.mapping.iter().find(|m| m.field == Field::Unit).unwrap().source.note().vi, "do người dùng chọn");
    assert_eq!(
        t.mapping.iter().find(|m| m.field == Field::Due).unwrap().source.note().vi,
        "từ điển tiêu đề: \"Ngày hẹn trả\" (RULES.md §2 (exports seen in Bình Định, 2023) and common variants)"
    );
}

/// Every file of the corpus is listed in its README with its source.
#[test]
fn every_file_is_documented() {
    let dir = format!("{}/tests/fixtures/real", env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(format!("{dir}/README.md")).unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        if name != "README.md" {
            n += 1;
            assert!(readme.contains(&format!("`{name}`")), "{name} is not in README.md");
        }
    }
    assert!(n >= 15, "{n} files");
}
