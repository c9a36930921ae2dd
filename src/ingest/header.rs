//! Finding the header among banner rows, reading one- or two-row (merged) headers, and mapping header texts to
//! fields through a synonyms dictionary compared with [`fold_key`] (so diacritics, case, spacing and punctuation
//! do not matter).

use super::columns::{column_letter, parse_column_letter};
use super::source::{Cell, Memo, Row, HEADER_SCAN_ROWS};
use crate::model::fold_key;

/// How well a header text matched a synonym: exact key, or the synonym's words inside a longer header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Quality {
    /// A main wording beats a fallback one ("Đơn vị tiếp nhận" names the unit only when no column names the handling
    /// unit) across columns; within one column the most specific wording decides.
    primary: bool,
    exact: bool,
    /// Explicit mappings from the caller beat any dictionary entry.
    explicit: bool,
    len: usize,
}

/// A dictionary: for each field, the folded header texts that name it.
pub(crate) struct Dict<K> {
    entries: Vec<DictEntry<K>>,
}

/// One wording: the field it names (`None`: a wording that names no field, so a column so headed stays unmapped
/// rather than being taken for a field its words contain), its folded key, whether the caller gave it, and whether
/// it is a fallback (used for its field only when no other column names the field).
struct DictEntry<K> {
    field: Option<K>,
    key: String,
    explicit: bool,
    fallback: bool,
}

impl<K: Copy + PartialEq> Dict<K> {
    pub(crate) fn new(table: &[(K, &[&str])]) -> Self {
        let mut entries = Vec::new();
        for (k, words) in table {
            for w in *words {
                entries.push(DictEntry { field: Some(*k), key: fold_key(w), explicit: false, fallback: false });
            }
        }
        Dict { entries }
    }

    /// A dictionary from (field or none, wording, fallback) entries, such as the one kept as data.
    pub(crate) fn from_entries<'a>(table: impl IntoIterator<Item = (Option<K>, &'a str, bool)>) -> Self {
        let entries = table
            .into_iter()
            .map(|(field, w, fallback)| DictEntry { field, key: header_key(w), explicit: false, fallback })
            .filter(|e| !e.key.is_empty())
            .collect();
        Dict { entries }
    }

    /// Adds the caller's own header texts (explicit mapping) at top priority.
    pub(crate) fn with_explicit(mut self, extra: &[(K, String)]) -> Self {
        for (k, text) in extra {
            let key = header_key(text);
            if !key.is_empty() {
                self.entries.push(DictEntry { field: Some(*k), key, explicit: true, fallback: false });
            }
        }
        self
    }

    /// The best field for a folded header text.
    fn lookup(&self, key: &str) -> Option<(K, Quality)> {
        if key.is_empty() {
            return None;
        }
        let mut best: Option<(Option<K>, Quality)> = None;
        for e in &self.entries {
            let exact = e.key == key;
            // Containment only for synonyms of two words or more, so "Ngày" alone never matches everything.
            let contained = !exact && !e.explicit && e.key.contains(' ') && has_words(key, &e.key);
            if exact || contained {
                let q = Quality { primary: !e.fallback, exact, explicit: e.explicit && exact, len: e.key.len() };
                // Within a column the most specific wording wins, a fallback or not.
                let rank = |q: &Quality| (q.exact, q.explicit, q.len);
                if best.as_ref().is_none_or(|(_, bq)| rank(&q) > rank(bq)) {
                    best = Some((e.field, q));
                }
            }
        }
        best.and_then(|(k, q)| Some((k?, q)))
    }
}

/// The key a header text is matched by: [`fold_key`] after a field name written in PascalCase or camelCase is split
/// into words ("NgayHenTra", "ngayHenTra" → "ngay hen tra"; "ngay_hen_tra" folds so already).
pub(crate) fn header_key(text: &str) -> String {
    let b = text.as_bytes();
    let camel = text.is_ascii()
        && !text.contains(' ')
        && b.windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    if !camel {
        return fold_key(text);
    }
    let mut spaced = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        let prev = i.checked_sub(1).and_then(|j| b.get(j)).copied();
        let next = b.get(i + 1).copied();
        // A capital starts a word after a small letter or a digit, or ends a run of capitals ("TTHCCong" → "TTHC Cong").
        let starts = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if starts {
            spaced.push(' ');
        }
        spaced.push(c);
    }
    fold_key(&spaced)
}

