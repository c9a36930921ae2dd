//! A big CSV dossier log read in two halves at once, by two workers (issue 7: a million rows in the browser).
//!
//! The page splits the file at a line start near its middle. The first worker reads the top half as any log
//! ([`read_first_half`]) while a second worker reads the rest with the header found in the file's first
//! megabyte ([`read_second_half`]) and sends what it gathers as bytes: its dossiers a chunk at a time while it
//! converts, which the first worker appends to its own as soon as its rows are done ([`join_chunk`]), then the
//! rest. [`join_halves`] appends the last dossiers, with the row numbers the whole file gives, and finishes the
//! table as the whole read would.
//!
//! The result is the whole read's, or nothing: [`join_chunk`] returns false and [`join_halves`] `None` (and the
//! caller reads the whole file) when the split may not have fallen between two records (a quoted value running
//! through it), when a footer was seen in the top half (the rows after one are read differently), or when the two
//! halves found different headers. A test reads every fixture and many made-up logs both ways at every line, the
//! second half's dossiers sent one, three or all at a time.
//!
//! Only text files whose line starts are character starts are split (UTF-8 and windows-1258, not UTF-16).
//!
//! The bytes the second half is sent in are `codec`'s.

mod codec;

use self::codec::{decode, encode, shape, In, Out, Shared};
use super::csv_source::{CsvRows, CsvText, RowsEnd};
use super::dossiers::{find_table, Converter};
use super::error::ReadErrorKind;
use super::source::{Merge, Row, RowStream};
use super::{limits, DossierTable, Input, Progress, ReadError, ReadOptions};

/// The top half of a log, read, waiting for the rest.
pub struct FirstHalf {
    conv: Converter,
    end: RowsEnd,
    header_end: u32,
    /// The format and header, which the second half must have found too ([`codec::shape`]).
    shape: Vec<u8>,
    /// The second half's shared texts and names made so far, and its dossiers appended so far ([`join_chunk`]).
    shared: Vec<Shared>,
    taken: u32,
}

/// How many dossiers the second half sends at a time: the first worker decodes them as soon as its own rows are
/// done, while the second is still converting the rest.
const CHUNK: usize = 32_768;

/// Reads the top half of a text log (`bytes`, the file's first bytes up to a line start; `file_len`, the whole
/// file's size, for the progress estimate). `None` for a file that is not read in halves (not text, or UTF-16)
/// and for any error: the caller reads the whole file, which tells the user what is wrong where.
pub fn read_first_half(
    file_name: &str,
    bytes: &[u8],
    file_len: u64,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(Progress),
) -> Option<FirstHalf> {
    let mut input = Input::open(file_name, bytes).ok()?;
    if !input.csv().is_some_and(CsvText::reads_apart) {
        return None;
    }
    let found = find_table(file_name, &mut input, opts, progress).ok()?;
    let (format, text) = (input.format, input.csv()?);
    let mut rows = Whole { rows: text.rows(file_name, &limits::Limits::DEFAULT), file_len };
    let mut conv = Converter::new(file_name, format, "", &found.head, opts, false);
    conv.run(&mut rows, found.header_end, progress).ok()?;
    let shape = shape(format, found.header_end, &found.head.mapped);
    Some(FirstHalf { conv, end: rows.rows.end(), header_end: found.header_end, shape, shared: Vec::new(), taken: 0 })
}

