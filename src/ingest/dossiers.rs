//! The last step for dossier logs: choose the sheet and header, decide each date column's order, then classify
//! and convert every row under the header.

use super::dates::{self, DateOrder, DateProblem};
use super::field::{self, Field};
use super::header::{self, Header};
use super::source::{column_letter, Cell, Row, Sheet};
use super::values;
use super::{ColumnMap, Counts, DossierTable, Input, ReadError, ReadOptions, Rejected};
use crate::model::{fold_key, Channel, Dossier, Moment, Name, SourcePos};
use std::sync::Arc;

/// Reads a dossier log (xlsx, xls, ods or csv/tsv, detected from the bytes).
///
/// `file_name` is only used in messages and [`SourcePos`]. Returns the dossiers, the rejected rows with their
/// reasons, the column mapping and the row accounting, or a whole-file [`ReadError`].
pub fn read_dossiers(file_name: &str, bytes: &[u8], opts: &ReadOptions) -> Result<DossierTable, ReadError> {
    read_dossiers_with(file_name, bytes, opts, &mut |_| {})
}

/// [`read_dossiers`], reporting progress (rows read, rows converted) every few thousand rows.
pub fn read_dossiers_with(
    file_name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
    progress: &mut dyn FnMut(super::Progress),
) -> Result<DossierTable, ReadError> {
    let mut input = Input::open(file_name, bytes, progress)?;
    let sheets = input.load(file_name, opts.sheet.as_deref(), progress)?;
    let dict = field::dictionary().with_explicit(&opts.mapping);
    let forced = |f: Field| opts.mapping.iter().any(|(m, _)| *m == f);
    let accept = |fields: &[Field]| {
        (fields.contains(&Field::Code) || forced(Field::Code)) && (fields.contains(&Field::Due) || forced(Field::Due))
    };

    let mut best: Option<(usize, Header<Field>)> = None;
    for (i, sheet) in sheets.iter().enumerate() {
        if let Some(h) = header::find_header(&sheet.rows, &dict, accept) {
            if best.as_ref().is_none_or(|(_, b)| header::score(&h) > header::score(b)) {
                best = Some((i, h));
            }
        }
    }
    let Some((index, mut head)) = best else {
        return Err(no_table(file_name, &sheets, &dict));
    };
    let mut sheets = sheets;
    let header_end = sheets.get(index).and_then(|sh| sh.rows.get(head.data_start().saturating_sub(1))).map(|r| r.number).unwrap_or(0);
    if let Some(sh) = sheets.get_mut(index) {
        sh.fill_merged_down(header_end);
    }
    let Some(sheet) = sheets.get(index) else {
        return Err(no_table(file_name, &sheets, &dict));
    };

    for (f, text) in &opts.mapping {
        if !head.force(*f, text) {
            return Err(ReadError::new(
                file_name,
                format!("Không thấy cột \"{text}\" để gán cho trường {} ({}).", f.label_vi(), f.name()),
                format!("No column \"{text}\" to use for the field {} ({}).", f.label_en(), f.name()),
            ));
        }
    }
    if head.column_of(Field::Code).is_none() || head.column_of(Field::Due).is_none() {
        return Err(no_table(file_name, &sheets, &dict));
    }

    let (orders, order_warnings) = date_orders(file_name, sheet, &head, opts)?;
    let mut table = convert_rows(file_name, input.format, input.sheets.clone(), sheet, &head, &orders, progress);
    table.warnings.splice(0..0, order_warnings);
    Ok(table)
}

