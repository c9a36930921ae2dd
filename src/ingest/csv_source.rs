//! Text files: decode (UTF-8 with/without BOM, UTF-16 LE/BE, windows-1258), NFC-normalise, sniff the delimiter,
//! and split into rows with the `csv` crate. Row numbers are those a spreadsheet shows when it opens the file:
//! blank lines count, and a quoted value spanning several lines stays one row.

use super::limits::{self, Limits};
use super::source::{blank_text, Cell, Merge, Row, RowStream, Short, SHORT_MAX};
use super::{ReadError, ReadErrorKind};
use crate::model::{bytes_hash, is_nfc, random_seed, same_bytes};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1258};
use std::borrow::Cow;
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;

/// How many bytes at the top of a file without a BOM decide between UTF-8 and windows-1258.
const SNIFF_BYTES: usize = 1 << 20;

/// How a value's bytes become its text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Values {
    /// The text was decoded whole (UTF-16): every value is UTF-8, damage shown as U+FFFD.
    Decoded,
    /// UTF-8 as it is; a value that is not UTF-8 is read with this encoding alone.
    Utf8Else(&'static Encoding),
    /// Every value in this single-byte encoding (windows-1258), whose ASCII bytes are ASCII: the file's bytes are
    /// split as they are and each value decoded as it is read, never the whole text. A 2M-row windows-1258 log had
    /// been held three times in the browser, its bytes, its UTF-8 copy and the table read from it.
    SingleByte(&'static Encoding),
}

impl Values {
    /// A value's text.
    fn text(self, f: &[u8]) -> Cow<'_, str> {
        match (self, std::str::from_utf8(f)) {
            (Values::SingleByte(enc), _) if !f.is_ascii() => enc.decode_without_bom_handling(f).0,
            (_, Ok(t)) => Cow::Borrowed(t),
            (Values::Utf8Else(enc) | Values::SingleByte(enc), Err(_)) => enc.decode_without_bom_handling(f).0,
            (Values::Decoded, Err(_)) => String::from_utf8_lossy(f),
        }
    }

    /// A value's text when its bytes are that text.
    fn as_is(self, f: &[u8]) -> Option<&str> {
        match self {
            Values::SingleByte(_) if !f.is_ascii() => None,
            _ => std::str::from_utf8(f).ok(),
        }
    }
}

/// A text file's bytes as UTF-8 or as the single-byte encoding they are in (borrowed then: a 300 MB log stays one
/// copy), the name of the encoding it was in, and how each value's bytes become its text ([`Values`]).
///
/// A file without a BOM is taken for UTF-8 when its first megabyte is valid UTF-8, and each value is then checked
/// as it is read ([`Values::text`]): checking the whole 222 MB text first and then each record again had been a
/// sixth of the browser's read. A value further down that is not UTF-8 is read as windows-1258, alone: decoding
/// the whole file as windows-1258 would garble every UTF-8 value instead.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, [u8]>, &'static str, Values) {
    let whole = |enc: &'static Encoding, b: &[u8]| -> Cow<'_, [u8]> {
        Cow::Owned(enc.decode_without_bom_handling(b).0.into_owned().into_bytes())
    };
    // windows-1258 writes tone marks as separate combining characters: each value is put in NFC as it is read
    // (`Interner`), once per distinct value, instead of checking or normalising the whole text here (a 222 MB log
    // took a second in the browser). NFC never joins a mark to a delimiter, quote or line break, so value by value
    // gives what the whole text would.
    if let Some((enc, rest, name)) = super::charset::unicode_mark(bytes) {
        if enc == UTF_8 {
            // The BOM says UTF-8: a byte that is not is damage, shown as U+FFFD.
            (Cow::Borrowed(rest), name, Values::Utf8Else(UTF_8))
        } else {
            (whole(enc, rest), name, Values::Decoded)
        }
    } else if utf8_head(bytes) {
        (Cow::Borrowed(bytes), "UTF-8", Values::Utf8Else(WINDOWS_1258))
    } else {
        (Cow::Borrowed(bytes), "windows-1258", Values::SingleByte(WINDOWS_1258))
    }
}

/// Whether the top of the file is UTF-8 (a character cut at the end of the sample counts as whole).
fn utf8_head(bytes: &[u8]) -> bool {
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() == SNIFF_BYTES,
    }
}

