//! Plain data: dossiers, names, statuses, rating levels, where a value came from, and the explanation steps
//! every verdict carries. Nothing here computes a rule.

mod name;

pub use name::{fold_key, is_nfc, normalise_text, push_folded, Name, NameParts};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// A byte string's hash: eight bytes at a time, each mixed in by an xor, a 64-bit multiply and a shift, from a
/// seed (drawn for each check or map, so no file can be made to collide). foldhash's 128-bit multiplies are emulated
/// in wasm: hashing a million codes with it took 0.13 s in the browser. Collisions cost only a comparison.
pub(crate) fn bytes_hash(seed: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, w: u64| {
        let h = (h ^ w).wrapping_mul(K);
        h ^ (h >> 29)
    };
    let mut words = bytes.chunks_exact(8);
    let mut h = seed;
    for w in &mut words {
        h = mix(h, u64::from_le_bytes(w.try_into().unwrap_or_default()));
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = mix(h, u64::from_le_bytes(last));
    mix(h, bytes.len() as u64)
}

/// Whether two byte strings are equal, compared eight bytes at a time (wasm's `memcmp` goes byte by byte).
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && a.chunks(8).zip(b.chunks(8)).all(|(x, y)| match (<[u8; 8]>::try_from(x), <[u8; 8]>::try_from(y)) {
            (Ok(x), Ok(y)) => u64::from_ne_bytes(x) == u64::from_ne_bytes(y),
            _ => x.iter().zip(y).all(|(p, q)| p == q),
        })
}

/// A fresh random seed for [`bytes_hash`].
pub(crate) fn random_seed() -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::RandomState::default().hash_one(0u8)
}

/// A hasher for keys made of a few integers (addresses, hashes, years): FxHash's step per integer, one 64-bit
/// multiply each, and a shift at the end to spread the bits the table picks buckets by. foldhash's 128-bit
/// multiply is emulated in wasm, and these maps are asked millions of times per log.
#[derive(Default, Clone, Copy)]
pub(crate) struct IntHasher(u64);

pub(crate) type IntHash = std::hash::BuildHasherDefault<IntHasher>;

impl IntHasher {
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl std::hash::Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.add(u64::from(*b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_i32(&mut self, n: i32) {
        self.add(n as u32 as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// Where a value came from, as the user sees it: file, sheet, 1-based row number counting banner rows,
/// and the column header when one cell is meant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct SourcePos {
    /// Shared by every row of the file.
    pub file: Arc<str>,
    pub sheet: Arc<str>,
    pub row: u32,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub column: Option<String>,
}

impl fmt::Display for SourcePos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if !self.sheet.is_empty() {
            write!(f, " / {}", self.sheet)?;
        }
        write!(f, " / dòng {}", self.row)?;
        if let Some(c) = &self.column {
            write!(f, " / cột \"{c}\"")?;
        }
        Ok(())
    }
}

/// A date as the log wrote it, with the time of day (to the millisecond) when the log carried one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment {
    pub date: NaiveDate,
    /// Milliseconds since midnight plus one; 0 when the log gave no time (so a date alone sorts first). Not an
    /// `Option<NaiveTime>`: a moment takes 8 bytes instead of 16, and a dossier holds five (a million-row log in
    /// the browser, issue 7's memory target).
    time: u32,
}

impl Moment {
    pub fn new(date: NaiveDate, time: Option<NaiveTime>) -> Self {
        // A leap second (chrono's nanoseconds past a billion) is kept as the last millisecond of the second before.
        let time =
            time.map_or(0, |t| t.num_seconds_from_midnight() * 1000 + t.nanosecond().min(999_999_999) / 1_000_000 + 1);
        Moment { date, time }
    }

    pub fn day(date: NaiveDate) -> Self {
        Moment { date, time: 0 }
    }

    pub fn at(date: NaiveDate, time: NaiveTime) -> Self {
        Moment::new(date, Some(time))
    }

    /// The time as kept (milliseconds since midnight plus one, 0 for none), for a compact encoding.
    pub(crate) fn packed_time(&self) -> u32 {
        self.time
    }

