//! bytes → rows → dossiers: format sniffing, finding the table, header mapping, dates, encodings.
//!
//! # Pipeline
//!
//! 1. [`sniff`](self::sniff) decides what the bytes are by content (zip → xlsx or ods; CFB → xls, or a
//!    password-protected xlsx; `%PDF`; an HTML page or an XML Spreadsheet 2003, whatever their name; otherwise
//!    text → CSV).
//! 2. A row source turns them into sheets of rows of cells with the row numbers the user sees:
//!    `xlsx` (our streaming reader), `sheet_source` (calamine: xls, ods), `csv_source` (encoding and delimiter
//!    sniffing, the `csv` crate), `html` (every `<table>` a sheet, html5gum's tokenizer) or `xml2003`
//!    (SpreadsheetML, our XML scanner); the markup ones are decoded by `charset`.
//! 3. `header` finds the header under banner rows (one row, or a parent row merged over child cells), and maps
//!    columns to [`Field`]s with a synonyms dictionary; [`ReadOptions::mapping`] overrides it.
//! 4. `dossiers` classifies each row under the header (blank, non-data such as signatures and totals, dossier,
//!    rejected) and converts values (`dates`, `values`).
//!
//! Side lists (the previous year's reminders, the proposed ratings) go through the same steps with their own
//! dictionaries ([`read_reminders`], [`read_proposals`]); [`merge`] combines several dossier tables.
//!
//! # Row accounting
//!
//! Every row from the first row under the header to the last row of the sheet is counted exactly once:
//! `counts.rows == dossiers + rejected + blank + non_data`. A rejected row carries its file, sheet, row number as
//! shown by the spreadsheet (1-based, banner rows included), the column header, the raw value and a reason in
//! Vietnamese and English.
//!
//! # Example
//!
//! ```
//! use dunghen::ingest::{read_dossiers, ReadOptions};
//! let csv = "Mã hồ sơ;Cơ quan thụ lý;Cán bộ xử lý;Ngày tiếp nhận;Ngày hẹn trả\n\
//!            H01;Phòng Tư pháp;Nguyễn Văn An;03/04/2023;28/04/2023\n\
//!            H02;Phòng Tư pháp;Nguyễn Văn An;03/04/2023;31/02/2023\n";
//! let table = read_dossiers("log.csv", csv.as_bytes(), &ReadOptions::default()).unwrap();
//! assert_eq!(table.dossiers.len(), 1);
//! assert_eq!(table.rejected[0].source.row, 3);
//! assert_eq!(table.rejected[0].reason.en, "Due date '31/02/2023' is not a valid date");
//! ```
//!
//! Nothing here touches files, clocks or threads: callers pass bytes, and the module builds for
//! `wasm32-unknown-unknown`.

mod charset;
mod columns;
mod csv_source;
mod dates;
mod dossiers;
mod error;
mod field;
mod halves;
mod header;
mod html;
mod limits;
mod merge;
mod portal_status;
mod sheet_source;
mod side_lists;
mod sniff;
mod source;
mod values;
mod xls_extent;
#[doc(hidden)]
pub mod xlsx; // pub only for bench_xlsx_read (bench_stream)
mod xml;
mod xml2003;

pub use columns::column_letter;
pub use dates::{serial_to_moment, DateOrder};
pub use dossiers::{read_dossiers, read_dossiers_with};
pub use error::{ListKind, Position, ReadError, ReadErrorKind, SeenRow, SummaryFormKind};
pub use field::Field;
pub use halves::{join_chunk, join_halves, read_first_half, read_second_half, FirstHalf};
pub use limits::Limits;
pub use merge::{merge, merge_owned, Conflict, Duplicate, Merged};
pub use portal_status::{portal_statuses, PortalStatus};
pub use side_lists::{
    read_proposals, read_reminders, read_renames, side_field_label, SideColumn, SideList, SideSheets,
};

use crate::model::{Dossier, SourcePos, Text};
use serde::{Serialize, Serializer};
use std::fmt;

/// How to read a dossier log. The default reads the best-looking sheet with the built-in header dictionary,
/// day-first dates everywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The sheet to read, by name (compared after [`fold_key`](crate::model::fold_key)); `None` picks the sheet
    /// whose header names the most fields.
    pub sheet: Option<String>,
    /// Explicit column choices, field → header text (or a column letter such as "E"); they beat the dictionary.
    pub mapping: Vec<(Field, String)>,
    /// Columns whose text dates the caller confirmed as month-first (`04/28/2023`), by header text or field name;
    /// "*" means every date column. Without this, a column whose dates only make sense month-first fails the read.
    pub month_first_columns: Vec<String>,
}

