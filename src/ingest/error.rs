//! A file that cannot be read at all: what is wrong with it ([`ReadErrorKind`]), where when one place is at fault
//! ([`Position`]), and the sentence a clerk reads, built from them in Vietnamese and English ([`ReadError::text`]).
//! Tests match the kind; the sentences are the user's.

use super::Field;
use crate::model::{thousands, Text};
use serde::Serialize;
use std::fmt;

/// A problem with a whole file: nothing could be read from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadError {
    pub file: String,
    /// Boxed, as is the position: errors travel through every row's `Result` on the reader's hot path, which must
    /// stay small (40 bytes, where three sentences took 72).
    pub kind: Box<ReadErrorKind>,
    /// The sheet, row and column at fault, when one place is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Box<Position>>,
}

/// Where in a file a problem lies, as the user sees it (the sheet's name, 1-based row, the column's header or
/// letter).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Position {
    pub sheet: String,
    pub row: Option<u32>,
    pub column: Option<String>,
}

/// Which sentence a list's not-found error quotes from the file: its sheet ("" for a text file), row and first texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeenRow {
    pub sheet: String,
    pub row: u32,
    /// The row's texts, quoted and joined: `"STT", "Nhân sự"`.
    pub cells: String,
}

/// What is wrong with a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReadErrorKind {
    /// No bytes, or no text in a text file.
    Empty,
    /// A workbook whose sheets hold nothing.
    EmptyWorkbook,
    /// A workbook without a single sheet.
    NoSheets,
    /// The sheet asked for is not in the workbook.
    NoSuchSheet {
        sheet: String,
        sheets: Vec<String>,
    },
    /// A binary Excel workbook (.xlsb).
    Xlsb,
    /// A Word document (.docx).
    WordDocument,
    /// A zip archive that is damaged or holds no workbook.
    NotAWorkbook,
    Pdf,
    /// An HTML page (often saved with an .xls name) without a single `<table>`.
    HtmlWithoutTable,
    /// Neither a workbook nor text.
    Unrecognised,
    /// A password-protected workbook: `format` names it ("Excel (.xlsx)", "OpenDocument (.ods)"…).
    Protected {
        format: String,
    },
    /// A summary report (`form` names it: Biểu II.06a, the Mẫu 05/06 process slip…) where a dossier list was
    /// expected.
    SummaryForm {
        form: SummaryFormKind,
    },
    /// A workbook whose only worksheets are empty, beside chart sheets.
    EmptyBesideChart {
        charts: Vec<String>,
    },
    /// A workbook the readers cannot open: `format` names it (xlsx, xls, ods), `detail` says what failed.
    Damaged {
        format: String,
        detail: String,
    },
    /// One sheet cannot be read; `detail` says why when the reader said.
    SheetUnreadable {
        sheet: String,
        detail: Option<String>,
    },
    /// The rows of a sheet are out of order in the file.
    RowsOutOfOrder {
        sheet: String,
        row: u32,
        after: u32,
    },
    /// A column the user named for a field is not in the header.
    NoSuchColumn {
        field: Field,
        header: String,
    },
    /// A header was found (on `sheet`, `row`; sheet "" for a text file) but it lacks these fields.
    NoTable {
        sheet: String,
        row: u32,
        missing: Vec<Field>,
    },
    /// No row of the file looks like the header of a dossier table.
    NoHeader,
    /// A reminder or ratings list whose header was not found.
    NoList {
        list: ListKind,
        sheet: Option<String>,
        seen: Option<SeenRow>,
    },
    /// Columns whose dates only make sense month-first, not confirmed by the user.
    MonthFirst {
        columns: Vec<String>,
        sheet: String,
        row: u32,
        example: String,
    },
    /// The file is larger than the limit.
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    /// A workbook part expands more than the ratio allows (a zip bomb).
    ZipBomb {
        part: String,
        ratio: u64,
        limit: u64,
    },
    /// The workbook's parts uncompress to more than the limit.
    Uncompressed {
        bytes: u64,
        limit: u64,
    },
    /// One part uncompresses to more than the limit.
    PartTooLarge {
        part: String,
        limit: u64,
    },
    /// An .ods repeating rows or columns beyond the limit before a value.
    OdsRepeats {
        rows: bool,
        count: u64,
        limit: u64,
    },
    /// An .ods whose content does not nest.
    OdsMalformed,
    /// An .xls sheet claiming more cells than the format allows or than it holds (a damaged file).
    XlsExtent {
        rows: u64,
        columns: u64,
        cells: u64,
    },
    /// A table longer than the row limit.
    TooManyRows {
        sheet: String,
        limit: u64,
    },
    /// A value further right than the column limit.
    TooManyColumns {
        sheet: String,
        row: u32,
        column: usize,
        limit: usize,
    },
    /// The second half of a text file that cannot be read apart from the first.
    HalfNotApart,
    /// The rule set the check was asked to use is not valid.
    Profile {
        reason: String,
    },
}

