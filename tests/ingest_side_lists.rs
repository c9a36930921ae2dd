//! The previous year's reminders and the proposed ratings: same row accounting, same bilingual rejections.

use chrono::NaiveDate;
use dunghen::ingest::{read_proposals, read_reminders, read_renames};
use dunghen::model::Rating;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

#[test]
fn reminders_xlsx() {
    let l = read_reminders("reminders_2022.xlsx", &fixture("reminders_2022.xlsx"), 2022, None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.sheet, "Nhắc nhở 2022");
    assert_eq!(l.header_row, 4);
    let c = l.counts;
    // Rows 5..=11: four reminders, one bad date, a blank row and the signature line.
    assert_eq!((c.rows, c.dossiers, c.rejected, c.blank, c.non_data), (7, 4, 1, 1, 1));
    type Line<'a> = (&'a str, &'a str, i32, Option<NaiveDate>, Option<&'a str>, u32);
    let got: Vec<Line> = l
        .items
        .iter()
        .map(|r| {
            (r.name.display.as_str(), r.unit.display.as_str(), r.year, r.date, r.document.as_deref(), r.source.row)
        })
        .collect();
    let d = |m, dd| NaiveDate::from_ymd_opt(2022, m, dd);
    assert_eq!(
        got,
        vec![
            ("Võ Minh Tuấn", "Chi nhánh Văn phòng Đăng ký đất đai", 2022, d(6, 15), Some("125/UBND-VP"), 5),
            ("Lê Hoàng Phúc", "Phòng Tài nguyên và Môi trường", 2022, d(9, 20), Some("310/UBND-VP"), 6),
            // The unit itself was reminded: empty name.
            ("", "Chi nhánh Văn phòng Đăng ký đất đai", 2022, d(9, 20), Some("311/UBND-VP"), 7),
            ("Phạm Thị Thu Hà", "Phòng Tài nguyên và Môi trường", 2022, d(12, 12), Some("455/UBND-VP"), 9),
        ]
    );
    assert!(l.items[2].name.is_empty());
    assert_eq!(l.rejected.len(), 1);
    let r = &l.rejected[0];
    assert_eq!((r.source.row, r.source.column.as_deref(), r.value.as_str()), (8, Some("Ngày nhắc nhở"), "30/02/2022"));
    assert_eq!(r.reason.vi, "Ngày nhắc nhở '30/02/2022' không phải ngày hợp lệ");
    assert_eq!(r.reason.en, "Reminder date '30/02/2022' is not a valid date");
    assert_eq!(&*r.source.sheet, "Nhắc nhở 2022");
}

#[test]
fn reminders_csv_with_a_year_column_and_a_default_year() {
    let l = read_reminders("reminders_2022.csv", &fixture("reminders_2022.csv"), 2021, None)
        .unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(&str, i32, u32)> = l.items.iter().map(|r| (r.name.display.as_str(), r.year, r.source.row)).collect();
    // The line without a year takes the caller's default.
    assert_eq!(got, vec![("Võ Minh Tuấn", 2022, 2), ("", 2022, 3), ("Đặng Thị Kim Oanh", 2021, 4)]);
    assert_eq!(l.rejected.len(), 1);
    let r = &l.rejected[0];
    assert_eq!((r.source.row, r.source.column.as_deref(), r.value.as_str()), (5, Some("Năm"), "hai nghìn"));
    assert_eq!(r.reason.en, "Year 'hai nghìn' is not valid");
    assert_eq!(r.reason.vi, "Năm 'hai nghìn' không hợp lệ");
    assert!(l.counts.adds_up());
    assert_eq!(l.counts.rows, 4);
}

#[test]
fn proposals_xlsx() {
    let l =
        read_proposals("proposals_2023.xlsx", &fixture("proposals_2023.xlsx"), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.header_row, 3);
    let c = l.counts;
    // Rows 4..=13: five proposals, two rejected, a blank row, the place-date line and the signature title.
    assert_eq!((c.rows, c.dossiers, c.rejected, c.blank, c.non_data), (10, 5, 2, 1, 2));
    let got: Vec<(&str, Rating, bool, u32)> =
        l.items.iter().map(|p| (p.name.display.as_str(), p.level, p.disciplined, p.source.row)).collect();
    assert_eq!(
        got,
        vec![
            ("Võ Minh Tuấn", Rating::Tot, false, 4),
            ("Lê Hoàng Phúc", Rating::XuatSac, false, 5),
            ("Nguyễn Văn An", Rating::Tot, false, 6),
            ("Đặng Thị Kim Oanh", Rating::HoanThanh, true, 8),
            // The unit's collective rating: empty name.
            ("", Rating::Tot, false, 9),
        ]
    );
    assert_eq!(l.items[4].unit.display, "Chi nhánh Văn phòng Đăng ký đất đai");
    let rej: Vec<(u32, Option<&str>, &str)> =
        l.rejected.iter().map(|r| (r.source.row, r.source.column.as_deref(), r.value.as_str())).collect();
    assert_eq!(rej, vec![(7, Some("Mức xếp loại đề xuất"), "Giỏi"), (10, Some("Mức xếp loại đề xuất"), "")]);
    assert!(l.rejected[0].reason.vi.starts_with("Mức xếp loại 'Giỏi' không nhận ra"));
    assert!(l.rejected[0].reason.en.starts_with("Rating level 'Giỏi' is not recognised"));
    assert_eq!(l.rejected[1].reason.en, "Missing proposed rating level");
    // "Khiển trách" (a discipline form) is read as disciplined, and said so.
    assert!(l.warnings.iter().any(|w| w.en.contains("read as disciplined") && w.en.contains("Khiển trách")));
}

