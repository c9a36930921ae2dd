//! One sheet's rows, streamed: the walk over `<sheetData>` (`<row>` … `</row>`, each `<c>` taken apart, the usual
//! shape in one pass), a cell's value as calamine gives it, and the `<mergeCell>` list after the data.

use super::package::Inflow;
use super::shared_strings::{rich_text, SharedText};
use super::WHAT;
use crate::ingest::limits::{self, Limits};
use crate::ingest::source::{Cell, Merge, Row, RowStream};
use crate::ingest::xml::{
    attr, decode_text, element_close, next_byte, parse_u64, skip_special, split_tag, tag_end, unescape_x, Attrs, Tag,
};
use crate::ingest::{ReadError, ReadErrorKind};
use memchr::memchr;
use std::sync::Arc;

/// Where the sheet scanner is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    BeforeData,
    InData,
    AfterData,
    Finished,
}

/// A row being filled with the cells of its `<row>` element.
struct Building {
    number: u32,
    next_col: usize,
    cells: Vec<Cell>,
}

/// The rows of one xlsx sheet, streamed; see [`RowStream`].
pub(crate) struct XlsxRows<'a> {
    file: String,
    sheet: String,
    inflow: Inflow<'a>,
    shared: Arc<[SharedText]>,
    dates: Arc<[bool]>,
    date1904: bool,
    limits: Limits,
    merges: Vec<Merge>,
    scan: Scan,
    /// The number a `<row>` without `r` gets.
    next_number: u32,
    /// The number of the last `<row>` seen (0: none yet).
    last_number: u32,
    building: Option<Building>,
    /// Cells in the last row yielded: the next row's capacity.
    width: usize,
    text: String,
    scratch: String,
    /// A cell list handed back by the caller, for the next row.
    spare: Vec<Cell>,
}

impl<'a> XlsxRows<'a> {
    /// The rows of the sheet whose part streams from `inflow`.
    pub(super) fn new(
        file: &str,
        sheet: &str,
        inflow: Inflow<'a>,
        shared: Arc<[SharedText]>,
        dates: Arc<[bool]>,
        date1904: bool,
        limits: Limits,
    ) -> XlsxRows<'a> {
        XlsxRows {
            file: file.to_string(),
            sheet: sheet.to_string(),
            inflow,
            shared,
            dates,
            date1904,
            limits,
            merges: Vec::new(),
            scan: Scan::BeforeData,
            next_number: 1,
            last_number: 0,
            building: None,
            width: 0,
            text: String::new(),
            scratch: String::new(),
            spare: Vec::new(),
        }
    }
}

/// What one pass over the window gave.
enum Step {
    /// A finished row (bytes consumed up to its end).
    Row(Row),
    /// The window ends inside an element: more bytes are needed.
    More,
}

impl RowStream for XlsxRows<'_> {
    fn next_row(&mut self) -> Result<Option<Row>, ReadError> {
        loop {
            if self.scan == Scan::Finished {
                return Ok(None);
            }
            let (consumed, step) = {
                let w = &self.inflow.buf[self.inflow.start..self.inflow.end];
                let mut state = Walk {
                    file: &self.file,
                    sheet: &self.sheet,
                    shared: &self.shared,
                    dates: &self.dates,
                    limits: &self.limits,
                    merges: &mut self.merges,
                    scan: &mut self.scan,
                    next_number: &mut self.next_number,
                    last_number: &mut self.last_number,
                    building: &mut self.building,
                    width: &mut self.width,
                    text: &mut self.text,
                    scratch: &mut self.scratch,
                    spare: &mut self.spare,
                };
                state.walk(w)?
            };
            self.inflow.consume(consumed);
            match step {
                Step::Row(row) => return Ok(Some(row)),
                Step::More => {
                    if !self.inflow.fill()? {
                        return match self.scan {
                            Scan::AfterData | Scan::Finished => {
                                self.scan = Scan::Finished;
                                Ok(None)
                            }
                            Scan::BeforeData => Err(ReadError::damaged(
                                &self.file,
                                WHAT,
                                &format!("sheet \"{}\" has no cell data (not a worksheet)", self.sheet),
                            )),
                            Scan::InData => Err(ReadError::damaged(
                                &self.file,
                                WHAT,
                                &format!("sheet \"{}\" ends early", self.sheet),
                            )),
                        };
                    }
                }
            }
        }
    }

    fn merges(&self) -> &[Merge] {
        &self.merges
    }

    fn date1904(&self) -> bool {
        self.date1904
    }

    fn progress(&self) -> (u64, u64) {
        (self.inflow.out, self.inflow.declared)
    }

    fn recycle(&mut self, row: Row) {
        self.spare = crate::ingest::source::emptied(row);
    }
}