/// Whether the words of `syn` stand in `key` as whole words (both folded: words split by single spaces). The
/// header search asks this of every synonym for every column of its first 40 rows, so nothing is allocated.
pub(crate) fn has_words(key: &str, syn: &str) -> bool {
    let (k, s) = (key.as_bytes(), syn.as_bytes());
    let word_starts = std::iter::once(0).chain(k.iter().enumerate().filter(|(_, b)| **b == b' ').map(|(i, _)| i + 1));
    word_starts.into_iter().any(|i| k[i..].starts_with(s) && k.get(i + s.len()).is_none_or(|b| *b == b' '))
}

/// One header column: what the user sees as its title and the texts tried against the dictionary.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeaderCol {
    pub column: usize,
    pub display: String,
    /// (folded key, display text) pairs, most specific first.
    candidates: Vec<(String, String)>,
}

/// A detected header: its rows, its columns, and the fields mapped to columns.
#[derive(Debug, Clone)]
pub(crate) struct Header<K> {
    /// Index (into the sheet's rows) of the first header row.
    pub first: usize,
    /// 1 or 2.
    pub height: usize,
    pub columns: Vec<HeaderCol>,
    /// field → (column, header text as shown), one column per field.
    pub mapped: Vec<(K, usize, String)>,
    /// Columns that named a field already taken by a better column.
    pub shadowed: Vec<(K, usize, String)>,
    /// Fields mapped through a fallback wording (a receiving desk as the unit: no column names the handling unit).
    pub fallbacks: Vec<K>,
    score: usize,
}

impl<K: Copy + PartialEq> Header<K> {
    pub(crate) fn column_of(&self, field: K) -> Option<usize> {
        self.mapped.iter().find(|(k, _, _)| *k == field).map(|(_, c, _)| *c)
    }

    pub(crate) fn header_of(&self, field: K) -> Option<&str> {
        self.mapped.iter().find(|(k, _, _)| *k == field).map(|(_, _, h)| h.as_str())
    }

    /// Index of the first row under the header.
    pub(crate) fn data_start(&self) -> usize {
        self.first + self.height
    }

    pub(crate) fn fields(&self) -> Vec<K> {
        self.mapped.iter().map(|(k, _, _)| *k).collect()
    }

    pub(crate) fn display_of(&self, column: usize) -> String {
        self.columns
            .iter()
            .find(|c| c.column == column)
            .map(|c| c.display.clone())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| column_letter(column))
    }

    /// Forces `field` onto the column whose header reads `text` (or whose letter is `text`).
    /// Returns false when no such column exists.
    pub(crate) fn force(&mut self, field: K, text: &str) -> bool {
        let key = header_key(text);
        let found = self
            .columns
            .iter()
            .find_map(|c| c.candidates.iter().find(|(k, _)| *k == key).map(|(_, d)| (c.column, d.clone())));
        let found = found.or_else(|| {
            let col = parse_column_letter(text)?;
            Some((col, self.display_of(col)))
        });
        let Some((col, display)) = found else {
            return false;
        };
        self.mapped.retain(|(k, c, _)| *k != field && *c != col);
        self.fallbacks.retain(|k| *k != field);
        self.mapped.push((field, col, display));
        self.mapped.sort_by_key(|(_, c, _)| *c);
        true
    }
}

fn text_of(cell: &Cell) -> Option<String> {
    let t = cell.text()?.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Header columns for a single row.
fn single_columns(row: &Row) -> Vec<HeaderCol> {
    row.cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let t = text_of(c)?;
            Some(HeaderCol {
                column: i,
                display: crate::model::normalise_text(&t),
                candidates: vec![(header_key(&t), crate::model::normalise_text(&t))],
            })
        })
        .collect()
}