    /// A moment from [`Self::packed_time`]; `None` for a value no time of day gives.
    pub(crate) fn from_packed(date: NaiveDate, time: u32) -> Option<Self> {
        (time <= 86_400_000).then_some(Moment { date, time })
    }

    /// The time of day, when the log carried one.
    pub fn time(&self) -> Option<NaiveTime> {
        let ms = self.time.checked_sub(1)?;
        NaiveTime::from_num_seconds_from_midnight_opt(ms / 1000, ms % 1000 * 1_000_000)
    }

    /// The instant used for minute-level comparisons: a date without a time stands for the end of that day,
    /// so that "due 28/04" is met by anything finished on 28/04.
    pub fn instant_end_of_day(&self) -> NaiveDateTime {
        let t = self.time().unwrap_or_else(|| NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"));
        self.date.and_time(t)
    }

    /// dd/mm/yyyy, with hh:mm when the time is known.
    pub fn display_vi(&self) -> String {
        match self.time() {
            Some(t) => format!("{} {}", fmt_date(self.date), t.format("%H:%M")),
            None => fmt_date(self.date),
        }
    }
}

impl Serialize for Moment {
    /// `2023-04-28`, or `2023-04-28T10:20:00`: written digit by digit (a JSON report of a million dossiers writes
    /// four million of them; chrono's `format` parsed its pattern every time).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use chrono::{Datelike, Timelike};
        fn put(out: &mut [u8], mut n: u32) {
            for b in out.iter_mut().rev() {
                *b = b'0' + (n % 10) as u8;
                n /= 10;
            }
        }
        let mut b = *b"0000-00-00T00:00:00";
        let year = self.date.year();
        if !(0..=9999).contains(&year) {
            return s.collect_str(&self.date.format("%Y-%m-%d"));
        }
        put(&mut b[0..4], year as u32);
        put(&mut b[5..7], self.date.month());
        put(&mut b[8..10], self.date.day());
        let len = match self.time() {
            Some(t) => {
                put(&mut b[11..13], t.hour());
                put(&mut b[14..16], t.minute());
                put(&mut b[17..19], t.second());
                19
            }
            None => 10,
        };
        s.serialize_str(std::str::from_utf8(&b[..len]).unwrap_or_default())
    }
}

/// A whole number with thousands separators: `sep` is '.' in Vietnamese (2.500.000), ',' in English.
pub fn thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// dd/mm/yyyy, the only way dates are shown to users.
pub fn fmt_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A number as Vietnamese writes it, with a decimal comma and the decimals it has: `ViNum(83.33)` is "83,33",
/// `ViNum(100.0)` is "100". The English sentences print the number itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViNum(pub f64);

impl std::fmt::Display for ViNum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.to_string().replace('.', ","))
    }
}

/// How the applicant submitted the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Online,
    InPerson,
    Post,
}

/// One administrative-procedure dossier (hồ sơ thủ tục hành chính) as read from a log.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dossier {
    pub code: String,
    /// Texts that repeat down a log (procedure, field, status) are shared between dossiers.
    pub procedure: Option<Arc<str>>,
    /// Lĩnh vực (field of work), the grouping official reports use.
    pub field: Option<Arc<str>>,
    pub unit: Name,
    pub officer: Name,
    pub received: Option<Moment>,
    pub due: Option<Moment>,
    /// Ngày hẹn lại / gia hạn: the new date given with an apology.
    pub extended_due: Option<Moment>,
    pub finished: Option<Moment>,
    pub returned: Option<Moment>,
    /// The log's own free-text status (Đã trả kết quả, Đang xử lý, Chờ bổ sung…).
    pub status_text: Option<Arc<str>>,
    pub channel: Option<Channel>,
    /// Thời hạn giải quyết, in working days.
    pub statutory_days: Option<u32>,
    /// Whether the log records an apology letter (Phiếu xin lỗi); `None` when the log has no such column.
    pub apology: Option<bool>,
    /// Times the log wrote in another time zone, converted to Vietnam time (the "why?" shows the conversion).
    pub zone: Zone,
    pub source: SourcePos,
}

