//! A byte scanner for the XML of spreadsheet packages (the parts of an xlsx, an ods `content.xml`): tags found and
//! taken apart in a window of bytes that may end anywhere, attributes read raw, text decoded (entities, CDATA, line
//! ends, Excel's `_xHHHH_` escapes). No tree is built; the readers walk the tags themselves. Where the window ends
//! before a function can tell, it answers `None` and the caller brings more bytes.

use memchr::{memchr, memchr3, memmem};

/// One tag: `<qname attrs>`, `<qname attrs/>` or `</qname>`.
pub(super) struct Tag<'x> {
    pub(super) close: bool,
    pub(super) qname: &'x [u8],
    /// The name after any namespace prefix.
    pub(super) local: &'x [u8],
    pub(super) attrs: &'x [u8],
    pub(super) self_closing: bool,
}

/// The tag between `w[lt] == b'<'` and `w[end - 1] == b'>'`.
pub(super) fn split_tag(w: &[u8], lt: usize, end: usize) -> Tag<'_> {
    let inner = &w[lt + 1..end - 1];
    let (close, inner) = match inner.first() {
        Some(b'/') => (true, &inner[1..]),
        _ => (false, inner),
    };
    let (self_closing, inner) = match inner.last() {
        Some(b'/') if !close => (true, &inner[..inner.len() - 1]),
        _ => (false, inner),
    };
    let n = inner.iter().position(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')).unwrap_or(inner.len());
    let qname = &inner[..n];
    let local = match memchr(b':', qname) {
        Some(i) => &qname[i + 1..],
        None => qname,
    };
    Tag { close, qname, local, attrs: &inner[n..], self_closing }
}

/// The next `b` at or after `from`: a plain loop, since in sheet XML the next tag is a few bytes away and memchr's
/// set-up costs more than the scan.
#[inline]
pub(super) fn next_byte(w: &[u8], from: usize, b: u8) -> Option<usize> {
    w.get(from..)?.iter().position(|&x| x == b).map(|p| from + p)
}

/// Just past the `>` closing the tag at `w[lt] == b'<'` (quoted attribute values may hold `>`); `None` if the window
/// ends first.
#[inline]
pub(super) fn tag_end(w: &[u8], lt: usize) -> Option<usize> {
    let mut quote = 0u8;
    for (i, &b) in w.iter().enumerate().skip(lt + 1) {
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
        } else if b == b'>' {
            return Some(i + 1);
        } else if b == b'"' || b == b'\'' {
            quote = b;
        }
    }
    None
}

/// Comments, processing instructions, CDATA and declarations at `w[lt] == b'<'`: `Some(Some(end))` to skip them,
/// `Some(None)` for an ordinary tag, `None` if the window ends before it can tell or inside one.
pub(super) fn skip_special(w: &[u8], lt: usize) -> Option<Option<usize>> {
    let rest = &w[lt..];
    match rest.get(1)? {
        b'?' => Some(Some(lt + memmem::find(rest, b"?>")? + 2)),
        b'!' => {
            let unfinished = |p: &[u8]| rest.len() < p.len() && p.starts_with(rest);
            if unfinished(b"<!--") || unfinished(b"<![CDATA[") {
                return None;
            }
            if rest.starts_with(b"<!--") {
                Some(Some(lt + 4 + memmem::find(&rest[4..], b"-->")? + 3))
            } else if rest.starts_with(b"<![CDATA[") {
                Some(Some(lt + memmem::find(rest, b"]]>")? + 3))
            } else {
                Some(Some(tag_end(w, lt)?))
            }
        }
        _ => Some(None),
    }
}

/// The end of the content and the end of `</qname>` for an element whose content starts at `from`.
pub(super) fn element_close(w: &[u8], from: usize, qname: &[u8]) -> Option<(usize, usize)> {
    let mut i = from;
    loop {
        let lt = next_byte(w, i, b'<')?;
        let rest = &w[lt..];
        if rest.len() < qname.len() + 3 {
            return None;
        }
        if rest[1] == b'/' && rest[2..].starts_with(qname) {
            let after = &rest[2 + qname.len()..];
            let k = after.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))?;
            if after[k] == b'>' {
                return Some((lt, lt + 2 + qname.len() + k + 1));
            }
        }
        match skip_special(w, lt)? {
            Some(e) => i = e,
            None => i = lt + 1,
        }
    }
}

/// Attribute values, raw (entities not decoded).
pub(super) struct Attrs<'x> {
    pub(super) s: &'x [u8],
}

impl<'x> Iterator for Attrs<'x> {
    type Item = (&'x [u8], &'x [u8]);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let s = self.s;
        let eq = next_byte(s, 0, b'=')?;
        let name = s[..eq].trim_ascii();
        let q = s[eq + 1..].iter().position(|b| *b == b'"' || *b == b'\'')? + eq + 1;
        let close = next_byte(s, q + 1, s[q])?;
        self.s = &s[close + 1..];
        Some((name, &s[q + 1..close]))
    }
}

pub(super) fn attr<'x>(attrs: &'x [u8], key: &[u8]) -> Option<&'x [u8]> {
    Attrs { s: attrs }.find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// An attribute by its local name (`r:id` for `id`).