/// Picks the delimiter (comma, semicolon, tab, pipe) that splits the first lines most consistently.
pub(crate) fn sniff_delimiter(text: &[u8]) -> u8 {
    let sample: Vec<u8> = text.split(|b| *b == b'\n').take(60).collect::<Vec<_>>().join(&b'\n');
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let mut rdr =
            csv::ReaderBuilder::new().delimiter(d).has_headers(false).flexible(true).from_reader(sample.as_slice());
        let mut counts: Vec<usize> = Vec::new();
        for rec in rdr.byte_records() {
            match rec {
                Ok(r) => counts.push(r.len()),
                Err(_) => break,
            }
        }
        // The most frequent field count above 1, weighted by how many rows share it and how many fields it has.
        let mut freq: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        for c in counts.iter().filter(|c| **c > 1) {
            *freq.entry(*c).or_default() += 1;
        }
        let score = freq.iter().map(|(fields, n)| n * n * (fields - 1)).max().unwrap_or(0);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Refuses a file with more records than the row limit before any row is converted. Only a file whose first
/// megabyte, scaled to its size, has more than three quarters of the limit's lines is counted (counting the lines of
/// a 222 MB file took 0.2 s in the browser); any other file too long is refused when the rows reach the limit.
fn too_many_records(file: &str, text: &[u8], delimiter: u8, limits: &Limits) -> Result<(), ReadError> {
    let head = &text[..text.len().min(SNIFF_BYTES)];
    let estimate = memchr::memchr_iter(b'\n', head).count() as f64 * text.len() as f64 / head.len().max(1) as f64;
    if estimate < limits.max_rows as f64 * 0.75 || memchr::memchr_iter(b'\n', text).count() < limits.max_rows {
        return Ok(());
    }
    let mut rdr = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text);
    let mut record = csv::ByteRecord::new();
    let mut records = 0usize;
    while rdr.read_byte_record(&mut record).unwrap_or(false) {
        records += 1;
        if records > limits.max_rows {
            return Err(limits::too_many_rows(file, "", limits));
        }
    }
    Ok(())
}

/// A text file as a stream of rows (one sheet named "").
///
/// A record whose values are plain or simply quoted (nearly every record of an export) is split here, its values
/// borrowed from the text; any other goes to `csv_core`, the `csv` crate's parser, which knows every quoting rule.
/// Through the `csv` crate alone, each byte cost about 12 instructions and each record a copy: a sixth of the
/// browser's read of a 1M-row log. The two give the same records (a property test compares them with the `csv`
/// crate's).
pub(crate) struct CsvRows<'a> {
    text: &'a [u8],
    /// Where the next record starts, and its line (1-based, counting line feeds).
    pos: usize,
    line: u64,
    stops: Stops,
    /// The parser of quoted records, their unquoted values end to end, and where each value ends.
    quoted: csv_core::Reader,
    values: Vec<u8>,
    ends: Vec<usize>,
    /// Where each value of a quickly split record starts and ends.
    ranges: Vec<(usize, usize)>,
    /// How a value's bytes become its text.
    values_are: Values,
    file: String,
    limits: Limits,
    /// Number of the last row yielded.
    last: u32,
    /// Newlines swallowed by quoted values so far: a spreadsheet shows such a record as one row.
    swallowed: u64,
    intern: Vec<Interner>,
    /// A cell list handed back by the caller, for the next row.
    spare: Vec<Cell>,
    /// Whether a record went through `csv_core` to the end of the text: it may have been cut there (see
    /// [`CsvRows::end`]).
    cut: bool,
}

/// A decoded text file, ready to be read as rows any number of times: its bytes as UTF-8 or a single-byte encoding
/// (borrowed from the file's unless it was UTF-16), the encoding it was in, and its delimiter.
pub(crate) struct CsvText<'a> {
    pub text: Cow<'a, [u8]>,
    pub encoding: &'static str,
    pub delimiter: u8,
    values: Values,
}

impl<'a> CsvText<'a> {
    pub(crate) fn decode(file: &str, bytes: &'a [u8], limits: &Limits) -> Result<CsvText<'a>, ReadError> {
        let (text, encoding, values) = decode(bytes);
        if text.trim_ascii().is_empty() {
            return Err(ReadError::new(file, ReadErrorKind::Empty));
        }
        let delimiter = sniff_delimiter(&text);
        too_many_records(file, &text, delimiter, limits)?;
        Ok(CsvText { text, encoding, delimiter, values })
    }

    /// The rows from the top.
    pub(crate) fn rows(&self, file: &str, limits: &Limits) -> CsvRows<'_> {
        CsvRows {
            text: &self.text,
            pos: 0,
            line: 1,
            stops: Stops::new(self.delimiter),
            quoted: csv_core::ReaderBuilder::new().delimiter(self.delimiter).build(),
            values: vec![0; 1024],
            ends: vec![0; 64],
            ranges: Vec::new(),
            values_are: self.values,
            file: file.to_string(),
            limits: *limits,
            last: 0,
            swallowed: 0,
            intern: Vec::new(),
            spare: Vec::new(),
            cut: false,
        }
    }

