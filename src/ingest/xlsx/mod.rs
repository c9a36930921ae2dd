//! A streaming xlsx reader specialised for dossier logs (issue 7: a province's year, a million rows, read in seconds).
//!
//! calamine's cell reader spends most of its time in general-purpose XML parsing. A sheet part is a long run of
//! `<row>` and `<c>` elements, so this reader inflates it in chunks (the deflate stream is read straight out of the
//! file's bytes, never held whole) and walks it with a byte scanner (memchr): `<row r="N">` … `</row>`,
//! `<c r="B5" t="s|str|inlineStr|b|e|n|d" s="3"><v>…</v></c>`, `<is><t>…</t></is>`, self-closing `<c …/>`, `<f>`
//! formulas (their cached `<v>` is the value), and after `</sheetData>` the `<mergeCell ref="A5:A9"/>` list.
//!
//! The small parts (workbook, relationships, styles) are read whole; the shared strings are streamed like a
//! sheet, one `<si>` at a time, and each becomes one shared text, so a cell that uses it costs a reference count.
//!
//! What a cell becomes follows calamine's xlsx reader exactly (the equivalence test reads every fixture both ways):
//! rich text runs concatenated and phonetic runs (`<rPh>`) left out, `<t>` trimmed of ASCII whitespace unless
//! `xml:space="preserve"`, entities and `_xHHHH_` escapes decoded, line ends normalised; a number whose style has a
//! date format (built-in 14–22, 27–36, 45, 47, 50–58, or a custom code with d/m/y/h/s outside quotes and brackets)
//! is a date serial, `[h]:mm:ss`-style durations stay numbers; whitespace-only text is empty.
//!
//! Here the workbook part (sheet names, their parts, the date system); in `package` the zip, the relationships
//! and the inflating stream; in `shared_strings`, `styles` (which styles are dates) and `sheet` (the row walk) the
//! parts they are named after. The XML scanner they use is `ingest::xml`.

mod package;
mod shared_strings;
mod sheet;
mod styles;
#[cfg(test)]
mod tests;

use self::package::{resolve, Package};
use self::shared_strings::SharedText;
pub(crate) use self::sheet::XlsxRows;
use self::styles::date_styles;
pub(crate) use self::styles::shows_date;
use super::limits::Limits;
use super::source::RowStream;
use super::xml::{attr, attr_local, decode_attr, Tags};
use super::{ReadError, ReadErrorKind};
use std::collections::HashMap;
use std::sync::Arc;

const WHAT: &str = "Excel (.xlsx)";
/// Bytes inflated at a time.
const CHUNK: usize = 128 * 1024;

/// An xlsx workbook opened for streaming: sheet names and parts, shared strings, which styles are dates.
pub(crate) struct XlsxBook<'a> {
    package: Package<'a>,
    names: Vec<String>,
    sheet_parts: Vec<String>,
    /// The chart sheets among `names`: no cells to read.
    charts: Vec<String>,
    shared: Arc<[SharedText]>,
    dates: Arc<[bool]>,
    date1904: bool,
    limits: Limits,
}

