//! First step of the pipeline: decide what the bytes are, by content, never by the file name.

use super::ReadError;

/// What the bytes look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Xlsx,
    Xls,
    Ods,
    Text,
}

const ZIP: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY: &[u8] = b"PK\x05\x06";
const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// Looks at the bytes and returns the kind of file, or the whole-file error a clerk should see.
pub(crate) fn sniff(file: &str, bytes: &[u8]) -> Result<Kind, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::new(file, "Tệp rỗng, không có dữ liệu.", "The file is empty."));
    }
    if bytes.starts_with(ZIP) || bytes.starts_with(ZIP_EMPTY) {
        // The parts' names, from the zip's directory at its end (searching 60 MB of bytes for a name that is not
        // there took 0.1 s in the browser); a damaged zip is searched as bytes.
        let names: Option<Vec<String>> = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .ok()
            .map(|z| z.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect());
        let has = |name: &str| match &names {
            Some(names) => names.iter().any(|n| if name.ends_with('/') { n.starts_with(name) } else { n == name }),
            None => contains(bytes, name.as_bytes()),
        };
        if has("xl/workbook.bin") {
            return Err(ReadError::new(
                file,
                "Tệp là bảng tính Excel nhị phân (.xlsb), chưa được hỗ trợ: hãy mở bằng Excel và lưu lại dạng .xlsx.",
                "The file is a binary Excel workbook (.xlsb), which is not supported: open it in Excel and save it as \
                    .xlsx.",
            ));
        }
        if has("xl/workbook.xml") || has("[Content_Types].xml") && has("xl/") {
            return Ok(Kind::Xlsx);
        }
        if contains(bytes, b"application/vnd.oasis.opendocument.spreadsheet") {
            return Ok(Kind::Ods);
        }
        if has("word/document.xml") || contains(bytes, b"application/vnd.oasis.opendocument.text") {
            return Err(ReadError::new(
                file,
                "Tệp là văn bản Word, không phải bảng tính: hãy xuất danh sách hồ sơ ra Excel (.xlsx) hoặc CSV.",
                "The file is a Word document, not a spreadsheet: export the dossier list to Excel (.xlsx) or CSV.",
            ));
        }
        return Err(ReadError::new(
            file,
            "Tệp nén (zip) bị hỏng hoặc không chứa bảng tính Excel/ODS nào.",
            "The file is a zip archive that is damaged or holds no Excel/ODS workbook.",
        ));
    }
    if bytes.starts_with(CFB) {
        if contains(bytes, &utf16le("EncryptedPackage")) || contains(bytes, &utf16le("EncryptionInfo")) {
            return Err(encrypted(file));
        }
        return Ok(Kind::Xls);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ReadError::new(
            file,
            "Tệp là PDF, không đọc được số liệu từ PDF: hãy xuất danh sách hồ sơ ra Excel (.xlsx) hoặc CSV.",
            "This is a PDF; figures cannot be read from a PDF: export the dossier list to Excel (.xlsx) or CSV.",
        ));
    }
    let head = text_head(bytes);
    if head.starts_with('<') {
        if head.contains("<html")
            || head.contains("<table")
            || head.contains("<!doctype html")
            || head.contains("<body")
        {
            return Err(ReadError::new(
                file,
                "Tệp là một trang HTML (bảng web lưu với đuôi .xls), không phải bảng tính Excel thật: hãy mở bằng \
                    Excel rồi lưu lại dạng .xlsx.",
                "The file is an HTML page (a web table saved with an .xls name), not a real Excel workbook: open it in \
                    Excel and save it as .xlsx.",
            ));
        }
        if head.contains("urn:schemas-microsoft-com:office:spreadsheet") || head.contains("<workbook") {
            return Err(ReadError::new(
                file,
                "Tệp là bảng tính XML 2003 (SpreadsheetML), chưa được hỗ trợ: hãy mở bằng Excel rồi lưu lại dạng \
                    .xlsx.",
                "The file is an XML 2003 spreadsheet (SpreadsheetML), which is not supported: open it in Excel and \
                    save it as .xlsx.",
            ));
        }
    }
    if looks_binary(bytes) {
        return Err(ReadError::new(
            file,
            "Không nhận ra định dạng tệp: chỉ đọc được Excel (.xlsx, .xls), OpenDocument (.ods) và CSV.",
            "Unrecognised file format: only Excel (.xlsx, .xls), OpenDocument (.ods) and CSV can be read.",
        ));
    }
    Ok(Kind::Text)
}

pub(crate) fn encrypted(file: &str) -> ReadError {
    ReadError::new(
        file,
        "Tệp Excel được đặt mật khẩu: hãy mở bằng Excel, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu \
            lại.",
        "The Excel file is password-protected: open it in Excel, remove the password (File → Info → Protect Workbook) \
            and save it again.",
    )
}

/// The first kilobyte as lower-case text, leading BOM and white space removed (for HTML/XML detection).
fn text_head(bytes: &[u8]) -> String {
    let take = bytes.len().min(2048);
    let slice = bytes.get(..take).unwrap_or(bytes);
    let (text, _, _) = encoding_rs::UTF_8.decode(slice);
    text.trim_start_matches('\u{feff}').trim_start().to_lowercase()
}

/// NUL bytes that are not explained by UTF-16 text mean the file is binary.
fn looks_binary(bytes: &[u8]) -> bool {
    let take = bytes.len().min(4096);
    let head = bytes.get(..take).unwrap_or(bytes);
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let nuls = head.iter().filter(|b| **b == 0).count();
    if nuls == 0 {
        return false;
    }
    // UTF-16 without BOM: NULs on one parity only, about every other byte.
    let even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = nuls - even;
    let half = head.len() / 2;
    let utf16_like = (even == 0 || odd == 0) && nuls * 3 >= half;
    !utf16_like
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff("a", b"Ma ho so,Ngay hen tra\n1,2\n").ok(), Some(Kind::Text));
        assert!(sniff("a", b"").is_err());
        assert!(sniff("a", b"   \n").is_err());
        let e = sniff("a", b"%PDF-1.7 ...").err().map(|e| e.en).unwrap_or_default();
        assert!(e.contains("PDF"));
        let e = sniff("a", b"\xef\xbb\xbf  <HTML><table>").err().map(|e| e.en).unwrap_or_default();
        assert!(e.contains("HTML"));
        let mut cfb = CFB.to_vec();
        cfb.extend(utf16le("EncryptionInfo"));
        let e = sniff("a", &cfb).err().map(|e| e.en).unwrap_or_default();
        assert!(e.contains("password"));
        assert_eq!(sniff("a", CFB).ok(), Some(Kind::Xls));
        assert!(sniff("a", &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 0, 0]).is_err());
    }
}
