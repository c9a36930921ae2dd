//! Column letters as spreadsheets show them (A … Z, AA …), and back: for headers, mappings and sentences.

/// Column letters as spreadsheets show them: 0 → "A", 25 → "Z", 26 → "AA".
pub fn column_letter(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The inverse of [`column_letter`], for `--map due=E`.
pub(crate) fn parse_column_letter(s: &str) -> Option<usize> {
    let s = s.trim();
    if s.is_empty() || s.len() > 3 || !s.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut n: usize = 0;
    for c in s.chars() {
        n = n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    Some(n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_round_trip() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        for i in 0..1000 {
            assert_eq!(parse_column_letter(&column_letter(i)), Some(i));
        }
        assert_eq!(parse_column_letter("e"), Some(4));
        assert_eq!(parse_column_letter("Mã"), None);
    }
}
