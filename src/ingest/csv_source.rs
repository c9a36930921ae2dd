//! Text files: decode (UTF-8 with/without BOM, UTF-16 LE/BE, windows-1258), NFC-normalise, sniff the delimiter,
//! and split into rows with the `csv` crate. Row numbers are those a spreadsheet shows when it opens the file:
//! blank lines count, and a quoted value spanning several lines stays one row.

use super::source::{blank_text, Cell, Merge, Row, RowStream};
use crate::model::is_nfc;
use std::borrow::Cow;
use std::sync::Arc;
use super::limits::{self, Limits};
use super::ReadError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

/// Decoded text and the name of the encoding it was in. UTF-8 text that is already NFC (nearly every export) is
/// borrowed, not copied: a 300 MB log stays one copy.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    // UTF-8 is checked once and then borrowed; other encodings are decoded into a new string.
    fn utf8(b: &[u8]) -> Option<&str> {
        std::str::from_utf8(b).ok()
    }
    let (enc, text): (&'static Encoding, Cow<'_, str>) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (UTF_8, utf8(rest).map_or_else(|| UTF_8.decode_without_bom_handling(rest).0, Cow::Borrowed))
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (UTF_16LE, UTF_16LE.decode_without_bom_handling(rest).0)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (UTF_16BE, UTF_16BE.decode_without_bom_handling(rest).0)
    } else if let Some(enc) = utf16_without_bom(bytes) {
        (enc, enc.decode_without_bom_handling(bytes).0)
    } else if let Some(t) = utf8(bytes) {
        (UTF_8, Cow::Borrowed(t))
    } else {
        (WINDOWS_1258, WINDOWS_1258.decode_without_bom_handling(bytes).0)
    };
    // windows-1258 writes tone marks as separate combining characters: each value is put in NFC as it is read
    // (`Interner`), once per distinct value, instead of checking or normalising the whole text here (a 222 MB log
    // took a second in the browser). NFC never joins a mark to a delimiter, quote or line break, so value by value
    // gives what the whole text would.
    let name = match (enc.name(), bytes.starts_with(&[0xEF, 0xBB, 0xBF])) {
        ("UTF-8", true) => "UTF-8 BOM",
        (n, _) => n,
    };
    (text, name)
}

fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(4096))?;
    if head.len() < 4 {
        return None;
    }
    let even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = head.len() / 2;
    if odd * 3 >= half && even == 0 {
        Some(UTF_16LE)
    } else if even * 3 >= half && odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Picks the delimiter (comma, semicolon, tab, pipe) that splits the first lines most consistently.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(60).collect::<Vec<_>>().join("\n");
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let mut rdr =
            csv::ReaderBuilder::new().delimiter(d).has_headers(false).flexible(true).from_reader(sample.as_bytes());
        let mut counts: Vec<usize> = Vec::new();
        for rec in rdr.records() {
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

/// Refuses a file with more records than the row limit before any row is converted (only files with more lines
/// than the limit are counted).
fn too_many_records(file: &str, text: &[u8], delimiter: u8, limits: &Limits) -> Result<(), ReadError> {
    if memchr::memchr_iter(b'\n', text).count() < limits.max_rows {
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
pub(crate) struct CsvRows<'a> {
    rdr: csv::Reader<std::io::Cursor<&'a [u8]>>,
    record: csv::StringRecord,
    file: String,
    limits: Limits,
    /// Number of the last row yielded.
    last: u32,
    /// Newlines swallowed by quoted values so far: a spreadsheet shows such a record as one row.
    swallowed: u64,
    intern: Vec<Interner>,
    /// A cell list handed back by the caller, for the next row.
    spare: Vec<Cell>,
}

/// A decoded text file, ready to be read as rows any number of times: UTF-8 bytes (borrowed when the file already
/// was UTF-8), the encoding it was in, and its delimiter.
pub(crate) struct CsvText<'a> {
    pub text: Cow<'a, [u8]>,
    pub encoding: &'static str,
    pub delimiter: u8,
}

impl<'a> CsvText<'a> {
    pub(crate) fn decode(file: &str, bytes: &'a [u8], limits: &Limits) -> Result<CsvText<'a>, ReadError> {
        let (text, encoding) = decode(bytes);
        if text.trim().is_empty() {
            return Err(ReadError::new(file, "Tệp rỗng, không có dữ liệu.", "The file is empty."));
        }
        let delimiter = sniff_delimiter(&text);
        too_many_records(file, text.as_bytes(), delimiter, limits)?;
        let text = match text {
            Cow::Borrowed(t) => Cow::Borrowed(t.as_bytes()),
            Cow::Owned(t) => Cow::Owned(t.into_bytes()),
        };
        Ok(CsvText { text, encoding, delimiter })
    }

    /// The rows from the top.
    pub(crate) fn rows(&self, file: &str, limits: &Limits) -> CsvRows<'_> {
        let rdr = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(std::io::Cursor::new(&*self.text));
        CsvRows {
            rdr,
            record: csv::StringRecord::new(),
            file: file.to_string(),
            limits: *limits,
            last: 0,
            swallowed: 0,
            intern: Vec::new(),
            spare: Vec::new(),
        }
    }
}

impl RowStream for CsvRows<'_> {
    fn next_row(&mut self) -> Result<Option<Row>, ReadError> {
        match self.rdr.read_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(ReadError::new(
                    &self.file,
                    format!("Không đọc được tệp CSV ở dòng {line}: {e}"),
                    format!("Could not read the CSV file at line {line}: {e}"),
                ));
            }
        }
        // The csv crate reports the position right after the previous record, before the blank lines it skips; those
        // lines are rows as a spreadsheet numbers them (the reader counts the gap as blank rows).
        let (mut line, byte) = self.record.position().map(|p| (p.line(), p.byte())).unwrap_or((u64::from(self.last) + 1, 0));
        let text: &[u8] = self.rdr.get_ref().get_ref();
        let skipped = text.get(byte as usize..).unwrap_or(&[]);
        line += skipped.iter().take_while(|b| **b == b'\n' || **b == b'\r').filter(|b| **b == b'\n').count() as u64;
        let number = u32::try_from(line.saturating_sub(self.swallowed).max(1)).unwrap_or(u32::MAX).max(self.last + 1);
        if self.record.len() > self.limits.max_columns {
            return Err(limits::too_many_columns(&self.file, "", number, self.record.len() - 1, &self.limits));
        }
        if number as usize > self.limits.max_rows {
            return Err(limits::too_many_rows(&self.file, "", &self.limits));
        }
        if self.intern.len() < self.record.len() {
            self.intern.resize_with(self.record.len(), Interner::default);
        }
        let mut cells = std::mem::take(&mut self.spare);
        cells.reserve(self.record.len());
        for (f, intern) in self.record.iter().zip(self.intern.iter_mut()) {
            cells.push(if blank_text(f) { Cell::Empty } else { Cell::Text(intern.get(f)) });
        }
        // The record's values, end to end: one count for all of them.
        self.swallowed += memchr::memchr_iter(b'\n', self.record.as_slice().as_bytes()).count() as u64;
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
        (self.rdr.position().byte(), self.rdr.get_ref().get_ref().len() as u64)
    }

    fn recycle(&mut self, row: Row) {
        self.spare = super::source::emptied(row);
    }
}