impl<'a> XlsxBook<'a> {
    /// Opens the zip and reads the workbook (sheet names in order, their parts through the relationships, the date
    /// system), the shared strings and the date styles.
    pub(crate) fn open(file: &str, bytes: &'a [u8], limits: &Limits) -> Result<XlsxBook<'a>, ReadError> {
        Self::open_with_chunk(file, bytes, limits, CHUNK)
    }

    fn open_with_chunk(file: &str, bytes: &'a [u8], limits: &Limits, chunk: usize) -> Result<XlsxBook<'a>, ReadError> {
        let package = Package::open(file, bytes, limits.max_uncompressed_bytes, chunk.max(16))?;
        let mut book = XlsxBook {
            package,
            names: Vec::new(),
            sheet_parts: Vec::new(),
            charts: Vec::new(),
            shared: Arc::from(Vec::new()),
            dates: Arc::from(Vec::new()),
            date1904: false,
            limits: *limits,
        };
        // The workbook part, from the package relationships (xl/workbook.xml when they do not say).
        let mut workbook = "xl/workbook.xml".to_string();
        if let Some(xml) = book.package.read_small(file, "_rels/.rels")? {
            for tag in Tags::new(&xml) {
                if !tag.close && tag.local == b"Relationship" {
                    let typ = attr(tag.attrs, b"Type").unwrap_or_default();
                    if typ.ends_with(b"/relationships/officeDocument") {
                        if let Some(target) = attr(tag.attrs, b"Target") {
                            workbook = resolve("", &decode_attr(target));
                        }
                    }
                }
            }
        }
        let (dir, leaf) = match workbook.rfind('/') {
            Some(i) => workbook.split_at(i + 1),
            None => ("", workbook.as_str()),
        };
        let (dir, leaf) = (dir.to_string(), leaf.to_string());
        // Relationships of the workbook: id → (target part, type).
        let mut rels: HashMap<Vec<u8>, (String, String)> = HashMap::new();
        let rels_xml = book
            .package
            .read_small(file, &format!("{dir}_rels/{leaf}.rels"))?
            .ok_or_else(|| ReadError::damaged(file, WHAT, &format!("{dir}_rels/{leaf}.rels is missing")))?;
        for tag in Tags::new(&rels_xml) {
            if !tag.close && tag.local == b"Relationship" {
                if let Some(id) = attr(tag.attrs, b"Id") {
                    let target = attr(tag.attrs, b"Target").map(decode_attr).unwrap_or_default();
                    let typ = attr(tag.attrs, b"Type").map(decode_attr).unwrap_or_default();
                    rels.insert(id.to_vec(), (resolve(&dir, &target), typ));
                }
            }
        }
        let rel_of_type = |suffix: &str| rels.values().find(|(_, t)| t.ends_with(suffix)).map(|(p, _)| p.clone());
        let strings_part = rel_of_type("/sharedStrings").unwrap_or_else(|| format!("{dir}sharedStrings.xml"));
        let styles_part = rel_of_type("/styles").unwrap_or_else(|| format!("{dir}styles.xml"));
        if let Some(xml) = book.package.read_small(file, &workbook)? {
            for tag in Tags::new(&xml) {
                if tag.close {
                    continue;
                }
                if tag.local == b"sheet" {
                    let name = attr(tag.attrs, b"name").map(decode_attr).unwrap_or_default();
                    let id = attr_local(tag.attrs, b"id").unwrap_or_default();
                    let Some((part, typ)) = rels.get(id) else {
                        return Err(ReadError::damaged(file, WHAT, &format!("sheet \"{name}\" has no relationship")));
                    };
                    if typ.ends_with("/chartsheet") {
                        book.charts.push(name.clone());
                    }
                    book.names.push(name);
                    book.sheet_parts.push(part.clone());
                } else if tag.local == b"workbookPr" {
                    if let Some(v) = attr(tag.attrs, b"date1904") {
                        book.date1904 = v == b"1" || v == b"true";
                    }
                }
            }
        }
        if let Some(xml) = book.package.read_small(file, &styles_part)? {
            book.dates = Arc::from(date_styles(&xml));
        }
        book.shared = Arc::from(shared_strings::read(&mut book.package, file, &strings_part)?);
        Ok(book)
    }

    /// The sheet names, in workbook order.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// The chart sheets' names, in workbook order.
    pub(crate) fn charts(&self) -> &[String] {
        &self.charts
    }

    /// A stream over one sheet's rows (the sheet named exactly as in [`names`](Self::names)).
    pub(crate) fn rows(&mut self, file: &str, sheet: &str) -> Result<XlsxRows<'a>, ReadError> {
        let Some(i) = self.names.iter().position(|n| n == sheet) else {
            return Err(ReadError::new(
                file,
                ReadErrorKind::NoSuchSheet { sheet: sheet.to_string(), sheets: self.names.clone() },
            ));
        };
        let part = self.sheet_parts[i].clone();
        let inflow = self.package.inflow(file, &part)?.ok_or_else(|| {
            ReadError::damaged(file, WHAT, &format!("the part {part} of sheet \"{sheet}\" is missing"))
        })?;
        Ok(XlsxRows::new(file, sheet, inflow, self.shared.clone(), self.dates.clone(), self.date1904, self.limits))
    }
}

/// For `bench_xlsx_read`: streams the first sheet and counts rows and cells; `opened` is called once the workbook
/// (shared strings included) is open.
#[doc(hidden)]
pub fn bench_stream(file: &str, bytes: &[u8], opened: &mut dyn FnMut()) -> Result<(u64, u64), String> {
    let mut book = XlsxBook::open(file, bytes, &Limits::DEFAULT).map_err(|e| e.text().en)?;
    opened();
    let first = book.names().first().cloned().ok_or("no sheet")?;
    let mut rows = book.rows(file, &first).map_err(|e| e.text().en)?;
    let (mut n, mut cells) = (0u64, 0u64);
    while let Some(row) = rows.next_row().map_err(|e| e.text().en)? {
        n += 1;
        cells += row.cells.len() as u64;
    }
    Ok((n, cells))
}

/// For the benchmark (`scripts/bench`, issue 22): inflates the parts a read of the workbook inflates — every
/// worksheet and the shared strings — the way the reader does (the same decoder, 128 KiB at a time), and does
/// nothing else with them: the floor under any reader of this file. Returns the bytes inflated.
#[doc(hidden)]
pub fn bench_inflate(file: &str, bytes: &[u8]) -> Result<u64, String> {
    let mut package =
        Package::open(file, bytes, Limits::DEFAULT.max_uncompressed_bytes, CHUNK).map_err(|e| e.text().en)?;
    let mut parts: Vec<String> = package.part_names().filter(|p| is_bulk_part(p)).map(str::to_string).collect();
    parts.sort();
    let mut total = 0;
    for part in parts {
        let Some(mut inflow) = package.inflow(file, &part).map_err(|e| e.text().en)? else { continue };
        while inflow.fill().map_err(|e| e.text().en)? {
            let n = inflow.window().len();
            inflow.consume(n);
        }
        total += inflow.out;
    }
    Ok(total)
}

/// A worksheet or the shared strings (part names as [`Package`] keeps them, lowercased).
fn is_bulk_part(part: &str) -> bool {
    (part.starts_with("xl/worksheets/") && part.ends_with(".xml")) || part == "xl/sharedstrings.xml"
}
