//! HTML tables saved with an .xls name: what the "Xuất Excel" / "Danh sách hồ sơ" buttons of many provincial
//! one-stop systems hand out (`<html xmlns:x="urn:schemas-microsoft-com:office:excel">…<table>`, served as
//! `application/vnd.ms-excel`), and Excel's own "Web Page" save.
//!
//! Every `<table>` is a sheet ("Bảng 1", "Bảng 2"…, in document order, nested tables too). Cells are `<td>` and
//! `<th>`; `colspan` and `rowspan` are merged regions as a workbook's (so a two-row header reads as one, and a unit
//! merged down over its dossiers belongs to each), placed as a browser places them; `<br>` and block tags part
//! words; entities are decoded and texts put in NFC with single spaces. Excel's `x:num` attribute is the cell's
//! number, and a date when the cell's `mso-number-format` (inline or through its class in the `<style>` block) is
//! a date format; any other cell is its text, which the date reader reads as any text date.
//!
//! The text is tokenized by html5gum (WHATWG tokenization: unclosed cells, unquoted attributes, comments and
//! `<![if …]>` blocks, scripts and styles as a browser reads them). The document is walked once when opened (its
//! tables and styles), then each table is streamed from its own start, row by row.

use super::charset;
use super::limits::{self, Limits};
use super::source::{Cell, Merge, Row, RowStream};
use super::xlsx::shows_date;
use super::ReadError;
use crate::model::normalise_text;
use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// The tags the walk cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Table,
    Tr,
    Cell,
    /// Tags that part words: `<br>`, `<p>`, `<div>`, `<li>`.
    Break,
    Style,
    Script,
    Other,
}

fn tag_of(name: &[u8]) -> Tag {
    match name.to_ascii_lowercase().as_slice() {
        b"table" => Tag::Table,
        b"tr" => Tag::Tr,
        b"td" | b"th" => Tag::Cell,
        b"br" | b"p" | b"div" | b"li" => Tag::Break,
        b"style" => Tag::Style,
        b"script" => Tag::Script,
        _ => Tag::Other,
    }
}

/// What the tokenizer's events become: a start tag with the attributes a cell needs, an end tag, or text.
#[derive(Debug)]
enum Ev {
    Start { tag: Tag, at: usize, attrs: Attrs },
    End(Tag),
    Text(String),
}

/// A start tag's attributes that matter here.
#[derive(Debug, Default, Clone)]
struct Attrs {
    colspan: Option<u32>,
    rowspan: Option<u32>,
    /// Excel's `x:num`: the cell's value as a number.
    num: Option<String>,
    style: Option<String>,
    class: Option<String>,
}

/// The events of a text from its start, with byte offsets (`at`) relative to it.
fn events(text: &str) -> impl Iterator<Item = Ev> + '_ {
    let mut pending: Option<(Tag, usize, Attrs)> = None;
    let mut attr: Vec<u8> = Vec::new();
    let callback = move |event: CallbackEvent<'_>, span: Span<usize>| -> Option<Ev> {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                pending = Some((tag_of(name), span.start, Attrs::default()));
                None
            }
            CallbackEvent::AttributeName { name } => {
                attr = name.to_ascii_lowercase();
                None
            }
            CallbackEvent::AttributeValue { value } => {
                if let Some((tag, _, a)) = &mut pending {
                    if *tag == Tag::Cell {
                        let v = String::from_utf8_lossy(value);
                        let n = || v.trim().parse::<u32>().ok();
                        match attr.as_slice() {
                            b"colspan" => a.colspan = n(),
                            b"rowspan" => a.rowspan = n(),
                            b"x:num" => a.num = Some(v.into_owned()),
                            b"style" => a.style = Some(v.into_owned()),
                            b"class" => a.class = Some(v.into_owned()),
                            _ => {}
                        }
                    }
                }
                None
            }
            CallbackEvent::CloseStartTag { .. } => pending.take().map(|(tag, at, attrs)| Ev::Start { tag, at, attrs }),
            CallbackEvent::EndTag { name } => Some(Ev::End(tag_of(name))),
            CallbackEvent::String { value } => Some(Ev::Text(String::from_utf8_lossy(value).into_owned())),
            _ => None,
        }
    };
    let mut emitter = CallbackEmitter::new(callback);
    // Script, style and the like hold raw text, as a browser reads them.
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(text, emitter).filter_map(Result::ok)
}

/// Which cell styles (by class) are dates or text, from the `<style>` block of Excel's HTML.
#[derive(Debug, Default, Clone)]
struct CellStyles {
    /// class → the `mso-number-format` it sets.
    formats: HashMap<String, String>,
}