    /// Whether any line start of the file is a character start, so that its rest can be read apart from its top
    /// ([`Self::continued`]): UTF-8, and windows-1258 (one byte per character), not UTF-16.
    pub(crate) fn reads_apart(&self) -> bool {
        matches!(self.encoding, "UTF-8" | "UTF-8 BOM" | "windows-1258")
    }

    /// The rest of a text file, from the start of a line (`rest`), read as the top of the file was (`head`): by a
    /// second worker reading the second half of a big log while the first reads the top (`ingest::halves`).
    /// `None` for a text whose halves cannot be read apart ([`Self::reads_apart`]).
    pub(crate) fn continued(head: &CsvText<'_>, rest: &'a [u8]) -> Option<CsvText<'a>> {
        if !head.reads_apart() {
            return None;
        }
        Some(CsvText {
            text: Cow::Borrowed(rest),
            encoding: head.encoding,
            delimiter: head.delimiter,
            values: head.values,
        })
    }
}

/// Where a text's rows ended, for reading a second half after it (`ingest::halves`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RowsEnd {
    /// Rows before the next line: the next line's row number, less one.
    pub rows_before: u32,
    /// Whether the next line is surely the start of a record with that row number: no record ran through the end of
    /// the text inside quotes, and no row number was pushed past its line (a lone carriage return).
    pub clean: bool,
}

/// The record at the top of `rest`, when its values are plain or simply quoted (no quote inside a value, nothing
/// between a closing quote and the next delimiter): where each value lies in `rest` (into `ranges`), the bytes
/// the record takes with its line end, and the line feeds inside its quoted values. `None` for anything else,
/// which `csv_core` reads.
fn quick_record(rest: &[u8], stops: &Stops, ranges: &mut Vec<(usize, usize)>) -> Option<(usize, u64)> {
    let delimiter = stops.delimiter;
    ranges.clear();
    let mut i = 0;
    // Only a quoted value can hold a line feed: plain ones end at one.
    let mut feeds = 0;
    loop {
        let end = if rest.get(i) == Some(&b'"') {
            let close = i + 1 + memchr::memchr(b'"', &rest[i + 1..])?;
            feeds += memchr::memchr_iter(b'\n', &rest[i + 1..close]).count() as u64;
            ranges.push((i + 1, close));
            close + 1
        } else {
            let end = i + stops.find(&rest[i..]);
            ranges.push((i, end));
            end
        };
        match rest.get(end) {
            None => return Some((end, feeds)),
            Some(&b) if b == delimiter => i = end + 1,
            Some(b'\n') => return Some((end + 1, feeds)),
            Some(b'\r') if rest.get(end + 1) == Some(&b'\n') => return Some((end + 2, feeds)),
            // A lone carriage return, a quote inside a value, text after a closing quote.
            Some(_) => return None,
        }
    }
}

/// The bytes that end a plain value: the delimiter, a line end, a quote.
struct Stops {
    delimiter: u8,
    bytes: [u8; 4],
}

impl Stops {
    fn new(delimiter: u8) -> Stops {
        Stops { delimiter, bytes: [delimiter, b'\n', b'\r', b'"'] }
    }

    /// Where the first stop is in `text` (its length when there is none), eight bytes at a time: the split had
    /// looked at each byte of a 222 MB log in turn, a sixth of the read's instructions. Written here because
    /// `memchr` looks for three bytes at most.
    fn find(&self, text: &[u8]) -> usize {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        let mut chunks = text.chunks_exact(8);
        let mut at = 0;
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            // A byte equal to a stop is a zero byte of `word ^ stop`: the lowest one sets its high bit here (bits
            // above it may be set by the borrow, which is why only the lowest is taken).
            let mut found = 0;
            for b in self.bytes {
                let x = word ^ (ONES * u64::from(b));
                found |= x.wrapping_sub(ONES) & !x & HIGHS;
            }
            if found != 0 {
                return at + (found.trailing_zeros() / 8) as usize;
            }
            at += 8;
        }
        let tail = chunks.remainder();
        at + tail.iter().position(|b| self.bytes.contains(b)).unwrap_or(tail.len())
    }
}

