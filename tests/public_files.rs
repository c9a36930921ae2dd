//! Issue 19: the public test files of calamine and SheetJS (vendored under tests/fixtures/public/ with their
//! licences; README.md there names the source commits) read through the app's readers. Every file is a dossier
//! table whose rows add up, or a refusal with a kind and a sentence in both languages: never a panic, never a
//! table made from a sheet that holds no dossiers. The outcome of each file is listed below, each looked at by hand.

use dunghen::ingest::{read_dossiers, ReadOptions};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What each file gives: "table N" (N dossiers) or the refusal's kind.
const EXPECTED: &[(&str, &str)] = &[
    // calamine (MIT)
    ("calamine/any_sheets.ods", "NoHeader"),
    ("calamine/any_sheets.xls", "NoHeader"),
    ("calamine/any_sheets.xlsx", "NoHeader"), // worksheets beside a chart sheet
    ("calamine/biff5_write.xls", "NoHeader"),
    ("calamine/capitalized_wbook_stream.xls", "EmptyWorkbook"), // a "WORKBOOK" stream; no cell (LibreOffice agrees)
    ("calamine/date.ods", "NoHeader"),
    ("calamine/date.xls", "NoHeader"),
    ("calamine/date.xlsb", "Xlsb"),
    ("calamine/date.xlsx", "NoHeader"),
    ("calamine/date_1904.xlsx", "NoHeader"),
    ("calamine/empty_sheet.xlsx", "EmptyWorkbook"),
    ("calamine/errors.xlsx", "NoHeader"),
    ("calamine/inlineStr_cdata.xlsx", "NoHeader"),
    ("calamine/issue_530.xlsx", "NoHeader"), // part names with backslashes: opened
    ("calamine/issue_594_dos.ods", "OdsRepeats"), // a repeat count that would expand to billions of cells
    ("calamine/issue_666_panic.xlsb", "Xlsb"),
    ("calamine/merge_cells.xls", "NoHeader"),
    ("calamine/merge_cells.xlsx", "NoHeader"),
    ("calamine/merged_cells.ods", "NoHeader"),
    ("calamine/minimal_package.xlsx", "NoHeader"), // workbook.xml at the package root: opened
    ("calamine/nonstandard-xml-ns-prefix.xlsx", "NoHeader"),
    ("calamine/pass_protected.ods", "Protected"),
    ("calamine/pass_protected.xlsb", "Protected"),
    ("calamine/pass_protected.xlsx", "Protected"),
    ("calamine/single-empty.ods", "NoHeader"), // "StringCol", five words and repeated empty rows
    ("calamine/strict_iso_paths.xlsx", "NoHeader"),
    ("calamine/table_with_absolute_paths.xlsx", "NoHeader"),
    ("calamine/too_small.xls", "NoHeader"), // 68 bytes of text ("Attachment … not found!") named .xls
    ("calamine/xls_cross_sheet_chart.xls", "NoHeader"),
    // SheetJS test_files (Apache 2.0)
    ("sheetjs/A4X_gnumeric.xls", "NoHeader"),
    ("sheetjs/Attendance.csv", "NoHeader"),
    ("sheetjs/BlankSheetTypes.ods", "EmptyWorkbook"),
    ("sheetjs/BlankSheetTypes.xml", "EmptyWorkbook"),
    ("sheetjs/ErrorTypes.csv", "NoHeader"),
    ("sheetjs/LO7322.csv", "NoHeader"),
    ("sheetjs/NumberFormatCondition.xml", "NoHeader"),
    ("sheetjs/author_snowman.xml", "EmptyWorkbook"), // an author's name and no <Row>
    ("sheetjs/cell_style_simple.xml", "NoHeader"),
    ("sheetjs/column_width.htm", "NoHeader"),
    ("sheetjs/defined_names_unicode.xml", "NoHeader"),
    ("sheetjs/formulae_test_simple.xml", "NoHeader"),
    ("sheetjs/merge_cells.ods", "NoHeader"),
    ("sheetjs/merge_cells.xls", "NoHeader"),
    ("sheetjs/merge_cells.xlsx", "NoHeader"),
    ("sheetjs/metadata_2019.xml", "NoHeader"),
    ("sheetjs/mixed_sheets.xlsx", "NoHeader"),
    ("sheetjs/number_format_entities.csv", "NoHeader"),
    ("sheetjs/number_format_entities.xml", "NoHeader"),
    ("sheetjs/password_2002_128_strong.xls", "Protected"),
    ("sheetjs/password_2002_40_xor.xls", "Protected"), // XOR obfuscation: FILEPASS found after calamine fails
    ("sheetjs/phonetic_text.xml", "NoHeader"),
    ("sheetjs/protect_stress_test_xml.xml", "NoHeader"),
    ("sheetjs/row_height.htm", "NoHeader"),
    ("sheetjs/sheet_visibility.xml", "NoHeader"),
    ("sheetjs/sized_boxen.htm", "NoHeader"),
    ("sheetjs/sushi.xls", "NoHeader"),
    ("sheetjs/sushi.xml", "NoHeader"),
    ("sheetjs/text_and_numbers.xml", "NoHeader"),
    ("sheetjs/wtf_path.xlsx", "NoHeader"), // the workbook under wtf/: opened
];

fn outcome(name: &str, bytes: &[u8]) -> String {
    match read_dossiers(name, bytes, &ReadOptions::default()) {
        Ok(t) => {
            assert!(t.counts.adds_up(), "{name}: {:?}", t.counts);
            format!("table {}", t.dossiers.len())
        }
        Err(e) => {
            let text = e.text();
            assert!(!text.vi.trim().is_empty() && !text.en.trim().is_empty(), "{name}: {:?}", e.kind);
            let kind = format!("{:?}", e.kind);
            kind.split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default().to_string()
        }
    }
}

#[test]
fn every_public_file_is_a_table_or_a_sentence() {
    let root = format!("{}/tests/fixtures/public", env!("CARGO_MANIFEST_DIR"));
    let mut seen = Vec::new();
    let mut wrong = Vec::new();
    for dir in ["calamine", "sheetjs"] {
        let mut names: Vec<String> = std::fs::read_dir(format!("{root}/{dir}"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| !n.starts_with("LICENSE"))
            .collect();
        names.sort();
        for n in names {
            let key = format!("{dir}/{n}");
            let bytes = std::fs::read(format!("{root}/{key}")).unwrap();
            let got = catch_unwind(AssertUnwindSafe(|| outcome(&n, &bytes)))
                .unwrap_or_else(|_| panic!("{key}: the reader panicked"));
            println!("{key}: {got}");
            match EXPECTED.iter().find(|(k, _)| *k == key) {
                Some((_, want)) if *want == got => {}
                Some((_, want)) => wrong.push(format!("{key}: {got}, expected {want}")),
                None => wrong.push(format!("{key}: {got}, not listed")),
            }
            seen.push(key);
        }
    }
    for (k, _) in EXPECTED {
        assert!(seen.iter().any(|s| s == k), "{k} is listed but not vendored");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
