//! Units renamed between last year's reminder list and this year's log. From 01/07/2025 provinces were merged
//! (Bình Định into Gia Lai) and districts abolished [V2], so "Phòng Tư pháp huyện Tuy Phước" on the 2025 reminder
//! list may be "Phòng Tư pháp xã Tuy Phước" in the 2026 log, and the reminded officer is not matched.
//!
//! With a mapping list (old name → new name, effective date: [`crate::ingest::read_renames`]), [`apply`] renames
//! the units of the reminders and proposals when the new name was in force by the start of the assessment year,
//! and says what each line matched; a line that matched nothing, is not yet in force or maps one old name to two
//! new ones is reported, never dropped silently. Renames are not chained: a line "A → B" and a line "B → C" give
//! A's reminders B, not C (the list should say "A → C").
//!
//! Without a mapping list, the check warns when a reminded unit is not in the logs but a similarly named one is.
//! "Similar" is kept conservative: the same name once the words of an administrative level ("tỉnh", "thành
//! phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn") are dropped, compared without case or
//! diacritics; a name that only shares a place ("Tuy Phước") is not similar.

use crate::model::{fmt_date, fold_key, Name, Proposal, Reminder, Rename, Text};
use crate::report::{RenameOut, RenameStatus, Source};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Renames the units of `reminders` and `proposals` by the list's lines in force on `start` (the first day of
/// the assessment year): a line applies when it has no date or its date is on or before `start`. Returns every
/// line with what it did, in the list's order.
pub fn apply(
    renames: &[Rename],
    start: NaiveDate,
    reminders: &mut [Reminder],
    proposals: &mut [Proposal],
) -> Vec<RenameOut> {
    let in_force = |r: &Rename| r.from.is_none_or(|d| d <= start);
    // The new names each old name has among the lines in force.
    let mut targets: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in renames.iter().filter(|r| in_force(r)) {
        let t = targets.entry(r.old.key.as_str()).or_default();
        if !t.contains(&r.new.key.as_str()) {
            t.push(r.new.key.as_str());
        }
    }
    let mut out = Vec::with_capacity(renames.len());
    for r in renames {
        let from_vi = r.from.map(|d| format!(" từ {}", fmt_date(d))).unwrap_or_default();
        let from_en = r.from.map(|d| format!(" from {}", fmt_date(d))).unwrap_or_default();
        let line = format!("{} → {}", r.old.display, r.new.display);
        let row_vi = format!("dòng {} của tệp {}", r.source.row, r.source.file);
        let row_en = format!("row {} of {}", r.source.row, r.source.file);
        let (mut nr, mut np) = (0, 0);
        let status = if !in_force(r) {
            RenameStatus::NotInForce
        } else if targets.get(r.old.key.as_str()).is_some_and(|t| t.len() > 1) {
            RenameStatus::Ambiguous
        } else {
            for m in reminders.iter_mut().filter(|m| !r.old.is_empty() && m.unit.key == r.old.key) {
                m.unit = r.new.clone();
                nr += 1;
            }
            for p in proposals.iter_mut().filter(|p| !r.old.is_empty() && p.unit.key == r.old.key) {
                p.unit = r.new.clone();
                np += 1;
            }
            if nr + np > 0 {
                RenameStatus::Applied
            } else {
                RenameStatus::Unmatched
            }
        };
        let (vi, en) = match status {
            RenameStatus::Applied => (
                format!("{line}{from_vi} ({row_vi}): áp dụng cho {nr} dòng nhắc nhở và {np} dòng đề xuất xếp loại."),
                format!("{line}{from_en} ({row_en}): applied to {nr} reminder and {np} proposed rating lines."),
            ),
            RenameStatus::Unmatched => (
                format!(
                    "{line}{from_vi} ({row_vi}): không dòng nhắc nhở hay đề xuất xếp loại nào mang tên cũ \
                    \"{}\".",
                    r.old.display
                ),
                format!("{line}{from_en} ({row_en}): no reminder or proposed rating names \"{}\".", r.old.display),
            ),
            RenameStatus::NotInForce => (
                format!("{line}{from_vi} ({row_vi}): chưa có hiệu lực khi bắt đầu năm đánh giá, không áp dụng."),
                format!("{line}{from_en} ({row_en}): not in force at the start of the assessment year, not applied."),
            ),
            RenameStatus::Ambiguous => (
                format!(
                    "{line}{from_vi} ({row_vi}): tên cũ \"{}\" được đổi thành nhiều tên mới trong danh sách, \
                    không áp dụng dòng nào; sửa danh sách cho còn một tên mới.",
                    r.old.display
                ),
                format!(
                    "{line}{from_en} ({row_en}): the old name \"{}\" has several new names in the list, none is \
                    applied; correct the list to one new name.",
                    r.old.display
                ),
            ),
        };
        out.push(RenameOut {
            old: r.old.display.clone(),
            new: r.new.display.clone(),
            from: r.from,
            source: Source::from(&r.source),
            status,
            reminders: nr,
            proposals: np,
            message: vi,
            message_en: en,
        });
    }
    out
}

