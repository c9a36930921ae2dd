//! An .xls sheet's extent, checked before calamine reads it.
//!
//! calamine 0.38 builds an .xls sheet as a dense range. It sizes it twice from what the file claims:
//! - it reserves room for every cell of the sheet's DIMENSIONS record (rows are 32-bit numbers there);
//! - it fills a grid from the first to the last cell it met.
//!
//! A damaged file can claim billions of cells: four changed bytes of a 17 KB fixture made it ask for 2.4 GB, which
//! kills the process natively and the worker in the browser. So the sheets' records are walked here first:
//! - a DIMENSIONS or a cell beyond the format's own limits (65,536 rows, 256 columns) is damage;
//! - so is an extent over a million cells that holds less than one cell in 64 of it.
//!
//! Real logs are dense. A 65,536-row export of 20 columns claims 1.3 million cells and holds most of them.
//!
//! The compound file is opened with the `cfb` crate in its permissive mode, as calamine's own reader is permissive.

use super::{ReadError, ReadErrorKind};
use std::io::{Cursor, Read};

/// BIFF8's sheet size: 65,536 rows of 256 columns.
const MAX_ROWS: u64 = 65_536;
const MAX_COLUMNS: u64 = 256;
/// Extents up to this many cells are never questioned (≈ 40 MB of calamine's cells).
const FREE_CELLS: u64 = 1 << 20;
/// A larger extent must hold at least one cell in this many.
const SPARSENESS: u64 = 64;

/// What one sheet's records claim and hold.
#[derive(Debug, Default, PartialEq, Eq)]
struct Extent {
    /// The DIMENSIONS record's rows and columns.
    declared: Option<(u64, u64)>,
    /// The first and last row and column of the cells met.
    rows: Option<(u64, u64)>,
    columns: Option<(u64, u64)>,
    cells: u64,
}

impl Extent {
    fn add(&mut self, row: u64, first_col: u64, last_col: u64) {
        let widen = |span: &mut Option<(u64, u64)>, lo: u64, hi: u64| {
            *span = Some(span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        };
        widen(&mut self.rows, row, row);
        widen(&mut self.columns, first_col, last_col);
        self.cells += last_col.saturating_sub(first_col) + 1;
    }

    /// The rows and columns calamine would make room for, whichever of its two sizings is larger.
    fn area(&self) -> (u64, u64) {
        let span = |s: Option<(u64, u64)>| s.map_or(0, |(a, b)| b - a + 1);
        let (dr, dc) = self.declared.unwrap_or((0, 0));
        let (r, c) = (span(self.rows), span(self.columns));
        if dr.saturating_mul(dc) >= r * c {
            (dr, dc)
        } else {
            (r, c)
        }
    }

    fn plausible(&self) -> bool {
        let (rows, columns) = self.area();
        let area = rows.saturating_mul(columns);
        rows <= MAX_ROWS && columns <= MAX_COLUMNS && (area <= FREE_CELLS || area / SPARSENESS <= self.cells)
    }
}

/// Refuses an .xls whose sheets claim more cells than the format allows or than they hold, or whose compound
/// container is damaged (calamine's more lenient reader would go on and size sheets from the debris). A container
/// without a workbook stream is left to calamine, which says so in its own words.
pub(crate) fn check_xls(file: &str, bytes: &[u8]) -> Result<(), ReadError> {
    let stream = match workbook_stream(bytes) {
        Ok(Some(stream)) => stream,
        Ok(None) => return Ok(()),
        Err(e) => return Err(ReadError::damaged(file, "Excel 97-2003 (.xls)", &e.to_string())),
    };
    for start in sheet_offsets(&stream) {
        let extent = walk_sheet(&stream, start);
        if !extent.plausible() {
            let (rows, columns) = extent.area();
            return Err(ReadError::new(file, ReadErrorKind::XlsExtent { rows, columns, cells: extent.cells }));
        }
    }
    Ok(())
}

/// The "Workbook" stream (BIFF8) or "Book" (BIFF5), never longer than the file itself; None when there is neither.
fn workbook_stream(bytes: &[u8]) -> std::io::Result<Option<Vec<u8>>> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))?;
    let Ok(mut stream) = cfb.open_stream("/Workbook").or_else(|_| cfb.open_stream("/Book")) else { return Ok(None) };
    let mut out = Vec::new();
    stream.by_ref().take(bytes.len() as u64).read_to_end(&mut out)?;
    Ok(Some(out))
}

/// The records of a BIFF stream from `at`: (type, data), until the stream or a record ends short.
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let head = stream.get(at..at + 4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((kind, data))
    })
}

