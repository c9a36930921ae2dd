//! Days off of a year without official data, from the statutory rules alone (provisional).
//!
//! Bộ luật Lao động 2019, Điều 112 (holidays) and Điều 111.3 (a holiday on a weekly rest day is taken on the
//! next working day). Tết is the last day of the lunar year and the first four days of the new one; the day
//! adjacent to Quốc khánh is taken as 01/09. Today's law is applied to every fallback year (before 2021 the law
//! gave 2/9 alone, before 2013 four Tết days, before 2007 no Giỗ Tổ): these years are provisional everywhere.

use super::{is_weekend, lunar, ymd, Origin, Special};
use crate::model::{Sureness, Text};
use chrono::{Duration, NaiveDate};
use std::collections::BTreeSet;

const SOURCE: &str = "Bộ luật Lao động 2019, Điều 112 và 111 (tính theo luật, chưa có thông báo chính thức của năm)";

fn holiday(date: NaiveDate, vi: &str, en: &str) -> Special {
    Special {
        date,
        working: false,
        name: Text::new(vi, en),
        source: SOURCE.to_string(),
        sureness: Sureness::U,
        origin: Origin::Statutory,
    }
}

/// The statutory days off of `year`, compensatory days included, in date order.
pub(super) fn days_off(year: i32) -> Vec<Special> {
    let mut days = vec![holiday(ymd(year, 1, 1), "Tết Dương lịch", "New Year's Day")];
    if let Some(tet) = lunar::tet(year) {
        days.push(holiday(tet - Duration::days(1), "Tết Nguyên đán (ngày cuối năm âm lịch)", "Lunar New Year's Eve"));
        for (i, (vi, en)) in [
            ("Tết Nguyên đán (mùng 1)", "Lunar New Year (day 1)"),
            ("Tết Nguyên đán (mùng 2)", "Lunar New Year (day 2)"),
            ("Tết Nguyên đán (mùng 3)", "Lunar New Year (day 3)"),
            ("Tết Nguyên đán (mùng 4)", "Lunar New Year (day 4)"),
        ]
        .into_iter()
        .enumerate()
        {
            days.push(holiday(tet + Duration::days(i as i64), vi, en));
        }
    }
    if let Some(gio_to) = lunar::gio_to(year) {
        days.push(holiday(gio_to, "Giỗ Tổ Hùng Vương", "Hung Kings' Commemoration Day"));
    }
    days.push(holiday(ymd(year, 4, 30), "Ngày Chiến thắng (30/4)", "Reunification Day (30/4)"));
    days.push(holiday(ymd(year, 5, 1), "Ngày Quốc tế Lao động (1/5)", "International Labour Day (1/5)"));
    days.push(holiday(ymd(year, 9, 1), "Quốc khánh (ngày liền kề)", "National Day (adjacent day)"));
    days.push(holiday(ymd(year, 9, 2), "Quốc khánh", "National Day"));
    days.sort_by_key(|d| d.date);

    let mut taken: BTreeSet<NaiveDate> = days.iter().map(|d| d.date).collect();
    let mut compensatory = Vec::new();
    for h in days.iter().filter(|d| is_weekend(d.date)) {
        let mut c = h.date + Duration::days(1);
        while is_weekend(c) || taken.contains(&c) {
            c += Duration::days(1);
        }
        taken.insert(c);
        compensatory.push(holiday(
            c,
            &format!("Nghỉ bù {}", h.name.vi),
            &format!("Compensatory day for {}", h.name.en),
        ));
    }
    days.extend(compensatory);
    days.sort_by_key(|d| d.date);
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;

    fn weekdays_off(specials: &[Special]) -> Vec<NaiveDate> {
        specials.iter().filter(|s| !s.working && !is_weekend(s.date)).map(|s| s.date).collect()
    }

    /// 2022 had no swapped days: the statutory rules alone give exactly the official weekdays off.
    #[test]
    fn statutory_2022_equals_the_official_2022() {
        let official = Calendar::official().unwrap();
        let from_data: Vec<NaiveDate> = {
            let mut d = ymd(2022, 1, 1);
            let mut v = Vec::new();
            while d <= ymd(2022, 12, 31) {
                if !is_weekend(d) && !official.is_working_day(d).unwrap() {
                    v.push(d);
                }
                d += Duration::days(1);
            }
            v
        };
        assert_eq!(weekdays_off(&days_off(2022)), from_data);
    }

    #[test]
    fn a_weekend_tet_day_gives_a_compensatory_day_after_the_block() {
        // 2027: Tết on Sat 06/02; eve Fri 05/02; mùng 2–4 Sun–Tue → compensatory Wed 10/02 and Thu 11/02.
        let days = days_off(2027);
        let names: Vec<(NaiveDate, &str)> = days.iter().map(|d| (d.date, d.name.vi.as_str())).collect();
        assert!(names.contains(&(ymd(2027, 2, 10), "Nghỉ bù Tết Nguyên đán (mùng 1)")), "{names:?}");
        assert!(names.contains(&(ymd(2027, 2, 11), "Nghỉ bù Tết Nguyên đán (mùng 2)")), "{names:?}");
        assert!(days.iter().all(|d| d.origin == Origin::Statutory && !d.working));
    }
}
