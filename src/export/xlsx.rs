//! The report as an xlsx workbook an agency can sign and send: one sheet per table, each with the national
//! motto header, the unit name, the period, the report's provenance, a frozen header, dates as dates and numbers
//! as numbers, the signature blocks (NGƯỜI LẬP BIỂU / THỦ TRƯỞNG ĐƠN VỊ), Times New Roman, A4.

use super::grid::{grids, provenance, Grid, GridCell};
use super::Letterhead;
use crate::model::Moment;
use crate::report::tables::Tables;
use crate::report::Report;
use chrono::{Datelike, Timelike};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

const FONT: &str = "Times New Roman";

struct Styles {
    plain: Format,
    bold_center: Format,
    motto: Format,
    title: Format,
    italic_center: Format,
    note: Format,
    head: Format,
    number_row: Format,
    text: Format,
    int: Format,
    year: Format,
    dec: Format,
    date: Format,
    datetime: Format,
    total_text: Format,
    total_int: Format,
    total_dec: Format,
}

fn styles() -> Styles {
    let base = Format::new().set_font_name(FONT).set_font_size(12);
    let cell = base.clone().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
    Styles {
        plain: base.clone(),
        bold_center: base.clone().set_bold().set_align(FormatAlign::Center),
        motto: base
            .clone()
            .set_bold()
            .set_underline(rust_xlsxwriter::FormatUnderline::Single)
            .set_align(FormatAlign::Center),
        title: base
            .clone()
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap(),
        italic_center: base.clone().set_italic().set_align(FormatAlign::Center),
        note: base.clone().set_italic().set_font_size(10).set_text_wrap().set_align(FormatAlign::Top),
        head: cell.clone().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_background_color("#E8EEF5"),
        number_row: cell.clone().set_italic().set_font_size(10).set_align(FormatAlign::Center),
        text: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
        int: cell.clone().set_num_format("#,##0"),
        year: cell.clone().set_num_format("0"),
        dec: cell.clone().set_num_format("0.0"),
        date: cell.clone().set_num_format("dd/mm/yyyy"),
        datetime: cell.clone().set_num_format("dd/mm/yyyy hh:mm"),
        total_text: cell.clone().set_bold(),
        total_int: cell.clone().set_bold().set_num_format("#,##0"),
        total_dec: cell.set_bold().set_num_format("0.0"),
    }
}

fn excel_moment(m: Moment) -> Result<ExcelDateTime, XlsxError> {
    let d = ExcelDateTime::from_ymd(m.date.year() as u16, m.date.month() as u8, m.date.day() as u8)?;
    match m.time() {
        Some(t) => d.and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64),
        None => Ok(d),
    }
}

/// Writes `text` over columns first..=last of `row` (merged when it spans more than one column).
fn span(ws: &mut Worksheet, row: u32, first: u16, last: u16, text: &str, f: &Format) -> Result<(), XlsxError> {
    if last > first {
        ws.merge_range(row, first, row, last, text, f)?;
    } else {
        ws.write_string_with_format(row, first, text, f)?;
    }
    Ok(())
}

/// Where a sheet's rows come from: the grid, its rows `rows` (a sheet holds at most [`SHEET_ROWS`]), the report
/// the dossier list's rows are made from (None: a grid of plain rows, such as a roll-up's).
struct Part<'a> {
    grid: &'a Grid,
    name: &'a str,
    rows: std::ops::Range<usize>,
    report: Option<&'a Report>,
}

