//! The last step for dossier logs: choose the sheet and header, decide each date column's order, then classify
//! and convert every row under the header.

use super::columns::column_letter;
use super::dates::{self, DateOrder, DateProblem};
use super::error::{ReadErrorKind, SummaryFormKind};
use super::field::{self, Field};
use super::header::{self, Header};
use super::source::{Cell, FillMerged, Memo, Merge, Row, RowStream, Sheet, HEADER_SCAN_ROWS};
use super::{portal_status, values};
use super::{
    ColumnMap, Counts, DossierTable, GroupField, Input, MapSource, NonDataRow, ReadError, ReadOptions, Rejected,
    NON_DATA_LISTED,
};
use crate::model::{fold_key, normalise_text, Channel, Dossier, Moment, Name, SourcePos, Text, Zone};
use std::sync::Arc;

/// Reads a dossier log (xlsx, xls, ods or csv/tsv, detected from the bytes).
///
/// `file_name` is only used in messages and [`SourcePos`]. Returns the dossiers, the rejected rows with their
/// reasons, the column mapping and the row accounting, or a whole-file [`ReadError`].
pub fn read_dossiers(file_name: &str, bytes: &[u8], opts: &ReadOptions) -> Result<DossierTable, ReadError> {
    read_dossiers_with(file_name, bytes, opts, &mut |_| {})
}

/// [`read_dossiers`], reporting progress (rows read and converted) every few thousand rows.
///
/// The rows are streamed: the header is searched in the first rows of each sheet, then the chosen sheet is read
/// from the top once, each row converted as it arrives, so a million-row log is never held as cells. Only a sheet
/// with merged cells below its header (known at its end in xlsx) is read a second time, its merged values filled
/// down.
pub fn read_dossiers_with(
    file_name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
    progress: &mut dyn FnMut(super::Progress),
) -> Result<DossierTable, ReadError> {
    let mut input = Input::open(file_name, bytes)?;
    let found = find_table(file_name, &mut input, opts, progress)?;
    let (format, sheets) = (input.format, input.sheets.clone());
    let header_end = found.header_end;

    // Merged regions below the header are filled down as rows pass. xls and ods know them before the first row;
    // xlsx lists them after its cells, so a sheet that has some is read a second time with them.
    let below = |m: &[Merge]| -> Vec<Merge> {
        m.iter().filter(|(r0, _, r1, _)| *r0 > header_end && r1 > r0).copied().collect()
    };
    let mut merges: Vec<Merge> = Vec::new();
    loop {
        let mut rows = input.rows(file_name, &found.sheet, progress)?;
        if merges.is_empty() {
            merges = below(rows.merges());
        }
        let mut conv = Converter::new(file_name, format, &found.sheet, &found.head, opts, rows.date1904());
        conv.run(&mut FillMerged::new(&mut *rows, &merges, header_end), header_end, progress)?;
        let found = below(rows.merges());
        if found == merges {
            return conv.finish(sheets);
        }
        merges = found;
    }
}

/// Where a log's dossier table is: its sheet, its header and the number of the header's last row (the rows are
/// numbered from 1 without gaps in the search, so data starts on the next row).
pub(crate) struct HeaderFound {
    pub sheet: String,
    pub head: Header<Field>,
    pub header_end: u32,
}

/// Searches the first rows of each sheet (or the one asked for) for the best dossier header, and applies the
/// caller's column mapping to it.
pub(crate) fn find_table(
    file_name: &str,
    input: &mut Input<'_>,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(super::Progress),
) -> Result<HeaderFound, ReadError> {
    let dict = header::Dict::from_entries(field::dictionary().iter().copied()).with_explicit(&opts.mapping);
    let forced = |f: Field| opts.mapping.iter().any(|(m, _)| *m == f);
    let accept = |fields: &[Field]| {
        (fields.contains(&Field::Code) || forced(Field::Code)) && (fields.contains(&Field::Due) || forced(Field::Due))
    };

    let mut heads: Vec<Head> = Vec::new();
    let mut best: Option<(usize, Header<Field>)> = None;
    let names = input.sheets_to_read(file_name, opts.sheet.as_deref())?;
    // While searching several sheets, one that cannot be read (a chart sheet) is passed over.
    let mut unreadable: Option<ReadError> = None;
    for name in &names {
        let head = match input.rows(file_name, name, progress).and_then(|mut rows| Head::read(name, &mut *rows)) {
            Ok(h) => h,
            Err(e) if names.len() > 1 => {
                unreadable.get_or_insert(e);
                continue;
            }
            Err(e) => return Err(e),
        };
        if let Some(h) = header::find_header(&head.sheet.rows, &dict, accept) {
            if best.as_ref().is_none_or(|(_, b)| header::score(&h) > header::score(b)) {
                best = Some((heads.len(), h));
            }
        }
        heads.push(head);
    }
    let Some((index, mut head)) = best else {
        return Err(match unreadable {
            // An empty worksheet beside chart sheets is named as such (no_table), not by the chart's error.
            Some(e)
                if input.charts.is_empty()
                    && heads.iter().all(|h| !h.more && h.sheet.rows.iter().all(|r| r.is_blank())) =>
            {
                e
            }
            _ => no_table(file_name, &heads, &dict, &input.charts),
        });
    };
    for (f, text) in &opts.mapping {
        if !head.force(*f, text) {
            return Err(ReadError::new(file_name, ReadErrorKind::NoSuchColumn { field: *f, header: text.clone() }));
        }
    }
    if head.column_of(Field::Code).is_none() || head.column_of(Field::Due).is_none() {
        return Err(no_table(file_name, &heads, &dict, &input.charts));
    }
    let sheet = heads.swap_remove(index).sheet.name;
    // Head rows are numbered from 1 without gaps: the row at index i is row i + 1.
    let header_end = head.data_start() as u32;
    Ok(HeaderFound { sheet, head, header_end })
}

/// The first rows of a sheet (numbered from 1, gaps filled with blank rows), where the header is searched.
struct Head {
    sheet: Sheet,
    /// Whether the sheet goes on below these rows.
    more: bool,
}

