//! Issue 3 (reader part): every export shape gives the same dossiers, every row is accounted for, and every
//! problem says where it is. Known answers are listed in tests/fixtures/README.md.

use chrono::{NaiveDate, NaiveTime};
use dunghen::ingest::{merge, read_dossiers, DossierTable, Field, Format, ReadErrorKind, ReadOptions};
use dunghen::model::{Channel, Dossier, Moment};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn read(name: &str) -> DossierTable {
    read_with(name, &ReadOptions::default())
}

fn read_with(name: &str, opts: &ReadOptions) -> DossierTable {
    read_dossiers(name, &fixture(name), opts).unwrap_or_else(|e| panic!("{name}: {}", e.text()))
}

fn day(y: i32, m: u32, d: u32) -> Moment {
    Moment::day(NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default())
}

fn at(y: i32, m: u32, d: u32, h: u32, mi: u32) -> Moment {
    Moment::at(
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default(),
        NaiveTime::from_hms_opt(h, mi, 0).unwrap_or_default(),
    )
}

/// The 2023 log in every shape it is committed in.
const LOG_2023: [&str; 8] = [
    "dossiers_2023.xlsx",
    "dossiers_2023.xls",
    "dossiers_2023.ods",
    "dossiers_2023_utf8.csv",
    "dossiers_2023_utf8_bom.csv",
    "dossiers_2023_utf16le.tsv",
    "dossiers_2023_utf16be.csv",
    "dossiers_2023_cp1258.csv",
];

/// Everything a dossier carries except where it came from.
fn essence(d: &Dossier) -> String {
    format!(
        "{}|{:?}|{:?}|{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|row {}",
        d.code,
        d.procedure,
        d.field,
        d.unit.display,
        d.officer.display,
        d.received,
        d.due,
        d.extended_due,
        d.finished,
        d.returned,
        d.status_text,
        d.channel,
        d.statutory_days,
        d.apology,
        d.source.row
    )
}

#[test]
fn every_format_and_encoding_gives_the_same_dossiers() {
    let reference: Vec<String> = read("dossiers_2023.xlsx").dossiers.iter().map(essence).collect();
    assert_eq!(reference.len(), 25);
    for name in LOG_2023 {
        let got: Vec<String> = read(name).dossiers.iter().map(essence).collect();
        assert_eq!(got, reference, "{name} differs from the xlsx");
    }
}

#[test]
fn the_2023_log_has_its_known_values() {
    for name in LOG_2023 {
        let t = read(name);
        let first = &t.dossiers[0];
        assert_eq!(first.code, "H08.22-230106-0001", "{name}");
        assert_eq!(first.procedure.as_deref(), Some("Chứng thực bản sao từ bản chính"));
        assert_eq!(first.field.as_deref(), Some("Chứng thực"));
        assert_eq!(first.unit.display, "Phòng Tư pháp");
        assert_eq!(first.officer.display, "Nguyễn Văn An");
        assert_eq!(first.received, Some(at(2023, 1, 6, 8, 15)));
        assert_eq!(first.due, Some(day(2023, 1, 10)));
        assert_eq!(first.finished, Some(at(2023, 1, 9, 16, 30)));
        assert_eq!(first.returned, Some(at(2023, 1, 10, 9, 0)));
        assert_eq!(first.channel, Some(Channel::InPerson));
        assert_eq!(first.statutory_days, Some(2));
        assert_eq!(first.apology, Some(false));
        assert_eq!(first.status_text.as_deref(), Some("Đã trả kết quả"));
        assert_eq!(first.source.row, 9);
        assert_eq!(first.source.column, None);
        assert_eq!(&*first.source.file, name);

        let by_code = |c: &str| t.dossiers.iter().find(|d| d.code == c).unwrap_or_else(|| panic!("{name}: no {c}"));
        // Finished at 19:00, stored as a float: must not come back as 18:59:59.
        assert_eq!(by_code("H08.22-230320-0007").finished, Some(at(2023, 3, 23, 19, 0)), "{name}");
        // The due date that falls in the long April-May holiday, and an apology.
        let late = by_code("H08.22-230414-0009");
        assert_eq!(
            (late.due, late.finished, late.apology),
            (Some(day(2023, 4, 28)), Some(at(2023, 5, 4, 10, 20)), Some(true))
        );
        // Dates written as dd/mm/yyyy text in the xlsx read the same as real date cells.
        assert_eq!(by_code("H08.22-230418-0010").received, Some(at(2023, 4, 18, 13, 45)));
        // "10 ngày" as text; Online and Post channels; an extended due date.
        assert_eq!(by_code("H08.22-230301-0005").statutory_days, Some(10));
        assert_eq!(by_code("H08.22-230301-0005").channel, Some(Channel::Online));
        assert_eq!(by_code("H08.22-230220-0004").channel, Some(Channel::Post));
        assert_eq!(by_code("H08.22-230515-0012").extended_due, Some(day(2023, 6, 19)));
        // Still pending: no finished date.
        let pending = by_code("H08.22-231218-0025");
        assert_eq!((pending.finished, pending.due), (None, Some(day(2024, 1, 8))));
        assert_eq!(pending.status_text.as_deref(), Some("Chờ bổ sung"));

        // Three units, six officers.
        let mut units: Vec<&str> = t.dossiers.iter().map(|d| d.unit.display.as_str()).collect();
        units.sort();
        units.dedup();
        assert_eq!(units, ["Chi nhánh Văn phòng Đăng ký đất đai", "Phòng Tài nguyên và Môi trường", "Phòng Tư pháp"]);
        let mut officers: Vec<&str> = t.dossiers.iter().map(|d| d.officer.key.as_str()).collect();
        officers.sort();
        officers.dedup();
        assert_eq!(officers.len(), 6);
    }
}

