//! Resource limits, stated and enforced, so that a hostile or broken file gets a sentence instead of an
//! out-of-memory crash of the browser tab.
//!
//! | limit | value | why |
//! |---|---|---|
//! | file size | 512 MiB | a province's year (2 million dossiers) is ≈ 170 MB as xlsx and ≈ 600 MB as CSV… the CSV
//! reader holds the decoded text next to the bytes, and wasm32 has 4 GiB of memory at most; 512 MiB keeps the worst
//! case well under it |
//! | uncompressed size of a workbook | 3 GiB | 2 million rows of sheet XML are ≈ 1 GB; the XML is streamed, never held
//! whole |
//! | compression ratio of one workbook part | 100 : 1 (parts over 1 MiB) | real sheet XML compresses 5–20 : 1; zip
//! bombs run at 1000 : 1 and more |
//! | rows | 2,000,000 | the largest year export we plan for (xlsx itself stops at 1,048,576) |
//! | columns | 1,024 | exports have 10–40 columns; a cell far to the right usually means a damaged or hostile file |

use super::xml::{skip_special, split_tag, tag_end};
use super::{ReadError, ReadErrorKind};
use std::io::Cursor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: usize,
    pub max_uncompressed_bytes: u64,
    pub max_ratio: u64,
    /// Parts smaller than this are not checked for their ratio (tiny XML compresses very well).
    pub ratio_floor_bytes: u64,
    pub max_rows: usize,
    pub max_columns: usize,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_file_bytes: 512 * 1024 * 1024,
        max_uncompressed_bytes: 3 * 1024 * 1024 * 1024,
        max_ratio: 100,
        ratio_floor_bytes: 1024 * 1024,
        // A province's year is 1–2 million dossiers (issue 7), under a header, banner rows and footers.
        max_rows: 2_500_000,
        max_columns: 1_024,
    };
}

/// The file's size, before anything else is done with it.
pub(crate) fn check_size(file: &str, len: usize, l: &Limits) -> Result<(), ReadError> {
    if len > l.max_file_bytes {
        return Err(ReadError::new(
            file,
            ReadErrorKind::TooLarge { bytes: len as u64, limit: l.max_file_bytes as u64 },
        ));
    }
    Ok(())
}

/// A zip container (xlsx, ods): the declared sizes of its parts, before any is inflated.
pub(crate) fn check_zip(file: &str, bytes: &[u8], l: &Limits) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // damaged archives are reported by the workbook reader with its own sentence
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else { continue };
        let (size, packed) = (part.size(), part.compressed_size().max(1));
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        total = total.saturating_add(size);
        if size > l.ratio_floor_bytes && size / packed > l.max_ratio {
            return Err(ReadError::new(
                file,
                ReadErrorKind::ZipBomb { part: name, ratio: size / packed, limit: l.max_ratio },
            ));
        }
    }
    if total > l.max_uncompressed_bytes {
        return Err(ReadError::new(
            file,
            ReadErrorKind::Uncompressed { bytes: total, limit: l.max_uncompressed_bytes },
        ));
    }
    Ok(())
}