impl Head {
    fn read(name: &str, rows: &mut dyn RowStream) -> Result<Head, ReadError> {
        let mut sheet =
            Sheet { name: name.to_string(), rows: Vec::new(), date1904: rows.date1904(), merges: Vec::new() };
        let limit = HEADER_SCAN_ROWS as u32 + 1;
        while let Some(row) = rows.next_row()? {
            if row.number > limit {
                return Ok(Head { sheet, more: true });
            }
            sheet.push_numbered(row);
        }
        Ok(Head { sheet, more: false })
    }
}

fn no_table(file: &str, heads: &[Head], dict: &header::Dict<Field>, charts: &[String]) -> ReadError {
    // A summary report or a process slip is no dossier list: say what to export instead of "map a column".
    if let Some(form) = summary_form(heads) {
        return ReadError::new(file, ReadErrorKind::SummaryForm { form });
    }
    // Say what was found, so the user can fix it with --map.
    let mut best: Option<(String, Header<Field>)> = None;
    for s in heads.iter().map(|h| &h.sheet) {
        if let Some(h) = header::find_header(&s.rows, dict, |_| true) {
            if best.as_ref().is_none_or(|(_, b)| header::score(&h) > header::score(b)) {
                best = Some((s.name.clone(), h));
            }
        }
    }
    match best {
        Some((sheet, h)) => {
            let missing = [Field::Code, Field::Due].into_iter().filter(|f| h.column_of(*f).is_none()).collect();
            let row = h.first as u32 + 1;
            ReadError::new(file, ReadErrorKind::NoTable { sheet: sheet.clone(), row, missing }).at(&sheet, Some(row))
        }
        None if heads.iter().all(|h| !h.more && h.sheet.rows.iter().all(|r| r.is_blank())) => {
            if charts.is_empty() {
                ReadError::new(file, ReadErrorKind::EmptyWorkbook)
            } else {
                ReadError::new(file, ReadErrorKind::EmptyBesideChart { charts: charts.to_vec() })
            }
        }
        None => ReadError::new(file, ReadErrorKind::NoHeader),
    }
}

/// Recognises the official forms that count or trace dossiers without listing them, by the words of their first
/// rows (folded): Biểu II.06a/VPCP/KSTT's result columns (trước hạn, đúng hạn, quá hạn and trong hạn, or its own
/// name), and the process-control slip of TT 01/2018/TT-VPCP Mẫu số 05 (TT 03/2025 Mẫu 06).
fn summary_form(heads: &[Head]) -> Option<SummaryFormKind> {
    let mut words: Vec<String> = Vec::new();
    for row in heads.iter().flat_map(|h| &h.sheet.rows) {
        words.extend(row.non_blank().filter_map(|(_, c)| c.text()).map(fold_key));
    }
    let has = |w: &str| words.iter().any(|t| t.contains(w));
    let is = |w: &str| words.iter().any(|t| t == w);
    if has("phieu kiem soat qua trinh") || has("thoi gian giao nhan ho so") {
        return Some(SummaryFormKind::ProcessSlip);
    }
    let results = is("truoc han") && is("dung han") && is("qua han") && is("trong han");
    if results || has("ii 06a vpcp kstt") || has("ii06a vpcp kstt") {
        return Some(SummaryFormKind::ResultsTable);
    }
    None
}

/// The dictionary wording a column's header matched for `field`, and where that wording comes from: the same
/// match the header search made (the header's words folded, PascalCase/camelCase split; the exact wording, else the
/// longest wording of two words or more standing in it). Asked once per mapped column.
fn wording_of(field: Field, header: &str) -> Option<(&'static str, &'static str)> {
    let key = header::header_key(header);
    let mut best: Option<(bool, usize, &'static str, &'static str)> = None;
    for (f, text, source) in field::sourced() {
        if *f != Some(field) {
            continue;
        }
        let w = header::header_key(text);
        let exact = w == key;
        if exact || w.contains(' ') && header::has_words(&key, &w) {
            let rank = (exact, w.len());
            // On a tie the later entry wins: the file goes from the common wordings to the forms' and the portal's.
            if best.is_none_or(|(e, l, _, _)| rank >= (e, l)) {
                best = Some((exact, w.len(), text, source));
            }
        }
    }
    best.map(|(_, _, t, s)| (t, s))
}

/// Whether the caller confirmed month-first for this column.
fn confirmed_month_first(opts: &ReadOptions, f: Field, header_text: &str) -> bool {
    opts.month_first_columns.iter().any(|c| {
        let k = fold_key(c);
        c.trim() == "*" || k == fold_key(header_text) || k == fold_key(f.name()) || Field::parse(c) == Some(f)
    })
}

/// Why a cell could not be used: the column header, the raw value and the reasons.
pub(crate) struct Problem {
    pub column: String,
    pub value: String,
    pub reason: Text,
}