fn sheet(ws: &mut Worksheet, part: Part<'_>, s: &Styles, head: &Letterhead, prov: &[String]) -> Result<(), XlsxError> {
    let g = part.grid;
    let last = g.columns.len().saturating_sub(1) as u16;
    let right = last.saturating_sub(5).max(3).min(last);
    let left_end = right.saturating_sub(1).min(2);
    ws.set_name(part.name)?;
    for (i, c) in g.columns.iter().enumerate() {
        ws.set_column_width(i as u16, c.width)?;
    }
    span(ws, 0, 0, left_end, &head.agency.to_uppercase(), &s.bold_center)?;
    span(ws, 0, right, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &s.bold_center)?;
    span(ws, 1, right, last, "Độc lập - Tự do - Hạnh phúc", &s.motto)?;
    span(ws, 3, 0, last, &g.title, &s.title)?;
    ws.set_row_height(3, 36)?;
    let mut r = 4;
    for (i, line) in prov.iter().enumerate() {
        span(ws, r, 0, last, line, if i == 0 { &s.italic_center } else { &s.note })?;
        r += 1;
    }
    r += 1;
    let header_top = r;
    if g.groups.is_empty() {
        for (i, c) in g.columns.iter().enumerate() {
            ws.write_string_with_format(r, i as u16, c.title, &s.head)?;
        }
        ws.set_row_height(r, 32)?;
        r += 1;
    } else {
        for (i, c) in g.columns.iter().enumerate() {
            let i = i as u16;
            if g.groups.iter().any(|gr| gr.first <= i && i <= gr.last) {
                ws.write_string_with_format(r + 1, i, c.title, &s.head)?;
            } else {
                ws.merge_range(r, i, r + 1, i, c.title, &s.head)?;
            }
        }
        for gr in &g.groups {
            ws.merge_range(r, gr.first, r, gr.last, gr.title, &s.head)?;
        }
        ws.set_row_height(r, 20)?;
        ws.set_row_height(r + 1, 48)?;
        r += 2;
    }
    if g.numbered {
        for i in 0..g.columns.len() {
            ws.write_string_with_format(r, i as u16, format!("({})", i + 1), &s.number_row)?;
        }
        r += 1;
    }
    ws.set_freeze_panes(r, 0)?;
    ws.set_repeat_rows(header_top, r - 1)?;
    let (n, all) = (part.rows.len(), part.report.map_or(g.rows.len(), |rep| g.len(rep)));
    let mut k = part.rows.start;
    let put = |row: &[GridCell]| {
        let total = g.total_row && k + 1 == all;
        k += 1;
        for (i, cell) in row.iter().enumerate() {
            let c = i as u16;
            match cell {
                GridCell::Text(t) => {
                    ws.write_string_with_format(r, c, t, if total { &s.total_text } else { &s.text })?
                }
                GridCell::Int(v) => {
                    ws.write_number_with_format(r, c, f64::from(*v), if total { &s.total_int } else { &s.int })?
                }
                GridCell::Dec(v) => ws.write_number_with_format(r, c, *v, if total { &s.total_dec } else { &s.dec })?,
                GridCell::Year(y) => ws.write_number_with_format(r, c, f64::from(*y), &s.year)?,
                GridCell::Date(m) => ws.write_datetime_with_format(
                    r,
                    c,
                    excel_moment(*m)?,
                    if m.time().is_some() { &s.datetime } else { &s.date },
                )?,
                GridCell::Empty => ws.write_blank(r, c, if total { &s.total_text } else { &s.text })?,
            };
        }
        r += 1;
        Ok::<_, XlsxError>(())
    };
    match part.report {
        Some(rep) => g.each_row(rep, part.rows, put)?,
        None => g.rows[part.rows].iter().map(Vec::as_slice).try_for_each(put)?,
    }
    if n > 0 && !g.groups.is_empty() {
        ws.autofilter(header_top + 1, 0, r - 1, last).ok();
    } else if n > 0 {
        ws.autofilter(header_top, 0, r - 1, last).ok();
    }
    r += 1;
    for note in &g.notes {
        span(ws, r, 0, last, note, &s.note)?;
        r += 1;
    }
    r += 1;
    span(ws, r, right, last, &format!("{}, ngày ..... tháng ..... năm ........", head.place), &s.italic_center)?;
    r += 1;
    span(ws, r, 0, left_end, "NGƯỜI LẬP BIỂU", &s.bold_center)?;
    span(ws, r, right, last, "THỦ TRƯỞNG ĐƠN VỊ", &s.bold_center)?;
    r += 1;
    span(ws, r, 0, left_end, "(Ký, ghi rõ họ tên)", &s.italic_center)?;
    span(ws, r, right, last, "(Ký tên, đóng dấu)", &s.italic_center)?;
    ws.write_string_with_format(r + 5, 0, "", &s.plain)?;
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C&\"Times New Roman\"Trang &P / &N");
    Ok(())
}

