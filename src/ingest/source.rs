//! The middle of the pipeline: a sheet as rows of cells, independent of the file format.
//!
//! Every reader (our xlsx reader, calamine for xls/ods, the csv crate for text) produces rows of cells through a
//! [`RowStream`]. Row numbers are the ones the user sees (1-based, counting banner rows) and cells are indexed from
//! column A, so positions in messages never depend on where a library thinks the "used range" starts.
//!
//! Dossier logs are streamed: the header search keeps the first [`HEADER_SCAN_ROWS`] rows, then each row is converted
//! as it arrives. Only the small side lists are held whole as a [`Sheet`].

use std::sync::Arc;

/// How many rows from the top are searched for the header.
pub(crate) const HEADER_SCAN_ROWS: usize = 40;

/// One cell, reduced to what the ingest pipeline cares about.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Empty,
    /// Text, shared: a workbook's shared strings and a log's repeated values are one allocation each.
    Text(Arc<str>),
    /// A short text that does not repeat down its column (a CSV log's codes, dates and times), held in the cell:
    /// a shared text made and freed for each had been a tenth of the browser's read of a 1M-row CSV. Never blank.
    Short(Short),
    Number(f64),
    Bool(bool),
    /// A cell the workbook typed as a date: an Excel serial in the workbook's date system.
    DateSerial(f64),
    /// A date written by the workbook as ISO 8601 text (ODS `office:date-value`).
    DateIso(String),
    /// A formula error such as `#VALUE!`.
    Error(String),
}

impl Cell {
    /// A text cell as every reader makes it: a blank text is an empty cell.
    pub(crate) fn from_text(s: &str) -> Cell {
        if blank_text(s) {
            Cell::Empty
        } else {
            Cell::Text(s.into())
        }
    }

    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => blank_text(t),
            _ => false,
        }
    }

    /// The value as the user would read it in the cell (numbers without a trailing ".0").
    pub(crate) fn raw(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.to_string(),
            Cell::Short(t) => t.to_string(),
            Cell::Number(n) | Cell::DateSerial(n) => fmt_number(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::DateIso(s) => s.clone(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// The text of a text cell, shared or short.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) => Some(t),
            Cell::Short(t) => Some(t),
            _ => None,
        }
    }
}

/// Cells are equal by what they hold: a short text equals a shared one with the same characters.
impl PartialEq for Cell {
    fn eq(&self, other: &Cell) -> bool {
        match (self, other) {
            (Cell::Empty, Cell::Empty) => true,
            (Cell::Number(a), Cell::Number(b)) | (Cell::DateSerial(a), Cell::DateSerial(b)) => a == b,
            (Cell::Bool(a), Cell::Bool(b)) => a == b,
            (Cell::DateIso(a), Cell::DateIso(b)) | (Cell::Error(a), Cell::Error(b)) => a == b,
            _ => self.text().is_some_and(|a| other.text() == Some(a)),
        }
    }
}

/// A text of at most 22 bytes, held in place (see [`Cell::Short`]): "H08.22-230101-0000001" (21 bytes) and
/// "01/01/2023 08:23" fit, and a cell is 32 bytes (it was 16 in wasm before). `arrayvec`'s string hands out its
/// `&str` without checking it again, as each cell's text is asked for several times.
pub(crate) type Short = arrayvec::ArrayString<SHORT_MAX>;
pub(crate) const SHORT_MAX: usize = 22;

pub(crate) fn fmt_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Whether a text is empty or white space only (non-breaking spaces too): such a cell is blank. Most texts start
/// with a visible ASCII character, and no more of them is looked at.
pub(crate) fn blank_text(t: &str) -> bool {
    !t.as_bytes().first().is_some_and(|b| b.is_ascii_graphic()) && t.chars().all(char::is_whitespace)
}

/// A merged region: (first row number, first column, last row number, last column); rows 1-based, columns from 0.
pub(crate) type Merge = (u32, usize, u32, usize);

/// One spreadsheet row: its number as the user sees it and its cells from column A.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub number: u32,
    pub cells: Vec<Cell>,
}

impl Row {
    pub(crate) fn cell(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }

