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

use super::limits::{self, Limits};
use super::source::{Cell, Merge, Row, RowStream};
use super::xml::{
    attr, attr_local, decode_attr, decode_text, element_close, next_byte, parse_u64, skip_special, split_tag, tag_end,
    unescape_x, Attrs, Tag, Tags,
};
use super::{ReadError, ReadErrorKind};
use flate2::bufread::DeflateDecoder;
use memchr::{memchr, memmem};
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

const WHAT: &str = "Excel (.xlsx)";
/// Bytes inflated at a time.
const CHUNK: usize = 128 * 1024;
/// The largest single element held at once (a cell with a huge inline string, one shared string).
const MAX_ELEMENT: usize = 64 * 1024 * 1024;

/// An xlsx workbook opened for streaming: sheet names and parts, shared strings, which styles are dates.
pub(crate) struct XlsxBook<'a> {
    bytes: &'a [u8],
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Part names lowercased with `/` separators → zip index (Excel finds parts case-insensitively).
    parts: HashMap<String, usize>,
    names: Vec<String>,
    sheet_parts: Vec<String>,
    shared: Arc<[SharedText]>,
    dates: Arc<[bool]>,
    date1904: bool,
    limits: Limits,
    chunk: usize,
}

impl<'a> XlsxBook<'a> {
    /// Opens the zip and reads the workbook (sheet names in order, their parts through the relationships, the date
    /// system), the shared strings and the date styles.
    pub(crate) fn open(file: &str, bytes: &'a [u8], limits: &Limits) -> Result<XlsxBook<'a>, ReadError> {
        Self::open_with_chunk(file, bytes, limits, CHUNK)
    }

    fn open_with_chunk(file: &str, bytes: &'a [u8], limits: &Limits, chunk: usize) -> Result<XlsxBook<'a>, ReadError> {
        let zip =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::damaged(file, WHAT, &e.to_string()))?;
        let mut parts = HashMap::new();
        for i in 0..zip.len() {
            if let Some(Ok(name)) = zip.name_for_index(i) {
                parts.insert(name.replace('\\', "/").to_ascii_lowercase(), i);
            }
        }
        let mut book = XlsxBook {
            bytes,
            zip,
            parts,
            names: Vec::new(),
            sheet_parts: Vec::new(),
            shared: Arc::from(Vec::new()),
            dates: Arc::from(Vec::new()),
            date1904: false,
            limits: *limits,
            chunk: chunk.max(16),
        };
        // The workbook part, from the package relationships (xl/workbook.xml when they do not say).
        let mut workbook = "xl/workbook.xml".to_string();
        if let Some(xml) = book.read_small(file, "_rels/.rels")? {
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
        if let Some(xml) = book.read_small(file, &workbook)? {
            for tag in Tags::new(&xml) {
                if tag.close {
                    continue;
                }
                if tag.local == b"sheet" {
                    let name = attr(tag.attrs, b"name").map(decode_attr).unwrap_or_default();
                    let id = attr_local(tag.attrs, b"id").unwrap_or_default();
                    let Some((part, _)) = rels.get(id) else {
                        return Err(ReadError::damaged(file, WHAT, &format!("sheet \"{name}\" has no relationship")));
                    };
                    book.names.push(name);
                    book.sheet_parts.push(part.clone());
                } else if tag.local == b"workbookPr" {
                    if let Some(v) = attr(tag.attrs, b"date1904") {
                        book.date1904 = v == b"1" || v == b"true";
                    }
                }
            }
        }
        if let Some(xml) = book.read_small(file, &styles_part)? {
            book.dates = Arc::from(date_styles(&xml));
        }
        book.shared = Arc::from(book.read_shared_strings(file, &strings_part)?);
        Ok(book)
    }

    /// The sheet names, in workbook order.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
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
        let inflow = self.inflow(file, &part)?.ok_or_else(|| {
            ReadError::damaged(file, WHAT, &format!("the part {part} of sheet \"{sheet}\" is missing"))
        })?;
        Ok(XlsxRows {
            file: file.to_string(),
            sheet: sheet.to_string(),
            inflow,
            shared: self.shared.clone(),
            dates: self.dates.clone(),
            date1904: self.date1904,
            limits: self.limits,
            merges: Vec::new(),
            scan: Scan::BeforeData,
            next_number: 1,
            last_number: 0,
            building: None,
            width: 0,
            text: String::new(),
            scratch: String::new(),
            spare: Vec::new(),
        })
    }

    /// A part's inflated bytes, streamed out of the file's own bytes; `None` when the part is missing.
    fn inflow(&mut self, file: &str, part: &str) -> Result<Option<Inflow<'a>>, ReadError> {
        let Some(&index) = self.parts.get(&part.to_ascii_lowercase()) else { return Ok(None) };
        let entry =
            self.zip.by_index_raw(index).map_err(|e| ReadError::damaged(file, WHAT, &format!("{part}: {e}")))?;
        if entry.encrypted() {
            return Err(super::sniff::encrypted(file));
        }
        let (start, packed, size, method) =
            (entry.data_start(), entry.compressed_size(), entry.size(), entry.compression());
        drop(entry);
        let data = start
            .and_then(|s| usize::try_from(s).ok())
            .and_then(|s| Some((s, s.checked_add(usize::try_from(packed).ok()?)?)))
            .and_then(|(s, e)| self.bytes.get(s..e))
            .ok_or_else(|| ReadError::damaged(file, WHAT, &format!("{part}: the file is truncated")))?;
        let src = match method {
            zip::CompressionMethod::Stored => Src::Stored(data),
            zip::CompressionMethod::Deflated => Src::Deflate(Box::new(DeflateDecoder::new(data))),
            m => return Err(ReadError::damaged(file, WHAT, &format!("{part}: unsupported compression {m:?}"))),
        };
        let limit = self.limits.max_uncompressed_bytes;
        if size > limit {
            return Err(too_large(file, part, limit));
        }
        Ok(Some(Inflow::new(src, self.chunk, size, limit, file, part)))
    }