/// The summary reports a clerk may export instead of the dossier list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SummaryFormKind {
    /// Biểu số II.06a/VPCP/KSTT (and the provinces' tables of results laid out like it): counts per unit or field
    /// of work, no dossier.
    ResultsTable,
    /// Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu số 05 of TT 01/2018/TT-VPCP, Mẫu 06 of TT 03/2025): the
    /// hand-overs of one dossier.
    ProcessSlip,
}

impl SummaryFormKind {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            SummaryFormKind::ResultsTable => (
                "bảng tổng hợp kết quả giải quyết (kiểu Biểu II.06a/VPCP/KSTT)",
                "a summary of results (laid out like form II.06a/VPCP/KSTT)",
            ),
            SummaryFormKind::ProcessSlip => (
                "phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05/06)",
                "a process-control slip of one dossier (form 05/06)",
            ),
        }
    }
}

/// The two side lists, for their not-found sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    Reminders,
    Ratings,
    Renames,
}

fn mib(n: u64) -> String {
    format!("{:.0} MB", n as f64 / (1024.0 * 1024.0))
}

impl ReadError {
    pub fn new(file: &str, kind: ReadErrorKind) -> Self {
        ReadError { file: file.to_string(), kind: Box::new(kind), at: None }
    }

    /// A workbook the readers cannot open ([`ReadErrorKind::Damaged`]): `format` names it, `detail` says what failed.
    pub(crate) fn damaged(file: &str, format: &str, detail: &str) -> Self {
        ReadError::new(file, ReadErrorKind::Damaged { format: format.to_string(), detail: detail.to_string() })
    }

    /// The same error, placed at a sheet and row.
    pub(crate) fn at(mut self, sheet: &str, row: Option<u32>) -> Self {
        self.at = Some(Box::new(Position { sheet: sheet.to_string(), row, column: None }));
        self
    }

    /// The sentence a user reads, in Vietnamese and English.
    pub fn text(&self) -> Text {
        self.kind.text()
    }
}