/// The scanner's state, borrowed apart from the window it walks.
struct Walk<'s> {
    file: &'s str,
    sheet: &'s str,
    shared: &'s [SharedText],
    dates: &'s [bool],
    limits: &'s Limits,
    merges: &'s mut Vec<Merge>,
    scan: &'s mut Scan,
    next_number: &'s mut u32,
    last_number: &'s mut u32,
    building: &'s mut Option<Building>,
    width: &'s mut usize,
    text: &'s mut String,
    scratch: &'s mut String,
    spare: &'s mut Vec<Cell>,
}

/// Where a cell's value is: the last of its `<f>`, `<v>` and `<is>` children wins, as in calamine.
#[derive(Clone, Copy)]
enum ValueAt {
    None,
    V(usize, usize),
    Is(usize, usize),
}

impl Walk<'_> {
    fn damaged(&self, detail: String) -> ReadError {
        ReadError::damaged(self.file, WHAT, &format!("sheet \"{}\": {detail}", self.sheet))
    }

    /// Walks elements from the start of `w` until a row is complete, the window ends inside an element, or the
    /// part ends. Returns the bytes consumed; state changes only for whole elements.
    fn walk(&mut self, w: &[u8]) -> Result<(usize, Step), ReadError> {
        let mut at = 0;
        loop {
            let Some(lt) = next_byte(w, at, b'<') else { return Ok((w.len(), Step::More)) };
            if *self.scan == Scan::InData {
                if let Some(c) = quick_cell(w, lt) {
                    at = self.store(w, c)?;
                    continue;
                }
            }
            let Some(special) = skip_special(w, lt) else { return Ok((lt, Step::More)) };
            if let Some(e) = special {
                at = e;
                continue;
            }
            let Some(end) = tag_end(w, lt) else { return Ok((lt, Step::More)) };
            let tag = split_tag(w, lt, end);
            match *self.scan {
                Scan::BeforeData => {
                    if tag.local == b"sheetData" && !tag.close {
                        *self.scan = if tag.self_closing { Scan::AfterData } else { Scan::InData };
                    }
                    at = end;
                }
                Scan::AfterData | Scan::Finished => {
                    if tag.local == b"mergeCell" && !tag.close {
                        if let Some(m) = attr(tag.attrs, b"ref").and_then(parse_range) {
                            self.merges.push(m);
                        }
                    }
                    at = end;
                }
                Scan::InData => match (tag.close, tag.local) {
                    (false, b"c") => {
                        let Some(after) = self.cell(w, &tag, end)? else { return Ok((lt, Step::More)) };
                        at = after;
                    }
                    (false, b"row") => {
                        // A row left open (no `</row>`) ends where the next one starts.
                        if let Some(row) = self.row_end() {
                            return Ok((lt, Step::Row(row)));
                        }
                        self.row_start(&tag)?;
                        at = end;
                        if tag.self_closing {
                            if let Some(row) = self.row_end() {
                                return Ok((at, Step::Row(row)));
                            }
                        }
                    }
                    (true, b"row") => {
                        at = end;
                        if let Some(row) = self.row_end() {
                            return Ok((at, Step::Row(row)));
                        }
                    }
                    (true, b"sheetData") => {
                        at = end;
                        *self.scan = Scan::AfterData;
                        if let Some(row) = self.row_end() {
                            return Ok((at, Step::Row(row)));
                        }
                    }
                    _ => at = end,
                },
            }
        }
    }

    fn row_start(&mut self, tag: &Tag<'_>) -> Result<(), ReadError> {
        let number = match attr(tag.attrs, b"r") {
            Some(r) => match parse_u64(r) {
                Some(n) if n >= 1 && n <= u64::from(u32::MAX) => n as u32,
                _ => {
                    return Err(
                        self.damaged(format!("the row number \"{}\" is not a number", String::from_utf8_lossy(r)))
                    )
                }
            },
            None => *self.next_number,
        };
        if *self.last_number > 0 && number <= *self.last_number {
            let (sheet, prev) = (self.sheet, *self.last_number);
            let kind = ReadErrorKind::RowsOutOfOrder { sheet: sheet.to_string(), row: number, after: prev };
            return Err(ReadError::new(self.file, kind).at(sheet, Some(number)));
        }
        *self.last_number = number;
        *self.next_number = number.saturating_add(1);
        *self.building = Some(Building { number, next_col: 0, cells: std::mem::take(self.spare) });
        Ok(())
    }

    fn row_end(&mut self) -> Option<Row> {
        let b = self.building.take()?;
        if b.cells.is_empty() {
            return None;
        }
        *self.width = b.cells.len();
        Some(Row { number: b.number, cells: b.cells })
    }

    /// One `<c>` element starting with the tag ending at `end`: its value stored in the row being built. `None`
    /// when the window ends inside it.
    fn cell(&mut self, w: &[u8], tag: &Tag<'_>, end: usize) -> Result<Option<usize>, ReadError> {
        let mut value = ValueAt::None;
        let after = if tag.self_closing {
            end
        } else {
            let mut i = end;
            loop {
                let Some(lt) = next_byte(w, i, b'<') else { return Ok(None) };
                let Some(special) = skip_special(w, lt) else { return Ok(None) };
                if let Some(e) = special {
                    i = e;
                    continue;
                }
                let Some(e) = tag_end(w, lt) else { return Ok(None) };
                let child = split_tag(w, lt, e);
                if child.close {
                    i = e;
                    if child.local == b"c" {
                        break e;
                    }
                    continue;
                }
                match child.local {
                    b"v" | b"is" | b"f" => {
                        let (content_end, next) = if child.self_closing {
                            (e, e)
                        } else {
                            match element_close(w, e, child.qname) {
                                Some(x) => x,
                                None => return Ok(None),
                            }
                        };
                        value = match child.local {
                            b"v" => ValueAt::V(e, content_end),
                            b"is" => ValueAt::Is(e, content_end),
                            _ => ValueAt::None,
                        };
                        i = next;
                    }
                    _ => i = e,
                }
            }
        };
        let (mut r, mut t, mut s) = (None, None, None);
        for (k, v) in (Attrs { s: tag.attrs }) {
            match k {
                b"r" => r = Some(v),
                b"t" => t = Some(v),
                b"s" => s = Some(v),
                _ => {}
            }
        }
        self.store(w, CellParts { after, r, t, s, value }).map(Some)
    }

    /// A whole `<c>` element's value stored in the row being built; returns where the element ends.
    fn store(&mut self, w: &[u8], c: CellParts<'_>) -> Result<usize, ReadError> {
        let CellParts { after, r, t, s, value } = c;
        // The element is whole: from here on the state may change.
        let Some(building) = self.building.as_mut() else {
            return Err(self.damaged("a cell outside any row".to_string()));
        };
        let number = building.number;
        let col = match r {
            Some(r) => match column_of(r) {
                Some(c) => c,
                None => {
                    return Err(
                        self.damaged(format!("the cell reference \"{}\" is not valid", String::from_utf8_lossy(r)))
                    )
                }
            },
            None => building.next_col,
        };
        building.next_col = col.saturating_add(1);
        let cell = self.value(w, value, t, s, number, col)?;
        if cell == Cell::Empty {
            return Ok(after);
        }
        if col >= self.limits.max_columns {
            return Err(limits::too_many_columns(self.file, self.sheet, number, col, self.limits));
        }
        if number as usize > self.limits.max_rows {
            return Err(limits::too_many_rows(self.file, self.sheet, self.limits));
        }
        let width = *self.width;
        let Some(building) = self.building.as_mut() else { return Ok(after) };
        let cells = &mut building.cells;
        if cells.capacity() == 0 {
            cells.reserve(width.max(col + 1));
        }
        if col == cells.len() {
            cells.push(cell);
        } else if col > cells.len() {
            cells.resize(col, Cell::Empty);
            cells.push(cell);
        } else {
            cells[col] = cell;
        }
        Ok(after)
    }

    /// A cell's value as calamine gives it, converted as sheet_source does.
    fn value(
        &mut self,
        w: &[u8],
        at: ValueAt,
        t: Option<&[u8]>,
        s: Option<&[u8]>,
        row: u32,
        col: usize,
    ) -> Result<Cell, ReadError> {
        let here = |what: &str| format!("{what} in cell {}{row}", crate::ingest::columns::column_letter(col));
        let raw = match at {
            ValueAt::None => return Ok(Cell::Empty),
            ValueAt::Is(a, b) => {
                self.text.clear();
                rich_text(&w[a..b], self.text, self.scratch).map_err(|d| self.damaged(here(&d)))?;
                return Ok(Cell::from_text(self.text));
            }
            ValueAt::V(a, b) => &w[a..b],
        };
        match t {
            Some(b"inlineStr") | Some(b"is") => Ok(Cell::Empty),
            Some(b"s") => {
                if raw.is_empty() {
                    return Ok(Cell::Empty);
                }
                let i = parse_u64(raw).unwrap_or(0) as usize;
                match self.shared.get(i) {
                    Some(Some(t)) => Ok(Cell::Text(t.clone())),
                    Some(None) => Ok(Cell::Empty),
                    None => Err(self.damaged(here(&format!("shared string {i} does not exist")))),
                }
            }
            None | Some(b"n") => {
                if raw.is_empty() {
                    return Ok(Cell::Empty);
                }
                match parse_f64(raw) {
                    Some(n) => {
                        let id = s.map(|s| parse_u64(s).unwrap_or(0) as usize);
                        let date = id.and_then(|id| self.dates.get(id).copied()).unwrap_or(false);
                        Ok(if date { Cell::DateSerial(n) } else { Cell::Number(n) })
                    }
                    None if t.is_none() => Ok(Cell::from_text(&String::from_utf8_lossy(raw))),
                    None => Err(self.damaged(here(&format!("\"{}\" is not a number", String::from_utf8_lossy(raw))))),
                }
            }
            Some(b"b") => match std::str::from_utf8(raw).unwrap_or("?").trim() {
                "" => Ok(Cell::Empty),
                "0" => Ok(Cell::Bool(false)),
                "1" => Ok(Cell::Bool(true)),
                v if v.eq_ignore_ascii_case("false") => Ok(Cell::Bool(false)),
                v if v.eq_ignore_ascii_case("true") => Ok(Cell::Bool(true)),
                v => Err(self.damaged(here(&format!("\"{v}\" is not a boolean")))),
            },
            Some(b"e") => {
                let v = String::from_utf8_lossy(raw);
                Ok(Cell::Error(if v == "#GETTING_DATA" { "#DATA!".to_string() } else { v.into_owned() }))
            }
            Some(b"str") => {
                self.scratch.clear();
                decode_text(raw, self.scratch).map_err(|d| self.damaged(here(&d)))?;
                self.text.clear();
                unescape_x(self.scratch, self.text);
                Ok(Cell::from_text(self.text))
            }
            Some(b"d") => {
                self.scratch.clear();
                decode_text(raw, self.scratch).map_err(|d| self.damaged(here(&d)))?;
                Ok(Cell::DateIso(self.scratch.clone()))
            }
            Some(other) => {
                Err(self.damaged(here(&format!("unknown cell type \"{}\"", String::from_utf8_lossy(other)))))
            }
        }
    }
}