impl CsvRows<'_> {
    /// Where the rows ended (asked once [`next_row`](RowStream::next_row) has returned `None`).
    pub(crate) fn end(&self) -> RowsEnd {
        let next = self.line.saturating_sub(self.swallowed);
        RowsEnd {
            rows_before: u32::try_from(next.saturating_sub(1)).unwrap_or(u32::MAX),
            clean: !self.cut && next > u64::from(self.last),
        }
    }

    /// The quoted record at the top of `rest`, through `csv_core`: its values end to end in `self.values`, where
    /// each ends in `self.ends`. Returns how many values, how many of their bytes, and the bytes read.
    fn read_quoted(&mut self, rest: &[u8]) -> (usize, usize, usize) {
        use csv_core::ReadRecordResult as R;
        self.quoted.reset();
        let (mut read, mut out, mut ends) = (0, 0, 0);
        loop {
            // Input left empty tells the parser the text has ended.
            let (r, nin, nout, nend) =
                self.quoted.read_record(&rest[read..], &mut self.values[out..], &mut self.ends[ends..]);
            (read, out, ends) = (read + nin, out + nout, ends + nend);
            match r {
                R::InputEmpty => {}
                R::OutputFull => self.values.resize(self.values.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record | R::End => return (ends, out, read),
            }
        }
    }

    /// A row's cells from its values.
    fn cells<'f>(&mut self, values: impl Iterator<Item = &'f [u8]>, n: usize) -> Vec<Cell> {
        if self.intern.len() < n {
            self.intern.resize_with(n, Interner::default);
        }
        let mut cells = std::mem::take(&mut self.spare);
        cells.reserve(n);
        for (f, intern) in values.zip(self.intern.iter_mut()) {
            cells.push(if f.is_empty() { Cell::Empty } else { intern.get(f, self.values_are) });
        }
        cells
    }
}

