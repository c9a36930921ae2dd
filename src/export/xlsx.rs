//! The report as an xlsx workbook: one sheet per table, Times New Roman, frozen header, dates as dates,
//! numbers as numbers, A4. (The official report layouts with the national motto come with issue 4.)

use crate::model::{fmt_date, Moment};
use crate::report::{AssessmentOut, Report};
use chrono::{Datelike, Timelike};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

struct Styles {
    head: Format,
    text: Format,
    date: Format,
    datetime: Format,
    int: Format,
    pct: Format,
}

fn styles() -> Styles {
    let base = Format::new().set_font_name("Times New Roman").set_font_size(12).set_border(FormatBorder::Thin);
    Styles {
        head: base.clone().set_bold().set_text_wrap().set_background_color("#DDE6F0"),
        text: base.clone(),
        date: base.clone().set_num_format("dd/mm/yyyy"),
        datetime: base.clone().set_num_format("dd/mm/yyyy hh:mm"),
        int: base.clone().set_num_format("0"),
        pct: base.set_num_format("0.0"),
    }
}

fn excel_moment(m: Moment) -> Result<ExcelDateTime, XlsxError> {
    let d = ExcelDateTime::from_ymd(m.date.year() as u16, m.date.month() as u8, m.date.day() as u8)?;
    match m.time {
        Some(t) => d.and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64),
        None => Ok(d),
    }
}

