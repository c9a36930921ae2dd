//! Hostile and broken input (issue 8): every file of tests/fixtures/broken/ either reads correctly or is answered
//! with a precise sentence, and the row counts always add up. A sheet formatted down a million rows and a zip bomb
//! are read (or refused) without exhausting memory.

mod common;

use chrono::NaiveDate;
use dunghen::ingest::{read_dossiers, Field, ReadErrorKind, ReadOptions};
use dunghen::report::Report;
use std::io::Write;

fn broken(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/broken/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The file is refused for the reason `is` accepts, with a sentence in both languages.
fn refused(name: &str, is: impl Fn(&ReadErrorKind) -> bool) {
    let e = common::check_one(name, &broken(name)).err().unwrap_or_else(|| panic!("{name} should be refused"));
    assert!(is(&e.kind), "{name}: {:?}", e.kind);
    let t = e.text();
    assert!(!t.vi.is_empty() && !t.en.is_empty() && t.vi != t.en, "{name}: {t:?}");
    assert_eq!(e.file, name);
}

fn accounted(r: &Report) {
    for i in &r.inputs {
        assert_eq!(i.rows, i.dossiers + i.rejected + i.blank + i.non_data, "{}: {i:?}", i.file);
    }
    let rejected_from_inputs: u32 = r.inputs.iter().map(|i| i.rejected).sum();
    assert_eq!(rejected_from_inputs as usize, r.rejected_rows.len());
    assert_eq!(r.summary.dossiers as usize, r.dossiers.len());
}

/// (row, column, reason in Vietnamese) of every rejected row.
fn rejected(r: &Report) -> Vec<(u32, String, String)> {
    r.rejected_rows.iter().map(|x| (x.source.row, x.column.clone(), x.reason.clone())).collect()
}

#[test]
fn files_that_are_not_dossier_logs_get_a_sentence() {
    use ReadErrorKind as K;
    refused("empty.csv", |k| *k == K::Empty);
    refused("zero_rows.xlsx", |k| *k == K::EmptyWorkbook);
    refused("truncated.xlsx", |k| matches!(k, K::Damaged { format, .. } if format.contains("xlsx")));
    refused("encrypted.xlsx", |k| matches!(k, K::Protected { format } if format == "Excel (.xlsx)"));
    refused("binary.xlsb", |k| *k == K::Xlsb);
    refused("renamed_pdf.xlsx", |k| *k == K::Pdf);
    refused("xml2003.xls", |k| *k == K::EmptyWorkbook);
    refused("photo.png", |k| *k == K::Unrecognised);
    refused("no_table.xlsx", |k| matches!(k, K::NoTable { missing, .. } if *missing == [Field::Due]));
}

/// Issue 19: an HTML table saved as .xls is read as a workbook is, by content.
#[test]
fn an_html_table_named_xls_is_read() {
    let r = common::check_one("web_table.xls", &broken("web_table.xls")).unwrap();
    accounted(&r);
    assert_eq!((r.inputs[0].format.as_str(), r.inputs[0].sheet.as_str()), ("html (UTF-8)", "Bảng 1"));
    assert_eq!(r.dossiers.at(0).code, "H1");
}

#[test]
fn a_header_without_rows_reads_as_an_empty_table_with_a_warning() {
    let r = common::check_one("header_only.xlsx", &broken("header_only.xlsx")).unwrap();
    accounted(&r);
    assert_eq!((r.inputs[0].rows, r.summary.dossiers), (0, 0));
    assert_eq!(r.inputs[0].warnings[0].vi, "Bảng không có dòng hồ sơ nào dưới dòng tiêu đề (dòng 1).");
}

#[test]
fn formulas_are_read_by_their_cached_values() {
    let r = common::check_one("formulas_cached.xlsx", &broken("formulas_cached.xlsx")).unwrap();
    accounted(&r);
    let f1 = &r.dossiers.at(0);
    assert_eq!(
        (f1.code.as_str(), f1.due.unwrap().date, f1.verdict.late_working_days),
        ("F-01", NaiveDate::from_ymd_opt(2023, 3, 10).unwrap(), 1)
    );
    assert_eq!(r.dossiers.at(1).verdict.status, dunghen::model::Status::OnTime);
}

#[test]
fn formula_errors_reject_their_rows_and_say_which_error() {
    let r = common::check_one("error_values.xlsx", &broken("error_values.xlsx")).unwrap();
    accounted(&r);
    assert_eq!(r.summary.dossiers, 1);
    assert_eq!(
        rejected(&r),
        vec![
            (
                3,
                "Ngày hẹn trả".into(),
                "Ngày hẹn trả: ô chứa lỗi công thức #N/A, không có giá trị ngày (hãy sửa công thức \
            trong bảng tính)"
                    .into()
            ),
            (
                4,
                "Ngày hoàn thành".into(),
                "Ngày hoàn thành: ô chứa lỗi công thức #VALUE!, không có giá trị ngày (hãy sửa \
            công thức trong bảng tính)"
                    .into()
            ),
        ]
    );
    assert_eq!(r.rejected_rows[0].value, "#N/A");
}

#[test]
fn a_unit_merged_down_belongs_to_every_dossier_under_it() {
    let r = common::check_one("merged_cells.xlsx", &broken("merged_cells.xlsx")).unwrap();
    accounted(&r);
    let units: Vec<&str> = r.dossiers.iter().map(|d| d.dossier.unit.display.as_str()).collect();
    assert_eq!(units, vec!["Phòng Tư pháp"; 3]);
}

#[test]
fn a_line_with_another_delimiter_is_rejected_with_the_reason() {
    let r = common::check_one("mixed_delimiters.csv", &broken("mixed_delimiters.csv")).unwrap();
    accounted(&r);
    assert_eq!(r.summary.dossiers, 2);
    assert_eq!(
        rejected(&r),
        vec![(
            3,
            "Mã hồ sơ".into(),
            "Dòng này dùng dấu phân cách ',' khác với phần còn lại của tệp (';'): các cột bị dính vào nhau".into()
        )]
    );
}

#[test]
fn impossible_dates_are_rejected_with_precise_reasons() {
    let r = common::check_one("impossible_dates.csv", &broken("impossible_dates.csv")).unwrap();
    accounted(&r);
    assert_eq!(r.dossiers.iter().map(|d| d.dossier.code.as_str()).collect::<Vec<_>>(), vec!["I-05"]);
    assert_eq!(
        rejected(&r),
        vec![
            (2, "Ngày hẹn trả".into(), "Ngày hẹn trả 01/03/2023 trước ngày tiếp nhận 05/03/2023".into()),
            (3, "Ngày hoàn thành".into(), "Ngày hoàn thành 02/03/2023 trước ngày tiếp nhận 05/03/2023".into()),
            (4, "Ngày trả kết quả".into(), "Ngày trả kết quả 04/03/2023 trước ngày tiếp nhận 05/03/2023".into()),
            (
                5,
                "Ngày hẹn trả".into(),
                "Ngày hẹn trả '15/03/1899' có năm ngoài khoảng 1900–2200 (gõ nhầm năm?); Ngày hoàn \
            thành '16/03/1899' có năm ngoài khoảng 1900–2200 (gõ nhầm năm?)"
                    .into()
            ),
            (7, "Ngày hẹn trả".into(), "Ngày 10/03/1985 nằm ngoài phạm vi lịch làm việc hỗ trợ (1990–2100)".into()),
        ]
    );
    assert_eq!(r.inputs[0].rejected, 5);
    assert_eq!(r.inputs[0].dossiers, 1);
}

#[test]
fn dates_after_the_evaluation_date() {
    let r = common::check_one("future_dates.csv", &broken("future_dates.csv")).unwrap();
    accounted(&r);
    // Received after 31/12/2023: did not exist yet. Finished after it: still pending on 31/12/2023, a Sunday: the
    // working days that have passed count, up to Friday 29/12 (not Tuesday 02/01/2024, a day that had not come).
    assert_eq!(
        rejected(&r),
        vec![(
            2,
            "Ngày tiếp nhận".into(),
            "Ngày tiếp nhận 05/01/2024 sau ngày đánh giá 31/12/2023: hồ sơ chưa có tại ngày đánh giá".into()
        )]
    );
    let t2 = r.dossiers.iter().find(|d| d.code == "T-02").unwrap();
    assert_eq!((t2.verdict.status, t2.verdict.late_working_days), (dunghen::model::Status::PendingOverdue, 5));
    assert!(t2.explanation.steps.iter().any(|s| s.vi.contains("sau ngày đánh giá 31/12/2023")));
}

#[test]
fn limits_are_enforced_with_a_sentence() {
    refused("zip_bomb.xlsx", |k| matches!(k, ReadErrorKind::ZipBomb { limit: 100, .. }));
    refused("stray_cell.xlsx", |k| {
        matches!(k, ReadErrorKind::TooManyColumns { row: 1_048_576, column: 16_383, limit: 1_024, .. })
    });
}

/// A minimal workbook whose sheet XML is `sheet`, stored without compression.
fn workbook(sheet: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Hồ sơ" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ] {
        w.start_file(name, stored).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn text_row(n: u32, values: &[&str]) -> String {
    let cells: String = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!(r#"<c r="{}{n}" t="inlineStr"><is><t>{v}</t></is></c>"#, (b'A' + i as u8) as char))
        .collect();
    format!(r#"<row r="{n}">{cells}</row>"#)
}

#[test]
fn a_million_formatted_empty_rows_cost_nothing_and_count_as_nothing() {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    xml += &text_row(1, &["Mã hồ sơ", "Cơ quan thụ lý", "Ngày hẹn trả", "Ngày hoàn thành"]);
    xml += &text_row(2, &["M-01", "Phòng Tư pháp", "10/03/2023", "13/03/2023"]);
    xml += &text_row(3, &["M-02", "Phòng Tư pháp", "10/03/2023", "10/03/2023"]);
    for n in 4..=1_048_576u32 {
        xml +=
            &format!(r#"<row r="{n}" spans="1:4" s="1" customFormat="1"><c r="A{n}" s="1"/><c r="D{n}" s="1"/></row>"#);
    }
    xml += "</sheetData></worksheet>";
    let bytes = workbook(&xml);
    assert!(bytes.len() > 80_000_000);
    let t = read_dossiers("formatted.xlsx", &bytes, &ReadOptions::default()).unwrap();
    assert_eq!((t.dossiers.len(), t.counts.rows, t.counts.blank), (2, 2, 0), "formatted empty cells are not rows");
}

#[test]
fn too_many_rows_in_a_csv_is_refused() {
    let mut csv = String::from("Mã hồ sơ;Ngày hẹn trả\n");
    for i in 0..2_500_001 {
        csv += "H";
        csv += &i.to_string();
        csv += ";10/03/2023\n";
    }
    let e = read_dossiers("big.csv", csv.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert_eq!(*e.kind, ReadErrorKind::TooManyRows { sheet: String::new(), limit: 2_500_000 });
    assert!(e.text().vi.contains("hơn 2.500.000 dòng"), "{}", e.text().vi);
    assert!(e.text().en.contains("more than 2,500,000 rows"), "{}", e.text().en);
}
