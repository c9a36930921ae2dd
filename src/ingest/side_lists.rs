//! The side lists: last year's reminders (danh sách nhắc nhở, chấn chỉnh), the proposed ratings (danh sách đề
//! xuất xếp loại) and the units renamed or merged (danh sách đơn vị đổi tên, sáp nhập). Same pipeline and row accounting as dossier logs, their own dictionaries.

use super::columns::column_letter;
use super::dates::DateOrder;
use super::dossiers::{read_date, reject, Oddities, Problem};
use super::error::{ListKind, ReadErrorKind, SeenRow};
use super::header::{self, Dict, Header};
use super::source::{Cell, Row, Sheet};
use super::values;
use super::{Counts, Format, Input, ReadError, Rejected};
use crate::model::{fold_key, Name, Proposal, Rating, Reminder, Rename, SourcePos, Text};
use serde::Serialize;

/// One mapped column of a side list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SideColumn {
    pub field: &'static str,
    pub header: String,
    pub column: usize,
    pub letter: String,
}

/// A side list read from one file. `counts.dossiers` counts the records in `items`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideList<T> {
    pub file: String,
    pub format: Format,
    pub sheet: String,
    pub sheets: Vec<String>,
    pub header_row: u32,
    pub mapping: Vec<SideColumn>,
    pub missing: Vec<&'static str>,
    #[serde(skip)]
    pub items: Vec<T>,
    pub rejected: Vec<Rejected>,
    pub counts: Counts,
    pub warnings: Vec<Text>,
}

/// The sheets to read the side lists from, by name (compared as [`ReadOptions::sheet`](super::ReadOptions) is);
/// `None` picks the sheet whose header fits best.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SideSheets {
    #[serde(default)]
    pub reminded: Option<String>,
    #[serde(default)]
    pub ratings: Option<String>,
    #[serde(default)]
    pub renames: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Unit,
    Date,
    Year,
    Document,
    Level,
    Discipline,
    Points,
    OldName,
    NewName,
    From,
}

impl Col {
    fn name(self) -> &'static str {
        match self {
            Col::Name => "name",
            Col::Unit => "unit",
            Col::Date => "date",
            Col::Year => "year",
            Col::Document => "document",
            Col::Level => "level",
            Col::Discipline => "disciplined",
            Col::Points => "points",
            Col::OldName => "old",
            Col::NewName => "new",
            Col::From => "from",
        }
    }

    const ALL: [Col; 11] = [
        Col::Name,
        Col::Unit,
        Col::Date,
        Col::Year,
        Col::Document,
        Col::Level,
        Col::Discipline,
        Col::Points,
        Col::OldName,
        Col::NewName,
        Col::From,
    ];

    fn label(self) -> Text {
        let (vi, en) = match self {
            Col::Name => ("Họ và tên", "Name"),
            Col::Unit => ("Đơn vị", "Unit"),
            Col::Date => ("Ngày nhắc nhở", "Reminder date"),
            Col::Year => ("Năm", "Year"),
            Col::Document => ("Số văn bản", "Document"),
            Col::Level => ("Mức xếp loại đề xuất", "Proposed level"),
            Col::Discipline => ("Kỷ luật", "Disciplined"),
            Col::Points => ("Điểm", "Points"),
            Col::OldName => ("Tên cũ", "Old name"),
            Col::NewName => ("Tên mới", "New name"),
            Col::From => ("Ngày hiệu lực", "Effective date"),
        };
        Text::new(vi, en)
    }
}

/// A reminder or ratings list's field, named as a user reads it ("Họ và tên" for `name`); `None` for a name that
/// is no list's field.
pub fn side_field_label(name: &str) -> Option<Text> {
    Col::ALL.into_iter().find(|c| c.name() == name).map(Col::label)
}