#[test]
fn row_accounting_adds_up_on_the_2023_log() {
    for name in LOG_2023 {
        let c = read(name).counts;
        // Rows 9..=44: 25 dossiers, 3 rejected, blank rows 21, 38, 42, 43, and the place-date line, the two
        // signature title lines and the signers' names (39, 40, 41, 44).
        assert_eq!((c.rows, c.dossiers, c.rejected, c.blank, c.non_data), (36, 25, 3, 4, 4), "{name}");
        assert!(c.adds_up());
    }
}

#[test]
fn rejected_rows_say_where_and_why_in_two_languages() {
    for name in LOG_2023 {
        let t = read(name);
        let sheet = if name.ends_with(".xlsx") || name.ends_with(".xls") || name.ends_with(".ods") {
            "Hồ sơ 2023"
        } else {
            ""
        };
        let got: Vec<(u32, Option<&str>, &str, &str, &str)> = t
            .rejected
            .iter()
            .map(|r| {
                (r.source.row, r.source.column.as_deref(), r.value.as_str(), r.reason.vi.as_str(), r.reason.en.as_str())
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    24,
                    Some("Ngày hẹn trả"),
                    "31/02/2023",
                    "Ngày hẹn trả '31/02/2023' không phải ngày hợp lệ",
                    "Due date '31/02/2023' is not a valid date"
                ),
                (
                    31,
                    Some("Mã hồ sơ"),
                    "",
                    "Thiếu mã hồ sơ (ô \"Mã hồ sơ\" trống)",
                    "Missing dossier code (cell \"Mã hồ sơ\" is empty)"
                ),
                (
                    35,
                    Some("Ngày hoàn thành"),
                    "29/02/2023 09:00",
                    "Ngày hoàn thành '29/02/2023 09:00' không phải ngày hợp lệ",
                    "Finished date '29/02/2023 09:00' is not a valid date"
                ),
            ],
            "{name}"
        );
        for r in &t.rejected {
            assert_eq!(&*r.source.file, name);
            assert_eq!(&*r.source.sheet, sheet, "{name}");
        }
    }
}