/// Header columns for a two-row header: a parent cell (merged across its children, so only its first cell holds
/// text) above child cells; columns without a child (merged vertically) use the parent text.
fn pair_columns(top: &Row, bottom: &Row) -> Vec<HeaderCol> {
    let width = top.cells.len().max(bottom.cells.len());
    let mut out = Vec::new();
    let mut parent: Option<String> = None;
    for c in 0..width {
        let t = text_of(top.cell(c));
        let b = text_of(bottom.cell(c));
        // A parent spans children: it has a child under its own first cell and empty cells to its right.
        match (&t, &b) {
            (Some(t), Some(_)) => parent = Some(t.clone()),
            (Some(_), None) | (None, None) => parent = None,
            (None, Some(_)) => {}
        }
        let col = match (t, b) {
            (_, Some(b)) => {
                let b = crate::model::normalise_text(&b);
                let mut candidates = vec![(header_key(&b), b.clone())];
                if let Some(p) = &parent {
                    let p = crate::model::normalise_text(p);
                    candidates.push((fold_key(&format!("{p} {b}")), format!("{p} / {b}")));
                    candidates.push((fold_key(&p), p.clone()));
                }
                HeaderCol { column: c, display: b, candidates }
            }
            (Some(t), None) => {
                let t = crate::model::normalise_text(&t);
                HeaderCol { column: c, display: t.clone(), candidates: vec![(header_key(&t), t)] }
            }
            (None, None) => continue,
        };
        out.push(col);
    }
    out
}

/// field, column, header text, match quality.
type Match<K> = (K, usize, String, Quality);

/// field, column, header text.
type Mapped<K> = (K, usize, String);

fn map_columns<K: Copy + PartialEq>(dict: &Dict<K>, columns: &[HeaderCol]) -> (Vec<Match<K>>, Vec<Mapped<K>>) {
    // Best field per column: a child's own text first, then parent+child, then the parent.
    let mut per_col: Vec<Match<K>> = Vec::new();
    for col in columns {
        // The most specific text that names a field decides.
        let best =
            col.candidates.iter().find_map(|(key, display)| dict.lookup(key).map(|(k, q)| (k, display.clone(), q)));
        if let Some((k, d, q)) = best {
            per_col.push((k, col.column, d, q));
        }
    }
    // One column per field: the best match wins, then the leftmost.
    let mut mapped: Vec<Match<K>> = Vec::new();
    let mut shadowed = Vec::new();
    for (k, c, d, q) in per_col {
        match mapped.iter().position(|(mk, _, _, _)| *mk == k) {
            Some(i) => {
                let better = mapped.get(i).is_some_and(|(_, _, _, mq)| q > *mq);
                if better {
                    if let Some(old) = mapped.get_mut(i) {
                        let (ok, oc, od, _) = std::mem::replace(old, (k, c, d, q));
                        shadowed.push((ok, oc, od));
                    }
                } else {
                    shadowed.push((k, c, d));
                }
            }
            None => mapped.push((k, c, d, q)),
        }
    }
    (mapped, shadowed)
}

fn build<K: Copy + PartialEq>(dict: &Dict<K>, first: usize, height: usize, columns: Vec<HeaderCol>) -> Header<K> {
    let (mapped, shadowed) = map_columns(dict, &columns);
    let score = mapped.iter().map(|(_, _, _, q)| if q.exact { 3 } else { 2 }).sum();
    let fallbacks = mapped.iter().filter(|(_, _, _, q)| !q.primary).map(|(k, _, _, _)| *k).collect();
    let mut mapped: Vec<(K, usize, String)> = mapped.into_iter().map(|(k, c, d, _)| (k, c, d)).collect();
    mapped.sort_by_key(|(_, c, _)| *c);
    Header { first, height, columns, mapped, shadowed, fallbacks, score }
}