const NAME: &[&str] = &[
    "Họ và tên",
    "Họ tên",
    "Tên cán bộ",
    "Họ và tên cán bộ",
    "Người bị nhắc nhở",
    "Cá nhân",
    "Tên cá nhân",
    "Cán bộ, công chức",
    "name",
];
const UNIT: &[&str] = &[
    "Đơn vị",
    "Cơ quan",
    "Phòng ban",
    "Cơ quan, đơn vị",
    "Đơn vị công tác",
    "Cơ quan thụ lý",
    "Tên đơn vị",
    "Tập thể",
    "unit",
];

fn reminder_dict() -> Dict<Col> {
    Dict::new(&[
        (Col::Name, NAME),
        (Col::Unit, UNIT),
        (
            Col::Date,
            &[
                "Ngày nhắc nhở",
                "Ngày văn bản",
                "Ngày",
                "Thời gian nhắc nhở",
                "Ngày ban hành",
                "Ngày chấn chỉnh",
                "Ngày/Năm nhắc nhở",
                "Ngày nhắc nhở, chấn chỉnh",
                "date",
            ],
        ),
        (Col::Year, &["Năm", "Năm nhắc nhở", "Năm chấn chỉnh", "year"]),
        (
            Col::Document,
            &[
                "Số văn bản",
                "Văn bản",
                "Số hiệu văn bản",
                "Số VB",
                "Số hiệu",
                "Văn bản nhắc nhở",
                "Số, ký hiệu văn bản",
                "document",
            ],
        ),
    ])
}

fn proposal_dict() -> Dict<Col> {
    Dict::new(&[
        (Col::Name, NAME),
        (Col::Unit, UNIT),
        (
            Col::Level,
            &[
                "Mức xếp loại đề xuất",
                "Xếp loại đề xuất",
                "Mức xếp loại",
                "Đề xuất xếp loại",
                "Xếp loại",
                "Mức độ xếp loại",
                "Mức xếp loại chất lượng",
                "Kết quả xếp loại",
                "Đề xuất mức xếp loại",
                "level",
            ],
        ),
        (Col::Discipline, &["Kỷ luật", "Bị kỷ luật", "Hình thức kỷ luật", "Kỷ luật trong năm", "disciplined"]),
        (Col::Points, &["Điểm", "Tổng điểm", "Điểm đánh giá", "Điểm tự đánh giá", "Điểm đề xuất", "points"]),
    ])
}

fn renames_dict() -> Dict<Col> {
    Dict::new(&[
        (
            Col::OldName,
            &[
                "Tên cũ",
                "Tên đơn vị cũ",
                "Đơn vị cũ",
                "Tên trước sắp xếp",
                "Tên trước khi sắp xếp",
                "Đơn vị trước sắp xếp",
                "Tên gọi cũ",
                "Cơ quan cũ",
                "old name",
                "old",
            ],
        ),
        (
            Col::NewName,
            &[
                "Tên mới",
                "Tên đơn vị mới",
                "Đơn vị mới",
                "Tên sau sắp xếp",
                "Tên sau khi sắp xếp",
                "Đơn vị sau sắp xếp",
                "Tên gọi mới",
                "Cơ quan mới",
                "new name",
                "new",
            ],
        ),
        (
            Col::From,
            &[
                "Ngày hiệu lực",
                "Hiệu lực từ",
                "Có hiệu lực từ",
                "Từ ngày",
                "Ngày áp dụng",
                "Áp dụng từ",
                "Ngày đổi tên",
                "Ngày sắp xếp",
                "effective date",
                "from",
            ],
        ),
    ])
}

struct ListTable {
    format: Format,
    sheets: Vec<String>,
    sheet: Sheet,
    head: Header<Col>,
}