/// Which of a dossier's moments the log wrote in another time zone (ISO 8601 with "Z" or an offset other than
/// +07:00) and were converted to Vietnam time (UTC+7), and that zone's offset east of UTC in minutes. Four bytes,
/// in a dossier's padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Zone {
    /// Bits [`Zone::RECEIVED`] … [`Zone::RETURNED`].
    pub fields: u8,
    pub offset_minutes: i16,
}

impl Zone {
    pub const RECEIVED: u8 = 1;
    pub const DUE: u8 = 2;
    pub const EXTENDED_DUE: u8 = 4;
    pub const FINISHED: u8 = 8;
    pub const RETURNED: u8 = 16;
    /// Vietnam's offset east of UTC, in minutes.
    pub const VIETNAM_MINUTES: i16 = 7 * 60;

    /// "UTC", "UTC+09:00", "UTC−05:00".
    pub fn label(&self) -> String {
        let m = self.offset_minutes;
        if m == 0 {
            return "UTC".into();
        }
        let sign = if m > 0 { '+' } else { '−' };
        format!("UTC{sign}{:02}:{:02}", m.unsigned_abs() / 60, m.unsigned_abs() % 60)
    }

    /// A converted moment as the log wrote it, in its own zone.
    pub fn original(&self, m: Moment) -> Option<chrono::NaiveDateTime> {
        let local = m.date.and_time(m.time()?);
        Some(local - chrono::Duration::minutes(i64::from(Self::VIETNAM_MINUTES - self.offset_minutes)))
    }
}

/// The verdict on one dossier (Vietnamese labels as official reports write them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Early,
    OnTime,
    Late,
    PendingWithin,
    PendingOverdue,
    /// Stopped ("dừng giải quyết", a portal's "Dừng xử lý"): closed without a result, neither late nor pending
    /// (from Nghị định 118/2025, when the profile says so).
    Stopped,
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::Early, Status::OnTime, Status::Late, Status::PendingWithin, Status::PendingOverdue, Status::Stopped];

    pub fn label_vi(self) -> &'static str {
        match self {
            Status::Early => "Trước hạn",
            Status::OnTime => "Đúng hạn",
            Status::Late => "Trễ hạn",
            Status::PendingWithin => "Đang giải quyết trong hạn",
            Status::PendingOverdue => "Đang giải quyết quá hạn",
            Status::Stopped => "Dừng giải quyết",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Status::Early => "Early",
            Status::OnTime => "On time",
            Status::Late => "Late",
            Status::PendingWithin => "Pending, within time",
            Status::PendingOverdue => "Pending, overdue",
            Status::Stopped => "Stopped",
        }
    }

    /// Late or pending overdue: the two that count against an officer.
    pub fn is_overdue(self) -> bool {
        matches!(self, Status::Late | Status::PendingOverdue)
    }

    pub fn is_pending(self) -> bool {
        matches!(self, Status::PendingWithin | Status::PendingOverdue)
    }

    pub fn code(self) -> &'static str {
        match self {
            Status::Early => "early",
            Status::OnTime => "on_time",
            Status::Late => "late",
            Status::PendingWithin => "pending_within",
            Status::PendingOverdue => "pending_overdue",
            Status::Stopped => "stopped",
        }
    }
}

/// Rating levels of Nghị định 90/2020/NĐ-CP, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    XuatSac,
    Tot,
    HoanThanh,
    KhongHoanThanh,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::XuatSac, Rating::Tot, Rating::HoanThanh, Rating::KhongHoanThanh];

    /// 3 for the highest level down to 0.
    pub fn rank(self) -> u8 {
        match self {
            Rating::XuatSac => 3,
            Rating::Tot => 2,
            Rating::HoanThanh => 1,
            Rating::KhongHoanThanh => 0,
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Rating::XuatSac => "Hoàn thành xuất sắc nhiệm vụ",
            Rating::Tot => "Hoàn thành tốt nhiệm vụ",
            Rating::HoanThanh => "Hoàn thành nhiệm vụ",
            Rating::KhongHoanThanh => "Không hoàn thành nhiệm vụ",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Rating::XuatSac => "Excellently completed duties",
            Rating::Tot => "Well completed duties",
            Rating::HoanThanh => "Completed duties",
            Rating::KhongHoanThanh => "Did not complete duties",
        }
    }

    pub fn abbreviation(self) -> &'static str {
        match self {
            Rating::XuatSac => "HTXSNV",
            Rating::Tot => "HTTNV",
            Rating::HoanThanh => "HTNV",
            Rating::KhongHoanThanh => "KHTNV",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Rating::XuatSac => "xuat_sac",
            Rating::Tot => "tot",
            Rating::HoanThanh => "hoan_thanh",
            Rating::KhongHoanThanh => "khong_hoan_thanh",
        }
    }

    /// Reads a level written in full (with or without diacritics, any case), abbreviated, or as its code.
    pub fn parse(text: &str) -> Option<Rating> {
        let key = fold_key(text);
        let compact: String = key.chars().filter(|c| !c.is_whitespace()).collect();
        Rating::ALL.into_iter().find(|r| {
            let full = fold_key(r.label_vi());
            key == full
                || key == full.trim_end_matches(" nhiem vu")
                || compact == r.abbreviation().to_lowercase()
                || compact == r.code().replace('_', "")
        })
    }
}