fn no_table(file: &str, sheets: &[Sheet], dict: &header::Dict<Field>) -> ReadError {
    // Say what was found, so the user can fix it with --map.
    let mut best: Option<(String, Header<Field>)> = None;
    for s in sheets {
        if let Some(h) = header::find_header(&s.rows, dict, |_| true) {
            if best.as_ref().is_none_or(|(_, b)| header::score(&h) > header::score(b)) {
                best = Some((s.name.clone(), h));
            }
        }
    }
    match best {
        Some((sheet, h)) => {
            let missing: Vec<Field> =
                [Field::Code, Field::Due].into_iter().filter(|f| h.column_of(*f).is_none()).collect();
            let vi_missing: Vec<&str> = missing.iter().map(|f| f.label_vi()).collect();
            let en_missing: Vec<&str> = missing.iter().map(|f| f.label_en()).collect();
            let where_vi = if sheet.is_empty() {
                String::new()
            } else {
                format!(" (trang tính \"{sheet}\", dòng {})", h.first + 1)
            };
            let where_en =
                if sheet.is_empty() { String::new() } else { format!(" (sheet \"{sheet}\", row {})", h.first + 1) };
            ReadError::new(
                file,
                format!(
                    "Không tìm thấy bảng hồ sơ: có dòng tiêu đề{where_vi} nhưng thiếu cột {}. Hãy chỉ rõ cột bằng tùy chọn ánh xạ (ví dụ due=\"Hạn xử lý\").",
                    vi_missing.join(", ")
                ),
                format!(
                    "No dossier table found: there is a header{where_en} but no {} column. Name the column with the mapping option (e.g. due=\"Hạn xử lý\").",
                    en_missing.join(", ")
                ),
            )
        }
        None if sheets.iter().all(|s| s.rows.iter().all(|r| r.is_blank())) => ReadError::new(
            file,
            "Bảng tính trống: không trang tính nào có dữ liệu.",
            "The workbook is empty: no sheet holds any data.",
        ),
        None => ReadError::new(
            file,
            "Không tìm thấy bảng hồ sơ trong tệp: không có dòng tiêu đề nào có cột Mã hồ sơ và Ngày hẹn trả.",
            "No dossier table found in the file: no header row names a dossier code and a due date column.",
        ),
    }
}

/// Whether the caller confirmed month-first for this column.
fn confirmed_month_first(opts: &ReadOptions, f: Field, header_text: &str) -> bool {
    opts.month_first_columns.iter().any(|c| {
        let k = fold_key(c);
        c.trim() == "*" || k == fold_key(header_text) || k == fold_key(f.name()) || Field::parse(c) == Some(f)
    })
}

/// Day-first unless the caller confirmed month-first; a column whose text dates only make sense month-first
/// (a second number above 12, never a first one) fails the read instead of being guessed. The error names every
/// such column. When some columns are confirmed month-first, the other date columns whose text dates never show
/// their order stay day-first and a warning says so.
fn date_orders(
    file: &str,
    sheet: &Sheet,
    head: &Header<Field>,
    opts: &ReadOptions,
) -> Result<(Vec<(Field, DateOrder)>, Warnings), ReadError> {
    let mut out = Vec::new();
    let mut month_first_only: Vec<(String, u32, String)> = Vec::new();
    let mut undecided: Vec<String> = Vec::new();
    for (f, col, text) in &head.mapped {
        if !f.is_date() {
            continue;
        }
        if confirmed_month_first(opts, *f, text) {
            out.push((*f, DateOrder::MonthFirst));
            continue;
        }
        let mut day_first_seen = false;
        let mut ambiguous_seen = false;
        let mut month_first_example: Option<(u32, String)> = None;
        for row in sheet.rows.iter().skip(head.data_start()) {
            if let Cell::Text(t) = row.cell(*col) {
                if let Some((a, b)) = dates::ambiguous_parts(t) {
                    if a > 12 && b <= 12 {
                        day_first_seen = true;
                    } else if b > 12 && a <= 12 {
                        if month_first_example.is_none() {
                            month_first_example = Some((row.number, t.trim().to_string()));
                        }
                    } else if a <= 12 && b <= 12 && a != b {
                        ambiguous_seen = true;
                    }
                }
            }
        }
        match (day_first_seen, month_first_example) {
            (false, Some((row, example))) => month_first_only.push((text.clone(), row, example)),
            (false, None) if ambiguous_seen => undecided.push(text.clone()),
            _ => {}
        }
        out.push((*f, DateOrder::DayFirst));
    }
    if !month_first_only.is_empty() {
        let names: Vec<String> = month_first_only.iter().map(|(t, _, _)| format!("\"{t}\"")).collect();
        let names = names.join(", ");
        let (_, row, example) = month_first_only.first().cloned().unwrap_or_default();
        let where_vi = if sheet.name.is_empty() { String::new() } else { format!(" (trang tính \"{}\")", sheet.name) };
        let where_en = if sheet.name.is_empty() { String::new() } else { format!(" (sheet \"{}\")", sheet.name) };
        return Err(ReadError::new(
            file,
            format!(
                "Cột {names}{where_vi} ghi ngày theo kiểu tháng trước ngày (ví dụ '{example}' ở dòng {row}). Không tự đoán: nếu đúng là tháng/ngày/năm, hãy xác nhận bằng tùy chọn đọc tháng trước cho cột {names}."
            ),
            format!(
                "Column {names}{where_en} has dates that only make sense month-first (e.g. '{example}' in row {row}). This is not guessed: if they are month/day/year, confirm it with the month-first option for column {names}."
            ),
        ));
    }
    let mut warnings = Vec::new();
    if out.iter().any(|(_, o)| *o == DateOrder::MonthFirst) {
        for t in undecided {
            warnings.push((
                format!("Cột \"{t}\" vẫn đọc theo ngày/tháng/năm dù cột khác đã xác nhận tháng trước: các ngày trong cột này không tự cho biết thứ tự, hãy kiểm tra hoặc xác nhận tháng trước cho cột này."),
                format!("Column \"{t}\" is still read day/month/year although other columns were confirmed month-first: its dates do not show their order; check it or confirm month-first for it too."),
            ));
        }
    }
    Ok((out, warnings))
}

