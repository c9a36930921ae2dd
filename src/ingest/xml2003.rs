//! Excel 2003's "XML Spreadsheet" (`<?mso-application progid="Excel.Sheet"?>`, SpreadsheetML), which some systems
//! still write and name .xls: `<Worksheet ss:Name>` sheets of `<Row ss:Index>` rows of
//! `<Cell ss:Index ss:MergeAcross ss:MergeDown ss:StyleID><Data ss:Type="String|Number|DateTime|Boolean|Error">`.
//!
//! Rows and cells are placed by their `ss:Index` (1-based) or after the one before; `ss:MergeAcross` and
//! `ss:MergeDown` are merged regions as a workbook's; a DateTime is an ISO date (as ODS writes them), a Number whose
//! style's `NumberFormat` is a date format a date serial; rich text (`<ss:Data>` holding `<B>`, `<Font>`…) is its
//! text; cell comments are not the cell's value. The file is decoded by its BOM or `<?xml encoding>` (`charset`)
//! and walked with the package scanner of `ingest::xml`: the sheets and styles once when opened, then each sheet's
//! rows from its own start.

use super::charset;
use super::limits::{self, Limits};
use super::source::{Cell, Merge, Row, RowStream};
use super::xlsx::shows_date;
use super::xml::{attr_local, decode_attr, decode_text, element_close, skip_special, split_tag, tag_end};
use super::ReadError;
use crate::model::normalise_text;
use std::borrow::Cow;
use std::collections::HashMap;

const WHAT: &str = "XML Spreadsheet 2003";

/// An XML Spreadsheet opened: its text, each worksheet's name and start, and which styles are dates.
pub(crate) struct XmlBook<'a> {
    text: Cow<'a, str>,
    pub(crate) names: Vec<String>,
    starts: Vec<usize>,
    /// Style id → whether its number format shows a date.
    dates: HashMap<String, bool>,
    limits: Limits,
}

impl<'a> XmlBook<'a> {
    pub(crate) fn open(file: &str, bytes: &'a [u8], limits: &Limits) -> Result<XmlBook<'a>, ReadError> {
        let (text, _) = charset::decode(bytes);
        let mut book = XmlBook { text, names: Vec::new(), starts: Vec::new(), dates: HashMap::new(), limits: *limits };
        let w = book.text.as_bytes();
        let mut style: Option<String> = None;
        let mut at = 0;
        while let Some(p) = memchr::memchr(b'<', &w[at..]) {
            let lt = at + p;
            match skip_special(w, lt) {
                Some(Some(end)) => {
                    at = end;
                    continue;
                }
                Some(None) => {}
                None => break,
            }
            let Some(end) = tag_end(w, lt) else { break };
            at = end;
            let tag = split_tag(w, lt, end);
            if tag.close {
                continue;
            }
            match tag.local {
                b"Worksheet" => {
                    let n = book.names.len() + 1;
                    let name = attr_local(tag.attrs, b"Name").map(decode_attr).unwrap_or_else(|| format!("Sheet{n}"));
                    book.names.push(name);
                    book.starts.push(lt);
                }
                b"Style" => style = attr_local(tag.attrs, b"ID").map(decode_attr),
                b"NumberFormat" => {
                    if let (Some(id), Some(f)) = (&style, attr_local(tag.attrs, b"Format")) {
                        book.dates.insert(id.clone(), shows_date(&decode_attr(f)));
                    }
                }
                _ => {}
            }
        }
        if book.names.is_empty() && !book.text.contains("Workbook") {
            return Err(ReadError::damaged(file, WHAT, "no <Workbook>"));
        }
        Ok(book)
    }

    /// The rows of one worksheet, streamed from its start.
    pub(crate) fn rows(&self, file: &str, sheet: &str) -> Option<XmlRows<'_>> {
        let i = self.names.iter().position(|n| n == sheet)?;
        Some(XmlRows {
            w: self.text.as_bytes(),
            at: *self.starts.get(i)?,
            dates: &self.dates,
            file: file.to_string(),
            sheet: sheet.to_string(),
            limits: self.limits,
            number: 0,
            merges: Vec::new(),
            entered: false,
            done: false,
        })
    }
}

/// One worksheet's rows.
pub(crate) struct XmlRows<'b> {
    w: &'b [u8],
    at: usize,
    dates: &'b HashMap<String, bool>,
    file: String,
    sheet: String,
    limits: Limits,
    /// The number of the last row read.
    number: u32,
    merges: Vec<Merge>,
    /// Whether the sheet's own `<Worksheet>` tag was passed.
    entered: bool,
    done: bool,
}