/// How sure we are of a fact (RULES.md): V official text, V2 secondary source, U believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sureness {
    V,
    V2,
    U,
}

impl Sureness {
    pub fn label_vi(self) -> &'static str {
        match self {
            Sureness::V => "đã đối chiếu văn bản gốc",
            Sureness::V2 => "theo nguồn thứ cấp",
            Sureness::U => "chưa xác minh, có thể chỉnh trong cấu hình",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Sureness::V => "checked against the official text",
            Sureness::V2 => "from a secondary source",
            Sureness::U => "unverified, adjustable in the profile",
        }
    }
}

/// A legal source: the document (the title of a text of `data/law/texts.toml`, see [`crate::law`]), the article,
/// the words quoted, and how sure we are of it. Đúng Hẹn's own reading is cited as "Cách hiểu của Đúng Hẹn" with
/// its `reason`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub document: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    pub sureness: Sureness,
    /// The text's key in `data/law/texts.toml` ("nd-118-2025").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Why Đúng Hẹn reads it so, when the citation is Đúng Hẹn's reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.document)?;
        if let Some(a) = &self.article {
            write!(f, ", {a}")?;
        }
        // Đúng Hẹn's reading says why; another text, what is unsure or how it applies.
        if let Some(r) = &self.reason {
            write!(f, ": {r}")?;
        }
        write!(f, " [{:?}]", self.sureness)
    }
}

/// A sentence in Vietnamese and English: every text a user reads (explanation steps, warnings, the reasons rows
/// were rejected, errors) is one of these, and the page picks the language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Text { vi: vi.into(), en: en.into() }
    }
}

impl fmt::Display for Text {
    /// Both languages, for a terminal or a log: "Vietnamese / English".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.vi, self.en)
    }
}

/// Why a verdict is what it is: the steps in order and the sources they rest on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Explanation {
    pub steps: Vec<Text>,
    pub citations: Vec<Citation>,
}

impl Explanation {
    pub fn step(&mut self, vi: impl Into<String>, en: impl Into<String>) {
        self.steps.push(Text::new(vi, en));
    }

    pub fn cite(&mut self, c: &Citation) {
        if !self.citations.contains(c) {
            self.citations.push(c.clone());
        }
    }

    pub fn extend(&mut self, other: Explanation) {
        self.steps.extend(other.steps);
        for c in &other.citations {
            self.cite(c);
        }
    }
}

/// One line of the previous year's reminder list (danh sách nhắc nhở, chấn chỉnh).
/// An empty `name` means the unit itself was reminded.
#[derive(Debug, Clone, PartialEq)]
pub struct Reminder {
    pub name: Name,
    pub unit: Name,
    pub year: i32,
    pub date: Option<NaiveDate>,
    pub document: Option<String>,
    pub source: SourcePos,
}

/// One line of the list of renamed or merged units: from `from` (always when `None`), the unit named `old` is
/// the one named `new`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rename {
    pub old: Name,
    pub new: Name,
    pub from: Option<NaiveDate>,
    pub source: SourcePos,
}

