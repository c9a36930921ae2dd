//! First step of the pipeline: decide what the bytes are, by content, never by the file name.

use super::{ReadError, ReadErrorKind};

/// What the bytes look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Xlsx,
    Xls,
    Ods,
    /// An HTML page (a web table saved with an .xls name).
    Html,
    /// Excel 2003's XML Spreadsheet.
    Xml2003,
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
        return Err(ReadError::new(file, ReadErrorKind::Empty));
    }
    if bytes.starts_with(ZIP) || bytes.starts_with(ZIP_EMPTY) {
        // The parts' names, from the zip's directory at its end (searching 60 MB of bytes for a name that is not
        // there took 0.1 s in the browser); a damaged zip is searched as bytes.
        // Names as Excel finds them: case-insensitively, with `\\` read as `/` (some writers use it, and calamine and
        // Excel open such packages).
        let names: Option<Vec<String>> = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok().map(|z| {
            z.file_names().filter_map(|n| n.ok().map(|n| n.replace('\\', "/").to_ascii_lowercase())).collect()
        });
        let has = |name: &str| match &names {
            Some(names) => names.iter().any(|n| if name.ends_with('/') { n.starts_with(name) } else { n == name }),
            None => contains(bytes, name.as_bytes()),
        };
        if has("xl/workbook.bin") {
            return Err(ReadError::new(file, ReadErrorKind::Xlsb));
        }
        // The workbook part is where the package relationships say: `xl/` as Excel writes it, or elsewhere
        // (calamine's minimal_package.xlsx keeps it at the root, SheetJS's wtf_path.xlsx under `wtf/`).
        let workbook_part = || match &names {
            Some(names) => names.iter().any(|n| n == "workbook.xml" || n.ends_with("/workbook.xml")),
            None => false,
        };
        if has("xl/workbook.xml") || has("[content_types].xml") && (has("xl/") || workbook_part()) {
            return Ok(Kind::Xlsx);
        }
        if contains(bytes, b"application/vnd.oasis.opendocument.spreadsheet") {
            if ods_encrypted(bytes) {
                return Err(protected(file, "OpenDocument (.ods)"));
            }
            return Ok(Kind::Ods);
        }
        if has("word/document.xml") || contains(bytes, b"application/vnd.oasis.opendocument.text") {
            return Err(ReadError::new(file, ReadErrorKind::WordDocument));
        }
        return Err(ReadError::new(file, ReadErrorKind::NotAWorkbook));
    }
    if bytes.starts_with(CFB) {
        if contains(bytes, &utf16le("EncryptedPackage")) || contains(bytes, &utf16le("EncryptionInfo")) {
            return Err(protected(file, "Excel (.xlsx)"));
        }
        return Ok(Kind::Xls);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ReadError::new(file, ReadErrorKind::Pdf));
    }
    let head = text_head(bytes);
    if head.starts_with('<') {
        // SpreadsheetML first: its rich text is written as `<html:Font>`.
        if head.contains("progid=\"excel.sheet\"")
            || head.contains("urn:schemas-microsoft-com:office:spreadsheet") && head.contains("<workbook")
            || head.contains("<ss:workbook")
        {
            return Ok(Kind::Xml2003);
        }
        if head.contains("<html")
            || head.contains("<table")
            || head.contains("<!doctype html")
            || head.contains("<body")
            || head.contains("<meta")
        {
            return Ok(Kind::Html);
        }
    }
    if looks_binary(bytes) {
        return Err(ReadError::new(file, ReadErrorKind::Unrecognised));
    }
    Ok(Kind::Text)
}

/// A password-protected workbook of the format named ("Excel (.xlsx)", "OpenDocument (.ods)"…).
pub(crate) fn protected(file: &str, format: &str) -> ReadError {
    ReadError::new(file, ReadErrorKind::Protected { format: format.to_string() })
}

/// Whether a binary Excel workbook is password-protected: its globals open with a BOF record (0x0809, BIFF5 or
/// BIFF8, a workbook) followed, before the first sheet, by a FILEPASS record (0x002F). calamine names RC4
/// encryption but fails on XOR obfuscation with an unrelated error ("Codepage not found"); this is asked only after
/// calamine failed.
pub(crate) fn xls_filepass(bytes: &[u8]) -> bool {
    let u16_at = |i: usize| bytes.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(bytes.get(from..).unwrap_or_default(), &[0x09, 0x08]).map(|i| i + from) {
        from = at + 2;
        let (Some(len), Some(version), Some(kind)) = (u16_at(at + 2), u16_at(at + 4), u16_at(at + 6)) else {
            return false;
        };
        if !matches!(len, 8 | 16) || !matches!(version, 0x0500 | 0x0600) || kind != 0x0005 {
            continue;
        }
        // Walk the globals' records up to the first sheet (BOUNDSHEET 0x0085) or their end (EOF 0x000A).
        let mut pos = at + 4 + len as usize;
        for _ in 0..64 {
            let (Some(typ), Some(n)) = (u16_at(pos), u16_at(pos + 2)) else { return false };
            match typ {
                0x002F => return true,
                0x0085 | 0x000A => return false,
                _ => pos += 4 + n as usize,
            }
        }
        return false;
    }
    false
}

/// Whether an OpenDocument package is encrypted: its manifest gives its parts `<manifest:encryption-data>`.
fn ods_encrypted(bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return false };
    let Ok(part) = zip.by_name("META-INF/manifest.xml") else { return false };
    let mut xml = Vec::new();
    part.take(1 << 20).read_to_end(&mut xml).is_ok() && contains(&xml, b"encryption-data")
}

/// The first two kilobytes as lower-case text, leading BOM and white space removed (for HTML/XML detection), in the
/// Unicode encoding its first bytes say ([`super::charset::unicode_mark`]).
fn text_head(bytes: &[u8]) -> String {
    let take = bytes.len().min(2048);
    let slice = bytes.get(..take).unwrap_or(bytes);
    let text = match super::charset::unicode_mark(slice) {
        Some((enc, rest, _)) => enc.decode_without_bom_handling(rest).0,
        None => encoding_rs::UTF_8.decode_without_bom_handling(slice).0,
    };
    text.trim_start().to_lowercase()
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
        let e = sniff("a", b"%PDF-1.7 ...").err().map(|e| e.text().en).unwrap_or_default();
        assert!(e.contains("PDF"));
        assert_eq!(sniff("a", b"\xef\xbb\xbf  <HTML><table>").ok(), Some(Kind::Html));
        let xml = b"<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?><Workbook><html:Font/>";
        assert_eq!(sniff("a", xml).ok(), Some(Kind::Xml2003));
        let mut cfb = CFB.to_vec();
        cfb.extend(utf16le("EncryptionInfo"));
        let e = sniff("a", &cfb).err().map(|e| e.text().en).unwrap_or_default();
        assert!(e.contains("password"));
        assert_eq!(sniff("a", CFB).ok(), Some(Kind::Xls));
        assert!(sniff("a", &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 0, 0]).is_err());
    }
}