/// How far a read or a check has come, for a progress bar: rows are reported every few thousand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub stage: Stage,
    /// Rows (read, converted) or dossiers (judged) done so far.
    pub done: u64,
    /// The number to reach, when known (0 when not).
    pub total: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Rows coming out of the file, each converted as it comes; the total is estimated from the bytes read so far.
    Read,
    /// Rows become dossiers: reported with the total once a file's rows are all read and converted.
    Convert,
    /// Dossiers judged by the rules.
    Judge,
    /// Officers, units and the report.
    Report,
}

/// How often (in rows) progress is reported: often enough that a caller can pass it on several times a second
/// (the browser's worker forwards at most one report per 100 ms).
pub(crate) const PROGRESS_EVERY: u64 = 1_024;

/// The format that was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
    Csv {
        /// "UTF-8", "UTF-8 BOM", "UTF-16LE", "UTF-16BE" or "windows-1258".
        encoding: &'static str,
        #[serde(serialize_with = "ser_delimiter")]
        delimiter: u8,
    },
    /// An HTML page's tables (a web table saved as .xls).
    Html {
        encoding: &'static str,
    },
    /// Excel 2003's XML Spreadsheet.
    Xml2003,
}

impl Format {
    /// What the review screen calls the format, in both languages.
    pub fn label(&self) -> Text {
        match self {
            Format::Xlsx => Text::new("Excel (.xlsx)", "Excel (.xlsx)"),
            Format::Xls => Text::new("Excel 97-2003 (.xls)", "Excel 97-2003 (.xls)"),
            Format::Ods => Text::new("OpenDocument (.ods)", "OpenDocument (.ods)"),
            Format::Csv { encoding, .. } => {
                Text::new(format!("Văn bản CSV ({encoding})"), format!("CSV text ({encoding})"))
            }
            Format::Html { encoding } => {
                Text::new(format!("Bảng HTML (.xls), mã {encoding}"), format!("HTML table (.xls), {encoding}"))
            }
            Format::Xml2003 => Text::new("XML Spreadsheet 2003", "XML Spreadsheet 2003"),
        }
    }
}

fn ser_delimiter<S: Serializer>(d: &u8, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match d {
        b'\t' => "tab",
        b',' => ",",
        b';' => ";",
        b'|' => "|",
        _ => "?",
    })
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Format::Xlsx => f.write_str("xlsx"),
            Format::Xls => f.write_str("xls"),
            Format::Ods => f.write_str("ods"),
            Format::Csv { encoding, delimiter } => {
                let d = match delimiter {
                    b'\t' => "tab".to_string(),
                    d => (*d as char).to_string(),
                };
                write!(f, "csv ({encoding}, '{d}')")
            }
            Format::Html { encoding } => write!(f, "html ({encoding})"),
            Format::Xml2003 => f.write_str("xml 2003"),
        }
    }
}

/// A row that could not become a record: where it is (column = the header text of the cell at fault), the raw
/// value, and why, in Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    pub source: SourcePos,
    pub value: String,
    pub reason: Text,
}

/// A row under the header that is neither a dossier nor rejected: a totals or signature line, a group heading, a
/// repeated header, the column numbers… where it is, its text and why, in Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NonDataRow {
    pub source: SourcePos,
    /// The row's texts, joined (shortened when long).
    pub text: String,
    pub reason: Text,
}

/// How many non-data rows a table lists one by one (`Counts::non_data` counts them all).
pub const NON_DATA_LISTED: usize = 1000;

/// Row accounting for one input: `rows == dossiers + rejected + blank + non_data`, counted from the first row under
/// the header to the last row of the sheet. For side lists `dossiers` counts the records read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub rows: u32,
    pub dossiers: u32,
    pub rejected: u32,
    pub blank: u32,
    pub non_data: u32,
}

impl Counts {
    /// Whether every row is accounted for.
    pub fn adds_up(&self) -> bool {
        self.rows == self.dossiers + self.rejected + self.blank + self.non_data
    }
}

/// One mapped column: the field, the header text as shown, the 0-based column index and its letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnMap {
    pub field: Field,
    pub header: String,
    pub column: usize,
    pub letter: String,
    /// Why this column was read as this field, for the review screen.
    pub source: MapSource,
}

/// Where a column's field came from: the header dictionary (the wording matched and where that wording comes from)
/// or the user's choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MapSource {
    Dictionary { wording: String, source: String },
    Chosen,
}

impl MapSource {
    /// "từ điển tiêu đề: "Ngày hẹn trả" (TT 01/2018/TT-VPCP Mẫu số 06)" / "do người dùng chọn".
    pub fn note(&self) -> Text {
        match self {
            MapSource::Dictionary { wording, source } => Text::new(
                format!("từ điển tiêu đề: \"{wording}\" ({source})"),
                format!("header dictionary: \"{wording}\" ({source})"),
            ),
            MapSource::Chosen => Text::new("do người dùng chọn", "chosen by the user"),
        }
    }
}