/// (Vietnamese, English) sentences.
type Warnings = Vec<(String, String)>;

/// Why a cell could not be used: the column header, the raw value and the reasons.
pub(crate) struct Problem {
    pub column: String,
    pub value: String,
    pub vi: String,
    pub en: String,
}

/// Reads a date cell. `label` names the field in messages.
pub(crate) fn read_date(
    cell: &Cell,
    order: DateOrder,
    date1904: bool,
    label_vi: &str,
    label_en: &str,
) -> Result<Option<Moment>, (String, String)> {
    let raw = cell.raw();
    let invalid =
        || (format!("{label_vi} '{raw}' không phải ngày hợp lệ"), format!("{label_en} '{raw}' is not a valid date"));
    let unreadable = || {
        (
            format!("{label_vi} '{raw}' không đọc được thành ngày (cần dạng dd/mm/yyyy)"),
            format!("{label_en} '{raw}' cannot be read as a date (expected dd/mm/yyyy)"),
        )
    };
    match cell {
        Cell::Empty => Ok(None),
        Cell::Text(t) if t.trim().is_empty() => Ok(None),
        Cell::DateSerial(s) => dates::serial_to_moment(*s, date1904).map(Some).ok_or_else(invalid),
        Cell::Number(n) => number_date(*n, date1904).map(Some).ok_or_else(invalid),
        Cell::DateIso(s) => dates::parse_iso_cell(s).map(Some).ok_or_else(invalid),
        Cell::Text(t) => match dates::parse_text(t, order) {
            Ok(m) => Ok(Some(m)),
            Err(DateProblem::Impossible) => Err(invalid()),
            Err(DateProblem::YearOutOfRange) => Err((
                format!("{label_vi} '{raw}' có năm ngoài khoảng 1900–2200 (gõ nhầm năm?)"),
                format!("{label_en} '{raw}' has a year outside 1900–2200 (a typing slip?)"),
            )),
            Err(DateProblem::NotADate) => {
                // A CSV written from a spreadsheet may carry the serial number itself.
                let trimmed = t.trim();
                if !trimmed.is_empty() && trimmed.chars().all(|c| c.is_ascii_digit() || c == '.') {
                    if let Ok(n) = trimmed.parse::<f64>() {
                        if n >= 10_000.0 {
                            return number_date(n, date1904).map(Some).ok_or_else(invalid);
                        }
                    }
                }
                Err(unreadable())
            }
        },
        Cell::Error(e) => Err((
            format!("{label_vi}: ô chứa lỗi công thức {e}, không có giá trị ngày (hãy sửa công thức trong bảng tính)"),
            format!("{label_en}: the cell holds the formula error {e}, not a date (fix the formula in the spreadsheet)"),
        )),
        Cell::Bool(_) => Err(unreadable()),
    }
}

