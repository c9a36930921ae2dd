//! Workbooks (xlsx, xls, ods) through calamine, turned into [`Sheet`]s of [`Row`]s.

use super::sniff::{encrypted, Kind};
use super::source::{Cell, Row, Sheet};
use super::ReadError;
use calamine::{Data, Ods, Range, Reader, Xls, Xlsx};
use std::io::Cursor;

/// A workbook's sheet names (in order) and a way to load one sheet.
pub(crate) struct Workbook {
    pub names: Vec<String>,
    inner: Inner,
}

enum Inner {
    Xlsx(Box<Xlsx<Cursor<Vec<u8>>>>),
    Xls(Box<Xls<Cursor<Vec<u8>>>>),
    Ods(Box<Ods<Cursor<Vec<u8>>>>),
}

fn damaged(file: &str, what: &str, detail: &str) -> ReadError {
    ReadError::new(
        file,
        format!("Tệp {what} bị hỏng hoặc không đọc được ({detail}). Hãy mở lại bằng Excel/LibreOffice và lưu thành tệp mới."),
        format!("The {what} file is damaged or unreadable ({detail}). Open it in Excel/LibreOffice and save it as a new file."),
    )
}

/// Runs a calamine call, turning a panic inside the library into an error (on targets that unwind).
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

impl Workbook {
    pub(crate) fn open(file: &str, kind: Kind, bytes: &[u8]) -> Result<Workbook, ReadError> {
        let cursor = Cursor::new(bytes.to_vec());
        let inner = match kind {
            Kind::Xlsx => match guarded(|| Xlsx::new(cursor)) {
                Some(Ok(wb)) => Inner::Xlsx(Box::new(wb)),
                Some(Err(calamine::XlsxError::Password)) => return Err(encrypted(file)),
                Some(Err(e)) => return Err(damaged(file, "Excel (.xlsx)", &e.to_string())),
                None => return Err(damaged(file, "Excel (.xlsx)", "panic")),
            },
            Kind::Xls => match guarded(|| Xls::new(cursor)) {
                Some(Ok(wb)) => Inner::Xls(Box::new(wb)),
                Some(Err(calamine::XlsError::Password)) => return Err(encrypted(file)),
                Some(Err(e)) => return Err(damaged(file, "Excel 97-2003 (.xls)", &e.to_string())),
                None => return Err(damaged(file, "Excel 97-2003 (.xls)", "panic")),
            },
            Kind::Ods => match guarded(|| Ods::new(cursor)) {
                Some(Ok(wb)) => Inner::Ods(Box::new(wb)),
                Some(Err(calamine::OdsError::Password)) => return Err(encrypted(file)),
                Some(Err(e)) => return Err(damaged(file, "OpenDocument (.ods)", &e.to_string())),
                None => return Err(damaged(file, "OpenDocument (.ods)", "panic")),
            },
            Kind::Text => {
                return Err(damaged(file, "", "not a workbook"));
            }
        };
        let names = match &inner {
            Inner::Xlsx(wb) => wb.sheet_names(),
            Inner::Xls(wb) => wb.sheet_names(),
            Inner::Ods(wb) => wb.sheet_names(),
        };
        Ok(Workbook { names, inner })
    }

    pub(crate) fn sheet(&mut self, file: &str, name: &str) -> Result<Sheet, ReadError> {
        let (range, date1904) = match &mut self.inner {
            Inner::Xlsx(wb) => {
                let d = wb.has_1904_epoch();
                (guarded(|| wb.worksheet_range(name).map_err(|e| e.to_string())), d)
            }
            Inner::Xls(wb) => {
                let d = wb.has_1904_epoch();
                (guarded(|| wb.worksheet_range(name).map_err(|e| e.to_string())), d)
            }
            Inner::Ods(wb) => (guarded(|| wb.worksheet_range(name).map_err(|e| e.to_string())), false),
        };
        let range = match range {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                return Err(ReadError::new(
                    file,
                    format!("Không đọc được trang tính \"{name}\": {e}"),
                    format!("Could not read sheet \"{name}\": {e}"),
                ))
            }
            None => {
                return Err(ReadError::new(
                    file,
                    format!("Không đọc được trang tính \"{name}\" (tệp hỏng)."),
                    format!("Could not read sheet \"{name}\" (damaged file)."),
                ))
            }
        };
        Ok(Sheet { name: name.to_string(), rows: rows_of(&range), date1904 })
    }
}

fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.clone())
            }
        }
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
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("#{e:?}")),
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
