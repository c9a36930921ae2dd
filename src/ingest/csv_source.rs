//! Text files: decode (UTF-8 with/without BOM, UTF-16 LE/BE, windows-1258), NFC-normalise, sniff the delimiter,
//! and split into rows with the `csv` crate. Row numbers are those a spreadsheet shows when it opens the file:
//! blank lines count, and a quoted value spanning several lines stays one row.

use super::source::{Cell, Row, Sheet};
use super::limits::{self, Limits};
use super::ReadError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

/// Decoded text and the name of the encoding it was in.
pub(crate) fn decode(bytes: &[u8]) -> (String, &'static str) {
    let (enc, body): (&'static Encoding, &[u8]) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (UTF_8, rest)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (UTF_16LE, rest)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (UTF_16BE, rest)
    } else if let Some(enc) = utf16_without_bom(bytes) {
        (enc, bytes)
    } else if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, bytes)
    } else {
        (WINDOWS_1258, bytes)
    };
    let (text, _) = enc.decode_without_bom_handling(body);
    // windows-1258 writes tone marks as separate combining characters; NFC puts them back on their letters. Text that
    // is already NFC (nearly every UTF-8 export) is left as it is: normalising 300 MB costs seconds.
    let text: String = match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text.into_owned(),
        _ => text.nfc().collect(),
    };
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

/// Reads a text file into one sheet named "".
pub(crate) fn read_csv(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
    progress: &mut dyn FnMut(super::Progress),
) -> Result<(Sheet, &'static str, u8), ReadError> {
    let (text, encoding) = decode(bytes);
    if text.trim().is_empty() {
        return Err(ReadError::new(file, "Tệp rỗng, không có dữ liệu.", "The file is empty."));
    }
    let delimiter = sniff_delimiter(&text);
    let mut rdr =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows: Vec<Row> = Vec::new();
    // Newlines swallowed by quoted values so far: a spreadsheet shows such a record as one row.
    let mut swallowed: u64 = 0;
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(ReadError::new(
                    file,
                    format!("Không đọc được tệp CSV ở dòng {line}: {e}"),
                    format!("Could not read the CSV file at line {line}: {e}"),
                ));
            }
        }
        // The csv crate reports the position right after the previous record, before the blank lines it skips.
        let (mut line, byte) = record.position().map(|p| (p.line(), p.byte())).unwrap_or((rows.len() as u64 + 1, 0));
        let skipped = text.as_bytes().get(byte as usize..).unwrap_or(&[]);
        line += skipped.iter().take_while(|b| **b == b'\n' || **b == b'\r').filter(|b| **b == b'\n').count() as u64;
        let number = line.saturating_sub(swallowed).max(1);
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        // Blank lines the csv crate skipped become blank rows, so numbering stays as the user sees it.
        let mut next = rows.last().map(|r| r.number + 1).unwrap_or(1);
        while next < number {
            rows.push(Row { number: next, cells: Vec::new() });
            next += 1;
        }
        if record.len() > limits.max_columns {
            return Err(limits::too_many_columns(file, "", number, record.len() - 1, limits));
        }
        if rows.len() >= limits.max_rows {
            return Err(limits::too_many_rows(file, "", limits));
        }
        if rows.len() as u64 % super::PROGRESS_EVERY == 0 {
            progress(super::Progress { stage: super::Stage::Read, done: rows.len() as u64, total: 0 });
        }
        let cells: Vec<Cell> =
            record.iter().map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f.into()) }).collect();
        swallowed += record.iter().map(|f| f.matches('\n').count() as u64).sum::<u64>();
        rows.push(Row { number: number.max(next), cells });
    }
    progress(super::Progress { stage: super::Stage::Read, done: rows.len() as u64, total: rows.len() as u64 });
    Ok((Sheet { name: String::new(), rows, date1904: false, merges: Vec::new() }, encoding, delimiter))
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
        let (text, enc) = decode(&[b'H', b'e', 0xF2, b'n']);
        assert_eq!(enc, "windows-1258");
        assert_eq!(text, "Hẹn");
    }

    #[test]
    fn row_numbers_count_blank_lines_and_multiline_values() {
        let text = "a,b\n\n1,\"x\ny\"\n\n\n2,z\n";
        let (sheet, _, _) = read_csv("f", text.as_bytes(), &Limits::DEFAULT, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6]);
        assert!(sheet.rows[1].is_blank());
        assert!(sheet.rows[4].is_blank());
        assert_eq!(sheet.rows[5].cells[1], Cell::Text("z".into()));
    }
}