/// A number in a date column: an Excel serial, or yyyymmdd written as a number.
fn number_date(n: f64, date1904: bool) -> Option<Moment> {
    if n.fract() == 0.0 && (19_000_101.0..=22_001_231.0).contains(&n) {
        let v = n as i64;
        let d = chrono::NaiveDate::from_ymd_opt((v / 10_000) as i32, ((v / 100) % 100) as u32, (v % 100) as u32)?;
        return Some(Moment::day(d));
    }
    if n < 1.0 {
        return None;
    }
    dates::serial_to_moment(n, date1904)
}

/// Collects non-fatal oddities per column, reported once per column with a few examples.
#[derive(Default)]
pub(crate) struct Oddities {
    /// column, what (vi), what (en), (row, value) examples.
    #[allow(clippy::type_complexity)]
    items: Vec<(String, String, String, Vec<(u32, String)>)>,
}

impl Oddities {
    pub(crate) fn add(&mut self, column: &str, what_vi: &str, what_en: &str, row: u32, value: String) {
        match self.items.iter_mut().find(|(c, v, _, _)| c == column && v == what_vi) {
            Some((_, _, _, list)) => list.push((row, value)),
            None => self.items.push((column.to_string(), what_vi.to_string(), what_en.to_string(), vec![(row, value)])),
        }
    }

    pub(crate) fn into_warnings(self) -> Vec<(String, String)> {
        self.items
            .into_iter()
            .map(|(col, vi, en, list)| {
                let examples: Vec<String> = list.iter().take(5).map(|(r, v)| format!("'{v}' ({r})")).collect();
                let more = if list.len() > 5 { format!(", … {} ô", list.len()) } else { String::new() };
                let more_en = if list.len() > 5 { format!(", … {} cells", list.len()) } else { String::new() };
                (
                    format!("Cột \"{col}\": {vi}: {}{more}", examples.join(", ")),
                    format!("Column \"{col}\": {en}: {}{more_en}", examples.join(", ")),
                )
            })
            .collect()
    }
}

