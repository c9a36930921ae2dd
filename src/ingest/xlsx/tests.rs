//! The reader against known answers (a hand-written workbook read at every chunk size, limits, damaged and cut
//! files) and against calamine, cell for cell, on every xlsx fixture.

use super::{bench_inflate, XlsxBook, CHUNK};
use crate::ingest::limits::Limits;
use crate::ingest::sheet_source::Workbook;
use crate::ingest::sniff::Kind;
use crate::ingest::source::{Cell, Row, RowStream};
use crate::ingest::ReadError;
use std::io::{Cursor, Write};
use std::sync::Arc;

/// A workbook zip of hand-written parts (the package and workbook relationships added).
fn book_of(workbook_pr: &str, sheet: &str, strings: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let mut parts = vec![
        ("_rels/.rels".to_string(), r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{workbook_pr}<sheets><sheet name="Hồ sơ &amp; kết quả" sheetId="1" r:id="rId1"/></sheets></workbook>"#)),
        ("xl/_rels/workbook.xml.rels".to_string(), r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:H9"/>{sheet}</worksheet>"#)),
    ];
    if let Some(s) = strings {
        parts.push(("xl/sharedStrings.xml".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{s}</sst>"#)));
    }
    if let Some(s) = styles {
        parts.push(("xl/styles.xml".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{s}</styleSheet>"#)));
    }
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        w.start_file(name, opts).expect("a zip entry");
        w.write_all(text.as_bytes()).expect("written");
    }
    w.finish().expect("a zip").into_inner()
}

type Read = (Vec<String>, Vec<(Vec<Row>, Vec<(u32, usize, u32, usize)>, bool)>);

/// Every sheet streamed with the given chunk size.
fn stream(bytes: &[u8], chunk: usize) -> Result<Read, ReadError> {
    let mut book = XlsxBook::open_with_chunk("t.xlsx", bytes, &Limits::DEFAULT, chunk)?;
    let names = book.names().to_vec();
    let mut sheets = Vec::new();
    for name in &names {
        let mut rows = book.rows("t.xlsx", name)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next_row()? {
            out.push(row);
        }
        sheets.push((out, rows.merges().to_vec(), rows.date1904()));
    }
    Ok((names, sheets))
}

/// Every sheet through calamine (sheet_source), rows with no cells left out.
fn calamine(bytes: &[u8]) -> Result<Read, ReadError> {
    let mut wb = Workbook::open("t.xlsx", Kind::Xlsx, bytes, Limits::DEFAULT)?;
    let names = wb.names.clone();
    let mut sheets = Vec::new();
    for name in &names {
        let sheet = wb.sheet("t.xlsx", name, &mut |_| {})?;
        let rows = sheet.rows.into_iter().filter(|r| !r.cells.is_empty()).collect();
        sheets.push((rows, sheet.merges, sheet.date1904));
    }
    Ok((names, sheets))
}

fn text(s: &str) -> Cell {
    Cell::Text(Arc::from(s))
}

const STRINGS: &str = concat!(
    r#"<si><t>Mã hồ sơ</t></si>"#,
    r#"<si><r><rPr><b/></rPr><t xml:space="preserve">Phòng </t></r><r><t>Tư pháp</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh><phoneticPr fontId="1"/></si>"#,
    r#"<si><t xml:space="preserve">   </t></si>"#,
    r#"<si><t>A &amp; B &lt;c&gt; &quot;q&quot; &apos;s&apos; &#273;&#x110;</t></si>"#,
    "<si><t>dòng 1_x000D_\ndòng 2 _x005F_x000D_</t></si>",
    r#"<si><t>  cắt khoảng trắng  </t></si>"#,
);

const STYLES: &str = concat!(
    r#"<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="&quot;ngày&quot;\ 0.00"/><numFmt numFmtId="166" formatCode="[h]:mm:ss"/></numFmts>"#,
    r#"<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>"#,
    r#"<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"><alignment wrapText="1"/></xf><xf numFmtId="14"/><xf numFmtId="166"/></cellXfs>"#,
);

const SHEET: &str = concat!(
    r#"<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>"#,
    r#"<row r="1" spans="1:8"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c></row>"#,
    "\n<row>",
    r#"<c t="s"><v>1</v></c><c s="1"/><c><v>42</v></c></row>"#,
    r#"<row r="4"><c r="A4" s="1"><v>45000</v></c><c r="B4" s="2"><v>45000.5</v></c><c r="C4" s="3"><v>45001</v></c><c r="D4" s="4"><v>1.5</v></c><c r="E4" s="9"><v>7</v></c></row>"#,
    r#"<row r="5"><c r="A5" t="inlineStr"><is><t>Nội dung &amp; ghi chú</t></is></c><c r="B5" t="str"><f>A1&amp;"x"</f><v>Mã hồ sơx</v></c>"#,
    r#"<c r="C5"><f>1+1</f><v>2</v></c><c r="D5" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E5" t="b"><v>1</v></c>"#,
    r#"<c r="F5" t="d"><v>2023-04-28T00:00:00</v></c><c r="G5" s="1"></c><c r="H5" t="s"><v>3</v></c></row>"#,
    r#"<row r="6"><c r="A6" t="s"><v>4</v></c><c r="C6" t="s"><v>5</v></c><c r="D6"><v>-1.25E-3</v></c></row>"#,
    r#"<row r="7"/><row r="9" customHeight="1"><c r="B9" t="s"><v>2</v></c></row>"#,
    r#"</sheetData><!-- merged: unit down, title across --><mergeCells count="2"><mergeCell ref="A5:A9"/><mergeCell ref="B1:D1"/></mergeCells>"#,
    r#"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#,
);

fn expected() -> Vec<Row> {
    vec![
        Row { number: 1, cells: vec![text("Mã hồ sơ")] },
        Row { number: 2, cells: vec![text("Phòng Tư pháp"), Cell::Empty, Cell::Number(42.0)] },
        Row {
            number: 4,
            cells: vec![
                Cell::DateSerial(45000.0),
                Cell::Number(45000.5),
                Cell::DateSerial(45001.0),
                Cell::Number(1.5),
                Cell::Number(7.0),
            ],
        },
        Row {
            number: 5,
            cells: vec![
                text("Nội dung & ghi chú"),
                text("Mã hồ sơx"),
                Cell::Number(2.0),
                Cell::Error("#DIV/0!".to_string()),
                Cell::Bool(true),
                Cell::DateIso("2023-04-28T00:00:00".to_string()),
                Cell::Empty,
                text("A & B <c> \"q\" 's' đĐ"),
            ],
        },
        Row {
            number: 6,
            cells: vec![
                text("dòng 1\r\ndòng 2 _x000D_"),
                Cell::Empty,
                text("cắt khoảng trắng"),
                Cell::Number(-0.00125),
            ],
        },
    ]
}

#[test]
fn known_answers_at_every_chunk_size() {
    let bytes = book_of("<workbookPr/>", SHEET, Some(STRINGS), Some(STYLES));
    let want = expected();
    for chunk in (16..=80).chain([97, 256, 4096, CHUNK]) {
        let (names, sheets) = stream(&bytes, chunk).unwrap_or_else(|e| panic!("chunk {chunk}: {}", e.text().en));
        assert_eq!(names, vec!["Hồ sơ & kết quả".to_string()]);
        let (rows, merges, date1904) = &sheets[0];
        assert_eq!(rows, &want, "chunk {chunk}");
        assert_eq!(merges, &vec![(5, 0, 9, 0), (1, 1, 1, 3)], "chunk {chunk}");
        assert!(!date1904);
    }
    // And calamine agrees on the same hand-written workbook.
    assert_eq!(calamine(&bytes).map_err(|e| e.text().en), stream(&bytes, CHUNK).map_err(|e| e.text().en));
}

#[test]
fn a_1904_workbook_says_so() {
    let sheet = r#"<sheetData><row r="2"><c r="A2" s="1"><v>43000</v></c></row></sheetData>"#;
    let bytes = book_of(r#"<workbookPr date1904="1" defaultThemeVersion="124226"/>"#, sheet, None, Some(STYLES));
    let (_, sheets) = stream(&bytes, CHUNK).expect("readable");
    assert!(sheets[0].2);
    assert_eq!(sheets[0].0, vec![Row { number: 2, cells: vec![Cell::DateSerial(43000.0)] }]);
    assert_eq!(calamine(&bytes).map_err(|e| e.text().en), Ok(stream(&bytes, CHUNK).expect("readable")));
}

#[test]
fn rows_out_of_order_are_a_clear_error() {
    let sheet =
        r#"<sheetData><row r="5"><c r="A5"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row></sheetData>"#;
    let bytes = book_of("", sheet, None, None);
    let mut book = XlsxBook::open("t.xlsx", &bytes, &Limits::DEFAULT).expect("opens");
    let mut rows = book.rows("t.xlsx", "Hồ sơ & kết quả").expect("a sheet");
    assert_eq!(rows.next_row().expect("row 5").map(|r| r.number), Some(5));
    let e = rows.next_row().expect_err("row 3 after row 5");
    assert!(e.text().en.contains("lists row 3 after row 5"), "{}", e.text().en);
    assert!(e.text().vi.contains("ghi dòng 3 sau dòng 5"), "{}", e.text().vi);
}

#[test]
fn limits_stop_the_stream() {
    let many: String = (1..=400).map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#)).collect();
    let bytes = book_of("", &format!("<sheetData>{many}</sheetData>"), None, None);
    let small = Limits { max_uncompressed_bytes: 8_000, ..Limits::DEFAULT };
    let e = XlsxBook::open("t.xlsx", &bytes, &small)
        .and_then(|mut b| b.rows("t.xlsx", "Hồ sơ & kết quả").map(|_| ()))
        .expect_err("over the limit");
    assert!(e.text().en.contains("uncompresses to more than"), "{}", e.text().en);
    let few_rows = Limits { max_rows: 300, ..Limits::DEFAULT };
    let mut book = XlsxBook::open("t.xlsx", &bytes, &few_rows).expect("opens");
    let mut rows = book.rows("t.xlsx", "Hồ sơ & kết quả").expect("a sheet");
    let e = loop {
        match rows.next_row() {
            Ok(Some(_)) => continue,
            Ok(None) => panic!("the row limit was not enforced"),
            Err(e) => break e,
        }
    };
    assert!(e.text().en.contains("more than 300 rows"), "{}", e.text().en);
    let wide = book_of("", r#"<sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData>"#, None, None);
    let mut book = XlsxBook::open("t.xlsx", &wide, &Limits::DEFAULT).expect("opens");
    let e = book.rows("t.xlsx", "Hồ sơ & kết quả").expect("a sheet").next_row().expect_err("too wide");
    assert!(e.text().en.contains("column XFD"), "{}", e.text().en);
}

/// The compressed bytes of one part, to damage them.
fn part_range(bytes: &[u8], name: &str) -> std::ops::Range<usize> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let i = zip.index_for_name(name).expect("the part");
    let entry = zip.by_index_raw(i).expect("the entry");
    let start = entry.data_start().expect("located") as usize;
    start..start + entry.compressed_size() as usize
}

fn read_all(bytes: &[u8]) -> Result<usize, ReadError> {
    stream(bytes, 64).map(|(_, s)| s.iter().map(|x| x.0.len()).sum())
}

#[test]
fn damaged_deflate_data_and_truncated_zips_are_errors_not_panics() {
    let good = book_of("", SHEET, Some(STRINGS), Some(STYLES));
    assert_eq!(read_all(&good).map_err(|e| e.text().en), Ok(5));
    for part in ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"] {
        let r = part_range(&good, part);
        // Garbage in the middle of the deflate stream.
        let mut bad = good.clone();
        let mid = r.start + r.len() / 3;
        bad[mid..mid + 8].copy_from_slice(&[0xff, 0x13, 0x77, 0x00, 0xff, 0xfe, 0x01, 0x9a]);
        let e = read_all(&bad).expect_err(part);
        assert!(e.text().vi.contains("bị hỏng") && e.text().en.contains("damaged"), "{part}: {}", e.text().en);
        // A deflate stream cut short (the archive still declares the full size).
        let mut cut = good.clone();
        cut[r.start + r.len() / 2..r.end].fill(0);
        assert!(read_all(&cut).is_err(), "{part}");
    }
    for len in [0, 10, good.len() / 2, good.len() - 30, good.len() - 1] {
        let e = read_all(&good[..len]).expect_err("truncated");
        assert!(e.text().en.contains("damaged"), "{len}: {}", e.text().en);
    }
    // Every single-byte corruption: an error or rows, never a panic.
    for at in (0..good.len()).step_by(7) {
        let mut bad = good.clone();
        bad[at] ^= 0x5a;
        let _ = read_all(&bad);
    }
}

#[test]
fn xml_cut_short_inside_the_sheet_is_an_error() {
    let bytes =
        book_of("", r#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2"#, None, None);
    let e = read_all(&bytes).expect_err("no </sheetData>");
    assert!(e.text().en.contains("ends early"), "{}", e.text().en);
    let not_a_sheet = book_of("", "<chartsheet/>", None, None);
    assert!(read_all(&not_a_sheet).is_err());
}

fn fixtures(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the fixtures folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            fixtures(&path, out);
        } else if path.extension().is_some_and(|e| e == "xlsx") {
            out.push(path);
        }
    }
}

/// Every .xlsx fixture gives the same rows, merges and date system through both readers; files that are not
/// readable zips fail both.
#[test]
fn every_fixture_reads_as_calamine_reads_it() {
    let mut files = Vec::new();
    fixtures(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"), &mut files);
    files.sort();
    assert!(files.len() >= 15, "{files:?}");
    let mut compared = 0;
    for path in &files {
        let bytes = std::fs::read(path).expect("readable");
        let theirs = calamine(&bytes).map_err(|e| e.text().en);
        if zip::ZipArchive::new(Cursor::new(&bytes[..])).is_err() {
            assert!(theirs.is_err(), "{path:?}");
            assert!(stream(&bytes, CHUNK).is_err(), "{path:?}");
            continue;
        }
        // Chart sheets: our reader leaves them out of the sheets (a workbook of nothing else is called so),
        // calamine refuses to read one as a worksheet. tests/public_files.rs and tests/real_layouts.rs cover them.
        let zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("a zip");
        if zip
            .file_names()
            .filter_map(Result::ok)
            .any(|n| n.replace('\\', "/").to_ascii_lowercase().starts_with("xl/chartsheets/"))
        {
            continue;
        }
        for chunk in [CHUNK, 16, 61] {
            let ours = stream(&bytes, chunk).map_err(|e| e.text().en);
            match (&theirs, &ours) {
                (Ok(t), Ok(o)) => assert_eq!(t, o, "{path:?} (chunk {chunk})"),
                // Both refuse; a limit is reported in the same words.
                (Err(t), Err(o)) => assert!(!t.contains("over the limit") || t == o, "{path:?}: {t} / {o}"),
                _ => panic!("{path:?} (chunk {chunk}): calamine {theirs:?}\nstream {ours:?}"),
            }
        }
        eprintln!(
            "{path:?}: {}",
            match &theirs {
                Ok((n, s)) => format!("{} sheets, {} rows", n.len(), s.iter().map(|x| x.0.len()).sum::<usize>()),
                Err(e) => format!("both fail: {e}"),
            }
        );
        compared += 1;
    }
    assert!(compared >= 12, "{compared}");
}

/// The benchmark's floor inflates the worksheet and the shared strings, whole, and nothing else.
#[test]
fn bench_inflate_inflates_the_sheet_and_the_shared_strings() {
    let sheet = r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>"#;
    let strings = r#"<si><t>Hồ sơ</t></si>"#;
    let bytes = book_of("<workbookPr/>", sheet, Some(strings), Some(STYLES));
    let whole = |name: &str| {
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("a zip");
        let mut part = zip.by_name(name).expect("the part");
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut out).expect("inflated");
        out.len() as u64
    };
    let want = whole("xl/worksheets/sheet1.xml") + whole("xl/sharedStrings.xml");
    assert_eq!(bench_inflate("b.xlsx", &bytes), Ok(want));
    assert!(bench_inflate("b.xlsx", b"not a zip").is_err());
}