/// Where each sheet's records start: the BoundSheet records (0x0085) of the workbook globals, as calamine reads
/// them.
///
/// None in an encrypted workbook (a FILEPASS record, 0x002F): its sheets' records cannot be read without the
/// password, and the reader calls the file protected.
fn sheet_offsets(stream: &[u8]) -> Vec<usize> {
    let globals: Vec<_> = records(stream, 0).take_while(|(kind, _)| *kind != 0x000A).collect();
    if globals.iter().any(|(kind, _)| *kind == 0x002F) {
        return Vec::new();
    }
    globals
        .into_iter()
        .filter(|(kind, data)| *kind == 0x0085 && data.len() >= 4)
        .map(|(_, d)| u32::from_le_bytes([d[0], d[1], d[2], d[3]]) as usize)
        .collect()
}

fn u16_at(d: &[u8], at: usize) -> Option<u64> {
    d.get(at..at + 2).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(d: &[u8], at: usize) -> Option<u64> {
    d.get(at..at + 4).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
}

/// One sheet's DIMENSIONS and cells, from its BOF to its EOF (sub-streams such as charts nested inside are walked
/// through, as calamine does).
fn walk_sheet(stream: &[u8], start: usize) -> Extent {
    let mut extent = Extent::default();
    let mut depth = 0u32;
    let mut seen_bof = false;
    for (kind, d) in records(stream, start) {
        match kind {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A if depth > 0 => depth -= 1,
            0x000A => break,
            // DIMENSIONS: BIFF8 has 32-bit rows (14 bytes), BIFF5 16-bit (10 bytes); the last row and column are
            // one past the end.
            0x0200 => {
                let dims = match d.len() {
                    10 => u16_at(d, 0).zip(u16_at(d, 2)).zip(u16_at(d, 4).zip(u16_at(d, 6))),
                    14 | 16 => u32_at(d, 0).zip(u32_at(d, 4)).zip(u16_at(d, 8).zip(u16_at(d, 10))),
                    _ => None,
                };
                if let Some(((rf, rl), (cf, cl))) = dims {
                    extent.declared = Some((rl.saturating_sub(rf), cl.saturating_sub(cf)));
                }
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: row, column.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let Some((row, col)) = u16_at(d, 0).zip(u16_at(d, 2)) {
                    extent.add(row, col, col);
                }
            }
            // MulRk: row, first column, …, last column.
            0x00BD if d.len() >= 6 => {
                if let Some(((row, first), last)) = u16_at(d, 0).zip(u16_at(d, 2)).zip(u16_at(d, d.len() - 2)) {
                    extent.add(row, first, last.max(first));
                }
            }
            _ => {}
        }
    }
    extent
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        record(0x0203, &d)
    }

    fn dimensions(rows: u32, cols: u16) -> Vec<u8> {
        let mut d = 0u32.to_le_bytes().to_vec();
        d.extend(rows.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(cols.to_le_bytes());
        d.extend([0u8; 2]);
        record(0x0200, &d)
    }

    /// A sheet sub-stream: BOF, the given records, EOF.
    fn sheet(body: &[Vec<u8>]) -> Vec<u8> {
        let mut s = record(0x0809, &[0u8; 16]);
        body.iter().for_each(|r| s.extend(r));
        s.extend(record(0x000A, &[]));
        s
    }

    #[test]
    fn a_dense_sheet_is_plausible() {
        let mut body = vec![dimensions(2_000, 20)];
        body.extend((0..2_000u16).flat_map(|r| (0..20u16).map(move |c| number(r, c))));
        let e = walk_sheet(&sheet(&body), 0);
        assert_eq!((e.declared, e.cells), (Some((2_000, 20)), 40_000));
        assert!(e.plausible());
    }

    #[test]
    fn a_dimensions_record_claiming_billions_of_cells_is_damage() {
        let e = walk_sheet(&sheet(&[dimensions(60_000_000, 40), number(0, 0), number(3, 2)]), 0);
        assert_eq!(e.area(), (60_000_000, 40));
        assert!(!e.plausible());
    }

    #[test]
    fn a_stray_cell_far_away_is_damage_but_a_small_sparse_sheet_is_not() {
        let far = walk_sheet(&sheet(&[number(0, 0), number(40_000, 200)]), 0);
        assert_eq!((far.area(), far.cells), ((40_001, 201), 2));
        assert!(!far.plausible());
        let small = walk_sheet(&sheet(&[number(0, 0), number(900, 30)]), 0);
        assert!(small.plausible());
        let wide = walk_sheet(&sheet(&[number(0, 0), number(1, 300)]), 0);
        assert!(!wide.plausible(), "BIFF8 has 256 columns");
    }

    #[test]
    fn a_chart_inside_a_sheet_is_walked_through() {
        let chart = sheet(&[number(5, 5)]);
        let mut body = vec![number(0, 0)];
        body.push(chart);
        body.push(number(9, 1));
        let e = walk_sheet(&sheet(&body), 0);
        assert_eq!((e.rows, e.cells), (Some((0, 9)), 3));
    }
}
