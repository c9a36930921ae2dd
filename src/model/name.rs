//! Names of officers and units, compared the way a clerk would: after Unicode NFC normalisation,
//! trimmed, inner white space collapsed, and without regard to case.

use serde::{Serialize, Serializer};
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;

/// A person's or a unit's name as written in the export, with the key used to compare it.
///
/// A million dossiers name a few hundred officers and units, so a name is shared: cloning it copies a pointer.
/// Its parts ([`NameParts`]) read as fields: `name.display`, `name.key`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(Arc<NameParts>);

/// The empty name, shared too: every dossier starts with an empty unit and officer (a name each allocated and
/// freed per row had been 5% of a read).
impl Default for Name {
    fn default() -> Self {
        static EMPTY: std::sync::LazyLock<Name> = std::sync::LazyLock::new(|| Name(Arc::default()));
        EMPTY.clone()
    }
}

/// `display` is the normalised display form (NFC, single spaces) that reports show; `key` compares names;
/// `original` keeps the text exactly as it stood in the cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct NameParts {
    pub display: String,
    pub key: String,
    pub original: String,
}

impl std::ops::Deref for Name {
    type Target = NameParts;
    fn deref(&self) -> &NameParts {
        &self.0
    }
}

impl Name {
    pub fn new(raw: &str) -> Self {
        let display = normalise_text(raw);
        let key = display.to_lowercase();
        Name(Arc::new(NameParts { display, key, original: raw.to_string() }))
    }

    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// Where this shared name lives: equal for clones of one name (a cheap identity, not a comparison).
    pub fn parts(&self) -> *const NameParts {
        Arc::as_ptr(&self.0)
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.display)
    }
}

/// Whether text is already NFC. Letters written precomposed — Latin up to U+02FF and Vietnamese's U+1EA0–U+1EF9 —
/// are NFC by themselves and are skipped byte-wise (the full check costs seconds on a 222 MB log in the browser);
/// from the first other character on, the Unicode quick check decides (a combining mark makes it "maybe", which
/// counts as not NFC).
pub fn is_nfc(text: &str) -> bool {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Eight bytes at a time: past the ASCII ones, up to the first that is not.
        if let Some(word) = b.get(i..i + 8) {
            let high = u64::from_le_bytes(word.try_into().unwrap_or([0x80; 8])) & 0x8080_8080_8080_8080;
            if high == 0 {
                i += 8;
                continue;
            }
            i += high.trailing_zeros() as usize / 8;
        }
        match b[i] {
            0x00..=0x7F => i += 1,
            0xC2..=0xCB => i += 2,
            0xE1 if matches!(b.get(i + 1), Some(0xBA | 0xBB)) => i += 3,
            _ => return is_nfc_quick(text[i..].chars()) == IsNormalized::Yes,
        }
    }
    true
}

/// NFC, trimmed, runs of white space (including non-breaking spaces) collapsed to one space.
pub fn normalise_text(raw: &str) -> String {
    // Most cells (codes, ASCII or already-NFC text with single spaces) are already normal: copy them once. (Asked
    // of every dossier code: a pair of spaces is looked for byte by byte, as a substring search is set up anew for
    // each call.)
    let b = raw.as_bytes();
    // A code and most dates are visible ASCII without a space.
    if b.iter().all(|c| (b'!'..=b'~').contains(c)) {
        return raw.to_string();
    }
    let single_spaced = b.first() != Some(&b' ') && b.last() != Some(&b' ') && !b.windows(2).any(|w| w == b"  ");
    let plain = |c: char| !c.is_whitespace() || c == ' ';
    if single_spaced && raw.chars().all(plain) && is_nfc(raw) {
        return raw.to_string();
    }
    let nfc: String = raw.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    for word in nfc.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A key for matching headers and level names: NFC, lower case, diacritics and "đ" folded to ASCII,
/// punctuation turned to spaces, spaces collapsed. "Ngày hẹn trả", "NGAY HEN TRA" and "ngay_hen_tra" give one key.
pub fn fold_key(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    push_folded(&mut out, raw);
    out
}

/// Appends [`fold_key`] of `raw` to `out`, after one space when both are non-empty: the folded cells of a row
/// joined by spaces, piece by piece (searching a million dossiers folds every row). ASCII text, codes and dates,
/// skips the decomposition.
pub fn push_folded(out: &mut String, raw: &str) {
    // A space goes before the next letter or digit, after a run of anything else (never first or last).
    fn letter(out: &mut String, space: &mut bool, lower: impl Iterator<Item = char>) {
        if *space {
            out.push(' ');
            *space = false;
        }
        out.extend(lower);
    }
    let mut space = !out.is_empty();
    if raw.is_ascii() {
        for b in raw.bytes() {
            if b.is_ascii_alphanumeric() {
                letter(out, &mut space, std::iter::once(char::from(b.to_ascii_lowercase())));
            } else {
                space = !out.is_empty();
            }
        }
        return;
    }
    for c in raw.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c,
        };
        if c.is_alphanumeric() {
            letter(out, &mut space, c.to_lowercase());
        } else {
            space = !out.is_empty();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_folded_piece_by_piece_are_the_pieces_joined_and_folded() {
        let pieces = [
            "H08.22-230101-0000001",
            " Phòng  Tư pháp ",
            "",
            "--",
            "ĐẶNG Thị Ánh",
            "05/01/2023 08:00",
            "Ho\u{302}\u{300}",
            "a_b",
            " x",
            "1.234",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let mut out = String::new();
                    for p in [a, b, c] {
                        push_folded(&mut out, p);
                    }
                    assert_eq!(out, fold_key(&[a, b, c].join(" ")), "{a:?} {b:?} {c:?}");
                }
            }
        }
        assert_eq!(fold_key(" Ngày hẹn trả / NGÀY_HẸN "), "ngay hen tra ngay hen");
    }

    #[test]
    fn text_is_trimmed_and_its_spaces_collapsed() {
        for (raw, want) in [
            ("H08.22-230101-0000001", "H08.22-230101-0000001"),
            ("Phòng  Tư pháp", "Phòng Tư pháp"),
            (" Phòng Tư pháp", "Phòng Tư pháp"),
            ("Phòng Tư pháp ", "Phòng Tư pháp"),
            ("Phòng\tTư\u{a0}pháp", "Phòng Tư pháp"),
            ("a  ", "a"),
            ("  ", ""),
            ("", ""),
            ("Ho\u{302}\u{300}", "Hồ"),
        ] {
            assert_eq!(normalise_text(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn nfd_and_nfc_names_compare_equal() {
        let nfc = Name::new("Nguyễn Văn An");
        let nfd = Name::new(&"Nguyễn  Văn\u{a0}An ".nfd().collect::<String>());
        assert_eq!(nfc.key, nfd.key);
        assert_eq!(nfd.display, "Nguyễn Văn An");
        assert_ne!(nfd.original, nfd.display);
    }

    #[test]
    fn fold_key_drops_diacritics_case_and_punctuation() {
        assert_eq!(fold_key("  Ngày hẹn  trả "), "ngay hen tra");
        assert_eq!(fold_key("NGÀY_HẸN_TRẢ"), "ngay hen tra");
        assert_eq!(fold_key("Đơn vị"), "don vi");
        assert_eq!(fold_key("Hoàn thành tốt nhiệm vụ"), "hoan thanh tot nhiem vu");
    }
}