    pub(crate) fn non_blank(&self) -> impl Iterator<Item = (usize, &Cell)> {
        self.cells.iter().enumerate().filter(|(_, c)| !c.is_blank())
    }
}

/// The rows of one sheet, pulled one at a time in order, so a million-row sheet is never held in memory.
///
/// A stream yields rows in increasing row number; it may skip rows that hold no value (the reader counts the gap as
/// blank rows) or yield them with no cells. Cells are indexed from column A.
pub(crate) trait RowStream {
    /// The next row, or `None` at the end of the sheet.
    fn next_row(&mut self) -> Result<Option<Row>, super::ReadError>;
    /// Merged regions as (first row number, first column, last row number, last column), 1-based rows. Complete
    /// once [`next_row`](RowStream::next_row) has returned `None` (xlsx lists them after the cells).
    fn merges(&self) -> &[Merge];
    /// Whether serial dates count from 1904 (old Mac workbooks).
    fn date1904(&self) -> bool;
    /// How far through the sheet the stream is, in bytes (done, total), when it knows: progress bars estimate the
    /// number of rows from it.
    fn progress(&self) -> (u64, u64) {
        (0, 0)
    }
    /// Hands back a row the caller is done with: a stream may keep its cell list for the next row instead of
    /// allocating one per row (a million rows: a million allocations and frees).
    fn recycle(&mut self, _row: Row) {}
}

/// A row's cell list, emptied, for [`RowStream::recycle`].
pub(crate) fn emptied(mut row: Row) -> Vec<Cell> {
    row.cells.clear();
    row.cells
}

/// One sheet: its name ("" for CSV), its rows in order (blank rows included, so row numbers are contiguous),
/// and the workbook's date system.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
    pub date1904: bool,
    /// Merged cell regions as (first row number, first column, last row number, last column), 1-based rows.
    pub merges: Vec<Merge>,
}

impl Sheet {
    /// Reads a whole (small) sheet from a stream, blank rows filling the gaps so that row `n` is `rows[n - 1]`.
    pub(crate) fn collect(name: &str, stream: &mut dyn RowStream) -> Result<Sheet, super::ReadError> {
        let mut sheet =
            Sheet { name: name.to_string(), rows: Vec::new(), date1904: stream.date1904(), merges: Vec::new() };
        while let Some(row) = stream.next_row()? {
            sheet.push_numbered(row);
        }
        sheet.merges = stream.merges().to_vec();
        Ok(sheet)
    }

    /// Appends a row after blank rows for the numbers a stream skipped, keeping row `n` at `rows[n - 1]`.
    pub(crate) fn push_numbered(&mut self, row: Row) {
        while (self.rows.len() as u32) + 1 < row.number {
            self.rows.push(Row { number: self.rows.len() as u32 + 1, cells: Vec::new() });
        }
        self.rows.push(row);
    }
}

/// A sheet already in memory (xls and ods, which calamine reads whole) as a stream.
pub(crate) struct SheetRows {
    rows: std::vec::IntoIter<Row>,
    merges: Vec<Merge>,
    date1904: bool,
}

impl From<Sheet> for SheetRows {
    fn from(s: Sheet) -> Self {
        SheetRows { rows: s.rows.into_iter(), merges: s.merges, date1904: s.date1904 }
    }
}

impl RowStream for SheetRows {
    fn next_row(&mut self) -> Result<Option<Row>, super::ReadError> {
        Ok(self.rows.next())
    }
    fn merges(&self) -> &[Merge] {
        &self.merges
    }
    fn date1904(&self) -> bool {
        self.date1904
    }
}

/// Gives the cells of merged regions below the header the value of their region's top-left cell, as rows stream
/// past: a unit name merged down across its dossiers belongs to each of them.
pub(crate) struct FillMerged<'s> {
    inner: &'s mut dyn RowStream,
    /// Regions starting below the header, with the value of their top-left cell once seen.
    regions: Vec<(Merge, Option<Cell>)>,
}

impl<'s> FillMerged<'s> {
    pub(crate) fn new(inner: &'s mut dyn RowStream, merges: &[Merge], after_row: u32) -> Self {
        let regions = merges.iter().filter(|(r0, _, r1, _)| *r0 > after_row && r1 > r0).map(|m| (*m, None)).collect();
        FillMerged { inner, regions }
    }
}