    /// A small part read whole (workbook, relationships, styles); `None` when missing.
    fn read_small(&mut self, file: &str, part: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(mut inflow) = self.inflow(file, part)? else { return Ok(None) };
        while inflow.fill()? {}
        Ok(Some(inflow.buf[inflow.start..inflow.end].to_vec()))
    }

    /// The shared strings, one `<si>` at a time; each becomes the text every cell using it shares.
    fn read_shared_strings(&mut self, file: &str, part: &str) -> Result<Vec<SharedText>, ReadError> {
        let Some(mut inflow) = self.inflow(file, part)? else { return Ok(Vec::new()) };
        let mut strings = Strings::default();
        loop {
            let w = inflow.window();
            let (at, finished) =
                strings.scan(w).map_err(|d| ReadError::damaged(file, WHAT, &format!("{part}: {d}")))?;
            if finished {
                return Ok(strings.out);
            }
            let consumed = if memchr(b'<', &w[at..]).is_none() { w.len() } else { at };
            inflow.consume(consumed);
            if !inflow.fill()? {
                return Ok(strings.out); // no `</sst>`: what was whole is kept
            }
        }
    }
}

/// A shared string: its text, `None` when blank. Held as a text rather than a [`Cell`] (two words and a tag, or
/// more): a million-row workbook can have a million of them.
type SharedText = Option<Arc<str>>;

/// The shared string's cell: blank or shared text.
fn shared_text(cell: Cell) -> SharedText {
    match cell {
        Cell::Text(t) => Some(t),
        _ => None,
    }
}

/// The shared strings read so far, and the buffers their rich text is assembled in.
#[derive(Default)]
struct Strings {
    out: Vec<SharedText>,
    text: String,
    scratch: String,
}