/// A `<c>` element taken apart: where it ends, its `r`, `t` and `s` attributes (raw) and where its value is.
struct CellParts<'x> {
    after: usize,
    r: Option<&'x [u8]>,
    t: Option<&'x [u8]>,
    s: Option<&'x [u8]>,
    value: ValueAt,
}

/// The cell almost every sheet is made of, `<c r="B2" s="1" t="s"><v>12</v></c>` (or without a value, or
/// self-closed), taken apart in one pass over its bytes. Anything else (another child, a namespace prefix, spaces
/// between tags, a window ending inside it) gives `None` and the cell goes the general way, which reads it the same.
/// In the profile of a 1M-row read, finding tags and attributes took about 40% of the time.
#[inline]
fn quick_cell(w: &[u8], lt: usize) -> Option<CellParts<'_>> {
    if w.get(lt + 1..lt + 3)? != b"c " {
        return None;
    }
    let (mut r, mut t, mut s) = (None, None, None);
    let mut i = lt + 3;
    loop {
        match *w.get(i)? {
            b' ' => i += 1,
            b'>' => {
                i += 1;
                break;
            }
            b'/' => {
                return (*w.get(i + 1)? == b'>').then_some(CellParts { after: i + 2, r, t, s, value: ValueAt::None });
            }
            _ => {
                let eq = i + w[i..w.len().min(i + 16)].iter().position(|&b| b == b'=')?;
                let name = &w[i..eq];
                if *w.get(eq + 1)? != b'"' {
                    return None;
                }
                let close = eq + 2 + w.get(eq + 2..)?.iter().position(|&b| b == b'"')?;
                let value = &w[eq + 2..close];
                match name {
                    b"r" => r = Some(value),
                    b"t" => t = Some(value),
                    b"s" => s = Some(value),
                    _ if name.iter().all(|b| b.is_ascii_alphanumeric()) => {}
                    _ => return None,
                }
                i = close + 1;
            }
        }
    }
    let rest = w.get(i..)?;
    if rest.starts_with(b"</c>") {
        return Some(CellParts { after: i + 4, r, t, s, value: ValueAt::None });
    }
    if !rest.starts_with(b"<v>") {
        return None;
    }
    let start = i + 3;
    let end = start + w.get(start..)?.iter().position(|&b| b == b'<')?;
    (w.get(end..end + 8)? == b"</v></c>").then_some(CellParts {
        after: end + 8,
        r,
        t,
        s,
        value: ValueAt::V(start, end),
    })
}