/// A dossier log read from one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DossierTable {
    pub file: String,
    pub format: Format,
    /// The sheet read ("" for CSV).
    pub sheet: String,
    /// All sheets of the workbook, in order.
    pub sheets: Vec<String>,
    /// Row number of the (first) header row.
    pub header_row: u32,
    /// Row number of the last header row (differs from `header_row` for a two-row header).
    pub header_last_row: u32,
    pub mapping: Vec<ColumnMap>,
    /// Fields with no column in this file.
    pub missing: Vec<Field>,
    #[serde(skip)]
    pub dossiers: Vec<Dossier>,
    pub rejected: Vec<Rejected>,
    /// The rows that are no dossiers (totals, signatures, group headings…), each with why: the first
    /// [`NON_DATA_LISTED`] of `counts.non_data`.
    pub non_data_rows: Vec<NonDataRow>,
    pub counts: Counts,
    /// Fields the table has no column for, given to its dossiers by group heading rows ("I. Lĩnh vực Tư pháp",
    /// "Đơn vị: Phòng Tư pháp"): the field and the rows of its headings.
    pub group_fields: Vec<GroupField>,
    /// Things worth telling the user that did not reject a row.
    pub warnings: Vec<Text>,
}

/// A field given by group heading rows: a row whose only text names a unit or field of work gives it to the rows
/// under it, up to the next such heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupField {
    pub field: Field,
    /// The heading rows, in order.
    pub rows: Vec<u32>,
}

impl GroupField {
    /// "Đơn vị lấy từ dòng tiêu đề nhóm, dòng 9, 15" (the first rows, then how many more).
    pub fn note(&self) -> Text {
        let shown: Vec<String> = self.rows.iter().take(6).map(u32::to_string).collect();
        let more = self.rows.len().saturating_sub(shown.len());
        let (more_vi, more_en) = if more > 0 {
            (format!(" và {more} dòng khác"), format!(" and {more} more"))
        } else {
            Default::default()
        };
        let (vi_label, en_label) = match self.field {
            Field::Unit => ("Đơn vị", "Unit"),
            f => (f.label_vi(), f.label_en()),
        };
        let rows = shown.join(", ");
        Text::new(
            format!("{vi_label} lấy từ dòng tiêu đề nhóm, dòng {rows}{more_vi}"),
            format!("{en_label} taken from group heading rows: row {rows}{more_en}"),
        )
    }
}

/// A workbook or CSV opened and its sheets listed; shared by the dossier and side-list readers.
pub(crate) struct Input<'a> {
    pub format: Format,
    pub sheets: Vec<String>,
    /// Chart sheets (xlsx), which hold no cells: named when every worksheet beside them is empty.
    pub charts: Vec<String>,
    source: Opened<'a>,
    limits: Limits,
    /// The last workbook sheet loaded (calamine reads xls and ods sheets whole): the header search and the read
    /// that follows it share one load.
    loaded: Option<source::Sheet>,
}