#[test]
fn formats_and_encodings_are_detected_from_content() {
    let expect = [
        ("dossiers_2023.xlsx", Format::Xlsx),
        ("dossiers_2023.xls", Format::Xls),
        ("dossiers_2023.ods", Format::Ods),
        ("dossiers_2023_utf8.csv", Format::Csv { encoding: "UTF-8", delimiter: b',' }),
        ("dossiers_2023_utf8_bom.csv", Format::Csv { encoding: "UTF-8 BOM", delimiter: b';' }),
        ("dossiers_2023_utf16le.tsv", Format::Csv { encoding: "UTF-16LE", delimiter: b'\t' }),
        ("dossiers_2023_utf16be.csv", Format::Csv { encoding: "UTF-16BE", delimiter: b';' }),
        ("dossiers_2023_cp1258.csv", Format::Csv { encoding: "windows-1258", delimiter: b',' }),
    ];
    for (name, format) in expect {
        // The file name plays no part: read every file under a neutral name.
        let t =
            read_dossiers("upload", &fixture(name), &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(t.format, format, "{name}");
    }
}

#[test]
fn windows_1258_names_come_back_composed() {
    let t = read("dossiers_2023_cp1258.csv");
    let ngoc = t.dossiers.iter().find(|d| d.officer.key.contains("ngọc")).map(|d| d.officer.display.clone());
    assert_eq!(ngoc.as_deref(), Some("Trần Thị Bích Ngọc"));
    // Precomposed (NFC): "ọ" is one code point.
    assert!(ngoc.unwrap_or_default().contains('\u{1ecd}'));
}

#[test]
fn the_dossier_sheet_header_and_mapping_are_reported() {
    for name in ["dossiers_2023.xlsx", "dossiers_2023.xls", "dossiers_2023.ods"] {
        let t = read(name);
        assert_eq!(t.sheets, ["Tổng hợp", "Hồ sơ 2023", "Quý IV 2022"], "{name}");
        assert_eq!(t.sheet, "Hồ sơ 2023");
        assert_eq!((t.header_row, t.header_last_row), (7, 8));
        let mapping: Vec<(Field, &str, &str)> =
            t.mapping.iter().map(|m| (m.field, m.header.as_str(), m.letter.as_str())).collect();
        assert_eq!(
            mapping,
            vec![
                (Field::Code, "Mã hồ sơ", "B"),
                (Field::Procedure, "Tên thủ tục", "C"),
                (Field::FieldOfWork, "Lĩnh vực", "D"),
                (Field::Unit, "Cơ quan thụ lý", "E"),
                (Field::Officer, "Cán bộ xử lý", "F"),
                (Field::Channel, "Hình thức nộp", "G"),
                (Field::StatutoryDays, "Thời hạn giải quyết (ngày)", "H"),
                (Field::Received, "Ngày tiếp nhận", "I"),
                (Field::Due, "Ngày hẹn trả", "J"),
                (Field::ExtendedDue, "Ngày hẹn lại", "K"),
                (Field::Finished, "Ngày hoàn thành", "L"),
                (Field::Returned, "Ngày trả kết quả", "M"),
                (Field::Status, "Trạng thái", "N"),
                (Field::Apology, "Phiếu xin lỗi", "O"),
            ],
            "{name}"
        );
        assert!(t.missing.is_empty());
        assert_eq!(t.mapping[0].column, 1);
    }
}

#[test]
fn another_sheet_can_be_chosen_by_name() {
    for sheet in ["Quý IV 2022", "quy iv 2022"] {
        let t = read_with("dossiers_2023.xlsx", &ReadOptions { sheet: Some(sheet.into()), ..Default::default() });
        assert_eq!(t.sheet, "Quý IV 2022");
        assert_eq!(t.header_row, 2);
        let codes: Vec<&str> = t.dossiers.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["H08.22-221003-0101", "H08.22-221115-0102", "H08.22-221201-0103"]);
        // The "(1) (2) (3)…" numbering row under the header is not data.
        let c = t.counts;
        assert_eq!((c.rows, c.dossiers, c.rejected, c.blank, c.non_data), (4, 3, 0, 0, 1));
        assert_eq!(t.dossiers[1].due, Some(day(2022, 11, 29)));
        assert_eq!(t.dossiers[1].finished, Some(at(2022, 12, 2, 15, 0)));
        let headers: Vec<(&str, Field)> = t.mapping.iter().map(|m| (m.header.as_str(), m.field)).collect();
        assert_eq!(
            headers,
            vec![
                ("Số biên nhận", Field::Code),
                ("Đơn vị", Field::Unit),
                ("Người xử lý", Field::Officer),
                ("Ngày nhận", Field::Received),
                ("Hạn xử lý", Field::Due),
                ("Ngày có kết quả", Field::Finished),
            ]
        );
    }
    let err = read_dossiers(
        "dossiers_2023.xlsx",
        &fixture("dossiers_2023.xlsx"),
        &ReadOptions { sheet: Some("Quý I".into()), ..Default::default() },
    )
    .err()
    .map(|e| e.text().en)
    .unwrap_or_default();
    assert_eq!(err, "There is no sheet \"Quý I\"; the sheets are: \"Tổng hợp\", \"Hồ sơ 2023\", \"Quý IV 2022\".");
}

#[test]
fn headers_without_diacritics_and_every_text_date_shape() {
    let t = read("header_variants.csv");
    // Issue 19: V-03's "3/4/23" has a two-digit year: its century is a guess, so the row is refused with the reason.
    assert_eq!((t.counts.dossiers, t.counts.rejected), (4, 1));
    assert!(t.counts.adds_up());
    assert!(t.rejected[0].reason.en.contains("two-digit year"), "{:?}", t.rejected[0].reason);
    let fields: Vec<(Field, &str)> = t.mapping.iter().map(|m| (m.field, m.header.as_str())).collect();
    assert_eq!(
        fields,
        vec![
            (Field::Code, "Ma ho so"),
            (Field::Procedure, "TEN TTHC"),
            (Field::Unit, "don vi"),
            (Field::Officer, "Nguoi xu ly"),
            (Field::Received, "Ngay nhan"),
            (Field::Due, "NGAY HEN TRA KET QUA"),
            (Field::Finished, "Ngày có kết quả"),
            (Field::Channel, "Hình thức"),
            (Field::StatutoryDays, "So ngay giai quyet"),
            (Field::Apology, "Da xin loi"),
        ]
    );
    for d in &t.dossiers {
        assert_eq!(d.received, Some(day(2023, 4, 3)), "{}", d.code);
        assert_eq!(d.due, Some(day(2023, 4, 5)), "{}", d.code);
        assert_eq!(d.statutory_days, Some(3));
    }
    let finished: Vec<Option<Moment>> = t.dossiers.iter().map(|d| d.finished).collect();
    let secs = |h, m, s| {
        Some(Moment::at(
            NaiveDate::from_ymd_opt(2023, 4, 5).unwrap_or_default(),
            NaiveTime::from_hms_opt(h, m, s).unwrap_or_default(),
        ))
    };
    assert_eq!(finished, vec![secs(14, 5, 0), secs(14, 5, 9), secs(8, 30, 0), secs(16, 45, 30)]);
    let channels: Vec<Option<Channel>> = t.dossiers.iter().map(|d| d.channel).collect();
    assert_eq!(
        channels,
        vec![Some(Channel::Online), Some(Channel::Online), Some(Channel::Post), Some(Channel::Online)]
    );
    let apology: Vec<Option<bool>> = t.dossiers.iter().map(|d| d.apology).collect();
    assert_eq!(apology, vec![Some(true), Some(false), Some(true), Some(false)]);
}