fn find(
    file: &str,
    bytes: &[u8],
    dict: &Dict<Col>,
    accept: impl Fn(&[Col]) -> bool + Copy,
    list: ListKind,
    only: Option<&str>,
) -> Result<ListTable, ReadError> {
    let only = only.filter(|s| !s.is_empty());
    let mut input = Input::open(file, bytes)?;
    let sheets = input.load(file, only)?;
    let mut best: Option<(usize, Header<Col>)> = None;
    for (i, s) in sheets.iter().enumerate() {
        if let Some(h) = header::find_header(&s.rows, dict, accept) {
            if best.as_ref().is_none_or(|(_, b)| header::score(&h) > header::score(b)) {
                best = Some((i, h));
            }
        }
    }
    // The row with the most texts among the first rows (a header names several columns; the letterhead above it
    // names two at most), for the sentence when no list is found: its words show what did not match.
    let no_table = || {
        let seen = sheets.iter().find_map(|s| {
            let texts = |r: &Row| r.non_blank().filter(|(_, c)| c.text().is_some()).count();
            let row = s
                .rows
                .iter()
                .take(40)
                .filter(|r| texts(r) >= 2)
                .max_by_key(|r| (texts(r), std::cmp::Reverse(r.number)))?;
            let cells: Vec<String> = row
                .non_blank()
                .filter_map(|(_, c)| c.text())
                .take(8)
                .map(|t| format!("\"{}\"", t.trim().chars().take(40).collect::<String>()))
                .collect();
            Some((s.name.as_str(), row.number, cells.join(", ")))
        });
        let seen = seen.map(|(sheet, row, cells)| SeenRow { sheet: sheet.to_string(), row, cells });
        ReadError::new(file, ReadErrorKind::NoList { list, sheet: only.map(str::to_string), seen })
    };
    let Some((i, head)) = best else { return Err(no_table()) };
    // `i` counts the sheets above: it is in range.
    let mut sheets = sheets;
    let sheet = sheets.swap_remove(i);
    Ok(ListTable { format: input.format, sheets: input.sheets, sheet, head })
}

enum Class {
    Blank,
    NonData,
    Record,
}

/// Blank, non-data (signatures, totals, numbering, repeated header, headings) or a record to convert.
fn classify(row: &Row, head: &Header<Col>, footer_seen: &mut bool) -> Class {
    if row.is_blank() {
        return Class::Blank;
    }
    if header::repeats_header(row, head) || header::is_numbering_row(row) || header::is_footer(row) {
        if header::is_footer(row) {
            *footer_seen = true;
        }
        return Class::NonData;
    }
    let mapped: Vec<usize> = head.mapped.iter().map(|(_, c, _)| *c).collect();
    let filled = mapped.iter().filter(|c| !row.cell(**c).is_blank()).count();
    if *footer_seen || filled == 0 {
        return Class::NonData;
    }
    Class::Record
}

fn finish<T>(
    file: &str,
    found: &ListTable,
    all: &[Col],
    items: Vec<T>,
    rejected: Vec<Rejected>,
    counts: Counts,
    warnings: Vec<Text>,
) -> SideList<T> {
    let mapping = found
        .head
        .mapped
        .iter()
        .map(|(f, c, h)| SideColumn { field: f.name(), header: h.clone(), column: *c, letter: column_letter(*c) })
        .collect();
    let missing = all.iter().filter(|f| found.head.column_of(**f).is_none()).map(|f| f.name()).collect();
    SideList {
        file: file.to_string(),
        format: found.format,
        sheet: found.sheet.name.clone(),
        sheets: found.sheets.clone(),
        header_row: found.sheet.rows.get(found.head.first).map(|r| r.number).unwrap_or(0),
        mapping,
        missing,
        items,
        rejected,
        counts,
        warnings,
    }
}

fn text_at(row: &Row, head: &Header<Col>, f: Col) -> (String, Option<(usize, String)>) {
    match head.mapped.iter().find(|(k, _, _)| *k == f) {
        Some((_, c, h)) => (row.cell(*c).raw(), Some((*c, h.clone()))),
        None => (String::new(), None),
    }
}

fn year_of(cell: &Cell) -> Option<i32> {
    let y = match cell {
        Cell::Number(n) if n.fract() == 0.0 => *n as i64,
        Cell::Text(_) | Cell::Short(_) => cell.text()?.trim().parse::<i64>().ok()?,
        _ => return None,
    };
    (1900..=2200).contains(&y).then_some(y as i32)
}