enum Opened<'a> {
    /// xlsx: streamed by our own reader (calamine's cell reader is 2–3× slower on a province's year).
    Xlsx(Box<xlsx::XlsxBook<'a>>),
    /// xls and ods: calamine, a sheet at a time.
    Workbook(sheet_source::Workbook),
    Text(csv_source::CsvText<'a>),
    /// An HTML page: each table a sheet, streamed from its start.
    Html(html::HtmlBook<'a>),
    /// An XML Spreadsheet 2003, each worksheet streamed from its start.
    Xml(xml2003::XmlBook<'a>),
}

impl<'a> Input<'a> {
    pub(crate) fn open(file: &str, bytes: &'a [u8]) -> Result<Input<'a>, ReadError> {
        let limits = Limits::DEFAULT;
        limits::check_size(file, bytes.len(), &limits)?;
        let kind = sniff::sniff(file, bytes)?;
        if matches!(kind, sniff::Kind::Xlsx | sniff::Kind::Ods) {
            limits::check_zip(file, bytes, &limits)?;
        }
        if kind == sniff::Kind::Ods {
            limits::check_ods_repeats(file, bytes, &limits)?;
        }
        if kind == sniff::Kind::Xls {
            xls_extent::check_xls(file, bytes)?;
        }
        match kind {
            sniff::Kind::Text => {
                let text = csv_source::CsvText::decode(file, bytes, &limits)?;
                Ok(Input {
                    format: Format::Csv { encoding: text.encoding, delimiter: text.delimiter },
                    sheets: vec![String::new()],
                    source: Opened::Text(text),
                    limits,
                    loaded: None,
                    charts: Vec::new(),
                })
            }
            sniff::Kind::Html => {
                let book = html::HtmlBook::open(bytes, &limits);
                if book.names.is_empty() {
                    return Err(ReadError::new(file, ReadErrorKind::HtmlWithoutTable));
                }
                let (format, sheets) = (Format::Html { encoding: book.encoding }, book.names.clone());
                Ok(Input { format, sheets, charts: Vec::new(), source: Opened::Html(book), limits, loaded: None })
            }
            sniff::Kind::Xml2003 => {
                let book = xml2003::XmlBook::open(file, bytes, &limits)?;
                if book.names.is_empty() {
                    return Err(ReadError::new(file, ReadErrorKind::NoSheets));
                }
                let sheets = book.names.clone();
                Ok(Input {
                    format: Format::Xml2003,
                    sheets,
                    charts: Vec::new(),
                    source: Opened::Xml(book),
                    limits,
                    loaded: None,
                })
            }
            sniff::Kind::Xlsx => {
                let book = xlsx::XlsxBook::open(file, bytes, &limits)?;
                if book.names().is_empty() {
                    return Err(ReadError::new(file, ReadErrorKind::NoSheets));
                }
                let (sheets, charts) = (book.names().to_vec(), book.charts().to_vec());
                let source = Opened::Xlsx(Box::new(book));
                Ok(Input { format: Format::Xlsx, sheets, charts, source, limits, loaded: None })
            }
            k => {
                let wb = sheet_source::Workbook::open(file, k, bytes, limits)?;
                let format = match k {
                    sniff::Kind::Xls => Format::Xls,
                    sniff::Kind::Ods => Format::Ods,
                    _ => Format::Xlsx,
                };
                if wb.names.is_empty() {
                    return Err(ReadError::new(file, ReadErrorKind::NoSheets));
                }
                Ok(Input {
                    format,
                    sheets: wb.names.clone(),
                    charts: Vec::new(),
                    source: Opened::Workbook(wb),
                    limits,
                    loaded: None,
                })
            }
        }
    }

    /// The decoded text, when the input is a text file.
    pub(crate) fn csv(&self) -> Option<&csv_source::CsvText<'a>> {
        match &self.source {
            Opened::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The sheets to read: the one asked for (by name, exactly or after folding), or all of them in workbook order.
    pub(crate) fn sheets_to_read(&self, file: &str, only: Option<&str>) -> Result<Vec<String>, ReadError> {
        let Some(want) = only else { return Ok(self.sheets.clone()) };
        if matches!(self.source, Opened::Text(_)) {
            return Ok(self.sheets.clone());
        }
        let key = crate::model::fold_key(want);
        let found = self
            .sheets
            .iter()
            .find(|n| n.as_str() == want)
            .or_else(|| self.sheets.iter().find(|n| crate::model::fold_key(n) == key));
        match found {
            Some(n) => Ok(vec![n.clone()]),
            None => Err(ReadError::new(
                file,
                ReadErrorKind::NoSuchSheet { sheet: want.to_string(), sheets: self.sheets.clone() },
            )),
        }
    }

    /// The rows of one sheet, from the top.
    pub(crate) fn rows(
        &mut self,
        file: &str,
        sheet: &str,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Box<dyn source::RowStream + '_>, ReadError> {
        match &mut self.source {
            Opened::Text(text) => Ok(Box::new(text.rows(file, &self.limits))),
            Opened::Xlsx(book) => Ok(Box::new(book.rows(file, sheet)?)),
            Opened::Html(book) => match book.rows(file, sheet) {
                Some(rows) => Ok(Box::new(rows)),
                None => Err(no_such_sheet(file, sheet, &self.sheets)),
            },
            Opened::Xml(book) => match book.rows(file, sheet) {
                Some(rows) => Ok(Box::new(rows)),
                None => Err(no_such_sheet(file, sheet, &self.sheets)),
            },
            Opened::Workbook(wb) => {
                let sheet = match self.loaded.take().filter(|s| s.name == sheet) {
                    Some(s) => s,
                    None => wb.sheet(file, sheet, progress)?,
                };
                self.loaded = Some(sheet.clone());
                Ok(Box::new(source::SheetRows::from(sheet)))
            }
        }
    }

    /// Loads every sheet (or only the one asked for) whole, in workbook order: for the small side lists.
    pub(crate) fn load(&mut self, file: &str, only: Option<&str>) -> Result<Vec<source::Sheet>, ReadError> {
        let mut out = Vec::new();
        for name in self.sheets_to_read(file, only)? {
            let mut rows = self.rows(file, &name, &mut |_| {})?;
            out.push(source::Sheet::collect(&name, &mut *rows)?);
        }
        Ok(out)
    }
}

fn no_such_sheet(file: &str, sheet: &str, sheets: &[String]) -> ReadError {
    ReadError::new(file, ReadErrorKind::NoSuchSheet { sheet: sheet.to_string(), sheets: sheets.to_vec() })
}