impl RowStream for FillMerged<'_> {
    fn next_row(&mut self) -> Result<Option<Row>, super::ReadError> {
        let Some(mut row) = self.inner.next_row()? else { return Ok(None) };
        for ((r0, c0, r1, c1), value) in &mut self.regions {
            if row.number == *r0 {
                *value = Some(row.cell(*c0).clone()).filter(|v| !v.is_blank());
            }
            let Some(v) = value.as_ref().filter(|_| row.number > *r0 && row.number <= *r1) else { continue };
            for c in *c0..=*c1 {
                if row.cell(c).is_blank() {
                    if row.cells.len() <= c {
                        row.cells.resize(c + 1, Cell::Empty);
                    }
                    row.cells[c] = v.clone();
                }
            }
        }
        Ok(Some(row))
    }
    fn merges(&self) -> &[Merge] {
        self.inner.merges()
    }
    fn date1904(&self) -> bool {
        self.inner.date1904()
    }
    fn progress(&self) -> (u64, u64) {
        self.inner.progress()
    }
    fn recycle(&mut self, row: Row) {
        self.inner.recycle(row);
    }
}

/// Values worked out once per distinct cell text. The readers share equal texts (an xlsx shared string, a CSV
/// value that repeats down its column), so a text is looked up by its address first — no hashing or comparing of
/// its characters — then by its content. The address map holds the text, so the address cannot be reused while
/// it is there.
pub(crate) struct Memo<V> {
    by_address: std::collections::HashMap<usize, (Arc<str>, V), crate::model::IntHash>,
    by_text: foldhash::HashMap<Arc<str>, V>,
    lookups: u32,
    hits: u32,
    /// The column's texts do not repeat (codes, times): work them out each time without looking.
    off: bool,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo { by_address: Default::default(), by_text: Default::default(), lookups: 0, hits: 0, off: false }
    }
}

impl<V: Clone> Memo<V> {
    /// Enough for every unit, officer, procedure and status of a province.
    const ADDRESSES: usize = 16_384;
    const TEXTS: usize = 65_536;

    pub(crate) fn get_or(&mut self, t: &Arc<str>, make: impl FnOnce() -> V) -> V {
        if !self.looking() {
            return make();
        }
        let address = Arc::as_ptr(t) as *const u8 as usize;
        if let Some((_, v)) = self.by_address.get(&address) {
            self.hits += 1;
            return v.clone();
        }
        let v = self.by_text(t, || t.clone(), make);
        if self.by_address.len() < Self::ADDRESSES {
            self.by_address.insert(address, (t.clone(), v.clone()));
        }
        v
    }

    /// [`Self::get_or`] for a text held in its cell ([`Cell::Short`]): looked up by its characters only.
    pub(crate) fn get_or_text(&mut self, t: &str, make: impl FnOnce() -> V) -> V {
        if !self.looking() {
            return make();
        }
        self.by_text(t, || t.into(), make)
    }

    /// Counts a lookup; false once the column has shown it does not repeat.
    fn looking(&mut self) -> bool {
        if self.off {
            return false;
        }
        self.lookups += 1;
        if self.lookups == 4_096 && self.hits < 1_024 {
            // Fewer than one text in four was seen before: this column does not repeat.
            self.off = true;
            self.by_address = Default::default();
            self.by_text = Default::default();
            return false;
        }
        true
    }

    fn by_text(&mut self, t: &str, shared: impl FnOnce() -> Arc<str>, make: impl FnOnce() -> V) -> V {
        match self.by_text.get(t) {
            Some(v) => {
                self.hits += 1;
                v.clone()
            }
            None => {
                let v = make();
                if self.by_text.len() < Self::TEXTS {
                    self.by_text.insert(shared(), v.clone());
                }
                v
            }
        }
    }

    /// [`Self::get_or`] for any text cell, shared or short; `None` for a cell without text.
    pub(crate) fn get_or_cell(&mut self, cell: &Cell, make: impl FnOnce(&str) -> V) -> Option<V> {
        match cell {
            Cell::Text(t) => Some(self.get_or(t, || make(t))),
            Cell::Short(t) => Some(self.get_or_text(t, || make(t))),
            _ => None,
        }
    }
}
