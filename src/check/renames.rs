//! Units renamed between last year's reminder list and this year's log. From 01/07/2025 provinces were merged
//! (Bình Định into Gia Lai) and districts abolished [V2], so "Phòng Tư pháp huyện Tuy Phước" on the 2025 reminder
//! list may be "Phòng Tư pháp xã Tuy Phước" in the 2026 log, and the reminded officer is not matched.
//!
//! Without a mapping list, the check warns when a reminded unit is not in the logs but a similarly named one is.
//! "Similar" is kept conservative: the same name once the words of an administrative level ("tỉnh", "thành
//! phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn") are dropped, compared without case or
//! diacritics; a name that only shares a place ("Tuy Phước") is not similar.

use crate::model::{fold_key, Name, Reminder, Text};
use std::collections::BTreeMap;

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
                chiếu. Sửa tên trong danh sách nhắc nhở nếu là cùng một đơn vị.",
                r.unit.display
            ),
            format!(
                "The unit \"{}\" of the reminder list is not in the logs, but \"{like}\" is (perhaps renamed when \
                administrative units were merged): its reminded people are not matched. Correct the name in the \
                reminder list if it is the same unit.",
                r.unit.display
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