impl XmlRows<'_> {
    fn damaged(&self, what: &str) -> ReadError {
        ReadError::damaged(&self.file, WHAT, &format!("{what} (sheet \"{}\", row {})", self.sheet, self.number))
            .at(&self.sheet, Some(self.number))
    }

    /// The next tag at or after `self.at` (comments and the like skipped), moving past it: (start, end).
    fn next_tag(&mut self) -> Result<Option<(usize, usize)>, ReadError> {
        loop {
            let Some(p) = memchr::memchr(b'<', &self.w[self.at..]) else { return Ok(None) };
            let lt = self.at + p;
            match skip_special(self.w, lt) {
                Some(Some(end)) => self.at = end,
                Some(None) => {
                    let end = tag_end(self.w, lt).ok_or_else(|| self.damaged("a tag is not closed"))?;
                    self.at = end;
                    return Ok(Some((lt, end)));
                }
                None => return Err(self.damaged("a comment is not closed")),
            }
        }
    }

    /// The cells of the row whose start tag ended at `self.at`, up to its `</Row>`.
    fn cells(&mut self) -> Result<Vec<Cell>, ReadError> {
        let mut cells: Vec<Cell> = Vec::new();
        let mut next = 0usize;
        let mut cell: Option<(usize, Option<String>)> = None;
        while let Some((lt, end)) = self.next_tag()? {
            let tag = split_tag(self.w, lt, end);
            match (tag.close, tag.local) {
                (true, b"Row") => break,
                (false, b"Cell") => {
                    let col = match attr_local(tag.attrs, b"Index").and_then(|v| std::str::from_utf8(v).ok()) {
                        Some(i) => {
                            i.trim().parse::<usize>().map_err(|_| self.damaged("a cell index is not a number"))?
                        }
                        None => next + 1,
                    }
                    .max(1)
                        - 1;
                    let num = |k: &[u8]| {
                        attr_local(tag.attrs, k)
                            .and_then(|v| std::str::from_utf8(v).ok())
                            .and_then(|v| v.trim().parse::<u32>().ok())
                            .unwrap_or(0)
                    };
                    let (across, down) = (num(b"MergeAcross") as usize, num(b"MergeDown"));
                    let last = col.saturating_add(across);
                    if last >= self.limits.max_columns {
                        let column = col.min(self.limits.max_columns);
                        return Err(limits::too_many_columns(
                            &self.file,
                            &self.sheet,
                            self.number,
                            column,
                            &self.limits,
                        ));
                    }
                    if across > 0 || down > 0 {
                        self.merges.push((self.number, col, self.number.saturating_add(down), last));
                    }
                    next = last + 1;
                    let style = attr_local(tag.attrs, b"StyleID").map(decode_attr);
                    if !tag.self_closing {
                        cell = Some((col, style));
                    }
                }
                (true, b"Cell") => cell = None,
                (false, b"Comment" | b"PhoneticText") if !tag.self_closing => {
                    let (_, after) = element_close(self.w, end, tag.qname).ok_or_else(|| self.damaged("a comment"))?;
                    self.at = after;
                }
                (false, b"Data") => {
                    let Some((col, style)) = &cell else { continue };
                    let typ = attr_local(tag.attrs, b"Type").unwrap_or_default().to_vec();
                    let raw = if tag.self_closing {
                        String::new()
                    } else {
                        let (close, after) = element_close(self.w, end, tag.qname)
                            .ok_or_else(|| self.damaged("a value is not closed"))?;
                        self.at = after;
                        rich_text(&self.w[end..close])
                    };
                    let date_style = style.as_ref().and_then(|s| self.dates.get(s)).copied().unwrap_or(false);
                    let value = value(&typ, &raw, date_style);
                    if cells.len() <= *col {
                        cells.resize(col + 1, Cell::Empty);
                    }
                    cells[*col] = value;
                }
                (true, b"Worksheet" | b"Table") | (false, b"Worksheet") => {
                    self.done = true;
                    break;
                }
                _ => {}
            }
        }
        Ok(cells)
    }
}

/// The text of a value that may hold rich-text tags.
fn rich_text(raw: &[u8]) -> String {
    let mut out = String::new();
    let mut at = 0;
    while at < raw.len() {
        let Some(p) = memchr::memchr(b'<', &raw[at..]) else {
            push_text(&raw[at..], &mut out);
            break;
        };
        push_text(&raw[at..at + p], &mut out);
        let lt = at + p;
        at = match skip_special(raw, lt) {
            Some(Some(end)) => {
                // CDATA is text.
                if raw[lt..].starts_with(b"<![CDATA[") {
                    push_text(&raw[lt..end], &mut out);
                }
                end
            }
            _ => tag_end(raw, lt).unwrap_or(raw.len()),
        };
    }
    out
}

fn push_text(raw: &[u8], out: &mut String) {
    if decode_text(raw, out).is_err() {
        out.push_str(&String::from_utf8_lossy(raw));
    }
}

/// A cell's value from its `ss:Type` and text.
fn value(typ: &[u8], raw: &str, date_style: bool) -> Cell {
    let number = || raw.trim().parse::<f64>().ok().filter(|n| n.is_finite());
    match typ {
        b"Number" => match number() {
            Some(n) if date_style => Cell::DateSerial(n),
            Some(n) => Cell::Number(n),
            None => Cell::from_text(&normalise_text(raw)),
        },
        b"DateTime" if !raw.trim().is_empty() => Cell::DateIso(raw.trim().to_string()),
        b"Boolean" => match raw.trim() {
            "1" => Cell::Bool(true),
            "0" => Cell::Bool(false),
            t => Cell::from_text(t),
        },
        b"Error" if !raw.trim().is_empty() => Cell::Error(raw.trim().to_string()),
        _ => Cell::from_text(&normalise_text(raw)),
    }
}