/// Searches the first rows for the header that names the most fields. A two-row header wins over a one-row header
/// only when the second row adds fields. `accept` says whether a header is usable at all (e.g. it names a code and
/// a due date).
pub(crate) fn find_header<K: Copy + PartialEq>(
    rows: &[Row],
    dict: &Dict<K>,
    accept: impl Fn(&[K]) -> bool,
) -> Option<Header<K>> {
    let limit = rows.len().min(HEADER_SCAN_ROWS);
    let singles: Vec<Option<Header<K>>> = (0..limit)
        .map(|i| rows.get(i).filter(|r| !r.is_blank()).map(|r| build(dict, i, 1, single_columns(r))))
        .collect();
    let single_score = |i: usize| singles.get(i).and_then(|h| h.as_ref()).map(|h| h.score).unwrap_or(0);
    let mut best: Option<Header<K>> = None;
    for i in 0..limit {
        let Some(Some(single)) = singles.get(i) else { continue };
        let mut candidates = vec![single.clone()];
        if let (Some(top), Some(next)) = (rows.get(i), rows.get(i + 1)) {
            // A row whose only text is one cell (a group heading such as "I. Lĩnh vực Tư pháp", often merged across
            // the table) is never a header's second row: its words would name the column they stand in.
            if next.non_blank().nth(1).is_some() {
                let pair = build(dict, i, 2, pair_columns(top, next));
                // A two-row header must name more than either of its rows alone (a title above a one-row
                // header, or a numbering row under it, adds nothing).
                if pair.score > single_score(i).max(single_score(i + 1)) {
                    candidates.push(pair);
                }
            }
        }
        for h in candidates {
            if h.score == 0 || !accept(&h.fields()) {
                continue;
            }
            if best.as_ref().is_none_or(|b| h.score > b.score) {
                best = Some(h);
            }
        }
    }
    best
}

/// Score of the best header in a sheet (to choose among sheets), 0 when none.
pub(crate) fn score<K>(h: &Header<K>) -> usize {
    h.score
}

/// The last letter or digit of a text as `fold_key` would write it ('ả' → 'a', 'Đ' → 'd').
fn last_folded(t: &str) -> Option<char> {
    let c = t.chars().rev().find(|c| c.is_alphanumeric())?;
    let base = match c {
        'đ' | 'Đ' => 'd',
        c => unicode_normalization::UnicodeNormalization::nfd(std::iter::once(c)).next().unwrap_or(c),
    };
    base.to_lowercase().next()
}

/// Whether a row repeats the header (a printed export repeats it on every page).
pub(crate) fn repeats_header<K: Copy + PartialEq>(row: &Row, header: &Header<K>) -> bool {
    HeaderRepeat::new(header).repeats(row)
}

/// [`repeats_header`] for a million rows: the header's keys are folded once, and what each distinct cell text
/// gave is remembered per column (a log repeats its units, officers and procedures on every row).
pub(crate) struct HeaderRepeat {
    /// Per mapped column: its index, the header text, its folded key and the last letter of that key.
    columns: Vec<(usize, String, String, Option<char>)>,
    /// Per mapped column: cell text → whether it matches the header.
    memo: Vec<Memo<bool>>,
}

impl HeaderRepeat {
    pub(crate) fn new<K: Copy + PartialEq>(header: &Header<K>) -> Self {
        let columns: Vec<_> =
            header.mapped.iter().map(|(_, c, text)| (*c, text.clone(), fold_key(text), last_folded(text))).collect();
        let memo = columns.iter().map(|_| Default::default()).collect();
        HeaderRepeat { columns, memo }
    }

    pub(crate) fn repeats(&mut self, row: &Row) -> bool {
        // At least two of the mapped columns, and half of them, must name their header.
        let need = self.columns.len().div_ceil(2).max(2);
        // Text with a digit never names a header: cells starting with one (dates), and blank ones, are passed over
        // without a lookup (and without reading further), and a data row is decided after a lookup or two.
        let possible = |t: &str| !t.as_bytes().first().is_some_and(u8::is_ascii_digit);
        let mut left = self.columns.iter().filter(|c| row.cell(c.0).text().is_some_and(possible)).count();
        let mut same = 0;
        for ((col, text, key, last), memo) in self.columns.iter().zip(&mut self.memo) {
            // A data row stops as soon as the cells left could not make enough.
            if same + left < need {
                return false;
            }
            let cell = row.cell(*col);
            if !cell.text().is_some_and(possible) {
                continue;
            }
            left -= 1;
            same += usize::from(memo.get_or_cell(cell, |t| header_word(t.trim(), text, key, *last)).unwrap_or(false));
        }
        same >= need
    }
}

