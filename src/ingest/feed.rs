//! A dossier log read as it arrives. The browser reads a file in slices; the rows of a CSV are converted while
//! the next slices are still being read, instead of after (reading a 222 MB file took the browser 0.5–1.4 s, on
//! top of the 2.3 s of converting its million rows).
//!
//! Only a UTF-8 text file is read this way. Any other file (a workbook's parts are found from the end of its zip),
//! or a text whose start leaves a doubt (see [`DossierFeed::start`]), is read whole once it has all arrived, by
//! [`read_dossiers_with`]. Either way the table is the one [`read_dossiers`](super::read_dossiers) gives: the tests
//! feed files in slices of many sizes and compare.

use super::csv_source::{near_row_limit, CsvRows};
use super::dossiers::{find_table, Converter, Found};
use super::limits::{self, Limits};
use super::{read_dossiers_with, DossierTable, Format, Input, Progress, ReadError, ReadOptions};

/// How much of a file must have arrived before its rows are converted: its encoding is decided on its first
/// megabyte, and its delimiter and header on its first rows.
const START: usize = 2 << 20;

/// A dossier file whose bytes come a slice at a time: [`step`](DossierFeed::step) after each slice,
/// [`finish`](DossierFeed::finish) once the last has come.
pub struct DossierFeed {
    file: String,
    opts: ReadOptions,
    /// The file's size.
    len: usize,
    /// How much must have come before the rows are read as they come ([`START`]; less in tests), and how much had
    /// come at the last try (a start too short for the header search is tried again when twice as long).
    start: usize,
    tried: usize,
    state: State,
}

enum State {
    /// Too little of the file yet to decide how to read it.
    Waiting,
    /// Read whole once it has all arrived.
    Whole,
    /// Rows converted as they arrive.
    Rows(Box<Rows>),
    /// A row that could not be read (too many rows or columns) ended the read.
    Failed(ReadError),
}

struct Rows {
    /// What the file's start decided: its format (encoding, delimiter) and where its table is.
    format: Format,
    found: Found,
    /// The text's stream between slices (it holds no text then).
    rows: Option<CsvRows<'static>>,
    conv: Converter,
    /// Where the text starts in the file (after a BOM).
    offset: usize,
    sheets: Vec<String>,
}

impl DossierFeed {
    /// A file named `file` of `len` bytes, read with `opts`.
    pub fn new(file: &str, opts: &ReadOptions, len: usize) -> DossierFeed {
        DossierFeed { file: file.to_string(), opts: opts.clone(), len, start: START, tried: 0, state: State::Waiting }
    }

    /// More of the file has come: `bytes` is all of it so far. Converts the whole rows it holds.
    pub fn step(&mut self, bytes: &[u8], progress: &mut dyn FnMut(Progress)) {
        if matches!(self.state, State::Waiting) && bytes.len() >= self.start.max(2 * self.tried) && bytes.len() < self.len {
            self.tried = bytes.len();
            self.state = self.start(bytes);
        }
        let len = self.len;
        if let State::Rows(r) = &mut self.state {
            if let Err(e) = r.take(bytes, false, len, progress) {
                self.state = State::Failed(e);
            }
        }
    }

    /// Whether the rows are being read as they come.
    pub fn streaming(&self) -> bool {
        matches!(self.state, State::Rows(_))
    }

    /// The whole file has come: its table, as [`read_dossiers_with`] reads it.
    pub fn finish(self, bytes: &[u8], progress: &mut dyn FnMut(Progress)) -> Result<DossierTable, ReadError> {
        match self.state {
            State::Waiting | State::Whole => read_dossiers_with(&self.file, bytes, &self.opts, progress),
            State::Failed(e) => Err(e),
            // The start decided as the whole file does, unless it was shorter than what decides (the first
            // megabyte for the encoding, 60 lines for the delimiter): then it is read again, whole.
            State::Rows(r) if !r.decided_as(&self.file, bytes, &self.opts) => read_dossiers_with(&self.file, bytes, &self.opts, progress),
            State::Rows(mut r) => {
                r.take(bytes, true, self.len, progress)?;
                r.conv.finish(r.sheets)
            }
        }
    }