#[test]
fn proposals_csv_without_diacritics() {
    let l =
        read_proposals("proposals_2023.csv", &fixture("proposals_2023.csv"), None).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(&str, &str, Rating, bool)> =
        l.items.iter().map(|p| (p.name.display.as_str(), p.unit.display.as_str(), p.level, p.disciplined)).collect();
    assert_eq!(
        got,
        vec![
            ("Võ Minh Tuấn", "Chi nhánh Văn phòng Đăng ký đất đai", Rating::Tot, false),
            ("Đặng Thị Kim Oanh", "Chi nhánh Văn phòng Đăng ký đất đai", Rating::HoanThanh, true),
            ("", "Phòng Tư pháp", Rating::XuatSac, false),
        ]
    );
    assert_eq!(l.rejected.len(), 1);
    assert_eq!((l.rejected[0].source.row, l.rejected[0].value.as_str()), (5, "Xuất sắc lắm"));
    let c = l.counts;
    assert_eq!((c.rows, c.dossiers, c.rejected, c.blank, c.non_data), (4, 3, 1, 0, 0));
}

#[test]
fn a_dossier_log_is_not_a_proposals_list() {
    let e = read_proposals("dossiers_2023.xlsx", &fixture("dossiers_2023.xlsx"), None)
        .err()
        .map(|e| e.text().en)
        .unwrap_or_default();
    assert!(e.starts_with("No proposed ratings list found"), "{e}");
    // The first row of text in the workbook, with its sheet.
    assert!(
        e.contains("Row 3 of sheet \"Tổng hợp\" reads: \"Đơn vị\", \"Tổng số hồ sơ\", \"Đúng hạn\", \"Trễ hạn\"."),
        "{e}"
    );
}

#[test]
fn a_list_that_is_not_found_says_what_it_needs_and_what_the_file_has() {
    // A ratings list whose columns the reader does not know: the sentence names the columns a ratings list needs
    // and quotes the file's header row, so the user can rename them.
    // Under a letterhead of two texts: the row quoted is the one naming the most columns.
    let csv = "UBND HUYỆN TUY PHƯỚC,CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nDANH SÁCH ĐỀ NGHỊ\nSTT,Nhân sự,Bộ phận,Đề \
        nghị\n1,Võ Minh Tuấn,Phòng Tư pháp,Hoàn thành tốt nhiệm vụ\n";
    let e = read_proposals("de_xuat.csv", csv.as_bytes(), None).expect_err("no list");
    assert!(
        e.text().vi.starts_with(
            "Không tìm thấy danh sách đề xuất xếp loại trong tệp: cần một dòng tiêu đề có cột Mức xếp loại đề xuất"
        ),
        "{}",
        e.text().vi
    );
    assert!(
        e.text().vi.contains("Dòng 3 của tệp ghi: \"STT\", \"Nhân sự\", \"Bộ phận\", \"Đề nghị\"."),
        "{}",
        e.text().vi
    );
    assert!(
        e.text().en.contains("a proposed level column")
            && e.text().en.contains("Row 3 of the file reads: \"STT\", \"Nhân sự\""),
        "{}",
        e.text().en
    );
    // A reminder list needs a name or a unit.
    let csv = "Người được nhắc;Ngày nhắc nhở\nVõ Minh Tuấn;15/03/2022\n";
    let e = read_reminders("nhac_nho.csv", csv.as_bytes(), 2022, None).expect_err("no list");
    assert!(e.text().vi.contains("cần một dòng tiêu đề có cột Họ và tên (hoặc Họ tên"), "{}", e.text().vi);
    assert!(e.text().vi.contains("Dòng 1 của tệp ghi: \"Người được nhắc\", \"Ngày nhắc nhở\"."), "{}", e.text().vi);
}

/// A sheet: its name, its header and its lines.
type SheetText<'a> = (&'a str, &'a [&'a str], &'a [[&'a str; 4]]);

/// A workbook of two reminder sheets, one a year: the first with a document column (its header fits better).
fn two_years() -> Vec<u8> {
    workbook(&[
        (
            "Nhắc nhở 2021",
            &["Họ và tên", "Đơn vị", "Ngày nhắc nhở", "Số văn bản"],
            &[["Lê Văn An", "Phòng Tư pháp", "10/05/2021", "12/UBND"]],
        ),
        (
            "Nhắc nhở 2022",
            &["Họ và tên", "Đơn vị", "Ngày nhắc nhở"],
            &[["Võ Minh Tuấn", "Phòng Tư pháp", "15/03/2022", ""], ["Trần Thị Bình", "Phòng Nội vụ", "20/06/2022", ""]],
        ),
    ])
}