/// The rows of an Excel sheet.
pub const SHEET_ROWS: u32 = 1_048_576;

/// The rows a sheet of `g` has for its list: Excel's rows less the titles above and the notes and signatures below.
fn room(g: &Grid, prov: usize, sheet_rows: u32) -> usize {
    let above = 4 + prov + 1 + if g.groups.is_empty() { 1 } else { 2 } + usize::from(g.numbered);
    let below = 1 + g.notes.len() + 1 + 3 + 6;
    (sheet_rows as usize).saturating_sub(above + below).max(1)
}

/// A new sheet. Natively a sheet written row after row (no column groups, whose titles are merged upward) goes
/// through a temporary file ("constant memory" mode): the dossier list of a province's year held gigabytes. The
/// browser has no file system: there the export is sized before it starts (`web::session`).
fn add_sheet(wb: &mut Workbook, in_order: bool) -> Result<&mut Worksheet, XlsxError> {
    #[cfg(not(target_arch = "wasm32"))]
    if in_order {
        return wb.add_worksheet_with_constant_memory();
    }
    let _ = in_order;
    Ok(wb.add_worksheet())
}

/// The workbook bytes. Its creation date is the as-of date: the library never reads a clock. The summary tables
/// come first, the dossier list last, split into "Hồ sơ", "Hồ sơ (2)"… past Excel's 1,048,576 rows.
pub fn to_xlsx(report: &Report, tables: &Tables, head: &Letterhead) -> Result<Vec<u8>, XlsxError> {
    to_xlsx_with_sheet_rows(report, tables, head, SHEET_ROWS)
}

/// [`to_xlsx`] with sheets of `sheet_rows` rows (tests split a small list).
#[doc(hidden)]
pub fn to_xlsx_with_sheet_rows(
    report: &Report,
    tables: &Tables,
    head: &Letterhead,
    sheet_rows: u32,
) -> Result<Vec<u8>, XlsxError> {
    to_xlsx_with(report, tables, head, sheet_rows, true)
}

/// [`to_xlsx`] with sheets of `sheet_rows` rows, and without the list of every dossier unless `dossier_list` (the
/// smaller file the page offers when the list would not fit in the browser's memory).
pub fn to_xlsx_with(
    report: &Report,
    tables: &Tables,
    head: &Letterhead,
    sheet_rows: u32,
    dossier_list: bool,
) -> Result<Vec<u8>, XlsxError> {
    workbook(report, tables, head, sheet_rows, dossier_list)?.save_to_buffer()
}

/// [`to_xlsx`] written to `out` as it is zipped (the CLI's file: the workbook's bytes are never held whole).
pub fn write_xlsx(
    out: impl std::io::Write + Send,
    report: &Report,
    tables: &Tables,
    head: &Letterhead,
) -> Result<(), XlsxError> {
    workbook(report, tables, head, SHEET_ROWS, true)?.save_to_writer(out)
}

fn workbook(
    report: &Report,
    tables: &Tables,
    head: &Letterhead,
    sheet_rows: u32,
    dossier_list: bool,
) -> Result<Workbook, XlsxError> {
    let s = styles();
    let mut wb = Workbook::new();
    // A fast zlib level: at the default (6) deflate took a third of the CLI's xlsx export (perf, 100,000 rows);
    // level 2 took 1.74 s of CPU against 2.47 s for the whole check and export, for a file 15.6 MB against 11.1.
    wb.set_zip_compression_level(2);
    let created =
        ExcelDateTime::from_ymd(report.as_of.year() as u16, report.as_of.month() as u8, report.as_of.day() as u8)?;
    wb.set_properties(
        &DocProperties::new().set_title("Đúng Hẹn — báo cáo kết quả giải quyết hồ sơ").set_creation_datetime(&created),
    );
    let prov = provenance(report, tables);
    for g in grids(report, tables).into_iter().filter(|g| dossier_list || !g.dossiers) {
        let (n, room) = (g.len(report), room(&g, prov.len(), sheet_rows));
        for part in 0..n.div_ceil(room).max(1) {
            let name = if part == 0 { g.sheet.to_string() } else { format!("{} ({})", g.sheet, part + 1) };
            let rows = part * room..((part + 1) * room).min(n);
            let ws = add_sheet(&mut wb, g.groups.is_empty())?;
            sheet(ws, Part { grid: &g, name: &name, rows, report: Some(report) }, &s, head, &prov)?;
        }
    }
    machine_sheet(add_sheet(&mut wb, true)?, &machine_json(report, tables))?;
    Ok(wb)
}