/// Where a list's record comes from: its file, sheet and row.
fn row_source(file: &str, sheet: &Sheet, row: &Row) -> SourcePos {
    SourcePos { file: file.into(), sheet: sheet.name.as_str().into(), row: row.number, column: None }
}

/// Counts the row; true when it holds a record (not blank, not a footer or a repeated header).
fn is_record(row: &Row, head: &Header<Col>, footer_seen: &mut bool, counts: &mut Counts) -> bool {
    counts.rows += 1;
    match classify(row, head, footer_seen) {
        Class::Blank => counts.blank += 1,
        Class::NonData => counts.non_data += 1,
        Class::Record => return true,
    }
    false
}

/// The person and unit of a side-list row; a row naming neither is a problem.
fn person(row: &Row, head: &Header<Col>) -> (Name, Name, Vec<Problem>) {
    let (name, name_col) = text_at(row, head, Col::Name);
    let (unit, _) = text_at(row, head, Col::Unit);
    let (name, unit) = (Name::new(&name), Name::new(&unit));
    let mut problems = Vec::new();
    if name.is_empty() && unit.is_empty() {
        problems.push(Problem {
            column: name_col.map(|(_, h)| h).unwrap_or_else(|| "Họ và tên".into()),
            value: String::new(),
            reason: Text::new("Thiếu cả họ tên và đơn vị", "Both the name and the unit are missing"),
        });
    }
    (name, unit, problems)
}

/// Reads the previous year's reminder list. Columns: Họ và tên (empty = the unit itself was reminded), Đơn vị,
/// Ngày nhắc nhở (a date, or just a year), Năm, Số văn bản. The year comes from the date, else the year column,
/// else `default_year`. `sheet`: the sheet to read, else the one whose header fits best.
pub fn read_reminders(
    file_name: &str,
    bytes: &[u8],
    default_year: i32,
    sheet: Option<&str>,
) -> Result<SideList<Reminder>, ReadError> {
    let dict = reminder_dict();
    let found = find(
        file_name,
        bytes,
        &dict,
        |f| f.contains(&Col::Name) || f.contains(&Col::Unit),
        ListKind::Reminders,
        sheet,
    )?;
    let head = &found.head;
    let sheet = &found.sheet;
    let mut counts = Counts::default();
    let mut items = Vec::new();
    let mut rejected = Vec::new();
    let mut footer_seen = false;
    for row in sheet.rows.iter().skip(head.data_start()) {
        if !is_record(row, head, &mut footer_seen, &mut counts) {
            continue;
        }
        let (name, unit, mut problems) = person(row, head);
        let mut date = None;
        let mut year = None;
        if let Some((c, h)) = text_at(row, head, Col::Date).1 {
            let cell = row.cell(c);
            if let Some(y) = year_of(cell) {
                year = Some(y);
            } else {
                match read_date(cell, DateOrder::DayFirst, sheet.date1904, "Ngày nhắc nhở", "Reminder date") {
                    Ok(m) => date = m.map(|m| m.date),
                    Err(reason) => problems.push(Problem { column: h, value: cell.raw(), reason }),
                }
            }
        }
        if let Some((c, h)) = text_at(row, head, Col::Year).1 {
            let cell = row.cell(c);
            if !cell.is_blank() {
                match year_of(cell) {
                    Some(y) => year = year.or(Some(y)),
                    None => problems.push(Problem {
                        column: h,
                        value: cell.raw(),
                        reason: Text::new(
                            format!("Năm '{}' không hợp lệ", cell.raw()),
                            format!("Year '{}' is not valid", cell.raw()),
                        ),
                    }),
                }
            }
        }
        let year = date.map(|d| chrono::Datelike::year(&d)).or(year).unwrap_or(default_year);
        let document = head.column_of(Col::Document).and_then(|c| values::parse_text(row.cell(c)));
        if problems.is_empty() {
            counts.dossiers += 1;
            items.push(Reminder { name, unit, year, date, document, source: row_source(file_name, sheet, row) });
        } else {
            counts.rejected += 1;
            rejected.push(reject(file_name, &sheet.name, row.number, problems));
        }
    }
    let mut warnings = Vec::new();
    if head.column_of(Col::Date).is_none() && head.column_of(Col::Year).is_none() {
        warnings.push(Text::new(
            format!("Danh sách không có cột ngày hay năm nhắc nhở: coi mọi dòng là năm {default_year}."),
            format!("The list has no reminder date or year column: every line is taken as year {default_year}."),
        ));
    }
    Ok(finish(
        file_name,
        &found,
        &[Col::Name, Col::Unit, Col::Date, Col::Year, Col::Document],
        items,
        rejected,
        counts,
        warnings,
    ))
}