impl ReadErrorKind {
    /// The sentence for this problem.
    pub fn text(&self) -> Text {
        use ReadErrorKind::*;
        match self {
            Empty => Text::new("Tệp rỗng, không có dữ liệu.", "The file is empty."),
            EmptyWorkbook => Text::new(
                "Bảng tính trống: không trang tính nào có dữ liệu.",
                "The workbook is empty: no sheet holds any data.",
            ),
            NoSheets => Text::new("Tệp không có trang tính nào.", "The workbook has no sheets."),
            NoSuchSheet { sheet, sheets } => {
                let list = sheets.join("\", \"");
                Text::new(
                    format!("Không có trang tính \"{sheet}\"; các trang tính: \"{list}\"."),
                    format!("There is no sheet \"{sheet}\"; the sheets are: \"{list}\"."),
                )
            }
            Xlsb => Text::new(
                "Tệp là bảng tính Excel nhị phân (.xlsb), chưa được hỗ trợ: hãy mở bằng Excel và lưu lại dạng .xlsx.",
                "The file is a binary Excel workbook (.xlsb), which is not supported: open it in Excel and save it as \
                    .xlsx.",
            ),
            WordDocument => Text::new(
                "Tệp là văn bản Word, không phải bảng tính: hãy xuất danh sách hồ sơ ra Excel (.xlsx) hoặc CSV.",
                "The file is a Word document, not a spreadsheet: export the dossier list to Excel (.xlsx) or CSV.",
            ),
            NotAWorkbook => Text::new(
                "Tệp nén (zip) bị hỏng hoặc không chứa bảng tính Excel/ODS nào.",
                "The file is a zip archive that is damaged or holds no Excel/ODS workbook.",
            ),
            Pdf => Text::new(
                "Tệp là PDF, không đọc được số liệu từ PDF: hãy xuất danh sách hồ sơ ra Excel (.xlsx) hoặc CSV.",
                "This is a PDF; figures cannot be read from a PDF: export the dossier list to Excel (.xlsx) or CSV.",
            ),
            HtmlWithoutTable => Text::new(
                "Tệp là một trang HTML nhưng không có bảng nào: hãy xuất lại danh sách hồ sơ (nút \"Xuất Excel\" của \
                    trang danh sách) hoặc lưu trang dạng .xlsx.",
                "The file is an HTML page without any table: export the dossier list again (the list page's \"Export \
                    to Excel\" button) or save it as .xlsx.",
            ),
            Unrecognised => Text::new(
                "Không nhận ra định dạng tệp: chỉ đọc được Excel (.xlsx, .xls), OpenDocument (.ods) và CSV.",
                "Unrecognised file format: only Excel (.xlsx, .xls), OpenDocument (.ods) and CSV can be read.",
            ),
            Protected { format } => Text::new(
                format!(
                    "Tệp {format} được đặt mật khẩu: hãy mở bằng Excel hoặc LibreOffice, gỡ mật khẩu (Excel: Tệp → \
                        Thông tin → Bảo vệ sổ làm việc; LibreOffice: Tệp → Thuộc tính → Bảo mật) rồi lưu lại."
                ),
                format!(
                    "The {format} file is password-protected: open it in Excel or LibreOffice, remove the password \
                        (Excel: File → Info → Protect Workbook; LibreOffice: File → Properties → Security) and save it \
                        again."
                ),
            ),
            SummaryForm { form } => {
                let (vi, en) = form.names();
                Text::new(
                    format!(
                        "Tệp là {vi}, không phải danh sách hồ sơ: số liệu tổng hợp không cho biết từng hồ sơ trễ hay \
                            đúng hạn. Hãy xuất danh sách hồ sơ (sổ theo dõi hồ sơ, Mẫu 06/07: mỗi hồ sơ một dòng có mã \
                            hồ sơ và ngày hẹn trả) từ hệ thống một cửa."
                    ),
                    format!(
                        "The file is {en}, not a dossier list: totals do not tell which dossier was late or on time. \
                            Export the dossier list (the dossier tracking book, form 06/07: one row per dossier with \
                            its code and due date) from the one-stop system."
                    ),
                )
            }
            EmptyBesideChart { charts } => {
                let list = charts.join("\", \"");
                Text::new(
                    format!(
                        "Bảng tính chỉ có biểu đồ (\"{list}\") và trang tính trống: không có dữ liệu hồ sơ. Hãy chọn tệp \
                            có danh sách hồ sơ (dữ liệu nguồn của biểu đồ)."
                    ),
                    format!(
                        "The workbook holds only charts (\"{list}\") and empty sheets: no dossier data. Choose the file \
                            with the dossier list (the chart's source data)."
                    ),
                )
            }
            Damaged { format, detail } => Text::new(
                format!(
                    "Tệp {format} bị hỏng hoặc không đọc được ({detail}). Hãy mở lại bằng Excel/LibreOffice và lưu \
                        thành tệp mới."
                ),
                format!(
                    "The {format} file is damaged or unreadable ({detail}). Open it in Excel/LibreOffice and save it \
                        as a new file."
                ),
            ),
            SheetUnreadable { sheet, detail: Some(e) } => Text::new(
                format!("Không đọc được trang tính \"{sheet}\": {e}"),
                format!("Could not read sheet \"{sheet}\": {e}"),
            ),
            SheetUnreadable { sheet, detail: None } => Text::new(
                format!("Không đọc được trang tính \"{sheet}\" (tệp hỏng)."),
                format!("Could not read sheet \"{sheet}\" (damaged file)."),
            ),
            RowsOutOfOrder { sheet, row, after } => Text::new(
                format!(
                    "Trang \"{sheet}\" ghi dòng {row} sau dòng {after}: thứ tự các dòng trong tệp bị hỏng. Hãy mở \
                        lại bằng Excel/LibreOffice và lưu thành tệp mới."
                ),
                format!(
                    "Sheet \"{sheet}\" lists row {row} after row {after}: the order of rows in the file is damaged. \
                        Open it in Excel/LibreOffice and save it as a new file."
                ),
            ),
            NoSuchColumn { field, header } => Text::new(
                format!("Không thấy cột \"{header}\" để gán cho trường {} ({}).", field.label_vi(), field.name()),
                format!("No column \"{header}\" to use for the field {} ({}).", field.label_en(), field.name()),
            ),
            NoTable { sheet, row, missing } => {
                let vi: Vec<&str> = missing.iter().map(|f| f.label_vi()).collect();
                let en: Vec<&str> = missing.iter().map(|f| f.label_en()).collect();
                let (where_vi, where_en) = if sheet.is_empty() {
                    (String::new(), String::new())
                } else {
                    (format!(" (trang tính \"{sheet}\", dòng {row})"), format!(" (sheet \"{sheet}\", row {row})"))
                };
                Text::new(
                    format!(
                        "Không tìm thấy bảng hồ sơ: có dòng tiêu đề{where_vi} nhưng thiếu cột {}. Hãy chỉ rõ cột bằng \
                            tùy chọn ánh xạ (ví dụ due=\"Hạn xử lý\").",
                        vi.join(", ")
                    ),
                    format!(
                        "No dossier table found: there is a header{where_en} but no {} column. Name the column with \
                            the mapping option (e.g. due=\"Hạn xử lý\").",
                        en.join(", ")
                    ),
                )
            }
            NoHeader => Text::new(
                "Không tìm thấy bảng hồ sơ trong tệp: không có dòng tiêu đề nào có cột Mã hồ sơ và Ngày hẹn trả.",
                "No dossier table found in the file: no header row names a dossier code and a due date column.",
            ),
            NoList { list, sheet, seen } => {
                let ((what_vi, what_en), (need_vi, need_en)) = match list {
                    ListKind::Reminders => (
                        ("danh sách nhắc nhở", "reminder list"),
                        (
                            "cột Họ và tên (hoặc Họ tên, Tên cán bộ, Cá nhân…) hoặc cột Đơn vị (hoặc Cơ quan, Phòng \
                                ban, Tập thể…)",
                            "a Name column (Họ và tên, Họ tên, Tên cán bộ, Cá nhân…) or a Unit column (Đơn vị, Cơ \
                                quan, Phòng ban, Tập thể…)",
                        ),
                    ),
                    ListKind::Renames => (
                        ("danh sách đơn vị đổi tên", "list of renamed units"),
                        (
                            "cột Tên cũ (hoặc Tên đơn vị cũ, Đơn vị cũ…) cùng cột Tên mới (hoặc Tên đơn vị mới, Đơn \
                                vị mới…)",
                            "an old name column (Tên cũ, Tên đơn vị cũ, Đơn vị cũ…) with a new name column (Tên mới, \
                                Tên đơn vị mới, Đơn vị mới…)",
                        ),
                    ),
                    ListKind::Ratings => (
                        ("danh sách đề xuất xếp loại", "proposed ratings list"),
                        (
                            "cột Mức xếp loại đề xuất (hoặc Xếp loại, Mức xếp loại, Đề xuất xếp loại…) cùng cột Họ và \
                                tên hoặc Đơn vị",
                            "a proposed level column (Mức xếp loại đề xuất, Xếp loại, Mức xếp loại, Đề xuất xếp \
                                loại…) with a Name or Unit column",
                        ),
                    ),
                };
                let (seen_vi, seen_en) = match seen {
                    Some(SeenRow { sheet, row, cells }) if sheet.is_empty() => (
                        format!(" Dòng {row} của tệp ghi: {cells}."),
                        format!(" Row {row} of the file reads: {cells}."),
                    ),
                    Some(SeenRow { sheet, row, cells }) => (
                        format!(" Dòng {row} của trang \"{sheet}\" ghi: {cells}."),
                        format!(" Row {row} of sheet \"{sheet}\" reads: {cells}."),
                    ),
                    None => (" Tệp không có dòng nào có chữ.".to_string(), " The file has no row of text.".to_string()),
                };
                let (in_vi, in_en) = match sheet {
                    Some(sheet) => (format!("trong trang \"{sheet}\""), format!("in sheet \"{sheet}\"")),
                    None => ("trong tệp".to_string(), "in the file".to_string()),
                };
                Text::new(
                    format!(
                        "Không tìm thấy {what_vi} {in_vi}: cần một dòng tiêu đề có {need_vi}.{seen_vi} Hãy đặt lại \
                            tên cột cho đúng."
                    ),
                    format!(
                        "No {what_en} found {in_en}: a header row naming {need_en} is needed.{seen_en} Rename the \
                            columns to match."
                    ),
                )
            }
            MonthFirst { columns, sheet, row, example } => {
                let names: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
                let names = names.join(", ");
                let where_vi = if sheet.is_empty() { String::new() } else { format!(" (trang tính \"{sheet}\")") };
                let where_en = if sheet.is_empty() { String::new() } else { format!(" (sheet \"{sheet}\")") };
                Text::new(
                    format!(
                        "Cột {names}{where_vi} ghi ngày theo kiểu tháng trước ngày (ví dụ '{example}' ở dòng {row}). \
                            Không tự đoán: nếu đúng là tháng/ngày/năm, hãy xác nhận bằng tùy chọn đọc tháng trước \
                            cho cột {names}."
                    ),
                    format!(
                        "Column {names}{where_en} has dates that only make sense month-first (e.g. '{example}' in row \
                            {row}). This is not guessed: if they are month/day/year, confirm it with the month-first \
                            option for column {names}."
                    ),
                )
            }
            TooLarge { bytes, limit } => Text::new(
                format!(
                    "Tệp quá lớn ({}); giới hạn là {} mỗi tệp. Hãy xuất theo từng quý hoặc từng đơn vị rồi chọn nhiều \
                        tệp cùng lúc.",
                    mib(*bytes),
                    mib(*limit)
                ),
                format!(
                    "The file is too large ({}); the limit is {} per file. Export one quarter or one unit at a time \
                        and select several files together.",
                    mib(*bytes),
                    mib(*limit)
                ),
            ),
            ZipBomb { part, ratio, limit } => Text::new(
                format!(
                    "Tệp nén bất thường: phần \"{part}\" nở ra {ratio} lần (giới hạn {limit} lần) — có thể là \"bom \
                        nén\". Tệp không được đọc."
                ),
                format!(
                    "Suspicious compression: the part \"{part}\" expands {ratio} times (limit {limit}) — possibly a \
                        zip bomb. The file was not read."
                ),
            ),
            Uncompressed { bytes, limit } => Text::new(
                format!(
                    "Bảng tính khi giải nén lên tới {} (giới hạn {}). Hãy xuất theo từng quý hoặc từng đơn vị.",
                    mib(*bytes),
                    mib(*limit)
                ),
                format!(
                    "The workbook uncompresses to {} (limit {}). Export one quarter or one unit at a time.",
                    mib(*bytes),
                    mib(*limit)
                ),
            ),
            PartTooLarge { part, limit } => {
                let mb = limit / (1024 * 1024);
                Text::new(
                    format!(
                        "Phần \"{part}\" của bảng tính khi giải nén vượt quá {mb} MB. Hãy xuất theo từng quý hoặc \
                            từng đơn vị."
                    ),
                    format!(
                        "The workbook part \"{part}\" uncompresses to more than {mb} MB. Export one quarter or one \
                            unit at a time."
                    ),
                )
            }
            OdsRepeats { rows, count, limit } => {
                let (what_vi, what_en) = if *rows { ("dòng", "rows") } else { ("cột", "columns") };
                Text::new(
                    format!(
                        "Tệp ODS lặp lại {what_vi} đến {count} lần trước một ô có dữ liệu (giới hạn {limit}): tệp có \
                            thể bị hỏng. Hãy mở bằng LibreOffice, xóa phần thừa rồi lưu lại."
                    ),
                    format!(
                        "The ODS file repeats {what_en} up to {count} times before a cell holding data (limit \
                            {limit}): the file may be damaged. Open it in LibreOffice, delete the excess and save \
                            again."
                    ),
                )
            }
            OdsMalformed => Text::new(
                "Tệp OpenDocument (.ods) bị hỏng: nội dung bảng tính không khép kín. Hãy mở lại bằng LibreOffice và \
                    lưu thành tệp mới.",
                "The OpenDocument (.ods) file is damaged: its sheet content is not well formed. Open it in \
                    LibreOffice and save it as a new file.",
            ),
            XlsExtent { rows, columns, cells } => Text::new(
                format!(
                    "Tệp Excel 97-2003 (.xls) bị hỏng: một trang tính khai báo vùng {rows} dòng × {columns} cột nhưng \
                        chỉ có {cells} ô dữ liệu. Hãy mở lại bằng Excel/LibreOffice và lưu thành tệp mới."
                ),
                format!(
                    "The Excel 97-2003 (.xls) file is damaged: a sheet claims {rows} rows × {columns} columns but \
                        holds only {cells} cells. Open it in Excel/LibreOffice and save it as a new file."
                ),
            ),
            TooManyRows { sheet, limit } => {
                let where_vi = if sheet.is_empty() { String::new() } else { format!(" (trang \"{sheet}\")") };
                let where_en = if sheet.is_empty() { String::new() } else { format!(" (sheet \"{sheet}\")") };
                Text::new(
                    format!(
                        "Bảng có hơn {} dòng{where_vi}, vượt giới hạn. Hãy xuất theo từng quý hoặc từng đơn vị.",
                        thousands(*limit, '.')
                    ),
                    format!(
                        "The table has more than {} rows{where_en}, over the limit. Export one quarter or one unit \
                            at a time.",
                        thousands(*limit, ',')
                    ),
                )
            }
            TooManyColumns { sheet, row, column, limit } => {
                let letter = super::columns::column_letter(*column);
                Text::new(
                    format!(
                        "Trang \"{sheet}\" có dữ liệu ở cột {letter} (cột thứ {}, dòng {row}), vượt giới hạn {limit} \
                            cột: tệp có thể bị hỏng. Hãy xóa các cột thừa rồi lưu lại.",
                        column + 1
                    ),
                    format!(
                        "Sheet \"{sheet}\" has data in column {letter} (column {}, row {row}), over the limit of \
                            {limit} columns: the file may be damaged. Delete the extra columns and save again.",
                        column + 1
                    ),
                )
            }
            HalfNotApart => {
                Text::new("Không đọc riêng được nửa sau của tệp.", "The file's second half cannot be read apart.")
            }
            Profile { reason } => Text::new(reason.clone(), reason.clone()),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.text().vi)
    }
}

impl std::error::Error for ReadError {}