impl CellStyles {
    /// Reads `.xl65 { mso-number-format:"Short Date"; … }` rules.
    fn add(&mut self, css: &str) {
        for rule in css.split('}') {
            let Some((selectors, body)) = rule.split_once('{') else { continue };
            let Some(format) = number_format(body) else { continue };
            for sel in selectors.split(',') {
                if let Some(class) = sel.trim().rsplit('.').next().filter(|_| sel.contains('.')) {
                    self.formats.insert(class.trim().to_string(), format.clone());
                }
            }
        }
    }

    /// The number format of a cell: its inline style's, else its class's.
    fn format_of(&self, a: &Attrs) -> Option<String> {
        a.style
            .as_deref()
            .and_then(number_format)
            .or_else(|| a.class.as_deref()?.split_whitespace().find_map(|c| self.formats.get(c).cloned()))
    }
}

/// The value of `mso-number-format:` in a CSS declaration list, unquoted and unescaped.
fn number_format(css: &str) -> Option<String> {
    let i = css.to_ascii_lowercase().find("mso-number-format")?;
    let rest = css[i + "mso-number-format".len()..].trim_start().strip_prefix(':')?.trim_start();
    let value = match rest.strip_prefix('"').or_else(|| rest.strip_prefix('\'')) {
        Some(q) => {
            let quote = rest.as_bytes()[0] as char;
            let mut out = String::new();
            let mut chars = q.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => out.extend(chars.next()),
                    c if c == quote => break,
                    c => out.push(c),
                }
            }
            out
        }
        None => rest.split(';').next().unwrap_or_default().trim().to_string(),
    };
    Some(value)
}

/// An HTML document opened: its text, where each table starts, and its cell styles.
pub(crate) struct HtmlBook<'a> {
    text: Cow<'a, str>,
    pub(crate) encoding: &'static str,
    /// Sheet names ("Bảng 1"…) and where each table's `<table` starts.
    pub(crate) names: Vec<String>,
    starts: Vec<usize>,
    styles: CellStyles,
    limits: Limits,
}

impl<'a> HtmlBook<'a> {
    pub(crate) fn open(bytes: &'a [u8], limits: &Limits) -> HtmlBook<'a> {
        let (text, encoding) = charset::decode(bytes);
        let mut starts = Vec::new();
        let mut styles = CellStyles::default();
        let mut in_style = false;
        for ev in events(&text) {
            match ev {
                Ev::Start { tag: Tag::Table, at, .. } => starts.push(at),
                Ev::Start { tag: Tag::Style, .. } => in_style = true,
                Ev::End(Tag::Style) => in_style = false,
                Ev::Text(css) if in_style => styles.add(&css),
                _ => {}
            }
        }
        let names = (1..=starts.len()).map(|i| format!("Bảng {i}")).collect();
        HtmlBook { text, encoding, names, starts, styles, limits: *limits }
    }

    /// The rows of one table, streamed from its start.
    pub(crate) fn rows(&self, file: &str, sheet: &str) -> Option<HtmlRows<'_>> {
        let i = self.names.iter().position(|n| n == sheet)?;
        let start = *self.starts.get(i)?;
        let text = self.text.get(start..)?;
        Some(HtmlRows {
            events: Box::new(events(text)),
            styles: &self.styles,
            file: file.to_string(),
            sheet: sheet.to_string(),
            limits: self.limits,
            start,
            len: self.text.len(),
            at: start,
            started: false,
            nested: 0,
            skip: 0,
            row: None,
            cell: None,
            number: 0,
            covered: Vec::new(),
            merges: Vec::new(),
            done: false,
        })
    }
}

/// One table's rows, as the tokenizer reaches them.
pub(crate) struct HtmlRows<'b> {
    events: Box<dyn Iterator<Item = Ev> + 'b>,
    styles: &'b CellStyles,
    file: String,
    sheet: String,
    limits: Limits,
    /// Where the table starts in the document, the document's length, and how far the walk has come.
    start: usize,
    len: usize,
    at: usize,
    /// Whether the table's own `<table>` was seen.
    started: bool,
    /// Tables open inside this one (their rows are theirs, not this table's).
    nested: u32,
    /// Inside a script or style: their text is no cell's.
    skip: u32,
    /// The row being read: its cells and where the next cell goes.
    row: Option<(Vec<Cell>, usize)>,
    /// The cell being read: its column, spans, attributes and text.
    cell: Option<(usize, u32, u32, Attrs, String)>,
    /// The number of the last row begun.
    number: u32,
    /// Per column, how many more rows a rowspan from above covers it.
    covered: Vec<u32>,
    merges: Vec<Merge>,
    done: bool,
}