impl RowStream for CsvRows<'_> {
    fn next_row(&mut self) -> Result<Option<Row>, ReadError> {
        // Blank lines are passed over: a spreadsheet shows them as rows, which the reader counts from the gap.
        while let Some(&b) = self.text.get(self.pos) {
            match b {
                b'\n' => self.line += 1,
                b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
        let text = self.text;
        let Some(rest) = text.get(self.pos..).filter(|r| !r.is_empty()) else { return Ok(None) };
        let number =
            u32::try_from(self.line.saturating_sub(self.swallowed).max(1)).unwrap_or(u32::MAX).max(self.last + 1);
        if number as usize > self.limits.max_rows {
            return Err(limits::too_many_rows(&self.file, "", &self.limits));
        }
        let max_columns = self.limits.max_columns;
        let too_wide = |n: usize| n > max_columns;
        let mut ranges = std::mem::take(&mut self.ranges);
        let cells = if let Some((read, inside)) = quick_record(rest, &self.stops, &mut ranges) {
            if too_wide(ranges.len()) {
                return Err(limits::too_many_columns(&self.file, "", number, ranges.len() - 1, &self.limits));
            }
            let cells = self.cells(ranges.iter().map(|&(a, b)| &rest[a..b]), ranges.len());
            // Line feeds inside quoted values make no new row.
            self.swallowed += inside;
            self.line += inside + u64::from(rest[..read].ends_with(b"\n"));
            self.pos += read;
            cells
        } else {
            let (n, out, read) = self.read_quoted(rest);
            if too_wide(n) {
                return Err(limits::too_many_columns(&self.file, "", number, n - 1, &self.limits));
            }
            let (values, ends) = (std::mem::take(&mut self.values), std::mem::take(&mut self.ends));
            let cells = self.cells(
                ends[..n].iter().scan(0, |start, &end| {
                    let v = &values[*start..end];
                    *start = end;
                    Some(v)
                }),
                n,
            );
            self.swallowed += memchr::memchr_iter(b'\n', &values[..out]).count() as u64;
            self.line += memchr::memchr_iter(b'\n', &rest[..read]).count() as u64;
            self.pos += read;
            self.cut |= self.pos == text.len();
            (self.values, self.ends) = (values, ends);
            cells
        };
        self.ranges = ranges;
        self.last = number;
        Ok(Some(Row { number, cells }))
    }

    fn merges(&self) -> &[Merge] {
        &[]
    }

    fn date1904(&self) -> bool {
        false
    }

    fn progress(&self) -> (u64, u64) {
        (self.pos as u64, self.text.len() as u64)
    }

    fn recycle(&mut self, row: Row) {
        self.spare = super::source::emptied(row);
    }
}

/// Shares the values that repeat down a column (units, officers, procedures, statuses) instead of allocating each;
/// gives up on a column whose values do not repeat (codes, times).
///
/// Eight million lookups a million-row log: hashed and compared eight bytes at a time ([`bytes_hash`],
/// [`same_bytes`]) rather than by foldhash (128-bit multiplies, emulated in wasm) and `memcmp` (byte by byte in
/// wasm), which together had been a sixth of the browser's read.
struct Interner {
    /// Each value's bytes as the file wrote them → its cell, text in NFC (a repeated value is neither checked as
    /// UTF-8 nor normalised again).
    seen: hashbrown::HashTable<(Box<[u8]>, Cell)>,
    seed: u64,
    lookups: u32,
    hits: u32,
    off: bool,
}

impl Default for Interner {
    fn default() -> Self {
        Interner { seen: Default::default(), seed: random_seed(), lookups: 0, hits: 0, off: false }
    }
}

impl Interner {
    fn get(&mut self, f: &[u8], values: Values) -> Cell {
        if self.off {
            return unique_cell(f, values);
        }
        self.lookups += 1;
        let hash = bytes_hash(self.seed, f);
        if let Some((_, v)) = self.seen.find(hash, |(k, _)| same_bytes(k, f)) {
            self.hits += 1;
            return v.clone();
        }
        if self.lookups >= 1_024 && self.hits * 2 < self.lookups {
            self.off = true;
            self.seen = Default::default();
            return unique_cell(f, values);
        }
        let v = cell(f, values);
        let seed = self.seed;
        self.seen.insert_unique(hash, (f.into(), v.clone()), |(k, _)| bytes_hash(seed, k));
        v
    }
}

/// A value's cell: blank, or its text in NFC.
fn cell(f: &[u8], values: Values) -> Cell {
    let t = values.text(f);
    if blank_text(&t) {
        Cell::Empty
    } else {
        Cell::Text(nfc(&t))
    }
}

/// The cell of a value in a column whose values do not repeat: held in the cell when short (see [`Cell::Short`]).
fn unique_cell(f: &[u8], values: Values) -> Cell {
    let short = (f.len() <= SHORT_MAX).then(|| values.as_is(f)).flatten();
    match short.filter(|t| !blank_text(t) && is_nfc(t)).and_then(|t| Short::from(t).ok()) {
        Some(s) => Cell::Short(s),
        None => cell(f, values),
    }
}

/// A value in NFC: tone marks written apart (windows-1258) put back on their letters.
fn nfc(f: &str) -> Arc<str> {
    if is_nfc(f) {
        f.into()
    } else {
        f.nfc().collect::<String>().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n".as_bytes()), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n".as_bytes()), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3\n".as_bytes()), b'\t');
        assert_eq!(sniff_delimiter("BÁO CÁO, năm 2023\na;b;c;d\n1;2;3;4\n5;6;7;8\n".as_bytes()), b';');
    }

    #[test]
    fn windows_1258_tone_marks_are_composed() {
        // "Hẹn" in windows-1258: H, e, combining dot below (0xF2), n.
        let bytes = [b'H', b'e', 0xF2, b'n', b',', b'x', b'\n', b'H', b'e', 0xF2, b'n', b',', b'y', b'\n'];
        let csv = CsvText::decode("f", &bytes, &Limits::DEFAULT).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(csv.encoding, "windows-1258");
        assert!(matches!(csv.text, Cow::Borrowed(_)), "the file's bytes, not a UTF-8 copy of the whole text");
        let mut rows = csv.rows("f", &Limits::DEFAULT);
        for _ in 0..2 {
            let row = rows.next_row().unwrap_or_else(|e| panic!("{e}")).unwrap();
            assert_eq!(row.cells[0], Cell::Text("Hẹn".into()), "composed, the second time from the interner too");
        }
    }

    /// Every value of a text file, row by row.
    fn values(bytes: &[u8]) -> (&'static str, Vec<Vec<Cell>>) {
        let csv = CsvText::decode("f", bytes, &Limits::DEFAULT).unwrap_or_else(|e| panic!("{e}"));
        let mut rows = csv.rows("f", &Limits::DEFAULT);
        let mut out = Vec::new();
        while let Some(r) = rows.next_row().unwrap_or_else(|e| panic!("{e}")) {
            out.push(r.cells);
        }
        (csv.encoding, out)
    }

    #[test]
    fn a_value_that_is_not_utf8_is_read_alone_as_windows_1258() {
        // A UTF-8 export (its first megabyte is UTF-8) with one value pasted in from a windows-1258 file further
        // down: "Hẹn" as H, e, combining dot below (0xF2), n. The UTF-8 values stay as they are.
        let mut bytes = "Mã hồ sơ,Đơn vị\n".repeat(60_000).into_bytes();
        assert!(bytes.len() > SNIFF_BYTES);
        bytes.extend_from_slice(b"H1,H\x65\xF2n\nH2,\"Ph\xC3\xB2ng T\xC6\xB0 ph\xC3\xA1p\"\n");
        let (encoding, rows) = values(&bytes);
        assert_eq!(encoding, "UTF-8");
        assert_eq!(rows[0][1], Cell::Text("Đơn vị".into()));
        let last = rows.len() - 1;
        assert_eq!(rows[last - 1][1], Cell::Text("Hẹn".into()), "read as windows-1258 and put in NFC");
        assert_eq!(rows[last][1], Cell::Text("Phòng Tư pháp".into()));
        // The same damage in a file whose BOM says UTF-8 is shown as U+FFFD, as before.
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(b"a,b\nH1,H\x65\xF2n\n");
        let (encoding, rows) = values(&bom);
        assert_eq!(encoding, "UTF-8 BOM");
        assert_eq!(rows[1][1], Cell::Text("He\u{FFFD}n".into()));
        // A file that is not UTF-8 at the top is windows-1258 throughout; blank and spaces-only values are empty.
        let (encoding, rows) = values(b"M\xE3 h\xF4\xCC s\xF5,b, \n1,,x\n");
        assert_eq!(encoding, "windows-1258");
        assert_eq!(rows[0][0], Cell::Text("Mă hồ sơ".into()), "ă is 0xE3, ồ is ô and a combining grave");
        assert_eq!((&rows[0][2], &rows[1][1]), (&Cell::Empty, &Cell::Empty));
    }

    #[test]
    fn a_character_cut_at_the_end_of_the_sample_does_not_make_the_file_windows_1258() {
        let mut bytes = "a".repeat(SNIFF_BYTES - 1).into_bytes();
        bytes.extend_from_slice(",Đơn vị\n".as_bytes());
        assert_eq!(bytes[SNIFF_BYTES - 1], b',');
        for cut in 1..4 {
            let mut b = "a".repeat(SNIFF_BYTES - cut).into_bytes();
            b.extend_from_slice("ồ,Đơn vị\n".as_bytes());
            let (encoding, rows) = values(&b);
            assert_eq!(encoding, "UTF-8", "cut {cut}");
            assert_eq!(rows[0][1], Cell::Text("Đơn vị".into()));
        }
    }

    /// The rows as the reader made them when it went through the `csv` crate alone (before the quick split).
    fn through_the_csv_crate(text: &[u8]) -> Vec<(u32, Vec<Cell>)> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text);
        let mut record = csv::ByteRecord::new();
        let (mut last, mut swallowed, mut out) = (0u32, 0u64, Vec::new());
        while rdr.read_byte_record(&mut record).unwrap_or_else(|e| panic!("{e}")) {
            let (mut line, byte) = record.position().map(|p| (p.line(), p.byte())).unwrap_or_default();
            let skipped = &text[byte as usize..];
            line += skipped.iter().take_while(|b| **b == b'\n' || **b == b'\r').filter(|b| **b == b'\n').count() as u64;
            let number = u32::try_from(line.saturating_sub(swallowed).max(1)).unwrap_or(u32::MAX).max(last + 1);
            let cells =
                record.iter().map(|f| if f.is_empty() { Cell::Empty } else { cell(f, Values::Decoded) }).collect();
            swallowed += memchr::memchr_iter(b'\n', record.as_slice()).count() as u64;
            last = number;
            out.push((number, cells));
        }
        out
    }

    fn rows_of(text: &[u8], delimiter: u8) -> Vec<(u32, Vec<Cell>)> {
        let csv = CsvText { text: Cow::Borrowed(text), encoding: "UTF-8", delimiter, values: Values::Decoded };
        let mut rows = csv.rows("f", &Limits::DEFAULT);
        let mut out = Vec::new();
        while let Some(r) = rows.next_row().unwrap_or_else(|e| panic!("{e}")) {
            out.push((r.number, r.cells));
        }
        out
    }

    proptest::proptest! {
        /// Eight bytes at a time, the first stop is the one a byte-by-byte look finds: stops anywhere, bytes
        /// around them that the arithmetic could confuse (0x00, 0x01, 0x7F, 0x80, 0xFF, the stops ± 1).
        #[test]
        fn the_first_stop_is_found_eight_bytes_at_a_time(
            text in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b'a', 0x7F, 0x80, 0xFF, b',', b'-', b';', b'\n', 0x0B, b'\r', 0x0C, b'"', b'#', b'!']), 0..40),
            delimiter in proptest::sample::select(vec![b',', b';', b'\t', b'|']),
        ) {
            let stops = Stops::new(delimiter);
            let expected = text.iter().position(|b| [delimiter, b'\n', b'\r', b'"'].contains(b)).unwrap_or(text.len());
            proptest::prop_assert_eq!(stops.find(&text), expected);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        /// Quotes anywhere, doubled quotes, text after a closing quote, CRLF, lone CR, blank lines, line feeds in
        /// values: the quick split and `csv_core` together give the `csv` crate's records and the same row numbers.
        #[test]
        fn records_and_row_numbers_are_the_csv_crates(text in r#"[ab,"\r\n ế]{0,40}"#) {
            proptest::prop_assert_eq!(rows_of(text.as_bytes(), b','), through_the_csv_crate(text.as_bytes()));
        }
    }

    #[test]
    fn the_usual_quoted_export_is_split_quickly_and_the_rest_by_csv_core() {
        let text =
            "STT,Mã,Thủ tục\r\n1,H1,\"Cấp phép, xây dựng\"\r\n2,H2,\"Nói \"\"có\"\"\"\r\n3,H3,\"hai\ndòng\"\n4,,\n";
        let rows = rows_of(text.as_bytes(), b',');
        assert_eq!(rows, through_the_csv_crate(text.as_bytes()));
        let mut ranges = Vec::new();
        let stops = Stops::new(b',');
        assert_eq!(quick_record(b"1,H1,\"C, x\"\r\n2", &stops, &mut ranges), Some((13, 0)));
        assert_eq!(ranges, vec![(0, 1), (2, 4), (6, 10)]);
        assert_eq!(quick_record(b"1,\"a\nb\",c\n2", &stops, &mut ranges), Some((10, 1)), "a line feed inside quotes");
        assert_eq!(quick_record(b"2,\"N \"\"c\"\"\"\n", &stops, &mut ranges), None, "a doubled quote");
        assert_eq!(quick_record(b"a\rb\n", &stops, &mut ranges), None, "a lone carriage return");
        assert_eq!(quick_record(b"a\"b,c\n", &stops, &mut ranges), None, "a quote inside a plain value");
        assert_eq!(rows[2].1[2], Cell::Text("Nói \"có\"".into()));
        assert_eq!((rows[3].0, rows[4].0), (4, 5), "the value on two lines is one row, as a spreadsheet shows it");
        assert_eq!(rows[4].1, vec![Cell::Text("4".into()), Cell::Empty, Cell::Empty]);
    }

    #[test]
    fn row_numbers_count_blank_lines_and_multiline_values() {
        let text = "a,b\n\n1,\"x\ny\"\n\n\n2,z\n";
        let csv = CsvText::decode("f", text.as_bytes(), &Limits::DEFAULT).unwrap_or_else(|e| panic!("{e}"));
        let mut rows = csv.rows("f", &Limits::DEFAULT);
        let mut seen = Vec::new();
        while let Some(r) = rows.next_row().unwrap_or_else(|e| panic!("{e}")) {
            seen.push(r);
        }
        // Blank lines 2, 4 and 5 are gaps the reader counts as blank rows.
        let numbers: Vec<u32> = seen.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 6]);
        assert_eq!(seen[2].cells[1], Cell::Text("z".into()));
    }

    #[test]
    fn repeated_values_are_shared_and_unique_ones_stop_being_looked_up() {
        let mut text = String::from("code;unit\n");
        for i in 0..3_000 {
            text += &format!("H{i:05};Phòng Tư pháp\n");
        }
        let csv = CsvText::decode("f", text.as_bytes(), &Limits::DEFAULT).unwrap_or_else(|e| panic!("{e}"));
        let mut rows = csv.rows("f", &Limits::DEFAULT);
        let mut units = Vec::new();
        while let Some(r) = rows.next_row().unwrap_or_else(|e| panic!("{e}")) {
            if let Cell::Text(t) = r.cell(1) {
                units.push(t.clone());
            }
        }
        assert_eq!(units.len(), 3_001);
        assert!(units[1..].iter().all(|u| Arc::ptr_eq(u, &units[1]) && &**u == "Phòng Tư pháp"));
        assert!(rows.intern[0].off, "codes never repeat: the column stops being interned");
        // And are then held in their cells, each equal to the text it stands for.
        let csv = CsvText::decode("f", text.as_bytes(), &Limits::DEFAULT).unwrap_or_else(|e| panic!("{e}"));
        let mut rows = csv.rows("f", &Limits::DEFAULT);
        let mut last = None;
        while let Some(r) = rows.next_row().unwrap_or_else(|e| panic!("{e}")) {
            last = Some(r.cells[0].clone());
        }
        assert!(matches!(last, Some(Cell::Short(_))), "{last:?}");
        assert_eq!(last, Some(Cell::Text("H02999".into())));
        assert!(!rows.intern[1].off);
    }

    #[test]
    fn codes_and_dates_held_in_their_cells_are_read_as_any_text() {
        // Past the first thousand rows, the codes and times no longer repeat and are held in their cells.
        let mut text = String::from("Mã hồ sơ;Cơ quan thụ lý;Ngày tiếp nhận;Ngày hẹn trả;Ghi chú\n");
        for i in 0..3_000 {
            let due = match i {
                2_500 => String::from("31/02/2023"),
                2_600 => String::from("05/13/2023"),
                _ => format!("{:02}/05/2023", 1 + i % 28),
            };
            let code = if i == 2_700 { String::from("  H02700 ") } else { format!("H{i:05}") };
            text += &format!("{code};Phòng Tư pháp;{:02}/04/2023 {:02}:{:02};{due};x{i}\n", 1 + i % 28, i % 24, i % 60);
        }
        let table = crate::ingest::read_dossiers("f.csv", text.as_bytes(), &Default::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(table.counts.dossiers, 2_998);
        let d = table.dossiers.iter().find(|d| d.source.row == 2_702).unwrap();
        assert_eq!(d.code, "H02700", "trimmed");
        assert_eq!(d.received.map(|m| m.display_vi()), Some("13/04/2023 12:00".to_string()));
        let reasons: Vec<(u32, &str, &str)> =
            table.rejected.iter().map(|r| (r.source.row, r.value.as_str(), r.reason.en.as_str())).collect();
        assert_eq!(
            reasons,
            vec![
                (2_502, "31/02/2023", "Due date '31/02/2023' is not a valid date"),
                (2_602, "05/13/2023", "Due date '05/13/2023' is not a valid date"),
            ]
        );
    }

    #[test]
    fn nfc_is_checked_on_the_non_ascii_runs() {
        assert!(is_nfc("Hẹn 28/04/2023, Phòng Tư pháp"));
        assert!(!is_nfc("He\u{323}n"), "a combining dot after an ASCII letter");
        assert!(!is_nfc("Ho\u{302}\u{300}"), "two combining marks");
        assert_eq!(&*nfc("He\u{323}n"), "Hẹn");
        // Wherever a mark or a precomposed letter falls within the eight bytes read at a time: text that is not NFC
        // is never taken for NFC, and precomposed text is. (A combining mark alone counts as not NFC, and the
        // text is normalised for nothing: the quick check can't tell without its neighbours.)
        for pad in 0..17 {
            let ascii = "x".repeat(pad);
            for (tail, precomposed) in [
                ("e\u{301}", false),
                ("é", true),
                ("ễ", true),
                ("Đ", true),
                ("\u{300}", false),
                ("a\u{1EA0}", true),
                ("ω\u{301}", false),
                ("한", true),
                ("\u{1100}\u{1161}", false),
                ("abc", true),
            ] {
                for text in [format!("{ascii}{tail}"), format!("{ascii}{tail}{ascii}"), format!("{tail}{ascii}{tail}")]
                {
                    if !unicode_normalization::is_nfc(&text) {
                        assert!(!is_nfc(&text), "{text:?}");
                    }
                    assert_eq!(is_nfc(&text), precomposed, "{text:?}");
                }
            }
        }
    }
}
