//! Markup files (an HTML table saved as .xls, an XML Spreadsheet 2003) as text. The encoding is, in this order:
//! a byte order mark; the file's own declaration in its first bytes (`<meta charset="…">`,
//! `<meta http-equiv="Content-Type" content="text/html; charset=…">`, `<?xml … encoding="…"?>`); UTF-8 when the
//! bytes are UTF-8; UTF-16 without a mark when the NUL bytes say so; windows-1258 otherwise (the Vietnamese code
//! page old one-stop systems write). Texts are put in NFC cell by cell by the readers, as the CSV reader does.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1258};
use std::borrow::Cow;

/// How far into the file a declaration is looked for.
const DECLARATION_BYTES: usize = 4096;

/// The text of a markup file and the name of the encoding it was in.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    let whole = |enc: &'static Encoding, b: &[u8]| -> Cow<'_, str> {
        Cow::Owned(enc.decode_without_bom_handling(b).0.into_owned())
    };
    if let Some((enc, rest, name)) = unicode_mark(bytes) {
        return if enc == UTF_8 { (UTF_8.decode_without_bom_handling(rest).0, name) } else { (whole(enc, rest), name) };
    }
    match declared(bytes) {
        // A declaration of UTF-16 in bytes that are not (a file re-encoded and its header kept) is not believed.
        Some(enc) if enc != UTF_16LE && enc != UTF_16BE => {
            if enc == UTF_8 {
                return (UTF_8.decode_without_bom_handling(bytes).0, "UTF-8");
            }
            (enc.decode_without_bom_handling(bytes).0, enc.name())
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(t) => (Cow::Borrowed(t), "UTF-8"),
            Err(_) => (whole(WINDOWS_1258, bytes), WINDOWS_1258.name()),
        },
    }
}

/// What a file's first bytes say of its Unicode encoding, for every text reader (CSV, HTML, XML): a byte order mark
/// (UTF-8, UTF-16 LE or BE), or UTF-16 without a mark when the NUL bytes say so. The encoding, the bytes after the
/// mark, and the name shown to the user.
pub(crate) fn unicode_mark(bytes: &[u8]) -> Option<(&'static Encoding, &[u8], &'static str)> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some((UTF_8, rest, "UTF-8 BOM"))
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        Some((UTF_16LE, rest, "UTF-16LE"))
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some((UTF_16BE, rest, "UTF-16BE"))
    } else {
        utf16_without_bom(bytes).map(|enc| (enc, bytes, enc.name()))
    }
}

/// UTF-16 without a mark: in its first 4 KB, one byte in two is NUL (a third of them at least) and the others none.
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

/// The encoding a file declares near its top, if any.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..DECLARATION_BYTES).unwrap_or(bytes).to_ascii_lowercase();
    for key in [&b"charset="[..], b"encoding="] {
        let mut from = 0;
        while let Some(p) = memchr::memmem::find(&head[from..], key) {
            let at = from + p + key.len();
            from = at;
            let rest = &head[at..];
            let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
            let n = rest.iter().position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')));
            let label = &rest[..n.unwrap_or(rest.len())];
            if let Some(enc) = Encoding::for_label(label) {
                return Some(enc);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_then_the_declaration_then_the_bytes_decide() {
        let (t, e) = decode("<html><meta charset=\"utf-8\">Hẹn</html>".as_bytes());
        assert_eq!((t.as_ref(), e), ("<html><meta charset=\"utf-8\">Hẹn</html>", "UTF-8"));
        // "Hẹn" in windows-1258: H, e, combining dot below (0xF2), n.
        let mut cp = b"<meta http-equiv=Content-Type content='text/html; charset=windows-1258'>H".to_vec();
        cp.extend_from_slice(&[b'e', 0xF2, b'n']);
        let (t, e) = decode(&cp);
        assert_eq!(e, "windows-1258");
        assert!(t.ends_with("He\u{323}n"), "{t}");
        let (t, e) = decode(&[b'<', b'p', b'>', b'e', 0xF2]);
        assert_eq!((t.as_ref(), e), ("<p>e\u{323}", "windows-1258"), "not UTF-8, nothing declared");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>ồ</a>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (t, e) = decode(&utf16);
        assert_eq!((t.as_ref(), e), ("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>ồ</a>", "UTF-16LE"));
        let (t, e) = decode(b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>");
        assert_eq!(
            (t.as_ref(), e),
            ("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>", "UTF-8"),
            "a UTF-16 label on ASCII"
        );
    }
}