fn convert_rows(
    file: &str,
    format: super::Format,
    sheets: Vec<String>,
    sheet: &Sheet,
    head: &Header<Field>,
    orders: &[(Field, DateOrder)],
    progress: &mut dyn FnMut(super::Progress),
) -> DossierTable {
    let mut counts = Counts::default();
    let total = sheet.rows.len().saturating_sub(head.data_start()) as u64;
    let mut dossiers = Vec::new();
    let mut rejected = Vec::new();
    let mut odd = Oddities::default();
    let mut cache = Cache {
        file: file.into(),
        sheet: sheet.name.as_str().into(),
        names: Default::default(),
        texts: Default::default(),
        channels: Default::default(),
        tick_columns: Default::default(),
    };
    let mut footer_seen = false;
    let code_col = head.column_of(Field::Code);
    let due_col = head.column_of(Field::Due);
    let mapped_cols: Vec<usize> = head.mapped.iter().map(|(_, c, _)| *c).collect();
    let date_cols: Vec<usize> = head.mapped.iter().filter(|(f, _, _)| f.is_date()).map(|(_, c, _)| *c).collect();

    for row in sheet.rows.iter().skip(head.data_start()) {
        counts.rows += 1;
        if u64::from(counts.rows) % super::PROGRESS_EVERY == 0 {
            progress(super::Progress { stage: super::Stage::Convert, done: u64::from(counts.rows), total });
        }
        if row.is_blank() {
            counts.blank += 1;
            continue;
        }
        if header::repeats_header(row, head) || header::is_numbering_row(row) {
            counts.non_data += 1;
            continue;
        }
        let code_blank = code_col.is_none_or(|c| row.cell(c).is_blank());
        // "Tuy Phước, ngày 15 tháng 01 năm 2024" reads as a date: a footer line in the due-date column is still a
        // footer when the row has no dossier code.
        let due_is_date = || {
            due_col.is_some_and(|c| read_date(row.cell(c), DateOrder::DayFirst, sheet.date1904, "", "").is_ok_and(|m| m.is_some()))
        };
        if header::is_footer(row) && (code_blank || !due_is_date()) {
            footer_seen = true;
            counts.non_data += 1;
            continue;
        }
        let due_blank = due_col.is_none_or(|c| row.cell(c).is_blank());
        if footer_seen && (code_blank || due_blank) {
            counts.non_data += 1;
            continue;
        }
        if code_blank && is_heading(row, &mapped_cols, &date_cols) {
            counts.non_data += 1;
            continue;
        }
        if let Some(problem) = foreign_delimiter(row, format, head) {
            counts.rejected += 1;
            rejected.push(reject(file, &sheet.name, row.number, vec![problem]));
            continue;
        }
        match convert_row(file, sheet, head, orders, row, &mut odd, &mut cache) {
            Ok(d) => {
                counts.dossiers += 1;
                dossiers.push(d);
            }
            Err(problems) => {
                counts.rejected += 1;
                rejected.push(reject(file, &sheet.name, row.number, problems));
            }
        }
    }

    progress(super::Progress { stage: super::Stage::Convert, done: total, total });
    let mapping: Vec<ColumnMap> = head
        .mapped
        .iter()
        .map(|(f, c, h)| ColumnMap { field: *f, header: h.clone(), column: *c, letter: column_letter(*c) })
        .collect();
    let missing: Vec<Field> = Field::ALL.into_iter().filter(|f| head.column_of(*f).is_none()).collect();
    let mut warnings = Vec::new();
    for f in [Field::Unit, Field::Officer] {
        if missing.contains(&f) {
            warnings.push((
                format!("Không thấy cột {} (trường {}): các hồ sơ sẽ không có giá trị này.", f.label_vi(), f.name()),
                format!("No {} column (field {}): dossiers will have no value for it.", f.label_en(), f.name()),
            ));
        }
    }
    for (f, c, h) in &head.shadowed {
        if let Some(used) = head.header_of(*f) {
            warnings.push((
                format!("Cột \"{h}\" ({}) bị bỏ qua: trường {} đã lấy từ cột \"{used}\".", column_letter(*c), f.name()),
                format!(
                    "Column \"{h}\" ({}) is ignored: field {} already comes from column \"{used}\".",
                    column_letter(*c),
                    f.name()
                ),
            ));
        }
    }
    warnings.extend(odd.into_warnings());
    if counts.dossiers == 0 && counts.rejected == 0 {
        let at = sheet.rows.get(head.first).map(|r| r.number).unwrap_or(0);
        warnings.push((
            format!("Bảng không có dòng hồ sơ nào dưới dòng tiêu đề (dòng {at})."),
            format!("The table has no dossier rows under the header (row {at})."),
        ));
    }
    let last_header = sheet.rows.get(head.data_start().saturating_sub(1)).map(|r| r.number).unwrap_or(0);
    DossierTable {
        file: file.to_string(),
        format,
        sheet: sheet.name.clone(),
        sheets,
        header_row: sheet.rows.get(head.first).map(|r| r.number).unwrap_or(0),
        header_last_row: last_header,
        mapping,
        missing,
        dossiers,
        rejected,
        counts,
        warnings,
    }
}

