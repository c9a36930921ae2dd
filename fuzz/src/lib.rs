//! Shared by the fuzz targets: run the whole check on one input and assert what must always hold.

use chrono::NaiveDate;
use dunghen::ingest::ReadOptions;
use dunghen::profile::Profile;
use dunghen::check::{self, CheckRequest, InputFile};
use std::sync::OnceLock;

fn profile() -> &'static Profile {
    static P: OnceLock<Profile> = OnceLock::new();
    P.get_or_init(Profile::default_profile)
}

/// libfuzzer-sys aborts on every panic, even one the reader catches around calamine (`sheet_source::guarded`),
/// which turns a damaged workbook into a sentence. Panics the reader does not catch still reach libfuzzer-sys's own
/// catch and abort, so they are still found.
pub fn init() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| std::panic::set_hook(Box::new(|_| {})));
}

/// bytes → rows → dossiers → verdicts → report: never a panic, and every row accounted for.
pub fn check_bytes(name: &str, bytes: &[u8]) {
    init();
    let req = CheckRequest {
        dossier_files: vec![InputFile { name, bytes }],
        reminded: None,
        ratings: None,
        renames: None,
        read: ReadOptions::default(),
        side_sheets: Default::default(),
        profile: profile().clone(),
        as_of: NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
        assessment_year: None,
        agency: Default::default(),
        digests: Vec::new(),
    };
    if let Ok(report) = check::report(&req) {
        for i in &report.inputs {
            assert_eq!(i.rows, i.dossiers + i.rejected + i.blank + i.non_data, "row accounting for {}", i.file);
        }
        assert_eq!(report.summary.dossiers as usize, report.dossiers.len());
    }
}

/// A minimal xlsx around the given sheet XML (and shared strings), stored without compression.
pub fn xlsx_with_sheet(sheet_xml: &[u8], shared_strings: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="H&#7891; s&#417;" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", sheet_xml),
        ("xl/sharedStrings.xml", shared_strings),
    ];
    for (name, data) in parts {
        let _ = w.start_file(name, opts);
        let _ = w.write_all(data);
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// A minimal ods around the given content.xml.
pub fn ods_with_content(content_xml: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 3] = [
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#),
        ("content.xml", content_xml),
    ];
    for (name, data) in parts {
        let _ = w.start_file(name, opts);
        let _ = w.write_all(data);
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// The fuzzer's bytes framed as a file of one kind: after `head` (the start of a page or a workbook), or as they are
/// when the first byte is 0 (so encodings, BOMs and declarations are fuzzed too).
pub fn framed(data: &[u8], head: &[u8]) -> Vec<u8> {
    match data.split_first() {
        Some((0, rest)) => rest.to_vec(),
        Some((_, rest)) => [head, rest].concat(),
        None => Vec::new(),
    }
}