/// Whether a cell's text names the header `text` (whose folded key and last letter are given).
fn header_word(t: &str, text: &str, key: &str, last: Option<char>) -> bool {
    // Header words hold no digits; data (codes, dates) nearly always does. And a header's folded key ends with the
    // same letter as the cell's: both checks skip the costly folding of ordinary data cells.
    if t.is_empty() || t.bytes().any(|b| b.is_ascii_digit()) || last_folded(t) != last {
        return false;
    }
    if t == text {
        return true;
    }
    let folded = fold_key(t);
    folded == key || key.ends_with(&folded)
}

/// Words that mark signature blocks, totals and notes under a table.
const FOOTER_MARKS: &[&str] = &[
    "nguoi lap bieu",
    "nguoi lap",
    "nguoi ky",
    "thu truong don vi",
    "thu truong",
    "ky ghi ro ho ten",
    "ky ten",
    "ky va ghi ro ho ten",
    "ky ten dong dau",
    "ky ho ten",
    "giam doc",
    "pho giam doc",
    "chu tich",
    "pho chu tich",
    "truong phong",
    "pho truong phong",
    "ke toan",
    "noi nhan",
    "xac nhan",
    "tong cong",
    "tong so",
    "ghi chu",
    "kt chu tich",
    "tm uy ban nhan dan",
    "tm ubnd",
    "kt giam doc",
    "nguoi duyet",
    "prepared by",
    "approved by",
];

/// Marks that only count when they are the whole cell ("Cộng" as a total line, not "Công an huyện").
const FOOTER_WORDS: &[&str] = &["cong", "tong", "total", "tong cong"];

/// Marks of a totals line among [`FOOTER_MARKS`] and [`FOOTER_WORDS`].
const TOTAL_MARKS: &[&str] = &["cong", "tong", "total", "tong cong", "tong so"];

/// What kind of line under a table a footer row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Footer {
    /// "Tổng cộng: 6 hồ sơ", "Cộng".
    Total,
    /// A signer's title, "(Ký, ghi rõ họ tên)", "Nơi nhận", "Ghi chú".
    Signature,
    /// "Tuy Phước, ngày 07 tháng 04 năm 2023".
    PlaceDate,
}

/// Whether a row is a signature line, a place-and-date line ("Bình Định, ngày … tháng … năm …"), or a total.
///
/// A job title inside a data row ("Phó Trưởng phòng" in a "Chức vụ" column) is not a footer: footer rows hold at
/// most three cells.
pub(crate) fn is_footer(row: &Row) -> bool {
    footer_kind(row).is_some()
}

/// [`is_footer`], saying which kind of footer line the row is.
pub(crate) fn footer_kind(row: &Row) -> Option<Footer> {
    if row.non_blank().nth(3).is_some() {
        return None;
    }
    row.non_blank().find_map(|(_, c)| {
        let t = c.text()?;
        let key = fold_key(t);
        if key.is_empty() {
            return None;
        }
        if key.contains("ngay") && key.contains("thang") && key.contains("nam") && !t.contains('/') {
            return Some(Footer::PlaceDate);
        }
        let mark = FOOTER_WORDS
            .iter()
            .find(|w| key == **w)
            .or_else(|| FOOTER_MARKS.iter().find(|m| key == **m || key.starts_with(&format!("{m} "))))?;
        Some(if TOTAL_MARKS.contains(mark) { Footer::Total } else { Footer::Signature })
    })
}