    /// How to read the file, from its start: row by row as it comes when it is UTF-8 text whose start decides all
    /// a whole read would (encoding, delimiter, header), else whole at the end; or wait for more when the start
    /// does not yet hold the rows the header is searched in. Anything amiss here (an error, a file near a limit)
    /// is left to the whole read, which says it as it always does.
    fn start(&self, bytes: &[u8]) -> State {
        let limits = Limits::DEFAULT;
        // The start up to its last line end: the header search must not see a row cut short.
        let Some(cut) = memchr::memrchr(b'\n', bytes) else { return State::Waiting };
        let head = &bytes[..=cut];
        if limits::check_size(&self.file, self.len, &limits).is_err() || near_row_limit(head, self.len, &limits) {
            return State::Whole;
        }
        let Ok(mut input) = Input::open(&self.file, head) else { return State::Whole };
        if !matches!(input.format, Format::Csv { .. }) {
            return State::Whole;
        }
        // The header is searched in the first rows: they must all be in `head`, with more below, before a table
        // found, or not found, is what the whole file would give.
        let found = match find_table(&mut input, &self.file, &self.opts, &mut |_| {}) {
            Ok(found) if found.more => found,
            _ => return State::Waiting,
        };
        let Some((rows, offset)) = input.text_rows(&self.file, head) else { return State::Whole };
        let conv = Converter::new(&self.file, input.format, &found.sheet, found.head.clone(), found.header_end, &self.opts, false);
        State::Rows(Box::new(Rows { format: input.format, found, rows: Some(rows), conv, offset, sheets: input.sheets.clone() }))
    }
}

impl Rows {
    /// Whether the whole file has the format and the table its start had.
    fn decided_as(&self, file: &str, bytes: &[u8], opts: &ReadOptions) -> bool {
        let Ok(mut input) = Input::open(file, bytes) else { return false };
        input.format == self.format
            && find_table(&mut input, file, opts, &mut |_| {}).is_ok_and(|f| f.sheet == self.found.sheet && f.head == self.found.head && f.header_end == self.found.header_end)
    }

    /// Converts the rows in `bytes` not yet converted: the whole rows, or all to the end when the file is `complete`.
    fn take(&mut self, bytes: &[u8], complete: bool, len: usize, progress: &mut dyn FnMut(Progress)) -> Result<(), ReadError> {
        let Some(rows) = self.rows.take() else { return Ok(()) };
        let mut rows = rows.with_text(&bytes[self.offset..], complete, len - self.offset);
        if complete {
            self.conv.run(&mut rows, progress)?;
        } else {
            self.conv.take_rows(&mut rows, progress)?;
        }
        self.rows = Some(rows.with_text(&[], false, 0));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read_dossiers;

    /// Feeds `bytes` in slices of `slice` bytes, the rows read as they come once `start` bytes have: the table, and
    /// whether the rows were read as they came.
    fn fed(name: &str, bytes: &[u8], opts: &ReadOptions, start: usize, slice: usize) -> (Result<DossierTable, ReadError>, bool) {
        let mut feed = DossierFeed::new(name, opts, bytes.len());
        feed.start = start;
        let mut streaming = false;
        let mut end = 0;
        while end < bytes.len() {
            end = (end + slice).min(bytes.len());
            feed.step(&bytes[..end], &mut |_| {});
            streaming |= feed.streaming();
        }
        (feed.finish(bytes, &mut |_| {}), streaming)
    }

    /// A log as systems export it, with what makes reading it hard: CRLF line ends, a BOM, values quoted with
    /// delimiters and line breaks inside, blank lines, a repeated header, rows to reject, and a footer.
    fn awkward_log() -> Vec<u8> {
        let mut t = String::from("\u{feff}Báo cáo hồ sơ quý I\r\n\r\nSTT,Mã hồ sơ,Tên thủ tục,Cơ quan thụ lý,Cán bộ xử lý,Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành\r\n");
        for i in 1..=300 {
            let procedure = match i % 5 {
                0 => "\"Cấp phép, xây dựng\"".to_string(),
                1 => "\"Đăng ký\nhộ kinh doanh\"".to_string(),
                2 => "\"Nói \"\"có\"\"\"".to_string(),
                _ => "Chứng thực bản sao".to_string(),
            };
            let officer = ["Bùi Văn Lan", "Lê Thị Hoa", "Trần Minh"][i % 3];
            let (received, due, finished) = match i % 37 {
                7 => ("03/01/2023 08:00".to_string(), "31/02/2023".to_string(), String::new()),
                11 => ("05/01/2023".to_string(), String::new(), String::new()),
                _ => (format!("{:02}/01/2023 08:{:02}", 2 + i % 20, i % 60), format!("{:02}/02/2023", 1 + i % 28), format!("{:02}/02/2023 10:00", 1 + (i + 3) % 28)),
            };
            t.push_str(&format!("{i},H08.22-2301-{i:05},{procedure},UBND xã Phước Lộc,{officer},{received},{due},{finished}\r\n"));
            if i % 50 == 0 {
                t.push_str("\r\n\n");
            }
            if i == 150 {
                t.push_str("STT,Mã hồ sơ,Tên thủ tục,Cơ quan thụ lý,Cán bộ xử lý,Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành\r\n");
            }
        }
        t.push_str("Người lập biểu,,,,,,,\r\n,,,,Tuy Phước ngày 05 tháng 04 năm 2023,,,");
        t.into_bytes()
    }

    #[test]
    fn a_log_read_as_it_arrives_is_the_log_read_whole() {
        let bytes = awkward_log();
        let opts = ReadOptions::default();
        let whole = read_dossiers("log.csv", &bytes, &opts).expect("the log reads");
        assert_eq!((whole.dossiers.len(), whole.rejected.len(), whole.counts.non_data), (284, 16, 3), "{:?}", whole.counts);
        for slice in [1, 2, 3, 5, 64, 997, 4096, bytes.len()] {
            for start in [64, 2_000, 8_000] {
                let (table, streaming) = fed("log.csv", &bytes, &opts, start, slice);
                assert_eq!(table.as_ref(), Ok(&whole), "slice {slice}, start {start}");
                // Read as it came, unless it came whole.
                assert_eq!(streaming, slice < bytes.len(), "slice {slice}, start {start}");
            }
        }
    }

    #[test]
    fn every_fixture_fed_in_slices_is_read_as_whole() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
        names.sort();
        let mut read = 0;
        for name in names.iter().filter(|n| n.starts_with("dossiers_") || n.starts_with("month_first") || n.starts_with("header_")) {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            for opts in [ReadOptions::default(), ReadOptions { month_first_columns: vec!["*".into()], ..Default::default() }] {
                let whole = read_dossiers(name, &bytes, &opts);
                for slice in [1, 100, 4096] {
                    assert_eq!(fed(name, &bytes, &opts, 1, slice).0, whole, "{name}, slice {slice}");
                }
                read += 1;
            }
        }
        assert!(read >= 20, "{read} fixtures read");
    }

