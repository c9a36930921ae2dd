//! The legal texts the rules and the calendar rest on, each written once (`data/law/texts.toml`) and referred to
//! by key (`nd-118-2025`, `blld-2019`, …): a profile's parameter or a calendar day names its text's key, and a
//! [`Citation`] carries the text's title as every output prints it. One key is not a legal text: `dh-reading`,
//! Đúng Hẹn's own reading, whose citations always carry the reason ("Cách hiểu của Đúng Hẹn: …").

use crate::model::{Citation, Sureness};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The key of Đúng Hẹn's own reading.
pub const READING: &str = "dh-reading";

/// One legal text (or Đúng Hẹn's reading), as cited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalText {
    /// As every output cites it: "Nghị định 118/2025/NĐ-CP ngày 09/06/2025 của Chính phủ về …".
    pub title: String,
    /// The number alone, for explanation steps: "Nghị định 118/2025/NĐ-CP".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<NaiveDate>,
    /// How sure we are of the text itself (its number, date and words).
    pub sureness: Sureness,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Đúng Hẹn's reading, not a legal text: citations of it must carry their reason.
    #[serde(default)]
    pub reading: bool,
    /// The words of an article or form, by its name ("Điều 112", "Mẫu số 04").
    #[serde(default)]
    pub quotes: BTreeMap<String, String>,
}

const TEXTS: &str = include_str!("../../data/law/texts.toml");

/// Every text by key. The embedded file is checked by the tests; were it ever unreadable, no key would resolve
/// and every citation would print its key.
pub fn texts() -> &'static BTreeMap<String, LegalText> {
    static ALL: OnceLock<BTreeMap<String, LegalText>> = OnceLock::new();
    ALL.get_or_init(|| parse(TEXTS).unwrap_or_default())
}

fn parse(text: &str) -> Result<BTreeMap<String, LegalText>, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

/// The text with this key.
pub fn text(key: &str) -> Option<&'static LegalText> {
    texts().get(key)
}

/// Whether a key names a text; profiles and calendar files are validated with it.
pub fn known(key: &str) -> bool {
    text(key).is_some()
}

/// What a parameter or a calendar day says of its source, resolved into the citation outputs print.
#[derive(Debug, Clone, Copy)]
pub struct SourceRef<'a> {
    pub key: &'a str,
    pub article: Option<&'a str>,
    /// The words quoted; when `None`, the text's own quote of `article`, if it has one.
    pub quote: Option<&'a str>,
    pub sureness: Sureness,
    /// For Đúng Hẹn's reading, the reason; otherwise not printed.
    pub note: Option<&'a str>,
}

/// The citation of a source: the text's title, the article, the words, how sure we are; for Đúng Hẹn's reading,
/// its reason.
pub fn cite(s: SourceRef<'_>) -> Citation {
    let t = text(s.key);
    let reading = t.is_some_and(|t| t.reading);
    let quote = s.quote.map(str::to_string).or_else(|| {
        let article = s.article?;
        t?.quotes.get(article).cloned()
    });
    Citation {
        document: t.map(|t| t.title.clone()).unwrap_or_else(|| s.key.to_string()),
        article: s.article.map(str::to_string),
        quote,
        sureness: s.sureness,
        key: Some(s.key.to_string()),
        reason: if reading { s.note.map(str::to_string) } else { None },
    }
}

/// The title of the text with this key, or the key itself when there is none.
pub fn title(key: &str) -> String {
    text(key).map(|t| t.title.clone()).unwrap_or_else(|| key.to_string())
}

/// The short name of the text with this key ("Nghị định 118/2025/NĐ-CP"), else its title, else the key.
pub fn short(key: &str) -> String {
    text(key).map(|t| t.short.clone().unwrap_or_else(|| t.title.clone())).unwrap_or_else(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_reads_and_the_reading_is_marked() {
        let all = parse(TEXTS).unwrap();
        assert!(all.len() >= 20, "{} texts", all.len());
        for key in [
            "nd-61-2018",
            "nd-107-2021",
            "nd-118-2025",
            "tt-01-2018-vpcp",
            "tt-03-2025-vpcp",
            "nd-90-2020",
            "nd-48-2023",
            "nd-335-2025",
            "qd-4510-2022-binh-dinh",
            "qd-766-2022-ttg",
            "blld-2019",
            "blds-2015",
        ] {
            assert!(all.contains_key(key), "{key}");
            assert!(!all[key].reading, "{key}");
        }
        assert!(all[READING].reading);
        assert_eq!(all["nd-118-2025"].in_force, NaiveDate::from_ymd_opt(2025, 7, 1));
        assert_eq!(all["tt-03-2025-vpcp"].signed, NaiveDate::from_ymd_opt(2025, 9, 15));
        // No title cites an internal file.
        for (k, t) in &all {
            for s in std::iter::once(&t.title).chain(t.note.iter()).chain(t.quotes.values()) {
                assert!(!s.contains(".md") && !s.contains('§'), "{k}: {s}");
            }
        }
    }

    #[test]
    fn a_citation_carries_the_title_the_quote_of_its_article_and_a_readings_reason() {
        let c = cite(SourceRef {
            key: "tt-03-2025-vpcp",
            article: Some("Mẫu số 05"),
            quote: None,
            sureness: Sureness::V2,
            note: Some("not printed"),
        });
        assert!(c.document.starts_with("Thông tư 03/2025/TT-VPCP ngày 15/09/2025"));
        assert_eq!(c.quote.as_deref(), Some("Thông báo dừng giải quyết hồ sơ"));
        assert_eq!(c.reason, None);
        let r =
            cite(SourceRef { key: READING, article: None, quote: None, sureness: Sureness::U, note: Some("vì sao") });
        assert_eq!(r.document, "Cách hiểu của Đúng Hẹn");
        assert_eq!(r.to_string(), "Cách hiểu của Đúng Hẹn: vì sao [U]");
    }
}