/// Reads the proposed ratings list. Columns: Họ và tên (empty = the unit's collective rating), Đơn vị,
/// Mức xếp loại đề xuất (read with [`Rating::parse`]), and optionally Kỷ luật (any mark or a discipline form
/// such as "Khiển trách" means disciplined; blank, "Không" or "0" means not).
/// `sheet`: the sheet to read, else the one whose header fits best.
pub fn read_proposals(file_name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<SideList<Proposal>, ReadError> {
    let dict = proposal_dict();
    let found = find(
        file_name,
        bytes,
        &dict,
        |f| f.contains(&Col::Level) && (f.contains(&Col::Name) || f.contains(&Col::Unit)),
        ListKind::Ratings,
        sheet,
    )?;
    let head = &found.head;
    let sheet = &found.sheet;
    let mut counts = Counts::default();
    let mut items = Vec::new();
    let mut rejected = Vec::new();
    let mut footer_seen = false;
    let mut odd = Oddities::default();
    let levels_vi = "Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành \
        nhiệm vụ (hoặc HTXSNV, HTTNV, HTNV, KHTNV)";
    for row in sheet.rows.iter().skip(head.data_start()) {
        if !is_record(row, head, &mut footer_seen, &mut counts) {
            continue;
        }
        let (name, unit, mut problems) = person(row, head);
        let mut level = None;
        if let Some((c, h)) = text_at(row, head, Col::Level).1 {
            let raw = row.cell(c).raw();
            if row.cell(c).is_blank() {
                problems.push(Problem {
                    column: h,
                    value: String::new(),
                    reason: Text::new("Thiếu mức xếp loại đề xuất", "Missing proposed rating level"),
                });
            } else {
                level = Rating::parse(&raw);
                if level.is_none() {
                    problems.push(Problem {
                        column: h,
                        value: raw.clone(),
                        reason: Text::new(
                            format!("Mức xếp loại '{raw}' không nhận ra (cần một trong: {levels_vi})"),
                            format!(
                                "Rating level '{raw}' is not recognised (expected one of: Hoàn thành xuất sắc \
                            nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ, or \
                            HTXSNV, HTTNV, HTNV, KHTNV)"
                            ),
                        ),
                    });
                }
            }
        }
        let disciplined = match head.mapped.iter().find(|(k, _, _)| *k == Col::Discipline) {
            Some((_, c, h)) => {
                let cell = row.cell(*c);
                if cell.is_blank() {
                    false
                } else {
                    match values::parse_yes_no(cell) {
                        Some(b) => b,
                        None => {
                            let k = fold_key(&cell.raw());
                            if k == "khong bi" || k == "khong ky luat" {
                                false
                            } else {
                                odd.add(h, "coi là có kỷ luật", "read as disciplined", row.number, cell.raw());
                                true
                            }
                        }
                    }
                }
            }
            None => false,
        };
        // Points on the 100-point scale (Nghị định 335/2025), when the list has them: a number from 0 to 100.
        let points = match head.mapped.iter().find(|(k, _, _)| *k == Col::Points) {
            Some((_, c, h)) => {
                let cell = row.cell(*c);
                let n = match cell {
                    Cell::Number(n) => Some(*n),
                    _ => cell.text().and_then(|t| t.trim().replace(',', ".").parse::<f64>().ok()),
                };
                match n.filter(|n| (0.0..=100.0).contains(n)) {
                    Some(n) => Some(n),
                    None if cell.is_blank() => None,
                    None => {
                        odd.add(
                            h,
                            "bỏ qua (cần số từ 0 đến 100)",
                            "ignored (a number from 0 to 100)",
                            row.number,
                            cell.raw(),
                        );
                        None
                    }
                }
            }
            None => None,
        };
        match (problems.is_empty(), level) {
            (true, Some(level)) => {
                counts.dossiers += 1;
                items.push(Proposal {
                    name,
                    unit,
                    level,
                    disciplined,
                    points,
                    source: row_source(file_name, sheet, row),
                });
            }
            _ => {
                counts.rejected += 1;
                rejected.push(reject(file_name, &sheet.name, row.number, problems));
            }
        }
    }
    Ok(finish(
        file_name,
        &found,
        &[Col::Name, Col::Unit, Col::Level, Col::Discipline, Col::Points],
        items,
        rejected,
        counts,
        odd.into_warnings(),
    ))
}

/// Reads the list of renamed or merged units (danh sách đơn vị đổi tên, sáp nhập). Columns: Tên cũ (the old
/// name), Tên mới (the new name), Ngày hiệu lực (from when the new name holds; blank = always). A row missing the
/// old or the new name, or with a date that cannot be read, is a rejected row, never dropped silently.
/// `sheet`: the sheet to read, else the one whose header fits best.
pub fn read_renames(file_name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<SideList<Rename>, ReadError> {
    let dict = renames_dict();
    let found = find(
        file_name,
        bytes,
        &dict,
        |f| f.contains(&Col::OldName) && f.contains(&Col::NewName),
        ListKind::Renames,
        sheet,
    )?;
    let head = &found.head;
    let sheet = &found.sheet;
    let mut counts = Counts::default();
    let mut items = Vec::new();
    let mut rejected = Vec::new();
    let mut footer_seen = false;
    for row in sheet.rows.iter().skip(head.data_start()) {
        if !is_record(row, head, &mut footer_seen, &mut counts) {
            continue;
        }
        let mut problems = Vec::new();
        let mut name = |f: Col, vi: &str, en: &str| {
            let (raw, col) = text_at(row, head, f);
            let n = Name::new(&raw);
            if n.is_empty() {
                problems.push(Problem {
                    column: col.map(|(_, h)| h).unwrap_or_else(|| f.label().vi),
                    value: String::new(),
                    reason: Text::new(vi, en),
                });
            }
            n
        };
        let old = name(Col::OldName, "Thiếu tên cũ", "The old name is missing");
        let new = name(Col::NewName, "Thiếu tên mới", "The new name is missing");
        let mut from = None;
        if let Some((c, h)) = text_at(row, head, Col::From).1 {
            let cell = row.cell(c);
            match read_date(cell, DateOrder::DayFirst, sheet.date1904, "Ngày hiệu lực", "Effective date") {
                Ok(m) => from = m.map(|m| m.date),
                Err(reason) => problems.push(Problem { column: h, value: cell.raw(), reason }),
            }
        }
        if problems.is_empty() {
            counts.dossiers += 1;
            items.push(Rename { old, new, from, source: row_source(file_name, sheet, row) });
        } else {
            counts.rejected += 1;
            rejected.push(reject(file_name, &sheet.name, row.number, problems));
        }
    }
    let mut warnings = Vec::new();
    if head.column_of(Col::From).is_none() {
        warnings.push(Text::new(
            "Danh sách không có cột ngày hiệu lực: coi mọi tên mới là có hiệu lực từ trước năm đánh giá.",
            "The list has no effective date column: every new name is taken as in force before the assessment year.",
        ));
    }
    Ok(finish(file_name, &found, &[Col::OldName, Col::NewName, Col::From], items, rejected, counts, warnings))
}
