//! Workbooks through calamine, turned into [`Sheet`]s of [`Row`]s: xls and ods. The product reads xlsx with our
//! own streaming reader (`ingest::xlsx`); calamine's xlsx reader is built for the tests alone, as the reference that
//! reader is checked against, cell for cell, on every fixture.
//!
//! There, xlsx sheets are streamed cell by cell (calamine's cell reader), never as a dense range: a stray cell at
//! XFD1048576 would otherwise allocate seventeen billion cells. Cells without a value (formatting only) are skipped,
//! and the row and column limits are enforced as cells arrive.

use super::limits::{self, Limits};
use super::sniff::{protected, xls_filepass, Kind};
use super::source::{Cell, Row, Sheet};
use super::{ReadError, ReadErrorKind};
use calamine::{Data, Ods, Range, Reader, Xls};
#[cfg(test)]
use calamine::{DataRef, Xlsx};
use std::io::Cursor;

/// A workbook's sheet names (in order) and a way to load one sheet.
pub(crate) struct Workbook {
    pub names: Vec<String>,
    inner: Inner,
    limits: Limits,
}

enum Inner {
    #[cfg(test)]
    Xlsx(Box<Xlsx<Cursor<Vec<u8>>>>),
    Xls(Box<Xls<Cursor<Vec<u8>>>>),
    Ods(Box<Ods<Cursor<Vec<u8>>>>),
}

/// Runs a calamine call, turning a panic inside the library into an error (on targets that unwind).
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

impl Workbook {
    pub(crate) fn open(file: &str, kind: Kind, bytes: &[u8], limits: Limits) -> Result<Workbook, ReadError> {
        let cursor = Cursor::new(bytes.to_vec());
        let inner = match kind {
            #[cfg(test)]
            Kind::Xlsx => match guarded(|| Xlsx::new(cursor)) {
                Some(Ok(wb)) => Inner::Xlsx(Box::new(wb)),
                Some(Err(calamine::XlsxError::Password)) => return Err(protected(file, "Excel (.xlsx)")),
                Some(Err(e)) => return Err(ReadError::damaged(file, "Excel (.xlsx)", &e.to_string())),
                None => return Err(ReadError::damaged(file, "Excel (.xlsx)", "panic")),
            },
            Kind::Xls => match guarded(|| Xls::new(cursor)) {
                Some(Ok(wb)) => Inner::Xls(Box::new(wb)),
                Some(Err(calamine::XlsError::Password)) => return Err(protected(file, "Excel 97-2003 (.xls)")),
                Some(Err(_)) | None if xls_filepass(bytes) => return Err(protected(file, "Excel 97-2003 (.xls)")),
                Some(Err(e)) => return Err(ReadError::damaged(file, "Excel 97-2003 (.xls)", &e.to_string())),
                None => return Err(ReadError::damaged(file, "Excel 97-2003 (.xls)", "panic")),
            },
            Kind::Ods => match guarded(|| Ods::new(cursor)) {
                Some(Ok(wb)) => Inner::Ods(Box::new(wb)),
                Some(Err(calamine::OdsError::Password)) => return Err(protected(file, "OpenDocument (.ods)")),
                Some(Err(e)) => return Err(ReadError::damaged(file, "OpenDocument (.ods)", &e.to_string())),
                None => return Err(ReadError::damaged(file, "OpenDocument (.ods)", "panic")),
            },
            Kind::Text | Kind::Html | Kind::Xml2003 => {
                return Err(ReadError::damaged(file, "", "not a workbook"));
            }
            // Outside the tests an xlsx goes to the streaming reader (`Input::open`), never here.
            #[cfg(not(test))]
            Kind::Xlsx => return Err(ReadError::damaged(file, "Excel (.xlsx)", "not read through calamine")),
        };
        let names = match &inner {
            #[cfg(test)]
            Inner::Xlsx(wb) => wb.sheet_names(),
            Inner::Xls(wb) => wb.sheet_names(),
            Inner::Ods(wb) => wb.sheet_names(),
        };
        Ok(Workbook { names, inner, limits })
    }

