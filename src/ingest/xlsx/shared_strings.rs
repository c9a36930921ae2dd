//! The shared strings (`sharedStrings.xml`), streamed one `<si>` at a time, each made once into the text every cell
//! using it shares; and the text of a string item, shared (`<si>`) or a cell's own (`<is>`).

use super::package::Package;
use super::WHAT;
use crate::ingest::source::Cell;
use crate::ingest::xml::{attr, decode_text, element_close, parse_u64, skip_special, split_tag, tag_end, unescape_x};
use crate::ingest::ReadError;
use memchr::{memchr, memchr3, memmem};
use std::sync::Arc;

/// The shared strings part, one `<si>` at a time; each becomes the text every cell using it shares.
pub(super) fn read(package: &mut Package<'_>, file: &str, part: &str) -> Result<Vec<SharedText>, ReadError> {
    let Some(mut inflow) = package.inflow(file, part)? else { return Ok(Vec::new()) };
    let mut strings = Strings::default();
    loop {
        let w = inflow.window();
        let (at, finished) = strings.scan(w).map_err(|d| ReadError::damaged(file, WHAT, &format!("{part}: {d}")))?;
        if finished {
            return Ok(strings.out);
        }
        let consumed = if memchr(b'<', &w[at..]).is_none() { w.len() } else { at };
        inflow.consume(consumed);
        if !inflow.fill()? {
            return Ok(strings.out); // no `</sst>`: what was whole is kept
        }
    }
}

/// A shared string: its text, `None` when blank. Held as a text rather than a [`Cell`] (two words and a tag, or
/// more): a million-row workbook can have a million of them.
pub(super) type SharedText = Option<Arc<str>>;

/// The shared string's cell: blank or shared text.
fn shared_text(cell: Cell) -> SharedText {
    match cell {
        Cell::Text(t) => Some(t),
        _ => None,
    }
}

/// The shared strings read so far, and the buffers their rich text is assembled in.
#[derive(Default)]
struct Strings {
    out: Vec<SharedText>,
    text: String,
    scratch: String,
}

impl Strings {
    /// The whole `<si>` elements of a window of `sharedStrings.xml`: where the first one not whole starts, and
    /// whether `</sst>` was reached. A function of its own, called for each window: V8 keeps a wasm function it
    /// entered once in its baseline code for as long as it runs, and a million-row log has a million strings.
    #[inline(never)]
    fn scan(&mut self, w: &[u8]) -> Result<(usize, bool), String> {
        let mut at = 0;
        while let Some(p) = memchr(b'<', &w[at..]) {
            let lt = at + p;
            if let Some((cell, after)) = quick_string(w, lt) {
                self.out.push(shared_text(cell));
                at = after;
                continue;
            }
            let Some(end) = skip_special(w, lt) else { break };
            if let Some(e) = end {
                at = e;
                continue;
            }
            let Some(end) = tag_end(w, lt) else { break };
            let tag = split_tag(w, lt, end);
            if tag.close {
                at = end;
                if tag.local == b"sst" {
                    return Ok((at, true));
                }
                continue;
            }
            if tag.local == b"sst" && tag.self_closing {
                return Ok((at, true));
            }
            if tag.local == b"sst" {
                if let Some(n) = attr(tag.attrs, b"uniqueCount").and_then(parse_u64) {
                    self.out.reserve((n as usize).min(1 << 22));
                }
            }
            if tag.local != b"si" {
                at = end;
                continue;
            }
            self.text.clear();
            let after = if tag.self_closing {
                end
            } else {
                let Some((content_end, after)) = element_close(w, end, tag.qname) else { break };
                rich_text(&w[end..content_end], &mut self.text, &mut self.scratch)?;
                after
            };
            self.out.push(shared_text(Cell::from_text(&self.text)));
            at = after;
        }
        Ok((at, false))
    }
}

/// The shared string almost every workbook is made of, `<si><t>plain text</t></si>`, read in one pass: no entity,
/// no `_xHHHH_` escape, no carriage return, no space to trim at either end. Anything else (and a window ending
/// inside it) gives `None` and goes the general way, which reads it the same. A 1M-row log has a million of them.
#[inline]
fn quick_string(w: &[u8], lt: usize) -> Option<(Cell, usize)> {
    let start = lt + 7;
    if w.get(lt..start)? != b"<si><t>" {
        return None;
    }
    // The first '<', '&' or carriage return, found many bytes at a time: the text is plain when that is its end.
    // Looking for the '<' and then checking every byte again, a byte at a time each, had been 6% of the reading of
    // the benchmark's wide shape (long procedure names, addresses: 193 of 2,981 million instructions at 100k rows).
    let end = start + memchr3(b'<', b'&', b'\r', w.get(start..)?)?;
    let raw = &w[start..end];
    let trimmed = |b: Option<&u8>| !matches!(b, Some(b' ' | b'\t' | b'\n'));
    if w.get(end..end + 9)? != b"</t></si>"
        || !trimmed(raw.first())
        || !trimmed(raw.last())
        || memmem::find(raw, b"_x").is_some()
    {
        return None;
    }
    Some((Cell::from_text(std::str::from_utf8(raw).ok()?), end + 9))
}

/// The text of a string item (`<si>` or `<is>` content): its `<t>` runs concatenated, phonetic runs left out; each
/// run trimmed of ASCII whitespace unless `xml:space="preserve"`, then `_xHHHH_` decoded.
pub(super) fn rich_text(content: &[u8], out: &mut String, scratch: &mut String) -> Result<(), String> {
    let mut phonetic = false;
    let mut i = 0;
    while let Some(p) = memchr(b'<', &content[i..]) {
        let lt = i + p;
        match skip_special(content, lt) {
            Some(Some(e)) => {
                i = e;
                continue;
            }
            Some(None) => {}
            None => return Err("a string that ends early".to_string()),
        }
        let end = tag_end(content, lt).ok_or("a string that ends early")?;
        let tag = split_tag(content, lt, end);
        i = end;
        if tag.local == b"rPh" {
            if !tag.self_closing {
                phonetic = !tag.close;
            }
            continue;
        }
        if tag.close || tag.local != b"t" || phonetic {
            continue;
        }
        scratch.clear();
        if !tag.self_closing {
            let (content_end, after) = element_close(content, end, tag.qname).ok_or("a string that ends early")?;
            decode_text(&content[end..content_end], scratch)?;
            i = after;
        }
        let preserve = attr(tag.attrs, b"xml:space") == Some(b"preserve");
        let text = if preserve { scratch.as_str() } else { scratch.trim_matches([' ', '\t', '\r', '\n']) };
        unescape_x(text, out);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_string_takes_only_plain_text() {
        let quick = |x: &str| quick_string(x.as_bytes(), 0);
        assert_eq!(quick("<si><t>Võ Minh Tuấn</t></si><si>"), Some((Cell::Text("Võ Minh Tuấn".into()), 31)));
        assert_eq!(quick("<si><t></t></si>"), Some((Cell::Empty, 16)));
        for other in [
            "<si><t> x</t></si>",
            "<si><t>x\n</t></si>",
            "<si><t>a &amp; b</t></si>",
            "<si><t>a_x000D_b</t></si>",
            "<si><t>a\rb</t></si>",
            "<si><r><t>x</t></r></si>",
            "<si><t xml:space=\"preserve\"> x</t></si>",
            "<si><t>x</t><rPh><t>y</t></rPh></si>",
            "<si><t>x</t></s",
        ] {
            assert_eq!(quick(other), None, "{other}");
        }
    }
}