#[test]
fn an_explicit_mapping_beats_the_dictionary() {
    // "Thời điểm phải trả" is in no dictionary; without a mapping there is no due column.
    let csv = "Mã hồ sơ;Phòng;Thời điểm phải trả;Ngày hẹn trả (cũ)\nX-1;Phòng Tư pháp;28/04/2023;01/01/2023\n";
    let err = read_dossiers("x.csv", csv.as_bytes(), &ReadOptions::default()).map(|t| t.mapping.len());
    // The dictionary finds "Ngày hẹn trả (cũ)" by containment.
    assert_eq!(err, Ok(2));
    let opts = ReadOptions {
        mapping: vec![(Field::Due, "thoi diem phai tra".into()), (Field::Unit, "Phòng".into())],
        ..Default::default()
    };
    let t = read_dossiers("x.csv", csv.as_bytes(), &opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.dossiers[0].due, Some(day(2023, 4, 28)));
    assert_eq!(t.dossiers[0].unit.display, "Phòng Tư pháp");
    let due = t.mapping.iter().find(|m| m.field == Field::Due).map(|m| (m.header.clone(), m.letter.clone()));
    assert_eq!(due, Some(("Thời điểm phải trả".to_string(), "C".to_string())));
    // A column letter works too.
    let opts = ReadOptions { mapping: vec![(Field::Due, "D".into())], ..Default::default() };
    let t = read_dossiers("x.csv", csv.as_bytes(), &opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.dossiers[0].due, Some(day(2023, 1, 1)));
    // A header that does not exist is an error, not a silent fallback.
    let opts = ReadOptions { mapping: vec![(Field::Officer, "Người ký".into())], ..Default::default() };
    let e = read_dossiers("x.csv", csv.as_bytes(), &opts).err().map(|e| *e.kind);
    assert_eq!(e, Some(ReadErrorKind::NoSuchColumn { field: Field::Officer, header: "Người ký".into() }));
}

#[test]
fn a_missing_due_column_is_a_whole_file_error_that_says_what_to_do() {
    let csv = "Mã hồ sơ,Cơ quan thụ lý,Ngày tiếp nhận\nX-1,Phòng Tư pháp,03/04/2023\n";
    let e = read_dossiers("x.csv", csv.as_bytes(), &ReadOptions::default()).err();
    let e = e.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(e.file, "x.csv");
    assert_eq!(*e.kind, ReadErrorKind::NoTable { sheet: String::new(), row: 1, missing: vec![Field::Due] });
    assert!(e.text().en.contains("no Due date column"), "{}", e.text().en);
    assert!(e.text().vi.contains("thiếu cột Ngày hẹn trả"), "{}", e.text().vi);
}

#[test]
fn a_missing_unit_column_is_reported_not_fatal() {
    let csv = "Mã hồ sơ,Ngày hẹn trả\nX-1,28/04/2023\n";
    let t = read_dossiers("x.csv", csv.as_bytes(), &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.dossiers.len(), 1);
    assert!(t.dossiers[0].unit.is_empty());
    assert!(t.missing.contains(&Field::Unit) && t.missing.contains(&Field::Officer));
    assert!(t.warnings.iter().any(|w| w.en.starts_with("No Unit column")));
}