/// A workbook of plain grids (a roll-up's tables, issue 21), laid out as a report's: each sheet with the national
/// motto, the `prov` lines, the signature blocks, A4 landscape; then the very hidden sheet [`MACHINE_SHEET`] holding
/// `machine` when given. `created`: the workbook's date (the library reads no clock).
pub fn grids_to_xlsx(
    grids: &[Grid],
    head: &Letterhead,
    prov: &[String],
    title: &str,
    created: chrono::NaiveDate,
    machine: Option<&str>,
) -> Result<Vec<u8>, XlsxError> {
    let s = styles();
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(2);
    let created = ExcelDateTime::from_ymd(created.year() as u16, created.month() as u8, created.day() as u8)?;
    wb.set_properties(&DocProperties::new().set_title(title).set_creation_datetime(&created));
    for g in grids.iter().filter(|g| !g.dossiers) {
        let rows = 0..g.rows.len();
        sheet(wb.add_worksheet(), Part { grid: g, name: g.sheet, rows, report: None }, &s, head, prov)?;
    }
    if let Some(json) = machine {
        machine_sheet(wb.add_worksheet(), json)?;
    }
    wb.save_to_buffer()
}

/// The hidden sheet holding a report's machine-readable part (issue 21), after the tables.
pub const MACHINE_SHEET: &str = "dunghen";

/// UTF-16 units per cell: Excel holds at most 32,767 in one.
const CELL_UNITS: usize = 32_000;

/// The part of a report a roll-up reads, `{schema, provenance, figures}`, as compact JSON: the same values as the
/// report's JSON, sealed alike.
pub fn machine_json(report: &Report, tables: &Tables) -> String {
    let (provenance, figures) = crate::report::seal::seal(report, tables);
    serde_json::json!({ "schema": report.schema, "provenance": provenance, "figures": figures }).to_string()
}

/// Makes `ws` the very hidden sheet [`MACHINE_SHEET`] holding `json` in column A, a cell per 32,000 UTF-16 units,
/// one row after another: a reader joins the cells of column A in row order.
pub fn machine_sheet(ws: &mut Worksheet, json: &str) -> Result<(), XlsxError> {
    ws.set_name(MACHINE_SHEET)?;
    let (mut row, mut start, mut units) = (0u32, 0usize, 0usize);
    for (i, c) in json.char_indices() {
        if units + c.len_utf16() > CELL_UNITS {
            ws.write_string(row, 0, &json[start..i])?;
            (row, start, units) = (row + 1, i, 0);
        }
        units += c.len_utf16();
    }
    if start < json.len() {
        ws.write_string(row, 0, &json[start..])?;
    }
    ws.set_very_hidden(true);
    Ok(())
}

#[cfg(test)]
mod machine_tests {
    use super::*;
    use calamine::{Reader, Xlsx};

    #[test]
    fn the_hidden_sheet_splits_long_text_across_cells_and_joins_back() {
        // 3 UTF-16 units per "ệ𝄞" pair: cells end on character boundaries, none past Excel's limit.
        let text: String = "ệ𝄞".repeat(25_000);
        let mut wb = Workbook::new();
        machine_sheet(wb.add_worksheet(), &text).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = x.worksheet_range(MACHINE_SHEET).unwrap();
        let cells: Vec<String> = range.rows().map(|r| r[0].to_string()).collect();
        assert_eq!(cells.len(), 3);
        assert!(cells.iter().all(|c| c.encode_utf16().count() <= CELL_UNITS));
        assert_eq!(cells.concat(), text);
    }
}