impl HtmlRows<'_> {
    /// Ends the cell being read, placing its value in the row.
    fn end_cell(&mut self) {
        let Some((col, colspan, rowspan, attrs, text)) = self.cell.take() else { return };
        let Some((cells, _)) = &mut self.row else { return };
        let value = cell_value(&text, &attrs, self.styles);
        if cells.len() <= col {
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = value;
        if colspan > 1 || rowspan > 1 {
            let (r0, c1) = (self.number, col + colspan as usize - 1);
            self.merges.push((r0, col, r0 + rowspan - 1, c1));
        }
    }

    /// Ends the row being read: its cells, and the rowspans above counted down.
    fn end_row(&mut self) -> Option<Row> {
        self.end_cell();
        let (cells, _) = self.row.take()?;
        for c in &mut self.covered {
            *c = c.saturating_sub(1);
        }
        Some(Row { number: self.number, cells })
    }

    fn begin_row(&mut self) -> Result<Option<Row>, ReadError> {
        let done = self.end_row();
        self.number += 1;
        if self.number as usize > self.limits.max_rows {
            return Err(limits::too_many_rows(&self.file, &self.sheet, &self.limits));
        }
        self.row = Some((Vec::new(), 0));
        Ok(done)
    }

    fn begin_cell(&mut self, attrs: Attrs) -> Result<Option<Row>, ReadError> {
        self.end_cell();
        // A cell outside a row starts one, as a browser does.
        let done = if self.row.is_none() { self.begin_row()? } else { None };
        let Some((_, next)) = &mut self.row else { return Ok(done) };
        let mut col = *next;
        while self.covered.get(col).is_some_and(|c| *c > 0) {
            col += 1;
        }
        // The spec's bounds: colspan 1–1000, rowspan 0–65534 (0: to the end of the section, taken as 1).
        let colspan = attrs.colspan.unwrap_or(1).clamp(1, 1000);
        let rowspan = attrs.rowspan.unwrap_or(1).clamp(1, 65_534);
        let last = col + colspan as usize - 1;
        if last >= self.limits.max_columns {
            let column = col.min(self.limits.max_columns);
            return Err(limits::too_many_columns(&self.file, &self.sheet, self.number, column, &self.limits));
        }
        *next = last + 1;
        if rowspan > 1 {
            if self.covered.len() <= last {
                self.covered.resize(last + 1, 0);
            }
            for c in &mut self.covered[col..=last] {
                *c = (*c).max(rowspan);
            }
        }
        self.cell = Some((col, colspan, rowspan, attrs, String::new()));
        Ok(done)
    }
}

impl RowStream for HtmlRows<'_> {
    fn next_row(&mut self) -> Result<Option<Row>, ReadError> {
        while !self.done {
            let Some(ev) = self.events.next() else {
                self.done = true;
                return Ok(self.end_row());
            };
            match ev {
                Ev::Start { tag: Tag::Table, at, .. } => {
                    self.at = self.start + at;
                    if self.started {
                        self.nested += 1;
                    }
                    self.started = true;
                }
                Ev::End(Tag::Table) if self.nested > 0 => self.nested -= 1,
                Ev::End(Tag::Table) => {
                    self.done = true;
                    return Ok(self.end_row());
                }
                _ if self.nested > 0 => {}
                Ev::Start { tag: Tag::Script | Tag::Style, .. } => self.skip += 1,
                Ev::End(Tag::Script | Tag::Style) => self.skip = self.skip.saturating_sub(1),
                Ev::Start { tag: Tag::Tr, at, .. } => {
                    self.at = self.start + at;
                    if let Some(row) = self.begin_row()? {
                        return Ok(Some(row));
                    }
                }
                Ev::End(Tag::Tr) => {
                    if let Some(row) = self.end_row() {
                        return Ok(Some(row));
                    }
                }
                Ev::Start { tag: Tag::Cell, attrs, .. } => {
                    if let Some(row) = self.begin_cell(attrs)? {
                        return Ok(Some(row));
                    }
                }
                Ev::End(Tag::Cell) => self.end_cell(),
                Ev::Start { tag: Tag::Break, .. } | Ev::End(Tag::Break) => {
                    if let Some((.., text)) = &mut self.cell {
                        text.push(' ');
                    }
                }
                Ev::Text(t) if self.skip == 0 => {
                    if let Some((.., text)) = &mut self.cell {
                        text.push_str(&t);
                    }
                }
                _ => {}
            }
        }
        Ok(None)
    }

    fn merges(&self) -> &[Merge] {
        &self.merges
    }

    fn date1904(&self) -> bool {
        false
    }

    fn progress(&self) -> (u64, u64) {
        (self.at as u64, self.len as u64)
    }
}