impl RowStream for XmlRows<'_> {
    fn next_row(&mut self) -> Result<Option<Row>, ReadError> {
        // Past the sheet's own <Worksheet> tag, to its rows.
        while !self.done {
            let Some((lt, end)) = self.next_tag()? else {
                self.done = true;
                break;
            };
            let tag = split_tag(self.w, lt, end);
            match (tag.close, tag.local) {
                (false, b"Row") => {
                    let index = attr_local(tag.attrs, b"Index")
                        .and_then(|v| std::str::from_utf8(v).ok())
                        .and_then(|v| v.trim().parse::<u32>().ok());
                    let number = match index {
                        Some(i) if i > self.number => i,
                        Some(_) => return Err(self.damaged("rows out of order")),
                        None => self.number + 1,
                    };
                    self.number = number;
                    if number as usize > self.limits.max_rows {
                        return Err(limits::too_many_rows(&self.file, &self.sheet, &self.limits));
                    }
                    let cells = if tag.self_closing { Vec::new() } else { self.cells()? };
                    return Ok(Some(Row { number, cells }));
                }
                (true, b"Worksheet") => self.done = true,
                // The next worksheet starts: this one had no end tag.
                (false, b"Worksheet") if self.entered => self.done = true,
                (false, b"Worksheet") => self.entered = true,
                _ => {}
            }
        }
        Ok(None)
    }

    fn merges(&self) -> &[Merge] {
        &self.merges
    }

    fn date1904(&self) -> bool {
        false
    }

    fn progress(&self) -> (u64, u64) {
        (self.at as u64, self.w.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK: &str = r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <Styles><Style ss:ID="Default"/><Style ss:ID="s62"><NumberFormat ss:Format="Short Date"/></Style></Styles>
 <Worksheet ss:Name="Hồ sơ &amp; kết quả">
  <Table>
   <Row><Cell ss:MergeAcross="1"><Data ss:Type="String">Thời gian</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">Ngày tiếp nhận</Data><Comment><Data>not me</Data></Comment></Cell>
    <Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>Ngày</B> hẹn trả</ss:Data></Cell></Row>
   <Row ss:Index="4"><Cell ss:Index="2" ss:StyleID="s62"><Data ss:Type="Number">45044</Data></Cell>
    <Cell><Data ss:Type="DateTime">2023-04-28T00:00:00.000</Data></Cell><Cell/><Cell><Data ss:Type="Number">7</Data></Cell></Row>
   <Row/>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="Sheet2"><Table><Row><Cell><Data ss:Type="Boolean">1</Data></Cell></Row></Table></Worksheet>
</Workbook>"#;

    fn rows(book: &XmlBook<'_>, sheet: &str) -> (Vec<Row>, Vec<Merge>) {
        let mut s = book.rows("f", sheet).unwrap_or_else(|| panic!("no {sheet}"));
        let mut out = Vec::new();
        while let Some(r) = s.next_row().unwrap_or_else(|e| panic!("{e}")) {
            out.push(r);
        }
        (out, s.merges().to_vec())
    }

    #[test]
    fn sheets_rows_cells_merges_and_dates() {
        let book = XmlBook::open("f", BOOK.as_bytes(), &Limits::DEFAULT).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(book.names, vec!["Hồ sơ & kết quả", "Sheet2"]);
        let (r, merges) = rows(&book, "Hồ sơ & kết quả");
        assert_eq!(r.iter().map(|r| r.number).collect::<Vec<_>>(), vec![1, 2, 4, 5]);
        assert_eq!(r[0].cells, vec![Cell::Text("Thời gian".into())]);
        assert_eq!(r[1].cells, vec![Cell::Text("Ngày tiếp nhận".into()), Cell::Text("Ngày hẹn trả".into())]);
        assert_eq!(
            r[2].cells,
            vec![
                Cell::Empty,
                Cell::DateSerial(45044.0),
                Cell::DateIso("2023-04-28T00:00:00.000".into()),
                Cell::Empty,
                Cell::Number(7.0)
            ]
        );
        assert!(r[3].cells.is_empty());
        assert_eq!(merges, vec![(1, 0, 1, 1)]);
        assert_eq!(rows(&book, "Sheet2").0[0].cells, vec![Cell::Bool(true)]);
    }

    #[test]
    fn a_truncated_file_is_damaged_not_a_panic() {
        for cut in (0..BOOK.len()).step_by(7) {
            let Some(text) = BOOK.get(..cut) else { continue };
            let Ok(book) = XmlBook::open("f", text.as_bytes(), &Limits::DEFAULT) else { continue };
            for name in book.names.clone() {
                let mut s = book.rows("f", &name).unwrap_or_else(|| panic!("no {name}"));
                while let Ok(Some(_)) = s.next_row() {}
            }
        }
    }
}