/// A `<v>` number, parsed from the bytes in place (plain integers without the general parser).
fn parse_f64(s: &[u8]) -> Option<f64> {
    if s.len() <= 15 {
        if let Some(n) = parse_u64(s) {
            return Some(n as f64);
        }
    }
    std::str::from_utf8(s).ok()?.parse::<f64>().ok()
}

/// The 0-based column of a cell reference such as `B5` (the row part is the row element's).
fn column_of(r: &[u8]) -> Option<usize> {
    let mut col = 0usize;
    let mut letters = 0;
    for &b in r {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' => {
                letters += 1;
                if letters > 7 {
                    return None;
                }
                col = col * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1;
            }
            b'0'..=b'9' | b'$' => {}
            _ => return None,
        }
    }
    col.checked_sub(1)
}

/// `A5:B9` (or `A5`) as (first row number, first column, last row number, last column), rows 1-based.
fn parse_range(r: &[u8]) -> Option<Merge> {
    let cell = |c: &[u8]| -> Option<(u32, usize)> {
        let d = c.iter().position(u8::is_ascii_digit)?;
        let row = u32::try_from(parse_u64(&c[d..])?).ok().filter(|r| *r >= 1)?;
        Some((row, column_of(&c[..d])?))
    };
    let (a, b) = match memchr(b':', r) {
        Some(i) => (cell(&r[..i])?, cell(&r[i + 1..])?),
        None => (cell(r)?, cell(r)?),
    };
    Some((a.0, a.1, b.0, b.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_cell_takes_only_the_usual_shape() {
        let parts = |x: &str| {
            quick_cell(x.as_bytes(), 0).map(|c| {
                let text = |v: Option<&[u8]>| v.map(|v| String::from_utf8_lossy(v).into_owned());
                let value = match c.value {
                    ValueAt::V(a, b) => Some(x[a..b].to_string()),
                    _ => None,
                };
                (c.after, text(c.r), text(c.t), text(c.s), value)
            })
        };
        let s = |v: &str| Some(v.to_string());
        assert_eq!(parts(r#"<c r="B2" s="1" t="s"><v>12</v></c><c"#), Some((35, s("B2"), s("s"), s("1"), s("12"))));
        assert_eq!(parts(r#"<c r="C3" s="2"/>"#), Some((17, s("C3"), None, s("2"), None)));
        assert_eq!(parts(r#"<c r="C3"></c>"#), Some((14, s("C3"), None, None, None)));
        assert_eq!(parts(r#"<c r="D4" cm="1"><v></v></c>"#), Some((28, s("D4"), None, None, s(""))));
        // Everything else goes the general way.
        for other in [
            r#"<c r="A1" t='s'><v>1</v></c>"#,         // single quotes
            r#"<c r="A1"><f>SUM(B1)</f><v>1</v></c>"#, // a formula
            r#"<c r="A1" t="inlineStr"><is><t>x</t></is></c>"#,
            r#"<c r="A1"> <v>1</v></c>"#, // a space between tags
            r#"<c r="A1"><v>1</v> </c>"#,
            r#"<x:c r="A1"><v>1</v></x:c>"#,
            r#"<c r="A1"><v>1</v></c"#, // the window ends inside it
            r#"<c r="A1" x:y="1"><v>1</v></c>"#,
            r#"<cols><col min="1"/></cols>"#,
        ] {
            assert_eq!(parts(other), None, "{other}");
        }
    }
}
