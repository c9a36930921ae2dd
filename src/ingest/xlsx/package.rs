//! The zip package of an xlsx: its parts found by name (case-insensitively, as Excel finds them), relationship
//! targets resolved, and a part's bytes inflated a chunk at a time straight out of the file's bytes ([`Inflow`]),
//! within the limit on uncompressed bytes.

use super::WHAT;
use crate::ingest::{ReadError, ReadErrorKind};
use flate2::bufread::DeflateDecoder;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The largest single element held at once (a cell with a huge inline string, one shared string).
const MAX_ELEMENT: usize = 64 * 1024 * 1024;

/// A workbook's zip package: where each part's bytes are.
pub(super) struct Package<'a> {
    bytes: &'a [u8],
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Part names lowercased with `/` separators → zip index (Excel finds parts case-insensitively).
    parts: HashMap<String, usize>,
    /// The most bytes a part may inflate to.
    limit: u64,
    /// Bytes inflated at a time.
    chunk: usize,
}

impl<'a> Package<'a> {
    /// Opens the zip and lists its parts.
    pub(super) fn open(file: &str, bytes: &'a [u8], limit: u64, chunk: usize) -> Result<Package<'a>, ReadError> {
        let zip =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::damaged(file, WHAT, &e.to_string()))?;
        let mut parts = HashMap::new();
        for i in 0..zip.len() {
            if let Some(Ok(name)) = zip.name_for_index(i) {
                parts.insert(name.replace('\\', "/").to_ascii_lowercase(), i);
            }
        }
        Ok(Package { bytes, zip, parts, limit, chunk })
    }

    /// A part's inflated bytes, streamed out of the file's own bytes; `None` when the part is missing.
    pub(super) fn inflow(&mut self, file: &str, part: &str) -> Result<Option<Inflow<'a>>, ReadError> {
        let Some(&index) = self.parts.get(&part.to_ascii_lowercase()) else { return Ok(None) };
        let entry =
            self.zip.by_index_raw(index).map_err(|e| ReadError::damaged(file, WHAT, &format!("{part}: {e}")))?;
        if entry.encrypted() {
            return Err(crate::ingest::sniff::protected(file, WHAT));
        }
        let (start, packed, size, method) =
            (entry.data_start(), entry.compressed_size(), entry.size(), entry.compression());
        drop(entry);
        let data = start
            .and_then(|s| usize::try_from(s).ok())
            .and_then(|s| Some((s, s.checked_add(usize::try_from(packed).ok()?)?)))
            .and_then(|(s, e)| self.bytes.get(s..e))
            .ok_or_else(|| ReadError::damaged(file, WHAT, &format!("{part}: the file is truncated")))?;
        let src = match method {
            zip::CompressionMethod::Stored => Src::Stored(data),
            zip::CompressionMethod::Deflated => Src::Deflate(Box::new(DeflateDecoder::new(data))),
            m => return Err(ReadError::damaged(file, WHAT, &format!("{part}: unsupported compression {m:?}"))),
        };
        let limit = self.limit;
        if size > limit {
            return Err(too_large(file, part, limit));
        }
        Ok(Some(Inflow::new(src, self.chunk, size, limit, file, part)))
    }

    /// The names of the parts, lowercased with `/` separators.
    pub(super) fn part_names(&self) -> impl Iterator<Item = &str> {
        self.parts.keys().map(String::as_str)
    }

    /// A small part read whole (workbook, relationships, styles); `None` when missing.
    pub(super) fn read_small(&mut self, file: &str, part: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(mut inflow) = self.inflow(file, part)? else { return Ok(None) };
        while inflow.fill()? {}
        Ok(Some(inflow.buf[inflow.start..inflow.end].to_vec()))
    }
}

/// A relationship target resolved against the folder of the part that names it (absolute targets start at the root).
pub(super) fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut out: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

fn too_large(file: &str, part: &str, limit: u64) -> ReadError {
    ReadError::new(file, ReadErrorKind::PartTooLarge { part: part.to_string(), limit })
}

/// Where the bytes of a part come from.
enum Src<'a> {
    Stored(&'a [u8]),
    Deflate(Box<DeflateDecoder<&'a [u8]>>),
}

/// A part's bytes, inflated a chunk at a time into a window; what the scanner has not consumed stays at the front.
pub(super) struct Inflow<'a> {
    src: Src<'a>,
    pub(super) buf: Vec<u8>,
    pub(super) start: usize,
    pub(super) end: usize,
    done: bool,
    chunk: usize,
    /// Bytes inflated so far, and the size the archive declares.
    pub(super) out: u64,
    pub(super) declared: u64,
    limit: u64,
    file: String,
    part: String,
}

impl<'a> Inflow<'a> {
    fn new(src: Src<'a>, chunk: usize, declared: u64, limit: u64, file: &str, part: &str) -> Inflow<'a> {
        Inflow {
            src,
            buf: Vec::new(),
            start: 0,
            end: 0,
            done: false,
            chunk,
            out: 0,
            declared,
            limit,
            file: file.to_string(),
            part: part.to_string(),
        }
    }

    pub(super) fn window(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    pub(super) fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
    }

    /// Inflates more after the unconsumed bytes; `false` once the part has ended.
    pub(super) fn fill(&mut self) -> Result<bool, ReadError> {
        if self.done {
            return Ok(false);
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.buf.len() - self.end < self.chunk {
            if self.end > MAX_ELEMENT {
                return Err(ReadError::damaged(
                    &self.file,
                    WHAT,
                    &format!("{}: an element is larger than {} MB", self.part, MAX_ELEMENT >> 20),
                ));
            }
            self.buf.resize(self.end + self.chunk, 0);
        }
        let room = &mut self.buf[self.end..];
        let n = match &mut self.src {
            Src::Stored(rest) => {
                let n = room.len().min(rest.len());
                room[..n].copy_from_slice(&rest[..n]);
                *rest = &rest[n..];
                n
            }
            Src::Deflate(d) => d.read(room).map_err(|e| {
                ReadError::damaged(&self.file, WHAT, &format!("{}: the compressed data is damaged ({e})", self.part))
            })?,
        };
        self.out += n as u64;
        if self.out > self.limit {
            return Err(too_large(&self.file, &self.part, self.limit));
        }
        if n == 0 {
            self.done = true;
            if self.out != self.declared {
                return Err(ReadError::damaged(
                    &self.file,
                    WHAT,
                    &format!("{}: {} bytes instead of the {} the archive declares", self.part, self.out, self.declared),
                ));
            }
            return Ok(false);
        }
        self.end += n;
        Ok(true)
    }
}