/// Shares the values that repeat down a column (units, officers, procedures, statuses) instead of allocating each;
/// gives up on a column whose values do not repeat (codes, times).
#[derive(Default)]
struct Interner {
    /// Each value as the file wrote it → the value in NFC (the same text, shared, nearly always).
    seen: foldhash::HashMap<Arc<str>, Arc<str>>,
    lookups: u32,
    hits: u32,
    off: bool,
}

impl Interner {
    fn get(&mut self, f: &str) -> Arc<str> {
        if self.off {
            return nfc(f);
        }
        self.lookups += 1;
        if let Some(v) = self.seen.get(f) {
            self.hits += 1;
            return v.clone();
        }
        if self.lookups >= 1_024 && self.hits * 2 < self.lookups {
            self.off = true;
            self.seen = Default::default();
            return nfc(f);
        }
        let v = nfc(f);
        let raw = if *v == *f { v.clone() } else { f.into() };
        self.seen.insert(raw, v.clone());
        v
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
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(sniff_delimiter("BÁO CÁO, năm 2023\na;b;c;d\n1;2;3;4\n5;6;7;8\n"), b';');
    }

    #[test]
    fn windows_1258_tone_marks_are_composed() {
        // "Hẹn" in windows-1258: H, e, combining dot below (0xF2), n.
        let bytes = [b'H', b'e', 0xF2, b'n', b',', b'x', b'\n', b'H', b'e', 0xF2, b'n', b',', b'y', b'\n'];
        let csv = CsvText::decode("f", &bytes, &Limits::DEFAULT).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(csv.encoding, "windows-1258");
        let mut rows = csv.rows("f", &Limits::DEFAULT);
        for _ in 0..2 {
            let row = rows.next_row().unwrap_or_else(|e| panic!("{e}")).unwrap();
            assert_eq!(row.cells[0], Cell::Text("Hẹn".into()), "composed, the second time from the interner too");
        }
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
        assert!(!rows.intern[1].off);
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
            for (tail, precomposed) in
                [("e\u{301}", false), ("é", true), ("ễ", true), ("Đ", true), ("\u{300}", false), ("a\u{1EA0}", true), ("ω\u{301}", false), ("한", true), ("\u{1100}\u{1161}", false), ("abc", true)]
            {
                for text in [format!("{ascii}{tail}"), format!("{ascii}{tail}{ascii}"), format!("{tail}{ascii}{tail}")] {
                    if !unicode_normalization::is_nfc(&text) {
                        assert!(!is_nfc(&text), "{text:?}");
                    }
                    assert_eq!(is_nfc(&text), precomposed, "{text:?}");
                }
            }
        }
    }
}