#[test]
fn month_first_dates_fail_until_confirmed() {
    let e = read_dossiers("month_first.csv", &fixture("month_first.csv"), &ReadOptions::default()).err();
    let e = e.unwrap_or_else(|| panic!("month-first must not be read silently"));
    assert!(matches!(&*e.kind, ReadErrorKind::MonthFirst { row: 2, .. }), "{:?}", e.kind);
    assert_eq!(
        e.text().en,
        "Column \"Ngày tiếp nhận\", \"Ngày hẹn trả\" has dates that only make sense month-first (e.g. '04/14/2023' in \
            row 2). \
         This is not guessed: if they are month/day/year, confirm it with the month-first option for column \"Ngày \
             tiếp nhận\", \"Ngày hẹn trả\"."
    );
    assert!(e.text().vi.contains("tháng trước ngày"));

    // Confirmed for every date column.
    let t = read_with("month_first.csv", &ReadOptions { month_first_columns: vec!["*".into()], ..Default::default() });
    let m1 = &t.dossiers[0];
    assert_eq!(
        (m1.received, m1.due, m1.finished),
        (Some(day(2023, 4, 14)), Some(day(2023, 4, 28)), Some(day(2023, 5, 4)))
    );
    assert_eq!(t.dossiers[2].received, Some(day(2023, 5, 2)));
    assert!(t.warnings.is_empty());

    // Confirmed by field name and by header for two columns: the third, whose dates never show their order, is
    // read day-first and flagged.
    let opts =
        ReadOptions { month_first_columns: vec!["received".into(), "Ngày hẹn trả".into()], ..Default::default() };
    let t = read_with("month_first.csv", &opts);
    assert!(t.warnings.iter().any(|w| w.en.starts_with("Column \"Ngày hoàn thành\" is still read day/month/year")));
    // Read day-first, M-01's "05/04/2023" would finish before its receipt on 14/04 (and M-03's before 02/05): those
    // rows are rejected, not misread.
    assert_eq!(t.rejected.iter().map(|r| r.source.row).collect::<Vec<_>>(), vec![2, 4]);
    assert_eq!((t.rejected[0].source.row, t.rejected[0].source.column.as_deref()), (2, Some("Ngày hoàn thành")));
    assert_eq!(t.rejected[0].reason.vi, "Ngày hoàn thành 05/04/2023 trước ngày tiếp nhận 14/04/2023");
    assert_eq!(t.dossiers[0].code, "M-02");
    assert_eq!(t.dossiers[0].finished, Some(day(2023, 12, 4)));
}

#[test]
fn the_1904_date_system_is_honoured() {
    let t = read("dossiers_1904.xlsx");
    let y1 = &t.dossiers[0];
    assert_eq!(y1.code, "Y-01");
    assert_eq!(y1.received, Some(at(2023, 4, 14, 9, 15)));
    assert_eq!(y1.due, Some(day(2023, 4, 28)));
    assert_eq!(y1.finished, Some(at(2023, 5, 4, 19, 0)));
    assert_eq!(t.dossiers[1].due, Some(day(2023, 5, 4)));
}

#[test]
fn duplicates_are_merged_and_conflicts_reported_across_files() {
    let a = read("dup_a.csv");
    let b = read("dup_b.csv");
    let m = merge(&[a, b]);
    let codes: Vec<(&str, &str, u32)> =
        m.dossiers.iter().map(|d| (d.code.as_str(), &*d.source.file, d.source.row)).collect();
    assert_eq!(
        codes,
        vec![
            ("D-01", "dup_a.csv", 2),
            ("D-02", "dup_a.csv", 3),
            ("D-03", "dup_a.csv", 4),
            ("D-03", "dup_b.csv", 3),
            ("D-04", "dup_b.csv", 4)
        ]
    );
    assert_eq!(m.duplicates.len(), 1);
    let dup = &m.duplicates[0];
    assert_eq!(
        (dup.code.as_str(), &*dup.kept.file, dup.kept.row, &*dup.dropped.file, dup.dropped.row),
        ("D-01", "dup_a.csv", 2, "dup_b.csv", 2)
    );
    assert_eq!(m.conflicts.len(), 1);
    let c = &m.conflicts[0];
    assert_eq!((c.code.as_str(), c.first.row, &*c.second.file, c.second.row), ("D-03", 4, "dup_b.csv", 3));
    assert_eq!(c.fields, vec!["officer"]);
    assert_eq!(
        c.message().en,
        "Dossier code D-03 appears twice with different values (officer): dup_a.csv / dòng 4 \
        and dup_b.csv / dòng 3; both kept."
    );
}

#[test]
fn broken_inputs_give_a_sentence_not_a_panic() {
    let cases = [
        ("broken/encrypted.xlsx", "password-protected"),
        ("broken/report.pdf", "This is a PDF"),
        ("broken/xml2003.xls", "The workbook is empty"),
        ("broken/empty.csv", "The file is empty."),
        ("broken/truncated.xlsx", "damaged or unreadable"),
        ("broken/photo.png", "Unrecognised file format"),
        ("broken/no_table.xlsx", "No dossier table found"),
    ];
    for (name, words) in cases {
        let e = read_dossiers(name, &fixture(name), &ReadOptions::default()).err();
        let e = e.unwrap_or_else(|| panic!("{name} should not read"));
        assert!(e.text().en.contains(words), "{name}: {}", e.text().en);
        assert!(!e.text().vi.is_empty());
        assert_eq!(e.file, name);
        assert!(e.to_string().starts_with(&format!("{name}: ")));
    }
}