impl Strings {
    /// The whole `<si>` elements of a window of `sharedStrings.xml`: where the first one not whole starts, and
    /// whether `</sst>` was reached. A function of its own, called for each window: V8 keeps a wasm function it
    /// entered once in its baseline code for as long as it runs, and a million-row log has a million strings.
    #[inline(never)]
    fn scan(&mut self, w: &[u8]) -> Result<(usize, bool), String> {
        let mut at = 0;
        while let Some(p) = memchr(b'<', &w[at..]) {
            let lt = at + p;
            if let Some((cell, after)) = quick_string(w, lt) {
                self.out.push(shared_text(cell));
                at = after;
                continue;
            }
            let Some(end) = skip_special(w, lt) else { break };
            if let Some(e) = end {
                at = e;
                continue;
            }
            let Some(end) = tag_end(w, lt) else { break };
            let tag = split_tag(w, lt, end);
            if tag.close {
                at = end;
                if tag.local == b"sst" {
                    return Ok((at, true));
                }
                continue;
            }
            if tag.local == b"sst" && tag.self_closing {
                return Ok((at, true));
            }
            if tag.local == b"sst" {
                if let Some(n) = attr(tag.attrs, b"uniqueCount").and_then(parse_u64) {
                    self.out.reserve((n as usize).min(1 << 22));
                }
            }
            if tag.local != b"si" {
                at = end;
                continue;
            }
            self.text.clear();
            let after = if tag.self_closing {
                end
            } else {
                let Some((content_end, after)) = element_close(w, end, tag.qname) else { break };
                rich_text(&w[end..content_end], &mut self.text, &mut self.scratch)?;
                after
            };
            self.out.push(shared_text(Cell::from_text(&self.text)));
            at = after;
        }
        Ok((at, false))
    }
}

fn too_large(file: &str, part: &str, limit: u64) -> ReadError {
    ReadError::new(file, ReadErrorKind::PartTooLarge { part: part.to_string(), limit })
}

/// Where the bytes of a part come from.
enum Src<'a> {
    Stored(&'a [u8]),
    Deflate(Box<DeflateDecoder<&'a [u8]>>),
}

/// A part's bytes, inflated a chunk at a time into a window; what the scanner has not consumed stays at the front.
struct Inflow<'a> {
    src: Src<'a>,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    done: bool,
    chunk: usize,
    out: u64,
    declared: u64,
    limit: u64,
    file: String,
    part: String,
}