/// Reads a date cell. `label` names the field in messages.
pub(crate) fn read_date(
    cell: &Cell,
    order: DateOrder,
    date1904: bool,
    label_vi: &str,
    label_en: &str,
) -> Result<Option<Moment>, Text> {
    // The value as shown, only for messages (formatting every date cell costs more than reading it).
    let raw = || cell.raw();
    let invalid = || {
        let raw = raw();
        Text::new(
            format!("{label_vi} '{raw}' không phải ngày hợp lệ"),
            format!("{label_en} '{raw}' is not a valid date"),
        )
    };
    let unreadable = || {
        let raw = raw();
        Text::new(
            format!("{label_vi} '{raw}' không đọc được thành ngày (cần dạng dd/mm/yyyy)"),
            format!("{label_en} '{raw}' cannot be read as a date (expected dd/mm/yyyy)"),
        )
    };
    match cell {
        Cell::Empty => Ok(None),
        Cell::Text(_) | Cell::Short(_) if cell.is_blank() => Ok(None),
        Cell::DateSerial(s) => dates::serial_to_moment(*s, date1904).map(Some).ok_or_else(invalid),
        Cell::Number(n) => number_date(*n, date1904).map(Some).ok_or_else(invalid),
        Cell::DateIso(s) => dates::parse_iso_cell(s).map(Some).ok_or_else(invalid),
        Cell::Text(_) | Cell::Short(_) => {
            let t = cell.text().unwrap_or_default();
            match dates::parse_text(t, order) {
                Ok(m) => Ok(Some(m)),
                Err(DateProblem::Impossible) => Err(invalid()),
                Err(DateProblem::YearOutOfRange) => Err(Text::new(
                    format!("{label_vi} '{}' có năm ngoài khoảng 1900–2200 (gõ nhầm năm?)", raw()),
                    format!("{label_en} '{}' has a year outside 1900–2200 (a typing slip?)", raw()),
                )),
                Err(DateProblem::TwoDigitYear) => Err(Text::new(
                    format!(
                        "{label_vi} '{}' có năm viết 2 chữ số: không biết là thế kỷ nào (hãy xuất lại với năm đủ 4 chữ số)",
                        raw()
                    ),
                    format!(
                        "{label_en} '{}' has a two-digit year: the century is unknown (export again with four-digit years)",
                        raw()
                    ),
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
            }
        }
        Cell::Error(e) => Err(Text::new(
            format!("{label_vi}: ô chứa lỗi công thức {e}, không có giá trị ngày (hãy sửa công thức trong bảng tính)"),
            format!(
                "{label_en}: the cell holds the formula error {e}, not a date (fix the formula in the spreadsheet)"
            ),
        )),
        Cell::Bool(_) => Err(unreadable()),
    }
}

/// A number in a date column: an Excel serial, yyyymmdd, or yyyyMMddHHmmss as the national portal writes it
/// (Vietnam time).
fn number_date(n: f64, date1904: bool) -> Option<Moment> {
    if n.fract() == 0.0 && (19_000_101_000_000.0..=22_001_231_235_959.0).contains(&n) {
        let v = n as i64;
        let (date, time) = (v / 1_000_000, v % 1_000_000);
        let d =
            chrono::NaiveDate::from_ymd_opt((date / 10_000) as i32, ((date / 100) % 100) as u32, (date % 100) as u32)?;
        let t =
            chrono::NaiveTime::from_hms_opt((time / 10_000) as u32, ((time / 100) % 100) as u32, (time % 100) as u32)?;
        return Some(Moment::at(d, t));
    }
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
    pub items: Vec<(String, String, String, Vec<(u32, String)>)>,
}

impl Oddities {
    pub(crate) fn add(&mut self, column: &str, what_vi: &str, what_en: &str, row: u32, value: String) {
        match self.items.iter_mut().find(|(c, v, _, _)| c == column && v == what_vi) {
            Some((_, _, _, list)) => list.push((row, value)),
            None => self.items.push((column.to_string(), what_vi.to_string(), what_en.to_string(), vec![(row, value)])),
        }
    }

    pub(crate) fn into_warnings(self) -> Vec<Text> {
        self.items
            .into_iter()
            .map(|(col, vi, en, list)| {
                let examples: Vec<String> = list.iter().take(5).map(|(r, v)| format!("'{v}' ({r})")).collect();
                let more = if list.len() > 5 { format!(", … {} ô", list.len()) } else { String::new() };
                let more_en = if list.len() > 5 { format!(", … {} cells", list.len()) } else { String::new() };
                Text::new(
                    format!("Cột \"{col}\": {vi}: {}{more}", examples.join(", ")),
                    format!("Column \"{col}\": {en}: {}{more_en}", examples.join(", ")),
                )
            })
            .collect()
    }
}

/// What the text dates of one date column say about their order, gathered as rows pass.
struct OrderSeen {
    column: usize,
    header: String,
    /// Confirmed month-first by the caller.
    confirmed: bool,
    /// A date whose first number is above 12 (only day-first makes sense).
    day_first: bool,
    /// A date with both numbers 12 or less and different (either order makes sense).
    ambiguous: bool,
    /// The first date whose second number is above 12 (only month-first makes sense): row, text.
    month_first: Option<(u32, String)>,
}

/// What one date column's rows said of their order: a day-first date seen, an ambiguous one seen, the first date
/// that only makes sense month-first (row, text). See [`OrderSeen`].
pub(crate) type OrderEvidence = (bool, bool, Option<(u32, String)>);

/// What a [`Converter`] gathered from its rows: a second half's, sent to the worker reading the first (`halves`).
#[derive(Default)]
pub(crate) struct Gathered {
    pub counts: Counts,
    pub dossiers: Vec<Dossier>,
    pub rejected: Vec<Rejected>,
    pub non_data_rows: Vec<NonDataRow>,
    pub odd: Oddities,
    /// Per date column, in the header's order.
    pub orders: Vec<OrderEvidence>,
    pub footer_seen: bool,
    /// Whether a group heading gave its value to rows (`halves` cannot join such halves).
    pub groups_seen: bool,
}

/// Classifies and converts the rows under the header one at a time, counting every row exactly once.
///
/// Text dates are read day-first unless the caller confirmed month-first for their column. A column whose text dates
/// only make sense month-first (a second number above 12, never a first one) fails the read at the end instead of
/// being guessed; the error names every such column.
pub(crate) struct Converter {
    file: String,
    format: super::Format,
    sheet: String,
    head: Header<Field>,
    date1904: bool,
    orders: Vec<(Field, DateOrder)>,
    seen: Vec<OrderSeen>,
    counts: Counts,
    dossiers: Vec<Dossier>,
    rejected: Vec<Rejected>,
    non_data_rows: Vec<NonDataRow>,
    odd: Oddities,
    cache: Cache,
    footer_seen: bool,
    groups: Groups,
    repeat: header::HeaderRepeat,
    code_col: Option<usize>,
    due_col: Option<usize>,
    mapped_cols: Vec<usize>,
    date_cols: Vec<usize>,
    /// Fields whose column the user chose (the mapping option).
    chosen: Vec<Field>,
}

impl Converter {
    pub(crate) fn new(
        file: &str,
        format: super::Format,
        sheet: &str,
        head: &Header<Field>,
        opts: &ReadOptions,
        date1904: bool,
    ) -> Self {
        let mut orders = Vec::new();
        let mut seen = Vec::new();
        for (f, col, text) in head.mapped.iter().filter(|(f, _, _)| f.is_date()) {
            let confirmed = confirmed_month_first(opts, *f, text);
            orders.push((*f, if confirmed { DateOrder::MonthFirst } else { DateOrder::DayFirst }));
            seen.push(OrderSeen {
                column: *col,
                header: text.clone(),
                confirmed,
                day_first: false,
                ambiguous: false,
                month_first: None,
            });
        }
        Converter {
            chosen: opts.mapping.iter().map(|(f, _)| *f).collect(),
            file: file.to_string(),
            format,
            sheet: sheet.to_string(),
            head: head.clone(),
            date1904,
            orders,
            seen,
            counts: Counts::default(),
            dossiers: Vec::new(),
            rejected: Vec::new(),
            non_data_rows: Vec::new(),
            odd: Oddities::default(),
            cache: Cache {
                file: file.into(),
                sheet: sheet.into(),
                names: Default::default(),
                texts: Default::default(),
                channels: Default::default(),
                statuses: Default::default(),
                codes_noted: vec![false; portal_status::portal_statuses().len()],
                tick_columns: Default::default(),
            },
            footer_seen: false,
            groups: Groups {
                want_unit: head.column_of(Field::Unit).is_none(),
                want_field: head.column_of(Field::FieldOfWork).is_none(),
                ..Groups::default()
            },
            repeat: header::HeaderRepeat::new(head),
            code_col: head.column_of(Field::Code),
            due_col: head.column_of(Field::Due),
            mapped_cols: head.mapped.iter().map(|(_, c, _)| *c).collect(),
            date_cols: head.mapped.iter().filter(|(f, _, _)| f.is_date()).map(|(_, c, _)| *c).collect(),
        }
    }

    /// Every row below `header_end` (the last header row's number); rows the stream skipped are blank rows.
    pub(crate) fn run(
        &mut self,
        rows: &mut dyn RowStream,
        header_end: u32,
        progress: &mut dyn FnMut(super::Progress),
    ) -> Result<(), ReadError> {
        self.run_handing(rows, header_end, progress, usize::MAX, &mut |_| {})
    }

    /// [`Self::run`], handing the dossiers to `hand` each time `every` of them are made, and forgetting them (the
    /// second half of a log read in halves sends them on as it goes). What is left is for [`Self::gathered`].
    pub(crate) fn run_handing(
        &mut self,
        rows: &mut dyn RowStream,
        header_end: u32,
        progress: &mut dyn FnMut(super::Progress),
        every: usize,
        hand: &mut dyn FnMut(&[Dossier]),
    ) -> Result<(), ReadError> {
        let every = every.max(1);
        let mut next = header_end + 1;
        progress(super::Progress { stage: super::Stage::Read, done: 0, total: 0 });
        while let Some(row) = rows.next_row()? {
            if row.number < next {
                continue;
            }
            let gap = row.number - next;
            self.counts.rows += gap;
            self.counts.blank += gap;
            next = row.number + 1;
            self.counts.rows += 1;
            if u64::from(self.counts.rows) % super::PROGRESS_EVERY == 0 {
                // The total is an estimate from the bytes read so far, until the end.
                let done = u64::from(self.counts.rows);
                let (bytes, of) = rows.progress();
                let total = if bytes > 0 && of > bytes { (done as f64 * of as f64 / bytes as f64) as u64 } else { 0 };
                progress(super::Progress { stage: super::Stage::Read, done, total });
                // A list handed on as it fills is never sized for the whole sheet.
                if every == usize::MAX {
                    self.make_room(total as usize);
                }
            }
            self.take(&row);
            rows.recycle(row);
            if self.dossiers.len() >= every {
                hand(&self.dossiers);
                self.dossiers.clear();
            }
        }
        let done = u64::from(self.counts.rows);
        progress(super::Progress { stage: super::Stage::Convert, done, total: done });
        Ok(())
    }

    /// Sizes the dossier list for the `estimated` rows of the sheet, with an eighth to spare, when it is about to
    /// fill: left to itself it doubles, and in wasm, whose memory never shrinks, each doubling leaves the old list
    /// behind as touched memory (a 1M-row sheet took 400 MB for a 200 MB list). Room reserved and not used is never
    /// touched and costs nothing.
    fn make_room(&mut self, estimated: usize) {
        let (len, spare) = (self.dossiers.len(), self.dossiers.capacity() - self.dossiers.len());
        let wanted = estimated + estimated / 8;
        if spare < 2 * super::PROGRESS_EVERY as usize && wanted > len {
            self.dossiers.reserve_exact((wanted - len).max(len / 8));
        }
    }

    /// One row of the table. Never inlined into the loop above: V8 runs a wasm function entered once in its
    /// baseline code until the function is called again (it cannot switch a running loop to optimised code), so
    /// the row's work must be a function of its own, called a million times, to be optimised (10–15% of a read).
    #[inline(never)]
    fn take(&mut self, row: &Row) {
        self.note_orders(row);
        self.push(row);
    }

    fn note_orders(&mut self, row: &Row) {
        for s in &mut self.seen {
            let Some(t) = row.cell(s.column).text() else { continue };
            let Some((a, b)) = dates::ambiguous_parts(t) else { continue };
            if a > 12 && b <= 12 {
                s.day_first = true;
            } else if b > 12 && a <= 12 {
                if s.month_first.is_none() {
                    s.month_first = Some((row.number, t.trim().to_string()));
                }
            } else if a <= 12 && b <= 12 && a != b {
                s.ambiguous = true;
            }
        }
    }

    /// A row that is no dossier, counted and (the first [`NON_DATA_LISTED`]) listed with why.
    fn skip(&mut self, row: &Row, why: NonData) {
        self.counts.non_data += 1;
        if self.non_data_rows.len() < NON_DATA_LISTED {
            let source = SourcePos {
                file: self.cache.file.clone(),
                sheet: self.cache.sheet.clone(),
                row: row.number,
                column: None,
            };
            self.non_data_rows.push(NonDataRow { source, text: row_text(row), reason: why.reason() });
        }
    }

    fn push(&mut self, row: &Row) {
        if row.is_blank() {
            self.counts.blank += 1;
            return;
        }
        if self.repeat.repeats(row) {
            return self.skip(row, NonData::RepeatedHeader);
        }
        if header::is_numbering_row(row) {
            return self.skip(row, NonData::Numbering);
        }
        let (code_col, due_col) = (self.code_col, self.due_col);
        let code_blank = code_col.is_none_or(|c| row.cell(c).is_blank());
        // "Tuy Phước, ngày 15 tháng 01 năm 2024" reads as a date: a footer line in the due-date column is still a
        // footer when the row has no dossier code.
        let due_is_date = || {
            due_col.is_some_and(|c| {
                read_date(row.cell(c), DateOrder::DayFirst, self.date1904, "", "").is_ok_and(|m| m.is_some())
            })
        };
        if let Some(kind) = header::footer_kind(row).filter(|_| code_blank || !due_is_date()) {
            self.footer_seen = true;
            return self.skip(row, NonData::Footer(kind));
        }
        let due_blank = due_col.is_none_or(|c| row.cell(c).is_blank());
        if self.footer_seen && (code_blank || due_blank) {
            return self.skip(row, NonData::UnderFooter);
        }
        if (self.groups.want_unit || self.groups.want_field) && self.groups.heading(row, code_col, &self.date_cols) {
            return self.skip(row, NonData::GroupHeading);
        }
        if code_blank && is_heading(row, &self.mapped_cols, &self.date_cols) {
            return self.skip(row, NonData::Heading);
        }
        let head = &self.head;
        let counts = &mut self.counts;
        if let Some(problem) = foreign_delimiter(row, self.format, head) {
            counts.rejected += 1;
            self.rejected.push(reject(&self.file, &self.sheet, row.number, vec![problem]));
            return;
        }
        match convert_row(self.date1904, head, &self.orders, row, &mut self.odd, &mut self.cache) {
            Ok(mut d) => {
                self.groups.give(&mut d);
                counts.dossiers += 1;
                self.dossiers.push(d);
            }
            Err(problems) => {
                counts.rejected += 1;
                self.rejected.push(reject(&self.file, &self.sheet, row.number, problems));
            }
        }
    }

    pub(crate) fn finish(mut self, sheets: Vec<String>) -> Result<DossierTable, ReadError> {
        self.dossiers.shrink_to_fit();
        let warnings = self.order_problems()?;
        let group_fields = self.groups.fields();
        let head = self.head;
        let mut table = DossierTable {
            file: self.file,
            format: self.format,
            sheet: self.sheet,
            sheets,
            header_row: head.first as u32 + 1,
            header_last_row: head.data_start() as u32,
            mapping: head
                .mapped
                .iter()
                .map(|(f, c, h)| ColumnMap {
                    field: *f,
                    header: h.clone(),
                    column: *c,
                    letter: column_letter(*c),
                    source: if self.chosen.contains(f) {
                        MapSource::Chosen
                    } else {
                        let (wording, source) = wording_of(*f, h).unwrap_or((h.as_str(), "data/headers.toml"));
                        MapSource::Dictionary { wording: wording.to_string(), source: source.to_string() }
                    },
                })
                .collect(),
            missing: Field::ALL
                .into_iter()
                .filter(|f| head.column_of(*f).is_none() && group_fields.iter().all(|g| g.field != *f))
                .collect(),
            dossiers: self.dossiers,
            rejected: self.rejected,
            non_data_rows: self.non_data_rows,
            counts: self.counts,
            warnings,
            group_fields,
        };
        for g in &table.group_fields {
            table.warnings.push(g.note());
        }
        for f in [Field::Unit, Field::Officer] {
            if table.missing.contains(&f) {
                table.warnings.push(Text::new(
                    format!(
                        "Không thấy cột {} (trường {}): các hồ sơ sẽ không có giá trị này.",
                        f.label_vi(),
                        f.name()
                    ),
                    format!("No {} column (field {}): dossiers will have no value for it.", f.label_en(), f.name()),
                ));
            }
        }
        if head.fallbacks.contains(&Field::Unit) {
            let (h, c) = (head.header_of(Field::Unit).unwrap_or_default(), head.column_of(Field::Unit).unwrap_or(0));
            table.warnings.push(Text::new(
                format!(
                    "Cột \"{h}\" ({}) là nơi tiếp nhận hồ sơ, không phải đơn vị xử lý; bảng không có cột đơn vị xử lý \
                     nên hồ sơ trễ hạn được tính cho nơi tiếp nhận.",
                    column_letter(c)
                ),
                format!(
                    "Column \"{h}\" ({}) is the desk that received the dossiers, not the unit that handled them; the \
                     table has no handling unit column, so late dossiers are charged to the receiving desk.",
                    column_letter(c)
                ),
            ));
        }
        if head.fallbacks.contains(&Field::Officer) {
            let (h, c) =
                (head.header_of(Field::Officer).unwrap_or_default(), head.column_of(Field::Officer).unwrap_or(0));
            table.warnings.push(Text::new(
                format!("Cán bộ lấy từ cột \"{h}\" ({}): cán bộ đang xử lý hồ sơ.", column_letter(c)),
                format!(
                    "Officers come from column \"{h}\" ({}): the officer now handling the dossier.",
                    column_letter(c)
                ),
            ));
        }
        for (f, c, h) in &head.shadowed {
            if let Some(used) = head.header_of(*f) {
                table.warnings.push(Text::new(
                    format!(
                        "Cột \"{h}\" ({}) bị bỏ qua: trường {} đã lấy từ cột \"{used}\".",
                        column_letter(*c),
                        f.name()
                    ),
                    format!(
                        "Column \"{h}\" ({}) is ignored: field {} already comes from column \"{used}\".",
                        column_letter(*c),
                        f.name()
                    ),
                ));
            }
        }
        table.warnings.extend(self.odd.into_warnings());
        if table.counts.dossiers == 0 && table.counts.rejected == 0 {
            let at = table.header_row;
            table.warnings.push(Text::new(
                format!("Bảng không có dòng hồ sơ nào dưới dòng tiêu đề (dòng {at})."),
                format!("The table has no dossier rows under the header (row {at})."),
            ));
        }
        Ok(table)
    }

    /// The shared file and sheet names every dossier's source points to.
    pub(crate) fn source_names(&self) -> (Arc<str>, Arc<str>) {
        (self.cache.file.clone(), self.cache.sheet.clone())
    }

    /// What the rows gave, for joining to the rows above them (`halves`).
    pub(crate) fn gathered(self) -> Gathered {
        Gathered {
            counts: self.counts,
            dossiers: self.dossiers,
            rejected: self.rejected,
            non_data_rows: self.non_data_rows,
            odd: self.odd,
            orders: self.seen.into_iter().map(|s| (s.day_first, s.ambiguous, s.month_first)).collect(),
            footer_seen: self.footer_seen,
            groups_seen: !self.groups.rows.is_empty(),
        }
    }

    /// Whether a footer line or a group heading was seen: the rows after it are read differently (`push`), so rows
    /// read apart from these could not be joined to them.
    pub(crate) fn footer_seen(&self) -> bool {
        self.footer_seen || !self.groups.rows.is_empty()
    }

    pub(crate) fn counts(&self) -> Counts {
        self.counts
    }

    /// The dossiers so far, for a second half's to be appended straight to them (`halves`; see [`Self::join`]: a
    /// copy of 80 MB less than appending a list).
    pub(crate) fn dossiers(&mut self) -> &mut Vec<Dossier> {
        &mut self.dossiers
    }

    /// Adds the rows below, read apart from these with row numbers `off` less than the whole file's, after `blank`
    /// blank rows between the two: their counts, rejected rows, oddities and date-order evidence. Their dossiers
    /// are appended by the caller, renumbered ([`Self::dossiers`]); `below.dossiers` is not read. `None` when they
    /// don't fit (another number of date columns).
    pub(crate) fn join(&mut self, below: Gathered, off: u32, blank: u32) -> Option<()> {
        if below.orders.len() != self.seen.len() || below.groups_seen {
            return None;
        }
        let c = &mut self.counts;
        c.rows += blank + below.counts.rows;
        c.blank += blank + below.counts.blank;
        c.dossiers += below.counts.dossiers;
        c.rejected += below.counts.rejected;
        c.non_data += below.counts.non_data;
        self.rejected.extend(below.rejected.into_iter().map(|mut r| {
            r.source.row += off;
            r
        }));
        let room = NON_DATA_LISTED.saturating_sub(self.non_data_rows.len());
        self.non_data_rows.extend(below.non_data_rows.into_iter().take(room).map(|mut r| {
            r.source.row += off;
            r
        }));
        for (column, vi, en, list) in below.odd.items {
            // A portal status code is told once, with the first row that holds it.
            if portal_status::is_note(&vi) && self.odd.items.iter().any(|(c, v, _, _)| *c == column && *v == vi) {
                continue;
            }
            for (row, value) in list {
                self.odd.add(&column, &vi, &en, row + off, value);
            }
        }
        for (s, (day_first, ambiguous, month_first)) in self.seen.iter_mut().zip(below.orders) {
            s.day_first |= day_first;
            s.ambiguous |= ambiguous;
            if s.month_first.is_none() {
                s.month_first = month_first.map(|(row, text)| (row + off, text));
            }
        }
        self.footer_seen |= below.footer_seen;
        Some(())
    }

    /// The error for columns whose dates only make sense month-first, or the warnings for columns left day-first
    /// although others were confirmed month-first.
    fn order_problems(&self) -> Result<Vec<Text>, ReadError> {
        let month_first_only: Vec<&OrderSeen> =
            self.seen.iter().filter(|s| !s.confirmed && !s.day_first && s.month_first.is_some()).collect();
        if let Some(first) = month_first_only.first() {
            let columns = month_first_only.iter().map(|s| s.header.clone()).collect();
            let (row, example) = first.month_first.clone().unwrap_or_default();
            let sheet = self.sheet.clone();
            return Err(ReadError::new(&self.file, ReadErrorKind::MonthFirst { columns, sheet, row, example })
                .at(&self.sheet, Some(row)));
        }
        let mut warnings = Vec::new();
        if self.seen.iter().any(|s| s.confirmed) {
            for s in self.seen.iter().filter(|s| !s.confirmed && !s.day_first && s.month_first.is_none() && s.ambiguous)
            {
                let t = &s.header;
                warnings.push(Text::new(
                    format!(
                        "Cột \"{t}\" vẫn đọc theo ngày/tháng/năm dù cột khác đã xác nhận tháng trước: các ngày \
                        trong cột này không tự cho biết thứ tự, hãy kiểm tra hoặc xác nhận tháng trước cho cột này."
                    ),
                    format!(
                        "Column \"{t}\" is still read day/month/year although other columns were confirmed \
                        month-first: its dates do not show their order; check it or confirm month-first for it too."
                    ),
                ));
            }
        }
        Ok(warnings)
    }
}

/// Group heading rows: a row whose only text names a unit ("Đơn vị: Phòng Tư pháp", "2. Phòng Tài nguyên và Môi
/// trường") or a field of work ("I. Lĩnh vực Tư pháp") gives it to the dossiers under it, up to the next heading,
/// when the table has no column for it.
#[derive(Default)]
struct Groups {
    want_unit: bool,
    want_field: bool,
    unit: Option<Name>,
    field: Option<Arc<str>>,
    /// The heading rows seen: the field each gave, and its row.
    rows: Vec<(Field, u32)>,
}

/// How a heading names what it groups: the words it starts with (folded), and the field they mean.
const GROUP_PREFIXES: &[(&str, Field)] = &[
    ("linh vuc", Field::FieldOfWork),
    ("nhom linh vuc", Field::FieldOfWork),
    ("don vi xu ly", Field::Unit),
    ("don vi thu ly", Field::Unit),
    ("don vi giai quyet", Field::Unit),
    ("co quan thu ly", Field::Unit),
    ("co quan giai quyet", Field::Unit),
    ("co quan", Field::Unit),
    ("don vi", Field::Unit),
    ("phong ban", Field::Unit),
];

/// The first words of a unit's name (folded): a heading that starts with one names a unit.
const UNIT_WORDS: &[&str] = &[
    "phong",
    "so",
    "ubnd",
    "uy ban",
    "chi cuc",
    "trung tam",
    "van phong",
    "ban",
    "cuc",
    "bo phan",
    "doi",
    "cong an",
    "chi nhanh",
    "benh vien",
    "truong",
    "xa",
    "phuong",
    "thi tran",
    "huyen",
    "thanh tra",
    "kho bac",
    "bhxh",
    "bao hiem",
    "hdnd",
    "thanh pho",
    "thi xa",
    "quan",
];

impl Groups {
    /// Whether `row` is a group heading; if so, it gives its value from now on.
    fn heading(&mut self, row: &Row, code_col: Option<usize>, date_cols: &[usize]) -> bool {
        // One value in the row (asked of every row: a data row stops at its second value).
        let mut values = row.non_blank();
        let (Some((col, cell)), None) = (values.next(), values.next()) else { return false };
        let Some(text) = cell.text() else { return false };
        // A code alone on its row is a dossier row that lacks the rest; a heading has words.
        if date_cols.contains(&col) || (code_col == Some(col) && !text.trim().contains(' ')) {
            return false;
        }
        let Some((field, value)) = classify(text, self.want_unit, self.want_field) else { return false };
        match field {
            Field::Unit if self.want_unit => self.unit = Some(Name::new(&value)),
            Field::FieldOfWork if self.want_field => self.field = Some(Arc::from(value.as_str())),
            _ => return false,
        }
        self.rows.push((field, row.number));
        true
    }

    /// Gives a dossier the unit and field of work of the heading above it.
    fn give(&self, d: &mut Dossier) {
        if let Some(u) = &self.unit {
            d.unit = u.clone();
        }
        if let Some(f) = &self.field {
            d.field = Some(f.clone());
        }
    }

    fn fields(&self) -> Vec<GroupField> {
        let mut out: Vec<GroupField> = Vec::new();
        for (field, row) in &self.rows {
            match out.iter_mut().find(|g| g.field == *field) {
                Some(g) => g.rows.push(*row),
                None => out.push(GroupField { field: *field, rows: vec![*row] }),
            }
        }
        out
    }
}

/// What a heading's text groups by, and the value: the words after a naming prefix ("Lĩnh vực Tư pháp" → field of
/// work "Tư pháp"), a unit's name, or, after a numbering ("II. Hộ tịch"), the field of work (else the unit) the
/// table lacks. `None` for any other lone text (a title, a note), which names nothing.
fn classify(text: &str, want_unit: bool, want_field: bool) -> Option<(Field, String)> {
    let text = text.trim();
    let (numbered, text) = match text.split_once(char::is_whitespace) {
        Some((first, rest)) if is_enumerator(first) => (true, rest.trim()),
        _ => (false, text),
    };
    let key = fold_key(text);
    if key.is_empty() {
        return None;
    }
    for (prefix, field) in GROUP_PREFIXES {
        if key == *prefix || key.starts_with(&format!("{prefix} ")) {
            let words = prefix.split(' ').count();
            let rest = text.split_whitespace().skip(words).collect::<Vec<_>>().join(" ");
            let rest = rest.trim_start_matches([':', '-', '–', ' ']).trim();
            return (!rest.is_empty()).then(|| (*field, normalise_text(rest)));
        }
    }
    let digits = text.chars().any(|c| c.is_ascii_digit());
    if !digits && UNIT_WORDS.iter().any(|w| key.starts_with(&format!("{w} "))) {
        return Some((Field::Unit, normalise_text(text)));
    }
    if numbered && !digits {
        let field = if want_field || !want_unit { Field::FieldOfWork } else { Field::Unit };
        return Some((field, normalise_text(text)));
    }
    None
}

/// "I.", "IV)", "1.", "2)", "A.", "a)": the numbering before a heading's words.
fn is_enumerator(token: &str) -> bool {
    let Some(body) = token.strip_suffix(['.', ')']) else { return false };
    let roman = !body.is_empty() && body.len() <= 6 && body.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
    let number = !body.is_empty() && body.len() <= 3 && body.chars().all(|c| c.is_ascii_digit());
    let letter = body.len() == 1 && body.chars().all(|c| c.is_ascii_alphabetic());
    roman || number || letter
}

/// A CSV row whose values all landed in one cell because it uses another delimiter than the rest of the file.
fn foreign_delimiter(row: &Row, format: super::Format, head: &Header<Field>) -> Option<Problem> {
    let super::Format::Csv { delimiter, .. } = format else { return None };
    // One value in the row (asked of every row: a data row stops at its second value).
    let mut values = row.non_blank();
    if head.mapped.len() < 3 || values.next().is_none() || values.next().is_some() {
        return None;
    }
    let text = row.cells.iter().find_map(|c| c.text())?;
    let other =
        [',', ';', '\t'].into_iter().filter(|c| *c as u8 != delimiter).find(|c| text.matches(*c).count() >= 2)?;
    let show = |c: char| if c == '\t' { "tab".to_string() } else { c.to_string() };
    let (mine, theirs) = (show(delimiter as char), show(other));
    let value: String = text.chars().take(80).collect();
    Some(Problem {
        column: head.mapped.first().map(|(_, _, h)| h.clone()).unwrap_or_default(),
        value,
        reason: Text::new(
            format!(
            "Dòng này dùng dấu phân cách '{theirs}' khác với phần còn lại của tệp ('{mine}'): các cột bị dính vào nhau"
        ),
            format!(
            "This line uses the delimiter '{theirs}', unlike the rest of the file ('{mine}'): its columns ran together"
        ),
        ),
    })
}

/// Why a row under the header is no dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NonData {
    RepeatedHeader,
    Numbering,
    Footer(header::Footer),
    /// Under a totals or signature line, with no code or no due date ("(Ký, ghi rõ họ tên)", a signer's name).
    UnderFooter,
    GroupHeading,
    Heading,
}

impl NonData {
    fn reason(self) -> Text {
        let (vi, en) = match self {
            NonData::RepeatedHeader => ("dòng tiêu đề lặp lại", "the header repeated"),
            NonData::Numbering => ("dòng đánh số cột", "the columns' numbering"),
            NonData::Footer(header::Footer::Total) => ("dòng tổng cộng", "a totals line"),
            NonData::Footer(header::Footer::Signature) => {
                ("dòng chữ ký, nơi nhận hoặc ghi chú cuối biểu", "a signature, recipients or notes line")
            }
            NonData::Footer(header::Footer::PlaceDate) => ("dòng địa danh, ngày tháng", "the place and date line"),
            NonData::UnderFooter => (
                "dòng dưới phần tổng cộng, chữ ký (không có mã hồ sơ hoặc ngày hẹn trả)",
                "a line under the totals and signatures (no dossier code or due date)",
            ),
            NonData::GroupHeading => ("dòng tiêu đề nhóm (đơn vị, lĩnh vực)", "a group heading (unit, field of work)"),
            NonData::Heading => (
                "dòng tiêu đề hoặc ghi chú (không có mã hồ sơ, không có ngày)",
                "a heading or note (no dossier code, no date)",
            ),
        };
        Text::new(vi, en)
    }
}

/// A row's texts, joined with " · ", at most 120 characters.
fn row_text(row: &Row) -> String {
    let mut out = String::new();
    for (_, c) in row.non_blank() {
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(normalise_text(&c.raw()).as_str());
        if out.chars().count() > 120 {
            out = out.chars().take(119).collect::<String>() + "…";
            break;
        }
    }
    out
}

/// A heading or stray note: at most one value in the mapped columns and no date.
fn is_heading(row: &Row, mapped: &[usize], dates: &[usize]) -> bool {
    let in_mapped = mapped.iter().filter(|c| !row.cell(**c).is_blank()).count();
    let any_date = dates.iter().any(|c| !row.cell(*c).is_blank());
    !any_date && (in_mapped <= 1 || row.non_blank().count() <= 1)
}

pub(crate) fn reject(file: &str, sheet: &str, row: u32, problems: Vec<Problem>) -> Rejected {
    let mut it = problems.into_iter();
    let first = it.next().unwrap_or(Problem { column: String::new(), value: String::new(), reason: Text::default() });
    let mut reason = first.reason;
    for p in it {
        reason.vi.push_str("; ");
        reason.vi.push_str(&p.reason.vi);
        reason.en.push_str("; ");
        reason.en.push_str(&p.reason.en);
    }
    Rejected {
        source: SourcePos { file: file.into(), sheet: sheet.into(), row, column: Some(first.column) },
        value: first.value,
        reason,
    }
}

/// Values that repeat down a log (units, officers, procedures, statuses, channels) are normalised once: a million
/// rows name a few hundred units and officers.
struct Cache {
    file: Arc<str>,
    sheet: Arc<str>,
    names: Memo<Name>,
    texts: Memo<Option<Arc<str>>>,
    channels: Memo<Result<Option<Channel>, ()>>,
    /// A status text and, when the cell held a portal status code, the code's index in the data.
    statuses: Memo<(Option<Arc<str>>, Option<usize>)>,
    /// The portal codes already told to the user (once each).
    codes_noted: Vec<bool>,
    tick_columns: foldhash::HashMap<usize, bool>,
}

impl Cache {
    fn name(&mut self, cell: &Cell) -> Name {
        self.names.get_or_cell(cell, Name::new).unwrap_or_else(|| Name::new(&cell.raw()))
    }

    fn text(&mut self, cell: &Cell) -> Option<Arc<str>> {
        let text = || values::parse_text(cell).map(Arc::from);
        self.texts.get_or_cell(cell, |_| text()).unwrap_or_else(text)
    }

    /// A status cell: its text, or the name of the portal code it holds ("8" → "Dừng xử lý") with the code.
    fn status(&mut self, cell: &Cell) -> (Option<Arc<str>>, Option<usize>) {
        let status = || match portal_status::code_of(cell) {
            Some(i) => (Some(Arc::from(portal_status::portal_statuses()[i].name.as_str())), Some(i)),
            None => (values::parse_text(cell).map(Arc::from), None),
        };
        self.statuses.get_or_cell(cell, |_| status()).unwrap_or_else(status)
    }
}

fn convert_row(
    date1904: bool,
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
                    reason: Text::new(
                        format!("Thiếu mã hồ sơ (ô \"{header_text}\" trống)"),
                        format!("Missing dossier code (cell \"{header_text}\" is empty)"),
                    ),
                }),
            },
            f if f.is_date() => {
                let order = orders.iter().find(|(of, _)| of == f).map(|(_, o)| *o).unwrap_or(DateOrder::DayFirst);
                match read_date(cell, order, date1904, f.label_vi(), f.label_en()) {
                    Ok(m) => {
                        // "2023-03-02T18:30:00Z": converted to Vietnam time; kept so the "why?" can show it.
                        if let Some(off) = cell.text().filter(|t| t.len() > 16).and_then(dates::split_zone) {
                            if off.1 != i32::from(Zone::VIETNAM_MINUTES) && m.is_some() {
                                d.zone.fields |= match f {
                                    Field::Received => Zone::RECEIVED,
                                    Field::Due => Zone::DUE,
                                    Field::ExtendedDue => Zone::EXTENDED_DUE,
                                    Field::Finished => Zone::FINISHED,
                                    _ => Zone::RETURNED,
                                };
                                d.zone.offset_minutes = off.1 as i16;
                            }
                        }
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
                                reason: Text::new(
                                    format!("Thiếu ngày hẹn trả (ô \"{header_text}\" trống)"),
                                    format!("Missing due date (cell \"{header_text}\" is empty)"),
                                ),
                            });
                        }
                    }
                    Err(reason) => problems.push(Problem { column: header_text.clone(), value: cell.raw(), reason }),
                }
            }
            Field::Procedure => d.procedure = cache.text(cell),
            Field::FieldOfWork => d.field = cache.text(cell),
            Field::Status => {
                let (text, code) = cache.status(cell);
                d.status_text = text;
                if let Some(i) = code.filter(|i| !cache.codes_noted.get(*i).copied().unwrap_or(true)) {
                    cache.codes_noted[i] = true;
                    let note = portal_status::note(i);
                    odd.add(header_text, &note.vi, &note.en, row.number, cell.raw());
                }
            }
            Field::Unit => d.unit = cache.name(cell),
            Field::Officer => d.officer = cache.name(cell),
            Field::Channel => {
                let tick = *cache.tick_columns.entry(*col).or_insert_with(|| {
                    let k = fold_key(header_text);
                    k.contains("truc tuyen") && !k.contains("hinh thuc")
                });
                let channel = || values::parse_channel(cell, tick);
                let parsed = cache.channels.get_or_cell(cell, |_| channel()).unwrap_or_else(channel);
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
                reason: Text::new(
                    format!("{vi_what} {} trước ngày tiếp nhận {}", v.display_vi(), received.display_vi()),
                    format!("{en_what} {} is before the receipt date {}", v.display_vi(), received.display_vi()),
                ),
            });
        }
    }
    out
}