fn header(ws: &mut Worksheet, s: &Styles, cols: &[(&str, f64)]) -> Result<(), XlsxError> {
    for (i, (title, width)) in cols.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *title, &s.head)?;
        ws.set_column_width(i as u16, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn moment_cell(ws: &mut Worksheet, s: &Styles, row: u32, col: u16, m: Option<Moment>) -> Result<(), XlsxError> {
    match m {
        Some(m) => {
            let f = if m.time.is_some() { &s.datetime } else { &s.date };
            ws.write_datetime_with_format(row, col, excel_moment(m)?, f)?;
        }
        None => {
            ws.write_blank(row, col, &s.text)?;
        }
    }
    Ok(())
}

fn assessments(ws: &mut Worksheet, s: &Styles, list: &[AssessmentOut], units: bool) -> Result<(), XlsxError> {
    let mut cols = vec![];
    if !units {
        cols.push(("Họ và tên", 26.0));
    }
    cols.extend([
        ("Đơn vị", 30.0), ("Năm", 7.0), ("Số hồ sơ", 9.0), ("Trễ hạn/quá hạn", 10.0), ("Quý I", 6.0), ("Quý II", 6.0), ("Quý III", 6.0), ("Quý IV", 6.0),
        ("Tỷ lệ đúng hạn (%)", 10.0), ("Bị nhắc nhở năm trước", 12.0), ("Tái phạm", 9.0), ("Mức tối đa", 26.0), ("Đề xuất", 26.0), ("Kết luận", 22.0), ("Giải thích", 90.0),
    ]);
    header(ws, s, &cols)?;
    for (i, a) in list.iter().enumerate() {
        let r = i as u32 + 1;
        let mut c = 0u16;
        let text = |ws: &mut Worksheet, c: &mut u16, v: &str| -> Result<(), XlsxError> {
            ws.write_string_with_format(r, *c, v, &s.text)?;
            *c += 1;
            Ok(())
        };
        if !units {
            text(ws, &mut c, &a.name.display)?;
        }
        text(ws, &mut c, &a.unit.display)?;
        for n in [a.year as u32, a.dossiers, a.late, a.late_by_quarter[0], a.late_by_quarter[1], a.late_by_quarter[2], a.late_by_quarter[3]] {
            ws.write_number_with_format(r, c, f64::from(n), &s.int)?;
            c += 1;
        }
        match a.on_time_rate {
            Some(p) => ws.write_number_with_format(r, c, p, &s.pct)?,
            None => ws.write_blank(r, c, &s.text)?,
        };
        c += 1;
        text(ws, &mut c, if a.reminded { "Có" } else { "" })?;
        text(ws, &mut c, if a.repeat { "Có" } else { "" })?;
        text(ws, &mut c, a.max_rating.label_vi())?;
        text(ws, &mut c, a.proposed_rating.map(|p| p.label_vi()).unwrap_or(""))?;
        text(ws, &mut c, a.finding.label_vi())?;
        let why: Vec<String> = a.explanation.steps.iter().map(|s| s.vi.clone()).chain(a.explanation.citations.iter().map(|c| format!("Căn cứ: {c}"))).collect();
        text(ws, &mut c, &why.join("\n"))?;
    }
    Ok(())
}

/// The workbook bytes. The creation date is the as-of date: the library never reads a clock.
pub fn to_xlsx(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let s = styles();
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(report.as_of.year() as u16, report.as_of.month() as u8, report.as_of.day() as u8)?;
    wb.set_properties(&DocProperties::new().set_title("Đúng Hẹn — kết quả kiểm tra").set_creation_datetime(&created));

    let ws = wb.add_worksheet().set_name("Hồ sơ")?;
    header(ws, &s, &[
        ("Mã hồ sơ", 22.0), ("Thủ tục", 40.0), ("Lĩnh vực", 20.0), ("Đơn vị", 28.0), ("Cán bộ xử lý", 24.0), ("Ngày tiếp nhận", 16.0),
        ("Ngày hẹn trả", 16.0), ("Ngày hoàn thành", 16.0), ("Ngày trả kết quả", 16.0), ("Trạng thái", 24.0), ("Số ngày làm việc trễ", 10.0),
        ("Xin lỗi", 18.0), ("Tệp", 24.0), ("Dòng", 7.0), ("Giải thích", 90.0),
    ])?;
    for (i, d) in report.dossiers.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string_with_format(r, 0, &d.code, &s.text)?;
        ws.write_string_with_format(r, 1, d.procedure.as_deref().unwrap_or(""), &s.text)?;
        ws.write_string_with_format(r, 2, d.field.as_deref().unwrap_or(""), &s.text)?;
        ws.write_string_with_format(r, 3, &d.unit.display, &s.text)?;
        ws.write_string_with_format(r, 4, &d.officer.display, &s.text)?;
        moment_cell(ws, &s, r, 5, d.received)?;
        moment_cell(ws, &s, r, 6, d.due)?;
        moment_cell(ws, &s, r, 7, d.finished)?;
        moment_cell(ws, &s, r, 8, d.returned)?;
        ws.write_string_with_format(r, 9, d.status.label_vi(), &s.text)?;
        ws.write_number_with_format(r, 10, f64::from(d.late_working_days), &s.int)?;
        ws.write_string_with_format(r, 11, d.apology.label_vi(), &s.text)?;
        ws.write_string_with_format(r, 12, &d.source.file, &s.text)?;
        ws.write_number_with_format(r, 13, f64::from(d.source.row), &s.int)?;
        let why: Vec<&str> = d.explanation.steps.iter().map(|s| s.vi.as_str()).collect();
        ws.write_string_with_format(r, 14, why.join("\n"), &s.text)?;
    }
    ws.autofilter(0, 0, report.dossiers.len() as u32, 14)?;

    assessments(wb.add_worksheet().set_name("Cán bộ")?, &s, &report.officers, false)?;
    assessments(wb.add_worksheet().set_name("Đơn vị")?, &s, &report.units, true)?;

    let ws = wb.add_worksheet().set_name("Dòng bị loại")?;
    header(ws, &s, &[("Tệp", 26.0), ("Trang tính", 16.0), ("Dòng", 7.0), ("Cột", 20.0), ("Giá trị", 22.0), ("Lý do", 60.0), ("Reason", 60.0)])?;
    for (i, x) in report.rejected_rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string_with_format(r, 0, &x.source.file, &s.text)?;
        ws.write_string_with_format(r, 1, &x.source.sheet, &s.text)?;
        ws.write_number_with_format(r, 2, f64::from(x.source.row), &s.int)?;
        ws.write_string_with_format(r, 3, &x.column, &s.text)?;
        ws.write_string_with_format(r, 4, &x.value, &s.text)?;
        ws.write_string_with_format(r, 5, &x.reason, &s.text)?;
        ws.write_string_with_format(r, 6, &x.reason_en, &s.text)?;
    }

    let ws = wb.add_worksheet().set_name("Đầu vào")?;
    header(ws, &s, &[("Tệp", 30.0), ("Loại", 14.0), ("Định dạng", 22.0), ("Trang tính", 16.0), ("Số dòng", 9.0), ("Bản ghi", 9.0), ("Bị loại", 9.0), ("Dòng trống", 9.0), ("Không phải dữ liệu", 11.0), ("Cột đã nhận", 80.0)])?;
    for (i, x) in report.inputs.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string_with_format(r, 0, &x.file, &s.text)?;
        ws.write_string_with_format(r, 1, x.kind, &s.text)?;
        ws.write_string_with_format(r, 2, &x.format, &s.text)?;
        ws.write_string_with_format(r, 3, &x.sheet, &s.text)?;
        for (k, n) in [x.rows, x.dossiers, x.rejected, x.blank, x.non_data].into_iter().enumerate() {
            ws.write_number_with_format(r, 4 + k as u16, f64::from(n), &s.int)?;
        }
        let mapping: Vec<String> = x.mapping.iter().map(|m| format!("{} ← \"{}\" ({})", m.field, m.header, m.column)).collect();
        ws.write_string_with_format(r, 9, mapping.join("; "), &s.text)?;
    }
    let r = report.inputs.len() as u32 + 2;
    ws.write_string(r, 0, format!("Đúng Hẹn {} · bộ quy tắc {} {} · ngày đánh giá {}", report.app_version, report.profile.id, report.profile.version, fmt_date(report.as_of)))?;
    if !report.provisional_years.is_empty() {
        let years: Vec<String> = report.provisional_years.iter().map(|y| y.to_string()).collect();
        ws.write_string(r + 1, 0, format!("Năm tạm tính (chưa có lịch nghỉ chính thức): {}", years.join(", ")))?;
    }
    wb.save_to_buffer()
}