pub(super) fn attr_local<'x>(attrs: &'x [u8], key: &[u8]) -> Option<&'x [u8]> {
    Attrs { s: attrs }
        .find(|(k, _)| {
            let local = match memchr(b':', k) {
                Some(i) => &k[i + 1..],
                None => k,
            };
            local == key
        })
        .map(|(_, v)| v)
}

pub(super) fn decode_attr(v: &[u8]) -> String {
    let mut out = String::new();
    if decode_text(v, &mut out).is_err() {
        out = String::from_utf8_lossy(v).into_owned();
    }
    out
}

/// Every tag of a small, whole part (comments and the like skipped).
pub(super) struct Tags<'x> {
    w: &'x [u8],
    at: usize,
}

impl<'x> Tags<'x> {
    pub(super) fn new(w: &'x [u8]) -> Tags<'x> {
        Tags { w, at: 0 }
    }
}

impl<'x> Iterator for Tags<'x> {
    type Item = Tag<'x>;
    fn next(&mut self) -> Option<Tag<'x>> {
        loop {
            let lt = self.at + memchr(b'<', self.w.get(self.at..)?)?;
            if let Some(e) = skip_special(self.w, lt)? {
                self.at = e;
                continue;
            }
            let end = tag_end(self.w, lt)?;
            self.at = end;
            return Some(split_tag(self.w, lt, end));
        }
    }
}

/// Text content: CDATA kept literally, entities decoded, line ends normalised (`\r\n` and `\r` → `\n`).
pub(super) fn decode_text(raw: &[u8], out: &mut String) -> Result<(), String> {
    fn utf8(b: &[u8]) -> Result<&str, String> {
        std::str::from_utf8(b).map_err(|_| "text that is not UTF-8".to_string())
    }
    if memchr3(b'&', b'\r', b'<', raw).is_none() {
        out.push_str(utf8(raw)?);
        return Ok(());
    }
    let mut i = 0;
    while i < raw.len() {
        let Some(p) = memchr3(b'&', b'\r', b'<', &raw[i..]) else {
            out.push_str(utf8(&raw[i..])?);
            break;
        };
        let j = i + p;
        out.push_str(utf8(&raw[i..j])?);
        match raw[j] {
            b'\r' => {
                out.push('\n');
                i = if raw.get(j + 1) == Some(&b'\n') { j + 2 } else { j + 1 };
            }
            b'<' if raw[j..].starts_with(b"<![CDATA[") => {
                let body = &raw[j + 9..];
                let e = memmem::find(body, b"]]>").unwrap_or(body.len());
                out.push_str(&utf8(&body[..e])?.replace("\r\n", "\n").replace('\r', "\n"));
                i = (j + 9 + e + 3).min(raw.len());
            }
            b'<' => {
                out.push('<');
                i = j + 1;
            }
            _ => {
                let semi = raw[j..].iter().take(12).position(|&b| b == b';');
                let entity = semi.map(|k| &raw[j + 1..j + k]);
                let ch: Option<char> = match entity {
                    Some(b"amp") => Some('&'),
                    Some(b"lt") => Some('<'),
                    Some(b"gt") => Some('>'),
                    Some(b"quot") => Some('"'),
                    Some(b"apos") => Some('\''),
                    Some(e) if e.first() == Some(&b'#') => {
                        let n = match e.get(1) {
                            Some(b'x') | Some(b'X') => {
                                std::str::from_utf8(&e[2..]).ok().and_then(|h| u32::from_str_radix(h, 16).ok())
                            }
                            _ => std::str::from_utf8(&e[1..]).ok().and_then(|d| d.parse::<u32>().ok()),
                        };
                        n.and_then(char::from_u32)
                    }
                    _ => None,
                };
                match (ch, semi) {
                    (Some(c), Some(k)) => {
                        out.push(c);
                        i = j + k + 1;
                    }
                    _ => {
                        out.push('&');
                        i = j + 1;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Excel's `_xHHHH_` escapes (UTF-16 code units; `_x005F_` escapes the underscore), decoded into `out`.
pub(super) fn unescape_x(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let unit = |i: usize| -> Option<u16> {
        let e = b.get(i..i + 7)?;
        if e[0] != b'_' || e[1] != b'x' || e[6] != b'_' || !e[2..6].iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&e[2..6]).ok()?, 16).ok()
    };
    let (mut copied, mut i) = (0, 0);
    while let Some(p) = memchr(b'_', &b[i..]) {
        let at = i + p;
        let Some(u) = unit(at) else {
            i = at + 1;
            continue;
        };
        out.push_str(&s[copied..at]);
        let mut next = at + 7;
        let c = match u {
            0xD800..=0xDBFF => match unit(next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    char::from_u32(0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00))
                }
                _ => None,
            },
            0xDC00..=0xDFFF => None,
            u => char::from_u32(u32::from(u)),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        copied = next;
        i = next;
    }
    out.push_str(&s[copied..]);
}

/// An unsigned decimal as the parts write numbers (row numbers, style and string indexes, counts): digits only.
pub(super) fn parse_u64(s: &[u8]) -> Option<u64> {
    if s.is_empty() || s.len() > 19 {
        return None;
    }
    let mut n = 0u64;
    for &b in s {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(b - b'0');
    }
    Some(n)
}