/// Level words, longest first so that "thi xa" goes before "xa".
const LEVELS: [&str; 8] = ["thanh pho", "thi tran", "thi xa", "tinh", "huyen", "quan", "phuong", "xa"];

/// The unit's name without its level words, folded: "Phòng Tư pháp huyện Tuy Phước" → "phong tu phap tuy phuoc".
fn core(name: &str) -> String {
    let mut words: Vec<String> = fold_key(name).split_whitespace().map(str::to_string).collect();
    for level in LEVELS {
        let l: Vec<&str> = level.split(' ').collect();
        let mut i = 0;
        while i + l.len() <= words.len() {
            if words[i..i + l.len()].iter().zip(&l).all(|(w, x)| w == x) {
                words.drain(i..i + l.len());
            } else {
                i += 1;
            }
        }
    }
    words.join(" ")
}

/// Whether two unit names differ only by their administrative level words.
pub fn similar(a: &str, b: &str) -> bool {
    let (ca, cb) = (core(a), core(b));
    !ca.is_empty() && ca == cb && fold_key(a) != fold_key(b)
}

/// A warning for each reminded unit that the logs do not have while they have a similarly named one.
pub fn unmatched_units<'a>(reminders: &[Reminder], log_units: impl Iterator<Item = &'a Name>) -> Vec<Text> {
    let mut units: BTreeMap<String, &Name> = BTreeMap::new();
    for u in log_units {
        units.entry(fold_key(&u.display)).or_insert(u);
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for r in reminders {
        let k = fold_key(&r.unit.display);
        if r.unit.is_empty() || units.contains_key(&k) || !seen.insert(k) {
            continue;
        }
        let like: Vec<&str> =
            units.values().filter(|u| similar(&r.unit.display, &u.display)).map(|u| u.display.as_str()).collect();
        if like.is_empty() {
            continue;
        }
        let like = like.join("\", \"");
        out.push(Text::new(
            format!(
                "Đơn vị \"{}\" trong danh sách nhắc nhở không có trong sổ hồ sơ, nhưng có đơn vị tên tương tự \"{like}\" \
                (có thể đã đổi tên khi sắp xếp đơn vị hành chính): người được nhắc nhở của đơn vị này chưa được đối \
                chiếu. Sửa tên trong danh sách nhắc nhở, hoặc nạp danh sách đơn vị đổi tên (--renames), nếu là cùng \
                một đơn vị.",
                r.unit.display
            ),
            format!(
                "The unit \"{}\" of the reminder list is not in the logs, but \"{like}\" is (perhaps renamed when \
                administrative units were merged): its reminded people are not matched. Correct the name in the \
                reminder list, or give the list of renamed units (--renames), if it is the same unit.",
                r.unit.display
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rating, SourcePos};

    fn rename(old: &str, new: &str, from: Option<(i32, u32, u32)>, row: u32) -> Rename {
        Rename {
            old: Name::new(old),
            new: Name::new(new),
            from: from.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            source: SourcePos { file: "doi_ten.csv".into(), sheet: "".into(), row, column: None },
        }
    }

    fn reminder(name: &str, unit: &str) -> Reminder {
        Reminder {
            name: Name::new(name),
            unit: Name::new(unit),
            year: 2025,
            date: None,
            document: None,
            source: SourcePos::default(),
        }
    }

    #[test]
    fn renames_in_force_apply_and_every_line_is_reported() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let list = [
            rename("Phòng Tư pháp huyện Tuy Phước", "Phòng Văn hóa - Xã hội xã Tuy Phước", Some((2025, 7, 1)), 2),
            rename("Văn phòng UBND huyện", "Văn phòng HĐND và UBND xã", None, 3),
            rename("Phòng Kinh tế", "Phòng Kinh tế xã A", Some((2025, 7, 1)), 4),
            rename("Phòng Kinh tế", "Phòng Kinh tế xã B", Some((2025, 7, 1)), 5),
            rename("Kho bạc huyện", "Kho bạc khu vực", Some((2026, 3, 1)), 6),
            rename("Phòng Y tế", "Phòng Văn hóa - Xã hội", None, 7),
        ];
        let mut reminders = vec![
            reminder("Võ Minh Tuấn", "PHÒNG TƯ PHÁP  huyện Tuy Phước"),
            reminder("", "Phòng Tư pháp huyện Tuy Phước"),
            reminder("Lê Văn Hải", "Phòng Kinh tế"),
            reminder("Trần Thị Hoa", "Kho bạc huyện"),
        ];
        let mut proposals = vec![Proposal {
            name: Name::new("Nguyễn Văn An"),
            unit: Name::new("Văn phòng UBND huyện"),
            level: Rating::XuatSac,
            disciplined: false,
            points: None,
            source: SourcePos::default(),
        }];
        let out = apply(&list, start, &mut reminders, &mut proposals);
        let status: Vec<_> = out.iter().map(|o| (o.status.clone(), o.reminders, o.proposals)).collect();
        assert_eq!(
            status,
            [
                (RenameStatus::Applied, 2, 0),
                (RenameStatus::Applied, 0, 1),
                (RenameStatus::Ambiguous, 0, 0),
                (RenameStatus::Ambiguous, 0, 0),
                (RenameStatus::NotInForce, 0, 0),
                (RenameStatus::Unmatched, 0, 0),
            ]
        );
        assert_eq!(reminders[0].unit.display, "Phòng Văn hóa - Xã hội xã Tuy Phước");
        assert_eq!(reminders[1].unit.display, "Phòng Văn hóa - Xã hội xã Tuy Phước");
        assert_eq!(reminders[2].unit.display, "Phòng Kinh tế", "ambiguous: left as it was");
        assert_eq!(reminders[3].unit.display, "Kho bạc huyện", "renamed after the year began");
        assert_eq!(proposals[0].unit.display, "Văn phòng HĐND và UBND xã");
        assert_eq!(
            out[0].message,
            "Phòng Tư pháp huyện Tuy Phước → Phòng Văn hóa - Xã hội xã Tuy Phước từ 01/07/2025 (dòng 2 của tệp \
            doi_ten.csv): áp dụng cho 2 dòng nhắc nhở và 0 dòng đề xuất xếp loại."
        );
        // On the first day of the year a rename of that day is in force.
        let mut r = vec![reminder("", "Kho bạc huyện")];
        let out = apply(&list[4..5], NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(), &mut r, &mut []);
        assert_eq!(out[0].status, RenameStatus::Applied);
    }

    #[test]
    fn similar_is_the_same_name_but_for_level_words() {
        assert!(similar("Phòng Tư pháp huyện Tuy Phước", "Phòng Tư pháp xã Tuy Phước"));
        assert!(similar("UBND thị xã An Nhơn", "UBND phường An Nhơn"));
        assert!(similar("Sở Tư pháp tỉnh Bình Định", "So Tu phap Binh Dinh"));
        // Not the same name, or only a place in common: not similar.
        assert!(!similar("Phòng Tư pháp huyện Tuy Phước", "Tuy Phước"));
        assert!(!similar("Phòng Tư pháp huyện Tuy Phước", "Phòng Tài chính xã Tuy Phước"));
        assert!(!similar("Phòng Tư pháp", "phong tu phap"));
        assert!(!similar("huyện", "xã"));
    }

    #[test]
    fn a_reminded_unit_missing_from_the_logs_with_a_similar_one_is_warned() {
        let r = |unit: &str| Reminder {
            name: Name::new("Võ Minh Tuấn"),
            unit: Name::new(unit),
            year: 2025,
            date: None,
            document: None,
            source: crate::model::SourcePos::default(),
        };
        let log = [Name::new("Phòng Tư pháp xã Tuy Phước"), Name::new("Văn phòng")];
        let w = unmatched_units(
            &[r("Phòng Tư pháp huyện Tuy Phước"), r("Phòng Tư pháp huyện Tuy Phước"), r("Văn phòng"), r("Kho bạc")],
            log.iter(),
        );
        assert_eq!(w.len(), 1);
        assert!(w[0].vi.contains("\"Phòng Tư pháp xã Tuy Phước\""), "{}", w[0].vi);
    }
}