/// A workbook of the given sheets.
fn workbook(sheets: &[SheetText]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, header, lines) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, line) in lines.iter().enumerate() {
            for (c, v) in line.iter().take(header.len()).enumerate() {
                ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_renames_workbook_of_several_sheets_is_read_from_the_one_that_holds_the_list_or_the_chosen_one() {
    let bytes = workbook(&[
        ("Hướng dẫn", &["Ghi chú", "Người lập"], &[["Danh sách theo Nghị quyết sắp xếp", "Văn phòng", "", ""]]),
        (
            "Sáp nhập 2025",
            &["Tên đơn vị cũ", "Tên đơn vị mới", "Ngày hiệu lực"],
            &[["Phòng Tư pháp huyện Tuy Phước", "Phòng Tư pháp", "01/07/2025", ""]],
        ),
        ("Dự kiến 2026", &["Tên cũ", "Tên mới"], &[["Phòng Tư pháp", "Phòng Văn hóa - Xã hội", "", ""]]),
    ]);
    let lines = |l: &dunghen::ingest::SideList<dunghen::model::Rename>| {
        l.items.iter().map(|r| format!("{} → {}", r.old.display, r.new.display)).collect::<Vec<_>>()
    };
    // Left to itself, the reader takes the sheet whose header names the most columns, and says which it took.
    let auto = read_renames("doi_ten.xlsx", &bytes, None).unwrap();
    assert_eq!((auto.sheet.as_str(), auto.sheets.len()), ("Sáp nhập 2025", 3));
    assert_eq!(lines(&auto), ["Phòng Tư pháp huyện Tuy Phước → Phòng Tư pháp"]);
    // The user's choice, by name (case and diacritics aside).
    let chosen = read_renames("doi_ten.xlsx", &bytes, Some("du kien 2026")).unwrap();
    assert_eq!(chosen.sheet, "Dự kiến 2026");
    assert_eq!(lines(&chosen), ["Phòng Tư pháp → Phòng Văn hóa - Xã hội"]);
    assert_eq!(chosen.missing, ["from"]);
    // A sheet without the list says so, quoting that sheet.
    let e = read_renames("doi_ten.xlsx", &bytes, Some("Hướng dẫn")).unwrap_err();
    assert!(e.text().vi.contains("\"Hướng dẫn\""), "{}", e.text().vi);
}

#[test]
fn a_list_is_read_from_the_sheet_the_user_chose() {
    let bytes = two_years();
    let names = |l: &dunghen::ingest::SideList<dunghen::model::Reminder>| {
        l.items.iter().map(|r| (r.name.display.clone(), r.year)).collect::<Vec<_>>()
    };
    // Left to itself, the reader takes the sheet whose header names the most columns, and says which sheets exist.
    let auto = read_reminders("nhac_nho.xlsx", &bytes, 2022, None).unwrap();
    assert_eq!((auto.sheet.as_str(), auto.sheets.len()), ("Nhắc nhở 2021", 2));
    assert_eq!(names(&auto), vec![("Lê Văn An".to_string(), 2021)]);
    // The user's choice, by name (case and diacritics aside, as for dossier files).
    let chosen = read_reminders("nhac_nho.xlsx", &bytes, 2022, Some("nhac nho 2022")).unwrap();
    assert_eq!(chosen.sheet, "Nhắc nhở 2022");
    assert_eq!(names(&chosen), vec![("Võ Minh Tuấn".to_string(), 2022), ("Trần Thị Bình".to_string(), 2022)]);
    assert_eq!(chosen.missing, vec!["year", "document"]);
    // A sheet the workbook does not have is named, with the ones it has.
    let e = read_reminders("nhac_nho.xlsx", &bytes, 2022, Some("Nhắc nhở 2023")).unwrap_err();
    assert!(
        e.text().vi.contains("Không có trang tính \"Nhắc nhở 2023\"") && e.text().vi.contains("Nhắc nhở 2022"),
        "{}",
        e.text().vi
    );
    // A ratings list looked for in a sheet without one says so, quoting that sheet.
    let e = read_proposals("nhac_nho.xlsx", &bytes, Some("Nhắc nhở 2022")).unwrap_err();
    assert!(
        e.text().vi.starts_with("Không tìm thấy danh sách đề xuất xếp loại trong trang \"Nhắc nhở 2022\":"),
        "{}",
        e.text().vi
    );
    assert!(
        e.text().vi.contains("Dòng 1 của trang \"Nhắc nhở 2022\" ghi: \"Họ và tên\", \"Đơn vị\", \"Ngày nhắc nhở\"."),
        "{}",
        e.text().vi
    );
}