    #[test]
    fn a_start_that_decides_otherwise_than_the_whole_file_is_read_again() {
        // The first bytes are UTF-8 (ASCII) and a windows-1258 byte ("ê" as 0xEA) comes within the first
        // megabyte: the whole file is windows-1258, as read whole.
        let mut text = String::from("STT,Ma ho so,Co quan thu ly,Can bo xu ly,Ngay tiep nhan,Ngay hen tra\n");
        for i in 1..=200 {
            text.push_str(&format!("{i},H-{i:04},UBND xa Phuoc Loc,Le Van An,02/01/2023 08:00,{:02}/02/2023\n", 1 + i % 28));
        }
        let mut bytes = text.into_bytes();
        let at = bytes.len() - 30;
        bytes.insert(at, 0xEA);
        let opts = ReadOptions::default();
        let whole = read_dossiers("log.csv", &bytes, &opts).expect("the log reads");
        assert_eq!((whole.format, whole.dossiers.len()), (Format::Csv { encoding: "windows-1258", delimiter: b',' }, 200));
        let (table, streaming) = fed("log.csv", &bytes, &opts, 8_000, 4096);
        assert!(streaming);
        assert_eq!(table, Ok(whole));
    }

    #[test]
    fn a_row_limit_reached_while_the_file_arrives_is_the_whole_reads_error() {
        let bytes = awkward_log();
        let opts = ReadOptions::default();
        let mut feed = DossierFeed::new("log.csv", &opts, bytes.len());
        feed.start = 2_000;
        feed.step(&bytes[..9_000], &mut |_| {});
        assert!(feed.streaming());
        if let State::Rows(r) = &mut feed.state {
            let rows = r.rows.take().unwrap();
            let mut rows = rows.with_text(&[], false, 0);
            rows.limits.max_rows = 100;
            r.rows = Some(rows);
        }
        feed.step(&bytes[..20_000], &mut |_| {});
        let e = feed.finish(&bytes, &mut |_| {}).unwrap_err();
        assert!(e.en.contains("100"), "{}", e.en);
    }
}