#[test]
fn reports_serialise_to_json() {
    let t = read("dossiers_2023_utf8.csv");
    let v = serde_json::to_value(&t).unwrap_or_default();
    assert_eq!(v["format"], serde_json::json!({"kind": "csv", "encoding": "UTF-8", "delimiter": ","}));
    assert_eq!(v["counts"], serde_json::json!({"rows": 36, "dossiers": 25, "rejected": 3, "blank": 4, "non_data": 4}));
    assert_eq!(
        v["mapping"][0],
        serde_json::json!({"field": "code", "header": "Mã hồ sơ", "column": 1, "letter": "B", "source": {
            "kind": "dictionary",
            "wording": "Mã hồ sơ",
            "source": "RULES.md §2 (exports seen in Bình Định, 2023) and common variants"
        }})
    );
    assert_eq!(
        v["rejected"][0]["source"],
        serde_json::json!({"file": "dossiers_2023_utf8.csv", "sheet": "", "row": 24, "column": "Ngày hẹn trả"})
    );
    assert!(v.get("dossiers").is_none());
}

mod no_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = read_dossiers("x", &bytes, &ReadOptions::default());
        }

        #[test]
        fn random_csv_text(text in "[a-zA-Z0-9 ,;/\\t\\n\"ăâđêôơưÁàạ:.-]{0,400}") {
            let with_header = format!("Mã hồ sơ,Ngày hẹn trả,Cán bộ xử lý\n{text}");
            if let Ok(t) = read_dossiers("x.csv", with_header.as_bytes(), &ReadOptions::default()) {
                prop_assert!(t.counts.adds_up());
                prop_assert_eq!(t.counts.dossiers as usize, t.dossiers.len());
                prop_assert_eq!(t.counts.rejected as usize, t.rejected.len());
            }
        }
    }

    // Damaged workbooks from a fixed seed: with a random one, about one run in a few dozen drew a damaged .xls that
    // makes calamine fill gigabytes (the test below), and the test process was killed for memory in CI.
    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 48,
            rng_seed: proptest::test_runner::RngSeed::Fixed(20_231_231),
            ..ProptestConfig::default()
        })]

        #[test]
        fn damaged_workbooks(which in 0usize..4, cut in 0usize..20_000, flips in proptest::collection::vec((0usize..20_000, any::<u8>()), 0..8)) {
            let name = ["dossiers_2023.xlsx", "dossiers_2023.xls", "dossiers_2023.ods", "dossiers_2023_utf16le.tsv"][which];
            let mut bytes = fixture(name);
            for (at, b) in flips {
                let len = bytes.len();
                if let Some(x) = bytes.get_mut(at % len.max(1)) {
                    *x = b;
                }
            }
            bytes.truncate(cut.max(8));
            let _ = read_dossiers(name, &bytes, &ReadOptions::default());
        }
    }

    /// A damaged .xls (four bytes of the 2023 fixture changed, the file cut) whose sheet calamine 0.38 turned into a
    /// dense range of 2.4 GB, found by the property test above: its sheet is now bounded before calamine reads it,
    /// and the file is refused with a sentence.
    #[test]
    fn a_damaged_xls_does_not_fill_gigabytes() {
        let mut bytes = fixture("dossiers_2023.xls");
        for (at, b) in [(4732usize, 86u8), (9392, 8), (10036, 143), (17182, 101)] {
            let len = bytes.len();
            bytes[at % len] = b;
        }
        bytes.truncate(17_925);
        let e = read_dossiers("dossiers_2023.xls", &bytes, &ReadOptions::default()).unwrap_err();
        assert!(matches!(*e.kind, ReadErrorKind::XlsExtent { .. }), "{e}");
        assert!(e.to_string().contains("bị hỏng"), "{e}");
    }
}

/// A report workbook with a chart sheet before the log: the chart sheet holds no cells and is passed over.
#[test]
fn a_chart_sheet_is_passed_over() {
    use rust_xlsxwriter::{Chart, ChartType, Workbook};
    let mut wb = Workbook::new();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("'Hồ sơ'!$B$2:$B$3");
    wb.add_chartsheet().set_name("Biểu đồ").unwrap().insert_chart(0, 0, &chart).unwrap();
    let ws = wb.add_worksheet().set_name("Hồ sơ").unwrap();
    for (c, h) in ["Mã hồ sơ", "Cơ quan thụ lý", "Ngày tiếp nhận", "Ngày hẹn trả"].iter().enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, code) in ["H01", "H02"].iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *code).unwrap();
        ws.write_string(r, 1, "Phòng Tư pháp").unwrap();
        ws.write_string(r, 2, "03/04/2023").unwrap();
        ws.write_string(r, 3, "28/04/2023").unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let t = read_dossiers("bao_cao.xlsx", &bytes, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.sheet, "Hồ sơ");
    assert_eq!(t.sheets, vec!["Biểu đồ".to_string(), "Hồ sơ".to_string()]);
    assert_eq!(t.dossiers.len(), 2);
    // Asked for by name, the chart sheet says why it cannot be read.
    let opts = ReadOptions { sheet: Some("Biểu đồ".into()), ..ReadOptions::default() };
    assert!(read_dossiers("bao_cao.xlsx", &bytes, &opts).is_err());
}