/// Whether a row only numbers the columns: "(1) (2) (3)…" or "1 2 3…" under the header.
pub(crate) fn is_numbering_row(row: &Row) -> bool {
    // Each value must follow the one before it; asked of every row, so nothing is allocated.
    let (mut n, mut last) = (0usize, None::<i64>);
    for (_, c) in row.non_blank() {
        let v = match c {
            Cell::Number(x) if x.fract() == 0.0 && *x >= 0.0 && *x < 100.0 => *x as i64,
            // "(100)" at most, with some spaces around: a longer text (a code, a name) numbers no column.
            Cell::Text(_) | Cell::Short(_) => {
                let t = c.text().unwrap_or_default();
                if t.len() > 24 {
                    return false;
                }
                let t = t.trim().trim_start_matches('(').trim_end_matches(')');
                match t.parse::<i64>() {
                    Ok(v) => v,
                    Err(_) => {
                        // Letters "A B C" also number columns in official forms.
                        if t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase()) {
                            (t.as_bytes().first().copied().unwrap_or(b'A') - b'A') as i64 + 1
                        } else {
                            return false;
                        }
                    }
                }
            }
            _ => return false,
        };
        if last.is_some_and(|a| v != a + 1) {
            return false;
        }
        last = Some(v);
        n += 1;
    }
    n >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_in_pascal_and_camel_case_split_into_words() {
        assert_eq!(header_key("NgayHenTra"), "ngay hen tra");
        assert_eq!(header_key("ngayHenTra"), "ngay hen tra");
        assert_eq!(header_key("ngay_hen_tra"), "ngay hen tra");
        assert_eq!(header_key("TenTTHC"), "ten tthc");
        assert_eq!(header_key("MaTTHCDungChung"), "ma tthc dung chung");
        assert_eq!(header_key("STT"), "stt");
        assert_eq!(header_key("Ngày hẹn trả"), "ngay hen tra");
    }

    #[test]
    fn words_stand_whole_in_a_header() {
        for (key, syn, expect) in [
            ("ngay hen tra ket qua", "ngay hen tra", true),
            ("ngay hen tra", "ngay hen tra", true),
            ("du kien ngay hen tra", "ngay hen tra", true),
            ("ngay hen trai", "ngay hen tra", false),
            ("xngay hen tra", "ngay hen tra", false),
            ("xa a a", "a a", true), // a later match overlapping the first
            ("đa a", "a a", false),
            ("đa a a", "a a", true),
            ("", "a a", false),
        ] {
            assert_eq!(has_words(key, syn), expect, "{key:?} {syn:?}");
            assert_eq!(has_words(key, syn), format!(" {key} ").contains(&format!(" {syn} ")), "{key:?} {syn:?}");
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum F {
        Code,
        Due,
        Returned,
        Statutory,
        Received,
    }

    fn dict() -> Dict<F> {
        Dict::new(&[
            (F::Code, &["Mã hồ sơ"]),
            (F::Due, &["Ngày hẹn trả", "Hẹn trả kết quả", "Hạn giải quyết"]),
            (F::Returned, &["Ngày trả kết quả", "Trả kết quả"]),
            (F::Statutory, &["Thời hạn giải quyết"]),
            (F::Received, &["Ngày tiếp nhận"]),
        ])
    }

    fn row(n: u32, cells: &[&str]) -> Row {
        Row {
            number: n,
            cells: cells.iter().map(|s| if s.is_empty() { Cell::Empty } else { Cell::Text((*s).into()) }).collect(),
        }
    }

    #[test]
    fn longest_synonym_wins_inside_longer_headers() {
        let d = dict();
        assert_eq!(d.lookup(&fold_key("Ngày hẹn trả kết quả")).map(|x| x.0), Some(F::Due));
        assert_eq!(d.lookup(&fold_key("NGAY TRA KET QUA")).map(|x| x.0), Some(F::Returned));
        assert_eq!(d.lookup(&fold_key("Thời hạn giải quyết (ngày)")).map(|x| x.0), Some(F::Statutory));
        assert_eq!(d.lookup(&fold_key("Hạn giải quyết")).map(|x| x.0), Some(F::Due));
        assert_eq!(d.lookup(&fold_key("Ngày")), None);
    }

    #[test]
    fn two_row_header_under_banners() {
        let rows = vec![
            row(1, &["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]),
            row(2, &["BÁO CÁO"]),
            row(3, &[]),
            row(4, &["STT", "Mã hồ sơ", "Thời gian", "", "Ghi chú"]),
            row(5, &["", "", "Ngày tiếp nhận", "Ngày hẹn trả", ""]),
            row(6, &["1", "H1", "01/01/2023", "05/01/2023", ""]),
        ];
        let h = find_header(&rows, &dict(), |f| f.contains(&F::Code)).unwrap_or_else(|| panic!("no header"));
        assert_eq!((h.first, h.height, h.data_start()), (3, 2, 5));
        assert_eq!(h.column_of(F::Code), Some(1));
        assert_eq!(h.column_of(F::Received), Some(2));
        assert_eq!(h.column_of(F::Due), Some(3));
        assert_eq!(h.header_of(F::Due), Some("Ngày hẹn trả"));
    }

    /// A header repeated down the sheet (a page break in the export) is found whichever of its cells come first,
    /// and a data row or a row naming one header alone is not; what the early stop answers is what counting all
    /// the cells answers.
    #[test]
    fn a_repeated_header_is_found_and_data_is_not() {
        let head = vec![
            row(1, &["Mã hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả kết quả"]),
            row(2, &["H1", "01/01/2023", "05/01/2023", ""]),
        ];
        let h = find_header(&head, &dict(), |f| f.contains(&F::Code)).unwrap_or_else(|| panic!("no header"));
        let mut repeat = HeaderRepeat::new(&h);
        let names = ["Mã hồ sơ", "NGÀY TIẾP NHẬN", "Ngày hẹn trả", "ngày trả kết quả"];
        // Cells that do not name their header: starting with a digit (passed over), holding one, words, blank.
        for other in ["01/01/2023", "H9-2023", "Phòng Tư pháp", ""] {
            for mask in 0u32..16 {
                let cells: Vec<&str> = (0..4).map(|i| if mask & (1 << i) != 0 { names[i] } else { other }).collect();
                let same = mask.count_ones() as usize;
                assert_eq!(repeat.repeats(&row(40, &cells)), same >= 2 && same * 2 >= 4, "{cells:?}");
            }
        }
        assert!(!repeat.repeats(&row(41, &["H2", "02/01/2023", "06/01/2023", "07/01/2023"])));
    }

    #[test]
    fn footers_and_numbering_rows() {
        assert!(is_footer(&row(30, &["", "NGƯỜI LẬP BIỂU", "", "THỦ TRƯỞNG ĐƠN VỊ"])));
        assert!(is_footer(&row(31, &["", "(Ký, ghi rõ họ tên)"])));
        assert!(is_footer(&row(29, &["", "", "Bình Định, ngày ... tháng ... năm 2024"])));
        assert_eq!(footer_kind(&row(28, &["Tổng cộng: 6 hồ sơ"])), Some(Footer::Total));
        assert_eq!(footer_kind(&row(28, &["", "Cộng"])), Some(Footer::Total));
        assert_eq!(footer_kind(&row(30, &["Người lập biểu", "", "Thủ trưởng đơn vị"])), Some(Footer::Signature));
        assert_eq!(footer_kind(&row(29, &["", "Tuy Phước, ngày 07 tháng 04 năm 2023"])), Some(Footer::PlaceDate));
        assert!(!is_footer(&row(29, &["1", "H1", "Nguyễn Văn An"])));
        assert!(!is_footer(&row(
            7,
            &["4", "Phạm Thị Thu Hà", "Phó Trưởng phòng", "Phòng Tài nguyên và Môi trường", "Giỏi"]
        )));
        assert!(is_numbering_row(&row(6, &["(1)", "(2)", "(3)", "(4)"])));
        assert!(!is_numbering_row(&row(6, &["A", "B", "1", "2"])));
        assert!(!is_numbering_row(&row(6, &["1", "H1", "x"])));
        assert!(is_numbering_row(&row(6, &[" (1) ", "\u{a0}(2)\u{a0}", "(3)  "])));
        assert!(!is_numbering_row(&row(6, &["1", "H08.22-230101-0000001", "2"])));
        assert!(
            is_numbering_row(&row(6, &["A", "B", "C"]))
                && !is_numbering_row(&row(6, &["1", "2"]))
                && !is_numbering_row(&row(6, &["1", "3", "4"]))
        );
    }
}