/// A cell's value: Excel's `x:num` (a date serial under a date format), else its text.
fn cell_value(text: &str, attrs: &Attrs, styles: &CellStyles) -> Cell {
    let text = normalise_text(text);
    if let Some(n) = attrs.num.as_deref().and_then(|n| n.trim().parse::<f64>().ok()).filter(|n| n.is_finite()) {
        return match styles.format_of(attrs) {
            Some(f) if shows_date(&f) => Cell::DateSerial(n),
            // A number shown as text (codes written with a text format) stays the text shown.
            Some(f) if f.contains('@') && !text.is_empty() => Cell::Text(Arc::from(text.as_str())),
            _ => Cell::Number(n),
        };
    }
    Cell::from_text(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(html: &str, name: &str) -> (Vec<Row>, Vec<Merge>) {
        let book = HtmlBook::open(html.as_bytes(), &Limits::DEFAULT);
        let mut rows = book.rows("f", name).unwrap_or_else(|| panic!("no {name}"));
        let mut out = Vec::new();
        while let Some(r) = rows.next_row().unwrap_or_else(|e| panic!("{e}")) {
            out.push(r);
        }
        (out, rows.merges().to_vec())
    }

    fn texts(r: &Row) -> Vec<String> {
        r.cells.iter().map(Cell::raw).collect()
    }

    #[test]
    fn tag_soup_reads_as_a_browser_reads_it() {
        let html = "<html><head><style>.xl65{mso-number-format:\"Short Date\";}</style>\
            <script>if (a<b) document.write('<table>')</script></head><body>\
            <table border=1><tr><th colspan=2>Thời gian<th rowspan=2>Ghi&nbsp;chú\
            <tr><td>Ngày tiếp<br>nhận<td>Ngày hẹn trả\
            <tr><td class=xl65 x:num=\"45044\">28/04/2023</td><td>  29/04/2023 </td><td><b>Đã</b> <i>trả</i></td>\
            </table><table><tr><td>x</td></tr></table>";
        let book = HtmlBook::open(html.as_bytes(), &Limits::DEFAULT);
        assert_eq!(book.names, vec!["Bảng 1", "Bảng 2"]);
        let (rows, merges) = sheet(html, "Bảng 1");
        assert_eq!(texts(&rows[0]), vec!["Thời gian", "", "Ghi chú"]);
        assert_eq!(texts(&rows[1]), vec!["Ngày tiếp nhận", "Ngày hẹn trả"]);
        assert_eq!(rows[2].cells[0], Cell::DateSerial(45044.0));
        assert_eq!(texts(&rows[2])[1..], ["29/04/2023", "Đã trả"]);
        assert_eq!(merges, vec![(1, 0, 1, 1), (1, 2, 2, 2)]);
        assert_eq!(rows.iter().map(|r| r.number).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(texts(&sheet(html, "Bảng 2").0[0]), vec!["x"]);
    }

    #[test]
    fn a_rowspan_pushes_the_cells_below_it_right_and_nested_tables_are_their_own() {
        let html = "<table><tr><td rowspan=3>Phòng Tư pháp</td><td>H1</td></tr><tr><td>H2</td></tr>\
            <tr><td>H3<table><tr><td>inner</td></tr></table></td></tr><tr><td>H4</td><td>x</td></tr></table>";
        let (rows, merges) = sheet(html, "Bảng 1");
        let got: Vec<Vec<String>> = rows.iter().map(texts).collect();
        assert_eq!(got, vec![vec!["Phòng Tư pháp", "H1"], vec!["", "H2"], vec!["", "H3"], vec!["H4", "x"]]);
        assert_eq!(merges, vec![(1, 0, 3, 0)]);
        assert_eq!(texts(&sheet(html, "Bảng 2").0[0]), vec!["inner"]);
    }

    #[test]
    fn a_cell_far_right_is_refused_with_a_sentence() {
        let html = "<table><tr><td colspan=1000>a</td><td colspan=1000>b</td></tr></table>";
        let book = HtmlBook::open(html.as_bytes(), &Limits::DEFAULT);
        let mut rows = book.rows("f", "Bảng 1").unwrap_or_else(|| panic!("no table"));
        let e = rows.next_row().err().map(|e| e.text().en).unwrap_or_default();
        assert!(e.contains("over the limit of 1024 columns"), "{e}");
    }

    #[test]
    fn number_formats() {
        assert_eq!(number_format("mso-number-format:\"dd\\/mm\\/yyyy\";"), Some("dd/mm/yyyy".into()));
        assert_eq!(number_format("color:red; mso-number-format:'\\@'"), Some("@".into()));
        assert_eq!(number_format("mso-number-format:0"), Some("0".into()));
        assert!(shows_date("dd/mm/yyyy") && shows_date("Short Date") && !shows_date("@"));
        assert!(!shows_date("0.00") && !shows_date("\"m\"0"));
    }
}