/// Issue 19: a group heading under the header ("I. Lĩnh vực Tư pháp", merged across the table) was taken for the
/// header's second row, and the STT numbers became the field of work ("1", "2", "3"), silently. It is a group
/// heading: its field of work (or unit) goes to the rows under it, the STT column stays unread, and the rows add up.
#[test]
fn issue_19_a_group_heading_is_no_header_row_and_names_the_rows_under_it() {
    let csv = "STT;Mã hồ sơ;Tên thủ tục;Ngày tiếp nhận;Ngày hẹn trả;Ngày hoàn thành\n\
               I. Lĩnh vực Tư pháp;;;;;\n\
               1;TP-01;Chứng thực bản sao;03/04/2023;05/04/2023;05/04/2023\n\
               2;TP-02;Đăng ký khai sinh;03/04/2023;06/04/2023;07/04/2023\n\
               II. Lĩnh vực Đất đai;;;;;\n\
               3;DD-01;Cấp giấy chứng nhận;03/04/2023;28/04/2023;\n";
    let t = read_dossiers("nhom.csv", csv.as_bytes(), &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((t.header_row, t.header_last_row), (1, 1));
    assert!(t.mapping.iter().all(|c| c.column != 0), "STT is no field: {:?}", t.mapping);
    let fields: Vec<(&str, Option<&str>)> = t.dossiers.iter().map(|d| (d.code.as_str(), d.field.as_deref())).collect();
    assert_eq!(fields, vec![("TP-01", Some("Tư pháp")), ("TP-02", Some("Tư pháp")), ("DD-01", Some("Đất đai"))]);
    assert_eq!((t.counts.rows, t.counts.dossiers, t.counts.non_data), (5, 3, 2));
    assert!(t.counts.adds_up());
    assert_eq!(t.group_fields.len(), 1);
    assert_eq!(t.group_fields[0].note().vi, "Lĩnh vực lấy từ dòng tiêu đề nhóm, dòng 2, 5");
    assert!(!t.missing.contains(&Field::FieldOfWork));

    // The same with units, the heading merged across an HTML table: the unit goes to its rows.
    let html = "<table><tr><th>STT</th><th>Mã hồ sơ</th><th>Ngày hẹn trả</th></tr>\
                <tr><td colspan=3>Đơn vị: Phòng Tư pháp</td></tr><tr><td>1</td><td>H1</td><td>05/04/2023</td></tr>\
                <tr><td colspan=3>2. Phòng Tài nguyên và Môi trường</td></tr><tr><td>2</td><td>H2</td><td>06/04/2023</td></tr>\
                </table>";
    let t = read_dossiers("nhom.xls", html.as_bytes(), &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let units: Vec<&str> = t.dossiers.iter().map(|d| d.unit.display.as_str()).collect();
    assert_eq!(units, vec!["Phòng Tư pháp", "Phòng Tài nguyên và Môi trường"]);
    assert_eq!(t.group_fields[0].note().vi, "Đơn vị lấy từ dòng tiêu đề nhóm, dòng 2, 4");
}

fn mapped(t: &DossierTable) -> Vec<(Field, String)> {
    t.mapping.iter().map(|c| (c.field, c.letter.clone())).collect()
}

fn read_csv(name: &str, csv: &str) -> DossierTable {
    read_dossiers(name, csv.as_bytes(), &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Issue 19: the official sổ theo dõi hồ sơ (TT 01/2018/TT-VPCP Mẫu số 06) words its date columns as steps. The
/// finish date is "Nhận kết quả từ cơ quan giải quyết" (it was taken for the unit), "Chuyển hồ sơ đến cơ quan giải
/// quyết" names no field, and "Trả kết quả cho cá nhân, tổ chức" is the day the applicant collected.
#[test]
fn issue_19_the_official_log_form_maps_its_steps() {
    let csv = "STT,Mã hồ sơ,Tên TTHC,Số lượng hồ sơ (bộ),Tên cá nhân, tổ chức,Địa chỉ, số điện thoại,Cơ quan chủ trì giải quyết,Nhận hồ sơ,Hẹn trả kết quả,Chuyển hồ sơ đến cơ quan giải quyết,Nhận kết quả từ cơ quan giải quyết,Trả kết quả cho cá nhân, tổ chức,Ghi chú\n";
    // The form's headers hold commas: written as a CSV they are quoted.
    let csv = csv
        .replace("Tên cá nhân, tổ chức", "\"Tên cá nhân, tổ chức\"")
        .replace("Địa chỉ, số điện thoại", "\"Địa chỉ, số điện thoại\"")
        .replace("Trả kết quả cho cá nhân, tổ chức", "\"Trả kết quả cho cá nhân, tổ chức\"")
        + "1,TP-01,Chứng thực,1,Nguyễn Văn A,Quy Nhơn,Phòng Tư pháp,03/04/2023,05/04/2023,03/04/2023,05/04/2023,12/04/2023,\n";
    let t = read_csv("mau06.csv", &csv);
    let m = mapped(&t);
    for want in [
        (Field::Code, "B"),
        (Field::Procedure, "C"),
        (Field::Unit, "G"),
        (Field::Received, "H"),
        (Field::Due, "I"),
        (Field::Finished, "K"),
        (Field::Returned, "L"),
    ] {
        assert!(m.contains(&(want.0, want.1.to_string())), "{want:?} in {m:?}");
    }
    assert!(!m.iter().any(|(_, l)| l == "J"), "the transfer step names no field: {m:?}");
    let d = &t.dossiers[0];
    assert_eq!((d.finished, d.returned), (Some(day(2023, 4, 5)), Some(day(2023, 4, 12))));
    assert_eq!(d.unit.display, "Phòng Tư pháp");
}

/// Issue 19: the national portal's field names (PascalCase), camelCase and snake_case read as the words they join.
#[test]
fn issue_19_portal_field_names_in_every_case() {
    for (name, header) in [
        ("pascal.csv", "MaHoSo,TenTTHC,NgayTiepNhan,NgayHenTra,NgayHenTraMoi,NgayKetThucXuLy,DonViXuLy,NguoiXuLy,TrangThaiHoSo"),
        ("camel.csv", "maHoSo,tenTTHC,ngayTiepNhan,ngayHenTra,ngayHenTraMoi,ngayKetThucXuLy,donViXuLy,nguoiXuLy,trangThaiHoSo"),
        ("snake.csv", "ma_ho_so,ten_tthc,ngay_tiep_nhan,ngay_hen_tra,ngay_hen_tra_moi,ngay_ket_thuc_xu_ly,don_vi_xu_ly,nguoi_xu_ly,trang_thai_ho_so"),
    ] {
        let csv = format!("{header}\nH1,Chứng thực,03/04/2023,05/04/2023,07/04/2023,06/04/2023,Phòng Tư pháp,Lê B,Đã trả\n");
        let t = read_csv(name, &csv);
        let fields: Vec<Field> = t.mapping.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            vec![
                Field::Code,
                Field::Procedure,
                Field::Received,
                Field::Due,
                Field::ExtendedDue,
                Field::Finished,
                Field::Unit,
                Field::Officer,
                Field::Status
            ],
            "{name}"
        );
        assert_eq!(t.dossiers[0].extended_due, Some(day(2023, 4, 7)), "{name}");
    }
}

/// Issue 19: the desk that received a dossier is never charged when a handling unit exists; alone, it is read as the
/// unit with a warning.
#[test]
fn issue_19_the_receiving_desk_is_no_handling_unit() {
    let both = "Mã hồ sơ,Đơn vị tiếp nhận,Ngày hẹn trả,Đơn vị xử lý\nH1,Bộ phận một cửa,05/04/2023,Phòng Tư pháp\n";
    let t = read_csv("both.csv", both);
    assert_eq!(t.dossiers[0].unit.display, "Phòng Tư pháp");
    assert!(!t.warnings.iter().any(|w| w.en.contains("charged to the receiving desk")));

    let desk = "Mã hồ sơ,Đơn vị tiếp nhận,Ngày hẹn trả,Cán bộ đang xử lý\nH1,Bộ phận một cửa,05/04/2023,Lê B\n";
    let t = read_csv("desk.csv", desk);
    assert_eq!(t.dossiers[0].unit.display, "Bộ phận một cửa");
    assert_eq!(t.dossiers[0].officer.display, "Lê B");
    assert!(t.warnings.iter().any(|w| w.en.contains("charged to the receiving desk")), "{:?}", t.warnings);
    assert!(t.warnings.iter().any(|w| w.vi.contains("cán bộ đang xử lý")), "{:?}", t.warnings);
}

/// Issue 19: the national portal's yyyyMMddHHmmss (Vietnam time), ISO times with a zone converted to Vietnam time,
/// 12-hour times with AM/PM or SA/CH.
#[test]
fn issue_19_portal_timestamps_zones_and_twelve_hour_times() {
    let csv = "MaHoSo,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy\n\
               H1,20230425080000,20230428160000,2023-04-27T23:40:00Z\n\
               H2,20230425,28/04/2023 04:30 PM,28/04/2023 2:15 CH\n";
    let t = read_csv("portal.csv", csv);
    assert_eq!(t.counts.dossiers, 2, "{:?}", t.rejected);
    let d = &t.dossiers[0];
    assert_eq!((d.received, d.due), (Some(at(2023, 4, 25, 8, 0)), Some(at(2023, 4, 28, 16, 0))));
    assert_eq!(d.finished, Some(at(2023, 4, 28, 6, 40)));
    let d = &t.dossiers[1];
    assert_eq!(
        (d.received, d.due, d.finished),
        (Some(day(2023, 4, 25)), Some(at(2023, 4, 28, 16, 30)), Some(at(2023, 4, 28, 14, 15)))
    );
}