/// A CSV row whose values all landed in one cell because it uses another delimiter than the rest of the file.
fn foreign_delimiter(row: &Row, format: super::Format, head: &Header<Field>) -> Option<Problem> {
    let super::Format::Csv { delimiter, .. } = format else { return None };
    if head.mapped.len() < 3 || row.non_blank().count() != 1 {
        return None;
    }
    let text = row.cells.iter().find_map(|c| c.text())?;
    let other = [',', ';', '\t'].into_iter().filter(|c| *c as u8 != delimiter).find(|c| text.matches(*c).count() >= 2)?;
    let show = |c: char| if c == '\t' { "tab".to_string() } else { c.to_string() };
    let (mine, theirs) = (show(delimiter as char), show(other));
    let value: String = text.chars().take(80).collect();
    Some(Problem {
        column: head.mapped.first().map(|(_, _, h)| h.clone()).unwrap_or_default(),
        value,
        vi: format!("Dòng này dùng dấu phân cách '{theirs}' khác với phần còn lại của tệp ('{mine}'): các cột bị dính vào nhau"),
        en: format!("This line uses the delimiter '{theirs}', unlike the rest of the file ('{mine}'): its columns ran together"),
    })
}

/// A heading or stray note: at most one value in the mapped columns and no date.
fn is_heading(row: &Row, mapped: &[usize], dates: &[usize]) -> bool {
    let in_mapped = mapped.iter().filter(|c| !row.cell(**c).is_blank()).count();
    let any_date = dates.iter().any(|c| !row.cell(*c).is_blank());
    !any_date && (in_mapped <= 1 || row.non_blank().count() <= 1)
}

pub(crate) fn reject(file: &str, sheet: &str, row: u32, problems: Vec<Problem>) -> Rejected {
    let mut it = problems.into_iter();
    let first = it.next().unwrap_or(Problem {
        column: String::new(),
        value: String::new(),
        vi: String::new(),
        en: String::new(),
    });
    let mut vi = first.vi;
    let mut en = first.en;
    for p in it {
        vi.push_str("; ");
        vi.push_str(&p.vi);
        en.push_str("; ");
        en.push_str(&p.en);
    }
    Rejected {
        source: SourcePos { file: file.into(), sheet: sheet.into(), row, column: Some(first.column) },
        value: first.value,
        reason_vi: vi,
        reason_en: en,
    }
}

/// Values that repeat down a log (units, officers, procedures, statuses, channels) are normalised once: a million
/// rows name a few hundred units and officers.
struct Cache {
    file: Arc<str>,
    sheet: Arc<str>,
    names: std::collections::HashMap<Arc<str>, Name>,
    texts: std::collections::HashMap<Arc<str>, Option<Arc<str>>>,
    channels: std::collections::HashMap<Arc<str>, Result<Option<Channel>, ()>>,
    tick_columns: std::collections::HashMap<usize, bool>,
}

impl Cache {
    fn name(&mut self, cell: &Cell) -> Name {
        let Cell::Text(t) = cell else { return Name::new(&cell.raw()) };
        if let Some(n) = self.names.get(&**t) {
            return n.clone();
        }
        let n = Name::new(t);
        self.names.insert(t.clone(), n.clone());
        n
    }

    fn text(&mut self, cell: &Cell) -> Option<Arc<str>> {
        let Cell::Text(t) = cell else { return values::parse_text(cell).map(Arc::from) };
        if let Some(v) = self.texts.get(&**t) {
            return v.clone();
        }
        let v = values::parse_text(cell).map(Arc::from);
        self.texts.insert(t.clone(), v.clone());
        v
    }
}