/// Reads the rest of a text log, from a line start (`rest`), with the header found in `head` (the file's first
/// bytes, a megabyte is plenty), in a second worker. Its dossiers go to `chunk` a few thousand at a time as they
/// are made, for [`join_chunk`], in order; the answer, with the rest, is for [`join_halves`]. An error means only
/// that this half cannot be read apart (the whole read tells the user what is wrong). `progress` hears of this
/// half's rows read (the total estimated from this half's bytes).
pub fn read_second_half(
    file_name: &str,
    head: &[u8],
    rest: &[u8],
    opts: &ReadOptions,
    chunk: &mut dyn FnMut(Vec<u8>),
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<u8>, ReadError> {
    read_second_half_by(file_name, head, rest, opts, CHUNK, chunk, progress)
}

fn read_second_half_by(
    file_name: &str,
    head: &[u8],
    rest: &[u8],
    opts: &ReadOptions,
    every: usize,
    chunk: &mut dyn FnMut(Vec<u8>),
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<u8>, ReadError> {
    let mut input = Input::open(file_name, head)?;
    let found = find_table(file_name, &mut input, opts, &mut |_| {})?;
    let not_apart = || ReadError::new(file_name, ReadErrorKind::HalfNotApart);
    let text = input.csv().and_then(|t| CsvText::continued(t, rest)).ok_or_else(not_apart)?;
    let mut rows = text.rows(file_name, &limits::Limits::DEFAULT);
    let mut conv = Converter::new(file_name, input.format, "", &found.head, opts, false);
    // Every row of this half is under the header: its rows are numbered from 1. The dossiers' texts are numbered
    // across the chunks.
    let mut sent = Out::default();
    conv.run_handing(&mut rows, 0, progress, every, &mut |list| {
        sent.dossiers(list);
        chunk(std::mem::take(&mut sent.buf));
    })?;
    let g = conv.gathered();
    let mut out = Out::default();
    out.bytes(&shape(input.format, found.header_end, &found.head.mapped));
    encode(&mut out, &g);
    sent.dossiers(&g.dossiers);
    out.buf.append(&mut sent.buf);
    Ok(out.buf)
}

/// Appends a chunk of the second half's dossiers ([`read_second_half`]) to the top half's, renumbered. False when
/// the halves cannot be joined (see the module's notes): the caller then reads the whole file.
pub fn join_chunk(first: &mut FirstHalf, chunk: &[u8]) -> bool {
    let mut input = In::new(chunk);
    first.append(&mut input).is_some() && input.pos == input.buf.len()
}

impl FirstHalf {
    /// Appends the dossiers at `input` (a count, then the dossiers) to the top half's, their rows renumbered.
    /// `None` when the halves cannot be joined: the top half ran into the split inside quotes, or saw a footer.
    fn append(&mut self, input: &mut In<'_>) -> Option<()> {
        if !self.end.clean || self.conv.footer_seen() {
            return None;
        }
        let (file, sheet) = self.conv.source_names();
        let n = input.dossiers(&mut self.shared, &file, &sheet, self.end.rows_before, self.conv.dossiers())?;
        self.taken = self.taken.checked_add(n)?;
        Some(())
    }
}

/// The whole table: the top half with the rest (`second`, from [`read_second_half`]) appended. `None` when the
/// halves cannot be joined (see the module's notes): the caller reads the whole file.
pub fn join_halves(mut first: FirstHalf, second: &[u8]) -> Option<Result<DossierTable, ReadError>> {
    let mut input = In::new(second);
    if input.bytes()? != first.shape.as_slice() {
        return None;
    }
    let (file, sheet) = first.conv.source_names();
    let below = decode(&mut input, &file, &sheet)?;
    // Rows between the top half's last row and the split, counted by neither half: blank lines, counted when a row
    // follows them (blank lines at the end of a file are no rows, as the whole read has it).
    let rows_before = first.end.rows_before;
    let gap = rows_before.checked_sub(first.header_end + first.conv.counts().rows)?;
    let blank = if below.counts.rows > 0 { gap } else { 0 };
    // The last dossiers go straight to the end of the top half's list after the chunks'.
    first.append(&mut input)?;
    if input.pos != input.buf.len() || first.taken != below.counts.dossiers {
        return None;
    }
    let last = u64::from(rows_before) + u64::from(below.counts.rows);
    let limits = limits::Limits::DEFAULT;
    if last > limits.max_rows as u64 {
        return Some(Err(limits::too_many_rows(&file, "", &limits)));
    }
    let mut conv = first.conv;
    conv.join(below, rows_before, blank)?;
    Some(conv.finish(vec![String::new()]))
}

/// The top half's rows, with the progress estimate for the whole file.
struct Whole<'a> {
    rows: CsvRows<'a>,
    file_len: u64,
}

impl RowStream for Whole<'_> {
    fn next_row(&mut self) -> Result<Option<Row>, ReadError> {
        self.rows.next_row()
    }
    fn merges(&self) -> &[Merge] {
        &[]
    }
    fn date1904(&self) -> bool {
        false
    }
    fn progress(&self) -> (u64, u64) {
        (self.rows.progress().0, self.file_len)
    }
    fn recycle(&mut self, row: Row) {
        self.rows.recycle(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read_dossiers;

    /// Reads `bytes` whole, and in halves split at byte `split` (a line start), the second half's dossiers sent
    /// `every` at a time: the same table, or the halves can't be joined (`None`).
    fn both_ways(
        bytes: &[u8],
        split: usize,
        every: usize,
    ) -> (Result<DossierTable, ReadError>, Option<Result<DossierTable, ReadError>>) {
        let opts = ReadOptions::default();
        let whole = read_dossiers("log.csv", bytes, &opts);
        let halves = (|| {
            let mut first = read_first_half("log.csv", &bytes[..split], bytes.len() as u64, &opts, &mut |_| {})?;
            let head = &bytes[..bytes.len().min(1 << 20)];
            let mut chunks = Vec::new();
            let second = read_second_half_by(
                "log.csv",
                head,
                &bytes[split..],
                &opts,
                every,
                &mut |c| chunks.push(c),
                &mut |_| {},
            )
            .ok()?;
            for c in &chunks {
                if !join_chunk(&mut first, c) {
                    return None;
                }
            }
            join_halves(first, &second)
        })();
        (whole, halves)
    }

    /// Every split of `text` at a line start, both ways, the second half's dossiers sent one, three or all at a
    /// time; how many splits joined.
    fn every_split(text: &[u8]) -> usize {
        let mut joined = 0;
        for split in memchr::memchr_iter(b'\n', text).map(|i| i + 1).filter(|&i| i < text.len()) {
            let mut joins = Vec::new();
            for every in [1, 3, CHUNK] {
                let (whole, halves) = both_ways(text, split, every);
                if let Some(h) = &halves {
                    assert_eq!(h, &whole, "split at byte {split}, {every} dossiers a chunk");
                }
                joins.push(halves.is_some());
            }
            assert!(joins.iter().all(|&j| j == joins[0]), "split at byte {split}: joined {joins:?} by chunk size");
            joined += usize::from(joins[0]);
        }
        joined
    }

    #[test]
    fn a_log_read_in_halves_is_the_log_read_whole_wherever_it_is_split() {
        let mut text = String::from(
            "BÁO CÁO HỒ SƠ\n\nSTT;Mã hồ sơ;Tên thủ tục;Cơ quan thụ lý;Cán bộ xử lý;Hình thức \
            nộp;Ngày tiếp nhận;Ngày hẹn trả;Ngày hoàn thành;Thời hạn giải quyết\n",
        );
        for i in 0..60 {
            let unit = ["Phòng Tư pháp", "UBND xã Phước Lộc", "Phòng Tài chính - Kế hoạch"][i % 3];
            let finished = if i % 4 == 0 { String::new() } else { format!("{:02}/05/2023 0{}:15", 1 + i % 27, i % 9) };
            let channel = ["Trực tuyến", "Trực tiếp", "qua fax", ""][i % 4];
            text += &format!(
                "{i};H{i:04};\"Cấp phép, xây dựng\";{unit};Cán bộ \
                {};{channel};{:02}/04/2023;{:02}/05/2023;{finished};{} \
                ngày\n",
                i % 7,
                1 + i % 28,
                1 + (i * 3) % 28,
                5 + i % 10
            );
            match i {
                // Rejected rows, blank lines, a repeated header, a quoted value over two lines, a heading.
                7 => text += "8;H-bad;x;Phòng Tư pháp;A;;31/02/2023;05/05/2023;;\n",
                12 => text += "\n\n",
                20 => {
                    text += "STT;Mã hồ sơ;Tên thủ tục;Cơ quan thụ lý;Cán bộ xử lý;Hình thức nộp;Ngày tiếp nhận;Ngày \
                    hẹn trả;Ngày hoàn thành;Thời hạn giải quyết\n"
                }
                33 => text += "34;H-two;\"hai\ndòng\";Phòng Tư pháp;A;;03/04/2023;28/04/2023;;\n",
                41 => text += "Phòng Văn hóa\n",
                50 => text += "51;H-q;\"Nói \"\"có\"\"\";Phòng Tư pháp;A;;03/04/2023;28/04/2023;;\n",
                _ => {}
            }
        }
        text += "\nTổng cộng: 63 hồ sơ\nNgười lập biểu\n";
        let lines = text.matches('\n').count();
        let joined = every_split(text.as_bytes());
        // Splits inside the header rows find no header in the top half; a split in the quoted value, after the
        // record read by csv_core, or after the footer is refused. Every other line joins.
        assert!(joined + 10 >= lines, "{joined} of {lines} splits joined");
        assert!(
            both_ways(text.as_bytes(), text.find("dòng\"").unwrap() - 5, 3).1.is_none(),
            "a split inside quotes is not joined"
        );
    }

    #[test]
    fn blank_lines_before_the_split_count_only_when_a_row_follows() {
        // Found by the property test below: blank lines at the end of a file are no rows, wherever it is split.
        let header = "Mã hồ sơ;Cơ quan thụ lý;Ngày tiếp nhận;Ngày hẹn trả;Ngày hoàn thành\r\n";
        for text in [format!("{header}\r\n\r\n"), format!("{header}\r\n\r\nH1;Phòng;03/04/2023;28/04/2023;\r\n\r\n")] {
            assert!(every_split(text.as_bytes()) >= 1, "{text:?}");
        }
    }

    #[test]
    fn texts_that_never_repeat_keep_their_numbers_across_the_chunks() {
        // Thousands of distinct statuses and officers: the reader stops sharing them, each dossier holds its own,
        // and a chunk's are dropped once sent. Their numbers must not pass to later texts at the same address.
        let mut text = String::from("Mã hồ sơ,Cơ quan thụ lý,Cán bộ xử lý,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n");
        for i in 0..12_000 {
            text += &format!("H{i},Phòng Tư pháp,Cán bộ số {i},03/04/2023,28/04/2023,Đã trả lần {i}\n");
        }
        let split = text.find("H6000,").unwrap();
        let (whole, halves) = both_ways(text.as_bytes(), split, 500);
        let (whole, halves) = (whole.unwrap(), halves.expect("joined").unwrap());
        assert_eq!(halves.dossiers[11_999].status_text.as_deref(), Some("Đã trả lần 11999"));
        assert_eq!(halves.dossiers[11_999].officer.display, "Cán bộ số 11999");
        assert_eq!(halves, whole);
    }

    #[test]
    fn the_second_half_tells_of_its_rows_as_it_reads_them() {
        // The first worker shows the second's rows while it waits for them (www/worker.js).
        let mut text = String::from("Mã hồ sơ,Cơ quan thụ lý,Ngày tiếp nhận,Ngày hẹn trả\n");
        for i in 0..10_000 {
            text += &format!("H{i},Phòng Tư pháp,03/04/2023,28/04/2023\n");
        }
        let split = text.find("H4000,").unwrap();
        let (opts, mut heard) = (ReadOptions::default(), Vec::new());
        let head = &text.as_bytes()[..split];
        read_second_half("log.csv", head, &text.as_bytes()[split..], &opts, &mut |_| {}, &mut |p| {
            heard.push((p.done, p.total))
        })
        .unwrap();
        // A start, every 1,024 rows of its 6,000 with the half's total estimated from its bytes read, and the end.
        assert_eq!(heard.len(), 1 + 5 + 1, "{heard:?}");
        assert_eq!(heard[0].0, 0);
        for (k, (done, total)) in heard[1..6].iter().enumerate() {
            assert_eq!(*done, 1024 * (k as u64 + 1));
            assert!((5_900..=6_100).contains(total), "{heard:?}");
        }
        assert_eq!(heard[6], (6_000, 6_000));
    }

    #[test]
    fn month_first_dates_in_the_second_half_fail_the_read_as_the_whole_read_does() {
        let mut text = String::from("Mã hồ sơ,Cơ quan thụ lý,Ngày tiếp nhận,Ngày hẹn trả\n");
        for i in 0..20 {
            text += &format!("H{i},Phòng Tư pháp,03/04/2023,{}\n", if i == 15 { "04/28/2023" } else { "05/05/2023" });
        }
        let (whole, halves) = both_ways(text.as_bytes(), text.find("H5,").unwrap(), 2);
        assert!(whole.is_err());
        assert_eq!(halves.unwrap(), whole, "the error names the row of the whole file");
    }

    #[test]
    fn every_fixture_read_in_halves_is_read_whole() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut tried = 0;
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().to_lowercase();
            if !(name.ends_with(".csv") || name.ends_with(".tsv") || name.ends_with(".txt")) {
                continue;
            }
            let bytes = std::fs::read(entry.path()).unwrap();
            let (joined, lines) = (every_split(&bytes), memchr::memchr_iter(b'\n', &bytes).count());
            if name.contains("utf16") {
                assert_eq!(joined, 0, "{name}: UTF-16 is read whole");
            } else if name.starts_with("dossiers_2023") {
                // Splits in the banner and header rows, in a record csv_core read, and after the footer are not.
                assert!(joined * 10 >= lines * 7, "{name}: {joined} of {lines} splits joined");
            }
            tried += 1;
        }
        assert!(tried >= 3, "{tried} text fixtures");
    }

    #[test]
    fn zones_and_portal_codes_cross_the_split() {
        // Times converted from UTC (the "why?" shows them) and portal status codes (told once each) survive a split.
        for name in ["api_camel_utc.csv", "dvcqg_ma_trang_thai.csv"] {
            let path = format!("{}/tests/fixtures/real/{name}", env!("CARGO_MANIFEST_DIR"));
            let bytes = std::fs::read(&path).unwrap();
            assert!(every_split(&bytes) >= 5, "{name}");
        }
        // A code in both halves is still told once, with its first row.
        let mut text = String::from("MaHoSo,DonViXuLy,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo\n");
        for i in 0..12 {
            text += &format!("M{i},Phòng Tư pháp,2025-11-07T10:00:00Z,,{}\n", [4, 8, 10][i % 3]);
        }
        assert!(every_split(text.as_bytes()) >= 10);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Logs made of lines of dossiers, blank lines, quotes, CRLF, footers and headings: wherever they are split,
        /// the halves give the whole read or are not joined.
        #[test]
        fn any_log_read_in_halves_is_read_whole(lines in proptest::collection::vec(0usize..10, 1..24)) {
            let mut text = String::from("Mã hồ sơ;Cơ quan thụ lý;Ngày tiếp nhận;Ngày hẹn trả;Ngày hoàn thành\r\n");
            for (i, kind) in lines.iter().enumerate() {
                text += &match kind {
                    0 => String::from("\r\n"),
                    1 => format!("H{i};\"Phòng\nTư pháp\";03/04/2023;28/04/2023;\r\n"),
                    2 => format!("H{i};\"Phòng \"\"A\"\"\";03/04/2023;28/04/2023;\n"),
                    3 => String::from("Người lập biểu\n"),
                    4 => format!("H{i};Phòng Tư pháp;03/04/2023;31/13/2023;\n"),
                    5 => format!("H{i};Phòng;04/03/2023;04/28/2023;\n"),
                    6 => String::from("Phòng Văn hóa\n"),
                    7 => format!("H{i};Phòng\rA;03/04/2023;28/04/2023;\n"),
                    _ => format!("H{i};Phòng Tư pháp;03/04/2023 08:30;28/04/2023;02/05/2023\n"),
                };
            }
            every_split(text.as_bytes());
        }
    }
}