    pub(crate) fn sheet(
        &mut self,
        file: &str,
        name: &str,
        // Heard only by calamine's xlsx reader, which is the tests'.
        #[cfg_attr(not(test), allow(unused_variables))] progress: &mut dyn FnMut(super::Progress),
    ) -> Result<Sheet, ReadError> {
        let limits = self.limits;
        let (rows, date1904) = match &mut self.inner {
            #[cfg(test)]
            Inner::Xlsx(wb) => {
                let d = wb.has_1904_epoch();
                (guarded(|| stream_xlsx(wb, file, name, &limits, progress)), d)
            }
            Inner::Xls(wb) => {
                let d = wb.has_1904_epoch();
                (
                    guarded(|| {
                        wb.worksheet_range(name)
                            .map_err(|e| LoadProblem::Read(e.to_string()))
                            .and_then(|r| dense(&r, file, name, &limits))
                    }),
                    d,
                )
            }
            Inner::Ods(wb) => (
                guarded(|| {
                    wb.worksheet_range(name)
                        .map_err(|e| LoadProblem::Read(e.to_string()))
                        .and_then(|r| dense(&r, file, name, &limits))
                }),
                false,
            ),
        };
        let rows = match rows {
            Some(Ok(r)) => r,
            Some(Err(LoadProblem::Limit(e))) => return Err(e),
            Some(Err(LoadProblem::Read(e))) => {
                return Err(ReadError::new(
                    file,
                    ReadErrorKind::SheetUnreadable { sheet: name.to_string(), detail: Some(e) },
                )
                .at(name, None))
            }
            None => {
                return Err(ReadError::new(
                    file,
                    ReadErrorKind::SheetUnreadable { sheet: name.to_string(), detail: None },
                )
                .at(name, None))
            }
        };
        let merges = match &mut self.inner {
            #[cfg(test)]
            Inner::Xlsx(wb) => guarded(|| wb.merge_cells_by_sheet_name(name).ok()).flatten().unwrap_or_default(),
            Inner::Xls(wb) => wb.merge_cells_by_sheet_name(name).unwrap_or_default(),
            Inner::Ods(_) => Vec::new(),
        };
        let merges =
            merges.iter().map(|d| (d.start.0 + 1, d.start.1 as usize, d.end.0 + 1, d.end.1 as usize)).collect();
        Ok(Sheet { name: name.to_string(), rows, date1904, merges })
    }
}

/// Why a sheet could not be loaded: calamine's own error, or one of our limits.
enum LoadProblem {
    Read(String),
    Limit(ReadError),
}