fn convert_row(
    file: &str,
    sheet: &Sheet,
    head: &Header<Field>,
    orders: &[(Field, DateOrder)],
    row: &Row,
    odd: &mut Oddities,
    cache: &mut Cache,
) -> Result<Dossier, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut d = Dossier {
        source: SourcePos { file: cache.file.clone(), sheet: cache.sheet.clone(), row: row.number, column: None },
        ..Dossier::default()
    };

    for (f, col, header_text) in &head.mapped {
        let cell = row.cell(*col);
        match f {
            Field::Code => match values::parse_code(cell) {
                Some(c) => d.code = c,
                None => problems.push(Problem {
                    column: header_text.clone(),
                    value: cell.raw(),
                    vi: format!("Thiếu mã hồ sơ (ô \"{header_text}\" trống)"),
                    en: format!("Missing dossier code (cell \"{header_text}\" is empty)"),
                }),
            },
            f if f.is_date() => {
                let order = orders.iter().find(|(of, _)| of == f).map(|(_, o)| *o).unwrap_or(DateOrder::DayFirst);
                match read_date(cell, order, sheet.date1904, f.label_vi(), f.label_en()) {
                    Ok(m) => {
                        let slot = match f {
                            Field::Received => &mut d.received,
                            Field::Due => &mut d.due,
                            Field::ExtendedDue => &mut d.extended_due,
                            Field::Finished => &mut d.finished,
                            _ => &mut d.returned,
                        };
                        *slot = m;
                        if *f == Field::Due && m.is_none() {
                            problems.push(Problem {
                                column: header_text.clone(),
                                value: String::new(),
                                vi: format!("Thiếu ngày hẹn trả (ô \"{header_text}\" trống)"),
                                en: format!("Missing due date (cell \"{header_text}\" is empty)"),
                            });
                        }
                    }
                    Err((vi, en)) => problems.push(Problem { column: header_text.clone(), value: cell.raw(), vi, en }),
                }
            }
            Field::Procedure => d.procedure = cache.text(cell),
            Field::FieldOfWork => d.field = cache.text(cell),
            Field::Status => d.status_text = cache.text(cell),
            Field::Unit => d.unit = cache.name(cell),
            Field::Officer => d.officer = cache.name(cell),
            Field::Channel => {
                let tick = *cache.tick_columns.entry(*col).or_insert_with(|| {
                    let k = fold_key(header_text);
                    k.contains("truc tuyen") && !k.contains("hinh thuc")
                });
                let parsed = match cell {
                    Cell::Text(t) => match cache.channels.get(&**t) {
                        Some(v) => *v,
                        None => {
                            let v = values::parse_channel(cell, tick);
                            cache.channels.insert(t.clone(), v);
                            v
                        }
                    },
                    _ => values::parse_channel(cell, tick),
                };
                match parsed {
                    Ok(c) => d.channel = c,
                    Err(()) => odd.add(
                        header_text,
                        "không hiểu hình thức nộp, bỏ trống",
                        "unknown channel, left empty",
                        row.number,
                        cell.raw(),
                    ),
                }
            }
            Field::StatutoryDays => match values::parse_days(cell) {
                Ok(n) => d.statutory_days = n,
                Err(()) => odd.add(
                    header_text,
                    "không đọc được số ngày, bỏ trống",
                    "not a number of days, left empty",
                    row.number,
                    cell.raw(),
                ),
            },
            Field::Apology => {
                // In an apology column a blank means no letter; anything but an explicit "no" (a date, a letter
                // number) means one was sent.
                d.apology = Some(if cell.is_blank() { false } else { values::parse_yes_no(cell).unwrap_or(true) });
            }
            _ => {}
        }
    }
    if problems.is_empty() {
        problems.extend(impossible_order(&d, head));
    }
    if problems.is_empty() {
        Ok(d)
    } else {
        Err(problems)
    }
}

/// A dossier cannot be due, finished or returned before it was received (an earlier day; times on the same day
/// are left alone, as logs often stamp the receipt after the appointment was printed).
fn impossible_order(d: &Dossier, head: &Header<Field>) -> Vec<Problem> {
    let Some(received) = d.received else { return Vec::new() };
    let mut out = Vec::new();
    for (field, value, vi_what, en_what) in [
        (Field::Due, d.due, "Ngày hẹn trả", "Due date"),
        (Field::Finished, d.finished, "Ngày hoàn thành", "Finished date"),
        (Field::Returned, d.returned, "Ngày trả kết quả", "Return date"),
    ] {
        if let Some(v) = value.filter(|v| v.date < received.date) {
            out.push(Problem {
                column: head.header_of(field).map(|h| h.to_string()).unwrap_or_else(|| field.label_vi().to_string()),
                value: v.display_vi(),
                vi: format!("{vi_what} {} trước ngày tiếp nhận {}", v.display_vi(), received.display_vi()),
                en: format!("{en_what} {} is before the receipt date {}", v.display_vi(), received.display_vi()),
            });
        }
    }
    out
}
