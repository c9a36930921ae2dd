//! Cell values other than dates: channel, yes/no marks, day counts, free text.

use super::source::Cell;
use crate::model::{fold_key, normalise_text, Channel};

/// "Trực tuyến", "Online", "Mức độ 3/4", "Dịch vụ công" → online; "Trực tiếp" → in person; "Bưu chính", "BCCI" → post.
/// In a column headed "Trực tuyến" a tick (x, Có, 1) means online and an explicit no (Không, 0) means not online.
pub(crate) fn parse_channel(cell: &Cell, tick_means_online: bool) -> Result<Option<Channel>, ()> {
    if cell.is_blank() {
        return Ok(None);
    }
    if tick_means_online {
        match parse_yes_no(cell) {
            Some(true) => return Ok(Some(Channel::Online)),
            Some(false) => return Ok(Some(Channel::InPerson)),
            None => {}
        }
    }
    let key = fold_key(&cell.raw());
    let has = |w: &str| format!(" {key} ").contains(&format!(" {w} "));
    if has("truc tuyen")
        || has("online")
        || has("muc 3")
        || has("muc 4")
        || has("muc do 3")
        || has("muc do 4")
        || has("dich vu cong")
        || has("dvc")
        || has("qua mang")
        || has("internet")
        || key == "3"
        || key == "4"
        || has("toan trinh")
        || has("mot phan")
    {
        Ok(Some(Channel::Online))
    } else if has("buu chinh") || has("bcci") || has("buu dien") || has("post") || has("mail") {
        Ok(Some(Channel::Post))
    } else if has("truc tiep") || has("tai quay") || has("in person") || has("mot cua") || has("offline") {
        Ok(Some(Channel::InPerson))
    } else {
        Err(())
    }
}

/// Có / Không, x, yes / no, 1 / 0, TRUE / FALSE, Đã / Chưa. `None` when the value says neither.
pub(crate) fn parse_yes_no(cell: &Cell) -> Option<bool> {
    match cell {
        Cell::Bool(b) => return Some(*b),
        Cell::Number(n) => {
            if *n == 1.0 {
                return Some(true);
            } else if *n == 0.0 {
                return Some(false);
            }
            return None;
        }
        _ => {}
    }
    let key = fold_key(&cell.raw());
    let raw = cell.raw();
    let raw = raw.trim();
    if raw == "✓" || raw == "✔" || raw == "☑" {
        return Some(true);
    }
    if raw == "-" {
        return Some(false);
    }
    match key.as_str() {
        "x" | "co" | "yes" | "y" | "true" | "1" | "da" | "da xin loi" | "co xin loi" | "roi" => Some(true),
        "khong" | "no" | "n" | "false" | "0" | "chua" | "khong co" | "chua xin loi" | "k" => Some(false),
        _ if key.starts_with("co ") || key.starts_with("da ") => Some(true),
        _ if key.starts_with("khong ") || key.starts_with("chua ") => Some(false),
        _ => None,
    }
}

/// A number of working days: 10, 10.0, "10", "10 ngày", "10 ngày làm việc".
pub(crate) fn parse_days(cell: &Cell) -> Result<Option<u32>, ()> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => {
            if n.is_finite() && *n >= 0.0 && n.fract() == 0.0 && *n < 10_000.0 {
                Ok(Some(*n as u32))
            } else {
                Err(())
            }
        }
        Cell::Text(_) | Cell::Short(_) => {
            let key = fold_key(cell.text().unwrap_or_default());
            if key.is_empty() {
                return Ok(None);
            }
            let mut words = key.split(' ');
            let first = words.next().unwrap_or("");
            let n: u32 = first.parse().map_err(|_| ())?;
            let rest: Vec<&str> = words.collect();
            let rest = rest.join(" ");
            if rest.is_empty() || rest.starts_with("ngay") || rest == "days" || rest == "working days" || rest == "wd" {
                Ok(Some(n))
            } else {
                Err(())
            }
        }
        _ => Err(()),
    }
}

/// Free text, normalised; `None` when blank.
pub(crate) fn parse_text(cell: &Cell) -> Option<String> {
    if cell.is_blank() {
        return None;
    }
    let s = match cell.text() {
        Some(t) => normalise_text(t),
        None => normalise_text(&cell.raw()),
    };
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

/// A dossier code: text as written (trimmed); a number cell without a trailing ".0".
pub(crate) fn parse_code(cell: &Cell) -> Option<String> {
    parse_text(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn channels() {
        assert_eq!(parse_channel(&t("Trực tuyến"), false), Ok(Some(Channel::Online)));
        assert_eq!(parse_channel(&t("Online"), false), Ok(Some(Channel::Online)));
        assert_eq!(parse_channel(&t("Mức 3"), false), Ok(Some(Channel::Online)));
        assert_eq!(parse_channel(&t("Mức độ 4"), false), Ok(Some(Channel::Online)));
        assert_eq!(parse_channel(&t("Dịch vụ công"), false), Ok(Some(Channel::Online)));
        assert_eq!(parse_channel(&t("Trực tiếp"), false), Ok(Some(Channel::InPerson)));
        assert_eq!(parse_channel(&t("Bưu chính"), false), Ok(Some(Channel::Post)));
        assert_eq!(parse_channel(&t("BCCI"), false), Ok(Some(Channel::Post)));
        assert_eq!(parse_channel(&t("x"), true), Ok(Some(Channel::Online)));
        assert_eq!(parse_channel(&Cell::Empty, true), Ok(None));
        assert_eq!(parse_channel(&t("bồ câu"), false), Err(()));
    }

    #[test]
    fn yes_no_and_days() {
        assert_eq!(parse_yes_no(&t("Có")), Some(true));
        assert_eq!(parse_yes_no(&t("không")), Some(false));
        assert_eq!(parse_yes_no(&t("X")), Some(true));
        assert_eq!(parse_yes_no(&t("yes")), Some(true));
        assert_eq!(parse_yes_no(&t("Đã xin lỗi")), Some(true));
        assert_eq!(parse_yes_no(&t("hmm")), None);
        assert_eq!(parse_days(&Cell::Number(10.0)), Ok(Some(10)));
        assert_eq!(parse_days(&t("10 ngày")), Ok(Some(10)));
        assert_eq!(parse_days(&t("15 ngày làm việc")), Ok(Some(15)));
        assert_eq!(parse_days(&t("mười")), Err(()));
        assert_eq!(parse_days(&Cell::Number(2.5)), Err(()));
    }
}