/// One line of the proposed ratings list. An empty `name` is the unit's collective rating.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub name: Name,
    pub unit: Name,
    pub level: Rating,
    /// Bị kỷ luật trong năm đánh giá, when the list says so.
    pub disciplined: bool,
    /// The points proposed with the rating (Nghị định 335/2025's 100-point scale), when the list has them.
    pub points: Option<f64>,
    pub source: SourcePos,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_with_a_decimal_comma() {
        assert_eq!(format!("{} · {} · {}", ViNum(83.33), ViNum(100.0), ViNum(0.5)), "83,33 · 100 · 0,5");
    }

    #[test]
    fn a_moment_keeps_its_time_to_the_millisecond_in_eight_bytes() {
        let d = NaiveDate::from_ymd_opt(2023, 4, 28).unwrap();
        let t = |h, m, s, ms| NaiveTime::from_hms_milli_opt(h, m, s, ms).unwrap();
        for time in [t(0, 0, 0, 0), t(8, 30, 0, 0), t(16, 45, 12, 345), t(23, 59, 59, 999)] {
            assert_eq!(Moment::at(d, time).time(), Some(time));
        }
        // A leap second is kept as the last millisecond before it, wherever it falls.
        assert_eq!(Moment::at(d, t(23, 59, 59, 1_500)).time(), Some(t(23, 59, 59, 999)));
        assert_eq!(Moment::at(d, t(8, 30, 59, 1_500)).time(), Some(t(8, 30, 59, 999)));
        assert_eq!(Moment::day(d).time(), None);
        assert_eq!(Moment::new(d, None), Moment::day(d));
        // Below the millisecond is dropped.
        assert_eq!(
            Moment::at(d, NaiveTime::from_hms_nano_opt(9, 0, 0, 1_999_999).unwrap()).time(),
            Some(t(9, 0, 0, 1))
        );
        // A date alone sorts before the same date at midnight, and times sort as times.
        let mut list = vec![
            Moment::at(d, t(9, 0, 0, 0)),
            Moment::day(d.succ_opt().unwrap()),
            Moment::at(d, t(0, 0, 0, 0)),
            Moment::day(d),
        ];
        list.sort();
        assert_eq!(
            list,
            vec![
                Moment::day(d),
                Moment::at(d, t(0, 0, 0, 0)),
                Moment::at(d, t(9, 0, 0, 0)),
                Moment::day(d.succ_opt().unwrap())
            ]
        );
        assert_eq!(serde_json::to_string(&Moment::at(d, t(16, 45, 12, 345))).unwrap(), "\"2023-04-28T16:45:12\"");
        assert_eq!(std::mem::size_of::<Option<Moment>>(), 8);
    }

    #[test]
    fn bytes_are_compared_and_hashed_at_every_length_and_offset() {
        for len in 0..20usize {
            let a: Vec<u8> = (0..len as u8).map(|i| b'a' + i).collect();
            assert!(same_bytes(&a, &a.clone()));
            assert!(!same_bytes(&a, &a[..len.saturating_sub(1)]) || len == 0);
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 1;
                assert!(!same_bytes(&a, &b), "len {len}, byte {at}");
                assert_ne!(bytes_hash(3, &a), bytes_hash(3, &b), "len {len}, byte {at}");
            }
        }
    }

    #[test]
    fn rating_levels_parse_in_every_written_form() {
        assert_eq!(Rating::parse("Hoàn thành tốt nhiệm vụ"), Some(Rating::Tot));
        assert_eq!(Rating::parse("hoan thanh tot nhiem vu"), Some(Rating::Tot));
        assert_eq!(Rating::parse("HTTNV"), Some(Rating::Tot));
        assert_eq!(Rating::parse("Hoàn thành xuất sắc"), Some(Rating::XuatSac));
        assert_eq!(Rating::parse(" KHTNV "), Some(Rating::KhongHoanThanh));
        assert_eq!(Rating::parse("hoan_thanh"), Some(Rating::HoanThanh));
        assert_eq!(Rating::parse("Hoàn thành nhiệm vụ"), Some(Rating::HoanThanh));
        assert_eq!(Rating::parse("giỏi"), None);
    }

    #[test]
    fn ranks_order_levels() {
        assert!(Rating::XuatSac.rank() > Rating::Tot.rank());
        assert!(Rating::HoanThanh.rank() > Rating::KhongHoanThanh.rank());
    }
}