impl<'a> Inflow<'a> {
    fn new(src: Src<'a>, chunk: usize, declared: u64, limit: u64, file: &str, part: &str) -> Inflow<'a> {
        Inflow {
            src,
            buf: Vec::new(),
            start: 0,
            end: 0,
            done: false,
            chunk,
            out: 0,
            declared,
            limit,
            file: file.to_string(),
            part: part.to_string(),
        }
    }

    fn window(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
    }

    /// Inflates more after the unconsumed bytes; `false` once the part has ended.
    fn fill(&mut self) -> Result<bool, ReadError> {
        if self.done {
            return Ok(false);
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.buf.len() - self.end < self.chunk {
            if self.end > MAX_ELEMENT {
                return Err(ReadError::damaged(
                    &self.file,
                    WHAT,
                    &format!("{}: an element is larger than {} MB", self.part, MAX_ELEMENT >> 20),
                ));
            }
            self.buf.resize(self.end + self.chunk, 0);
        }
        let room = &mut self.buf[self.end..];
        let n = match &mut self.src {
            Src::Stored(rest) => {
                let n = room.len().min(rest.len());
                room[..n].copy_from_slice(&rest[..n]);
                *rest = &rest[n..];
                n
            }
            Src::Deflate(d) => d.read(room).map_err(|e| {
                ReadError::damaged(&self.file, WHAT, &format!("{}: the compressed data is damaged ({e})", self.part))
            })?,
        };
        self.out += n as u64;
        if self.out > self.limit {
            return Err(too_large(&self.file, &self.part, self.limit));
        }
        if n == 0 {
            self.done = true;
            if self.out != self.declared {
                return Err(ReadError::damaged(
                    &self.file,
                    WHAT,
                    &format!("{}: {} bytes instead of the {} the archive declares", self.part, self.out, self.declared),
                ));
            }
            return Ok(false);
        }
        self.end += n;
        Ok(true)
    }
}

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
        self.spare = super::source::emptied(row);
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
        let here = |what: &str| format!("{what} in cell {}{row}", super::column_letter(col));
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

/// The shared string almost every workbook is made of, `<si><t>plain text</t></si>`, read in one pass: no entity,
/// no `_xHHHH_` escape, no carriage return, no space to trim at either end. Anything else (and a window ending
/// inside it) gives `None` and goes the general way, which reads it the same. A 1M-row log has a million of them.
#[inline]
fn quick_string(w: &[u8], lt: usize) -> Option<(Cell, usize)> {
    let start = lt + 7;
    if w.get(lt..start)? != b"<si><t>" {
        return None;
    }
    let end = start + w.get(start..)?.iter().position(|&b| b == b'<')?;
    let raw = &w[start..end];
    let plain = |b: &u8| !matches!(b, b'&' | b'\r');
    let trimmed = |b: Option<&u8>| !matches!(b, Some(b' ' | b'\t' | b'\n'));
    if w.get(end..end + 9)? != b"</t></si>"
        || !raw.iter().all(plain)
        || !trimmed(raw.first())
        || !trimmed(raw.last())
        || memmem::find(raw, b"_x").is_some()
    {
        return None;
    }
    Some((Cell::from_text(std::str::from_utf8(raw).ok()?), end + 9))
}

/// The text of a string item (`<si>` or `<is>` content): its `<t>` runs concatenated, phonetic runs left out; each
/// run trimmed of ASCII whitespace unless `xml:space="preserve"`, then `_xHHHH_` decoded.
fn rich_text(content: &[u8], out: &mut String, scratch: &mut String) -> Result<(), String> {
    let mut phonetic = false;
    let mut i = 0;
    while let Some(p) = memchr(b'<', &content[i..]) {
        let lt = i + p;
        match skip_special(content, lt) {
            Some(Some(e)) => {
                i = e;
                continue;
            }
            Some(None) => {}
            None => return Err("a string that ends early".to_string()),
        }
        let end = tag_end(content, lt).ok_or("a string that ends early")?;
        let tag = split_tag(content, lt, end);
        i = end;
        if tag.local == b"rPh" {
            if !tag.self_closing {
                phonetic = !tag.close;
            }
            continue;
        }
        if tag.close || tag.local != b"t" || phonetic {
            continue;
        }
        scratch.clear();
        if !tag.self_closing {
            let (content_end, after) = element_close(content, end, tag.qname).ok_or("a string that ends early")?;
            decode_text(&content[end..content_end], scratch)?;
            i = after;
        }
        let preserve = attr(tag.attrs, b"xml:space") == Some(b"preserve");
        let text = if preserve { scratch.as_str() } else { scratch.trim_matches([' ', '\t', '\r', '\n']) };
        unescape_x(text, out);
    }
    Ok(())
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

/// A relationship target resolved against the folder of the part that names it (absolute targets start at the root).
fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut out: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

// ---------------------------------------------------------------------------------------------------------------
// Date styles.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberFormat {
    Other,
    Date,
    Duration,
}

/// For each `cellXfs` entry of styles.xml, whether its number format shows a date or time.
fn date_styles(xml: &[u8]) -> Vec<bool> {
    let mut custom: HashMap<Vec<u8>, String> = HashMap::new();
    let mut out = Vec::new();
    let (mut in_fmts, mut in_xfs) = (false, false);
    for tag in Tags::new(xml) {
        match (tag.close, tag.local) {
            (false, b"numFmts") => in_fmts = !tag.self_closing,
            (true, b"numFmts") => in_fmts = false,
            (false, b"cellXfs") => in_xfs = !tag.self_closing,
            (true, b"cellXfs") => in_xfs = false,
            (false, b"numFmt") if in_fmts => {
                if let (Some(id), Some(code)) = (attr(tag.attrs, b"numFmtId"), attr(tag.attrs, b"formatCode")) {
                    custom.insert(id.to_vec(), decode_attr(code));
                }
            }
            (false, b"xf") if in_xfs => {
                let kind = match attr(tag.attrs, b"numFmtId") {
                    None => NumberFormat::Other,
                    Some(id) => match custom.get(id) {
                        Some(code) => custom_format(code),
                        None => builtin_format(id),
                    },
                };
                out.push(kind == NumberFormat::Date);
            }
            _ => {}
        }
    }
    out
}

/// Built-in number formats (ECMA-376 18.8.30) that show dates or times; 46 (`[h]:mm:ss`) is a duration.
fn builtin_format(id: &[u8]) -> NumberFormat {
    match std::str::from_utf8(id).ok().and_then(|s| s.parse::<u16>().ok().filter(|_| !s.starts_with('0') || s == "0")) {
        Some(14..=22 | 27..=36 | 45 | 47 | 50..=58) => NumberFormat::Date,
        Some(46) => NumberFormat::Duration,
        _ => NumberFormat::Other,
    }
}

/// Whether a custom format code shows a date: d, m, y, h or s outside quotes and `[..]` (first section only;
/// `[h]`, `[mm]`, `[ss]` make a duration). The same decisions as calamine's `detect_custom_number_format` (MIT).
fn custom_format(code: &str) -> NumberFormat {
    let (mut escaped, mut quoted, mut brackets, mut ap, mut hms) = (false, false, 0u8, false, false);
    let mut prev = ' ';
    for c in code.chars() {
        if escaped {
            escaped = false;
        } else if matches!(c, '_' | '\\' | '*') {
            escaped = true;
        } else if quoted {
            if c == '"' {
                quoted = false;
            }
        } else {
            match c {
                '"' => quoted = true,
                ';' => return NumberFormat::Other,
                '[' => brackets = brackets.saturating_add(1),
                ']' if brackets == 1 && hms => return NumberFormat::Duration,
                ']' => brackets = brackets.saturating_sub(1),
                'a' | 'A' if !ap && brackets == 0 => ap = true,
                'p' | 'm' | '/' | 'P' | 'M' if ap && brackets == 0 => return NumberFormat::Date,
                'd' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S' if !ap && brackets == 0 => {
                    return NumberFormat::Date
                }
                _ => {
                    if !(hms && c.eq_ignore_ascii_case(&prev)) {
                        hms = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                    }
                }
            }
        }
        prev = c;
    }
    NumberFormat::Other
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::sheet_source::Workbook;
    use crate::ingest::sniff::Kind;
    use std::io::Write;

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
    fn the_quick_string_takes_only_plain_text() {
        let quick = |x: &str| quick_string(x.as_bytes(), 0);
        assert_eq!(quick("<si><t>Võ Minh Tuấn</t></si><si>"), Some((Cell::Text("Võ Minh Tuấn".into()), 31)));
        assert_eq!(quick("<si><t></t></si>"), Some((Cell::Empty, 16)));
        for other in [
            "<si><t> x</t></si>",
            "<si><t>x\n</t></si>",
            "<si><t>a &amp; b</t></si>",
            "<si><t>a_x000D_b</t></si>",
            "<si><t>a\rb</t></si>",
            "<si><r><t>x</t></r></si>",
            "<si><t xml:space=\"preserve\"> x</t></si>",
            "<si><t>x</t><rPh><t>y</t></rPh></si>",
            "<si><t>x</t></s",
        ] {
            assert_eq!(quick(other), None, "{other}");
        }
    }

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
    fn date_formats_are_told_from_numbers() {
        for code in ["dd/mm/yyyy", "dd/mm/yyyy hh:mm", "d-mmm-yy", "h:mm AM/PM", "yyyy\\-mm\\-dd", "[$-42A]dd/mm/yyyy"]
        {
            assert_eq!(custom_format(code), NumberFormat::Date, "{code}");
        }
        for code in ["0.00", "#,##0", "\"ngày\" 0", "[Red]0.0", "0.00_);(0.00)", "@", "General"] {
            assert_eq!(custom_format(code), NumberFormat::Other, "{code}");
        }
        assert_eq!(custom_format("[h]:mm:ss"), NumberFormat::Duration);
        assert_eq!(builtin_format(b"14"), NumberFormat::Date);
        assert_eq!(builtin_format(b"46"), NumberFormat::Duration);
        assert_eq!(builtin_format(b"2"), NumberFormat::Other);
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
}