#[cfg(test)]
fn convert_ref(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::from_text(s),
        DataRef::SharedString(s) => Cell::from_text(s),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => {
            if dt.is_duration() {
                Cell::Number(dt.as_f64())
            } else {
                Cell::DateSerial(dt.as_f64())
            }
        }
        DataRef::DateTimeIso(s) => Cell::DateIso(s.clone()),
        DataRef::DurationIso(s) => Cell::Text(s.as_str().into()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Streams an xlsx sheet into rows numbered as the spreadsheet shows them, with blank rows filling the gaps.
#[cfg(test)]
fn stream_xlsx(
    wb: &mut Xlsx<Cursor<Vec<u8>>>,
    file: &str,
    name: &str,
    l: &Limits,
    progress: &mut dyn FnMut(super::Progress),
) -> Result<Vec<Row>, LoadProblem> {
    let mut reader = wb.worksheet_cells_reader(name).map_err(|e| LoadProblem::Read(e.to_string()))?;
    let mut rows: Vec<Row> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| LoadProblem::Read(e.to_string()))? {
        let value = convert_ref(cell.get_value());
        if value == Cell::Empty {
            continue;
        }
        let (r, c) = cell.get_position();
        let (number, col) = (r.saturating_add(1), c as usize);
        if col >= l.max_columns {
            return Err(LoadProblem::Limit(limits::too_many_columns(file, name, number, col, l)));
        }
        if number as usize > l.max_rows {
            return Err(LoadProblem::Limit(limits::too_many_rows(file, name, l)));
        }
        let at = match rows.last() {
            Some(last) if last.number == number => rows.len() - 1,
            Some(last) if last.number > number => match rows.binary_search_by_key(&number, |x| x.number) {
                Ok(i) => i,
                Err(i) => {
                    rows.insert(i, Row { number, cells: Vec::new() });
                    i
                }
            },
            _ => {
                rows.push(Row { number, cells: Vec::new() });
                if rows.len() as u64 % super::PROGRESS_EVERY == 0 {
                    progress(super::Progress { stage: super::Stage::Read, done: rows.len() as u64, total: 0 });
                }
                rows.len() - 1
            }
        };
        let cells = &mut rows[at].cells;
        if cells.len() <= col {
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = value;
    }
    progress(super::Progress { stage: super::Stage::Read, done: rows.len() as u64, total: rows.len() as u64 });
    Ok(fill_gaps(rows))
}

/// Rows 1..=last, the missing ones blank.
#[cfg(test)]
fn fill_gaps(sparse: Vec<Row>) -> Vec<Row> {
    let last = sparse.last().map(|r| r.number).unwrap_or(0);
    let mut out = Vec::with_capacity(last as usize);
    let mut it = sparse.into_iter().peekable();
    for number in 1..=last {
        match it.next_if(|r| r.number == number) {
            Some(row) => out.push(row),
            None => out.push(Row { number, cells: Vec::new() }),
        }
    }
    out
}

/// An xls or ods range (bounded by those formats and by calamine) checked against the limits.
fn dense(range: &Range<Data>, file: &str, name: &str, l: &Limits) -> Result<Vec<Row>, LoadProblem> {
    if let Some((r1, c1)) = range.end() {
        if c1 as usize >= l.max_columns {
            let row = range
                .rows()
                .zip(range.start().map(|s| s.0).unwrap_or(0)..)
                .find(|(cells, _)| {
                    cells.len() > l.max_columns && !cells[l.max_columns..].iter().all(|c| *c == Data::Empty)
                })
                .map(|(_, r)| r + 1)
                .unwrap_or(r1 + 1);
            return Err(LoadProblem::Limit(limits::too_many_columns(file, name, row, c1 as usize, l)));
        }
        if r1 as usize >= l.max_rows {
            return Err(LoadProblem::Limit(limits::too_many_rows(file, name, l)));
        }
    }
    Ok(rows_of(range))
}

fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::from_text(s),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_duration() {
                Cell::Number(dt.as_f64())
            } else {
                Cell::DateSerial(dt.as_f64())
            }
        }
        Data::DateTimeIso(s) => Cell::DateIso(s.clone()),
        Data::DurationIso(s) => Cell::Text(s.as_str().into()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Rows with their spreadsheet numbers, cells indexed from column A, from row 1 to the last used row.
fn rows_of(range: &Range<Data>) -> Vec<Row> {
    let Some((r0, c0)) = range.start() else {
        return Vec::new();
    };
    let mut out: Vec<Row> = (0..r0).map(|i| Row { number: i + 1, cells: Vec::new() }).collect();
    for (i, row) in range.rows().enumerate() {
        let mut cells: Vec<Cell> = vec![Cell::Empty; c0 as usize];
        cells.extend(row.iter().map(convert));
        while matches!(cells.last(), Some(Cell::Empty)) {
            cells.pop();
        }
        let number = r0.saturating_add(i as u32).saturating_add(1);
        out.push(Row { number, cells });
    }
    out
}
