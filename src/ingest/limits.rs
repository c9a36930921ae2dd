//! Resource limits, stated and enforced, so that a hostile or broken file gets a sentence instead of an
//! out-of-memory crash of the browser tab.
//!
//! | limit | value | why |
//! |---|---|---|
//! | file size | 512 MiB | a province's year (2 million dossiers) is ≈ 170 MB as xlsx and ≈ 600 MB as CSV… the CSV reader holds the decoded text next to the bytes, and wasm32 has 4 GiB of memory at most; 512 MiB keeps the worst case well under it |
//! | uncompressed size of a workbook | 3 GiB | 2 million rows of sheet XML are ≈ 1 GB; the XML is streamed, never held whole |
//! | compression ratio of one workbook part | 100 : 1 (parts over 1 MiB) | real sheet XML compresses 5–20 : 1; zip bombs run at 1000 : 1 and more |
//! | rows | 2,000,000 | the largest year export we plan for (xlsx itself stops at 1,048,576) |
//! | columns | 1,024 | exports have 10–40 columns; a cell far to the right usually means a damaged or hostile file |

use super::ReadError;
use std::io::Cursor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: usize,
    pub max_uncompressed_bytes: u64,
    pub max_ratio: u64,
    /// Parts smaller than this are not checked for their ratio (tiny XML compresses very well).
    pub ratio_floor_bytes: u64,
    pub max_rows: usize,
    pub max_columns: usize,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_file_bytes: 512 * 1024 * 1024,
        max_uncompressed_bytes: 3 * 1024 * 1024 * 1024,
        max_ratio: 100,
        ratio_floor_bytes: 1024 * 1024,
        max_rows: 2_000_000,
        max_columns: 1_024,
    };
}

fn mib(n: u64) -> String {
    format!("{:.0} MB", n as f64 / (1024.0 * 1024.0))
}

/// The file's size, before anything else is done with it.
pub(crate) fn check_size(file: &str, len: usize, l: &Limits) -> Result<(), ReadError> {
    if len > l.max_file_bytes {
        return Err(ReadError::new(
            file,
            format!("Tệp quá lớn ({}); giới hạn là {} mỗi tệp. Hãy xuất theo từng quý hoặc từng đơn vị rồi chọn nhiều tệp cùng lúc.", mib(len as u64), mib(l.max_file_bytes as u64)),
            format!("The file is too large ({}); the limit is {} per file. Export one quarter or one unit at a time and select several files together.", mib(len as u64), mib(l.max_file_bytes as u64)),
        ));
    }
    Ok(())
}

/// A zip container (xlsx, ods): the declared sizes of its parts, before any is inflated.
pub(crate) fn check_zip(file: &str, bytes: &[u8], l: &Limits) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // damaged archives are reported by the workbook reader with its own sentence
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else { continue };
        let (size, packed) = (part.size(), part.compressed_size().max(1));
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        total = total.saturating_add(size);
        if size > l.ratio_floor_bytes && size / packed > l.max_ratio {
            return Err(ReadError::new(
                file,
                format!("Tệp nén bất thường: phần \"{}\" nở ra {} lần (giới hạn {} lần) — có thể là \"bom nén\". Tệp không được đọc.", name, size / packed, l.max_ratio),
                format!("Suspicious compression: the part \"{}\" expands {} times (limit {}) — possibly a zip bomb. The file was not read.", name, size / packed, l.max_ratio),
            ));
        }
    }
    if total > l.max_uncompressed_bytes {
        return Err(ReadError::new(
            file,
            format!("Bảng tính khi giải nén lên tới {} (giới hạn {}). Hãy xuất theo từng quý hoặc từng đơn vị.", mib(total), mib(l.max_uncompressed_bytes)),
            format!("The workbook uncompresses to {} (limit {}). Export one quarter or one unit at a time.", mib(total), mib(l.max_uncompressed_bytes)),
        ));
    }
    Ok(())
}

pub(crate) fn too_many_rows(file: &str, sheet: &str, l: &Limits) -> ReadError {
    let where_ = if sheet.is_empty() { String::new() } else { format!(" (trang \"{sheet}\")") };
    let where_en = if sheet.is_empty() { String::new() } else { format!(" (sheet \"{sheet}\")") };
    ReadError::new(
        file,
        format!("Bảng có hơn {} dòng{where_}, vượt giới hạn. Hãy xuất theo từng quý hoặc từng đơn vị.", l.max_rows),
        format!("The table has more than {} rows{where_en}, over the limit. Export one quarter or one unit at a time.", l.max_rows),
    )
}

pub(crate) fn too_many_columns(file: &str, sheet: &str, row: u32, column: usize, l: &Limits) -> ReadError {
    let letter = super::column_letter(column);
    ReadError::new(
        file,
        format!("Trang \"{sheet}\" có dữ liệu ở cột {letter} (cột thứ {}, dòng {row}), vượt giới hạn {} cột: tệp có thể bị hỏng. Hãy xóa các cột thừa rồi lưu lại.", column + 1, l.max_columns),
        format!("Sheet \"{sheet}\" has data in column {letter} (column {}, row {row}), over the limit of {} columns: the file may be damaged. Delete the extra columns and save again.", column + 1, l.max_columns),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(name: &str, data: &[u8]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file(name, zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)).unwrap();
        w.write_all(data).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_bomb_is_refused_before_inflating() {
        let bomb = zip_of("xl/worksheets/sheet1.xml", &vec![b'0'; 16 * 1024 * 1024]);
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        let e = check_zip("bomb.xlsx", &bomb, &Limits::DEFAULT).unwrap_err();
        assert!(e.en.contains("zip bomb"), "{}", e.en);
        assert!(e.vi.contains("bom nén"));
    }

    #[test]
    fn ordinary_parts_and_small_parts_pass() {
        let small = zip_of("xl/sharedStrings.xml", &vec![b'a'; 100_000]);
        assert!(check_zip("ok.xlsx", &small, &Limits::DEFAULT).is_ok());
    }

    #[test]
    fn total_size_and_file_size_limits() {
        let l = Limits { max_uncompressed_bytes: 1000, ..Limits::DEFAULT };
        let z = zip_of("a.xml", &vec![b'x'; 5000]);
        assert!(check_zip("big.xlsx", &z, &l).unwrap_err().en.contains("uncompresses to"));
        let e = check_size("huge.csv", 600 * 1024 * 1024, &Limits::DEFAULT).unwrap_err();
        assert!(e.vi.contains("Tệp quá lớn (600 MB); giới hạn là 512 MB"), "{}", e.vi);
    }
}