/// An OpenDocument spreadsheet repeats cells and rows by count (`table:number-columns-repeated="16384"`). Empty
/// repeats at the end of a row are how LibreOffice pads every sheet and cost nothing; but a value after them, or a
/// repeated row holding values, makes the reader build rows that wide or that many (a fuzzed file took 1.5 GB and
/// 27 s). Rows are walked here, tag by tag, before reading: a value beyond the column limit, or a row holding values
/// repeated beyond the row limit, refuses the file.
///
/// The walk also checks that every element is closed by its own end tag. calamine 0.38 loops for ever when the
/// content ends inside a table, row or comment (it waits for the end tag and ignores the end of the file), so a file
/// whose elements don't nest is refused as damaged before calamine sees it.
pub(crate) fn check_ods_repeats(file: &str, bytes: &[u8], l: &Limits) -> Result<(), ReadError> {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let Ok(part) = zip.by_name("content.xml") else { return Ok(()) };
    let mut xml = Vec::new();
    if part.take(l.max_uncompressed_bytes).read_to_end(&mut xml).is_err() {
        return Ok(()); // a damaged part is reported by the workbook reader
    }
    let refuse = |n: u64, rows: bool| {
        let limit = if rows { l.max_rows / 100 } else { l.max_columns };
        ReadError::new(file, ReadErrorKind::OdsRepeats { rows, count: n, limit: limit as u64 })
    };
    let damaged = || ReadError::new(file, ReadErrorKind::OdsMalformed);
    let (mut col, mut row_repeat, mut row_has_value) = (0u64, 1u64, false);
    // Rows (repeats counted) since the last row holding a value: LibreOffice's padding rows close a table; rows with
    // values after a million padding rows make the reader fill them all in.
    let mut rows_since_value = 0u64;
    // The names of the elements open at this point.
    let mut open: Vec<&[u8]> = Vec::new();
    let mut at = 0;
    while let Some(p) = memchr::memchr(b'<', &xml[at..]) {
        let lt = at + p;
        // The xml scanner's tag reader: quoted `>`, comments, CDATA and declarations are its business.
        let Some(special) = skip_special(&xml, lt) else { return Err(damaged()) };
        if let Some(end) = special {
            at = end;
            continue;
        }
        let Some(end) = tag_end(&xml, lt) else { return Err(damaged()) };
        at = end;
        let tag = split_tag(&xml, lt, end);
        if tag.close {
            if open.pop() != Some(tag.qname) {
                return Err(damaged());
            }
        } else if !tag.self_closing {
            open.push(tag.qname);
        }
        let repeat = |attr: &[u8]| {
            find(tag.attrs, attr).map(|i| {
                tag.attrs[i + attr.len()..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .take(12)
                    .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'))
            })
        };
        match (tag.close, tag.qname) {
            (false, b"table:table-row") => {
                (col, row_has_value) = (0, false);
                row_repeat = repeat(b"number-rows-repeated=\"").unwrap_or(1).max(1);
            }
            (true, b"table:table-row") => {
                if row_has_value && row_repeat as usize > l.max_rows / 100 {
                    return Err(refuse(row_repeat, true));
                }
                rows_since_value = if row_has_value { 0 } else { rows_since_value.saturating_add(row_repeat) };
                col = 0;
            }
            (true, b"table:table") => rows_since_value = 0,
            (false, b"table:table-cell" | b"table:covered-table-cell") => {
                let n = repeat(b"number-columns-repeated=\"").unwrap_or(1).max(1);
                let empty = tag.self_closing && find(tag.attrs, b"office:value").is_none();
                if !empty {
                    row_has_value = true;
                    if rows_since_value as usize > l.max_rows / 100 {
                        return Err(refuse(rows_since_value, true));
                    }
                    if (col + n) as usize > l.max_columns {
                        return Err(refuse(col + n, false));
                    }
                }
                col = col.saturating_add(n);
            }
            // `<text:s text:c="N"/>` stands for N spaces, which the reader writes out one by one.
            (false, b"text:s") if repeat(b"text:c=\"").unwrap_or(1) > MAX_SPACES => return Err(damaged()),
            _ => {}
        }
    }
    if !open.is_empty() {
        return Err(damaged());
    }
    Ok(())
}

/// More spaces than a cell can hold (LibreOffice keeps at most 32,767 characters in a cell).
const MAX_SPACES: u64 = 32_767;

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

pub(crate) fn too_many_rows(file: &str, sheet: &str, l: &Limits) -> ReadError {
    ReadError::new(file, ReadErrorKind::TooManyRows { sheet: sheet.to_string(), limit: l.max_rows as u64 })
}

pub(crate) fn too_many_columns(file: &str, sheet: &str, row: u32, column: usize, l: &Limits) -> ReadError {
    let kind = ReadErrorKind::TooManyColumns { sheet: sheet.to_string(), row, column, limit: l.max_columns };
    ReadError::new(file, kind).at(sheet, Some(row))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(name: &str, data: &[u8]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file(
            name,
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        w.write_all(data).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_bomb_is_refused_before_inflating() {
        let bomb = zip_of("xl/worksheets/sheet1.xml", &vec![b'0'; 16 * 1024 * 1024]);
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        let e = check_zip("bomb.xlsx", &bomb, &Limits::DEFAULT).unwrap_err();
        assert!(e.text().en.contains("zip bomb"), "{}", e.text().en);
        assert!(e.text().vi.contains("bom nén"));
    }

    #[test]
    fn ordinary_parts_and_small_parts_pass() {
        let small = zip_of("xl/sharedStrings.xml", &vec![b'a'; 100_000]);
        assert!(check_zip("ok.xlsx", &small, &Limits::DEFAULT).is_ok());
    }

    #[test]
    fn total_size_and_file_size_limits() {
        let l = Limits { max_uncompressed_bytes: 1000, ..Limits::DEFAULT };
        let z = zip_of("a.xml", &vec![b'x'; 5000]);
        assert!(check_zip("big.xlsx", &z, &l).unwrap_err().text().en.contains("uncompresses to"));
        let e = check_size("huge.csv", 600 * 1024 * 1024, &Limits::DEFAULT).unwrap_err();
        assert!(e.text().vi.contains("Tệp quá lớn (600 MB); giới hạn là 512 MB"), "{}", e.text().vi);
    }

    #[test]
    fn ods_elements_must_nest_and_quoted_or_commented_brackets_do_not_end_a_tag() {
        let content = |body: &str| {
            zip_of("content.xml", format!("<?xml \
                version=\"1.0\"?><office:document-content><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>").as_bytes())
        };
        let row = r#"<table:table-row><table:table-cell table:formula="of:=[.A1]>0" office:value="1"><text:p>1 &gt; 0</text:p></table:table-cell></table:table-row>"#;
        let ok =
            content(&format!("<table:table table:name=\"A\"><!-- a > b -->{row}<![CDATA[ x > y ]]></table:table>"));
        assert!(check_ods_repeats("ok.ods", &ok, &Limits::DEFAULT).is_ok());
        for broken in [
            format!("<table:table table:name=\"A\">{row}"),        // table never closed
            format!("<table:table>{row}</table:table-row></table:table>"), // a row closed twice
            format!("<table:table>{row}</vable:table>"),            // the wrong end tag
            r#"<table:table><table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="999999999"/></text:p></table:table-cell></table:table-row></table:table>"#.to_string(),
            "<table:table table:name=\"unterminated".to_string(),
        ] {
            let e = check_ods_repeats("bad.ods", &content(&broken), &Limits::DEFAULT).unwrap_err();
            assert!(e.text().en.contains("is damaged"), "{broken}: {}", e.text().en);
        }
    }
}
